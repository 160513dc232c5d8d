"""Legal-duty checks: budget contents, balance, financial goals, balanskrav, follow-up, internal control."""

from __future__ import annotations
