"""The balanskrav table as printed: its "varav" rows, one per deficit, restore each deficit by
its deadline, in the order the plan states (or oldest first), and the balanskravsjusteringar
carry the sign their labels demand.

BAL001 simulates the restoration from the balanskravsresultat; these checks read the rows the
plan prints, so a table whose sums agree but whose rows restore the wrong deficit is seen."""

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from govcheck.i18n import Msg
from govcheck.model.plan import Row, Table
from govcheck.rules.checks.arithmetic import CHANGE_KINDS
from govcheck.rules.checks.balance import balanskrav_years, restore
from govcheck.rules.checks.figures import cite, half_unit
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.finding import Hit


def _year_cells(table: Table, row: Row) -> list[tuple[int, int, Decimal | None]]:
    """(year, column index, value) of the row's level columns, in year order."""
    cells = [(c.year, i, row.values[i]) for i, c in enumerate(table.columns)
             if c.year is not None and c.kind not in CHANGE_KINDS and i < len(row.values)]
    return sorted(cells, key=lambda c: (c[0], c[1]))


def _open(value: Decimal | None) -> bool:
    """Whether a printed remaining deficit is still open (beyond its rounding)."""
    return value is not None and abs(value) > half_unit(value)


def _unrestorable(table: Table, years: int) -> set[int]:
    """The origin years of the deficits that the table's balanskravsresultat cannot restore
    within ``years`` years, oldest first (BAL001's simulation)."""
    results = table.rows_with_role("balanskravsresultat")
    if not results:
        return set()
    exempts = table.rows_with_role("synnerliga_skäl")
    rows = balanskrav_years(table, results[0], exempts[0] if exempts else None)
    schedule = restore([(y.year, y.result, y.exempt) for y in rows], years)
    return {d.origin for d in schedule.missed}


class RestorationOptions(Options):
    years: int = 3
    """KL 11 kap. 12 §: a negative result is regulated within the three following years."""


@check("restoration_as_printed", RestorationOptions,
       ("deadline_beyond_law", "open_past_deadline", "out_of_order", "out_of_stated_order"),
       needs=("balanskrav",))
def restoration_as_printed(ctx: Context, options: RestorationOptions) -> Iterator[Hit]:
    """Reads the balanskrav table's deficit rows (``roll: varav_underskott`` with
    ``ursprungsår``) as printed. A printed ``återställs_senast`` later than the origin year
    + 3 breaks the law's deadline. Each deficit's remaining amount is zero (within its
    rounding) in the column of its deadline (the printed one, or the origin year + 3), or,
    when the table has no column for that year, in the first later one. In each year, a
    deficit whose remaining amount falls while an older one stays open after that year
    restores out of order: against the plan's stated order (``återställningsordning``),
    or against oldest first, the practice, when the plan states none (``yngst_först``
    reverses the comparison). A deficit that the table's own balanskravsresultat cannot
    restore in time, oldest first, is BAL001's finding (not_restored) and not repeated
    here: this rule reports rows that leave open what the surpluses could have restored."""
    for table in ctx.graph.tables("balanskrav"):
        parts = sorted((r for r in table.rows_with_role("varav_underskott")
                        if r.origin_year is not None), key=lambda r: (r.origin_year, r.id))
        beyond_means = _unrestorable(table, options.years)
        for row in parts:
            origin = int(row.origin_year)  # type: ignore[arg-type]
            law = origin + options.years
            evidence = {"table": table.id, "row": row.id, "deficit_year": origin,
                        "law_deadline": law, "source": cite(table)}
            if row.restore_by is not None and row.restore_by > law:
                yield Hit("deadline_beyond_law",
                          {"row": row.heading, "year": origin, "printed": row.restore_by,
                           "law": law}, row.at("återställs_senast"),
                          evidence=dict(evidence, printed_deadline=row.restore_by))
            deadline = min(law, row.restore_by) if row.restore_by is not None else law
            due = [(y, i, v) for y, i, v in _year_cells(table, row) if y >= deadline]
            if due and _open(due[0][2]) and origin not in beyond_means:
                year, i, value = due[0]
                yield Hit("open_past_deadline",
                          {"row": row.heading, "year": origin, "deadline": deadline,
                           "column": table.columns[i].heading, "remaining": value},
                          row.at(f"värden[{i}]"),
                          evidence=dict(evidence, deadline=deadline, column=table.columns[i].id,
                                        remaining=value))
        yield from _order(table, parts)


def _order(table: Table, parts: list[Row]) -> Iterator[Hit]:
    stated = table.restoration_order
    youngest_first = stated == "yngst_först"
    cells = {r.id: {y: (i, v) for y, i, v in _year_cells(table, r)} for r in parts}
    years = sorted({y for r in parts for y in cells[r.id]})
    for prev, year in zip(years, years[1:]):
        if year != prev + 1:
            continue
        for row in parts:
            before, now = cells[row.id].get(prev), cells[row.id].get(year)
            if before is None or now is None or before[1] is None or now[1] is None:
                continue
            if abs(now[1]) + half_unit(now[1]) + half_unit(before[1]) >= abs(before[1]):
                continue  # nothing of this deficit was restored this year
            waiting = [r for r in parts if r is not row
                       and ((r.origin_year > row.origin_year) if youngest_first  # type: ignore[operator]
                            else (r.origin_year < row.origin_year))  # type: ignore[operator]
                       and _open(cells[r.id].get(year, (0, None))[1])]
            if not waiting:
                continue
            other = waiting[0]
            i = now[0]
            yield Hit("out_of_stated_order" if stated is not None else "out_of_order",
                      {"row": row.heading, "year": row.origin_year, "column":
                       table.columns[i].heading, "other": other.heading,
                       "other_year": other.origin_year,
                       "restored": abs(before[1]) - abs(now[1])},
                      row.at(f"värden[{i}]"),
                      evidence={"table": table.id, "row": row.id, "column": table.columns[i].id,
                                "restored": abs(before[1]) - abs(now[1]),
                                "still_open": other.id,
                                "still_open_amount": cells[other.id][year][1],
                                "order": stated or "äldst_först (praxis)",
                                "source": cite(table)},
                      related=(other.at(f"värden[{cells[other.id][year][0]}]"),))


class AdjustmentSign(BaseModel):
    """A balanskravsjustering recognised by words of its label, and the sign its figure has
    in the sum that gives the result after the adjustments."""

    model_config = ConfigDict(extra="forbid", strict=True)
    words: list[str]
    """All of these (lower case) occur in the label."""
    without: list[str] = []
    """None of these occur in it."""
    sign: Literal[-1, 1]
    """-1: deducted (printed ≤ 0); 1: added (printed ≥ 0)."""


class AdjustmentSignOptions(Options):
    labels: list[AdjustmentSign] = []
    result_role: str = "resultat_efter_balanskravsjusteringar"


@check("adjustment_signs", AdjustmentSignOptions, ("sign_contradicts_label",))
def adjustment_signs(ctx: Context, options: AdjustmentSignOptions) -> Iterator[Hit]:
    """Each row summed into a result after balanskravsjusteringar (a row with the role
    ``resultat_efter_balanskravsjusteringar`` and ``summa_av``) whose label names an
    adjustment of the options' list has figures of the sign that adjustment has in the
    balanskravsutredning: realised gains and unrealised gains are deducted (≤ 0),
    unrealised losses added back (≥ 0), and a reversal the other way. The first entry of
    the list whose words all occur in the label (and none of its ``without``) decides."""
    tables = [ctx.graph.entity(n) for n in ctx.graph.nodes_of("table")]
    for table in tables:
        for total in table.rows_with_role(options.result_role):
            for part_id in total.sum_of:
                row = table.row(part_id)
                if row is None:
                    continue
                label = " ".join(row.heading.lower().split())
                rule = next((a for a in options.labels
                             if all(w in label for w in a.words)
                             and not any(w in label for w in a.without)), None)
                if rule is None:
                    continue
                for i, value in enumerate(row.values):
                    if value is None or i >= len(table.columns):
                        continue
                    if value * rule.sign >= 0 or abs(value) <= half_unit(value):
                        continue
                    col = table.columns[i]
                    yield Hit("sign_contradicts_label",
                              {"row": row.heading, "column": col.heading, "value": value,
                               "expected": Msg("adjustment.deducted" if rule.sign < 0
                                               else "adjustment.added")},
                              row.at(f"värden[{i}]"),
                              evidence={"table": table.id, "row": row.id, "column": col.id,
                                        "value": value, "label_words": rule.words,
                                        "expected_sign": rule.sign, "sum": total.id,
                                        "source": cite(table)},
                              related=(total.at("summa_av"),))
