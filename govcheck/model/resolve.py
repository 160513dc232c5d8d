"""Check that ids are unique and that every reference names something real."""

from __future__ import annotations

import os
import typing
from collections.abc import Iterator

from pydantic import BaseModel

from govcheck.i18n import Msg
from govcheck.load.errors import LoadError
from govcheck.model.base import Entity, Located, Source
from govcheck.model.plan import (
    CHANGE_MEASURES,
    BoardPlan,
    Compare,
    FinancialMeasure,
    FollowUp,
    Plan,
    Table,
    Waiver,
)
from govcheck.model.suggest import did_you_mean


class Index:
    """Every entity of the plan by id, and the ids of each kind (a holder of large values:
    compared by identity)."""

    def __init__(self) -> None:
        self.by_id: dict[str, Entity] = {}
        self.kinds: dict[str, set[str]] = {}

    def add(self, kind: str, entity: Entity, errors: list[LoadError]) -> None:
        first = self.by_id.get(entity.id)
        if first is not None:
            errors.append(LoadError(entity.at("id"), "model.duplicate_id",
                                    {"id": entity.id, "first": str(first.at("id"))}))
            return
        self.by_id[entity.id] = entity
        self.kinds.setdefault(kind, set()).add(entity.id)

    def ids(self, *kinds: str) -> set[str]:
        out: set[str] = set()
        for kind in kinds:
            out |= self.kinds.get(kind, set())
        return out


def build_index(plan: Plan, errors: list[LoadError]) -> Index:
    index = Index()
    org = plan.organisation
    groups: list[tuple[str, list[Entity]]] = [("source", list(plan.sources))]
    if org is not None:
        groups += [("body", list(org.bodies)), ("administration", list(org.administrations)),
                   ("role", list(org.roles)), ("federation", list(org.federations)),
                   ("company", list(org.companies))]
    groups += [
        ("decision", list(plan.decisions)),
        ("goal", list(plan.council_goals)), ("financial_goal", list(plan.financial_goals)),
        ("group", list(plan.groups)), ("assignment", list(plan.assignments)),
        ("document", list(plan.documents)), ("table", list(plan.tables)),
        ("board_plan", list(plan.board_plans)), ("follow_up", list(plan.follow_ups)),
        ("control_plan", list(plan.control_plans)),
    ]
    if plan.economy is not None:
        groups.append(("statement", list(plan.economy.statements)))
    for bp in plan.board_plans:
        groups += [("sub_goal", list(bp.sub_goals)), ("table", list(bp.tables)),
                   ("statement", list(bp.needs))]
        for sg in bp.sub_goals:
            groups.append(("indicator", list(sg.indicators)))
    for fu in plan.follow_ups:
        groups.append(("statement", list(fu.statements)))
    for cp in plan.control_plans:
        groups.append(("risk", list(cp.risks)))
        for risk in cp.risks:
            groups += [("control", list(risk.controls)), ("control", list(risk.actions))]
    for kind, entities in groups:
        for entity in entities:
            index.add(kind, entity, errors)
    return index


def _check(errors: list[LoadError], owner: Located, key: str, ref: str | None,
           allowed: set[str], kind: str) -> None:
    if ref is None or ref in allowed:
        return
    suggestion = did_you_mean(ref, allowed)
    hint = Msg("hint.did_you_mean", name=suggestion) if suggestion else Msg("hint.none")
    errors.append(LoadError(owner.at(key), "model.unknown_ref",
                            {"ref": ref, "kind": Msg(f"kind.{kind}"), "hint": hint}))


def _check_list(errors: list[LoadError], owner: Located, key: str, refs: list[str],
                allowed: set[str], kind: str) -> None:
    for i, ref in enumerate(refs):
        _check(errors, owner, f"{key}[{i}]", ref, allowed, kind)


def _sources(model: BaseModel) -> Iterator[tuple[Located, Source]]:
    """Every ``källa`` anywhere below ``model``."""
    for name in _nested_fields(type(model)):
        value = getattr(model, name, None)
        if isinstance(value, list):
            if not value or not isinstance(value[0], BaseModel):
                continue  # a list holds one kind of thing: ids, figures or models
            items = value
        elif isinstance(value, BaseModel):
            items = [value]
        else:
            continue
        for item in items:
            if isinstance(item, Source):
                yield model, item  # type: ignore[misc]
            else:
                yield from _sources(item)


_NESTED: dict[type, tuple[str, ...]] = {}


def _nested_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model class that can hold models (a model, a list of them, or a
    type that is not known): the only ones ``_sources`` needs to look into."""
    found = _NESTED.get(cls)
    if found is None:
        found = _NESTED[cls] = tuple(name for name, info in cls.model_fields.items()
                                     if _may_hold_model(info.annotation))
    return found


def _may_hold_model(annotation: object) -> bool:
    if annotation is typing.Any or annotation is object:
        return True
    if isinstance(annotation, type):
        return issubclass(annotation, BaseModel)
    return any(_may_hold_model(arg) for arg in typing.get_args(annotation))


def _unique_within(errors: list[LoadError], items: list[Located]) -> None:
    first: dict[str, Located] = {}
    for item in items:
        item_id = getattr(item, "id")
        if item_id in first:
            errors.append(LoadError(item.at("id"), "model.duplicate_id",
                                    {"id": item_id, "first": str(first[item_id].at("id"))}))
        else:
            first[item_id] = item


def _one_of(errors: list[LoadError], owner: Located, keys: tuple[str, ...]) -> None:
    """At least one of ``keys`` (plan-file keys) must be given."""
    if all(owner.keylocs.get(k) is None for k in keys):
        errors.append(LoadError(owner.at(), "model.one_of_required", {"keys": "', '".join(keys)}))


def compare_key_errors(errors: list[LoadError], cmp: Compare) -> None:
    """The column keys a ``jämför`` needs for its ``mått``: ``kolumn`` for ``värde``,
    ``förändring`` and ``förändring_procent``, which also need ``från_kolumn``; ``summa``
    needs ``kolumner`` or else ``kolumn``. A missing key is an error located at ``mått``
    (the key that asks for it), or at the comparison when ``mått`` is left out."""
    where = cmp.at("mått")
    if cmp.measure in ("summa", "medel"):
        if not cmp.columns and cmp.column is None:
            errors.append(LoadError(where, "model.compare_needs_columns", {}))
        return
    if cmp.column is None:
        errors.append(LoadError(where, "model.compare_needs_key",
                                {"measure": cmp.measure, "key": "kolumn",
                                 "purpose": Msg("compare.purpose.column")}))
    if cmp.measure in CHANGE_MEASURES and cmp.base_column is None:
        errors.append(LoadError(where, "model.compare_needs_key",
                                {"measure": cmp.measure, "key": "från_kolumn",
                                 "purpose": Msg("compare.purpose.base_column")}))


def _check_compare(errors: list[LoadError], cmp: Compare, tables: dict[str, Table]) -> None:
    compare_key_errors(errors, cmp)
    _check(errors, cmp, "tabell", cmp.table, set(tables), "table")
    table = tables.get(cmp.table)
    if table is None:
        return
    cols = {c.id for c in table.columns}
    if isinstance(cmp.row, str):
        _check(errors, cmp, "rad", cmp.row, {r.id for r in table.rows}, "row")
    else:
        _check_list(errors, cmp, "rad", cmp.row, {r.id for r in table.rows}, "row")
    _check(errors, cmp, "kolumn", cmp.column, cols, "column")
    _check(errors, cmp, "från_kolumn", cmp.base_column, cols, "column")
    _check_list(errors, cmp, "kolumner", cmp.columns, cols, "column")


def _check_table(errors: list[LoadError], table: Table, bodies: set[str],
                 tables: dict[str, Table] | None = None) -> None:
    _unique_within(errors, list(table.rows))
    _unique_within(errors, list(table.columns))
    row_ids = {r.id for r in table.rows}
    col_ids = {c.id for c in table.columns}
    for row in table.rows:
        if len(row.values) != len(table.columns):
            errors.append(LoadError(row.at("värden"), "model.row_length",
                                    {"got": len(row.values), "expected": len(table.columns)}))
        _check_list(errors, row, "summa_av", row.sum_of, row_ids, "row")
        _check(errors, row, "varav_av", row.part_of, row_ids, "row")
        _check(errors, row, "organ", row.body, bodies, "body")
        _check(errors, row, "utveckling_av", row.growth_of, row_ids, "row")
        if row.share_of is not None:
            _check(errors, row.share_of, "täljare", row.share_of.numerator, row_ids, "row")
            if isinstance(row.share_of.denominator, str):
                _check(errors, row.share_of, "nämnare", row.share_of.denominator, row_ids, "row")
            else:
                _check_list(errors, row.share_of, "nämnare", row.share_of.denominator, row_ids,
                            "row")
        for same in row.same_as:
            if tables is None:
                continue
            _check(errors, same, "tabell", same.table, set(tables), "table")
            other = tables.get(same.table)
            if other is not None:
                _check(errors, same, "rad", same.row, {r.id for r in other.rows}, "row")
        link = row.opening_from
        if link is not None:
            other = table
            if link.table is not None and tables is not None:
                _check(errors, link, "tabell", link.table, set(tables), "table")
                other = tables.get(link.table)  # type: ignore[assignment]
            if other is not None and (link.table is None or tables is not None):
                _check(errors, link, "rad", link.row, {r.id for r in other.rows}, "row")
    for rs in table.row_sums:
        _check(errors, rs, "summa", rs.total, col_ids, "column")
        _check_list(errors, rs, "av", rs.parts, col_ids, "column")


def resolve(plan: Plan, errors: list[LoadError]) -> Index:
    """Index the plan and append an error for every dangling reference."""
    index = build_index(plan, errors)
    bodies = index.ids("body")
    owners = index.ids("body", "group")
    goals = index.ids("goal")
    documents = index.ids("document")
    assignments = index.ids("assignment")
    sub_goals = index.ids("sub_goal")
    roles = index.ids("role")
    if plan.plan is not None:
        _check(errors, plan.plan, "beslutad_av", plan.plan.decided_by, bodies, "body")
    org = plan.organisation
    if org is not None:
        for body in org.bodies:
            _check(errors, body, "under", body.parent, bodies, "body")
        for adm in org.administrations:
            _check(errors, adm, "nämnd", adm.board, bodies, "body")
            _check(errors, adm, "chef", adm.head, roles, "role")
        for role in org.roles:
            _check(errors, role, "förvaltning", role.administration,
                   index.ids("administration"), "administration")
            _check_list(errors, role, "chef_över", role.heads, roles, "role")
            _check(errors, role, "rapporterar_till", role.reports_to, roles | bodies, "role")
        for company in org.companies:
            _check(errors, company, "moderbolag", company.parent_company,
                   index.ids("company"), "company")
    for goal in plan.council_goals:
        # a goal may be directed at a group ("styrelsen och nämnderna", "alla nämnder")
        _check_list(errors, goal, "riktas_till", goal.targets, owners, "owner")
        _check_list(errors, goal, "styrande_dokument", goal.documents, documents, "document")
    for fgoal in plan.financial_goals:
        for target in fgoal.targets:
            _one_of(errors, target, ("lägst", "högst"))
    for group in plan.groups:
        _check_list(errors, group, "medlemmar", group.members, bodies, "body")
    for assignment in plan.assignments:
        _check_list(errors, assignment, "riktas_till", assignment.owners, owners, "owner")
    for doc in plan.documents:
        _check(errors, doc, "beslutad_av", doc.decided_by, bodies, "body")
        _check(errors, doc, "ägare", doc.owner, bodies | index.ids("administration"), "body")
    all_tables = {t.id: t for t in plan.tables}
    for bp in plan.board_plans:
        all_tables.update({t.id: t for t in bp.tables})
    for table in plan.tables:
        _check_table(errors, table, bodies, all_tables)
    statements = list(plan.economy.statements) if plan.economy is not None else []
    for bp in plan.board_plans:
        statements += bp.needs
    for fu in plan.follow_ups:
        statements += fu.statements
    for st in statements:
        _one_of(errors, st, ("värde", "påstående"))
        _check(errors, st, "organ", st.body, bodies, "body")
        if st.compare is not None:
            _check_compare(errors, st.compare, all_tables)
    for dec in plan.decisions:
        _check(errors, dec, "organ", dec.body, bodies, "body")
    for bp in plan.board_plans:
        _check_board_plan(errors, bp, bodies, goals, assignments, all_tables)
    for fu in plan.follow_ups:
        _check_follow_up(errors, fu, bodies, goals, sub_goals, assignments)
    for cp in plan.control_plans:
        _check(errors, cp, "organ", cp.body, bodies, "body")
    _check_waivers(errors, plan, index, all_tables)
    source_ids = index.ids("source")
    for section in (plan.plan, plan.organisation, plan.vision, plan.economy,
                    *plan.council_goals, *plan.financial_goals, *plan.groups,
                    *plan.assignments, *plan.documents, *plan.tables, *plan.board_plans,
                    *plan.follow_ups, *plan.control_plans, *plan.decisions):
        if section is None:
            continue
        if isinstance(getattr(section, "source", None), Source):
            src = section.source
            _check(errors, src, "dok", src.document, source_ids, "source")
        for _, src in _sources(section):
            if src is not getattr(section, "source", None):
                _check(errors, src, "dok", src.document, source_ids, "source")
    return index


def _check_board_plan(errors: list[LoadError], bp: BoardPlan, bodies: set[str],
                      goals: set[str], assignments: set[str],
                      tables: dict[str, Table]) -> None:
    _check(errors, bp, "organ", bp.board, bodies, "body")
    if bp.net_cost_goal is not None:
        _one_of(errors, bp.net_cost_goal, ("belopp", "utveckling_procent"))
    for sg in bp.sub_goals:
        for link in sg.goal_links:
            _check(errors, link, "mål", link.goal, goals, "goal")
        _check_list(errors, sg, "uppdrag", sg.assignment_links, assignments, "assignment")
    for resp in bp.responses:
        _check(errors, resp, "uppdrag", resp.assignment, assignments, "assignment")
    for table in bp.tables:
        _check_table(errors, table, bodies, tables)
    for need in bp.needs:
        _check(errors, need, "organ", need.body, bodies, "body")


def _check_follow_up(errors: list[LoadError], fu: FollowUp, bodies: set[str], goals: set[str],
                     sub_goals: set[str], assignments: set[str]) -> None:
    _check(errors, fu, "organ", fu.body, bodies, "body")
    for a in fu.assessments:
        _one_of(errors, a, ("delmål", "regionmål"))
        _check(errors, a, "delmål", a.sub_goal, sub_goals, "sub_goal")
        _check(errors, a, "regionmål", a.goal, goals, "goal")
    for o in fu.outcomes:
        _check(errors, o, "organ", o.body, bodies, "body")
    for s in fu.assignment_status:
        _check(errors, s, "uppdrag", s.assignment, assignments, "assignment")
        _check(errors, s, "organ", s.body, bodies, "body")


def plan_relative_files(plan: Plan) -> list[str]:
    """The plan's files relative to its folder, with ``/`` (what a waiver's ``fil`` names)."""
    out = []
    for name in plan.files:
        rel = os.path.relpath(name, plan.root) if plan.root else name
        out.append(rel.replace(os.sep, "/"))
    return sorted(out)


WAIVER_VOCABULARY = frozenset(typing.get_args(Table.model_fields["kind"].annotation)) \
    | frozenset(typing.get_args(FinancialMeasure))
"""Besides ids, rows and columns, ``avser`` may name a table kind or a financial measure:
some findings are about one (a missing balansbudget, an untestable låneskuld_andel)."""


def _check_waivers(errors: list[LoadError], plan: Plan, index: Index,
                   tables: dict[str, Table]) -> None:
    """``undantag``: every ``avser`` term names an id, a table row or a column, a table kind
    or a financial measure (or is a year); ``fil`` names a file of the plan; ``rad`` needs ``fil``. Whether ``regel`` names
    a rule is checked where the rules are known (govcheck.pipeline)."""
    if not plan.waivers:
        return
    known = set(index.by_id) | WAIVER_VOCABULARY
    for table in tables.values():
        known |= {r.id for r in table.rows} | {c.id for c in table.columns}
    files = plan_relative_files(plan)
    for waiver in plan.waivers:
        _check_waiver(errors, waiver, known, files)


def _check_waiver(errors: list[LoadError], waiver: Waiver, known: set[str],
                  files: list[str]) -> None:
    if isinstance(waiver.subject, str):
        _check(errors, waiver, "avser", waiver.subject, known, "subject")
    else:
        for i, term in enumerate(waiver.subject):
            if isinstance(term, str):
                _check(errors, waiver, f"avser[{i}]", term, known, "subject")
    if waiver.file is not None and waiver.file not in files:
        suggestion = did_you_mean(waiver.file, files)
        hint = Msg("hint.did_you_mean", name=suggestion) if suggestion else Msg("hint.none")
        errors.append(LoadError(waiver.at("fil"), "waiver.unknown_file",
                                {"file": waiver.file, "hint": hint}))
    if waiver.line is not None and waiver.file is None:
        errors.append(LoadError(waiver.at("rad"), "waiver.line_without_file", {}))
