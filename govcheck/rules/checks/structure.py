"""Structure checks: the organisation as a steering chain."""

from __future__ import annotations
