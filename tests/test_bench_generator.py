"""bench/generate.py: deterministic, clean when clean, and every planted defect is found.

Small and fast: two organisations (a region and a kommun), linted in-process through the
command line (`govcheck lint DIR --format json`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from govcheck.cli.main import cli

REPO = Path(__file__).resolve().parent.parent
REGION, KOMMUN = 0, 3  # the first region and a small kommun of the national corpus
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def _write(root: Path, folder: str, files: dict[str, str]) -> Path:
    org = root / folder
    for rel, text in files.items():
        path = org / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return org


def _findings(org: Path) -> Counter[tuple[str, str]]:
    """(rule, file relative to the plan folder) of every finding of `govcheck lint`."""
    result = CliRunner().invoke(cli, ["lint", str(org), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    found: Counter[tuple[str, str]] = Counter()
    for f in json.loads(result.stdout)["findings"]:
        rel = os.path.relpath(Path(f["location"]["file"]).resolve(), org.resolve())
        found[(f["rule"], Path(rel).as_posix())] += 1
    return found


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = gen.write_corpus(7, 2, tmp_path / "a")
    second = gen.write_corpus(7, 2, tmp_path / "b")
    assert first == second
    names_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")
                     if p.is_file())
    names_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*")
                     if p.is_file())
    assert names_a == names_b and len(names_a) > 20
    for rel in names_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    # organisation i does not depend on how many are generated, and the seed matters
    assert gen.generate_org(7, 1)[1] == gen.generate_org(7, 1)[1]
    assert gen.generate_org(7, 1)[1] != gen.generate_org(8, 1)[1]


def test_national_corpus_shape() -> None:
    assert len(gen.REGION_POSITIONS) == 21 and gen.NATIONAL == 311
    assert gen.national_kind(REGION) == "region" and gen.national_kind(KOMMUN) == "kommun"
    defective = [i for i in range(gen.NATIONAL) if gen.defects_for(1, i, 0.1)]
    assert len(defective) in (31, 32)  # one organisation in every block of ten
    assert all(1 <= len(gen.defects_for(1, i, 0.1)) <= 3 for i in defective)


def test_emitted_yaml_reads_back_as_generated() -> None:
    org = gen.Org(1, KOMMUN)
    for path, (sections, comment) in org.files.items():
        text = gen.dump(sections, comment)
        assert yaml.load(text, Loader=LOADER) == gen.plain_data(sections), path


def test_every_defect_kind_maps_to_a_catalogue_rule() -> None:
    rules = {p.stem for p in (REPO / "rules").glob("*.yaml")} \
        | {p.stem for p in (REPO / "rules").glob("styrmodell/*/*.yaml")}
    kinds = gen.DEFECTS
    assert {rule for rule, _ in kinds.values()} <= rules
    assert len({rule for rule, _ in kinds.values()}) == len(kinds)  # one kind per rule


@pytest.mark.parametrize("index", [REGION, KOMMUN], ids=["region", "kommun"])
def test_clean_organisation_has_no_findings(tmp_path: Path, index: int) -> None:
    folder, files, entry = gen.generate_org(1, index, [])
    assert entry["defects"] == [] and entry["kind"] == gen.national_kind(index)
    assert _findings(_write(tmp_path, folder, files)) == Counter()


@pytest.mark.parametrize("index", [REGION, KOMMUN], ids=["region", "kommun"])
def test_each_planted_defect_is_found_by_its_rule_in_its_file(tmp_path: Path,
                                                              index: int) -> None:
    kinds = list(gen.DEFECTS)
    folder, files, entry = gen.generate_org(1, index, kinds)
    planted = Counter((d["rule"], d["file"]) for d in entry["defects"])
    assert sorted(d["kind"] for d in entry["defects"]) == sorted(kinds)
    for d in entry["defects"]:
        assert d["rule"] == gen.DEFECTS[d["kind"]][0]
    found = _findings(_write(tmp_path, folder, files))
    missing = planted - found
    extra = found - planted
    assert not missing and not extra, {"missing": dict(missing), "unexpected": dict(extra)}
