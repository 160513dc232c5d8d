"""From documents to plan data: the sections a plan folder holds, each entity with its origin.

``import_documents`` reads the documents and returns an ``Imported``: the plan files (relative
path → data, with each entity's origin under ``ORIGIN``), and the import report. The data is
what the YAML of ``govcheck.document.write`` says, so the plan written and the plan linted in
memory (``govcheck.document.located``) are the same plan.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from govcheck.document import extract, labels
from govcheck.document.model import Document, Origin
from govcheck.document.prose import ProseTable, find_prose_tables
from govcheck.document.tables import Table, figure_value, find_tables

ORIGIN = "__origin__"
"""The key under which an entity's (document index, Origin) travels; never written as YAML."""

SUFFIXES = {".txt": "text", ".text": "text", ".docx": "docx", ".pdf": "pdf"}


@dataclass
class Imported:
    documents: list[Document]
    files: dict[str, dict[str, Any]]  # relative path → sections
    report: dict[str, Any]
    doc_ids: list[str] = field(default_factory=list)


def read_document(path: Path, display: str | None = None) -> Document:
    """Read one document by its suffix; raises DocumentError with a clear message."""
    from govcheck.document.errors import DocumentError

    display = display or str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise DocumentError(display, "doc.format", suffix=path.suffix or path.name)
    if not path.exists():
        raise DocumentError(display, "doc.not_found")
    if kind == "text":
        from govcheck.document.text import read_text

        return read_text(path, display)
    if kind == "docx":
        from govcheck.document.docx import read_docx

        return read_docx(path, display)
    from govcheck.document.pdf import read_pdf

    return read_pdf(path, display)


def import_documents(paths: list[Path], plan_id: str | None = None) -> Imported:
    docs = [read_document(p, str(p)) for p in paths]
    return build_plan(docs, plan_id)


# -- the plan -------------------------------------------------------------------------------------

def _source(doc_id: str, origin: Origin, kind: str) -> dict[str, Any]:
    src: dict[str, Any] = {"dok": doc_id}
    if origin.cell is not None:
        src["avsnitt"] = f"tabell {origin.cell[0]}, rad {origin.cell[1]}"
    elif kind == "docx":
        src["avsnitt"] = f"stycke {origin.paragraph or origin.line}"
    elif kind == "pdf" and origin.page_line is not None:
        src["avsnitt"] = f"rad {origin.page_line}"  # the line within its page (sida)
    else:
        src["avsnitt"] = f"rad {origin.line}"
    page = origin.printed_page or origin.page
    if page is not None:
        src["sida"] = page
    if origin.quote:
        src["citat"] = origin.quote[:300]
    return src


def _unique(base: str, used: set[str]) -> str:
    ident, n = base, 2
    while ident in used:
        ident = f"{base}-{n}"
        n += 1
    used.add(ident)
    return ident


def build_plan(docs: list[Document], plan_id: str | None = None) -> Imported:
    used: set[str] = set()
    doc_ids = [_unique("dok-" + labels.slug(Path(d.name).stem, 30), used) for d in docs]
    report: dict[str, Any] = {"dokument": [], "känt": {}, "osäkert": [], "kvar": []}
    bodies = extract.Bodies()
    documents: dict[str, extract.GovDocument] = {}
    goals: list[tuple[int, extract.Goal]] = []
    assignments: list[tuple[int, extract.Assignment]] = []
    tables: list[tuple[int, Table]] = []
    stated: list[tuple[int, extract.Stated]] = []
    prose: list[tuple[int, ProseTable]] = []
    tables_by_doc: list[tuple[int, Table]] = []
    for n, doc in enumerate(docs):
        for ln in doc.lines:
            ln.doc = n
        for grid in doc.grids:
            for crow in grid.rows:
                crow.origin = replace(crow.origin, doc=n)
        report["dokument"].append({"fil": doc.path, "id": doc_ids[n], "format": doc.kind,
                                   "rader": len(doc.lines), "sidor": _pages(doc)})
        extract.find_documents(doc, documents)
        goals.extend((n, g) for g in extract.find_goals(doc, bodies, documents))
        assignments.extend((n, a) for a in extract.find_assignments(doc, bodies))
        tables.extend((n, t) for t in find_tables(doc))
        stated.extend((n, s) for s in extract.find_statements(doc))
        prose.extend((n, p) for p in find_prose_tables(doc))
    for n, table in tables:
        if table.kind == "ramar":
            for row in table.rows:
                if not row.heading_row and row.part_of is None and row.sum_of == [] and \
                        re.search(r"(?i)(nämnd|styrelse|fullmäktige|revision|beredning)",
                                  row.label):
                    body = bodies.add(row.label, row.origin)
                    if body is not None:
                        row.body = body.key
    for doc in docs:
        extract.scan_bodies(doc, bodies)
    kept = bodies.kept()
    body_ids: dict[str, str] = {}
    for body in kept:
        body.id = _unique(labels.slug(body.name, 30), used)
        body_ids[body.key] = body.id

    texts = [ln.text for d in docs for ln in d.lines]
    org_name, org_kind = extract.organisation_name(texts)
    budget_year, period = _years(tables, texts)
    goal_key = "regionmål" if org_kind == "region" else "kommunmål"

    files: dict[str, dict[str, Any]] = {}
    plan: dict[str, Any] = {
        "id": plan_id or labels.slug(f"{org_name} {budget_year}"),
        "namn": f"{org_name}: plan med budget {budget_year} (importerad)",
        "organisation": org_name,
        "organisationstyp": org_kind,
        "budgetår": budget_year,
        "planperiod": {"från": period[0], "till": period[1]},
    }
    fm = next((b for b in kept if b.kind == "fullmäktige"), None)
    if fm is not None:
        plan["beslutad_av"] = fm.id
    sources = [{"id": doc_ids[n], "titel": _title(d), "typ": "importerad",
                "fil": d.name} for n, d in enumerate(docs)]
    files["plan.yaml"] = {"plan": plan, "källor": sources}

    if kept:
        under: set[str] = set()
        if fm is not None:
            for doc in docs:
                under |= extract.bodies_under_council(doc, kept, fm)
        organ = []
        for body in kept:
            entry: dict[str, Any] = {"id": body.id, "namn": body.name, "typ": body.kind,
                                     "källa": _source(doc_ids[_doc_of(body.origin, docs)],
                                                      body.origin, "text"),
                                     ORIGIN: body.origin}
            if fm is not None and body.key in under:
                entry["under"] = fm.id
            organ.append(entry)
        files["organisation.yaml"] = {"organisation": {"namn": org_name, "organ": organ}}
        report["känt"]["organ"] = [b.name for b in kept]

    # styrdokument
    doc_entities: dict[str, str] = {}
    if documents:
        items = []
        for gd in documents.values():
            ident = _unique("dok-" + labels.slug(gd.title, 36), used)
            doc_entities[gd.key] = ident
            n = _doc_of(gd.origin, docs)
            item: dict[str, Any] = {"id": ident, "titel": gd.title, "typ": gd.kind,
                                    "källa": _source(doc_ids[n], gd.origin, docs[n].kind),
                                    ORIGIN: gd.origin}
            if gd.end is not None:
                item["giltighet"] = ({"från": gd.start, "till": gd.end} if gd.start
                                     else {"till": gd.end})
            items.append(item)
        files["styrdokument.yaml"] = {"styrdokument": items}
        report["känt"]["styrdokument"] = [d.title for d in documents.values()]

    # goals: a goal named again in another document (a list of them, and a heading each) is
    # one goal, the first seen, with what the later one adds
    kept_goals: dict[str, extract.Goal] = {}
    unique_goals: list[tuple[int, extract.Goal]] = []
    for n, goal in goals:
        key = labels.normalise(goal.name)
        first = kept_goals.get(key)
        if first is None:
            kept_goals[key] = goal
            unique_goals.append((n, goal))
            continue
        for name in ("targets", "target_names", "documents", "outcomes"):
            if not getattr(first, name):
                setattr(first, name, getattr(goal, name))
        first.description = first.description or goal.description
    goals = unique_goals
    numbers = [g.number for _, g in goals]
    if len(set(numbers)) < len(numbers):  # numbered apart in two documents: in order
        for k, (_, goal) in enumerate(goals, start=1):
            goal.number = k
    if goals:
        out = []
        for n, goal in goals:
            ident = _unique(f"mal-{goal.number}", used)
            item = {"id": ident, "nummer": goal.number, "namn": goal.name,
                    "riktas_till": [body_ids[k] for k in goal.targets if k in body_ids],
                    "källa": _source(doc_ids[n], goal.origin, docs[n].kind), ORIGIN: goal.origin}
            if goal.description:
                item["beskrivning"] = goal.description
            if goal.documents:
                item["styrande_dokument"] = [doc_entities[k] for k in goal.documents
                                             if k in doc_entities]
            if goal.outcomes:
                item["förväntat_utfall"] = goal.outcomes
            if not item["riktas_till"]:
                report["osäkert"].append({"vad": "mål utan riktas_till", "mål": goal.name,
                                          "rad": goal.origin.line})
            out.append(item)
        files["mal.yaml"] = {goal_key: out}
        report["känt"]["mål"] = [f"Mål {g.number}. {g.name}" for _, g in goals]

    # uppdrag
    if assignments:
        out = []
        group_needed = any("alla-namnder" in a.owners for _, a in assignments)
        section: dict[str, Any] = {}
        if group_needed:
            members = [b.id for b in kept if b.kind in ("nämnd", "styrelse", "gemensam_nämnd")]
            section["grupper"] = [{"id": "alla-namnder", "namn": "Alla nämnder",
                                   "medlemmar": members}]
            used.add("alla-namnder")
        for k, (n, a) in enumerate(assignments, start=1):
            owners = [("alla-namnder" if o == "alla-namnder" else body_ids.get(o))
                      for o in a.owners]
            item = {"id": _unique(f"upp-{k:02d}", used), "text": a.text,
                    "riktas_till": [o for o in owners if o],
                    "källa": _source(doc_ids[n], a.origin, docs[n].kind), ORIGIN: a.origin}
            if a.points:
                item["delpunkter"] = a.points
            if a.requires_net_cost_goal:
                item["kräver"] = ["nettokostnadsmål"]
            if not item["riktas_till"]:
                report["osäkert"].append({"vad": "uppdrag utan ägare", "uppdrag": a.text[:80],
                                          "rad": a.origin.line})
            out.append(item)
        section["uppdrag"] = out
        files["uppdrag.yaml"] = section
        report["känt"]["uppdrag"] = len(out)

    # tables: the printed ones, then those read from running text (which no statement is
    # linked to: their sentences are the table)
    printed = list(tables)
    tables = printed + [(n, p.table) for n, p in prose]
    prose_of = {id(p.table): (n, p) for n, p in prose}
    table_items: list[tuple[str, dict[str, Any], Table, int]] = []
    report["känt"]["tabeller"] = []
    for n, table in tables:
        ident = _unique(labels.slug(f"{table.kind if table.kind != 'annan' else table.title}"
                                    f"-{budget_year}", 40), used)
        table.id = ident
        data = _table(table, ident, doc_ids[n], docs[n].kind, body_ids, report)
        rel = f"ekonomi/{ident}.yaml"
        table_items.append((rel, data, table, n))
        files[rel] = {"tabeller": [data]}
        known = {
            "id": ident, "titel": table.title, "typ": table.kind, "rad": table.origin.line,
            "kolumner": [c.heading for c in table.columns], "rader": len(table.rows),
            "tal": sum(1 for r in table.rows for f in r.figures if f is not None)}
        if id(table) in prose_of:
            known["ur_löptext"] = True
            report["osäkert"].append(_prose_report(ident, doc_ids[n], prose_of[id(table)][1]))
        report["känt"]["tabeller"].append(known)

    _same_as(table_items)

    # statements
    statements = []
    in_prose = {(n, _words(text)) for n, p in prose for _, text in p.used}
    for n, s in stated:
        if (n, _words(s.sentence)) in in_prose:
            continue  # a sentence a prose table was read from
        link = _link(s, printed)
        if link is None:
            report["kvar"].append({"vad": "uppgift utan tabellcell", "text": s.sentence[:200],
                                   "rad": s.origin.line, "dok": doc_ids[n]})
            continue
        table, row, col = link
        item = {"id": _unique(f"uppgift-{len(statements) + 1}", used),
                "beskrivning": s.sentence[:300], "värde": s.value, "enhet": s.unit,
                "år": s.year, "citat": s.quote,
                "jämför": {"tabell": table.id, "rad": row.id, "kolumn": col},
                "källa": _source(doc_ids[n], s.origin, docs[n].kind), ORIGIN: s.origin}
        statements.append(item)
    if statements:
        files["ekonomi/ekonomi.yaml"] = {"ekonomi": {"uppgifter": statements}}
    report["känt"]["uppgifter"] = len(statements)
    return Imported(docs, files, report, doc_ids)


def _words(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _prose_report(ident: str, doc_id: str, found: ProseTable) -> dict[str, Any]:
    """The report's entry for a table read from running text: uncertain by nature, with the
    sentences it was read from and those with figures that were left."""
    item: dict[str, Any] = {
        "vad": "tabell läst ur löptext (ingen tryckt tabell): kontrollera rader, kolumner och "
               "summor mot meningarna",
        "tabell": ident, "rad": found.table.origin.line, "dok": doc_id,
        "meningar": [f"rad {line}: {text}" for line, text in found.used]}
    if found.default_column:
        item["kolumn_enligt_summan"] = [
            f"{label}: beloppet anger inget år, läst för summans period"
            for label in found.default_column]
    if found.left:
        item["ej_använda"] = [f"rad {line}: {text} ({why})" for line, text, why in found.left]
    return item


def _doc_of(origin: Origin, docs: list[Document]) -> int:
    return origin.doc if 0 <= origin.doc < len(docs) else 0


def _pages(doc: Document) -> int | None:
    pages = {ln.page for ln in doc.lines if ln.page is not None}
    return len(pages) or None


def _title(doc: Document) -> str:
    for ln in doc.lines[:40]:
        text = ln.text.strip()
        if text and not text.startswith("#") and len(text) <= 150:
            return text
    return doc.name


def _years(tables: list[tuple[int, Table]], texts: list[str]) -> tuple[int, tuple[int, int]]:
    budget = [c.year for _, t in tables for c in t.columns if c.kind == "budget" and c.year]
    plans = [c.year for _, t in tables for c in t.columns if c.kind == "plan" and c.year]
    if budget:
        with_plans = [y for y in budget if any(p > y for p in plans)]
        by = Counter(with_plans or budget).most_common()
        top = max(n for _, n in by)
        year = max(y for y, n in by if n == top)
    else:
        years = Counter(int(y) for t in texts for y in re.findall(
            r"(?i)budget(?:en)? (?:för )?((?:19|20|21)\d\d)", t))
        if not years:
            years = Counter(int(y) for t in texts for y in re.findall(
                r"\b((?:19|20)\d\d)\b", t) if 1990 <= int(y) <= 2100)
        year = years.most_common(1)[0][0] if years else 2000
    end = max([p for p in plans if p > year] or [year])
    return year, (year, end)


# -- one table --------------------------------------------------------------------------------------

_COL_PREFIX = {"budget": "b", "plan": "p", "utfall": "u", "prognos": "pr", "bokslut": "bo",
               "förändring": "bf", "omfördelning": "omf", "index": "index", "period": "c"}


def _table(table: Table, ident: str, doc_id: str, kind: str, body_ids: dict[str, str],
           report: dict[str, Any]) -> dict[str, Any]:
    cols: list[dict[str, Any]] = []
    used_cols: set[str] = set()
    col_ids = []
    for k, col in enumerate(table.columns, start=1):
        base = _COL_PREFIX.get(col.kind, "c") + (str(col.year) if col.year else
                                                 ("" if col.kind == "index" else str(k)))
        cid = _unique(base, used_cols)
        col_ids.append(cid)
        table.col_ids = col_ids
        item: dict[str, Any] = {"id": cid, "rubrik": col.heading, "slag": col.kind}
        if col.year is not None:
            item["år"] = col.year
        if col.period is not None:
            item["period"] = {"från": col.period[0], "till": col.period[1]}
        cols.append(item)
    used_rows: set[str] = set()
    for row in table.rows:
        base = ("rubrik-" if row.heading_row else "") + labels.slug(row.label, 36)
        row.id = _unique(base, used_rows)
    rows = []
    for row in table.rows:
        item = {"id": row.id, "rubrik": row.label}
        if row.percent and table.unit != "procent":
            item["enhet"] = "procent"
        if row.role:
            item["roll"] = row.role
        if row.body and row.body in body_ids:
            item["organ"] = body_ids[row.body]
            if table.kind == "ramar" and not row.role:
                item["roll"] = "ram"
        if row.sum_of:
            item["summa_av"] = [table.rows[k].id for k in row.sum_of]
        if row.part_of is not None:
            item["varav_av"] = table.rows[row.part_of].id
        if row.growth_of is not None:
            item["utveckling_av"] = table.rows[row.growth_of].id
        if row.share_of is not None:
            num, dens = row.share_of
            item["andel_av"] = {"täljare": table.rows[num].id,
                                "nämnare": table.rows[dens[0]].id}
        item["värden"] = [figure_value(f) for f in row.figures]
        if row.comment:
            item["kommentar"] = row.comment[:600]
        item[ORIGIN] = row.origin
        rows.append(item)
        if not row.heading_row and not row.role and not row.body and row.part_of is None \
                and not row.sum_of and "prose" not in table.notes:
            report["osäkert"].append({"vad": "etikett utan roll", "tabell": ident,
                                      "rad": row.origin.line, "etikett": row.label})
        if row.uncertain:
            report["osäkert"].append({"vad": "färre tal än kolumner: kolumnerna går inte att "
                                             "avgöra (talen utelämnade)",
                                      "tabell": ident, "rad": row.origin.line,
                                      "etikett": row.label})
    data: dict[str, Any] = {
        "id": ident, "typ": table.kind, "titel": table.title or ident, "enhet": table.unit,
        "källa": _source(doc_id, table.origin, kind), "kolumner": cols, "rader": rows,
        ORIGIN: table.origin}
    if table.comment:
        data["kommentar"] = table.comment
    if "single_column" in table.notes:
        report["osäkert"].append({"vad": "en kolumn utan rubrik: året från rubriken "
                                         f"'{table.columns[0].heading}' ovanför",
                                  "tabell": ident, "rad": table.origin.line})
    elif any(c.guessed for c in table.columns):
        read = ("prognos, som meningen före tabellen säger"
                if all(c.kind == "prognos" for c in table.columns)
                else "det första läst som budget, de följande som plan")
        report["osäkert"].append({"vad": f"kolumnrubriker med bara årtal: {read}",
                                  "tabell": ident, "rad": table.origin.line})
    row_sums = _row_sums(table)
    if row_sums:
        data["radsummor"] = row_sums
    if "kind_disagrees" in table.notes:
        report["osäkert"].append({"vad": "tabellens typ enligt rubriken och raderna skiljer sig",
                                  "tabell": ident, "rad": table.origin.line})
    return data


# -- statements -------------------------------------------------------------------------------------

_CHANGE = re.compile(r"(?i)\b(ökar|ökade|ökning|minskar|minskade|minskning|förändring|"
                     r"höjs|sänks|tillskott|jämfört|mer än|mindre än|varav|totalt|cirka|ungefär|"
                     r"drygt|knappt|närmare|omkring)\b")
_STOP = frozenset({"och", "av", "i", "för", "till", "med", "den", "det", "de", "en", "ett",
                   "summa", "totalt", "varav", "på", "om", "från"})


def _link(s: extract.Stated, tables: list[tuple[int, Table]]
          ) -> tuple[Table, Any, str] | None:
    """The table cell a stated figure describes: its row's words all in the sentence, and
    exactly one column of the stated year; None when that is not certain."""
    if s.year is None or _CHANGE.search(s.sentence):
        return None
    sentence = set(re.findall(r"[a-zåäö]+", labels.normalise(s.sentence)))
    hits = []
    for _, table in tables:
        for row in table.rows:
            if row.heading_row or not row.id:
                continue
            if (s.unit == "procent") != row.percent:
                continue
            if s.unit != "procent" and s.unit != table.unit:
                continue
            words = [w for w in re.findall(r"[a-zåäö]+", labels.normalise(row.label))
                     if w not in _STOP]
            if len(words) < 2 or not all(w in sentence for w in words):
                continue
            cols = [k for k, c in enumerate(table.columns) if c.year == s.year
                    and c.kind in ("budget", "plan", "prognos", "utfall", "bokslut")]
            if len(cols) != 1:
                continue
            hits.append((table, row, cols[0]))
    if len(hits) != 1:
        return None
    table, row, k = hits[0]
    return table, row, table.col_ids[k]


def _same_as(items: list[tuple[str, dict[str, Any], Table, int]]) -> None:
    """``samma_som`` between rows the dictionary pairs by table kind and role, when each
    side is the only such row of the only such table."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for _, data, _, _ in items:
        by_kind.setdefault(data["typ"], []).append(data)
    for (kind, role), (other_kind, other_role) in labels.SAME_AS:
        mine, theirs = by_kind.get(kind, []), by_kind.get(other_kind, [])
        if len(mine) != 1 or len(theirs) != 1:
            continue
        rows = [r for r in mine[0]["rader"] if r.get("roll") == role]
        others = [r for r in theirs[0]["rader"] if r.get("roll") == other_role]
        if len(rows) != 1 or len(others) != 1:
            continue
        sign = _convention(rows[0], others[0], mine[0], theirs[0])
        link: dict[str, Any] = {"tabell": theirs[0]["id"], "rad": others[0]["id"]}
        if sign == -1:
            link["tecken"] = -1
        rows[0].setdefault("samma_som", []).append(link)


def _convention(row: dict[str, Any], other: dict[str, Any], table: dict[str, Any],
                other_table: dict[str, Any]) -> int:
    """-1 when the two rows print the same year's figures with opposite signs (one table
    prints costs as negative figures, the other as positive): the printing convention."""
    years = {(c.get("år"), c["slag"]): k for k, c in enumerate(table["kolumner"])}
    same = opposite = 0
    for k, col in enumerate(other_table["kolumner"]):
        i = years.get((col.get("år"), col["slag"]))
        if i is None:
            continue
        a, b = row["värden"][i], other["värden"][k]
        if not isinstance(a, Decimal) or not isinstance(b, Decimal) or a == 0 or b == 0:
            continue
        if (a > 0) == (b > 0):
            same += 1
        else:
            opposite += 1
    return -1 if opposite > same else 1


CHANGE_KINDS = ("förändring", "omfördelning", "index")


def _row_sums(table: Table) -> list[dict[str, Any]]:
    """Column sums the header's layout states: a budget column, the change, omfördelning and
    index columns after it, and the budget column they lead to (Budget 2025 + Budget-
    förändring 2025 + … + Löne- och prisindex = Budget 2026)."""
    out = []
    cols = table.columns
    for a, col in enumerate(cols):
        if col.kind != "budget":
            continue
        b = a + 1
        while b < len(cols) and cols[b].kind in CHANGE_KINDS:
            b += 1
        if b == a + 1 or b >= len(cols) or cols[b].kind not in ("budget", "plan"):
            continue
        out.append({"summa": table.col_ids[b], "av": table.col_ids[a:b]})
    return out
