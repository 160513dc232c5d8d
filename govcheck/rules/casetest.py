"""Run a rule's named test cases: patched or inline plans with expected findings."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from govcheck.api import load_plan
from govcheck.graph.build import build_graph
from govcheck.load.errors import PlanLoadError
from govcheck.paths import plans_dir, rules_dir
from govcheck.rules.engine import RuleSet, run_rules
from govcheck.rules.spec import Case, RuleSpec

Triple = tuple[str, str, int]


@dataclass
class CaseResult:
    rule: str
    case: str
    ok: bool
    expected: list[Triple]
    actual: list[Triple]
    error: str = ""


def _base_dir(rule: RuleSpec, base: str) -> Path:
    """A case's base plan: beside the rule file, else among the built-in rules' fixtures,
    else a shipped plan (``vasterbotten-2026``)."""
    for candidate in (Path(rule.path).parent / base, rules_dir() / base, plans_dir() / base):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"base plan '{base}' not found beside {rule.path}, in "
                            f"{rules_dir()} or in {plans_dir()}")


def materialise(rule: RuleSpec, case: Case, into: Path) -> None:
    """Write the case's plan into ``into``: the base copied, patched, files added."""
    if case.base:
        shutil.copytree(_base_dir(rule, case.base), into, dirs_exist_ok=True)
    else:
        into.mkdir(parents=True, exist_ok=True)
    for patch in case.patch:
        target = into / patch.file
        text = target.read_text(encoding="utf-8")
        count = text.count(patch.old)
        if count != 1:
            raise ValueError(f"patch of {patch.file}: the text to replace occurs {count} times, "
                             f"not once: {patch.old!r}")
        target.write_text(text.replace(patch.old, patch.new), encoding="utf-8")
    for name, content in case.files.items():
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def run_case(rule: RuleSpec, case: Case, ruleset: RuleSet) -> CaseResult:
    expected = sorted((e.rule, e.file, e.line) for e in case.expect)
    with tempfile.TemporaryDirectory(prefix="govcheck-case-") as tmp:
        root = Path(tmp) / "plan"
        try:
            materialise(rule, case, root)
            plan, index = load_plan(root)
        except (PlanLoadError, ValueError, FileNotFoundError) as exc:
            detail = (("; ".join(f"{e.location}: {e.message('en')}" for e in exc.errors))
                      if isinstance(exc, PlanLoadError) else str(exc))
            return CaseResult(rule.id, case.name, False, expected, [], detail)
        findings = run_rules(build_graph(plan, index), ruleset, "sv", {rule.id})
        actual = sorted((f.rule, Path(os.path.relpath(f.location.file, root)).as_posix()
                         if not os.path.isabs(f.location.file) else
                         Path(f.location.file).relative_to(root).as_posix(),
                         f.location.line) for f in findings)
    # relpath from cwd to the temp dir is fragile; normalise both to the plan-relative name
    actual = [(r, _plan_relative(fname), line) for r, fname, line in actual]
    return CaseResult(rule.id, case.name, actual == expected, expected, actual)


def _plan_relative(name: str) -> str:
    marker = "plan/"
    return name.split(marker, 1)[1] if marker in name else name


def run_all(ruleset: RuleSet) -> list[CaseResult]:
    results = []
    for rule in ruleset:
        if not rule.tests:
            results.append(CaseResult(rule.id, "(no cases)", False, [], [],
                                      "rule has no test cases"))
            continue
        for case in rule.tests:
            results.append(run_case(rule, case, ruleset))
        if not any(case.expect for case in rule.tests):
            # a rule none of whose cases makes it fire is untested: it could match nothing
            results.append(CaseResult(rule.id, "(no failing case)", False, [], [],
                                      "no case expects this rule to fire"))
        if all(case.expect for case in rule.tests):
            results.append(CaseResult(rule.id, "(no passing case)", False, [], [],
                                      "no case shows a plan that passes this rule"))
    return results
