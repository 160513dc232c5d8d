"""Assignment checks: every riktat uppdrag has an owner who can carry it out."""

from collections.abc import Iterator

from govcheck.rules.checks.figures import cite
from govcheck.rules.checks.registry import Context, Options, check
from govcheck.rules.finding import Hit


class AssignmentOwnedOptions(Options):
    owner_kinds: list[str] = [
        "executive_board", "board", "crisis_board", "joint_board", "council_committee",
        "committee",
    ]


@check("assignment_owned", AssignmentOwnedOptions, ("no_owner", "empty_group", "not_assignable"),
       needs=('uppdrag',))
def assignment_owned(ctx: Context, options: AssignmentOwnedOptions) -> Iterator[Hit]:
    """Each assignment names at least one owner; a group owner has members; every
    owner, after groups are expanded, is a body of a kind that can be given an
    assignment (by default a styrelse, nämnd or beredning)."""
    g = ctx.graph
    allowed = set(options.owner_kinds)
    for node in ctx.selected:
        upp = g.entity(node)
        if not upp.owners:
            yield Hit("no_owner", {"assignment": upp.id}, upp.at(),
                      evidence={"owners": [], "text": upp.text, "source": cite(upp)})
            continue
        for i, owner in enumerate(upp.owners):
            where = upp.at_field("owners", i)
            if g.kind(owner) == "group":
                members = g.targets(owner, "includes")
                if not members:
                    yield Hit("empty_group", {"assignment": upp.id, "group": owner}, where,
                              evidence={"group": owner, "members": []},
                              related=(g.entity(owner).at(),))
                    continue
            else:
                members = [owner]
            for body in members:
                kind = g.kind(body)
                if kind not in allowed:
                    yield Hit("not_assignable",
                              {"assignment": upp.id, "body": body, "body_name": g.label(body),
                               "kind": g.entity(body).kind},
                              where,
                              evidence={"owner": owner, "body": body, "body_kind": kind,
                                        "allowed_kinds": sorted(allowed), "source": cite(upp)},
                              related=(g.entity(body).at(),))
