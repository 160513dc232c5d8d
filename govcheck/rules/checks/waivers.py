"""Waivers (``undantag``): which findings a waiver accepts, and GOV001 waiver-valid.

A check sees the plan, not other rules' findings; GOV001 must see them to tell whether a
waiver matches anything. So its check is marked ``needs_findings`` and the engine runs it
last, with a ``FindingsContext`` that gives the findings of any rule on this plan (the
rule named by the waiver is run for this even when it is not selected, so a waiver is
judged the same way whatever ``--only``, ``select`` or ``ignore`` say) and today's date.
The same ``matches`` function decides, in the pipeline, which findings are waived.
"""

import datetime as dt
from collections.abc import Callable, Iterator

from govcheck.graph.build import SteeringGraph
from govcheck.model.plan import Waiver
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.finding import Finding, Hit

WAIVER_RULE = "GOV001"
"""The rule that checks waivers; its own findings can be neither waived nor baselined."""


class FindingsContext(Context):
    """A check context that also gives other rules' findings and the date of the run."""

    def __init__(self, graph: SteeringGraph, selected: list[str],
                 findings_of: Callable[[str], list[Finding]] = lambda rule_id: [],
                 today: dt.date | None = None) -> None:
        super().__init__(graph, selected)
        self.findings_of = findings_of
        self.today = today or dt.date.today()


def matches(waiver: Waiver, finding: Finding, root: str) -> bool:
    """Whether ``waiver`` accepts ``finding`` (of the plan in folder ``root``).

    The rule must be the waiver's ``regel`` (its id or its name); every ``avser`` term must be in the finding's subject (the
    ids, rows, columns and years of its identifying evidence, see ``Finding.subject``);
    ``fil``, when given, must be the finding's file relative to the plan folder; ``rad``,
    when given, its line. Expiry is not looked at here."""
    if waiver.rule not in (finding.rule, finding.name):
        return False
    terms = waiver.terms()
    if terms and not set(terms) <= finding.subject_terms():
        return False
    if waiver.file is not None and finding.plan_file(root) != waiver.file:
        return False
    return waiver.line is None or finding.location.line == waiver.line


def expired(waiver: Waiver, today: dt.date) -> bool:
    """A waiver is valid through its ``giltig_till`` day and expired from the day after."""
    return waiver.valid_until < today


def scope(waiver: Waiver) -> str:
    """The waiver's match keys as the plan writes them, for messages: ' (avser: mal-1)'."""
    parts = []
    if waiver.terms():
        parts.append("avser: " + ", ".join(waiver.terms()))
    if waiver.file is not None:
        parts.append(f"fil: {waiver.file}")
    if waiver.line is not None:
        parts.append(f"rad: {waiver.line}")
    return f" ({'; '.join(parts)})" if parts else ""


@check("waiver_valid", Options, ("expired", "unmatched"))
def waiver_valid(ctx: Context, options: Options) -> Iterator[Hit]:
    """Every waiver (``undantag``) is in force and accepts a finding its rule really makes.

    A waiver whose ``giltig_till`` is before the date of the run (``--today``, by default
    the real date) has expired: it accepts nothing any more, and this check reports it at
    its ``giltig_till``. A waiver in force that matches no finding of its rule (the rule is
    run for this even when it is not selected) is reported at the waiver: the problem was
    fixed, or ``avser``, ``fil`` or ``rad`` do not describe it. Waivers of GOV001 itself
    are never valid."""
    assert isinstance(ctx, FindingsContext)
    plan = ctx.plan
    for waiver in plan.waivers:
        params = {"rule": waiver.rule, "scope": scope(waiver),
                  "until": waiver.valid_until.isoformat()}
        evidence = {"waiver_rule": waiver.rule, "avser": waiver.terms(), "fil": waiver.file,
                    "rad": waiver.line, "giltig_till": waiver.valid_until.isoformat(),
                    "orsak": waiver.reason, "beslut": waiver.decision, "av": waiver.by}
        if expired(waiver, ctx.today):
            yield Hit("expired", params, waiver.at("giltig_till"), evidence=evidence)
            continue
        found = [f for f in ctx.findings_of(waiver.rule) if matches(waiver, f, plan.root)]
        if not found:
            yield Hit("unmatched", params, waiver.at(), evidence=dict(evidence, matches=0))


waiver_valid.needs_findings = True  # type: ignore[attr-defined]
