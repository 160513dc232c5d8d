"""``govcheck report``: the auditor's compliance report (HTML or Markdown)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from govcheck.config import discover, load_config
from govcheck.load import readahead
from govcheck.load.errors import PlanLoadError
from govcheck.report import renderer
from govcheck.output import OutputError, write_output
from govcheck.paths import escape_name

REPORT_FORMATS = ("html", "md")
EXIT_OK, EXIT_INPUT = 0, 2

WROTE = {"sv": "skrev {path} ({fmt}): {summary}", "en": "wrote {path} ({fmt}): {summary}"}
CANNOT_WRITE = {"sv": "{path}: error kan inte skriva rapporten: {reason}",
                "en": "{path}: error cannot write the report: {reason}"}


def _format_for(fmt: str | None, output: Path | None) -> str:
    if fmt is not None:
        return fmt
    if output is not None and output.suffix.lower() in (".md", ".markdown"):
        return "md"
    return "html"


@click.command()
@click.argument("plan_dir", type=click.Path(path_type=Path))
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (atomically); standard output if left out.")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default=None,
              help="html (one self-contained file) or md (GitHub Markdown); "
                   "default: md for a .md output file, else html.")
@click.option("--lang", type=click.Choice(["sv", "en"]), default=None,
              help="Language of the report: Swedish (sv, the default) or English (en); "
                   "overrides 'lang' in the configuration.")
@click.option("--rules", "rule_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Extra folder of rule files (repeatable; replaces 'rules' in the "
                   "configuration); the built-in rules always run.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file, as for 'govcheck lint'; default: the first "
                   "govcheck.toml or [tool.govcheck] found here or above.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date that decides whether a waiver has expired (YYYY-MM-DD; "
                   "default: today); give it to reproduce a report exactly.")
@click.option("--basis", "basis", multiple=True,
              type=click.Choice(["lag", "fullmäktige", "praxis"]),
              help="Only findings resting on this ground (repeatable): lag, fullmäktige or "
                   "praxis; replaces 'basis' in the configuration.")
def report(plan_dir: Path, output: Path | None, fmt: str | None, lang: str | None,
           rule_dirs: tuple[Path, ...], config_file: Path | None,
           today: dt.datetime | None, basis: tuple[str, ...]) -> None:
    """Write the compliance report for the plan in PLAN_DIR.

    The report has a summary (plan, govcheck and ruleset version, plan hash, counts),
    pictures (goal coverage, balanskrav restoration, ram per nämnd, the steering
    chain), every finding with its evidence, and the waived findings. The same plan
    always gives the same bytes (on the same --today, which decides only whether a
    waiver has expired). Settings come from the configuration file as for 'lint'.

    \b
    Exit codes: 0 the report was written (whatever it found),
                2 bad input or usage (located messages on standard error).
    """
    # imported here: govcheck.cli.main imports this module when it is loaded
    from govcheck.cli.main import _report_input_errors, stages, with_basis

    try:
        config = load_config(config_file) if config_file is not None else discover()
    except PlanLoadError as exc:
        _report_input_errors(exc, lang or "sv")
        sys.exit(EXIT_INPUT)
    config = with_basis(config, basis)
    lang = lang or config.lang or "sv"
    readahead.start(plan_dir)  # the plan is read on the other core while the stages import
    try:
        result = stages().build_report(plan_dir, lang, rule_dirs, config=config,
                                       today=today.date() if today else None)
    except PlanLoadError as exc:
        _report_input_errors(exc, lang)
        sys.exit(EXIT_INPUT)
    finally:
        readahead.discard(plan_dir)  # not taken when the rules or configuration failed
    fmt = _format_for(fmt, output)
    text = renderer(fmt)(result)
    if output is None:
        sys.stdout.write(text)
        sys.exit(EXIT_OK)
    try:
        write_output(output, text, [plan_dir, *(rule_dirs or config.rule_dirs),
                                    *([config.path] if config.path else [])])
    except OutputError as exc:
        click.echo(CANNOT_WRITE[lang].format(path=exc.path, reason=exc.reason_text(lang)),
                   err=True)
        sys.exit(EXIT_INPUT)
    from govcheck.report.text import summary_line

    click.echo(WROTE[lang].format(path=escape_name(str(output)), fmt=fmt, summary=summary_line(
        result.findings, result.display_name, len(result.rules_run), lang, len(result.waived))),
        err=True)
    sys.exit(EXIT_OK)
