"""``govcheck schema`` and ``govcheck graph``: the plan format and the steering graph for tools."""

from __future__ import annotations

import click


@click.command()
def schema() -> None:
    """Write the JSON Schema of the plan format (not built yet)."""
    raise click.UsageError("not built yet")


@click.command()
def graph() -> None:
    """Export the steering graph (not built yet)."""
    raise click.UsageError("not built yet")
