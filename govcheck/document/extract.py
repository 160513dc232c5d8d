"""Goals, uppdrag, styrdokument, bodies and stated figures, read from a document's lines.

Everything found keeps its ``Origin``; what is read with less certainty is marked, and
what is seen but not read (a statement without a matching table cell, a label without a
role) is listed for the import report, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from govcheck.document import labels
from govcheck.document.model import Document, GridTable, Line, Origin
from govcheck.document.numbers import parse_number
from govcheck.document.tables import dehyphenate

BULLET = re.compile(r"^\s*(?:[•\u2022\u25cf\u25aa\uf0b7\uf0a7▪◦\-–*]|\d{1,2}[.)])\s+")
_GOAL = re.compile(r"^\s*(?:Mål|Regionmål|Kommunmål|Fullmäktigemål|Målområde)\s+(\d{1,2})"
                   r"\s*[.:–-]\s*(\S.{2,120})$")
_TARGETS = re.compile(r"(?i)(?:Målet|Det) (?:riktas|riktar sig|gäller) (?:till|för)\s*:?\s*(.*)")
_BODY_WORD = re.compile(
    r"(?i)(fullmäktige|styrelse|styrelsen|nämnd|nämnden|beredning|beredningen|revision|"
    r"revisionen|revisorerna)$")
_BODY_IN_TEXT = re.compile(
    r"(?<![\wåäöÅÄÖ-])((?:[A-ZÅÄÖ][a-zåäö]+- och [a-zåäö]+|[A-ZÅÄÖa-zåäö][a-zåäö]{2,}(?:ala|iska|liga|a)"
    r" [a-zåäö]+|[A-ZÅÄÖa-zåäö][a-zåäö]{2,})"
    r"(?:nämnd|styrelse|fullmäktige|beredning)(?:en|ens|s)?)(?![\wåäö])")
_DOC_KINDS: list[tuple[str, str]] = [
    ("avsiktsförklaring", "avsiktsförklaring"), ("färdplan", "färdplan"),
    ("handlingsplan", "handlingsplan"), ("riktlinje", "riktlinje"), ("policy", "policy"),
    ("strategi", "strategi"), ("program", "program"), ("målbild", "målbild"),
    ("agenda", "agenda"), ("plan", "plan"),
]
_SPAN = re.compile(r"((?:19|20|21)\d\d)\s*[–-]\s*((?:19|20|21)\d\d)")
_SINGLE_YEAR = re.compile(r"\b((?:19|20|21)\d\d)\b")
GENERIC_BODIES = frozenset({"nämnd", "nämnden", "nämnder", "styrelse", "styrelsen",
                            "styrelser", "fullmäktige", "beredning", "beredningen",
                            "beredningar"})
"""Words that name a kind of body, not one body ("revisionen" is one: the region's audit)."""


@dataclass
class Body:
    name: str
    kind: str
    origin: Origin
    key: str
    id: str = ""


@dataclass
class Goal:
    number: int
    name: str
    origin: Origin
    targets: list[str] = field(default_factory=list)  # body keys
    target_names: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # document keys
    outcomes: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class Assignment:
    text: str
    origin: Origin
    owners: list[str] = field(default_factory=list)  # body keys, or "alla-namnder"
    points: list[str] = field(default_factory=list)
    requires_net_cost_goal: bool = False


@dataclass
class GovDocument:
    title: str
    kind: str
    origin: Origin
    start: int | None = None
    end: int | None = None
    key: str = ""


@dataclass
class Stated:
    sentence: str
    value: Decimal
    unit: str
    quote: str
    origin: Origin
    year: int | None = None


# -- bodies ---------------------------------------------------------------------------------

def body_key(name: str) -> str:
    """A body's name without case, definite or genitive ending, or adjective inflection:
    "Hälso- och sjukvårdsnämnden" and "Hälso- och sjukvårdsnämnd" give the same key."""
    words = labels.normalise(name).replace("-", " ").split()
    words = [w for w in words if w not in ("och",)]
    out = []
    for i, w in enumerate(words):
        for suffix, base in (("nämndens", "nämnd"), ("nämnden", "nämnd"),
                             ("styrelsens", "styrelse"), ("styrelsen", "styrelse"),
                             ("beredningens", "beredning"), ("beredningen", "beredning"),
                             ("revisionens", "revision"), ("revisionen", "revision"),
                             ("revisorerna", "revision"), ("fullmäktiges", "fullmäktige")):
            if w.endswith(suffix):
                w = w[: -len(suffix)] + base
                break
        if i < len(words) - 1 and w.endswith("a") and len(w) > 5:
            w = w[:-1]  # "regionala" → "regional"
        out.append(w)
    return " ".join(out)


def body_kind(name: str) -> str:
    key = body_key(name)
    if "krisledning" in key:
        return "krisledningsnämnd"
    if "gemensam" in key:
        return "gemensam_nämnd"
    if key.endswith("fullmäktige"):
        return "fullmäktige"
    if "beredning" in key:
        return "beredning"
    if "revision" in key:
        return "revision"
    if key.endswith("styrelse"):
        return "styrelse"
    return "nämnd"


def definite(name: str) -> str:
    """"Hälso- och sjukvårdsnämnd" → "Hälso- och sjukvårdsnämnden" (as plans name bodies)."""
    name = name.strip().rstrip(".,;:")
    if name.endswith("s") and _BODY_WORD.search(name[:-1]):
        name = name[:-1]
    for base, full in (("nämnd", "nämnden"), ("styrelse", "styrelsen"),
                       ("beredning", "beredningen"), ("Revision", "Revisionen")):
        if name.endswith(base):
            name = name[: -len(base)] + full
            break
    name = re.sub(r"^regional ", "regionala ", name)
    name = re.sub(r"^Regional ", "Regionala ", name)
    return name[:1].upper() + name[1:]


class Bodies:
    """The bodies named in the document, by key; the first name seen is kept."""

    def __init__(self) -> None:
        self.by_key: dict[str, Body] = {}
        self.mentions: dict[str, int] = {}
        self.strong: set[str] = set()

    def add(self, name: str, origin: Origin, *, strong: bool = True) -> Body | None:
        name = dehyphenate(name).strip().rstrip(".,;:")
        if not name or labels.normalise(name) in GENERIC_BODIES or name.endswith("-"):
            return None
        key = body_key(name)
        if not _BODY_WORD.search(key.replace(" ", "")) and "beredning" not in key:
            return None
        self.mentions[key] = self.mentions.get(key, 0) + 1
        if strong:
            self.strong.add(key)
        body = self.by_key.get(key)
        if body is None:
            body = Body(definite(name), body_kind(name), origin, key)
            self.by_key[key] = body
        return body

    def match(self, name: str) -> Body | None:
        key = body_key(name)
        if key in self.by_key:
            return self.by_key[key]
        return None

    def kept(self) -> list[Body]:
        """The bodies named where a plan names them (goals, uppdrag, frames), and those
        named at least four times in the text, unless the name is the end of another's
        ("vårdsnämnden" of a hyphenated "sjuk-/vårdsnämnden")."""
        strong = {k for k, n in self.mentions.items() if n % 1 == 0 and k in self.strong}
        out = []
        for key, body in self.by_key.items():
            if key in strong:
                out.append(body)
                continue
            if self.mentions.get(key, 0) < 4:
                continue
            if any(other != key and other.replace(" ", "").endswith(key.replace(" ", ""))
                   for other in self.by_key):
                continue
            out.append(body)
        return out


def scan_bodies(doc: Document, bodies: Bodies) -> None:
    for ln in doc.lines:
        for m in _BODY_IN_TEXT.finditer(ln.text):
            name = m.group(1)
            if labels.normalise(name) in GENERIC_BODIES or name.lower().startswith(
                    ("varje", "alla", "samtliga", "respektive", "berörd", "ansvarig", "vilken")):
                continue
            bodies.add(name, ln.origin(), strong=False)


SET_UP_BY_COUNCIL = frozenset({"styrelse", "nämnd", "revision", "beredning",
                               "krisledningsnämnd"})
"""The kinds of body fullmäktige sets up (KL 3 kap. 3–4 §, 6 kap. 1 §, 12 kap. 1 §)."""
_SECTION_REACH = 60  # lines from one body's heading to the next in an organisation section


def bodies_under_council(doc: Document, kept: list[Body], council: Body) -> set[str]:
    """The keys of the bodies the document presents under its fullmäktige: in the section
    that starts with the fullmäktige's heading (its name alone on a line), the bodies with a
    heading of their own, or named first in a list item ("• Beredningen för ... ska"), each
    within ``_SECTION_REACH`` lines of the previous one; only the kinds fullmäktige sets up.
    A body the plan names only elsewhere (a goal, an uppdrag, a frames row) gets no
    ``under``: the document does not say."""
    by_key = {b.key: b for b in kept if b.kind in SET_UP_BY_COUNCIL and b.key != council.key}
    names = sorted(((labels.normalise(b.name), b.key) for b in by_key.values()),
                   key=lambda p: -len(p[0]))
    out: set[str] = set()
    lines = doc.lines
    for i, ln in enumerate(lines):
        if _heading_key(ln.text) != council.key:
            continue
        last = i
        j = i + 1
        while j < len(lines) and j - last <= _SECTION_REACH:
            text = lines[j].text
            key = _heading_key(text)
            if key in by_key:
                out.add(key)
                last = j
            elif BULLET.match(text):
                item = labels.normalise(BULLET.sub("", _joined(lines[j:j + 2]), count=1))
                hit = next((k for name, k in names if item.startswith(name)), None)
                if hit is not None:
                    out.add(hit)
                    last = j
            j += 1
    return out


def _heading_key(text: str) -> str | None:
    """The body key of a line that is a body's name alone (a heading), else None."""
    text = text.strip()
    if not text or len(text) > 80 or text[-1] in ".,;:" or BULLET.match(text):
        return None
    if not _BODY_WORD.search(text):
        return None
    return body_key(text)


def split_names(text: str) -> list[str]:
    text = dehyphenate(text).strip().rstrip(".")
    parts = re.split(r",\s*|(?<!-)\s+och\s+(?=[a-zåäöA-ZÅÄÖ]+(?:nämnd|styrelse|beredning|fullmäktige|"
                     r"revision))|\s+samt\s+", text)
    out = []
    for p in parts:
        p = p.strip().strip(",").strip()
        p = re.sub(r"^och\s+", "", p)
        if p:
            out.append(p)
    return out


# -- paragraphs and bullets -------------------------------------------------------------------

def _joined(lines: list[Line]) -> str:
    return dehyphenate(" ".join(ln.text.strip() for ln in lines))


_CONNECTOR = re.compile(r"(?:-|,|\b(?:för|och|i|av|till|med|inom|om|på|samt|mot))$")


def bullet_items(lines: list[Line], start: int, stop: int) -> list[tuple[str, Line]]:
    """The bulleted items from ``start`` up to the first line that is neither a bullet nor
    a bullet's continuation (a blank line inside the list is allowed)."""
    items: list[tuple[list[Line], Line]] = []
    i = start
    while i < stop:
        ln = lines[i]
        text = ln.text.strip()
        if not text:
            i += 1
            continue
        if BULLET.match(ln.text):
            items.append(([ln], ln))
        elif items and _continues_item(items[-1][0][-1].text, text, lines, i, stop):
            items[-1][0].append(ln)
        else:
            break
        i += 1
    out = []
    for group, first in items:
        text = _joined(group)
        text = BULLET.sub("", text, count=1).strip().rstrip(".").strip()
        out.append((text, first))
    return out


def _continues_item(prev: str, text: str, lines: list[Line], i: int, stop: int) -> bool:
    prev = prev.rstrip()
    if prev.endswith((".", "!", "?")):
        return False
    if text[:1].islower() or _CONNECTOR.search(prev):
        return True
    if len(text) < 40 and text.endswith(".") and not prev.endswith((":", ";")) and \
            len(text.split()) <= 3:
        return True  # the last item's end after a page's gap ("… Economic" / "Transformation.")
    nxt = next((ln for ln in lines[i + 1: stop] if ln.text.strip()), None)
    return nxt is not None and bool(BULLET.match(nxt.text)) and len(text) < 40


# -- goals ------------------------------------------------------------------------------------

_NAMED_GOAL = re.compile(r"^\s*(?:Inriktningsmål|Kommunfullmäktiges mål|Regionfullmäktiges mål|"
                        r"Fullmäktiges mål|Övergripande mål|Strategiskt mål)\s*(\d{1,2})?\s*[:.–-]"
                        r"\s*(\S.{2,120})$")


def find_goals(doc: Document, bodies: Bodies, documents: dict[str, GovDocument]) -> list[Goal]:
    lines = doc.lines
    heads: list[tuple[int, re.Match[str], bool]] = []
    named = 0
    for i, ln in enumerate(lines):
        m = _GOAL.match(ln.text)
        if m:
            heads.append((i, m, False))
            continue
        m = _NAMED_GOAL.match(ln.text)
        if m and not m.group(2).rstrip().endswith(("procent", "%")):
            heads.append((i, m, True))  # "Inriktningsmål: Växtplats Blekinge, …"
    goals: list[Goal] = []
    seen: set[int] = set()
    for n, (i, m, is_named) in enumerate(heads):
        if is_named:
            named += 1
            number = int(m.group(1)) if m.group(1) else named
        else:
            number = int(m.group(1))
        # a numbered heading must be followed soon by a "riktas till" line or a description:
        # within five lines, or before the next goal's heading within 40 lines when the
        # paragraphs between are wrapped in lines (a PDF's narrow column)
        stop = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        window = lines[i + 1: max(i + 6, min(stop, i + 40))]
        target_at = next((k for k, ln in enumerate(window) if _TARGETS.search(ln.text)), None)
        if not is_named and target_at is None and not any(
                ln.text.strip().lower().startswith("beskrivning") for ln in window):
            continue
        if number in seen:
            continue
        seen.add(number)
        name = m.group(2).strip().rstrip(".")
        goal = Goal(number, name, lines[i].origin())
        end = heads[n + 1][0] if n + 1 < len(heads) else min(len(lines), i + 200)
        if target_at is not None:
            k = i + 1 + target_at
            parts = [_TARGETS.search(lines[k].text).group(1)]  # type: ignore[union-attr]
            while not parts[-1].rstrip().endswith(".") and k + 1 < end and \
                    lines[k + 1].text.strip() and len(parts) < 4:
                k += 1
                parts.append(lines[k].text.strip())
            for name_ in split_names(" ".join(parts)):
                body = bodies.add(name_, lines[i + 1 + target_at].origin())
                if body is not None and body.key not in goal.targets:
                    goal.targets.append(body.key)
                    goal.target_names.append(name_)
        for k in range(i + 1, end):
            head = lines[k].text.strip().lower().rstrip(":")
            if head in ("styrande dokument", "styrdokument"):
                for title, ln in bullet_items(lines, k + 1, end):
                    doc_ = add_document(documents, title, ln)
                    if doc_ is not None and doc_.key not in goal.documents:
                        goal.documents.append(doc_.key)
            elif head in ("förväntat utfall", "förväntade utfall", "förflyttning"):
                goal.outcomes = [t for t, _ in bullet_items(lines, k + 1, end)]
        goals.append(goal)
    if not goals:
        goals = _goals_of_section(lines)
    return goals


_GOALS_SECTION = re.compile(
    r"^\s*(?:(\d{1,2})\.\s+)?([A-ZÅÄÖ][\w-]*(?:\s+[\w-]+){0,3}?\s+mål|Mål)"
    r"(?:\s+för\s+(?:kommun|region)?fullmäktige)?\s*(?:\.{2,}\s*\d+)?\s*$")
_NOT_GOALS = re.compile(r"(?i)(finansiell|ekonomisk|verksamhetens mål|nämndens|nämndernas|"
                        r"styrelsens)")
_LEADERS = re.compile(r"\s*\.{2,}\s*\d*\s*$")
_LIST_ITEM = re.compile(r"^\s*(\d{1,2})[.)]\s+(\S.*)$")


def _goals_of_section(lines: list[Line]) -> list[Goal]:
    """Goals numbered otherwise than "Mål N": under a heading naming the council's goals
    ("2. Region Västernorrlands mål", "Nya mål för kommunfullmäktige", "Fullmäktiges mål";
    not the financial goals), its numbered subsections ("2.1 Ett attraktivt Västernorrland
    ...6", as a table of contents prints them) or the numbered list that follows it ("1. En
    tillitsbaserad styrning och ledning: ”…”", the name before the colon, the rest its
    description). The first such heading with goals gives them."""
    for i, ln in enumerate(lines):
        m = _GOALS_SECTION.match(ln.text)
        if not m or _NOT_GOALS.search(ln.text):
            continue
        goals: list[Goal] = []
        if m.group(1):
            sub = re.compile(rf"^\s*{m.group(1)}\.(\d{{1,2}})\.?\s+(\S.{{2,150}})$")
            for nxt in lines[i + 1: i + 40]:
                if not nxt.text.strip():
                    continue
                sm = sub.match(nxt.text)
                if sm is None:
                    break
                name = _LEADERS.sub("", sm.group(2)).strip().rstrip(".")
                goals.append(Goal(int(sm.group(1)), name, nxt.origin()))
        else:
            k = i + 1
            while k < min(len(lines), i + 8) and not _LIST_ITEM.match(lines[k].text):
                k += 1
            while k < len(lines):
                text = lines[k].text
                lm = _LIST_ITEM.match(text)
                if lm is None:
                    if text.strip():
                        break
                    k += 1
                    continue
                name, _, rest = lm.group(2).partition(":")
                if not rest and "." in name:
                    name = name.split(".")[0]
                name = name.strip().rstrip(".")
                if 2 < len(name) <= 150:
                    goals.append(Goal(int(lm.group(1)), name, lines[k].origin(),
                                      description=rest.strip().strip("”\"'’ ").strip()))
                k += 1
        numbers = [g.number for g in goals]
        if len(goals) >= 2 and numbers == list(range(1, len(goals) + 1)):
            return goals
    for i, ln in enumerate(lines):
        # "I regionplanen finns fem inriktningsmål som visar …:" and a bulleted list
        text = ln.text.strip().rstrip('"”')
        if not text.endswith(":") or not _GOALS_INTRO.search(text) or \
                _NOT_GOALS.search(text):
            continue
        items = bullet_items(lines, i + 1, min(len(lines), i + 30))
        goals = [Goal(k, name, item.origin())
                 for k, (name, item) in enumerate(
                     ((_LIST_END.sub("", t).strip(), item) for t, item in items), start=1)
                 if 2 < len(name) <= 150]
        if len(goals) >= 2:
            return goals
    return []


_GOALS_INTRO = re.compile(r"(?i)\b(?:inriktningsmål|regionmål|kommunmål|fullmäktigemål|"
                          r"övergripande mål|strategiska mål)(?:en)?\b")
_LIST_END = re.compile(r"(?:\s+(?:samt|och)|[.,;])+$")


# -- styrdokument ---------------------------------------------------------------------------------

def document_kind(title: str) -> str | None:
    words = labels.normalise(title).split()
    for word in words:
        word = word.strip(".,:;")
        for stem, kind in _DOC_KINDS:
            if word.endswith(stem) or word == stem:
                return kind
    return None


def add_document(documents: dict[str, GovDocument], title: str, ln: Line
                 ) -> GovDocument | None:
    title = title.strip().rstrip(".")
    if len(title) < 4 or len(title) > 160:
        return None
    # a suspended hyphen makes a compound of the word after "och": "miljö- och klimat
    # strategi" (an item broken over lines) is "miljö- och klimatstrategi"
    kinds = "|".join(stem for stem, _ in _DOC_KINDS)
    title = re.sub(rf"(\w- (?:och|eller) [a-zåäö]+) ((?:{kinds})\w*)$", r"\1\2", title)
    key = labels.normalise(title)
    if key in documents:
        return documents[key]
    kind = document_kind(title) or "annat"
    doc = GovDocument(title, kind, ln.origin(), key=key)
    span = _SPAN.search(title)
    if span:
        doc.start, doc.end = int(span.group(1)), int(span.group(2))
        if doc.end < doc.start:
            doc.start = None
    else:
        years = _SINGLE_YEAR.findall(title)
        if years:
            doc.end = int(years[-1])
    documents[key] = doc
    return doc


def find_documents(doc: Document, documents: dict[str, GovDocument]) -> None:
    """Bulleted lists under a "Styrande dokument" heading anywhere in the document."""
    lines = doc.lines
    for i, ln in enumerate(lines):
        head = ln.text.strip().lower().rstrip(":")
        if head in ("styrande dokument", "styrdokument", "relevanta styrdokument",
                    "styrande dokument och planer"):
            for title, item in bullet_items(lines, i + 1, min(len(lines), i + 60)):
                add_document(documents, title, item)


# -- uppdrag ---------------------------------------------------------------------------------------

_UPPDRAG_HEAD = re.compile(r"(?i)^\s*(riktade uppdrag|uppdrag till|fullmäktiges uppdrag|"
                           r"kommunfullmäktiges uppdrag|regionfullmäktiges uppdrag|uppdrag)\b")
_ALL = re.compile(r"(?i)^(alla|samtliga) (nämnder|styrelser)( och (nämnder|styrelser|bolag))?$")
_END = re.compile(r"^\s*(Bilaga\b|BILAGA\b|Mål \d)")


def _owner_phrase(text: str, bodies: Bodies) -> list[str] | None:
    """The owners when ``text`` is nothing but owners ("Alla nämnder", "Regionstyrelsen och
    hälso- och sjukvårdsnämnden"); else None."""
    text = dehyphenate(text).strip().rstrip(".")
    if not text or len(text.split()) > 12:
        return None
    names = split_names(text)
    out = []
    for name in names:
        if _ALL.match(name):
            out.append("alla-namnder")
            continue
        if not (re.search(r"(?i)(nämnd|styrelse|beredning|fullmäktige|revision)(en|erna)?$",
                          name) or re.match(r"(?i)^beredning(en)? för \S+( \S+){0,4}$", name)):
            return None
        if name[:1].islower() and not re.match(r"(?i)^[a-zåäö-]+ och ", name) and \
                len(name.split()) > 3:
            return None
        out.append(name)
    return out or None


def find_assignments(doc: Document, bodies: Bodies) -> list[Assignment]:
    lines = doc.lines
    out: list[Assignment] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if not (_UPPDRAG_HEAD.match(ln.text) and "riktas till" in ln.text.lower()):
            i += 1
            continue
        i = _read_assignments(lines, i + 1, bodies, out)
    for grid in doc.grids:
        out.extend(_grid_assignments(grid, bodies))
    return out


def _grid_assignments(grid: GridTable, bodies: Bodies) -> list[Assignment]:
    """A Word table of uppdrag: a header whose last cell is "Riktas till"; each row below is
    an uppdrag (its first cell) with the owners its last cell names."""
    if not grid.rows or len(grid.rows[0].cells) < 2 or \
            "riktas till" not in grid.rows[0].cells[-1].lower():
        return []
    out = []
    for row in grid.rows[1:]:
        text = " ".join(row.cells[0].split())
        if not text:
            continue
        a = Assignment(text, replace(row.origin, quote=text))
        for name in _owner_phrase(row.cells[-1], bodies) or []:
            if name == "alla-namnder":
                if name not in a.owners:
                    a.owners.append(name)
                continue
            body = bodies.add(name, row.origin)
            if body is not None and body.key not in a.owners:
                a.owners.append(body.key)
        a.requires_net_cost_goal = bool(
            re.search(r"mål för (den )?(tillåten )?nettokostnads", text.lower()))
        out.append(a)
    return out


def _paragraphs(lines: list[Line], start: int) -> list[list[Line]]:
    paras: list[list[Line]] = []
    cur: list[Line] = []
    blanks = 0
    for k in range(start, min(len(lines), start + 200)):
        ln = lines[k]
        if _END.match(ln.text):
            break
        if not ln.text.strip():
            blanks += 1
            if blanks >= 3:
                break
            if cur:
                paras.append(cur)
                cur = []
            continue
        blanks = 0
        if cur and ln.page != cur[-1].page:
            paras.append(cur)  # a new page starts a new paragraph
            cur = []
        cur.append(ln)
    if cur:
        paras.append(cur)
    return paras


_OWNER_AT_END = re.compile(r"^(.*[.!?])\s+([A-ZÅÄÖ][^.]*)$")


def _split_at_owners(paras: list[list[Line]], bodies: Bodies) -> list[list[Line]]:
    """A paragraph whose line ends with owners ("… hållbarhetsarbete. Alla nämnder") ends
    there: the next line starts another uppdrag."""
    out: list[list[Line]] = []
    for para in paras:
        cur: list[Line] = []
        carry = ""  # an owner's name hyphenated at the line's end ("Beredningen för kompetens-")
        for k, ln in enumerate(para):
            cur.append(ln)
            text = ln.text.strip()
            if carry:
                owners = _owner_phrase(f"{carry} {text}", bodies)
                carry = ""
                if owners is not None and k < len(para) - 1:
                    out.append(cur)
                    cur = []
                continue
            m = _OWNER_AT_END.match(text)
            if not m or k == len(para) - 1:
                continue
            nxt = para[k + 1].text.strip()
            if m.group(2).endswith("-") and nxt[:1].islower() and len(nxt.split()) <= 3 and \
                    _owner_phrase(f"{m.group(2)} {nxt}", bodies) is not None:
                carry = m.group(2)  # the owner's name goes on in the next line (a table cell)
                continue
            if _owner_phrase(m.group(2), bodies) is not None:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
    return out


def _read_assignments(lines: list[Line], start: int, bodies: Bodies,
                      out: list[Assignment]) -> int:
    paras = _split_at_owners(_paragraphs(lines, start), bodies)
    pending: list[Line] = []
    last = start
    for para in paras:
        last = para[-1].no
        text = _joined(para)
        owners = _owner_phrase(text, bodies)
        if owners is None and pending and text[:1].islower():
            pending.extend(para)  # a sentence continued after a blank line
            continue
        if owners is None:
            # "Öka kännedom ... hållbarhetsarbete. Alla nämnder": owners at the line's end
            m = re.match(r"^(.*[.!?])\s+([A-ZÅÄÖ][^.]*)$", text)
            tail = _owner_phrase(m.group(2), bodies) if m else None
            if tail is not None and m is not None:
                out.append(_assignment(pending + para, tail, bodies, m.group(1)))
                pending = []
                continue
            pending.extend(para)
            continue
        if pending:
            out.append(_assignment(pending, owners, bodies, None, para[0]))
            pending = []
    return last


def _assignment(paras: list[Line], owners: list[str], bodies: Bodies,
                text: str | None = None, owner_line: Line | None = None) -> Assignment:
    main: list[Line] = []
    points: list[list[Line]] = []
    for ln in paras:
        if BULLET.match(ln.text):
            points.append([ln])
        elif points:
            points[-1].append(ln)
        else:
            main.append(ln)
    body_text = text if text is not None else _joined(main)
    a = Assignment(body_text.strip(), paras[0].origin(body_text.strip()))
    a.points = [BULLET.sub("", _joined(p), count=1).strip() for p in points]
    origin = (owner_line or paras[0]).origin()
    for name in owners:
        if name == "alla-namnder":
            a.owners.append(name)
            continue
        body = bodies.add(name, origin)
        if body is not None and body.key not in a.owners:
            a.owners.append(body.key)
    full = " ".join([a.text, *a.points]).lower()
    a.requires_net_cost_goal = bool(re.search(r"mål för (den )?(tillåten )?nettokostnads", full))
    return a


# -- stated figures ---------------------------------------------------------------------------------

_FIGURE = re.compile(
    r"(?<![\d,])(-?\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?)\s*(miljoner kronor|miljoner|mnkr|mkr|"
    r"miljarder kronor|miljarder|procent|%)")


def find_statements(doc: Document) -> list[Stated]:
    """Sentences of running text that state an amount or a share."""
    out: list[Stated] = []
    paragraph: list[Line] = []

    def flush() -> None:
        if not paragraph:
            return
        text = _joined(paragraph)
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", text):
            figures = list(_FIGURE.finditer(sentence))
            if len(figures) != 1 or len(sentence) > 400:
                continue
            m = figures[0]
            value = parse_number(m.group(1))
            if value is None:
                continue
            word = m.group(2)
            unit = ("procent" if word in ("procent", "%") else
                    "mdkr" if word.startswith("miljard") else "mnkr")
            years = sorted(set(int(y) for y in _SINGLE_YEAR.findall(sentence)))
            where = next((ln for ln in paragraph if m.group(1).split()[0] in ln.text),
                         paragraph[0])
            out.append(Stated(sentence.strip(), value, unit, m.group(0).strip(),
                              where.origin(), years[0] if len(years) == 1 else None))
        paragraph.clear()

    for ln in doc.lines:
        text = ln.text.strip()
        if not text:
            flush()
            continue
        if len(text) < 25 and not paragraph:
            continue
        paragraph.append(ln)
    flush()
    return out


# -- the plan itself ---------------------------------------------------------------------------------

def organisation_name(texts: list[str]) -> tuple[str, str]:
    """("Region Västerbotten", "region") or ("Sjöbo kommun", "kommun"): the most named."""
    counts: dict[tuple[str, str], int] = {}
    for text in texts:
        for m in re.finditer(r"\bRegion ([A-ZÅÄÖ][a-zåäö]+(?:land|botten|ten|ge|land)?[a-zåäö]*)",
                             text):
            name = m.group(1)
            if name.endswith("s") and not name.endswith("ss"):
                name = name[:-1]
            key = (f"Region {name}", "region")
            counts[key] = counts.get(key, 0) + 1
        for m in re.finditer(r"\b([A-ZÅÄÖ][a-zåäö]+) (kommun|stad)s?\b", text):
            if m.group(1) in ("Varje", "Den", "En", "Hela", "Denna", "Vilken", "Annan"):
                continue
            key = (f"{m.group(1)} {m.group(2)}", "kommun")
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return "Okänd organisation", "region"
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
