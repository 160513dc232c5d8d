"""The built-in check functions. Each module registers its checks when imported; ``CHECKS``
imports a module the first time one of its checks is looked up (registry.MODULES)."""

from govcheck.rules.checks.registry import CHECKS, CheckDef, Context, Options

__all__ = ["CHECKS", "CheckDef", "Context", "Options"]
