"""Content checks: goals, sub-goals, indicators, assignments, documents."""

from __future__ import annotations
