"""Plain text, as a PDF text extraction gives it (pdftotext, a copy from a viewer).

Pages: a form feed starts a page. Without form feeds, an extraction like the Västerbotten
seeds starts each page's text with one space, and ends a page with its printed number alone
on a line; both are used when the document has at least five such page starts."""

from __future__ import annotations

import re
from pathlib import Path

from govcheck.document.errors import DocumentError
from govcheck.document.model import Document, Line

MAX_BYTES = 50 * 1024 * 1024
_PAGE_START = re.compile(r"^ \S")
_PAGE_NO = re.compile(r"^\s*(\d{1,3})\s*$")


def read_text(path: Path, display: str) -> Document:
    data = read_bytes(path, display)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in data:
            raise DocumentError(display, "doc.not_text", byte=f"0x{data[exc.start]:02x}") from None
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise DocumentError(display, "doc.not_text", byte="0x00")
    return text_document(text, display, path.name)


def read_bytes(path: Path, display: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(display, "doc.too_large", size=size, limit=MAX_BYTES)
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(display, "doc.not_found") from None
    except IsADirectoryError:
        raise DocumentError(display, "doc.unreadable", reason="is a directory") from None
    except OSError as exc:
        raise DocumentError(display, "doc.unreadable", reason=exc.strerror or str(exc)) from None
    if not data.strip():
        raise DocumentError(display, "doc.empty")
    return data


def text_document(text: str, display: str, name: str, kind: str = "text") -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw = text.split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    if not any(r.strip() for r in raw):
        raise DocumentError(display, "doc.empty")
    lines: list[Line] = []
    page = 1
    use_ff = "\f" in text
    for i, row in enumerate(raw, start=1):
        if use_ff and "\f" in row:
            page += row.count("\f")
            row = row.replace("\f", "")
        row = row.replace("\t", "    ").rstrip()
        indent = len(row) - len(row.lstrip(" "))
        lines.append(Line(i, row, page if use_ff else None, None, indent))
    has_pages = use_ff
    if not use_ff:
        starts = [k for k, ln in enumerate(lines) if _PAGE_START.match(ln.text)]
        if len(starts) >= 5:
            has_pages = True
            page = 1
            for k, ln in enumerate(lines):
                if k in set(starts) and k > 0:
                    page += 1
                ln.page = page
                if ln.indent == 1:
                    ln.indent = 0  # the page start's space is not an indentation
    if has_pages:
        _printed_pages(lines)
    return Document(display, name, kind, lines, has_pages=has_pages)


def _printed_pages(lines: list[Line]) -> None:
    """The number printed alone on a page's last line, for each page that has one; a page
    without one gets its neighbour's number plus one, when that is known. Each line with
    text gets its line within the page (blank lines are not counted: a PDF has none, only
    gaps)."""
    counted: dict[int, int] = {}
    for ln in lines:
        if ln.page is not None and ln.text.strip():
            counted[ln.page] = counted.get(ln.page, 0) + 1
            ln.page_line = counted[ln.page]
    last_text: dict[int, str] = {}
    for ln in lines:
        if ln.page is not None and ln.text.strip():
            last_text[ln.page] = ln.text
    printed: dict[int, int] = {}
    for page, text in last_text.items():
        m = _PAGE_NO.match(text)
        if m:
            printed[page] = int(m.group(1))
    pages = sorted(last_text)
    for page in pages:
        if page not in printed and page - 1 in printed:
            printed[page] = printed[page - 1] + 1
    for ln in lines:
        if ln.page is not None:
            ln.printed_page = printed.get(ln.page)
