"""Legal-duty checks: budget contents, balance, financial goals, balanskrav, follow-up, internal control."""

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from govcheck.i18n import Msg
from govcheck.load.errors import Location
from govcheck.model.plan import Row, RowRole, Statement, StatementMeasure, Table
from govcheck.model.units import scale
from govcheck.rules.checks.figures import cell, cite, half_unit, reserve_movement, role_values
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.coverage import Untested
from govcheck.rules.finding import Hit
from govcheck.records import assign, record

PLAN_KINDS = ("budget", "plan")


def _row(table: Table, role: str) -> Row | None:
    rows = table.rows_with_role(role)
    return rows[0] if rows else None


def _year_cell(table: Table, row: Row, year: int,
               kinds: tuple[str, ...] = PLAN_KINDS) -> tuple[Decimal | None, Location]:
    for i, col in enumerate(table.columns):
        if col.year == year and col.kind in kinds and i < len(row.values):
            return row.values[i], row.at(f"värden[{i}]")
    return None, row.at()


def _statements(ctx: Context) -> list[Statement]:
    plan = ctx.plan
    out = list(plan.economy.statements) if plan.economy is not None else []
    for bp in plan.board_plans:
        out += bp.needs
    for fu in plan.follow_ups:
        out += fu.statements
    return out


def _statement_for(ctx: Context, measure: str, year: int) -> Statement | None:
    for st in _statements(ctx):
        if st.measure != measure or st.value is None:
            continue
        if st.year == year or (st.period is not None and st.period.start <= year <= st.period.end):
            return st
    return None


# --- BUD001 ---------------------------------------------------------------------

class ThreeYearOptions(Options):
    min_years: int = 3
    tables: list[str] = ["resultatbudget", "balansbudget", "kassaflödesanalys"]


@check("budget_three_year_plan", ThreeYearOptions,
       ("period_start", "period_short", "table_missing", "year_missing"))
def budget_three_year_plan(ctx: Context, options: ThreeYearOptions) -> Iterator[Hit]:
    """The economy is planned for at least ``min_years`` years with the budget year first,
    and each of the budget's statements (``tables``) has a budget or plan column for every
    year of that period."""
    info = ctx.plan.plan
    period = info.plan_period
    where = info.at("planperiod")
    if period.start != info.budget_year:
        yield Hit("period_start", {"start": period.start, "year": info.budget_year}, where,
                  evidence={"plan_period": [period.start, period.end],
                            "budget_year": info.budget_year})
    years = period.end - period.start + 1
    if years < options.min_years:
        yield Hit("period_short", {"years": years, "min": options.min_years}, where,
                  evidence={"plan_period": [period.start, period.end]})
    for kind in options.tables:
        tables = list(ctx.graph.tables(kind))
        if not tables:
            yield Hit("table_missing", {"table": kind}, info.at(), evidence={"table_kind": kind},
                      part=kind)
            continue
        for table in tables:
            have = {c.year for c in table.columns if c.kind in PLAN_KINDS}
            missing = [y for y in range(period.start, period.end + 1) if y not in have]
            if missing:
                yield Hit("year_missing", {"table": table.title,
                                           "years": ", ".join(map(str, missing))},
                          table.at("kolumner"),
                          evidence={"table": table.id, "missing_years": missing,
                                    "source": cite(table)}, part=kind)


# --- BUD002 ---------------------------------------------------------------------

class ContentsOptions(Options):
    frame_kinds: list[str] = ["executive_board", "board", "crisis_board", "audit", "council"]


@check("budget_contents", ContentsOptions,
       ("no_tax_rate", "no_frame", "no_goals", "no_financial_goals", "no_company_account"))
def budget_contents(ctx: Context, options: ContentsOptions) -> Iterator[Hit]:
    """The budget holds what KL 11 kap. 5 § asks for the budget year: a tax rate, a frame
    (anslag) for every body of ``frame_kinds``, goals and guidelines, financial goals, and
    an account of the economy of every company in the consolidated accounts. A frame is a
    row of a frames table with ``organ`` and a figure in a budget column of the budget
    year; a "varav" row (``varav_av``) is a part of its parent row's frame, not a frame
    of its own, even when it names an ``organ``."""
    g, plan, year = ctx.graph, ctx.plan, ctx.budget_year
    info = plan.plan
    rates = plan.economy.tax_rates if plan.economy is not None else []
    if not any(r.year == year for r in rates):
        yield Hit("no_tax_rate", {"year": year}, plan.economy.at() if plan.economy else info.at(),
                  evidence={"tax_rate_years": sorted(r.year for r in rates)}, part="skattesats")
    framed: set[str] = set()
    for table in g.tables("ramar"):
        for row in table.rows:
            if row.part_of:
                continue  # a varav row is part of its parent's frame
            value, _ = _year_cell(table, row, year, ("budget",))
            if row.body and value is not None:
                framed.add(row.body)
    for body in g.nodes_of(*options.frame_kinds):
        if body not in framed:
            yield Hit("no_frame", {"body": body, "body_name": g.label(body), "year": year},
                      g.entity(body).at(),
                      evidence={"body": body, "bodies_with_frame": sorted(framed)}, part="ramar")
    if not plan.council_goals:
        yield Hit("no_goals", {"year": year}, info.at(), evidence={}, part="mål")
    if not plan.financial_goals:
        yield Hit("no_financial_goals", {"year": year}, info.at(), evidence={},
                  part="finansiella_mål")
    org = plan.organisation
    for company in (org.companies if org is not None else []):
        if not company.in_consolidated_accounts:
            continue
        if not any(b.year == year for b in company.budgets):
            yield Hit("no_company_account",
                      {"company": company.name, "year": year,
                       "years": ", ".join(str(b.year) for b in company.budgets) or "-"},
                      company.at("budget") if company.budgets else company.at(),
                      evidence={"company": company.id,
                                "budget_years": [b.year for b in company.budgets],
                                "source": cite(company)}, part="bolag")


# --- BUD003 ---------------------------------------------------------------------

class BalanceOptions(Options):
    result_role: RowRole = "årets_resultat"


@check("budget_in_balance", BalanceOptions, ("not_in_balance", "plan_year_not_in_balance"))
def budget_in_balance(ctx: Context, options: BalanceOptions) -> Iterator[Hit]:
    """The budgeted result is positive for the budget year (``not_in_balance``; every year
    the plan decides a budget for, ``beslutade_budgetår``) and for each later plan year
    (``plan_year_not_in_balance``), unless fullmäktige has recorded a decision on
    synnerliga skäl for that year. The balanskrav binds the budget, that is the budget
    year; balance in the plan years is practice, so the rule file gives the two variants
    their own severity and basis."""
    budget_years = set(ctx.plan.plan.decided_years())
    exempt_years = {d.year for d in ctx.plan.decisions if d.subject == "synnerliga_skäl"}
    tables = [t for t in ctx.graph.tables("resultatbudget") if t.scope != "koncern"]
    if not tables:
        # no resultatbudget: the budgeted result may still be stated in the text
        for year in range(ctx.budget_year, ctx.plan.plan.plan_period.end + 1):
            st = _statement_for(ctx, options.result_role, year)
            if st is None or st.value > 0 or year in exempt_years:
                continue
            budget = year in budget_years
            yield Hit("not_in_balance" if budget else "plan_year_not_in_balance",
                      {"year": year, "result": st.value}, st.at("värde"),
                      evidence={"statement": st.id, "year": year, "result": st.value,
                                "year_kind": "budget" if budget else "plan",
                                "budget_years": sorted(budget_years), "quote": st.quote,
                                "source": cite(st)})
        if not any(_statement_for(ctx, options.result_role, y) is not None
                   for y in budget_years):
            yield Untested(Msg("coverage.no_part", part=Msg("part.resultatbudget")))
        return
    for table in tables:
        row = _row(table, options.result_role)
        if row is None:
            continue
        for i, col in enumerate(table.columns):
            if col.year is None or col.year < ctx.budget_year or col.kind not in PLAN_KINDS:
                continue
            value = row.values[i] if i < len(row.values) else None
            if value is None:
                continue
            # a disposition from the resultatutjämningsreserv / resultatreserv enters the
            # balanskravsresultat: a deficit it covers is a budget in balance
            reserve, reserve_rows = reserve_movement(table, i)
            after = value + reserve
            if after <= 0 and col.year not in exempt_years:
                budget = col.year in budget_years
                evidence = {"table": table.id, "year": col.year, "result": value,
                            "year_kind": "budget" if budget else "plan",
                            "budget_years": sorted(budget_years), "source": cite(table)}
                if reserve_rows:
                    evidence.update(reserve=reserve, result_after_reserve=after,
                                    computation=f"{value} + ({reserve}) = {after}")
                yield Hit("not_in_balance" if budget else "plan_year_not_in_balance",
                          {"year": col.year, "result": after},
                          row.at(f"värden[{i}]"), evidence=evidence)


# --- FIN001 ---------------------------------------------------------------------

FIGURE_NEEDED = {
    "verksamhetens_resultat_andel": ("verksamhetens_resultat", "skatter_och_statsbidrag"),
    "resultat_andel": ("årets_resultat", "skatter_och_statsbidrag"),
    "resultat_efter_reserv_andel": ("årets_resultat", "skatter_och_statsbidrag"),
}
MEASURE_PART = {"soliditet": "balansbudget", "soliditet_inkl_ansvarsförbindelse": "balansbudget",
                "låneskuld_andel": "balansbudget", "likviditet": "balansbudget",
                "balanskravsresultat": "balanskrav", "självfinansieringsgrad": "investeringar",
                "nettoinvesteringar_andel": "investeringar"}
"""The plan part a financial goal's figure is read from (resultatbudget where not named)."""
def missing_figure(measure: str, scope: str | None) -> Msg:
    """What a financial goal's missing figure is, in the language of the message
    (``figure.MEASURE`` in govcheck.i18n; the koncern's, for a koncern goal)."""
    figure = Msg(f"figure.{measure}")
    return Msg("figure.koncern", figure=figure) if scope == "koncern" else figure


def _ratio(table: Table, num_role: str, den_role: str, year: int, after_reserve: bool = False
           ) -> tuple[Decimal | None, Location | None, dict[str, Any]]:
    """num / den × 100 for a year, from two rows of ``table`` found by role (the
    denominator derived from its parts where it is not printed: ``role_values``); with
    ``after_reserve`` the numerator includes the year's reserve dispositions."""
    num = _row(table, num_role)
    den_values, _, derived = role_values(table, den_role)
    if num is None or not den_values:
        return None, None, {}
    a, loc = _year_cell(table, num, year)
    index = _year_index(table, year)
    b = den_values[index] if index is not None else None
    if a is None or not b:
        return None, None, {}
    if after_reserve and index is not None:
        a = a + reserve_movement(table, index)[0]
    value = (a / b * 100).quantize(Decimal("0.01"))
    evidence: dict[str, Any] = {"table": table.id,
                                "computation": f"{a} / {b} × 100 = {value} %",
                                "source": cite(table)}
    if derived:
        evidence["derived"] = f"{b} = {derived}"
    return value, loc, evidence


def _year_index(table: Table, year: int, kinds: tuple[str, ...] = PLAN_KINDS) -> int | None:
    return next((i for i, c in enumerate(table.columns) if c.year == year and c.kind in kinds),
                None)


def _in_scope(table: Table, scope: str | None) -> bool:
    """A koncern goal is measured by koncern figures only, any other by the
    organisation's own (a table says ``avser: koncern`` for the sammanställda
    räkenskaper)."""
    return (table.scope == "koncern") == (scope == "koncern")


Measured = tuple[Decimal | None, Location | None, dict[str, Any]]


def _printed(table: Table, role: str, year: int) -> Measured | None:
    """The figure a row of ``role`` prints for ``year``, with where and its evidence."""
    row = _row(table, role)
    if row is None:
        return None
    value, loc = _year_cell(table, row, year)
    if value is None:
        return None
    return value, loc, {"table": table.id, "row": row.id, "source": cite(table),
                        "unit": row.unit or table.unit}


def _measure(ctx: Context, measure: str, year: int, scope: str | None = None) -> Measured:
    """The figure a financial goal is measured by, from a printed row, a computation, or
    a statement tagged with the measure; only from figures about the goal's scope."""
    for table in ctx.graph.tables("resultatbudget"):
        if not _in_scope(table, scope):
            continue
        printed = _printed(table, measure, year)
        if printed is not None:
            return printed
        parts = FIGURE_NEEDED.get(measure)
        if parts:
            found = _ratio(table, parts[0], parts[1], year,
                           after_reserve=measure == "resultat_efter_reserv_andel")
            if found[0] is not None:
                return found
    if measure in ("soliditet", "balanskravsresultat"):
        for table in [*ctx.graph.tables("balansbudget"), *ctx.graph.tables("balanskrav")]:
            if not _in_scope(table, scope):
                continue
            if measure == "balanskravsresultat":
                printed = _printed(table, measure, year)
                if printed is not None:
                    return printed
                continue
            found = _ratio(table, "summa_eget_kapital", "summa_tillgångar", year)
            if found[0] is not None:
                return found
    # any other table of the goal's scope that prints the measure as a row (likviditet in
    # the balansbudget, självfinansieringsgrad in the investeringsbudget …)
    for table in ctx.plan.tables:
        if table.kind == "resultatbudget" or not _in_scope(table, scope):
            continue
        printed = _printed(table, measure, year)
        if printed is not None:
            return printed
    if scope == "koncern":
        return None, None, {}
    if measure in ("resultat_andel", "resultat_efter_reserv_andel"):
        # a stated result of zero is zero per cent of any revenue
        result = _statement_for(ctx, "årets_resultat", year)
        if result is not None and result.value == 0:
            return Decimal(0), result.at("värde"), {
                "statement": result.id, "quote": result.quote, "source": cite(result),
                "computation": "0 / skatter och statsbidrag × 100 = 0 %"}
    st = _statement_for(ctx, measure, year)
    if st is not None:
        return st.value, st.at("värde"), {"statement": st.id, "quote": st.quote,
                                          "source": cite(st), "unit": st.unit}
    return None, None, {}


@check("financial_goal_met", Options,
       ("below_minimum", "above_maximum", "figure_missing"),
       needs=('finansiella_mål',))
def financial_goal_met(ctx: Context, options: Options) -> Iterator[Hit]:
    """Each yearly threshold of each financial goal, up to the plan period's last year, is
    compared with the plan's figure for that year (printed, computed from printed figures,
    or stated in the text and tagged with the goal's ``nyckeltal``); a figure the plan does
    not give is one finding naming exactly which figure is missing; a goal without a
    ``nyckeltal`` is not tested, and says so. A long-term target
    beyond the plan period (e.g. 2040) has no figure in the plan and is not checked."""
    last_year = ctx.plan.plan.plan_period.end
    for goal in ctx.plan.financial_goals:
        if goal.measure is None:
            if goal.targets:
                yield Untested(Msg("coverage.goal_without_measure", goal=goal.name))
            continue
        for target in goal.targets:
            if target.year > last_year:
                continue  # a long-term target has no figure in this plan's years
            value, where, evidence = _measure(ctx, goal.measure, target.year, goal.scope)
            params = {"goal": goal.name, "year": target.year,
                      "strength": Msg(f"strength.{target.strength}")}
            if value is None:
                figure = missing_figure(goal.measure, goal.scope)
                yield Hit("figure_missing", dict(params, figure=figure), target.at(),
                          evidence={"goal": goal.id, "measure": goal.measure,
                                    "year": target.year, "source": cite(goal),
                                    **({"scope": goal.scope} if goal.scope else {})},
                          part=MEASURE_PART.get(goal.measure, "resultatbudget"))
                continue
            tol = half_unit(value)
            # an amount goal (årets resultat in mnkr) meets figures in any unit of kronor
            factor = scale(evidence.pop("unit", None), target.unit)
            if factor is not None and factor != 1:
                evidence["printed"] = value
                value, tol = value * factor, tol * factor
            shown = "%" if target.unit == "procent" else target.unit.replace("_", " ")
            params["unit"] = shown
            evidence = dict(evidence, goal=goal.id, year=target.year, figure=value)
            if target.minimum is not None and value + tol < target.minimum:
                yield Hit("below_minimum", dict(params, value=value, limit=target.minimum),
                          target.at("lägst"), evidence=dict(evidence, minimum=target.minimum),
                          related=(where,) if where else ())
            if target.maximum is not None and value - tol > target.maximum:
                yield Hit("above_maximum", dict(params, value=value, limit=target.maximum),
                          target.at("högst"), evidence=dict(evidence, maximum=target.maximum),
                          related=(where,) if where else ())


# --- BAL002 / BAL003 / BAL004 / BAL005 / BAL006 ----------------------------------

def _balance_rows(table: Table) -> dict[str, Row | None]:
    return {role: _row(table, role) for role in (
        "ingående_balans", "balanskravsresultat", "synnerliga_skäl", "utgående_balans")}


def _deficits(table: Table) -> list[tuple[int, Decimal, Location]]:
    rows = _balance_rows(table)
    result, exempt = rows["balanskravsresultat"], rows["synnerliga_skäl"]
    out = []
    if result is None:
        return out
    for col in table.columns:
        if col.year is None:
            continue
        value, loc = cell(table, result, col.id)
        ex = cell(table, exempt, col.id)[0] if exempt is not None else None
        if value is not None and value < 0:
            left = -value - (ex or Decimal(0))
            if left > 0:
                out.append((col.year, left, loc))
    return out


class DecidedInTimeOptions(Options):
    years_to_decide: int = 3


@check("restoration_decided_in_time", DecidedInTimeOptions, ("no_restoration_plan",),
       needs=('balanskrav',))
def restoration_decided_in_time(ctx: Context, options: DecidedInTimeOptions) -> Iterator[Hit]:
    """The regulation of a deficit from year t is decided no later than in the budget for
    year t + ``years_to_decide`` (KL 11 kap. 12 § tredje stycket: "senast i budgeten det
    tredje året efter det år då det negativa balanskravsresultatet uppkom", so t + 3): once
    the budget year has reached that, the balanskrav table must carry a restoration row for
    t (``roll: varav_underskott, ursprungsår: t``) or the plan a decision on it."""
    decided = {d.year for d in ctx.plan.decisions if d.subject == "återställande"}
    for table in ctx.graph.tables("balanskrav"):
        planned = {r.origin_year for r in table.rows_with_role("varav_underskott")}
        for year, amount, loc in _deficits(table):
            due = year + options.years_to_decide
            if ctx.budget_year >= due and year not in planned | decided:
                yield Hit("no_restoration_plan", {"year": year, "amount": amount, "due": due},
                          loc, evidence={"table": table.id, "deficit_year": year,
                                         "deficit": amount, "decide_by_budget": due,
                                         "budget_year": ctx.budget_year,
                                         "source": cite(table)})


@check("exemption_decided", Options,
       ("no_decision", "decision_without_reference", "amount_mismatch"))
def exemption_decided(ctx: Context, options: Options) -> Iterator[Hit]:
    """Every amount left unrestored for synnerliga skäl rests on a recorded decision of
    fullmäktige (``beslut`` with ``avser: synnerliga_skäl`` for that year) that names its
    date or minute paragraph, and whose amount, when given, is the table's. Several
    decisions for one year are read together: when each states an amount, their sum is
    compared with the table."""
    decisions: dict[int, list[Any]] = {}
    for d in sorted((d for d in ctx.plan.decisions if d.subject == "synnerliga_skäl"),
                    key=lambda d: d.id):
        decisions.setdefault(d.year, []).append(d)
    for table in ctx.graph.tables("balanskrav"):
        row = _balance_rows(table)["synnerliga_skäl"]
        if row is None:
            continue
        for col in table.columns:
            value, loc = cell(table, row, col.id)
            if col.year is None or value is None or value <= 0:
                continue
            params = {"year": col.year, "amount": value}
            taken = decisions.get(col.year, [])
            evidence = {"table": table.id, "year": col.year, "amount": value,
                        "source": cite(table)}
            if not taken:
                yield Hit("no_decision", params, loc, evidence=evidence)
                continue
            ids = [d.id for d in taken]
            evidence.update(decision=ids[0] if len(ids) == 1 else ids,
                            decision_source=cite(taken[0]) if len(taken) == 1
                            else [cite(d) for d in taken])
            for decision in taken:
                if decision.date is None and not decision.reference:
                    yield Hit("decision_without_reference", dict(params, decision=decision.id),
                              decision.at(), evidence=dict(evidence, decision=decision.id),
                              related=(loc,))
            amounts = [d.amount for d in taken]
            if any(a is None for a in amounts):
                continue
            decided = sum(amounts, Decimal(0))
            tolerance = sum((half_unit(a) for a in amounts), Decimal(0)) + half_unit(value)
            if abs(decided - value) > tolerance:
                if len(amounts) > 1:
                    evidence["computation"] = " + ".join(str(a) for a in amounts) + \
                        f" = {decided}"
                yield Hit("amount_mismatch", dict(params, decided=decided),
                          taken[0].at("belopp"), evidence=evidence,
                          related=(loc, *(d.at("belopp") for d in taken[1:])))


@check("balanskrav_table_adds_up", Options,
       ("closing_mismatch", "opening_mismatch", "parts_mismatch"),
       needs=('balanskrav',))
def balanskrav_table_adds_up(ctx: Context, options: Options) -> Iterator[Hit]:
    """In a balanskrav table, each year's closing balance of unrestored deficits is the
    opening balance plus the year's balanskravsresultat plus the synnerliga skäl amount,
    never above zero (a surplus beyond the deficits leaves nothing to restore); each
    opening balance is the previous closing one; and the restoration rows (``varav``)
    add up to the closing balance. Tolerance: half a unit of every figure used."""
    for table in ctx.graph.tables("balanskrav"):
        rows = _balance_rows(table)
        opening, result, exempt, closing = (rows["ingående_balans"], rows["balanskravsresultat"],
                                            rows["synnerliga_skäl"], rows["utgående_balans"])
        parts = table.rows_with_role("varav_underskott")
        previous: Decimal | None = None
        for col in table.columns:
            if col.year is None or closing is None:
                continue
            c, c_loc = cell(table, closing, col.id)
            o = cell(table, opening, col.id)[0] if opening is not None else None
            r = cell(table, result, col.id)[0] if result is not None else None
            e = cell(table, exempt, col.id)[0] if exempt is not None else Decimal(0)
            if c is None:
                continue
            if o is not None and r is not None:
                expected = min(Decimal(0), o + r + (e or Decimal(0)))
                tol = half_unit(c) + half_unit(o) + half_unit(r) + half_unit(e or Decimal(0))
                if abs(expected - c) > tol:
                    yield Hit("closing_mismatch", {"year": col.year, "printed": c,
                                                   "expected": expected}, c_loc,
                              evidence={"table": table.id, "computation":
                                        f"min(0, {o} + {r} + {e or 0}) = {expected} ≠ {c}",
                                        "source": cite(table)})
            if previous is not None and o is not None and opening is not None \
                    and abs(o - previous) > half_unit(o) + half_unit(previous):
                yield Hit("opening_mismatch", {"year": col.year, "opening": o,
                                               "previous": previous},
                          cell(table, opening, col.id)[1],
                          evidence={"table": table.id, "opening": o,
                                    "previous_closing": previous, "source": cite(table)})
            previous = c
            values = [cell(table, p, col.id)[0] for p in parts]
            if parts and all(v is not None for v in values):
                total = sum(values, Decimal(0))  # type: ignore[arg-type]
                tol = half_unit(c) + sum((half_unit(v) for v in values), Decimal(0))  # type: ignore[arg-type]
                if abs(total - c) > tol:
                    yield Hit("parts_mismatch", {"year": col.year, "parts": total, "closing": c},
                              c_loc, evidence={"table": table.id, "computation":
                                               " + ".join(str(v) for v in values)
                                               + f" = {total} ≠ {c}", "source": cite(table)})


class StatedIncomeOptions(Options):
    measure: StatementMeasure = "balanskrav_tillskott"


@check("restoration_income_stated", StatedIncomeOptions, ("unexplained_excess",))
def restoration_income_stated(ctx: Context, options: StatedIncomeOptions) -> Iterator[Hit]:
    """Where the restoration plan counts on a larger balanskravsresultat than the income
    budget's result for the year (the budget year and the plan years), less any
    disposition from the resultatutjämningsreserv printed in the balanskrav table, the plan
    states the extra income (a statement tagged ``nyckeltal: balanskrav_tillskott`` for
    that year) and it covers the difference."""
    results: dict[int, Decimal] = {}
    for table in ctx.graph.tables("resultatbudget"):
        row = _row(table, "årets_resultat")
        if row is None:
            continue
        for i, col in enumerate(table.columns):
            if col.year is not None and col.kind in PLAN_KINDS and row.values[i] is not None:
                results.setdefault(col.year, row.values[i])  # type: ignore[arg-type]
    for table in ctx.graph.tables("balanskrav"):
        row = _balance_rows(table)["balanskravsresultat"]
        if row is None:
            continue
        for i, col in enumerate(table.columns):
            # the plan's own years: an earlier budget printed for comparison is not its plan
            if col.year is None or col.kind not in PLAN_KINDS or col.year not in results \
                    or col.year < ctx.budget_year:
                continue
            value, loc = cell(table, row, col.id)
            if value is None:
                continue
            budget = results[col.year]
            # a disposition from the resultatutjämningsreserv (or an allocation to it)
            # printed in the table explains its part of the difference
            reserve, reserve_rows = reserve_movement(table, i)
            excess = value - budget - reserve
            if excess <= half_unit(value) + half_unit(budget) + sum(
                    (half_unit(r.values[i]) for r in reserve_rows
                     if r.values[i] is not None), Decimal(0)):
                continue
            st = _statement_for(ctx, options.measure, col.year)
            if st is not None and abs(st.value - excess) <= half_unit(st.value) + \
                    half_unit(value) + half_unit(budget):
                continue
            evidence: dict[str, Any] = {
                "table": table.id, "computation": f"{value} - {budget} = {excess}",
                "statement": st.id if st is not None else None, "source": cite(table)}
            if reserve_rows:  # the excess is after the reserve's dispositions: show them
                evidence.update(reserve=reserve,
                                computation=f"{value} - {budget} - ({reserve}) = {excess}")
            yield Hit("unexplained_excess",
                      {"year": col.year, "bkr": value, "result": budget, "excess": excess,
                       "stated": st.value if st is not None else "-"},
                      loc, evidence=evidence)


class ReserveOptions(Options):
    threshold_percent: int = 1
    threshold_negative_equity_percent: int = 2
    cap_percent: int = 5
    cap_from_year: int = 2024


def _inside(table: Table, row: Row, total: Row) -> bool:
    """Whether ``row`` is counted in ``total``: one of its ``summa_av`` parts (at any
    depth), or a "varav" part of one of them or of the total itself."""
    parts: set[str] = set()
    todo = list(total.sum_of)
    while todo:
        rid = todo.pop()
        if rid in parts:
            continue
        parts.add(rid)
        found = table.row(rid)
        if found is not None:
            todo.extend(found.sum_of)
    return row.id in parts or (row.part_of is not None and row.part_of in parts | {total.id})


def _reserve_base(ctx: Context, year: int
                  ) -> tuple[Decimal | None, Decimal, dict[str, Any]]:
    """The base of the resultatreserv's limits for ``year``: skatteintäkter, generella
    statsbidrag and kommunalekonomisk utjämning (KL 11 kap. 14 §), from the first
    resultatbudget that gives them. The ``skatter_och_statsbidrag`` total when printed,
    with a ``kommunalekonomisk_utjämning`` row added when the total's ``summa_av`` shows
    that it leaves the row out; else the sum of ``skatteintäkter`` and
    ``generella_statsbidrag_och_utjämning`` (or ``generella_statsbidrag`` and any
    ``kommunalekonomisk_utjämning``). Returns (base, its rounding tolerance, evidence)."""
    for table in ctx.graph.tables("resultatbudget"):
        def value(role: str) -> tuple[Row | None, Decimal | None]:
            row = _row(table, role)
            return (row, _year_cell(table, row, year)[0]) if row is not None else (None, None)

        total_row, total = value("skatter_och_statsbidrag")
        utj_row, utj = value("kommunalekonomisk_utjämning")
        parts: list[tuple[Row, Decimal]] = []
        if total_row is not None and total is not None:
            parts.append((total_row, total))
            if utj_row is not None and utj is not None and total_row.sum_of \
                    and not _inside(table, utj_row, total_row):
                parts.append((utj_row, utj))
        else:
            tax_row, tax = value("skatteintäkter")
            both_row, both = value("generella_statsbidrag_och_utjämning")
            grants_row, grants = value("generella_statsbidrag")
            if tax_row is not None and tax is not None:
                if both_row is not None and both is not None:
                    parts = [(tax_row, tax), (both_row, both)]
                elif grants_row is not None and grants is not None:
                    parts = [(tax_row, tax), (grants_row, grants)]
                    if utj_row is not None and utj is not None \
                            and utj_row.part_of not in (grants_row.id, tax_row.id):
                        parts.append((utj_row, utj))
        if parts:
            base = sum((v for _, v in parts), Decimal(0))
            tol = sum((half_unit(v) for _, v in parts), Decimal(0))
            text = " + ".join(f"{r.heading} {v}" for r, v in parts)
            return base, tol, {"table": table.id, "base_rows": [r.id for r, _ in parts],
                               "base_computation": f"{text} = {base}" if len(parts) > 1
                               else text, "source": cite(table)}
    return None, Decimal(0), {}


def _adjusted_result(ctx: Context, year: int) -> tuple[Decimal | None, Decimal | None]:
    """(årets resultat, resultat efter balanskravsjusteringar) for ``year``: the first from
    a resultatbudget, the second from a resultatbudget or a balanskrav table, when
    printed."""
    result = adjusted = None
    for table in ctx.graph.tables("resultatbudget"):
        row = _row(table, "årets_resultat")
        if row is not None and result is None:
            result = _year_cell(table, row, year)[0]
    for kind in ("resultatbudget", "balanskrav"):
        for table in ctx.graph.tables(kind):
            row = _row(table, "resultat_efter_balanskravsjusteringar")
            if row is not None and adjusted is None:
                adjusted = _year_cell(table, row, year)[0]
    return result, adjusted


@record(frozen=True)
class _Movement:
    """One year's reservation to or disposition from the resultatreserv, as the plan gives
    it: an amount in ``ekonomi.resultatreserv`` (a negative one is a disposition) or a row
    ``reservering_resultatreserv`` / ``disposition_resultatreserv`` in a resultatbudget or
    balanskrav table (its size, whatever the printed sign)."""

    year: int
    amount: Decimal
    reservation: bool
    at: Location
    entry: Location
    origin: str

    def __init__(self, year: int, amount: Decimal, reservation: bool, at: Location,
                 entry: Location, origin: str) -> None:
        assign(self, "year", year)
        assign(self, "amount", amount)
        assign(self, "reservation", reservation)
        assign(self, "at", at)
        assign(self, "entry", entry)
        assign(self, "origin", origin)


def _reserve_movements(ctx: Context) -> list[_Movement]:
    """The plan's reservations and dispositions, year by year: ``ekonomi.resultatreserv``
    where it gives the year, else the first table row of the role for the year (a plan may
    print the same movement in its resultatbudget and its balanskrav table)."""
    out: list[_Movement] = []
    economy = ctx.plan.economy
    given = set()
    for e in (economy.result_reserve if economy is not None else []):
        given.add(e.year)
        if e.value != 0:
            out.append(_Movement(e.year, abs(e.value), e.value > 0, e.at("värde"), e.at(),
                                 "ekonomi.resultatreserv"))
    for role, reservation in (("reservering_resultatreserv", True),
                              ("disposition_resultatreserv", False)):
        seen: set[int] = set()
        for kind in ("resultatbudget", "balanskrav"):
            for table in ctx.graph.tables(kind):
                row = _row(table, role)
                if row is None:
                    continue
                for i, col in enumerate(table.columns):
                    if col.year is None or col.kind not in PLAN_KINDS \
                            or col.year in given | seen or i >= len(row.values):
                        continue
                    value = row.values[i]
                    if value is None:
                        continue
                    seen.add(col.year)
                    if value != 0:
                        out.append(_Movement(col.year, abs(value), reservation,
                                             row.at(f"värden[{i}]"), row.at(f"värden[{i}]"),
                                             table.id))
    # a year's dispositions first: the reserve is then never taken as larger than it is
    return sorted(out, key=lambda m: (m.year, m.reservation))


@check("result_reserve_within_limits", ReserveOptions,
       ("over_limit", "no_income_figure", "over_cap", "disposition_over_reserve"))
def result_reserve_within_limits(ctx: Context, options: ReserveOptions) -> Iterator[Hit]:
    """A reservation to the resultatreserv in a year (``ekonomi.resultatreserv``, an amount
    above zero, or a ``reservering_resultatreserv`` row of a resultatbudget or balanskrav
    table) is at most the part of the year's result above 1 % of skatteintäkter, generella
    statsbidrag and kommunalekonomisk utjämning (2 % where equity including the pension
    commitment is negative): the lower of årets resultat and the resultat efter
    balanskravsjusteringar when the plan prints the latter, else årets resultat
    (``over_limit``). From ``cap_from_year`` (2024) the reserve itself is at most 5 % of the
    same base (``over_cap``): the plan format holds no opening balance of the reserve, so
    the reserve is taken as at least the plan's reservations less its dispositions (a
    negative ``resultatreserv`` amount, or a ``disposition_resultatreserv`` row), year by
    year from zero, and a reserve that is over the cap even so is reported. A reservation
    whose year lacks the result or the base is reported as not testable
    (``no_income_figure``). A disposition larger than the reserve's balance at the end of
    the year before (``ekonomi.resultatreserv_saldo``, as printed) is reported
    (``disposition_over_reserve``)."""
    reserve, reserve_tol = Decimal(0), Decimal(0)
    steps: list[str] = []
    economy = ctx.plan.economy
    balances = {b.year: b for b in (economy.reserve_balance if economy is not None else [])}
    for m in _reserve_movements(ctx):
        before = balances.get(m.year - 1)
        if not m.reservation and before is not None \
                and m.amount > before.value + half_unit(m.amount) + half_unit(before.value):
            # a disposition cannot use more than the reserve held at the start of the year
            yield Hit("disposition_over_reserve",
                      {"year": m.year, "amount": m.amount, "balance": before.value,
                       "balance_year": before.year},
                      m.at, evidence={"year": m.year, "disposition": m.amount,
                                      "reserve_balance": before.value,
                                      "balance_year": before.year,
                                      "computation": f"{m.amount} > {before.value}"},
                      related=(before.at("värde"),))
        reserve = max(Decimal(0), reserve + (m.amount if m.reservation else -m.amount))
        reserve_tol += half_unit(m.amount)
        steps.append(f"{m.year}: {'+' if m.reservation else '−'}{m.amount} → {reserve}")
        if not m.reservation:
            continue
        result, adjusted = _adjusted_result(ctx, m.year)
        base, base_tol, base_evidence = _reserve_base(ctx, m.year)
        if result is None or base is None:
            yield Hit("no_income_figure", {"year": m.year}, m.entry,
                      evidence={"year": m.year, "result": result, "base": base})
            continue
        equity = _statement_for(ctx, "soliditet_inkl_ansvarsförbindelse", m.year)
        pct = (options.threshold_negative_equity_percent
               if equity is not None and equity.value < 0 else options.threshold_percent)
        used = min(result, adjusted) if adjusted is not None else result
        limit = used - base * pct / 100
        if m.amount > limit + half_unit(m.amount):
            yield Hit("over_limit", {"year": m.year, "amount": m.amount,
                                     "limit": limit.quantize(Decimal("0.1")),
                                     "percent": pct},
                      m.at,
                      evidence=dict(base_evidence, year=m.year,
                                    computation=f"{used} - {base} × {pct} % = {limit}",
                                    result=result, adjusted_result=adjusted,
                                    base=base, reserved=m.amount))
        if m.year < options.cap_from_year:
            continue
        cap = base * options.cap_percent / 100
        if reserve > cap + reserve_tol + base_tol * options.cap_percent / 100:
            yield Hit("over_cap", {"year": m.year, "reserve": reserve,
                                   "cap": cap.quantize(Decimal("0.1")),
                                   "base": base, "percent": options.cap_percent},
                      m.at,
                      evidence=dict(base_evidence, year=m.year, base=base,
                                    reserve_at_least=reserve, cap=cap,
                                    computation=f"{reserve} > {base} × "
                                                f"{options.cap_percent} % = {cap}",
                                    steps=list(steps)))


# --- UPF001 / IKP001 ------------------------------------------------------------

@check("sub_goals_followed_up", Options, ("not_assessed", "not_forecast"),
       needs=('nämndplaner', 'uppföljning'))
def sub_goals_followed_up(ctx: Context, options: Options) -> Iterator[Hit]:
    """For each follow-up in the plan, every sub-goal of the board plans of that year
    (of the follow-up's body, or of all bodies when it names none) is assessed: in an
    årsredovisning as uppfyllt / delvis / ej, in a delårsrapport as a forecast."""
    for fu in ctx.plan.follow_ups:
        assessed = {a.sub_goal for a in fu.assessments if a.sub_goal
                    and a.forecast == (fu.kind == "delårsrapport")}
        for bp in ctx.plan.board_plans:
            if bp.year != fu.year or (fu.body is not None and bp.board != fu.body):
                continue
            for sg in bp.sub_goals:
                if sg.id not in assessed:
                    variant = "not_forecast" if fu.kind == "delårsrapport" else "not_assessed"
                    yield Hit(variant, {"sub_goal": sg.id, "name": sg.name,
                                        "follow_up": fu.id, "year": fu.year},
                              fu.at("målbedömningar") if fu.assessments else fu.at(),
                              evidence={"follow_up": fu.id, "board_plan": bp.id,
                                        "sub_goal": sg.id}, related=(sg.at(),))


class ControlPlanOptions(Options):
    kinds: list[str] = ["executive_board", "board"]


@check("internal_control_plan", ControlPlanOptions, ("no_plan", "risk_uncovered"))
def internal_control_plan(ctx: Context, options: ControlPlanOptions) -> Iterator[Hit]:
    """Every board of ``kinds`` has an internkontrollplan for the budget year, and each of
    its risks has at least one control or action."""
    g, year = ctx.graph, ctx.budget_year
    plans = [cp for cp in ctx.plan.control_plans if cp.year == year]
    for body in g.nodes_of(*options.kinds):
        mine = [cp for cp in plans if cp.body == body]
        if not mine:
            yield Hit("no_plan", {"body": body, "body_name": g.label(body), "year": year},
                      g.entity(body).at(), evidence={"body": body, "year": year},
                      part="internkontroll")
        for cp in mine:
            for risk in cp.risks:
                if not risk.controls and not risk.actions:
                    yield Hit("risk_uncovered", {"body_name": g.label(body), "risk": risk.id,
                                                 "description": risk.description},
                              risk.at(), evidence={"control_plan": cp.id, "risk": risk.id})
