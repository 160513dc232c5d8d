"""Score govcheck's findings on a corpus plan against its facit (docs/corpus.md).

A facit (``facit.yaml`` in a plan folder) lists the real problems an auditor finds by
reading the plan's source and the traps (what looks wrong but is right). A finding
*matches* a problem or trap when its rule is the entry's ``regel`` (``null``: any rule for a
trap, no rule for a problem), its file is the entry's ``fil`` relative to the plan folder
(no ``fil``: any file) and every term of ``avser`` is in the finding's subject
(``Finding.subject_terms``) or in its message. Findings matching a problem are true, the
others false; a problem no finding matches is missed; a trap a finding matches is hit.

Used by ``bench/truth`` and the corpus tests; the command line never imports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govcheck.rules.finding import Finding

FACIT = "facit.yaml"


@dataclass(frozen=True)
class Entry:
    """One problem or trap of a facit."""

    id: str
    rule: str | None
    file: str | None
    terms: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Facit:
    plan: str
    problems: tuple[Entry, ...]
    traps: tuple[Entry, ...]


@dataclass
class Score:
    """One plan's score: which findings were true or false, which problems were missed,
    which traps hit (each a list of ids or short finding texts)."""

    plan: str
    true: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    traps_hit: list[str] = field(default_factory=list)
    traps: int = 0


def _entries(items: Any, kind: str, path: Path) -> tuple[Entry, ...]:
    out = []
    for item in items or []:
        if not isinstance(item, dict) or "id" not in item:
            raise ValueError(f"{path}: every {kind} needs an id")
        terms = item.get("avser") or []
        if not isinstance(terms, list):
            terms = [terms]
        out.append(Entry(str(item["id"]), item.get("regel"), item.get("fil"),
                         tuple(str(t) for t in terms), str(item.get("beskrivning", ""))))
    return tuple(out)


def load_facit(path: Path) -> Facit:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Facit(str(data.get("plan", path.parent.name)),
                 _entries(data.get("problem"), "problem", path),
                 _entries(data.get("fällor"), "fälla", path))


def matches(entry: Entry, finding: Finding, root: str, *, any_rule: bool) -> bool:
    if entry.rule is None:
        if not any_rule:
            return False
    elif finding.rule != entry.rule:
        return False
    if entry.file is not None and finding.plan_file(root) != entry.file:
        return False
    subject = finding.subject_terms()
    return all(term in subject or term in finding.message for term in entry.terms)


def _show(finding: Finding, root: str) -> str:
    return f"{finding.rule} {finding.plan_file(root)}:{finding.location.line} {finding.message}"


def score(facit: Facit, findings: Iterable[Finding], root: str) -> Score:
    result = Score(facit.plan, traps=len(facit.traps))
    found: set[str] = set()
    hit: set[str] = set()
    for finding in findings:
        problems = [p.id for p in facit.problems if matches(p, finding, root, any_rule=False)]
        traps = [t.id for t in facit.traps if matches(t, finding, root, any_rule=True)]
        (result.true if problems else result.false).append(_show(finding, root))
        found.update(problems)
        hit.update(traps)
    result.found = [p.id for p in facit.problems if p.id in found]
    result.missed = [p.id for p in facit.problems if p.id not in found]
    result.traps_hit = [t.id for t in facit.traps if t.id in hit]
    return result


def corpus_plans(plans_dir: Path) -> list[Path]:
    """The plan folders under ``plans_dir`` that have a facit and a plan, by name."""
    return sorted(p.parent for p in plans_dir.glob(f"*/{FACIT}")
                  if (p.parent / "plan.yaml").is_file())


def score_plan(plan_dir: Path) -> Score:
    """Lint ``plan_dir`` with every built-in rule (no waivers) and score it."""
    from govcheck.pipeline import build_report

    facit = load_facit(plan_dir / FACIT)
    report = build_report(plan_dir, waivers=False)
    return score(facit, report.findings, report.plan_root)
