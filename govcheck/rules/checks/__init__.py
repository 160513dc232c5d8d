"""Importing this package registers every built-in check."""

from govcheck.rules.checks import assignments, balance, goals, netcost  # noqa: F401
from govcheck.rules.checks.registry import CHECKS, CheckDef, Context, Options

__all__ = ["CHECKS", "CheckDef", "Context", "Options"]
