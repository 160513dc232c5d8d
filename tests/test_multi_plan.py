"""``govcheck lint DIR DIR ...``: several plans in one run, in parallel, in a fixed order."""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from conftest import MINI_PLAN, REAL_PLAN
from test_ci_formats import sarif_schema_path

from govcheck.batch import Options, lint_plans
from govcheck.config import Config
from govcheck.load.folder import expand_plan_dirs
from govcheck.pipeline import build_report, load_ruleset
from govcheck.report import renderer


def run(cwd: Path, *args: str, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govcheck", "lint", *args],
                          cwd=cwd, capture_output=True, text=True, check=False,
                          env=env or {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"})


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of plans: the real plan (findings), the mini plan (none) and a mini plan
    with one over-budget goal (one EKO001 error)."""
    root = tmp_path_factory.mktemp("multi")
    shutil.copytree(REAL_PLAN, root / "plans" / "a-vasterbotten")
    shutil.copytree(MINI_PLAN, root / "plans" / "b-mini")
    over = root / "plans" / "c-over"
    shutil.copytree(MINI_PLAN, over)
    path = over / "namndplaner.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("belopp: 100.0}") == 1
    path.write_text(text.replace("belopp: 100.0}", "belopp: 110.0}"), encoding="utf-8")
    return root


NAMES = ["a-vasterbotten", "b-mini", "c-over"]


def test_folder_of_plans_expands_to_its_plans_sorted(plans: Path):
    assert expand_plan_dirs([plans / "plans"]) == [plans / "plans" / n for n in NAMES]
    # a plan folder stays itself, and what is not a plan is passed on for the loader
    assert expand_plan_dirs([plans / "plans" / "b-mini"]) == [plans / "plans" / "b-mini"]
    assert expand_plan_dirs([plans / "nowhere"]) == [plans / "nowhere"]


def test_text_reports_each_plan_in_order_then_the_total(plans: Path):
    proc = run(plans, "plans/c-over", "plans/b-mini", "plans/a-vasterbotten")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    # a summary names the plan by its own name, with its folder in brackets
    summaries = [i for i, line in enumerate(lines)
                 if re.search(r" i .*\((c-over|b-mini|a-vasterbotten)\)", line)]
    assert [re.search(r"\((c-over|b-mini|a-vasterbotten)\)", lines[i]).group(1)
            for i in summaries] == ["c-over", "b-mini", "a-vasterbotten"]
    # the over-budget plan's finding comes before its own summary, in its own file
    assert lines[0].startswith("plans/c-over/namndplaner.yaml:") and " EKO001 " in lines[0]
    assert lines[-1] == "Totalt: 24 fel, 13 varningar, 0 noteringar i 3 planer"


def test_one_worker_and_two_give_byte_identical_output(plans: Path):
    for fmt in ("text", "json", "sarif", "junit", "github"):
        one = run(plans, "plans", "--format", fmt, "-j", "1")
        two = run(plans, "plans", "--format", fmt, "-j", "2",
                  env=dict(os.environ, PYTHONHASHSEED="4711"))
        assert one.returncode == two.returncode == 1, (fmt, one.stderr, two.stderr)
        assert one.stdout == two.stdout, fmt
        assert one.stdout, fmt


def test_folder_argument_equals_listing_the_plans(plans: Path):
    listed = run(plans, *[f"plans/{n}" for n in NAMES], "--format", "json")
    folder = run(plans, "plans", "--format", "json")
    assert listed.stdout == folder.stdout


def test_json_holds_every_plan_and_the_sums(plans: Path):
    doc = json.loads(run(plans, "plans", "--format", "json").stdout)
    assert [p["plan"] for p in doc["plans"]] == NAMES
    assert all("govcheck" not in p for p in doc["plans"])
    # each plan's part is what linting that plan alone prints, less the version
    alone = json.loads(run(plans, "plans/c-over", "--format", "json").stdout)
    del alone["govcheck"]
    assert doc["plans"][2] == alone
    totals = [p["summary"]["total"] for p in doc["plans"]]
    assert doc["summary"]["plans"] == 3
    assert doc["summary"]["total"] == sum(totals) == 37
    assert doc["summary"]["by_severity"] == {"error": 24, "warning": 13, "info": 0}
    assert doc["summary"]["by_rule"]["EKO001"] == 1 + doc["plans"][0]["summary"][
        "by_rule"].get("EKO001", 0)


def test_sarif_is_one_valid_run_with_the_results_of_every_plan(plans: Path):
    doc = json.loads(run(plans, "plans", "--format", "sarif").stdout)
    schema = json.loads(sarif_schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(doc)
    assert len(doc["runs"]) == 1
    run0 = doc["runs"][0]
    assert [p["plan"] for p in run0["properties"]["plans"]] == NAMES
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run0["results"]]
    assert sum(u.startswith("plans/c-over/") for u in uris) == 1
    assert sum(u.startswith("plans/a-vasterbotten/") for u in uris) == 36
    # the rules are described once
    ids = [r["id"] for r in run0["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids)) == len(list(load_ruleset()))


def test_junit_has_a_testsuite_per_plan_and_summed_totals(plans: Path):
    root = ET.fromstring(run(plans, "plans", "--format", "junit").stdout)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [f"govcheck: {n}" for n in NAMES]
    for key in ("tests", "failures"):
        assert int(root.get(key)) == sum(int(s.get(key)) for s in suites)
    assert [int(s.get("failures")) for s in suites][1:] == [0, 1]


def test_output_file_gets_the_same_text(plans: Path, tmp_path: Path):
    out = tmp_path / "report.txt"
    proc = run(plans, "plans", "-o", str(out))
    assert proc.returncode == 1 and proc.stdout == ""
    assert out.read_text(encoding="utf-8") == run(plans, "plans").stdout


def test_a_broken_plan_is_reported_and_the_others_still_linted(plans: Path, tmp_path: Path):
    shutil.copytree(plans / "plans", tmp_path / "plans")
    broken = tmp_path / "plans" / "b-mini" / "mal.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n  - id: [\n", encoding="utf-8")
    proc = run(tmp_path, "plans", "--format", "json")
    assert proc.returncode == 2
    assert "plans/b-mini/mal.yaml:" in proc.stderr and "Traceback" not in proc.stderr
    assert [p["plan"] for p in json.loads(proc.stdout)["plans"]] == ["a-vasterbotten",
                                                                      "c-over"]
    text = run(tmp_path, "plans")
    assert text.stdout.splitlines()[-1] == \
        "Totalt: 24 fel, 13 varningar, 0 noteringar i 3 planer; 1 planer med indatafel"


@pytest.mark.parametrize("extra", [["--format", "html"], ["--format", "md"],
                                   ["--baseline", "b.json"]])
def test_one_plan_options_refuse_several_plans(plans: Path, extra: list[str]):
    proc = run(plans, "plans", *extra)
    assert proc.returncode == 2
    assert "takes one plan; 3 were given" in proc.stderr


def test_an_unknown_rule_stops_the_run_before_any_plan(plans: Path):
    proc = run(plans, "plans", "--only", "EKO00")
    assert proc.returncode == 2 and "unknown rule 'EKO00'" in proc.stderr
    assert proc.stdout == ""


def test_workers_return_the_same_findings_as_one_process(plans: Path):
    dirs = expand_plan_dirs([plans / "plans"])
    ruleset = load_ruleset()
    options = Options("sv", Config(), (), None, True)
    pooled = list(lint_plans(dirs, options, ruleset, jobs=2))
    assert [r.plan_dir for r in pooled] == dirs
    for result, plan_dir in zip(pooled, dirs):
        alone = build_report(plan_dir)
        assert result.report is not None and result.report.graph is None
        assert result.report.ruleset is ruleset
        assert result.report.findings == alone.findings
        assert renderer("sarif")(result.report) == renderer("sarif")(alone)


def test_terminal_colours_only_when_asked(plans: Path):
    plain = run(plans, "plans/c-over")
    assert "\x1b[" not in plain.stdout and "[net-cost-within-frame]" in plain.stdout
    coloured = run(plans, "plans/c-over", env=dict(os.environ, FORCE_COLOR="1"))
    assert "\x1b[" in coloured.stdout and "[net-cost-within-frame]" in coloured.stdout
    strip = __import__("re").compile(r"\x1b\[[0-9;]*m")
    assert strip.sub("", coloured.stdout) == plain.stdout


def test_one_job_over_several_plans_keeps_no_graphs(plans: Path):
    """A run over many plans keeps every report until the end: without its graph each
    (the graph holds the whole plan model)."""
    dirs = expand_plan_dirs([plans / "plans"])
    ruleset = load_ruleset()
    options = Options("sv", Config(), (), None, True)
    results = list(lint_plans(dirs, options, ruleset, jobs=1))
    assert all(r.report is not None and r.report.graph is None for r in results)
    assert [r.report.findings for r in results if r.report] == \
        [build_report(d).findings for d in dirs]
    [single] = list(lint_plans(dirs[:1], options, ruleset, jobs=1))
    assert single.report is not None and single.report.graph is not None
