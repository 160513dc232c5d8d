"""The report's pictures: the data behind them and deterministic inline SVG.

Four pictures, each computed from the steering graph only (never from the clock, a
random source or set order), so the same plan always gives the same bytes:

- ``coverage``: fullmäktige's goals (in the plan's own word: regionmål, kommunmål …)
  × nämnd, whether the nämnd's nämndplan for the budget year has a delmål linked to the
  goal;
- ``balance``: the balanskrav table's results year by year and the oldest-first
  restoration of each deficit (``govcheck.rules.checks.balance.restore``);
- ``frames``: each nämnd's ram for the budget year against its nettokostnad (an
  outcome or forecast from a follow-up, else its nettokostnadsmål), where given;
- ``organisation``: fullmäktige → nämnder → förvaltningar as a layered tree.

Every SVG has ``role="img"``, a ``<title>`` and a ``<desc>`` that says in words what
the picture shows; symbols and text carry every meaning that colour carries. The SVG
is written for inline use in HTML (no ``xmlns``, no external references).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from govcheck.graph.build import BOARDISH, SteeringGraph
from govcheck.report import fontmetrics
from govcheck.rules.checks.balance import balanskrav_years, restore
from govcheck.rules.checks.figures import cell, cite

FONT = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
NBSP = "\u00a0"

# coverage states
ADDRESSED, MISSING, UNTARGETED, EXTRA = "addressed", "not_addressed", "not_targeted", "extra"
SYMBOL = {ADDRESSED: "✓", MISSING: "✗", UNTARGETED: "–", EXTRA: "(✓)"}
CELL_FILL = {ADDRESSED: "#d9f0d3", MISSING: "#fddbc7", UNTARGETED: "#f2f2f2", EXTRA: "#deebf7"}
CELL_INK = {ADDRESSED: "#1b5e20", MISSING: "#8b1a1a", UNTARGETED: "#4d4d4d", EXTRA: "#08306b"}

T: dict[str, dict[str, str]] = {
    "sv": {
        ADDRESSED: "behandlas: ett delmål i nämndplanen kopplar till målet",
        MISSING: "behandlas inte: målet riktas till nämnden men inget delmål kopplar till det",
        UNTARGETED: "riktas inte till nämnden",
        EXTRA: "kopplas i nämndplanen fast målet inte riktas till nämnden",
        "plan_row": "Nämndplan för {year}",
        "plan_yes": "finns",
        "plan_no": "saknas",
        "cov_title": "Måltäckning {year}: {goal_word} × nämnd",
        "cov_desc": "Matris över {goals} {goal_word} och {bodies} nämnder och styrelser för "
                    "{year}. ",
        "cov_goal": "Mål {label}: ",
        "cov_no_plans": "Ingen nämndplan för {year}: {bodies}.",
        "cov_state_list": "{state}: {bodies}",
        "goal": "{Goal_word}",
        "bal_title": "Balanskravet: resultat och återställande år för år ({unit})",
        "bal_desc": "Stapeldiagram över årets balanskravsresultat {first}–{last} i tabellen "
                    "{table}. ",
        "bal_year": "{year} ({kind}): {result}",
        "bal_exempt": ", varav {amount} undantas med synnerliga skäl",
        "bal_deficit": ", underskott att återställa {amount} senast {deadline}",
        "bal_restores": ", återställer {parts}",
        "bal_surplus": ", överskott utöver återställandet {amount}",
        "bal_restore_part": "{amount} av {origin}",
        "deficit_row": "Underskott {origin}: {amount} {unit}, återställs senast {deadline}",
        "status_ok": "✓ återställt {year}",
        "status_ok_none": "✓ återställt",
        "status_missed": "✗ {remaining} kvar vid fristens slut {deadline}",
        "status_beyond": "… {remaining} kvar efter {last}; frist {deadline}",
        "restoration_order": "Återställande per underskott, äldst först",
        "legend_deficit": "underskott att återställa",
        "legend_exempt": "synnerliga skäl (återställs inte)",
        "legend_restoring": "överskott som återställer",
        "legend_surplus": "överskott utöver återställandet",
        "legend_deadline": "⚑ senaste år för återställande",
        "frames_title": "Ram och nettokostnad per nämnd {year} ({unit})",
        "frames_desc": "Liggande staplar med varje organs ram för {year} i tabellen {table}. ",
        "frames_none": "Planen anger ingen nettokostnad (utfall, prognos eller "
                       "nettokostnadsmål) för {year}; bara ramen visas.",
        "ram": "ram",
        "net_goal": "nettokostnadsmål",
        "net_outcome": "utfall",
        "net_forecast": "prognos",
        "net_growth": "nettokostnadsmål: utveckling {growth} %",
        "frames_row": "{body}: ram {ram}",
        "frames_row_net": ", {kind} {value}",
        "org_title": "Styrkedjan: fullmäktige, nämnder och förvaltningar",
        "org_desc": "Trädiagram med {n} organ och förvaltningar. ",
        "org_children": "{parent} har under sig: {children}. ",
        "org_orphan": "{body} har ingen överordnad i planen. ",
        "legend_sets_up": "inrättar (organ under)",
        "legend_serves": "betjänas av förvaltning",
        "legend_orphan": "streckad ram: ingen överordnad i planen",
        "orphan": "ingen överordnad i planen",
    },
    "en": {
        ADDRESSED: "addressed: a sub-goal in the board plan links to the goal",
        MISSING: "not addressed: the goal targets the board but no sub-goal links to it",
        UNTARGETED: "not targeted at the board",
        EXTRA: "linked in the board plan although the goal does not target the board",
        "plan_row": "Board plan for {year}",
        "plan_yes": "present",
        "plan_no": "missing",
        "cov_title": "Goal coverage {year}: {goal_word} × nämnd",
        "cov_desc": "Matrix of {goals} council goals and {bodies} boards for {year}. ",
        "cov_goal": "Goal {label}: ",
        "cov_no_plans": "No board plan for {year}: {bodies}.",
        "cov_state_list": "{state}: {bodies}",
        "goal": "Council goal",
        "bal_title": "Balanced-budget requirement: results and restoration by year ({unit})",
        "bal_desc": "Bar chart of the balanskravsresultat {first}–{last} in table {table}. ",
        "bal_year": "{year} ({kind}): {result}",
        "bal_exempt": ", of which {amount} exempted for synnerliga skäl",
        "bal_deficit": ", deficit to restore {amount} by {deadline}",
        "bal_restores": ", restores {parts}",
        "bal_surplus": ", surplus beyond restoration {amount}",
        "bal_restore_part": "{amount} of {origin}",
        "deficit_row": "Deficit {origin}: {amount} {unit}, to be restored by {deadline}",
        "status_ok": "✓ restored {year}",
        "status_ok_none": "✓ restored",
        "status_missed": "✗ {remaining} left when the deadline {deadline} ends",
        "status_beyond": "… {remaining} left after {last}; deadline {deadline}",
        "restoration_order": "Restoration per deficit, oldest first",
        "legend_deficit": "deficit to restore",
        "legend_exempt": "synnerliga skäl (not restored)",
        "legend_restoring": "surplus restoring a deficit",
        "legend_surplus": "surplus beyond restoration",
        "legend_deadline": "⚑ last year to restore",
        "frames_title": "Budget frame and net cost per board {year} ({unit})",
        "frames_desc": "Horizontal bars of each body's frame for {year} in table {table}. ",
        "frames_none": "The plan gives no net cost (outcome, forecast or net cost goal) "
                       "for {year}; only the frame is shown.",
        "ram": "frame",
        "net_goal": "net cost goal",
        "net_outcome": "outcome",
        "net_forecast": "forecast",
        "net_growth": "net cost goal: growth {growth} %",
        "frames_row": "{body}: frame {ram}",
        "frames_row_net": ", {kind} {value}",
        "org_title": "The steering chain: council, boards and administrations",
        "org_desc": "Tree diagram of {n} bodies and administrations. ",
        "org_children": "{parent} has under it: {children}. ",
        "org_orphan": "{body} has no parent body in the plan. ",
        "legend_sets_up": "sets up (body under)",
        "legend_serves": "served by administration",
        "legend_orphan": "dashed box: no parent body in the plan",
        "orphan": "no parent body in the plan",
    },
}

KIND_WORD = {
    "sv": {"council": "fullmäktige", "presiding_board": "presidium",
           "council_committee": "beredning", "audit": "revision",
           "executive_board": "styrelse", "board": "nämnd",
           "crisis_board": "krisledningsnämnd", "joint_board": "gemensam nämnd",
           "committee": "utskott", "administration": "förvaltning"},
    "en": {"council": "council", "presiding_board": "presiding board",
           "council_committee": "council committee", "audit": "audit",
           "executive_board": "executive board", "board": "board",
           "crisis_board": "crisis board", "joint_board": "joint board",
           "committee": "committee", "administration": "administration"},
}
KIND_FILL = {
    "council": ("#fdd9b5", "#8c3b00"), "presiding_board": ("#feebd6", "#8c3b00"),
    "council_committee": ("#feebd6", "#8c3b00"), "audit": ("#eadcf0", "#5e2470"),
    "executive_board": ("#c9ddf0", "#08468c"), "board": ("#e3eef9", "#1f5f9e"),
    "crisis_board": ("#eeeeee", "#444444"), "joint_board": ("#e3f3df", "#2d6a2d"),
    "committee": ("#f4f8fc", "#1f5f9e"), "administration": ("#f6f6f6", "#444444"),
}


# --- formatting ------------------------------------------------------------------

def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def fmt(value: Any, lang: str, group: bool = True) -> str:
    """A figure as each language prints it, keeping its printed decimals:
    ``4676`` → ``4 676`` (no-break space) in Swedish, ``4,676`` in English; without
    ``group`` no thousands separator (evidence values, which may be years)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, int):
        value = Decimal(value)
    if not isinstance(value, Decimal):
        return str(value)
    text = f"{value:,f}" if group else f"{value:f}"
    if lang == "sv":
        return text.replace(",", NBSP).replace(".", ",")
    return text


def _n(x: float) -> str:
    """An SVG coordinate: one decimal at most, no trailing zeros (deterministic)."""
    text = f"{x:.1f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width ``text`` takes at font size ``size``, measured with the advance widths of
    DejaVu Sans (govcheck.report.fontmetrics), the first and widest font the pictures name."""
    widths = fontmetrics.BOLD if bold else fontmetrics.REGULAR
    return sum(widths.get(ord(c), fontmetrics.FALLBACK) for c in text) * size / 1000


def wrap(text: str, width_chars: int, max_lines: int = 3) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) <= width_chars or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, width_chars - 1)].rstrip() + "…"
    return lines or [""]


def _text(x: float, y: float, content: str, size: float = 12, anchor: str = "start",
          weight: str | None = None, fill: str = "#1a1a1a", style: str | None = None,
          halo: bool = False) -> str:
    attrs = [f'x="{_n(x)}"', f'y="{_n(y)}"', f'font-size="{_n(size)}"']
    if anchor != "start":
        attrs.append(f'text-anchor="{anchor}"')
    if weight:
        attrs.append(f'font-weight="{weight}"')
    if style:
        attrs.append(f'font-style="{style}"')
    attrs.append(f'fill="{fill}"')
    if halo:
        attrs.append('stroke="#ffffff" stroke-width="3" paint-order="stroke" '
                     'stroke-linejoin="round"')
    return f"<text {' '.join(attrs)}>{esc(content)}</text>"


def _rect(x: float, y: float, w: float, h: float, fill: str, stroke: str | None = None,
          extra: str = "") -> str:
    out = f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(max(h, 0))}" ' \
          f'fill="{fill}"'
    if stroke:
        out += f' stroke="{stroke}"'
    if extra:
        out += " " + extra
    return out + "/>"


def svg_document(prefix: str, width: float, height: float, title: str, desc: str,
                 body: list[str], defs: str = "") -> str:
    """An inline SVG with role="img", a <title> and a <desc> it is labelled by."""
    head = (f'<svg class="chart" role="img" viewBox="0 0 {_n(width)} {_n(height)}" '
            f'width="{_n(width)}" height="{_n(height)}" '
            f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="{esc(FONT)}">')
    parts = [head, f'<title id="{prefix}-title">{esc(title)}</title>',
             f'<desc id="{prefix}-desc">{esc(desc)}</desc>']
    if defs:
        parts.append(f"<defs>{defs}</defs>")
    parts.extend(body)
    parts.append("</svg>")
    return "\n".join(parts)


def _budget_year(graph: SteeringGraph) -> int:
    info = graph.plan.plan
    assert info is not None, "a loaded plan always has its plan section"
    return int(info.budget_year)


# --- (a) goal coverage --------------------------------------------------------------

@dataclass
class Coverage:
    year: int
    goals: list[tuple[str, str, str]]          # (id, label e.g. "1", name)
    bodies: list[tuple[str, str, bool]]        # (id, name, has a board plan for the year)
    cells: dict[tuple[str, str], str]          # (goal, body) → state
    goal_word: str = "regionmål"               # the plan's word for fullmäktige's goals

    def state(self, goal: str, body: str) -> str:
        return self.cells[(goal, body)]

    def words(self) -> dict[str, str]:
        """The plan's own word for the goals, for the templates of ``T``: ``{goal_word}``
        (kommunmål, regionmål …) and ``{Goal_word}`` for the start of a heading."""
        word = self.goal_word
        return {"goal_word": word, "Goal_word": word[:1].upper() + word[1:]}


def goal_heading(data: Coverage, lang: str) -> str:
    """The heading of the matrix's goal column: the plan's word (Kommunmål, Regionmål …)
    in Swedish, "Council goal" in English."""
    return T[lang]["goal"].format(**data.words())


def coverage_data(graph: SteeringGraph) -> Coverage:
    """Which nämnd addresses which of fullmäktige's goals (the plan's regionmål,
    kommunmål …) in its nämndplan for the budget year (the same reading as rule MAL001: a
    delmål linking to the goal)."""
    plan = graph.plan
    year = _budget_year(graph)
    goals = list(plan.council_goals)
    targeted = {(g.id, b) for g in goals for b, _, _ in graph.owner_bodies(g.targets)}
    linked: set[tuple[str, str]] = set()
    any_target = {b for _, b in targeted}
    bodies_in_order = [n for n in graph.graph.nodes
                       if graph.kind(n) in BOARDISH or n in any_target]
    for body in bodies_in_order:
        for bp in graph.board_plans(body, year):
            for sg in bp.sub_goals:
                for link in sg.goal_links:
                    linked.add((link.goal, body))
    columns = [b for b in bodies_in_order
               if any((g.id, b) in targeted or (g.id, b) in linked for g in goals)]
    cells: dict[tuple[str, str], str] = {}
    for g in goals:
        for b in columns:
            t, lk = (g.id, b) in targeted, (g.id, b) in linked
            cells[(g.id, b)] = (ADDRESSED if t and lk else MISSING if t
                                else EXTRA if lk else UNTARGETED)
    return Coverage(
        year,
        [(g.id, str(g.number) if g.number is not None else g.id, g.name) for g in goals],
        [(b, graph.label(b), bool(graph.board_plans(b, year))) for b in columns],
        cells, plan.goal_word)


def coverage_svg(data: Coverage, lang: str, prefix: str = "cov") -> str:
    t = T[lang]
    label_w, cell_w, row_h, pad, size = 330.0, 84.0, 34.0, 10.0, 12.0
    cos45 = 0.7071
    longest = max((text_width(name, size) for _, name, _ in data.bodies), default=0.0)
    header_h = longest * cos45 + 26
    x0, y0 = pad + label_w, pad + header_h
    n_rows = len(data.goals)
    grid_w = cell_w * len(data.bodies)
    width = max(x0 + grid_w + pad,
                max((x0 + cell_w * i + cell_w / 2 + text_width(name, size) * cos45 + pad + 6
                     for i, (_, name, _) in enumerate(data.bodies)), default=0.0), 620.0)
    legend_states = [ADDRESSED, MISSING, UNTARGETED]
    if any(s == EXTRA for s in data.cells.values()):
        legend_states.append(EXTRA)
    plan_row_y = y0 + row_h * n_rows + 4
    legend_y0 = plan_row_y + 26 + 26
    height = legend_y0 + 22 * len(legend_states) + 4
    body: list[str] = []
    # column headers, turned 45 degrees so that long names never overlap
    body.append(_text(pad + 6, y0 - 10, goal_heading(data, lang), 12, weight="bold"))
    for i, (_, name, _) in enumerate(data.bodies):
        cx, cy = x0 + cell_w * i + cell_w / 2, y0 - 10
        body.append(f'<text x="{_n(cx)}" y="{_n(cy)}" font-size="{_n(size)}" '
                    f'font-weight="bold" fill="#1a1a1a" '
                    f'transform="rotate(-45 {_n(cx)} {_n(cy)})">{esc(name)}</text>')
    # rows
    for r, (gid, label, name) in enumerate(data.goals):
        y = y0 + row_h * r
        if r % 2 == 0:
            body.append(_rect(pad, y, label_w - 4, row_h, "#f4f4f4"))
        lines = wrap(f"{label}. {name}", 44, 2)
        first = y + row_h / 2 + 4 - 7 * (len(lines) - 1)
        for k, line in enumerate(lines):
            body.append(_text(pad + 6, first + 14 * k, line, 12))
        for c, (bid, _, _) in enumerate(data.bodies):
            state = data.state(gid, bid)
            x = x0 + cell_w * c
            body.append(_rect(x + 2, y + 2, cell_w - 4, row_h - 4, CELL_FILL[state],
                              "#ffffff"))
            body.append(_text(x + cell_w / 2, y + row_h / 2 + 6, SYMBOL[state], 17, "middle",
                              weight="bold", fill=CELL_INK[state]))
    body.append(_rect(x0, y0, grid_w, row_h * n_rows, "none", "#8c8c8c"))
    # does each body have a board plan for the year at all?
    body.append(_text(pad + 6, plan_row_y + 17, t["plan_row"].format(year=data.year), 12,
                      style="italic"))
    for c, (_, _, has_plan) in enumerate(data.bodies):
        body.append(_text(x0 + cell_w * c + cell_w / 2, plan_row_y + 17,
                          t["plan_yes"] if has_plan else t["plan_no"], 11.5, "middle",
                          style="italic", weight=None if has_plan else "bold",
                          fill="#1a1a1a" if has_plan else "#8b1a1a"))
    # legend
    for k, state in enumerate(legend_states):
        y = legend_y0 + 22 * k
        body.append(_rect(pad, y - 14, 30, 19, CELL_FILL[state], "#8c8c8c"))
        body.append(_text(pad + 15, y + 1, SYMBOL[state], 13, "middle", weight="bold",
                          fill=CELL_INK[state]))
        body.append(_text(pad + 40, y, t[state], 12))
    return svg_document(prefix, width, height,
                        t["cov_title"].format(year=data.year, **data.words()),
                        coverage_text(data, lang), body)


def coverage_text(data: Coverage, lang: str) -> str:
    """The matrix in words: per goal, which bodies address it and which do not."""
    t = T[lang]
    out = t["cov_desc"].format(goals=len(data.goals), bodies=len(data.bodies), year=data.year,
                               **data.words())
    short = {ADDRESSED: t[ADDRESSED].split(":")[0], MISSING: t[MISSING].split(":")[0],
             UNTARGETED: t[UNTARGETED], EXTRA: t[EXTRA]}
    for gid, label, name in data.goals:
        parts = []
        for state in (ADDRESSED, MISSING, EXTRA, UNTARGETED):
            names = [n for b, n, _ in data.bodies if data.state(gid, b) == state]
            if names:
                parts.append(t["cov_state_list"].format(state=short[state],
                                                        bodies=", ".join(names)))
        out += t["cov_goal"].format(label=f"{label} {name}") + "; ".join(parts) + ". "
    missing = [n for _, n, has in data.bodies if not has]
    if missing:
        out += t["cov_no_plans"].format(year=data.year, bodies=", ".join(missing))
    return out.strip()


# --- (b) balanskrav ------------------------------------------------------------------

@dataclass
class BalanceYear:
    year: int
    heading: str
    result: Decimal
    exempt: Decimal
    new_deficit: Decimal
    restored: list[tuple[int, Decimal]]
    surplus_left: Decimal
    open_after: Decimal
    printed_closing: Decimal | None


@dataclass
class DeficitPlan:
    origin: int
    amount: Decimal
    deadline: int
    restored: list[tuple[int, Decimal]]
    remaining_at_deadline: Decimal
    remaining_at_end: Decimal


@dataclass
class Balance:
    table_id: str
    title: str
    unit: str
    source: str | None
    years: list[BalanceYear]
    deficits: list[DeficitPlan]
    last_year: int
    horizon: int = 3


def balance_data(graph: SteeringGraph, horizon: int = 3) -> Balance | None:
    """The first balanskrav table, run through the oldest-first restoration."""
    table = next(iter(graph.tables("balanskrav")), None)
    if table is None:
        return None
    results = table.rows_with_role("balanskravsresultat")
    if not results:
        return None
    exempts = table.rows_with_role("synnerliga_skäl")
    closing = table.rows_with_role("utgående_balans")
    printed_deadline = {r.origin_year: r.restore_by for r in table.rows_with_role(
        "varav_underskott") if r.origin_year is not None and r.restore_by is not None}
    rows = balanskrav_years(table, results[0], exempts[0] if exempts else None)
    years = [(y.year, y.result, y.exempt) for y in rows]
    headings = {y.year: y.heading for y in rows}
    closings: dict[int, Decimal | None] = {
        y.year: cell(table, closing[0], y.column)[0] if closing else None for y in rows}
    if not years:
        return None
    schedule = restore(years, horizon)
    steps = [BalanceYear(s.year, headings[s.year], s.result, s.exempt, s.new_deficit,
                         list(s.restored), s.surplus_left,
                         -sum(s.open_after.values(), Decimal(0)), closings[s.year])
             for s in schedule.steps]
    last = max(y for y, _, _ in years)
    deficits = []
    for d in schedule.deficits:
        deadline = printed_deadline.get(d.origin, d.deadline)
        by_deadline = sum((a for y, a in d.restored if y <= deadline), Decimal(0))
        deficits.append(DeficitPlan(d.origin, d.amount, deadline, list(d.restored),
                                    d.amount - by_deadline, d.remaining))
    return Balance(table.id, table.title, table.unit, cite(table), steps, deficits, last,
                   horizon)


def deficit_status(d: DeficitPlan, last: int, lang: str) -> tuple[str, str]:
    """(state, text): 'ok' restored in time, 'missed', or 'beyond' the table's years."""
    t = T[lang]
    if d.remaining_at_deadline <= 0:
        when = max((y for y, _ in d.restored), default=None)
        return "ok", (t["status_ok"].format(year=when) if when else t["status_ok_none"])
    if d.deadline <= last:
        return "missed", t["status_missed"].format(remaining=fmt(d.remaining_at_deadline, lang),
                                                   deadline=d.deadline)
    return "beyond", t["status_beyond"].format(remaining=fmt(d.remaining_at_end, lang),
                                               last=last, deadline=d.deadline)


def _nice_step(span: float) -> float:
    raw = span / 5 if span > 0 else 1
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def balance_svg(data: Balance, lang: str, prefix: str = "bal") -> str:
    t = T[lang]
    red, green, light, ink = "#b2182b", "#1b7837", "#b8e0b0", "#1a1a1a"
    width, left, right, top = 860.0, 78.0, 24.0, 24.0
    plot_h = 280.0
    n = len(data.years)
    group = (width - left - right) / max(n, 1)
    bar = min(78.0, group * 0.5)
    lo = float(min([Decimal(0)] + [y.result for y in data.years]))
    hi = float(max([Decimal(0)] + [y.result for y in data.years]))
    step = _nice_step(hi - lo)
    lo_t = step * (int(lo / step) - (1 if lo % step else 0)) if lo < 0 else 0.0
    hi_t = step * (int(hi / step) + (1 if hi % step else 0)) if hi > 0 else 0.0
    if hi_t - lo_t == 0:
        hi_t = step

    def y_of(v: float) -> float:
        return top + (hi_t - v) / (hi_t - lo_t) * plot_h

    def x_of(i: int) -> float:
        return left + group * i + group / 2

    defs = (f'<pattern id="{prefix}-hatch" patternUnits="userSpaceOnUse" width="7" height="7" '
            f'patternTransform="rotate(45)"><rect width="7" height="7" fill="#e6e6e6"/>'
            f'<line x1="0" y1="0" x2="0" y2="7" stroke="#6b6b6b" stroke-width="2.2"/></pattern>')
    body: list[str] = []
    # grid and axis
    v = lo_t
    while v <= hi_t + 1e-9:
        y = y_of(v)
        body.append(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(width - right)}" y2="{_n(y)}" '
                    f'stroke="{"#4d4d4d" if v == 0 else "#dddddd"}" '
                    f'stroke-width="{"1.4" if v == 0 else "1"}"/>')
        body.append(_text(left - 8, y + 4, fmt(Decimal(str(v)).normalize()
                                               if v != int(v) else Decimal(int(v)), lang),
                          11, "end", fill="#333333"))
        v += step
    body.append(_text(12, top - 8, data.unit, 11, fill="#333333"))
    zero = y_of(0)
    for i, yr in enumerate(data.years):
        cx = x_of(i)
        x = cx - bar / 2
        if yr.result < 0:
            deficit, exempt = float(yr.new_deficit), float(-yr.result - yr.new_deficit)
            y1 = y_of(-deficit)
            body.append(_rect(x, zero, bar, y1 - zero, red))
            if y1 - zero >= 15:
                body.append(_text(cx, (zero + y1) / 2 + 4, fmt(yr.new_deficit, lang), 11,
                                  "middle", weight="bold", fill="#ffffff"))
            if exempt > 0:
                y2 = y_of(float(yr.result))
                body.append(_rect(x, y1, bar, y2 - y1, f"url(#{prefix}-hatch)", "#6b6b6b"))
                if y2 - y1 >= 15:
                    body.append(_text(cx, (y1 + y2) / 2 + 4, fmt(yr.exempt, lang), 11,
                                      "middle", weight="bold", fill=ink, halo=True))
            body.append(_text(cx, y_of(float(yr.result)) + 15, fmt(yr.result, lang), 12,
                              "middle", weight="bold", fill=red))
        elif yr.result > 0:
            y_base = zero
            for origin, amount in yr.restored:
                y_top = y_of(float(sum((a for o, a in yr.restored if o <= origin), Decimal(0))))
                body.append(_rect(x, y_top, bar, y_base - y_top, green, "#ffffff"))
                if y_base - y_top >= 15:
                    body.append(_text(cx, (y_top + y_base) / 2 + 4, fmt(amount, lang), 11,
                                      "middle", weight="bold", fill="#ffffff"))
                y_base = y_top
            if yr.surplus_left > 0:
                y_top = y_of(float(yr.result))
                body.append(_rect(x, y_top, bar, y_base - y_top, light, green,
                                  'stroke-dasharray="3 2"'))
                if y_base - y_top >= 15:
                    body.append(_text(cx, (y_top + y_base) / 2 + 4, fmt(yr.surplus_left, lang),
                                      11, "middle", fill=ink))
            body.append(_text(cx, y_of(float(yr.result)) - 6, "+" + fmt(yr.result, lang), 12,
                              "middle", weight="bold", fill=green))
        for k, line in enumerate(wrap(yr.heading, 14, 2)):
            body.append(_text(cx, top + plot_h + 18 + 14 * k, line, 11.5, "middle",
                              weight="bold" if k == 0 else None))
    # restoration per deficit (oldest first), a track from origin to deadline
    y = top + plot_h + 58
    body.append(_text(left, y, t["restoration_order"], 12.5, weight="bold"))
    y += 10
    year_index = {yr.year: i for i, yr in enumerate(data.years)}
    last_x = x_of(n - 1)

    def x_year(year: int) -> float:
        if year in year_index:
            return x_of(year_index[year])
        first = data.years[0].year
        return x_of(0) + (year - first) * group if year > first else x_of(0)

    # Each deficit's row: its label and status on a line of their own, the track below with
    # the deadline's flag above it and each restored amount centred under its marker, the
    # labels placed by their measured widths so that none covers another or a marker.
    for d in data.deficits:
        state, status = deficit_status(d, data.last_year, lang)
        label = t["deficit_row"].format(origin=d.origin, amount=fmt(d.amount, lang),
                                        unit=data.unit, deadline=d.deadline)
        body.append(_text(left, y + 16, label, 11.5))
        status_y = y + 16
        if left + text_width(label, 11.5) + 16 + text_width(status, 11.5, True) \
                > width - right:
            status_y += 16  # too long to share the line: the status goes below
        body.append(_text(width - right, status_y, status, 11.5, "end", weight="bold",
                          fill={"ok": green, "missed": red}.get(state, "#4d4d4d")))
        # the flag (14 px, its baseline 12 px above the track, clear of the marker there)
        # stays below the text line's descenders
        ty = status_y + 30
        x_start, x_end = x_year(d.origin), min(x_year(d.deadline), width - right - 8)
        body.append(f'<line x1="{_n(x_start)}" y1="{_n(ty)}" x2="{_n(x_end)}" y2="{_n(ty)}" '
                    f'stroke="#9e9e9e" stroke-width="6" stroke-linecap="round"/>')
        body.append(f'<circle cx="{_n(x_start)}" cy="{_n(ty)}" r="6" fill="{red}"/>')
        taken = left  # the right edge of the last amount placed under the track
        for year, amount in d.restored:
            rx = x_year(year)
            body.append(f'<circle cx="{_n(rx)}" cy="{_n(ty)}" r="6" fill="{green}" '
                        f'stroke="#ffffff" stroke-width="1.5"/>')
            text = fmt(amount, lang)
            w = text_width(text, 10.5, True)
            x0 = max(rx - w / 2, taken + 6)
            body.append(_text(x0, ty + 22, text, 10.5, fill=green, weight="bold"))
            taken = x0 + w
        flag_x = x_year(d.deadline)
        if flag_x <= width - right:
            body.append(_text(flag_x, ty - 12, "⚑", 14, "middle",
                              fill=red if state == "missed" else ink))
        else:
            body.append(_text(last_x + group / 2 - 4, ty + 4, f"→ {d.deadline}", 11, "end",
                              fill=ink, halo=True))
        y = ty + 30
    # legend
    y += 16
    items = [(red, None, t["legend_deficit"]), (f"url(#{prefix}-hatch)", "#6b6b6b",
                                                   t["legend_exempt"]),
             (green, None, t["legend_restoring"]), (light, green, t["legend_surplus"]),
             (None, None, t["legend_deadline"])]
    x = left
    for fill, stroke, text in items:
        need = (22 if fill else 0) + text_width(text, 11.5)
        if x > left and x + need > width - right:
            x, y = left, y + 20
        if fill:
            body.append(_rect(x, y - 11, 16, 14, fill, stroke))
            body.append(_text(x + 22, y, text, 11.5))
        else:
            body.append(_text(x, y, text, 11.5))
        x += need + 24
    height = y + 14
    return svg_document(prefix, width, height, t["bal_title"].format(unit=data.unit),
                        balance_text(data, lang), body, defs)


def balance_text(data: Balance, lang: str) -> str:
    t = T[lang]
    out = t["bal_desc"].format(first=data.years[0].year, last=data.years[-1].year,
                               table=data.title)
    sentences = []
    deadlines = {d.origin: d.deadline for d in data.deficits}
    for yr in data.years:
        s = t["bal_year"].format(year=yr.year, kind=yr.heading, result=fmt(yr.result, lang))
        if yr.result < 0 and yr.exempt > 0:
            s += t["bal_exempt"].format(amount=fmt(yr.exempt, lang))
        if yr.new_deficit > 0:
            s += t["bal_deficit"].format(amount=fmt(yr.new_deficit, lang),
                                         deadline=deadlines.get(yr.year, yr.year + data.horizon))
        if yr.restored:
            s += t["bal_restores"].format(parts=", ".join(
                t["bal_restore_part"].format(amount=fmt(a, lang), origin=o)
                for o, a in yr.restored))
        if yr.surplus_left > 0 and yr.restored:
            s += t["bal_surplus"].format(amount=fmt(yr.surplus_left, lang))
        sentences.append(s)
    out += "; ".join(sentences) + ". "
    out += " ".join(
        t["deficit_row"].format(origin=d.origin, amount=fmt(d.amount, lang), unit=data.unit,
                                deadline=d.deadline)
        + ": " + deficit_status(d, data.last_year, lang)[1].lstrip("✓✗… ") + "."
        for d in data.deficits)
    return out.strip()


# --- (c) ram vs nettokostnad ------------------------------------------------------------

@dataclass
class FrameRow:
    body: str
    name: str
    ram: Decimal | None
    net_cost: Decimal | None = None
    net_kind: str | None = None          # "net_goal", "net_outcome", "net_forecast"
    growth: Decimal | None = None        # a net cost goal given as growth only


@dataclass
class Frames:
    year: int
    table_id: str
    title: str
    unit: str
    source: str | None
    rows: list[FrameRow] = field(default_factory=list)

    @property
    def any_net_cost(self) -> bool:
        return any(r.net_cost is not None for r in self.rows)


def frames_data(graph: SteeringGraph) -> Frames | None:
    """Each body's ram for the budget year from the first ramar table that has one,
    with a nettokostnad from a follow-up outcome (actual before forecast) for that
    year, else the nämndplan's nettokostnadsmål amount."""
    plan = graph.plan
    year = _budget_year(graph)
    tables = list(graph.tables("ramar"))
    if not tables:
        return None
    rows: dict[str, FrameRow] = {}
    first_table = None
    for table in tables:
        col = next((c for c in table.columns
                    if c.year == year and c.kind in ("budget", "plan")), None)
        if col is None:
            continue
        first_table = first_table or table
        for row in table.rows:
            if not row.body or row.part_of or row.body in rows:
                continue
            value, _ = cell(table, row, col.id)
            rows[row.body] = FrameRow(row.body, graph.label(row.body), value)
    if first_table is None:
        return None
    for body, fr in rows.items():
        outcomes = [(not o.forecast, fu.kind == "årsredovisning", i, o)
                    for i, fu in enumerate(plan.follow_ups) if fu.year == year
                    for o in fu.outcomes if o.body == body]
        if outcomes:
            best = max(outcomes, key=lambda t: t[:3])[3]
            fr.net_cost = best.net_cost
            fr.net_kind = "net_forecast" if best.forecast else "net_outcome"
            continue
        for bp in graph.board_plans(body, year):
            goal = bp.net_cost_goal
            if goal is None or goal.year != year:
                continue
            if goal.amount is not None:
                fr.net_cost, fr.net_kind = goal.amount, "net_goal"
            elif goal.growth_percent is not None:
                fr.growth = goal.growth_percent
            break
    unit = first_table.unit
    return Frames(year, first_table.id, first_table.title, unit, cite(first_table),
                  list(rows.values()))


def frames_svg(data: Frames, lang: str, prefix: str = "frm") -> str:
    t = T[lang]
    blue, orange = "#2166ac", "#b35806"
    width, pad, label_w, value_w = 860.0, 10.0, 250.0, 190.0
    bar_area = width - pad * 2 - label_w - value_w
    net = data.any_net_cost
    row_h = 44.0 if net else 30.0
    top = 46.0 if not net else 30.0
    values = [float(v) for r in data.rows for v in (r.ram, r.net_cost) if v is not None]
    hi = max(values + [0.0]) or 1.0
    lo = min(values + [0.0])
    span = hi - lo or 1.0

    def x_of(v: float) -> float:
        return pad + label_w + (v - lo) / span * bar_area

    body: list[str] = []
    if not net:
        body.append(_text(pad, 22, t["frames_none"].format(year=data.year), 12, style="italic",
                          fill="#333333"))
    x_zero = x_of(0)
    for i, r in enumerate(data.rows):
        y = top + row_h * i
        if i % 2 == 0:
            body.append(_rect(pad, y, width - 2 * pad, row_h, "#f7f7f7"))
        for k, line in enumerate(wrap(r.name, 34, 2)):
            body.append(_text(pad + 6, y + (row_h / 2 + 4 if len(wrap(r.name, 34, 2)) == 1
                                            else row_h / 2 - 3 + 14 * k), line, 12))
        bar_h = 14.0
        yb = y + (7 if net else (row_h - bar_h) / 2)
        if r.ram is not None:
            x1, x2 = sorted((x_zero, x_of(float(r.ram))))
            body.append(_rect(x1, yb, max(x2 - x1, 1.0), bar_h, blue))
            label = f"{t['ram']} {fmt(r.ram, lang)}"
            body.append(_text(x2 + 6, yb + 11, label, 11.5, fill=blue, weight="bold"))
        if net:
            yn = yb + bar_h + 4
            if r.net_cost is not None:
                x1, x2 = sorted((x_zero, x_of(float(r.net_cost))))
                body.append(_rect(x1, yn, max(x2 - x1, 1.0), 11, orange))
                body.append(_text(x2 + 6, yn + 10, f"{t[r.net_kind or 'net_goal']} "
                                  f"{fmt(r.net_cost, lang)}", 11, fill=orange, weight="bold"))
            elif r.growth is not None:
                body.append(_text(x_zero + 4, yn + 10, t["net_growth"].format(
                    growth=fmt(r.growth, lang)), 11, fill=orange, style="italic"))
    y_axis = top + row_h * len(data.rows)
    body.append(f'<line x1="{_n(x_zero)}" y1="{_n(top - 4)}" x2="{_n(x_zero)}" '
                f'y2="{_n(y_axis + 4)}" stroke="#4d4d4d"/>')
    height = y_axis + 30
    legend = [(blue, f"{t['ram']} {data.year}")]
    if net:
        legend.append((orange, " / ".join(t[k] for k in ("net_outcome", "net_forecast",
                                                          "net_goal"))))
    x = pad + label_w
    for fill, text in legend:
        body.append(_rect(x, height - 20, 16, 12, fill))
        body.append(_text(x + 22, height - 10, f"{text} ({data.unit})", 11.5))
        x += 50 + text_width(text, 11.5)
    return svg_document(prefix, width, height,
                        t["frames_title"].format(year=data.year, unit=data.unit),
                        frames_text(data, lang), body)


def frames_text(data: Frames, lang: str) -> str:
    t = T[lang]
    out = t["frames_desc"].format(year=data.year, table=data.title)
    if not data.any_net_cost:
        out += t["frames_none"].format(year=data.year) + " "
    parts = []
    for r in data.rows:
        s = t["frames_row"].format(body=r.name, ram=fmt(r.ram, lang))
        if r.net_cost is not None:
            s += t["frames_row_net"].format(kind=t[r.net_kind or "net_goal"],
                                            value=fmt(r.net_cost, lang))
        elif r.growth is not None:
            s += ", " + t["net_growth"].format(growth=fmt(r.growth, lang))
        parts.append(s)
    return (out + "; ".join(parts) + ".").strip()


# --- (d) the steering graph ---------------------------------------------------------------

@dataclass
class OrgNode:
    id: str
    name: str
    kind: str
    depth: int
    children: list[OrgNode] = field(default_factory=list)
    orphan: bool = False
    row: float = 0.0


def org_tree(graph: SteeringGraph) -> list[OrgNode]:
    """Roots of the organisation: fullmäktige with its bodies (``under``) and each
    nämnd's förvaltningar; a body with no parent (a joint board) is its own root."""
    org = graph.plan.organisation
    if org is None:
        return []
    bodies = list(org.bodies)
    children: dict[str, list[tuple[str, str, str]]] = {}
    for b in bodies:
        if b.parent:
            children.setdefault(b.parent, []).append((b.id, b.name, graph.kind(b.id)))
    for adm in org.administrations:
        children.setdefault(adm.board, []).append((adm.id, adm.name, "administration"))
    seen: set[str] = set()

    def build(node_id: str, name: str, kind: str, depth: int) -> OrgNode:
        seen.add(node_id)
        node = OrgNode(node_id, name, kind, depth)
        for cid, cname, ckind in children.get(node_id, []):
            if cid not in seen:
                node.children.append(build(cid, cname, ckind, depth + 1))
        return node

    roots = [build(b.id, b.name, graph.kind(b.id), 0) for b in bodies
             if not b.parent and b.kind == "fullmäktige"]
    for b in bodies:
        if not b.parent and b.id not in seen:
            node = build(b.id, b.name, graph.kind(b.id), 1 if roots else 0)
            node.orphan = True
            _shift(node, node.depth)
            roots.append(node)
    return roots


def _shift(node: OrgNode, depth: int) -> None:
    node.depth = depth
    for c in node.children:
        _shift(c, depth + 1)


def _walk(nodes: list[OrgNode]) -> list[OrgNode]:
    out: list[OrgNode] = []
    for n in nodes:
        out.append(n)
        out.extend(_walk(n.children))
    return out


def org_svg(roots: list[OrgNode], lang: str, prefix: str = "org") -> str:
    t = T[lang]
    words = KIND_WORD[lang]
    nodes = _walk(roots)
    # rows: leaves in depth-first order, a parent centred on its children
    counter = [0]

    def place(n: OrgNode) -> None:
        if not n.children:
            n.row = float(counter[0])
            counter[0] += 1
            return
        for c in n.children:
            place(c)
        n.row = (n.children[0].row + n.children[-1].row) / 2

    for r in roots:
        place(r)
    max_depth = max((n.depth for n in nodes), default=0)
    width, pad, gap, row_h, box_h = 860.0, 10.0, 44.0, 50.0, 42.0
    col_w = (width - 2 * pad - gap * max_depth) / (max_depth + 1)
    chars = int((col_w - 16) / (12 * 0.58))

    def x_of(n: OrgNode) -> float:
        return pad + n.depth * (col_w + gap)

    def y_of(n: OrgNode) -> float:
        return pad + 8 + n.row * row_h

    defs = (f'<marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="#4d4d4d"/></marker>')
    body: list[str] = []
    for n in nodes:
        for c in n.children:
            x1, y1 = x_of(n) + col_w, y_of(n) + box_h / 2
            x2, y2 = x_of(c), y_of(c) + box_h / 2
            mid = x1 + gap / 2
            dash = ' stroke-dasharray="5 3"' if c.kind == "administration" else ""
            body.append(f'<path d="M{_n(x1)},{_n(y1)} H{_n(mid)} V{_n(y2)} H{_n(x2 - 1)}" '
                        f'fill="none" stroke="#4d4d4d" stroke-width="1.3"{dash} '
                        f'marker-end="url(#{prefix}-arrow)"/>')
    for n in nodes:
        fill, stroke = KIND_FILL.get(n.kind, ("#ffffff", "#444444"))
        x, y = x_of(n), y_of(n)
        extra = 'rx="5" stroke-width="1.4"' + (' stroke-dasharray="6 3"' if n.orphan else "")
        body.append(_rect(x, y, col_w, box_h, fill, stroke, extra))
        lines = wrap(n.name, chars, 2)
        size = 12.0 if len(lines) == 1 else 11.0
        first = y + (17 if len(lines) == 1 else 14)
        for k, line in enumerate(lines):
            body.append(_text(x + 8, first + 12 * k, line, size,
                              weight="bold" if n.depth == 0 else None))
        body.append(_text(x + col_w - 6, y + box_h - 5, words.get(n.kind, n.kind), 9.5, "end",
                          fill="#404040", style="italic"))
    height = pad + 8 + counter[0] * row_h + 8
    # legend
    ly = height + 10
    body.append(f'<line x1="{_n(pad)}" y1="{_n(ly)}" x2="{_n(pad + 34)}" y2="{_n(ly)}" '
                f'stroke="#4d4d4d" stroke-width="1.3" marker-end="url(#{prefix}-arrow)"/>')
    body.append(_text(pad + 42, ly + 4, t["legend_sets_up"], 11.5))
    x2 = pad + 60 + text_width(t["legend_sets_up"], 11.5)
    body.append(f'<line x1="{_n(x2)}" y1="{_n(ly)}" x2="{_n(x2 + 34)}" y2="{_n(ly)}" '
                f'stroke="#4d4d4d" stroke-width="1.3" stroke-dasharray="5 3" '
                f'marker-end="url(#{prefix}-arrow)"/>')
    body.append(_text(x2 + 42, ly + 4, t["legend_serves"], 11.5))
    if any(n.orphan for n in nodes):
        x3 = x2 + 60 + text_width(t["legend_serves"], 11.5)
        body.append(_rect(x3, ly - 8, 30, 16, "#ffffff", "#444444",
                          'rx="3" stroke-dasharray="6 3"'))
        body.append(_text(x3 + 38, ly + 4, t["legend_orphan"], 11.5))
    height = ly + 16
    return svg_document(prefix, width, height, t["org_title"], org_text(roots, lang), body,
                        defs)


def org_text(roots: list[OrgNode], lang: str) -> str:
    t = T[lang]
    nodes = _walk(roots)
    out = t["org_desc"].format(n=len(nodes))
    for n in nodes:
        if n.children:
            out += t["org_children"].format(parent=n.name, children=", ".join(
                f"{c.name} ({KIND_WORD[lang].get(c.kind, c.kind)})" for c in n.children))
        if n.orphan:
            out += t["org_orphan"].format(body=n.name)
    return out.strip()
