"""Economy tables: found in the lines of a text (or given by a Word document's real tables),
read into columns and rows with every figure exactly as printed, then given their structure
(parts, totals, roles) from labels and layout only, never from the figures adding up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from govcheck.document import labels
from govcheck.document.model import Document, GridTable, Line, Origin
from govcheck.document.numbers import (
    DASH_CELLS,
    Figure,
    is_numeric_token,
    merge_percent,
    normalise_spaces,
    segment,
)

KIND_WORDS = (r"Budgetförändring|Budget-\s*förändring|Omfördelning|Omför-\s*delning|"
              r"Förändring|Bokslut|Utfall|Prognos|Budget|Plan|Delår|Ram|Årsbudget|Bud|Progn")
_HEADING = re.compile(rf"(?i)(?<![a-zåäö])({KIND_WORDS})[\s\-]*((?:19|20|21)\d\d)(?!\d)")
_YEAR = re.compile(r"^(19|20|21)\d\d$")
_PROSE_START = re.compile(r'^\s*[-•#(\["”»*]')


@dataclass
class Column:
    heading: str
    kind: str
    year: int | None
    guessed: bool = False  # the kind is not printed (a header of years only)
    period: tuple[int, int] | None = None  # a period column's years (prose tables)


@dataclass
class Row:
    label: str
    figures: list[Figure | None]
    origin: Origin
    indent: int = 0
    heading_row: bool = False
    uncertain: str | None = None  # why the reading is uncertain
    group: int = 0  # layout group (blank lines)
    # structure
    id: str = ""
    role: str | None = None
    percent: bool = False
    part_of: int | None = None
    sum_of: list[int] = field(default_factory=list)
    growth_of: int | None = None
    share_of: tuple[int, list[int]] | None = None
    body: str | None = None  # an organisation body's name (ramar)
    comment: str = ""  # where a row read from prose stands (its lines and sentences)


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[Row]
    origin: Origin
    kind: str = "annan"
    unit: str = "mnkr"
    caption: str = ""
    notes: list[str] = field(default_factory=list)
    id: str = ""
    end_line: int = 0
    col_ids: list[str] = field(default_factory=list)
    split_at: int | None = None  # the line of a heading that starts the next table
    split_note: bool = False  # that heading is a note's ("Skatteintäkter" / "3")
    comment: str = ""


# -- the header --------------------------------------------------------------------------------

def dehyphenate(text: str) -> str:
    """Words hyphenated at line ends joined ("pensionskost- nader"); "Löne- och" stays. A
    label set in capitals may be broken with an en dash ("AV– SÄTTNINGAR")."""
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"(\w)-\s+(?!(?:och|eller|samt|till|resp)\b)(?=[a-zåäö])", r"\1", text)
    return re.sub(r"([A-ZÅÄÖ]{2})[-–]\s+(?!(?:OCH|ELLER|SAMT|TILL)\b)(?=[A-ZÅÄÖ]{2})", r"\1",
                  text).strip()


def parse_header(text: str) -> tuple[str, list[Column]] | None:
    """The title before the first year column, and the columns; None when fewer than two
    columns with a kind word and a year are printed."""
    text = dehyphenate(normalise_spaces(text))
    matches = list(_HEADING.finditer(text))
    if len(matches) < 2:
        return None
    title = text[: matches[0].start()].strip()
    title = re.sub(r"\s*\bNot\s*$", "", title).strip()
    columns: list[Column] = []
    for i, m in enumerate(matches):
        if i > 0:
            between = text[matches[i - 1].end(): m.start()].strip(" ,|")
            if between and between.lower() not in ("not",) and re.search(r"[A-Za-zÅÄÖåäö]",
                                                                          between):
                kind = labels.column_kind(between)
                if kind is not None:
                    columns.append(Column(between, kind, None))
        word = re.sub(r"-\s*", "", m.group(1))
        heading = f"{word[0].upper()}{word[1:]} {m.group(2)}"
        kind = labels.column_kind(word) or "budget"
        columns.append(Column(heading, kind, int(m.group(2))))
    _year_of_yearless(columns)
    tail = text[matches[-1].end():].strip()
    if tail and len(tail) < 40 and labels.column_kind(tail) and not re.search(r"\d", tail):
        columns.append(Column(tail, labels.column_kind(tail) or "period", None))
    return title, columns


# -- rows ----------------------------------------------------------------------------------------

def _tokens(text: str) -> list[str]:
    return merge_percent(normalise_spaces(text).split())


def split_row(text: str, count: int, notes: bool = False
              ) -> tuple[str, list[Figure]] | None:
    """The label and exactly ``count`` figures of a row line, or None.

    The figures are the numeric tokens at the end; when they can be read as more than
    ``count`` figures, the first tokens belong to the label ("Varav från 2023, återställs
    senast 2026 -239 …"). With a "Not" column, a leading note number may go to the label
    when that reads the rest more evenly."""
    tokens = _tokens(text)
    start = len(tokens)
    while start > 0 and is_numeric_token(tokens[start - 1]):
        start -= 1
    if start == len(tokens):
        return None
    for s in range(start, len(tokens)):
        figs = segment(tokens[s:], count)
        if figs is None:
            continue
        if notes and s + 1 < len(tokens) and re.fullmatch(r"\d{1,2}", tokens[s]):
            # a note number before the figures: dropped only when that reads the figures
            # with fewer digits in the longest ("1 1 009 954 …" is note 1, then 1 009 | 954)
            alt = segment(tokens[s + 1:], count)
            if alt is not None and (_longest(alt), _jump(alt)) < (_longest(figs), _jump(figs)):
                s, figs = s + 1, alt
        return " ".join(tokens[:s]), figs
    return None


def _jump(figs: list[Figure]) -> float:
    """How far the first figure's size is from the next ones' (in powers of ten): "3 922,7
    951,2 …" jumps, "922,7 951,2 …" does not; a note number glued to the first figure."""
    import math

    values = [abs(float(f.value)) for f in figs if isinstance(f.value, Decimal)]
    if len(values) < 2 or values[0] == 0:
        return 0.0
    rest = sorted(v for v in values[1:] if v)
    if not rest:
        return 0.0
    return abs(math.log10(values[0]) - math.log10(rest[len(rest) // 2]))


def _longest(figs: list[Figure]) -> int:
    return max(sum(ch.isdigit() for ch in f.printed) for f in figs)


def _cost(figs: list[Figure]) -> int:
    return sum(sum(ch.isdigit() for ch in f.printed) ** 2 for f in figs)


def numeric_tail(text: str) -> tuple[str, list[str]]:
    tokens = _tokens(text)
    start = len(tokens)
    while start > 0 and is_numeric_token(tokens[start - 1]):
        start -= 1
    return " ".join(tokens[:start]), tokens[start:]


def _is_header_line(text: str) -> bool:
    return not _PROSE_START.match(text) and '"' not in text and "“" not in text


def _short(text: str) -> bool:
    s = text.strip()
    return bool(s) and len(s) <= 32 and len(s.split()) <= 4


def _continues(label: str, nxt: str) -> bool:
    """Whether a label-only line is continued by the next line (not a heading row)."""
    label = label.rstrip()
    if label.endswith(("-", ",", "och", " av", " i", " för", " till", " före", " efter",
                       " inkl.", " exkl.", " samt", ":")):
        return True
    first = nxt.strip()[:1]
    return first.islower()


def find_tables(doc: Document) -> list[Table]:
    """Every table of the document: its real tables (Word), then those found in its lines."""
    tables = [t for g in doc.grids if (t := grid_table(g)) is not None]
    tables.extend(_text_tables(doc.lines))
    tables.sort(key=lambda t: t.origin.line)
    return tables


def _text_tables(lines: list[Line]) -> list[Table]:
    out: list[Table] = []
    i, n = 0, len(lines)
    while i < n:
        found = _header_at(lines, i)
        if found is None:
            fused = _fused_year_header(lines, i)
            if fused is not None:
                table = _read_rows(*fused)
                if table is not None:
                    _finish(table, lines, i, table.title, fused[4:5], out)
                    i = max(table.end_line, i + 1)
                    continue
            single = _single_column_at(lines, i)
            if single is not None:
                out.append(single)
                i = single.end_line
                continue
            i += 1
            continue
        title, columns, end, title_lines = found
        table = _read_rows(lines, end, columns, title, lines[i])
        notes_table = bool(re.search(r"\bNot\b", lines[i].text))
        if table is not None and table.split_at is not None and any(
                not r.heading_row for r in table.rows):
            _finish(table, lines, i, title, title_lines, out)
            k = table.split_at
            note = table.split_note
            while k is not None:
                heading = lines[k]
                nxt = _read_rows(lines, k + 1, [Column(c.heading, c.kind, c.year, c.guessed)
                                                for c in columns],
                                 heading.text.strip(), heading, notes_table=notes_table)
                if nxt is None or not any(not r.heading_row for r in nxt.rows):
                    break
                nxt.unit = table.unit
                _finish(nxt, lines, k, nxt.title, [], out, caption=False)
                if note:
                    nxt.kind = "annan"  # a note specifies a row; it is no resultatbudget
                note = nxt.split_note
                end = max(end, nxt.end_line)
                k = nxt.split_at
            i = max(end, table.end_line)
            continue
        if table is not None and any(not r.heading_row for r in table.rows):
            _finish(table, lines, i, title, title_lines, out)
            i = max(table.end_line, end)
        else:
            i = end
    return out


def _finish(table: Table, lines: list[Line], i: int, title: str, title_lines: list[Line],
            out: list[Table], caption: bool = True) -> None:
    """Caption, unit, structure, title and kind of a table read at line ``i``; appended."""
    table.caption = _caption(lines, i, table.end_line) if caption else ""
    context = " ".join([title, table.caption] + [ln.text for ln in title_lines])
    table.unit = labels.unit_for(context) or labels.unit_for(
        " ".join(ln.text for ln in lines[max(0, i - 6): i])) or table.unit or "mnkr"
    structure(table)
    by_rows = labels.kind_from_roles([r.role for r in table.rows])
    if by_rows and table.caption and labels.table_kind(table.caption) not in (
            by_rows, "annan"):
        table.caption = ""  # the caption of a table beside it
    if not table.title:
        table.title = _caption_title(table.caption) or table.rows[0].label
    by_title = labels.table_kind(" ".join([table.title, table.caption]))
    table.kind = by_title if by_title != "annan" else (by_rows or "annan")
    if by_rows and by_title != by_rows and by_title != "annan":
        table.notes.append("kind_disagrees")
    out.append(table)


def _header_at(lines: list[Line], i: int
               ) -> tuple[str, list[Column], int, list[Line]] | None:
    """A table header starting at line ``i``: one line with the year columns, or a stack
    of short lines ("Budget" / "2025" / "Plan" / "2027" ...). Returns the title, the
    columns, the index of the first line after the header and the title lines."""
    text = lines[i].text
    if not text.strip() or not _is_header_line(text):
        return None
    parsed = parse_header(text)
    if parsed is not None:
        title, columns = parsed
        if len(title) > 80:
            return None
        return title, columns, i + 1, []
    years = text.split()
    if len(years) >= 2 and all(_YEAR.match(y) for y in years) and \
            [int(y) for y in years] == sorted(int(y) for y in years):
        # only years ("2020 2021 2022"): the first read as the budget, the rest as plan
        # ... unless the sentence that introduces the table calls it a forecast ("SKL:s
        # prognoser över timlöner och KPI … framgår av tabellen nedan"): then all forecast
        forecast = _introduced_as_forecast(lines, i)
        columns = [Column(y, "prognos" if forecast else "budget" if k == 0 else "plan", int(y),
                          guessed=True)
                   for k, y in enumerate(years)]
        k = i - 1
        while k >= 0 and not lines[k].text.strip():
            k -= 1
        title = lines[k].text.strip() if k >= 0 and len(lines[k].text.strip()) <= 60 else ""
        return title, columns, i + 1, [lines[k]] if title else []
    if not _short(text) or not re.search(rf"(?i)(^|\s)({KIND_WORDS})$|^\s*({KIND_WORDS})",
                                         text.strip()):
        return None
    # a stacked header: short lines (blank lines between them allowed)
    j, stack = i, []
    while j < len(lines) and (not lines[j].text.strip() or _short(lines[j].text)):
        if lines[j].text.strip():
            tail = numeric_tail(lines[j].text)[1]
            if stack and tail and not all(_YEAR.match(t) for t in tail):
                break
            stack.append(lines[j].text.strip())
        j += 1
    parsed = parse_header(" ".join(stack))
    if parsed is None or (parsed[0] and not re.fullmatch(r"(?i)(mnkr|mkr|tkr|mdkr|belopp i "
                                                         r"\w+|miljoner kronor)", parsed[0])):
        return None
    # the title: the short block just before (e.g. "Ekonomiska ramar per / nämnd och ...")
    k = i - 1
    while k >= 0 and not lines[k].text.strip():
        k -= 1
    block: list[Line] = []
    while k >= 0 and lines[k].text.strip() and len(lines[k].text.strip()) <= 40 \
            and len(block) < 4:
        block.insert(0, lines[k])
        k -= 1
    if k >= 0 and lines[k].text.strip():
        block = []  # the block is the end of a paragraph, not a title
    title = dehyphenate(" ".join(ln.text.strip() for ln in block))
    return title, parsed[1], j, block


_LEADING_YEARS = re.compile(r"^\s*((?:(?:19|20|21)\d\d\s+){1,11}(?:19|20|21)\d\d)\s+(\D.*)$")


def _fused_year_header(lines: list[Line], i: int
                       ) -> tuple[list[Line], int, list[Column], str, Line] | None:
    """A header of years only that the text extraction ran into the first row ("2018 2019
    2020 2021 2022 Timlön, konjunkturlönestatistik 2,5% 2,7% …"): when the rest of the line
    is a label and exactly one figure per year, the years are the columns (read as a header
    of years only) and the rest is the first row. Returns ``_read_rows``'s arguments, the
    lines with that line's row alone."""
    m = _LEADING_YEARS.match(lines[i].text)
    if m is None:
        return None
    years = m.group(1).split()
    if [int(y) for y in years] != sorted(int(y) for y in years):
        return None
    split = split_row(m.group(2), len(years))
    if split is None or not split[0].strip() or len(split[1]) != len(years):
        return None
    forecast = _introduced_as_forecast(lines, i)
    columns = [Column(y, "prognos" if forecast else "budget" if k == 0 else "plan", int(y),
                      guessed=True) for k, y in enumerate(years)]
    row = replace(lines[i], text=m.group(2))
    k = i - 1
    while k >= 0 and not lines[k].text.strip():
        k -= 1
    title = lines[k].text.strip() if k >= 0 and len(lines[k].text.strip()) <= 90 else ""
    return [*lines[:i], row, *lines[i + 1:]], i, columns, title, lines[k] if title else row


_TABLE_BELOW = re.compile(r"(?i)\b(?:tabellen|tabell) (?:nedan|nedanför|här nedan)\b")


def _introduced_as_forecast(lines: list[Line], i: int) -> bool:
    """Whether a sentence among the ten lines before line ``i`` points to the table below
    ("framgår av tabellen nedan") and calls it a forecast (prognos, prognoser)."""
    text = dehyphenate(" ".join(ln.text.strip() for ln in lines[max(0, i - 10): i]))
    return any(_TABLE_BELOW.search(sentence) and re.search(r"(?i)\bprognos", sentence)
               for sentence in re.split(r"(?<=[.!?])\s+", text))


def _read_rows(lines: list[Line], start: int, columns: list[Column], title: str,
               header: Line, notes_table: bool = False) -> Table | None:
    count = len(columns)
    notes = bool(re.search(r"\bNot\b", header.text))
    header_notes = notes_table
    k = start
    while k < len(lines) and not lines[k].text.strip():
        k += 1
    if notes_table and k < len(lines) and _NOTE_NUMBER.match(lines[k].text):
        start = k + 1  # the note's number under its heading
    rows: list[Row] = []
    pending: list[Line] = []
    group, blanks_seen, adjacent, gaps = 0, False, 0, 0
    split_at: int | None = None
    split_note = False
    i = start
    end = start
    while i < len(lines):
        ln = lines[i]
        text = ln.text
        if not text.strip():
            if not pending:
                blanks_seen = True
            i += 1
            continue
        if _header_at(lines, i) is not None and rows:
            break
        if pending and rows and _NOTE_NUMBER.match(text) and (notes or header_notes):
            # "Skatteintäkter" / "3": a note's heading with its number alone below, in a
            # table of notes; its rows are the next table, with the same columns
            split_at = next(k for k in range(i - 1, -1, -1) if lines[k] is pending[0])
            split_note = True
            pending = []
            break
        label, tail = numeric_tail(text)
        split = split_row(text, count, notes) if tail else None
        if split is None and tail and not label and pending:
            split = ("", [])  # figures of a wrapped label, read below
        if split is not None:
            row_label, figs = split
            if not label or not figs:
                # figures alone on the line: the label is the pending lines (a note number
                # may stand first: "5 12,9 11,6 …")
                figs_only = segment(_tokens(text), count) if not label else None
                if figs_only is None and notes and not label:
                    alt = split_row(text, count, notes=True)
                    if alt is not None and re.fullmatch(r"\d{1,2}", alt[0]):
                        figs_only = alt[1]
                    elif alt is not None and not alt[0]:
                        figs_only = alt[1]
                elif figs_only is not None and notes and not label:
                    alt = split_row(text, count, notes=True)
                    if alt is not None and alt[1] != figs_only:
                        figs_only = alt[1]
                if figs_only is None or not pending:
                    break
                row_label = dehyphenate(" ".join(p.text.strip() for p in pending))
                origin = pending[0].origin(row_label)
                indent = pending[0].indent
                figs = figs_only
                pending = []
            elif pending and _continues(pending[-1].text, row_label):
                # "Årets resultat i procent av skatteintäkter," / "generella … 8,1 % …"
                row_label = dehyphenate(" ".join([*(p.text.strip() for p in pending),
                                                  row_label.strip()]))
                origin = pending[0].origin(row_label)
                indent = pending[0].indent
                pending = []
            else:
                for p in pending:  # label-only lines before: heading rows
                    rows.append(_heading_row(p, count, group))
                pending = []
                origin = ln.origin()
                indent = ln.indent
                row_label = row_label.strip()
            if blanks_seen and rows:
                group += 1
                gaps += 1
            elif rows:
                adjacent += 1
            blanks_seen = False
            percent = any(f is not None and f.percent for f in figs)
            if notes:
                row_label = re.sub(r"\s+\d{1,2}$", "", row_label)  # the note number
            rows.append(Row(row_label, list(figs), origin, indent, group=group,
                            percent=percent))
            end = i + 1
            i += 1
            continue
        if tail and label and rows and not pending and len(tail) < count and \
                parse_header(text) is None and \
                len(label) <= 80 and label[:1].isupper() and \
                segment(tail, len(tail)) is not None:
            # fewer figures than columns ("Slutavräkning året innan 6,2 0,0 0,0 0,0" in six
            # columns, "Återföring av … 0,0"): which cells are empty cannot be told, so the
            # row is kept without figures (listed as uncertain, never placed by a guess that
            # would make a sum wrong) and the table goes on
            rows.append(Row(label.strip(), [None] * count, ln.origin(), ln.indent,
                            group=group, uncertain="unplaced"))
            end = i + 1
            i += 1
            continue
        # a line without figures: a label continued below, a heading row, or prose (the end)
        stripped = text.strip()
        if not pending and rows and len(stripped) <= 90 and _NEW_TABLE.match(stripped) and \
                labels.table_kind(stripped) != labels.table_kind(title):
            # a heading naming another kind of table ("Avstämning mot balanskravet …"): the
            # next table, with the same columns
            split_at = i
            break
        if len(stripped) > 70 or (not pending and stripped[:1].islower()) or tail:
            break
        if pending and not _continues(pending[-1].text, text):
            if len(pending) >= 3:
                break
        pending.append(ln)
        if len(pending) > 3:
            break
        i += 1
    if pending and rows:
        # trailing label-only lines: headings only if more rows followed; else not ours
        pass
    if not rows:
        return None
    if gaps > 2 * adjacent:
        for r in rows:
            r.group = 0  # every row stands alone: blank lines say nothing of groups
    table = Table(title, columns, rows, header.origin())
    table.end_line = end
    table.split_at = split_at
    table.split_note = split_note
    return table


_NOTE_NUMBER = re.compile(r"^\s*\d{1,2}\s*$")

_NEW_TABLE = re.compile(r"(?i)^(avstämning mot balanskravet|balanskravsutredning|"
                        r"resultatbudget|balansbudget|kassaflödesanalys|finansieringsbudget|"
                        r"resultaträkning|balansräkning)\b")
"""A heading row that starts another table inside one (with the same columns)."""

_YEAR_HEADING = re.compile(rf"(?i)^\s*({KIND_WORDS})\s+((?:19|20|21)\d\d)\s*$")


def _single_column_at(lines: list[Line], i: int) -> Table | None:
    """A table of one figure per row without a column header ("Resultatbudget" / "Miljoner
    kronor" / "Verksamhetens intäkter 1 079,5" …): its column is the year of the nearest
    heading above such as "Budget 2023"; listed as uncertain."""
    text = lines[i].text.strip()
    if not text or len(text) > 40 or labels.table_kind(text) == "annan" or re.search(r"\d", text):
        return None
    k = i + 1
    unit = None
    while k < len(lines) and not lines[k].text.strip():
        k += 1
    if k < len(lines) and labels.unit_for(lines[k].text) and not re.search(r"\d", lines[k].text):
        unit = labels.unit_for(lines[k].text)
        k += 1
    rows: list[Row] = []
    while k < len(lines):
        ln = lines[k]
        if not ln.text.strip():
            if rows:
                break
            k += 1
            continue
        split = split_row(ln.text, 1)
        if split is None or not split[0]:
            break
        percent = bool(split[1][0].percent)
        rows.append(Row(split[0].strip(), list(split[1]), ln.origin(), ln.indent,
                        percent=percent))
        k += 1
    if len(rows) < 3:
        return None
    heading = next((m for ln in reversed(lines[max(0, i - 30): i])
                    if (m := _YEAR_HEADING.match(ln.text))), None)
    if heading is None:
        return None
    word = heading.group(1)
    column = Column(f"{word[0].upper()}{word[1:]} {heading.group(2)}",
                    labels.column_kind(word) or "budget", int(heading.group(2)), guessed=True)
    table = Table(text, [column], rows, lines[i].origin(), unit=unit or "mnkr")
    table.end_line = k
    table.notes.append("single_column")
    structure(table)
    table.kind = labels.table_kind(text)
    return table


def _heading_row(line: Line, count: int, group: int) -> Row:
    return Row(line.text.strip(), [None] * count, line.origin(), line.indent,
               heading_row=True, group=group)


def _caption(lines: list[Line], start: int, end: int) -> str:
    """A "Tabell: …" caption within a few lines before or after the table."""
    lo, hi = max(0, start - 40), min(len(lines), end + 25)
    best: tuple[int, str] | None = None
    for k in range(lo, hi):
        text = lines[k].text.strip()
        if text.startswith("Tabell:") or text.startswith("Tabell "):
            parts = [text]
            m = k + 1
            while m < len(lines) and lines[m].text.strip() and len(parts) < 8:
                parts.append(lines[m].text.strip())
                m += 1
            distance = abs(k - start) if k < start else abs(k - end)
            if best is None or distance < best[0]:
                best = (distance, dehyphenate(" ".join(parts)))
    return best[1] if best else ""


def _caption_title(caption: str) -> str:
    if not caption:
        return ""
    text = re.sub(r"^Tabell:?\s*", "", caption)
    return text.split(". ")[0].rstrip(".")


# -- a Word table ---------------------------------------------------------------------------

def grid_table(grid: GridTable) -> Table | None:
    """A real table whose first row (or first two) holds the year columns."""
    if not grid.rows:
        return None
    header_rows = 1
    parsed = None
    for n in (1, 2):
        if len(grid.rows) < n:
            break
        cells = [" ".join(r.cells[c] for r in grid.rows[:n]).strip()
                 for c in range(len(grid.rows[0].cells))]
        cols = _grid_columns(cells[1:])
        if cols is not None and len(cols) >= 2:
            parsed, header_rows = (cells[0], cols), n
            break
    if parsed is None:
        return None
    title, columns = parsed
    rows: list[Row] = []
    group = 0
    for r in grid.rows[header_rows:]:
        label = r.cells[0].strip()
        cells = r.cells[1: 1 + len(columns)]
        if not any(c.strip() for c in cells):
            if label:
                rows.append(Row(label, [None] * len(columns), r.origin, r.indent,
                                heading_row=True, group=group))
            continue
        figs: list[Figure | None] = []
        ok = True
        for c in cells + [""] * (len(columns) - len(cells)):
            c = c.strip()
            if not c:
                figs.append(None)
                continue
            got = segment(_tokens(c), 1)
            if got is None:
                ok = False
                break
            figs.append(got[0])
        if not ok:
            continue
        percent = any(f is not None and f.percent for f in figs)
        rows.append(Row(label, figs, r.origin, r.indent, group=group, percent=percent))
    if not rows:
        return None
    table = Table(title, columns, rows, grid.rows[0].origin)
    table.end_line = rows[-1].origin.line
    table.unit = labels.unit_for(title) or "mnkr"
    structure(table)
    by_title = labels.table_kind(title)
    table.kind = by_title if by_title != "annan" else (
        labels.kind_from_roles([r.role for r in rows]) or "annan")
    return table


def _grid_columns(cells: list[str]) -> list[Column] | None:
    columns: list[Column] = []
    for c in cells:
        text = dehyphenate(normalise_spaces(c))
        m = _HEADING.search(text)
        if m:
            word = re.sub(r"-\s*", "", m.group(1))
            kind = labels.column_kind(text) or "budget"
            columns.append(Column(text if len(text) < 40 else f"{word} {m.group(2)}", kind,
                                  int(m.group(2))))
        elif text and labels.column_kind(text):
            columns.append(Column(text, labels.column_kind(text) or "period", None))
        elif text.lower() in ("not", ""):
            return None if not columns else columns
        else:
            return None
    if sum(c.year is not None for c in columns) < 2:
        return None
    _year_of_yearless(columns)
    return columns


def _year_of_yearless(columns: list[Column]) -> None:
    """A yearless change or index column ("Löne- och prisindex") leads to the budget of the
    year column after it, and takes its year."""
    for k, col in enumerate(columns):
        if col.year is None and col.kind in ("index", "förändring", "omfördelning"):
            col.year = next((c.year for c in columns[k + 1:] if c.year is not None), None)


# -- structure: roles, parts, totals -----------------------------------------------------------

def structure(table: Table) -> None:
    """Roles, parts (indented and "varav" rows), totals ("Summa", "Totalt", and the result
    rows the dictionary names), percentages' bases: from labels and layout only."""
    rows = table.rows
    base_indent = min((r.indent for r in rows if not r.heading_row), default=0)
    main_before: list[int] = []
    consumed: set[int] = set()
    last_main: int | None = None
    for i, row in enumerate(rows):
        if row.heading_row:
            row.role = "rubrik"
            continue
        role = labels.role_for(row.label)
        if row.percent or (role in labels.PERCENT_ROLES):
            row.percent = True
        if role is None and row.percent and last_main is not None and re.search(
                r"procent|andel|%", labels.normalise(row.label)):
            prev = rows[last_main].role
            role = {"verksamhetens_resultat": "verksamhetens_resultat_andel",
                    "årets_resultat": "resultat_andel"}.get(prev or "")
        row.role = role
        if row.percent:
            if role in ("nettokostnadsutveckling", "utveckling_skatter_och_statsbidrag") \
                    or labels.normalise(row.label).startswith("utveckling"):
                target = _find_role(rows, i, ("nettokostnad",) if role ==
                                    "nettokostnadsutveckling" else ("skatter_och_statsbidrag",))
                row.growth_of = target if target is not None else last_main
            elif role in ("verksamhetens_resultat_andel", "resultat_andel") \
                    and last_main is not None:
                base = _find_role(rows, len(rows), ("skatter_och_statsbidrag",))
                if base is not None:
                    row.share_of = (last_main, [base])
            continue
        part = labels.is_part(row.label) or (row.indent > base_indent and last_main is not None
                                             and not labels.is_total(row.label))
        if part and last_main is not None:
            row.part_of = last_main
            continue
        if labels.is_total(row.label):
            row.sum_of = _total_parts(rows, i, main_before, consumed)
        elif row.role in labels.SUM_OF_ROLES:
            wanted = labels.SUM_OF_ROLES[row.role]
            row.sum_of = [k for k in main_before if rows[k].role in wanted]
        elif labels.is_result(row.label, row.role) and main_before:
            row.sum_of = _result_parts(rows, i, main_before, consumed)
        consumed.update(row.sum_of)
        main_before.append(i)
        last_main = i
    # a role printed twice ("Verksamhetens externa nettokostnad" before and after the
    # depreciation): the last row has it, the earlier ones are steps on the way
    last: dict[str, int] = {}
    for i, row in enumerate(rows):
        if row.role and row.role != "rubrik" and row.part_of is None:
            if row.role in last and row.role not in ("varav_underskott",):
                rows[last[row.role]].role = None
            last[row.role] = i


def _find_role(rows: list[Row], before: int, roles: tuple[str, ...]) -> int | None:
    for k in range(len(rows) - 1, -1, -1):
        if rows[k].role in roles:
            if k < before or before == len(rows):
                return k
    return None


def _total_parts(rows: list[Row], i: int, main_before: list[int], consumed: set[int]) -> list[int]:
    row = rows[i]
    norm = labels.normalise(row.label)
    # "Summa eget kapital, avsättningar och skulder": the totals it names
    named = re.sub(r"^(summa|totalt|total|s:a)\s+", "", norm)
    names = [n.strip() for n in re.split(r",| och ", named) if n.strip()]
    if len(names) >= 2:
        found = []
        for name in names:
            hit = next((k for k in main_before if labels.is_total(rows[k].label)
                        and name in labels.normalise(rows[k].label)), None)
            if hit is not None:
                found.append(hit)
        if len(found) == len(names):
            return found
    parts = []
    for k in reversed(main_before):
        other = rows[k]
        if other.group != row.group or labels.is_total(other.label) or k in consumed \
                or labels.is_result(other.label, other.role):
            break  # a total sums its own block: after a heading, total or result row
        if any(rows[h].heading_row for h in range(k + 1, i)):
            break
        parts.append(k)
    return sorted(parts)


def _result_parts(rows: list[Row], i: int, main_before: list[int], consumed: set[int]) -> list[int]:
    parts = []
    for k in reversed(main_before):
        if any(rows[h].heading_row for h in range(k + 1, i)):
            break
        if k in consumed:
            continue
        parts.append(k)
        if labels.is_result(rows[k].label, rows[k].role) or labels.is_total(rows[k].label):
            if labels.is_result(rows[k].label, rows[k].role):
                break
    return sorted(parts)


def figure_value(fig: Figure | None) -> Decimal | str | None:
    if fig is None:
        return None
    if isinstance(fig.value, str) and fig.value in DASH_CELLS:
        return "–"
    return fig.value
