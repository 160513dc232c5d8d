"""Every rule states its basis truly (issue 15): law, fullmäktige's decision or practice.

The basis of each rule and message is consistent with its severity and its reference: no
``lag`` without a paragraph and the quoted words, no error on ``praxis``, and a quote marked
verified appears, with its source, in the verified law texts (``../shared/legal.md``). The
corrected law is tested where it changes findings: BAL002 takes "the third year" literally,
BUD003 never gives an error for a plan year, BAL006 counts kommunalekonomisk utjämning and
reports a reserve over the 5 % cap. The basis shows in every output and can select a run.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINI_PLAN, REAL_PLAN, ROOT, replace_once
from govcheck.api import load_plan
from govcheck.cli.main import cli
from govcheck.config import BASIS_KINDS as CONFIG_BASIS_KINDS
from govcheck.graph.build import build_graph
from govcheck.load.errors import PlanLoadError
from govcheck.pipeline import build_report, load_ruleset
from govcheck.rules.engine import load_rules, run_rules
from govcheck.rules.spec import BASIS_KINDS, Basis, RuleSpec

LEGAL = Path(os.environ.get("GOVCHECK_LEGAL_TEXTS", ROOT.parent / "shared" / "legal.md"))
"""The verified law texts the references are checked against (not part of the repository;
``GOVCHECK_LEGAL_TEXTS`` names another copy)."""

UNCONFIRMED = re.compile(r"att bekräfta|to be confirmed|\(\?\)")


def normalised(text: str) -> str:
    return " ".join(text.split())


def legal_blocks(text: str) -> list[str]:
    """legal.md in blocks: each top-level item ("- ...") or heading with the indented lines
    under it, whitespace normalised. A quote and its source are one block's."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.startswith(("- ", "#")):
            blocks.append([])
        blocks[-1].append(line)
    return [normalised("\n".join(b)) for b in blocks if b]


def all_bases(rule: RuleSpec) -> list[tuple[str, Basis, str]]:
    """(where, basis, severity) for the rule and each of its message variants."""
    out = [("rule", rule.basis, rule.severity)]
    out += [(f"message {v}", rule.basis_of(v), rule.severity_of(v)) for v in sorted(rule.messages)]
    return out


def basis_problems(rule: RuleSpec, legal: str | None) -> list[str]:
    """Everything inconsistent in a rule's basis, severity and reference; empty when all is
    well. ``legal`` is the text of the verified law texts (None: not available)."""
    problems = []
    blocks = legal_blocks(legal) if legal is not None else None
    for where, basis, severity in all_bases(rule):
        name = f"{rule.id} {where}"
        if basis.kind not in BASIS_KINDS:
            problems.append(f"{name}: unknown basis kind {basis.kind!r}")
        if basis.kind == "lag" and (basis.paragraph is None or not basis.quote):
            problems.append(f"{name}: a 'lag' basis without a paragraph and a quote")
        if basis.kind == "praxis" and severity == "error":
            problems.append(f"{name}: error severity on 'praxis'")
        if basis.kind == "fullmäktige" and basis.decision is None:
            problems.append(f"{name}: a 'fullmäktige' basis that names no decision")
        if basis.kind == "praxis" and basis.practice is None:
            problems.append(f"{name}: a 'praxis' basis that names no practice")
        if not basis.verified:
            continue
        if not basis.quote or not basis.source:
            problems.append(f"{name}: verified without a quote and its source")
            continue
        if basis.paragraph is not None and (UNCONFIRMED.search(basis.paragraph.sv)
                                            or UNCONFIRMED.search(basis.paragraph.en)):
            problems.append(f"{name}: verified, but the paragraph is to be confirmed")
        if blocks is not None:
            quote = normalised(basis.quote)
            if not any(quote in block and basis.source in block for block in blocks):
                problems.append(f"{name}: the quote marked verified is not in the law texts "
                                f"with its source {basis.source!r}: {basis.quote!r}")
    if rule.reference_verified and any(not b.verified for _, b, _ in all_bases(rule)
                                       if b.quote):
        problems.append(f"{rule.id}: reference marked verified with an unverified quote")
    return problems


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


@pytest.fixture(scope="module")
def legal_text() -> str:
    if not LEGAL.is_file():
        pytest.skip(f"the verified law texts are not at {LEGAL} (set GOVCHECK_LEGAL_TEXTS)")
    return LEGAL.read_text(encoding="utf-8")


# --- every rule's basis, severity and reference -------------------------------------------

def test_every_rule_has_a_basis_consistent_with_its_severity(ruleset):
    assert len(list(ruleset)) >= 35
    problems = [p for rule in ruleset for p in basis_problems(rule, None)]
    assert problems == []


def test_every_verified_quote_is_in_the_law_texts_with_its_source(ruleset, legal_text):
    problems = [p for rule in ruleset for p in basis_problems(rule, legal_text)]
    assert problems == []
    verified = [b for rule in ruleset for _, b, _ in all_bases(rule) if b.verified]
    assert verified, "no rule rests on a verified quote: the check would prove nothing"


def _spec(**changes) -> RuleSpec:
    """BAL002's spec with some fields replaced, unvalidated (as a careless file would be)."""
    rule = load_ruleset().get("BAL002")
    return rule.model_copy(update=changes)


def test_the_consistency_check_can_fail(legal_text):
    lag_without_quote = Basis.model_construct(kind="lag", paragraph=None, quote=None,
                                              source=None, verified=False, decision=None,
                                              practice=None)
    practice = Basis.model_construct(kind="praxis", paragraph=None, quote=None, source=None,
                                     verified=False, decision=None,
                                     practice=load_ruleset().get("EKO003").basis.practice)
    base = load_ruleset().get("BAL002").basis
    invented = base.model_copy(update={"quote": "Budgeten ska alltid visa ett överskott på "
                                                "två procent."})
    wrong_source = base.model_copy(update={"source": "SFS 1991:900"})
    assert "a 'lag' basis without a paragraph and a quote" in \
        " ".join(basis_problems(_spec(basis=lag_without_quote), None))
    assert "error severity on 'praxis'" in " ".join(basis_problems(
        _spec(basis=practice, severity="error"), None))
    assert "not in the law texts" in " ".join(basis_problems(_spec(basis=invented),
                                                              legal_text))
    assert "not in the law texts" in " ".join(basis_problems(_spec(basis=wrong_source),
                                                              legal_text))
    assert basis_problems(_spec(), legal_text) == []


def test_a_rule_file_whose_severity_does_not_follow_its_basis_does_not_load(tmp_path):
    text = (ROOT / "rules" / "EKO003.yaml").read_text(encoding="utf-8")
    (tmp_path / "EKO903.yaml").write_text(
        text.replace("id: EKO003", "id: EKO903").replace("name: net-cost-growth-within-revenue",
                                                         "name: practice-as-error")
        .replace("severity: warning", "severity: error", 1), encoding="utf-8")
    with pytest.raises(PlanLoadError) as exc:
        load_rules([tmp_path])
    assert any("praxis" in e.message("en") for e in exc.value.errors)


def test_a_lag_basis_without_the_law_s_words_does_not_load(tmp_path):
    text = (ROOT / "rules" / "BAL002.yaml").read_text(encoding="utf-8")
    start = text.index("  quote: >-\n")
    end = text.index("  source: SFS 2018:600\n")
    (tmp_path / "BAL902.yaml").write_text(
        text[:start].replace("id: BAL002", "id: BAL902") + text[end:], encoding="utf-8")
    with pytest.raises(PlanLoadError) as exc:
        load_rules([tmp_path])
    assert any("'quote'" in e.message("en") for e in exc.value.errors)


def test_a_message_resting_on_practice_cannot_be_an_error(tmp_path):
    text = (ROOT / "rules" / "BUD003.yaml").read_text(encoding="utf-8")
    text = text.replace("id: BUD003", "id: BUD903").replace(
        "    severity: warning\n    basis:\n      kind: praxis", "    basis:\n      kind: praxis")
    (tmp_path / "BUD903.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PlanLoadError) as exc:
        load_rules([tmp_path])
    assert any("plan_year_not_in_balance" in e.message("en") for e in exc.value.errors)


def test_config_and_spec_name_the_same_basis_kinds():
    assert CONFIG_BASIS_KINDS == BASIS_KINDS


# --- the corrected law ---------------------------------------------------------------------

def findings_of(plan: Path, rule_id: str):
    plan_model, index = load_plan(plan)
    return run_rules(build_graph(plan_model, index), load_ruleset(), "sv", {rule_id})


MINI_2024_ROW = ("      - {id: v2024, rubrik: Varav från 2024, roll: varav_underskott, "
                 "ursprungsår: 2024, återställs_senast: 2027, värden: [-50, -40, -20, 0]}\n")


def test_bal002_a_2024_deficit_is_due_in_the_budget_for_2027_not_2026(mini_copy):
    replace_once(mini_copy / "ekonomi.yaml", MINI_2024_ROW, "")
    assert findings_of(mini_copy, "BAL002") == []  # budget 2026: not yet due
    replace_once(mini_copy / "plan.yaml", "  budgetår: 2026\n  planperiod: {från: 2026, till: 2028}\n",
                 "  budgetår: 2027\n  planperiod: {från: 2027, till: 2029}\n")
    (found,) = findings_of(mini_copy, "BAL002")
    assert found.evidence["deficit_year"] == 2024
    assert found.evidence["decide_by_budget"] == 2027
    assert found.severity == "error" and found.basis["kind"] == "lag"
    assert "tredje stycket" in found.basis["paragraph"] and found.basis["verified"] is True


def test_bal002_the_real_plan_s_2023_deficit_is_due_in_this_budget(real_copy):
    replace_once(real_copy / "ekonomi" / "balanskrav.yaml",
                 "        roll: varav_underskott\n        varav_av: utgaende-balans\n"
                 "        ursprungsår: 2023\n", "        varav_av: utgaende-balans\n")
    (found,) = findings_of(real_copy, "BAL002")
    assert (found.evidence["deficit_year"], found.evidence["decide_by_budget"]) == (2023, 2026)


RESULT_ROW = "värden: [218, 140, 208, 236, 313]"  # Resultat inklusive finansnetto, 2025-2029


def test_bud003_a_plan_year_without_synnerliga_skal_is_a_warning_at_most(real_copy):
    replace_once(real_copy / "ekonomi" / "resultatbudget.yaml", RESULT_ROW,
                 "värden: [218, 140, -8, -2, 0]")
    found = findings_of(real_copy, "BUD003")
    assert sorted(f.params["year"] for f in found) == [2027, 2028, 2029]
    for f in found:
        assert f.severity == "warning" and f.variant == "plan_year_not_in_balance"
        assert f.basis["kind"] == "praxis"


def test_bud003_the_budget_year_without_synnerliga_skal_breaks_the_law(real_copy):
    replace_once(real_copy / "ekonomi" / "resultatbudget.yaml", RESULT_ROW,
                 "värden: [218, -5, -8, 236, 313]")
    found = {f.params["year"]: f for f in findings_of(real_copy, "BUD003")}
    assert found[2026].severity == "error" and found[2026].basis["kind"] == "lag"
    assert found[2027].severity == "warning" and found[2027].basis["kind"] == "praxis"
    assert set(found) == {2026, 2027}


def test_bud003_a_severity_override_still_applies_to_every_message(real_copy):
    replace_once(real_copy / "ekonomi" / "resultatbudget.yaml", RESULT_ROW,
                 "värden: [218, -5, -8, 236, 313]")
    plan, index = load_plan(real_copy)
    found = run_rules(build_graph(plan, index), load_ruleset(), "sv", {"BUD003"},
                      severity={"BUD003": "info"})
    assert {f.severity for f in found} == {"info"}


RESULT_LINE = ("roll: utveckling_skatter_och_statsbidrag, enhet: procent, "
               "värden: [3.0, 4.8, 3.1, 3.0]}\n")


def mini_with_reserve(plan: Path, entries: list[tuple[int, int]]) -> None:
    """The mini plan with a result row (13, 30, 32 mnkr in 2026-2028) and reservations."""
    replace_once(plan / "ekonomi.yaml", RESULT_LINE, RESULT_LINE +
                 "      - {id: resultat, rubrik: Årets resultat, roll: årets_resultat, "
                 "värden: [12, 13, 30, 32]}\n")
    if entries:
        lines = "".join(f"    - {{år: {y}, värde: {v}, enhet: mnkr}}\n" for y, v in entries)
        replace_once(plan / "budget.yaml", "ekonomi:\n", "ekonomi:\n  resultatreserv:\n" + lines)


def test_bal006_reports_a_reserve_over_the_five_per_cent_cap(mini_copy):
    # 9 + 9 = 18 > 5 % of 335 = 16,75; each reservation is within the 1 % limit
    mini_with_reserve(mini_copy, [(2026, 9), (2027, 9)])
    (found,) = findings_of(mini_copy, "BAL006")
    assert found.variant == "over_cap" and found.params["year"] == 2027
    assert found.evidence["reserve_at_least"] == 18 and found.evidence["base"] == 335
    assert found.severity == "error" and found.basis["kind"] == "lag"
    assert "fem procent" in found.basis["quote"] and found.basis["verified"] is True


def test_bal006_reads_reservation_rows_in_the_income_budget(mini_copy):
    mini_with_reserve(mini_copy, [])
    replace_once(mini_copy / "ekonomi.yaml", "värden: [12, 13, 30, 32]}\n",
                 "värden: [12, 13, 30, 32]}\n      - {id: res, rubrik: Avsättning till "
                 "resultatutjämningsreserv, roll: reservering_resultatreserv, "
                 "värden: [null, -9, -9, null]}\n")
    (found,) = findings_of(mini_copy, "BAL006")  # 9 + 9 = 18 > 16,75, as printed negative
    assert found.variant == "over_cap" and found.evidence["reserve_at_least"] == 18
    assert found.location.line == 28 and found.location.file.endswith("ekonomi.yaml")


def test_bal006_dispositions_lower_the_reserve(mini_copy):
    mini_with_reserve(mini_copy, [(2026, 9), (2027, -4), (2028, 9)])
    assert findings_of(mini_copy, "BAL006") == []


def test_bal006_counts_kommunalekonomisk_utjamning_in_the_base(mini_copy):
    replace_once(mini_copy / "ekonomi.yaml",
                 "      - {id: skatter, rubrik: Skatter och statsbidrag, roll: "
                 "skatter_och_statsbidrag, värden: [310, 325, 335, 345]}\n",
                 "      - {id: skatt, rubrik: Skatteintäkter, roll: skatteintäkter, "
                 "värden: [250, 260, 265, 270]}\n"
                 "      - {id: gsb, rubrik: Generella statsbidrag, roll: generella_statsbidrag, "
                 "värden: [20, 20, 15, 20]}\n"
                 "      - {id: utj, rubrik: Kommunalekonomisk utjämning, roll: "
                 "kommunalekonomisk_utjämning, värden: [40, 45, 55, 55]}\n")
    # 8 + 10 = 18 is over 5 % of 265 + 15 + 55 = 335
    mini_with_reserve(mini_copy, [(2026, 8), (2027, 10)])
    (found,) = findings_of(mini_copy, "BAL006")
    assert found.evidence["base"] == 335
    assert found.evidence["base_rows"] == ["skatt", "gsb", "utj"]
    # 8 + 8 = 16 is within it, though over 5 % of 280 without the utjämning
    replace_once(mini_copy / "budget.yaml", "{år: 2027, värde: 10,", "{år: 2027, värde: 8,")
    assert findings_of(mini_copy, "BAL006") == []


def test_bal006_uses_the_lower_result_after_balanskrav_adjustments(mini_copy):
    mini_with_reserve(mini_copy, [(2027, 13)])  # 30 - 3,35 = 26,65 leaves room for 13
    assert findings_of(mini_copy, "BAL006") == []
    replace_once(mini_copy / "ekonomi.yaml", "värden: [12, 13, 30, 32]}\n",
                 "värden: [12, 13, 30, 32]}\n      - {id: rebj, rubrik: Resultat efter "
                 "balanskravsjusteringar, roll: resultat_efter_balanskravsjusteringar, "
                 "värden: [12, 13, 15, 32]}\n")
    (found,) = findings_of(mini_copy, "BAL006")  # 15 - 3,35 = 11,65 < 13
    assert found.variant == "over_limit" and found.evidence["adjusted_result"] == 15


# --- the basis in every output, and a run selected by it -----------------------------------

def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_gives_each_finding_its_basis():
    code, out, _ = run_cli("lint", str(REAL_PLAN), "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["findings"]
    for f in doc["findings"]:
        assert f["basis"]["kind"] in BASIS_KINDS and "verified" in f["basis"]
    bud002 = next(f for f in doc["findings"] if f["rule"] == "BUD002")
    assert bud002["severity"] == "warning" and bud002["basis"]["kind"] == "praxis"


def test_basis_lag_keeps_only_findings_resting_on_law(real_copy):
    replace_once(real_copy / "ekonomi" / "resultatbudget.yaml", RESULT_ROW,
                 "värden: [218, -5, -8, 236, 313]")
    code, out, _ = run_cli("lint", str(real_copy), "--format", "json", "--basis", "lag")
    doc = json.loads(out)
    assert {(f["rule"], f["basis"]["kind"]) for f in doc["findings"]} == {("BUD003", "lag")}
    assert code == 1 and doc["summary"]["rules_run"] < 35
    code, out, _ = run_cli("lint", str(real_copy), "--format", "json", "--basis", "praxis")
    kinds = {f["basis"]["kind"] for f in json.loads(out)["findings"]}
    assert kinds == {"praxis"}


def test_the_configuration_selects_by_basis(real_copy, tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "govcheck.toml").write_text('basis = ["fullmäktige"]\n', encoding="utf-8")
    code, out, _ = run_cli("lint", str(real_copy), "--format", "json")
    kinds = {f["basis"]["kind"] for f in json.loads(out)["findings"]}
    assert kinds == {"fullmäktige"}
    (tmp_path / "govcheck.toml").write_text('basis = ["lagen"]\n', encoding="utf-8")
    code, _, err = run_cli("lint", str(real_copy))
    assert code == 2
    assert "govcheck.toml:1:10: error ogiltigt värde 'lagen' för 'basis[0]'; menade du 'lag'?" \
        in err


def test_sarif_describes_each_rule_s_basis_and_each_result_s():
    code, out, _ = run_cli("lint", str(REAL_PLAN), "--format", "sarif", "--lang", "en")
    run = json.loads(out)["runs"][0]
    for descriptor in run["tool"]["driver"]["rules"]:
        assert descriptor["properties"]["basis"]["kind"] in BASIS_KINDS
        assert "Basis: " in descriptor["help"]["text"]
    bud003 = next(d for d in run["tool"]["driver"]["rules"] if d["id"] == "BUD003")
    assert bud003["properties"]["basisKinds"] == ["lag", "praxis"]
    assert bud003["properties"]["messageBasis"]["plan_year_not_in_balance"]["level"] == "warning"
    assert all(r["properties"]["basis"]["kind"] in BASIS_KINDS for r in run["results"])


def test_rules_explain_and_the_list_show_the_basis():
    code, out, _ = run_cli("rules", "--lang", "en", "explain", "BAL002")
    assert code == 0 and "- Basis: law" in out
    assert "KL 11 ch. 12 § third paragraph" in out and "verified against the law text" in out
    code, out, _ = run_cli("rules", "--basis", "praxis")
    ids = [line.split()[0] for line in out.splitlines()]
    assert "EKO003" in ids and "BUD003" in ids and "BAL002" not in ids
    assert "BUD003  error/warning  lag/praxis" in out


def test_reports_show_each_finding_s_basis(tmp_path):
    for fmt in ("html", "md"):
        out = tmp_path / f"r.{fmt}"
        code, _, _ = run_cli("report", str(REAL_PLAN), "--format", fmt, "-o", str(out),
                             "--lang", "en")
        text = html.unescape(out.read_text(encoding="utf-8"))
        assert code == 0 and "Basis" in text and "fullmäktige's decision — " in text
        assert "practice — " in text


def test_an_unverified_reference_says_so_in_the_outputs(tmp_path):
    ruleset = load_ruleset()
    unverified = [r.id for r in ruleset if not r.reference_verified]
    assert "BUD003" in unverified and "BAL002" not in unverified
    code, out, _ = run_cli("rules", "explain", "BUD003")
    assert "(referensen är inte bekräftad mot lagtexten)" in out
    assert "inte bekräftad mot lagtexten" in out.split("## Motivering")[0]
