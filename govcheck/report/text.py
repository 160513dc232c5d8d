"""Compiler-style text output: one line per finding, then a summary."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from govcheck.rules.finding import Finding

if TYPE_CHECKING:
    from govcheck.report.model import Report

SUMMARY = {
    "sv": "{errors} fel, {warnings} varningar, {infos} noteringar i {plan} ({rules} regler)",
    "en": "{errors} error(s), {warnings} warning(s), {infos} note(s) in {plan} ({rules} rules)",
}
CLEAN = {"sv": "Inga fynd i {plan} ({rules} regler).", "en": "No findings in {plan} ({rules} rules)."}
SEVERITY_WORD = {"sv": {"error": "fel", "warning": "varning", "info": "notering"},
                 "en": {"error": "error", "warning": "warning", "info": "info"}}


def counts(findings: list[Finding]) -> dict[str, int]:
    c = Counter(f.severity for f in findings)
    return {"error": c.get("error", 0), "warning": c.get("warning", 0), "info": c.get("info", 0)}


def finding_line(f: Finding) -> str:
    # severity stays in English here, as compilers and editors' problem matchers expect
    return f"{f.location}: {f.severity} {f.rule} {f.message} [{f.name}]"


def summary_line(findings: list[Finding], plan: str, rules: int, lang: str) -> str:
    if not findings:
        return CLEAN[lang].format(plan=plan, rules=rules)
    c = counts(findings)
    return SUMMARY[lang].format(errors=c["error"], warnings=c["warning"], infos=c["info"],
                                plan=plan, rules=rules)


def render(report: "Report") -> str:
    lines = [finding_line(f) for f in report.findings]
    lines.append(summary_line(report.findings, report.plan_name, len(report.rules_run),
                              report.lang))
    return "\n".join(lines) + "\n"
