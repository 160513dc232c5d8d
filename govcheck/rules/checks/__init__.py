"""Importing this package registers every built-in check."""

from govcheck.rules.checks import (  # noqa: F401
    arithmetic,
    assignments,
    balance,
    chains,
    columns,
    content,
    duties,
    goals,
    netcost,
    periods,
    restoration,
    structure,
    waivers,
)
from govcheck.rules.checks.registry import CHECKS, CheckDef, Context, Options

__all__ = ["CHECKS", "CheckDef", "Context", "Options"]
