"""Where a command's output goes: ``-o FILE`` and standard output, written without ever
destroying anything.

``write_output`` writes a report to the file ``-o`` names:

- never to an input: a file of a plan being linted, or anything inside its folder (nor
  the configuration, baseline or rule files the run reads);
- through a symbolic link, never replacing the link: a link to a shared report updates
  that report, ``/dev/stdout`` writes to standard output;
- into a character device or a pipe as it is (``/dev/null``, ``/dev/stdout``, a FIFO),
  never replacing the device with a regular file; a folder, socket or block device is
  refused;
- atomically into a regular file: a reader sees the old file or the new one, never half,
  and an existing file keeps its permissions.

Every failure, a full disk or device included, raises ``OutputError``, which the command
line reports as ``cannot write FILE: reason`` with exit code 2. ``GuardedStream`` does the
same for standard output (``govcheck lint … > /dev/full``); a pipe whose reader has gone
(``govcheck lint … | head``) ends the command quietly with 141, as for any Unix tool.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from govcheck.i18n import Msg
from govcheck.load.folder import display_path
from govcheck.paths import escape_name
from govcheck.util import write_atomic


class OutputError(Exception):
    """The output could not be written: ``path`` as shown, and why (text or a Msg)."""

    def __init__(self, path: str, reason: Msg | str):
        super().__init__(f"cannot write {path}: {reason}")
        self.path, self.reason = path, reason

    def reason_text(self, lang: str) -> str:
        return self.reason.render(lang) if isinstance(self.reason, Msg) else self.reason

    def message(self, lang: str) -> str:
        path = self.path.render(lang) if isinstance(self.path, Msg) else self.path
        return Msg("output.cannot_write", path=path, reason=self.reason_text(lang)).render(lang)


class PipeClosed(OutputError):
    """Standard output is a pipe whose reader has gone (``govcheck … | head``): the command
    ends quietly with 141, as a tool killed by SIGPIPE does."""


def _shown(path: Path | str) -> str:
    return escape_name(os.fspath(path))


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def check_not_input(path: Path, inputs: Iterable[Path]) -> None:
    """Raise OutputError when ``path`` (after following links) is one of ``inputs`` or lies
    inside one of them (a plan folder)."""
    target = os.path.realpath(path)
    for source in inputs:
        if _inside(target, os.path.realpath(source)):
            raise OutputError(_shown(path), Msg("output.is_input", input=display_path(source)))


def write_output(path: Path, text: str, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` to ``path`` as the module says; raise OutputError on any failure."""
    path = Path(path)
    shown = _shown(path)
    check_not_input(path, inputs)
    try:
        st: os.stat_result | None = os.stat(path)  # follows links: what a write would reach
    except FileNotFoundError:
        st = None  # a new file (or a link to one): created where the link points
    except OSError as exc:  # a link loop, a path under a regular file, no permission
        raise OutputError(shown, _reason(exc)) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(shown, Msg("output.is_dir"))
    if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        _write_through(path, shown, text)
        return
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(shown, Msg("output.special"))
    _replace(Path(os.path.realpath(path)), shown, text, st)


def _write_through(path: Path, shown: str, text: str) -> None:
    """A device or a pipe: written as it is, never replaced (``/dev/full`` fails here)."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
    except OSError as exc:
        raise OutputError(shown, _reason(exc)) from None


def _replace(target: Path, shown: str, text: str, st: os.stat_result | None) -> None:
    """A regular file (or a new one), replaced atomically; an existing file's mode kept."""
    try:
        write_atomic(target, text, stat.S_IMODE(st.st_mode) if st is not None else None)
    except OSError as exc:
        raise OutputError(shown, _reason(exc)) from None


class GuardedStream:
    """Standard output whose write errors (a full disk or device, a closed pipe) are an
    ``OutputError`` for "standard output", not an internal error; everything else is the
    wrapped stream's. After a failure the stream's descriptor is pointed at the null
    device, so that nothing written later, nor the interpreter's last flush, fails again."""

    def __init__(self, stream: TextIO):
        self._stream = stream
        self._failed = False

    def _failure(self, exc: OSError) -> OutputError:
        self._failed = True
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())
            os.close(null)
        except (OSError, ValueError, AttributeError):
            pass
        kind = PipeClosed if isinstance(exc, BrokenPipeError) else OutputError
        return kind(Msg("output.stdout"), _reason(exc))  # type: ignore[arg-type]

    def write(self, text: str) -> int:
        if self._failed:
            return len(text)
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise self._failure(exc) from None

    def flush(self) -> None:
        if self._failed:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._failure(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
