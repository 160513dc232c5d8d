"""Bad input: one located message per problem, exit 2, no traceback, input untouched."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import replace_once
from govcheck.api import load_plan
from govcheck.cli.main import cli
from govcheck.load.errors import PlanLoadError


def errors_of(root: Path) -> list[tuple[str, int, str]]:
    with pytest.raises(PlanLoadError) as info:
        load_plan(root)
    return [(Path(e.location.file).name, e.location.line, e.message("sv"))
            for e in info.value.errors]


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


CASES = [
    # (name, file, old, new, expected file, line, message fragment)
    ("syntax", "mal.yaml", "    nummer: 1\n", "    nummer: [1\n", "mal.yaml", None, "YAML-syntaxfel"),
    ("unknown-key", "mal.yaml", "    nummer: 1\n", "    numer: 1\n", "mal.yaml", 3,
     "okänd nyckel 'numer'; menade du 'nummer'?"),
    ("wrong-type", "mal.yaml", "    nummer: 1\n", "    nummer: ett\n", "mal.yaml", 3,
     "fel typ för 'nummer': väntade heltal, fick text 'ett'"),
    ("duplicate-key", "mal.yaml", "    nummer: 1\n", "    nummer: 1\n    nummer: 2\n", "mal.yaml", 4,
     "nyckeln 'nummer' finns redan på rad 3"),
    ("duplicate-id", "namndplaner.yaml", "      - id: rs-dm-2\n", "      - id: rs-dm-1\n",
     "namndplaner.yaml", 11, "id 'rs-dm-1' används redan"),
    ("unknown-body", "mal.yaml", "    riktas_till: [rs, hsn]\n", "    riktas_till: [rs, hsnn]\n",
     "mal.yaml", 5, "'hsnn' är inte ett organ eller en grupp som finns i planen; menade du 'hsn'?"),
    ("unknown-goal", "namndplaner.yaml", "{mål: mal-2,", "{mål: mal-22,", "namndplaner.yaml", 14,
     "'mal-22' är inte ett av fullmäktiges mål som finns i planen; menade du 'mal-2'?"),
    ("bad-enum", "plan.yaml", "organisationstyp: region", "organisationstyp: regio", "plan.yaml", 6,
     "ogiltigt värde 'regio' för 'organisationstyp'; menade du 'region'?"),
    ("python-tag", "mal.yaml", "    nummer: 1\n", "    nummer: !!python/object/apply:os.system [ls]\n",
     "mal.yaml", 3, "YAML-taggen"),
    ("nan", "ekonomi.yaml", "värden: [98.0, 102.0]", "värden: [98.0, .nan]", "ekonomi.yaml", 10,
     "inte ett ändligt tal"),
    ("string-figure", "ekonomi.yaml", "värden: [98.0, 102.0]", "värden: [98.0, '102,0']",
     "ekonomi.yaml", 10, "väntade tal, fick text '102,0'"),
    ("empty-net-cost-goal", "namndplaner.yaml", "nettokostnadsmål: {år: 2026, belopp: 100.0}",
     "nettokostnadsmål: {år: 2026}", "namndplaner.yaml", 16,
     "minst en av nycklarna 'belopp', 'utveckling_procent' måste anges"),
    ("duplicate-column-id", "ekonomi.yaml", "{id: u2024, rubrik: Utfall 2024", "{id: p2025, rubrik: Utfall 2024",
     "ekonomi.yaml", 33, "id 'p2025' används redan"),
    ("row-length", "ekonomi.yaml", "värden: [98.0, 102.0]", "värden: [98.0]", "ekonomi.yaml", 10,
     "raden har 1 värden men tabellen har 2 kolumner"),
]


@pytest.mark.parametrize("name,file,old,new,efile,eline,fragment", CASES, ids=[c[0] for c in CASES])
def test_located_error(mini_copy, name, file, old, new, efile, eline, fragment):
    replace_once(mini_copy / file, old, new)
    errors = errors_of(mini_copy)
    assert len(errors) == 1, errors
    got_file, got_line, message = errors[0]
    assert got_file == efile
    if eline is not None:
        assert got_line == eline, errors
    assert fragment in message


def test_alias_bomb_is_refused_quickly(mini_copy):
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = "a" if i == 1 else f"a{i - 1}"
        bomb.append(f"a{i}: &a{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    (mini_copy / "bomb.yaml").write_text("\n".join(bomb) + "\n", encoding="utf-8")
    errors = errors_of(mini_copy)
    assert any("alias-bomb" in m for _, _, m in errors)


def test_too_many_nodes_is_refused_from_the_event_stream(monkeypatch, mini_copy):
    """A file of very many tiny collections (20 MB of ``[],`` took 85 s and 2.8 GB when it
    was composed before the node budget applied) is refused while libyaml streams its
    events: nothing is composed, and the error points at the node that breaks the limit.
    The limit is lowered here so that the test file stays small."""
    import yaml

    from govcheck.load import yamlloc

    monkeypatch.setattr(yamlloc, "MAX_NODES", 1000)
    text = "x: [" + "[], " * 1500 + "[]]\n"
    (mini_copy / "many.yaml").write_text(text, encoding="utf-8")
    [(file, line, message)] = errors_of(mini_copy)
    assert (file, line) == ("many.yaml", 1)
    assert message == "för många YAML-noder (över 1000)"

    def no_composing(*args, **kwargs):
        raise AssertionError("a file over the node limit must not be composed")

    monkeypatch.setattr(yaml, "compose_all", no_composing)
    errors: list = []
    assert yamlloc.load_yaml_bytes(text.encode(), "many.yaml", errors) is None
    # the 1001st node: after the mapping, the key x and the outer list, the 998th "[]"
    [error] = errors
    assert (error.key, error.location.line) == ("load.too_many_nodes", 1)
    assert error.location.column == len("x: [") + 1 + len("[], ") * 997


def test_only_a_text_that_could_break_the_node_limit_is_streamed_first(monkeypatch):
    """The extra pass over the events is paid only by a text long enough to hold more than
    MAX_NODES nodes, and the densest YAML there is makes one node per character."""
    import yaml

    from govcheck.load import yamlloc

    monkeypatch.setattr(yamlloc, "MAX_NODES", 1000)
    assert not yamlloc._too_big("x" * 500)
    assert yamlloc._too_big("x" * 501)
    node_events = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent,
                   yaml.MappingStartEvent)
    for dense in ("{" + ",".join(["?"] * 300) + "}", "- ?\n" * 300, "{" + ",".join("ab" * 150) + "}",
                  "[" + ",".join(["[]"] * 300) + "]", "- - - - - - - - - -\n" * 30):
        nodes = sum(isinstance(e, node_events)
                    for e in yaml.parse(dense, Loader=yaml.CSafeLoader))
        assert nodes <= len(dense), dense[:20]


def test_not_utf8(mini_copy):
    (mini_copy / "latin1.yaml").write_bytes("regionmål: []\n".encode("latin-1"))
    assert errors_of(mini_copy) == [("latin1.yaml", 1, "filen är inte UTF-8 (byte 0xe5); spara den som UTF-8")]


def test_deep_nesting(mini_copy):
    (mini_copy / "deep.yaml").write_text("x: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    errors = errors_of(mini_copy)
    assert errors and errors[0][0] == "deep.yaml"


def test_several_problems_all_reported(mini_copy):
    replace_once(mini_copy / "mal.yaml", "    nummer: 1\n", "    numer: 1\n")
    replace_once(mini_copy / "plan.yaml", "  budgetår: 2026\n", "  budgetår: tjugo\n")
    files = sorted(f for f, _, _ in errors_of(mini_copy))
    assert files == ["mal.yaml", "plan.yaml"]


@pytest.mark.parametrize("name,file,old,new,efile,eline,fragment", CASES[:4], ids=[c[0] for c in CASES[:4]])
def test_cli_exit_2_without_traceback_and_input_unchanged(mini_copy, name, file, old, new, efile,
                                                          eline, fragment):
    replace_once(mini_copy / file, old, new)
    before = digest(mini_copy)
    result = CliRunner().invoke(cli, ["lint", str(mini_copy)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{efile}:" in result.output and fragment in result.output
    assert digest(mini_copy) == before


def test_missing_folder_is_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["lint", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "ingen plankatalog" in result.output


def test_english_messages(mini_copy):
    replace_once(mini_copy / "mal.yaml", "    nummer: 1\n", "    numer: 1\n")
    result = CliRunner().invoke(cli, ["lint", str(mini_copy), "--lang", "en"])
    assert result.exit_code == 2
    assert "unknown key 'numer'; did you mean 'nummer'?" in result.output


# --- jämför: the column keys each mått needs (docs/plan-format.md 3.10) ------------------

ARITHMETIC_PLAN = Path(__file__).resolve().parent.parent / "rules" / "fixtures" / "arithmetic"

COMPARE_CASES = [
    # (name, old, new, line, key the error points at (None: the jämför mapping), message)
    ("change-without-base-column",
     "mått: förändring, från_kolumn: b2025, tecken: -1}", "mått: förändring, tecken: -1}",
     6, "mått", "jämför med mått 'förändring' kräver nyckeln 'från_kolumn' "
                "(kolumnen som förändringen räknas från)"),
    ("change-percent-without-base-column",
     "mått: förändring_procent, från_kolumn: b2025, tecken: -1}",
     "mått: förändring_procent, tecken: -1}",
     7, "mått", "jämför med mått 'förändring_procent' kräver nyckeln 'från_kolumn' "
                "(kolumnen som förändringen räknas från)"),
    ("change-with-null-base-column",
     "mått: förändring, från_kolumn: b2025, tecken: -1}",
     "mått: förändring, från_kolumn: null, tecken: -1}",
     6, "mått", "jämför med mått 'förändring' kräver nyckeln 'från_kolumn'"),
    ("change-without-column",
     "rad: nettoram, kolumn: b2026, mått: förändring,", "rad: nettoram, mått: förändring,",
     6, "mått", "jämför med mått 'förändring' kräver nyckeln 'kolumn' "
                "(kolumnen som uppgiften avser)"),
    ("value-without-column",
     "jämför: {tabell: ramar, rad: rs, kolumn: b2026}}", "jämför: {tabell: ramar, rad: rs}}",
     5, None, "jämför med mått 'värde' kräver nyckeln 'kolumn' (kolumnen som uppgiften avser)"),
    ("sum-without-any-column",
     "rad: ram, kolumn: b2026, mått: summa, kolumner: [b2026, p2027]}",
     "rad: ram, mått: summa}",
     8, "mått", "jämför med mått 'summa' kräver nyckeln 'kolumner' (kolumnerna som summeras) "
                "eller 'kolumn'"),
    ("sum-with-empty-columns",
     "rad: ram, kolumn: b2026, mått: summa, kolumner: [b2026, p2027]}",
     "rad: ram, mått: summa, kolumner: []}",
     8, "mått", "jämför med mått 'summa' kräver nyckeln 'kolumner'"),
]


@pytest.fixture
def arithmetic_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "arithmetic"
    shutil.copytree(ARITHMETIC_PLAN, dest)
    return dest


@pytest.mark.parametrize("name,old,new,line,key,fragment", COMPARE_CASES,
                         ids=[c[0] for c in COMPARE_CASES])
def test_a_comparison_without_the_columns_its_measure_needs_is_a_located_error(
        arithmetic_copy, name, old, new, line, key, fragment):
    replace_once(arithmetic_copy / "ekonomi.yaml", old, new)
    with pytest.raises(PlanLoadError) as info:
        load_plan(arithmetic_copy)
    [error] = info.value.errors
    text = (arithmetic_copy / "ekonomi.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    column = text.index("mått:" if key else "jämför: {") + (0 if key else len("jämför: ")) + 1
    assert (Path(error.location.file).name, error.location.line, error.location.column) == (
        "ekonomi.yaml", line, column)
    assert fragment in error.message("sv")


def test_a_change_without_base_column_stops_the_cli_with_exit_2(arithmetic_copy):
    replace_once(arithmetic_copy / "ekonomi.yaml", "mått: förändring, från_kolumn: b2025, tecken: -1}",
                 "mått: förändring, tecken: -1}")
    result = CliRunner().invoke(cli, ["lint", str(arithmetic_copy)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert ("ekonomi.yaml:6:" in result.output
            and "jämför med mått 'förändring' kräver nyckeln 'från_kolumn'" in result.output)
    english = CliRunner().invoke(cli, ["lint", str(arithmetic_copy), "--lang", "en"])
    assert english.exit_code == 2
    assert ("a comparison with measure 'förändring' needs the key 'från_kolumn' "
            "(the column the change is measured from)") in english.output


def test_a_sum_over_listed_columns_needs_no_column(arithmetic_copy):
    """``mått: summa`` with ``kolumner`` loads without ``kolumn``, and sums its columns."""
    replace_once(arithmetic_copy / "ekonomi.yaml",
                 "rad: ram, kolumn: b2026, mått: summa, kolumner: [b2026, p2027]}",
                 "rad: ram, mått: summa, kolumner: [b2026, p2027]}")
    plan, _ = load_plan(arithmetic_copy)
    [compare] = [s.compare for s in plan.economy.statements if s.id == "st-investeringar"]
    assert (compare.column, compare.columns) == (None, ["b2026", "p2027"])
    # a sum with only kolumn (no kolumner) still loads: the sum of that one cell
    replace_once(arithmetic_copy / "ekonomi.yaml", "mått: summa, kolumner: [b2026, p2027]}",
                 "kolumn: b2026, mått: summa}")
    load_plan(arithmetic_copy)


@pytest.mark.parametrize("plan_dir", ["plans/vasterbotten-2026", "rules/fixtures/mini"])
def test_every_source_reference_is_checked_wherever_it_stands(plan_dir):
    """The walk that finds each ``källa`` to check its ``dok`` looks only into the fields
    that can hold models: it finds exactly what a walk of every field finds."""
    from pydantic import BaseModel

    from govcheck.model.base import Source
    from govcheck.model.resolve import _sources

    def every(model):
        for name in type(model).model_fields:
            value = getattr(model, name, None)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, Source):
                    yield model, item
                elif isinstance(item, BaseModel):
                    yield from every(item)

    plan, _ = load_plan(Path(__file__).resolve().parent.parent / plan_dir)
    found = [(id(o), id(s)) for o, s in _sources(plan)]
    assert found == [(id(o), id(s)) for o, s in every(plan)]
    assert len(found) > 200 or "mini" in plan_dir  # the real plan cites 252 sources
