"""The shape of loaded plan data, without the YAML parser.

Every mapping the loader (``govcheck.load.yamlloc``) makes has two extra keys the models
understand: ``__loc__`` (where the mapping starts) and ``__keys__`` (where each key, and
each item of a list-valued key, stands). The model stage needs these names but not the
parser, so they live here: a process that gets its plan data already read (the read-ahead,
``govcheck.load.readahead``) never imports yaml.
"""

from __future__ import annotations

from typing import Any

LOC_KEY = "__loc__"
KEYS_KEY = "__keys__"


def strip_locations(value: Any) -> Any:
    """The plain data of a loaded value, without the location keys."""
    if isinstance(value, dict):
        return {k: strip_locations(v) for k, v in value.items() if k not in (LOC_KEY, KEYS_KEY)}
    if isinstance(value, list):
        return [strip_locations(v) for v in value]
    return value
