"""Arithmetic checks: totals, row sums, shared figures, stated growth and shares."""

from __future__ import annotations
