"""JUnit XML for CI test reports: ``govcheck lint --format junit``.

One testsuite for the plan and one testcase per rule run: a rule passes when it found nothing,
and each error or warning it found is a ``<failure>`` with its location and evidence. Notes
(info) and waived findings are written to the testcase's ``<system-out>`` and fail nothing.
A rule that could test nothing on the plan (govcheck.rules.coverage) is ``<skipped>`` with
the reason, never a pass; one that could test only part says what it left in ``<system-out>``.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from govcheck.report.model import Report
from govcheck.report.ruledoc import basis_line
from govcheck.report.sarif import family
from govcheck.report.text import counts, finding_line, waived_line
from govcheck.rules.finding import Finding, plain

LABEL = {"sv": {"related": "relaterad plats", "reference": "referens", "evidence": "underlag",
                "note": "notering", "basis": "grund", "not_tested": "ej prövad",
                "partly": "delvis prövad"},
         "en": {"related": "related location", "reference": "reference", "evidence": "evidence",
                "note": "note", "basis": "basis", "not_tested": "not tested",
                "partly": "partly tested"}}
FAILING = ("error", "warning")
# characters XML 1.0 cannot carry at all, even escaped
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _details(f: Finding, lang: str) -> str:
    words = LABEL[lang]
    lines = [finding_line(f)]
    lines += [f"  {words['related']}: {loc}" for loc in f.related]
    if f.basis:
        lines.append(f"  {words['basis']}: {basis_line(f.basis, lang)}")
    if f.reference:
        lines.append(f"  {words['reference']}: {f.reference}")
    lines.append(f"  {words['evidence']}: "
                 + json.dumps(plain(f.evidence), ensure_ascii=False, separators=(", ", ": ")))
    return "\n".join(lines)


def _element(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, tag, {k: _xml(v) for k, v in attrs.items()})


def _suite(suites: ET.Element, report: Report) -> tuple[int, int, int]:
    """Add the plan's testsuite; (tests, failures, skipped)."""
    lang = report.lang
    by_rule: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule, []).append(f)
    waived_by_rule: dict[str, list[str]] = {}
    for w in report.waived:
        waived_by_rule.setdefault(w.finding.rule, []).append(waived_line(w, lang))

    # every rule run, and any other rule that still made a finding: none is dropped
    rules = list(report.rules_run) + sorted(set(by_rule) - set(report.rules_run))
    failing_rules = {rule for rule in rules
                     if any(f.severity in FAILING for f in by_rule.get(rule, []))}
    failing = len(failing_rules)
    untested = report.untested()
    skipped = {rule for rule in rules if rule not in failing_rules
               and rule in untested and untested[rule].status == "not_tested"}
    totals = {"tests": str(len(rules)), "failures": str(failing), "errors": "0",
              "skipped": str(len(skipped))}
    suite = _element(suites, "testsuite", name=f"govcheck: {report.plan_name}", **totals)
    props = _element(suite, "properties")
    c = counts(report.findings)
    for name, value in (("govcheck.version", report.version), ("plan", report.plan_name),
                        ("plan_hash", report.plan_hash), ("lang", lang),
                        ("findings.error", str(c["error"])),
                        ("findings.warning", str(c["warning"])),
                        ("findings.info", str(c["info"])),
                        ("findings.waived", str(len(report.waived)))):
        _element(props, "property", name=name, value=value)

    for rule_id in rules:
        spec = report.ruleset.get(rule_id)
        case = _element(suite, "testcase", classname=f"govcheck.{family(rule_id)}",
                        name=f"{rule_id} {spec.name}" if spec else rule_id)
        out: list[str] = []
        for f in by_rule.get(rule_id, []):
            if f.severity in FAILING:
                failure = _element(case, "failure", type=f.severity,
                                   message=f"{f.location}: {f.message}")
                failure.text = _xml(_details(f, lang))
            else:
                out.append(f"{LABEL[lang]['note']}: {_details(f, lang)}")
        out += waived_by_rule.get(rule_id, [])
        if rule_id in untested:
            cov = untested[rule_id]
            why = "; ".join(r.render(lang) for r in cov.reasons)
            if rule_id in skipped:
                _element(case, "skipped", message=f"{LABEL[lang]['not_tested']}: {why}")
            else:
                out.append(f"{LABEL[lang][cov.status]}: {why}")
        if out:
            _element(case, "system-out").text = _xml("\n".join(out))
    return len(rules), failing, len(skipped)


def document(report: Report) -> ET.Element:
    return document_many([report])


def document_many(reports: list[Report]) -> ET.Element:
    """One ``testsuites`` with a testsuite per plan, in the order linted."""
    suites = ET.Element("testsuites", {"name": "govcheck"})
    tests = failures = skipped = 0
    for report in reports:
        n, failed, skip = _suite(suites, report)
        tests, failures, skipped = tests + n, failures + failed, skipped + skip
    for key, value in (("tests", tests), ("failures", failures), ("errors", 0),
                       ("skipped", skipped)):
        suites.set(key, str(value))
    return suites


def render(report: Report) -> str:
    return render_many([report])


def render_many(reports: list[Report]) -> str:
    root = document_many(reports)
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")
