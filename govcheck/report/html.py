"""The auditor's compliance report as one self-contained HTML file.

No network, no script, no external stylesheet, font or image: the pictures are inline
SVG from ``govcheck.report.svg``. The output depends only on the report value (never
on the clock or on hash order), so two runs give the same bytes. It prints to A4.

The helpers above ``render`` (fixed texts, grouping, ruleset version, evidence
layout) are shared with the Markdown renderer.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from govcheck.graph.build import BODY_KINDS
from govcheck.report import svg
from govcheck.report.model import Report, Waived
from govcheck.report.ruledoc import basis_line, kinds_text
from govcheck.report.svg import esc, fmt
from govcheck.rules.finding import Finding, plain
from govcheck.rules.spec import RuleSpec

SEVERITIES = ("error", "warning", "info")
FAMILY_ORDER = ("ORG", "MAL", "UPP", "DOK", "EKO", "BUD", "FIN", "BAL", "UPF", "IKP", "GOV")

TEXT: dict[str, dict[str, str]] = {
    "sv": {
        "doc_title": "Granskningsrapport",
        "kicker": "govcheck · granskningsrapport för revisionen",
        "h1": "Granskningsrapport: {plan}",
        "lede": "{org} · budgetår {year} · planperiod {period}",
        "verdict": "{errors} fel, {warnings} varningar och {infos} noteringar från "
                   "{rules} regler.",
        "verdict_clean": "Inga fynd från {rules} regler.",
        "toc": "Innehåll",
        "summary": "Sammanfattning",
        "figures": "Översikt i bilder",
        "findings": "Fynd",
        "waived": "Undantagna fynd",
        "about": "Om rapporten",
        "fig_coverage": "Måltäckning: {goal_word} och nämnder",
        "fig_balance": "Balanskravet: återställande år för år",
        "fig_frames": "Ram och nettokostnad per nämnd",
        "fig_org": "Styrkedjan",
        "f_plan": "Plan",
        "f_org": "Organisation",
        "f_budget_year": "Budgetår",
        "f_plan_period": "Planperiod",
        "f_goal_period": "Målperiod",
        "f_decided_by": "Beslutad av",
        "f_decided_on": "Beslutsdatum",
        "f_version": "govcheck-version",
        "f_ruleset": "Regeluppsättning",
        "ruleset_value": "{count} regler, sha256 {hash}",
        "f_plan_hash": "Planens innehållshash (sha256)",
        "f_lang": "Språk",
        "lang_name": "svenska",
        "sev_caption": "Fynd per allvarlighetsgrad",
        "severity": "Allvarlighetsgrad",
        "count": "Antal",
        "total": "Totalt",
        "waived_count": "Undantagna",
        "rule_caption": "Fynd per regel ({count} regler kördes)",
        "rule": "Regel",
        "name": "Namn",
        "title": "Titel",
        "findings_n": "Fynd",
        "none": "inga",
        "tested_col": "Prövning",
        "status_tested": "prövad",
        "status_partly": "delvis prövad",
        "status_not_tested": "ej prövad",
        "outcome": "Utfall",
        "outcome_pass": "inga fynd",
        "outcome_not_tested": "ej prövad",
        "default_severity": "grad",
        "sources_caption": "Planens källor",
        "source_id": "Id",
        "source_title": "Titel",
        "source_publisher": "Utgivare",
        "findings_intro": "Fynden är ordnade efter regelfamilj och regel. Varje fynd anger "
                          "regel, allvarlighetsgrad, meddelande, plats i planfilerna "
                          "(fil:rad:kolumn), dess grund (lag, fullmäktiges beslut eller "
                          "praxis), regelns lag- eller planreferens och underlaget: "
                          "beräkningen, vägen i styrgrafen och den tryckta källan.",
        "no_findings": "Reglerna gav inga fynd.",
        "finding_n": "Fynd {n}",
        "n_findings": "{n} fynd",
        "message": "Meddelande",
        "location": "Plats",
        "related": "Se även",
        "reference": "Referens",
        "unverified": "inte bekräftad mot lagtexten",
        "basis": "Grund",
        "rationale": "Motivering",
        "computation": "Beräkning",
        "path": "Väg i styrgrafen",
        "source": "Källa",
        "evidence": "Övrigt underlag",
        "waived_intro": "Fynd som revisionen eller kansliet har godtagit, med skälet "
                        "och vem som beslutade det. De räknas inte i sammanfattningen.",
        "waived_none": "Inga fynd är undantagna.",
        "waived_caption": "Undantagna fynd ({n})",
        "reason": "Skäl",
        "decided_by": "Beslutat av",
        "who": "Vem",
        "expires": "Gäller till",
        "baseline": "godtagen i baslinjen",
        "cov_caption": "Symbolerna ✓, ✗ och – bär samma information som färgerna. "
                       "Läsningen är densamma som regel MAL001: ett delmål i nämndens "
                       "nämndplan för {year} som kopplar till målet.",
        "source_line": "Källa: {source}.",
        "cov_none": "Planen har inga {goal_word} eller inga nämnder som målen riktas till.",
        "bal_caption": "Staplarna visar årets balanskravsresultat; negativa år delas i "
                       "underskott att återställa och synnerliga skäl, positiva år i det som "
                       "återställer tidigare underskott (äldst först, som regel BAL001) och "
                       "överskott utöver det. Källa: {source}.",
        "bal_none": "Planen har ingen balanskravstabell (typ balanskrav med raden "
                    "balanskravsresultat).",
        "bal_table": "Återställande år för år, äldst först ({unit})",
        "year": "År",
        "column": "Kolumn",
        "result": "Balanskravsresultat",
        "exempt": "Synnerliga skäl",
        "new_deficit": "Nytt underskott",
        "restored": "Återställer",
        "surplus_left": "Överskott kvar",
        "open_after": "Ej återställt efter året (beräknat)",
        "printed_closing": "Utgående balans (tryckt)",
        "deficit_table": "Underskotten och deras frister ({unit})",
        "origin": "Underskottsår",
        "amount": "Belopp",
        "deadline": "Återställs senast",
        "status": "Status",
        "frames_caption": "Ramen för {year} ur tabellen {table} (källa: {source}).",
        "frames_none": "Planen har ingen ramtabell med en kolumn för budgetåret.",
        "frames_table": "Ram och nettokostnad {year} ({unit})",
        "body": "Organ",
        "ram": "Ram",
        "net_cost": "Nettokostnad",
        "net_kind": "Slag",
        "org_caption": "Organen under fullmäktige enligt planens organisation, och varje "
                       "nämnds förvaltning. Bolag och förbund visas inte.",
        "org_none": "Planen har ingen organisation.",
        "about_text": "Rapporten är skapad av govcheck {version} ur planfilerna i "
                      "{plan}. Den är deterministisk: samma planfiler och samma regler ger "
                      "en byte för byte identisk fil, och den innehåller därför ingen "
                      "tidpunkt för körningen. Planens innehållshash är en SHA-256 över "
                      "filernas sökvägar och innehåll; regeluppsättningens hash är en "
                      "SHA-256 över de körda reglernas id och innehåll.",
        "about_sev": "Allvarlighetsgraderna: fel bryter mot lag eller fullmäktiges eget "
                     "beslut; varning är god praxis eller en uppgift som saknas; notering "
                     "är upplysande. Varje fynd anger sin grund: lag (en paragraf, med "
                     "lagens ord), fullmäktiges beslut (det planen själv beslutar) eller "
                     "praxis. En referens som inte är bekräftad mot lagtexten är märkt så.",
        "about_cmd": "Återskapa rapporten med",
        "yes": "ja",
        "no": "nej",
    },
    "en": {
        "doc_title": "Compliance report",
        "kicker": "govcheck · compliance report for the auditors",
        "h1": "Compliance report: {plan}",
        "lede": "{org} · budget year {year} · plan period {period}",
        "verdict": "{errors} error(s), {warnings} warning(s) and {infos} note(s) from "
                   "{rules} rules.",
        "verdict_clean": "No findings from {rules} rules.",
        "toc": "Contents",
        "summary": "Summary",
        "figures": "Overview in pictures",
        "findings": "Findings",
        "waived": "Waived findings",
        "about": "About this report",
        "fig_coverage": "Goal coverage: council goals and boards",
        "fig_balance": "Balanced-budget requirement: restoration year by year",
        "fig_frames": "Budget frame and net cost per board",
        "fig_org": "The steering chain",
        "f_plan": "Plan",
        "f_org": "Organisation",
        "f_budget_year": "Budget year",
        "f_plan_period": "Plan period",
        "f_goal_period": "Goal period",
        "f_decided_by": "Decided by",
        "f_decided_on": "Decision date",
        "f_version": "govcheck version",
        "f_ruleset": "Ruleset",
        "ruleset_value": "{count} rules, sha256 {hash}",
        "f_plan_hash": "Plan content hash (sha256)",
        "f_lang": "Language",
        "lang_name": "English",
        "sev_caption": "Findings by severity",
        "severity": "Severity",
        "count": "Count",
        "total": "Total",
        "waived_count": "Waived",
        "rule_caption": "Findings by rule ({count} rules run)",
        "rule": "Rule",
        "name": "Name",
        "title": "Title",
        "findings_n": "Findings",
        "none": "none",
        "tested_col": "Tested",
        "status_tested": "tested",
        "status_partly": "partly tested",
        "status_not_tested": "not tested",
        "outcome": "Outcome",
        "outcome_pass": "no findings",
        "outcome_not_tested": "not tested",
        "default_severity": "severity",
        "sources_caption": "The plan's sources",
        "source_id": "Id",
        "source_title": "Title",
        "source_publisher": "Publisher",
        "findings_intro": "Findings are grouped by rule family and rule. Each gives the rule, "
                          "severity, message, place in the plan files (file:line:column), "
                          "its basis (law, fullmäktige's decision or practice), the rule's "
                          "legal or plan reference and the evidence: the arithmetic, the path "
                          "in the steering graph and the printed source.",
        "no_findings": "The rules found nothing.",
        "finding_n": "Finding {n}",
        "n_findings": "{n} finding(s)",
        "message": "Message",
        "location": "Location",
        "related": "See also",
        "reference": "Reference",
        "unverified": "not verified against the law text",
        "basis": "Basis",
        "rationale": "Rationale",
        "computation": "Computation",
        "path": "Path in the steering graph",
        "source": "Source",
        "evidence": "Other evidence",
        "waived_intro": "Findings the auditors or the regional office accepted, with the "
                        "reason and who decided. They are not counted in the summary.",
        "waived_none": "No findings are waived.",
        "waived_caption": "Waived findings ({n})",
        "reason": "Reason",
        "decided_by": "Decided by",
        "who": "Who",
        "expires": "Expires",
        "baseline": "accepted in the baseline",
        "cov_caption": "The symbols ✓, ✗ and – carry the same information as the colours. "
                       "The reading is rule MAL001's: a sub-goal in the board's plan for "
                       "{year} that links to the council goal.",
        "source_line": "Source: {source}.",
        "cov_none": "The plan has no council goals or no boards they target.",
        "bal_caption": "Bars show each year's balanskravsresultat; negative years split into "
                       "the deficit to restore and synnerliga skäl, positive years into what "
                       "restores earlier deficits (oldest first, as rule BAL001) and the "
                       "surplus beyond. Source: {source}.",
        "bal_none": "The plan has no balanskrav table (kind balanskrav with a "
                    "balanskravsresultat row).",
        "bal_table": "Restoration year by year, oldest first ({unit})",
        "year": "Year",
        "column": "Column",
        "result": "Balanskravsresultat",
        "exempt": "Synnerliga skäl",
        "new_deficit": "New deficit",
        "restored": "Restores",
        "surplus_left": "Surplus left",
        "open_after": "Unrestored after the year (computed)",
        "printed_closing": "Closing balance (printed)",
        "deficit_table": "The deficits and their deadlines ({unit})",
        "origin": "Deficit year",
        "amount": "Amount",
        "deadline": "Restore by",
        "status": "Status",
        "frames_caption": "The frame for {year} from table {table} (source: {source}).",
        "frames_none": "The plan has no frames table with a column for the budget year.",
        "frames_table": "Frame and net cost {year} ({unit})",
        "body": "Body",
        "ram": "Frame",
        "net_cost": "Net cost",
        "net_kind": "Kind",
        "org_caption": "The bodies under the council per the plan's organisation, and each "
                       "board's administration. Companies and federations are not shown.",
        "org_none": "The plan has no organisation.",
        "about_text": "This report was made by govcheck {version} from the plan files of "
                      "{plan}. It is deterministic: the same plan files and rules give a "
                      "byte-identical file, so it holds no time of the run. The plan content "
                      "hash is a SHA-256 over the files' paths and bytes; the ruleset hash "
                      "is a SHA-256 over the ids and contents of the rules run.",
        "about_sev": "Severities: error breaks the law or fullmäktige's own decision; "
                     "warning is good practice or a missing figure; info is informative. "
                     "Each finding gives its basis: law (a paragraph, with the law's "
                     "words), fullmäktige's decision (what the plan itself decides) or "
                     "practice. A reference not verified against the law text is marked "
                     "so.",
        "about_cmd": "Recreate the report with",
        "yes": "yes",
        "no": "no",
    },
}

SEVERITY_WORD = {"sv": {"error": "fel", "warning": "varning", "info": "notering"},
                 "en": {"error": "error", "warning": "warning", "info": "info"}}
SEVERITY_PLURAL = {"sv": {"error": "Fel", "warning": "Varningar", "info": "Noteringar"},
                   "en": {"error": "Errors", "warning": "Warnings", "info": "Notes"}}
FAMILY_NAME = {
    "sv": {"ORG": "Organisation och struktur", "MAL": "Mål", "UPP": "Riktade uppdrag",
           "DOK": "Styrdokument", "EKO": "Ekonomi", "BUD": "Budgetens innehåll",
           "FIN": "Finansiella mål", "BAL": "Balanskrav", "UPF": "Uppföljning",
           "IKP": "Intern kontroll", "GOV": "Undantag"},
    "en": {"ORG": "Organisation and structure", "MAL": "Goals", "UPP": "Assignments",
           "DOK": "Governing documents", "EKO": "Economy", "BUD": "Budget contents",
           "FIN": "Financial goals", "BAL": "Balanced-budget requirement",
           "UPF": "Follow-up", "IKP": "Internal control", "GOV": "Waivers"},
}
# evidence keys as a reader would name them; other keys are shown as they are
EVIDENCE_LABEL = {
    "sv": {"table": "Tabell", "row": "Rad", "column": "Kolumn", "year": "År",
           "value": "Värde", "other_value": "Andra värdet", "other_table": "Andra tabellen",
           "other_row": "Andra raden", "other_column": "Andra kolumnen",
           "difference": "Skillnad", "tolerance": "Tolerans",
           "tolerance_formula": "Toleransregel", "parts": "Delar",
           "parts_sum": "Delarnas summa", "total": "Summa", "remainder": "Rest",
           "body": "Organ", "goal": "Mål", "assignment": "Uppdrag",
           "assignments": "Uppdrag", "board_plan": "Nämndplan", "board_plans": "Nämndplaner",
           "sub_goals": "Delmål", "amount": "Belopp", "decision": "Beslut",
           "decision_source": "Beslutets källa", "other_source": "Andra källan",
           "owner": "Ägare", "company": "Bolag", "budget_years": "Budgetår",
           "goals_targeting_body": "Mål som riktas till organet",
           "goals_linked_in_board_plan": "Mål som nämndplanen kopplar till",
           "answered_assignments": "Besvarade uppdrag", "steps": "Steg",
           "deficit_year": "Underskottsår", "deficit": "Underskott", "deadline": "Frist",
           "unrestored": "Ej återställt", "restored": "Återställt", "order": "Ordning",
           "measure": "Nyckeltal", "frame": "Ram", "net_cost_goal": "Nettokostnadsmål",
           "board_plan_status": "Nämndplanens status", "indicators": "Indikatorer",
           "goal_links": "Kopplingar till {goal_word}", "assignment_links": "Kopplade uppdrag",
           "net_cost_growth_percent": "Nettokostnadsutveckling (%)",
           "revenue_growth_percent": "Utveckling av skatter och statsbidrag (%)",
           "computed_from_figures": "Beräknat ur tabellens tal", "sign": "Tecken",
           "slag": "Kolumnslag", "heading": "Rubrik", "from": "Från",
           "new_deficit": "Nytt underskott", "open_after": "Ej återställt efter året"},
    "en": {"table": "Table", "row": "Row", "column": "Column", "year": "Year",
           "value": "Value", "other_value": "Other value", "other_table": "Other table",
           "other_row": "Other row", "other_column": "Other column",
           "difference": "Difference", "tolerance": "Tolerance",
           "tolerance_formula": "Tolerance rule", "parts": "Parts", "parts_sum": "Sum of parts",
           "total": "Total", "remainder": "Remainder", "body": "Body", "goal": "Goal",
           "assignment": "Assignment", "assignments": "Assignments",
           "board_plan": "Board plan", "board_plans": "Board plans", "sub_goals": "Sub-goals",
           "amount": "Amount", "decision": "Decision", "decision_source": "Decision's source",
           "other_source": "Other source", "owner": "Owner", "company": "Company",
           "budget_years": "Budget years", "goals_targeting_body": "Goals targeting the body",
           "goals_linked_in_board_plan": "Goals the board plan links to",
           "answered_assignments": "Answered assignments", "steps": "Steps",
           "deficit_year": "Deficit year", "deficit": "Deficit", "deadline": "Deadline",
           "unrestored": "Unrestored", "restored": "Restored", "order": "Order",
           "measure": "Measure", "frame": "Frame", "net_cost_goal": "Net cost goal",
           "board_plan_status": "Board plan status", "indicators": "Indicators",
           "goal_links": "Links to council goals", "assignment_links": "Linked assignments",
           "net_cost_growth_percent": "Net cost growth (%)",
           "revenue_growth_percent": "Growth of taxes and grants (%)",
           "computed_from_figures": "Computed from the table's figures", "sign": "Sign",
           "slag": "Column kind", "heading": "Heading", "from": "From",
           "new_deficit": "New deficit", "open_after": "Unrestored after the year"},
}
SECTION_IDS = ("summary", "figures", "findings", "waived", "about")
FIGURE_IDS = (("fig-coverage", "fig_coverage"), ("fig-balance", "fig_balance"),
              ("fig-frames", "fig_frames"), ("fig-org", "fig_org"))
PROMINENT = ("computation", "path", "paths", "source")


# --- shared with the Markdown renderer ----------------------------------------------------

def plan_text(report: Report, texts: dict[str, str]) -> dict[str, str]:
    """``texts`` (``TEXT[lang]``, ``EVIDENCE_LABEL[lang]``) in the plan's own words:
    ``{goal_word}`` becomes what the plan calls fullmäktige's goals (regionmål, kommunmål,
    inriktningsmål …); every other placeholder is left for its template's format."""
    word = report.plan.goal_word
    return {k: v.replace("{goal_word}", word) for k, v in texts.items()}


def family(rule_id: str) -> str:
    return rule_id[:3]


def family_name(fam: str, lang: str) -> str:
    return FAMILY_NAME[lang].get(fam, fam)


def rules_run(report: Report) -> list[RuleSpec]:
    wanted = set(report.rules_run)
    return [r for r in report.ruleset if r.id in wanted]


def ruleset_version(report: Report) -> tuple[int, str]:
    """(number of rules run, SHA-256 over each rule's id and content): changes when a
    rule is added, removed or edited, and not when a file is moved."""
    h = hashlib.sha256()
    rules = rules_run(report)
    for rule in rules:
        content = rule.model_dump(mode="json", exclude={"path", "location", "keylocs"})
        h.update(rule.id.encode("utf-8") + b"\0")
        h.update(json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
                 .encode("utf-8") + b"\0")
    return len(rules), h.hexdigest()


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    c = Counter(f.severity for f in findings)
    return {s: c.get(s, 0) for s in SEVERITIES}


def grouped(report: Report) -> list[tuple[str, list[tuple[RuleSpec | None, str,
                                                              list[Finding]]]]]:
    """Findings by family (catalogue order) and rule id, each in report order."""
    by_rule: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule, []).append(f)
    fams = sorted({family(r) for r in by_rule},
                  key=lambda x: (FAMILY_ORDER.index(x) if x in FAMILY_ORDER
                                 else len(FAMILY_ORDER), x))
    out = []
    for fam in fams:
        rules = [(report.ruleset.get(rid), rid, by_rule[rid])
                 for rid in sorted(r for r in by_rule if family(r) == fam)]
        out.append((fam, rules))
    return out


def number_findings(groups: list[Any]) -> dict[int, int]:
    """Finding identity → its number in the grouped order (1, 2, …)."""
    numbers: dict[int, int] = {}
    for _, rules in groups:
        for _, _, findings in rules:
            for f in findings:
                numbers[id(f)] = len(numbers) + 1
    return numbers


def plan_facts(report: Report, lang: str) -> list[tuple[str, str, bool]]:
    """(label, value, monospace) lines of the summary; the decision date only if given."""
    t = TEXT[lang]
    info = report.plan.plan
    facts = [(t["f_plan"], f"{info.name} ({report.plan_name})", False),
             (t["f_org"], info.organisation, False),
             (t["f_budget_year"], str(info.budget_year), False),
             (t["f_plan_period"], f"{info.plan_period.start}–{info.plan_period.end}", False)]
    if info.goal_period is not None:
        facts.append((t["f_goal_period"],
                      f"{info.goal_period.start}–{info.goal_period.end}", False))
    if info.decided_by:
        facts.append((t["f_decided_by"], node_text(report, info.decided_by), False))
    if info.decided_on is not None:
        facts.append((t["f_decided_on"], info.decided_on.isoformat(), False))
    count, digest = ruleset_version(report)
    facts += [(t["f_version"], report.version, False),
              (t["f_ruleset"], t["ruleset_value"].format(count=count, hash=digest), True),
              (t["f_plan_hash"], report.plan_hash or "–", True),
              (t["f_lang"], t["lang_name"], False)]
    return facts


def verdict(report: Report, lang: str) -> str:
    t = TEXT[lang]
    c = severity_counts(report.findings)
    if not report.findings:
        return t["verdict_clean"].format(rules=len(report.rules_run))
    return t["verdict"].format(errors=c["error"], warnings=c["warning"], infos=c["info"],
                               rules=len(report.rules_run))


def node_text(report: Report, node: Any) -> str:
    """A graph id as a reader knows it: 'Regionstyrelsen', 'mal-1 Trygga uppväxtvillkor'."""
    g = report.steering
    key = str(node)
    if key not in g.graph.nodes:
        return key
    label = g.label(key)
    if label == key:
        return key
    if g.kind(key) in set(BODY_KINDS.values()) | {"administration", "role"}:
        return label
    return f"{key} {label}"


# --- figures: one way of printing a number ------------------------------------------------

_YEAR_PARTS = frozenset({"year", "years", "år", "till", "until", "from", "deadline", "by",
                         "origin", "start", "end"})
_NUMBER = re.compile(r"(?<![\w.,])(-?)(\d+)(?:\.(\d+))?(?![\w])")


def year_key(key: str) -> bool:
    """An evidence key whose numbers are years (``year``, ``budget_years``,
    ``giltighet_till``, ``required_until``, …): printed as they are, never grouped."""
    return bool(_YEAR_PARTS & set(str(key).lower().split("_")))


def figures(key: str, value: Any, lang: str) -> Any:
    """Evidence with its numbers printed as the report prints every figure (``fmt``: 3572 →
    ``3 572`` with a no-break space in Swedish, as the messages say ``4 534``; a decimal
    comma), except under a key that holds years; other values unchanged."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return Figure(fmt(value, lang, group=not year_key(key)))
    if isinstance(value, dict):
        return {k: figures(k, v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [figures(key, v, lang) for v in value]
    return value


class Figure(str):
    """A number already printed (``figures``): shown as it is, never looked up as a node."""


def computation_text(text: str, lang: str) -> str:
    """A check's computation (``3572 + 697 + 253 + 12 = 4534 ≠ 4676 (rest 142, tolerans
    2,5)``) with its figures printed as the rest of the report prints them: thousands grouped
    and, in Swedish, a decimal comma. A four-digit whole number from 1900 to 2100 may be a
    year (DOK001's ``2026 < 2027``) and stays as it is."""

    def one(m: re.Match[str]) -> str:
        sign, whole, decimals = m.groups()
        if decimals is None and len(whole) == 4 and 1900 <= int(whole) <= 2100:
            return m.group(0)
        number = Decimal(f"{sign}{whole}.{decimals}" if decimals else f"{sign}{whole}")
        return fmt(number, lang)

    return _NUMBER.sub(one, text)


_SPACE_IN_NUMBER = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def message_text(text: str) -> str:
    """A finding's message with the space between a figure's digit groups (``4 534``) a
    no-break space, as in every other figure of the report, so a figure never breaks."""
    return _SPACE_IN_NUMBER.sub(svg.NBSP, text)


@dataclass
class Evidence:
    computation: str | None
    paths: list[list[str]]
    source: str | None
    other: list[tuple[str, Any]]


def evidence_of(report: Report, f: Finding, lang: str) -> Evidence:
    ev = plain(f.evidence)
    paths: list[list[str]] = []
    if isinstance(ev.get("path"), list):
        paths.append([node_text(report, p) for p in ev["path"]])
    if isinstance(ev.get("paths"), list):
        paths += [[node_text(report, p) for p in path] for path in ev["paths"]
                  if isinstance(path, list)]
    labels = plan_text(report, EVIDENCE_LABEL[lang])
    other = [(labels.get(k, k), figures(k, _decode(v), lang)) for k, v in ev.items()
             if k not in PROMINENT]
    comp = ev.get("computation")
    src = ev.get("source")
    return Evidence(computation_text(str(comp), lang) if comp is not None else None, paths,
                    str(src) if src is not None else None, other)


def _decode(value: Any) -> Any:
    """Evidence that a check stored as a JSON string (a list of parts) becomes data."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def scalar_text(report: Report, value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return TEXT[lang]["yes"] if value else TEXT[lang]["no"]
    if isinstance(value, (int, float)):
        return fmt(value, lang, group=False)
    if value is None:
        return "–"
    if isinstance(value, Figure):
        return str(value)
    if isinstance(value, str):
        return node_text(report, value)
    return str(value)


def is_table(value: Any) -> bool:
    return (isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value))


def table_columns(rows: list[dict[str, Any]]) -> list[str]:
    cols: list[str] = []
    for row in rows:
        for k in row:
            if k not in cols:
                cols.append(k)
    return cols


def compact(report: Report, value: Any, lang: str) -> str:
    """Any evidence value on one line (lists joined, mappings as key: value)."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {compact(report, v, lang)}" for k, v in value.items()) or "–"
    if isinstance(value, list):
        items = [compact(report, v, lang) for v in value]
        # a label may hold commas itself: separate named graph nodes more clearly
        sep = "; " if any(isinstance(v, str) and node_text(report, v) != v
                          for v in value) else ", "
        return sep.join(items) or "–"
    return scalar_text(report, value, lang)


def coverage_of(report: Report, rule_id: str, lang: str) -> tuple[str, str]:
    """A rule's coverage on the plan: its status (tested, partly, not_tested) and the
    reasons it could not test everything, joined (govcheck.rules.coverage)."""
    cov = report.coverage.get(rule_id)
    if cov is None:
        return "tested", ""
    return cov.status, "; ".join(reason.render(lang) for reason in cov.reasons)


def reference_verified(report: Report, rule_id: str) -> bool:
    rule = report.ruleset.get(rule_id)
    return rule is None or rule.reference_verified


def waiver_fields(w: Waived, lang: str) -> tuple[str, str, str, str]:
    """(reason, decided by, who, expires) as shown; a finding accepted by a baseline file
    says so."""
    reason = w.reason
    if reason == "baseline" and not w.who and not w.expires:
        reason = TEXT[lang]["baseline"]
    return reason, w.decided_by or "–", w.who or "–", str(w.expires or "–")


def rule_text(rule: RuleSpec | None, attr: str, lang: str) -> str:
    if rule is None:
        return ""
    return str(getattr(getattr(rule, attr), lang, ""))


# --- HTML ------------------------------------------------------------------------------------

CSS = """
:root { --ink: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --accent: #0b4f8a; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; color: var(--ink); background: #ffffff; line-height: 1.45;
  font-family: 'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif; }
.page { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.5rem 3rem; }
header.cover { border-bottom: 3px solid var(--accent); padding-bottom: 1rem;
  margin-bottom: 1.2rem; }
.kicker { text-transform: uppercase; letter-spacing: .06em; font-size: .8rem;
  color: var(--muted); margin: 0 0 .3rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .4rem; color: #0a2a4a; }
h2 { font-size: 1.45rem; margin: 2.2rem 0 .8rem; padding-bottom: .25rem;
  border-bottom: 1px solid var(--line); color: #0a2a4a; }
h3 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; color: #0a2a4a; }
h4 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
h5 { font-size: .95rem; margin: 0 0 .4rem; }
.lede { font-size: 1.05rem; margin: 0 0 .4rem; }
.verdict { font-weight: bold; font-size: 1.05rem; margin: .2rem 0 0; }
a { color: var(--accent); }
nav ol { margin: 0; padding-left: 1.4rem; }
nav li { margin: .15rem 0; }
nav ol ol { padding-left: 1.2rem; font-size: .95rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem;
  margin: 0 0 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.mono, code { font-family: 'DejaVu Sans Mono', 'Liberation Mono', Consolas, monospace;
  font-size: .86em; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .4rem 0 1.2rem; width: 100%; font-size: .92rem; }
caption { text-align: left; font-weight: bold; padding: .2rem 0 .35rem; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left;
  vertical-align: top; }
thead th { background: #eef2f6; }
tbody th { font-weight: normal; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { text-align: right; }
tr.zero td, tr.zero th { color: var(--muted); }
.sev { display: inline-block; font-weight: bold; font-size: .78rem; text-transform: uppercase;
  white-space: nowrap;
  letter-spacing: .04em; padding: .05rem .4rem; border: 1px solid; border-radius: 3px; }
.sev-error { color: #8b0000; background: #fde8e8; }
.sev-warning { color: #5c3b00; background: #fff1cc; }
.sev-info { color: #0b3f57; background: #e0f1f8; }
.sev-pass { color: #1b5e20; background: #e6f4e2; }
.sev-not_tested { color: #4a4a4a; background: #f2f2f2; }
.small { font-size: .8rem; color: var(--muted); }
figure { margin: .6rem 0 1.4rem; }
figcaption { font-size: .9rem; color: var(--muted); margin-top: .4rem; }
svg.chart { width: 100%; height: auto; display: block; }
.rule { margin-top: 1.6rem; }
.rule-meta { margin: .2rem 0 .4rem; }
.rule p { margin: .25rem 0; }
.finding { border: 1px solid var(--line); border-left: 6px solid #8c8c8c; border-radius: 4px;
  padding: .6rem .8rem; margin: .7rem 0; background: #ffffff; }
.finding.error { border-left-color: #b2182b; }
.finding.warning { border-left-color: #c98a00; }
.finding.info { border-left-color: #2b7bb0; }
.finding .message { font-size: 1rem; margin: .2rem 0 .5rem; }
.finding dl { display: grid; grid-template-columns: 10.5rem 1fr; gap: .2rem .8rem; margin: 0; }
.finding dt { font-weight: bold; color: var(--muted); }
.finding dd { margin: 0; }
.finding dd.ref { font-size: .86rem; }
.computation { font-family: 'DejaVu Sans Mono', 'Liberation Mono', Consolas, monospace;
  font-size: 1rem; font-weight: bold; background: #f3f6f9; border: 1px solid #d5dde6;
  padding: .25rem .5rem; display: inline-block; border-radius: 3px; }
.path { font-weight: bold; }
dl.ev { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem;
  font-size: .86rem; margin: .1rem 0 0; }
dl.ev dt { font-weight: normal; color: var(--muted); }
table.mini { font-size: .82rem; margin: .2rem 0 .3rem; width: auto; }
table.mini caption { font-weight: normal; font-style: italic; }
.unverified { font-weight: bold; color: #7a3e00; }
.empty { font-style: italic; }
.nowrap { white-space: nowrap; }
code.small { font-size: .78em; color: var(--muted); }
pre { background: #f3f6f9; padding: .5rem .7rem; border: 1px solid #d5dde6;
  white-space: pre-wrap; }
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-right { content: counter(page) " / " counter(pages);
    font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8pt; color: #4a4a4a; }
  @bottom-left { content: %(footer)s;
    font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8pt; color: #4a4a4a; } }
@media print {
  html { font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  main > section { break-before: page; }
  h2, h3, h4, h5, caption { break-after: avoid; }
  figure, .finding, tr, dl.facts, .rule-head, table.keep { break-inside: avoid; }
  svg.chart { max-height: 235mm; }
}
"""


def _css_string(text: str) -> str:
    safe = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'"{safe}"'


def _sev(sev: str, lang: str) -> str:
    return f'<span class="sev sev-{esc(sev)}">{esc(SEVERITY_WORD[lang].get(sev, sev))}</span>'


def outcome(findings: list[Finding], status: str, texts: dict[str, str],
            lang: str) -> tuple[str, str]:
    """A rule's outcome on the plan, as its badge shows it: (kind, word). The most severe
    of its findings (``error``, ``warning``, ``info``), else ``pass`` ("inga fynd") when it
    tested the plan, in whole or in part, and ``not_tested`` when it could test nothing:
    never the rule's default severity, which a rule without findings did not reach."""
    for sev in SEVERITIES:
        if any(f.severity == sev for f in findings):
            return sev, SEVERITY_WORD[lang].get(sev, sev)
    if status == "not_tested":
        return "not_tested", texts["outcome_not_tested"]
    return "pass", texts["outcome_pass"]


def _badge(kind: str, word: str) -> str:
    return f'<span class="sev sev-{esc(kind)}">{esc(word)}</span>'


class _Html:
    def __init__(self, report: Report):
        self.r = report
        self.lang = report.lang if report.lang in TEXT else "sv"
        self.t = plan_text(report, TEXT[self.lang])
        self.labels = plan_text(report, EVIDENCE_LABEL[self.lang])
        self.out: list[str] = []
        self.tables = 0

    def w(self, *parts: str) -> None:
        self.out.extend(parts)

    # --- document
    def render(self) -> str:
        r, t, lang = self.r, self.t, self.lang
        info = r.plan.plan
        groups = grouped(r)
        self.numbers = number_findings(groups)
        title = f"{t['doc_title']}: {info.name} ({r.plan_name}) – govcheck"
        lede = t["lede"].format(org=info.organisation, year=info.budget_year,
                                period=f"{info.plan_period.start}–{info.plan_period.end}")
        footer = _css_string(f"govcheck {r.version} · {t['doc_title']} · {r.plan_name}")
        self.w("<!DOCTYPE html>",
               f'<html lang="{lang}">',
               "<head>",
               '<meta charset="utf-8">',
               '<meta name="viewport" content="width=device-width, initial-scale=1">',
               f'<meta name="generator" content="govcheck {esc(r.version)}">',
               f"<title>{esc(title)}</title>",
               f"<style>{CSS.replace('%(footer)s', footer)}</style>",
               "</head>",
               "<body>",
               '<div class="page">',
               '<header class="cover">',
               f'<p class="kicker">{esc(t["kicker"])}</p>',
               f"<h1>{esc(t['h1'].format(plan=info.name))}</h1>",
               f'<p class="lede">{esc(lede)}</p>',
               f'<p class="verdict">{esc(verdict(r, lang))}</p>',
               "</header>")
        self.toc(groups)
        self.w("<main>")
        self.summary()
        self.figures()
        self.findings(groups)
        self.waived()
        self.about()
        self.w("</main>", "</div>", "</body>", "</html>")
        return "\n".join(self.out) + "\n"

    def toc(self, groups: list[Any]) -> None:
        t = self.t
        self.w('<nav aria-labelledby="toc">', f'<h2 id="toc">{esc(t["toc"])}</h2>', "<ol>")
        for sid in SECTION_IDS:
            self.w(f'<li><a href="#{sid}">{esc(t[sid])}</a>')
            if sid == "figures":
                self.w("<ol>")
                for fid, key in FIGURE_IDS:
                    self.w(f'<li><a href="#{fid}">{esc(t[key])}</a></li>')
                self.w("</ol>")
            if sid == "findings" and groups:
                self.w("<ol>")
                for fam, rules in groups:
                    n = sum(len(fs) for _, _, fs in rules)
                    self.w(f'<li><a href="#family-{esc(fam)}">{esc(fam)} – '
                           f'{esc(family_name(fam, self.lang))}</a> '
                           f'({esc(t["n_findings"].format(n=n))})</li>')
                self.w("</ol>")
            self.w("</li>")
        self.w("</ol>", "</nav>")

    def table_open(self, caption: str, headers: list[tuple[str, bool]], rows: int = 0) -> None:
        """A table with a caption and column headers; one of at most 16 rows is kept on
        one printed page."""
        self.tables += 1
        klass = ' class="keep"' if 0 < rows <= 16 else ""
        self.w(f"<table{klass}>", f"<caption>{esc(caption)}</caption>", "<thead><tr>")
        for text, num in headers:
            klass = ' class="num"' if num else ""
            self.w(f'<th scope="col"{klass}>{esc(text)}</th>')
        self.w("</tr></thead>", "<tbody>")

    # --- sections
    def summary(self) -> None:
        r, t, lang = self.r, self.t, self.lang
        self.w('<section id="summary" aria-labelledby="summary-h">',
               f'<h2 id="summary-h">{esc(t["summary"])}</h2>', '<dl class="facts">')
        for label, value, mono in plan_facts(r, lang):
            cls = ' class="mono"' if mono else ""
            self.w(f"<dt>{esc(label)}</dt><dd{cls}>{esc(value)}</dd>")
        self.w("</dl>")
        counts = severity_counts(r.findings)
        self.table_open(t["sev_caption"], [(t["severity"], False), (t["count"], True)], 5)
        for sev in SEVERITIES:
            self.w(f'<tr><th scope="row">{_sev(sev, lang)} {esc(SEVERITY_PLURAL[lang][sev])}'
                   f'</th><td class="num">{counts[sev]}</td></tr>')
        self.w(f'<tr><th scope="row"><strong>{esc(t["total"])}</strong></th>'
               f'<td class="num"><strong>{len(r.findings)}</strong></td></tr>',
               f'<tr><th scope="row">{esc(t["waived_count"])}</th>'
               f'<td class="num">{len(r.waived)}</td></tr>', "</tbody></table>")
        by_rule: dict[str, list[Finding]] = {}
        for f in r.findings:
            by_rule.setdefault(f.rule, []).append(f)
        rules = rules_run(r)
        self.table_open(t["rule_caption"].format(count=len(rules)),
                        [(t["rule"], False), (t["title"], False),
                         (t["outcome"], False), (t["basis"], False),
                         (t["tested_col"], False), (t["findings_n"], True)])
        for rule in rules:
            found = by_rule.get(rule.id, [])
            n = len(found)
            status, reasons = coverage_of(r, rule.id, lang)
            kind, word = outcome(found, status, t, lang)
            grades = "/".join(SEVERITY_WORD[lang].get(sv, sv) for sv in rule.severities())
            rid = (f'<a href="#rule-{esc(rule.id)}">{esc(rule.id)}</a>' if n
                   else esc(rule.id))
            zero = ' class="zero"' if not n else ""
            why = f'<br><span class="small">{esc(reasons)}</span>' if reasons else ""
            # "none" only for a rule that tested everything: not tested is never passed
            count = n if n else (esc(t["none"]) if status == "tested" else "–")
            self.w(f'<tr{zero}><th scope="row">{rid}</th>'
                   f"<td>{esc(rule_text(rule, 'title', lang))}<br>"
                   f'<code class="small">{esc(rule.name)}</code></td>'
                   f"<td>{_badge(kind, word)}<br>"
                   f'<span class="small">{esc(t["default_severity"])}: {esc(grades)}</span></td>'
                   f"<td>{esc(kinds_text(rule, lang))}</td>"
                   f"<td>{esc(t['status_' + status])}{why}</td>"
                   f'<td class="num">{count}</td></tr>')
        self.w("</tbody></table>")
        sources = list(r.plan.sources)
        if sources:
            self.table_open(t["sources_caption"], [(t["source_id"], False),
                                                   (t["source_title"], False),
                                                   (t["source_publisher"], False)],
                            len(sources))
            for s in sources:
                self.w(f'<tr><th scope="row"><code>{esc(s.id)}</code></th>'
                       f"<td>{esc(s.title)}</td><td>{esc(s.publisher or '–')}</td></tr>")
            self.w("</tbody></table>")
        self.w("</section>")

    def figures(self) -> None:
        r, t, lang = self.r, self.t, self.lang
        g = r.steering
        self.w('<section id="figures" aria-labelledby="figures-h">',
               f'<h2 id="figures-h">{esc(t["figures"])}</h2>')
        # (a) coverage
        self.w('<section id="fig-coverage" aria-labelledby="fig-coverage-h">',
               f'<h3 id="fig-coverage-h">{esc(t["fig_coverage"])}</h3>')
        cov = svg.coverage_data(g)
        if cov.goals and cov.bodies:
            self.w("<figure>", svg.coverage_svg(cov, lang),
                   f"<figcaption>{esc(t['cov_caption'].format(year=cov.year))}</figcaption>",
                   "</figure>")
        else:
            self.w(f'<p class="empty">{esc(t["cov_none"])}</p>')
        self.w("</section>")
        # (b) balanskrav
        self.w('<section id="fig-balance" aria-labelledby="fig-balance-h">',
               f'<h3 id="fig-balance-h">{esc(t["fig_balance"])}</h3>')
        bal = svg.balance_data(g)
        if bal is None:
            self.w(f'<p class="empty">{esc(t["bal_none"])}</p>')
        else:
            self.w("<figure>", svg.balance_svg(bal, lang),
                   f"<figcaption>{esc(t['bal_caption'].format(source=bal.source or bal.title))}"
                   "</figcaption>", "</figure>")
            self.balance_tables(bal)
        self.w("</section>")
        # (c) frames
        self.w('<section id="fig-frames" aria-labelledby="fig-frames-h">',
               f'<h3 id="fig-frames-h">{esc(t["fig_frames"])}</h3>')
        frames = svg.frames_data(g)
        if frames is None or not frames.rows:
            self.w(f'<p class="empty">{esc(t["frames_none"])}</p>')
        else:
            caption = t["frames_caption"].format(year=frames.year, table=frames.title,
                                                 source=frames.source or frames.table_id)
            if not frames.any_net_cost:
                caption += " " + svg.T[lang]["frames_none"].format(year=frames.year)
            self.w("<figure>", svg.frames_svg(frames, lang),
                   f"<figcaption>{esc(caption)}</figcaption>", "</figure>")
            self.frames_table(frames)
        self.w("</section>")
        # (d) organisation
        self.w('<section id="fig-org" aria-labelledby="fig-org-h">',
               f'<h3 id="fig-org-h">{esc(t["fig_org"])}</h3>')
        roots = svg.org_tree(g)
        if roots:
            self.w("<figure>", svg.org_svg(roots, lang),
                   f"<figcaption>{esc(t['org_caption'])}</figcaption>", "</figure>")
        else:
            self.w(f'<p class="empty">{esc(t["org_none"])}</p>')
        self.w("</section>", "</section>")

    def balance_tables(self, bal: svg.Balance) -> None:
        t, lang = self.t, self.lang
        self.table_open(t["bal_table"].format(unit=bal.unit),
                        [(t["year"], False), (t["result"], True), (t["exempt"], True),
                         (t["new_deficit"], True), (t["restored"], False),
                         (t["surplus_left"], True), (t["open_after"], True),
                         (t["printed_closing"], True)], len(bal.years))
        for y in bal.years:
            restored = ", ".join(svg.T[lang]["bal_restore_part"].format(
                amount=fmt(a, lang), origin=o) for o, a in y.restored) or "–"
            self.w(f'<tr><th scope="row" class="nowrap">{esc(y.heading)}</th>'
                   f'<td class="num">{esc(fmt(y.result, lang))}</td>'
                   f'<td class="num">{esc(fmt(y.exempt, lang))}</td>'
                   f'<td class="num">{esc(fmt(y.new_deficit, lang))}</td>'
                   f"<td>{esc(restored)}</td>"
                   f'<td class="num">{esc(fmt(y.surplus_left, lang))}</td>'
                   f'<td class="num">{esc(fmt(y.open_after, lang))}</td>'
                   f'<td class="num">{esc(fmt(y.printed_closing, lang))}</td></tr>')
        self.w("</tbody></table>")
        if bal.deficits:
            self.table_open(t["deficit_table"].format(unit=bal.unit),
                            [(t["origin"], False), (t["amount"], True), (t["deadline"], False),
                             (t["status"], False)], len(bal.deficits))
            for d in bal.deficits:
                _, status = svg.deficit_status(d, bal.last_year, lang)
                self.w(f'<tr><th scope="row">{d.origin}</th>'
                       f'<td class="num">{esc(fmt(d.amount, lang))}</td>'
                       f"<td>{d.deadline}</td><td>{esc(status)}</td></tr>")
            self.w("</tbody></table>")

    def frames_table(self, frames: svg.Frames) -> None:
        t, lang = self.t, self.lang
        st = svg.T[lang]
        self.table_open(t["frames_table"].format(year=frames.year, unit=frames.unit),
                        [(t["body"], False), (t["ram"], True), (t["net_cost"], True),
                         (t["net_kind"], False)], len(frames.rows))
        for row in frames.rows:
            kind = (st[row.net_kind] if row.net_kind else
                    st["net_growth"].format(growth=fmt(row.growth, lang))
                    if row.growth is not None else "–")
            self.w(f'<tr><th scope="row">{esc(row.name)}</th>'
                   f'<td class="num">{esc(fmt(row.ram, lang))}</td>'
                   f'<td class="num">{esc(fmt(row.net_cost, lang))}</td>'
                   f"<td>{esc(kind)}</td></tr>")
        self.w("</tbody></table>")

    def findings(self, groups: list[Any]) -> None:
        t, lang = self.t, self.lang
        self.w('<section id="findings" aria-labelledby="findings-h">',
               f'<h2 id="findings-h">{esc(t["findings"])}</h2>',
               f"<p>{esc(t['findings_intro'])}</p>")
        if not groups:
            self.w(f'<p class="empty">{esc(t["no_findings"])}</p>')
        for fam, rules in groups:
            self.w(f'<section id="family-{esc(fam)}" aria-labelledby="family-{esc(fam)}-h">',
                   f'<h3 id="family-{esc(fam)}-h">{esc(fam)} – '
                   f'{esc(family_name(fam, lang))}</h3>')
            for rule, rid, findings in rules:
                self.rule_block(rule, rid, findings)
            self.w("</section>")
        self.w("</section>")

    def reference_html(self, rule_id: str, text: str) -> str:
        if not text:
            return "–"
        out = esc(text)
        if not reference_verified(self.r, rule_id):
            out += f' <strong class="unverified">[{esc(self.t["unverified"])}]</strong>'
        return out

    def rule_block(self, rule: RuleSpec | None, rid: str, findings: list[Finding]) -> None:
        t, lang = self.t, self.lang
        name = rule.name if rule else findings[0].name
        title = rule_text(rule, "title", lang)
        kind, word = outcome(findings, "tested", t, lang)
        self.w(f'<section class="rule" id="rule-{esc(rid)}" aria-labelledby="rule-{esc(rid)}-h">',
               '<div class="rule-head">',
               f'<h4 id="rule-{esc(rid)}-h">{esc(rid)} <code>{esc(name)}</code>'
               f'{" – " + esc(title) if title else ""}</h4>',
               f'<p class="rule-meta">{_badge(kind, word)} · '
               f'{esc(t["n_findings"].format(n=len(findings)))}</p>')
        rationale = rule_text(rule, "rationale", lang)
        if rationale:
            self.w(f"<p><strong>{esc(t['rationale'])}:</strong> {esc(rationale)}</p>")
        reference = rule_text(rule, "reference", lang) or findings[0].reference
        self.w(f"<p><strong>{esc(t['reference'])}:</strong> "
               f"{self.reference_html(rid, reference)}</p>")
        if rule is not None:
            self.w(f"<p><strong>{esc(t['basis'])}:</strong> "
                   f"{esc(basis_line(rule.basis.shown(lang), lang))}</p>")
        self.w("</div>")
        for f in findings:
            self.finding(f)
        self.w("</section>")

    def finding(self, f: Finding) -> None:
        t, lang, r = self.t, self.lang, self.r
        n = self.numbers[id(f)]
        ev = evidence_of(r, f, lang)
        self.w(f'<article class="finding {esc(f.severity)}" id="finding-{n}" '
               f'aria-labelledby="finding-{n}-h">',
               f'<h5 id="finding-{n}-h">{esc(t["finding_n"].format(n=n))} · '
               f'{_sev(f.severity, lang)} · {esc(f.rule)} <code>{esc(f.name)}</code></h5>',
               f'<p class="message">{esc(message_text(f.message))}</p>', "<dl>",
               f'<dt>{esc(t["location"])}</dt><dd><code>{esc(f.location)}</code></dd>')
        if f.related:
            self.w(f'<dt>{esc(t["related"])}</dt><dd>'
                   + ", ".join(f"<code>{esc(loc)}</code>" for loc in f.related) + "</dd>")
        if ev.computation:
            self.w(f'<dt>{esc(t["computation"])}</dt>'
                   f'<dd><span class="computation">{esc(ev.computation)}</span></dd>')
        for path in ev.paths:
            self.w(f'<dt>{esc(t["path"])}</dt>'
                   f'<dd class="path">{" → ".join(esc(p) for p in path)}</dd>')
        if ev.source:
            self.w(f'<dt>{esc(t["source"])}</dt><dd>{esc(ev.source)}</dd>')
        if f.basis:
            self.w(f'<dt>{esc(t["basis"])}</dt><dd class="basis">'
                   f'{esc(basis_line(f.basis, lang))}</dd>')
        self.w(f'<dt>{esc(t["reference"])}</dt>'
               f'<dd class="ref">{self.reference_html(f.rule, f.reference)}</dd>')
        if ev.other:
            self.w(f'<dt>{esc(t["evidence"])}</dt><dd><dl class="ev">')
            for label, value in ev.other:
                self.w(f"<dt>{esc(label)}</dt><dd>{self.value_html(label, value)}</dd>")
            self.w("</dl></dd>")
        self.w("</dl>", "</article>")

    def value_html(self, label: str, value: Any) -> str:
        r, lang = self.r, self.lang
        if is_table(value):
            cols = table_columns(value)
            parts = ['<table class="mini">', f"<caption>{esc(label)}</caption>",
                     "<thead><tr>"]
            parts += [f'<th scope="col">{esc(self.labels.get(c, c))}</th>'
                      for c in cols]
            parts.append("</tr></thead><tbody>")
            for row in value:
                cells = [compact(r, row.get(c), lang) for c in cols]
                parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
            parts.append("</tbody></table>")
            self.tables += 1
            return "".join(parts)
        return esc(compact(r, value, lang))

    def waived(self) -> None:
        r, t, lang = self.r, self.t, self.lang
        self.w('<section id="waived" aria-labelledby="waived-h">',
               f'<h2 id="waived-h">{esc(t["waived"])}</h2>', f"<p>{esc(t['waived_intro'])}</p>")
        if not r.waived:
            self.w(f'<p class="empty">{esc(t["waived_none"])}</p>')
        else:
            self.table_open(t["waived_caption"].format(n=len(r.waived)),
                            [(t["rule"], False), (t["severity"], False), (t["message"], False),
                             (t["location"], False), (t["reason"], False),
                             (t["decided_by"], False), (t["who"], False),
                             (t["expires"], False)])
            for w in r.waived:
                f = w.finding
                reason, decided_by, who, expires = waiver_fields(w, lang)
                self.w(f'<tr><th scope="row">{esc(f.rule)} <code>{esc(f.name)}</code></th>'
                       f"<td>{_sev(f.severity, lang)}</td><td>{esc(message_text(f.message))}</td>"
                       f"<td><code>{esc(f.location)}</code></td><td>{esc(reason)}</td>"
                       f"<td>{esc(decided_by)}</td><td>{esc(who)}</td>"
                       f"<td>{esc(expires)}</td></tr>")
            self.w("</tbody></table>")
        self.w("</section>")

    def about(self) -> None:
        r, t = self.r, self.t
        cmd = f"govcheck report PLAN_DIR -o rapport.html --lang {self.lang}"
        self.w('<section id="about" aria-labelledby="about-h">',
               f'<h2 id="about-h">{esc(t["about"])}</h2>',
               f"<p>{esc(t['about_text'].format(version=r.version, plan=r.plan_name))}</p>",
               f"<p>{esc(t['about_sev'])}</p>",
               f"<p>{esc(t['about_cmd'])}:</p>", f"<pre><code>{esc(cmd)}</code></pre>",
               "</section>")


def render(report: Report) -> str:
    return _Html(report).render()
