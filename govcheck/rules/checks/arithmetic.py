"""Arithmetic checks: totals, row sums, shared figures, stated growth and shares.

Every comparison allows exactly what the printed precision can hide, and no more.
A figure printed with d decimals stands for any true value within half a unit of
its last digit (``half_unit``: 0,5 for ``4676``, 0,05 for ``7058.0``). So:

* a sum of printed figures may differ from the printed total by what rounding can
  explain: each figure's rounding error lies anywhere within its half-unit, so the
  remainder is a sum of independent errors uniform on [−hᵢ, hᵢ], with standard
  deviation σ = √(Σ hᵢ² / 3). The tolerance is the smaller of Z_SUM σ (5σ: under the
  normal approximation about one sum in 1,7 million of correctly rounded figures would
  exceed it, and a sum of few figures has no tail that long) and the worst case
  Σ hᵢ, which it is for up to about 25 figures of one precision. A table that says its
  figures are exact (``exakt: true``: decisions in whole tkr, not rounded) has no
  tolerance;
* a printed percentage is consistent when some true value within its own
  half-unit can be reached from true values within the half-units of the figures
  it is computed from (interval arithmetic: a printed 4,1 % is consistent if any
  value in [4,05; 4,15] lies in the range of the ratio over the figures' boxes).

A rounding difference of the printed precision therefore never raises a finding.
A statement the text marks as approximate (``ungefärlig: true``: "cirka",
"omkring", "drygt", "närmare") gets 5 % of its own value on top: that is the
most a figure rounded to two significant digits can move (10,5 → "cirka 11").
"""

from collections.abc import Iterator
from decimal import ROUND_CEILING, Decimal

from govcheck.i18n import Msg
from govcheck.load.errors import Location
from govcheck.model.plan import Column, Row, Statement, Table
from govcheck.model.units import scale
from govcheck.rules.checks.figures import cite, combined_row, combined_slack, decimals, half_unit
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.coverage import Untested
from govcheck.rules.finding import Hit
from govcheck.records import assign, record

CHANGE_KINDS = frozenset({"förändring", "omfördelning", "index", "period"})
"""Column kinds that hold no level figure for a year: never the base of a growth rate."""

HUNDRED = Decimal(100)


# --- the arithmetic, pure and separately tested ---------------------------------

def tolerance(*figures: Decimal) -> Decimal:
    """The sum of the half-units of the printed figures: what rounding can hide.

    Shown without trailing zeros (0,05 + 0,05 is 0,1, and 0,5 + 0,5 is 1)."""
    total = sum((half_unit(v) for v in figures), Decimal(0))
    tidy = total.normalize()
    exponent = tidy.as_tuple().exponent
    return tidy.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else tidy


@record(frozen=True)
class SumResult:
    """A total against the sum of its parts, with the rounding it allows."""

    parts_sum: Decimal
    total: Decimal
    remainder: Decimal
    """total − sum of the parts: the part of the total the parts do not explain."""
    tolerance: Decimal

    def __init__(self, parts_sum: Decimal, total: Decimal, remainder: Decimal,
                 tolerance: Decimal) -> None:
        assign(self, "parts_sum", parts_sum)
        assign(self, "total", total)
        assign(self, "remainder", remainder)
        assign(self, "tolerance", tolerance)

    @property
    def ok(self) -> bool:
        return abs(self.remainder) <= self.tolerance


Z_SUM = Decimal(5)
"""How many standard deviations of the rounding errors a sum's remainder may reach."""


def sum_tolerance(*figures: Decimal) -> Decimal:
    """What rounding can explain of a sum's remainder (see the module's docstring): the
    smaller of Z_SUM standard deviations of the figures' rounding errors and the worst
    case, Σ half-units, rounded up to the figures' finest precision."""
    worst = tolerance(*figures)
    variance = sum((half_unit(v) ** 2 for v in figures), Decimal(0)) / 3
    statistical = Z_SUM * variance.sqrt()
    if statistical >= worst:
        return worst
    finest = Decimal(1).scaleb(-max((decimals(v) for v in figures), default=0))
    return statistical.quantize(finest, rounding=ROUND_CEILING)


def check_sum(parts: list[Decimal], total: Decimal, exact: bool = False) -> SumResult:
    """Do printed ``parts`` add up to a printed ``total`` within what rounding can
    explain (nothing, for ``exact`` figures)?"""
    parts_sum = sum(parts, Decimal(0))
    tol = Decimal(0) if exact else sum_tolerance(total, *parts)
    return SumResult(parts_sum, total, total - parts_sum, tol)


Interval = tuple[Decimal, Decimal]


def rounding_interval(value: Decimal, extra: Decimal = Decimal(0)) -> Interval:
    """The true values a printed figure can stand for (closed), widened by ``extra``."""
    h = half_unit(value) + extra
    return value - h, value + h


def _ratio(num: Interval, den: Interval) -> Interval | None:
    """num / den over two intervals; None when the denominator's interval holds zero."""
    if den[0] <= 0 <= den[1]:
        return None
    corners = [a / b for a in num for b in den]
    return min(corners), max(corners)


def growth_interval(current: Decimal, previous: Decimal) -> Interval | None:
    """Growth in per cent, (current / previous − 1) × 100, over the rounding intervals."""
    ratio = _ratio(rounding_interval(current), rounding_interval(previous))
    if ratio is None:
        return None
    return (ratio[0] - 1) * HUNDRED, (ratio[1] - 1) * HUNDRED


def share_interval(numerator: Decimal, denominator: Decimal) -> Interval | None:
    """Share in per cent, numerator / denominator × 100, over the rounding intervals."""
    ratio = _ratio(rounding_interval(numerator), rounding_interval(denominator))
    if ratio is None:
        return None
    return ratio[0] * HUNDRED, ratio[1] * HUNDRED


def change_percent_interval(current: Decimal, base: Decimal) -> Interval | None:
    """Change in per cent of the base's size, (current − base) / |base| × 100.

    Monotone in each argument on a box whose base interval excludes zero, so the
    extremes lie at the corners."""
    cur, bas = rounding_interval(current), rounding_interval(base)
    if bas[0] <= 0 <= bas[1]:
        return None
    corners = [(c - b) / abs(b) * HUNDRED for c in cur for b in bas]
    return min(corners), max(corners)


def percent_consistent(printed: Decimal, reachable: Interval, extra: Decimal = Decimal(0)) -> bool:
    """A printed percentage is consistent if its rounding interval meets ``reachable``."""
    lo, hi = rounding_interval(printed, extra)
    return reachable[0] <= hi and reachable[1] >= lo


def growth(current: Decimal, previous: Decimal) -> Decimal | None:
    if previous == 0:
        return None
    return (current / previous - 1) * HUNDRED


# --- helpers over tables ----------------------------------------------------------

def sv(value: Decimal) -> str:
    """A figure the Swedish way for evidence text: decimal comma, no grouping."""
    return f"{value:f}".replace(".", ",")


def _term(value: Decimal) -> str:
    return f"({sv(value)})" if value < 0 else sv(value)


def _signed(value: Decimal, sign: int) -> str:
    """``value`` as the other table prints it, turned by ``tecken``: -(-10952) = 10952."""
    return sv(value) if sign > 0 else f"-({sv(value)}) = {sv(-value)}"


def _expression(values: list[Decimal]) -> str:
    return " + ".join([sv(values[0])] + [_term(v) for v in values[1:]]) if values else "0"


def _p2(value: Decimal) -> Decimal:
    """A computed percentage shown with two decimals."""
    return value.quantize(Decimal("0.01"))


def _all_tables(ctx: Context) -> list[Table]:
    """Every table of the plan, top-level and inside nämndplaner, in plan order."""
    return [ctx.graph.entity(n) for n in ctx.graph.nodes_of("table")]


def _cell(row: Row, i: int) -> Location:
    return row.at(f"värden[{i}]")


def _unit(table: Table, row: Row) -> str:
    return row.unit or table.unit


# --- EKO101 ---------------------------------------------------------------------

def _filled(values: list[Decimal | None]) -> list[Decimal] | None:
    """The values if none is empty, else None (an empty cell skips the comparison)."""
    if any(v is None for v in values):
        return None
    return [v for v in values if v is not None]


def _listed(items: list[str], most: int = 4) -> str:
    """At most ``most`` items, then how many more."""
    shown = ", ".join(items[:most])
    return shown + (f" (+{len(items) - most})" if len(items) > most else "")


def _formula(result: SumResult, values: list[Decimal]) -> str:
    """Which tolerance a sum was judged by: none (exact figures), the worst case, or the
    statistical bound."""
    if result.tolerance == 0:
        return "0 (exakta belopp)"
    if result.tolerance == tolerance(result.total, *values):
        return "Σ halv enhet(del) + halv enhet(summa)"
    return "5 σ, σ = √(Σ halv enhet² / 3)"


def _sum_evidence(result: SumResult, values: list[Decimal]) -> dict[str, object]:
    return {"parts_sum": result.parts_sum, "total": result.total,
            "remainder": result.remainder, "tolerance": result.tolerance,
            "tolerance_formula": _formula(result, values),
            "computation": f"{_expression(values)} = {sv(result.parts_sum)} ≠ {sv(result.total)} "
                           f"(rest {sv(result.remainder)}, tolerans {sv(result.tolerance)})"}


@check("totals_add_up", Options, ("sum_differs",))
def totals_add_up(ctx: Context, options: Options) -> Iterator[Hit]:
    """In every table (top-level and in nämndplaner), each row with ``summa_av``
    equals the sum of its parts, column by column. Tolerance: the sum of the
    half-units of the printed precision of each part and of the total,
    Σ half_unit(partᵢ) + half_unit(total); a column where the total or any part
    is not printed is skipped and named as not tested (a dash or ``tomma_celler: noll``
    is a printed zero and is checked). The finding states the remainder, total − Σ
    parts: the share of the total its named parts leave unexplained."""
    for table in _all_tables(ctx):
        skipped: dict[str, None] = {}
        for row in table.rows:
            found = [table.row(pid) for pid in row.sum_of]
            parts = [p for p in found if p is not None]
            if not parts or len(parts) != len(found):
                continue
            for i, col in enumerate(table.columns):
                total = row.values[i]
                values = _filled([p.values[i] for p in parts])
                if total is None or values is None:
                    if total is not None or any(p.values[i] is not None for p in parts):
                        skipped[f"{row.heading} ({col.heading})"] = None
                    continue
                result = check_sum(values, total, table.exact)
                if result.ok:
                    continue
                yield Hit("sum_differs",
                          {"row": row.heading, "column": col.heading, "table": table.title,
                           "parts_sum": result.parts_sum, "total": total,
                           "remainder": result.remainder, "tolerance": result.tolerance,
                           "unit": _unit(table, row)},
                          _cell(row, i),
                          evidence={"table": table.id, "row": row.id, "column": col.id,
                                    "parts": [{"row": p.id, "heading": p.heading, "value": v}
                                              for p, v in zip(parts, values)],
                                    **_sum_evidence(result, values), "source": cite(table)},
                          related=tuple(_cell(p, i) for p in parts))
        if skipped:
            # a sum with an unprinted part or total cannot be tested: say which
            yield Untested(Msg("coverage.sum_skipped", table=table.id,
                               sums=_listed(sorted(skipped))))


# --- EKO102 ---------------------------------------------------------------------

@check("row_sums_add_up", Options, ("row_sum_differs",))
def row_sums_add_up(ctx: Context, options: Options) -> Iterator[Hit]:
    """In every table with ``radsummor``, each row's total column equals the sum of
    the row's cells in the part columns (e.g. Budget 2026 = Budget 2025 +
    budgetförändringar + omfördelning + index). Same tolerance as totals: the sum
    of the half-units of every part and of the total; rows with an empty cell among
    them are skipped."""
    for table in _all_tables(ctx):
        for rs in table.row_sums:
            ti = table.column(rs.total)
            found = [table.column(p) for p in rs.parts]
            pis = [j for j in found if j is not None]
            if ti is None or not pis or len(pis) != len(found):
                continue
            headings = " + ".join(table.columns[j].heading for j in pis)
            for row in table.rows:
                total = row.values[ti]
                values = _filled([row.values[j] for j in pis])
                if total is None or values is None:
                    continue
                result = check_sum(values, total, table.exact)
                if result.ok:
                    continue
                yield Hit("row_sum_differs",
                          {"row": row.heading, "column": table.columns[ti].heading,
                           "parts": headings, "parts_sum": result.parts_sum, "total": total,
                           "remainder": result.remainder, "tolerance": result.tolerance},
                          _cell(row, ti),
                          evidence={"table": table.id, "row": row.id,
                                    "total_column": rs.total, "part_columns": list(rs.parts),
                                    "parts": [{"column": table.columns[j].id, "value": v}
                                              for j, v in zip(pis, values)],
                                    **_sum_evidence(result, values), "source": cite(table)},
                          related=tuple(_cell(row, j) for j in pis))


# --- EKO103 ---------------------------------------------------------------------

def _before_change(table: Table, budget_col: int) -> int | None:
    """The column of a change made during the same year to a budget column, if any.

    A budget column and a change (``förändring``) column of the same year that are
    both parts of one row sum (Budget 2026 = Budget 2025 + Budgetförändring 2025 +
    …) mean the budget column is the budget as first decided, before that change."""
    col = table.columns[budget_col]
    if col.kind != "budget" or col.year is None:
        return None
    for rs in table.row_sums:
        if col.id not in rs.parts:
            continue
        for part in rs.parts:
            j = table.column(part)
            if j is not None and table.columns[j].kind == "förändring" \
                    and table.columns[j].year == col.year:
                return j
    return None


def _pairs(a: Table, b: Table) -> Iterator[tuple[int, int, Column]]:
    """(index in a, index in b, a's column) for the columns of the same year and slag."""
    for i, col in enumerate(a.columns):
        if col.year is None:
            continue
        for j, other in enumerate(b.columns):
            if other.year == col.year and other.kind == col.kind:
                yield i, j, col


@check("shared_figures_agree", Options, ("differs",))
def shared_figures_agree(ctx: Context, options: Options) -> Iterator[Hit]:
    """A row with ``samma_som`` prints the same figures as the named row of another
    table (times ``tecken``), compared for each year both tables have a column of
    the same slag. Tolerance: half a unit of each printed figure. A budget column
    that the table itself adds a same-year change column to (both parts of one row
    sum: Budget 2025 + Budgetförändring 2025 + …) is the budget before that change,
    so the pair also agrees when the other table prints the budget after it
    (budget + change, tolerance widened by the change's half-unit). A table in another
    unit of kronor is converted into this row's unit first (tkr against mnkr)."""
    tables = {t.id: t for t in _all_tables(ctx)}
    for table in tables.values():
        for row in table.rows:
            for link in row.same_as:
                other = tables.get(link.table)
                orow = other.row(link.row) if other is not None else None
                if other is None or orow is None:
                    continue
                sign = Decimal(link.sign)
                # the other table's figures in this row's unit (tkr against mnkr …)
                factor = scale(_unit(other, orow), _unit(table, row))
                if factor is None:
                    continue
                for i, j, col in _pairs(table, other):
                    mine, printed = row.values[i], orow.values[j]
                    if mine is None or printed is None:
                        continue
                    theirs = printed * factor
                    expected = sign * theirs
                    tol = (tolerance(mine, printed) if factor == 1 else
                           half_unit(mine) + half_unit(printed) * factor)
                    if abs(mine - expected) <= tol:
                        continue
                    adjusted = (_adjusted(table, row, i, mine, other, orow, j, theirs, sign)
                                if factor == 1 else None)
                    if adjusted is not None and adjusted["ok"]:
                        continue
                    evidence: dict[str, object] = {
                        "table": table.id, "row": row.id, "column": col.id,
                        "other_table": other.id, "other_row": orow.id,
                        "other_column": other.columns[j].id, "year": col.year,
                        "slag": col.kind, "sign": link.sign, "value": mine,
                        "other_value": theirs, "difference": mine - expected,
                        "tolerance": tol,
                        "tolerance_formula": "halv enhet(värde) + halv enhet(andra värdet)",
                        "computation": f"{sv(mine)} ≠ {_signed(theirs, link.sign)} "
                                       f"(skillnad {sv(mine - expected)}, tolerans {sv(tol)})",
                        "source": cite(table), "other_source": cite(other)}
                    if adjusted is not None:
                        evidence["after_change"] = adjusted["evidence"]
                    yield Hit("differs",
                              {"row": row.heading, "table": table.id, "column": col.heading,
                               "value": mine, "other_row": orow.heading,
                               "other_table": other.id,
                               "other_column": other.columns[j].heading,
                               "other_value": expected, "difference": mine - expected,
                               "tolerance": tol, "year": col.year},
                              _cell(row, i), evidence=evidence, related=(_cell(orow, j),))


def _change_during_year(table: Table, row: Row, i: int) -> tuple[int, Decimal] | None:
    """(column, amount) of the same-year change a budget cell is printed before, if any."""
    k = _before_change(table, i)
    change = row.values[k] if k is not None else None
    return (k, change) if k is not None and change is not None else None


def _adjusted(table: Table, row: Row, i: int, mine: Decimal, other: Table, orow: Row, j: int,
              theirs: Decimal, sign: Decimal) -> dict[str, object] | None:
    """Compare again with the budget after its same-year change, where a table prints one."""
    found = _change_during_year(table, row, i)
    if found is not None:
        k, change = found
        after, tol = mine + change, tolerance(mine, change, theirs)
        return {"ok": abs(after - sign * theirs) <= tol,
                "evidence": {"column": table.columns[k].id, "change": change,
                             "after_change": after, "tolerance": tol}}
    found = _change_during_year(other, orow, j)
    if found is not None:
        k, change = found
        after, tol = theirs + change, tolerance(mine, change, theirs)
        return {"ok": abs(mine - sign * after) <= tol,
                "evidence": {"column": other.columns[k].id, "change": change,
                             "after_change": after, "tolerance": tol}}
    return None


# --- EKO104 ---------------------------------------------------------------------

def previous_column(table: Table, i: int) -> int | None:
    """The column holding the year before column ``i``'s: same slag preferred, else any
    level column (budget, plan, utfall, bokslut, prognos)."""
    col = table.columns[i]
    if col.year is None or col.kind in CHANGE_KINDS:
        return None
    candidates = [j for j, c in enumerate(table.columns)
                  if c.year == col.year - 1 and c.kind not in CHANGE_KINDS]
    same = [j for j in candidates if table.columns[j].kind == col.kind]
    pick = same or candidates
    return pick[0] if pick else None


@check("percentages_match_figures", Options, ("growth_differs", "share_differs"))
def percentages_match_figures(ctx: Context, options: Options) -> Iterator[Hit]:
    """Each printed percentage of a row with ``utveckling_av`` (year-on-year growth of
    another row: (this year / the year before − 1) × 100) or ``andel_av`` (share:
    täljare / nämnare × 100) can be reached from the figures it describes. Interval
    arithmetic: the percentage is consistent if some value within its own half-unit
    lies in the range the ratio takes over the figures' rounding intervals. A year
    without the year before in the same table, or with an empty cell, is skipped."""
    for table in _all_tables(ctx):
        for row in table.rows:
            if row.growth_of:
                yield from _growth_hits(table, row)
            if row.share_of is not None:
                yield from _share_hits(table, row)


def _growth_hits(table: Table, row: Row) -> Iterator[Hit]:
    base = table.row(row.growth_of or "")
    if base is None:
        return
    for i, col in enumerate(table.columns):
        printed = row.values[i]
        j = previous_column(table, i)
        if printed is None or j is None:
            continue
        cur, prev = base.values[i], base.values[j]
        if cur is None or prev is None:
            continue
        reach = growth_interval(cur, prev)
        if reach is None or percent_consistent(printed, reach):
            continue
        central = growth(cur, prev)
        assert central is not None  # a previous figure of zero has no reachable interval
        yield Hit("growth_differs",
                  {"row": row.heading, "column": col.heading, "printed": printed,
                   "base_row": base.heading, "previous_column": table.columns[j].heading,
                   "previous": prev, "current": cur, "computed": _p2(central),
                   "low": _p2(reach[0]), "high": _p2(reach[1])},
                  _cell(row, i),
                  evidence={"table": table.id, "row": row.id, "growth_of": base.id,
                            "column": col.id, "previous_column": table.columns[j].id,
                            "printed_percent": printed, "current": cur, "previous": prev,
                            "computed_percent": _p2(central),
                            "reachable": [_p2(reach[0]), _p2(reach[1])],
                            "printed_interval": [v for v in rounding_interval(printed)],
                            "computation": f"({sv(cur)} / {sv(prev)} - 1) × 100 = "
                                           f"{sv(_p2(central))} %; möjligt {sv(_p2(reach[0]))}–"
                                           f"{sv(_p2(reach[1]))} %, tryckt {sv(printed)} %",
                            "source": cite(table)},
                  related=(_cell(base, i), _cell(base, j)))


def _share_hits(table: Table, row: Row) -> Iterator[Hit]:
    share = row.share_of
    assert share is not None
    num, den = table.row(share.numerator), combined_row(table, share.denominators())
    if num is None or den is None:
        return
    for i, col in enumerate(table.columns):
        printed, n, d = row.values[i], num.values[i], den.values[i]
        if printed is None or n is None or d is None:
            continue
        slack = combined_slack(table, share.denominators(), i)
        reach = (share_interval(n, d) if not slack else
                 _ratio(rounding_interval(n), rounding_interval(d, slack)))
        if reach is not None and slack:
            reach = (reach[0] * HUNDRED, reach[1] * HUNDRED)
        if reach is None or percent_consistent(printed, reach):
            continue
        central = n / d * HUNDRED
        yield Hit("share_differs",
                  {"row": row.heading, "column": col.heading, "printed": printed,
                   "numerator_row": num.heading, "denominator_row": den.heading,
                   "numerator": n, "denominator": d, "computed": _p2(central),
                   "low": _p2(reach[0]), "high": _p2(reach[1])},
                  _cell(row, i),
                  evidence={"table": table.id, "row": row.id, "numerator_row": num.id,
                            "denominator_row": den.id, "column": col.id,
                            "printed_percent": printed, "numerator": n, "denominator": d,
                            "computed_percent": _p2(central),
                            "reachable": [_p2(reach[0]), _p2(reach[1])],
                            "printed_interval": [v for v in rounding_interval(printed)],
                            "computation": f"{sv(n)} / {sv(d)} × 100 = {sv(_p2(central))} %; "
                                           f"möjligt {sv(_p2(reach[0]))}–{sv(_p2(reach[1]))} %, "
                                           f"tryckt {sv(printed)} %",
                            "source": cite(table)},
                  related=(_cell(num, i), _cell(den, i)))


# --- EKO105 ---------------------------------------------------------------------

class StatementsOptions(Options):
    approximate_percent: int = 5
    """Extra room for an ``ungefärlig`` statement, in per cent of its value."""


def _statements(ctx: Context) -> Iterator[Statement]:
    plan = ctx.plan
    if plan.economy is not None:
        yield from plan.economy.statements
    for bp in plan.board_plans:
        yield from bp.needs
    for fu in plan.follow_ups:
        yield from fu.statements


@check("text_figures_match_tables", StatementsOptions,
       ("value_differs", "sum_differs", "mean_differs", "change_differs",
        "change_percent_differs", "sign_differs"))
def text_figures_match_tables(ctx: Context, options: StatementsOptions) -> Iterator[Hit]:
    """Each figure stated in the text with a ``jämför`` agrees with the table figure it
    describes. ``tecken`` turns the table's figures into the text's (−1 where the
    table prints a cost as negative and the text states it as an amount); then
    ``värde`` is the cell, ``summa`` the sum of the cells in ``kolumner`` (or
    ``kolumn`` alone), ``medel`` their average (tolerance: the cells' half-units over
    their number), ``förändring`` the cell minus the cell in ``från_kolumn``,
    and ``förändring_procent`` that change in per cent of the base's size. Tolerance:
    half a unit of the stated figure plus half a unit of each cell used; for a
    percentage, interval arithmetic as in EKO104. An ``ungefärlig`` statement gets
    ``approximate_percent`` (5 %) of its value on top. Statements whose cells are
    empty are skipped. A statement that states only a sign (``påstående: positiv`` for
    "ett samlat överskott", ``negativ``) is compared with the sign of the figure, which
    must have the other sign even at the edge of its rounding to be a finding."""
    tables = {t.id: t for t in _all_tables(ctx)}
    for st in _statements(ctx):
        cmp = st.compare
        if cmp is None:
            continue
        table = tables.get(cmp.table)
        row = combined_row(table, cmp.rows()) if table is not None else None
        if table is None or row is None:
            continue
        sign = Decimal(cmp.sign)
        if st.value is None:
            hit = _claim(st, table, row, sign)
            if hit is not None:
                yield hit
            continue
        extra = (abs(st.value) * Decimal(options.approximate_percent) / HUNDRED
                 if st.approximate else Decimal(0))
        hit = _compare(st, table, row, sign, extra)
        if hit is not None:
            yield hit


def _claim(st: Statement, table: Table, row: Row, sign: Decimal) -> Hit | None:
    """A sign the text states ("ett samlat överskott för perioden") against the figure
    ``jämför`` names (a cell, a sum or an average of cells, times ``tecken``): a finding
    only when the figure has the other sign even at the edge of its rounding."""
    cmp = st.compare
    assert cmp is not None
    cols = [cmp.column] if cmp.measure == "värde" or not cmp.columns else list(cmp.columns)
    idx = [table.column(c) if c is not None else None for c in cols]
    if any(i is None for i in idx) or not idx:
        return None
    cells = _filled([row.values[i] for i in idx if i is not None])
    if cells is None:
        return None
    computed = sign * sum(cells, Decimal(0))
    tol = tolerance(*cells)
    if cmp.measure == "medel":
        computed, tol = computed / len(cells), tol / len(cells)
    if st.claim == "positiv" and computed + tol > 0 or \
            st.claim == "negativ" and computed - tol < 0:
        return None
    shown = computed.quantize(Decimal("0.01")) if decimals(computed) > 2 else computed
    column = ", ".join(table.columns[i].heading for i in idx if i is not None)
    return Hit("sign_differs",
               {"description": st.description, "claim": Msg(f"claim.{st.claim}"),
                "table": table.id, "row": row.heading, "column": column,
                "computed": shown, "unit": _unit(table, row)},
               st.at("påstående"),
               evidence={"statement": st.id, "table": table.id, "row": row.id,
                         "measure": cmp.measure, "columns": cols, "cells": cells,
                         "computed": shown, "claim": st.claim, "quote": st.quote,
                         "computation": f"{_expression(cells)} = {sv(shown)}",
                         "source": cite(table)},
               related=tuple(_cell(row, i) for i in idx if i is not None))


def _rounded_half_unit(value: Decimal) -> Decimal:
    """Half a unit of a stated figure's precision. A whole figure of five digits or more
    ending in two zeros or more ("134 400") is read as rounded to its last non-zero digit
    (50), as large figures in running text are; any other figure keeps its last printed
    digit ("300" ±0,5, "1,2" ±0,05)."""
    digits = str(abs(int(value))) if not decimals(value) else ""
    zeros = len(digits) - len(digits.rstrip("0"))
    if len(digits) < 5 or zeros < 2:
        return half_unit(value)
    return Decimal(10) ** zeros / 2


def _compare(st: Statement, table: Table, row: Row, sign: Decimal,
             extra: Decimal) -> Hit | None:
    cmp = st.compare
    assert cmp is not None
    # a text figure in another unit of kronor is converted into the table's ("1,2
    # miljarder" against mnkr); a whole figure ending in zeros is rounded to that place
    # ("134 400" for 134 438), so its last non-zero digit sets its precision
    stated, unit = st.value, st.unit
    if cmp.measure != "förändring_procent":
        factor = scale(st.unit, _unit(table, row))
        if factor is None:
            return None  # units that do not convert (procent against mnkr) never meet
        stated, unit = st.value * factor, _unit(table, row)
        # the tolerances below count half a unit of ``stated``; make that the stated
        # figure's own precision, in the table's unit
        extra = extra * factor + _rounded_half_unit(st.value) * factor - half_unit(stated)
    common = {"description": st.description, "stated": stated, "unit": unit,
              "table": table.id, "row": row.heading}
    evidence: dict[str, object] = {"statement": st.id, "table": table.id, "row": row.id,
                                   "measure": cmp.measure, "sign": cmp.sign,
                                   "stated": stated, "approximate": st.approximate,
                                   "quote": st.quote, "source": cite(table)}
    if cmp.measure in ("värde", "summa", "medel"):
        # loading makes sure of the keys each measure needs (resolve.compare_key_errors)
        cols = ([cmp.column] if cmp.measure == "värde" or not cmp.columns
                else list(cmp.columns))
        found = [table.column(c) if c is not None else None for c in cols]
        idx = [i for i in found if i is not None]
        cells = _filled([row.values[i] for i in idx])
        if cells is None or len(idx) != len(found) or not cells:
            return None
        extra += sum((combined_slack(table, cmp.rows(), i) for i in idx), Decimal(0))
        computed = sign * sum(cells, Decimal(0))
        tol = tolerance(stated, *cells) + extra
        if cmp.measure == "medel":
            # the average of the cells: its rounding is the cells' half-units over n
            count = Decimal(len(cells))
            computed = computed / count
            tol = half_unit(stated) + (tolerance(*cells) / count) + extra
            computed = computed.quantize(Decimal("0.01")) if decimals(computed) > 2 else computed
        diff = stated - computed
        if abs(diff) <= tol:
            return None
        expr = _expression(cells)
        if cmp.measure == "medel":
            expr = f"({expr}) / {len(cells)}"
        if sign < 0:
            expr = f"-({expr})"
        evidence.update({"columns": cols, "cells": cells, "computed": computed,
                         "difference": diff, "tolerance": tol,
                         "computation": f"{expr} = {sv(computed)} ≠ {sv(stated)} "
                                        f"(skillnad {sv(diff)}, tolerans {sv(tol)})"})
        variant = {"värde": "value_differs", "summa": "sum_differs",
                   "medel": "mean_differs"}[cmp.measure]
        return Hit(variant, {**common, "column": ", ".join(table.columns[i].heading for i in idx),
                             "computed": computed, "difference": diff, "tolerance": tol},
                   st.at("värde"), evidence=evidence, related=tuple(_cell(row, i) for i in idx))
    i, j = table.column(cmp.column or ""), table.column(cmp.base_column or "")
    if i is None or j is None:
        return None
    cur, base = row.values[i], row.values[j]
    extra += combined_slack(table, cmp.rows(), i) + combined_slack(table, cmp.rows(), j)
    if cur is None or base is None:
        return None
    cur, base = sign * cur, sign * base
    column, base_column = table.columns[i].heading, table.columns[j].heading
    related = (_cell(row, i), _cell(row, j))
    if cmp.measure == "förändring":
        computed = cur - base
        tol = tolerance(stated, cur, base) + extra
        diff = stated - computed
        if abs(diff) <= tol:
            return None
        evidence.update({"column": cmp.column, "base_column": cmp.base_column,
                         "value": cur, "base": base, "computed": computed,
                         "difference": diff, "tolerance": tol,
                         "computation": f"{sv(cur)} - {_term(base)} = {sv(computed)} ≠ "
                                        f"{sv(stated)} (skillnad {sv(diff)}, tolerans {sv(tol)})"})
        return Hit("change_differs", {**common, "column": column, "base_column": base_column,
                                      "computed": computed, "difference": diff,
                                      "tolerance": tol},
                   st.at("värde"), evidence=evidence, related=related)
    reach = change_percent_interval(cur, base)
    if reach is None or percent_consistent(stated, reach, extra):
        return None
    central = (cur - base) / abs(base) * HUNDRED
    evidence.update({"column": cmp.column, "base_column": cmp.base_column,
                     "value": cur, "base": base, "computed_percent": _p2(central),
                     "reachable": [_p2(reach[0]), _p2(reach[1])],
                     "stated_interval": list(rounding_interval(stated, extra)),
                     "computation": f"({sv(cur)} - {_term(base)}) / {sv(abs(base))} × 100 = "
                                    f"{sv(_p2(central))} %; möjligt {sv(_p2(reach[0]))}–"
                                    f"{sv(_p2(reach[1]))} %, angivet {sv(stated)} %"})
    return Hit("change_percent_differs",
               {**common, "column": column, "base_column": base_column,
                "computed": _p2(central), "low": _p2(reach[0]), "high": _p2(reach[1])},
               st.at("värde"), evidence=evidence, related=related)
