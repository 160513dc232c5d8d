"""Issue 13: Word (.docx, python-docx) and PDF (pdfplumber) import to the same tables as text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from govcheck.cli.main import cli
from govcheck.document.build import import_documents

docx = pytest.importorskip("docx")
pytest.importorskip("pdfplumber")
fpdf = pytest.importorskip("fpdf")

ROWS = [["Resultatbudget", "Budget 2025", "Budget 2026", "Plan 2027", "Plan 2028"],
        ["Verksamhetens nettokostnad", "-10 952", "-11 664", "-12 023", "-12 383"],
        ["Skatteintäkter", "8 508", "9 246", "9 739", "10 069"],
        ["Generella statsbidrag", "2 849", "2 745", "2 738", "2 889"],
        ["Summa skatter och statsbidrag", "11 357", "11 991", "12 999", "12 958"],
        ["Verksamhetens resultat", "405", "327", "454", "575"]]


def _text(tmp_path: Path) -> Path:
    lines = ["Region Testland", "Regionplan 2026", "", " ".join(ROWS[0]), ""]
    lines += [" ".join(ROWS[1]), ""] + [" ".join(r) for r in ROWS[2:5]] + ["", " ".join(ROWS[5])]
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _docx(tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_heading("Region Testland Regionplan 2026", 0)
    d.add_heading("Mål 1. Trygga uppväxtvillkor", 2)
    d.add_paragraph("Målet riktas till hälso- och sjukvårdsnämnden och regionstyrelsen.")
    d.add_paragraph("Styrande dokument:")
    d.add_paragraph("Regional utvecklingsstrategi 2020–2030", style="List Bullet")
    table = d.add_table(rows=0, cols=5)
    for row in ROWS:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value
    path = tmp_path / "plan.docx"
    d.save(str(path))
    return path


def _pdf(tmp_path: Path, rows: list[str] | None = None, encrypt: bool = False) -> Path:
    pdf = fpdf.FPDF()
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    lines = rows if rows is not None else (
        ["Region Testland", "Regionplan 2026", "", " ".join(ROWS[0]), "", " ".join(ROWS[1]),
         ""] + [" ".join(r) for r in ROWS[2:5]] + ["", " ".join(ROWS[5])])
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    if rows == []:
        pdf.rect(20, 20, 50, 50, style="F")  # a "scan": a picture, no text
    path = tmp_path / ("locked.pdf" if encrypt else "plan.pdf")
    pdf.output(str(path))
    return path


def _tables(path: Path) -> list[tuple[str, list[tuple[str, list[object]]]]]:
    imported = import_documents([path])
    out = []
    for rel in sorted(imported.files):
        for table in imported.files[rel].get("tabeller", []):
            out.append((table["typ"], [(r["rubrik"], r["värden"], r.get("summa_av"))
                                       for r in table["rader"]]))
    return out


def test_docx_and_pdf_give_the_same_tables_as_the_text(tmp_path: Path) -> None:
    text = _tables(_text(tmp_path))
    assert text and text[0][0] == "resultatbudget"
    assert _tables(_docx(tmp_path)) == text
    assert _tables(_pdf(tmp_path)) == text


@pytest.mark.parametrize("make", [_docx, _pdf])
def test_lint_document_reports_the_wrong_sum_in_the_document(tmp_path: Path, make) -> None:
    path = make(tmp_path)
    result = CliRunner().invoke(cli, ["lint", str(path), "--only", "EKO101"])
    assert result.exit_code == 1, result.output
    assert f"{path}:" in result.output and "Summa skatter och statsbidrag (Plan 2027)" in \
        result.output


def test_docx_goal_and_list(tmp_path: Path) -> None:
    imported = import_documents([_docx(tmp_path)])
    goal = imported.files["mal.yaml"]["regionmål"][0]
    assert goal["namn"] == "Trygga uppväxtvillkor" and len(goal["riktas_till"]) == 2
    assert goal["källa"]["avsnitt"].startswith("stycke ")
    assert [d["titel"] for d in imported.files["styrdokument.yaml"]["styrdokument"]] == [
        "Regional utvecklingsstrategi 2020–2030"]


def _bad(tmp_path: Path, kind: str) -> tuple[Path, str]:
    if kind == "scan":
        return _pdf(tmp_path, rows=[]), "inget textlager: OCR stöds inte"
    if kind == "encrypted":
        return _pdf(tmp_path, encrypt=True), "krypterad"
    if kind == "corrupt-docx":
        path = tmp_path / "trasig.docx"
        path.write_bytes(b"PK\x03\x04 not really a zip")
        return path, "Word-filen är skadad"
    if kind == "bomb-docx":
        path = tmp_path / "bomb.docx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", b"\0" * (201 * 1024 * 1024))
        return path, "packas upp till för mycket"
    path = tmp_path / "trasig.pdf"
    path.write_bytes(b"%PDF-1.4 garbage")
    return path, "PDF-filen är skadad"


@pytest.mark.parametrize("kind", ["scan", "encrypted", "corrupt-docx", "bomb-docx",
                                  "corrupt-pdf"])
def test_bad_documents_one_clear_message(tmp_path: Path, kind: str) -> None:
    path, message = _bad(tmp_path, kind)
    for args in (["import", str(path), "-o", str(tmp_path / "out")], ["lint", str(path)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (kind, result.output)
        assert message in result.output, (kind, result.output)
        assert "Traceback" not in result.output


SEEDS = Path("/work/shared/seeds")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the Västerbotten seeds are not on this machine")
def test_seed_tables_written_to_word_and_pdf_import_the_same(tmp_path: Path) -> None:
    """The seed's tables as a kansli makes them: a .docx with headings and real tables (and a
    PDF with the tables' lines) import to the same tables as the seed text."""
    seed = import_documents([SEEDS / "000_5fe165acfd91b067.txt"])
    tables = [t for rel in sorted(seed.files) for t in seed.files[rel].get("tabeller", [])]
    d = docx.Document()
    d.add_heading("Region Västerbotten Regionplan 2026", 0)
    for table in tables:
        d.add_heading(table["titel"], 2)
        grid = d.add_table(rows=0, cols=1 + len(table["kolumner"]))
        header = [table["titel"], *(c["rubrik"] for c in table["kolumner"])]
        for cell, value in zip(grid.add_row().cells, header):
            cell.text = value
        for row in table["rader"]:
            printed = [_printed(v) for v in row["värden"]]
            for cell, value in zip(grid.add_row().cells, [row["rubrik"], *printed]):
                cell.text = value
    path = tmp_path / "regionplan.docx"
    d.save(str(path))
    word = import_documents([path])
    got = [t for rel in sorted(word.files) for t in word.files[rel].get("tabeller", [])]

    def shape(ts: list[dict]) -> list[tuple]:
        return [(t["typ"], [(r["rubrik"], r["värden"]) for r in t["rader"] if r["värden"]
                            and any(v is not None for v in r["värden"])]) for t in ts]

    assert shape(got) == shape(tables)


def _printed(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if text == "–":
        return text
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + "\u00a0".join(groups) + ("," + frac if frac else "")
