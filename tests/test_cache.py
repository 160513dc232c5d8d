"""The cache (govcheck.cache): a warm run reads the validated rules instead of parsing the
rule files, and the plan-file core schema instead of generating it; either gives exactly
what the work itself gives, and a stale, broken or foreign entry is never used."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_PLAN, REAL_PLAN, replace_once

from govcheck import cache
from govcheck.cli.main import cli
from govcheck.load.errors import PlanLoadError
from govcheck.load.folder import read_folder
from govcheck.model import build, compiled
from govcheck.paths import rules_dir
from govcheck.rules import engine
from govcheck.rules.engine import load_rules


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("GOVCHECK_CACHE_DIR", str(where))
    monkeypatch.delenv("GOVCHECK_NO_CACHE", raising=False)
    return where


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "rules"
    dest.mkdir()
    for path in rules_dir().glob("*.yaml"):
        shutil.copy2(path, dest / path.name)
    return dest


RULE_FOLDERS = 1 + sum(1 for p in (rules_dir() / "styrmodell").iterdir() if p.is_dir())
"""The built-in rule folders: the base ruleset and each styrmodell pack, each cached."""
ALL_RULE_FILES = len(list(rules_dir().glob("*.yaml"))) + \
    len(list(rules_dir().glob("styrmodell/*/*.yaml")))


def _entries(where: Path, kind: str = "rules") -> list[Path]:
    return sorted(where.glob(f"{kind}-*.pickle")) if where.exists() else []


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a rule file was parsed although the cache holds the folder")
    monkeypatch.setattr(engine, "load_rule_file", refuse)


def _dump(ruleset: engine.RuleSet) -> list[dict[str, object]]:
    return [{**r.model_dump(), "location": str(r.location),
             "keylocs": {k: str(v) for k, v in r.keylocs.items()}} for r in ruleset]


def test_warm_load_reads_the_cache_and_equals_parsing(cache_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    cold = load_rules([rules_dir()])
    assert len(_entries(cache_dir)) == RULE_FOLDERS
    assert oct(cache_dir.stat().st_mode & 0o777) == oct(0o700)
    _no_parsing(monkeypatch)
    warm = load_rules([rules_dir()])
    assert _dump(warm) == _dump(cold)
    assert warm.options == cold.options
    assert len(_entries(cache_dir)) == RULE_FOLDERS


def test_changed_rule_file_is_a_miss(cache_dir: Path, rules_copy: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    load_rules([rules_copy])
    path = rules_copy / "MAL001.yaml"
    stat = path.stat()
    # same size and modification time: only the bytes tell
    text = path.read_text(encoding="utf-8")
    assert "severity: error" in text
    path.write_text(text.replace("severity: error", "severity: xrror", 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    with pytest.raises(PlanLoadError) as exc:
        load_rules([rules_copy])
    assert [e.location.line for e in exc.value.errors] == [
        next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if line.startswith("severity:"))]
    replace_once(path, "severity: xrror", "severity: warning")
    ruleset = load_rules([rules_copy])
    assert ruleset.get("MAL001").severity == "warning"
    assert len(_entries(cache_dir)) == 2


def test_folder_with_errors_is_never_cached(cache_dir: Path, rules_copy: Path) -> None:
    replace_once(rules_copy / "UPP001.yaml", "id: UPP001", "id: UPP01")
    for _ in range(2):
        with pytest.raises(PlanLoadError) as exc:
            load_rules([rules_copy])
        assert {e.key for e in exc.value.errors} == {"rule.invalid"}
    assert _entries(cache_dir) == []


def test_shown_path_is_part_of_the_key(cache_dir: Path, rules_copy: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Locations in rule errors and docs show the path as typed from the working folder."""
    monkeypatch.chdir(rules_copy)
    here = load_rules([Path(".")])
    monkeypatch.chdir(rules_copy.parent)
    there = load_rules([Path("rules")])
    assert here.get("MAL001").path == "MAL001.yaml"
    assert there.get("MAL001").path == os.path.join("rules", "MAL001.yaml")
    assert len(_entries(cache_dir)) == 2


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01.",
                                     b"\x80\x05]\x94(K\x01a."])
def test_broken_or_foreign_entry_is_ignored(cache_dir: Path, content: bytes) -> None:
    load_rules([rules_dir()])
    for entry in _entries(cache_dir):
        entry.write_bytes(content)
        assert cache.read("rules", entry.stem.removeprefix("rules-")) in (None, 1, [1])
    ruleset = load_rules([rules_dir()])
    assert len(list(ruleset)) == ALL_RULE_FILES


def test_no_cache_writes_nothing(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVCHECK_NO_CACHE", "1")
    load_rules([rules_dir()])
    assert not cache_dir.exists()


def test_unusable_cache_dir_is_not_an_error(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("GOVCHECK_CACHE_DIR", str(blocker / "cache"))
    result = CliRunner().invoke(cli, ["lint", str(REAL_PLAN)])
    assert result.exit_code == 1, result.output
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_lint_output_is_the_same_cold_and_warm(cache_dir: Path) -> None:
    compiled.plan_file_validator.cache_clear()
    runs = []
    for _ in range(2):
        runs.append(CliRunner().invoke(cli, ["lint", str(REAL_PLAN), "--format", "json"]))
        compiled.plan_file_validator.cache_clear()
    assert len(_entries(cache_dir)) == RULE_FOLDERS
    # what a lint reads: the same rules without their test cases (only govcheck test runs them)
    light = _entries(cache_dir, engine.LINT_KIND)
    assert len(light) == RULE_FOLDERS
    for entry in light:
        loaded = cache.read(engine.LINT_KIND, entry.stem.removeprefix(f"{engine.LINT_KIND}-"))
        assert loaded and all(spec.tests == [] for spec, _ in loaded)
    assert any(spec.tests for spec in load_rules([rules_dir()]))
    assert len(_entries(cache_dir, "schema")) == 1
    assert runs[0].exit_code == runs[1].exit_code == 1
    assert runs[0].output == runs[1].output
    uncached = CliRunner().invoke(cli, ["lint", str(REAL_PLAN), "--format", "json"],
                                  env={"GOVCHECK_NO_CACHE": "1"})
    assert uncached.output == runs[0].output


def test_old_entries_are_pruned(cache_dir: Path, rules_copy: Path) -> None:
    path = rules_copy / "MAL001.yaml"
    text = path.read_text(encoding="utf-8")
    for n in range(cache.KEEP + 3):
        path.write_text(text + f"# edit {n}\n", encoding="utf-8")
        load_rules([rules_copy])
    assert len(_entries(cache_dir)) == cache.KEEP


def test_code_fingerprint_follows_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    import govcheck

    before = cache.code_fingerprint()
    cache.code_fingerprint.cache_clear()
    monkeypatch.setattr(govcheck, "__version__", govcheck.__version__ + ".dev1")
    try:
        assert cache.code_fingerprint() != before
    finally:
        cache.code_fingerprint.cache_clear()


# --- the plan-file core schema ------------------------------------------------------------

def _validated(plans: list[Path]) -> list[tuple[str, object]]:
    """Every file of the plans through validate_file: its model dump, or its errors."""
    out: list[tuple[str, object]] = []
    for plan in plans:
        raw_files, errors = read_folder(plan)
        assert not errors
        for raw in raw_files:
            problems: list = []
            model = build.validate_file(raw, problems)
            out.append((raw.display, model.model_dump(mode="json") if model is not None
                        else [(str(e.location), e.message("en")) for e in problems]))
    return out


@pytest.fixture
def fresh_validator() -> object:
    compiled.plan_file_validator.cache_clear()
    yield
    compiled.plan_file_validator.cache_clear()


def test_schema_from_the_cache_validates_as_pydantic_does(
        cache_dir: Path, fresh_validator: object, mini_copy: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a plan with type, key and bound errors next to the real plan
    replace_once(mini_copy / "plan.yaml", "budgetår: 2026", "budgetår: tjugotjugosex")
    plans = [REAL_PLAN, MINI_PLAN, mini_copy]
    cold = _validated(plans)
    assert len(_entries(cache_dir, "schema")) == 1
    compiled.plan_file_validator.cache_clear()

    def no_generation(*args: object, **kwargs: object) -> None:
        raise AssertionError("the core schema was generated although the cache holds it")
    monkeypatch.setattr(compiled.PlanFile, "model_rebuild", no_generation)
    warm = _validated(plans)
    assert warm == cold
    assert any(isinstance(result, list) and result for _, result in warm)


@pytest.mark.parametrize("content", [b"garbage", b"\x80\x05N.",
                                     b"\x80\x05}\x94\x8c\x04type\x94\x8c\x03int\x94s.",
                                     b"\x80\x05(}\x94}\x94t\x94."])
def test_broken_schema_entry_falls_back_to_generating(cache_dir: Path, fresh_validator: object,
                                                      content: bytes) -> None:
    cold = _validated([MINI_PLAN])
    [entry] = _entries(cache_dir, "schema")
    entry.write_bytes(content)
    compiled.plan_file_validator.cache_clear()
    assert _validated([MINI_PLAN]) == cold
    # and the entry is good again
    stored = cache.read("schema", entry.stem.removeprefix("schema-"))
    assert isinstance(stored, tuple) and stored[0]["type"] in ("model", "definitions")
