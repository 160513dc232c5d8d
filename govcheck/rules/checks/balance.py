"""Balanskrav: a negative result is restored within the three following years.

KL 11 kap. 12 § sets the three-year limit; no source fixes the order in which a
surplus restores earlier deficits. govcheck's documented choice is oldest
first, since each deficit has its own deadline.
"""

from collections.abc import Iterator
from dataclasses import field, replace
from decimal import Decimal

from govcheck.load.errors import Location
from govcheck.model.plan import Row, RowRole, Table
from govcheck.rules.checks.figures import cell, cite
from govcheck.i18n import Msg
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.coverage import Untested
from govcheck.rules.finding import Hit
from govcheck.records import FACTORY, assign, record


@record
class Deficit:
    """A negative balanskravsresultat, its deadline and what restored it so far."""

    origin: int
    amount: Decimal
    deadline: int
    remaining: Decimal
    restored: list[tuple[int, Decimal]] = field(default_factory=list)

    def __init__(self, origin: int, amount: Decimal, deadline: int, remaining: Decimal,
                 restored: list[tuple[int, Decimal]] = FACTORY) -> None:
        self.origin = origin
        self.amount = amount
        self.deadline = deadline
        self.remaining = remaining
        self.restored = [] if restored is FACTORY else restored


@record
class YearStep:
    """One year of the restoration: its result and what it restored."""

    year: int
    result: Decimal
    exempt: Decimal
    new_deficit: Decimal
    restored: list[tuple[int, Decimal]]
    surplus_left: Decimal
    open_after: dict[int, Decimal]

    def __init__(self, year: int, result: Decimal, exempt: Decimal, new_deficit: Decimal,
                 restored: list[tuple[int, Decimal]], surplus_left: Decimal,
                 open_after: dict[int, Decimal]) -> None:
        self.year = year
        self.result = result
        self.exempt = exempt
        self.new_deficit = new_deficit
        self.restored = restored
        self.surplus_left = surplus_left
        self.open_after = open_after


@record
class Schedule:
    """The restoration year by year, oldest deficit first."""

    steps: list[YearStep]
    deficits: list[Deficit]
    missed: list[Deficit]
    """Deficits not restored by the end of their deadline year, within the years given."""
    beyond: list[Deficit]
    """Deficits still open after the last year given, with a deadline after it."""

    def __init__(self, steps: list[YearStep], deficits: list[Deficit], missed: list[Deficit],
                 beyond: list[Deficit]) -> None:
        self.steps = steps
        self.deficits = deficits
        self.missed = missed
        self.beyond = beyond


def restore(years: list[tuple[int, Decimal, Decimal]], horizon: int = 3) -> Schedule:
    """Run the restoration oldest first over (year, balanskravsresultat, synnerliga skäl).

    A negative result less the amount fullmäktige exempted for synnerliga skäl is a
    deficit due by ``year + horizon``; each positive result restores the oldest
    open deficits first.
    """
    open_: list[Deficit] = []
    all_: list[Deficit] = []
    missed: list[Deficit] = []
    steps: list[YearStep] = []
    last_year = max((y for y, _, _ in years), default=0)
    for year, result, exempt in sorted(years, key=lambda t: t[0]):
        new = Decimal(0)
        restored: list[tuple[int, Decimal]] = []
        surplus = Decimal(0)
        if result < 0:
            new = max(Decimal(0), -result - max(exempt, Decimal(0)))
            if new > 0:
                d = Deficit(year, new, year + horizon, new)
                open_.append(d)
                all_.append(d)
        elif result > 0:
            surplus = result
            for d in open_:
                if surplus <= 0:
                    break
                use = min(surplus, d.remaining)
                if use > 0:
                    d.remaining -= use
                    surplus -= use
                    d.restored.append((year, use))
                    restored.append((d.origin, use))
            open_ = [d for d in open_ if d.remaining > 0]
        for d in open_:
            if d.deadline == year and d.remaining > 0:
                # a snapshot: a later surplus may still restore it, late
                missed.append(replace(d, restored=list(d.restored)))
        steps.append(YearStep(year, result, exempt, new, restored, surplus,
                              {d.origin: d.remaining for d in open_}))
    beyond = [d for d in open_ if d.deadline > last_year and d.remaining > 0]
    return Schedule(steps, all_, missed, beyond)


def schedule_evidence(schedule: Schedule) -> list[dict[str, object]]:
    return [{
        "year": s.year, "balanskravsresultat": s.result, "synnerliga_skäl": s.exempt,
        "new_deficit": s.new_deficit,
        "restored": [{"from": origin, "amount": amount} for origin, amount in s.restored],
        "open_after": {str(k): -v for k, v in s.open_after.items()},
    } for s in schedule.steps]


@record(frozen=True)
class BalanceYear:
    """One year of a balanskrav table as read for the restoration."""

    year: int
    result: Decimal
    exempt: Decimal
    location: Location
    heading: str
    column: str

    def __init__(self, year: int, result: Decimal, exempt: Decimal, location: Location,
                 heading: str, column: str) -> None:
        assign(self, "year", year)
        assign(self, "result", result)
        assign(self, "exempt", exempt)
        assign(self, "location", location)
        assign(self, "heading", heading)
        assign(self, "column", column)


def balanskrav_years(table: Table, result_row: Row, exempt_row: Row | None) -> list[BalanceYear]:
    """Each year of a balanskrav table with a printed result: the result, the amount
    exempted for synnerliga skäl (0 where not printed), and where the result stands."""
    out = []
    for col in table.columns:
        if col.year is None:
            continue
        value, loc = cell(table, result_row, col.id)
        if value is None:
            continue
        exempt = cell(table, exempt_row, col.id)[0] if exempt_row is not None else None
        out.append(BalanceYear(col.year, value, exempt or Decimal(0), loc, col.heading, col.id))
    return out


class RestoredOptions(Options):
    horizon: int = 3
    result_role: RowRole = "balanskravsresultat"
    exempt_role: RowRole = "synnerliga_skäl"


@check("balanskrav_restored", RestoredOptions, ("not_restored", "beyond_plan"),
       needs=('balanskrav',))
def balanskrav_restored(ctx: Context, options: RestoredOptions) -> Iterator[Hit]:
    """Every negative balanskravsresultat left after synnerliga skäl is restored
    within ``horizon`` years, oldest first, by the results in the balanskrav
    table; a deficit whose deadline lies past the table's last year and is still
    open is reported as not covered by the plan."""
    for table in ctx.graph.tables("balanskrav"):
        results = table.rows_with_role(options.result_role)
        exempts = table.rows_with_role(options.exempt_role)
        if not results:
            continue
        row = results[0]
        rows = balanskrav_years(table, row, exempts[0] if exempts else None)
        years = [(y.year, y.result, y.exempt) for y in rows]
        where = {y.year: y.location for y in rows}
        schedule = restore(years, options.horizon)
        evidence_steps = schedule_evidence(schedule)
        for d in schedule.deficits:  # a deadline year the table skips: never a silent pass
            if d.deadline <= years[-1][0] and d.deadline not in where:
                yield Untested(Msg("coverage.no_deadline_year", table=table.id, year=d.origin,
                                   deadline=d.deadline))
        for variant, deficits in (("not_restored", schedule.missed),
                                  ("beyond_plan", schedule.beyond)):
            for d in deficits:
                yield Hit(variant,
                          {"year": d.origin, "amount": d.amount, "deadline": d.deadline,
                           "remaining": d.remaining, "last_year": years[-1][0]},
                          where[d.origin],  # type: ignore[arg-type]
                          evidence={"table": table.id, "source": cite(table),
                                    "order": "oldest_first",
                                    "deficit_year": d.origin, "deficit": d.amount,
                                    "deadline": d.deadline, "unrestored": d.remaining,
                                    "restored": [{"year": y, "amount": a} for y, a in d.restored],
                                    "steps": evidence_steps})
