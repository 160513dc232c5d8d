"""Baselines: the findings a plan had when the baseline was written, accepted so that CI
fails only on new ones.

A baseline file is deterministic JSON, one entry per fingerprint (``Finding.fingerprint``:
rule, kind of problem, file relative to the plan folder and what the finding is about;
never the line, the wording or the measured figures), with how many findings share it and,
for people reading the file, the rule, file and message. ``govcheck baseline PLAN_DIR -o FILE`` writes it; ``lint --baseline FILE`` accepts
up to ``count`` findings of each fingerprint.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govcheck.load.errors import LoadError, Location, PlanLoadError
from govcheck.load.folder import display_path, read_utf8
from govcheck.rules.finding import Finding

FORMAT = 1


@dataclass
class Entry:
    fingerprint: str
    rule: str
    file: str
    message: str
    count: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "rule": self.rule, "file": self.file,
                "count": self.count, "message": self.message}


@dataclass
class Baseline:
    entries: dict[str, Entry] = field(default_factory=dict)
    path: Path | None = None

    def display(self) -> str:
        return display_path(self.path) if self.path is not None else ""


def from_findings(findings: Iterable[Finding], root: str) -> Baseline:
    """A baseline that accepts exactly ``findings`` (of the plan in folder ``root``)."""
    entries: dict[str, Entry] = {}
    for f in sorted(findings, key=Finding.sort_key):
        fp = f.fingerprint(root)
        if fp in entries:
            entries[fp].count += 1
        else:
            entries[fp] = Entry(fp, f.rule, f.plan_file(root), f.message)
    return Baseline(entries)


def update(old: Baseline, current: Baseline, prune: bool) -> tuple[Baseline, int, int]:
    """The baseline to write: ``current`` plus, unless ``prune``, the old entries that no
    longer match (a fingerprint keeps the larger count). Returns it, the number of entries
    added and the number dropped."""
    entries = {fp: Entry(**vars(e)) for fp, e in current.entries.items()}
    added = sum(1 for fp in current.entries if fp not in old.entries)
    dropped = 0
    for fp, entry in old.entries.items():
        if fp in entries:
            if not prune:
                entries[fp].count = max(entries[fp].count, entry.count)
                entries[fp].message = entry.message
        elif prune:
            dropped += 1
        else:
            entries[fp] = Entry(**vars(entry))
    return Baseline(entries), added, dropped


def dump(baseline: Baseline, plan: str) -> str:
    """Deterministic JSON: entries sorted by file, rule, message and fingerprint."""
    ordered = sorted(baseline.entries.values(),
                     key=lambda e: (e.file, e.rule, e.message, e.fingerprint))
    doc = {"govcheck_baseline": FORMAT, "plan": plan,
           "findings": [e.as_dict() for e in ordered]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def load(path: Path) -> Baseline:
    """Read a baseline file; raise PlanLoadError (located) when it cannot be used."""
    path = Path(path)
    display = display_path(path)
    text = read_utf8(path, display, "baseline.unreadable")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanLoadError([LoadError(Location(display, exc.lineno, exc.colno),
                                       "baseline.syntax", {"problem": exc.msg})]) from None

    def bad(detail: str) -> PlanLoadError:
        return PlanLoadError([LoadError(Location(display, 1, 1), "baseline.invalid",
                                        {"detail": detail})])

    if not isinstance(doc, dict) or doc.get("govcheck_baseline") != FORMAT:
        raise bad(f"'govcheck_baseline': {FORMAT} is missing")
    items = doc.get("findings")
    if not isinstance(items, list):
        raise bad("'findings' is not a list")
    entries: dict[str, Entry] = {}
    for n, item in enumerate(items):
        try:
            entry = Entry(fingerprint=item["fingerprint"], rule=item["rule"], file=item["file"],
                          message=item.get("message", ""), count=item.get("count", 1))
        except (TypeError, KeyError) as exc:
            raise bad(f"findings[{n}]: {exc}") from None
        if not isinstance(entry.fingerprint, str) or not isinstance(entry.count, int) \
                or isinstance(entry.count, bool) or entry.count < 1:
            raise bad(f"findings[{n}]: fingerprint or count")
        if entry.fingerprint in entries:
            entries[entry.fingerprint].count += entry.count
        else:
            entries[entry.fingerprint] = entry
    return Baseline(entries, path)


def split(findings: list[Finding], baseline: Baseline, root: str) -> tuple[list[Finding],
                                                                              list[Finding]]:
    """(still active, accepted by the baseline): each entry accepts up to ``count`` findings
    with its fingerprint, in the findings' order."""
    left = {fp: e.count for fp, e in baseline.entries.items()}
    active: list[Finding] = []
    accepted: list[Finding] = []
    for f in findings:
        fp = f.fingerprint(root)
        if left.get(fp, 0) > 0:
            left[fp] -= 1
            accepted.append(f)
        else:
            active.append(f)
    return active, accepted
