"""Rule documentation, generated from the rule files (never written twice)."""

from __future__ import annotations

from govcheck.rules.checks import CHECKS
from govcheck.rules.spec import RuleSpec

HEAD = {
    "sv": {"severity": "Allvarlighetsgrad", "rationale": "Motivering", "reference": "Referens",
           "unverified": "(paragrafen är inte bekräftad mot lagtexten)", "check": "Kontroll",
           "options": "Val", "fail": "Underkänt exempel", "pass": "Godkänt exempel",
           "messages": "Meddelanden"},
    "en": {"severity": "Severity", "rationale": "Rationale", "reference": "Reference",
           "unverified": "(paragraph not confirmed against the law text)", "check": "Check",
           "options": "Options", "fail": "Failing example", "pass": "Passing example",
           "messages": "Messages"},
}


def rule_markdown(rule: RuleSpec, lang: str = "sv") -> str:
    h = HEAD[lang]
    check = CHECKS[rule.check]
    lines = [
        f"# {rule.id} {rule.name}",
        "",
        f"**{getattr(rule.title, lang)}**",
        "",
        f"- {h['severity']}: `{rule.severity}`",
        f"- {h['check']}: `{rule.check}`",
    ]
    if rule.options:
        opts = ", ".join(f"`{k}`: `{v}`" for k, v in sorted(rule.options.items()))
        lines.append(f"- {h['options']}: {opts}")
    ref = getattr(rule.reference, lang)
    if not rule.reference_verified:
        ref += " " + h["unverified"]
    lines += ["", f"## {h['rationale']}", "", getattr(rule.rationale, lang), "",
              f"## {h['reference']}", "", ref, "", check.doc, "",
              f"## {h['messages']}", ""]
    for variant in sorted(rule.messages):
        lines.append(f"- `{variant}`: {getattr(rule.messages[variant], lang)}")
    for kind in ("fail", "pass"):
        ex = rule.examples[kind]
        lines += ["", f"## {h[kind]}", "", getattr(ex.description, lang), "", "```yaml",
                  ex.yaml.rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"
