"""A document that cannot be read: one clear message (Swedish or English), exit 2."""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "doc.not_found": {"sv": "filen finns inte", "en": "no such file"},
    "doc.unreadable": {"sv": "filen kan inte läsas: {reason}",
                       "en": "cannot read the file: {reason}"},
    "doc.empty": {"sv": "dokumentet är tomt", "en": "the document is empty"},
    "doc.format": {
        "sv": "formatet '{suffix}' stöds inte; govcheck läser .txt, .docx och .pdf",
        "en": "the format '{suffix}' is not supported; govcheck reads .txt, .docx and .pdf"},
    "doc.not_text": {"sv": "filen är inte text i UTF-8 eller Latin-1 (byte {byte})",
                     "en": "the file is not UTF-8 or Latin-1 text (byte {byte})"},
    "doc.too_large": {"sv": "dokumentet är för stort ({size} byte, högst {limit})",
                      "en": "the document is too large ({size} bytes, at most {limit})"},
    "doc.bad_docx": {"sv": "Word-filen är skadad eller inte en .docx: {reason}",
                     "en": "the Word file is corrupt or not a .docx: {reason}"},
    "doc.docx_bomb": {
        "sv": "Word-filen packas upp till för mycket ({size} byte, högst {limit})",
        "en": "the Word file unpacks to too much ({size} bytes, at most {limit})"},
    "doc.bad_pdf": {"sv": "PDF-filen är skadad eller inte en PDF: {reason}",
                    "en": "the PDF file is corrupt or not a PDF: {reason}"},
    "doc.encrypted": {"sv": "PDF-filen är krypterad; spara en okrypterad kopia",
                      "en": "the PDF is encrypted; save an unencrypted copy"},
    "doc.no_text_layer": {
        "sv": "PDF-filen har inget textlager: OCR stöds inte",
        "en": "no text layer: OCR is not supported"},
    "doc.missing_library": {
        "sv": "{library} behövs för {suffix}-filer: pip install 'govcheck[documents]'",
        "en": "{library} is needed for {suffix} files: pip install 'govcheck[documents]'"},
    "doc.out_exists": {
        "sv": "mappen {path} finns och är inte tom; välj en annan eller ge --force",
        "en": "the folder {path} exists and is not empty; choose another or give --force"},
    "doc.out_not_dir": {"sv": "{path} är inte en mapp", "en": "{path} is not a folder"},
    "doc.out_is_input": {"sv": "{path} innehåller ett av dokumenten; välj en annan mapp",
                         "en": "{path} holds one of the documents; choose another folder"},
    "doc.cannot_write": {"sv": "kan inte skriva {path}: {reason}",
                         "en": "cannot write {path}: {reason}"},
}


class DocumentError(Exception):
    """A document govcheck cannot read; ``message(lang)`` says why, in one line."""

    def __init__(self, where: str, key: str, /, **params: Any):
        super().__init__(f"{where}: {key}")
        self.path = where
        self.key = key
        self.params = params

    def message(self, lang: str = "sv") -> str:
        template = MESSAGES[self.key].get(lang) or MESSAGES[self.key]["sv"]
        word = "fel" if lang == "sv" else "error"
        return f"{self.path}: {word}: " + template.format(**self.params)
