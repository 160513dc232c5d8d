"""JUnit XML for CI test reports: ``govcheck lint --format junit``.

One testsuite per plan. A rule that found no error or warning is one testcase, which passes;
a rule that did is a testcase per error or warning, each with one ``<failure>`` (its location
and evidence), named by the rule and the finding's subject, so that every consumer (GitLab,
Jenkins, junitparser, junit2html) counts and shows every finding, and the counts in the
attributes are the ones they recount. Notes (info), waived findings and what a rule left
untested go to ``<system-out>`` (of the rule's first testcase) and fail nothing. A rule that
could test nothing on the plan (govcheck.rules.coverage) is ``<skipped>`` with the reason,
never a pass. Every ``time`` is 0: the output is byte-identical from run to run.
"""

from __future__ import annotations

import json
import re
from collections import Counter
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


def _subject(f: Finding, root: str) -> str:
    """What the finding is about, for its testcase's name: its file in the plan folder and
    its subject (the ids, cells and years of ``Finding.subject``, never a line or a figure),
    so that the same problem keeps its testcase name from run to run."""
    values: dict[str, list[str]] = {}
    for key, value in f.subject():
        values.setdefault(key, []).append(value)
    about = ", ".join(f"{key}={' '.join(vs)}" for key, vs in values.items())
    return f"{f.plan_file(root)} ({about})" if about else f.plan_file(root)


TIME = "0"
"""Every ``time``: govcheck's output is a pure function of its input (byte-identical from run
to run), so it records no measured duration; consumers that need the attribute get one."""


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
    untested = report.untested()
    suite = _element(suites, "testsuite", name=f"govcheck: {report.plan_name}")
    props = _element(suite, "properties")
    c = counts(report.findings)
    for name, value in (("govcheck.version", report.version), ("plan", report.plan_name),
                        ("plan_hash", report.plan_hash), ("lang", lang),
                        ("findings.error", str(c["error"])),
                        ("findings.warning", str(c["warning"])),
                        ("findings.info", str(c["info"])),
                        ("findings.waived", str(len(report.waived)))):
        _element(props, "property", name=name, value=value)

    tests = failures = skipped = 0
    for rule_id in rules:
        spec = report.ruleset.get(rule_id)
        title = f"{rule_id} {spec.name}" if spec else rule_id
        classname = f"govcheck.{family(rule_id)}"
        failing = [f for f in by_rule.get(rule_id, []) if f.severity in FAILING]
        # what the rule says beyond its failures: notes, waived findings, what it left
        out = [f"{LABEL[lang]['note']}: {_details(f, lang)}"
               for f in by_rule.get(rule_id, []) if f.severity not in FAILING]
        out += waived_by_rule.get(rule_id, [])
        not_tested = ""
        if rule_id in untested:
            cov = untested[rule_id]
            why = "; ".join(r.render(lang) for r in cov.reasons)
            if not failing and cov.status == "not_tested":
                not_tested = f"{LABEL[lang]['not_tested']}: {why}"
            else:
                out.append(f"{LABEL[lang][cov.status]}: {why}")
        if not failing:
            # the rule passed (or could test nothing): one testcase for the rule
            case = _element(suite, "testcase", classname=classname, name=title, time=TIME)
            tests += 1
            if not_tested:
                _element(case, "skipped", message=not_tested)
                skipped += 1
            if out:
                _element(case, "system-out").text = _xml("\n".join(out))
            continue
        # a testcase per error or warning, each with its one failure: every consumer counts
        # and shows each finding, and a problem keeps its testcase name while it persists
        seen: Counter[str] = Counter()
        for n, f in enumerate(failing):
            name = f"{title}: {_subject(f, report.plan_root)}"
            seen[name] += 1
            if seen[name] > 1:
                name += f" #{seen[name]}"
            case = _element(suite, "testcase", classname=classname, name=name, time=TIME)
            failure = _element(case, "failure", type=f.severity,
                               message=f"{f.location}: {f.message}")
            failure.text = _xml(_details(f, lang))
            if n == 0 and out:
                _element(case, "system-out").text = _xml("\n".join(out))
        tests += len(failing)
        failures += len(failing)
    for key, value in (("tests", tests), ("failures", failures), ("errors", 0),
                       ("skipped", skipped), ("time", TIME)):
        suite.set(key, str(value))
    return tests, failures, skipped


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
                       ("skipped", skipped), ("time", TIME)):
        suites.set(key, str(value))
    return suites


def render(report: Report) -> str:
    return render_many([report])


def render_many(reports: list[Report]) -> str:
    root = document_many(reports)
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")
