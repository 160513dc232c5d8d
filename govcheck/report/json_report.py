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


def render(report: Report) -> str:
    doc = document(report.findings, report.plan_name, len(report.rules_run))
    if report.waived:
        doc["waived"] = [dict(w.finding.as_dict(), waiver={
            "reason": w.reason, "decided_by": w.decided_by, "who": w.who,
            "expires": w.expires}) for w in report.waived]
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
