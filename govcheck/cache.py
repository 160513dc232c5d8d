"""A cache of work that depends only on govcheck itself, so that a lint does not redo it.

Two things are kept, each costing about as much as reading a whole plan (bench/RESULTS.md):
- ``rules-…``: a rule folder that loaded without errors, as its validated rules and options
  (govcheck.rules.engine); named by a digest of its files' shown paths and bytes and the code;
  a folder with errors is never kept, so its errors are reported on every run;
- ``schema-…``: the pydantic core schema of the plan-file model (govcheck.model.compiled);
  named by a digest of the code.

"The code" (``code_fingerprint``) is govcheck's version, the size and modification time of
each of its modules, and the versions of Python, pydantic and pydantic-core: any change to
one of them names a different file, so a stale entry is never read.

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
import pydantic_core

import govcheck

KEEP = 32
"""Entries kept of each kind; older ones (by modification time) go when one is written."""

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
    """The installed code every cached result depends on: versions and every module's stat."""
    h = hashlib.sha256()
    h.update(f"{FORMAT}\0{govcheck.__version__}\0{sys.version}\0{pydantic.VERSION}\0"
             f"{pydantic_core.__version__}\0".encode())
    _stat_modules(h, os.path.dirname(govcheck.__file__), "")
    return h.digest()


def _stat_modules(h: Any, folder: str, rel: str) -> None:
    """Add each module's path relative to the package, size and time, in name order."""
    with os.scandir(folder) as entries:
        found = sorted((e.name, e) for e in entries)
    for name, entry in found:
        if entry.is_dir(follow_symlinks=False):
            if name != "__pycache__":
                _stat_modules(h, entry.path, f"{rel}{name}{os.sep}")
        elif name.endswith(".py"):
            stat = entry.stat()
            h.update(f"{rel}{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())


def files_key(files: list[tuple[Path, str]]) -> str | None:
    """A digest of the code and of these files' shown paths and bytes; None when a file
    cannot be read (its loader then reports it)."""
    h = hashlib.sha256(code_fingerprint())
    try:
        for path, display in files:
            data = path.read_bytes()
            h.update(f"{display}\0{len(data)}\0".encode())
            h.update(data)
    except OSError:
        return None
    return h.hexdigest()


def read(kind: str, key: str) -> Any | None:
    """The value stored under ``kind`` and ``key``, or None (no cache, no entry, or an
    unreadable one)."""
    where = cache_dir()
    if where is None:
        return None
    try:
        with open(where / f"{kind}-{key}.pickle", "rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - a missing, partial or foreign entry is a miss
        return None


def write(kind: str, key: str, value: Any) -> None:
    """Store ``value`` under ``kind`` and ``key`` atomically, and drop the oldest entries of
    the kind beyond KEEP; any failure leaves the cache as it was."""
    where = cache_dir()
    if where is None:
        return
    tmp = None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", dir=where)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, where / f"{kind}-{key}.pickle")
        tmp = None
        _prune(where, kind)
    except Exception:  # noqa: BLE001, S110 - a read-only home or a full disk: run uncached
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(where: Path, kind: str) -> None:
    entries = sorted(where.glob(f"{kind}-*.pickle"),
                     key=lambda p: (p.stat().st_mtime_ns, p.name))
    for old in entries[:-KEEP]:
        old.unlink(missing_ok=True)
