"""A cache of loaded rule folders, so that a lint does not parse the rule catalogue each time.

Parsing the 35 built-in rule files with locations (their examples and test cases included)
costs about as much as parsing a whole plan (bench/RESULTS.md). A rule folder that loaded
without errors is kept, as the validated rules, in a file named by a digest of everything
the result depends on: each rule file's name, shown path and bytes, and the installed code
(govcheck's version and the size and modification time of each of its modules, Python's
and pydantic's versions). Any change to one of them is a different file, so a stale entry is
never read; a folder with errors is never kept, so its errors are reported on every run.

The cache lives in ``$GOVCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/govcheck``, else
``~/.cache/govcheck``; ``GOVCHECK_NO_CACHE=1`` turns it off. It holds pickles written by
govcheck itself, in a folder only the user may write (0700): trust it as you trust the home
folder. A cache that cannot be read or written is ignored, never an error.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import pydantic

import govcheck

KEEP = 32
"""Entries kept; older ones (by modification time) are removed when a new one is written."""

FORMAT = 1
"""Bump when what is pickled changes shape without any module's size or time changing."""


def cache_dir() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    if os.environ.get("GOVCHECK_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("GOVCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "govcheck"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """The installed code the loaded rules depend on: versions and every module's stat."""
    h = hashlib.sha256()
    h.update(f"{FORMAT}\0{govcheck.__version__}\0{sys.version}\0{pydantic.VERSION}\0".encode())
    package = Path(govcheck.__file__).parent
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(dirpath, name))
                rel = os.path.relpath(os.path.join(dirpath, name), package)
                h.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return h.digest()


def folder_key(files: list[tuple[Path, str]]) -> str | None:
    """The digest naming a folder's cache entry: its files' shown paths and bytes, and the
    code; None when a file cannot be read (the loader then reports it)."""
    h = hashlib.sha256(code_fingerprint())
    try:
        for path, display in files:
            data = path.read_bytes()
            h.update(f"{display}\0{len(data)}\0".encode())
            h.update(data)
    except OSError:
        return None
    return h.hexdigest()


def read(key: str) -> Any | None:
    """The value stored under ``key``, or None (no cache, no entry, or an unreadable one)."""
    where = cache_dir()
    if where is None:
        return None
    try:
        with open(where / f"rules-{key}.pickle", "rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - a missing, partial or foreign entry is a miss
        return None


def write(key: str, value: Any) -> None:
    """Store ``value`` under ``key`` atomically; any failure leaves the cache as it was."""
    where = cache_dir()
    if where is None:
        return
    tmp = None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".rules-", dir=where)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, where / f"rules-{key}.pickle")
        tmp = None
        _prune(where)
    except Exception:  # noqa: BLE001 - a read-only home or a full disk: run uncached
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(where: Path) -> None:
    entries = sorted(where.glob("rules-*.pickle"), key=lambda p: (p.stat().st_mtime_ns, p.name))
    for old in entries[:-KEEP]:
        old.unlink(missing_ok=True)
