"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: ``govcheck lint --format sarif``.

One run (for several plans too); every rule of the ruleset as a descriptor (not only those that fired); one result per
finding, and one per waived finding with an external suppression. The output is a pure function
of the report and the working directory: no timestamps, keys sorted, byte-identical across runs.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from govcheck.paths import rules_dir
from govcheck.report.model import Report, Waived
from govcheck.i18n import render as say
from govcheck.report.ruledoc import HEAD, basis_line, own_variants, rule_markdown
from govcheck.rules.finding import Finding, plain
from govcheck.rules.spec import RuleSpec

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
LANGUAGE = {"sv": "sv-SE", "en": "en-US"}
SRCROOT = "%SRCROOT%"

# The README's families; a rule from an extra --rules folder falls back to its lower-case prefix.
FAMILIES = {"ORG": "organisation", "MAL": "malstyrning", "UPP": "uppdrag", "DOK": "styrdokument",
            "EKO": "ekonomi", "BUD": "budget", "FIN": "budget", "BAL": "balanskrav",
            "UPF": "uppfoljning", "IKP": "uppfoljning"}

FINGERPRINT = "govcheck/v1"

RELATED = {"sv": "relaterad plats {n} av {total} för {rule} ({name})",
           "en": "related location {n} of {total} for {rule} ({name})"}
DOCS = {"sv": "Dokumentation: `{path}` i govcheck-repot (`govcheck rules explain {id}`).",
        "en": "Documentation: `{path}` in the govcheck repository (`govcheck rules explain {id}`)."}


def family(rule_id: str) -> str:
    prefix = rule_id[:3]
    return FAMILIES.get(prefix, prefix.lower())


def cwd_path(file: str) -> str | None:
    """``file`` relative to the working directory, in POSIX form; None when it lies outside."""
    try:
        rel = os.path.relpath(os.path.abspath(file))
    except ValueError:  # another drive on Windows
        return None
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return None
    return Path(rel).as_posix()


def _artifact(file: str) -> dict[str, Any]:
    rel = cwd_path(file)
    if rel is None:
        return {"uri": Path(os.path.abspath(file)).as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": SRCROOT}


def _physical(loc: Any) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(1, loc.line), "startColumn": max(1, loc.column)}
    if getattr(loc, "page", None):  # a document with pages: the page and the line within it
        region["properties"] = {"page": loc.page, "pageLine": loc.page_line}
    elif getattr(loc, "table", None):  # a Word table's row
        region["properties"] = {"table": loc.table, "tableRow": loc.table_row}
    elif getattr(loc, "paragraph", None):  # a Word paragraph, tables not counted
        region["properties"] = {"paragraph": loc.paragraph}
    return {"artifactLocation": _artifact(loc.file), "region": region}


def fingerprints(findings: list[Finding], root: str) -> list[str]:
    """Each finding's line-independent identity (``Finding.fingerprint``: rule, file relative
    to the plan folder, message variant, subject; never a line, column, figure or the output
    language) with ``:n`` counting the findings that share it, in report order."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        digest = f.fingerprint(root)
        seen[digest] += 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def project_urls() -> dict[str, str]:
    """The project's web addresses as its package metadata declares them (``[project.urls]``
    in pyproject.toml), by lower-case label; only https addresses, and none is invented."""
    try:
        meta = metadata.metadata("govcheck")
    except metadata.PackageNotFoundError:
        return {}
    urls = {}
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if url.strip().startswith("https://"):
            urls[label.strip().lower()] = url.strip().rstrip("/")
    home = next(iter(meta.get_all("Home-page") or []), "")
    if home.startswith("https://"):
        urls.setdefault("homepage", home.rstrip("/"))
    return urls


def _project_uri(urls: dict[str, str]) -> str | None:
    """The project's home page (``informationUri``)."""
    for key in ("homepage", "documentation", "repository", "source"):
        if key in urls:
            return urls[key]
    return None


def _doc_path(rule: RuleSpec) -> str | None:
    """``docs/rules/ID.md`` for a built-in rule (generated into the govcheck repository)."""
    if not rule.path:
        return None
    folder = Path(rule.path).resolve().parent
    builtin = rules_dir().resolve()
    if folder != builtin and folder.parent != builtin / "styrmodell":
        return None
    return f"docs/rules/{rule.id}.md"


def _descriptor(rule: RuleSpec, lang: str, docs: str | None) -> dict[str, Any]:
    reference = getattr(rule.reference, lang)
    if not rule.reference_verified:
        reference += " " + HEAD[lang]["unverified"]
    text = (f"{getattr(rule.rationale, lang)}\n\n{say('basis.title', lang)}: "
            f"{basis_line(rule.basis.shown(lang), lang)}\n\n"
            f"{HEAD[lang]['reference']}: {reference}")
    markdown = rule_markdown(rule, lang)
    # what the rule rests on: its basis (lag, fullmäktige, praxis) and, for a rule whose
    # messages rest on different grounds, each message's severity and basis
    properties: dict[str, Any] = {"tags": [family(rule.id)], "family": family(rule.id),
                                  "pack": rule.pack,
                                  "reference": reference,
                                  "basis": rule.basis.shown(lang),
                                  "basisKinds": rule.basis_kinds(),
                                  "referenceVerified": rule.reference_verified}
    own = own_variants(rule)
    if own:
        properties["messageBasis"] = {v: {"level": LEVEL[rule.severity_of(v)],
                                          "basis": rule.basis_of(v).shown(lang)} for v in own}
    doc = _doc_path(rule)
    if doc:
        note = DOCS[lang].format(path=doc, id=rule.id)
        if docs:
            note = note.replace(f"`{doc}`", f"[`{doc}`]({docs}/{doc.removeprefix('docs/')})")
        text += "\n\n" + note
        markdown += "\n" + note + "\n"
        properties["documentation"] = doc
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": getattr(rule.title, lang)},
        "fullDescription": {"text": getattr(rule.rationale, lang)},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": properties,
    }
    if doc and docs:
        # the rule's page where the project publishes its docs folder: docs/rules/ID.md
        descriptor["helpUri"] = f"{docs}/{doc.removeprefix('docs/')}"
    return descriptor


def _result(f: Finding, index: dict[str, int], fingerprint: str, lang: str,
            waived: Waived | None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "level": LEVEL.get(f.severity, "warning"),
        "message": {"text": f.message},
        "locations": [{"physicalLocation": _physical(f.location)}],
        # GitHub matches alerts by primaryLocationLineHash, and upload-sarif fills in a hash
        # of the line's text when it is absent, which changes whenever any figure on a table
        # row does. The same value under govcheck's own versioned key is for other tools.
        "partialFingerprints": {"primaryLocationLineHash": fingerprint, FINGERPRINT: fingerprint},
        "properties": {"evidence": plain(f.evidence), "name": f.name},
    }
    if f.rule in index:
        result["ruleIndex"] = index[f.rule]
    if f.basis:
        result["properties"]["basis"] = dict(f.basis)
    if f.reference:
        result["properties"]["reference"] = f.reference
    if f.related:
        total = len(f.related)
        result["relatedLocations"] = [
            {"id": n, "physicalLocation": _physical(loc),
             "message": {"text": RELATED[lang].format(n=n, total=total, rule=f.rule,
                                                      name=f.name)}}
            for n, loc in enumerate(f.related, 1)]
    if waived is not None:
        result["suppressions"] = [{
            "kind": "external", "status": "accepted", "justification": waived.reason,
            "properties": {"decided_by": waived.decided_by, "who": waived.who,
                           "expires": waived.expires}}]
    return result


UNTESTED = {"sv": {"not_tested": "{rule} ej prövad i {plan}: {reasons}",
                   "partly": "{rule} delvis prövad i {plan}: {reasons}"},
            "en": {"not_tested": "{rule} not tested in {plan}: {reasons}",
                   "partly": "{rule} partly tested in {plan}: {reasons}"}}


def _untested(report: Report, index: dict[str, int]) -> list[dict[str, Any]]:
    """A notification per rule that could not test everything on the plan, with why."""
    words = UNTESTED.get(report.lang, UNTESTED["sv"])
    out = []
    for rule_id, cov in report.untested().items():
        reasons = "; ".join(r.render(report.lang) for r in cov.reasons)
        note: dict[str, Any] = {
            "level": "note",
            "message": {"text": words[cov.status].format(rule=rule_id, plan=report.plan_name,
                                                         reasons=reasons)},
            "associatedRule": {"id": rule_id},
            "properties": {"plan": report.plan_name, "coverage": cov.status},
        }
        if rule_id in index:
            note["associatedRule"]["index"] = index[rule_id]
        out.append(note)
    return out


def _results(report: Report, index: dict[str, int]) -> list[dict[str, Any]]:
    entries: list[tuple[Finding, Waived | None]] = [(f, None) for f in report.findings]
    entries += [(w.finding, w) for w in report.waived]
    entries.sort(key=lambda entry: entry[0].sort_key())
    prints = fingerprints([f for f, _ in entries], report.plan_root)
    return [_result(f, index, fp, report.lang, w) for (f, w), fp in zip(entries, prints)]


def _run(reports: list[Report]) -> dict[str, Any]:
    """One run for the reports of one ruleset and language, the results plan by plan."""
    first = reports[0]
    lang = first.lang
    rules = list(first.ruleset)
    index = {rule.id: i for i, rule in enumerate(rules)}
    urls = project_urls()
    driver: dict[str, Any] = {
        "name": "govcheck",
        "version": first.version,
        "semanticVersion": first.version,
        "rules": [_descriptor(rule, lang, urls.get("documentation")) for rule in rules],
    }
    home = _project_uri(urls)
    if home:
        driver["informationUri"] = home
    root = Path.cwd().as_uri()
    plans = [{"plan": r.plan_name, "plan_hash": r.plan_hash, "rules_run": list(r.rules_run)}
             for r in reports]
    notes = [note for r in reports for note in _untested(r, index)]
    return {
        "tool": {"driver": driver},
        # not tested is not passed: each rule that could not test everything on a plan is
        # a note of the run (SARIF 2.1.0 §3.20.21 toolExecutionNotifications)
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
        "language": LANGUAGE.get(lang, lang),
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {SRCROOT: {"uri": root if root.endswith("/") else root + "/"}},
        "results": [result for r in reports for result in _results(r, index)],
        # one plan: its properties as they always were; several: a list of them
        "properties": plans[0] if len(plans) == 1 else {"plans": plans},
    }


def document(report: Report) -> dict[str, Any]:
    return document_many([report])


def document_many(reports: list[Report]) -> dict[str, Any]:
    """One run for all the plans (GitHub code scanning takes one run per tool and
    category), so the rules are described once; each result's location names its plan."""
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [_run(reports)]}


def render(report: Report) -> str:
    return render_many([report])


def render_many(reports: list[Report]) -> str:
    return json.dumps(document_many(reports), ensure_ascii=False, indent=2,
                      sort_keys=True) + "\n"
