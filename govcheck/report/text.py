"""Compiler-style text output: one line per finding, then a summary."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from govcheck.paths import escape_name
from govcheck.rules.finding import Finding

if TYPE_CHECKING:
    from govcheck.report.model import Report, Waived

SUMMARY = {
    "sv": "{errors} fel, {warnings} varningar, {infos} noteringar i {plan} ({rules} regler)",
    "en": "{errors} error(s), {warnings} warning(s), {infos} note(s) in {plan} ({rules} rules)",
}
CLEAN = {"sv": "Inga fynd i {plan} ({rules} regler).", "en": "No findings in {plan} ({rules} rules)."}
WAIVED = {"sv": ", {n} undantagna", "en": ", {n} waived"}
WAIVED_MARK = {"sv": "undantagen", "en": "waived"}
WAIVER_WORDS = {
    "sv": {"reason": "orsak", "decided_by": "beslut", "who": "av", "expires": "giltig till",
           "baseline": "baslinje"},
    "en": {"reason": "reason", "decided_by": "decision", "who": "by", "expires": "valid until",
           "baseline": "baseline"},
}
SEVERITY_WORD = {"sv": {"error": "fel", "warning": "varning", "info": "notering"},
                 "en": {"error": "error", "warning": "warning", "info": "info"}}


def counts(findings: list[Finding]) -> dict[str, int]:
    c = Counter(f.severity for f in findings)
    return {"error": c.get("error", 0), "warning": c.get("warning", 0), "info": c.get("info", 0)}


def finding_line(f: Finding) -> str:
    # severity stays in English here, as compilers and editors' problem matchers expect
    return f"{f.location}: {f.severity} {f.rule} {f.message} [{f.name}]"


def waived_line(w: Waived, lang: str) -> str:
    """A waived finding: its location, the mark 'undantagen'/'waived' (so that problem
    matchers looking for 'FILE:LINE:COL: error' skip it), the finding, and why."""
    f = w.finding
    words = WAIVER_WORDS.get(lang, WAIVER_WORDS["sv"])
    if w.reason == "baseline" and not w.who and not w.expires:
        why = words["baseline"] + (f" {w.decided_by}" if w.decided_by else "")
    else:
        why = "; ".join(f"{words[k]}: {v}" if k != "expires" else f"{words[k]} {v}"
                        for k, v in (("reason", w.reason), ("decided_by", w.decided_by),
                                     ("who", w.who), ("expires", w.expires)) if v)
    mark = WAIVED_MARK.get(lang, WAIVED_MARK["sv"])
    return f"{f.location}: {mark} {f.severity} {f.rule} {f.message} [{f.name}] ({why})"


def summary_line(findings: list[Finding], plan: str, rules: int, lang: str,
                 waived: int = 0) -> str:
    tail = WAIVED[lang].format(n=waived) if waived else ""
    if not findings:
        text = CLEAN[lang].format(plan=plan, rules=rules)
        return text[:-1] + tail + "." if tail else text
    c = counts(findings)
    return SUMMARY[lang].format(errors=c["error"], warnings=c["warning"], infos=c["info"],
                                plan=plan, rules=rules) + tail


TOTAL = {
    "sv": "Totalt: {errors} fel, {warnings} varningar, {infos} noteringar i {plans} planer",
    "en": "Total: {errors} error(s), {warnings} warning(s), {infos} note(s) in {plans} plans",
}
TOTAL_WAIVED = {"sv": ", {n} undantagna", "en": ", {n} waived"}
TOTAL_BROKEN = {"sv": "; {n} planer med indatafel", "en": "; {n} plan(s) with input errors"}


def total_line(reports: list["Report"], lang: str, broken: int = 0) -> str:
    """The last line of a run over several plans: the findings of all of them, and how
    many plans could not be read (``broken``)."""
    c = counts([f for r in reports for f in r.findings])
    waived = sum(len(r.waived) for r in reports)
    text = TOTAL[lang].format(errors=c["error"], warnings=c["warning"], infos=c["info"],
                              plans=len(reports) + broken)
    if waived:
        text += TOTAL_WAIVED[lang].format(n=waived)
    if broken:
        text += TOTAL_BROKEN[lang].format(n=broken)
    return text


def plan_lines(report: "Report") -> list[tuple[str, str | None]]:
    """The lines for one plan, each with the severity that colours it ("waived" for a
    waived finding, None for the summary): findings, waived findings, summary."""
    lines: list[tuple[str, str | None]] = [(finding_line(f), f.severity)
                                            for f in report.findings]
    lines += [(waived_line(w, report.lang), "waived") for w in report.waived]
    lines += [(line, None) for line in untested_lines(report)]
    lines.append((summary_line(report.findings, report.display_name, len(report.rules_run),
                               report.lang, len(report.waived)), None))
    # one line each, whatever a quoted plan value holds: no text can start a line of its own
    return [(escape_name(line), severity) for line, severity in lines]


UNTESTED = {"sv": {"not_tested": "ej prövad", "partly": "delvis prövad"},
            "en": {"not_tested": "not tested", "partly": "partly tested"}}


def untested_lines(report: "Report") -> list[str]:
    """One line per rule that could not test everything: not tested is never shown as
    passed (govcheck.rules.coverage)."""
    words = UNTESTED.get(report.lang, UNTESTED["sv"])
    out = []
    for rule_id, cov in report.untested().items():
        reasons = "; ".join(r.render(report.lang) for r in cov.reasons)
        out.append(f"{rule_id}: {words[cov.status]}: {reasons}")
    return out


def render(report: "Report") -> str:
    """The findings, then the waived findings (marked), then the summary."""
    return "\n".join(line for line, _ in plan_lines(report)) + "\n"
