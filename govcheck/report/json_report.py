"""The stable JSON document of ``govcheck lint --format json``."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from govcheck import __version__
from govcheck.report.text import counts
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


def render(findings: list[Finding], plan: str, rules: int) -> str:
    return json.dumps(document(findings, plan, rules), ensure_ascii=False, indent=2,
                      sort_keys=False) + "\n"
