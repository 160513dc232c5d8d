"""``govcheck diff OLD NEW``: what changed between two versions of a plan, and which
findings appeared and disappeared (govcheck.compare)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_SAME, EXIT_DIFFERENT, EXIT_INPUT = 0, 1, 2


@click.command("diff")
@click.argument("old", metavar="OLD", type=click.Path(path_type=Path))
@click.argument("new", metavar="NEW", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text (a line per change) or json (one stable, sorted "
                                      "document).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Language of messages: Swedish (sv) or English (en).")
@click.option("--no-findings", is_flag=True,
              help="Compare the plans' content only; do not run the rules.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
def diff(old: Path, new: Path, fmt: str, lang: str, no_findings: bool,
         output: Path | None) -> None:
    """Compare two versions of a plan: OLD and NEW are plan folders (or plan documents,
    imported in memory).

    Prints the figures (table, row, column: old → new), goals, uppdrag, styrdokument,
    bodies and other entities added, removed or changed, matched by id, and the findings
    that appeared and disappeared (matched by rule and subject, not by line).

    \b
    Exit codes, as for diff(1): 0 no differences, 1 differences, 2 bad input.
    """
    from govcheck.cli.main import _load_config, _report_input_errors, stages
    from govcheck.load.errors import PlanLoadError
    from govcheck.output import write_output

    config = _load_config(None, lang) if not no_findings else None
    pipeline = stages()
    from govcheck.api import load_plan
    from govcheck.compare import compare_findings, compare_plans
    from govcheck.compare.render import render_json, render_text
    from govcheck.i18n import render
    from govcheck.paths import escape_name

    for path in (old, new):
        if not path.exists():
            sys.stderr.write(escape_name(render("compare.missing", lang, path=path)) + "\n")
            sys.exit(EXIT_INPUT)
    try:
        if no_findings:
            plans = [load_plan(path)[0] for path in (old, new)]
            findings = None
        else:
            ruleset = pipeline.load_ruleset(config.rule_dirs if config else ())
            reports = [pipeline.build_report(path, lang, config=config, ruleset=ruleset)
                       for path in (old, new)]
            plans = [r.graph.plan for r in reports]
            findings = compare_findings(reports[0].findings, plans[0].root,
                                        reports[1].findings, plans[1].root)
    except PlanLoadError as exc:
        _report_input_errors(exc, lang)
        sys.exit(EXIT_INPUT)
    changes = compare_plans(plans[0], plans[1])
    if fmt == "json":
        text = render_json(changes, findings, str(old), str(new))
    else:
        text = render_text(changes, findings, lang, str(old), str(new))
    if output is not None:
        write_output(output, text, inputs=[old, new])
    else:
        sys.stdout.write(text)
    different = bool(changes) or bool(findings and (findings.appeared or findings.disappeared))
    sys.exit(EXIT_DIFFERENT if different else EXIT_SAME)
