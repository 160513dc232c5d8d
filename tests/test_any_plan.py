"""Any plan, not only Västerbotten: kommun words, excerpts and coverage, derived figures,
reserve dispositions, koncern goals, dashes, units, and the corpus judged by its facit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, replace_once

from govcheck.load.errors import PlanLoadError
from govcheck.pipeline import build_report
from govcheck.truth import Entry, Facit, corpus_plans, score, score_plan


def lint(plan: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govcheck", "lint", str(plan), *args],
                          capture_output=True, text=True, cwd=ROOT)


def rules_of(plan: Path, *only: str) -> list[tuple[str, str]]:
    report = build_report(plan, only=only, waivers=False)
    return [(f.rule, f.variant) for f in report.findings]


def as_kommun(plan: Path, word: str = "kommunmål") -> None:
    replace_once(plan / "plan.yaml", "organisationstyp: region", "organisationstyp: kommun")
    replace_once(plan / "mal.yaml", "regionmål:\n", f"{word}:\n")


# --- kommun and region alike ------------------------------------------------------

@pytest.mark.parametrize("word", ["kommunmål", "inriktningsmål", "fullmäktigemål"])
def test_a_kommun_may_call_its_goals_by_its_own_word(mini_copy, word):
    as_kommun(mini_copy, word)
    replace_once(mini_copy / "namndplaner.yaml", '{mål: mal-1, stöd: "förebyggande insatser"}',
                 '{mål: mal-2, stöd: "förebyggande insatser"}')
    report = build_report(mini_copy, only=["MAL001"])
    assert report.plan.goal_word == word
    [finding] = report.findings
    assert (finding.rule, finding.variant) == ("MAL001", "not_addressed")
    assert finding.evidence["path"][1:] == ["mal-1", "hsn"]


def test_two_words_for_the_goals_in_one_file_are_one_located_error(mini_copy):
    text = (mini_copy / "mal.yaml").read_text(encoding="utf-8")
    (mini_copy / "mal.yaml").write_text(text + "kommunmål: []\n", encoding="utf-8")
    proc = lint(mini_copy)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "mal.yaml:" in proc.stderr
    assert "'kommunmål' och 'regionmål' är samma sektion" in proc.stderr
    assert proc.stderr.count("error") == 1


def test_a_misspelt_goal_word_is_offered_the_nearest_word(mini_copy):
    replace_once(mini_copy / "mal.yaml", "regionmål:\n", "kommunmal:\n")
    proc = lint(mini_copy)
    assert proc.returncode == 2
    assert "okänd nyckel 'kommunmal'; menade du 'kommunmål'?" in proc.stderr


# --- excerpts and coverage ------------------------------------------------------------

def test_an_excerpt_turns_a_missing_part_into_not_tested(mini_copy):
    replace_once(mini_copy / "budget.yaml", "    typ: kassaflödesanalys", "    typ: annan")
    assert ("BUD001", "table_missing") in rules_of(mini_copy, "BUD001")
    replace_once(mini_copy / "plan.yaml", "  budgetår: 2026\n", "  budgetår: 2026\n  utdrag: true\n")
    report = build_report(mini_copy, only=["BUD001"])
    assert report.findings == []
    cov = report.coverage["BUD001"]
    assert cov.status == "partly"
    assert [r.render("sv") for r in cov.reasons] == [
        "planen är ett utdrag och kassaflödesbudgeten ingår inte i det"]


def test_a_part_the_document_lacks_is_not_tested_unless_the_law_requires_it(mini_copy):
    # IKP001 rests on practice: a document without internkontrollplaner is not tested
    replace_once(mini_copy / "plan.yaml", "  budgetår: 2026\n",
                 "  budgetår: 2026\n  saknas: [internkontroll, resultatbudget]\n")
    budget = (mini_copy / "budget.yaml").read_text(encoding="utf-8")
    (mini_copy / "budget.yaml").write_text(budget.split("internkontrollplaner:")[0],
                                           encoding="utf-8")
    report = build_report(mini_copy, only=["IKP001"])
    assert report.findings == [] and report.coverage["IKP001"].status == "partly"


def test_a_rule_with_nothing_to_test_says_so_in_text_and_json(mini_copy):
    ekonomi = (mini_copy / "ekonomi.yaml").read_text(encoding="utf-8")
    (mini_copy / "ekonomi.yaml").write_text(ekonomi.split("  - id: balanskrav")[0],
                                            encoding="utf-8")
    proc = lint(mini_copy, "--only", "BAL001")
    assert proc.returncode == 0
    assert "BAL001: ej prövad: planen innehåller inte balanskravstabellen" in proc.stdout
    assert "Inga fynd" in proc.stdout  # the summary still says no findings ...
    doc = json.loads(lint(mini_copy, "--only", "BAL001", "--format", "json").stdout)
    # ... but the coverage says the rule was not tested: never shown as passed
    assert doc["coverage"]["BAL001"]["status"] == "not_tested"
    en = lint(mini_copy, "--only", "BAL001", "--lang", "en")
    assert "BAL001: not tested: the plan holds nothing of the balanced-budget table" in en.stdout


# --- derived figures, reserve dispositions, koncern ----------------------------------

SPLIT_REVENUE = (
    "      - {id: skatter, rubrik: Skatter och statsbidrag, roll: skatter_och_statsbidrag, "
    "värden: [310, 325, 335, 345]}\n")


def test_skatter_och_statsbidrag_is_derived_from_its_parts_when_no_total_is_printed(mini_copy):
    rb = mini_copy / "ekonomi.yaml"
    replace_once(rb, SPLIT_REVENUE,
                 "      - {id: skatt, rubrik: Skatteintäkter, roll: skatteintäkter, "
                 "värden: [250, 255, 262, 270]}\n"
                 "      - {id: gsb, rubrik: Generella statsbidrag och utjämning, "
                 "roll: generella_statsbidrag_och_utjämning, värden: [60, 61, 63, 65]}\n")
    replace_once(rb, "roll: utveckling_skatter_och_statsbidrag, enhet: procent, "
                 "värden: [3.0, 4.8, 3.1, 3.0]}",
                 "roll: annan_utveckling, enhet: procent, värden: [3.0, 4.8, 3.1, 3.0]}"
                 .replace("roll: annan_utveckling, ", ""))
    # revenue 310 -> 316 (1.9 %), net cost 298 -> 312 (4.7 %): over the revenue growth
    report = build_report(mini_copy, only=["EKO003"])
    [f] = [f for f in report.findings if f.evidence["year"] == 2026]
    assert f.evidence["computed_from_figures"] is True
    assert f.evidence["derived"] == ("skatter_och_statsbidrag = Skatteintäkter + "
                                     "Generella statsbidrag och utjämning")


RESULT_ROWS = (
    "      - {id: resultat, rubrik: Årets resultat, roll: årets_resultat, "
    "värden: [5, %s, 8, 9]}\n")


def _with_result(plan: Path, result: str, extra: str = "") -> None:
    replace_once(plan / "ekonomi.yaml", SPLIT_REVENUE,
                 SPLIT_REVENUE + RESULT_ROWS % result + extra)


def test_a_deficit_covered_by_a_reserve_disposition_is_a_budget_in_balance(mini_copy):
    _with_result(mini_copy, "-23", "      - {id: rur, rubrik: Disposition av "
                 "resultatutjämningsreserven, roll: disposition_resultatreserv, "
                 "värden: [0, 24, 0, 0]}\n")
    assert rules_of(mini_copy, "BUD003") == []


def test_a_deficit_the_disposition_does_not_cover_is_still_reported(mini_copy):
    _with_result(mini_copy, "-23", "      - {id: rur, rubrik: Disposition av "
                 "resultatutjämningsreserven, roll: disposition_resultatreserv, "
                 "värden: [0, 7.5, 0, 0]}\n")
    report = build_report(mini_copy, only=["BUD003"])
    [f] = report.findings
    assert f.variant == "not_in_balance" and f.evidence["result_after_reserve"] == -15.5
    assert f.evidence["computation"] == "-23 + (7.5) = -15.5"


def test_a_koncern_goal_is_never_tested_against_the_kommuns_own_figure(mini_copy):
    budget = mini_copy / "budget.yaml"
    replace_once(budget, "    nyckeltal: soliditet\n", "    nyckeltal: soliditet\n    avser: koncern\n")
    replace_once(budget, "      - {år: 2026, lägst: 10}", "      - {år: 2026, lägst: 10}")
    report = build_report(mini_copy, only=["FIN001"])
    [f] = report.findings
    assert f.variant == "figure_missing" and f.evidence["scope"] == "koncern"
    assert "för koncernen" in f.message
    # a koncern table is what it is measured by
    text = budget.read_text(encoding="utf-8")
    budget.write_text(text.replace("    typ: balansbudget\n",
                                   "    typ: balansbudget\n    avser: koncern\n"),
                      encoding="utf-8")
    assert rules_of(mini_copy, "FIN001") == []


# --- cells and units --------------------------------------------------------------------

def test_a_dash_is_a_printed_zero_and_blank_cells_may_mean_zero(mini_copy):
    ramar = mini_copy / "ekonomi.yaml"
    replace_once(ramar, "värden: [98.0, 102.0]}", "värden: [98.0, \"–\"]}")
    replace_once(ramar, "summa_av: [rs, hsn], värden: [298.0, 312.0]}",
                 "summa_av: [rs, hsn], värden: [298.0, 210.0]}")
    assert [r for r in rules_of(mini_copy, "EKO101")] == []
    replace_once(ramar, "värden: [98.0, \"–\"]}", "värden: [98.0, null]}")
    replace_once(ramar, "    titel: Ekonomiska ramar per nämnd\n",
                 "    titel: Ekonomiska ramar per nämnd\n    tomma_celler: noll\n")
    assert rules_of(mini_copy, "EKO101") == []


def test_an_unknown_unit_is_a_located_error_with_a_suggestion(mini_copy):
    replace_once(mini_copy / "ekonomi.yaml", "    enhet: mnkr\n    kolumner:\n      - {id: b2025, "
                 "rubrik: Budget 2025, år: 2025, slag: budget}\n      - {id: b2026, rubrik: Budget "
                 "2026, år: 2026, slag: budget}\n    rader:\n      - {id: rs,",
                 "    enhet: mnkrr\n    kolumner:\n      - {id: b2025, "
                 "rubrik: Budget 2025, år: 2025, slag: budget}\n      - {id: b2026, rubrik: Budget "
                 "2026, år: 2026, slag: budget}\n    rader:\n      - {id: rs,")
    proc = lint(mini_copy)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "ekonomi.yaml:5:" in proc.stderr
    assert "ogiltigt värde 'mnkrr' för 'enhet'; menade du 'mnkr'?" in proc.stderr


# --- the corpus and its facit ---------------------------------------------------------

def test_truth_scores_true_false_missed_and_traps(mini_copy):
    replace_once(mini_copy / "namndplaner.yaml", "belopp: 100.0}", "belopp: 110.0}")
    report = build_report(mini_copy)
    assert [f.rule for f in report.findings] == ["EKO001"]
    facit = Facit("mini", problems=(
        Entry("P1", "EKO001", "namndplaner.yaml", ("rs",)),
        Entry("P2", "EKO101", None, ()),
    ), traps=(Entry("F1", None, "namndplaner.yaml", ()), Entry("F2", "BUD003", None, ())))
    s = score(facit, report.findings, report.plan_root)
    assert (len(s.true), s.false, s.found, s.missed, s.traps_hit) == \
        (1, [], ["P1"], ["P2"], ["F1"])
    wrong_file = Facit("mini", (Entry("P1", "EKO001", "mal.yaml", ()),), ())
    s = score(wrong_file, report.findings, report.plan_root)
    assert (len(s.true), len(s.false), s.missed) == (0, 1, ["P1"])


CORPUS = corpus_plans(ROOT / "plans")


def test_the_corpus_holds_kommuner_and_regioner_besides_vasterbotten():
    kinds = {}
    for plan in CORPUS:
        text = (plan / "plan.yaml").read_text(encoding="utf-8")
        kinds[plan.name] = "kommun" if "organisationstyp: kommun" in text else "region"
    assert "vasterbotten-2026" not in kinds
    assert sum(k == "kommun" for k in kinds.values()) >= 3, kinds
    assert sum(k == "region" for k in kinds.values()) >= 1, kinds


@pytest.mark.parametrize("plan", CORPUS, ids=[p.name for p in CORPUS])
def test_a_corpus_plan_loads_and_hits_no_trap(plan):
    try:
        s = score_plan(plan)
    except PlanLoadError as exc:  # pragma: no cover - the message is the point
        pytest.fail(f"{plan.name} does not load: {[e.key for e in exc.errors]}")
    assert s.traps_hit == [], s.traps_hit


def test_a_goal_may_be_directed_at_a_group_and_each_member_must_break_it_down(mini_copy):
    replace_once(mini_copy / "mal.yaml", "    riktas_till: [rs, hsn]\n",
                 "    riktas_till: [alla-namnder]\n")
    assert rules_of(mini_copy, "MAL001") == []
    replace_once(mini_copy / "namndplaner.yaml", '{mål: mal-1, stöd: "förebyggande insatser"}',
                 '{mål: mal-2, stöd: "förebyggande insatser"}')
    report = build_report(mini_copy, only=["MAL001"])
    [f] = report.findings
    assert f.variant == "not_addressed"
    assert f.evidence["path"][1:] == ["mal-1", "alla-namnder", "hsn"]


def test_a_reserve_disposition_in_the_balanskrav_table_explains_its_part(mini_copy):
    # the balanskravsresultat 2026 (20) is 7 above the budgeted result (13) ...
    _with_result(mini_copy, "13")

    def years() -> list[int]:
        return [f.params["year"] for f in build_report(mini_copy, only=["BAL005"]).findings]

    assert years() == [2026, 2027]  # 2027: 30 against a result of 8
    # ... and a disposition of 7 from the resultatutjämningsreserv, printed in the
    # balanskrav table, is what explains it
    replace_once(mini_copy / "ekonomi.yaml",
                 "      - {id: ss, rubrik: Synnerliga skäl att inte återställa,",
                 "      - {id: rur, rubrik: Medel från resultatutjämningsreserven, "
                 "roll: disposition_resultatreserv, värden: [0, 0, 7, 0]}\n"
                 "      - {id: ss, rubrik: Synnerliga skäl att inte återställa,")
    assert years() == [2027]


def test_sarif_and_junit_say_which_rules_were_not_tested():
    import xml.etree.ElementTree as ET

    import jsonschema

    plan = ROOT / "plans" / "malmo-2020"
    doc = json.loads(lint(plan, "--format", "sarif").stdout)
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(doc, schema)
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    bal001 = [n for n in notes if n["associatedRule"]["id"] == "BAL001"]
    assert bal001 and bal001[0]["level"] == "note"
    assert bal001[0]["properties"]["coverage"] == "not_tested"
    assert "planen innehåller inte balanskravstabellen" in bal001[0]["message"]["text"]
    root = ET.fromstring(lint(plan, "--format", "junit").stdout)
    suite = root.find("testsuite")
    case = next(c for c in suite.iter("testcase") if c.get("name").startswith("BAL001 "))
    skipped = case.find("skipped")
    assert skipped is not None and "ej prövad" in skipped.get("message")
    n_skipped = sum(1 for c in suite.iter("testcase") if c.find("skipped") is not None)
    assert suite.get("skipped") == root.get("skipped") == str(n_skipped) != "0"
    # a rule with a finding is a failure, never skipped
    assert all(c.find("skipped") is None for c in suite.iter("testcase")
               if c.find("failure") is not None)


def test_other_financial_nyckeltal_are_read_from_any_table_and_amounts_convert(mini_copy):
    budget = mini_copy / "budget.yaml"
    replace_once(budget, "finansiella_mål:\n", "finansiella_mål:\n"
                 "  - id: likviditetsmal\n    typ: likviditetsmål\n    namn: Likviditet\n"
                 "    nyckeltal: likviditet\n    mål:\n      - {år: 2026, lägst: 100}\n"
                 "  - id: resultatmal\n    typ: resultatmål\n    namn: Resultat\n"
                 "    nyckeltal: årets_resultat\n    mål:\n"
                 "      - {år: 2026, lägst: 12, enhet: mnkr}\n"
                 "      - {år: 2027, lägst: 16, enhet: mnkr}\n")
    replace_once(budget, "      - {id: tillg, rubrik: Summa tillgångar, roll: summa_tillgångar, "
                 "värden: [400, 410, 420]}\n",
                 "      - {id: tillg, rubrik: Summa tillgångar, roll: summa_tillgångar, "
                 "värden: [400, 410, 420]}\n"
                 "      - {id: likv, rubrik: Kassalikviditet, roll: likviditet, enhet: procent, "
                 "värden: [95, 101, 104]}\n")
    # the result in tkr in the resultatbudget: 13 500 tkr and 15 000 tkr
    _with_result(mini_copy, "13500")
    replace_once(mini_copy / "ekonomi.yaml", "värden: [5, 13500, 8, 9]}",
                 "enhet: tkr, värden: [5000, 13500, 15000, 9000]}")
    report = build_report(mini_copy, only=["FIN001"])
    found = {(f.evidence["goal"], f.evidence["year"]): f for f in report.findings}
    assert set(found) == {("likviditetsmal", 2026), ("resultatmal", 2027)}
    assert found["likviditetsmal", 2026].params["value"] == 95
    low = found["resultatmal", 2027]
    assert low.evidence["figure"] == 15 and low.evidence["printed"] == 15000
    assert "planens siffra 15,000 mnkr är lägre än målet, minst 16 mnkr" in low.message


# --- styrmodell packs ---------------------------------------------------------------------

PACK_RULES = {"IKP001", "MAL002", "MAL004", "ORG002", "UPF001", "UPP003", "UPP004"}


def test_a_styrmodell_pack_runs_only_for_the_plans_that_opt_into_it(mini_copy):
    # the mini plan names no styrmodell: the base ruleset runs, not Västerbotten's pack
    replace_once(mini_copy / "plan.yaml",
                 "    - {id: hsn-forv, namn: Hälso- och sjukvårdsförvaltningen, nämnd: hsn}\n", "")
    report = build_report(mini_copy)
    assert PACK_RULES.isdisjoint(report.rules_run) and "MAL001" in report.rules_run
    assert report.findings == []  # ORG002 (one förvaltning per nämnd) is the pack's
    # opting in runs the pack, and its finding says which pack it comes from
    replace_once(mini_copy / "plan.yaml", "  beslutad_av: rf\n",
                 "  beslutad_av: rf\n  styrmodell: [vasterbotten]\n")
    report = build_report(mini_copy)
    assert PACK_RULES <= set(report.rules_run)
    [f] = report.findings
    assert (f.rule, f.pack, f.as_dict()["pack"]) == ("ORG002", "vasterbotten", "vasterbotten")


def test_naming_a_pack_rule_runs_it(mini_copy):
    replace_once(mini_copy / "plan.yaml",
                 "    - {id: hsn-forv, namn: Hälso- och sjukvårdsförvaltningen, nämnd: hsn}\n", "")
    report = build_report(mini_copy, only=["ORG002"])
    assert [f.rule for f in report.findings] == ["ORG002"]


def test_an_unknown_styrmodell_is_a_located_error_with_a_suggestion(mini_copy):
    replace_once(mini_copy / "plan.yaml", "  beslutad_av: rf\n",
                 "  beslutad_av: rf\n  styrmodell: [vasterboten]\n")
    proc = lint(mini_copy)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "plan.yaml:10:16: error styrmodellen 'vasterboten' finns inte bland regelpaketen " \
           "(vasterbotten); menade du 'vasterbotten'?" in proc.stderr


def test_english_messages_carry_no_swedish_words_of_govchecks_own():
    """--lang en: the words govcheck itself supplies (a missing figure, a plan's status, a
    goal's strength, a part not tested) are English; names and quoted plan text stay."""
    out = lint(ROOT / "plans" / "vasterbotten-2026", "--lang", "en").stdout
    assert "the plan does not give interest-bearing debt in per cent of tax revenue" in out
    assert "(planning input)" in out and "planeringsunderlag" not in out
    assert "räntebärande" not in out
    malmo = lint(ROOT / "plans" / "malmo-2020", "--lang", "en").stdout
    assert "(shall)" in malmo and "(ska)" not in malmo
    assert "not tested: the plan holds nothing of the balanced-budget table" in malmo


def test_a_share_and_a_stated_figure_may_name_a_sum_of_rows(mini_copy):
    rb = mini_copy / "ekonomi.yaml"
    replace_once(rb, SPLIT_REVENUE,
                 "      - {id: skatt, rubrik: Skatteintäkter, roll: skatteintäkter, "
                 "värden: [250, 255, 262, 270]}\n"
                 "      - {id: gsb, rubrik: Generella statsbidrag och utjämning, "
                 "roll: generella_statsbidrag_och_utjämning, värden: [60, 70, 73, 75]}\n"
                 # 312 / (255 + 70) = 96.0 %; printed 96,0 passes, 97,0 does not
                 "      - {id: andel, rubrik: Nettokostnad i procent, enhet: procent, "
                 "andel_av: {täljare: nk-pos, nämnare: [skatt, gsb]}, "
                 "värden: [96.1, 96.0, 95.5, 95.7]}\n"
                 "      - {id: nk-pos, rubrik: Nettokostnad, värden: [298, 312, 320, 330]}\n")
    assert rules_of(mini_copy, "EKO104") == []
    replace_once(rb, "värden: [96.1, 96.0, 95.5, 95.7]}", "värden: [96.1, 97.0, 95.5, 95.7]}")
    [f] = build_report(mini_copy, only=["EKO104"]).findings
    assert f.evidence["denominator_row"] == "skatt+gsb" and f.evidence["denominator"] == 325
    # "skatter och statsbidrag 2026 är 325 miljoner kronor": the sum of two rows
    replace_once(mini_copy / "budget.yaml", "ekonomi:\n",
                 "ekonomi:\n  uppgifter:\n    - {id: st-sos, beskrivning: Skatter och "
                 "statsbidrag, värde: 0.34, enhet: mdkr, år: 2026, jämför: {tabell: "
                 "resultatbudget, rad: [skatt, gsb], kolumn: b2026}}\n")
    assert [f.rule for f in build_report(mini_copy, only=["EKO105"]).findings] == ["EKO105"]
    replace_once(mini_copy / "budget.yaml", "värde: 0.34, enhet: mdkr",
                 "värde: 0.325, enhet: mdkr")
    assert rules_of(mini_copy, "EKO105") == []


def test_a_disposition_larger_than_the_reserve_is_a_finding(mini_copy):
    _with_result(mini_copy, "-5", "      - {id: rur, rubrik: Disposition av "
                 "resultatutjämningsreserven, roll: disposition_resultatreserv, "
                 "värden: [0, 7.5, 0, 0]}\n")
    replace_once(mini_copy / "budget.yaml", "ekonomi:\n",
                 "ekonomi:\n  resultatreserv_saldo:\n"
                 "    - {år: 2025, värde: 5.0, enhet: mnkr}\n")
    report = build_report(mini_copy, only=["BAL006"])
    [f] = [f for f in report.findings if f.variant == "disposition_over_reserve"]
    assert (f.evidence["disposition"], f.evidence["reserve_balance"]) == (7.5, 5)
    assert f.basis["kind"] == "fullmäktige"
    replace_once(mini_copy / "budget.yaml", "{år: 2025, värde: 5.0, enhet: mnkr}",
                 "{år: 2025, värde: 8.0, enhet: mnkr}")
    assert "disposition_over_reserve" not in [v for _, v in rules_of(mini_copy, "BAL006")]


def test_a_goal_in_tkr_meets_a_frame_in_mnkr(mini_copy):
    plans = mini_copy / "namndplaner.yaml"
    replace_once(plans, "nettokostnadsmål: {år: 2026, belopp: 100.0}",
                 "nettokostnadsmål: {år: 2026, belopp: 101000, enhet: tkr}")
    assert rules_of(mini_copy, "EKO001") == []  # 101 000 tkr within a frame of 102,0 mnkr
    replace_once(plans, "belopp: 101000, enhet: tkr", "belopp: 103000, enhet: tkr")
    [f] = build_report(mini_copy, only=["EKO001"]).findings
    assert f.evidence["frame"] == 102000 and f.evidence["net_cost_goal"] == 103000


def test_a_statement_needs_a_figure_or_a_stated_sign(mini_copy):
    replace_once(mini_copy / "budget.yaml", "ekonomi:\n",
                 "ekonomi:\n  uppgifter:\n    - {id: st-x, beskrivning: Ett överskott, "
                 "enhet: mnkr, år: 2026}\n")
    proc = lint(mini_copy)
    assert proc.returncode == 2 and "budget.yaml:6:7:" in proc.stderr
    assert "'värde', 'påstående'" in proc.stderr
