"""The whole run behind ``lint``, ``baseline`` and ``report``: plan folder in, a Report out.

Order: configuration and rules, then the plan (with its ``undantag``), then the rules run
(severity overrides applied as findings are made; GOV001 last, judging the waivers), then
the findings a valid waiver accepts move to ``Report.waived``, then those the baseline
accepts. Waived findings never count towards the exit code; GOV001 findings are never
waived nor baselined, so an expired or stale waiver always shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from govcheck.api import load_plan
from govcheck.config import Config
from govcheck.graph.build import build_graph
from govcheck.i18n import Msg
from govcheck.load.errors import LoadError, PlanLoadError
from govcheck.model.plan import Plan
from govcheck.model.suggest import did_you_mean
from govcheck.paths import rules_dir
from govcheck.report.model import Report, Waived, content_hash
from govcheck.rules.checks.waivers import WAIVER_RULE, expired, matches
from govcheck.rules.coverage import RuleCoverage
from govcheck.rules.engine import RuleSet, load_rules, run_rules
from govcheck.rules.finding import Finding
from govcheck.util import gc_paused

if TYPE_CHECKING:
    from govcheck import baseline as baselines

BASELINE_REASON = "baseline"


class UnknownRule(ValueError):
    """A rule asked for by id or name that the catalogue does not have."""


def load_ruleset(extra: Iterable[Path] = ()) -> RuleSet:
    """The built-in rules plus any extra rule folders, without their test cases (only
    ``govcheck test`` runs those); raises PlanLoadError on bad rules."""
    return load_rules([rules_dir(), *extra], cases=False)


def select_rules(ruleset: RuleSet, only: Iterable[str], config: Config
                 ) -> tuple[set[str] | None, dict[str, str]]:
    """The ids to run and the severity overrides by rule id.

    The ids are ``only`` (the command line) if given, else the configuration's ``select``
    minus its ``ignore``; None means every rule. Raises UnknownRule for a bad ``only`` and
    PlanLoadError (located in the configuration file) for an unknown rule there."""
    selected_cfg, ignored, severity = config.rule_ids(ruleset)
    only = list(only)
    if only:
        selected: set[str] = set()
        for wanted in only:
            rule = ruleset.get(wanted)
            if rule is None:
                raise UnknownRule(wanted)
            selected.add(rule.id)
        return selected, severity
    if ignored:
        base = selected_cfg if selected_cfg is not None else {r.id for r in ruleset}
        return base - ignored, severity
    return selected_cfg, severity


def build_report(plan_dir: Path, lang: str = "sv", rule_dirs: Iterable[Path] = (),
                 only: Iterable[str] = (), *, config: Config | None = None,
                 today: dt.date | None = None, waivers: bool = True,
                 baseline: Path | baselines.Baseline | None = None,
                 ruleset: RuleSet | None = None) -> Report:
    """Load the rules and the plan, run the rules, apply waivers and baseline; the report.

    ``rule_dirs`` and ``only`` (the command line) win over the configuration's ``rules``
    and ``select``/``ignore``; ``lang`` is used as given. ``today`` (default: the real
    date) decides only whether a waiver has expired. ``waivers=False`` ignores the plan's
    ``undantag`` (every finding active, no GOV001 findings). ``baseline`` is a baseline
    file (or a loaded one) whose findings are accepted. ``ruleset``, when given, is the
    already loaded catalogue (``load_ruleset``), used instead of loading ``rule_dirs``.

    Raises PlanLoadError (bad configuration, rule, baseline or plan files) or UnknownRule
    (a bad ``only``)."""
    # The run makes many small, short-lived objects and almost no garbage cycles; the
    # cyclic collector's passes over them cost more than the run's own work on a large
    # plan (bench/RESULTS.md), so it is off for the run and back on afterwards.
    with gc_paused():
        return _build_report(plan_dir, lang, rule_dirs, only, config=config, today=today,
                             waivers=waivers, baseline=baseline, ruleset=ruleset)


def _build_report(plan_dir: Path, lang: str, rule_dirs: Iterable[Path], only: Iterable[str],
                  *, config: Config | None, today: dt.date | None, waivers: bool,
                  baseline: Path | baselines.Baseline | None,
                  ruleset: RuleSet | None) -> Report:
    config = config or Config()
    today = today or dt.date.today()
    if ruleset is None:
        ruleset = load_ruleset(list(rule_dirs) or config.rule_dirs)
    selected, severity = select_rules(ruleset, only, config)
    accepted = baseline
    if isinstance(baseline, (str, Path)):
        from govcheck import baseline as baselines

        accepted = baselines.load(baseline)
    plan, index = load_plan(plan_dir)
    _check_waiver_rules(plan, ruleset)
    _check_packs(plan, ruleset)
    if not waivers:
        plan = plan.model_copy(update={"waivers": []})
    graph = build_graph(plan, index)
    coverage: dict[str, RuleCoverage] = {}
    findings = run_rules(graph, ruleset, lang, selected, severity=severity, today=today,
                         basis=config.basis or None,
                         coverage=coverage)
    active, waived = apply_waivers(findings, plan, today)
    if accepted is not None:
        active, waived = apply_baseline(active, waived, accepted, plan.root)
    rules_run = sorted(ruleset.applicable(plan.plan.styrmodell if plan.plan else (), selected))
    return Report(plan.name, plan.root, graph, ruleset, active, lang, rules_run,
                  waived=waived, plan_hash=content_hash(plan.root, plan.files),
                  coverage=coverage, title=plan.plan.name if plan.plan else "")


def apply_waivers(findings: list[Finding], plan: Plan,
                  today: dt.date) -> tuple[list[Finding], list[Waived]]:
    """(active, waived): a finding is waived by the first waiver in force that matches it."""
    in_force = [w for w in plan.waivers if not expired(w, today)]
    active: list[Finding] = []
    waived: list[Waived] = []
    for f in findings:
        waiver = None if f.rule == WAIVER_RULE else \
            next((w for w in in_force if matches(w, f, plan.root)), None)
        if waiver is None:
            active.append(f)
        else:
            waived.append(Waived(f, waiver.reason, waiver.decision, waiver.by,
                                 waiver.valid_until.isoformat()))
    return active, waived


def apply_baseline(active: list[Finding], waived: list[Waived], accepted: baselines.Baseline,
                   root: str) -> tuple[list[Finding], list[Waived]]:
    """Move the active findings the baseline accepts to the waived ones (reason
    "baseline", decided by the baseline file)."""
    from govcheck import baseline as baselines

    own = [f for f in active if f.rule == WAIVER_RULE]
    rest, matched = baselines.split([f for f in active if f.rule != WAIVER_RULE], accepted,
                                    root)
    waived = waived + [Waived(f, BASELINE_REASON, accepted.display(), "", "") for f in matched]
    return (sorted(own + rest, key=Finding.sort_key),
            sorted(waived, key=lambda w: w.finding.sort_key()))


def _check_packs(plan: Plan, ruleset: RuleSet) -> None:
    """Every styrmodell the plan opts into is a pack of the catalogue."""
    info = plan.plan
    known = ruleset.packs()
    errors: list[LoadError] = []
    for i, name in enumerate(info.styrmodell if info is not None else []):
        if name not in known:
            hint = did_you_mean(name, known)
            errors.append(LoadError(info.at(f"styrmodell[{i}]"), "rule.unknown_pack", {
                "pack": name, "packs": ", ".join(known) or "-",
                "hint": Msg("hint.did_you_mean", name=hint) if hint else Msg("hint.none")}))
    if errors:
        raise PlanLoadError(errors)


def _check_waiver_rules(plan: Plan, ruleset: RuleSet) -> None:
    """Every waiver's ``regel`` names a rule that can be waived."""
    errors: list[LoadError] = []
    known = sorted({r.id for r in ruleset} | {r.name for r in ruleset})
    for waiver in plan.waivers:
        rule = ruleset.get(waiver.rule)
        if rule is None:
            hint = did_you_mean(waiver.rule, known)
            errors.append(LoadError(waiver.at("regel"), "rule.unknown_id", {
                "id": waiver.rule,
                "hint": Msg("hint.did_you_mean", name=hint) if hint else Msg("hint.none")}))
        elif rule.id == WAIVER_RULE:
            errors.append(LoadError(waiver.at("regel"), "waiver.not_waivable",
                                    {"id": rule.id}))
    if errors:
        raise PlanLoadError(errors)
