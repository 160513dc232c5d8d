"""A finding is a value: rule, severity, message, location, evidence."""

from __future__ import annotations

import hashlib
import os
from dataclasses import field
from decimal import Decimal
from typing import Any

from govcheck.load.errors import Location
from govcheck.records import FACTORY, assign, record

SEVERITIES = ("error", "warning", "info")

SUBJECT_KEYS = frozenset({
    "path", "paths", "table", "row", "column", "other_table", "other_row", "other_column",
    "total_column", "previous_column", "base_column", "growth_of", "numerator_row",
    "denominator_row", "statement", "measure", "table_kind", "year", "deficit_year",
    "budget_year", "body", "owner", "group", "council", "administration", "company",
    "assignment", "board_plan", "follow_up", "sub_goal", "goal", "indicator", "document",
    "decision", "control_plan", "risk", "missing",
})
"""Evidence and message-parameter keys that say *which* thing a finding is about (an entity
id, a graph path, a table cell, a year), as opposed to what was measured there (figures,
differences, computations, context lists, citations) or where it is printed (locations).
Their values are the finding's subject: what a waiver's ``avser`` names, and the part of the
finding that enters its fingerprint."""

PARAM_SUBJECT_KEYS = frozenset({
    "body", "owner", "group", "assignment", "sub_goal", "indicator", "document", "decision",
    "board_plan", "follow_up", "statement", "risk", "year",
})
"""The subject keys that also count in a finding's message parameters, where they always
hold an id or a year (in parameters, ``row``, ``column``, ``table``, ``goal`` and ``company``
may hold a printed heading or name, which must not become part of the identity)."""


@record(frozen=True)
class Hit:
    """What a check reports: which message variant, with what, where, and why."""

    variant: str
    params: dict[str, Any]
    location: Location
    evidence: dict[str, Any] = field(default_factory=dict)
    related: tuple[Location, ...] = ()
    part: str | None = None
    """The plan part (``govcheck.model.plan.PlanPart``) whose absence the hit reports: in an
    excerpt, or where the document lacks that part, the hit may mean "not tested"
    (govcheck.rules.coverage)."""

    def __init__(self, variant: str, params: dict[str, Any], location: Location,
                 evidence: dict[str, Any] = FACTORY, related: tuple[Location, ...] = (),
                 part: str | None = None) -> None:
        assign(self, "variant", variant)
        assign(self, "params", params)
        assign(self, "location", location)
        assign(self, "evidence", {} if evidence is FACTORY else evidence)
        assign(self, "related", related)
        assign(self, "part", part)


@record(frozen=True)
class Finding:
    """One finding: a rule's message at a location, with its evidence and basis."""

    rule: str
    name: str
    severity: str
    message: str
    location: Location
    evidence: dict[str, Any]
    reference: str = ""
    related: tuple[Location, ...] = ()
    # the message variant and its parameters before rendering: the language-independent
    # form of the message, used by fingerprint(); not part of any output format
    variant: str = field(default="", compare=False, repr=False)
    params: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # what the finding rests on (RuleSpec.basis_of its variant, as Basis.shown gives
    # it): {"kind": "lag" | "fullmäktige" | "praxis", "paragraph": …, "quote": …, …}
    basis: dict[str, Any] = field(default_factory=dict, compare=False)
    # the styrmodell pack of the rule ("" for the base ruleset)
    pack: str = field(default="", compare=False)

    def __init__(self, rule: str, name: str, severity: str, message: str, location: Location,
                 evidence: dict[str, Any], reference: str = "",
                 related: tuple[Location, ...] = (), variant: str = "",
                 params: dict[str, Any] = FACTORY, basis: dict[str, Any] = FACTORY,
                 pack: str = "") -> None:
        assign(self, "rule", rule)
        assign(self, "name", name)
        assign(self, "severity", severity)
        assign(self, "message", message)
        assign(self, "location", location)
        assign(self, "evidence", evidence)
        assign(self, "reference", reference)
        assign(self, "related", related)
        assign(self, "variant", variant)
        assign(self, "params", {} if params is FACTORY else params)
        assign(self, "basis", {} if basis is FACTORY else basis)
        assign(self, "pack", pack)

    @property
    def basis_kind(self) -> str:
        """``lag``, ``fullmäktige`` or ``praxis`` ("" for a finding made without a rule)."""
        return str(self.basis.get("kind", ""))

    def plan_file(self, root: str = "") -> str:
        """The finding's file relative to the plan folder ``root``, in POSIX form: the same
        wherever the plan lies and wherever govcheck runs (the file as given when it lies
        outside ``root`` or no root is given)."""
        name = self.location.file
        if root:
            try:
                rel = os.path.relpath(os.path.abspath(name), os.path.abspath(root))
            except ValueError:  # another drive on Windows
                rel = os.pardir
            if rel != os.pardir and not rel.startswith(os.pardir + os.sep):
                name = rel
        return name.replace(os.sep, "/")

    def subject(self) -> list[tuple[str, str]]:
        """What the finding is about: the values of the ``SUBJECT_KEYS`` in its evidence and
        of the ``PARAM_SUBJECT_KEYS`` in its message parameters, as sorted ``(key, value)``
        pairs; a list (``path``) gives one pair per element, a year its digits
        (``("year", "2026")``)."""
        pairs: set[tuple[str, str]] = set()
        for source, keys in ((self.evidence, SUBJECT_KEYS), (self.params, PARAM_SUBJECT_KEYS)):
            for key in sorted(keys & set(source)):
                for item in _flatten(source[key]):
                    if isinstance(item, (str, int)) and not isinstance(item, bool):
                        pairs.add((key, str(item)))
        return sorted(pairs)

    def subject_terms(self) -> set[str]:
        """What a waiver's ``avser`` may name: every value of the subject."""
        return {value for _, value in self.subject()}

    def fingerprint(self, root: str = "") -> str:
        """The finding's identity, for baselines and SARIF ``partialFingerprints``.

        SHA-256 (hex) over the rule id, the message variant (the kind of problem), the file
        relative to the plan folder ``root`` and the subject (``subject()``: which entity,
        graph path, table cell or year the finding is about, from its evidence and message
        parameters). Never the line or column, the rendered message (language, wording) or
        the measured figures: moving lines, translating, rewording or correcting a figure
        keeps the identity; a problem at another entity, cell or year, of another kind or
        in another file is a new one. Findings that share a fingerprint are told apart by
        their order (a baseline counts them; SARIF appends ``:n``)."""
        payload = {
            "rule": self.rule,
            "variant": self.variant,
            "file": self.plan_file(root),
            "subject": self.subject(),
        }
        import json  # only baselines and SARIF need it; a plain lint does not

        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def sort_key(self) -> tuple[Any, ...]:
        return (self.location.file, self.location.line, self.location.column, self.rule,
                self.message)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.as_dict(),
            "evidence": plain(self.evidence),
        }
        if self.basis:
            out["basis"] = dict(self.basis)
        if self.pack:
            out["pack"] = self.pack
        if self.reference:
            out["reference"] = self.reference
        if self.related:
            out["related"] = [loc.as_dict() for loc in self.related]
        return out


def plain(value: Any) -> Any:
    """Evidence as JSON-ready values; a Decimal keeps its printed digits."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 \
            else float(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Location):
        return value.as_dict()
    return value


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in _flatten(v)]
    return [value]

