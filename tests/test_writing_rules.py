"""docs/writing-rules.md runs as written: its worked examples are complete rules whose test
cases pass (each catching its planted defect and passing its clean plan), its table of
functions is the language's, and its sample errors are the ones govcheck gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from govcheck.cli.main import cli
from govcheck.paths import rules_dir
from govcheck.rules.casetest import run_case
from govcheck.rules.engine import load_rules
from govcheck.rules.lang.functions import FUNCTIONS

DOC = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
EXAMPLES = {m.group(1).split("\n", 1)[0][4:]: m.group(1)
            for m in re.finditer(r"```yaml\n(id: .*?)```", DOC, re.S)}


def write_examples(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for rule_id, text in EXAMPLES.items():
        (folder / f"{rule_id}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_the_three_worked_examples_are_there():
    assert set(EXAMPLES) == {"KAN001", "KAN002", "REV001"}
    titles = ["Every delmål has an indicator with a target value",
              "Every uppdrag has a tidsram inside the mandate",
              "Every nämnd's ram grows at most as fast as skatter och statsbidrag"]
    assert all(f"### {t}" in DOC for t in titles)


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory):
    folder = write_examples(tmp_path_factory.mktemp("my-rules"))
    return folder, load_rules([rules_dir(), folder])


@pytest.mark.parametrize("rule_id", sorted(EXAMPLES))
def test_each_example_catches_its_defect_and_passes_the_clean_plan(examples, rule_id: str):
    _, ruleset = examples
    rule = ruleset.get(rule_id)
    assert rule is not None and rule.declarative
    results = [run_case(rule, case, ruleset) for case in rule.tests]
    assert all(r.ok and not r.error for r in results), [
        (r.case, r.error, r.expected, r.actual) for r in results if not r.ok]
    assert any(not c.expect for c in rule.tests) and any(c.expect for c in rule.tests)


def test_govcheck_test_runs_them_as_a_user_would(examples):
    folder, _ = examples
    result = CliRunner().invoke(cli, ["test", str(folder)])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_every_function_is_documented():
    table = DOC[DOC.index("| function | what it gives |"):]
    documented = set(re.findall(r"^\| `(\w+)\(", table, re.M))
    assert documented == set(FUNCTIONS)


@pytest.mark.parametrize("old,new,shown", [
    ("exists: true", "exist: true", "ogiltig regel (then.0.assert.exist): unknown key 'exist'; "
                                    "did you mean 'exists'?"),
    ("assignment.period.start, op", "assignment.perod.start, op",
     "okänt attribut 'perod' i 'assignment.perod.start'; menade du 'period'?"),
    ('op: "<=", right: plan.mandate_period.end', 'op: "=<", right: plan.mandate_period.end',
     "ogiltig regel (then.1.assert.all.1.compare.op): Input should be"),
])
def test_the_sample_errors_are_govchecks(tmp_path: Path, old: str, new: str, shown: str):
    folder = tmp_path / "my-rules"
    folder.mkdir()
    text = EXAMPLES["KAN002"]
    assert text.count(old) == 1
    (folder / "KAN002.yaml").write_text(text.replace(old, new), encoding="utf-8")
    result = CliRunner().invoke(cli, ["test", str(folder)])
    assert result.exit_code == 2
    [line] = [x for x in result.output.splitlines() if "KAN002.yaml:" in x]
    where = line.split("KAN002.yaml:", 1)[1].split(": error ", 1)[0]
    assert f"my-rules/KAN002.yaml:{where}: error {shown}" in DOC


def test_the_catalogue_paragraph_names_exactly_the_rules_written_as_conditions():
    from govcheck.paths import rules_dir
    from govcheck.rules.engine import load_rules

    text = DOC[DOC.index("## The catalogue"):]
    text = text[:text.index("The four rules")]
    conditions, functions = text.split("The other rules")
    named = set(re.findall(r"\b[A-Z]{3}\d{3}\b", conditions))
    spans = re.findall(r"\b([A-Z]{3})(\d{3})–[A-Z]{3}(\d{3})\b", functions)
    others = set(re.findall(r"\b[A-Z]{3}\d{3}\b", functions)) | {
        f"{p}{n:03d}" for p, a, b in spans for n in range(int(a), int(b) + 1)}
    ruleset = load_rules([rules_dir()])
    assert named == {r.id for r in ruleset if r.declarative}
    assert others == {r.id for r in ruleset if not r.declarative}
