"""Invariance properties of the whole pipeline: what must NOT change the findings.

1. **Renaming ids.** Every entity id of a plan (the value of every ``id:`` key: källor,
   organ, förvaltningar, roller, regionmål, uppdrag, styrdokument, tables and their rows and
   columns, nämndplaner, delmål, indikatorer, uppgifter, beslut, …) and every reference to
   it (found structurally from the plan model, ``REFERENCES`` below, which follows
   ``govcheck/model/resolve.py``; never by searching the text) is renamed with a
   hypothesis-drawn injective map. The findings must be the same: same count, same
   multiset of (rule, severity, file), and, finer, the same (rule, severity, file, line,
   message variant, subject) where the subject (``Finding.subject``: the ids, rows, columns
   and years a finding is about) is compared through the map.

   *How the renamed files are written.* Only the scalar tokens that hold an id or a
   reference are rewritten, in place, at the line and column where the YAML composer found
   them (keeping their quoting style). Every other byte of every file is kept, so each
   finding stays on its line, and the property can compare lines too. Columns are not
   compared: a longer id shifts what follows it on its line. (Dumping with
   ``yaml.safe_dump`` would move every line.) Every rewritten file is parsed again and
   checked against the renaming done on the parsed data, so the in-place rewriter is
   itself tested.

2. **Reordering.** The order of mapping keys (everywhere) and the order of the entries of
   lists whose order carries no meaning (``ORDER_FREE`` below: the goals, uppdrag,
   styrdokument, organ, nämndplaner, table rows, …; never table columns or ``värden``) is
   permuted. Always: the same findings, compared as (rule, severity, file, message variant,
   subject), which is what their fingerprints are made of, and the same JSON report once
   locations are removed and every list and the words of every message are put in a
   canonical order. When no ``ECHOED`` list was permuted (always when only keys move): the
   very same messages, as a multiset of (rule, severity, file, message), and the very same
   JSON report without locations once its findings are sorted.

   ``ECHOED`` lists are those a finding names in the plan's own order ("riktas till
   nämnden (mal-1, mal-2, …)", a sum written out term by term). That is deliberate
   (``SteeringGraph.nodes_of``: "in the order the plan lists them"), so there only the
   order of those words may change, never the words themselves or which findings there
   are. Where a rule legitimately picks by position ("the first row with that role", "the
   first frames table", "the first waiver that matches", ORG003's "edge stated first in
   the plan files"), the permutation keeps the relative order of the entries it could
   pick between (``PINNED``, each case explained there).

   Here the files are written with PyYAML's safe dumper (any permutation moves lines), and
   the reference run is the *unpermuted* plan written the same way; a separate check shows
   that writing a plan that way changes nothing but locations. File creation order on
   disk is covered by tests/test_cli.py.

3. **Known order dependences**, found while writing these properties, are kept as minimal
   plans in strict ``xfail`` tests at the end (they turn into failures once fixed, so
   the marker can be removed): UPP003's fingerprint follows the order of ``riktas_till``
   when a body is named both directly and through a group, and BAL003 reads the last of
   two synnerliga skäl decisions for a year.

Plans: the real plan (plans/vasterbotten-2026), the rule fixture rules/fixtures/mini, one
generated organisation of the benchmark corpus with every planted defect (bench/generate.py;
the first organisations of ``--seed 1`` are clean and lint without findings, so the
generator is asked for all defect kinds, one per rule, as tests/test_bench_generator.py
does) and the failing test cases of the rule catalogue that are built on the small
fixtures; between them every rule fires. A plan with findings gets one extra file with an
``undantag`` naming the ids of one of its findings, so that renaming is checked through
waivers too (and GOV001 would report the waiver if it stopped matching).

Everything is written under pytest's temporary directory; plans/ and rules/ are only read.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import random
import re
import shutil
import sys
import tempfile
import typing
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govcheck.load.errors import LoadError
from govcheck.load.located import strip_locations
from govcheck.load.yamlloc import load_yaml_bytes
from govcheck.model.base import Located, Source
from govcheck.model.plan import (
    Administration,
    Assignment,
    AssignmentResponse,
    AssignmentStatus,
    BoardOutcome,
    BoardPlan,
    Body,
    Company,
    Compare,
    CouncilGoal,
    Decision,
    Economy,
    FinancialGoal,
    FollowUp,
    GoalAssessment,
    GoalLink,
    GoverningDocument,
    Group,
    InternalControlPlan,
    Organisation,
    PlanFile,
    PlanInfo,
    Risk,
    Role,
    Row,
    RowSum,
    OpeningFrom,
    SameAs,
    ShareOf,
    Statement,
    SubGoal,
    Table,
    Waiver,
)
from govcheck.model.resolve import WAIVER_VOCABULARY
from govcheck.model.synonyms import GOAL_KEY, GOAL_KEYS
from govcheck.paths import rules_dir
from govcheck.pipeline import build_report, load_ruleset
from govcheck.report import renderer
from govcheck.report.model import Report
from govcheck.rules.casetest import materialise
from govcheck.rules.engine import load_rules
from govcheck.rules.finding import Finding

ROOT = Path(__file__).resolve().parent.parent
REAL_PLAN = ROOT / "plans" / "vasterbotten-2026"
MINI_PLAN = ROOT / "rules" / "fixtures" / "mini"
TODAY = dt.date(2026, 1, 15)  # the date of every run: waivers must not expire mid-test
WAIVER_FILE = "zz-invarians-undantag.yaml"

# Run longer by hand with, e.g.:  GOVCHECK_INVARIANCE_EXAMPLES=300 pytest tests/test_invariance.py
EXAMPLES = int(os.environ.get("GOVCHECK_INVARIANCE_EXAMPLES", "15"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
CASE_SETTINGS = settings(SETTINGS, max_examples=EXAMPLES + 10)


# --- the plan format, as these tests need to know it ------------------------------------

_REFERENCE_KEYS: dict[type[Located], set[str]] = {
    PlanInfo: {"beslutad_av"},
    Source: {"dok"},
    Body: {"under"},
    Administration: {"nämnd", "chef"},
    Role: {"förvaltning", "chef_över", "rapporterar_till"},
    Company: {"moderbolag"},
    CouncilGoal: {"riktas_till", "styrande_dokument"},
    Group: {"medlemmar"},
    Assignment: {"riktas_till"},
    GoverningDocument: {"beslutad_av", "ägare"},
    Row: {"summa_av", "varav_av", "organ", "utveckling_av"},
    ShareOf: {"täljare", "nämnare"},
    SameAs: {"tabell", "rad"},
    OpeningFrom: {"tabell", "rad"},
    RowSum: {"summa", "av"},
    Statement: {"organ"},
    Compare: {"tabell", "rad", "kolumn", "från_kolumn", "kolumner"},
    Decision: {"organ"},
    BoardPlan: {"organ"},
    GoalLink: {"mål"},
    SubGoal: {"uppdrag"},
    AssignmentResponse: {"uppdrag"},
    FollowUp: {"organ"},
    GoalAssessment: {"delmål", "regionmål"},
    BoardOutcome: {"organ"},
    AssignmentStatus: {"uppdrag", "organ"},
    InternalControlPlan: {"organ"},
    # a waiver's ``avser`` terms: ids, rows and columns (renamed), or table kinds,
    # financial measures and years (kept)
    Waiver: {"avser"},
}
REFERENCES = {cls: frozenset(keys) for cls, keys in _REFERENCE_KEYS.items()}
"""Plan-file keys whose text names an id (docs/plan-format.md section 5, resolve.py)."""

NOT_REFERENCES: frozenset[str] = frozenset({
    # names, titles, prose, units, file names, external codes
    "namn", "organisation", "titel", "typ", "utgivare", "fil", "avsnitt", "citat",
    "kommentar", "kortnamn", "parter", "beskrivning", "text", "inriktning", "enhet",
    "formulering", "delpunkter", "rubrik", "paragraf", "motivering", "stöd", "målsättning",
    "kolada", "målvärde", "svar", "planerade_förändringar", "period", "förväntat_utfall",
    "orsak", "beslut", "av", "regel", "påstående",
    # the rule packs a plan opts into (rules/styrmodell/)
    "styrmodell",
    # names the rules look for, never ids (docs section 4)
    "roll", "nyckeltal",
})
"""Text keys that are not references (checked by test_every_text_key_is_classified)."""

_ORDER_FREE_KEYS: dict[type[Located], set[str]] = {
    PlanFile: {"källor", "regionmål", "finansiella_mål", "grupper", "uppdrag",
               "styrdokument", "tabeller", "nämndplaner", "uppföljningar",
               "internkontrollplaner", "beslut", "undantag"},
    PlanInfo: {"beslutade_budgetår", "styrmodell", "saknas"},
    Organisation: {"policyer_omfattar", "organ", "förvaltningar", "roller", "förbund",
                   "bolag"},
    Body: {"parter", "uppsikt_över"},
    Company: {"budget"},
    Role: {"chef_över"},
    CouncilGoal: {"riktas_till", "styrande_dokument", "förväntat_utfall", "agenda2030"},
    FinancialGoal: {"mål"},
    Group: {"medlemmar"},
    Assignment: {"riktas_till", "delpunkter", "kräver"},
    # rows: a row's figures are positional against the columns, not the rows; the
    # rows a rule may pick between keep their order (PINNED)
    Table: {"rader", "radsummor"},
    Row: {"summa_av", "samma_som"},
    RowSum: {"av"},
    Compare: {"kolumner"},
    Economy: {"skattesats", "låneram", "lpik", "resultatreserv", "resultatreserv_saldo",
              "uppgifter"},
    SubGoal: {"regionmål", "uppdrag", "indikatorer"},
    BoardPlan: {"delmål", "uppdragssvar", "planerade_förändringar", "ekonomiska_behov",
                "tabeller"},
    FollowUp: {"målbedömningar", "utfall", "uppdragsstatus", "uppgifter"},
    Risk: {"kontroller", "åtgärder"},
    InternalControlPlan: {"risker"},
    Waiver: {"avser"},
}
ORDER_FREE = frozenset((cls, key) for cls, keys in _ORDER_FREE_KEYS.items() for key in keys)
"""Lists whose order carries no meaning (apart from the entries PINNED keeps in order)."""

ORDERED: frozenset[tuple[type[Located], str]] = frozenset({
    (Table, "kolumner"),  # a row's värden are given in the order of the columns
    (Row, "värden"),
    (Row, "__dashes__"),  # not a plan key: which cells of värden were printed as dashes
})
"""Lists whose order is meaning: never permuted."""


Pins = Callable[[list[Any]], list[list[Any]]]
"""For the entries of a list, each entry's pin keys: entries that share a pin key with
another entry keep their relative order when the list is permuted."""


def _same(*keys: str, when: Callable[[dict[str, Any]], bool] = lambda e: True) -> Pins:
    """Entries with the same values of all of ``keys`` (all given)."""
    def pins(entries: list[Any]) -> list[list[Any]]:
        return [[(keys, tuple(_hashable(e[k]) for k in keys))]
                if isinstance(e, dict) and when(e) and all(e.get(k) is not None for k in keys)
                else [] for e in entries]
    return pins


def _either(*rules: Pins) -> Pins:
    def pins(entries: list[Any]) -> list[list[Any]]:
        return [[k for keys in per_rule for k in keys]
                for per_rule in zip(*(rule(entries) for rule in rules))]
    return pins


def _having(key: str) -> Pins:
    """Entries with a non-empty ``key``, all together."""
    def pins(entries: list[Any]) -> list[list[Any]]:
        return [[key] if isinstance(e, dict) and e.get(key) else [] for e in entries]
    return pins


def _in_under_chains(entries: list[Any]) -> list[list[Any]]:
    """Bodies whose ``under`` names a body that has an ``under`` itself: every body of a
    cycle of ``under`` is one (and so are bodies two levels down, such as an utskott)."""
    has_parent = {e.get("id") for e in entries if isinstance(e, dict) and e.get("under")}
    return [["chain"] if isinstance(e, dict) and e.get("under") in has_parent else []
            for e in entries]


PINNED: dict[tuple[type[Located], str], Pins] = {
    # "Rules look for a row by its roll and take the first row of the table with that
    # role" (docs 4.2); a body's frame is the first row naming it (EKO001, ORG004)
    (Table, "rader"): _either(_same("roll"), _same("organ")),
    # the first table of a kind is read (FIN001, BAL005, EKO001's frames, ORG004); BAL006
    # reads the last one
    (PlanFile, "tabeller"): _same("typ"),
    (BoardPlan, "tabeller"): _same("typ"),
    # MAL001 and UPP003 name the first nämndplan of a body for the year
    (PlanFile, "nämndplaner"): _same("organ", "år"),
    # the first statement with a nyckeltal for the year is read (FIN001, BAL005, BAL006)
    (Economy, "uppgifter"): _same("nyckeltal"),
    (BoardPlan, "ekonomiska_behov"): _same("nyckeltal"),
    (FollowUp, "uppgifter"): _same("nyckeltal"),
    # BAL003 reads one synnerliga skäl decision per year (the last one: see
    # test_bal003_reads_the_last_of_two_decisions_for_a_year)
    (PlanFile, "beslut"): _same("avser", "år"),
    # a finding is waived by the first waiver in force that matches it
    (PlanFile, "undantag"): _same("regel"),
    # the council is the first fullmäktige, ORG005 looks at the first styrelse; ORG003
    # reports a cycle of ``under`` at the edge stated first in the plan files
    (Organisation, "organ"): _either(
        _same("typ", when=lambda e: e.get("typ") in ("fullmäktige", "styrelse")),
        _in_under_chains),
    # ORG003 reports a cycle of ``chef_över`` at the edge stated first in the plan files
    (Organisation, "roller"): _having("chef_över"),
    # ORG002 reports a second förvaltning of a nämnd at the second one
    (Organisation, "förvaltningar"): _same("nämnd"),
}
"""Lists whose entries a rule picks between by position ("the first row with that role"),
or whose first entry decides where a finding is reported: the entries it could pick
between keep their relative order (everything else in the list is still permuted)."""

ECHOED: frozenset[tuple[type[Located], str]] = frozenset({
    (PlanFile, "regionmål"),      # MAL001: "… riktas till nämnden (mal-1, mal-2, …)"
    (PlanFile, "uppdrag"),        # UPP003, UPP004: "… ska besvaras där (upp-01, upp-04)"
    (BoardPlan, "delmål"),        # MAL003: "inget av de 6 delmålen … (rs-dm-1, …)"
    (SubGoal, "regionmål"),       # MAL003 evidence: goal_links
    (Organisation, "bolag"),      # ORG005: the companies, listed
    (Group, "medlemmar"),         # UPP004 evidence: owners (a group's members, in order)
    (Body, "uppsikt_över"),       # ORG005 evidence: oversight
    (Organisation, "policyer_omfattar"),  # ORG005 evidence: policies_cover
    (Compare, "kolumner"),        # EKO105 evidence: columns, cells, computation "a + b"
    (Row, "summa_av"),            # EKO101 evidence: parts, computation "a + b + c"
    (RowSum, "av"),               # EKO102: "Budget 2025 + Förändring + Index"
})
"""Lists whose entries a finding names in the order the plan gives them (the graph's
``nodes_of``: "in the order the plan lists them"; a computation written out term by
term). Permuting them changes the wording or the evidence of a finding but never which
findings there are: with one of them permuted, messages and evidence are compared as
the same words and the same items in any order."""


NON_ID_SUBJECT_KEYS = frozenset({"measure", "table_kind", "missing", "year", "deficit_year",
                                 "budget_year"})
"""Subject keys whose values are never ids (a nyckeltal, a table kind, a year, …)."""


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


def _model_in(annotation: Any) -> type[Located] | None:
    """The plan model class inside an annotation (``list[Row]``, ``Source | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, Located):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _model_key(key: str) -> str:
    """A plan-file key as the model names it: every word for fullmäktige's goals
    (kommunmål, inriktningsmål …) is the model's ``regionmål`` (govcheck.model.synonyms)."""
    return GOAL_KEY if key in GOAL_KEYS else key


@cache
def _fields(cls: type[Located]) -> dict[str, Any]:
    """Plan-file key → annotation of a model class."""
    return {info.alias or name: info.annotation for name, info in cls.model_fields.items()
            if name not in ("loc", "keylocs")}


def _models() -> list[type[Located]]:
    seen: list[type[Located]] = []

    def visit(cls: type[Located]) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for annotation in _fields(cls).values():
            sub = _model_in(annotation)
            if sub is not None:
                visit(sub)

    visit(PlanFile)
    return seen


def _is_text(annotation: Any) -> bool:
    """Whether a value of the annotation may be free text (a ``Literal`` is not)."""
    if typing.get_origin(annotation) is typing.Literal:
        return False
    return annotation is str or any(_is_text(a) for a in typing.get_args(annotation))


def test_every_text_key_is_classified() -> None:
    """The renamer knows every key that may hold an id: a reference key added to the model
    must be added to REFERENCES (or NOT_REFERENCES), and every list to ORDER_FREE or
    ORDERED, or this test fails instead of the properties silently testing less."""
    unknown = []
    lists = []
    for cls in _models():
        for key, annotation in _fields(cls).items():
            if key != "id" and _is_text(annotation) \
                    and key not in REFERENCES.get(cls, ()) and key not in NOT_REFERENCES:
                unknown.append(f"{cls.__name__}.{key}")
            if typing.get_origin(annotation) is list \
                    and (cls, key) not in ORDER_FREE | ORDERED:
                lists.append(f"{cls.__name__}.{key}")
    assert not unknown, f"text keys neither reference nor known non-reference: {unknown}"
    assert not lists, f"lists neither ORDER_FREE nor ORDERED: {lists}"


# --- where the ids are ---------------------------------------------------------------------

Path_ = tuple[Any, ...]


def id_sites(data: Any, cls: type[Located] = PlanFile, path: Path_ = ()
             ) -> Iterator[tuple[Path_, str]]:
    """(path, role) of every scalar that is an id (role ``id``), a reference (``ref``) or a
    waiver term (``term``: renamed only when it is an id) in one file's data."""
    if not isinstance(data, dict):
        return
    fields = _fields(cls)
    refs = REFERENCES.get(cls, frozenset())
    for key, value in data.items():
        here = path + (key,)
        key = _model_key(key)
        if key not in fields:
            continue
        role = "term" if cls is Waiver else "ref"
        if key == "id":
            if isinstance(value, str):
                yield here, "id"
        elif key in refs:
            if isinstance(value, str):
                yield here, role
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        yield here + (i,), role
        else:
            sub = _model_in(fields[key])
            if sub is None:
                continue
            if isinstance(value, list):
                for i, item in enumerate(value):
                    yield from id_sites(item, sub, here + (i,))
            else:
                yield from id_sites(value, sub, here)


def _get(data: Any, path: Path_) -> Any:
    for p in path:
        data = data[p]
    return data


def _set(data: Any, path: Path_, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _node_at(node: yaml.Node, path: Path_) -> yaml.Node:
    for p in path:
        if isinstance(node, yaml.MappingNode):
            node = next(v for k, v in node.value if k.value == p)
        else:
            assert isinstance(node, yaml.SequenceNode)
            node = node.value[p]
    return node


# --- plans ------------------------------------------------------------------------------


def _load_generator() -> Any:
    name = "bench_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _read_dir(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file() and p.suffix in (".yaml", ".yml")}


def _rule_cases() -> list[tuple[Any, Any]]:
    """The rule catalogue's failing test cases built on the small fixtures."""
    return [(rule, case) for rule in load_rules([rules_dir()]) for case in rule.tests
            if case.expect and case.base and case.base.startswith("fixtures/")]


RULE_CASES = {f"{rule.id}-{case.name}": (rule, case) for rule, case in _rule_cases()}


def _raw_files(name: str) -> dict[str, str]:
    if name == "vasterbotten-2026":
        return _read_dir(REAL_PLAN)
    if name == "mini":
        return _read_dir(MINI_PLAN)
    if name == "generated":
        gen = _load_generator()
        _, files, _ = gen.generate_org(1, 3, list(gen.DEFECTS))
        return dict(files)
    rule, case = RULE_CASES[name]
    with tempfile.TemporaryDirectory(prefix="govcheck-invariance-") as tmp:
        materialise(rule, case, Path(tmp) / "plan")
        return _read_dir(Path(tmp) / "plan")


def _parse(name: str, text: str) -> Any:
    errors: list[LoadError] = []
    data = strip_locations(load_yaml_bytes(text.encode("utf-8"), name, errors))
    assert not errors, [str(e.location) + " " + e.message("en") for e in errors]
    return data


def write_plan(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run(files: dict[str, str], workdir: Path, name: str) -> Report:
    """The report of the plan made of ``files``, in a fresh folder called ``name``."""
    parent = Path(tempfile.mkdtemp(dir=workdir))
    try:
        return build_report(write_plan(parent / name, files), today=TODAY)
    finally:
        shutil.rmtree(parent)


def _ids(data: dict[str, Any]) -> set[str]:
    """Every id of a plan (the values at its ``id`` sites)."""
    return {_get(d, path) for d in data.values() for path, role in id_sites(d) if role == "id"}


def _id_terms(finding: Finding, ids: set[str]) -> list[str]:
    return sorted({v for k, v in finding.subject() if k not in NON_ID_SUBJECT_KEYS
                   and v in ids and v not in WAIVER_VOCABULARY})


@dataclass
class Prepared:
    """A plan ready for both properties, with its reference runs."""

    name: str
    files: dict[str, str]
    data: dict[str, Any]
    sites: dict[str, list[tuple[Path_, str]]]
    ids: list[str]
    report: Report
    dumped: dict[str, str] = field(default_factory=dict)
    dumped_report: Report | None = None


_PREPARED: dict[str, Prepared] = {}


def prepared(name: str, workdir: Path) -> Prepared:
    if name in _PREPARED:
        return _PREPARED[name]
    files = _raw_files(name)
    report = run(files, workdir, name)
    ids = _ids({rel: _parse(rel, text) for rel, text in files.items()})
    candidates = [f for f in report.findings if _id_terms(f, ids)]
    if candidates:  # a waiver naming one finding's ids, so that ``avser`` is renamed too
        f = candidates[0]
        terms = _id_terms(f, ids)[:2]
        files[WAIVER_FILE] = (
            "undantag:\n"
            f"  - regel: {f.rule}\n"
            f"    avser: [{', '.join(json.dumps(t, ensure_ascii=False) for t in terms)}]\n"
            "    orsak: invarianstest\n"
            "    beslut: invarianstest\n"
            "    av: invarianstest\n"
            "    giltig_till: 2099-12-31\n")
        report = run(files, workdir, name)
        assert report.waived, "the test's waiver matches nothing"
    data = {rel: _parse(rel, text) for rel, text in files.items()}
    sites = {rel: list(id_sites(d)) for rel, d in data.items()}
    ids = _ids(data)
    for rel, ss in sites.items():
        for p, role in ss:
            value = _get(data[rel], p)
            assert role != "ref" or value in ids, (name, rel, p, value)
    assert not any("/" in i for i in ids)  # row nodes of the graph are "table/row"
    out = Prepared(name, files, data, sites, sorted(ids), report)
    _PREPARED[name] = out
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("invariance")


MAIN_PLANS = ["vasterbotten-2026", "mini", "generated"]


# --- property 1: renaming every id ----------------------------------------------------------

ID_START = "abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖé"
ID_REST = ID_START + "0123456789-_."


@st.composite
def renamings(draw: st.DrawFn, ids: list[str]) -> dict[str, str]:
    """An injective map of every id. ``fresh``: new ids sharing one prefix and differing
    in a number, so that many are prefixes of others (``x1``, ``x10``, ``x11``);
    ``permute``: the plan's own ids shuffled (``rs`` may become ``mal-1``, a row id a body
    id); ``partial``: a random part of the ids shuffled among themselves, the rest kept."""
    mode = draw(st.sampled_from(["fresh", "permute", "partial"]))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    if mode == "fresh":
        head = draw(st.text(ID_START, min_size=1, max_size=1))
        tail = draw(st.text(ID_REST, max_size=draw(st.sampled_from([3, 40]))))
        numbers = list(range(len(ids)))
        rng.shuffle(numbers)
        new = {old: f"{head}{tail}{n}" for old, n in zip(ids, numbers)}
    else:
        chosen = ids if mode == "permute" else [i for i in ids if rng.random() < 0.5]
        shuffled = chosen[:]
        rng.shuffle(shuffled)
        new = {i: i for i in ids} | dict(zip(chosen, shuffled))
    assert len(set(new.values())) == len(ids)
    return new


def _render_scalar(node: yaml.ScalarNode, value: str) -> str:
    if node.style == "'":
        return "'" + value.replace("'", "''") + "'"
    if node.style == '"':
        return json.dumps(value, ensure_ascii=False)
    assert node.style in (None, ""), node.style
    return value


@cache
def _composed(text: str) -> yaml.Node:
    # the pure-Python composer: its marks count characters, as the text is indexed here
    return yaml.compose(text, Loader=yaml.SafeLoader)


def rename_in_place(p: Prepared, mapping: dict[str, str]) -> dict[str, str]:
    """The plan's files with every id site rewritten in place (same lines)."""
    out = {}
    for rel, text in p.files.items():
        edits = []
        root = _composed(text) if p.sites[rel] else None
        for path, role in p.sites[rel]:
            old = _get(p.data[rel], path)
            if old not in mapping:
                assert role == "term", (rel, path, old)
                continue
            node = _node_at(root, path)
            start, end = node.start_mark, node.end_mark
            assert start.line == end.line, (rel, path)
            edits.append((start.line, start.column, end.column, _render_scalar(node,
                                                                             mapping[old])))
        lines = text.split("\n")
        for line, a, b, new in sorted(edits, reverse=True):
            lines[line] = lines[line][:a] + new + lines[line][b:]
        out[rel] = "\n".join(lines)
        # the rewrite is exactly the structural renaming of the parsed data
        expected = json.loads(json.dumps(p.data[rel], default=str))
        for path, _ in p.sites[rel]:
            old = _get(p.data[rel], path)
            if old in mapping:
                _set(expected, path, mapping[old])
        got = json.loads(json.dumps(_parse(rel, out[rel]), default=str))
        assert got == expected, rel
        assert out[rel].count("\n") == text.count("\n")
    return out


def _subject(f: Finding, mapping: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    pairs = f.subject()
    if mapping is not None:
        pairs = [(k, v if k in NON_ID_SUBJECT_KEYS else mapping.get(v, v)) for k, v in pairs]
    return tuple(sorted(pairs))


def identity(report: Report, mapping: dict[str, str] | None = None, lines: bool = True
             ) -> dict[str, Counter[tuple[Any, ...]]]:
    """Which findings there are, per list (active, waived): coarse, (rule, severity, file);
    fine, also the line (with ``lines``), the message variant and the subject (through
    ``mapping``): with the file, what ``Finding.fingerprint`` is made of."""
    out: dict[str, Counter[tuple[Any, ...]]] = {}
    lists = {"active": report.findings, "waived": [w.finding for w in report.waived]}
    for name, findings in lists.items():
        out[name + ".coarse"] = Counter(
            (f.rule, f.severity, f.plan_file(report.plan_root)) for f in findings)
        out[name + ".fine"] = Counter(
            (f.rule, f.severity, f.plan_file(report.plan_root),
             f.location.line if lines else None, f.variant, _subject(f, mapping))
            for f in findings)
    return out


def check_renaming(name: str, workdir: Path, mapping: dict[str, str]) -> None:
    p = prepared(name, workdir)
    renamed = run(rename_in_place(p, mapping), workdir, name)
    before, after = identity(p.report, mapping), identity(renamed)
    assert len(renamed.findings) == len(p.report.findings)
    assert len(renamed.waived) == len(p.report.waived)
    for key in ("active.coarse", "waived.coarse", "active.fine", "waived.fine"):
        assert after[key] == before[key], (key, before[key] - after[key],
                                           after[key] - before[key])


@pytest.mark.parametrize("name", MAIN_PLANS)
@SETTINGS
@given(data=st.data())
def test_renaming_every_id_keeps_the_findings(name: str, workdir: Path, data: Any) -> None:
    p = prepared(name, workdir)
    check_renaming(name, workdir, data.draw(renamings(p.ids), label="mapping"))


@CASE_SETTINGS
@given(case=st.sampled_from(sorted(RULE_CASES)), data=st.data())
def test_renaming_keeps_the_findings_of_every_rule_case(case: str, workdir: Path,
                                                        data: Any) -> None:
    p = prepared(case, workdir)
    check_renaming(case, workdir, data.draw(renamings(p.ids), label="mapping"))


# --- property 2: reordering -------------------------------------------------------------------


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """safe_dump that writes a figure with exactly its printed digits (7058.0 stays 7058.0)."""


_Dumper.add_representer(
    Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", format(v, "f")))


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _exact(value: Any) -> Any:
    """Data compared with each figure's printed precision."""
    if isinstance(value, Decimal):
        return ("decimal", value.as_tuple())
    if isinstance(value, dict):
        return {k: _exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_exact(v) for v in value]
    return value


def _permutation(items: list[Any], rng: random.Random, pins: Pins | None) -> list[Any]:
    order = list(range(len(items)))
    rng.shuffle(order)
    if pins is not None:
        keys = pins(items)
        count = Counter(k for ks in keys for k in ks)
        pinned = [i for i, ks in enumerate(keys) if any(count[k] > 1 for k in ks)]
        slots = [pos for pos, i in enumerate(order) if i in set(pinned)]
        for pos, i in zip(slots, pinned):
            order[pos] = i
    return [items[i] for i in order]


def reorder(data: Any, cls: type[Located], rng: random.Random,
            lists: frozenset[tuple[type[Located], str]], keys: bool) -> Any:
    """``data`` with the entries of the ``lists`` permuted (PINNED respected) and, with
    ``keys``, the keys of every mapping."""
    if not isinstance(data, dict):
        return data
    fields = _fields(cls)
    out = {}
    for key, value in data.items():
        mkey = _model_key(key)
        sub = _model_in(fields[mkey]) if mkey in fields else None
        if isinstance(value, list):
            value = [reorder(v, sub, rng, lists, keys) if sub else v for v in value]
            if (cls, mkey) in lists:
                value = _permutation(value, rng, PINNED.get((cls, key)))
        elif sub is not None:
            value = reorder(value, sub, rng, lists, keys)
        out[key] = value
    if keys:
        items = list(out.items())
        rng.shuffle(items)
        out = dict(items)
    return out


def _strip_locations(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"file", "line", "column"}:
            return None
        return {k: _strip_locations(v) for k, v in value.items()
                if k not in ("location", "related")}
    if isinstance(value, list):
        return [_strip_locations(v) for v in value]
    return value


def json_without_locations(report: Report) -> dict[str, Any]:
    doc = _strip_locations(json.loads(renderer("json")(report)))
    for key in ("findings", "waived"):
        if key in doc:
            doc[key] = sorted(doc[key], key=lambda f: json.dumps(f, sort_keys=True))
    return doc


def messages(report: Report) -> dict[str, Counter[tuple[str, ...]]]:
    return {
        "active": Counter((f.rule, f.severity, f.plan_file(report.plan_root), f.message)
                          for f in report.findings),
        "waived": Counter((w.finding.rule, w.finding.severity,
                           w.finding.plan_file(report.plan_root), w.finding.message, w.reason)
                          for w in report.waived),
    }


def _words(text: str) -> list[str]:
    return sorted(re.findall(r"[^\s,()]+", text))


def _unordered(value: Any, key: str | None = None) -> Any:
    """A report document with every list, and the words of every message and written-out
    computation, in a canonical order: what must not change when ECHOED lists move."""
    if isinstance(value, dict):
        return {k: _unordered(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_unordered(v) for v in value),
                      key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    if isinstance(value, str) and key in ("message", "computation"):
        return _words(value)
    return value


def dumped(p: Prepared, workdir: Path) -> Prepared:
    """The plan written with ``dump`` unpermuted, and its report: the reference run."""
    if p.dumped_report is None:
        p.dumped = {rel: dump(d) for rel, d in p.data.items()}
        for rel, text in p.dumped.items():
            assert _exact(_parse(rel, text)) == _exact(p.data[rel]), rel
        p.dumped_report = run(p.dumped, workdir, p.name)
        # writing the plan this way changes nothing but lines and columns
        assert messages(p.dumped_report) == messages(p.report)
        assert json_without_locations(p.dumped_report) == json_without_locations(p.report)
    return p


Choice = tuple[frozenset[tuple[type[Located], str]], bool, int]


@st.composite
def reorderings(draw: st.DrawFn) -> Choice:
    """Which lists to permute, whether to permute every mapping's keys, and a seed for the
    permutations. (A plan has thousands of lists and mappings: drawing every permutation
    from hypothesis would overrun its buffer; the choice of lists shrinks well.)"""
    ordered = sorted(ORDER_FREE, key=lambda k: (k[0].__name__, k[1]))
    lists = draw(st.one_of(
        st.just(ORDER_FREE - ECHOED),
        st.just(ORDER_FREE),
        st.sets(st.sampled_from(ordered), min_size=1, max_size=4).map(frozenset)))
    return lists, draw(st.booleans()), draw(st.integers(0, 2**32 - 1))


def _diff(before: Counter[Any], after: Counter[Any]) -> dict[str, Any]:
    return {"missing": dict(before - after), "new": dict(after - before)}


def check_reordering(name: str, workdir: Path, choice: Choice) -> None:
    p = dumped(prepared(name, workdir), workdir)
    lists, keys, seed = choice
    rng = random.Random(seed)
    files = {rel: dump(reorder(d, PlanFile, rng, lists, keys)) for rel, d in p.data.items()}
    report = run(files, workdir, name)
    reference = p.dumped_report
    assert reference is not None
    # the same findings, and the same identity (fingerprint: rule, variant, file, subject)
    before, after = identity(reference, lines=False), identity(report, lines=False)
    for key in before:
        assert after[key] == before[key], (key, _diff(before[key], after[key]))
    # the same content, whatever the order of the lists a finding echoes
    assert _unordered(json_without_locations(report)) == \
        _unordered(json_without_locations(reference))
    if lists & ECHOED:
        return
    # and, when none of those moved, the very same words and evidence
    before_m, after_m = messages(reference), messages(report)
    for key in before_m:
        assert after_m[key] == before_m[key], (key, _diff(before_m[key], after_m[key]))
    assert json_without_locations(report) == json_without_locations(reference)


@pytest.mark.parametrize("name", MAIN_PLANS)
@SETTINGS
@given(choice=reorderings())
def test_reordering_keys_and_entries_keeps_the_output(name: str, workdir: Path,
                                                      choice: Choice) -> None:
    check_reordering(name, workdir, choice)


@CASE_SETTINGS
@given(case=st.sampled_from(sorted(RULE_CASES)), choice=reorderings())
def test_reordering_keeps_the_output_of_every_rule_case(case: str, workdir: Path,
                                                        choice: Choice) -> None:
    check_reordering(case, workdir, choice)


# --- order dependences found while writing these properties (minimal plans) --------------


def _mini_with(workdir: Path, name: str, patch: Callable[[dict[str, str]], None]) -> Report:
    files = _read_dir(MINI_PLAN)
    patch(files)
    return run(files, workdir, name)


# UPP003 (assignment_answered) used to report a body named both directly and through a
# group with the graph path through the *first* of those owner entries; the path is part
# of the finding's subject, so reordering riktas_till changed its fingerprint (a baseline
# then saw a new finding). Now the direct entry is the path (SteeringGraph.owner_bodies).
def test_owner_order_keeps_the_upp003_fingerprint(workdir: Path) -> None:
    def owners(order: str) -> Callable[[dict[str, str]], None]:
        def patch(files: dict[str, str]) -> None:
            files["mal.yaml"] += ("  - id: upp-03\n    text: Utred tillgängligheten.\n"
                                  f"    riktas_till: [{order}]\n")
        return patch

    def in_styrmodell(order: str) -> Callable[[dict[str, str]], None]:
        # UPP003 belongs to the Västerbotten styrmodell pack: the plan opts into it
        def patch(files: dict[str, str]) -> None:
            owners(order)(files)
            files["plan.yaml"] = files["plan.yaml"].replace(
                "  beslutad_av: rf\n", "  beslutad_av: rf\n  styrmodell: [vasterbotten]\n")
        return patch

    first = _mini_with(workdir, "mini", in_styrmodell("alla-namnder, hsn"))
    second = _mini_with(workdir, "mini", in_styrmodell("hsn, alla-namnder"))
    assert [f.rule for f in first.findings] == ["UPP003", "UPP003"]
    assert identity(first, lines=False) == identity(second, lines=False)
    assert {f.fingerprint(first.plan_root) for f in first.findings} == \
        {f.fingerprint(second.plan_root) for f in second.findings}


# BAL003 (exemption_decided) used to keep one synnerliga skäl decision per year, the
# *last* one listed, so with two decisions for a year whether there was a finding
# depended on their order. Now the decisions of a year are read together: their amounts
# are summed and compared with the table.
def test_bal003_reads_every_decision_for_a_year(workdir: Path) -> None:
    decisions = [
        ("  - {id: rf-ss-2024, organ: rf, avser: synnerliga_skäl, år: 2024, belopp: 10, "
         "datum: 2025-04-22}\n"),
        ("  - {id: rf-ss-2024-b, organ: rf, avser: synnerliga_skäl, år: 2024, belopp: 12, "
         "datum: 2025-05-20}\n")]

    def plan(entries: list[str]) -> Callable[[dict[str, str]], None]:
        def patch(files: dict[str, str]) -> None:
            files["ekonomi.yaml"] = files["ekonomi.yaml"].replace(
                "värden: [0, 0, 0, 0]", "värden: [10, 0, 0, 0]")
            files["beslut.yaml"] = "beslut:\n" + "".join(entries)
        return patch

    first = _mini_with(workdir, "mini", plan(decisions))
    second = _mini_with(workdir, "mini", plan(decisions[::-1]))
    assert messages(first) == messages(second)
    [mismatch] = [f for f in first.findings if f.rule == "BAL003"]
    assert mismatch.variant == "amount_mismatch"
    assert mismatch.params["decided"] == 22 and mismatch.params["amount"] == 10
    assert mismatch.evidence["computation"] == "10 + 12 = 22"
    # the two decisions together match a table that exempts their sum
    both = _mini_with(workdir, "mini", lambda files: (plan(decisions)(files), files.update(
        {"ekonomi.yaml": files["ekonomi.yaml"].replace("värden: [10, 0, 0, 0]",
                                                       "värden: [22, 0, 0, 0]")})))
    assert [f for f in both.findings if f.rule == "BAL003"] == []


def test_a_body_named_directly_and_through_a_group_gets_one_eko002(workdir: Path) -> None:
    def patch(files: dict[str, str]) -> None:
        mal = files["mal.yaml"]
        start = mal.index("id: upp-01")
        end = mal.index("riktas_till:", start)
        line_end = mal.index("\n", end)
        files["mal.yaml"] = mal[:end] + "riktas_till: [alla-namnder, hsn]" + mal[line_end:]
        plans = files["namndplaner.yaml"]
        goal = "    nettokostnadsmål: {år: 2026, utveckling_procent: 4.0}\n"
        assert plans.count(goal) == 1
        files["namndplaner.yaml"] = plans.replace(goal, "")

    report = _mini_with(workdir, "mini", patch)
    eko002 = [f for f in report.findings if f.rule == "EKO002"]
    assert [f.params["body"] for f in eko002] == ["hsn"]
    assert eko002[0].evidence["path"][:3] == ["upp-01", "hsn", "hsn"]
