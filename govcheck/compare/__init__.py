"""Comparing two versions of a plan: what changed, and which findings appeared or went.

A stage of its own after the pipeline: it takes loaded plans (``govcheck.model.plan.Plan``)
and their findings, never reads files, and earlier stages know nothing of it. Used by
``govcheck diff OLD NEW`` and by ``govcheck import --into`` (the change between the
previous and the new document). Entities are matched by id, table cells by (table, row,
column) ids, findings by their fingerprint (rule, kind of message, file and subject: never
the line, since lines move). Every list comes out sorted: the same plans give the same
report, byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from govcheck.model.plan import Plan, Table
from govcheck.rules.finding import Finding

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
OPS = (ADDED, REMOVED, CHANGED)

# sections in report order: (key, getter, the attribute that names an entity)
_Getter = Callable[[Plan], list[Any]]
SECTIONS: list[tuple[str, _Getter, str]] = [
    ("organ", lambda p: p.organisation.bodies if p.organisation else [], "name"),
    ("förvaltningar", lambda p: p.organisation.administrations if p.organisation else [], "name"),
    ("roller", lambda p: p.organisation.roles if p.organisation else [], "name"),
    ("förbund", lambda p: p.organisation.federations if p.organisation else [], "name"),
    ("bolag", lambda p: p.organisation.companies if p.organisation else [], "name"),
    ("regionmål", lambda p: p.council_goals, "name"),
    ("finansiella_mål", lambda p: p.financial_goals, "name"),
    ("grupper", lambda p: p.groups, "name"),
    ("uppdrag", lambda p: p.assignments, "text"),
    ("styrdokument", lambda p: p.documents, "title"),
    ("uppgifter", lambda p: p.economy.statements if p.economy else [], "description"),
    ("nämndplaner", lambda p: p.board_plans, "title"),
    ("uppföljningar", lambda p: p.follow_ups, "kind"),
    ("internkontrollplaner", lambda p: p.control_plans, "body"),
    ("beslut", lambda p: p.decisions, "subject"),
    ("källor", lambda p: p.sources, "title"),
]
SECTION_ORDER = ["plan", "tabeller", "rader", "kolumner", "tal", "ekonomi", "vision",
                 *(key for key, _, _ in SECTIONS), "undantag"]
IGNORED = frozenset({"källa", "id"})
"""Keys never compared: an entity's source moves with every line added above it."""


@dataclass(frozen=True)
class Change:
    """One difference. ``section`` is the plan key (``regionmål``, ``tal`` for a table
    cell, ``rader`` for a row, …), ``id`` the entity (the table for rows, columns and
    cells), ``field`` the changed key (the row for a cell), ``column`` a cell's column;
    ``old`` and ``new`` plain values (figures as printed, as text); ``label`` what a person
    reads (a name, a row's and column's headings); ``file``/``line`` where it stands (the
    new plan's place, the old one's for what was removed)."""

    section: str
    op: str
    id: str
    field: str = ""
    column: str = ""
    old: Any = None
    new: Any = None
    label: str = ""
    file: str = ""
    line: int = 0
    order: tuple[int, ...] = ()

    def sort_key(self) -> tuple[Any, ...]:
        return (SECTION_ORDER.index(self.section), self.id, self.order, OPS.index(self.op),
                self.field, self.column)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"section": self.section, "op": self.op, "id": self.id}
        if self.field:
            out["field"] = self.field
        if self.column:
            out["column"] = self.column
        if self.op != ADDED:
            out["old"] = self.old
        if self.op != REMOVED:
            out["new"] = self.new
        if self.label:
            out["label"] = self.label
        out["location"] = {"file": self.file, "line": self.line}
        return out


@dataclass
class FindingChanges:
    appeared: list[Finding] = field(default_factory=list)
    disappeared: list[Finding] = field(default_factory=list)
    old_root: str = ""
    new_root: str = ""


def plain(value: Any) -> Any:
    """A model value as plain JSON data: figures as the text they were written as, dates
    as ISO, models by their plan keys (without locations and sources)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items() if k not in IGNORED}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "model_dump"):
        return plain(value.model_dump(by_alias=True))
    return value


def _rel(file: str, root: str) -> str:
    import os

    if root:
        try:
            rel = os.path.relpath(os.path.abspath(file), os.path.abspath(root))
        except ValueError:
            return file
        if not rel.startswith(os.pardir):
            return rel.replace(os.sep, "/")
    return file.replace(os.sep, "/")


def _where(entity: Any, root: str, key: str | None = None) -> tuple[str, int]:
    loc = entity.at(key) if hasattr(entity, "at") else None
    if loc is None or not loc.line:
        return "", 0
    return _rel(loc.file, root), loc.line


def _fields(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    out = []
    for key in sorted(set(old) | set(new)):
        if key in IGNORED:
            continue
        a, b = old.get(key), new.get(key)
        if a != b:
            out.append((key, a, b))
    return out


def _entities(section: str, olds: list[Any], news: list[Any], name: str,
              roots: tuple[str, str]) -> list[Change]:
    changes: list[Change] = []
    old_by: dict[str, Any] = {e.id: e for e in olds if isinstance(getattr(e, "id", None), str)}
    new_by: dict[str, Any] = {e.id: e for e in news if isinstance(getattr(e, "id", None), str)}
    for ident in sorted(set(old_by) | set(new_by)):
        a, b = old_by.get(ident), new_by.get(ident)
        if a is None:
            file, line = _where(b, roots[1])
            changes.append(Change(section, ADDED, ident, new=plain(b),
                                  label=str(getattr(b, name, "") or ""), file=file, line=line))
        elif b is None:
            file, line = _where(a, roots[0])
            changes.append(Change(section, REMOVED, ident, old=plain(a),
                                  label=str(getattr(a, name, "") or ""), file=file, line=line))
        else:
            for key, va, vb in _fields(plain(a), plain(b)):
                file, line = _where(b, roots[1], key)
                changes.append(Change(section, CHANGED, ident, key, old=va, new=vb,
                                      label=str(getattr(b, name, "") or ""), file=file,
                                      line=line))
    return changes


def _tables(olds: list[Table], news: list[Table], roots: tuple[str, str]) -> list[Change]:
    changes: list[Change] = []
    old_by = {t.id: t for t in olds}
    new_by = {t.id: t for t in news}
    for tid in sorted(set(old_by) | set(new_by)):
        a, b = old_by.get(tid), new_by.get(tid)
        if a is None or b is None:
            t = b if a is None else a
            assert t is not None
            file, line = _where(t, roots[1] if a is None else roots[0])
            figures = len([v for r in t.rows for v in r.values if v is not None])
            summary = {"titel": t.title, "rader": len(t.rows), "kolumner": len(t.columns),
                       "tal": figures}
            changes.append(Change("tabeller", ADDED if a is None else REMOVED, tid,
                                  old=None if a is None else summary,
                                  new=summary if a is None else None, label=t.title,
                                  file=file, line=line))
            continue
        pa, pb = plain(a), plain(b)
        for key in ("kolumner", "rader", "radsummor"):
            pa.pop(key, None)
            pb.pop(key, None)
        for key, va, vb in _fields(pa, pb):
            file, line = _where(b, roots[1], key)
            changes.append(Change("tabeller", CHANGED, tid, key, old=va, new=vb,
                                  label=b.title, file=file, line=line))
        if plain(a.row_sums) != plain(b.row_sums):
            file, line = _where(b, roots[1], "radsummor")
            changes.append(Change("tabeller", CHANGED, tid, "radsummor",
                                  old=plain(a.row_sums), new=plain(b.row_sums), label=b.title,
                                  file=file, line=line))
        changes += _columns(a, b, roots)
        changes += _rows(a, b, roots)
    return changes


def _columns(a: Table, b: Table, roots: tuple[str, str]) -> list[Change]:
    changes: list[Change] = []
    old_cols = {c.id: (n, c) for n, c in enumerate(a.columns)}
    new_cols = {c.id: (n, c) for n, c in enumerate(b.columns)}
    for cid in sorted(set(old_cols) | set(new_cols)):
        if cid not in old_cols:
            n, c = new_cols[cid]
            file, line = _where(c, roots[1])
            changes.append(Change("kolumner", ADDED, a.id, cid, new=plain(c), label=c.heading,
                                  file=file, line=line, order=(n,)))
        elif cid not in new_cols:
            n, c = old_cols[cid]
            file, line = _where(c, roots[0])
            changes.append(Change("kolumner", REMOVED, a.id, cid, old=plain(c),
                                  label=c.heading, file=file, line=line, order=(n,)))
        else:
            (_, ca), (n, cb) = old_cols[cid], new_cols[cid]
            for key, va, vb in _fields(plain(ca), plain(cb)):
                file, line = _where(cb, roots[1], key)
                changes.append(Change("kolumner", CHANGED, a.id, cid, key, va, vb,
                                      label=cb.heading, file=file, line=line, order=(n,)))
    return changes


def _rows(a: Table, b: Table, roots: tuple[str, str]) -> list[Change]:
    changes: list[Change] = []
    old_rows = {r.id: r for r in a.rows}
    new_rows = {r.id: (n, r) for n, r in enumerate(b.rows)}
    old_index = {r.id: n for n, r in enumerate(a.rows)}
    old_col = {c.id: n for n, c in enumerate(a.columns)}
    new_col = {c.id: (n, c) for n, c in enumerate(b.columns)}
    for rid in sorted(set(old_rows) | set(new_rows), key=lambda r: (
            new_rows[r][0] if r in new_rows else old_index[r], r)):
        if rid not in old_rows:
            n, r = new_rows[rid]
            file, line = _where(r, roots[1])
            changes.append(Change("rader", ADDED, b.id, rid, new=plain(r.values),
                                  label=r.heading, file=file, line=line, order=(n,)))
            continue
        ra = old_rows[rid]
        if rid not in new_rows:
            file, line = _where(ra, roots[0])
            changes.append(Change("rader", REMOVED, a.id, rid, old=plain(ra.values),
                                  label=ra.heading, file=file, line=line,
                                  order=(old_index[rid],)))
            continue
        n, rb = new_rows[rid]
        pa, pb = plain(ra), plain(rb)
        pa.pop("värden", None)
        pb.pop("värden", None)
        for key, va, vb in _fields(pa, pb):
            file, line = _where(rb, roots[1], key)
            changes.append(Change("rader", CHANGED, b.id, rid, key, va, vb, label=rb.heading,
                                  file=file, line=line, order=(n,)))
        for cid, (m, col) in sorted(new_col.items(), key=lambda item: item[1][0]):
            if cid not in old_col:
                continue
            i = old_col[cid]
            va = ra.values[i] if i < len(ra.values) else None
            vb = rb.values[m] if m < len(rb.values) else None
            if va != vb or (va is not None and vb is not None and str(va) != str(vb)):
                if va is not None and vb is not None and va == vb:
                    continue  # 7058 and 7058.0: the same figure
                file, line = _where(rb, roots[1], f"värden[{m}]")
                if not line:
                    file, line = _where(rb, roots[1], "värden")
                changes.append(Change("tal", CHANGED, b.id, rid, cid, plain(va), plain(vb),
                                      label=f"{rb.heading}, {col.heading}", file=file,
                                      line=line, order=(n, m)))
    return changes


def compare_plans(old: Plan, new: Plan) -> list[Change]:
    """Everything that differs between two plans, sorted (the order of SECTION_ORDER)."""
    roots = (old.root, new.root)
    changes: list[Change] = []
    for key, single in (("plan", "plan"), ("vision", "vision")):
        a, b = getattr(old, single), getattr(new, single)
        if a is None and b is None:
            continue
        for fkey, va, vb in _fields(plain(a) if a else {}, plain(b) if b else {}):
            file, line = _where(b or a, roots[1] if b else roots[0], fkey)
            changes.append(Change(key, CHANGED, key, fkey, old=va, new=vb, file=file, line=line))
    ea = plain(old.economy) if old.economy else {}
    eb = plain(new.economy) if new.economy else {}
    ea.pop("uppgifter", None)
    eb.pop("uppgifter", None)
    for fkey, va, vb in _fields(ea, eb):
        file, line = _where(new.economy or old.economy, roots[1] if new.economy else roots[0],
                            fkey)
        changes.append(Change("ekonomi", CHANGED, "ekonomi", fkey, old=va, new=vb,
                              file=file, line=line))
    changes += _tables(old.tables, new.tables, roots)
    for key, get, name in SECTIONS:
        changes += _entities(key, get(old), get(new), name, roots)
    wa, wb = plain(old.waivers), plain(new.waivers)
    if wa != wb:
        changes.append(Change("undantag", CHANGED, "undantag", "undantag", old=wa, new=wb))
    return sorted(changes, key=Change.sort_key)


def compare_findings(old: Iterable[Finding], old_root: str, new: Iterable[Finding],
                     new_root: str) -> FindingChanges:
    """The findings of ``new`` that ``old`` lacks and those of ``old`` that ``new`` lacks,
    matched by fingerprint (rule, kind, file and subject, not the line); of several with
    one fingerprint, the surplus ones (the last in order)."""
    def key(f: Finding, root: str) -> tuple[Any, ...]:
        return (f.plan_file(root), f.location.line, f.location.column, f.rule, f.message)

    olds = sorted(old, key=lambda f: key(f, old_root))
    news = sorted(new, key=lambda f: key(f, new_root))
    count_old = Counter(f.fingerprint(old_root) for f in olds)
    count_new = Counter(f.fingerprint(new_root) for f in news)
    result = FindingChanges(old_root=old_root, new_root=new_root)
    seen: Counter[str] = Counter()
    for f in news:
        fp = f.fingerprint(new_root)
        seen[fp] += 1
        if seen[fp] > count_old[fp]:
            result.appeared.append(f)
    seen = Counter()
    for f in olds:
        fp = f.fingerprint(old_root)
        seen[fp] += 1
        if seen[fp] > count_new[fp]:
            result.disappeared.append(f)
    return result
