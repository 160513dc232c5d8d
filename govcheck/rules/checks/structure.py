"""Structure checks: the organisation as a steering chain.

Every nämnd is set up by fullmäktige, every förvaltning serves one nämnd, the chain has
no cycle, fullmäktige's own bodies sit directly under it, and the companies fullmäktige
controls are covered by its policies and by the styrelse's uppsikt.
"""

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import networkx as nx

from govcheck.graph.build import BOARDISH, SteeringGraph
from govcheck.load.errors import Location
from govcheck.rules.checks.figures import cite
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.finding import Hit


def _council(g: SteeringGraph) -> str | None:
    councils = g.nodes_of("council")
    return councils[0] if councils else None


def _edge_graph(g: SteeringGraph, kinds: list[str]) -> nx.DiGraph:
    """A simple directed graph of the edges of the given kinds (each edge keeps its kind)."""
    out = nx.DiGraph()
    out.add_nodes_from(g.graph.nodes)
    wanted = set(kinds)
    for u, v, kind in g.graph.edges(keys=True):
        if kind in wanted and not out.has_edge(u, v):
            out.add_edge(u, v, kind=kind)
    return out


def _up_chain(g: SteeringGraph, node: str) -> list[str]:
    """The body and the bodies above it along ``under``; a repeated id ends a loop."""
    chain = [node]
    parent = g.entity(node).parent
    while parent is not None:
        chain.append(parent)
        if parent in chain[:-1] or g.kind(parent) == "council":
            break
        parent = g.entity(parent).parent
    return chain


def _arrow(nodes: list[str]) -> str:
    return " → ".join(nodes)


# --- ORG001 ---------------------------------------------------------------------

class SetUpByCouncilOptions(Options):
    board_kinds: list[str] = ["executive_board", "board", "crisis_board"]
    joint_kinds: list[str] = ["joint_board"]


@check("board_set_up_by_council", SetUpByCouncilOptions,
       ("no_parent", "not_reachable", "indirect", "joint_no_partners"),
       needs=('organisation',))
def board_set_up_by_council(ctx: Context, options: SetUpByCouncilOptions) -> Iterator[Hit]:
    """Each styrelse and nämnd (``board_kinds``) stands directly under fullmäktige: its
    ``under`` names the council (``no_parent`` when it has none, ``not_reachable`` when
    the ``under`` chain never reaches the council, ``indirect`` when it reaches it through
    another body). A gemensam nämnd (``joint_kinds``) names its parter instead
    (``joint_no_partners``); if it also has an ``under``, that is checked the same way."""
    g = ctx.graph
    council = _council(g)
    sets_up = _edge_graph(g, ["sets_up"])
    joint = set(options.joint_kinds)
    for node in g.nodes_of(*options.board_kinds, *options.joint_kinds):
        body = g.entity(node)
        base = {"body": node, "body_name": body.name, "typ": body.kind,
                "council": council or "fullmäktige"}
        if g.kind(node) in joint:
            if not body.partners:
                yield Hit("joint_no_partners", base,
                          body.at("parter") if "parter" in body.keylocs else body.at(),
                          evidence={"body": node, "kind": g.kind(node), "partners": [],
                                    "under": body.parent, "source": cite(body)})
            if body.parent is None:
                continue
        if body.parent is None:
            yield Hit("no_parent", base, body.at(),
                      evidence={"body": node, "kind": g.kind(node), "under": None,
                                "council": council, "source": cite(body)})
            continue
        chain = _up_chain(g, node)
        if council is None or not nx.has_path(sets_up, council, node):
            yield Hit("not_reachable", {**base, "chain": _arrow(chain)}, body.at("under"),
                      evidence={"body": node, "kind": g.kind(node), "under": body.parent,
                                "chain_upwards": chain, "council": council,
                                "source": cite(body)},
                      related=(g.entity(body.parent).at(),))
            continue
        if body.parent != council:
            path = nx.shortest_path(sets_up, council, node)
            yield Hit("indirect",
                      {**base, "parent": body.parent, "parent_name": g.label(body.parent),
                       "path": _arrow(path)},
                      body.at("under"),
                      evidence={"body": node, "kind": g.kind(node), "under": body.parent,
                                "path": path, "source": cite(body)},
                      related=(g.entity(body.parent).at(),))


# --- ORG002 ---------------------------------------------------------------------

class AdministrationOptions(Options):
    serving_kinds: list[str] = sorted(BOARDISH)
    required_kinds: list[str] = ["executive_board", "board"]


@check("administration_serves_board", AdministrationOptions,
       ("serves_non_board", "no_administration", "several_administrations"),
       needs=('organisation',))
def administration_serves_board(ctx: Context, options: AdministrationOptions) -> Iterator[Hit]:
    """Each förvaltning serves a styrelse or nämnd (``serving_kinds``; the model already
    lets it name exactly one body), and each body of ``required_kinds`` (by default every
    styrelse and nämnd, not the krisledningsnämnd nor a gemensam nämnd) is served by
    exactly one förvaltning: none gives ``no_administration`` at the body, two or more
    give one ``several_administrations`` at the second förvaltning's ``nämnd``."""
    g = ctx.graph
    council = _council(g)
    serving = set(options.serving_kinds)
    for node in g.nodes_of("administration"):
        adm = g.entity(node)
        if g.kind(adm.board) not in serving:
            body = g.entity(adm.board)
            yield Hit("serves_non_board",
                      {"administration": node, "administration_name": adm.name,
                       "body": adm.board, "body_name": body.name, "typ": body.kind},
                      adm.at_field("board"),
                      evidence={"administration": node, "body": adm.board,
                                "body_kind": g.kind(adm.board),
                                "allowed_kinds": sorted(serving),
                                "path": [node, adm.board], "source": cite(adm)},
                      related=(body.at(),))
    sets_up = _edge_graph(g, ["sets_up"])
    for node in g.nodes_of(*options.required_kinds):
        body = g.entity(node)
        adms = g.sources(node, "serves")
        params = {"body": node, "body_name": body.name, "count": len(adms),
                  "administrations": ", ".join(adms)}
        path = (nx.shortest_path(sets_up, council, node)
                if council is not None and nx.has_path(sets_up, council, node) else [node])
        if not adms:
            yield Hit("no_administration", params, body.at(),
                      evidence={"body": node, "kind": g.kind(node), "administrations": [],
                                "path": path, "source": cite(body)}, part="organisation")
        elif len(adms) > 1:
            second = g.entity(adms[1])
            yield Hit("several_administrations", params, second.at_field("board"),
                      evidence={"body": node, "kind": g.kind(node), "administrations": adms,
                                "path": path, "source": cite(body)},
                      related=(body.at(), *(g.entity(a).at() for a in adms if a != adms[1])))


# --- ORG003 ---------------------------------------------------------------------

class AcyclicOptions(Options):
    edge_kinds: list[str] = ["sets_up", "heads"]


def _edge_at(g: SteeringGraph, u: str, v: str, kind: str) -> Location:
    """Where the plan states edge ``u → v``: a body's ``under``, a role's ``chef_över``."""
    if kind == "sets_up":
        return g.entity(v).at("under")
    if kind == "heads":
        role = g.entity(u)
        return role.at_field("heads", role.heads.index(v))
    return g.entity(u).at()


@check("steering_chain_acyclic", AcyclicOptions, ("body_cycle", "role_cycle", "cycle"))
def steering_chain_acyclic(ctx: Context, options: AcyclicOptions) -> Iterator[Hit]:
    """The steering chain, the edges of ``edge_kinds`` (bodies' ``under`` and roles'
    ``chef_över``), has no cycle. Each simple cycle gives one hit, at the edge stated
    first in the plan files, with the cycle as its path; a cycle of bodies is shown
    along ``under`` (upwards), any other along the edges."""
    g = ctx.graph
    chain = _edge_graph(g, options.edge_kinds)
    for cycle in nx.simple_cycles(chain):
        edges = [(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))]
        kinds = [chain.edges[u, v]["kind"] for u, v in edges]
        places = [_edge_at(g, u, v, k) for (u, v), k in zip(edges, kinds)]
        first = min(range(len(edges)), key=lambda i: places[i])
        path = cycle[first:] + cycle[:first] + [cycle[first]]
        variant = ("body_cycle" if set(kinds) == {"sets_up"} else
                   "role_cycle" if set(kinds) == {"heads"} else "cycle")
        evidence: dict[str, Any] = {"path": path, "edge_kinds": kinds[first:] + kinds[:first]}
        shown = path
        if variant == "body_cycle":
            # the located key is the "under" of the edge's lower body: go upwards from it
            ring = path[1:-1] + path[:1]
            shown = [ring[0], *reversed(ring[1:]), ring[0]]
            evidence["chain_upwards"] = shown
        evidence["sources"] = [cite(g.entity(n)) for n in path[:-1]]
        # the entity whose key states the located edge: the lower body, or the manager
        evidence["source"] = cite(g.entity(path[1] if kinds[first] == "sets_up" else path[0]))
        yield Hit(variant, {"cycle": _arrow(shown), "length": len(cycle)}, places[first],
                  evidence=evidence,
                  related=tuple(p for i, p in enumerate(places) if i != first))


# --- ORG004 ---------------------------------------------------------------------

class CouncilBodiesOptions(Options):
    direct_kinds: list[str] = ["council_committee", "audit", "presiding_board"]
    audit_kinds: list[str] = ["audit"]
    frames_table: str = "ramar"
    frame_column_kinds: list[str] = ["budget", "plan"]


@check("council_bodies_placed", CouncilBodiesOptions,
       ("no_parent", "not_under_council", "audit_no_frame"),
       needs=('organisation',))
def council_bodies_placed(ctx: Context, options: CouncilBodiesOptions) -> Iterator[Hit]:
    """Each beredning, revision and presidium (``direct_kinds``) has ``under`` naming
    the council itself; and each revision (``audit_kinds``) has a frame for the budget
    year in a frames table: a row with ``organ`` = the revision that is not a "varav"
    row, with a figure in a budget or plan column of the budget year. A missing frame
    is reported at the revision's row if one exists, else at the first frames table's
    rows, else (no frames table) at the revision."""
    g = ctx.graph
    council = _council(g)
    year = ctx.budget_year
    for node in g.nodes_of(*options.direct_kinds):
        body = g.entity(node)
        base = {"body": node, "body_name": body.name, "typ": body.kind,
                "council": council or "fullmäktige"}
        if body.parent is None:
            yield Hit("no_parent", base, body.at(),
                      evidence={"body": node, "kind": g.kind(node), "under": None,
                                "council": council, "source": cite(body)})
        elif body.parent != council:
            chain = _up_chain(g, node)
            yield Hit("not_under_council",
                      {**base, "parent": body.parent, "parent_name": g.label(body.parent)},
                      body.at("under"),
                      evidence={"body": node, "kind": g.kind(node), "under": body.parent,
                                "chain_upwards": chain, "council": council,
                                "source": cite(body)},
                      related=(g.entity(body.parent).at(),))
    tables = list(g.tables(options.frames_table))
    for node in g.nodes_of(*options.audit_kinds):
        body = g.entity(node)
        found = []
        for table in tables:
            for row in table.rows:
                if row.body != node or row.part_of:
                    continue
                for i, col in enumerate(table.columns):
                    if (col.year == year and col.kind in options.frame_column_kinds
                            and i < len(row.values) and row.values[i] is not None):
                        found.append((table.id, row.id, row.values[i]))
        if found:
            continue
        naming = [(t, r) for t in tables for r in t.rows if r.body == node]
        rows = [f"{t.id}/{r.id}" for t, r in naming]
        if naming:  # a "varav" row, or a row without the budget year's figure
            row = naming[0][1]
            where = row.at("varav_av") if row.part_of else row.at()
        else:
            where = tables[0].at("rader") if tables else body.at()
        yield Hit("audit_no_frame",
                  {"body": node, "body_name": body.name, "year": year,
                   "tables": ", ".join(t.id for t in tables) or "—"},
                  where,
                  evidence={"body": node, "year": year, "frames_tables": [t.id for t in tables],
                            "rows_naming_body": rows, "path": [council, node],
                            "source": cite(tables[0]) if tables else cite(body)},
                  related=(body.at(),))


# --- ORG005 ---------------------------------------------------------------------

class CompaniesOptions(Options):
    majority_above: int = 50
    require_policies: bool = True
    require_oversight: bool = True
    oversight_kinds: list[str] = ["executive_board"]


WHOLLY, MAJORITY = "helägda_bolag", "majoritetsägda_bolag"


def _controlled(g: SteeringGraph, above: Decimal) -> dict[str, tuple[str, list[str]]]:
    """Company id → (policy scope, ownership path from the council) for each company the
    region controls: share above ``above``, and, for a subsidiary, a parent it controls
    too. Wholly owned only when every link is 100 %."""
    out: dict[str, tuple[str, list[str]] | None] = {}
    council = _council(g) or "fullmäktige"

    def visit(node: str, seen: frozenset[str]) -> tuple[str, list[str]] | None:
        if node in out:
            return out[node]
        company = g.entity(node)
        result: tuple[str, list[str]] | None = None
        if company.ownership_share > above and node not in seen:
            scope = WHOLLY if company.ownership_share == 100 else MAJORITY
            if company.parent_company is None:
                result = (scope, [council, node])
            else:
                parent = visit(company.parent_company, seen | {node})
                if parent is not None:
                    result = (WHOLLY if scope == WHOLLY and parent[0] == WHOLLY else MAJORITY,
                              [*parent[1], node])
        out[node] = result
        return result

    companies = g.nodes_of("company")
    for node in companies:
        visit(node, frozenset())
    return {n: found for n in companies if (found := out.get(n)) is not None}


@check("companies_under_council_control", CompaniesOptions,
       ("policies_missing", "no_oversight", "no_executive_board"),
       needs=('bolag',))
def companies_under_council_control(ctx: Context, options: CompaniesOptions) -> Iterator[Hit]:
    """For the companies the region controls (ägarandel above ``majority_above`` %, and a
    subsidiary only when its parent is controlled too): the organisation's
    ``policyer_omfattar`` includes ``helägda_bolag`` if one is wholly owned and
    ``majoritetsägda_bolag`` if one is majority owned (one ``policies_missing`` per
    missing scope), and some styrelse (``oversight_kinds``) has ``bolag`` in its
    ``uppsikt_över`` (``no_oversight``; ``no_executive_board`` when there is none)."""
    g = ctx.graph
    org = ctx.plan.organisation
    if org is None:
        return
    controlled = _controlled(g, Decimal(options.majority_above))
    if not controlled:
        return
    council = _council(g)

    def listing(nodes: list[str]) -> str:
        return ", ".join(g.label(n) for n in nodes)

    def shown(nodes: list[str]) -> list[dict[str, Any]]:
        return [{"company": n, "ownership_share": g.entity(n).ownership_share,
                 "path": controlled[n][1], "source": cite(g.entity(n))} for n in nodes]

    if options.require_policies:
        for scope in (WHOLLY, MAJORITY):
            nodes = [n for n, (s, _) in controlled.items() if s == scope]
            if not nodes or scope in org.policies_cover:
                continue
            yield Hit("policies_missing",
                      {"scope": scope, "count": len(nodes), "companies": listing(nodes)},
                      org.at("policyer_omfattar") if "policyer_omfattar" in org.keylocs
                      else org.at(),
                      evidence={"policies_cover": list(org.policies_cover), "missing": scope,
                                "companies": shown(nodes), "source": cite(org)},
                      related=tuple(g.entity(n).at("ägarandel") for n in nodes))
    if options.require_oversight:
        boards = g.nodes_of(*options.oversight_kinds)
        if any("bolag" in g.entity(b).oversight for b in boards):
            return
        nodes = list(controlled)
        params = {"count": len(nodes), "companies": listing(nodes)}
        if not boards:
            yield Hit("no_executive_board", params, org.at(),
                      evidence={"executive_boards": [], "companies": shown(nodes),
                                "source": cite(org)},
                      related=tuple(g.entity(n).at("ägarandel") for n in nodes))
            return
        board = g.entity(boards[0])
        yield Hit("no_oversight",
                  {**params, "body": boards[0], "body_name": board.name},
                  board.at("uppsikt_över") if "uppsikt_över" in board.keylocs else board.at(),
                  evidence={"executive_boards": boards,
                            "oversight": {b: list(g.entity(b).oversight) for b in boards},
                            "path": [council, boards[0]], "companies": shown(nodes),
                            "source": cite(board)},
                  related=tuple(g.entity(n).at("ägarandel") for n in nodes))
