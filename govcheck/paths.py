"""Where the shipped rules and plans live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``rules`` or ``plans``: inside the wheel, else beside the package in the checkout."""
    installed = _PKG / "_data" / name
    if installed.is_dir():
        return installed
    return _PKG.parent / name


def rules_dir() -> Path:
    return data_dir("rules")


def plans_dir() -> Path:
    return data_dir("plans")
