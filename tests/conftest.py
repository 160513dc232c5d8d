from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_PLAN = ROOT / "plans" / "vasterbotten-2026"

SEEDS = next((p for p in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds"))
              if p.is_dir()), ROOT.parent / "shared" / "seeds")
"""The seed texts of the real plan (../shared/seeds beside the checkout)."""

SMALL = """\
Region Testland
Regionplan 2026

Resultatbudget Budget 2025 Budget 2026 Plan 2027 Plan 2028

Verksamhetens nettokostnad -10 952 -11 664 -12 023 -12 383
Skatteintäkter {a} 9 246 9 739 10 069
Generella statsbidrag 2 849 {b} 2 738 2 889
Summa skatter och statsbidrag 11 357 11 991 12 477 12 958
"""
"""A tiny plan text (an income budget whose two figures {a} and {b} a test fills in): the
import, re-import and diff tests build their documents from it."""

FORMER_FUNCTIONS = {
    "BAL001": "check: balanskrav_restored\noptions: {horizon: 3}\n",
    "EKO001": "check: net_cost_within_frame\n",
    "BUD001": "check: budget_three_year_plan\n",
}
"""Catalogue rules now written as conditions, and the check function each called before."""


def function_form(rule_id: str) -> str:
    """The catalogue rule's file written as its former check function (``check`` and
    ``options`` in place of its conditions): the form a rule of one's own may still take,
    for the tests of checks, options and their errors."""
    text = (ROOT / "rules" / f"{rule_id}.yaml").read_text(encoding="utf-8")
    start = min(text.index(key) for key in ("\nneeds:", "\ngiven:", "\nblocks:")
                if key in text) + 1
    end = text.index("\nmessages:") + 1
    return text[:start] + "select: {}\n" + FORMER_FUNCTIONS[rule_id] + text[end:]
MINI_PLAN = ROOT / "rules" / "fixtures" / "mini"

# The cache (govcheck.cache) of a test run stays out of the user's home; tests
# of the cache itself point it elsewhere.
os.environ.setdefault("GOVCHECK_CACHE_DIR", tempfile.mkdtemp(prefix="govcheck-test-cache-"))


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    """A private copy of the real plan that a test may change."""
    dest = tmp_path / "vasterbotten-2026"
    shutil.copytree(REAL_PLAN, dest)
    return dest


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "mini"
    shutil.copytree(MINI_PLAN, dest)
    return dest


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {path}")
