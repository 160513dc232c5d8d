"""``govcheck report``: the auditor's compliance report (HTML or Markdown)."""

from __future__ import annotations

import click


@click.command()
def report() -> None:
    """Write an audit report for a plan (not built yet)."""
    raise click.UsageError("govcheck report is not built yet")
