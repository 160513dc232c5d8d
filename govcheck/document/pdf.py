"""PDF: the words of each page with their positions (pdfplumber), as lines.

pdfplumber is imported here only. Words whose tops are within 3 points form a line; the
words of a line are joined with one space; the line's indentation is its left edge beyond
the page's leftmost text, in steps of 4 points; a page is the PDF's page, in order. A PDF
without a text layer (a scan) or an encrypted one is refused with a clear message."""

from __future__ import annotations

from pathlib import Path

from govcheck.document.errors import DocumentError
from govcheck.document.model import Document, Line
from govcheck.document.text import _printed_pages, read_bytes


def read_pdf(path: Path, display: str) -> Document:
    data = read_bytes(path, display)
    if not data.lstrip().startswith(b"%PDF"):
        raise DocumentError(display, "doc.bad_pdf", reason="no %PDF header")
    try:
        import pdfplumber
    except ImportError:
        raise DocumentError(display, "doc.missing_library", library="pdfplumber",
                            suffix=".pdf") from None
    lines: list[Line] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for page_no, page in enumerate(pdf.pages, start=1):
                words = page.extract_words(keep_blank_chars=False, use_text_flow=False,
                                           x_tolerance=1.5, y_tolerance=3)
                lines.extend(_lines(words, page_no, len(lines)))
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer's errors: encrypted, broken, not a PDF
        name = type(exc).__name__
        if _encrypted(exc):
            raise DocumentError(display, "doc.encrypted") from None
        raise DocumentError(display, "doc.bad_pdf", reason=f"{name}: {exc}") from None
    if not any(ln.text.strip() for ln in lines):
        raise DocumentError(display, "doc.no_text_layer")
    _printed_pages(lines)
    return Document(display, path.name, "pdf", lines, has_pages=True)


def _lines(words: list[dict], page_no: int, before: int) -> list[Line]:
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= 3:
            rows[-1].append(w)
        else:
            rows.append([w])
    left = min((w["x0"] for w in words), default=0)
    out: list[Line] = []
    prev_bottom = None
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        top = min(w["top"] for w in row)
        height = max(w["bottom"] - w["top"] for w in row)
        if prev_bottom is not None and top - prev_bottom > height * 0.9:
            out.append(Line(before + len(out) + 1, "", page_no))  # a gap: a blank line
        prev_bottom = max(w["bottom"] for w in row)
        text = " ".join(w["text"] for w in row)
        indent = int((row[0]["x0"] - left) // 4)
        out.append(Line(before + len(out) + 1, " " * indent + text, page_no, indent=indent))
    return out


def _encrypted(exc: BaseException) -> bool:
    """Whether pdfminer refused the file for its password (the error may be wrapped)."""
    seen: list[BaseException] = []
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or item in seen:
            continue
        seen.append(item)
        name = type(item).__name__
        if "Password" in name or "Encrypt" in name or "encrypt" in str(item).lower():
            return True
        todo.extend([item.__cause__, item.__context__, *item.args])
    return False
