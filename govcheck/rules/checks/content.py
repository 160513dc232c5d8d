"""Content checks: goals, sub-goals, indicators, assignments, documents."""

from collections.abc import Iterator
from typing import Any, Literal

from govcheck.graph.build import SteeringGraph
from govcheck.model.plan import BoardPlan
from govcheck.i18n import Msg
from govcheck.rules.checks.figures import cite
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.finding import Hit


def _council(g: SteeringGraph) -> str:
    return next(iter(g.nodes_of("council")), "fullmäktige")


def _board_plan_of(g: SteeringGraph, node: str) -> BoardPlan | None:
    """The board plan holding a sub-goal."""
    plans = g.sources(node, "contains")
    return g.entity(plans[0]) if plans else None


def _path(*nodes: str) -> list[str]:
    """A graph path with consecutive repeats dropped (a direct owner is its own body)."""
    out: list[str] = []
    for n in nodes:
        if not out or out[-1] != n:
            out.append(n)
    return out


# --- council goals ---------------------------------------------------------------

GoalPart = Literal["riktas_till", "styrande_dokument", "förväntat_utfall"]
_GOAL_PARTS: dict[str, tuple[str, str]] = {
    "riktas_till": ("targets", "no_targets"),
    "styrande_dokument": ("documents", "no_documents"),
    "förväntat_utfall": ("expected_outcomes", "no_outcomes"),
}


class GoalCompleteOptions(Options):
    parts: list[GoalPart] = ["riktas_till", "styrande_dokument", "förväntat_utfall"]


@check("goal_complete", GoalCompleteOptions, ("no_targets", "no_documents", "no_outcomes"),
       needs=('mål',))
def goal_complete(ctx: Context, options: GoalCompleteOptions) -> Iterator[Hit]:
    """Each council goal names at least one item of each required part (by default the
    bodies it targets, its governing documents and its expected outcomes); one hit per
    missing part, at the empty key or, when the key is left out, at the goal."""
    g = ctx.graph
    council = _council(g)
    for node in ctx.selected:
        goal = g.entity(node)
        for part in options.parts:
            field, variant = _GOAL_PARTS[part]
            if getattr(goal, field):
                continue
            yield Hit(variant, {"goal": goal.id, "goal_name": goal.name},
                      goal.at_field(field),
                      evidence={"path": [council, goal.id], "missing": part,
                                "source": cite(goal)}, part="mål")


# --- sub-goals and indicators ---------------------------------------------------------

class SubGoalOptions(Options):
    assignment_link_anchors: bool = True
    group_whole_plan: bool = True


@check("sub_goal_linked_and_measured", SubGoalOptions,
       ("no_goal_link", "no_indicator", "plan_without_goal_links", "plan_without_indicators"),
       needs=('nämndplaner',))
def sub_goal_linked_and_measured(ctx: Context, options: SubGoalOptions) -> Iterator[Hit]:
    """Each sub-goal of a board plan for the budget year links to at least one council
    goal (or, with ``assignment_link_anchors``, carries out an assignment from
    fullmäktige) and has at least one indicator. When every sub-goal of a plan with two
    or more lacks the same thing, the plan gives one hit listing them
    (``plan_without_…``), not one per sub-goal."""
    g = ctx.graph
    by_plan: dict[str, list[Any]] = {}
    for node in ctx.selected:
        bp = _board_plan_of(g, node)
        if bp is not None and bp.year == ctx.budget_year:
            by_plan.setdefault(bp.id, []).append(g.entity(node))
    for bp_id, sub_goals in by_plan.items():
        bp = g.entity(bp_id)
        unlinked = [sg for sg in sub_goals if not sg.goal_links
                    and not (options.assignment_link_anchors and sg.assignment_links)]
        unmeasured = [sg for sg in sub_goals if not sg.indicators]
        yield from _sub_goal_hits(g, bp, sub_goals, unlinked, options.group_whole_plan,
                                  "no_goal_link", "plan_without_goal_links", "goal_links")
        yield from _sub_goal_hits(g, bp, sub_goals, unmeasured, options.group_whole_plan,
                                  "no_indicator", "plan_without_indicators", "indicators")


def _sub_goal_hits(g: SteeringGraph, bp: BoardPlan, sub_goals: list[Any], lacking: list[Any],
                   group: bool, one: str, whole: str, field: str) -> Iterator[Hit]:
    """One hit for the whole plan when all of its (two or more) sub-goals lack ``field``,
    else one per sub-goal that lacks it, at the empty key or the sub-goal."""
    if not lacking:
        return
    base = {"board_plan": bp.id, "body": bp.board, "body_name": g.label(bp.board),
            "status": Msg(f"status.{bp.status}"), "year": bp.year}
    if group and len(sub_goals) >= 2 and len(lacking) == len(sub_goals):
        yield Hit(whole, {**base, "count": len(lacking),
                          "sub_goals": ", ".join(sg.id for sg in lacking)},
                  bp.at("delmål"),
                  evidence={"path": [bp.board, bp.id], "board_plan_status": bp.status,
                            "sub_goals": [sg.id for sg in lacking], "source": cite(bp)},
                  related=tuple(sg.at() for sg in lacking))
        return
    for sg in lacking:
        yield Hit(one, {**base, "sub_goal": sg.id, "sub_goal_name": sg.name},
                  sg.at_field(field),
                  evidence={"path": [bp.board, bp.id, sg.id], "board_plan_status": bp.status,
                            "goal_links": [link.goal for link in sg.goal_links],
                            "assignment_links": list(sg.assignment_links),
                            "indicators": [ind.id for ind in sg.indicators],
                            "source": cite(sg)})


@check("individual_indicator_by_sex", Options, ("not_by_sex",),
       needs=('nämndplaner',))
def individual_indicator_by_sex(ctx: Context, options: Options) -> Iterator[Hit]:
    """Each individual-based indicator (``individbaserad: true``) of a board plan for
    the budget year is reported by sex (``könsuppdelad: true``)."""
    g = ctx.graph
    for node in ctx.selected:
        ind = g.entity(node)
        if not ind.individual_based or ind.by_sex:
            continue
        sg_nodes = g.sources(node, "measured_by")
        if not sg_nodes:
            continue
        sg = g.entity(sg_nodes[0])
        bp = _board_plan_of(g, sg.id)
        if bp is None or bp.year != ctx.budget_year:
            continue
        yield Hit("not_by_sex",
                  {"indicator": ind.id, "indicator_name": ind.name, "sub_goal": sg.id,
                   "board_plan": bp.id, "body_name": g.label(bp.board)},
                  ind.at_field("by_sex"),
                  evidence={"path": [bp.board, bp.id, sg.id, ind.id],
                            "individbaserad": True, "könsuppdelad": False,
                            "kolada": ind.kolada, "source": cite(ind) or cite(sg)})


# --- assignments ------------------------------------------------------------------

@check("assignment_within_mandate", Options,
       ("starts_before_mandate", "ends_after_mandate"),
       needs=('uppdrag',))
def assignment_within_mandate(ctx: Context, options: Options) -> Iterator[Hit]:
    """Each assignment's time frame (``tidsram``) lies inside the plan's mandate period.
    An assignment without a time frame runs during the mandate period and is not
    reported; a plan without a mandate period is not checked."""
    g = ctx.graph
    mandate = ctx.plan.plan.mandate_period
    if mandate is None:
        return
    council = _council(g)
    for node in ctx.selected:
        upp = g.entity(node)
        frame = upp.period
        if frame is None:
            continue
        params = {"assignment": upp.id, "start": frame.start, "end": frame.end,
                  "mandate_start": mandate.start, "mandate_end": mandate.end}
        evidence = {"path": [council, upp.id],
                    "tidsram": f"{frame.start}–{frame.end}",
                    "mandatperiod": f"{mandate.start}–{mandate.end}", "source": cite(upp)}
        if frame.start < mandate.start:
            yield Hit("starts_before_mandate", params, frame.at("från"),
                      evidence={**evidence, "computation": f"{frame.start} < {mandate.start}"},
                      related=(mandate.at("från"),))
        if frame.end > mandate.end:
            yield Hit("ends_after_mandate", params, frame.at("till"),
                      evidence={**evidence, "computation": f"{frame.end} > {mandate.end}"},
                      related=(mandate.at("till"),))


class AnsweredOptions(Options):
    answer_kinds: list[str] = ["executive_board", "board", "crisis_board", "joint_board"]
    requirements_by_own_rule: bool = True


def _answered(g: SteeringGraph, plans: list[BoardPlan]) -> set[str]:
    """Assignments the board plans answer: by an uppdragssvar or a sub-goal carrying it out."""
    out: set[str] = set()
    for bp in plans:
        out.update(g.targets(bp.id, "responds_to"))
        for sg in g.targets(bp.id, "contains"):
            out.update(g.targets(sg, "carries_out"))
    return out


@check("assignment_answered", AnsweredOptions, ("no_board_plan", "not_answered"),
       needs=('uppdrag',))
def assignment_answered(ctx: Context, options: AnsweredOptions) -> Iterator[Hit]:
    """Each owner of an assignment whose kind answers in a board plan (by default the
    styrelse and the nämnder, not the beredningar) answers it in its board plan for the
    budget year, with an ``uppdragssvar`` or a sub-goal that carries it out. A body with
    no board plan gives one hit listing its assignments. With
    ``requirements_by_own_rule``, an assignment that ``kräver`` something (a net cost
    goal) is answered by meeting that requirement, which its own rule checks."""
    g = ctx.graph
    year = ctx.budget_year
    kinds = set(options.answer_kinds)
    missing: dict[str, list[Any]] = {}
    for node in ctx.selected:
        upp = g.entity(node)
        for body, i, owner in g.owner_bodies(upp.owners):
            if g.kind(body) not in kinds:
                continue
            plans = g.board_plans(body, year)
            if not plans:
                missing.setdefault(body, []).append((upp, i))
                continue
            answered = _answered(g, plans)
            if upp.id in answered:
                continue
            if options.requirements_by_own_rule and upp.requires:
                continue
            bp = plans[0]
            yield Hit("not_answered",
                      {"assignment": upp.id, "body": body, "body_name": g.label(body),
                       "board_plan": bp.id, "status": Msg(f"status.{bp.status}"),
                       "year": year},
                      bp.at("uppdragssvar"),
                      evidence={"path": _path(upp.id, owner, body, bp.id),
                                "board_plans": [p.id for p in plans],
                                "answered_assignments": sorted(answered),
                                "source": cite(upp)},
                      related=(upp.at_field("owners", i),))
    for body, owed in missing.items():
        entity = g.entity(body)
        ids = [upp.id for upp, _ in owed]
        yield Hit("no_board_plan",
                  {"body": body, "body_name": g.label(body), "year": year, "count": len(ids),
                   "assignments": ", ".join(ids)},
                  entity.at(),
                  evidence={"path": [_council(g), body], "assignments": ids, "year": year,
                            "source": cite(entity)},
                  related=tuple(upp.at_field("owners", i) for upp, i in owed),
                  part="nämndplaner")


class FollowedUpOptions(Options):
    kinds: list[Literal["delårsrapport", "årsredovisning"]] = [
        "delårsrapport", "årsredovisning"]
    group_whole_report: bool = True


def _runs_in(upp: Any, year: int, mandate: Any) -> bool:
    """Whether an assignment runs in ``year``: its time frame, else the mandate period."""
    frame = upp.period or mandate
    return frame is None or frame.start <= year <= frame.end


@check("assignment_followed_up", FollowedUpOptions,
       ("none_reported", "not_reported", "owner_not_reported"),
       needs=('uppdrag', 'uppföljning'))
def assignment_followed_up(ctx: Context, options: FollowedUpOptions) -> Iterator[Hit]:
    """Each follow-up of the budget year (delårsrapport, årsredovisning) gives an
    ``uppdragsstatus`` for every assignment that runs that year: once without
    ``organ``, or for each owner. A follow-up for one body covers the assignments that
    body owns. A follow-up that reports none of two or more due assignments gives one
    hit listing them. No follow-up for the year, no hit: it comes later in the year."""
    g = ctx.graph
    year = ctx.budget_year
    mandate = ctx.plan.plan.mandate_period
    kinds = set(options.kinds)
    for fu in ctx.plan.follow_ups:
        if fu.year != year or fu.kind not in kinds:
            continue
        due: list[tuple[Any, list[str]]] = []
        for node in ctx.selected:
            upp = g.entity(node)
            if not _runs_in(upp, fu.year, mandate):
                continue
            owners = g.expand_owners(upp.owners)
            if fu.body is not None:
                if fu.body not in owners:
                    continue
                owners = [fu.body]
            due.append((upp, owners))
        statuses = {upp.id: [s for s in fu.assignment_status if s.assignment == upp.id]
                    for upp, _ in due}
        base = {"follow_up": fu.id, "kind": fu.kind, "year": fu.year}
        where = fu.at("uppdragsstatus")
        unreported = [upp for upp, _ in due if not statuses[upp.id]]
        if options.group_whole_report and len(due) >= 2 and len(unreported) == len(due):
            ids = [upp.id for upp in unreported]
            yield Hit("none_reported", {**base, "count": len(ids), "assignments": ", ".join(ids)},
                      where,
                      evidence={"path": [fu.body, fu.id] if fu.body else [fu.id],
                                "assignments": ids, "source": cite(fu)},
                      related=tuple(upp.at() for upp in unreported))
            continue
        for upp, owners in due:
            found = statuses[upp.id]
            if not found:
                yield Hit("not_reported", {**base, "assignment": upp.id}, where,
                          evidence={"path": [upp.id, fu.id], "owners": owners,
                                    "statuses": [], "source": cite(upp)},
                          related=(upp.at(),))
                continue
            if any(s.body is None for s in found):
                continue
            reported = {s.body for s in found}
            for body in owners:
                if body in reported:
                    continue
                yield Hit("owner_not_reported",
                          {**base, "assignment": upp.id, "body": body,
                           "body_name": g.label(body)},
                          where,
                          evidence={"path": [upp.id, body, fu.id], "owners": owners,
                                    "reported_by": sorted(b for b in reported if b),
                                    "source": cite(upp)},
                          related=(upp.at(),))


# --- governing documents -------------------------------------------------------------

class DocumentValidOptions(Options):
    goal_documents_until_goal_period: bool = True


@check("document_valid_through_period", DocumentValidOptions,
       ("expired", "expires_in_plan_period", "expires_in_goal_period"),
       needs=('styrdokument',))
def document_valid_through_period(ctx: Context,
                                  options: DocumentValidOptions) -> Iterator[Hit]:
    """Each governing document with a validity (``giltighet``) is valid as long as the
    plan relies on it: to the end of the plan period, or, with
    ``goal_documents_until_goal_period``, for a document listed under council goals, to
    the end of the goal period when that comes first. A document that ends before the
    plan period starts is ``expired``. Documents without a validity are not checked."""
    g = ctx.graph
    info = ctx.plan.plan
    period, goal_period = info.plan_period, info.goal_period
    council = _council(g)
    for node in ctx.selected:
        doc = g.entity(node)
        validity = doc.validity
        if validity is None:
            continue
        end = validity.end
        goals = g.sources(node, "steered_by")
        until, variant = period.end, "expires_in_plan_period"
        if options.goal_documents_until_goal_period and goals and goal_period is not None \
                and goal_period.end < period.end:
            until, variant = max(goal_period.end, period.start), "expires_in_goal_period"
        if end < period.start:
            variant, limit = "expired", period.start
        elif end < until:
            limit = until
        else:
            continue
        params = {"document": doc.id, "title": doc.title, "end": end, "until": until,
                  "goals": ", ".join(goals), "plan_start": period.start,
                  "plan_end": period.end}
        yield Hit(variant, params, validity.at("till"),
                  evidence={"paths": [[council, goal, doc.id] for goal in goals],
                            "giltighet_till": end, "required_until": until,
                            "planperiod": f"{period.start}–{period.end}",
                            "målperiod": (f"{goal_period.start}–{goal_period.end}"
                                          if goal_period else None),
                            "computation": f"{end} < {limit}",
                            "source": cite(doc)},
                  related=tuple(g.entity(goal).at() for goal in goals))
