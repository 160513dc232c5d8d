"""A finding is a value: rule, severity, message, location, evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from govcheck.load.errors import Location

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Hit:
    """What a check reports: which message variant, with what, where, and why."""

    variant: str
    params: dict[str, Any]
    location: Location
    evidence: dict[str, Any] = field(default_factory=dict)
    related: tuple[Location, ...] = ()


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    severity: str
    message: str
    location: Location
    evidence: dict[str, Any]
    reference: str = ""
    related: tuple[Location, ...] = ()

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
