"""Goal checks: every council goal is broken down by each body it targets."""

from collections.abc import Iterator

from govcheck.rules.checks.figures import cite
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.finding import Hit


@check("goal_addressed_by_targets", Options, ("no_board_plan", "not_addressed"),
       needs=('mål',))
def goal_addressed_by_targets(ctx: Context, options: Options) -> Iterator[Hit]:
    """Each body a council goal targets (directly or through a group) has a board plan for
    the budget year with a sub-goal linked to that goal. A body with no board plan at all gives one hit
    (``no_board_plan``), not one per goal."""
    g = ctx.graph
    year = ctx.budget_year
    council = next(iter(g.nodes_of("council")), "fullmäktige")
    missing_plan: dict[str, list[str]] = {}
    for goal_id in ctx.selected:
        goal = g.entity(goal_id)
        for body, i, owner in g.owner_bodies(goal.targets):
            via = [owner] if owner != body else []
            plans = g.board_plans(body, year)
            if not plans:
                missing_plan.setdefault(body, []).append(goal_id)
                continue
            linked = [(bp.id, sg.id) for bp in plans for sg in bp.sub_goals
                      if any(link.goal == goal_id for link in sg.goal_links)]
            if linked:
                continue
            covered = sorted({link.goal for bp in plans for sg in bp.sub_goals
                              for link in sg.goal_links})
            yield Hit(
                "not_addressed",
                {"goal": goal_id, "goal_name": goal.name, "body": body,
                 "body_name": g.label(body), "board_plan": plans[0].id, "year": year},
                goal.at_field("targets", i),
                evidence={
                    "path": [council, goal_id, *via, body],
                    "board_plans": [bp.id for bp in plans],
                    "goals_linked_in_board_plan": covered,
                    "sub_goals": [sg.id for bp in plans for sg in bp.sub_goals],
                    "source": cite(goal),
                },
                related=tuple(bp.at() for bp in plans),
            )
    for body, goals in missing_plan.items():
        entity = g.entity(body)
        yield Hit(
            "no_board_plan",
            {"body": body, "body_name": g.label(body), "year": year, "count": len(goals),
             "goals": ", ".join(goals)},
            entity.at(),
            evidence={"path": [council, body], "goals_targeting_body": goals, "year": year,
                      "source": cite(entity)},
            part="nämndplaner",
        )
