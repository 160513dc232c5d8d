"""`govcheck report`: the auditor's HTML and Markdown compliance report.

The real plan's report carries every section, the real figures and the goal coverage;
it is self-contained (no external load), accessible (one h1, captions, scoped headers,
SVG with title and desc) and byte-identical across runs and hash seeds. A headless
Chromium renders it to a PNG screenshot and an A4 PDF when a Chromium is installed.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_PLAN, REAL_PLAN, ROOT, replace_once

from govcheck.cli.main import cli
from govcheck.pipeline import build_report
from govcheck.report import FORMATS, svg
from govcheck.report.html import FIGURE_IDS, SECTION_IDS, TEXT
from govcheck.report.html import render as render_html
from govcheck.report.markdown import render as render_md
from govcheck.report.model import Waived

NBSP = "\u00a0"
ARTIFACTS = ROOT / "artifacts"


def in_words(texts: dict[str, str], goal_word: str = "regionmål") -> dict[str, str]:
    """The report's texts as a plan calling its goals ``goal_word`` shows them (the real
    plan: regionmål)."""
    return {k: v.replace("{goal_word}", goal_word) for k, v in texts.items()}

# The real plan's coverage, as encoded: RS's nämndplan (planeringsunderlag) links
# mål 2, 5 and 7; the other nämnder have no nämndplan for 2026.
A, M, U = svg.ADDRESSED, svg.MISSING, svg.UNTARGETED
REAL_COVERAGE = {
    "mal-1": {"rs": M, "hsn": M, "run": M, "fhs": U, "pn": M},
    "mal-2": {"rs": A, "hsn": M, "run": M, "fhs": M, "pn": M},
    "mal-3": {"rs": M, "hsn": M, "run": M, "fhs": M, "pn": M},
    "mal-4": {"rs": M, "hsn": M, "run": U, "fhs": U, "pn": M},
    "mal-5": {"rs": A, "hsn": M, "run": M, "fhs": M, "pn": M},
    "mal-6": {"rs": M, "hsn": M, "run": M, "fhs": M, "pn": M},
    "mal-7": {"rs": A, "hsn": M, "run": M, "fhs": M, "pn": M},
}


def run_report(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["report", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def real_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "rapport.html"
    code, _, err = run_report(str(REAL_PLAN), "-o", str(out))
    assert code == 0, err
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def real_md(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "rapport.md"
    code, _, err = run_report(str(REAL_PLAN), "-o", str(out))
    assert code == 0, err
    return out.read_text(encoding="utf-8")


class Outline(HTMLParser):
    """Headings, tables, SVGs and every resource reference of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.ids: set[str] = set()
        self.html_lang: str | None = None
        self.refs: list[tuple[str, str, str]] = []
        self.tables: list[dict[str, int]] = []
        self.svgs: list[dict[str, object]] = []
        self.th_without_scope = 0
        self._heading: list[str] | None = None
        self._level = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.html_lang = a.get("lang")
        for key in ("src", "href", "xlink:href", "data", "poster", "srcset", "action"):
            if key in a:
                self.refs.append((tag, key, a[key]))
        if tag in ("script", "link", "iframe", "object", "embed", "img", "image"):
            self.refs.append((tag, "tag", ""))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._level = [], int(tag[1])
        if tag == "table":
            self.tables.append({"captions": 0})
        if tag == "caption" and self.tables:
            self.tables[-1]["captions"] += 1
        if tag == "th" and "scope" not in a:
            self.th_without_scope += 1
        if tag == "svg":
            self.svgs.append({"attrs": a, "children": []})
        elif self.svgs and "svg" in self.stack:
            self.svgs[-1]["children"].append((tag, a))  # type: ignore[union-attr]
        if tag not in ("meta", "br", "rect", "line", "circle", "path", "img", "link"):
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._level, " ".join("".join(self._heading).split())))
            self._heading = None
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    parser.close()
    return parser


# --- content -------------------------------------------------------------------------------

def test_report_has_every_section_and_figure(real_html):
    o = outline(real_html)
    t = in_words(TEXT["sv"])
    texts = [text for _, text in o.headings]
    for key in ("toc", *SECTION_IDS, *(k for _, k in FIGURE_IDS)):
        assert t[key] in texts, key
    for anchor in (*SECTION_IDS, *(fid for fid, _ in FIGURE_IDS)):
        assert anchor in o.ids and f'href="#{anchor}"' in real_html
    assert [lvl for lvl, _ in o.headings].count(1) == 1
    # no heading skips a level (h2 → h4)
    levels = [lvl for lvl, _ in o.headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert o.html_lang == "sv"


def test_report_carries_the_real_figures(real_html):
    assert f"4{NBSP}676 mnkr" in real_html                   # EKO101, the investment total
    # its computation, every figure printed as the report prints figures
    assert (f"3{NBSP}572 + 697 + 253 + 12 = 4{NBSP}534 ≠ 4{NBSP}676 (rest 142, tolerans 2,5)"
            in real_html)
    assert "Regionfullmäktige → mal-1 Trygga uppväxtvillkor → Regionstyrelsen" in real_html
    assert f"4{NBSP}115,3" in real_html and f"7{NBSP}058,0" in real_html      # ramar 2026
    assert f"-1{NBSP}085" in real_html and "514" in real_html and "892" in real_html
    assert "✓ återställt 2028" in real_html                     # balanskrav, oldest first
    assert "23 fel, 13 varningar och 0 noteringar" in real_html
    assert "plans/vasterbotten-2026/namndplaner/regionstyrelsen-2026.yaml:281:28" in real_html
    assert "[inte bekräftad mot lagtexten]" in real_html         # MAL001 is unverified
    assert "fullmäktiges beslut — Fullmäktiges mål" in real_html   # MAL001's basis
    assert "Inga fynd är undantagna." in real_html
    assert "Planen anger ingen nettokostnad" in real_html        # ram only, and it says so
    report = build_report(REAL_PLAN)
    assert report.plan_hash in real_html


def test_goal_coverage_of_mal_1_to_7(real_html):
    cov = svg.coverage_data(build_report(REAL_PLAN).graph)
    assert [b for b, _, _ in cov.bodies] == ["rs", "hsn", "run", "fhs", "pn"]
    assert [g for g, _, _ in cov.goals] == [f"mal-{i}" for i in range(1, 8)]
    assert {g: {b: cov.state(g, b) for b, _, _ in cov.bodies} for g, _, _ in cov.goals} \
        == REAL_COVERAGE
    desc = svg.coverage_text(cov, "sv")
    assert desc in real_html.replace("&quot;", '"')
    assert "Mål 2 Goda levnadsvillkor: behandlas: Regionstyrelsen;" in desc
    for i in range(1, 8):
        assert f"Mål {i} " in desc and f">{i}. " in real_html
    # the matrix in symbols too (three ✓ cells plus the legend's)
    matrix = real_html.split('id="cov-title"')[1].split("</svg>")[0]
    cells = [state for row in REAL_COVERAGE.values() for state in row.values()]
    assert matrix.count(">✓<") == cells.count(A) + 1 == 4
    assert matrix.count(">✗<") == cells.count(M) + 1
    assert matrix.count(">–<") == cells.count(U) + 1


def test_every_svg_is_labelled_and_every_table_captioned(real_html):
    o = outline(real_html)
    assert len(o.svgs) == 4
    for s in o.svgs:
        attrs = s["attrs"]
        children = s["children"]
        assert attrs["role"] == "img"  # type: ignore[index]
        tags = [tag for tag, _ in children]  # type: ignore[union-attr]
        assert tags[:2] == ["title", "desc"]
        for ref in attrs["aria-labelledby"].split():  # type: ignore[index]
            assert ref in o.ids
    assert o.tables and all(t["captions"] == 1 for t in o.tables)
    assert o.th_without_scope == 0


def test_report_is_self_contained(real_html):
    o = outline(real_html)
    assert [r for r in o.refs if not (r[1] == "href" and r[2].startswith("#"))] == []
    assert "http" not in real_html
    assert "@import" not in real_html and "@font-face" not in real_html
    assert re.findall(r"url\((?!#)", real_html) == []
    assert "<script" not in real_html


def test_english_report(tmp_path):
    out = tmp_path / "report.html"
    code, _, _ = run_report(str(REAL_PLAN), "-o", str(out), "--lang", "en")
    assert code == 0
    html = out.read_text(encoding="utf-8")
    o = outline(html)
    assert o.html_lang == "en"
    texts = [text for _, text in o.headings]
    for key in ("toc", *SECTION_IDS):
        assert TEXT["en"][key] in texts and TEXT["sv"][key] not in texts
    assert "No findings are waived." in html and "4,676 mnkr" in html
    assert "[not verified against the law text]" in html


def test_markdown_report(real_md):
    t = in_words(TEXT["sv"])
    for key in ("toc", *SECTION_IDS):
        assert re.search(rf"^## {re.escape(t[key])}$", real_md, re.MULTILINE), key
    for _, key in FIGURE_IDS:
        assert f"### {t[key]}" in real_md
    assert f"4{NBSP}676 mnkr" in real_md
    assert f"`3{NBSP}572 + 697 + 253 + 12 = 4{NBSP}534 ≠ 4{NBSP}676" in real_md
    assert ("| Regionmål | Regionstyrelsen | Hälso- och sjukvårdsnämnden | Regionala "
            "utvecklingsnämnden | Folkhögskolestyrelsen | Patientnämnden |") in real_md
    assert "| 2. Goda levnadsvillkor | ✓ | ✗ | ✗ | ✗ | ✗ |" in real_md
    assert "| 4. Tillgänglig vård med god kvalitet och kontinuitet | ✗ | ✗ | – | – | ✗ |" \
        in real_md
    plan_2026 = "| Plan 2026 | 240 | 0 | 0 | 239 av 2023, 1 av 2024 | 0 | -619 | -619 |"
    assert plan_2026 in real_md
    assert "*Inga fynd är undantagna.*" in real_md
    assert "http" not in real_md
    # every GFM table has its delimiter row right under the header
    lines = real_md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("| ") and (i == 0 or not lines[i - 1].startswith("|")):
            assert re.fullmatch(r"\|(---:?\|)+", lines[i + 1]), line
            assert lines[i + 1].count("|") == line.count("|") - line.count("\\|")


def test_the_report_speaks_the_plans_own_word_for_its_goals(mini_copy, real_html, real_md):
    """A kommun's report says kommunmål where the real plan's says regionmål: headings, the
    coverage picture, its table, the messages and the evidence labels."""
    replace_once(mini_copy / "plan.yaml", "organisationstyp: region", "organisationstyp: kommun")
    replace_once(mini_copy / "mal.yaml", "regionmål:\n", "kommunmål:\n")
    replace_once(mini_copy / "namndplaner.yaml", '{mål: mal-1, stöd: "förebyggande insatser"}',
                 '{mål: mal-2, stöd: "förebyggande insatser"}')           # MAL001
    replace_once(mini_copy / "namndplaner.yaml",
                 "        indikatorer: [{id: hsn-ind-1, namn: Andel hälsosamtal}]\n", "")  # MAL003
    report = build_report(mini_copy)
    assert report.plan.goal_word == "kommunmål"
    assert {f.rule for f in report.findings} == {"MAL001", "MAL003"}
    page, text = render_html(report), render_md(report)
    for out in (page, text):
        assert "Måltäckning: kommunmål och nämnder" in out
        assert "kommunmål mal-1 (Goda levnadsvillkor) riktas till Hälso- och" in out
        assert "Kopplingar till kommunmål" in out                  # MAL003's evidence
        assert "regionmål" not in out.lower()
    assert "<title id=\"cov-title\">Måltäckning 2026: kommunmål × nämnd</title>" in page
    assert "Matris över 2 kommunmål och 2 nämnder" in page and ">Kommunmål</text>" in page
    assert "| Kommunmål | Regionstyrelsen | Hälso- och sjukvårdsnämnden |" in text
    # the real plan, a region, keeps its own word
    for out in (real_html, real_md):
        assert "Måltäckning: regionmål och nämnder" in out and "kommunmål" not in out.lower()
    assert "Måltäckning 2026: regionmål × nämnd" in real_html
    assert ">Regionmål</text>" in real_html
    assert "Matris över 7 regionmål" in real_html
    assert "regionmål mal-1 (Trygga uppväxtvillkor) riktas till" in real_html


def _cli_bytes(args: list[str], seed: str, out: Path) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    proc = subprocess.run([sys.executable, "-m", "govcheck", "report", *args,
                           "-o", str(out)], cwd=ROOT, env=env, capture_output=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_byte_identical_across_runs_and_hash_seeds(tmp_path, fmt):
    plan = "plans/vasterbotten-2026"
    first = _cli_bytes([plan, "--format", fmt], "0", tmp_path / f"a.{fmt}")
    second = _cli_bytes([plan, "--format", fmt], "4242", tmp_path / f"b.{fmt}")
    assert first == second
    report = build_report(REAL_PLAN)
    render = render_html if fmt == "html" else render_md
    assert render(report) == render(report)


def test_broken_plan_exits_2_with_located_messages(real_copy, tmp_path):
    replace_once(real_copy / "plan.yaml", "  budgetår: 2026", "  budgetar: 2026")
    out = tmp_path / "x.html"
    code, _, stderr = run_report(str(real_copy), "-o", str(out))
    assert code == 2
    assert re.search(r"plan\.yaml:\d+:\d+: error okänd nyckel 'budgetar'; menade du "
                     r"'budgetår'\?", stderr)
    assert not out.exists()
    code, _, stderr = run_report(str(tmp_path / "no-such-plan"))
    assert code == 2 and "ingen plankatalog" in stderr
    code, _, _ = run_report(str(REAL_PLAN), "--format", "pdf")
    assert code == 2


def test_format_from_suffix_stdout_and_lint_formats(tmp_path):
    code, _, _ = run_report(str(MINI_PLAN), "-o", str(tmp_path / "r.md"))
    assert code == 0 and (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# ")
    code, stdout, _ = run_report(str(MINI_PLAN))
    assert code == 0 and stdout.startswith("<!DOCTYPE html>")
    assert {"html", "md"} <= set(FORMATS)
    result = CliRunner().invoke(cli, ["lint", str(MINI_PLAN), "--format", "html",
                                      "-o", str(tmp_path / "lint.html")])
    assert result.exit_code == 0
    assert "<h1>" in (tmp_path / "lint.html").read_text(encoding="utf-8")


def test_mini_plan_net_cost_goal_and_balanskrav(mini_copy):
    html = render_html(build_report(mini_copy))
    assert "Underskott 2024: 50 mnkr, återställs senast 2027" in html
    assert "✓ återställt 2027" in html                       # 10 + 20 + 20, oldest first
    assert "nettokostnadsmål 100,0" in html                  # RS's nettokostnadsmål vs ram
    assert "nettokostnadsmål: utveckling 4,0 %" in html      # HSN's is a growth, not a bar
    assert "Planen anger ingen nettokostnad" not in html
    assert "Inga fynd" in html or "Reglerna gav inga fynd." in html
    md = render_md(build_report(mini_copy))
    assert "| Regionstyrelsen | 102,0 | 100,0 | nettokostnadsmål |" in md
    replace_once(mini_copy / "ekonomi.yaml", "typ: balanskrav", "typ: annan")
    report = build_report(mini_copy)
    assert "Planen har ingen balanskravstabell" in render_html(report)
    assert "*Planen har ingen balanskravstabell" in render_md(report)


def test_waived_findings_have_their_own_section():
    report = build_report(REAL_PLAN)
    finding = report.findings[0]
    report.findings = report.findings[1:]
    report.waived = [Waived(finding, "Beslutet finns i protokoll; <ej inskannat>",
                            "RF 2025-11-25 § 140", "Revisionskontoret", "2026-12-31")]
    html = render_html(report)
    section = html.split('id="waived"')[1].split("</section>")[0]
    assert "Beslutet finns i protokoll; &lt;ej inskannat&gt;" in section
    assert "RF 2025-11-25 § 140" in section and "2026-12-31" in section
    assert finding.message in section and "Inga fynd är undantagna." not in html
    md = render_md(report)
    assert "Beslutet finns i protokoll; \\<ej inskannat\\>" in md
    assert "| Undantagna | 1 |" in md


# --- a real browser ------------------------------------------------------------------------

def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _browser(binary: str, url: str, *args: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
               *args, url]
        proc = subprocess.run(cmd, capture_output=True, timeout=180, check=False)
        assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    pos, idat = 8, b""
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def _pdf_pages(path: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                             check=True).stdout
        found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
        assert found, out
        return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", path.read_bytes()))


@pytest.mark.skipif(_chromium() is None,
                    reason="no chromium binary (apt-get install chromium) to render the report")
def test_headless_chromium_renders_and_prints(tmp_path):
    binary = _chromium()
    assert binary is not None
    html = tmp_path / "rapport.html"
    code, _, err = run_report(str(REAL_PLAN), "-o", str(html))
    assert code == 0, err
    url = html.resolve().as_uri()
    png, pdf = tmp_path / "screenshot.png", tmp_path / "rapport.pdf"
    _browser(binary, url, f"--screenshot={png}", "--window-size=1280,2000",
             "--hide-scrollbars")
    _browser(binary, url, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = png.read_bytes()
    width, height, pixels = _png_pixels(data)
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000
    assert len(set(pixels[::97])) > 16            # not a blank page: text, tables, colour
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 100_000
    assert _pdf_pages(pdf) >= 2
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(png, ARTIFACTS / "report-screenshot.png")


def test_plan_waiver_shows_in_the_waived_section(real_copy, tmp_path):
    (real_copy / "undantag.yaml").write_text(
        "undantag:\n"
        "  - regel: EKO003\n"
        "    orsak: Kostnadsutvecklingen hanteras i åtgärdsplanen för 2026.\n"
        "    beslut: RS 2025-11-04 § 201\n"
        "    av: Revisionskontoret\n"
        "    giltig_till: 2026-12-31\n", encoding="utf-8")
    out = tmp_path / "r.html"
    code, _, err = run_report(str(real_copy), "-o", str(out), "--today", "2026-01-15")
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    section = html.split('id="waived"')[1].split("</section>")[0]
    assert "Kostnadsutvecklingen hanteras i åtgärdsplanen för 2026." in section
    assert "RS 2025-11-04 § 201" in section and "2026-12-31" in section and "EKO003" in section
    summary = html.split('id="summary"')[1].split("</section>")[0]
    assert "Undantagna</th><td class=\"num\">1</td>" in summary
    assert 'id="rule-EKO003"' not in html                  # no longer an active finding
    # after the waiver's last day the finding counts again, and GOV001 says so
    code, _, _ = run_report(str(real_copy), "-o", str(out), "--today", "2027-01-01")
    html = out.read_text(encoding="utf-8")
    assert code == 0 and 'id="rule-EKO003"' in html and 'id="rule-GOV001"' in html
    assert "Inga fynd är undantagna." in html


def test_the_report_says_which_rules_were_not_tested_and_why(tmp_path):
    """Not tested is never shown as passed: a rule with nothing to test gets "ej prövad"
    with its reason and no "inga" in its findings column (HTML and Markdown)."""
    from govcheck.pipeline import build_report
    from govcheck.report import html, markdown

    plan = ROOT / "plans" / "malmo-2020"
    report = build_report(plan)
    page = html.render(report)
    row = page[page.index('<th scope="row">BAL001</th>'):]
    row = row[:row.index("</tr>")]
    assert "ej prövad" in row and "planen innehåller inte balanskravstabellen" in row
    assert ">inga<" not in row and ">–<" in row
    text = markdown.render(report)
    [line] = [ln for ln in text.splitlines() if ln.startswith("| BAL001 |")]
    assert "ej prövad: planen innehåller inte balanskravstabellen" in line and line.endswith("| – |")
    # a rule that tested everything keeps "inga"
    [line] = [ln for ln in text.splitlines() if ln.startswith("| EKO101 |")]
    assert "| prövad |" in line and line.endswith("| inga |")
