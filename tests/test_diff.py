"""Issue 13 item 4: `govcheck diff OLD NEW`: the change report for two plan folders (or
documents), with the findings that appeared and disappeared; exit 0 same, 1 different,
2 bad input (as diff(1))."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS, SMALL
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govcheck.api import load_plan
from govcheck.cli.main import cli
from govcheck.compare import ADDED, CHANGED, REMOVED, compare_plans
from govcheck.document.build import import_documents
from govcheck.document.write import write_plan

SEED = SEEDS / "000_5fe165acfd91b067.txt"
pytestmark = pytest.mark.skipif(not SEED.is_file(),
                                reason="the Västerbotten seeds are not beside the checkout")
ROOT = Path(__file__).resolve().parent.parent



def _v2(text: str) -> str:
    text = text.replace("Skatteintäkter 8 508 9 246 9 739", "Skatteintäkter 8 508 9 300 9 739")
    text = text.replace("Mål 6. En hållbar miljö- och klimatregion",
                        "Del 6. En hållbar miljö- och klimatregion")
    return text.replace("Målet riktas till hälso- och sjukvårdsnämnden, regionstyrelsen, och "
                        "patientnämnden.",
                        "Målet riktas till hälso- och sjukvårdsnämnden och regionstyrelsen.")


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, Path]:
    """(old folder, new folder, old document, new document)."""
    root = tmp_path_factory.mktemp("plans")
    old_doc, new_doc = root / "v1" / "plan.txt", root / "v2" / "plan.txt"
    old_doc.parent.mkdir()
    new_doc.parent.mkdir()
    shutil.copy(SEED, old_doc)
    new_doc.write_text(_v2(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    old, new = root / "old", root / "new"
    write_plan(import_documents([old_doc]), old)
    write_plan(import_documents([new_doc]), new)
    return old, new, old_doc, new_doc


def _diff(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *args])
    return result.exit_code, result.output


def test_same_plan_exits_0(plans: tuple[Path, Path, Path, Path]) -> None:
    old = plans[0]
    code, out = _diff(str(old), str(old))
    assert code == 0, out
    assert out.endswith("Inga skillnader.\n")
    code, out = _diff(str(old), str(old), "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["changes"] == [] and doc["findings"] == {
        "appeared": [], "disappeared": []}


def test_changes_and_findings(plans: tuple[Path, Path, Path, Path]) -> None:
    old, new = plans[0], plans[1]
    code, out = _diff(str(old), str(new))
    assert code == 1
    assert "new/ekonomi/resultatbudget-2026.yaml:" in out
    assert "~ tal resultatbudget-2026 / Skatteintäkter, Budget 2026: 9246 → 9300" in out
    assert "- mål mal-6 \"En hållbar miljö- och klimatregion\"" in out
    assert ("~ mål mal-4 \"Tillgänglig vård med god kvalitet och kontinuitet\": riktas_till "
            "- patientnamnden\n") in out
    # the changed figure breaks the printed sum: a finding appears, located in the new plan
    assert "Fynd som tillkommit (1):" in out
    assert "EKO101 Summa skatter och statsbidrag (Budget 2026)" in out
    english = _diff(str(old), str(new), "--lang", "en")[1]
    assert "~ figure resultatbudget-2026 / Skatteintäkter, Budget 2026: 9246 → 9300" in english
    assert "Findings that appeared (1):" in english


def test_json_is_stable_and_mirrors(plans: tuple[Path, Path, Path, Path]) -> None:
    old, new = plans[0], plans[1]
    code, forward = _diff(str(old), str(new), "--format", "json")
    assert code == 1
    assert forward == _diff(str(old), str(new), "--format", "json")[1]  # byte-identical
    a = json.loads(forward)
    b = json.loads(_diff(str(new), str(old), "--format", "json")[1])
    figure = next(c for c in a["changes"] if c["section"] == "tal")
    assert figure == {"section": "tal", "op": "changed", "id": "resultatbudget-2026",
                      "field": "skatteintakter", "column": "b2026", "old": "9246",
                      "new": "9300", "label": "Skatteintäkter, Budget 2026",
                      "location": {"file": "ekonomi/resultatbudget-2026.yaml",
                                   "line": figure["location"]["line"]}}
    mirror = {ADDED: REMOVED, REMOVED: ADDED, CHANGED: CHANGED}

    def key(c: dict) -> tuple:  # type: ignore[type-arg]
        return (c["section"], c["id"], c.get("field"), c.get("column"))

    back = {key(c): c for c in b["changes"]}
    assert set(back) == {key(c) for c in a["changes"]}
    for c in a["changes"]:
        d = back[key(c)]
        assert d["op"] == mirror[c["op"]]
        assert d.get("old") == c.get("new") and d.get("new") == c.get("old")
    fa, fb = a["findings"], b["findings"]
    assert [f["fingerprint"] for f in fa["appeared"]] == \
        [f["fingerprint"] for f in fb["disappeared"]]
    assert a["summary"]["appeared"] == b["summary"]["disappeared"] == 1


def test_lines_moving_is_no_change(plans: tuple[Path, Path, Path, Path],
                                   tmp_path: Path) -> None:
    """Findings are matched by rule and subject, not line: a comment block added at the
    top of every file moves every finding and changes nothing."""
    old = plans[0]
    moved = tmp_path / "moved"
    shutil.copytree(old, moved)
    for path in moved.rglob("*.yaml"):
        path.write_text("# rad\n# rad\n# rad\n" + path.read_text(encoding="utf-8"),
                        encoding="utf-8")
    code, out = _diff(str(old), str(moved))
    assert code == 0, out


def test_documents_are_compared_through_the_import(plans: tuple[Path, Path, Path, Path]
                                                   ) -> None:
    _, _, old_doc, new_doc = plans
    before = (old_doc.read_bytes(), new_doc.read_bytes())
    code, out = _diff(str(old_doc), str(new_doc), "--no-findings")
    assert code == 1
    assert f"{new_doc}:2310: ~ tal resultatbudget-2026" in out
    assert before == (old_doc.read_bytes(), new_doc.read_bytes())


@pytest.mark.parametrize("case", ["missing", "empty_folder", "corrupt_doc", "broken_yaml"])
def test_bad_input_exits_2(plans: tuple[Path, Path, Path, Path], tmp_path: Path,
                           case: str) -> None:
    old = plans[0]
    other = tmp_path / "x"
    if case == "empty_folder":
        other.mkdir()
    elif case == "corrupt_doc":
        other = tmp_path / "x.docx"
        other.write_bytes(b"PK\x03\x04 no zip")
    elif case == "broken_yaml":
        shutil.copytree(old, other)
        (other / "mal.yaml").write_text("regionmål: [\n", encoding="utf-8")
    code, out = _diff(str(old), str(other))
    assert code == 2, out
    assert "Traceback" not in out and out.strip()


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.integers(1000, 99999), b=st.integers(1000, 99999), a2=st.integers(1000, 99999),
       b2=st.integers(1000, 99999))
def test_diff_properties(tmp_path: Path, a: int, b: int, a2: int, b2: int) -> None:
    case = tmp_path / f"{a}-{b}-{a2}-{b2}"
    folders = []
    for name, values in (("a", (a, b)), ("b", (a2, b2))):
        doc = case / name / "plan.txt"
        doc.parent.mkdir(parents=True, exist_ok=True)
        doc.write_text(SMALL.format(a=values[0], b=values[1]), encoding="utf-8")
        folders.append(load_plan(doc)[0])
    pa, pb = folders
    assert compare_plans(pa, pa) == []
    forward, back = compare_plans(pa, pb), compare_plans(pb, pa)
    assert len(forward) == (a != a2) + (b != b2)
    assert [(c.id, c.field, c.column, c.old, c.new) for c in forward] == \
        [(c.id, c.field, c.column, c.new, c.old) for c in back]


def test_json_is_byte_identical_across_hash_seeds(plans: tuple[Path, Path, Path, Path]) -> None:
    import os
    import subprocess
    import sys

    old, new = plans[0], plans[1]
    outputs = set()
    for seed in ("0", "4711"):
        run = subprocess.run([sys.executable, "-m", "govcheck", "diff", str(old), str(new),
                              "--format", "json"], capture_output=True, text=True, check=False,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert run.returncode == 1, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_a_plan_field_shows_its_old_and_new_value(plans: tuple[Path, Path, Path, Path],
                                                  tmp_path: Path) -> None:
    """The plan section's fields (and the economy's) give old → new in that order, never a
    value in the column slot (both used to show as '–')."""
    old = plans[0]
    new = tmp_path / "new"
    shutil.copytree(old, new)
    plan_file = new / "plan.yaml"
    text = plan_file.read_text(encoding="utf-8")
    name = next(line.split(":", 1)[1].strip() for line in text.splitlines()
                if line.strip().startswith("namn:"))
    plan_file.write_text(text.replace(name, '"Regionplan 2026, ny version"', 1),
                         encoding="utf-8")
    code, out = _diff(str(old), str(new))
    assert code == 1, out
    assert f"~ planen plan: namn {json.dumps(name.strip(chr(34)), ensure_ascii=False)} → " \
           f"\"Regionplan 2026, ny version\"" in out, out
    [change] = [c for c in json.loads(_diff(str(old), str(new), "--format", "json",
                                             "--no-findings")[1])["changes"]
                if c["section"] == "plan"]
    assert (change["field"], change["old"], change["new"]) == (
        "namn", name.strip('"'), "Regionplan 2026, ny version")
    assert "column" not in change or not change["column"]
