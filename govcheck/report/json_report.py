"""The stable JSON document of ``govcheck lint --format json``."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from govcheck import __version__
from govcheck.report.text import counts
from govcheck.report.model import Report
from govcheck.rules.finding import Finding


def document(findings: list[Finding], plan: str, rules: int) -> dict[str, Any]:
    by_rule = Counter(f.rule for f in findings)
    return {
        "govcheck": __version__,
        "plan": plan,
        "findings": [f.as_dict() for f in findings],
        "summary": {
            "total": len(findings),
            "by_severity": counts(findings),
            "by_rule": {k: by_rule[k] for k in sorted(by_rule)},
            "rules_run": rules,
        },
    }


def plan_document(report: Report) -> dict[str, Any]:
    doc = document(report.findings, report.plan_name, len(report.rules_run))
    doc["plan_name"] = report.display_name
    doc["coverage"] = {rid: cov.as_dict(report.lang)
                       for rid, cov in sorted(report.coverage.items())}
    if report.waived:
        doc["waived"] = [dict(w.finding.as_dict(), waiver={
            "reason": w.reason, "decided_by": w.decided_by, "who": w.who,
            "expires": w.expires}) for w in report.waived]
    return doc


def _dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def render(report: Report) -> str:
    return _dump(plan_document(report))


def render_many(reports: list[Report]) -> str:
    """Several plans: each plan's document (as ``render`` gives it, without the version)
    under ``plans`` in the order linted, and a summary over all of them."""
    plans = []
    for report in reports:
        doc = plan_document(report)
        del doc["govcheck"]
        plans.append(doc)
    findings = [f for r in reports for f in r.findings]
    total = document(findings, "", 0)["summary"]
    del total["rules_run"]
    return _dump({"govcheck": __version__, "plans": plans,
                  "summary": {"plans": len(reports), **total,
                              "waived": sum(len(r.waived) for r in reports)}})
