"""The restoration schedule, checked against an independent unit-by-unit recomputation."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from govcheck.rules.checks.balance import restore


def unit_simulation(years: list[tuple[int, int, int]], horizon: int = 3):
    """Each mnkr of deficit is one token in a queue; each mnkr of surplus removes the oldest."""
    queue: list[tuple[int, int]] = []  # (origin, deadline) per mnkr
    missed: dict[int, int] = {}
    for year, result, exempt in years:
        if result < 0:
            queue.extend([(year, year + horizon)] * max(0, -result - max(exempt, 0)))
        elif result > 0:
            del queue[:result]
        for origin, deadline in queue:
            if deadline == year:
                missed[origin] = missed.get(origin, 0) + 1
    last = years[-1][0] if years else 0
    beyond: dict[int, int] = {}
    for origin, deadline in queue:
        if deadline > last:
            beyond[origin] = beyond.get(origin, 0) + 1
    return missed, beyond


year_rows = st.lists(
    st.tuples(st.integers(-300, 300), st.integers(0, 200)), min_size=1, max_size=9
).map(lambda rows: [(2020 + i, r, e) for i, (r, e) in enumerate(rows)])


@given(year_rows)
def test_restoration_matches_unit_simulation(rows):
    schedule = restore([(y, Decimal(r), Decimal(e)) for y, r, e in rows])
    missed, beyond = unit_simulation(rows)
    assert {d.origin: int(d.remaining) for d in schedule.missed} == missed
    assert {d.origin: int(d.remaining) for d in schedule.beyond} == beyond


@given(year_rows)
def test_restored_never_exceeds_deficit_and_surplus(rows):
    schedule = restore([(y, Decimal(r), Decimal(e)) for y, r, e in rows])
    for d in schedule.deficits:
        assert sum(a for _, a in d.restored) + d.remaining == d.amount
        assert d.remaining >= 0
    surplus = {y: r for y, r, _ in rows if r > 0}
    used: dict[int, Decimal] = {}
    for d in schedule.deficits:
        for y, a in d.restored:
            assert y > d.origin
            used[y] = used.get(y, Decimal(0)) + a
    assert all(used[y] <= surplus[y] for y in used)


def test_real_plan_sequence_is_restored_oldest_first():
    rows = [(2023, -753, 514), (2024, -1085, 892), (2025, -427, 0),
            (2026, 240, 0), (2027, 308, 0), (2028, 336, 0)]
    schedule = restore([(y, Decimal(r), Decimal(e)) for y, r, e in rows])
    assert schedule.missed == [] and schedule.beyond == []
    by_origin = {d.origin: d.restored for d in schedule.deficits}
    assert by_origin[2023] == [(2026, Decimal(239))]
    assert by_origin[2024] == [(2026, Decimal(1)), (2027, Decimal(192))]
    assert by_origin[2025] == [(2027, Decimal(116)), (2028, Decimal(311))]
