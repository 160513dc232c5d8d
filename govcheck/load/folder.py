"""Find and read the YAML files of a plan folder, safely and in a fixed order."""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from govcheck.load.errors import LoadError, Location
from govcheck.paths import escape_name
from govcheck.records import assign, record

SUFFIXES = (".yaml", ".yml")
PLAN_FILE = "plan.yaml"
"""The file that makes a folder a plan, for ``expand_plan_dirs``."""
NOT_PLAN_FILES = frozenset({"facit.yaml", "facit.yml"})
"""Files a plan folder may hold that are not part of the plan: the truth file of a corpus
plan (docs/corpus.md), read only by ``bench/truth``."""


def expand_plan_dirs(paths: Sequence[Path]) -> list[Path]:
    """The plan folders named by ``paths``, in the order given.

    A folder with a ``plan.yaml`` of its own is a plan. A folder without one whose
    subfolders hold plans (``plans/`` with ``plans/vasterbotten-2026/plan.yaml``) stands
    for those subfolders, sorted by name. Anything else is passed on as it is, so that the
    loader reports what is wrong with it (no such folder, no YAML files, ...)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir() and not (path / PLAN_FILE).is_file():
            subs = sorted((p for p in path.iterdir()
                           if p.is_dir() and not p.name.startswith(".")
                           and (p / PLAN_FILE).is_file()), key=lambda p: p.name)
            if subs:
                out.extend(subs)
                continue
        out.append(path)
    return out


@record(frozen=True)
class RawFile:
    """One plan file: the name findings show for it, and its loaded data."""

    display: str
    relpath: str
    data: Any

    def __init__(self, display: str, relpath: str, data: Any) -> None:
        assign(self, "display", display)
        assign(self, "relpath", relpath)
        assign(self, "data", data)


def named_path(path: Path) -> str:
    """A plan file's path as the user named the plan folder: relative when the folder was
    given relative, absolute when given absolute (``../plans/x`` stays ``../plans/x``;
    ``/srv/plans/x`` is not turned into ``../../srv/plans/x``); escaped as data
    (``govcheck.paths.escape_name``)."""
    return escape_name(os.path.normpath(path)) if path.is_absolute() else display_path(path)


def display_path(path: Path) -> str:
    """The path as a user typed it relative to the working directory, when possible, escaped
    as data: a name with a line break or a byte that is not UTF-8 is shown with escapes
    (``govcheck.paths.escape_name``), so it can never forge a line of output."""
    try:
        return escape_name(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return escape_name(str(path))


def plan_files(root: Path, errors: list[LoadError]) -> list[tuple[Path, str]]:
    """All YAML files under ``root``, sorted by relative path; links leaving it are errors."""
    real_root = root.resolve()
    found: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.endswith(SUFFIXES) or name.startswith(".") or name in NOT_PLAN_FILES:
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError) as exc:  # a loop (RuntimeError before 3.13)
                    loop = isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP
                    errors.append(LoadError(
                        Location(named_path(path), 1, 1),
                        "load.symlink_loop" if loop else "load.unreadable",
                        {} if loop else {"reason": exc.strerror or str(exc)}))
                    continue
                if not target.is_relative_to(real_root):
                    errors.append(LoadError(Location(named_path(path), 1, 1),
                                            "load.symlink_outside", {}))
                    continue
            found.append((path, rel))
    found.sort(key=lambda item: item[1])
    return found


def read_folder(root: Path) -> tuple[list[RawFile], list[LoadError]]:
    """Load every YAML file of a plan folder; never raises on bad input."""
    errors: list[LoadError] = []
    if not root.is_dir():
        errors.append(LoadError(Location(named_path(root), 1, 1), "load.not_a_dir",
                                {"path": named_path(root)}))
        return [], errors
    files = plan_files(root, errors)
    if not files and not errors:
        errors.append(LoadError(Location(named_path(root), 1, 1), "load.no_files", {}))
    from govcheck.load.yamlloc import load_yaml  # yaml is imported by the process that reads

    raw: list[RawFile] = []
    for path, rel in files:
        display = named_path(path)
        data = load_yaml(path, display, errors)
        raw.append(RawFile(display, rel, data))
    return raw, errors


def read_utf8(path: Path, display: str, msg_id: str) -> str:
    """A small side file (configuration, baseline) as text; ``msg_id`` names the located
    error raised (as PlanLoadError) when it cannot be read as UTF-8."""
    from govcheck.load.errors import PlanLoadError

    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise PlanLoadError([LoadError(Location(display, 1, 1), msg_id,
                                       {"reason": reason})]) from None
