"""The compliance report in GitHub-flavoured Markdown: the HTML report's sections, with
the pictures as tables (goal coverage, balanskrav restoration, ram per nämnd) and the
steering chain as a nested list. Deterministic like the HTML report."""

from __future__ import annotations

import re
from typing import Any

from govcheck.report import svg
from govcheck.report.html import (
    FIGURE_IDS,
    SECTION_IDS,
    SEVERITIES,
    SEVERITY_PLURAL,
    SEVERITY_WORD,
    TEXT,
    compact,
    coverage_of,
    evidence_of,
    family_name,
    grouped,
    is_table,
    message_text,
    number_findings,
    outcome,
    plan_facts,
    plan_text,
    reference_verified,
    rule_text,
    rules_run,
    severity_counts,
    verdict,
    waiver_fields,
)
from govcheck.report.model import Report
from govcheck.report.ruledoc import basis_line, kinds_text
from govcheck.report.svg import fmt
from govcheck.rules.finding import Finding
from govcheck.rules.spec import RuleSpec

_SPECIAL = "\\`*<>[]|"


def md(text: Any) -> str:
    """Text safe in Markdown paragraphs and table cells (one line); a no-break space (the
    one between a figure's digit groups, ``4 534``) stays one."""
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in str(text))
    return _BREAKING_SPACE.sub(" ", out).strip()


_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def code(text: Any) -> str:
    s = str(text)
    fence = "``" if "`" in s else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{s.replace('|', '¦')}{pad}{fence}"


def table(headers: list[str], rows: list[list[str]],
          right: frozenset[int] | set[int] = frozenset()) -> list[str]:
    lines = ["| " + " | ".join(md(h) for h in headers) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(rows_cell for rows_cell in row) + " |" for row in rows]
    return lines + [""]


class _Md:
    def __init__(self, report: Report):
        self.r = report
        self.lang = report.lang if report.lang in TEXT else "sv"
        self.t = plan_text(report, TEXT[self.lang])
        self.out: list[str] = []

    def w(self, *lines: str) -> None:
        self.out.extend(lines)

    def render(self) -> str:
        r, t, lang = self.r, self.t, self.lang
        info = r.plan.plan
        groups = grouped(r)
        self.numbers = number_findings(groups)
        self.w(f"# {md(t['h1'].format(plan=info.name))}", "",
               f"*{md(t['kicker'])}*", "",
               md(t["lede"].format(org=info.organisation, year=info.budget_year,
                                   period=f"{info.plan_period.start}–{info.plan_period.end}")),
               "", f"**{md(verdict(r, lang))}**", "", f"## {md(t['toc'])}", "")
        for i, sid in enumerate(SECTION_IDS, 1):
            self.w(f"{i}. [{md(t[sid])}](#{sid})")
            if sid == "figures":
                for k, (fid, key) in enumerate(FIGURE_IDS, 1):
                    self.w(f"   {k}. [{md(t[key])}](#{fid})")
            if sid == "findings":
                for k, (fam, rules) in enumerate(groups, 1):
                    n = sum(len(fs) for _, _, fs in rules)
                    self.w(f"   {k}. [{fam} – {md(family_name(fam, lang))}](#family-{fam}) "
                           f"({md(t['n_findings'].format(n=n))})")
        self.w("")
        self.summary()
        self.figures()
        self.findings(groups)
        self.waived()
        self.about()
        while self.out and self.out[-1] == "":
            self.out.pop()
        return "\n".join(self.out) + "\n"

    def heading(self, level: int, anchor: str, text: str) -> None:
        self.w(f'<a id="{anchor}"></a>', "", f"{'#' * level} {md(text)}", "")

    def summary(self) -> None:
        r, t, lang = self.r, self.t, self.lang
        self.heading(2, "summary", t["summary"])
        for label, value, mono in plan_facts(r, lang):
            self.w(f"- **{md(label)}:** {code(value) if mono else md(value)}")
        self.w("")
        counts = severity_counts(r.findings)
        self.w(f"**{md(t['sev_caption'])}**", "")
        rows = [[md(SEVERITY_PLURAL[lang][s]), str(counts[s])] for s in SEVERITIES]
        rows += [[f"**{md(t['total'])}**", f"**{len(r.findings)}**"],
                 [md(t["waived_count"]), str(len(r.waived))]]
        self.w(*table([t["severity"], t["count"]], rows, {1}))
        by_rule: dict[str, list[Finding]] = {}
        for f in r.findings:
            by_rule.setdefault(f.rule, []).append(f)
        rules = rules_run(r)
        self.w(f"**{md(t['rule_caption'].format(count=len(rules)))}**", "")
        rows = []
        for rule in rules:
            found = by_rule.get(rule.id, [])
            n = len(found)
            status, reasons = coverage_of(r, rule.id, lang)
            _, word = outcome(found, status, t, lang)
            grades = "/".join(SEVERITY_WORD[lang][sev] for sev in rule.severities())
            tested = md(t["status_" + status]) + (f": {md(reasons)}" if reasons else "")
            rows.append([f"[{rule.id}](#rule-{rule.id})" if n else rule.id,
                         f"{md(rule_text(rule, 'title', lang))} ({code(rule.name)})",
                         f"{md(word)} ({md(t['default_severity'])}: {md(grades)})",
                         md(kinds_text(rule, lang)), tested,
                         str(n) if n else (md(t["none"]) if status == "tested" else "–")])
        self.w(*table([t["rule"], t["title"], t["outcome"], t["basis"], t["tested_col"],
                       t["findings_n"]], rows, {5}))
        if r.plan.sources:
            self.w(f"**{md(t['sources_caption'])}**", "")
            self.w(*table([t["source_id"], t["source_title"], t["source_publisher"]],
                          [[code(s.id), md(s.title), md(s.publisher or "–")]
                           for s in r.plan.sources]))

    def figures(self) -> None:
        r, t, lang = self.r, self.t, self.lang
        st = svg.T[lang]
        g = r.steering
        self.heading(2, "figures", t["figures"])
        # (a) coverage as a table
        self.heading(3, "fig-coverage", t["fig_coverage"])
        cov = svg.coverage_data(g)
        if cov.goals and cov.bodies:
            rows = []
            for gid, label, name in cov.goals:
                rows.append([md(f"{label}. {name}")]
                            + [svg.SYMBOL[cov.state(gid, b)] for b, _, _ in cov.bodies])
            rows.append([f"*{md(st['plan_row'].format(year=cov.year))}*"]
                        + [md(st["plan_yes"] if has else st["plan_no"])
                           for _, _, has in cov.bodies])
            self.w(*table([svg.goal_heading(cov, lang)] + [n for _, n, _ in cov.bodies], rows))
            for state in (svg.ADDRESSED, svg.MISSING, svg.UNTARGETED, svg.EXTRA):
                if state != svg.EXTRA or state in cov.cells.values():
                    self.w(f"- {svg.SYMBOL[state]} {md(st[state])}")
            self.w("", md(t["cov_caption"].format(year=cov.year)), "")
        else:
            self.w(f"*{md(t['cov_none'])}*", "")
        # (b) balanskrav
        self.heading(3, "fig-balance", t["fig_balance"])
        bal = svg.balance_data(g)
        if bal is None:
            self.w(f"*{md(t['bal_none'])}*", "")
        else:
            self.w(f"**{md(t['bal_table'].format(unit=bal.unit))}**", "")
            rows = []
            for y in bal.years:
                restored = ", ".join(st["bal_restore_part"].format(amount=fmt(a, lang), origin=o)
                                     for o, a in y.restored) or "–"
                rows.append([md(y.heading), fmt(y.result, lang), fmt(y.exempt, lang),
                             fmt(y.new_deficit, lang), md(restored), fmt(y.surplus_left, lang),
                             fmt(y.open_after, lang), fmt(y.printed_closing, lang)])
            self.w(*table([t["year"], t["result"], t["exempt"], t["new_deficit"], t["restored"],
                           t["surplus_left"], t["open_after"], t["printed_closing"]], rows,
                          {1, 2, 3, 5, 6, 7}))
            if bal.deficits:
                self.w(f"**{md(t['deficit_table'].format(unit=bal.unit))}**", "")
                self.w(*table([t["origin"], t["amount"], t["deadline"], t["status"]],
                              [[str(d.origin), fmt(d.amount, lang), str(d.deadline),
                                md(svg.deficit_status(d, bal.last_year, lang)[1])]
                               for d in bal.deficits], {1}))
            self.w(md(t["source_line"].format(source=bal.source or bal.title)), "")
        # (c) frames
        self.heading(3, "fig-frames", t["fig_frames"])
        frames = svg.frames_data(g)
        if frames is None or not frames.rows:
            self.w(f"*{md(t['frames_none'])}*", "")
        else:
            if not frames.any_net_cost:
                self.w(f"*{md(st['frames_none'].format(year=frames.year))}*", "")
            self.w(f"**{md(t['frames_table'].format(year=frames.year, unit=frames.unit))}**", "")
            rows = []
            for row in frames.rows:
                kind = (st[row.net_kind] if row.net_kind else
                        st["net_growth"].format(growth=fmt(row.growth, lang))
                        if row.growth is not None else "–")
                rows.append([md(row.name), fmt(row.ram, lang), fmt(row.net_cost, lang),
                             md(kind)])
            self.w(*table([t["body"], t["ram"], t["net_cost"], t["net_kind"]], rows, {1, 2}))
            self.w(md(t["frames_caption"].format(year=frames.year, table=frames.title,
                                                 source=frames.source or frames.table_id)), "")
        # (d) organisation as a nested list
        self.heading(3, "fig-org", t["fig_org"])
        roots = svg.org_tree(g)
        if not roots:
            self.w(f"*{md(t['org_none'])}*", "")
        else:
            words = svg.KIND_WORD[lang]

            def walk(node: svg.OrgNode, depth: int) -> None:
                note = f" — {md(st['orphan'])}" if node.orphan else ""
                self.w(f"{'  ' * depth}- **{md(node.name)}** "
                       f"({md(words.get(node.kind, node.kind))}){note}")
                for c in node.children:
                    walk(c, depth + 1)

            for root in roots:
                walk(root, 0)
            self.w("", md(t["org_caption"]), "")

    def findings(self, groups: list[Any]) -> None:
        t, lang = self.t, self.lang
        self.heading(2, "findings", t["findings"])
        self.w(md(t["findings_intro"]), "")
        if not groups:
            self.w(f"*{md(t['no_findings'])}*", "")
        for fam, rules in groups:
            self.heading(3, f"family-{fam}", f"{fam} – {family_name(fam, lang)}")
            for rule, rid, findings in rules:
                self.rule_block(rule, rid, findings)

    def reference(self, rule_id: str, text: str) -> str:
        out = md(text) if text else "–"
        if text and not reference_verified(self.r, rule_id):
            out += f" **\\[{md(self.t['unverified'])}\\]**"
        return out

    def rule_block(self, rule: RuleSpec | None, rid: str, findings: list[Finding]) -> None:
        t, lang = self.t, self.lang
        name = rule.name if rule else findings[0].name
        title = rule_text(rule, "title", lang)
        _, word = outcome(findings, "tested", t, lang)
        self.w(f'<a id="rule-{rid}"></a>', "",
               f"#### {rid} {code(name)}" + (f" – {md(title)}" if title else ""), "",
               f"**{md(word.upper())}** · "
               f"{md(t['n_findings'].format(n=len(findings)))}", "")
        rationale = rule_text(rule, "rationale", lang)
        if rationale:
            self.w(f"**{md(t['rationale'])}:** {md(rationale)}", "")
        reference = rule_text(rule, "reference", lang) or findings[0].reference
        self.w(f"**{md(t['reference'])}:** {self.reference(rid, reference)}", "")
        if rule is not None:
            self.w(f"**{md(t['basis'])}:** {md(basis_line(rule.basis.shown(lang), lang))}", "")
        for f in findings:
            self.finding(f)

    def finding(self, f: Finding) -> None:
        t, lang, r = self.t, self.lang, self.r
        n = self.numbers[id(f)]
        ev = evidence_of(r, f, lang)
        self.w(f'<a id="finding-{n}"></a>', "",
               f"##### {md(t['finding_n'].format(n=n))} · "
               f"{md(SEVERITY_WORD[lang][f.severity].upper())} · {f.rule} {code(f.name)}", "",
               md(message_text(f.message)), "",
               f"- **{md(t['location'])}:** {code(f.location)}")
        if f.related:
            self.w(f"- **{md(t['related'])}:** " + ", ".join(code(loc) for loc in f.related))
        if ev.computation:
            self.w(f"- **{md(t['computation'])}:** {code(ev.computation)}")
        for path in ev.paths:
            self.w(f"- **{md(t['path'])}:** " + " → ".join(md(p) for p in path))
        if ev.source:
            self.w(f"- **{md(t['source'])}:** {md(ev.source)}")
        if f.basis:
            self.w(f"- **{md(t['basis'])}:** {md(basis_line(f.basis, lang))}")
        self.w(f"- **{md(t['reference'])}:** {self.reference(f.rule, f.reference)}")
        if ev.other:
            self.w(f"- **{md(t['evidence'])}:**")
            for label, value in ev.other:
                if is_table(value):
                    self.w(f"  - {md(label)}:")
                    for item in value:
                        self.w(f"    - {md(compact(r, item, lang))}")
                else:
                    self.w(f"  - {md(label)}: {md(compact(r, value, lang))}")
        self.w("")

    def waived(self) -> None:
        r, t, lang = self.r, self.t, self.lang
        self.heading(2, "waived", t["waived"])
        self.w(md(t["waived_intro"]), "")
        if not r.waived:
            self.w(f"*{md(t['waived_none'])}*", "")
            return
        rows = []
        for w in r.waived:
            f = w.finding
            reason, decided_by, who, expires = waiver_fields(w, lang)
            rows.append([f"{f.rule} {code(f.name)}", md(SEVERITY_WORD[lang][f.severity]),
                         md(message_text(f.message)), code(f.location), md(reason),
                         md(decided_by),
                         md(who), md(expires)])
        self.w(f"**{md(t['waived_caption'].format(n=len(r.waived)))}**", "")
        self.w(*table([t["rule"], t["severity"], t["message"], t["location"], t["reason"],
                       t["decided_by"], t["who"], t["expires"]], rows))

    def about(self) -> None:
        r, t = self.r, self.t
        self.heading(2, "about", t["about"])
        self.w(md(t["about_text"].format(version=r.version, plan=r.plan_name)), "",
               md(t["about_sev"]), "", f"{md(t['about_cmd'])}:", "", "```sh",
               f"govcheck report PLAN_DIR -o rapport.md --format md --lang {self.lang}", "```",
               "")


def render(report: Report) -> str:
    return _Md(report).render()
