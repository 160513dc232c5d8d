"""Issue 13 item 4: `govcheck import NEW_VERSION... --into PLAN_DIR` keeps the reviewer's work
(a three-way merge against the snapshot the previous import kept in .govcheck-import/)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS, SMALL
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govcheck.cli.main import cli
from govcheck.document.build import import_documents
from govcheck.document.merge import merge_folder, merge_text
from govcheck.document.write import REPORTS, SNAPSHOT_DIR, render_files, write_plan

SEED = SEEDS / "000_5fe165acfd91b067.txt"
pytestmark = pytest.mark.skipif(not SEED.is_file(),
                                reason="the Västerbotten seeds are not beside the checkout")



def _v2(text: str) -> str:
    """The seed's next version: a figure changed, a goal added, one gone, an owner less."""
    text = text.replace("Skatteintäkter 8 508 9 246 9 739", "Skatteintäkter 8 508 9 300 9 739")
    text = text.replace("Generella statsbidrag 2 849 2 745 2 738",
                        "Generella statsbidrag 2 849 2 760 2 738")
    text = text.replace("infrastruktur.\n Finansiella mål",
                        "infrastruktur.\n Mål 8. Trygg digital förvaltning\nMålet riktas till "
                        "regionstyrelsen.\n\nBeskrivning\nRegionen ska erbjuda trygga digitala "
                        "tjänster.\n\n Finansiella mål", 1)
    text = text.replace("Mål 6. En hållbar miljö- och klimatregion",
                        "Del 6. En hållbar miljö- och klimatregion")
    text = text.replace("Målet riktas till hälso- och sjukvårdsnämnden, regionstyrelsen, och "
                        "patientnämnden.",
                        "Målet riktas till hälso- och sjukvårdsnämnden och regionstyrelsen.")
    return text


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("docs")
    v1 = root / "v1" / "regionplan.txt"
    v2 = root / "v2" / "regionplan.txt"
    v1.parent.mkdir()
    v2.parent.mkdir()
    shutil.copy(SEED, v1)
    v2.write_text(_v2(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    return v1, v2


def _import(doc: Path, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(cli, ["import", str(doc), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output


def _hand_edit(plan: Path) -> None:
    """What a reviewer does: a comment, an owner added, a row's role, an id renamed, a
    link to a document of their own (in a file of their own), a figure corrected."""
    mal = plan / "mal.yaml"
    _edit(mal, "  - id: mal-1\n", "  # granskat av kansliet 2026-01-10\n  - id: mal-1\n")
    _edit(mal, "riktas_till: [halso-och-sjukvardsnamnden, regionstyrelsen, "
               "regionala-utvecklingsnamnden, patientnamnden]",
          "riktas_till: [halso-och-sjukvardsnamnden, regionstyrelsen, "
          "regionala-utvecklingsnamnden, patientnamnden, revisionen]")
    _edit(mal, "  - id: mal-7\n", "  - id: mal-forskning\n")
    _edit(mal, "    namn: Goda levnadsvillkor\n",
          "    namn: Goda levnadsvillkor\n    beskrivning: Tillagd för hand\n")
    _edit(mal, "styrande_dokument: [dok-avsiktsforklaring-for-god-jamlik, "
               "dok-fardplan-nara-vard-vasterbotten, dok-halso-och-sjukvardens-malbild-2030, "
               "dok-plan-for-region-vasterbottens,",
          "styrande_dokument: [dok-egen-riktlinje, dok-avsiktsforklaring-for-god-jamlik, "
          "dok-fardplan-nara-vard-vasterbotten, dok-halso-och-sjukvardens-malbild-2030, "
          "dok-plan-for-region-vasterbottens,")
    (plan / "egna.yaml").write_text(
        "# Skriven för hand\nstyrdokument:\n  - id: dok-egen-riktlinje\n"
        "    titel: Riktlinje för uppföljning\n    typ: riktlinje\n"
        "    ägare: regionstyrelsen  # tillagd\n", encoding="utf-8")
    rb = plan / "ekonomi" / "resultatbudget-2026.yaml"
    _edit(rb, "värden: [2849, 2745, 2738, 2889, 2936]",
          "värden: [2849, 2750, 2738, 2889, 2936]  # rättat mot protokollet")
    _edit(rb, "        rubrik: Skatteintäkter\n", "        rubrik: Skatteintäkter\n"
              "        kommentar: kontrollerad\n")
    _edit(rb, "        rubrik: Resultat inklusive finansnetto\n        roll: årets_resultat\n",
          "        rubrik: Resultat inklusive finansnetto\n        roll: periodens_resultat\n")


def test_reimport_keeps_the_reviewers_work(tmp_path: Path, docs: tuple[Path, Path]) -> None:
    v1, v2 = docs
    plan = tmp_path / "plan"
    _import(v1, plan)
    assert (plan / SNAPSHOT_DIR / "manifest.json").is_file()
    _hand_edit(plan)
    before = {d: _digest(d) for d in (v1, v2)}
    result = CliRunner().invoke(cli, ["import", str(v2), "--into", str(plan)])
    assert result.exit_code == 1, result.output  # one conflict
    out = result.output
    # the change report: figures with table, row, column, old → new; goals added and gone
    assert "~ tal resultatbudget-2026 / Skatteintäkter, Budget 2026: 9246 → 9300" in out
    assert "+ mål mal-8 \"Trygg digital förvaltning\"" in out
    assert "- mål mal-6" in out
    assert "~ mål mal-4" in out and "riktas_till" in out
    # the conflict: located in the merged file, with both document values and the kept one
    rb = plan / "ekonomi" / "resultatbudget-2026.yaml"
    lines = rb.read_text(encoding="utf-8").splitlines()
    m = re.search(r"resultatbudget-2026\.yaml:(\d+): konflikt generella-statsbidrag "
                  r"värden\[2\]: förra dokumentet 2745, nya dokumentet 2760, handredigerat "
                  r"2750 \(behålls\)", out)
    assert m, out
    assert lines[int(m.group(1)) - 1].strip() == \
        "värden: [2849, 2750, 2738, 2889, 2936]  # rättat mot protokollet"
    assert "Konflikter (1)" in out
    # figures the person did not touch take the new document's values, their comment stays
    text = rb.read_text(encoding="utf-8")
    assert "värden: [8508, 9300, 9739, 10069, 10556]" in text
    assert "kommentar: kontrollerad" in text
    assert "Resultat inklusive finansnetto\n        roll: periodens_resultat\n" in text
    # the person's work in mal.yaml survives, the document's changes are in
    mal = (plan / "mal.yaml").read_text(encoding="utf-8")
    assert "  # granskat av kansliet 2026-01-10\n  - id: mal-1\n" in mal
    assert "patientnamnden, revisionen]" in mal
    assert "id: mal-forskning" in mal and "id: mal-7\n" not in mal
    assert "beskrivning: Tillagd för hand" in mal
    assert "dok-egen-riktlinje" in mal
    assert "id: mal-8" in mal and "id: mal-6\n" not in mal
    assert "riktas_till: [halso-och-sjukvardsnamnden, regionstyrelsen]\n" in mal  # mål 4
    assert (plan / "egna.yaml").read_text(encoding="utf-8").endswith("# tillagd\n")
    # the documents are never changed; the snapshot is the new import, byte for byte
    assert before == {d: _digest(d) for d in (v1, v2)}
    fresh = tmp_path / "fresh" / "plan"  # the folder's name is the plan's id
    _import(v2, fresh)
    assert _tree(plan / SNAPSHOT_DIR) == _tree(fresh / SNAPSHOT_DIR)
    for report in REPORTS:
        assert (plan / report).read_bytes() == (fresh / report).read_bytes()
    # the merged plan loads and lints; no temporary file is left
    assert CliRunner().invoke(cli, ["lint", str(plan)]).exit_code in (0, 1)
    assert not [p for p in plan.rglob("*govcheck-tmp*")]


def test_reimport_in_english(tmp_path: Path, docs: tuple[Path, Path]) -> None:
    v1, v2 = docs
    plan = tmp_path / "plan"
    _import(v1, plan)
    _edit(plan / "ekonomi" / "resultatbudget-2026.yaml", "värden: [8508, 9246, 9739",
          "värden: [8508, 9250, 9739")
    result = CliRunner().invoke(cli, ["import", str(v2), "--into", str(plan), "--lang", "en"])
    assert result.exit_code == 1
    assert "~ figure resultatbudget-2026 / Skatteintäkter, Budget 2026: 9246 → 9300" in \
        result.output
    assert "conflict skatteintakter värden[2]: old document 9246, new document 9300, edited " \
           "by hand 9250 (kept)" in result.output


def test_reimport_without_hand_edits_is_a_fresh_import(tmp_path: Path,
                                                       docs: tuple[Path, Path]) -> None:
    v1, v2 = docs
    plan, fresh = tmp_path / "plan", tmp_path / "fresh" / "plan"
    _import(v1, plan)
    _import(v2, fresh)
    result = CliRunner().invoke(cli, ["import", str(v2), "--into", str(plan)])
    assert result.exit_code == 0, result.output
    assert "0 konflikter" in result.output
    assert _tree(plan) == _tree(fresh)
    again = CliRunner().invoke(cli, ["import", str(v2), "--into", str(plan)])
    assert again.exit_code == 0
    assert "Inga ändringar i planens innehåll." in again.output
    assert _tree(plan) == _tree(fresh)


def test_file_level_cases(tmp_path: Path, docs: tuple[Path, Path]) -> None:
    """A file the person deleted stays deleted (a conflict when the document changed it);
    a file the new import no longer writes is removed unless edited by hand."""
    v1, v2 = docs
    plan = tmp_path / "plan"
    _import(v1, plan)
    (plan / "ekonomi" / "resultatbudget-2026.yaml").unlink()  # changed by v2: a conflict
    (plan / "ekonomi" / "investering-2026.yaml").unlink()  # unchanged by v2: no conflict
    result = CliRunner().invoke(cli, ["import", str(v2), "--into", str(plan)])
    assert result.exit_code in (1, 2), result.output  # 2: the plan may no longer load
    assert "resultatbudget-2026.yaml:1: konflikt: filen är borttagen för hand" in result.output
    assert "investering-2026.yaml" not in result.output.split("Konflikter")[1]
    assert not (plan / "ekonomi" / "resultatbudget-2026.yaml").exists()
    assert not (plan / "ekonomi" / "investering-2026.yaml").exists()


def test_lint_of_a_folder_with_a_snapshot_is_unchanged(tmp_path: Path,
                                                       docs: tuple[Path, Path]) -> None:
    v1, _ = docs
    plan = tmp_path / "plan"
    _import(v1, plan)
    runner = CliRunner()
    with_snapshot = runner.invoke(cli, ["lint", str(plan), "--format", "json"])
    shutil.move(plan / SNAPSHOT_DIR, tmp_path / "moved")
    without = runner.invoke(cli, ["lint", str(plan), "--format", "json"])
    assert with_snapshot.exit_code == without.exit_code
    assert with_snapshot.output == without.output
    many = runner.invoke(cli, ["lint", str(tmp_path)])  # a folder of plans: the snapshot is none
    assert SNAPSHOT_DIR not in many.output


@pytest.mark.parametrize("case", ["missing", "not_a_folder", "no_snapshot", "corrupt_doc",
                                  "both", "bad_snapshot"])
def test_bad_input_exits_2_with_one_message(tmp_path: Path, docs: tuple[Path, Path],
                                            case: str) -> None:
    v1, v2 = docs
    plan = tmp_path / "plan"
    doc = v2
    args: list[str] = []
    if case == "missing":
        pass
    elif case == "not_a_folder":
        plan.write_text("x", encoding="utf-8")
    elif case == "no_snapshot":
        _import(v1, plan)
        shutil.rmtree(plan / SNAPSHOT_DIR)
    elif case == "corrupt_doc":
        _import(v1, plan)
        doc = tmp_path / "trasig.docx"
        doc.write_bytes(b"PK\x03\x04 not a zip")
    elif case == "both":
        args = ["-o", str(tmp_path / "other")]
    elif case == "bad_snapshot":
        _import(v1, plan)
        (plan / SNAPSHOT_DIR / "manifest.json").write_text("{", encoding="utf-8")
    before = _tree(plan) if plan.is_dir() else None
    result = CliRunner().invoke(cli, ["import", str(doc), "--into", str(plan), *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 or (len(lines) == 4 and lines[-1].startswith("Error: "))  # usage
    if case == "no_snapshot":
        assert ".govcheck-import" in result.output and "govcheck diff" in result.output
    if before is not None:
        assert _tree(plan) == before


def test_a_failed_write_leaves_the_folder_as_it_was(tmp_path: Path, docs: tuple[Path, Path],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    v1, v2 = docs
    plan = tmp_path / "plan"
    _import(v1, plan)
    _hand_edit(plan)
    before = _tree(plan)
    calls = {"n": 0}
    real = os.fsync

    def full_disk(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    result = CliRunner().invoke(cli, ["import", str(v2), "--into", str(plan)])
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output
    assert _tree(plan) == before


def test_merge_is_byte_identical_across_hash_seeds(tmp_path: Path,
                                                   docs: tuple[Path, Path]) -> None:
    v1, v2 = docs
    results = []
    for seed in ("0", "12345"):
        plan = tmp_path / seed / "plan"
        _import(v1, plan)
        _hand_edit(plan)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-m", "govcheck", "import", str(v2), "--into",
                              str(plan)], capture_output=True, text=True, env=env, check=False,
                             cwd=tmp_path)
        assert run.returncode == 1, run.stderr
        results.append((_tree(plan), run.stdout.replace(str(plan), "PLAN")))
    assert results[0] == results[1]


# --- the merge itself ------------------------------------------------------------------------

def test_merge_text_fields() -> None:
    base = ("a:\n  - id: x\n    namn: Gammal\n    riktas_till: [rs, hsn]\n"
            "    värden: [1, 2, 3]\n")
    ours = ("a:\n  - id: x  # granskad\n    namn: Gammal  # ok\n    riktas_till: [rs, hsn, run]\n"
            "    värden: [1, 5, 3]\n    ägare: rs\n")
    theirs = ("a:\n  - id: x\n    namn: Ny\n    riktas_till: [rs]\n"
              "    värden: [1, 6, 4]\n")
    text, conflicts = merge_text(base, ours, theirs)
    assert text == ("a:\n  - id: x  # granskad\n    namn: Ny  # ok\n    riktas_till: [rs, run]\n"
                    "    värden: [1, 5, 4]\n    ägare: rs\n")
    assert [(line, c.key, c.base, c.theirs, c.ours) for line, c in conflicts] == \
        [(5, "värden[2]", "2", "6", "5")]


def test_a_key_added_by_hand_stays_with_its_entity() -> None:
    """The person adds a key at the end of goal a, the new document adds goal b right after
    it: the key stays with a (and the other way round)."""
    base = "mål:\n  - id: a\n    namn: A\nx: 1\n"
    ours = "mål:\n  - id: a\n    namn: A\n    ägare: rs\nx: 1\n"
    theirs = "mål:\n  - id: a\n    namn: A\n  - id: b\n    namn: B\nx: 1\n"
    both = "mål:\n  - id: a\n    namn: A\n    ägare: rs\n  - id: b\n    namn: B\nx: 1\n"
    assert merge_text(base, ours, theirs) == (both, [])
    assert merge_text(base, theirs, ours) == (both, [])


def test_an_entity_deleted_by_hand() -> None:
    """The person deletes goal b: it stays deleted when the new document only moved its
    source line, and is a conflict (kept deleted) when the document changed it."""
    base = ("mål:\n  - id: a\n    källa: {rad: 1}\n    namn: A\n"
            "  - id: b\n    källa: {rad: 5}\n    namn: B\n")
    ours = "mål:\n  - id: a\n    källa: {rad: 1}\n    namn: A\n"
    moved = ("mål:\n  - id: a\n    källa: {rad: 2}\n    namn: A\n"
             "  - id: b\n    källa: {rad: 6}\n    namn: B\n")
    assert merge_text(base, ours, moved) == (
        "mål:\n  - id: a\n    källa: {rad: 2}\n    namn: A\n", [])
    changed = moved.replace("namn: B\n", "namn: Bny\n")
    text, conflicts = merge_text(base, ours, changed)
    assert text == "mål:\n  - id: a\n    källa: {rad: 2}\n    namn: A\n"
    assert len(conflicts) == 1 and "namn: Bny" in conflicts[0][1].theirs
    assert conflicts[0][1].ours == ""


LINES = st.sampled_from(["a: 1\n", "a: 2\n", "b: [x, y]\n", "b: [x]\n", "- id: e1\n",
                         "- id: e2\n", "  namn: N\n", "  namn: M\n", "# kommentar\n",
                         "värden: [1, 2]\n", "värden: [1, 3]\n"])
TEXTS = st.lists(LINES, max_size=10).map("".join)


@settings(max_examples=300, deadline=None)
@given(base=TEXTS, other=TEXTS)
def test_merge_text_identities(base: str, other: str) -> None:
    assert merge_text(base, base, other) == (other, [])  # nothing edited: the new document
    assert merge_text(base, other, base) == (other, [])  # nothing new: the person's
    assert merge_text(base, other, other) == (other, [])  # both the same


KEYS = ["a", "b", "c", "d", "e", "f"]
MAPPINGS = st.fixed_dictionaries({}, optional={k: st.sampled_from(["1", "2", "3"]) for k in KEYS})


def _mapping(values: dict[str, str]) -> str:
    return "".join(f"{k}: {values[k]}\n" for k in KEYS if k in values)


@settings(max_examples=400, deadline=None)
@given(base=MAPPINGS, ours=MAPPINGS, theirs=MAPPINGS)
def test_merge_text_is_a_three_way_merge_of_fields(base: dict[str, str], ours: dict[str, str],
                                                   theirs: dict[str, str]) -> None:
    """On files of single fields the merge is the textbook one, key by key: no change of
    either side is lost without a conflict, and a conflict keeps the person's value."""
    text, conflicts = merge_text(_mapping(base), _mapping(ours), _mapping(theirs))
    pairs = [line.split(": ", 1) for line in text.splitlines()]
    if len({k for k, _ in pairs}) < len(pairs):
        # both sides added one key differently: no valid YAML, which merge_folder keeps
        # as the person's whole file, a conflict
        from govcheck.document.merge import _parses

        assert not _parses("f.yaml", text)
        return
    result = dict(pairs)
    reported = "\n".join(f"{c.key}: \n{c.base}\n{c.theirs}\n{c.ours}" for _, c in conflicts)
    for k in KEYS:
        b, o, t = base.get(k), ours.get(k), theirs.get(k)
        if o != b and t != b and o != t:  # a conflict: the person's value, reported
            assert result.get(k) == o and f"{k}: " in reported, (k, text, conflicts)
        elif result.get(k) != (t if o == b else o):  # never lost silently
            assert f"{k}: " in reported, (k, b, o, t, text, conflicts)


ENTITIES = ["e1", "e2", "e3", "e4"]
FIELD = st.sampled_from(["1", "2", "3"])
ENTITY = st.fixed_dictionaries({}, optional={"namn": FIELD, "ägare": FIELD})
PLANS = st.fixed_dictionaries({}, optional={e: ENTITY for e in ENTITIES})


def _entities(plan: dict[str, dict[str, str]]) -> str:
    out = ["mål:\n"]
    for e in ENTITIES:
        if e in plan:
            out.append(f"  - id: {e}\n")
            # values of their own (no two entities share lines, so none looks renamed)
            out += [f"    {k}: {e}.{plan[e][k]}\n" for k in ("namn", "ägare") if k in plan[e]]
    return "".join(out)


def _parse_entities(text: str) -> dict[str, dict[str, str]] | None:
    """The entities of a merged text; None when an id or a key is there twice."""
    plan: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines()[1:]:
        if line.startswith("  - id: "):
            current = line[8:]
            if current in plan:
                return None
            plan[current] = {}
        else:
            key, value = line.strip().split(": ", 1)
            assert current is not None
            if key in plan[current]:
                return None
            plan[current][key] = value.split(".", 1)[1]
    return plan


def _value(plan: dict[str, dict[str, str]], entity: str, key: str) -> str | None:
    if entity not in plan:
        return None
    return entity if key == "id" else plan[entity].get(key)


@settings(max_examples=400, deadline=None)
@given(base=PLANS, ours=PLANS, theirs=PLANS)
def test_merge_text_of_entities_loses_nothing_silently(
        base: dict[str, dict[str, str]], ours: dict[str, dict[str, str]],
        theirs: dict[str, dict[str, str]]) -> None:
    """Entities with fields, added, removed and changed on both sides: every field ends as
    the three-way merge says, or a conflict is reported (or the result has an id or key
    twice, which the loader reports); a conflicting field keeps the person's value, in its
    own entity."""
    text, conflicts = merge_text(_entities(base), _entities(ours), _entities(theirs))
    result = _parse_entities(text)
    if result is None:
        return
    for e in ENTITIES:
        for k in ("id", "namn", "ägare"):
            b, o, t = _value(base, e, k), _value(ours, e, k), _value(theirs, e, k)
            r = _value(result, e, k)
            if o != b and t != b and o != t:
                assert conflicts, (e, k, text)
                if k != "id" and e in result:
                    assert r == o, (e, k, b, o, t, text, conflicts)
            elif r != (t if o == b else o):
                assert conflicts, (e, k, b, o, t, text)


def test_a_field_both_sides_added_stands_once_or_is_a_conflict() -> None:
    """Both sides added the row's role at different places (the person in place of the
    values they removed, the document above its values): the same line once; two values a
    conflict at the second, never a key given twice in silence."""
    base = "tabeller:\n  - id: t2\n    rader:\n      - id: r1\n      - id: r2\n" \
           "        värden: [1]\n"
    ours = "tabeller:\n  - id: t2\n    rader:\n      - id: r2\n        roll: summa\n"
    theirs = "tabeller:\n  - id: t2\n    rader:\n      - id: r2\n        roll: summa\n" \
             "        värden: [1]\n"
    assert merge_text(base, ours, theirs) == (ours, [])
    text, conflicts = merge_text(base, ours, theirs.replace("roll: summa", "roll: delsumma"))
    assert text.count("roll:") == 2 and [line for line, _ in conflicts] == [6]
    # a key a side wrote twice itself is that side's, not the merge's
    assert merge_text("", "", "a: 1\na: 1\n") == ("a: 1\na: 1\n", [])


ROWS = st.fixed_dictionaries({}, optional={r: st.fixed_dictionaries(
    {}, optional={"roll": FIELD, "värden": FIELD}) for r in ("r1", "r2", "r3")})
TABLES = st.fixed_dictionaries({}, optional={
    t: st.fixed_dictionaries({"rader": ROWS}, optional={"titel": FIELD}) for t in ("t1", "t2")})


def _tables(plan: dict) -> str:  # type: ignore[type-arg]
    out = ["tabeller:\n"]
    for t in ("t1", "t2"):
        if t not in plan:
            continue
        out.append(f"  - id: {t}\n")
        if "titel" in plan[t]:
            out.append(f"    titel: {t}.{plan[t]['titel']}\n")
        out.append("    rader:\n")
        for r in ("r1", "r2", "r3"):
            if r in plan[t]["rader"]:
                out.append(f"      - id: {r}\n")
                out += [f"        {k}: {t}.{r}.{plan[t]['rader'][r][k]}\n"
                        for k in ("roll", "värden") if k in plan[t]["rader"][r]]
    return "".join(out)


def _parse_tables(text: str) -> dict[tuple[str, ...], str] | None:
    """(table, row, key) → value of a merged text; None when something is there twice or
    a line stands outside its table or row."""
    out: dict[tuple[str, ...], str] = {}
    table = row = None
    for line in text.splitlines()[1:]:
        body = line.strip()
        if line.startswith("  - id: "):
            table, row = line[8:], None
            key: tuple[str, ...] = (table, "", "id")
            value = table
        elif line.startswith("      - id: "):
            row = line[12:]
            if table is None:
                return None
            key, value = (table, row, "id"), row
        elif body == "rader:":
            continue
        else:
            k, v = body.split(": ", 1)
            owner = v.split(".")
            if table is None or (k in ("roll", "värden")) != (row is not None):
                return None
            if owner[0] != table or (row is not None and owner[1] != row):
                return None  # a value written for another table or row
            key, value = (table, row or "", k), owner[-1]
        if key in out:
            return None
        out[key] = value
    return out


@settings(max_examples=400, deadline=None)
@given(base=TABLES, ours=TABLES, theirs=TABLES)
def test_merge_text_of_tables_and_rows(base: dict, ours: dict,  # type: ignore[type-arg]
                                       theirs: dict) -> None:  # type: ignore[type-arg]
    """Tables with rows (row ids repeat across tables, as real ones do): a field never
    lands in another table or row, and never changes silently against the three-way
    merge."""
    text, conflicts = merge_text(_tables(base), _tables(ours), _tables(theirs))
    result = _parse_tables(text)
    if result is None:
        assert conflicts, text
        return
    flat = [_parse_tables(_tables(x)) for x in (base, ours, theirs)]
    assert all(f is not None for f in flat)
    fb, fo, ft = (f or {} for f in flat)
    for key in sorted(set(fb) | set(fo) | set(ft) | set(result)):
        b, o, t, r = fb.get(key), fo.get(key), ft.get(key), result.get(key)
        if o != b and t != b and o != t:
            assert conflicts, (key, text)
        elif r != (t if o == b else o):
            assert conflicts, (key, b, o, t, text)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.integers(1000, 99999), b=st.integers(1000, 99999), a2=st.integers(1000, 99999),
       b2=st.integers(1000, 99999))
def test_merge_without_hand_edits_equals_a_fresh_import(tmp_path: Path, a: int, b: int,
                                                        a2: int, b2: int) -> None:
    case = tmp_path / f"{a}-{b}-{a2}-{b2}"
    case.mkdir()
    old, new = case / "old.txt", case / "new.txt"
    old.write_text(SMALL.format(a=a, b=b), encoding="utf-8")
    new.write_text(SMALL.format(a=a2, b=b2), encoding="utf-8")
    folder = case / "plan"
    imported = import_documents([old])
    write_plan(imported, folder)
    base = {rel: text for rel, text in render_files(imported).items() if rel not in REPORTS}
    theirs = {rel: text for rel, text in render_files(import_documents([new])).items()
              if rel not in REPORTS}
    merged = merge_folder(folder, base, theirs)
    assert not merged.conflicts
    for rel, text in theirs.items():
        assert merged.writes.get(rel, (folder / rel).read_text(encoding="utf-8")) == text
