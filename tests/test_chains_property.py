"""Properties of the year chains (EKO108), the balance identity (EKO109) and the restoration
read as printed (BAL007), over many generated tables."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from govcheck.model.plan import Table
from govcheck.rules.checks.balance import restore
from govcheck.rules.checks.chains import (
    BalanceIdentityOptions,
    YearChainOptions,
    balance_sheet_balances,
    year_chains_hold,
)
from govcheck.rules.checks.registry import Context
from govcheck.rules.checks.restoration import RestorationOptions, restoration_as_printed
from govcheck.rules.finding import Hit


class _Graph:
    """Just what the three checks read of the steering graph: its tables."""

    def __init__(self, *tables: Table) -> None:
        self._tables = {t.id: t for t in tables}

    def nodes_of(self, kind: str) -> list[str]:
        return list(self._tables) if kind == "table" else []

    def entity(self, node: str) -> Table:
        return self._tables[node]

    def tables(self, kind: str) -> list[Table]:
        return [t for t in self._tables.values() if t.kind == kind]


def _ctx(*tables: Table) -> Context:
    return Context(graph=_Graph(*tables), selected=[])  # type: ignore[arg-type]


def _table(kind: str, first: int, rows: list[dict]) -> Table:
    years = len(rows[0]["värden"])
    return Table.model_validate({
        "id": "t", "typ": kind, "titel": "T", "enhet": "mnkr",
        "kolumner": [{"id": f"c{first + i}", "rubrik": f"Plan {first + i}", "år": first + i,
                      "slag": "plan"} for i in range(years)],
        "rader": rows})


def _hits(found) -> list[Hit]:
    return [h for h in found if isinstance(h, Hit)]


cash_flows = st.lists(st.integers(-500, 500), min_size=2, max_size=7)


def _cash_table(start: int, flows: list[int], opening_shift: dict[int, int]) -> Table:
    opening, closing, balance = [], [], start
    for i, flow in enumerate(flows):
        opening.append(balance + opening_shift.get(i, 0))
        balance = opening[-1] + flow
        closing.append(balance)
    return _table("kassaflödesanalys", 2026, [
        {"id": "ib", "rubrik": "Likvida medel vid årets början", "roll": "likvida_medel_början",
         "värden": opening},
        {"id": "ub", "rubrik": "Likvida medel vid årets slut", "roll": "likvida_medel_slut",
         "värden": closing}])


@given(st.integers(-1000, 1000), cash_flows)
def test_a_chain_carried_year_to_year_holds(start, flows):
    table = _cash_table(start, flows, {})
    assert _hits(year_chains_hold(_ctx(table), YearChainOptions())) == []


@given(st.integers(-1000, 1000), cash_flows, st.data())
def test_an_opening_balance_typed_wrong_and_carried_breaks_the_chain_once(start, flows, data):
    year = data.draw(st.integers(1, len(flows) - 1))
    shift = data.draw(st.integers(1, 300) | st.integers(-300, -1))
    table = _cash_table(start, flows, {year: shift})
    hits = _hits(year_chains_hold(_ctx(table), YearChainOptions()))
    # two whole figures hide at most 1 (2 × 0,5) of rounding
    expected = [] if abs(shift) <= 1 else [("ib", f"c{2026 + year}", Decimal(shift))]
    assert [(h.evidence["row"], h.evidence["column"], h.evidence["difference"])
            for h in hits] == expected


@given(st.lists(st.tuples(st.integers(0, 9000), st.integers(0, 9000), st.integers(0, 9000)),
                min_size=1, max_size=6), st.data())
def test_a_balance_sheet_balances_unless_one_side_moves(sides, data):
    equity, provisions, debts = (list(x) for x in zip(*sides))
    assets = [e + p + d for e, p, d in sides]
    moved = data.draw(st.one_of(st.none(), st.integers(0, len(sides) - 1)))
    if moved is not None:
        assets[moved] += data.draw(st.integers(1, 50) | st.integers(-50, -1))
    table = _table("balansbudget", 2026, [
        {"id": "a", "rubrik": "Summa tillgångar", "roll": "summa_tillgångar", "värden": assets},
        {"id": "e", "rubrik": "Summa eget kapital", "roll": "summa_eget_kapital", "värden": equity},
        {"id": "p", "rubrik": "Summa avsättningar", "roll": "summa_avsättningar",
         "värden": provisions},
        {"id": "d", "rubrik": "Summa skulder", "roll": "summa_skulder", "värden": debts}])
    hits = _hits(balance_sheet_balances(_ctx(table), BalanceIdentityOptions()))
    # four whole figures hide at most 2 (4 × 0,5) of rounding: a move of 1 or 2 may pass
    if moved is None:
        assert hits == []
    else:
        difference = assets[moved] - sum(sides[moved])
        expected = [] if abs(difference) <= 2 else [(f"c{2026 + moved}", difference)]
        assert [(h.evidence["column"], h.evidence["difference"]) for h in hits] == expected


year_results = st.lists(st.integers(-300, 300), min_size=2, max_size=8)


@settings(max_examples=200)
@given(year_results, st.booleans())
def test_rows_printed_from_an_oldest_first_restoration_break_only_its_deadlines(results,
                                                                                with_results):
    """Print one varav row per deficit from the oldest-first simulation (BAL001's), and
    BAL007 finds exactly the deficits that simulation leaves open at their deadline, each
    at its deadline column, and never an out-of-order restoration; when the table also
    prints the balanskravsresultat those deficits are BAL001's, and BAL007 finds nothing."""
    first = 2020
    schedule = restore([(first + i, Decimal(r), Decimal(0)) for i, r in enumerate(results)])
    years = [first + i for i in range(len(results))]
    rows = []
    for d in schedule.deficits:
        values = []
        for y in years:
            restored = sum((a for when, a in d.restored if when <= y), Decimal(0))
            values.append(-(d.amount - restored) if y >= d.origin else Decimal(0))
        rows.append({"id": f"v{d.origin}", "rubrik": f"Varav från {d.origin}",
                     "roll": "varav_underskott", "ursprungsår": d.origin,
                     "värden": [int(v) for v in values]})
    if not rows:
        return
    if with_results:
        rows.insert(0, {"id": "bkr", "rubrik": "Årets balanskravsresultat",
                        "roll": "balanskravsresultat", "värden": results})
    table = _table("balanskrav", first, rows)
    hits = _hits(restoration_as_printed(_ctx(table), RestorationOptions()))
    assert {h.variant for h in hits} <= {"open_past_deadline"}
    expected = [] if with_results else sorted((d.origin, d.origin + 3) for d in schedule.missed)
    assert sorted((h.params["year"], h.params["deadline"]) for h in hits) == expected
    assert all(h.evidence["column"] == f"c{h.params['deadline']}" for h in hits)
