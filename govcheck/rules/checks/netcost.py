"""Net cost checks: within the frame, a goal set by each board, growth vs revenue."""

from collections.abc import Iterator
from decimal import Decimal

from govcheck.i18n import Msg
from govcheck.model.units import scale
from govcheck.model.plan import RowRole
from govcheck.rules.checks.figures import cell, cite, half_unit, role_values, year_columns
from govcheck.rules.coverage import Untested
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.finding import Hit

FRAME_KINDS = ("budget", "plan")


def _frames(ctx: Context) -> dict[tuple[str, int], tuple[Decimal, object, str]]:
    """(body, year) → (frame, location, table id) from every frames table."""
    out: dict[tuple[str, int], tuple[Decimal, object, str]] = {}
    for table in ctx.graph.tables("ramar"):
        for row in table.rows:
            if not row.body or row.part_of:
                continue
            for year, col_id, _ in year_columns(table, FRAME_KINDS):
                value, where = cell(table, row, col_id)
                if value is not None and (row.body, year) not in out:
                    out[(row.body, year)] = (value, where, table.id)
    return out


def _operand(value: Decimal) -> str:
    """A subtrahend as a computation shows it: ``5.0 - (-10.0)``, not ``5.0 - -10.0``."""
    return f"({value})" if value < 0 else str(value)


@check("net_cost_within_frame", Options, ("goal_over_frame", "growth_over_frame",
                                                       "outcome_over_frame",
                                                       "outcome_over_zero_frame", "no_frame"),
       needs=('ramar',))
def net_cost_within_frame(ctx: Context, options: Options) -> Iterator[Hit]:
    """A board's net cost goal (amount or growth), and each net cost outcome or
    forecast in a follow-up, stays within the board's frame for that year. The
    comparison allows half a unit of the frame's printed precision. An overrun in per
    cent is of the frame's size: a negative frame (a board whose income is to exceed its
    costs) still gives a positive share. An outcome over a frame of zero has no overrun
    in per cent: it is reported as ``outcome_over_zero_frame``, whose message gives no
    share and whose evidence has ``overrun_percent: null``. A growth goal is compared
    with the frame's growth only when the previous year's frame is positive: a change in
    per cent of a zero or negative amount says nothing about the direction of the cost.
    A goal or an outcome in another unit of kronor than the frames table meets the frame
    converted into its unit."""
    g = ctx.graph
    frames = _frames(ctx)
    for bp in ctx.plan.board_plans:
        goal = bp.net_cost_goal
        if goal is None:
            continue
        frame = frames.get((bp.board, goal.year))
        if frame is None:
            yield Hit("no_frame", {"body": bp.board, "year": goal.year}, goal.at(),
                      evidence={"body": bp.board, "year": goal.year})
            continue
        printed, ram_loc, table_id = frame
        factor = scale(g.entity(table_id).unit, goal.unit)  # the frame in the goal's unit
        ram = printed * factor if factor is not None else printed
        if goal.amount is not None and factor is not None \
                and goal.amount > ram + half_unit(printed) * factor:
            yield Hit("goal_over_frame",
                      {"body": bp.board, "body_name": g.label(bp.board), "year": goal.year,
                       "amount": goal.amount, "frame": ram, "over": goal.amount - ram},
                      goal.at("belopp"),
                      evidence={"net_cost_goal": goal.amount, "frame": ram, "table": table_id,
                                "source": cite(g.entity(table_id)),
                                "computation": f"{goal.amount} - {_operand(ram)} = "
                                               f"{goal.amount - ram}"},
                      related=(ram_loc,))
        previous = frames.get((bp.board, goal.year - 1))
        # the growth of the frame: both years' frames as printed, the earlier one in the
        # later one's unit when the two come from tables in different units
        before = None
        if previous is not None:
            to_unit = scale(g.entity(previous[2]).unit, g.entity(table_id).unit)
            before = previous[0] * to_unit if to_unit is not None else None
        if goal.growth_percent is not None and before is not None and before > 0:
            allowed = (printed / before - 1) * 100
            if goal.growth_percent > allowed + half_unit(goal.growth_percent):
                yield Hit("growth_over_frame",
                          {"body": bp.board, "body_name": g.label(bp.board), "year": goal.year,
                           "growth": goal.growth_percent,
                           "allowed": allowed.quantize(Decimal("0.1"))},
                          goal.at("utveckling_procent"),
                          evidence={"growth_goal_percent": goal.growth_percent,
                                    "frame": printed, "previous_frame": before,
                                    "computation": f"({printed} / {before} - 1) × 100 = "
                                                   f"{allowed.quantize(Decimal('0.01'))} %"},
                          related=(ram_loc,))
    for fu in ctx.plan.follow_ups:
        for outcome in fu.outcomes:
            frame = frames.get((outcome.body, fu.year))
            if frame is None:
                continue
            ram, ram_loc, table_id = frame
            factor = scale(g.entity(table_id).unit, outcome.unit)
            if factor is None:
                continue  # units that do not convert never meet
            tol, ram = half_unit(ram) * factor, ram * factor
            if outcome.net_cost > ram + tol:
                over = outcome.net_cost - ram
                # a share of a zero frame is undefined: no share in the message, null in
                # the evidence (never a made-up figure)
                share = (over / abs(ram) * 100).quantize(Decimal("0.1")) if ram else None
                yield Hit("outcome_over_frame" if share is not None else "outcome_over_zero_frame",
                          {"body": outcome.body, "body_name": g.label(outcome.body),
                           "year": fu.year, "net_cost": outcome.net_cost, "frame": ram,
                           "over": over, "share": share,
                           "kind": Msg("follow_up.forecast" if outcome.forecast
                                       else "follow_up.outcome")},
                          outcome.at("nettokostnad"),
                          evidence={"follow_up": fu.id, "net_cost": outcome.net_cost,
                                    "frame": ram, "overrun": over, "overrun_percent": share,
                                    "computation": f"{outcome.net_cost} - {_operand(ram)} = "
                                                   f"{over}"},
                          related=(ram_loc,))


@check("net_cost_goal_set", Options, ("no_board_plan", "no_goal"))
def net_cost_goal_set(ctx: Context, options: Options) -> Iterator[Hit]:
    """Every owner of an assignment that requires a net cost goal (``kräver:
    [nettokostnadsmål]``) has set one in its board plan for the budget year."""
    g = ctx.graph
    year = ctx.budget_year
    for node in ctx.selected:
        upp = g.entity(node)
        if "nettokostnadsmål" not in upp.requires:
            continue
        for body, i, owner in g.owner_bodies(upp.owners):
            plans = g.board_plans(body, year)
            params = {"body": body, "body_name": g.label(body), "year": year,
                      "assignment": upp.id}
            if not plans:
                yield Hit("no_board_plan", params, upp.at_field("owners", i),
                          evidence={"assignment": upp.id, "owner": owner, "body": body,
                                    "path": [upp.id, owner, body], "source": cite(upp)},
                          part="nämndplaner")
            elif not any(bp.net_cost_goal is not None for bp in plans):
                yield Hit("no_goal", params, plans[0].at(),
                          evidence={"assignment": upp.id, "board_plan": plans[0].id,
                                    "path": [upp.id, owner, body, plans[0].id],
                                    "source": cite(upp)},
                          related=(upp.at_field("owners", i),))


class GrowthOptions(Options):
    cost_growth_role: RowRole = "nettokostnadsutveckling"
    revenue_growth_role: RowRole = "utveckling_skatter_och_statsbidrag"
    cost_role: RowRole = "nettokostnad"
    revenue_role: RowRole = "skatter_och_statsbidrag"


def _growth(values: list[Decimal | None], i: int) -> Decimal | None:
    if i == 0 or values[i] is None or values[i - 1] in (None, 0):
        return None
    return (abs(values[i]) / abs(values[i - 1]) - 1) * 100


@check("net_cost_growth_within_revenue", GrowthOptions, ("over_revenue",),
       needs=("resultatbudget",))
def net_cost_growth_within_revenue(ctx: Context, options: GrowthOptions) -> Iterator[Hit]:
    """In each income budget, the budgeted net cost growth of each year is no larger
    than the growth of tax revenue and general grants that year. Printed growth
    rows are used; where a year has none, it is computed from the figures, and skatter
    och statsbidrag from its parts where the table prints no total (the evidence shows the
    derivation). Only the budget year and the plan years are compared (budget and plan
    columns): an earlier column is not this plan's decision. A year with no growth printed
    or derivable is named as not tested."""
    for table in ctx.graph.tables("resultatbudget"):
        if table.scope == "koncern":
            continue
        cost_rows = table.rows_with_role(options.cost_growth_role)
        rev_rows = table.rows_with_role(options.revenue_growth_role)
        cost_fig = table.rows_with_role(options.cost_role)
        rev_values, _, derived = role_values(table, options.revenue_role)
        for i, col in enumerate(table.columns):
            if col.year is None or col.year < ctx.budget_year \
                    or col.kind not in ("budget", "plan"):
                continue
            cost = cost_rows[0].values[i] if cost_rows else None
            rev = rev_rows[0].values[i] if rev_rows else None
            computed = False
            if cost is None and cost_fig:
                cost, computed = _growth(cost_fig[0].values, i), True
            if rev is None and rev_values:
                rev, computed = _growth(rev_values, i), True
            if cost is None or rev is None:
                yield Untested(Msg("coverage.no_growth", table=table.id, column=col.heading))
                continue
            tolerance = half_unit(cost) + half_unit(rev) if not computed else Decimal(0)
            if cost > rev + tolerance:
                where = (cost_rows[0].at(f"värden[{i}]") if cost_rows
                         else cost_fig[0].at(f"värden[{i}]"))
                related = (rev_rows[0].at(f"värden[{i}]"),) if rev_rows else ()
                yield Hit("over_revenue",
                          {"year": col.year, "column": col.heading, "cost": _fmt(cost),
                           "revenue": _fmt(rev), "diff": _fmt(cost - rev)},
                          where,
                          evidence={"table": table.id, "column": col.id, "year": col.year,
                                    "net_cost_growth_percent": _fmt(cost),
                                    "revenue_growth_percent": _fmt(rev),
                                    "computed_from_figures": computed,
                                    **({"derived": f"{options.revenue_role} = {derived}"}
                                       if derived and computed else {}),
                                    "source": cite(table),
                                    "computation": f"{_fmt(cost)} % > {_fmt(rev)} %"},
                          related=related)


def _fmt(value: Decimal) -> Decimal:
    return value if -value.as_tuple().exponent <= 2 else value.quantize(Decimal("0.01"))
