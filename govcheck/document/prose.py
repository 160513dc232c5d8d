"""Tables stated in running prose ("prose tables"): a total and its parts, read from the words
and the paragraph layout of one section, never from the figures adding up.

A plan often gives an investment plan as text, not as a table. In one section (the text
under a heading) a sentence states a period total of a subject ("… föreslås
investeringsutgifterna för planperioden 2026 – 2029 uppgå till 4 676 miljoner kronor"), and
paragraphs of the same section each open with an amount of the same subject for a named area
("Investeringar inom IT uppgår för 2026 till 66 miljoner kronor och för hela planperioden till
totalt 253 miljoner kronor"). An auditor reads that as a table, and so does this module:

- the **total** is a sentence of the section with an amount of a known subject (the stem
  "investering": Investeringar, investeringsutgifterna, Investeringsplanen, …) whose own words
  name the period ("för planperioden", "för hela perioden", "2026–2029"). Its row is labelled
  with the subject in its indefinite form and the period words ("Investeringsutgifter
  planperioden");
- a **part** (an area row) is a paragraph of the same section whose first sentence names the
  subject and an area ("Investeringar i regionens fastigheter …", "Investeringsplanen år 2026
  för medicinteknisk utrustning …", "För investeringsområdet verksamhetsservice …"), with an
  amount. The area, as printed, is the label (capitalised; a possessive such as "regionens"
  dropped). The total's row sums the area rows (``summa_av``), in the order printed;
- an amount goes to the **column** its own clause names: a year ("för 2026", "år 2026",
  "3 miljoner kronor 2026") or the period ("för (hela) planperioden", "totalt för
  planperioden"). A paragraph's first amount that names no time at all is taken for the
  total's period (the paragraph continues the total's account); any other amount without a
  column is left. Later sentences of the paragraph may add the row's other cells ("Totalt för
  planperioden uppgår investeringsutgifterna till 697 miljoner kronor");
- a **split** of the amount just stated, "varav A … avser X och B … avser Y" or "Av dessa
  avser A … X medan B … avser Y", gives "varav X" rows in that amount's column (``varav_av``);
  two or more parts are the whole split into named parts, so the row sums them
  (``summa_av``) as fullmäktige's text presents it.

What does not fit is listed, never guessed: an amount with a hedge ("cirka", "drygt",
"exempelvis") or of a change ("ökar med", "högre än"), in another unit, without a column, or
for a cell already read. A table needs the total and at least two area rows; the figures
are kept exactly as printed, and whether the parts add up is never looked at: a wrong sum
stays a finding (EKO101). Every row keeps the line and sentence it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from govcheck.document import labels
from govcheck.document.model import Document, Line
from govcheck.document.numbers import Figure, normalise_spaces, parse_number
from govcheck.document.tables import Column, Row, Table

SUBJECTS: tuple[tuple[str, str], ...] = (
    ("investering", "investeringsplan"),
)
"""The subjects a prose table may have (a word stem) and the table type each gives."""

_UNIT_WORDS = (r"miljarder kronor|miljoner kronor|tusen kronor|miljarder|miljoner|mdkr|mnkr|"
               r"mkr|msek|tkr|ksek")
_AMOUNT = re.compile(rf"(?<![\d,.\w])(\d{{1,3}}(?: \d{{3}})+|\d+)(,\d+)?\s+({_UNIT_WORDS})\b"
                     r"(?!\s+(?:euro|eur|€|dollar|usd|\$|pund|nok|dkk|norska|danska))",
                     re.IGNORECASE)
_HEDGE_BEFORE = re.compile(
    r"(?i)\b(cirka|ca\.?|c:a|drygt|knappt|närmare|nära|ungefär|omkring|runt|uppemot|över|"
    r"under|minst|högst|upp till|mer än|mindre än|nästan|bortåt|maximalt|max)\s*$")
_HEDGE = re.compile(r"(?i)\b(exempelvis|till exempel|t\.\s?ex\.?|bland annat|uppskattningsvis|"
                    r"preliminärt|ungefärligt?)\b")
_CHANGE = re.compile(r"(?i)\b(ökar|ökade|ökat|ökning|minskar|minskade|minskat|minskning|höjs|"
                     r"höjts|sänks|sänkts|förändring|jämfört|tillskott|högre|lägre|mer|mindre|"
                     r"utöver|ytterligare)\b")
_PERIOD = re.compile(r"(?i)\b(?:(?:hela\s+)?(planperiod\w*)|(?:hela|under|för)\s+(?:hela\s+)?"
                     r"(perioden))\b")
_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[–-]\s*((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_PARTS_START = re.compile(r"(?i)^(?:av\s+(?:dessa|detta|dem|beloppet|summan|totalen)|därav|"
                          r"varav)\b")
_PART_WORD = re.compile(r"(?i)^\s*(?:varav|därav)\b")
_CONJ = re.compile(r"(?i)\b(?:och|medan|samt|men|varav|därav)\b|,")
_POSSESSIVE = (r"(?:regionens|kommunens|nämndens|styrelsens|förvaltningens|landstingets|"
               r"stadens|bolagets|koncernens|verksamhetens|dess|deras|sina|sin|sitt|våra|vår)")
_AREA_STOP = (r"(?:uppgår|uppgick|uppgå|utgör|utgjorde|utgöra|beräknas|planeras|budgeteras|"
              r"föreslås|är|var|blir|omfattar|omfattade|motsvarar|landar|hamnar|ligger|till|med|"
              r"på|om|år|för|under|inom|avser)")
_AREA_WORDS = r"[^\W\d][\w\-]*(?:\s+[\w\-]+){0,4}?"
_PAGE_NO = re.compile(r"^\d{1,3}$")
_SUSPENDED = re.compile(r"(och|eller|samt|till|resp)\b")  # "hälso- och sjukvård" stays
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"”»(]?[A-ZÅÄÖ0-9])")


@dataclass
class _Para:
    text: str
    starts: list[tuple[int, Line]]  # the offset in ``text`` where each line starts
    heading: bool = False

    def line_at(self, pos: int) -> Line:
        found = self.starts[0][1]
        for start, ln in self.starts:
            if start > pos:
                break
            found = ln
        return found


@dataclass
class _Amount:
    value: Decimal
    printed: str  # the figure as printed: "4 676", "3,5"
    unit: str
    start: int  # within the sentence
    end: int
    line: Line
    before: str = ""  # the amount's clause before and after it
    after: str = ""

    @property
    def clause(self) -> str:
        return f"{self.before} {self.after}"


@dataclass
class _Sentence:
    text: str
    line: Line
    amounts: list[_Amount]


@dataclass
class _Row:
    label: str
    line: Line
    cells: dict[tuple, _Amount] = field(default_factory=dict)
    parts: list[int] = field(default_factory=list)  # part rows (indexes)
    part_of: int | None = None
    sentences: list[_Sentence] = field(default_factory=list)


@dataclass
class ProseTable:
    """A prose table with what the report lists: the sentences used and those left."""

    table: Table
    used: list[tuple[int, str]]  # (line, sentence)
    left: list[tuple[int, str, str]]  # (line, sentence, why)
    default_column: list[str] = field(default_factory=list)  # rows whose column is the total's


# -- paragraphs and sections ---------------------------------------------------------------------

def _join(lines: list[Line]) -> _Para:
    text = ""
    starts: list[tuple[int, Line]] = []
    for ln in lines:
        t = normalise_spaces(ln.text.strip())
        if not text:
            starts.append((0, ln))
            text = t
        elif text.endswith("-") and text[-2:-1].isalpha() and t[:1].islower() and \
                not _SUSPENDED.match(t):
            starts.append((len(text) - 1, ln))
            text = text[:-1] + t  # a word hyphenated at the line's end
        else:
            starts.append((len(text) + 1, ln))
            text = f"{text} {t}"
    return _Para(text, starts)


def _is_heading(ln: Line, nxt: Line | None) -> bool:
    style = ln.style.lower()
    if style.startswith(("heading", "rubrik", "title")):
        return True
    t = ln.text.strip()
    if len(t) > 80 or len(t.split()) > 10 or t[-1] in ".,;:!?-" or _AMOUNT.search(t):
        return False
    if not (t[0].isupper() or t[0].isdigit()):
        return False
    if ln.paragraph is not None:  # Word: a paragraph's text, its style says the rest
        return False
    return nxt is None or not nxt.text.strip() or nxt.text.strip()[0].isupper()


def sections(doc: Document) -> list[tuple[str, list[_Para]]]:
    """The document's sections: each heading (or "" before the first) with the paragraphs
    under it. A paragraph is the lines between blank lines (a Word paragraph is one); a
    printed page number alone on its line is skipped, and a paragraph broken by a page (the
    next starts with a small letter) is joined again."""
    paras: list[_Para] = []
    cur: list[Line] = []

    def flush() -> None:
        if cur:
            paras.append(_join(cur))
            cur.clear()

    lines = doc.lines
    for i, ln in enumerate(lines):
        t = ln.text.strip()
        if not t:
            flush()
            continue
        if _PAGE_NO.match(t):
            continue
        if cur and ln.paragraph is not None and ln.paragraph != cur[-1].paragraph:
            flush()
        if not cur and _is_heading(ln, lines[i + 1] if i + 1 < len(lines) else None):
            paras.append(_Para(t, [(0, ln)], heading=True))
            continue
        cur.append(ln)
    flush()
    joined: list[_Para] = []
    for p in paras:
        prev = joined[-1] if joined else None
        if prev is not None and not p.heading and not prev.heading and \
                not re.search(r"[.!?:]$", prev.text) and p.text[:1].islower():
            merged = _join([ln for _, ln in prev.starts] + [ln for _, ln in p.starts])
            joined[-1] = merged
            continue
        joined.append(p)
    out: list[tuple[str, list[_Para]]] = [("", [])]
    for p in joined:
        if p.heading:
            out.append((p.text, []))
        else:
            out[-1][1].append(p)
    return [s for s in out if s[1]]


def _sentences(para: _Para) -> list[_Sentence]:
    out = []
    start = 0
    bounds = [m.end() for m in _SENTENCE_END.finditer(para.text)] + [len(para.text)]
    for end in bounds:
        raw = para.text[start:end]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if text:
            at = start + lead
            amounts = []
            for m in _AMOUNT.finditer(text):
                value = parse_number(m.group(1) + (m.group(2) or ""))
                if value is None:
                    continue
                amounts.append(_Amount(value, m.group(1) + (m.group(2) or ""), _unit(m.group(3)),
                                       m.start(), m.end(), para.line_at(at + m.start())))
            _clauses(text, amounts)
            out.append(_Sentence(text, para.line_at(at), amounts))
        start = end
    return out


def _unit(word: str) -> str:
    w = word.lower()
    if w.startswith("miljard") or w == "mdkr":
        return "mdkr"
    if w.startswith("tusen") or w in ("tkr", "ksek"):
        return "tkr"
    return "mnkr"


def _clauses(text: str, amounts: list[_Amount]) -> None:
    """Each amount's clause: the words from the conjunction before it ("och", "medan", ",",
    "varav" …, after the amount before) to the one after it."""
    cuts = []
    for a, b in pairwise(amounts):
        gap = text[a.end:b.start]
        last = None
        for m in _CONJ.finditer(gap):
            last = m
        cuts.append(a.end + (last.start() if last else len(gap)))
    starts = [0, *cuts]
    ends = [*cuts, len(text)]
    for s, e, a in zip(starts, ends, amounts):
        a.before = text[s:a.start]
        a.after = text[a.end:e]


# -- reading ---------------------------------------------------------------------------------------

def _hedged(a: _Amount, sentence: str) -> str | None:
    """Why the amount is not a cell, or None."""
    if _HEDGE_BEFORE.search(a.before):
        return "ungefärligt belopp"
    if _HEDGE.search(sentence):
        return "exempel eller ungefärligt"
    if _CHANGE.search(a.clause):
        return "en förändring eller jämförelse, inte ett belopp"
    return None


def _column(a: _Amount) -> tuple | None:
    clause = a.clause
    if _PERIOD.search(clause) or _SPAN.search(clause):
        return ("period",)
    years = set(_YEAR.findall(clause))
    if len(years) == 1:
        return ("year", int(years.pop()))
    return None


def _area(text: str, stem: str) -> str | None:
    """The area a sentence names for the subject: "Investeringar inom IT" → "IT"."""
    patterns = (
        (rf"(?i)\b{stem}\w*(?:\s+år\s+\d{{4}})?\s+(?:i|inom|för)\s+(?:{_POSSESSIVE}\s+)?"
         rf"(?P<area>{_AREA_WORDS})\s+(?={_AREA_STOP}\b)"),
        (rf"(?i)\b(?:i|inom|för)\s+\w*området\s+(?:{_POSSESSIVE}\s+)?(?P<area>{_AREA_WORDS})"
         rf"\s+(?={_AREA_STOP}\b)"),
    )
    for pattern in patterns:
        m = re.search(pattern, text)
        if m is None:
            continue
        area = m.group("area").strip()
        if re.search(r"(?i)period|\d|^(hela|år|året|åren)$", area):
            continue
        return area[0].upper() + area[1:]
    return None


def _indefinite(word: str) -> str:
    w = word.lower()
    for suffix, repl in (("erna", "er"), ("arna", "ar"), ("orna", "or"), ("en", ""),
                         ("et", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 6:
            return w[: len(w) - len(suffix)] + repl
    return w


def _part_label(a: _Amount) -> str | None:
    """The name of a split's part: the words after the amount ("avser reinvesteringar"),
    else those before it ("varav reinvesteringar 160 …")."""
    after = re.sub(r"(?i)^\s*(?:och|medan|samt|men)\s*$", "", a.after.strip(" ,.;"))
    after = re.sub(r"(?i)^\s*(?:avser|är|till|för|utgör)\s+", "", after)
    after = re.split(r"(?i)\s+(?:och|medan|samt|men|som|vilket|där)\b", after)[0].strip(" ,.;")
    before = re.sub(r"(?i)^\s*(?:varav|därav|och|medan|samt|,)\s*", "", a.before.strip())
    before = re.sub(r"(?i)^av\s+\w+\s+(?:avser|är|går)\s*", "", before).strip(" ,.;")
    before = re.sub(r"(?i)\s*(?:avser|är|till)$", "", before).strip()
    for phrase in (after, before):
        if phrase and re.fullmatch(r"[^\W\d][\w\-]*(?:\s+[^\W\d][\w\-]*){0,4}", phrase):
            return f"varav {phrase}"
    return None


def _stem_word(text: str, stem: str) -> re.Match[str] | None:
    return re.search(rf"(?i)\b{stem}\w*", text)


def find_prose_tables(doc: Document) -> list[ProseTable]:
    out = []
    for heading, paras in sections(doc):
        found = _section_table(heading, paras)
        if found is not None:
            out.append(found)
    return out


def _section_table(heading: str, paras: list[_Para]) -> ProseTable | None:
    text = " ".join(p.text for p in paras).lower()
    subjects = [(stem, kind) for stem, kind in SUBJECTS if stem in text]
    if not subjects or not _AMOUNT.search(text):
        return None
    sents = [_sentences(p) for p in paras]
    for stem, kind in subjects:
        total = _total(sents, stem)
        if total is None:
            continue
        k, s, a = total
        table = _read(heading, sents, k, s, a, stem, kind)
        if table is not None:
            return table
    return None


def _total(sents: list[list[_Sentence]], stem: str) -> tuple[int, _Sentence, _Amount] | None:
    """The first sentence of the section stating an amount of the subject for the period
    (exactly one such amount, not hedged, no area named), outside the areas' paragraphs."""
    for k, para in enumerate(sents):
        if para and _stem_word(para[0].text, stem) and _area(para[0].text, stem):
            continue  # an area's paragraph: its period amounts are the area's
        for s in para:
            if _stem_word(s.text, stem) is None or _area(s.text, stem) is not None:
                continue
            period = [a for a in s.amounts if _column(a) == ("period",)
                      and _hedged(a, s.text) is None and not _PART_WORD.match(a.before)]
            if len(period) == 1:
                return k, s, period[0]
    return None


def _read(heading: str, sents: list[list[_Sentence]], total_para: int, total_s: _Sentence,
          total_a: _Amount, stem: str, kind: str) -> ProseTable | None:
    unit = total_a.unit
    span = _SPAN.search(total_a.clause) or next(
        (m for p in sents for s in p if (m := _SPAN.search(s.text))), None)
    word = _PERIOD.search(total_a.clause)
    subject = _stem_word(total_a.before, stem) or _stem_word(total_s.text, stem)
    assert subject is not None
    period_words = (word.group(1) or word.group(2)).lower() if word else (
        f"{span.group(1)}–{span.group(2)}" if span else "perioden")
    label = _indefinite(subject.group(0))
    rows = [_Row(f"{label[0].upper()}{label[1:]} {period_words}", total_a.line,
                 {("period",): total_a}, sentences=[total_s])]
    used: set[int] = {id(total_a)}
    left: list[tuple[int, str, str]] = []
    default_column: list[str] = []
    areas: list[int] = []
    for k, para in enumerate(sents):
        if k == total_para or not para:
            continue
        first = para[0]
        area = _area(first.text, stem) if _stem_word(first.text, stem) else None
        if area is None or not first.amounts:
            continue
        head = first.amounts[0]
        if head.unit != unit or _hedged(head, first.text) or _PART_WORD.match(head.before):
            continue
        if any(rows[i].label.lower() == area.lower() for i in areas):
            left.append((first.line.no, first.text, "samma område en gång till"))
            continue
        row = _Row(area, head.line)
        rows.append(row)
        areas.append(len(rows) - 1)
        _read_paragraph(rows, len(rows) - 1, para, unit, stem, used, left, default_column)
    areas = [i for i in areas if rows[i].cells]
    if len(areas) < 2:
        return None
    rows[0].parts = areas
    # the sentences of the section with an amount that no cell took stay listed
    for para in sents:
        for s in para:
            for a in s.amounts:
                if id(a) not in used and not any(s.text == t for _, t, _ in left):
                    left.append((a.line.no, s.text, "inte en cell i tabellen"))
                    break
    return _table(heading, rows, unit, kind, span, used_sentences(rows), left,
                  default_column)


def _read_paragraph(rows: list[_Row], r: int, para: list[_Sentence], unit: str, stem: str,
                    used: set[int], left: list[tuple[int, str, str]],
                    default_column: list[str]) -> None:
    row = rows[r]
    last: tuple[int, tuple] | None = None  # the whole amount stated last: (row, column)
    parts: dict[str, int] = {}
    for n, s in enumerate(para):
        if not s.amounts:
            continue
        split = n > 0 and bool(_PARTS_START.match(s.text))
        if n > 0 and not split:
            named = _area(s.text, stem)
            if _stem_word(s.text, stem) is None or (
                    named is not None and named.lower() != row.label.lower()):
                why = _hedged(s.amounts[0], s.text) or "nämner inte samma område"
                left.append((s.amounts[0].line.no, s.text, why))
                continue
        in_split = split
        took = False
        for i, a in enumerate(s.amounts):
            if _PART_WORD.match(a.before):
                in_split = True
            why = _hedged(a, s.text) or ("en annan enhet" if a.unit != unit else None)
            if why is None and in_split:
                if last is None:
                    why = "en del utan ett belopp före"
                else:
                    name = _part_label(a)
                    if name is None:
                        why = "delens namn går inte att läsa"
                    else:
                        whole, col = last
                        k = parts.get(name)
                        if k is None:
                            rows.append(_Row(name, a.line, part_of=whole))
                            k = parts[name] = len(rows) - 1
                            rows[whole].parts.append(k)
                        if col in rows[k].cells:
                            why = "cellen är redan läst"
                        else:
                            rows[k].cells[col] = a
                            rows[k].sentences.append(s)
            elif why is None:
                col = _column(a)
                if col is None and n == 0 and i == 0:
                    col = ("period",)
                    default_column.append(row.label)
                if col is None:
                    why = "inget år eller period"
                elif col in row.cells:
                    why = "cellen är redan läst"
                else:
                    row.cells[col] = a
                    last = (r, col)
            if why is None:
                used.add(id(a))
                took = True
            else:
                left.append((a.line.no, s.text, why))
        if took and s not in row.sentences:
            row.sentences.append(s)


def used_sentences(rows: list[_Row]) -> list[tuple[int, str]]:
    seen: dict[str, int] = {}
    for row in rows:
        for s in row.sentences:
            seen.setdefault(s.text, s.line.no)
    return sorted(((line, text) for text, line in seen.items()), key=lambda x: x[0])


def _table(heading: str, rows: list[_Row], unit: str, kind: str, span: re.Match[str] | None,
           used: list[tuple[int, str]], left: list[tuple[int, str, str]],
           default_column: list[str]) -> ProseTable:
    years = sorted({c[1] for row in rows for c in row.cells if c[0] == "year"})
    keys: list[tuple] = [("year", y) for y in years] + [("period",)]
    columns = [Column(str(y), "plan", y) for y in years]
    period = Column(f"{span.group(1)}–{span.group(2)}" if span else "Planperioden", "period",
                    None)
    if span:
        period.period = (int(span.group(1)), int(span.group(2)))
    columns.append(period)
    # the rows in table order: the total, each area followed by its parts
    order: list[int] = [0]
    for a in rows[0].parts:
        order.append(a)
        order.extend(rows[a].parts)
    index = {r: k for k, r in enumerate(order)}
    out_rows = []
    for r in order:
        row = rows[r]
        figures = [Figure(row.cells[key].value, row.cells[key].printed) if key in row.cells
                   else None for key in keys]
        out = Row(row.label, figures, row.line.origin(), indent=1 if row.part_of is not None
                  else 0)
        if len(row.parts) >= 2 or r == 0:
            out.sum_of = [index[p] for p in row.parts]
        if row.part_of is not None:
            out.part_of = index[row.part_of]
        if r == 0:
            out.role = labels.role_for(row.label)
        out.comment = "ur löptexten: " + " | ".join(
            f"rad {s.line.no}: {s.text}" for s in row.sentences)
        out_rows.append(out)
    total = rows[0]
    table = Table(heading or "Tabell ur löptext", columns, out_rows, total.line.origin(),
                  kind=kind, unit=unit, notes=["prose"])
    table.comment = ("Avsnittet har ingen tryckt tabell; raderna är belopp ur löptexten, "
                     "som de står. Tomma celler anges inte i texten.")
    return ProseTable(table, used, left, default_column)
