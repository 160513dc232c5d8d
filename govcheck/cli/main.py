"""The command line: ``govcheck lint``, ``govcheck rules``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from govcheck import __version__
from govcheck.load.errors import PlanLoadError
from govcheck.paths import rules_dir
from govcheck.pipeline import UnknownRule, build_report, load_ruleset
from govcheck.report import FORMATS, renderer
from govcheck.report.text import finding_line, summary_line
from govcheck.rules.engine import RuleSet, load_rules
from govcheck.util import write_atomic

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}

LANG = click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
                    help="Language of messages: Swedish (sv) or English (en).")
RULES = click.option("--rules", "rule_dirs", multiple=True,
                     type=click.Path(file_okay=False, path_type=Path),
                     help="Extra folder of rule files (repeatable); the built-in rules always run.")


def _out() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _report_input_errors(exc: PlanLoadError, lang: str) -> None:
    console = _err()
    for error in exc.errors:
        console.print(escape(f"{error.location}: error {error.message(lang)}"))
    word = "indatafel" if lang == "sv" else "input error(s)"
    console.print(escape(f"{len(exc.errors)} {word}"), style="bold red")


def _load_ruleset(rule_dirs: tuple[Path, ...]) -> RuleSet:
    return load_ruleset(rule_dirs)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govcheck")
def cli() -> None:
    """govcheck checks the steering chain of a Swedish region's or kommun's plan.

    It reads a plan folder of YAML files (goals, uppdrag, nämnder, budget tables),
    builds the steering graph and runs declarative rules on it.

    \b
    Exit codes: 0 no errors, 1 errors found (or warnings with --strict),
                2 bad input or usage, 3 internal error.
    """


@cli.command()
@click.argument("plan_dir", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True, help="Output format.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the output to this file (atomically) instead of standard output.")
@LANG
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@RULES
@click.option("--only", "only", multiple=True, metavar="RULE",
              help="Run only this rule (id or name; repeatable).")
def lint(plan_dir: Path, fmt: str, output: Path | None, lang: str, strict: bool,
         rule_dirs: tuple[Path, ...], only: tuple[str, ...]) -> None:
    """Lint the plan in PLAN_DIR and print its findings.

    Text output is one line per finding, FILE:LINE:COLUMN: SEVERITY RULE MESSAGE,
    then a summary; --format json prints one stable JSON document.
    """
    try:
        report = build_report(plan_dir, lang, rule_dirs, only)
    except PlanLoadError as exc:
        _report_input_errors(exc, lang)
        sys.exit(EXIT_INPUT)
    except UnknownRule as exc:
        raise click.BadParameter(f"unknown rule '{exc}'", param_hint="--only") from None
    findings = report.findings
    if output is not None:
        write_atomic(output, renderer(fmt)(report))
    elif fmt == "text":
        console = _out()
        for f in findings:
            console.print(escape(finding_line(f)), style=STYLE.get(f.severity))
        console.print(escape(summary_line(findings, report.plan_name, len(report.rules_run),
                                          lang)))
    else:
        sys.stdout.write(renderer(fmt)(report))
    failing = {"error", "warning"} if strict else {"error"}
    sys.exit(EXIT_FINDINGS if any(f.severity in failing for f in findings) else EXIT_OK)


@cli.group(invoke_without_command=True)
@LANG
@RULES
@click.pass_context
def rules(ctx: click.Context, lang: str, rule_dirs: tuple[Path, ...]) -> None:
    """List the rule catalogue (or explain one rule with 'rules explain ID')."""
    ctx.obj = {"lang": lang, "rule_dirs": rule_dirs}
    if ctx.invoked_subcommand is not None:
        return
    ruleset = _safe_ruleset(rule_dirs, lang)
    console = _out()
    for rule in ruleset:
        title = getattr(rule.title, lang)
        console.print(escape(f"{rule.id}  {rule.severity:<7}  {rule.name:<34}  {title}"))


def _safe_ruleset(rule_dirs: tuple[Path, ...], lang: str) -> RuleSet:
    try:
        return _load_ruleset(rule_dirs)
    except PlanLoadError as exc:
        _report_input_errors(exc, lang)
        sys.exit(EXIT_INPUT)


@rules.command()
@click.argument("rule_id")
@click.pass_context
def explain(ctx: click.Context, rule_id: str) -> None:
    """Show a rule's rationale, reference and examples."""
    lang = ctx.obj["lang"]
    ruleset = _safe_ruleset(ctx.obj["rule_dirs"], lang)
    rule = ruleset.get(rule_id)
    if rule is None:
        from govcheck.model.suggest import did_you_mean

        hint = did_you_mean(rule_id, [r.id for r in ruleset] + [r.name for r in ruleset])
        raise click.BadParameter(f"unknown rule '{rule_id}'"
                                 + (f"; did you mean '{hint}'?" if hint else ""))
    from govcheck.report.ruledoc import rule_markdown

    _out().print(escape(rule_markdown(rule, lang)))


@rules.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def docs(ctx: click.Context, out_dir: Path) -> None:
    """Write the rule documentation (one Markdown page per rule, and an index) to OUT_DIR."""
    from govcheck.report.ruledoc import write_docs

    ruleset = _safe_ruleset(ctx.obj["rule_dirs"], ctx.obj["lang"])
    for path in write_docs(ruleset, out_dir):
        _out().print(escape(str(path)))


@cli.command("test")
@click.argument("rules_dir", type=click.Path(file_okay=False, path_type=Path))
@LANG
def test_rules(rules_dir: Path, lang: str) -> None:
    """Run the test cases written in the rule files of RULES_DIR.

    Each case's expected findings (rule, file, line) must equal the actual ones; a rule
    without cases, or whose failing case finds nothing, fails. Exit 0 when all pass.
    """
    from govcheck.rules.casetest import run_all

    try:
        ruleset = load_rules([rules_dir]) if rules_dir.resolve() == rules_dir_builtin() \
            else load_rules([rules_dir_builtin(), rules_dir])
    except PlanLoadError as exc:
        _report_input_errors(exc, lang)
        sys.exit(EXIT_INPUT)
    own = {r.id for r in load_rules([rules_dir])}
    console = _out()
    results = [r for r in run_all(ruleset) if r.rule in own]
    failed = 0
    for r in results:
        if r.ok:
            console.print(escape(f"PASS {r.rule} {r.case}"))
            continue
        failed += 1
        console.print(escape(f"FAIL {r.rule} {r.case}"), style="bold red")
        if r.error:
            console.print(escape(f"  {r.error}"))
        else:
            console.print(escape(f"  expected: {r.expected}"))
            console.print(escape(f"  actual:   {r.actual}"))
    console.print(escape(f"{len(results) - failed} passed, {failed} failed"))
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def rules_dir_builtin() -> Path:
    return rules_dir().resolve()


from govcheck.cli import extra, report_cmd  # noqa: E402  (commands in their own modules)

cli.add_command(report_cmd.report)
cli.add_command(extra.schema)
cli.add_command(extra.graph)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # never a traceback for the user; say what happened
        _err().print(escape(f"govcheck: internal error: {type(exc).__name__}: {exc}"),
                     style="bold red")
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
