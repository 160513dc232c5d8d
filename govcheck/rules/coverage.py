"""Not tested is not passed: what each rule could test on a plan, and why not the rest.

A rule is *not tested* on a plan when a part it needs is not there (no balanskrav table, no
nämndplaner); it is *partly tested* when it could test some things and not others (a check
said why with an ``Untested``, or a hit reporting an absent part was turned into one); else
it is *tested*. A hit that reports an absent part (``Hit.part``) is a finding only where the
absence is real: in an excerpt (``plan.utdrag``) nothing absent is known to be missing, and
where the plan says its document lacks the part (``plan.saknas``) only a duty in law is
still a finding. docs/plan-format.md 3.1 and docs/configuration.md describe it for users.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from govcheck.i18n import Msg
from govcheck.model.plan import Plan
from govcheck.records import FACTORY, assign, record

TABLE_PARTS = {
    "ramar": ("ramar",), "resultatbudget": ("resultatbudget",),
    "balansbudget": ("balansbudget",), "kassaflödesanalys": ("kassaflödesanalys",),
    "investeringar": ("investering", "investeringsplan"), "balanskrav": ("balanskrav",),
}

TESTED, PARTLY, NOT_TESTED = "tested", "partly", "not_tested"


@record(frozen=True)
class Untested:
    """What a check could not test, and why (a message of govcheck.i18n)."""

    reason: Msg
    status: str = "partly"
    """``not_tested`` when the check found nothing at all it could test (PARTLY otherwise)."""

    def __init__(self, reason: Msg, status: str = "partly") -> None:
        assign(self, "reason", reason)
        assign(self, "status", status)


@record
class RuleCoverage:
    """How far one rule could test the plan, and why not further."""

    status: str = TESTED
    reasons: list[Msg] = field(default_factory=list)

    def __init__(self, status: str = TESTED, reasons: list[Msg] = FACTORY) -> None:
        self.status = status
        self.reasons = [] if reasons is FACTORY else reasons

    def add(self, reason: Msg, status: str = PARTLY) -> None:
        if all(r.id != reason.id or r.params != reason.params for r in self.reasons):
            self.reasons.append(reason)
        if status == NOT_TESTED or self.status == TESTED:
            self.status = status

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"status": self.status, "reasons": [r.render(lang) for r in self.reasons]}


def _tables(plan: Plan) -> list[Any]:
    return [*plan.tables, *(t for bp in plan.board_plans for t in bp.tables)]


def part_present(plan: Plan, part: str) -> bool:
    """Whether the plan holds anything of ``part``."""
    if part in TABLE_PARTS:
        kinds = TABLE_PARTS[part]
        return any(t.kind in kinds for t in _tables(plan))
    org = plan.organisation
    present = {
        "organisation": org is not None and bool(org.bodies),
        "bolag": org is not None and bool(org.companies),
        "mål": bool(plan.council_goals),
        "finansiella_mål": bool(plan.financial_goals),
        "uppdrag": bool(plan.assignments),
        "styrdokument": bool(plan.documents),
        "nämndplaner": bool(plan.board_plans),
        "uppföljning": bool(plan.follow_ups),
        "internkontroll": bool(plan.control_plans),
        "skattesats": plan.economy is not None and bool(plan.economy.tax_rates),
    }
    return present.get(part, True)


def excused(plan: Plan, part: str, basis_kind: str) -> Msg | None:
    """Why a hit about the absent ``part`` is not a finding on this plan, or None."""
    info = plan.plan
    if info is None:
        return None
    if info.excerpt:
        return Msg("coverage.excerpt", part=Msg(f"part.{part}"))
    if part in info.lacks and basis_kind != "lag":
        return Msg("coverage.document_lacks", part=Msg(f"part.{part}"))
    return None


def missing_needs(plan: Plan, needs: tuple[str, ...]) -> list[Msg]:
    """A reason for each part a check needs that the plan does not hold."""
    return [Msg("coverage.no_part", part=Msg(f"part.{p}"))
            for p in needs if not part_present(plan, p)]
