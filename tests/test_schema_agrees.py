"""The plan schema (``govcheck schema``) and the loader agree: both accept the same plan files
and both refuse the same mistakes (issue 16, item 7: the schema accepted ``år: 2026.0``,
which the loader refused; now both accept it, as JSON Schema's ``integer`` admits it).

The schema side is what an editor or check-jsonschema sees: the file's values as JSON
(numbers as printed, dates as text), validated with ``jsonschema`` (Draft 2020-12). A
number's notation (``0x7EA``, ``16:36``) is not visible to a schema at all, as every YAML
parser has read it already; the loader refuses those (tests/adversarial) and the schema's
descriptions say so."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from govcheck.api import load_plan
from govcheck.cli.extra import plan_schema
from govcheck.load.errors import PlanLoadError
from govcheck.load.folder import read_folder
from govcheck.load.located import strip_locations

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "rules" / "fixtures" / "mini"
PLANS = sorted(p for p in (ROOT / "plans").iterdir() if (p / "plan.yaml").is_file())
FIXTURES = sorted(p for p in (ROOT / "rules" / "fixtures").iterdir() if p.is_dir())

VALIDATOR = jsonschema.Draft202012Validator(plan_schema())


def as_json(value: Any) -> Any:
    """A loaded value as JSON: a number as its printed literal (``2026.0`` stays a JSON
    number with a fraction), a date as ISO text."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, Decimal):
        return json.loads(str(value).replace("E", "e"))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def schema_errors(plan: Path) -> dict[str, list[str]]:
    """Every file of the plan folder that the schema refuses, with the schema's messages."""
    raw, errors = read_folder(plan)
    assert not errors, errors
    out = {}
    for f in raw:
        messages = [e.message for e in VALIDATOR.iter_errors(as_json(strip_locations(f.data)))]
        if messages:
            out[f.relpath] = messages
    return out


def loader_errors(plan: Path) -> list[str]:
    try:
        load_plan(plan)
    except PlanLoadError as exc:
        return [f"{e.location}: {e.message('en')}" for e in exc.errors]
    return []


@pytest.mark.parametrize("plan", PLANS + FIXTURES, ids=lambda p: p.name)
def test_every_plan_the_loader_accepts_the_schema_accepts(plan):
    assert loader_errors(plan) == []
    assert schema_errors(plan) == {}


# (name, file of the mini plan, old text (once), new text, accepted by both?, what the
#  loader's message names when refused)
CASES = [
    ("year-as-2026.0", "plan.yaml", "budgetår: 2026", "budgetår: 2026.0", True, ""),
    ("year-with-exponent", "plan.yaml", "budgetår: 2026", "budgetår: 2.026e3", True, ""),
    ("period-year-as-2028.0", "plan.yaml", "till: 2028}", "till: 2028.0}", True, ""),
    ("goal-number-as-1.0", "mal.yaml", "    nummer: 1\n", "    nummer: 1.0\n", True, ""),
    ("risk-score-as-3.0", "budget.yaml", "        beskrivning: Upphandlingar görs utan avtal\n",
     "        beskrivning: Upphandlingar görs utan avtal\n        sannolikhet: 3.0\n", True, ""),
    ("figure-with-underscores", "ekonomi.yaml", "värden: [98.0, 102.0]",
     "värden: [98.0, 1_02.0]", True, ""),
    ("cell-printed-as-a-dash", "ekonomi.yaml", "värden: [98.0, 102.0]", "värden: [98.0, –]",
     True, ""),
    ("goal-word-kommunmål", "mal.yaml", "regionmål:", "kommunmål:", True, ""),
    ("year-with-a-fraction", "plan.yaml", "budgetår: 2026", "budgetår: 2026.5", False,
     "budgetår"),
    ("year-quoted", "plan.yaml", "budgetår: 2026", "budgetår: '2026'", False, "budgetår"),
    ("year-too-large", "plan.yaml", "budgetår: 2026", "budgetår: 20026", False, "budgetår"),
    ("year-too-small", "plan.yaml", "budgetår: 2026", "budgetår: 1899.0", False, "budgetår"),
    ("goal-number-0", "mal.yaml", "    nummer: 1\n", "    nummer: 0\n", False, "nummer"),
    ("risk-score-6", "budget.yaml", "        beskrivning: Upphandlingar görs utan avtal\n",
     "        beskrivning: Upphandlingar görs utan avtal\n        sannolikhet: 6\n", False,
     "sannolikhet"),
    ("figure-quoted", "ekonomi.yaml", "värden: [98.0, 102.0]", "värden: [98.0, '102.0']",
     False, "värden"),
    ("figure-too-large", "ekonomi.yaml", "värden: [98.0, 102.0]", "värden: [98.0, 2.0e+15]",
     False, "värden"),
    ("cell-with-a-word", "ekonomi.yaml", "värden: [98.0, 102.0]", "värden: [98.0, noll]",
     False, "värden"),
    ("boolean-as-text", "plan.yaml", "budgetår: 2026", "budgetår: 2026\n  utdrag: 'ja'", False,
     "utdrag"),
    ("unknown-key", "plan.yaml", "budgetår: 2026", "budgetår: 2026\n  budgetåret: 2026",
     False, "budgetåret"),
    ("unknown-section", "mal.yaml", "regionmål:", "regionmåll: []\nregionmål:", False,
     "regionmåll"),
    ("two-goal-words", "mal.yaml", "regionmål:", "kommunmål: []\nregionmål:", False,
     "regionmål"),
    ("required-key-missing", "plan.yaml", "  namn: Miniplan 2026\n", "", False, "namn"),
]


@pytest.mark.parametrize("name,file,old,new,accepted,key", CASES, ids=[c[0] for c in CASES])
def test_schema_and_loader_agree_on_the_same_document(tmp_path, name, file, old, new,
                                                      accepted, key):
    plan = tmp_path / "mini"
    shutil.copytree(MINI, plan)
    text = (plan / file).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
    (plan / file).write_text(text.replace(old, new), encoding="utf-8")
    by_loader = loader_errors(plan)
    by_schema = schema_errors(plan)
    if accepted:
        assert by_loader == [] and by_schema == {}, (by_loader, by_schema)
    else:
        assert by_loader and all(f"mini/{file}:" in e for e in by_loader), by_loader
        assert any(key in e for e in by_loader), by_loader
        assert list(by_schema) == [file], by_schema


def test_the_schema_says_how_numbers_are_written():
    """The notation the loader checks is in the schema's descriptions (what an editor
    shows on hover), for figures and years alike."""
    schema = plan_schema()
    plan_info = schema["$defs"]["PlanInfo"]["properties"]["budgetår"]
    figure = schema["$defs"]["Row"]["properties"]["värden"]["items"]["anyOf"][0]
    for node in (plan_info, figure):
        assert "decimalt" in node["description"] and "0x1F" in node["description"]
    assert plan_info["type"] == "integer" and plan_info["minimum"] == 1900
