"""The rule engine: load declarative rules, run their built-in checks, make findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TypeGuard

from pydantic import ValidationError

from govcheck import cache
from govcheck.graph.build import SteeringGraph
from govcheck.i18n import Msg
from govcheck.load.errors import LoadError, Location, PlanLoadError
from govcheck.load.folder import display_path
from govcheck.model.build import literal_hint
from govcheck.model.plan import Plan
from govcheck.model.suggest import did_you_mean
from govcheck.rules.checks import CHECKS, CheckDef, Context
from govcheck.rules.checks.registry import Options
from govcheck.rules.checks.waivers import FindingsContext
from govcheck.rules.coverage import NOT_TESTED, RuleCoverage, Untested, excused, missing_needs
from govcheck.rules.finding import Finding
from govcheck.rules.spec import RuleSpec, load_rule_file


class RuleSet:
    def __init__(self, rules: list[RuleSpec], options: Mapping[str, Options] | None = None):
        """The rules by id; ``options`` are their validated check options by rule id
        (validated here when not given)."""
        self.rules = sorted(rules, key=lambda r: r.id)
        given = options or {}
        self.options = {r.id: given[r.id] if r.id in given
                        else check_of(r).options.model_validate(r.options) for r in rules}

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)

    def get(self, rule_id: str) -> RuleSpec | None:
        return next((r for r in self.rules if r.id == rule_id or r.name == rule_id), None)

    def packs(self) -> list[str]:
        """The styrmodell packs the catalogue holds, by name."""
        return sorted({r.pack for r in self.rules if r.pack})

    def applicable(self, packs: Iterable[str], only: set[str] | None = None) -> list[str]:
        """The ids of the rules that run on a plan opting into ``packs``: the base ruleset
        and those packs' rules, or, with ``only``, the rules it names (naming a pack's rule
        is opting into it)."""
        chosen = set(packs)
        if only is not None:
            return [r.id for r in self.rules if r.id in only]
        return [r.id for r in self.rules if not r.pack or r.pack in chosen]


PACKS_DIR = "styrmodell"
"""The subfolder of a rule folder whose folders are styrmodell rule packs."""


def _with_packs(dirs: Iterable[Path]) -> list[tuple[Path, str]]:
    """Each rule folder, then its packs (``styrmodell/NAME/``, by name), with the pack's
    name ("" for the folder's own rules)."""
    out: list[tuple[Path, str]] = []
    for folder in dirs:
        out.append((folder, ""))
        packs = folder / PACKS_DIR
        if packs.is_dir():
            out += [(p, p.name) for p in sorted(packs.iterdir())
                    if p.is_dir() and not p.name.startswith(".")]
    return out


def load_rules(dirs: Iterable[Path], *, cases: bool = True) -> RuleSet:
    """Load every ``*.yaml`` rule file of the folders, and of their styrmodell packs
    (``FOLDER/styrmodell/NAME/*.yaml``, each rule marked with its pack); raise with every
    located problem. ``cases=False`` (a lint) leaves out the rules' test cases (``tests``),
    which only ``govcheck test`` runs: half of what the cache holds."""
    errors: list[LoadError] = []
    rules: list[RuleSpec] = []
    options: dict[str, Options] = {}
    seen: dict[str, str] = {}
    for folder, pack in _with_packs(dirs):
        for spec, opts in _load_folder(folder, errors, pack, cases):
            if spec.id in seen:
                errors.append(LoadError(spec.at("id"), "rule.duplicate_id",
                                        {"id": spec.id, "first": seen[spec.id]}))
                continue
            seen[spec.id] = spec.path
            rules.append(spec)
            options[spec.id] = opts
    if errors:
        raise PlanLoadError(errors)
    return RuleSet(rules, options)


RULES_KIND = "rules"
"""The cache entries of loaded rule folders (govcheck.cache)."""

LINT_KIND = "lintrules"
"""The same without the rules' test cases: what a lint reads (a name that is no prefix of
another kind's, since entries are found and pruned by ``KIND-*``)."""

Loaded = list[tuple[RuleSpec, Options]]
"""A rule folder's valid rules, each with its validated check options."""


def _load_folder(folder: Path, errors: list[LoadError], pack: str = "",
                 cases: bool = True) -> Loaded:
    """The valid rules of one folder (of ``pack``), from the cache when its files and the
    code are unchanged (govcheck.cache); a folder with errors is loaded afresh each time.
    Without ``cases`` the rules come without their test cases."""
    files = [(p, display_path(p)) for p in sorted(folder.glob("*.y*ml")) if p.is_file()]
    if not files:
        errors.append(LoadError(Location(display_path(folder), 1, 1), "rule.no_rules", {}))
        return []
    key = cache.files_key(files)
    cached = cache.read(RULES_KIND if cases else LINT_KIND, key) if key is not None else None
    if _is_loaded(cached):
        return cached
    own: list[LoadError] = []
    loaded = [found for path, display in files
              if (found := _load_rule(path, display, own)) is not None]
    for spec, _ in loaded:
        spec.pack = pack
    if own:
        errors.extend(own)
    light = [(spec.model_copy(update={"tests": []}), options) for spec, options in loaded]
    if not own and key is not None:
        cache.write(RULES_KIND, key, loaded)
        cache.write(LINT_KIND, key, light)
    return loaded if cases else light


def _is_loaded(value: object) -> TypeGuard[Loaded]:
    return isinstance(value, list) and all(
        isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], RuleSpec)
        and isinstance(item[1], Options) for item in value)


def _load_rule(path: Path, display: str,
               errors: list[LoadError]) -> tuple[RuleSpec, Options] | None:
    """One rule file and its validated options, checked against its file name and the
    check functions; None (with errors) when it cannot run."""
    spec = load_rule_file(path, display, errors)
    if spec is None:
        return None
    if path.stem != spec.id:
        errors.append(LoadError(spec.at("id"), "rule.id_file_mismatch",
                                {"id": spec.id, "file": path.name}))
    if spec.declarative:  # its conditions were checked with the file (govcheck.rules.lang)
        return spec, check_of(spec).options()
    check = CHECKS.get(spec.check)
    if check is None:
        hint = did_you_mean(spec.check, list(CHECKS))
        errors.append(LoadError(spec.at("check"), "rule.unknown_check", {
            "check": spec.check,
            "hint": Msg("hint.did_you_mean", name=hint) if hint else Msg("hint.none")}))
        return None
    try:
        options = check.options.model_validate(spec.options)
    except ValidationError as exc:
        # a value outside a fixed list (e.g. a row role) gets a suggestion
        others = []
        for e in exc.errors():
            option = ".".join(map(str, e["loc"]))
            if e["type"] == "literal_error":
                errors.append(LoadError(spec.at("options"), "rule.bad_option_value", {
                    "check": spec.check, "option": option, "value": e.get("input"),
                    "hint": literal_hint(e, option)}))
            else:
                others.append(f"{option}: {e['msg']}")
        if others:
            errors.append(LoadError(spec.at("options"), "rule.bad_options",
                                    {"check": spec.check, "detail": "; ".join(others)}))
        return None
    for variant in sorted(check.variants - set(spec.messages)):
        errors.append(LoadError(spec.at("messages"), "rule.unknown_variant",
                                {"check": spec.check, "variant": variant}))
    return spec, options


_DECLARED: dict[int, tuple[RuleSpec, CheckDef]] = {}


def check_of(rule: RuleSpec) -> CheckDef:
    """What runs for a rule: its built-in check, or its conditions made into one
    (govcheck.rules.lang.evaluate)."""
    if not rule.declarative:
        return CHECKS[rule.check]
    cached = _DECLARED.get(id(rule))
    if cached is None or cached[0] is not rule:
        from govcheck.rules.lang.evaluate import check_def

        cached = _DECLARED[id(rule)] = (rule, check_def(rule))
    return cached[1]


def _select(graph: SteeringGraph, selector: dict[str, str]) -> list[str]:
    kind = selector.get("kind")
    if kind is None:
        return []
    return graph.nodes_of(kind)


def run_rules(graph: SteeringGraph, ruleset: RuleSet, lang: str = "sv",
              only: set[str] | None = None, *, severity: Mapping[str, str] | None = None,
              today: dt.date | None = None,
              basis: Iterable[str] | None = None,
              coverage: dict[str, RuleCoverage] | None = None) -> list[Finding]:
    """Run the rules (all, or those in ``only``) and return their findings, sorted.

    ``severity`` overrides a rule's severity by rule id (from the configuration); without
    it each finding has its message variant's severity (``RuleSpec.severity_of``). Checks
    marked ``needs_findings`` (GOV001 waiver-valid) run last, with a context that gives the
    findings any other rule makes on this plan, whether or not that rule is selected, and
    ``today`` (default: the real date) to judge expiry. ``basis`` (kinds such as
    ``{"lag"}``) keeps only the findings whose basis is of those kinds, and runs only the
    rules that can make one; a waiver is still judged against all its rule's findings.
    ``coverage``, when given, receives what each rule run could and could not test
    (govcheck.rules.coverage), by rule id."""
    kinds = set(basis) if basis is not None else None
    info = graph.plan.plan
    only = set(ruleset.applicable(info.styrmodell if info is not None else (), only))
    if kinds is not None:
        wanted = {r.id for r in ruleset if kinds & set(r.basis_kinds())}
        only = wanted if only is None else set(only) & wanted
    overrides = dict(severity or {})
    cache: dict[str, list[Finding]] = {}

    def findings_of(rule_id: str) -> list[Finding]:
        rule = ruleset.get(rule_id)
        if rule is None or _needs_findings(rule):
            return []
        if rule.id not in cache:
            cache[rule.id] = _run_rule(graph, ruleset, rule, lang, overrides,
                                       Context(graph, _select(graph, rule.select)),
                                       coverage if only is None or rule.id in only else None)
        return cache[rule.id]

    findings: list[Finding] = []
    late: list[RuleSpec] = []
    for rule in ruleset:
        if only is not None and rule.id not in only:
            continue
        if _needs_findings(rule):
            late.append(rule)
            continue
        findings.extend(findings_of(rule.id))
    for rule in late:
        ctx = FindingsContext(graph, _select(graph, rule.select), findings_of=findings_of,
                              today=today or dt.date.today())
        findings.extend(_run_rule(graph, ruleset, rule, lang, overrides, ctx, coverage))
    if kinds is not None:
        findings = [f for f in findings if f.basis_kind in kinds]
    return sorted(findings, key=Finding.sort_key)


def _needs_findings(rule: RuleSpec) -> bool:
    return bool(getattr(check_of(rule).fn, "needs_findings", False))


def _run_rule(graph: SteeringGraph, ruleset: RuleSet, rule: RuleSpec, lang: str,
              overrides: Mapping[str, str], ctx: Context,
              coverage: dict[str, RuleCoverage] | None = None) -> list[Finding]:
    check = check_of(rule)
    out: list[Finding] = []
    words = organisation_words(graph.plan, lang)
    cov = RuleCoverage()
    for reason in missing_needs(graph.plan, check.needs):
        cov.add(reason, NOT_TESTED)
    for hit in check.fn(ctx, ruleset.options[rule.id]):
        if isinstance(hit, Untested):
            cov.add(hit.reason, hit.status)
            continue
        if hit.part is not None:
            why = excused(graph.plan, hit.part, rule.basis_of(hit.variant).kind)
            if why is not None:
                cov.add(why)
                continue
        template = rule.messages[hit.variant]
        text = getattr(template, lang, template.sv)
        out.append(Finding(
            rule=rule.id, name=rule.name,
            severity=overrides.get(rule.id, rule.severity_of(hit.variant)),
            message=text.format(**words, **{k: _show(v, lang) for k, v in hit.params.items()}),
            location=hit.location, evidence=hit.evidence,
            reference=getattr(rule.reference, lang, rule.reference.sv),
            related=hit.related, variant=hit.variant, params=dict(hit.params),
            basis=rule.basis_of(hit.variant).shown(lang), pack=rule.pack))
    if coverage is not None:
        coverage[rule.id] = cov
    return out


def organisation_words(plan: Plan, lang: str) -> dict[str, str]:
    """The organisation's own words, for any rule message: ``{goal_word}`` (what the plan
    calls fullmäktige's goals: regionmål, kommunmål, inriktningsmål …), ``{council_word}``
    and ``{executive_word}`` (regionfullmäktige / kommunfullmäktige, regionstyrelsen /
    kommunstyrelsen). English has one word for each."""
    if lang != "sv":
        return {"goal_word": "council goal", "council_word": "the council",
                "executive_word": "the executive board"}
    prefix = "region" if plan.plan is not None and plan.plan.organisation_kind == "region" \
        else "kommun"
    return {"goal_word": plan.goal_word, "council_word": prefix + "fullmäktige",
            "executive_word": prefix + "styrelsen"}


def _show(value: object, lang: str) -> object:
    """Figures in messages as each language prints them: 4115.3 → '4 115,3' / '4,115.3';
    a ``Msg`` (a word such as "utfall"/"outcome") in the language asked for."""
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, Decimal):
        text = f"{value:,f}"
        return text.replace(",", " ").replace(".", ",") if lang == "sv" else text
    return value
