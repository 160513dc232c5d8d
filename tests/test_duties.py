"""Properties of the legal-duty checks over many generated balanskrav tables."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI_PLAN
from govcheck.api import load_plan
from govcheck.graph.build import build_graph
from govcheck.paths import rules_dir
from govcheck.rules.engine import load_rules, run_rules

RULES = load_rules([rules_dir()])


def _table(opening, results, exempt, closing) -> str:
    cols = "\n".join(f"      - {{id: y{y}, rubrik: År {y}, år: {y}, slag: plan}}"
                     for y in range(2024, 2024 + len(results)))
    def row(rid, role, values):
        return f"      - {{id: {rid}, rubrik: {rid}, roll: {role}, värden: [{', '.join(map(str, values))}]}}"
    return "\n".join([
        "tabeller:", "  - id: bk", "    typ: balanskrav", "    titel: Balanskrav", "    enhet: mnkr",
        "    kolumner:", cols, "    rader:",
        row("ib", "ingående_balans", opening), row("bkr", "balanskravsresultat", results),
        row("ss", "synnerliga_skäl", exempt), row("ub", "utgående_balans", closing),
    ]) + "\n"


def _consistent(results, exempt):
    opening, closing, balance = [], [], 0
    for r, e in zip(results, exempt):
        opening.append(balance)
        balance = min(0, balance + r + (e if r < 0 else 0))
        closing.append(balance)
    return opening, closing


def _findings(tmp_path: Path, text: str, rule: str):
    plan = tmp_path / "p"
    if plan.exists():
        shutil.rmtree(plan)
    shutil.copytree(MINI_PLAN, plan)
    (plan / "ekonomi.yaml").write_text(
        (plan / "ekonomi.yaml").read_text(encoding="utf-8").split("  - id: balanskrav")[0],
        encoding="utf-8")
    (plan / "bk.yaml").write_text(text, encoding="utf-8")
    loaded, index = load_plan(plan)
    return run_rules(build_graph(loaded, index), RULES, "sv", {rule})


rows = st.lists(st.tuples(st.integers(-400, 400), st.integers(0, 150)), min_size=2, max_size=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows)
def test_a_consistent_table_adds_up(tmp_path, data):
    results = [r for r, _ in data]
    exempt = [min(e, -r) if r < 0 else 0 for r, e in data]
    opening, closing = _consistent(results, exempt)
    assert _findings(tmp_path, _table(opening, results, exempt, closing), "BAL004") == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows, st.integers(0, 10), st.integers(3, 50))  # tolerance: 4 × 0.5 for four integers
def test_a_wrong_closing_balance_is_found(tmp_path, data, index, delta):
    results = [r for r, _ in data]
    exempt = [min(e, -r) if r < 0 else 0 for r, e in data]
    opening, closing = _consistent(results, exempt)
    i = index % len(closing)
    closing[i] -= delta
    found = _findings(tmp_path, _table(opening, results, exempt, closing), "BAL004")
    assert any(f.evidence.get("computation", "").endswith(f"≠ {closing[i]}") for f in found)
