"""What every renderer receives: the findings and what they were found in. Renderers only format."""

from __future__ import annotations

import hashlib
import os
from dataclasses import field
from pathlib import Path
from typing import Any

from govcheck import __version__
from govcheck.graph.build import SteeringGraph
from govcheck.paths import real_path
from govcheck.records import FACTORY, assign, record
from govcheck.rules.coverage import TESTED, RuleCoverage
from govcheck.rules.engine import RuleSet
from govcheck.rules.finding import Finding


@record(frozen=True)
class Waived:
    """A finding an auditor or the kansli accepted, with the waiver that accepts it."""

    finding: Finding
    reason: str
    decided_by: str
    who: str
    expires: str

    def __init__(self, finding: Finding, reason: str, decided_by: str, who: str,
                 expires: str) -> None:
        assign(self, "finding", finding)
        assign(self, "reason", reason)
        assign(self, "decided_by", decided_by)
        assign(self, "who", who)
        assign(self, "expires", expires)


@record
class Report:
    """Everything a renderer needs of one lint: the plan, the rules, the findings."""

    plan_name: str
    plan_root: str
    graph: SteeringGraph | None  # None in a report sent back by a batch worker
    ruleset: RuleSet
    findings: list[Finding]
    lang: str = "sv"
    rules_run: list[str] = field(default_factory=list)
    waived: list[Waived] = field(default_factory=list)
    plan_hash: str = ""
    version: str = __version__
    coverage: dict[str, RuleCoverage] = field(default_factory=dict)
    """What each rule run could and could not test (govcheck.rules.coverage)."""
    title: str = ""
    """The plan's own name (``plan.namn``), for summaries; the folder name without one."""

    def __init__(self, plan_name: str, plan_root: str, graph: SteeringGraph | None,
                 ruleset: RuleSet, findings: list[Finding], lang: str = "sv",
                 rules_run: list[str] = FACTORY, waived: list[Waived] = FACTORY,
                 plan_hash: str = "", version: str = __version__,
                 coverage: dict[str, RuleCoverage] = FACTORY, title: str = "") -> None:
        self.plan_name = plan_name
        self.plan_root = plan_root
        self.graph = graph
        self.ruleset = ruleset
        self.findings = findings
        self.lang = lang
        self.rules_run = [] if rules_run is FACTORY else rules_run
        self.waived = [] if waived is FACTORY else waived
        self.plan_hash = plan_hash
        self.version = version
        self.coverage = {} if coverage is FACTORY else coverage
        self.title = title

    @property
    def display_name(self) -> str:
        """The plan's own name with its folder's, as summaries name it: "Miniplan 2026
        (b-mini)"; the folder's alone when the plan has no other name."""
        if not self.title or self.title == self.plan_name:
            return self.plan_name
        return f"{self.title} ({self.plan_name})"

    def untested(self) -> dict[str, RuleCoverage]:
        """The rules run that could not test everything, by id."""
        return {rid: c for rid, c in sorted(self.coverage.items()) if c.status != TESTED}

    @property
    def steering(self) -> SteeringGraph:
        """The steering graph, which the HTML and Markdown reports draw from."""
        if self.graph is None:
            raise ValueError("this report was made without its steering graph")
        return self.graph

    @property
    def plan(self) -> Any:
        return self.steering.plan


def content_hash(root: str, files: list[str]) -> str:
    """SHA-256 over the plan files' paths relative to the plan folder and their bytes:
    the same plan gives the same hash wherever it lies and however it is invoked."""
    h = hashlib.sha256()
    entries = sorted((Path(os.path.relpath(f, root)).as_posix(), f) for f in files)
    for rel, path in entries:
        h.update(rel.encode("utf-8") + b"\0")
        h.update(Path(real_path(path)).read_bytes() + b"\0")
    return h.hexdigest()
