"""GitHub Actions workflow commands: ``govcheck lint --format github``.

One ``::error``/``::warning``/``::notice`` line per finding, which GitHub shows as an annotation
on the plan file's line, then the summary line. Waived findings are not annotated; the summary
counts them.
"""

from __future__ import annotations

from govcheck.report.model import Report
from govcheck.report.sarif import cwd_path
from govcheck.report.text import summary_line
from govcheck.rules.finding import Finding

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A command's message, as GitHub's toolkit escapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value: the message escapes, and ':' and ',' that end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding) -> str:
    props = {"file": cwd_path(f.location.file) or f.location.file,
             "line": str(f.location.line), "col": str(f.location.column),
             "title": f"{f.rule} {f.name}"}
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
    return f"::{COMMAND.get(f.severity, 'warning')} {joined}::{escape_data(f.message)}"


def render(report: Report) -> str:
    return render_many([report])


def render_many(reports: list[Report]) -> str:
    """Each plan's annotations, then its summary line."""
    lines = []
    for report in reports:
        lines += [command(f) for f in report.findings]
        summary = summary_line(report.findings, report.display_name, len(report.rules_run),
                               report.lang, len(report.waived))
        # a plain line, never a command: no line break may let a name start one
        lines.append(" ".join(summary.splitlines()))
    return "\n".join(lines) + "\n"
