"""Where the shipped rules and plans live, installed or in a source checkout."""

from __future__ import annotations

import os
import re
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``rules`` or ``plans``: inside the wheel, else beside the package in the checkout."""
    installed = _PKG / "_data" / name
    if installed.is_dir():
        return installed
    return _PKG.parent / name


def rules_dir() -> Path:
    return data_dir("rules")


def plans_dir() -> Path:
    return data_dir("plans")


def escape_name(text: str) -> str:
    """A file name (or any text from outside) as data that can never start a new line, a new
    annotation or a terminal escape: every control character (C0, DEL, C1, and the Unicode
    line and paragraph separators) is written as ``\\xNN`` (below 0x80) or ``\\uNNNN``, and a
    byte of a name that is not UTF-8 (which Python keeps as a lone surrogate) as ``\\xNN``,
    the byte itself (0x80 or more). Text without such characters, nearly all, comes back
    unchanged; ``unescape_name`` reverses it."""
    if text.isprintable():  # the common case: nothing to look at
        return text
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the undecodable byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif 0x80 <= code <= 0x9F or code in (0x2028, 0x2029) or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


_ESCAPE = re.compile(r"\\x([0-9a-f]{2})|\\u([0-9a-f]{4})")


def unescape_name(text: str) -> str:
    """The name ``escape_name`` was given (a byte ``\\xNN`` of 0x80 or more back to the lone
    surrogate that stands for it)."""
    def back(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            code = int(match.group(1), 16)
            return chr(0xDC00 + code) if code >= 0x80 else chr(code)
        return chr(int(match.group(2), 16))

    return _ESCAPE.sub(back, text)


def real_path(display: str) -> str:
    """The file a displayed (escaped) name stands for: the name itself when such a file
    exists (a name may hold a backslash of its own), else the name unescaped."""
    if "\\" not in display or os.path.lexists(display):
        return display
    return unescape_name(display)
