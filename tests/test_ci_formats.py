"""The CI formats of ``govcheck lint``: SARIF, JUnit XML and GitHub workflow commands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import MINI_PLAN, REAL_PLAN, ROOT
from govcheck.load.errors import Location
from govcheck.pipeline import build_report
from govcheck.report import FORMATS, renderer
from govcheck.report.model import Report, Waived
from govcheck.report.sarif import family
from govcheck.report.text import summary_line
from govcheck.rules.finding import Finding, plain

SCHEMA_NAME = "sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif_schema_path() -> Path:
    """The shared copy of the official schema beside the repository, else the committed one."""
    shared = ROOT.parent / "shared" / "schemas" / SCHEMA_NAME
    return shared if shared.is_file() else ROOT / "tests" / "data" / SCHEMA_NAME


@pytest.fixture(scope="module")
def real_report() -> Report:
    return build_report(REAL_PLAN)


def sarif(report: Report) -> dict:
    return json.loads(renderer("sarif")(report))


def results_by_fingerprint(doc: dict) -> dict[str, dict]:
    results = doc["runs"][0]["results"]
    return {r["partialFingerprints"]["govcheck/v1"]: r for r in results}


def with_findings(report: Report, findings: list[Finding],
                  waived: list[Waived] | None = None) -> Report:
    return Report(report.plan_name, report.plan_root, report.graph, report.ruleset, findings,
                  report.lang, report.rules_run, waived or [], report.plan_hash)


def test_formats_are_registered():
    assert {"sarif", "junit", "github"} <= set(FORMATS)


# --- SARIF -----------------------------------------------------------------------------------

def test_sarif_of_the_real_plan_validates_against_the_official_schema(real_report):
    schema = json.loads(sarif_schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    doc = sarif(real_report)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    assert len(doc["runs"][0]["results"]) == len(real_report.findings) > 0


@pytest.mark.parametrize("document", [
    {"this": "is not sarif"},
    {"version": "2.1.0"},
    {"version": "2.1.0", "runs": [{"results": []}]},  # a run needs its tool
])
def test_the_schema_check_rejects_what_is_not_sarif(document, real_report):
    """The schema test above can fail: the schema has its root in place (the old copy had
    it under definitions.Root, so that anything validated), and a document missing what
    SARIF requires, or a real document with its tool removed, is rejected."""
    schema = json.loads(sarif_schema_path().read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    assert list(validator.iter_errors(document))
    broken = sarif(real_report)
    del broken["runs"][0]["tool"]
    assert list(validator.iter_errors(broken))


def test_committed_schema_copy_is_the_official_one():
    shared = ROOT.parent / "shared" / "schemas" / SCHEMA_NAME
    committed = ROOT / "tests" / "data" / SCHEMA_NAME
    assert committed.is_file()
    if shared.is_file():
        assert committed.read_bytes() == shared.read_bytes()


def test_every_rule_is_a_descriptor_with_its_texts(real_report):
    driver = sarif(real_report)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "govcheck"
    assert driver["version"] == driver["semanticVersion"] == real_report.version
    rules = list(real_report.ruleset)
    assert [d["id"] for d in driver["rules"]] == [r.id for r in rules]
    for spec, d in zip(rules, driver["rules"]):
        assert d["name"] == spec.name
        assert d["shortDescription"]["text"] == spec.title.sv
        assert d["fullDescription"]["text"] == spec.rationale.sv
        assert spec.reference.sv in d["help"]["text"]
        markdown = d["help"]["markdown"]
        assert spec.examples["fail"].yaml.strip() in markdown
        assert spec.examples["pass"].yaml.strip() in markdown
        assert f"docs/rules/{spec.id}.md" in markdown
        assert d["properties"]["documentation"] == f"docs/rules/{spec.id}.md"
        assert (ROOT / d["properties"]["documentation"]).is_file()
        assert d["defaultConfiguration"]["level"] == LEVEL[spec.severity]
        assert d["properties"]["tags"] == [family(spec.id)]
        # the rule's page on the project's home, from pyproject's [project.urls]
        assert d["helpUri"] == f"{declared_urls()['Documentation']}/rules/{spec.id}.md"
        assert f"({d['helpUri']})" in markdown
    assert family("EKO001") == "ekonomi" and family("XYZ001") == "xyz"


def declared_urls() -> dict[str, str]:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]


def test_information_uri_is_the_declared_home(real_report):
    """informationUri and helpUri come from [project.urls] (through the installed package's
    metadata: a stale install fails here), and every helpUri names a page the repository has
    under docs/."""
    urls = declared_urls()
    assert urls["Homepage"].startswith("https://") and urls["Documentation"].startswith("https://")
    driver = sarif(real_report)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == urls["Homepage"]
    for d in driver["rules"]:
        page = d["helpUri"].removeprefix(urls["Documentation"] + "/")
        assert page != d["helpUri"] and (ROOT / "docs" / page).is_file()


def test_swedish_help_has_no_english_docstring(real_report):
    """The Swedish help (SARIF help.markdown, `rules explain`, the Swedish half of
    docs/rules/ID.md) says what the check does in the rule's own Swedish rationale; the
    check's English docstring belongs to the English help alone."""
    from govcheck.rules.checks import CHECKS

    english = build_report(REAL_PLAN, lang="en")
    sv_rules = sarif(real_report)["runs"][0]["tool"]["driver"]["rules"]
    en_rules = sarif(english)["runs"][0]["tool"]["driver"]["rules"]
    for spec, sv, en in zip(real_report.ruleset, sv_rules, en_rules):
        if spec.declarative:  # no docstring: both languages show the rule's conditions
            continue
        doc = CHECKS[spec.check].doc
        first = doc.splitlines()[0]
        assert first and first not in sv["help"]["markdown"], spec.id
        assert doc in en["help"]["markdown"], spec.id
        page = (ROOT / "docs" / "rules" / f"{spec.id}.md").read_text(encoding="utf-8")
        swedish, _, english_half = page.partition("\n---\n")
        assert first not in swedish and doc in english_half, spec.id


def test_swedish_rule_texts_name_no_option(real_report):
    """A rule's Swedish title, rationale and example descriptions speak Swedish, not the
    check's option names (UPP003 said 'valet answer_kinds')."""
    from govcheck.rules.checks import CHECKS

    for spec in real_report.ruleset:
        if spec.declarative:  # a rule of conditions has no options
            continue
        names = set(CHECKS[spec.check].options.model_fields)
        texts = [spec.title.sv, spec.rationale.sv,
                 *(e.description.sv for e in spec.examples.values())]
        for text in texts:
            assert not [n for n in names if "_" in n and n in text], (spec.id, text)


def test_information_uri_only_from_declared_metadata(real_report, monkeypatch):
    from email.message import Message

    from govcheck.report import sarif as module

    declared = Message()
    declared["Project-URL"] = "Homepage, https://example.org/govcheck"
    monkeypatch.setattr(module.metadata, "metadata", lambda name: declared)
    assert sarif(real_report)["runs"][0]["tool"]["driver"]["informationUri"] == \
        "https://example.org/govcheck"
    monkeypatch.setattr(module.metadata, "metadata", lambda name: Message())
    assert "informationUri" not in sarif(real_report)["runs"][0]["tool"]["driver"]


def test_results_point_at_rules_and_relative_files(real_report):
    run = sarif(real_report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().as_uri().rstrip("/") + "/"
    for finding, result in zip(real_report.findings, run["results"]):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["level"] == LEVEL[finding.severity]
        assert result["message"]["text"] == finding.message
        [location] = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert not artifact["uri"].startswith(("/", "file:")) and "\\" not in artifact["uri"]
        assert (Path.cwd() / artifact["uri"]).resolve() == Path(finding.location.file).resolve()
        region = location["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (finding.location.line,
                                                                finding.location.column)
        assert result["properties"]["evidence"] == json.loads(json.dumps(plain(finding.evidence)))
        assert "suppressions" not in result


def test_related_locations_for_every_related_place(real_report):
    run = sarif(real_report)["runs"][0]
    with_related = [(f, r) for f, r in zip(real_report.findings, run["results"]) if f.related]
    assert with_related, "the real plan has findings with related places"
    for finding, result in with_related:
        related = result["relatedLocations"]
        assert [r["id"] for r in related] == list(range(1, len(finding.related) + 1))
        for loc, entry in zip(finding.related, related):
            physical = entry["physicalLocation"]
            assert physical["region"]["startLine"] == loc.line
            assert (Path.cwd() / physical["artifactLocation"]["uri"]).resolve() == \
                Path(loc.file).resolve()
            assert finding.rule in entry["message"]["text"]
    for finding, result in zip(real_report.findings, run["results"]):
        if not finding.related:
            assert "relatedLocations" not in result


def test_fingerprints_survive_moved_lines_and_differ_between_findings(real_copy, monkeypatch):
    monkeypatch.chdir(real_copy.parent)
    before = sarif(build_report(Path(real_copy.name)))
    for path in sorted(real_copy.rglob("*.y*ml")):
        path.write_text("#\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    after = sarif(build_report(Path(real_copy.name)))
    old, new = results_by_fingerprint(before), results_by_fingerprint(after)
    assert len(old) == len(before["runs"][0]["results"]), "two findings share a fingerprint"
    assert old.keys() == new.keys()
    for key, result in old.items():
        moved = new[key]
        assert moved["ruleId"] == result["ruleId"]
        assert moved["message"] == result["message"]
        line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert moved["locations"][0]["physicalLocation"]["region"]["startLine"] == line + 1
        assert moved["partialFingerprints"]["primaryLocationLineHash"] == key


def test_fingerprints_do_not_depend_on_language_or_working_directory(real_report, monkeypatch):
    swedish = results_by_fingerprint(sarif(real_report)).keys()
    english = build_report(REAL_PLAN, lang="en")
    assert results_by_fingerprint(sarif(english)).keys() == swedish
    monkeypatch.chdir(REAL_PLAN)  # the report's paths are relative to where it was built
    elsewhere = sarif(build_report(Path(".")))
    assert results_by_fingerprint(elsewhere).keys() == swedish
    uri = elsewhere["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"]["uri"]
    assert not uri.startswith("plans/")


def test_waived_findings_are_suppressed_results(real_report):
    waived_finding = real_report.findings[0]
    report = with_findings(real_report, real_report.findings[1:], [Waived(
        waived_finding, "Beslutat i RF 2025-11-25 § 120", "regionfullmäktige", "Anna Revisor",
        "2026-12-31")])
    run = sarif(report)["runs"][0]
    assert len(run["results"]) == len(real_report.findings)
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert len(suppressed) == 1
    [suppression] = suppressed[0]["suppressions"]
    assert suppression["kind"] == "external"
    assert suppression["justification"] == "Beslutat i RF 2025-11-25 § 120"
    assert suppressed[0]["message"]["text"] == waived_finding.message
    # a waiver does not change which alert the finding is
    assert set(results_by_fingerprint(sarif(real_report))) == \
        set(results_by_fingerprint({"runs": [run]}))


# --- JUnit -----------------------------------------------------------------------------------

def test_junit_has_a_testcase_per_failing_finding_and_one_per_passing_rule(real_report):
    root = ET.fromstring(renderer("junit")(real_report).encode("utf-8"))
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    assert suite.get("name") == "govcheck: vasterbotten-2026"
    cases = suite.findall("testcase")
    failing = [f for f in real_report.findings if f.severity in ("error", "warning")]
    by_rule = Counter(f.rule for f in failing)
    # the rules in the order run, each once per failing finding, or once when it passed
    expected = [r for r in real_report.rules_run for _ in range(by_rule[r] or 1)]
    assert [c.get("name").split()[0] for c in cases] == expected
    assert suite.get("tests") == str(len(cases)) == str(
        len(real_report.rules_run) - len(by_rule) + len(failing))
    names = [(c.get("classname"), c.get("name")) for c in cases]
    assert len(set(names)) == len(names), "two testcases share a name"
    for case in cases:
        rule_id, name = case.get("name").split()[:2]
        assert name.rstrip(":") == real_report.ruleset.get(rule_id).name
        assert case.get("classname") == f"govcheck.{family(rule_id)}"
        assert case.get("time") == "0"
        assert len(case.findall("failure")) == (1 if by_rule[rule_id] else 0)
        assert case.find("skipped") is None
    failures = suite.findall("testcase/failure")
    assert len(failures) == len(failing) == 36
    assert suite.get("failures") == root.get("failures") == str(len(failing))
    assert suite.get("time") == root.get("time") == "0"
    severities = Counter(f.get("type") for f in failures)
    assert severities == Counter(f.severity for f in failing)
    # each finding once, in its own testcase, whose name says which finding it is
    shown = Counter(f.get("message") for f in failures)
    assert shown == Counter(f"{f.location}: {f.message}" for f in failing)
    for case in cases:
        failure = case.find("failure")
        if failure is not None:
            assert failure.get("message").split(": ", 1)[0] in failure.text


def test_junit_testcase_names_follow_the_finding_not_its_line(real_copy, monkeypatch):
    """A CI server tracks a test by its name from run to run: a finding's testcase keeps its
    name when lines move above it."""
    monkeypatch.chdir(real_copy.parent)

    def names() -> list[str]:
        root = ET.fromstring(renderer("junit")(build_report(Path(real_copy.name))).encode())
        return [c.get("name") for c in root.iter("testcase")]

    before = names()
    for path in sorted(real_copy.rglob("*.y*ml")):
        path.write_text("#\n#\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert names() == before


def test_junitparser_recounts_what_govcheck_wrote(real_report, tmp_path):
    """junitparser (the library behind many CI plugins) reads every finding as its own
    failed testcase, and recounting the suite changes none of the totals written."""
    junitparser = pytest.importorskip("junitparser")
    path = tmp_path / "govcheck.xml"
    path.write_text(renderer("junit")(real_report), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    [suite] = list(xml)
    written = (suite.tests, suite.failures, suite.errors, suite.skipped, suite.time)
    cases = list(suite)
    failed = [c for c in cases if any(isinstance(r, junitparser.Failure) for r in c.result)]
    failing = [f for f in real_report.findings if f.severity in ("error", "warning")]
    assert len(failed) == len(failing) == 36
    assert all(len(c.result) == 1 for c in failed)
    assert sorted(c.result[0].message for c in failed) == sorted(
        f"{f.location}: {f.message}" for f in failing)
    suite.update_statistics()
    assert (suite.tests, suite.failures, suite.errors, suite.skipped, suite.time) == written
    assert written == (len(cases), 36, 0, 0, 0)
    xml.update_statistics()
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (len(cases), 36, 0, 0)


def test_junit2html_shows_every_finding(real_report, tmp_path):
    """junit2html (which showed 12 of 36 findings when they shared a testcase) shows each
    error and warning as a failed testcase, and writes its HTML report."""
    parser = pytest.importorskip("junit2htmlreport.parser")
    path = tmp_path / "govcheck.xml"
    path.write_text(renderer("junit")(real_report), encoding="utf-8")
    report = parser.Junit(str(path))
    [suite] = report.suites
    failing = [f for f in real_report.findings if f.severity in ("error", "warning")]
    assert len(suite.failed()) == len(failing)
    shown = sorted(c.failure_msg for c in suite.failed())
    assert shown == sorted(f"{f.location}: {f.message}" for f in failing)
    assert len(suite.all()) == len(suite.failed()) + len(suite.passed()) + len(suite.skipped())
    html = report.html()
    assert all(f.message.split(" (")[0][:40] in html for f in failing[:3])


def test_junit_escapes_what_xml_cannot_hold(real_report):
    f = real_report.findings[0]
    nasty = 'a < b & "c" > d\nnext line \x01 ]]> end'
    report = with_findings(real_report, [Finding(f.rule, f.name, f.severity, nasty, f.location,
                                                 {"note": nasty}, f.reference)])
    root = ET.fromstring(renderer("junit")(report).encode("utf-8"))
    [failure] = root.iter("failure")
    assert 'a < b & "c" > d' in failure.get("message")
    assert "]]> end" in failure.text


def test_junit_notes_and_waivers_do_not_fail(real_report):
    f = real_report.findings[0]
    note = Finding(f.rule, f.name, "info", "bara en notering", f.location, {})
    report = with_findings(real_report, [note], [Waived(f, "accepterat", "rs", "kansliet",
                                                        "2026-12-31")])
    suite = ET.fromstring(renderer("junit")(report).encode("utf-8")).find("testsuite")
    assert suite.get("failures") == "0" and not suite.findall("testcase/failure")
    [case] = [c for c in suite.findall("testcase") if c.get("name").startswith(f.rule)]
    out = case.find("system-out").text
    assert "bara en notering" in out and f.message in out and "accepterat" in out


# --- GitHub workflow commands ----------------------------------------------------------------

def test_github_commands_one_per_finding_then_a_summary(real_report):
    lines = renderer("github")(real_report).splitlines()
    assert len(lines) == len(real_report.findings) + 1
    first, finding = lines[0], real_report.findings[0]
    kind = {"error": "error", "warning": "warning", "info": "notice"}[finding.severity]
    # annotations name files relative to the working directory (the repository's root in a
    # workflow), however the plan folder was named
    shown = os.path.relpath(finding.location.file)
    assert first.startswith(f"::{kind} file={shown},line={finding.location.line},"
                            f"col={finding.location.column},title={finding.rule} {finding.name}::")
    assert lines[-1] == summary_line(
        real_report.findings,
        "Regionplan 2026 med budget 2026 och plan 2027–2029 (vasterbotten-2026)",
        len(real_report.rules_run), "sv")
    assert not lines[-1].startswith("::")


def test_github_escapes_properties_and_data(real_report):
    f = real_report.findings[0]
    message = "100% fel: a, b\r\nrad två"
    odd = Finding("EKO101", "totals-add-up", "info", message,
                  Location("plans/a,b:c.yaml", 3, 4), {})
    report = with_findings(real_report, [odd], [Waived(f, "ok", "rs", "x", "2026-12-31")])
    lines = renderer("github")(report).splitlines()
    assert lines[0] == ("::notice file=plans/a%2Cb%3Ac.yaml,line=3,col=4,"
                        "title=EKO101 totals-add-up::100%25 fel: a, b%0D%0Arad två")
    assert lines[1] == summary_line([odd], real_report.plan_name, len(real_report.rules_run),
                                    "sv", 1)
    assert len(lines) == 2


# --- determinism -----------------------------------------------------------------------------

def _lint(args: list[str], seed: str, cwd: Path) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    proc = subprocess.run([sys.executable, "-m", "govcheck", "lint", *args], cwd=cwd,
                          env=env, capture_output=True, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github"])
def test_byte_identical_across_runs_and_hash_seeds(fmt, tmp_path):
    shutil.copytree(REAL_PLAN, tmp_path / "vasterbotten-2026")
    outputs = {_lint(["vasterbotten-2026", "--format", fmt], seed, tmp_path)
               for seed in ("0", "1", "4242", "4242")}
    assert len(outputs) == 1
    out = outputs.pop()
    assert out and b"\r" not in out
    target = tmp_path / "out" / f"report.{fmt}"
    _lint(["vasterbotten-2026", "--format", fmt, "--output", str(target)], "7", tmp_path)
    assert target.read_bytes() == out


def test_clean_plan_in_every_ci_format():
    report = build_report(MINI_PLAN)
    assert not report.findings
    assert sarif(report)["runs"][0]["results"] == []
    suite = ET.fromstring(renderer("junit")(report).encode("utf-8")).find("testsuite")
    assert suite.get("failures") == "0" and len(suite.findall("testcase")) == len(report.rules_run)
    assert renderer("github")(report).splitlines() == [
        f"Inga fynd i Miniplan 2026 (mini) ({len(report.rules_run)} regler)."]


# --- the documented CI set-up ----------------------------------------------------------------

def test_pre_commit_hook_and_example_workflow_are_well_formed():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "govcheck-lint" and hook["entry"] == "govcheck lint"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert hook["files"] == r"^plans/.*\.ya?ml$" and hook["args"]
    workflow = yaml.safe_load((ROOT / "docs" / "examples" / "govcheck-workflow.yml")
                              .read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "govcheck lint plans" in runs and "--format sarif" in runs
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert "docs/examples/govcheck-workflow.yml" in (ROOT / "docs" / "ci.md").read_text(
        encoding="utf-8")
