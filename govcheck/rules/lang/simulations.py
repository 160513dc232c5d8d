"""Built-in simulations the condition language calls: logic a condition cannot hold well.

``restoration(table)`` runs the balanskrav table's results year by year, a surplus
restoring the oldest open deficit first (govcheck's documented order; the law sets none),
and gives each deficit's remainder after every year. What the law asks of those figures
(KL 11 kap. 12 §: regulated within the three following years) is left to the rule that
reads them (BAL001), so a rule can say it in conditions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from govcheck.rules.lang.expr import Env
from govcheck.rules.lang.functions import fn

RECORD_KEYS: tuple[str, ...] = (
    "years", "last_year", "deficits", "steps", "year", "result", "exempt", "at", "origin",
    "amount", "restored", "left", "remaining")
"""The keys of the records ``restoration`` gives (for the load-time check of attributes)."""

NEVER = 10_000
"""A horizon no plan reaches: the simulation itself sets no deadline."""


@fn("restoration", keys=RECORD_KEYS)
def restoration(env: Env, table: Any, result_role: str = "balanskravsresultat",
                exempt_role: str = "synnerliga_skäl") -> dict[str, Any] | None:
    """restoration(table, result_role, exempt_role): the oldest-first restoration of the
    balanskrav table's deficits: {years, last_year, deficits, steps}. years: each year with
    a printed result ({year, result, exempt, at}); deficits: each negative result less
    synnerliga skäl ({origin, amount, at, restored: [{year, amount}], left: [{year,
    remaining}] after each year from its origin on}); steps: the computation year by year,
    as evidence. None for a table without a result row."""
    from govcheck.rules.checks.balance import balanskrav_years, restore, schedule_evidence

    if table is None:
        return None
    results = table.rows_with_role(result_role)
    if not results:
        return None
    exempts = table.rows_with_role(exempt_role)
    years = balanskrav_years(table, results[0], exempts[0] if exempts else None)
    schedule = restore([(y.year, y.result, y.exempt) for y in years], NEVER)
    env.budget.left -= len(years) * (1 + len(schedule.deficits))
    where = {y.year: y.location for y in years}
    deficits = []
    for d in schedule.deficits:
        left = [{"year": s.year, "remaining": s.open_after.get(d.origin, Decimal(0))}
                for s in schedule.steps if s.year >= d.origin]
        deficits.append({"origin": d.origin, "amount": d.amount, "at": where[d.origin],
                         "restored": [{"year": y, "amount": a} for y, a in d.restored],
                         "left": left})
    return {"years": [{"year": y.year, "result": y.result, "exempt": y.exempt,
                       "at": y.location} for y in years],
            "last_year": years[-1].year if years else None,
            "deficits": deficits, "steps": schedule_evidence(schedule)}
