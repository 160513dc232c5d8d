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

Nothing is written here: ``merge_folder`` computes the new texts and ``apply`` writes them,
every file staged first, so that a failed run leaves the folder as it was.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections.abc import Callable
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

def _split_comment(rest: str) -> tuple[str, str]:
    """(value, comment) of the text after ``key:``; the comment keeps its leading blanks."""
    quote = ""
    i = 0
    while i < len(rest):
        ch = rest[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and i > 0 and rest[i - 1] in " \t":
            j = i
            while j > 0 and rest[j - 1] in " \t":
                j -= 1
            return rest[:j], rest[j:]
        i += 1
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
    depth, quote, start, i = 0, "", 0, 0
    while i < len(inner):
        ch = inner[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(inner[start:i].strip())
            start = i + 1
        i += 1
    if quote or depth:
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

Signature = Callable[[str], str]
"""What aligns lines: the line itself, or its key (govcheck.document.merge._keyed)."""


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


def _side(base: list[str], other: list[str], name: str, sig: Signature) -> _Side:
    matcher = difflib.SequenceMatcher(None, [sig(x) for x in base], [sig(x) for x in other],
                                      autojunk=False)
    edits: list[_Edit] = []
    at: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            at.update(zip(range(i1, i2), range(j1, j2)))
        else:
            edits.append(_Edit(i1, i2, j1, j2, name))
    return _Side(other, edits, at)


def _joins(e: _Edit, cluster: list[_Edit], sides: dict[str, _Side]) -> bool:
    """Whether edit ``e`` (the next in base order) concerns base lines of ``cluster``: it
    starts inside the cluster's range, or it inserts lines inside it, or it inserts the
    very lines an insertion of the other side puts at the same place. An insertion at the
    edge of a replaced range is placed beside it, and two different insertions at one
    place are both kept, the new document's first."""
    start = min(c.start for c in cluster)
    end = max(c.end for c in cluster)
    if e.start == e.end:
        mine = sides[e.side].lines[e.ostart:e.oend]
        return start < e.start < end or any(
            c.start == c.end == e.start and c.side != e.side
            and sides[c.side].lines[c.ostart:c.oend] == mine for c in cluster)
    return e.start < end


def _exact(line: str) -> str:
    return line


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


def _merge_lines(b: list[str], o: list[str], t: list[str], sig: Signature, out: list[str],
                 conflicts: list[tuple[int, _LineConflict]]) -> None:
    sides = {"ours": _side(b, o, "ours", sig), "theirs": _side(b, t, "theirs", sig)}
    def order(e: _Edit) -> tuple[int, int, int, bool]:
        # of two insertions at one place, the one that continues the entity above (indented
        # deeper: a key added to it) comes first, then the one that starts a new entity; a
        # block of comments only comes last (next to the line it was written above)
        deeper = -_indent(sides[e.side].lines[e.ostart:e.oend]) if e.start == e.end else 0
        return (e.start, e.end, deeper, e.side != "theirs")

    edits = sorted(sides["ours"].edits + sides["theirs"].edits, key=order)
    clusters: list[list[_Edit]] = []
    for e in edits:
        if clusters and _joins(e, clusters[-1], sides):
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
        elif len(ob) == len(tb) == end - start:
            for bl, ol, tl in zip(b[start:end], ob, tb):
                _line3(bl, ol, tl, out, conflicts)
        elif moved_only:
            out.extend(ob)  # the document only moved its sources: the person's lines
        elif sig is _exact:  # align the block's lines by their keys and ids, then merge
            _merge_lines(b[start:end], ob, tb, _keyed, out, conflicts)
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
    _merge_lines(base.splitlines(keepends=True), ours.splitlines(keepends=True),
                 theirs.splitlines(keepends=True), _exact, out, conflicts)
    return "".join(out), conflicts


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
        text, found = merge_text(b, o, t)
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
