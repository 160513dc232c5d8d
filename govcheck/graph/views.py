"""Views of the steering graph that a person can read: ``govcheck graph --view/--body/--depth``.

The whole graph of a real plan (189 nodes for Region Västerbotten) is too wide to read. A view
keeps a part of it and the edges among the nodes it keeps; it never adds or changes a node or
an edge, so a view's nodes, labels and kinds are those of the whole graph.

- ``org``: the organisation, bodies (fullmäktige, styrelse, nämnder, beredningar, …) with the
  förvaltningar and roles that serve and lead them.
- ``goals``: fullmäktige's goals, the nämnder they are directed at (directly or through a
  group), those nämnder's nämndplaner and the sub-goals that link back to the goals.
- ``--body ID``: one body's chain: the bodies above it up to fullmäktige and those it sets up,
  the groups it belongs to, the goals and uppdrag directed at it (or its groups), its
  nämndplaner with their sub-goals, indicators, the goals and uppdrag these answer, its
  förvaltning and the roles leading it, its budget frame rows and their tables, its follow-ups
  and internal control plans.
- ``--depth N``: only the nodes at most N edges (either direction, within the view) from the
  body given with ``--body``, else from fullmäktige.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from govcheck.graph.build import BODY_KINDS, SteeringGraph

VIEWS = ("all", "org", "goals")
BODIES = frozenset(BODY_KINDS.values())


def _org(sg: SteeringGraph) -> set[str]:
    return set(sg.nodes_of(*BODIES, "administration", "role"))


def _goals(sg: SteeringGraph) -> set[str]:
    keep = set(sg.nodes_of("council_goal"))
    for goal in sg.nodes_of("council_goal"):
        for target in sg.targets(goal, "targets"):
            keep.add(target)
            keep.update(sg.targets(target, "includes"))  # a group and its members
    for body in [n for n in keep if sg.kind(n) in BODIES]:
        for bp in sg.sources(body, "plan_of"):
            keep.add(bp)
            keep.update(sg.targets(bp, "contains"))
    return keep


def body_chain(sg: SteeringGraph, body: str) -> set[str]:
    """The nodes of ``body``'s chain of steering (see the module's docstring)."""
    keep = {body}
    up = body
    while True:  # the bodies above it, up to fullmäktige
        parents = [p for p in sg.sources(up, "sets_up") if p not in keep]
        if not parents:
            break
        up = parents[0]
        keep.add(up)
    keep.update(sg.targets(body, "sets_up"))
    groups = sg.sources(body, "includes")
    keep.update(groups)
    for owner in [body, *groups]:
        keep.update(sg.sources(owner, "targets"))  # goals directed at it
        keep.update(sg.sources(owner, "owned_by"))  # uppdrag it owns
    for bp in sg.sources(body, "plan_of"):
        keep.add(bp)
        keep.update(sg.targets(bp, "responds_to"))
        for sub in sg.targets(bp, "contains"):
            keep.add(sub)
            for kind in ("links_to", "carries_out", "measured_by"):
                keep.update(sg.targets(sub, kind))
    for adm in sg.sources(body, "serves"):
        keep.add(adm)
        keep.update(sg.sources(adm, "leads"))
    keep.update(sg.sources(body, "heads"))
    for row in sg.sources(body, "frame_of"):
        keep.add(row)
        keep.update(sg.targets(row, "part_of"))
    keep.update(sg.sources(body, "follows_up"))
    keep.update(sg.sources(body, "control_plan_of"))
    return keep


def council(sg: SteeringGraph) -> str | None:
    found = sg.nodes_of("council")
    return found[0] if found else None


def _within(sg: SteeringGraph, nodes: set[str], focus: str, depth: int) -> set[str]:
    """The nodes of ``nodes`` at most ``depth`` edges from ``focus``, along edges between
    nodes of ``nodes`` in either direction."""
    seen = {focus}
    queue = deque([(focus, 0)])
    g = sg.graph
    while queue:
        node, dist = queue.popleft()
        if dist == depth:
            continue
        for other in sorted(set(g.successors(node)) | set(g.predecessors(node))):
            if other in nodes and other not in seen:
                seen.add(other)
                queue.append((other, dist + 1))
    return seen


def view(sg: SteeringGraph, name: str = "all", body: str | None = None,
         depth: int | None = None) -> SteeringGraph:
    """The part of ``sg`` that the view, the body's chain and the depth keep, with the edges
    among those nodes; ``sg`` itself when nothing is asked for. ``body`` must be a body of
    the plan (``bodies``); a depth without a body counts from fullmäktige."""
    if name == "all" and body is None and depth is None:
        return sg
    nodes: set[str] = set(sg.graph.nodes)
    if name == "org":
        nodes = _org(sg)
    elif name == "goals":
        nodes = _goals(sg)
    if body is not None:
        nodes = (nodes & body_chain(sg, body)) | {body}
    if depth is not None:
        focus = body if body is not None else council(sg)
        if focus is not None:
            nodes = _within(sg, nodes | {focus}, focus, depth)
    return restrict(sg, nodes)


def restrict(sg: SteeringGraph, nodes: Iterable[str]) -> SteeringGraph:
    return SteeringGraph(sg.graph.subgraph(set(nodes)).copy(), sg.plan, sg.index)


def bodies(sg: SteeringGraph) -> list[str]:
    """The ids ``--body`` takes: the plan's bodies, in the order the plan lists them."""
    return [n for n in sg.graph.nodes if sg.kind(n) in BODIES]
