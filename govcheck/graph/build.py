"""The steering graph: typed nodes and typed edges over a validated plan.

Nodes are entity ids with a ``kind`` (English, from the glossary) and the
entity itself; edges carry a ``kind`` too, and a node pair can have several.
Rules read the plan through this graph, never through raw YAML.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from govcheck.model.base import Entity
from govcheck.model.plan import BoardPlan, Plan, Table
from govcheck.model.resolve import Index

BODY_KINDS = {
    "fullmäktige": "council", "presidium": "presiding_board", "beredning": "council_committee",
    "revision": "audit", "styrelse": "executive_board", "nämnd": "board",
    "krisledningsnämnd": "crisis_board", "gemensam_nämnd": "joint_board", "utskott": "committee",
}
BOARDISH = frozenset({"executive_board", "board", "crisis_board", "joint_board"})


class SteeringGraph:
    """The steering graph of a plan: the networkx graph, the plan and its index (a holder of
    large values: compared by identity)."""

    def __init__(self, graph: nx.MultiDiGraph, plan: Plan, index: Index) -> None:
        self.graph = graph
        self.plan = plan
        self.index = index
        # Indexes made on first use (the graph is complete by then: nothing changes it
        # after build_graph): nodes by kind in the order the plan lists them, and each
        # node's targets and sources by edge kind in the graph's own adjacency order.
        self._by_kind: dict[str, list[str]] | None = None
        self._out: dict[tuple[str, str], list[str]] | None = None
        self._in: dict[tuple[str, str], list[str]] | None = None

    def kind(self, node: str) -> str:
        return str(self.graph.nodes[node]["kind"])

    def entity(self, node: str) -> Any:
        return self.graph.nodes[node].get("entity")

    def nodes_of(self, *kinds: str) -> list[str]:
        """Nodes of the given kinds, in the order the plan lists them."""
        if self._by_kind is None:
            by_kind: dict[str, list[str]] = {}
            for n, kind in self.graph.nodes(data="kind"):
                by_kind.setdefault(kind, []).append(n)
            self._by_kind = by_kind
        if len(kinds) == 1:
            return list(self._by_kind.get(kinds[0], ()))
        wanted = set(kinds)
        return [n for n, kind in self.graph.nodes(data="kind") if kind in wanted]

    def targets(self, node: str, edge_kind: str) -> list[str]:
        if self._out is None:
            self._out = _by_edge_kind(self.graph.succ)
        return list(self._out.get((node, edge_kind), ()))

    def sources(self, node: str, edge_kind: str) -> list[str]:
        if self._in is None:
            self._in = _by_edge_kind(self.graph.pred)
        return list(self._in.get((node, edge_kind), ()))

    def expand_owners(self, owners: Iterable[str]) -> list[str]:
        """Owner ids with every group replaced by its members, first occurrence kept."""
        out: list[str] = []
        for owner in owners:
            members = (self.targets(owner, "includes") if self.kind(owner) == "group"
                       else [owner])
            for m in members:
                if m not in out:
                    out.append(m)
        return out

    def owner_bodies(self, owners: list[str]) -> list[tuple[str, int, str]]:
        """Each body that ``owners`` name, directly or through a group, once, as (body,
        index of the owner entry, owner entry). A body named directly is reached through
        its own entry, else through the group with the smallest id: the choice, which a
        finding's path shows, does not depend on the order the owners are listed in."""
        best: dict[str, tuple[bool, str, int]] = {}
        for i, owner in enumerate(owners):
            for body in self.expand_owners([owner]):
                key = (owner != body, owner, i)
                if body not in best or key < best[body]:
                    best[body] = key
        return [(body, i, owner) for body, (_, owner, i) in best.items()]

    def board_plans(self, body: str, year: int | None = None) -> list[BoardPlan]:
        plans = [self.entity(p) for p in self.sources(body, "plan_of")]
        return [p for p in plans if year is None or p.year == year]

    def tables(self, table_kind: str) -> Iterator[Table]:
        for node in self.nodes_of("table"):
            table = self.entity(node)
            if table.kind == table_kind:
                yield table

    def label(self, node: str) -> str:
        return str(self.graph.nodes[node].get("label", node))


def _by_edge_kind(adjacency: Any) -> dict[tuple[str, str], list[str]]:
    """``{(node, edge kind): neighbours}`` from a MultiDiGraph's ``succ`` or ``pred``
    (``{node: {neighbour: {edge kind: data}}}``; edge keys are the edge kinds)."""
    out: dict[tuple[str, str], list[str]] = {}
    for node, neighbours in adjacency.items():
        for other, kinds in neighbours.items():
            for kind in kinds:
                out.setdefault((node, kind), []).append(other)
    return out


def _add(g: nx.MultiDiGraph, entity: Entity, kind: str, label: str) -> None:
    g.add_node(entity.id, kind=kind, entity=entity, label=label)


def build_graph(plan: Plan, index: Index) -> SteeringGraph:
    g = nx.MultiDiGraph()
    org = plan.organisation
    if org is not None:
        for body in org.bodies:
            _add(g, body, BODY_KINDS[body.kind], body.name)
        for adm in org.administrations:
            _add(g, adm, "administration", adm.name)
        for role in org.roles:
            _add(g, role, "role", role.name)
        for fed in org.federations:
            _add(g, fed, "federation", fed.name)
        for company in org.companies:
            _add(g, company, "company", company.name)
    for goal in plan.council_goals:
        _add(g, goal, "council_goal", goal.name)
    for fgoal in plan.financial_goals:
        _add(g, fgoal, "financial_goal", fgoal.name)
    for group in plan.groups:
        _add(g, group, "group", group.name)
    for assignment in plan.assignments:
        _add(g, assignment, "assignment", assignment.id)
    for doc in plan.documents:
        _add(g, doc, "document", doc.title)
    tables = list(plan.tables)
    for bp in plan.board_plans:
        _add(g, bp, "board_plan", bp.title or bp.id)
        for sg in bp.sub_goals:
            _add(g, sg, "sub_goal", sg.name)
            for ind in sg.indicators:
                _add(g, ind, "indicator", ind.name)
        tables.extend(bp.tables)
    for table in tables:
        _add(g, table, "table", table.title)
    for fu in plan.follow_ups:
        _add(g, fu, "follow_up", fu.id)
    for cp in plan.control_plans:
        _add(g, cp, "control_plan", cp.id)

    if org is not None:
        council = next((b.id for b in org.bodies if b.kind == "fullmäktige"), None)
        for body in org.bodies:
            if body.parent:
                g.add_edge(body.parent, body.id, key="sets_up")
        for adm in org.administrations:
            g.add_edge(adm.id, adm.board, key="serves")
            if adm.head:
                g.add_edge(adm.head, adm.id, key="leads")
        for role in org.roles:
            for head in role.heads:
                g.add_edge(role.id, head, key="heads")
            if role.administration:
                g.add_edge(role.id, role.administration, key="leads")
        if council is not None:
            for fed in org.federations:
                g.add_edge(council, fed.id, key="member_of")
        for company in org.companies:
            # a parent company owns its subsidiary whether or not the plan names fullmäktige
            owner = company.parent_company or council
            if owner is not None:
                g.add_edge(owner, company.id, key="owns", share=company.ownership_share)
    for goal in plan.council_goals:
        for body in goal.targets:
            g.add_edge(goal.id, body, key="targets")
        for doc in goal.documents:
            g.add_edge(goal.id, doc, key="steered_by")
    for group in plan.groups:
        for member in group.members:
            g.add_edge(group.id, member, key="includes")
    for assignment in plan.assignments:
        for owner in assignment.owners:
            g.add_edge(assignment.id, owner, key="owned_by")
    for doc in plan.documents:
        if doc.decided_by:
            g.add_edge(doc.id, doc.decided_by, key="decided_by")
    for bp in plan.board_plans:
        g.add_edge(bp.id, bp.board, key="plan_of")
        for sg in bp.sub_goals:
            g.add_edge(bp.id, sg.id, key="contains")
            for link in sg.goal_links:
                g.add_edge(sg.id, link.goal, key="links_to")
            for upp in sg.assignment_links:
                g.add_edge(sg.id, upp, key="carries_out")
            for ind in sg.indicators:
                g.add_edge(sg.id, ind.id, key="measured_by")
        for resp in bp.responses:
            g.add_edge(bp.id, resp.assignment, key="responds_to")
    for table in tables:
        for row in table.rows:
            row_node = f"{table.id}/{row.id}"
            g.add_node(row_node, kind="row", entity=row, label=row.heading)
            g.add_edge(row_node, table.id, key="part_of")
            if row.body:
                g.add_edge(row_node, row.body, key="frame_of")
    for fu in plan.follow_ups:
        if fu.body:
            g.add_edge(fu.id, fu.body, key="follows_up")
    for cp in plan.control_plans:
        g.add_edge(cp.id, cp.body, key="control_plan_of")
    return SteeringGraph(g, plan, index)
