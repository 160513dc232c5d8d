"""Column checks: what a column's heading says it holds agrees with the years."""

from collections.abc import Iterator

from govcheck.model.plan import ColumnKind, Row
from govcheck.rules.checks.figures import cite
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.finding import Hit


class ColumnYearsOptions(Options):
    outcome_kinds: list[ColumnKind] = ["bokslut", "utfall"]


@check("column_kinds_match_years", ColumnYearsOptions,
       ("outcome_not_closed", "plan_before_budget_year"))
def column_kinds_match_years(ctx: Context, options: ColumnYearsOptions) -> Iterator[Hit]:
    """No column of the plan's own tables (not the nämndplaner's or follow-ups') says it
    holds a closed year's outcome (``outcome_kinds``: bokslut, utfall) for a year that had
    not ended when the plan was decided: the year of ``beslutsdatum``, else the year before
    the budget year (a budget is decided before its year begins), or any later year. Such
    a heading contradicts its year: the column holds a budget or a forecast, or the year
    is misprinted. Nor does a column marked as a plan year (``slag: plan``) come before the
    budget year (``plan_before_budget_year``): the plan years follow it. A previous year's
    budget printed for comparison ("Budget 2025" in a plan for 2026) is what it says."""
    info = ctx.plan.plan
    decided = info.decided_on.year if info.decided_on is not None else info.budget_year - 1
    for table in ctx.plan.tables:
        for i, col in enumerate(table.columns):
            if col.kind == "plan" and col.year is not None and col.year < info.budget_year:
                # plan years follow the budget year; an earlier one is a budget or outcome
                yield Hit("plan_before_budget_year",
                          {"table": table.title, "column": col.heading, "year": col.year,
                           "budget_year": info.budget_year},
                          col.at("år"),
                          evidence={"table": table.id, "column": col.id, "year": col.year,
                                    "column_kind": col.kind, "budget_year": info.budget_year,
                                    "source": cite(table)})
                continue
            if col.kind not in options.outcome_kinds or col.year is None \
                    or col.year < decided:
                continue
            yield Hit("outcome_not_closed",
                      {"table": table.title, "column": col.heading, "year": col.year,
                       "decided": decided, "budget_year": info.budget_year},
                      col.at("år"),
                      evidence={"table": table.id, "column": col.id, "year": col.year,
                                "column_kind": col.kind, "decided_year": decided,
                                "decided_on": info.decided_on.isoformat()
                                if info.decided_on is not None else None,
                                "budget_year": info.budget_year, "source": cite(table)})


def _label(heading: str) -> str:
    return " ".join(heading.casefold().split())


def _relative(row: Row) -> bool:
    """A row whose label is read together with the row it belongs to: a "varav"/"därav"
    part, a growth or a share of another row ("Procent av skatter och statsbidrag" under
    each result)."""
    words = _label(row.heading).split()
    return (row.part_of is not None or row.growth_of is not None or row.share_of is not None
            or (bool(words) and words[0] in ("varav", "därav")))


@check("row_labels_distinct", Options, ("same_label_other_figures",))
def row_labels_distinct(ctx: Context, options: Options) -> Iterator[Hit]:
    """No two rows of one table (top-level and in nämndplaner) are printed with the same
    label (compared without case and extra spaces) but hold different figures: the reader
    cannot tell which figure the label means. Rows with the same label and the same
    figures (a repeated row), rows whose cells are all empty (headings) and rows whose
    label is read with the row they belong to ("varav …", a growth or share row) pass."""
    tables = [*ctx.plan.tables, *(t for bp in ctx.plan.board_plans for t in bp.tables)]
    for table in tables:
        first: dict[str, object] = {}
        for row in table.rows:
            if all(v is None for v in row.values) or _relative(row):
                continue
            key = _label(row.heading)
            earlier = first.get(key)
            if earlier is None:
                first[key] = row
                continue
            if list(earlier.values) == list(row.values):  # type: ignore[attr-defined]
                continue
            differ = [table.columns[i].heading for i, (a, b) in
                      enumerate(zip(earlier.values, row.values))  # type: ignore[attr-defined]
                      if a != b]
            yield Hit("same_label_other_figures",
                      {"row": row.heading, "table": table.title,
                       "columns": ", ".join(differ[:3]) + (" …" if len(differ) > 3 else "")},
                      row.at("rubrik"),
                      evidence={"table": table.id, "row": row.id,
                                "other_row": earlier.id,  # type: ignore[attr-defined]
                                "columns_differing": differ, "source": cite(table)},
                      related=(earlier.at("rubrik"),))  # type: ignore[attr-defined]
