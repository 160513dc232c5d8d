"""The change report as text (Swedish, or English) and as JSON (stable: sorted, the same
plans give the same bytes)."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from govcheck import __version__
from govcheck.compare import ADDED, CHANGED, REMOVED, SECTION_ORDER, Change, FindingChanges
from govcheck.i18n import CATALOGUE, render
from govcheck.paths import escape_name
from govcheck.rules.finding import Finding

_SECTION_WORDS = {
    "plan": ("planen", "plan"), "tabeller": ("tabell", "table"), "rader": ("rad", "row"),
    "kolumner": ("kolumn", "column"), "tal": ("tal", "figure"),
    "ekonomi": ("ekonomi", "economy"), "vision": ("vision", "vision"),
    "organ": ("organ", "body"), "förvaltningar": ("förvaltning", "administration"),
    "roller": ("roll", "role"), "förbund": ("förbund", "federation"),
    "bolag": ("bolag", "company"), "regionmål": ("mål", "goal"),
    "finansiella_mål": ("finansiellt mål", "financial goal"), "grupper": ("grupp", "group"),
    "uppdrag": ("uppdrag", "assignment"), "styrdokument": ("styrdokument", "governing document"),
    "uppgifter": ("uppgift", "statement"), "nämndplaner": ("nämndplan", "board plan"),
    "uppföljningar": ("uppföljning", "follow-up"),
    "internkontrollplaner": ("internkontrollplan", "internal control plan"),
    "beslut": ("beslut", "decision"), "källor": ("källa", "source"),
    "undantag": ("undantag", "waiver"),
}
CATALOGUE.update({f"compare.section.{key}": {"sv": sv, "en": en}
                  for key, (sv, en) in _SECTION_WORDS.items()})
CATALOGUE.update({
    "compare.header": {
        "sv": "Ändringar från {old} till {new} (+ nytt, - borttaget, ~ ändrat):",
        "en": "Changes from {old} to {new} (+ added, - removed, ~ changed):"},
    "compare.no_changes": {"sv": "Inga ändringar i planens innehåll.",
                           "en": "No change in the plan's content."},
    "compare.appeared": {"sv": "Fynd som tillkommit ({count}):",
                         "en": "Findings that appeared ({count}):"},
    "compare.disappeared": {"sv": "Fynd som försvunnit ({count}):",
                            "en": "Findings that disappeared ({count}):"},
    "compare.summary": {
        "sv": "{changes} ändringar{parts}; {appeared} fynd tillkommit, {disappeared} försvunnit",
        "en": "{changes} changes{parts}; {appeared} findings appeared, {disappeared} "
              "disappeared"},
    "compare.summary_no_findings": {"sv": "{changes} ändringar{parts}",
                                    "en": "{changes} changes{parts}"},
    "compare.same": {"sv": "Inga skillnader.", "en": "No differences."},
    "compare.missing": {"sv": "{path}: fel: finns inte", "en": "{path}: error: no such file or "
                                                                 "folder"},
    "compare.rows": {"sv": "{rows} rader, {figures} tal", "en": "{rows} rows, {figures} figures"},
})

_SIGN = {ADDED: "+", REMOVED: "-", CHANGED: "~"}
MAX_TEXT = 120


def _number(text: str, lang: str) -> str:
    return text.replace(".", ",") if lang == "sv" else text


def show(value: Any, lang: str, figure: bool = False) -> str:
    """A value as a person reads it: text in quotes, figures as printed (a decimal comma
    in Swedish), an empty cell as '–'."""
    if value is None:
        return "–"
    if figure and isinstance(value, str):
        return _number(value, lang)
    if isinstance(value, str):
        text = value if len(value) <= MAX_TEXT else value[:MAX_TEXT - 1] + "…"
        return json.dumps(text, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return "[" + ", ".join(_item(v, lang) for v in value) + "]"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"


def _item(value: Any, lang: str) -> str:
    """An item of a list: a figure as printed, an id or word as it is, other text quoted."""
    if isinstance(value, str) and _looks_numeric(value):
        return _number(value, lang)
    if isinstance(value, str) and _ID.match(value):
        return value
    return show(value, lang)


_ID = re.compile(r"^[\w][\w.-]*$")


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _place(change: Change, roots: tuple[str, str]) -> str:
    if not change.file:
        return ""
    root = roots[0] if change.op == REMOVED else roots[1]
    if change.file == ".":  # a plan document: the root is the file
        path = root
    else:
        path = f"{root.rstrip('/')}/{change.file}" if root else change.file
    return escape_name(f"{path}:{change.line}: ")


def change_line(change: Change, lang: str, roots: tuple[str, str] = ("", "")) -> str:
    """One change as a line of text."""
    word = render(f"compare.section.{change.section}", lang)
    head = f"{_place(change, roots)}{_SIGN[change.op]} {word} "
    if change.section == "tal":
        return (head + f"{change.id} / {change.label}: {show(change.old, lang, True)} → "
                f"{show(change.new, lang, True)}")
    if change.section in ("rader", "kolumner"):
        subject = f"{change.id} / {change.field}"
        if change.label:
            subject += f" {show(change.label, lang)}"
        if change.op == CHANGED:
            return head + (f"{subject}: {change.column} {show(change.old, lang)} → "
                           f"{show(change.new, lang)}")
        values = change.new if change.op == ADDED else change.old
        return head + (f"{subject} {show(values, lang)}" if change.section == "rader"
                       else subject)
    subject = change.id
    if change.label and change.label != change.id:
        subject += f" {show(change.label, lang)}"
    if change.op == CHANGED:
        return head + f"{subject}: {change.field} {_difference(change.old, change.new, lang)}"
    if change.section == "tabeller":
        summary = change.new if change.op == ADDED else change.old
        return head + subject + " (" + render("compare.rows", lang, rows=summary["rader"],
                                              figures=summary["tal"]) + ")"
    return head + subject


def _difference(old: Any, new: Any, lang: str) -> str:
    """``old → new``; for two lists of plain items that differ in more than their order,
    the items added (+) and removed (-)."""
    flat = (isinstance(old, list) and isinstance(new, list)
            and all(not isinstance(v, (dict, list)) for v in [*old, *new]))
    if flat and set(map(str, old)) != set(map(str, new)):
        added = [v for v in new if v not in old]
        removed = [v for v in old if v not in new]
        parts = []
        if added:
            parts.append("+ " + ", ".join(_item(v, lang) for v in added))
        if removed:
            parts.append("- " + ", ".join(_item(v, lang) for v in removed))
        return "; ".join(parts)
    return f"{show(old, lang)} → {show(new, lang)}"


def _parts(changes: list[Change], lang: str) -> str:
    counts = Counter(c.section for c in changes)
    if not counts:
        return ""
    parts = [f"{counts[s]} {render(f'compare.section.{s}', lang)}" for s in SECTION_ORDER
             if counts[s]]
    return " (" + ", ".join(parts) + ")"


def _finding_line(f: Finding) -> str:
    loc = f.location
    return escape_name(f"{loc.file}:{loc.line}:{loc.column}: {f.severity} {f.rule} "
                       f"{f.message} [{f.name}]")


def render_text(changes: list[Change], findings: FindingChanges | None, lang: str,
                old: str, new: str) -> str:
    """The whole report as text: the changes, the findings that appeared and went, and a
    summary line."""
    lines: list[str] = []
    roots = (old, new)
    if changes:
        lines.append(render("compare.header", lang, old=escape_name(old), new=escape_name(new)))
        lines += ["  " + change_line(c, lang, roots) for c in changes]
    else:
        lines.append(render("compare.no_changes", lang))
    if findings is not None:
        for key, items in (("compare.appeared", findings.appeared),
                           ("compare.disappeared", findings.disappeared)):
            if items:
                lines.append(render(key, lang, count=len(items)))
                lines += ["  " + _finding_line(f) for f in items]
    if not changes and (findings is None or not (findings.appeared or findings.disappeared)):
        lines.append(render("compare.same", lang))
    elif findings is None:
        lines.append(render("compare.summary_no_findings", lang, changes=len(changes),
                            parts=_parts(changes, lang)))
    else:
        lines.append(render("compare.summary", lang, changes=len(changes),
                            parts=_parts(changes, lang), appeared=len(findings.appeared),
                            disappeared=len(findings.disappeared)))
    return "\n".join(lines) + "\n"


def _finding_json(f: Finding, root: str) -> dict[str, Any]:
    return {"rule": f.rule, "name": f.name, "severity": f.severity, "message": f.message,
            "location": {"file": f.plan_file(root), "line": f.location.line,
                         "column": f.location.column},
            "fingerprint": f.fingerprint(root)}


def render_json(changes: list[Change], findings: FindingChanges | None, old: str,
                new: str) -> str:
    """The report as one JSON document: paths relative to each plan's folder, keys sorted."""
    doc: dict[str, Any] = {
        "govcheck": __version__, "old": old, "new": new,
        "changes": [c.to_json() for c in changes]}
    summary: dict[str, Any] = {
        "changes": len(changes),
        "by_section": dict(sorted(Counter(c.section for c in changes).items()))}
    if findings is not None:
        doc["findings"] = {
            "appeared": [_finding_json(f, findings.new_root) for f in findings.appeared],
            "disappeared": [_finding_json(f, findings.old_root)
                            for f in findings.disappeared]}
        summary["appeared"] = len(findings.appeared)
        summary["disappeared"] = len(findings.disappeared)
    doc["summary"] = summary
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"
