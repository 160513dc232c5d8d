"""Years: every financial goal has a level for the budget year, and the years of nämndplaner,
delmål, internal control plans and follow-ups lie inside the plan they sit in."""

from collections.abc import Iterator

from govcheck.rules.checks.figures import cite
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.finding import Hit


@check("financial_goal_has_budget_level", Options,
       ("no_budget_year_level", "no_level", "no_plan_year_level"),
       needs=("finansiella_mål",))
def financial_goal_has_budget_level(ctx: Context, options: Options) -> Iterator[Hit]:
    """Each financial goal has a level (``mål`` with ``år``) for the budget year, or another
    goal of the same kind (``typ``, not ``annat``) has one: a plan may lower a goal for the
    budget year alone in a goal of its own (Lund 2023: the result goal is 2 per cent, for
    2023 0 per cent after a disposition from the reserve). A goal without any level cannot
    be tested at all. A goal the plan says holds every year (``gäller_varje_år: true``) has
    a level for each year of the plan period."""
    year = ctx.budget_year
    period = ctx.plan.plan.plan_period
    goals = ctx.plan.financial_goals
    covered = {g.kind for g in goals if g.kind != "annat" and any(t.year == year for t in g.targets)}
    for goal in goals:
        evidence = {"goal": goal.id, "kind": goal.kind, "budget_year": year,
                    "levels": [t.year for t in goal.targets], "source": cite(goal)}
        if not goal.targets:
            yield Hit("no_level", {"goal": goal.name}, goal.at(), evidence=evidence)
            continue
        has = {t.year for t in goal.targets}
        if year not in has and goal.kind not in covered:
            yield Hit("no_budget_year_level",
                      {"goal": goal.name, "year": year,
                       "years": ", ".join(str(y) for y in sorted(has))},
                      goal.at("mål"), evidence=evidence)
        if goal.every_year:
            missing = [y for y in range(period.start, period.end + 1) if y not in has]
            if missing:
                yield Hit("no_plan_year_level",
                          {"goal": goal.name, "years": ", ".join(str(y) for y in missing)},
                          goal.at("mål"), evidence=dict(evidence, missing=missing))


class YearsInsideOptions(Options):
    follow_up_years_back: int = 2
    """How far before the budget year a follow-up in the plan may lie: when a budget is
    written in the autumn before the budget year, the latest årsredovisning is of the year
    before that."""


@check("years_inside_plan", YearsInsideOptions,
       ("board_plan_outside", "sub_goal_outside", "control_plan_outside",
        "follow_up_outside"))
def years_inside_plan(ctx: Context, options: YearsInsideOptions) -> Iterator[Hit]:
    """A nämndplan's and an internal control plan's year lie in the plan period; a delmål's
    year from its nämndplan's year to the end of the plan period (or of the goal period,
    when that is later; not tested in a nämndplan whose own year is outside); a follow-up's year from ``follow_up_years_back`` years before the
    budget year to the end of the plan period."""
    info = ctx.plan.plan
    start, end = info.plan_period.start, info.plan_period.end
    goal_end = max(end, info.goal_period.end if info.goal_period is not None else end)
    for bp in ctx.plan.board_plans:
        if not start <= bp.year <= end:
            yield Hit("board_plan_outside", {"plan": bp.title or bp.id, "year": bp.year,
                                             "start": start, "end": end},
                      bp.at("år"), evidence={"board_plan": bp.id, "year": bp.year,
                                             "plan_period": [start, end]})
            continue  # its delmål are measured against a year that is itself wrong
        for sub in bp.sub_goals:
            if sub.year is not None and not bp.year <= sub.year <= goal_end:
                yield Hit("sub_goal_outside", {"sub_goal": sub.name, "year": sub.year,
                                               "start": bp.year, "end": goal_end,
                                               "plan": bp.title or bp.id},
                          sub.at("år"), evidence={"sub_goal": sub.id, "board_plan": bp.id,
                                                  "year": sub.year,
                                                  "allowed": [bp.year, goal_end]})
    for cp in ctx.plan.control_plans:
        if not start <= cp.year <= end:
            yield Hit("control_plan_outside", {"plan": cp.id, "year": cp.year,
                                               "start": start, "end": end},
                      cp.at("år"), evidence={"control_plan": cp.id, "year": cp.year,
                                             "plan_period": [start, end]})
    first = ctx.budget_year - options.follow_up_years_back
    for fu in ctx.plan.follow_ups:
        if not first <= fu.year <= end:
            yield Hit("follow_up_outside", {"follow_up": fu.id, "year": fu.year,
                                            "start": first, "end": end},
                      fu.at("år"), evidence={"follow_up": fu.id, "year": fu.year,
                                             "allowed": [first, end]})
