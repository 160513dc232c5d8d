"""Word .docx: paragraphs (with their styles) as lines, real tables as tables.

python-docx is imported here only. A paragraph is a line numbered in document order (the
"stycke" of the källa); a Word numbered list item gets a bullet, so that lists read as in a
text; a heading style keeps its text alone on its line. A table's cells keep their text;
an indented first cell (paragraph indentation) marks a part row. The .docx is checked
before it is parsed: a zip whose members unpack to more than 200 MB is refused (a "zip
bomb")."""

from __future__ import annotations

import zipfile
from pathlib import Path

from govcheck.document.errors import DocumentError
from govcheck.document.model import CellRow, Document, GridTable, Line, Origin
from govcheck.document.text import read_bytes

MAX_UNPACKED = 200 * 1024 * 1024


def read_docx(path: Path, display: str) -> Document:
    read_bytes(path, display)  # exists, not empty, not too large
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
            if size > MAX_UNPACKED:
                raise DocumentError(display, "doc.docx_bomb", size=size, limit=MAX_UNPACKED)
            if "word/document.xml" not in archive.namelist():
                raise DocumentError(display, "doc.bad_docx", reason="word/document.xml saknas")
    except zipfile.BadZipFile as exc:
        raise DocumentError(display, "doc.bad_docx", reason=str(exc)) from None
    try:
        import docx  # python-docx
    except ImportError:
        raise DocumentError(display, "doc.missing_library", library="python-docx",
                            suffix=".docx") from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on a broken file
        raise DocumentError(display, "doc.bad_docx", reason=f"{type(exc).__name__}: {exc}") \
            from None
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    lines: list[Line] = []
    grids: list[GridTable] = []
    no = 0  # paragraphs and table rows, in order
    paragraphs = 0  # paragraphs only: the källa's "stycke"
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(block, document)
            no += 1
            paragraphs += 1
            text = para.text.replace("\t", " ")
            style = para.style.name if para.style is not None else ""
            if _numbered(para) and text.strip():
                text = "• " + text.strip()
            for part in text.split("\n"):
                lines.append(Line(no, part.rstrip(), style=style, paragraph=paragraphs))
        elif tag == "tbl":
            table = DocxTable(block, document)
            grid = GridTable([], len(grids) + 1, no)
            for r, row in enumerate(table.rows, start=1):
                cells = []
                indent = 0
                for c, cell in enumerate(row.cells):
                    cells.append(" ".join(p.text for p in cell.paragraphs).strip())
                    if c == 0 and cell.paragraphs:
                        fmt = cell.paragraphs[0].paragraph_format
                        left = fmt.left_indent or fmt.first_line_indent
                        indent = int(left.pt // 4) if left else 0
                        if cells[0][:1] == " ":
                            indent = max(indent, 1)
                no += 1
                grid.rows.append(CellRow(cells, Origin(no, quote=" | ".join(cells),
                                                       cell=(grid.number, r, 1)), indent))
            grids.append(grid)
    if not any(ln.text.strip() for ln in lines) and not grids:
        raise DocumentError(display, "doc.empty")
    return Document(display, path.name, "docx", lines, grids)


def _numbered(para: object) -> bool:
    p_pr = para._p.pPr  # type: ignore[attr-defined]
    if p_pr is not None and p_pr.numPr is not None:
        return True
    style = getattr(getattr(para, "style", None), "name", "") or ""
    return style.startswith(("List Bullet", "List Number", "Liststycke", "List Paragraph"))
