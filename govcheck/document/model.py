"""What a document reader yields: numbered lines (with pages) and, for Word, real tables.

Every reader (text, .docx, PDF) turns its document into a ``Document``; the extraction
(``govcheck.document.extract``) reads only this, so that the three formats give the same
plan. An ``Origin`` is where a thing stands in the document: the line (a line of the text,
a paragraph of a Word document), the page when the document has pages, and the printed
text, quoted in the plan's ``källa``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Origin:
    line: int  # 1-based: the text line, the PDF line (over all pages), or for Word a running
    # number of paragraphs and table rows (the order)
    page: int | None = None  # the page (1-based) in the file, when known
    printed_page: int | None = None  # the page number printed on that page, when found
    quote: str = ""
    cell: tuple[int, int, int] | None = None  # Word: (table, row, column), all 1-based
    doc: int = 0  # which of the documents imported together
    page_line: int | None = None  # the line within its page (text lines only, 1-based)
    paragraph: int | None = None  # Word: the paragraph's number, tables not counted


@dataclass
class Line:
    no: int
    text: str
    page: int | None = None
    printed_page: int | None = None
    indent: int = 0  # leading spaces (text), or points of left offset divided by 4 (PDF)
    style: str = ""  # Word: the paragraph style ("Heading 1", "List Number", ...)
    doc: int = 0
    page_line: int | None = None  # the line within its page, blank lines not counted
    paragraph: int | None = None  # Word: the paragraph's number, tables not counted

    def origin(self, quote: str | None = None) -> Origin:
        return Origin(self.no, self.page, self.printed_page,
                      (quote if quote is not None else self.text).strip(), doc=self.doc,
                      page_line=self.page_line, paragraph=self.paragraph)


@dataclass
class CellRow:
    """A row of a real table (Word): its cells' text, and where it stands."""

    cells: list[str]
    origin: Origin
    indent: int = 0


@dataclass
class GridTable:
    """A real table of a Word document, row by row."""

    rows: list[CellRow]
    number: int  # 1-based among the document's tables
    after_line: int  # the paragraph number before it (for captions and headings)


@dataclass
class Document:
    """A document as lines (and real tables), whatever its format."""

    path: str  # as the user named it
    name: str  # the file name
    kind: str  # "text", "docx" or "pdf"
    lines: list[Line]
    grids: list[GridTable] = field(default_factory=list)
    has_pages: bool = False
