"""`govcheck schema` for editors and `govcheck graph` for other tools."""

from __future__ import annotations

import datetime
import decimal
import json
import re
import shutil
import subprocess

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from conftest import REAL_PLAN
from govcheck.cli.main import cli


def _plain(x):
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    if isinstance(x, decimal.Decimal):
        return float(x)
    if isinstance(x, datetime.date):
        return x.isoformat()
    return x


@pytest.fixture(scope="module")
def validator():
    out = CliRunner().invoke(cli, ["schema"]).output
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_every_real_plan_file_validates(validator):
    for path in sorted(REAL_PLAN.rglob("*.yaml")):
        data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert list(validator.iter_errors(data)) == [], path


def test_schema_rejects_what_the_loader_rejects(validator):
    assert list(validator.iter_errors({"regionmål": [{"id": "m", "namn": "M", "numer": 1}]}))
    assert list(validator.iter_errors({"plan": {"id": "x"}}))  # required keys missing
    assert list(validator.iter_errors({"regionmål": [{"id": "m", "namn": 5}]}))


def test_schema_knows_which_columns_a_comparison_needs(validator):
    """The editor sees what the loader refuses (docs/plan-format.md 3.10): ``kolumn`` is
    needed except for ``mått: summa`` with ``kolumner``; a change needs ``från_kolumn``."""
    def plan(**compare):
        statement = {"id": "s", "beskrivning": "S", "värde": 1, "enhet": "mnkr",
                     "jämför": {"tabell": "t", "rad": "r", **compare}}
        return {"ekonomi": {"uppgifter": [statement]}}

    ok = [plan(kolumn="b"), plan(kolumn="b", mått="förändring", från_kolumn="a"),
          plan(kolumn="b", mått="förändring_procent", från_kolumn="a"),
          plan(mått="summa", kolumner=["a", "b"]), plan(mått="summa", kolumn="b")]
    bad = [plan(), plan(mått="värde"), plan(kolumn="b", mått="förändring"),
           plan(kolumn="b", mått="förändring_procent"), plan(mått="förändring", från_kolumn="a"),
           plan(kolumn="b", mått="förändring", från_kolumn=None), plan(mått="summa"),
           plan(mått="summa", kolumner=[])]
    assert [list(validator.iter_errors(p)) for p in ok] == [[]] * len(ok)
    assert all(list(validator.iter_errors(p)) for p in bad)


def test_schema_carries_the_plausible_bounds(validator):
    """The editor sees what the loader refuses (docs/plan-format.md 2.8)."""
    company = {"id": "b", "namn": "B", "ägarandel": 120}
    assert list(validator.iter_errors({"organisation": {"namn": "R", "bolag": [company]}}))
    assert list(validator.iter_errors({"regionmål": [{"id": "m", "namn": "M", "agenda2030": [18]}]}))
    assert list(validator.iter_errors({"nämndplaner": [{"id": "n", "organ": "rs", "år": 20026}]}))
    assert not list(validator.iter_errors({"nämndplaner": [{"id": "n", "organ": "rs", "år": 2026}]}))
    assert list(validator.iter_errors({"ekonomi": {"lpik": [{"år": 2026, "värde": 1e16, "enhet": "x"}]}}))


def test_schema_lists_every_row_role_and_nyckeltal():
    from govcheck.model.plan import ROW_ROLES, STATEMENT_MEASURES

    defs = json.loads(CliRunner().invoke(cli, ["schema"]).output)["$defs"]

    def enum(model, key):
        options = defs[model]["properties"][key]["anyOf"]
        return next(o["enum"] for o in options if "enum" in o)

    assert enum("Row", "roll") == list(ROW_ROLES)
    assert enum("Statement", "nyckeltal") == list(STATEMENT_MEASURES)


def test_plan_format_documents_every_row_role_and_nyckeltal():
    """docs/plan-format.md 4.7 has one table row per name, marked where it is allowed."""
    from govcheck.model.plan import ROW_ROLES, STATEMENT_MEASURES

    text = (REAL_PLAN.parent.parent / "docs" / "plan-format.md").read_text(encoding="utf-8")
    section = text.split("### 4.7 ")[1].split("\n## ")[0]
    roles, measures = [], []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`"):
            name = cells[0].strip("`")
            if cells[1] == "yes":
                roles.append(name)
            if cells[2] == "yes":
                measures.append(name)
    assert sorted(roles) == sorted(ROW_ROLES)
    assert sorted(measures) == sorted(STATEMENT_MEASURES)


def test_schema_has_no_internal_keys():
    out = CliRunner().invoke(cli, ["schema"]).output
    assert "__loc__" not in out and "__keys__" not in out


def test_graph_json_has_the_steering_chain():
    result = CliRunner().invoke(cli, ["graph", str(REAL_PLAN), "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    kinds = {n["id"]: n["kind"] for n in doc["nodes"]}
    assert kinds["rf"] == "council" and kinds["hsn"] == "board" and kinds["rs"] == "executive_board"
    edges = {(e["source"], e["target"], e["kind"]) for e in doc["edges"]}
    assert ("rf", "hsn", "sets_up") in edges
    assert ("mal-1", "rs", "targets") in edges
    assert ("rs-dm-nus", "mal-7", "links_to") in edges


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "json"])
def test_graph_output_is_stable(fmt):
    runner = CliRunner()
    first = runner.invoke(cli, ["graph", str(REAL_PLAN), "--format", fmt]).output
    assert first == runner.invoke(cli, ["graph", str(REAL_PLAN), "--format", fmt]).output
    assert "Regionfullmäktige" in first


def test_graph_on_a_broken_plan_is_exit_2(tmp_path):
    (tmp_path / "plan.yaml").write_text("plan: [\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["graph", str(tmp_path)])
    assert result.exit_code == 2


def test_dot_labels_escape_the_line_break_once(tmp_path):
    """Graphviz reads ``\\n`` in a quoted label as a line break; ``\\\\n`` would draw a
    literal backslash-n in every node (the labels used to be escaped twice). A quote or a
    backslash in a name stays inside its string."""
    out = CliRunner().invoke(cli, ["graph", str(REAL_PLAN), "--format", "dot"]).output
    labels = re.findall(r'\[label="((?:[^"\\]|\\.)*)", kind=', out)
    assert labels and all(label.count("\\n(") == 1 for label in labels)
    assert "\\\\n" not in out
    plan = tmp_path / "plan"
    shutil.copytree(REAL_PLAN, plan)
    org = plan / "organisation.yaml"
    text = org.read_text(encoding="utf-8")
    org.write_text(text.replace("namn: Patientnämnden", 'namn: Patient\\"nämnden"', 1),
                   encoding="utf-8")
    out = CliRunner().invoke(cli, ["graph", str(plan), "--format", "dot"]).output
    [line] = [ln for ln in out.splitlines() if "Patient\\" in ln and "[label=" in ln]
    assert 'label="Patient\\\\\\"nämnden\\"\\n(board)"' in line, line


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_draws_each_label_on_two_lines_without_a_backslash():
    out = CliRunner().invoke(cli, ["graph", str(REAL_PLAN), "--format", "dot"]).output
    svg = subprocess.run(["dot", "-Tsvg"], input=out, capture_output=True, text=True,
                         check=True).stdout
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "(board)" in texts and "Patientnämnden" in texts
    assert not any("\\n" in t for t in texts)
