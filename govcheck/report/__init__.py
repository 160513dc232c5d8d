"""Renderers: one module per output format, each a ``render(report) -> str``."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govcheck.report.model import Report

FORMATS: dict[str, str] = {
    "text": "govcheck.report.text",
    "json": "govcheck.report.json_report",
    "html": "govcheck.report.html",
    "md": "govcheck.report.markdown",
    "sarif": "govcheck.report.sarif",
    "junit": "govcheck.report.junit",
    "github": "govcheck.report.github",
}


def renderer(fmt: str) -> Callable[[Report], str]:
    """The ``render`` function of format ``fmt`` (imported only when asked for)."""
    return importlib.import_module(FORMATS[fmt]).render  # type: ignore[no-any-return]


def renderer_many(fmt: str) -> Callable[[list[Report]], str] | None:
    """The ``render_many`` function of format ``fmt``, for several plans in one output;
    None for the formats that describe one plan only (html, md) and for text, which the
    command line writes itself, plan by plan as the results come in."""
    return getattr(importlib.import_module(FORMATS[fmt]), "render_many", None)
