"""Rules rewritten in the condition language find exactly what their check functions found.

Each rewritten rule is run twice, as its file now says (conditions) and as it said before
(the built-in check function, still registered, with the rule's old ``select`` and
``options``), on every plan in ``plans/`` and on the plan of every rule test case. The
findings must be identical: rule, file, line, column, message in Swedish and English,
severity, evidence, related places, message parameters; and so must what each run says it
could not test (coverage).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from govcheck.api import load_plan
from govcheck.graph.build import build_graph
from govcheck.load.errors import PlanLoadError
from govcheck.paths import plans_dir, rules_dir
from govcheck.rules.casetest import materialise
from govcheck.rules.coverage import RuleCoverage
from govcheck.rules.engine import RuleSet, load_rules, run_rules
from govcheck.rules.finding import plain

FUNCTION_VERSIONS: dict[str, tuple[str, dict[str, str], dict[str, Any]]] = {
    "MAL001": ("goal_addressed_by_targets", {"kind": "council_goal"}, {}),
    "UPP001": ("assignment_owned", {"kind": "assignment"}, {}),
    "EKO002": ("net_cost_goal_set", {"kind": "assignment"}, {}),
    "EKO003": ("net_cost_growth_within_revenue", {}, {}),
    "MAL002": ("goal_complete", {"kind": "council_goal"}, {}),
    "MAL004": ("individual_indicator_by_sex", {"kind": "indicator"}, {}),
    "IKP001": ("internal_control_plan", {}, {"kinds": ["executive_board", "board"]}),
    "UPF001": ("sub_goals_followed_up", {}, {}),
    "UPP003": ("assignment_answered", {"kind": "assignment"},
               {"answer_kinds": ["executive_board", "board", "crisis_board", "joint_board"],
                "requirements_by_own_rule": True}),
    "UPP004": ("assignment_followed_up", {"kind": "assignment"},
               {"kinds": ["delårsrapport", "årsredovisning"], "group_whole_report": True}),
    "UPP002": ("assignment_within_mandate", {"kind": "assignment"}, {}),
    "DOK001": ("document_valid_through_period", {"kind": "document"},
               {"goal_documents_until_goal_period": True}),
    "MAL003": ("sub_goal_linked_and_measured", {"kind": "sub_goal"},
               {"assignment_link_anchors": True, "group_whole_plan": True}),
    "ORG002": ("administration_serves_board", {},
               {"serving_kinds": ["executive_board", "board", "crisis_board", "joint_board"],
                "required_kinds": ["executive_board", "board"]}),
    "ORG001": ("board_set_up_by_council", {},
               {"board_kinds": ["executive_board", "board", "crisis_board"],
                "joint_kinds": ["joint_board"]}),
    "ORG004": ("council_bodies_placed", {},
               {"direct_kinds": ["council_committee", "audit", "presiding_board"],
                "audit_kinds": ["audit"], "frames_table": "ramar",
                "frame_column_kinds": ["budget", "plan"]}),
    "EKO106": ("column_kinds_match_years", {}, {"outcome_kinds": ["bokslut", "utfall"]}),
    "EKO001": ("net_cost_within_frame", {}, {}),
    "BAL001": ("balanskrav_restored", {}, {"horizon": 3}),
    "BUD001": ("budget_three_year_plan", {}, {}),
    "BAL002": ("restoration_decided_in_time", {}, {"years_to_decide": 3}),
    "BAL003": ("exemption_decided", {}, {}),
    "MAL005": ("years_inside_plan", {}, {"follow_up_years_back": 2}),
    "FIN002": ("financial_goal_has_budget_level", {}, {}),
    "BAL008": ("adjustment_signs", {}, {"labels": [
        {"words": ["återföring", "orealiserade", "förlust"], "sign": -1},
        {"words": ["återföring", "orealiserade", "vinst"], "sign": 1},
        {"words": ["orealiserade", "förlust"], "sign": 1},
        {"words": ["orealiserade", "vinst"], "sign": -1},
        {"words": ["realisationsvinst", "undantag"], "sign": 1},
        {"words": ["realisationsförlust", "undantag"], "sign": 1},
        {"words": ["realisationsvinst"], "sign": -1}]}),
    "BUD002": ("budget_contents", {}, {}),
    "BUD003": ("budget_in_balance", {}, {}),
    "EKO107": ("row_labels_distinct", {}, {}),
    "BAL005": ("restoration_income_stated", {}, {"measure": "balanskrav_tillskott"}),
    "ORG005": ("companies_under_council_control", {},
               {"majority_above": 50, "require_policies": True, "require_oversight": True,
                "oversight_kinds": ["executive_board"]}),
}
"""Each rewritten rule's check function, ``select`` and ``options`` before the rewrite."""

RULESET = load_rules([rules_dir()])


def function_ruleset() -> RuleSet:
    """The catalogue with each rewritten rule back on its check function."""
    rules = []
    for rule in RULESET:
        if rule.id in FUNCTION_VERSIONS:
            check, select, options = FUNCTION_VERSIONS[rule.id]
            rule = rule.model_copy(update={
                "check": check, "select": select, "options": options, "given": None,
                "for_each": [], "let": {}, "where": None, "then": None, "blocks": None,
                "needs": []})
        rules.append(rule)
    return RuleSet(rules)


FUNCTIONS = function_ruleset()


def test_the_rewritten_rules_are_conditions_now():
    for rule_id in FUNCTION_VERSIONS:
        assert RULESET.get(rule_id).declarative, rule_id
        assert not FUNCTIONS.get(rule_id).declarative


def outcome(root: Path) -> list[Any]:
    """What both versions find on the plan at ``root``, as comparable values."""
    try:
        plan, index = load_plan(root)
    except PlanLoadError:
        return []
    graph = build_graph(plan, index)
    runs = []
    for ruleset in (RULESET, FUNCTIONS):
        found = []
        for lang in ("sv", "en"):
            coverage: dict[str, RuleCoverage] = {}
            findings = run_rules(graph, ruleset, lang, set(FUNCTION_VERSIONS),
                                 coverage=coverage)
            found.append([(f.rule, f.location, f.message, f.severity, plain(f.evidence),
                           f.related, f.variant, plain(f.params), f.basis) for f in findings])
            found.append({k: v.as_dict(lang) for k, v in sorted(coverage.items())})
        runs.append(found)
    return runs


PLANS = sorted(p for p in plans_dir().iterdir() if p.is_dir())


@pytest.mark.parametrize("plan", PLANS, ids=[p.name for p in PLANS])
def test_identical_on_every_plan(plan: Path):
    conditions, functions = outcome(plan)
    assert conditions == functions


CASES = [(rule, case) for rule in RULESET for case in rule.tests]


def test_identical_on_every_rule_test_case():
    """On the plan of every test case of every rule (not only the rewritten ones)."""
    compared = fired = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, (rule, case) in enumerate(CASES):
            root = Path(tmp) / f"case-{n}" / "plan"
            try:
                materialise(rule, case, root)
            except (ValueError, FileNotFoundError):
                continue
            conditions, functions = outcome(root)
            assert conditions == functions, f"{rule.id} {case.name}"
            compared += 1
            fired += bool(conditions and conditions[0])
    assert compared > 200 and fired > 20  # the comparison saw plans, and findings on them
