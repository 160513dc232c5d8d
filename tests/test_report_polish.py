"""The audit report as a reader sees it: badges that show each rule's outcome, figures printed
one way, Swedish texts without internal names, and chart labels that do not overlap, measured
in headless Chromium (screenshots in artifacts/)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REAL_PLAN, ROOT

from govcheck.cli.main import cli
from govcheck.pipeline import build_report
from govcheck.report import svg
from govcheck.report.html import TEXT, computation_text, figures, year_key
from govcheck.rules.checks import CHECKS

NBSP = "\u00a0"
ARTIFACTS = ROOT / "artifacts"


def report_file(tmp_path: Path, *args: str, name: str = "rapport.html") -> Path:
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["report", str(REAL_PLAN), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def real_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    return report_file(tmp_path_factory.mktemp("report")).read_text(encoding="utf-8")


class RuleRows(HTMLParser):
    """The rule table of the summary: per rule, its badge's class and word and its count."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self.table = False
        self.row: list[str] | None = None
        self.cell: list[str] = []
        self.badge: tuple[str, str] | None = None
        self.in_badge = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "caption":
            self.cell = []
        if tag == "tr":
            self.row, self.badge = [], None
        if tag in ("td", "th"):
            self.cell = []
        if tag == "span" and "sev" in (a.get("class") or "").split():
            self.in_badge = True
            self.badge = ((a.get("class") or "").split()[1].removeprefix("sev-"), "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self.table = "".join(self.cell).startswith("Fynd per regel")
        if tag == "span" and self.in_badge:
            self.in_badge = False
        if tag in ("td", "th") and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
        if tag == "tr" and self.table and self.row and len(self.row) == 6 and self.badge:
            self.rows[self.row[0]] = {"badge": self.badge[0], "word": self.badge[1],
                                      "count": self.row[5]}
        if tag == "table":
            self.table = False

    def handle_data(self, data: str) -> None:
        self.cell.append(data)
        if self.in_badge and self.badge:
            self.badge = (self.badge[0], self.badge[1] + data)


def test_badges_show_each_rules_outcome_not_its_default_severity(real_html):
    report = build_report(REAL_PLAN)
    parser = RuleRows()
    parser.feed(real_html)
    rows = parser.rows
    assert set(rows) == set(report.rules_run)
    worst: dict[str, str] = {}
    for f in report.findings:
        if worst.get(f.rule) != "error":
            worst[f.rule] = f.severity
    for rule_id, row in rows.items():
        if rule_id in worst:
            assert row["badge"] == worst[rule_id] and row["count"] != "inga", rule_id
        else:
            # no findings: a green "inga fynd", never the red FEL of the rule's severity
            status = report.coverage[rule_id].status if rule_id in report.coverage else "tested"
            expected = "not_tested" if status == "not_tested" else "pass"
            assert row["badge"] == expected, (rule_id, row)
            assert row["word"] == TEXT["sv"]["outcome_" + expected]
    passing = [r for r in rows.values() if r["badge"] == "pass"]
    assert len(passing) > 20 and all(r["count"] == "inga" for r in passing)
    # a rule with the default severity error whose findings are warnings shows VARNING
    assert rows["BUD002"]["badge"] == "warning"
    # the badge's colours: green for no findings, red only for errors
    assert ".sev-pass { color: #1b5e20; background: #e6f4e2; }" in real_html


def test_markdown_rule_table_says_the_outcome(tmp_path):
    text = report_file(tmp_path, "--format", "md", name="rapport.md").read_text(
        encoding="utf-8")
    [bal001] = [ln for ln in text.splitlines() if ln.startswith("| BAL001 |")]
    assert "| inga fynd (grad: fel/varning) |" in bal001
    [eko101] = [ln for ln in text.splitlines() if ln.startswith("| [EKO101]")]
    assert "| fel (grad: fel) |" in eko101


def test_figures_are_printed_one_way(real_html):
    """Evidence tables, computations and messages print a figure the same way (4 534, with
    a no-break space, as the messages do); years stay years."""
    assert f"4{NBSP}534" in real_html and "4534" not in real_html
    assert "3572" not in real_html and f"<td>3{NBSP}572</td>" in real_html
    # the finding texts hold no figure whose digit groups a breaking space separates
    findings = real_html.split('id="findings"', 1)[1]
    assert not re.search(r"\d \d{3}(?!\d)", re.sub(r"<[^>]+>", "", findings))
    assert "2026 &lt; 2027" in real_html  # DOK001 compares years
    assert f"2{NBSP}026" not in real_html
    assert year_key("giltighet_till") and year_key("budget_years") and not year_key("value")
    assert figures("value", 3572, "sv") == f"3{NBSP}572"
    assert figures("year", 2026, "sv") == "2026"
    assert figures("parts", [{"value": 12345.5, "year": 2027}], "en") == [
        {"value": "12,345.5", "year": "2027"}]
    assert computation_text("6.5 % > 5.6 %", "sv") == "6,5 % > 5,6 %"
    assert computation_text("14 + 189 = 203 ≠ 12034 (tolerans 1,5)", "sv") == \
        f"14 + 189 = 203 ≠ 12{NBSP}034 (tolerans 1,5)"
    assert computation_text("2026 < 2027", "sv") == "2026 < 2027"


def test_swedish_report_names_no_internal_option(real_html):
    options = {name for check in CHECKS.values() for name in check.options.model_fields
               if "_" in name}
    assert "answer_kinds" in options
    text = html.unescape(re.sub(r"<[^>]+>", " ", real_html))
    assert not [name for name in options if name in text]


def test_labels_are_placed_by_measured_width():
    assert svg.text_width("4 534", 10) == pytest.approx(0.636 * 40 + 0.318 * 10, abs=0.1)
    assert svg.text_width("116", 10, bold=True) > svg.text_width("116", 10)
    assert svg.text_width("WWW", 10) > svg.text_width("iii", 10) * 2


# --- headless Chromium --------------------------------------------------------------------

def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _browser(url: str, *args: str) -> str:
    binary = _chromium()
    assert binary is not None
    with tempfile.TemporaryDirectory() as profile:
        cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
               *args, url]
        proc = subprocess.run(cmd, capture_output=True, timeout=180, check=False)
        assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
        return proc.stdout.decode("utf-8", errors="replace")


MEASURE = """<script>
const out = [];
for (const chart of document.querySelectorAll('svg.chart')) {
  const items = [];
  for (const el of chart.querySelectorAll('text, circle')) {
    const r = el.getBoundingClientRect();
    items.push([el.tagName, el.textContent, r.left, r.top, r.right, r.bottom,
                el.tagName === 'text' ? el.getComputedTextLength() : 0,
                parseFloat(el.getAttribute('font-size') || '0'),
                el.getAttribute('font-weight') === 'bold']);
  }
  out.push([chart.closest('section').id, items]);
}
const pre = document.createElement('pre');
pre.id = 'measured';
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def measured(page: Path) -> dict[str, list[list]]:
    """Every text's and marker's box in each chart, as Chromium lays the report out."""
    probe = page.with_name("measured.html")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"),
                     encoding="utf-8")
    dom = _browser(probe.resolve().as_uri(), "--window-size=1280,2000", "--dump-dom")
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found, dom[-500:]
    return dict(json.loads(html.unescape(found.group(1))))


def overlaps(items: list[list], tolerance: float = 1.0) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if a[0] == b[0] == "circle":
                continue
            # a label keeps 2 px from a marker; two lines of text may touch, never cross
            gap = 2.0 if "circle" in (a[0], b[0]) else -tolerance
            if (min(a[4], b[4]) - max(a[2], b[2]) > -gap
                    and min(a[5], b[5]) - max(a[3], b[3]) > -gap):
                out.append((a[1], b[1]))
    return out


@pytest.mark.skipif(_chromium() is None,
                    reason="no chromium binary (apt-get install chromium) to render the report")
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_chart_labels_do_not_overlap_in_chromium(tmp_path, lang):
    """The balanskrav picture (the 2028 flag sat on "✓ återställt 2028", the amounts on their
    markers), the frames and the organisation, laid out by Chromium: no label covers
    another or a marker, and no text is wider than the width it was placed by (the coverage
    picture's names are rotated, which boxes cannot judge)."""
    page = report_file(tmp_path, "--lang", lang)
    charts = measured(page)
    assert {"fig-balance", "fig-frames", "fig-org"} <= set(charts)
    for fig in ("fig-balance", "fig-frames", "fig-org"):
        assert not overlaps(charts[fig]), (fig, overlaps(charts[fig])[:5])
    texts = [i for i in charts["fig-balance"] if i[0] == "text"]
    assert any(i[1] == "⚑" for i in texts) and len(texts) > 30
    for _, text, *_, drawn, size, bold in texts:
        assert drawn <= svg.text_width(text, size, bold) + 0.5, (text, drawn)
    if lang == "sv":
        bal = svg.balance_data(build_report(REAL_PLAN).steering)
        picture = tmp_path / "balans.html"
        picture.write_text('<!DOCTYPE html><html lang="sv"><meta charset="utf-8">'
                           '<body style="margin:0;background:#fff">'
                           f"{svg.balance_svg(bal, 'sv')}</body></html>", encoding="utf-8")
        png = tmp_path / "balans.png"
        _browser(picture.resolve().as_uri(), f"--screenshot={png}", "--window-size=860,640",
                 "--hide-scrollbars")
        summary = tmp_path / "sammanfattning.png"
        _browser(page.resolve().as_uri(), f"--screenshot={summary}",
                 "--window-size=1280,3200", "--hide-scrollbars")
        assert png.stat().st_size > 10_000 and summary.stat().st_size > 50_000
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copyfile(png, ARTIFACTS / "report-balanskrav.png")
        shutil.copyfile(summary, ARTIFACTS / "report-summary.png")
