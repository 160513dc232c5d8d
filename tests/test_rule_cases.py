"""Every rule's named cases, run as data: expected findings (rule, file, line) must match."""

from __future__ import annotations

import pytest

from govcheck.paths import rules_dir
from govcheck.rules.casetest import run_case
from govcheck.rules.engine import load_rules

RULESET = load_rules([rules_dir()])
CASES = [(rule, case) for rule in RULESET for case in rule.tests]


@pytest.mark.parametrize("rule,case", CASES, ids=[f"{r.id}-{c.name}" for r, c in CASES])
def test_rule_case(rule, case):
    result = run_case(rule, case, RULESET)
    assert not result.error, result.error
    assert result.actual == result.expected


@pytest.mark.parametrize("rule", list(RULESET), ids=[r.id for r in RULESET])
def test_rule_has_passing_and_failing_case(rule):
    assert any(not c.expect for c in rule.tests), f"{rule.id} has no passing case"
    assert any(c.expect for c in rule.tests), f"{rule.id} has no failing case"
    assert all(e.rule == rule.id for c in rule.tests for e in c.expect)


@pytest.mark.parametrize("rule", list(RULESET), ids=[r.id for r in RULESET])
def test_rule_documents_itself(rule):
    for text in (rule.title, rule.rationale, rule.reference):
        assert text.sv.strip() and text.en.strip()
    assert set(rule.examples) == {"pass", "fail"}
    for example in rule.examples.values():
        assert example.yaml.strip()
