"""Identities between figures that every budget states: one year's closing balance is the next
year's opening balance, and the balance sheet balances.

Both read roles and links, never the figures, to decide what to compare; the tolerance is
what the printed precision can hide (govcheck.rules.checks.arithmetic)."""

from collections.abc import Iterator
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from govcheck.i18n import Msg
from govcheck.model.plan import Row, Table
from govcheck.model.units import scale
from govcheck.rules.checks.arithmetic import CHANGE_KINDS, sum_tolerance, sv, tolerance
from govcheck.rules.checks.figures import cite
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.coverage import NOT_TESTED, Untested
from govcheck.rules.finding import Hit

LATEST_FIRST = ("bokslut", "utfall", "prognos", "budget", "plan")
"""Which of several columns for one year holds its closing figure: the most final one."""


def _all_tables(ctx: Context) -> list[Table]:
    return [ctx.graph.entity(n) for n in ctx.graph.nodes_of("table")]


def _unit(table: Table, row: Row) -> str:
    return row.unit or table.unit


def _closing_column(table: Table, row: Row, year: int) -> int | None:
    """The column of ``table`` holding ``row``'s figure at the end of ``year``: of several
    columns for that year the most final kind (bokslut before prognos before budget)."""
    found = [(LATEST_FIRST.index(c.kind), i) for i, c in enumerate(table.columns)
             if c.year == year and c.kind in LATEST_FIRST and i < len(row.values)
             and row.values[i] is not None]
    return min(found)[1] if found else None


class ChainPair(BaseModel):
    """An opening-balance role and the closing-balance role it continues."""

    model_config = ConfigDict(extra="forbid", strict=True)
    opening: str
    closing: str


class YearChainOptions(Options):
    pairs: list[ChainPair] = [
        ChainPair(opening="likvida_medel_början", closing="likvida_medel_slut"),
        ChainPair(opening="ingående_eget_kapital", closing="summa_eget_kapital"),
        ChainPair(opening="ingående_avsättning_pensioner", closing="avsättningar_pensioner"),
    ]
    """Role pairs whose opening figure for a year is the closing one of the year before,
    compared within each table that prints both (likvida medel, eget kapital, pensions)."""


def _links(ctx: Context, tables: dict[str, Table],
           options: YearChainOptions) -> Iterator[tuple[Table, Row, Table, Row]]:
    """(opening table, opening row, closing table, closing row): the plan's own links
    (``ingående_från``) first, then the role pairs within a table."""
    for table in tables.values():
        for row in table.rows:
            link = row.opening_from
            if link is None:
                continue
            other = tables.get(link.table) if link.table is not None else table
            closing = other.row(link.row) if other is not None else None
            if other is not None and closing is not None:
                yield table, row, other, closing
    for table in tables.values():
        for pair in options.pairs:
            for row in table.rows_with_role(pair.opening):
                if row.opening_from is not None:
                    continue  # the plan says which row it continues
                for closing in table.rows_with_role(pair.closing):
                    yield table, row, table, closing


@check("year_chains_hold", YearChainOptions, ("opening_differs",))
def year_chains_hold(ctx: Context, options: YearChainOptions) -> Iterator[Hit]:
    """Each year's opening balance is the closing balance of the year before: for a row
    linked with ``ingående_från`` (to a row of this or another table) and for the role
    pairs of the options (likvida medel, eget kapital) within one table, the opening figure
    of every year column (not a change column) equals the closing row's figure for the year
    before, read from its most final column for that year (bokslut or utfall before
    prognos, prognos before budget). Figures in other units of kronor are converted first.
    Tolerance: half a unit of each printed figure. A first year with no year before it in
    the table is not compared."""
    tables = {t.id: t for t in _all_tables(ctx)}
    seen: set[tuple[str, str, str, str]] = set()
    compared = False
    for table, row, other, closing in _links(ctx, tables, options):
        key = (table.id, row.id, other.id, closing.id)
        if key in seen:
            continue
        seen.add(key)
        factor = scale(_unit(other, closing), _unit(table, row))
        if factor is None:
            continue
        for i, col in enumerate(table.columns):
            if col.year is None or col.kind in CHANGE_KINDS or i >= len(row.values):
                continue
            opening = row.values[i]
            j = _closing_column(other, closing, col.year - 1)
            if opening is None or j is None:
                continue
            compared = True
            printed = closing.values[j]
            assert printed is not None
            before = printed * factor
            tol = tolerance(opening, printed) if factor == 1 else tolerance(opening) + \
                tolerance(printed) * factor
            if abs(opening - before) <= tol:
                continue
            prior = other.columns[j]
            yield Hit("opening_differs",
                      {"row": row.heading, "column": col.heading, "table": table.id,
                       "opening": opening, "closing_row": closing.heading,
                       "closing_column": prior.heading, "closing_table": other.id,
                       "closing": before, "difference": opening - before},
                      row.at(f"värden[{i}]"),
                      evidence={"table": table.id, "row": row.id, "column": col.id,
                                "year": col.year, "opening": opening,
                                "closing_table": other.id, "closing_row": closing.id,
                                "closing_column": prior.id, "closing_year": prior.year,
                                "closing": before, "difference": opening - before,
                                "tolerance": tol,
                                "computation": f"{sv(opening)} ≠ {sv(before)} "
                                               f"(skillnad {sv(opening - before)}, "
                                               f"tolerans {sv(tol)})",
                                "link": "ingående_från" if row.opening_from is not None
                                else "roll",
                                "source": cite(table)},
                      related=(closing.at(f"värden[{j}]"),))
    if not compared:
        yield Untested(Msg("coverage.no_year_chain"), NOT_TESTED)


class BalanceIdentityOptions(Options):
    assets: str = "summa_tillgångar"
    total: str = "summa_eget_kapital_avsättningar_skulder"
    """The printed total of eget kapital, avsättningar and skulder, when the table has one."""
    parts: list[str] = ["summa_eget_kapital", "summa_avsättningar", "summa_skulder"]
    """The subtotals whose sum is that total, when it is not printed."""


@check("balance_sheet_balances", BalanceIdentityOptions, ("does_not_balance",),
       needs=("balansbudget",))
def balance_sheet_balances(ctx: Context, options: BalanceIdentityOptions) -> Iterator[Hit]:
    """In every balansbudget, summa tillgångar equals eget kapital + avsättningar + skulder
    in each column: compared with the printed total of the three when the table has one,
    else with the sum of the printed subtotals (all of which must be printed; a table
    without them is not tested, and says so). Each subtotal adding up to its own parts is
    the totals rule's (EKO101) task; this rule sees a sheet whose two sides are each
    consistent but differ. Tolerance: what the printed precision can hide in a sum."""
    for table in _all_tables(ctx):
        if table.kind != "balansbudget":
            continue
        assets = table.rows_with_role(options.assets)
        if not assets:
            continue
        asset_row = assets[0]
        totals = table.rows_with_role(options.total)
        parts = [table.rows_with_role(p) for p in options.parts]
        if not totals and not all(parts):
            yield Untested(Msg("coverage.no_balance_other_side", table=table.id))
            continue
        other_rows = [totals[0]] if totals else [p[0] for p in parts]
        for i, col in enumerate(table.columns):
            if col.kind in CHANGE_KINDS:
                continue
            a = asset_row.values[i] if i < len(asset_row.values) else None
            figures = [r.values[i] if i < len(r.values) else None for r in other_rows]
            if a is None or any(v is None for v in figures):
                continue
            other = sum(figures, Decimal(0))  # type: ignore[arg-type]
            tol = sum_tolerance(a, *figures) if not table.exact else Decimal(0)  # type: ignore[arg-type]
            if abs(a - other) <= tol:
                continue
            shown = " + ".join(sv(v) for v in figures) + f" = {sv(other)}"  # type: ignore[arg-type]
            yield Hit("does_not_balance",
                      {"column": col.heading, "table": table.id, "assets": a,
                       "other": other, "difference": a - other},
                      asset_row.at(f"värden[{i}]"),
                      evidence={"table": table.id, "column": col.id, "year": col.year,
                                "assets": a, "other_side": other,
                                "other_rows": [r.id for r in other_rows],
                                "difference": a - other, "tolerance": tol,
                                "computation": f"{sv(a)} ≠ {shown}",
                                "source": cite(table)},
                      related=tuple(r.at(f"värden[{i}]") for r in other_rows))
