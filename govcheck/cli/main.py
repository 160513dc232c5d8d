"""The command line: ``govcheck lint``, ``govcheck rules``."""

from __future__ import annotations

if __name__ == "__main__":  # python -m govcheck.cli.main: an interrupt while importing
    from govcheck.cli import exit_on_signals

    exit_on_signals()

import contextlib  # noqa: E402
import datetime as dt
import os
import signal
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import click

from govcheck import __version__, util
from govcheck.config import Config, discover, load_config
from govcheck.load import readahead
from govcheck.load.errors import PlanLoadError
from govcheck.load.folder import expand_plan_dirs
from govcheck.output import GuardedStream, OutputError, PipeClosed, check_not_input, write_output
from govcheck.paths import escape_name, rules_dir
from govcheck.report import FORMATS, renderer
from govcheck.util import gc_paused

if TYPE_CHECKING:
    from govcheck.report.model import Report
    from govcheck.rules.engine import RuleSet

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_SIGNAL = 128
"""Plus the signal's number: 130 after Ctrl-C (SIGINT), 143 after SIGTERM, as shells say;
141 (SIGPIPE) when standard output is a pipe whose reader has gone (``| head``)."""
STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}

LANG = click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
                    help="Language of messages: Swedish (sv) or English (en).")
RULES = click.option("--rules", "rule_dirs", multiple=True,
                     type=click.Path(file_okay=False, path_type=Path),
                     help="Extra folder of rule files (repeatable); the built-in rules always run.")


class _Lines:
    """Lines of output: coloured through rich on a terminal (or with FORCE_COLOR), plain
    text otherwise, so that a lint into a pipe or a file never imports rich's console."""

    def __init__(self, stderr: bool = False) -> None:
        self.stream = sys.stderr if stderr else sys.stdout
        self.console = None
        if os.environ.get("FORCE_COLOR") or self.stream.isatty():
            from rich.console import Console

            self.console = Console(stderr=stderr, highlight=False, soft_wrap=True)

    def print(self, text: str, style: str | None = None) -> None:
        if self.console is None:
            self.stream.write(text + "\n")
        else:
            from rich.markup import escape as rich_escape

            self.console.print(rich_escape(text), style=style)


def _out() -> _Lines:
    return _Lines()


def _err() -> _Lines:
    return _Lines(stderr=True)


MAX_SHOWN = 100
"""Located input errors shown at most; the rest are counted (a configuration with 4 000
unknown keys gives 100 lines and a count, not 4 000 lines)."""


def _report_input_errors(exc: PlanLoadError, lang: str) -> None:
    console = _err()
    for error in exc.errors[:MAX_SHOWN]:
        console.print(escape_name(f"{error.location}: error {error.message(lang)}"))
    rest = len(exc.errors) - MAX_SHOWN
    if rest > 0:
        console.print(f"… och {rest} indatafel till" if lang == "sv"
                      else f"… and {rest} more input error(s)")
    word = "indatafel" if lang == "sv" else "input error(s)"
    console.print(f"{len(exc.errors)} {word}", style="bold red")


def stages() -> ModuleType:
    """``govcheck.pipeline``, and with it the heavy stages (model, graph, rules).

    Imported only once a command knows what it will read, so that ``lint`` can start
    reading the plan on the other core first (``govcheck.load.readahead``); imported with
    the collector paused, like the command line itself (``govcheck.cli.entry_point``)."""
    with gc_paused(keep="govcheck.pipeline" not in sys.modules):  # modules live to the end
        from govcheck import pipeline
    return pipeline


def _load_ruleset(rule_dirs: tuple[Path, ...]) -> RuleSet:
    return stages().load_ruleset(rule_dirs)  # type: ignore[no-any-return]


class _Commands(click.Group):
    """The command group, with the commands kept in modules of their own imported only
    when one of them runs or the commands are listed (``govcheck --help``): a lint does
    not define the options of ``report``, ``schema``, ``graph``, ``import`` and ``diff``."""

    ELSEWHERE = {"diff": ("diff_cmd", "diff"), "graph": ("extra", "graph"),
                 "import": ("import_cmd", "import_"), "report": ("report_cmd", "report"),
                 "schema": ("extra", "schema")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.ELSEWHERE))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.ELSEWHERE and cmd_name not in self.commands:
            module, name = self.ELSEWHERE[cmd_name]
            from importlib import import_module

            self.add_command(getattr(import_module(f"govcheck.cli.{module}"), name), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govcheck")
def cli() -> None:
    """govcheck checks the steering chain of a Swedish region's or kommun's plan.

    It reads a plan folder of YAML files (goals, uppdrag, nämnder, budget tables),
    builds the steering graph and runs declarative rules on it.

    \b
    Exit codes: 0 no errors, 1 errors found (or warnings with --strict,
                or the configuration's fail-level), 2 bad input or usage
                (plan, rule, configuration or baseline files) or output that
                cannot be written, 3 internal error, 130 interrupted (Ctrl-C),
                143 terminated (SIGTERM), 141 standard output closed early
                (| head).
    """


LINT_LANG = click.option("--lang", type=click.Choice(["sv", "en"]), default=None,
                         help="Language of messages: Swedish (sv, the default) or English (en); "
                              "overrides 'lang' in the configuration.")
CONFIG = click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                      help="Configuration file (govcheck.toml, or a pyproject.toml with "
                           "[tool.govcheck]); default: the first one found in the working "
                           "directory or above it.")
TODAY = click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                     help="The date that decides whether a waiver has expired (YYYY-MM-DD; "
                          "default: today). Output depends on the date only through expiry.")
NO_WAIVERS = click.option("--no-waivers", is_flag=True,
                          help="Ignore the plan's waivers (undantag): every finding is active.")
RULES_OVERRIDE = click.option("--rules", "rule_dirs", multiple=True,
                              type=click.Path(file_okay=False, path_type=Path),
                              help="Extra folder of rule files (repeatable; replaces 'rules' in "
                                   "the configuration); the built-in rules always run.")
BASIS = click.option("--basis", "basis", multiple=True,
                     type=click.Choice(["lag", "fullmäktige", "praxis"]),
                     help="Only findings resting on this ground (repeatable): lag (a "
                          "paragraph of the law), fullmäktige (the plan's own decision) or "
                          "praxis (good practice); e.g. --basis lag for an auditor's law-only "
                          "run. Replaces 'basis' in the configuration.")
RANK = {"info": 0, "warning": 1, "error": 2}


def with_basis(config: Config, basis: tuple[str, ...]) -> Config:
    """The configuration with --basis, when given, in place of its ``basis``."""
    if basis:
        config.basis = list(dict.fromkeys(basis))
    return config


def _load_config(config_file: Path | None, lang: str | None) -> Config:
    """The configuration file named by --config, or the one found; exit 2 when it is bad."""
    try:
        return load_config(config_file) if config_file is not None else discover()
    except PlanLoadError as exc:
        _report_input_errors(exc, lang or "sv")
        sys.exit(EXIT_INPUT)


def _build(plan_dir: Path, config: Config, lang: str, rule_dirs: tuple[Path, ...],
           only: tuple[str, ...], today: dt.datetime | None, no_waivers: bool,
           baseline: Path | None = None) -> Report:
    readahead.start(plan_dir)  # the plan is read on the other core while the stages import
    pipeline = stages()
    try:
        # in the console script the report lives to the end of the process: kept, the next
        # collection does not walk the plan, graph and findings (govcheck.util.gc_paused)
        with gc_paused(keep=util.PROCESS_ENDS_WITH_COMMAND):
            return pipeline.build_report(  # type: ignore[no-any-return]
                plan_dir, lang, rule_dirs, only, config=config,
                today=today.date() if today else None, waivers=not no_waivers,
                baseline=baseline)
    except PlanLoadError as exc:
        _report_input_errors(exc, lang)
        sys.exit(EXIT_INPUT)
    except pipeline.UnknownRule as exc:
        raise click.BadParameter(f"unknown rule '{exc}'", param_hint="--only") from None
    finally:
        readahead.discard(plan_dir)  # not taken when the rules or configuration failed


@cli.command()
@click.argument("plan_dirs", metavar="PLAN_DIR...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True, help="Output format.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the output to this file (atomically) instead of standard output.")
@LINT_LANG
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (same as --fail-level "
                                              "warning).")
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]), default=None,
              help="The lowest severity that makes the exit code 1 (default: error, or "
                   "'fail-level' in the configuration).")
@RULES_OVERRIDE
@click.option("--only", "only", multiple=True, metavar="RULE",
              help="Run only this rule (id or name; repeatable; replaces 'select' and "
                   "'ignore' in the configuration).")
@CONFIG
@click.option("--baseline", "baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Accept the findings recorded in this baseline file (see 'govcheck "
                   "baseline'): they are listed as waived, and only new findings count. "
                   "One plan only.")
@click.option("--jobs", "-j", "jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes for several plans (default 0: one per core).")
@BASIS
@NO_WAIVERS
@TODAY
def lint(plan_dirs: tuple[Path, ...], fmt: str, output: Path | None, lang: str | None,
         strict: bool, fail_level: str | None, rule_dirs: tuple[Path, ...],
         only: tuple[str, ...], config_file: Path | None, baseline: Path | None, jobs: int,
         basis: tuple[str, ...], no_waivers: bool, today: dt.datetime | None) -> None:
    """Lint the plan in PLAN_DIR and print its findings; or several plans.

    Text output is one line per finding, FILE:LINE:COLUMN: SEVERITY RULE MESSAGE, then the
    waived findings (marked 'undantagen'/'waived'), then a summary; --format json prints
    one stable JSON document. Waived and baselined findings never count towards the exit
    code. Settings come from govcheck.toml or [tool.govcheck] (see docs/configuration.md);
    options given here override them.

    Several PLAN_DIRs (or a folder whose subfolders hold plan.yaml files, such as plans/)
    are linted in parallel, --jobs at a time, and reported one after the other in the
    order given, then a total; a plan with bad input is reported and the others are still
    linted (exit 2). --format html and md take one plan.

    Every finding rests on law (lag), fullmäktige's own decision (fullmäktige) or good
    practice (praxis), as its rule says; --basis keeps only the findings of those grounds.
    """
    config = with_basis(_load_config(config_file, lang), basis)
    lang = lang or config.lang or "sv"
    level = fail_level or ("warning" if strict else None) or config.fail_level or "error"
    dirs = expand_plan_dirs(plan_dirs)
    inputs = _inputs(dirs, config, rule_dirs, baseline)
    if output is not None:
        check_not_input(output, inputs)  # before any work: -o never names an input
    if len(dirs) > 1:
        _lint_many(dirs, fmt, output, lang, level, rule_dirs, only, config, baseline, jobs,
                   no_waivers, today, inputs)
    report = _build(dirs[0], config, lang, rule_dirs, only, today, no_waivers, baseline)
    from govcheck.report.text import plan_lines

    findings = report.findings
    if output is not None:
        write_output(output, renderer(fmt)(report), inputs)
    elif fmt == "text":
        console = _out()
        for line, severity in plan_lines(report):
            console.print(line, style=_style(severity))
    else:
        sys.stdout.write(renderer(fmt)(report))
    failing = any(RANK[f.severity] >= RANK[level] for f in findings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


def _inputs(dirs: list[Path], config: Config, rule_dirs: tuple[Path, ...],
            baseline: Path | None = None) -> list[Path]:
    """What a run reads, which ``-o`` may never name: the plan folders, the configuration,
    the rule folders of one's own and the baseline."""
    out = list(dirs) + list(rule_dirs or config.rule_dirs)
    return out + [p for p in (config.path, baseline) if p is not None]


def _style(severity: str | None) -> str | None:
    return "dim" if severity == "waived" else STYLE.get(severity or "")


def _lint_many(dirs: list[Path], fmt: str, output: Path | None, lang: str, level: str,
               rule_dirs: tuple[Path, ...], only: tuple[str, ...], config: Config,
               baseline: Path | None, jobs: int, no_waivers: bool,
               today: dt.datetime | None, inputs: list[Path]) -> None:
    """``lint`` over several plans; exits 2 if any plan had bad input, else 1 or 0."""
    pipeline = stages()
    from govcheck.batch import Options, default_jobs, lint_plans
    from govcheck.report import renderer_many
    from govcheck.report.text import plan_lines, total_line

    # text is written here, plan by plan, with the total; the other formats render all
    render_many = renderer_many(fmt) if fmt != "text" else None
    if render_many is None and fmt != "text":
        raise click.UsageError(f"--format {fmt} takes one plan; {len(dirs)} were given")
    if baseline is not None:
        raise click.UsageError(f"--baseline takes one plan; {len(dirs)} were given")
    ruleset = _safe_ruleset(rule_dirs or tuple(config.rule_dirs), lang)
    try:
        pipeline.select_rules(ruleset, only, config)
    except PlanLoadError as exc:
        _report_input_errors(exc, lang)
        sys.exit(EXIT_INPUT)
    except pipeline.UnknownRule as exc:
        raise click.BadParameter(f"unknown rule '{exc}'", param_hint="--only") from None
    options = Options(lang, config, only, today.date() if today else None,
                      not no_waivers)
    # text goes out plan by plan as the results come in; the other formats are one document
    console = _out() if output is None and fmt == "text" else None
    reports: list[Report] = []
    broken = 0
    # closing: an interrupt or a failed write stops the workers at once (govcheck.batch)
    with contextlib.closing(lint_plans(dirs, options, ruleset, jobs or default_jobs())) \
            as results:
        for result in results:
            if result.report is None:
                broken += 1
                _report_input_errors(PlanLoadError(result.errors), lang)
                continue
            reports.append(result.report)
            if console is not None:
                for line, severity in plan_lines(result.report):
                    console.print(line, style=_style(severity))
    if fmt == "text":
        text = "".join(line + "\n" for r in reports for line, _ in plan_lines(r)) \
            if console is None else ""
        text += total_line(reports, lang, broken) + "\n"
    else:
        text = render_many(reports) if reports and render_many is not None else ""
    if output is not None:
        write_output(output, text, inputs)
    else:
        sys.stdout.write(text)
    if broken:
        sys.exit(EXIT_INPUT)
    failing = any(RANK[f.severity] >= RANK[level] for r in reports for f in r.findings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


@cli.command("baseline")
@click.argument("plan_dir", type=click.Path(path_type=Path))
@click.option("--output", "-o", "output", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="The baseline file to write, or to update when it exists.")
@click.option("--prune", is_flag=True,
              help="Drop the entries that no longer match a finding (default: keep them).")
@LINT_LANG
@RULES_OVERRIDE
@CONFIG
@NO_WAIVERS
@TODAY
def baseline_cmd(plan_dir: Path, output: Path, prune: bool, lang: str | None,
                 rule_dirs: tuple[Path, ...], config_file: Path | None, no_waivers: bool,
                 today: dt.datetime | None) -> None:
    """Record the plan's current findings in a baseline file for 'lint --baseline'.

    Every active finding (not one a waiver accepts, and never GOV001) is recorded by its
    fingerprint, which survives line moves: rule, file in the plan, and what the message
    says. An existing file is updated: new findings are added, and entries that no longer
    match are kept unless --prune. The file is deterministic JSON, written atomically.
    """
    from govcheck import baseline as baselines
    from govcheck.rules.checks.waivers import WAIVER_RULE

    config = _load_config(config_file, lang)
    lang = lang or config.lang or "sv"
    inputs = _inputs([plan_dir], config, rule_dirs)
    check_not_input(output, inputs)
    report = _build(plan_dir, config, lang, rule_dirs, (), today, no_waivers)
    current = baselines.from_findings([f for f in report.findings if f.rule != WAIVER_RULE],
                                      report.plan_root)
    old = baselines.Baseline()
    if output.exists():
        try:
            old = baselines.load(output)
        except PlanLoadError as exc:
            _report_input_errors(exc, lang)
            sys.exit(EXIT_INPUT)
    new, added, dropped = baselines.update(old, current, prune)
    write_output(output, baselines.dump(new, report.plan_name), inputs)
    total = sum(e.count for e in new.entries.values())
    text = (f"{output}: {total} fynd i baslinjen ({added} nya, {dropped} borttagna)"
            if lang == "sv" else
            f"{output}: {total} finding(s) in the baseline ({added} new, {dropped} dropped)")
    _out().print(escape_name(text))
    sys.exit(EXIT_OK)


@cli.group(invoke_without_command=True)
@LANG
@RULES
@click.option("--basis", "basis", multiple=True,
              type=click.Choice(["lag", "fullmäktige", "praxis"]),
              help="List only the rules that can make a finding resting on this ground "
                   "(repeatable).")
@click.pass_context
def rules(ctx: click.Context, lang: str, rule_dirs: tuple[Path, ...],
          basis: tuple[str, ...]) -> None:
    """List the rule catalogue (or explain one rule with 'rules explain ID').

    Each line: id, severity, basis (lag: a paragraph of the law; fullmäktige: the plan's
    own decision; praxis: good practice), the styrmodell pack ("-": the base ruleset that
    holds for any kommun or region), how it is written (villkor: conditions in the rule
    file; funktion: a built-in check function; "conditions"/"function" with --lang en),
    name and title. A rule whose messages rest on different grounds shows each, e.g.
    error/warning and lag/praxis.
    """
    ctx.obj = {"lang": lang, "rule_dirs": rule_dirs}
    if ctx.invoked_subcommand is not None:
        return
    ruleset = _safe_ruleset(rule_dirs, lang)
    from govcheck.report.ruledoc import kinds_text, severities_text

    listed = [r for r in ruleset if not basis or set(basis) & set(r.basis_kinds())]
    forms = {True: "villkor" if lang == "sv" else "conditions",
             False: "funktion" if lang == "sv" else "function"}
    rows = [(r.id, severities_text(r), kinds_text(r, lang), r.pack or "-",
             forms[bool(r.declarative)], r.name, getattr(r.title, lang)) for r in listed]
    sev_w = max((len(row[1]) for row in rows), default=7)
    basis_w = max((len(row[2]) for row in rows), default=3)
    pack_w = max((len(row[3]) for row in rows), default=1)
    form_w = max(len(f) for f in forms.values())
    console = _out()
    for rid, sev, kinds, pack, form, name, title in rows:
        console.print(f"{rid}  {sev:<{sev_w}}  {kinds:<{basis_w}}  {pack:<{pack_w}}  "
                      f"{form:<{form_w}}  {name:<34}  {title}")


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

    _out().print(rule_markdown(rule, lang))


@rules.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def docs(ctx: click.Context, out_dir: Path) -> None:
    """Write the rule documentation (one Markdown page per rule, and an index) to OUT_DIR."""
    from govcheck.report.ruledoc import write_docs

    ruleset = _safe_ruleset(ctx.obj["rule_dirs"], ctx.obj["lang"])
    for path in write_docs(ruleset, out_dir):
        _out().print(str(path))


@rules.command("new")
@click.argument("rule_id")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="The folder to write the rule in.")
@click.option("--kind", default="council_goal", show_default=True,
              help="The kind of node the rule looks at (given: {kind: …}).")
@click.pass_context
def new_rule(ctx: click.Context, rule_id: str, folder: Path, kind: str) -> None:
    """Write a new rule file FOLDER/RULE_ID.yaml to start from (docs/writing-rules.md)."""
    from govcheck.rules.lang.model import SUBJECT_KINDS
    from govcheck.rules.lang.scaffold import scaffold
    from govcheck.rules.spec import RULE_ID

    if not RULE_ID.match(rule_id):
        raise click.BadParameter("three capital letters and three digits, e.g. KAN001",
                                 param_hint="RULE_ID")
    if kind not in SUBJECT_KINDS:
        from govcheck.model.suggest import did_you_mean

        hint = did_you_mean(kind, list(SUBJECT_KINDS))
        raise click.BadParameter(f"unknown node kind '{kind}'"
                                 + (f"; did you mean '{hint}'?" if hint else ""),
                                 param_hint="--kind")
    target = folder / f"{rule_id}.yaml"
    if target.exists():
        raise click.BadParameter(f"{target} exists already", param_hint="RULE_ID")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(scaffold(rule_id, kind), encoding="utf-8")
    _out().print(str(target))


@cli.command("test")
@click.argument("rules_dir", type=click.Path(file_okay=False, path_type=Path))
@LANG
def test_rules(rules_dir: Path, lang: str) -> None:
    """Run the test cases written in the rule files of RULES_DIR.

    Each case's expected findings (rule, file, line) must equal the actual ones; a rule
    without cases, or whose failing case finds nothing, fails. Exit 0 when all pass.
    """
    stages()
    from govcheck.rules.casetest import run_all
    from govcheck.rules.engine import load_rules

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
            console.print(f"PASS {r.rule} {r.case}")
            continue
        failed += 1
        console.print(f"FAIL {r.rule} {r.case}", style="bold red")
        if r.error:
            console.print(f"  {r.error}")
        else:
            console.print(f"  expected: {r.expected}")
            console.print(f"  actual:   {r.actual}")
    console.print(f"{len(results) - failed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def rules_dir_builtin() -> Path:
    return rules_dir().resolve()


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived. Not a KeyboardInterrupt, which click would turn into
    "Aborted!" and exit 1, the code of "errors found"."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame: object) -> None:
    # a second Ctrl-C must not interrupt the stopping of the workers
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    raise Interrupted(signum)


def _stop_children() -> None:
    """End every process this one started: the workers of a multi-plan lint and a plan
    being read ahead (imported modules only: nothing is imported to stop nothing). A
    signal that comes now changes nothing: the command is ending already."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    batch = sys.modules.get("govcheck.batch")
    if batch is not None:
        batch.stop_workers()
    readahead.discard_all()


def _argv_lang() -> str:
    """The language asked for on the command line, for the messages of ``main`` itself."""
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "sv"
        if arg.startswith("--lang="):
            return "en" if arg == "--lang=en" else "sv"
    return "sv"


def _end(code: int) -> None:
    """Exit with ``code``. After worker processes were killed, without the interpreter's
    exit: it would join the worker pool's manager thread, which may wait forever on a
    result a worker was killed while sending (govcheck.batch.killed_any)."""
    batch = sys.modules.get("govcheck.batch")
    if batch is not None and batch.killed_any:
        from govcheck.cli import fast_exit

        try:
            sys.stdout.flush()
        except (OSError, ValueError, OutputError):  # the exit code says it already
            pass
        sys.stdout = sys.__stdout__
        fast_exit(code)
    sys.exit(code)


def _fail(text: str, code: int) -> None:
    try:
        _err().print(escape_name(text), style="bold red")
    except (OSError, ValueError):  # standard error gone too: the exit code says it
        pass
    _end(code)


def main() -> None:
    """Run the command line: located messages and documented exit codes, never a traceback
    (an internal error is exit 3), an interrupt ends every worker (exit 128 + signal), and
    output that cannot be written is exit 2 (govcheck.output)."""
    # the handlers and standard output as they were are put back when the command is done
    # (govcheck.cli.exit_on_signals' handlers for the command line; a caller's own when
    # main runs in its process, as in a test)
    before = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    stdout = sys.stdout
    if not isinstance(sys.stdout, GuardedStream):
        sys.stdout = GuardedStream(sys.stdout)  # type: ignore[assignment]
    try:
        _run()
    finally:
        sys.stdout = stdout
        for sig, handler in before.items():
            signal.signal(sig, handler)


def _run() -> None:
    try:
        try:
            cli(standalone_mode=True)
        except SystemExit:
            sys.stdout.flush()  # a full device or disk is an error, not a clean exit
            raise
    except SystemExit:
        raise
    except Interrupted as exc:
        _stop_children()
        name = signal.Signals(exc.signum).name
        from govcheck.i18n import render

        _fail(f"govcheck: {render('run.interrupted', _argv_lang(), signal=name)}",
              EXIT_SIGNAL + exc.signum)
    except PipeClosed:
        _stop_children()
        _end(EXIT_SIGNAL + signal.SIGPIPE)  # quietly: the reader chose to stop
    except OutputError as exc:
        _stop_children()
        _fail(f"govcheck: error: {exc.message(_argv_lang())}", EXIT_INPUT)
    except Exception as exc:  # never a traceback for the user; say what happened
        _stop_children()
        _fail(f"govcheck: internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL)


if __name__ == "__main__":
    main()
