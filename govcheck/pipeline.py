"""The whole run behind ``lint`` and ``report``: plan folder in, a Report value out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from govcheck.api import load_plan
from govcheck.graph.build import build_graph
from govcheck.paths import rules_dir
from govcheck.report.model import Report, content_hash
from govcheck.rules.engine import RuleSet, load_rules, run_rules


class UnknownRule(ValueError):
    """A rule asked for by id or name that the catalogue does not have."""


def load_ruleset(extra: Iterable[Path] = ()) -> RuleSet:
    """The built-in rules plus any extra rule folders; raises PlanLoadError on bad rules."""
    return load_rules([rules_dir(), *extra])


def build_report(plan_dir: Path, lang: str = "sv", rule_dirs: Iterable[Path] = (),
                 only: Iterable[str] = ()) -> Report:
    """Load the rules and the plan, run the rules, and return the report value.

    Raises PlanLoadError (bad plan or rule files) or UnknownRule (a bad ``only``)."""
    ruleset = load_ruleset(rule_dirs)
    plan, index = load_plan(plan_dir)
    selected: set[str] | None = None
    if only:
        selected = set()
        for wanted in only:
            rule = ruleset.get(wanted)
            if rule is None:
                raise UnknownRule(wanted)
            selected.add(rule.id)
    graph = build_graph(plan, index)
    findings = run_rules(graph, ruleset, lang, selected)
    rules_run = sorted(selected) if selected is not None else [r.id for r in ruleset]
    return Report(plan.name, plan.root, graph, ruleset, findings, lang, rules_run,
                  plan_hash=content_hash(plan.root, plan.files))
