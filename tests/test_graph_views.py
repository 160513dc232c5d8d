"""`govcheck graph --view/--body/--depth`: parts of the steering graph a person can read.

Each view is checked against the whole graph's JSON (the view keeps nodes and the edges among
them, never invents any), and drawn with Graphviz's dot where it is installed (the whole graph
of the real plan is some 26,000 points wide, a view a page or two) and with mermaid.js in
headless Chromium where both can be had.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile

import pytest
from click.testing import CliRunner

from conftest import REAL_PLAN
from govcheck.cli.main import cli

BODY_KINDS = {"council", "presiding_board", "council_committee", "audit", "executive_board",
              "board", "crisis_board", "joint_board", "committee"}


def graph(*args: str) -> str:
    result = CliRunner().invoke(cli, ["graph", str(REAL_PLAN), *args])
    assert result.exit_code == 0, result.output
    return result.output


def as_json(*args: str) -> tuple[dict[str, dict], set[tuple[str, str, str]]]:
    doc = json.loads(graph("--format", "json", *args))
    nodes = {n["id"]: n for n in doc["nodes"]}
    edges = {(e["source"], e["target"], e["kind"]) for e in doc["edges"]}
    return nodes, edges


@pytest.fixture(scope="module")
def whole() -> tuple[dict[str, dict], set[tuple[str, str, str]]]:
    return as_json()


def assert_part_of(part, whole) -> None:
    """The view's nodes are the whole graph's, unchanged, with every edge among them."""
    nodes, edges = part
    all_nodes, all_edges = whole
    assert nodes and all(all_nodes[n] == data for n, data in nodes.items())
    assert edges == {e for e in all_edges if e[0] in nodes and e[1] in nodes}


def test_without_a_view_the_graph_is_whole_and_unchanged(whole):
    nodes, _ = whole
    assert len(nodes) == 189
    for fmt in ("dot", "mermaid", "json"):
        assert graph("--format", fmt) == graph("--format", fmt, "--view", "all")


def test_goals_view_has_the_goals_their_namnder_and_the_sub_goals_linking_back(whole):
    part = as_json("--view", "goals")
    assert_part_of(part, whole)
    nodes, edges = part
    all_nodes, all_edges = whole
    goals = {n for n, d in all_nodes.items() if d["kind"] == "council_goal"}
    targeted = {t for s, t, k in all_edges if k == "targets" and s in goals}
    members = {t for s, t, k in all_edges if k == "includes" and s in targeted}
    assert goals | targeted | members <= set(nodes)
    kinds = {d["kind"] for d in nodes.values()}
    assert kinds <= {"council_goal", "group", "board_plan", "sub_goal"} | BODY_KINDS
    assert {"council_goal", "board_plan", "sub_goal", "board", "executive_board"} <= kinds
    assert ("rs-dm-nus", "mal-7", "links_to") in edges
    assert len(nodes) < 30


def test_org_view_has_the_bodies_and_who_serves_them(whole):
    part = as_json("--view", "org")
    assert_part_of(part, whole)
    nodes, edges = part
    kinds = {d["kind"] for d in nodes.values()}
    assert kinds <= BODY_KINDS | {"administration", "role"}
    all_bodies = {n for n, d in whole[0].items() if d["kind"] in BODY_KINDS}
    assert all_bodies <= set(nodes)
    assert ("rf", "hsn", "sets_up") in edges


def test_a_body_chain_has_what_steers_the_body_and_how_it_answers(whole):
    all_nodes, all_edges = whole
    part = as_json("--body", "hsn")
    assert_part_of(part, whole)
    nodes, _ = part
    groups = {s for s, t, k in all_edges if k == "includes" and t == "hsn"}
    steering = {s for s, t, k in all_edges if k in ("targets", "owned_by")
                and t in groups | {"hsn"}}
    assert groups and steering and steering | groups | {"hsn", "rf"} <= set(nodes)
    # no other nämnd's nämndplan, no company, no styrdokument
    assert not {d["kind"] for d in nodes.values()} & {"company", "document", "federation",
                                                       "sub_goal"}
    assert "pn" not in nodes and len(nodes) < 25
    # the styrelse's chain has its nämndplan with the sub-goals and the goals they answer
    rs, rs_edges = as_json("--body", "rs")
    assert_part_of((rs, rs_edges), whole)
    plans = {s for s, t, k in all_edges if k == "plan_of" and t == "rs"}
    subs = {t for s, t, k in all_edges if k == "contains" and s in plans}
    linked = {t for s, t, k in all_edges if k == "links_to" and s in subs}
    assert plans and subs and linked and plans | subs | linked <= set(rs)


def test_depth_counts_edges_from_the_body_or_fullmaktige(whole):
    _, all_edges = whole
    nodes, _ = as_json("--body", "rs", "--depth", "1")
    chain, chain_edges = as_json("--body", "rs")
    near = {t for s, t, _ in chain_edges if s == "rs"} | {s for s, t, _ in chain_edges
                                                           if t == "rs"}
    assert set(nodes) == near | {"rs"}
    assert set(as_json("--body", "rs", "--depth", "0")[0]) == {"rs"}
    top, _ = as_json("--depth", "1")
    assert set(top) == {"rf"} | {t for s, t, _ in all_edges if s == "rf"} | {
        s for s, t, _ in all_edges if t == "rf"}
    goals, _ = as_json("--view", "goals", "--body", "run", "--depth", "1")
    assert "run" in goals and {d["kind"] for d in goals.values()} <= {"council_goal", "board"}


def test_an_unknown_body_is_exit_2_with_the_bodies_named():
    result = CliRunner().invoke(cli, ["graph", str(REAL_PLAN), "--body", "hns"])
    assert result.exit_code == 2
    assert "--body hns" in result.output and "hsn" in result.output
    assert "planen har inget organ" in result.output
    english = CliRunner().invoke(cli, ["graph", str(REAL_PLAN), "--body", "x", "--lang", "en"])
    assert english.exit_code == 2 and "the plan has no body" in english.output


def test_views_wrap_names_and_run_left_to_right():
    dot = graph("--view", "goals")
    assert "rankdir=LR;" in dot
    labels = re.findall(r'\[label="((?:[^"\\]|\\.)*)", kind=', dot)
    lines = [line for label in labels for line in label.split("\\n")]
    assert max(len(line) for line in lines) <= 30
    assert any(label.count("\\n") > 1 for label in labels)  # a long name wrapped
    assert "rankdir=TB;" in graph()  # the whole graph as it always was
    mermaid = graph("--view", "goals", "--format", "mermaid").splitlines()
    assert mermaid[0] == "flowchart LR"
    declared = {m.group(1) for m in map(re.compile(r"  (n\d+)\[").match, mermaid) if m}
    used = {x for line in mermaid for x in re.findall(r"(n\d+)(?=\s|$)", line)}
    assert declared and used <= declared
    assert all('"]' in line and "<br/>(" in line for line in mermaid if "[" in line)


def svg_size(dot_text: str) -> tuple[float, float]:
    svg = subprocess.run(["dot", "-Tsvg"], input=dot_text, capture_output=True, text=True,
                         check=True).stdout
    m = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    assert m, svg[:300]
    return float(m.group(1)), float(m.group(2))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("args", [("--view", "goals"), ("--view", "org"), ("--body", "hsn"),
                                  ("--body", "rs"), ("--depth", "1")])
def test_graphviz_draws_a_view_a_person_can_read(args):
    """The whole graph is one row some 26,000 points wide; each view fits a couple of pages
    (A4 landscape is 842 points wide) and Graphviz draws every node's name."""
    width, _ = svg_size(graph())
    assert width > 10000
    dot = graph(*args)
    width, height = svg_size(dot)
    assert width <= 2000 and height <= 2000, (width, height)
    svg = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True,
                         check=True).stdout
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    names = re.findall(r'\[label="((?:[^"\\]|\\.)*)", kind=', dot)
    for label in names:
        for line in label.split("\\n"):
            assert line.replace('\\"', '"') in texts


# --- Mermaid, drawn by mermaid.js in headless Chromium ---------------------------------------

def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    return None


MERMAID_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<script src="mermaid.min.js"></script></head><body><pre id="out">pending</pre><script>
mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
(async () => {
  const results = [];
  for (const [i, text] of DIAGRAMS.entries()) {
    try {
      const r = await mermaid.render('g' + i, text);
      results.push((r.svg.match(/class="node /g) || []).length);
    } catch (e) { results.push('error: ' + e); }
  }
  document.getElementById('out').textContent = JSON.stringify(results);
})();
</script></body></html>"""


@pytest.mark.skipif(_chromium() is None or shutil.which("npm") is None,
                    reason="no chromium (apt-get install chromium) or npm to fetch mermaid.js")
def test_mermaid_draws_every_view_in_chromium(tmp_path):
    """mermaid.js (from the npm registry) parses and draws the whole graph and each view in
    headless Chromium with one node per graph node; a broken diagram is reported, so the
    check can fail."""
    packed = subprocess.run(["npm", "pack", "mermaid@11", "--silent"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300, check=False)
    if packed.returncode != 0:
        pytest.skip(f"npm could not fetch mermaid: {packed.stderr[-300:]}")
    tarball = tmp_path / packed.stdout.strip().splitlines()[-1]
    subprocess.run(["tar", "xzf", str(tarball), "package/dist/mermaid.min.js"], cwd=tmp_path,
                   check=True)
    shutil.copyfile(tmp_path / "package" / "dist" / "mermaid.min.js",
                    tmp_path / "mermaid.min.js")
    views = [(), ("--view", "goals"), ("--view", "org"), ("--body", "hsn")]
    diagrams = [graph("--format", "mermaid", *args) for args in views]
    expected = [len(as_json(*args)[0]) for args in views]
    diagrams.append("flowchart LR\n  n0[\"broken\" --> \n")
    page = tmp_path / "mermaid.html"
    page.write_text(MERMAID_PAGE.replace("DIAGRAMS", json.dumps(diagrams)), encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                              "--no-first-run", f"--user-data-dir={profile}",
                              "--virtual-time-budget=60000", "--dump-dom", page.as_uri()],
                             capture_output=True, text=True, timeout=300, check=True).stdout
    found = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    assert found and found.group(1) != "pending", dom[-500:]
    drawn = json.loads(html.unescape(found.group(1)))
    assert drawn[:-1] == expected
    assert str(drawn[-1]).startswith("error")
