"""Issue 13: Word (.docx, python-docx) and PDF (pdfplumber) import to the same tables as text."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import SEEDS
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
    # a PDF's page and line in it, a Word table and its row (the sum is the table's row 5)
    where = f"{path}#page=1:" if path.suffix == ".pdf" else f"{path}#tabell=1:5:1"
    assert where in result.output and "Summa skatter och statsbidrag (Plan 2027)" in \
        result.output


def test_word_findings_give_the_table_and_its_row(tmp_path: Path) -> None:
    """A finding in a Word table is located by the table and its row: text
    ``plan.docx#tabell=1:5:1``, JSON ``table`` and ``table_row``, SARIF the region's
    ``table`` and ``tableRow``."""
    path = _docx(tmp_path)
    args = ["lint", str(path), "--only", "EKO101"]
    loc = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).output)[
        "findings"][0]["location"]
    assert (loc["table"], loc["table_row"]) == (1, 5)
    sarif = json.loads(CliRunner().invoke(cli, [*args, "--format", "sarif"]).output)
    region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["properties"] == {"table": 1, "tableRow": 5}


def test_word_paragraphs_are_numbered_without_the_tables(tmp_path: Path) -> None:
    """A Word paragraph's number (the källa's "stycke", a finding's line) counts paragraphs
    only: a table before it does not move it."""
    d = docx.Document()
    d.add_heading("Region Testland Regionplan 2026", 0)
    table = d.add_table(rows=0, cols=2)
    for row in (("Resultatbudget", "Budget 2026"), ("Skatteintäkter", "100"),
                ("Generella statsbidrag", "50")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = row
    d.add_heading("Mål 1. Trygga uppväxtvillkor", 2)
    d.add_paragraph("Målet riktas till hälso- och sjukvårdsnämnden.")
    path = tmp_path / "stycken.docx"
    d.save(str(path))
    goal = import_documents([path]).files["mal.yaml"]["regionmål"][0]
    assert goal["källa"]["avsnitt"] == "stycke 2"
    result = CliRunner().invoke(cli, ["lint", str(path), "--only", "MAL001"])
    assert f"{path}:3:1: error MAL001" in result.output, result.output
    loc = json.loads(CliRunner().invoke(cli, ["lint", str(path), "--only", "MAL001",
                                              "--format", "json"]).output)["findings"][0][
        "location"]
    assert loc["paragraph"] == 3 and loc["line"] == 6  # the running line counts table rows


def test_pdf_findings_give_the_page_and_the_line_within_it(tmp_path: Path) -> None:
    """A finding in a PDF is located by page and line within the page: text
    ``plan.pdf#page=N:LINE:1``, JSON ``page`` and ``page_line`` (``line`` is the line over
    all pages), SARIF the region's ``page`` and ``pageLine``."""
    lines = ["Region Testland", "Regionplan 2026"] + ["Inledning."] * 70 + [
        " ".join(ROWS[0]), ""] + [" ".join(r) for r in ROWS[1:5]] + ["", " ".join(ROWS[5])]
    path = _pdf(tmp_path, rows=lines)
    text = CliRunner().invoke(cli, ["lint", str(path), "--only", "EKO101"])
    assert text.exit_code == 1, text.output
    found = [ln for ln in text.output.splitlines() if "EKO101" in ln]
    assert found and all(ln.startswith(f"{path}#page=2:") for ln in found), text.output
    as_json = CliRunner().invoke(cli, ["lint", str(path), "--only", "EKO101", "--format",
                                       "json"])
    loc = json.loads(as_json.output)["findings"][0]["location"]
    assert loc["page"] == 2 and 1 <= loc["page_line"] < loc["line"]
    sarif = CliRunner().invoke(cli, ["lint", str(path), "--only", "EKO101", "--format",
                                     "sarif"])
    region = json.loads(sarif.output)["runs"][0]["results"][0]["locations"][0][
        "physicalLocation"]["region"]
    assert region["properties"] == {"page": 2, "pageLine": loc["page_line"]}
    assert region["startLine"] == loc["line"]
    # the källa names the same place: the page and the line within it
    table = next(t for f in import_documents([path]).files.values()
                 for t in f.get("tabeller", []))
    header_line = loc["page_line"] - 4  # the header, four lines above the sum (blanks uncounted)
    assert table["källa"]["sida"] == 2 and table["källa"]["avsnitt"] == f"rad {header_line}"


def test_docx_goal_and_list(tmp_path: Path) -> None:
    imported = import_documents([_docx(tmp_path)])
    goal = imported.files["mal.yaml"]["regionmål"][0]
    assert goal["namn"] == "Trygga uppväxtvillkor" and len(goal["riktas_till"]) == 2
    assert goal["källa"]["avsnitt"].startswith("stycke ")
    assert [d["titel"] for d in imported.files["styrdokument.yaml"]["styrdokument"]] == [
        "Regional utvecklingsstrategi 2020–2030"]


def test_docx_uppdrag_table_with_riktas_till(tmp_path: Path) -> None:
    """A Word table of uppdrag (the header's last cell "Riktas till"): each row an uppdrag
    with the owners its last cell names, located by table and row."""
    d = docx.Document()
    d.add_heading("Riktade uppdrag från fullmäktige", 2)
    table = d.add_table(rows=0, cols=2)
    for text, owner in (("Riktade uppdrag till nämnder och styrelser", "Riktas till"),
                        ("Stärka ledning och styrning.", "Alla nämnder"),
                        ("Utvärdera statsbidragen för kvinnors hälsa.",
                         "Hälso- och sjukvårdsnämnden"),
                        ("Kartlägga rekryteringsbehoven.",
                         "Beredningen för kompetensförsörjning")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = text, owner
    path = tmp_path / "uppdrag.docx"
    d.save(str(path))
    uppdrag = import_documents([path]).files["uppdrag.yaml"]["uppdrag"]
    assert [(u["text"], len(u["riktas_till"])) for u in uppdrag] == [
        ("Stärka ledning och styrning.", 1), ("Utvärdera statsbidragen för kvinnors hälsa.", 1),
        ("Kartlägga rekryteringsbehoven.", 1)]
    assert uppdrag[0]["riktas_till"] == ["alla-namnder"]
    assert uppdrag[1]["källa"]["avsnitt"] == "tabell 1, rad 3"


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




def _seed_tables() -> list[dict]:
    seed = import_documents([SEEDS / "000_5fe165acfd91b067.txt"])
    return [t for rel in sorted(seed.files) for t in seed.files[rel].get("tabeller", [])]


def _seed_docx(tmp_path: Path, tables: list[dict]) -> Path:
    """The seed's tables as a kansli writes them in Word: a landscape page, a heading and a
    real table each, the label column wide and each year column as wide as its header's
    longest word, 8 point figures printed as the seed prints them (`3,6 %`), a part row
    indented as in the seed."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    d = docx.Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(2)
    d.add_heading("Region Västerbotten Regionplan 2026", 0)
    for table in tables:
        d.add_heading(table["titel"], 2)
        header = [table["titel"], *(c["rubrik"] for c in table["kolumner"])]
        cols = [max(1.8, 0.2 * max(len(w) for w in h.split()) + 0.5) for h in header[1:]]
        widths = [Cm(25.5 - sum(cols)), *(Cm(c) for c in cols)]
        grid = d.add_table(rows=0, cols=len(header))
        grid.autofit = False
        for column, width in zip(grid.columns, widths):
            column.width = width
        rows = [header] + [[row["rubrik"], *(_printed(v, row.get("enhet") == "procent")
                                             for v in row["värden"])]
                           for row in table["rader"]]
        indents = [0] + [_indent(row) for row in table["rader"]]
        for values, indent in zip(rows, indents):
            for k, (cell, value, width) in enumerate(zip(grid.add_row().cells, values, widths)):
                cell.text = value
                cell.width = width
                if k == 0 and indent:
                    cell.paragraphs[0].paragraph_format.left_indent = Pt(4 * indent)
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(8)
    path = tmp_path / "regionplan.docx"
    d.save(str(path))
    return path


def _shape(path_or_tables: Path | list[dict]) -> list[tuple]:
    """Each table's kind, its columns (kind and year) and its rows with figures: label,
    figures exactly as read, and the structure read from labels and layout (role, sum,
    part, body, share and growth)."""
    if isinstance(path_or_tables, Path):
        imported = import_documents([path_or_tables])
        tables = [t for rel in sorted(imported.files)
                  for t in imported.files[rel].get("tabeller", [])]
    else:
        tables = path_or_tables
    return [(t["typ"], [(c["slag"], c.get("år")) for c in t["kolumner"]],
             [(r["rubrik"], r["värden"], r.get("roll"), r.get("summa_av"), r.get("varav_av"),
               r.get("organ"), r.get("andel_av"), r.get("utveckling_av"))
              for r in t["rader"] if r["värden"] and any(v is not None for v in r["värden"])])
            for t in tables]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the Västerbotten seeds are not on this machine")
def test_seed_tables_written_to_word_and_pdf_import_the_same(tmp_path: Path) -> None:
    """The seed's tables as a kansli makes them: a .docx with headings and real tables
    imports to the same tables as the seed text."""
    tables = _seed_tables()
    assert _shape(_seed_docx(tmp_path, tables)) == _shape(tables)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the Västerbotten seeds are not on this machine")
@pytest.mark.skipif(_soffice() is None,
                    reason="LibreOffice (soffice) is not installed: .ci/run installs "
                           "libreoffice-writer-nogui")
def test_seed_word_converted_to_pdf_by_libreoffice_imports_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: the PDF a kansli gets from its Word plan through LibreOffice (headless)
    imports to the same tables as the Word file and the seed text: wrapped label and header
    cells, hyphens at cell line ends; with pdfium's text runs and with pdfplumber's words."""
    tables = _seed_tables()
    word = _seed_docx(tmp_path, tables)
    profile = tmp_path / "lo-profile"
    subprocess.run([_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(word)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "regionplan.pdf"
    assert pdf.is_file()
    expected = _shape(tables)
    assert _shape(word) == expected
    assert _shape(pdf) == expected

    def no_pdfium(path: Path) -> list:
        raise ImportError("pypdfium2")

    import govcheck.document.pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "_pdfium_pages", no_pdfium)
    assert _shape(pdf) == expected
    monkeypatch.undo()

    # the same table-arithmetic findings as the seed text (EKO103 three times, EKO003)
    def arithmetic(path: Path) -> list[str]:
        args = ["lint", str(path), "--only", "EKO101", "--only", "EKO103", "--only", "EKO003"]
        output = CliRunner().invoke(cli, args).output
        return sorted(m.group(1) for m in re.finditer(r" (EKO\d+ [^\[]*)\[", output))

    text = arithmetic(SEEDS / "000_5fe165acfd91b067.txt")
    assert len(text) == 4 and arithmetic(word) == text and arithmetic(pdf) == text


@pytest.mark.skipif(_soffice() is None,
                    reason="LibreOffice (soffice) is not installed: .ci/run installs "
                           "libreoffice-writer-nogui")
def test_word_goal_and_list_through_libreoffice_pdf(tmp_path: Path) -> None:
    """The goal, its owners and the bulleted styrdokument of a Word plan read the same from
    LibreOffice's PDF: the list's bullet glyph (a smaller box, set lower than the text)
    stands on its item's line."""
    d = docx.Document()
    d.add_heading("Region Testland Regionplan 2026", 0)
    d.add_heading("Mål 1. Trygga uppväxtvillkor", 2)
    d.add_paragraph("Målet riktas till hälso- och sjukvårdsnämnden och regionstyrelsen.")
    d.add_paragraph("Styrande dokument:")
    for title in ("Färdplan nära vård Västerbotten", "Hälso- och sjukvårdens målbild 2030",
                  "Regional utvecklingsstrategi 2020–2030"):
        d.add_paragraph(title, style="List Bullet")
    word = tmp_path / "mal.docx"
    d.save(str(word))
    subprocess.run([_soffice(), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(word)],
                   check=True, capture_output=True, timeout=180)

    def read(path: Path) -> tuple:
        files = import_documents([path]).files
        goal = files["mal.yaml"]["regionmål"][0]
        return (goal["namn"], goal["riktas_till"],
                [x["titel"] for x in files["styrdokument.yaml"]["styrdokument"]])

    assert read(tmp_path / "mal.pdf") == read(word)
    assert len(read(word)[2]) == 3


def _indent(row: dict) -> int:
    """The seed line's indentation of a row (a part row is indented), from its origin."""
    origin = row.get("__origin__")
    lines = _seed_lines()
    if origin is None or not 0 < origin.line <= len(lines):
        return 0
    text = lines[origin.line - 1]
    return 1 if len(text) - len(text.lstrip(" ")) > 1 else 0


@functools.cache
def _seed_lines() -> list[str]:
    return (SEEDS / "000_5fe165acfd91b067.txt").read_text(encoding="utf-8").splitlines()


def _printed(value: object, percent: bool = False) -> str:
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
    return sign + "\u00a0".join(groups) + ("," + frac if frac else "") + (" %" if percent else "")


@pytest.mark.skipif(_soffice() is None,
                    reason="LibreOffice (soffice) is not installed: .ci/run installs "
                           "libreoffice-writer-nogui")
def test_uppdrag_table_through_libreoffice_pdf(tmp_path: Path) -> None:
    """The uppdrag table of a Word plan (the uppdrag and its owners, the text wrapping in its
    cell beside the owner) reads the same from LibreOffice's PDF as from the .docx."""
    from docx.shared import Cm

    d = docx.Document()
    d.add_heading("Riktade uppdrag från fullmäktige", 2)
    table = d.add_table(rows=0, cols=2)
    table.autofit = False
    widths = (Cm(11), Cm(5.5))
    for column, width in zip(table.columns, widths):
        column.width = width
    for text, owner in (
            ("Riktade uppdrag till nämnder, styrelser och beredning", "Riktas till"),
            (("Fortsätta att stärka vår ledning och styrning i syfte att öka takten i "
              "verksamhetsutvecklingen och måluppfyllelse."), "Alla nämnder"),
            (("Uppdra till HSN att utvärdera hur regionen ska hantera konsekvenserna av "
              "sänkningen av statsbidragen för kvinnors hälsa och återkoppla till fullmäktige."),
             "Hälso- och sjukvårdsnämnden"),
            ("Kartlägga Region Testlands interna rekryteringsbehov både på kort och lång sikt.",
             "Beredningen för kompetensförsörjning"),
            (("Utreda hur regionen och nämnderna arbetat vidare med de resultat "
              "demokratiberedningen lämnat i sina rapporter."), "Demokratiberedningen")):
        cells = table.add_row().cells
        for cell, value, width in zip(cells, (text, owner), widths):
            cell.text = value
            cell.width = width
    word = tmp_path / "uppdrag.docx"
    d.save(str(word))
    subprocess.run([_soffice(), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(word)],
                   check=True, capture_output=True, timeout=180)

    def read(path: Path) -> list[tuple[str, list[str]]]:
        files = import_documents([path]).files
        return [(u["text"], u["riktas_till"]) for u in files["uppdrag.yaml"]["uppdrag"]]

    assert len(read(word)) == 4 and all(owners for _, owners in read(word))
    assert read(tmp_path / "uppdrag.pdf") == read(word)


@pytest.mark.skipif(_soffice() is None,
                    reason="LibreOffice (soffice) is not installed: .ci/run installs "
                           "libreoffice-writer-nogui")
def test_two_column_pdf_reads_column_by_column(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan set in two columns (as printed plans often are) reads from its PDF as from the
    .docx: the left column, then the right one, a heading wrapped in its narrow column as
    one line, its goals with owners and styrdokument; with pdfium and with pdfplumber."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    cols = d.sections[0]._sectPr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        d.sections[0]._sectPr.append(cols)
    cols.set(qn("w:num"), "2")
    cols.set(qn("w:space"), "567")
    d.add_heading("Region Testland Regionplan 2026", 0)
    prose = ("Regionen ska arbeta för en hållbar utveckling i hela länet. Det innebär att "
             "verksamheten ska bedrivas effektivt och med god kvalitet, och att invånarna ska "
             "ha tillgång till vård på lika villkor. ")
    goals = [("Trygga uppväxtvillkor", "hälso- och sjukvårdsnämnden och regionstyrelsen",
              ["Regional utvecklingsstrategi 2020–2030", "Strategi för folkhälsa"]),
             ("En god och nära vård", "hälso- och sjukvårdsnämnden",
              ["Färdplan nära vård", "Hälso- och sjukvårdens målbild 2030"]),
             ("Ett hållbart län", "regionala utvecklingsnämnden och regionstyrelsen",
              ["Regional livsmedelsstrategi", "Regionalt trafikförsörjningsprogram"])]
    for n, (name, targets, titles) in enumerate(goals, 1):
        d.add_heading(f"Mål {n}. {name}", 2)
        d.add_paragraph(prose * 3)
        d.add_paragraph(f"Målet riktas till {targets}.")
        d.add_paragraph("Styrande dokument:")
        for title in titles:
            d.add_paragraph(title, style="List Bullet")
        d.add_paragraph(prose)
    word = tmp_path / "tvaspalt.docx"
    d.save(str(word))
    subprocess.run([_soffice(), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(word)],
                   check=True, capture_output=True, timeout=180)

    def read(path: Path) -> list[tuple]:
        files = import_documents([path]).files
        return [(g["namn"], g["riktas_till"], g.get("styrande_dokument"))
                for g in files["mal.yaml"]["regionmål"]]

    expected = read(word)
    assert len(expected) == 3 and all(g[1] and g[2] for g in expected)
    assert read(tmp_path / "tvaspalt.pdf") == expected

    def no_pdfium(path: Path) -> list:
        raise ImportError("pypdfium2")

    import govcheck.document.pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "_pdfium_pages", no_pdfium)
    assert read(tmp_path / "tvaspalt.pdf") == expected


def test_pdf_two_columns_above_a_full_width_table(tmp_path: Path) -> None:
    """Two columns of running text, then a table over the full width whose label column ends
    where the gutter was: the text reads column by column, the table's rows stay whole."""
    from govcheck.document.pdf import read_pdf

    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    left = ["Regionen ska arbeta for en hallbar", "utveckling i hela lanet. Det innebar",
            "att verksamheten ska bedrivas", "effektivt och med god kvalitet och"]
    right = ["invanarna ska ha tillgang till vard", "pa lika villkor. Namnderna ska i sina",
             "planer beskriva hur de bidrar till", "malen och folja upp dem varje ar."]
    y = 20.0
    for a, b in zip(left, right):
        pdf.text(15, y, a)
        pdf.text(110, y, b)
        y += 5
    y += 8
    for x, text in ((15, "Resultatbudget"), (110, "Budget 2025"), (135, "Budget 2026"),
                    (160, "Plan 2027")):
        pdf.text(x, y, text)
    for label, figures in (("Verksamhetens nettokostnad", ("-10 952", "-11 664", "-12 023")),
                           ("Skatteintakter", ("8 508", "9 246", "9 739")),
                           ("Generella statsbidrag", ("2 849", "2 745", "2 738"))):
        y += 5
        pdf.text(15, y, label)
        for x, value in zip((110, 135, 160), figures):
            pdf.text(x, y, value)
    path = tmp_path / "blandad.pdf"
    pdf.output(str(path))
    lines = [ln.text for ln in read_pdf(path, str(path)).lines if ln.text.strip()]
    assert lines[:8] == left + right
    assert lines[8:] == ["Resultatbudget Budget 2025 Budget 2026 Plan 2027",
                         "Verksamhetens nettokostnad -10 952 -11 664 -12 023",
                         "Skatteintakter 8 508 9 246 9 739",
                         "Generella statsbidrag 2 849 2 745 2 738"]
