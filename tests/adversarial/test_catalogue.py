"""Hostile and broken plans: each gets located messages and exit 2, never a traceback,
never a changed input file, and finishes within a generous bound."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "rules" / "fixtures" / "mini"
GUARD_SECONDS = 20  # a guard against hangs, not a speed assertion (bench/ measures speed)


def run_lint(plan: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govcheck.cli.main", "lint", str(plan), *args],
                          capture_output=True, text=True, timeout=GUARD_SECONDS, cwd=plan.parent)


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    dest = tmp_path / "plan"
    shutil.copytree(MINI, dest)
    return dest


def expect_input_error(plan: Path, file_name: str, fragment: str) -> str:
    before = digest(plan)
    proc = run_lint(plan)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert f"{file_name}:" in proc.stderr, proc.stderr
    assert fragment in proc.stderr, proc.stderr
    assert digest(plan) == before
    return proc.stderr


def test_bom_is_accepted(plan):
    path = plan / "mal.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run_lint(plan).returncode == 0


def test_crlf_is_accepted_and_lines_stay_right(plan):
    for path in plan.glob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    text = (plan / "namndplaner.yaml").read_text(encoding="utf-8")
    (plan / "namndplaner.yaml").write_text(text.replace("belopp: 100.0}", "belopp: 110.0}"),
                                           encoding="utf-8", newline="")
    proc = run_lint(plan)
    assert proc.returncode == 1
    assert "namndplaner.yaml:16:" in proc.stdout


def test_utf16_is_refused_with_a_located_message(plan):
    path = plan / "mal.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    expect_input_error(plan, "mal.yaml", "inte UTF-8")


def test_empty_file_is_fine_but_empty_folder_is_not(plan, tmp_path):
    (plan / "tom.yaml").write_text("", encoding="utf-8")
    assert run_lint(plan).returncode == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = run_lint(empty)
    assert proc.returncode == 2 and "inga .yaml-filer" in proc.stderr


def test_very_large_file_is_refused_before_parsing(plan):
    with open(plan / "stor.yaml", "wb") as handle:
        handle.write(b"# " + b"x" * (21 * 1024 * 1024) + b"\n")
    expect_input_error(plan, "stor.yaml", "för stor")


def test_symlink_out_of_the_plan_folder_is_refused(plan, tmp_path):
    outside = tmp_path / "hemlig.yaml"
    outside.write_text("regionmål: []\n", encoding="utf-8")
    os.symlink(outside, plan / "lank.yaml")
    expect_input_error(plan, "lank.yaml", "utanför plankatalogen")


def test_thousands_deep_nesting(plan):
    (plan / "djup.yaml").write_text("x: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    expect_input_error(plan, "djup.yaml", "")


def test_alias_bomb(plan):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    (plan / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expect_input_error(plan, "bomb.yaml", "alias-bomb")


def test_object_construction_tag(plan):
    (plan / "tag.yaml").write_text("regionmål: !!python/object/apply:os.system ['touch pwned']\n",
                                   encoding="utf-8")
    expect_input_error(plan, "tag.yaml", "YAML-taggen")
    assert not (plan / "pwned").exists()


def test_lookalike_id_gets_did_you_mean(plan):
    # a Cyrillic 'а' in place of the Latin 'a'
    text = (plan / "namndplaner.yaml").read_text(encoding="utf-8")
    (plan / "namndplaner.yaml").write_text(text.replace("{mål: mal-2,", "{mål: mаl-2,"),
                                           encoding="utf-8")
    stderr = expect_input_error(plan, "namndplaner.yaml", "menade du 'mal-2'?")
    assert "mаl-2" in stderr


def test_broken_rule_folder(plan, tmp_path):
    rules = tmp_path / "regler"
    rules.mkdir()
    (rules / "LOK001.yaml").write_text("id: LOK001\ncheck: [\n", encoding="utf-8")
    proc = run_lint(plan, "--rules", str(rules))
    assert proc.returncode == 2 and "LOK001.yaml:" in proc.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads files whatever their mode")
def test_unreadable_file(plan):
    path = plan / "mal.yaml"
    path.chmod(0)
    try:
        expect_input_error(plan, "mal.yaml", "kan inte läsas")
    finally:
        path.chmod(0o644)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["plan.yaml", "mal.yaml", "namndplaner.yaml", "ekonomi.yaml"]),
       st.floats(0.05, 0.95))
def test_truncated_file_never_crashes(tmp_path_factory, name, where):
    plan = tmp_path_factory.mktemp("t") / "plan"
    shutil.copytree(MINI, plan)
    data = (plan / name).read_bytes()
    (plan / name).write_bytes(data[: int(len(data) * where)])
    proc = run_lint(plan)
    assert proc.returncode in (0, 1, 2)
    assert "Traceback" not in proc.stderr
    if proc.returncode == 2:
        # every message names an existing file and a line inside it
        for line in proc.stderr.splitlines()[:-1]:
            file_part, line_no = line.split(":")[0], int(line.split(":")[1])
            target = plan.parent / file_part
            assert target.exists(), line
            if target.is_dir():  # a problem of the folder itself, e.g. no 'plan:' section
                continue
            assert 1 <= line_no <= max(1, target.read_text(encoding="utf-8", errors="replace").count("\n") + 1)
