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


tenth_rows = st.lists(
    st.tuples(st.integers(-3000, 3000), st.integers(0, 2000)), min_size=1, max_size=9
).map(lambda rows: [(2020 + i, r, e) for i, (r, e) in enumerate(rows)])


@given(tenth_rows)
def test_restoration_of_amounts_in_tenths_matches_unit_simulation(rows):
    """Plans print balanskrav figures with decimals: 0,5 mnkr restores 0,5 mnkr."""
    schedule = restore([(y, Decimal(r).scaleb(-1), Decimal(e).scaleb(-1)) for y, r, e in rows])
    missed, beyond = unit_simulation(rows)  # one token per tenth
    assert {d.origin: int(d.remaining * 10) for d in schedule.missed} == missed
    assert {d.origin: int(d.remaining * 10) for d in schedule.beyond} == beyond


@given(year_rows)
def test_each_year_shows_what_it_restored_and_the_surplus_left(rows):
    schedule = restore([(y, Decimal(r), Decimal(e)) for y, r, e in rows])
    assert [s.year for s in schedule.steps] == [y for y, _, _ in rows]
    for step, (_, result, exempt) in zip(schedule.steps, rows):
        restored = sum((a for _, a in step.restored), Decimal(0))
        assert step.surplus_left == (result - restored if result > 0 else 0)
        assert step.new_deficit == (max(0, -result - exempt) if result < 0 else 0)
        assert all(v > 0 for v in step.open_after.values())


def test_an_empty_table_has_nothing_to_restore():
    schedule = restore([])
    assert (schedule.steps, schedule.deficits, schedule.missed, schedule.beyond) == ([], [], [], [])


def test_fractions_of_a_million_restore_and_remain():
    # 10 from 2023, due 2026: 0,5 + 1 + 8 = 9,5 restored in time, 0,5 left at the deadline
    schedule = restore([(2023, Decimal(-10), Decimal(0)), (2024, Decimal("0.5"), Decimal(0)),
                        (2025, Decimal(1), Decimal(0)), (2026, Decimal(8), Decimal(0))])
    [missed] = schedule.missed
    assert (missed.origin, missed.remaining) == (2023, Decimal("0.5"))
    assert missed.restored == [(2024, Decimal("0.5")), (2025, Decimal(1)), (2026, Decimal(8))]
