"""An imported document as the YAML loader's output: ``RawFile``s whose data carries
locations in the document (file, line), so that input errors and findings of
``govcheck lint DOCUMENT`` point at the document's lines, not at YAML nobody wrote."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Any

from govcheck.document.build import ORIGIN, Imported, import_documents
from govcheck.document.errors import MESSAGES, DocumentError
from govcheck.document.model import Origin
from govcheck.load.errors import LoadError, Location
from govcheck.load.folder import RawFile, named_path
from govcheck.load.located import KEYS_KEY, LOC_KEY
from govcheck.records import assign, record


class DocumentLoadError(LoadError):
    """A document that cannot be read, as a located input error (exit 2)."""

    def message(self, lang: str = "sv") -> str:
        template = MESSAGES[self.key].get(lang) or MESSAGES[self.key]["sv"]
        return template.format(**self.params)


@record(frozen=True, order=True)
class PageLocation(Location):
    """A place in a document with pages: ``line`` is the line over all pages (as the import
    numbers them, for ordering, SARIF and annotations), ``page`` the page in the file and
    ``page_line`` the line within it. A PDF's is shown ``plan.pdf#page=3:12:1`` (the PDF
    open parameter that viewers follow, then the line within the page); a text's keeps the
    file's line (an editor opens it there), the page being in JSON and SARIF."""

    page: int = 0
    page_line: int = 0
    pdf: bool = field(default=False, compare=False)

    def __init__(self, file: str, line: int, column: int, page: int = 0, page_line: int = 0,
                 pdf: bool = False) -> None:
        super().__init__(file, line, column)
        assign(self, "page", page)
        assign(self, "page_line", page_line)
        assign(self, "pdf", pdf)

    def __str__(self) -> str:
        if self.pdf:
            return f"{self.file}#page={self.page}:{self.page_line}:{self.column}"
        return super().__str__()

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "page": self.page, "page_line": self.page_line}


@record(frozen=True, order=True)
class CellLocation(Location):
    """A row of a Word table: ``line`` is the import's running number (paragraphs and table
    rows, for ordering and SARIF), ``table`` the table (1-based in the document) and
    ``table_row`` the row in it. Shown ``plan.docx#tabell=2:3:1``: the table, then its row,
    as a PDF's page and line; the källa says "tabell 2, rad 3"."""

    table: int = 0
    table_row: int = 0

    def __init__(self, file: str, line: int, column: int, table: int = 0,
                 table_row: int = 0) -> None:
        super().__init__(file, line, column)
        assign(self, "table", table)
        assign(self, "table_row", table_row)

    def __str__(self) -> str:
        return f"{self.file}#tabell={self.table}:{self.table_row}:{self.column}"

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "table": self.table, "table_row": self.table_row}


@record(frozen=True, order=True)
class ParagraphLocation(Location):
    """A paragraph of a Word document: ``line`` is the import's running number (paragraphs
    and table rows, for ordering and SARIF), ``paragraph`` its number among the paragraphs
    (as the källa's "stycke"), shown ``plan.docx:12:1``."""

    paragraph: int = 0

    def __init__(self, file: str, line: int, column: int, paragraph: int = 0) -> None:
        super().__init__(file, line, column)
        assign(self, "paragraph", paragraph)

    def __str__(self) -> str:
        return f"{self.file}:{self.paragraph}:{self.column}"

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "paragraph": self.paragraph}


def read_document_plan(path: Path) -> tuple[list[RawFile], list[LoadError]]:
    """The plan imported from one document, in memory; never raises on a bad document."""
    display = named_path(path)
    try:
        imported = import_documents([path], plan_id=None)
    except DocumentError as exc:
        return [], [DocumentLoadError(Location(display, 1, 1), exc.key, exc.params)]
    return raw_files(imported, [display]), []


def raw_files(imported: Imported, displays: list[str]) -> list[RawFile]:
    out = []
    pdf = [d.kind == "pdf" for d in imported.documents]
    first = _loc(Origin(1, 1 if pdf and pdf[0] else None, page_line=1), displays, pdf)
    for rel in sorted(imported.files):
        data = _located(imported.files[rel], first, displays, pdf)
        out.append(RawFile(displays[0], rel, data))
    return out


def _loc(origin: Origin, displays: list[str], pdf: list[bool]) -> Location:
    doc = origin.doc if origin.doc < len(displays) else 0
    if origin.cell is not None:
        return CellLocation(displays[doc], origin.line, 1, origin.cell[0], origin.cell[1])
    if origin.paragraph is not None:
        return ParagraphLocation(displays[doc], origin.line, 1, origin.paragraph)
    if origin.page is not None and origin.page_line is not None:
        return PageLocation(displays[doc], origin.line, 1, origin.page, origin.page_line,
                            pdf=doc < len(pdf) and pdf[doc])
    return Location(displays[doc], origin.line, 1)


def _located(value: Any, at: Location, displays: list[str], pdf: list[bool]) -> Any:
    if isinstance(value, dict):
        origin = value.get(ORIGIN)
        loc = _loc(origin, displays, pdf) if isinstance(origin, Origin) else at
        out: dict[str, Any] = {}
        keys: dict[str, Location] = {}
        for key, item in value.items():
            if key == ORIGIN:
                continue
            keys[key] = loc
            out[key] = _located(item, loc, displays, pdf)
            if isinstance(item, list):
                for i, sub in enumerate(item):
                    sub_origin = sub.get(ORIGIN) if isinstance(sub, dict) else None
                    keys[f"{key}[{i}]"] = (_loc(sub_origin, displays, pdf)
                                           if isinstance(sub_origin, Origin) else loc)
        out[LOC_KEY] = loc
        out[KEYS_KEY] = keys
        return out
    if isinstance(value, list):
        return [_located(v, at, displays, pdf) for v in value]
    return value
