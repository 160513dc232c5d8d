"""Rule documentation, generated from the rule files (never written twice)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govcheck.i18n import render
from govcheck.rules.checks import CHECKS
from govcheck.rules.spec import BASIS_KINDS, RuleSpec

HEAD = {
    "sv": {"severity": "Allvarlighetsgrad", "rationale": "Motivering", "reference": "Referens",
           "unverified": "(referensen är inte bekräftad mot lagtexten)", "check": "Kontroll",
           "options": "Val", "fail": "Underkänt exempel", "pass": "Godkänt exempel",
           "messages": "Meddelanden", "pack": "Regelpaket", "conditions": "Villkor",
           "declarative": "villkor i regelfilen (docs/writing-rules.md)",
           "base": "grundregler (gäller varje kommun och region)",
           "in_pack": "styrmodell {pack} (körs för planer som anger `styrmodell: [{pack}]`)"},
    "en": {"severity": "Severity", "rationale": "Rationale", "reference": "Reference",
           "unverified": "(reference not verified against the law text)", "check": "Check",
           "options": "Options", "fail": "Failing example", "pass": "Passing example",
           "messages": "Messages", "pack": "Rule pack", "conditions": "Conditions",
           "declarative": "conditions in the rule file (docs/writing-rules.md)",
           "base": "base ruleset (holds for any kommun or region)",
           "in_pack": "styrmodell {pack} (runs for plans that say `styrmodell: [{pack}]`)"},
}


QUOTES = {"sv": ("”", "”"), "en": ("“", "”")}


def kind_word(kind: str, lang: str) -> str:
    """``lag`` / ``fullmäktige`` / ``praxis`` as the language says it: law, fullmäktige's
    decision, practice."""
    return render(f"basis.kind.{kind}", lang) if kind in BASIS_KINDS else kind


def basis_line(info: Mapping[str, Any], lang: str) -> str:
    """A basis on one line (``Basis.shown`` or a finding's ``basis``): the kind, then the
    paragraph and its quoted words, the decision or the practice, and whether the quote is
    verified against the law text."""
    if not info:
        return "–"
    kind = str(info.get("kind", ""))
    start, end = QUOTES[lang]
    law = ""
    if info.get("paragraph"):
        law = str(info["paragraph"])
        if info.get("quote"):
            law += f": {start}{info['quote']}{end}"
        note = [str(info["source"])] if info.get("source") else []
        note.append(render("basis.verified" if info.get("verified") else "basis.unverified",
                           lang))
        law += f" ({'; '.join(note)})"
    text = str(info.get("decision") or info.get("practice") or "")
    if kind == "lag":
        body = law
    elif law:
        body = f"{text} {render('basis.law_behind', lang).capitalize()}: {law}"
    else:
        body = text
    return f"{kind_word(kind, lang)} — {body}" if body else kind_word(kind, lang)


def severities_text(rule: RuleSpec) -> str:
    """``error``, or ``error/warning`` for a rule whose messages differ."""
    return "/".join(rule.severities())


def kinds_text(rule: RuleSpec, lang: str | None = None) -> str:
    """``lag``, or ``lag/praxis`` for a rule whose messages rest on different grounds; in
    ``lang``'s words when given."""
    kinds = rule.basis_kinds()
    return "/".join(kind_word(k, lang) if lang else k for k in kinds)


def own_variants(rule: RuleSpec) -> list[str]:
    """The message variants with a severity or basis other than the rule's."""
    return [v for v in sorted(rule.messages)
            if rule.severity_of(v) != rule.severity or rule.basis_of(v) != rule.basis]


def rule_markdown(rule: RuleSpec, lang: str = "sv") -> str:
    h = HEAD[lang]
    check = CHECKS[rule.check] if not rule.declarative else None
    basis_title = render("basis.title", lang)
    lines = [
        f"# {rule.id} {rule.name}",
        "",
        f"**{getattr(rule.title, lang)}**",
        "",
        f"- {h['severity']}: `{severities_text(rule)}`",
        f"- {basis_title}: {kinds_text(rule, lang)}",
        f"- {h['pack']}: " + (h["in_pack"].format(pack=rule.pack) if rule.pack else h["base"]),
        f"- {h['check']}: `{rule.check}`" if check is not None
        else f"- {h['check']}: {h['declarative']}",
    ]
    if rule.options:
        opts = ", ".join(f"`{k}`: `{v}`" for k, v in sorted(rule.options.items()))
        lines.append(f"- {h['options']}: {opts}")
    ref = getattr(rule.reference, lang)
    if not rule.reference_verified:
        ref += " " + h["unverified"]
    lines += ["", f"## {basis_title}", "", basis_line(rule.basis.shown(lang), lang)]
    own = own_variants(rule)
    if own:
        lines += ["", f"{render('basis.own', lang)}:", ""]
        lines += [f"- `{v}` (`{rule.severity_of(v)}`): "
                  f"{basis_line(rule.basis_of(v).shown(lang), lang)}" for v in own]
    lines += ["", f"## {h['rationale']}", "", getattr(rule.rationale, lang), "",
              f"## {h['reference']}", "", ref, ""]
    if check is None:
        from govcheck.rules.lang import conditions_yaml

        lines += [f"## {h['conditions']}", "", "```yaml", conditions_yaml(rule).rstrip("\n"),
                  "```", ""]
    elif lang == "en":
        # the check's docstring is English: the Swedish page says it in its rationale
        lines += [check.doc, ""]
    lines += [f"## {h['messages']}", ""]
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
             "Basis: `lag` (a paragraph of the law, quoted), `fullmäktige` (what the plan"
             " itself decides) or `praxis` (good practice, named); severity follows it:"
             " errors only where the law or fullmäktige's own decision is broken, practice"
             " gives warnings at most. A rule whose messages rest on different grounds lists"
             " each (`lag/praxis`).", "",
             "Pack: `base` rules hold for any kommun or region; a styrmodell pack's rules"
             " (`rules/styrmodell/NAME/`) run for the plans that opt into it"
             " (`plan.styrmodell: [NAME]`).", "",
             "| id | name | pack | severity | basis | verified | title |",
             "|---|---|---|---|---|---|---|"]
    for rule in rules:
        lines.append(f"| [{rule.id}]({rule.id}.md) | {rule.name} | {rule.pack or 'base'} | "
                     f"{severities_text(rule)} | "
                     f"{kinds_text(rule)} | {'yes' if rule.reference_verified else 'no'} | "
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
