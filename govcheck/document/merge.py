"""``govcheck import NEW_VERSION... --into PLAN_DIR``: a three-way merge that keeps a
person's work.

Base is what the previous import wrote (its snapshot in ``.govcheck-import/``, see
govcheck.document.write), theirs is the new document's import, ours is the plan folder as
it is now. The merge works on the lines of each file, which the import writes one field a
line (figures of a row as one flow list): a line the person did not touch takes the new
document's value, a line only the person changed keeps the person's text (comments, added
keys, renamed ids, added entities and files all are lines the import did not write). Where
both changed one line, the line is merged field by field: a comment the person added stays
with the document's new value; the ids of a flow list (``riktas_till``, ``summa_av``, …)
merge as sets; a row's figures merge cell by cell. What still differs is a **conflict**:
the person's text is kept and the conflict reported with its place.

Lines are aligned within the entity they stand in (the ``- id:`` list item, a renamed id
recognised by its other lines), never with a like line of another entity; where the
alignment by whole lines leaves both sides' edits overlapping, the block is aligned again
by keys. The property tests in tests/test_import_into.py hold the result to the textbook
three-way merge of fields, entities and tables with rows.

Nothing is written here: ``merge_folder`` computes the new texts and ``apply`` writes them,
every file staged first, so that a failed run leaves the folder as it was.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from govcheck.document.write import MANIFEST, SNAPSHOT_DIR

SET_KEYS = frozenset({"riktas_till", "summa_av", "medlemmar", "styrande_dokument", "av",
                      "kräver", "parter", "chef_över", "saknas", "styrmodell"})
"""Flow lists of ids or words whose order means nothing: merged as sets."""
POSITIONAL_KEYS = frozenset({"värden"})
"""Flow lists whose items are cells (a row's figures, one per column): merged cell by cell."""

_LINE = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<key>[^\s:#\"'\[\]{}][^:]*?):(?P<rest>(?: .*)?)$")
_ID = re.compile(r"^\s*(?:- )?id:\s*(?P<id>\S.*?)\s*$")


@dataclass(frozen=True)
class Conflict:
    """A place where the person and the new document changed the same thing differently.

    ``line`` is the line in the merged file (1-based) where the person's kept text stands;
    ``key`` the field (``värden[3]`` for a cell, "" for a block of lines or a whole file);
    ``where`` the id of the entity around it; ``base``, ``theirs``, ``ours`` the old
    document's, the new document's and the person's text (None: the file is missing)."""

    file: str
    line: int
    kind: str  # field | block | file_added | file_removed | file_deleted | unparsable
    key: str = ""
    where: str = ""
    base: str | None = None
    theirs: str | None = None
    ours: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "kind": self.kind, "key": self.key,
                "where": self.where, "old_document": self.base,
                "new_document": self.theirs, "kept": self.ours}


@dataclass
class Merged:
    """What a merge writes and deletes (paths relative to the plan folder)."""

    writes: dict[str, str] = field(default_factory=dict)
    deletes: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # files the new document changed


# --- one line ------------------------------------------------------------------------------

def _outside_quotes(text: str) -> tuple[list[int], bool]:
    """The positions of the characters of a YAML line that stand outside quoted scalars
    (a quote's own characters excluded; ``\\"`` escapes only inside double quotes), and
    whether every quote is closed."""
    out: list[int] = []
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        else:
            out.append(i)
        i += 1
    return out, not quote


def _split_comment(rest: str) -> tuple[str, str]:
    """(value, comment) of the text after ``key:``; the comment keeps its leading blanks."""
    for i in _outside_quotes(rest)[0]:
        if rest[i] == "#" and i > 0 and rest[i - 1] in " \t":
            j = i
            while j > 0 and rest[j - 1] in " \t":
                j -= 1
            return rest[:j], rest[j:]
    return rest, ""


@dataclass(frozen=True)
class _Field:
    lead: str
    key: str
    value: str  # with its leading blank
    comment: str
    newline: str

    def text(self, value: str | None = None, comment: str | None = None) -> str:
        return (f"{self.lead}{self.key}:{self.value if value is None else value}"
                f"{self.comment if comment is None else comment}{self.newline}")


def _field(line: str) -> _Field | None:
    newline = "\n" if line.endswith("\n") else ""
    m = _LINE.match(line[:len(line) - len(newline)])
    if m is None:
        return None
    value, comment = _split_comment(m.group("rest"))
    return _Field(m.group("lead"), m.group("key"), value, comment, newline)


def _flow_items(value: str) -> list[str] | None:
    """The items of a one-line flow list (`` [a, "b, c", 3]``) as written, else None."""
    text = value.strip()
    if not (text.startswith("[") and text.endswith("]")):
        return None
    inner = text[1:-1]
    items: list[str] = []
    depth, start = 0, 0
    positions, closed = _outside_quotes(inner)
    for i in positions:
        ch = inner[i]
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(inner[start:i].strip())
            start = i + 1
    if not closed or depth:
        return None
    last = inner[start:].strip()
    if last or items:
        items.append(last)
    return items


def _flow(items: list[str]) -> str:
    return " [" + ", ".join(items) + "]"


def _merge_set(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Ours, less what the document removed, plus what it added (in its order)."""
    removed = set(base) - set(theirs)
    out = [x for x in ours if x not in removed]
    out += [x for x in theirs if x not in base and x not in out]
    return out


@dataclass(frozen=True)
class _LineConflict:
    key: str
    base: str
    theirs: str
    ours: str


def merge_line(base: str, ours: str, theirs: str) -> tuple[str, list[_LineConflict]]:
    """One line both sides changed: merged field by field; the person's text where they
    still differ, with the conflicts."""
    fb, fo, ft = _field(base), _field(ours), _field(theirs)
    whole = [_LineConflict("", base.rstrip("\n"), theirs.rstrip("\n"), ours.rstrip("\n"))]
    if fb is None or fo is None or ft is None or not (fb.key == fo.key == ft.key) \
            or not (fb.lead == fo.lead == ft.lead):
        return ours, whole
    vb, vo, vt = fb.value.strip(), fo.value.strip(), ft.value.strip()
    if vo == vb or vo == vt:  # the person changed only the comment (or agrees)
        return fo.text(value=ft.value), []
    if vt == vb:
        return ours, []
    ib, io, it = _flow_items(vb), _flow_items(vo), _flow_items(vt)
    if ib is not None and io is not None and it is not None:
        if fb.key in SET_KEYS:
            return fo.text(value=_flow(_merge_set(ib, io, it))), []
        if fb.key in POSITIONAL_KEYS and len(ib) == len(io) == len(it):
            cells, conflicts = [], []
            for n, (b, o, t) in enumerate(zip(ib, io, it)):
                if o == b or o == t:
                    cells.append(t)
                elif t == b:
                    cells.append(o)
                else:
                    cells.append(o)
                    conflicts.append(_LineConflict(f"{fb.key}[{n + 1}]", b, t, o))
            return fo.text(value=_flow(cells)), conflicts
    return ours, [_LineConflict(fb.key, vb, vt, vo)]


# --- one file ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Edit:
    start: int  # base lines [start, end) become the side's lines [ostart, oend)
    end: int
    ostart: int
    oend: int
    side: str  # "ours" | "theirs"


@dataclass
class _Side:
    lines: list[str]
    edits: list[_Edit]
    at: dict[int, int]  # base line → the side's line, for lines outside every edit

    def block(self, base: list[str], start: int, end: int) -> list[str]:
        """The side's text for base lines [start, end): its edits (all inside the range,
        in base order) and its lines aligned with the base lines between them."""
        out: list[str] = []
        i = start
        for e in self.edits:
            out.extend(self.lines[self.at[k]] for k in range(i, e.start))
            out.extend(self.lines[e.ostart:e.oend])
            i = max(i, e.end)
        out.extend(self.lines[self.at[k]] for k in range(i, end))
        return out


def _side(base_sigs: list[str], other_sigs: list[str], other: list[str], name: str,
          split: bool) -> _Side:
    matcher = difflib.SequenceMatcher(None, base_sigs, other_sigs, autojunk=False)
    edits: list[_Edit] = []
    at: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            at.update(zip(range(i1, i2), range(j1, j2)))
        elif tag == "replace" and split:
            # other keys in place of these: the fields went and others came, which merge
            # with the other side's edits of either apart; what comes is placed before what
            # goes when it continues the entity of the line above, after it otherwise
            path = other_sigs[j1].split("\x00", 1)[0]
            if i1 > 0 and _within(path, base_sigs[i1 - 1]):
                edits += [_Edit(i1, i1, j1, j2, name), _Edit(i1, i2, j2, j2, name)]
            else:
                edits += [_Edit(i1, i2, j1, j1, name), _Edit(i2, i2, j1, j2, name)]
        elif tag == "replace":
            edits += _by_entity(i1, i2, j1, j2, base_sigs, other_sigs, name)
        else:
            edits.append(_Edit(i1, i2, j1, j2, name))
    return _Side(other, edits, at)


def _within(path: str, sig: str) -> bool:
    """Whether lines of entity ``path`` continue the line of signature ``sig``: they stand
    in its entity or in one inside it."""
    above = sig.split("\x00", 1)[0]
    return path == above or (bool(above) and path.startswith(above + "/"))


def _runs(sigs: list[str], start: int, end: int) -> list[tuple[str, int, int]]:
    """Lines [start, end) as runs of one entity each: (entity path, start, end)."""
    runs: list[tuple[str, int, int]] = []
    for k in range(start, end):
        path = sigs[k].split("\x00", 1)[0]
        if runs and runs[-1][0] == path:
            runs[-1] = (path, runs[-1][1], k + 1)
        else:
            runs.append((path, k, k + 1))
    return runs


def _by_entity(i1: int, i2: int, j1: int, j2: int, base_sigs: list[str],
               other_sigs: list[str], name: str) -> list[_Edit]:
    """A replaced block split by the entities its lines stand in: an entity's lines that
    changed are one edit; an entity's lines gone or come are a deletion or an insertion
    of their own (so that what one side writes into an entity never lands in another)."""
    rb, ro = _runs(base_sigs, i1, i2), _runs(other_sigs, j1, j2)
    matcher = difflib.SequenceMatcher(None, [r[0] for r in rb], [r[0] for r in ro],
                                      autojunk=False)
    edits: list[_Edit] = []
    for tag, k1, k2, l1, l2 in matcher.get_opcodes():
        at = rb[k1][1] if k1 < len(rb) else i2
        if tag == "equal":
            edits += [_Edit(b[1], b[2], o[1], o[2], name) for b, o in zip(rb[k1:k2], ro[l1:l2])]
            continue
        after = ro[l2 - 1][2] if l2 > l1 else (ro[l1][1] if l1 < len(ro) else j2)
        # lines that come are placed before those that go when they continue the entity
        # of the line above, after them otherwise (a new entity follows the one that went)
        before = l2 > l1 and at > 0 and _within(ro[l1][0], base_sigs[at - 1])
        if l2 > l1 and (before or k2 == k1):
            edits.append(_Edit(at, at, ro[l1][1], after, name))
        if k2 > k1:
            edits.append(_Edit(at, rb[k2 - 1][2], after, after, name))
            if l2 > l1 and not before:
                end = rb[k2 - 1][2]
                edits.append(_Edit(end, end, ro[l1][1], after, name))
    return edits


_ITEM_ID = re.compile(r"^(?P<lead>\s*)- id:\s*(?P<id>\S.*?)\s*(?:#.*)?$")


def _paths(lines: list[str]) -> list[tuple[str, ...]]:
    """For each line, the ids of the list items (entities) it stands in, outermost first:
    a ``- id: X`` item holds the lines indented deeper than its dash."""
    stack: list[tuple[int, str]] = []
    out: list[tuple[str, ...]] = []
    for line in lines:
        body = line.strip()
        if body and not body.startswith("#"):
            indent = len(line) - len(line.lstrip(" "))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            m = _ITEM_ID.match(line.rstrip("\n"))
            if m:
                stack.append((indent, m.group("id").strip("\"'")))
        out.append(tuple(i for _, i in stack))
    return out


def _renames(base: list[str], other: list[str]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Entities of ``other`` that are entities of ``base`` under another id (a renamed id):
    a new id and a gone one under the same parent whose other lines mostly agree."""
    def bodies(lines: list[str], paths: list[tuple[str, ...]]) -> dict[tuple[str, ...], set[str]]:
        out: dict[tuple[str, ...], set[str]] = {}
        for line, path in zip(lines, paths):
            if path and not _ITEM_ID.match(line.rstrip("\n")):
                out.setdefault(path, set()).add(line)
        return out

    pb, po = _paths(base), _paths(other)
    bb, bo = bodies(base, pb), bodies(other, po)
    ids_b, ids_o = set(pb), set(po)
    pairs = []
    for new in sorted(ids_o - ids_b):
        for old in sorted(ids_b - ids_o):
            if new[:-1] != old[:-1]:
                continue
            shared = len(bo.get(new, set()) & bb.get(old, set()))
            smaller = min(len(bo.get(new, set())), len(bb.get(old, set())))
            if shared >= 2 and 2 * shared >= smaller:
                pairs.append((-shared, new, old))
    renames: dict[tuple[str, ...], tuple[str, ...]] = {}
    taken: set[tuple[str, ...]] = set()
    for _, new, old in sorted(pairs):
        if new not in renames and old not in taken:
            renames[new] = old
            taken.add(old)
    return renames


def _signatures(lines: list[str], base: list[str] | None, keyed: bool) -> list[str]:
    """What aligns each line: the entity it stands in (a renamed one by its id in ``base``)
    and the line itself, or its key (``keyed``)."""
    paths = _paths(lines)
    if base is not None:
        renames = _renames(base, lines)
        if renames:
            mapped = []
            for path in paths:
                for n in range(len(path), 0, -1):
                    if path[:n] in renames:
                        path = renames[path[:n]] + path[n:]
                        break
                mapped.append(path)
            paths = mapped
    show = _keyed if keyed else (lambda line: line)
    return ["/".join(path) + "\x00" + show(line) for path, line in zip(paths, lines)]


def _joins(e: _Edit, cluster: list[_Edit]) -> bool:
    """Whether edit ``e`` (the next in base order) concerns base lines of ``cluster``: it
    starts inside the cluster's range; or it inserts lines inside it, right after lines
    the other side replaced or deleted (what is inserted there may continue them), or where
    the other side inserts too (``_both_inserted`` decides). An insertion just before a
    replaced range is placed before it."""
    start = min(c.start for c in cluster)
    end = max(c.end for c in cluster)
    if e.start == e.end:
        return start < e.start < end or any(
            c.side != e.side and (c.start < c.end == e.start or c.start == c.end == e.start)
            for c in cluster)
    return e.start < end


def _keyed(line: str) -> str:
    """A line's signature for aligning fields: its indentation and key, and an id's value
    (ids anchor the entities); the line itself when it is no ``key: value``."""
    f = _field(line)
    if f is None:
        return line
    return f"{f.lead}{f.key}:" + (f.value.strip() if f.key == "id" else "")


def _indent(lines: list[str]) -> int:
    """The indentation of the first line that is not blank nor a comment (a list item
    ``  - id: …`` is at its dash: a new entity, beside its siblings' keys); -1 for a block
    of comments and blank lines only."""
    for line in lines:
        body = line.strip()
        if body and not body.startswith("#"):
            return len(line) - len(line.lstrip(" "))
    return -1


def _line3(b: str, o: str, t: str, out: list[str],
           conflicts: list[tuple[int, _LineConflict]]) -> None:
    if o == b:
        out.append(t)
    elif t == b or o == t:
        out.append(o)
    else:
        line, found = merge_line(b, o, t)
        for c in found:
            conflicts.append((len(out) + 1, c))
        out.append(line)


@dataclass(frozen=True)
class _Block:
    """What an inserted block of lines begins with: its first line's indentation (-1 for
    comments only), whether that line starts a list item (``- id:``), whether a later
    line leaves that indentation for a shallower one, and the keys written before that."""

    indent: int
    starts_item: bool
    leaves: bool
    keys: frozenset[tuple[int, str]]


def _block(lines: list[str]) -> _Block:
    content = [x for x in lines if x.strip() and not x.strip().startswith("#")]
    if not content:
        return _Block(-1, False, False, frozenset())
    indent = _indent(content)
    starts = content[0].lstrip(" ").startswith("- ")
    leaves, keys = False, set()
    for n, line in enumerate(content):
        level = len(line) - len(line.lstrip(" "))
        if level < indent:
            leaves = True
            break
        f = _field(line)
        if f is not None and not (n == 0 and starts):
            keys.add((level, f.key))
    return _Block(indent, starts, leaves, frozenset(keys))


def _both_inserted(theirs: list[str], ours: list[str]) -> list[str] | None:
    """Lines both sides insert at one place, in an order that keeps each line with the
    entity it was written for; None when that cannot be told (a conflict). Lines both
    insert (in the same entity) come once; the rest as ``_order_two`` orders them (a
    block of comments only last; the same key twice never)."""
    matcher = difflib.SequenceMatcher(None, _signatures(theirs, None, False),
                                      _signatures(ours, None, False), autojunk=False)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace":
            both = _order_two(theirs[i1:i2], ours[j1:j2])
            if both is None:
                return None
            out += both
        elif tag == "equal":
            out += theirs[i1:i2]
        else:  # lines only one side inserts
            out += theirs[i1:i2] + ours[j1:j2]
    return out


def _order_two(x: list[str], y: list[str]) -> list[str] | None:
    """Two different blocks inserted at one place, in an order that keeps each line in
    its entity, or None. A block that stays at its indentation comes before one that
    leaves it (whose last lines belong elsewhere), a deeper one before a shallower one."""
    bx, by = _block(x), _block(y)
    if bx.indent < 0 or by.indent < 0:  # comments only: next to the line below
        return y + x if bx.indent < 0 else x + y
    if bx.indent != by.indent:  # the deeper one continues what stands above
        deep, shallow = (x, y) if bx.indent > by.indent else (y, x)
        return None if _block(deep).leaves else deep + shallow
    if (bx.leaves and by.leaves) or bx.starts_item != by.starts_item or bx.keys & by.keys:
        return None
    return y + x if bx.leaves else x + y


def _deletions(b: list[str], sides: dict[str, _Side], cluster: list[_Edit], start: int,
               end: int, out: list[str], conflicts: list[tuple[int, _LineConflict]]) -> None:
    """Base lines [start, end) of which each side deleted some: a line either deleted
    goes, unless the other side changed it (a conflict: the person's choice is kept, and
    with a line kept the ``- id:`` lines of the entities it stands in)."""
    gone = {name: {k for e in cluster if e.side == name for k in range(e.start, e.end)}
            for name in sides}
    paths = _paths(b[start:end])
    plan: list[tuple[str, str, _LineConflict | None]] = []  # (what, line, conflict)
    for k in range(start, end):
        in_ours, in_theirs = k not in gone["ours"], k not in gone["theirs"]
        if in_ours and in_theirs:
            plan.append(("merge", "", None))
            continue
        if not (in_ours or in_theirs):
            plan.append(("drop", "", None))
            continue
        name = "ours" if in_ours else "theirs"
        kept = sides[name].lines[sides[name].at[k]]
        if kept == b[k] or _content(kept) == _content(b[k]):
            plan.append(("drop", "", None))  # unchanged (or only its source moved)
            continue
        conflict = _LineConflict("", b[k].rstrip("\n"), kept.rstrip("\n") if in_theirs else "",
                                 kept.rstrip("\n") if in_ours else "")
        plan.append(("keep" if in_ours else "drop", kept, conflict))
    for n, (what, _, _) in enumerate(plan):
        if what == "keep" or what == "merge":  # keep the items it stands in
            for m in range(n):
                if plan[m][0] == "drop" and plan[m][2] is None and paths[m] and \
                        paths[m] == paths[n][:len(paths[m])] and \
                        _ITEM_ID.match(b[start + m].rstrip("\n")):
                    ours = sides["ours"].at.get(start + m)
                    line = sides["ours"].lines[ours] if ours is not None else b[start + m]
                    plan[m] = ("keep", line, None)
    for n, (what, line, found) in enumerate(plan):
        k = start + n
        if what == "merge":
            _line3(b[k], sides["ours"].lines[sides["ours"].at[k]],
                   sides["theirs"].lines[sides["theirs"].at[k]], out, conflicts)
            continue
        if found is not None:
            conflicts.append((len(out) + 1, found))
        if what == "keep":
            out.append(line)


def _merge_lines(b: list[str], o: list[str], t: list[str], keyed: bool, out: list[str],
                 conflicts: list[tuple[int, _LineConflict]]) -> None:
    sb = _signatures(b, None, keyed)
    sides = {"ours": _side(sb, _signatures(o, b, keyed), o, "ours", keyed),
             "theirs": _side(sb, _signatures(t, b, keyed), t, "theirs", keyed)}
    def order(e: _Edit) -> tuple[int, int, int, bool]:
        # of two insertions at one place, the one that continues the entity above (indented
        # deeper: a key added to it) comes first, then the one that starts a new entity; a
        # block of comments only comes last (next to the line it was written above)
        deeper = -_indent(sides[e.side].lines[e.ostart:e.oend]) if e.start == e.end else 0
        return (e.start, e.end, deeper, e.side != "theirs")

    edits = sorted(sides["ours"].edits + sides["theirs"].edits, key=order)
    clusters: list[list[_Edit]] = []
    for e in edits:
        if clusters and _joins(e, clusters[-1]):
            clusters[-1].append(e)
        else:
            clusters.append([e])

    def stable(i1: int, i2: int) -> None:
        for k in range(i1, i2):
            _line3(b[k], o[sides["ours"].at[k]], t[sides["theirs"].at[k]], out, conflicts)

    at = 0
    for cluster in clusters:
        start = min(e.start for e in cluster)
        end = max(e.end for e in cluster)
        stable(at, start)
        names = {e.side for e in cluster}
        ob = _Side(o, [e for e in cluster if e.side == "ours"], sides["ours"].at).block(
            b, start, end)
        tb = _Side(t, [e for e in cluster if e.side == "theirs"], sides["theirs"].at).block(
            b, start, end)
        # (one side's edits only: the other side's lines there are those aligned with the
        # base ones, the same lines when aligned exactly, maybe other values when by key)
        moved_only = _content("".join(tb)) == _content("".join(b[start:end]))
        if names == {"ours"} and (tb == b[start:end] or moved_only):
            out.extend(ob)
        elif names == {"theirs"} and ob == b[start:end]:
            out.extend(tb)
        elif ob == tb:
            out.extend(ob)
        elif start == end and (both := _both_inserted(tb, ob)) is not None:
            out.extend(both)
        elif all(e.ostart == e.oend for e in cluster):  # both sides only delete lines
            _deletions(b, sides, cluster, start, end, out, conflicts)
        elif len(ob) == len(tb) == end - start and all(
                _keyed(x) == _keyed(y) == _keyed(z) for x, y, z in zip(b[start:end], ob, tb)):
            for bl, ol, tl in zip(b[start:end], ob, tb):  # the same fields, changed in place
                _line3(bl, ol, tl, out, conflicts)
        elif moved_only:
            out.extend(ob)  # the document only moved its sources: the person's lines
        elif not keyed:  # align the block's lines by their keys and ids, then merge
            _merge_lines(b[start:end], ob, tb, True, out, conflicts)
        else:
            conflicts.append((len(out) + 1, _LineConflict(
                "", "".join(b[start:end]).rstrip("\n"), "".join(tb).rstrip("\n"),
                "".join(ob).rstrip("\n"))))
            out.extend(ob)
        at = end
    stable(at, len(b))


def merge_text(base: str, ours: str, theirs: str) -> tuple[str, list[tuple[int, _LineConflict]]]:
    """Three-way merge of one file's text; the conflicts with their line (1-based) in
    the result."""
    out: list[str] = []
    conflicts: list[tuple[int, _LineConflict]] = []
    mine = ours.splitlines(keepends=True)
    _merge_lines(base.splitlines(keepends=True), mine, theirs.splitlines(keepends=True),
                 False, out, conflicts)
    conflicts += _twice(out, mine, theirs.splitlines(keepends=True))
    out, conflicts = _keys_twice(out, mine, theirs.splitlines(keepends=True), conflicts)
    return "".join(out), sorted(conflicts, key=lambda c: c[0])


def _keys_twice(out: list[str], ours: list[str], theirs: list[str],
                conflicts: list[tuple[int, _LineConflict]]
                ) -> tuple[list[str], list[tuple[int, _LineConflict]]]:
    """A key both sides added to one mapping at different places stands twice (more often
    than either side wrote it): the same line again is kept once (both sides added the same
    field); another value is a conflict at its place (the loader reports the key given twice
    too)."""
    mine = Counter(place for _, place in _key_places(ours))
    doc = Counter(place for _, place in _key_places(theirs))
    seen: dict[tuple[tuple[str, ...], str], list[str]] = {}
    drop: set[int] = set()
    found: list[tuple[int, _LineConflict]] = []
    for n, place in _key_places(out):
        before = seen.setdefault(place, [])
        body = out[n].strip()
        if len(before) >= max(1, mine[place], doc[place]):
            if body in before:
                drop.add(n)
                continue
            text = out[n].rstrip("\n")
            found.append((n + 1, _LineConflict(place[1], "", text, text)))
        before.append(body)
    if not drop:
        return out, conflicts + found

    def moved(line: int) -> int:
        return line - sum(1 for d in drop if d < line - 1)

    kept = [line for n, line in enumerate(out) if n not in drop]
    return kept, [(moved(k), c) for k, c in conflicts + found]


def _key_places(lines: list[str]) -> list[tuple[int, tuple[tuple[str, ...], str]]]:
    """Each line that gives a key, with its place: the mappings and list items it stands
    in (an item by its id, or its position) and the key."""
    stack: list[tuple[int, str]] = []  # (indentation, the mapping's key or item's id)
    items: Counter[tuple[str, ...]] = Counter()  # the items of each list so far
    scalar = -1  # the indentation of a block scalar's key while its lines run
    out: list[tuple[int, tuple[tuple[str, ...], str]]] = []
    for n, line in enumerate(lines):
        body = line.strip()
        if not body or body.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if scalar >= 0:
            if indent > scalar:
                continue
            scalar = -1
        while stack and stack[-1][0] >= indent:
            stack.pop()
        f = _field(line)
        if body.startswith("- "):
            parent = tuple(label for _, label in stack)
            items[parent] += 1
            m = _ITEM_ID.match(line.rstrip("\n"))
            stack.append((indent, m.group("id").strip("\"'") if m else f"#{items[parent]}"))
            indent += 2
        if f is None:
            continue
        out.append((n, (tuple(label for _, label in stack), f.key)))
        value = f.value.strip()
        if value[:1] in ("|", ">"):
            scalar = indent
        elif not value:
            stack.append((indent, f.key))
    return out


def _twice(out: list[str], ours: list[str],
           theirs: list[str]) -> list[tuple[int, _LineConflict]]:
    """An entity both sides added at different places stands twice: a conflict at its
    second place (the loader reports the id given twice too)."""
    def starts(lines: list[str]) -> list[tuple[int, tuple[str, ...]]]:
        return [(n, path) for n, (line, path) in enumerate(zip(lines, _paths(lines)))
                if _ITEM_ID.match(line.rstrip("\n"))]

    mine = Counter(path for _, path in starts(ours))
    doc = Counter(path for _, path in starts(theirs))
    seen: Counter[tuple[str, ...]] = Counter()
    found = []
    for n, path in starts(out):
        seen[path] += 1
        if seen[path] > max(1, mine[path], doc[path]):
            text = out[n].rstrip("\n")
            found.append((n + 1, _LineConflict("", "", text, text)))
    return found


def _where(lines: list[str], line: int) -> str:
    """The id of the entity around line ``line`` (1-based): the nearest ``id:`` above."""
    for text in reversed(lines[:line]):
        m = _ID.match(text)
        if m:
            return m.group("id").strip("\"'")
    return ""


# --- the folder ----------------------------------------------------------------------------

class MergeInputError(Exception):
    """The plan folder cannot be merged into: a message key and its parameters."""

    def __init__(self, key: str, **params: str):
        super().__init__(key)
        self.key = key
        self.params = params


def read_snapshot(plan_dir: Path) -> dict[str, str]:
    """The previous import's files (relative path → text); raises MergeInputError when the
    folder has no snapshot or it cannot be read."""
    import json

    root = plan_dir / SNAPSHOT_DIR
    manifest = root / MANIFEST
    if not manifest.is_file():
        raise MergeInputError("import.no_snapshot", path=str(plan_dir), snapshot=SNAPSHOT_DIR)
    try:
        names = json.loads(manifest.read_text(encoding="utf-8"))["filer"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValueError("filer")
        out = {}
        for rel in names:
            if rel.startswith("/") or ".." in Path(rel).parts:
                raise ValueError(rel)
            out[rel] = (root / rel).read_text(encoding="utf-8")
        return out
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise MergeInputError("import.bad_snapshot", path=str(root),
                              reason=getattr(exc, "strerror", None) or str(exc)) from None


def _read(path: Path) -> str | None:
    if not path.exists() and not path.is_symlink():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MergeInputError("import.unreadable", path=str(path),
                              reason=getattr(exc, "strerror", None) or str(exc)) from None


def _parses(rel: str, text: str) -> bool:
    from govcheck.load.errors import LoadError
    from govcheck.load.yamlloc import load_yaml_bytes

    errors: list[LoadError] = []
    load_yaml_bytes(text.encode("utf-8"), rel, errors)
    return not errors


def _content(text: str) -> list[str]:
    """A file's lines without the sources (``källa``), which move with every line the
    document gains or loses above them."""
    return [line for line in text.splitlines()
            if (f := _field(line)) is None or f.key != "källa"]


def merge_folder(plan_dir: Path, base: dict[str, str], theirs: dict[str, str]) -> Merged:
    """Merge the new import ``theirs`` into the folder, ``base`` being the previous
    import; the person's files that neither import wrote are never touched."""
    merged = Merged()
    for rel in sorted(set(base) | set(theirs)):
        b, t = base.get(rel), theirs.get(rel)
        o = _read(plan_dir / rel)
        if b is None:  # a file the new document brings
            assert t is not None
            merged.updated.append(rel)
            if o is None:
                merged.writes[rel] = t
            elif o != t:
                merged.conflicts.append(Conflict(rel, 1, "file_added", theirs=t, ours=o))
            continue
        if t is None:  # the new document no longer has it
            merged.updated.append(rel)
            if o == b:
                merged.deletes.append(rel)
            elif o is not None:
                merged.conflicts.append(Conflict(rel, 1, "file_removed", base=b, ours=o))
            continue
        if t != b:
            merged.updated.append(rel)
        if o is None:  # the person deleted the file
            if _content(t) != _content(b):
                merged.conflicts.append(Conflict(rel, 1, "file_deleted", base=b, theirs=t))
            continue
        text, found = merge_text(b, o, t)  # (read with universal newlines: CRLF files too)
        if text != o and not _parses(rel, text):
            merged.conflicts.append(Conflict(rel, 1, "unparsable", base=b, theirs=t, ours=o))
            continue
        lines = text.splitlines()
        for line, c in found:
            merged.conflicts.append(Conflict(rel, line, "field" if c.key else "block",
                                             c.key, _where(lines, line), c.base, c.theirs,
                                             c.ours))
        if text != o:
            merged.writes[rel] = text
    return merged


# --- writing -------------------------------------------------------------------------------

def apply(plan_dir: Path, writes: dict[str, str], deletes: list[str]) -> None:
    """Write every file of ``writes`` (in order) and delete ``deletes``, the folder
    changing only once all new texts are written: each is staged as a hidden file beside
    its place and moved there by rename when all are ready. A failure while staging
    (a full disk) removes the staged files and leaves the folder as it was."""
    staged: list[tuple[str, Path]] = []
    try:
        for rel, text in writes.items():
            final = plan_dir / rel
            final.parent.mkdir(parents=True, exist_ok=True)
            try:
                mode = final.stat().st_mode & 0o7777
            except OSError:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".govcheck-tmp",
                                       dir=final.parent)
            staged.append((tmp, final))
            os.chmod(tmp, mode)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
    for tmp, final in staged:
        os.replace(tmp, final)
    for rel in deletes:
        path = plan_dir / rel
        if path.is_file() or path.is_symlink():
            path.unlink()
