"""Rule documentation, generated from the rule files (never written twice)."""

from __future__ import annotations

from pathlib import Path

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


def index_markdown(rules: list[RuleSpec]) -> str:
    lines = ["# Rule catalogue", "",
             "Generated from the rule files in `rules/` by `govcheck rules docs docs/rules`;"
             " do not edit by hand.", "",
             "| id | name | severity | title |", "|---|---|---|---|"]
    for rule in rules:
        lines.append(f"| [{rule.id}]({rule.id}.md) | {rule.name} | {rule.severity} | "
                     f"{rule.title.sv} / {rule.title.en} |")
    return "\n".join(lines) + "\n"


def write_docs(ruleset: object, out_dir: Path) -> list[Path]:
    """One page per rule (Swedish, then English) and an index; returns the paths written."""
    rules = list(ruleset)  # type: ignore[call-overload]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for rule in rules:
        path = out_dir / f"{rule.id}.md"
        path.write_text(rule_markdown(rule, "sv") + "\n---\n\n" + rule_markdown(rule, "en"),
                        encoding="utf-8")
        written.append(path)
    index = out_dir / "README.md"
    index.write_text(index_markdown(rules), encoding="utf-8")
    written.append(index)
    return written
