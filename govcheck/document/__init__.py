"""Plan documents in, plan data out: ``govcheck import`` and ``govcheck lint DOCUMENT``.

A document (.txt as a PDF text extraction gives it, Word .docx, PDF) is read into lines and
tables (``text``, ``docx``, ``pdf``), its tables, goals, uppdrag, styrdokument, bodies and
stated figures are read (``tables``, ``extract``, with the label dictionary ``labels``), and
``build`` makes the plan's sections of them. ``write`` writes them as a plan folder;
``located`` hands them to the model stage as the YAML loader would, located in the
document. python-docx and pdfplumber are imported only when a .docx or .pdf is read.
"""

from __future__ import annotations

from pathlib import Path

DOCUMENT_SUFFIXES = (".txt", ".text", ".docx", ".pdf")


def is_document(path: Path | str) -> bool:
    """Whether ``path`` names a plan document (rather than a plan folder): a .txt, .docx or
    .pdf, or any other file that is not YAML (reported as an unsupported format)."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return False
    return (path.suffix.lower() in DOCUMENT_SUFFIXES and not path.is_dir()) or path.is_file()
