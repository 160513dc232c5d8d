"""Structure checks (ORG001–ORG005) on generated organisations: trees pass, back edges cycle."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govcheck.api import load_plan
from govcheck.graph.build import SteeringGraph, build_graph
from govcheck.rules.checks import CHECKS, Context
from govcheck.rules.checks.structure import _controlled
from govcheck.rules.finding import Hit

from conftest import REAL_PLAN

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
TOP_KINDS = ["styrelse", "nämnd", "krisledningsnämnd", "beredning", "presidium", "revision"]
HAS_COMMITTEES = {"styrelse", "nämnd", "krisledningsnämnd", "utskott"}


def graph_of(organisation: dict[str, Any]) -> SteeringGraph:
    doc = {"plan": {"id": "p", "namn": "P", "organisation": "Region P",
                    "organisationstyp": "region", "budgetår": 2026,
                    "planperiod": {"från": 2026, "till": 2028}},
           "organisation": {"namn": "Region P", **organisation}}
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "plan.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True),
                                          encoding="utf-8")
        plan, index = load_plan(tmp)
    return build_graph(plan, index)


def hits(check: str, graph: SteeringGraph) -> list[Hit]:
    definition = CHECKS[check]
    return list(definition.fn(Context(graph, []), definition.options()))


@st.composite
def body_trees(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Fullmäktige, bodies of every top kind directly under it, utskott below those."""
    bodies: list[dict[str, Any]] = [{"id": "rf", "namn": "RF", "typ": "fullmäktige"}]
    for i, kind in enumerate(draw(st.lists(st.sampled_from(TOP_KINDS), max_size=6))):
        bodies.append({"id": f"b{i}", "namn": f"B{i}", "typ": kind, "under": "rf"})
    for i in range(draw(st.integers(0, 6))):
        parents = [b["id"] for b in bodies if b["typ"] in HAS_COMMITTEES]
        if not parents:
            break
        bodies.append({"id": f"u{i}", "namn": f"U{i}", "typ": "utskott",
                       "under": draw(st.sampled_from(parents))})
    return bodies


@st.composite
def role_trees(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Roles where each role but the first is headed by exactly one earlier role."""
    roles: list[dict[str, Any]] = [{"id": "r0", "namn": "R0", "typ": "regiondirektör"}]
    for i in range(1, draw(st.integers(1, 8))):
        head = roles[draw(st.integers(0, i - 1))]
        head.setdefault("chef_över", []).append(f"r{i}")
        roles.append({"id": f"r{i}", "namn": f"R{i}", "typ": "förvaltningschef"})
    return roles


def ancestors(bodies: list[dict[str, Any]], node: str) -> list[str]:
    """``node`` and the bodies above it, nearest first."""
    parent = {b["id"]: b.get("under") for b in bodies}
    chain = [node]
    while parent[chain[-1]] is not None:
        chain.append(parent[chain[-1]])
    return chain


@SETTINGS
@given(body_trees(), role_trees())
def test_a_tree_under_the_council_has_no_findings(bodies, roles):
    graph = graph_of({"organ": bodies, "roller": roles})
    assert hits("board_set_up_by_council", graph) == []
    assert hits("steering_chain_acyclic", graph) == []
    assert [h for h in hits("council_bodies_placed", graph) if h.variant != "audit_no_frame"] == []


@SETTINGS
@given(body_trees(), st.data())
def test_a_back_edge_between_bodies_gives_exactly_one_cycle(bodies, data):
    lower = data.draw(st.sampled_from([b["id"] for b in bodies]))
    chain = ancestors(bodies, lower)
    upper = data.draw(st.sampled_from(chain))
    in_cycle = chain[: chain.index(upper) + 1]
    # make ``upper`` stand under its own descendant ``lower`` (or under itself)
    next(b for b in bodies if b["id"] == upper)["under"] = lower
    found = hits("steering_chain_acyclic", graph_of({"organ": bodies}))
    assert len(found) == 1
    hit = found[0]
    assert hit.variant == "body_cycle"
    assert set(hit.evidence["path"]) == set(in_cycle)
    assert hit.evidence["path"][0] == hit.evidence["path"][-1]
    assert len(hit.evidence["path"]) == len(in_cycle) + 1
    assert hit.location.file.endswith("plan.yaml") and hit.location.line > 0


@SETTINGS
@given(role_trees(), st.data())
def test_a_back_edge_between_roles_gives_exactly_one_cycle(roles, data):
    heads = {r: h["id"] for h in roles for r in h.get("chef_över", [])}
    lower = data.draw(st.sampled_from([r["id"] for r in roles]))
    chain = [lower]
    while chain[-1] in heads:
        chain.append(heads[chain[-1]])
    upper = data.draw(st.sampled_from(chain))
    # ``lower`` becomes the manager of its own manager ``upper`` (or of itself)
    next(r for r in roles if r["id"] == lower).setdefault("chef_över", []).append(upper)
    found = hits("steering_chain_acyclic", graph_of({"roller": roles}))
    assert len(found) == 1
    assert found[0].variant == "role_cycle"
    assert set(found[0].evidence["path"]) == set(chain[: chain.index(upper) + 1])


def test_real_plan_controlled_companies():
    plan, index = load_plan(REAL_PLAN)
    controlled = _controlled(build_graph(plan, index), 50)
    assert {k: v[0] for k, v in controlled.items()} == {
        "lanstrafiken": "helägda_bolag",
        "vasterbottensteatern": "majoritetsägda_bolag",
        "norrlandsoperan": "majoritetsägda_bolag",
        "ac-net-externservice": "majoritetsägda_bolag",
    }


companies = st.lists(st.tuples(st.sampled_from(["100.0", "60.0", "50.0", "40.0", "1.8"]),
                               st.integers(-1, 6)), max_size=7)


@SETTINGS
@given(companies)
def test_a_subsidiary_is_controlled_only_through_a_controlled_parent(rows):
    bolag = []
    for i, (share, parent) in enumerate(rows):
        entry: dict[str, Any] = {"id": f"c{i}", "namn": f"C{i}", "ägarandel": float(share)}
        if 0 <= parent < i:
            entry["moderbolag"] = f"c{parent}"
        bolag.append(entry)
    graph = graph_of({"organ": [{"id": "rf", "namn": "RF", "typ": "fullmäktige"}],
                      "bolag": bolag})
    controlled = _controlled(graph, 50)
    for entry in bolag:
        own = float(entry["ägarandel"]) > 50
        parent = entry.get("moderbolag")
        expected = own and (parent is None or parent in controlled)
        assert (entry["id"] in controlled) == expected
        if expected:
            wholly = entry["ägarandel"] == 100.0 and (
                parent is None or controlled[parent][0] == "helägda_bolag")
            assert controlled[entry["id"]][0] == ("helägda_bolag" if wholly
                                                  else "majoritetsägda_bolag")
