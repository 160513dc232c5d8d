"""The content rules (MAL002–MAL004, UPP002–UPP004, DOK001): their cases, in both
languages, and the messages and evidence they give on the real plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REAL_PLAN, ROOT
from govcheck.api import load_plan
from govcheck.graph.build import build_graph
from govcheck.paths import rules_dir
from govcheck.rules.casetest import materialise, run_case
from govcheck.rules.checks import Context
from govcheck.rules.engine import check_of, load_rules, run_rules
from govcheck.rules.finding import Hit

CONTENT = {"MAL002", "MAL003", "MAL004", "UPP002", "UPP003", "UPP004", "DOK001"}
STAGING = ROOT / "rules-staging" / "content"


def _ruleset():
    """The built-in rules, plus the staged content rules while they are not yet built in."""
    builtin = {p.stem for p in rules_dir().glob("*.yaml")}
    extra = [STAGING] if STAGING.is_dir() and not CONTENT <= builtin else []
    return load_rules([rules_dir(), *extra])


RULESET = _ruleset()
CASES = [(r, c) for r in RULESET if r.id in CONTENT for c in r.tests]


@pytest.mark.parametrize("rule,case", CASES, ids=[f"{r.id}-{c.name}" for r, c in CASES])
def test_case(rule, case):
    result = run_case(rule, case, RULESET)
    assert not result.error, result.error
    assert result.actual == result.expected


@pytest.mark.parametrize("rule,case", CASES, ids=[f"{r.id}-{c.name}" for r, c in CASES])
def test_case_messages_render_in_english(rule, case, tmp_path: Path):
    materialise(rule, case, tmp_path / "plan")
    plan, index = load_plan(tmp_path / "plan")
    findings = run_rules(build_graph(plan, index), RULESET, "en", {rule.id})
    assert len(findings) == len(case.expect)
    assert all(f.message and "{" not in f.message for f in findings)


def test_every_variant_is_exercised_by_a_case(tmp_path: Path):
    seen: set[tuple[str, str]] = set()
    for rule, case in CASES:
        root = tmp_path / f"{rule.id}-{case.name}"
        materialise(rule, case, root)
        graph = build_graph(*load_plan(root))
        ctx = Context(graph, graph.nodes_of(rule.select["kind"]) if rule.select else [])
        hits = check_of(rule).fn(ctx, RULESET.options[rule.id])
        seen |= {(rule.id, hit.variant) for hit in hits if isinstance(hit, Hit)}
    wanted = {(r.id, v) for r in RULESET if r.id in CONTENT for v in r.messages}
    assert wanted - seen == set()


@pytest.fixture(scope="module")
def real_findings():
    plan, index = load_plan(REAL_PLAN)
    return run_rules(build_graph(plan, index), RULESET, "sv", CONTENT)


def test_real_plan_sub_goals_without_indicators_is_one_finding(real_findings):
    [plan_level] = [f for f in real_findings if f.rule == "MAL003"
                    and f.evidence["path"] == ["rs", "rs-2026"]]
    assert "inget av de 6 delmålen" in plan_level.message
    assert "(planeringsunderlag)" in plan_level.message
    assert len(plan_level.related) == 6


def test_real_plan_unanchored_sub_goal_is_vaar_kultur_only(real_findings):
    unlinked = [f.evidence["path"][-1] for f in real_findings
                if f.rule == "MAL003" and len(f.evidence["path"]) == 3]
    # rs-dm-ledning-styrning has no regionmål link but carries out upp-01
    assert unlinked == ["rs-dm-kultur"]


def test_real_plan_board_without_plan_lists_its_assignments(real_findings):
    hsn = next(f for f in real_findings if f.rule == "UPP003"
               and f.evidence.get("path") == ["rf", "hsn"])
    assert hsn.evidence["assignments"] == ["upp-01", "upp-02", "upp-03", "upp-04"]
    assert hsn.message.endswith("(upp-01, upp-02, upp-03, upp-04)")
    # beredningar answer outside any nämndplan
    assert not any(f.rule == "UPP003" and "beredning" in str(f.evidence)
                   for f in real_findings)


def test_real_plan_net_cost_assignment_is_left_to_eko002(real_findings):
    rs = [f for f in real_findings if f.rule == "UPP003" and "rs-2026" in f.evidence["path"]]
    assert [f.evidence["path"][0] for f in rs] == ["upp-04"]


def test_real_plan_document_finding_names_the_years(real_findings):
    [doc] = [f for f in real_findings if f.rule == "DOK001"]
    assert "gäller till 2026" in doc.message and "till 2027" in doc.message
    assert doc.evidence["paths"] == [["rf", "mal-7", "strategi-hallbar-besoksnaring"]]
    assert doc.evidence["source"].startswith("rp2026")
