"""PDF: the words of each page with their positions, as lines.

The text runs and their boxes come from pdfium (pypdfium2, which pdfplumber installs), or
from pdfplumber's words when pypdfium2 is missing; both are imported here only. Words whose
tops are within 3 points (or the middle of one within the other's height) form a line; the
words of a line are joined with one space; the line's indentation is its left edge beyond
the page's leftmost text, in steps of 4 points; a page is the PDF's page, in order. A PDF
without a text layer (a scan) or an encrypted one is refused with a clear message."""

from __future__ import annotations

import re
from pathlib import Path

from govcheck.document.errors import DocumentError
from govcheck.document.model import Document, Line
from govcheck.document.text import _printed_pages, read_bytes


def read_pdf(path: Path, display: str) -> Document:
    data = read_bytes(path, display)
    if not data.lstrip().startswith(b"%PDF"):
        raise DocumentError(display, "doc.bad_pdf", reason="no %PDF header")
    try:
        pages = _pdfium_pages(path)
    except ImportError:
        pages = None
    except DocumentError:
        raise
    except Exception as exc:  # pdfium's errors: encrypted, broken
        _raise(display, exc)
    if pages is None:
        pages = _plumber_pages(path, display)
    lines: list[Line] = []
    for page_no, words in enumerate(pages, start=1):
        lines.extend(_lines(words, page_no, len(lines)))
    if not any(ln.text.strip() for ln in lines):
        raise DocumentError(display, "doc.no_text_layer")
    _printed_pages(lines)
    return Document(display, path.name, "pdf", lines, has_pages=True)


def _raise(display: str, exc: BaseException) -> None:
    if _encrypted(exc):
        raise DocumentError(display, "doc.encrypted") from None
    raise DocumentError(display, "doc.bad_pdf", reason=f"{type(exc).__name__}: {exc}") from None


def _pdfium_pages(path: Path) -> list[list[dict]]:
    """The text runs of each page with their boxes, from pdfium (pypdfium2, installed with
    pdfplumber): about 25 ms a page, where pdfplumber's word extraction takes ten times
    that."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_raw

    pages: list[list[dict]] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            height = page.get_height()
            text_page = page.get_textpage()
            words = []
            for r in range(text_page.count_rects()):
                left, bottom, right, top = text_page.get_rect(r)
                text = text_page.get_text_bounded(left, bottom, right, top)
                # pdfium gives a hyphen the layout broke a line at as U+0002
                text = text.replace("\x02", "-").strip()
                if text:
                    index = text_page.get_index(left + 0.5, (top + bottom) / 2, 1.5, 1.5)
                    size = (pdfium_raw.FPDFText_GetFontSize(text_page.raw, index)
                            if index is not None and index >= 0 else 0.0)
                    words.append({"text": " ".join(text.split()), "x0": left, "x1": right,
                                  "top": height - top, "bottom": height - bottom,
                                  "size": size})
            text_page.close()
            page.close()
            pages.append(words)
    finally:
        pdf.close()
    return pages


def _plumber_pages(path: Path, display: str) -> list[list[dict]]:
    try:
        import pdfplumber
    except ImportError:
        raise DocumentError(display, "doc.missing_library", library="pdfplumber",
                            suffix=".pdf") from None
    pages: list[list[dict]] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                pages.append(page.extract_words(keep_blank_chars=False, use_text_flow=False,
                                                x_tolerance=1.5, y_tolerance=3,
                                                extra_attrs=["size"]))
                if hasattr(page, "close"):
                    page.close()  # free the page's parsed objects (memory on long PDFs)
    except Exception as exc:  # pdfminer's errors: encrypted, broken, not a PDF
        _raise(display, exc)
    return pages


def _lines(words: list[dict], page_no: int, before: int) -> list[Line]:
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and _same_line(rows[-1][0], w):
            rows[-1].append(w)
        else:
            rows.append([w])
    rows = _join_wrapped_headings(_join_wrapped_cells(_two_columns(rows)), _body_size(words))
    left = min((w["x0"] for w in words), default=0)
    out: list[Line] = []
    prev_bottom = None
    prev_size = 0.0
    for row in rows:
        top = min(w["top"] for w in row)
        height = max(w["bottom"] - w["top"] for w in row)
        size = _size(row)
        if prev_bottom is not None and (top - prev_bottom > height * 0.9 or _new_size(
                prev_size, size)):
            out.append(Line(before + len(out) + 1, "", page_no))  # a gap: a blank line
        prev_bottom = max(w["bottom"] for w in row)
        prev_size = size
        text = " ".join(w["text"] for w in row)
        indent = int((row[0]["x0"] - row[0].get("column_left", left)) // 4)
        out.append(Line(before + len(out) + 1, " " * indent + text, page_no, indent=indent))
    return out


def _size(row: list[dict]) -> float:
    return max((float(w.get("size") or 0) for w in row), default=0.0)


def _new_size(before: float, after: float) -> bool:
    """A change of font size by more than 15 % between two lines (a heading and its text)
    ends a block, as a gap does."""
    return before > 0 and after > 0 and abs(before - after) > 0.15 * min(before, after)


def _body_size(words: list[dict]) -> float:
    """The font size most of a page's text is set in (0 when unknown)."""
    counts: dict[float, int] = {}
    for w in words:
        size = round(float(w.get("size") or 0), 1)
        if size > 0:
            counts[size] = counts.get(size, 0) + len(w["text"])
    return max(counts, key=lambda k: (counts[k], -k)) if counts else 0.0


def _join_wrapped_headings(rows: list[list[dict]], body: float) -> list[list[dict]]:
    """A heading set larger than the page's text that wraps ("Mål 1. Trygga" /
    "uppväxtvillkor" in a narrow column) is one line: consecutive lines of the same size,
    at least 15 % above the text's, with no gap between them, the first not ending a
    sentence."""
    if body <= 0:
        return rows
    out: list[list[dict]] = []
    for row in rows:
        if out:
            prev = out[-1]
            size, prev_size = _size(row), _size(prev)
            gap = min(w["top"] for w in row) - max(w["bottom"] for w in prev)
            height = max(w["bottom"] - w["top"] for w in prev)
            if prev_size > body * 1.15 and not _new_size(prev_size, size) and \
                    abs(size - prev_size) < 0.5 and gap <= height * 0.9 and \
                    not prev[-1]["text"].rstrip().endswith((".", ":", "!", "?")) and \
                    min(w["top"] for w in row) > min(w["top"] for w in prev):
                out[-1] = prev + row
                continue
        out.append(row)
    return out


def _same_line(first: dict, word: dict) -> bool:
    """Whether ``word`` stands on the line that ``first`` starts: tops within 3 points, or
    the middle of either within the other's height (a list's bullet glyph, whose box is
    smaller than the text's and set lower)."""
    if abs(first["top"] - word["top"]) <= 3:
        return True
    mid = (word["top"] + word["bottom"]) / 2
    first_mid = (first["top"] + first["bottom"]) / 2
    return first["top"] <= mid <= first["bottom"] or word["top"] <= first_mid <= word["bottom"]


_GUTTER = 8.0  # points free of text between two columns of running text, at least
_PROSE_WORDS = 4.0  # words a line of running text has on average, at least


def _two_columns(rows: list[list[dict]]) -> list[list[dict]]:
    """A page set in two columns of running text, read column by column. The gutter is
    the widest vertical strip in the middle of the page (30–70 % of the text's width) that
    the fewest words cross; a line crossing it (a heading or table over the full width), or
    with figures or years right of it (a table's row or header), stands as it is, and each
    run of lines between such lines is read left column first, then the right one, when both
    sides are running text (at least two lines of four words on average, few figures). A
    table, whose right side is figures or short cells, is never split."""
    words = [w for r in rows for w in r]
    if len(rows) < 6 or not words:
        return rows
    left = min(w["x0"] for w in words)
    right = max(w.get("x1", w["x0"]) for w in words)
    width = int(right - left)
    if width < 100:
        return rows
    cover = [0] * (width + 2)
    for w in words:
        a = max(0, int(w["x0"] - left))
        b = min(width, int(w.get("x1", w["x0"]) - left))
        if b > a:
            cover[a + 1] += 1
            cover[b] -= 1
    run = 0
    for i in range(width + 1):
        run += cover[i]
        cover[i] = run
    lo, hi = int(width * 0.3), int(width * 0.7)
    least = min(cover[lo:hi + 1])
    best, start = (0, 0), None
    for i in range(lo, hi + 2):
        if i <= hi and cover[i] == least:
            start = i if start is None else start
        elif start is not None:
            best = max(best, (i - start, start))
            start = None
    if best[0] < _GUTTER:
        return rows
    gutter = left + best[1] + best[0] / 2
    out: list[list[dict]] = []
    band: list[list[dict]] = []
    for row in rows:
        if any(w["x0"] < gutter < w.get("x1", w["x0"]) for w in row) or _table_row(row, gutter):
            out.extend(_split_band(band, gutter))
            band = []
            out.append(row)
        else:
            band.append(row)
    out.extend(_split_band(band, gutter))
    return out


def _table_row(row: list[dict], gutter: float) -> bool:
    """A line with text on both sides of the gutter whose right side is at least half
    figures or years (a table's row or header set over the full width): kept whole."""
    left = [t for w in row if w["x0"] < gutter for t in w["text"].split()]
    right = [t for w in row if w["x0"] >= gutter for t in w["text"].split()]
    return bool(left and right) and sum(1 for t in right if _FIGURE.match(t)) * 2 >= len(right)


def _split_band(band: list[list[dict]], gutter: float) -> list[list[dict]]:
    lefts = [[w for w in r if w["x0"] < gutter] for r in band]
    rights = [[w for w in r if w["x0"] >= gutter] for r in band]
    if not (_prose([r for r in lefts if r]) and _prose([r for r in rights if r])):
        return band
    column_left = min(w["x0"] for r in rights for w in r)
    rights = [[{**w, "column_left": column_left} for w in r] for r in rights]
    return [r for r in lefts if r] + [r for r in rights if r]


def _prose(lines: list[list[dict]]) -> bool:
    if len(lines) < 2:
        return False
    words = [t for r in lines for w in r for t in w["text"].split()]
    figures = sum(1 for t in words if _FIGURE.match(t))
    return len(words) / len(lines) >= _PROSE_WORDS and figures <= len(words) * 0.2


_FIGURE = re.compile(r"^(?:[-−–]\s?)?\d[\d\s\u00a0]*(?:,\d+)?\s?%?$|^[-−–]$")
_COLUMN_GAP = 10.0  # points between two cells of a table row, at least


def _cells(row: list[dict]) -> list[list[dict]]:
    """The words of a line (sorted by x) grouped into cells: a gap of at least
    ``_COLUMN_GAP`` points starts the next cell."""
    cells: list[list[dict]] = []
    for w in row:
        if cells and w["x0"] - cells[-1][-1].get("x1", w["x0"]) < _COLUMN_GAP:
            cells[-1].append(w)
        else:
            cells.append([w])
    return cells


def _join_wrapped_cells(rows: list[list[dict]]) -> list[list[dict]]:
    """A table row whose cells wrap (Word and LibreOffice align cells at the top): the first
    line holds each cell's start, the next lines, set closer than the rows are, the rest of
    the cells that wrapped ("Ingående balans: ackumulerade" / "ej återställda negativa
    resultat", a header's "Prognos" / "2025"). Those lines join the row, each word after the
    cell it stands under. A line joins only when
    - the row has at least three cells (a label and two columns, each apart by a column gap),
      or two whose second is short (an uppdrag and its owners: at most five words, and at
      most two more in each line below; two columns of running text never are),
    - no gap separates it from the row (a gap is a blank line: more than 0.9 of a line's
      height),
    - it starts with a small letter or a digit (a table's next row starts with a capital),
    - each of its words stands under one cell without reaching the next, and under a row of
      figures only under the label (figures do not wrap);
    so running text never joins."""
    out: list[list[dict]] = []
    k = 0
    while k < len(rows):
        row = sorted(rows[k], key=lambda w: w["x0"])
        k += 1
        cells = _cells(row)
        if all(_FIGURE.match(w["text"]) for w in cells[0]) or not (
                len(cells) >= 3 or (len(cells) == 2 and _words(cells[1]) <= _SHORT_CELL)):
            out.append(row)
            continue
        figures = all(_FIGURE.match(w["text"]) for c in cells[1:] for w in c)
        starts = [c[0]["x0"] for c in cells]
        height = max(w["bottom"] - w["top"] for w in row)
        bottom = max(w["bottom"] for w in row)
        while k < len(rows):
            nxt = sorted(rows[k], key=lambda w: w["x0"])
            first = nxt[0]["text"][:1]
            if (min(w["top"] for w in nxt) - bottom > height * 0.9
                    or not (first.islower() or first.isdigit())):
                break
            places = [_under(w, starts) for w in nxt]
            if any(p is None or (figures and p > 0) for p in places):
                break
            if len(cells) == 2 and _words([w for w, p in zip(nxt, places) if p]) > 2:
                break  # a page of two text columns: the right one is no short cell
            for w, p in zip(nxt, places):
                cells[p].append(w)
            bottom = max(bottom, *(w["bottom"] for w in nxt))
            k += 1
        out.append([w for c in cells for w in c])
    return out


_SHORT_CELL = 5  # words at most in the right cell of a two-cell row ("Alla nämnder")


def _words(words: list[dict]) -> int:
    return sum(len(w["text"].split()) for w in words)


def _under(word: dict, starts: list[float]) -> int | None:
    """The cell a word of a wrapped line stands under: the last cell starting at or left of
    it (3 points' slack), if the word ends before the next cell starts."""
    place = None
    for i, x in enumerate(starts):
        if x <= word["x0"] + 3:
            place = i
    if place is None:
        return None
    if place + 1 < len(starts) and word.get("x1", word["x0"]) > starts[place + 1]:
        return None
    return place


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
        if "Password" in name or "Encrypt" in name or any(
                word in str(item).lower() for word in ("encrypt", "password")):
            return True
        todo.extend([item.__cause__, item.__context__, *item.args])
    return False
