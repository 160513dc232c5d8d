"""The words organisations use for fullmäktige's goals, read as one key.

A region's plan speaks of *regionmål*, a kommun's of *kommunmål*, and many of either of
*inriktningsmål* or *fullmäktiges mål*. A plan file may use any of these keys wherever the
format has a goal key (the section, a delmål's links, a follow-up's assessments); they are
read as the model's one key (``regionmål``), and the plan keeps the word it used, so that
messages and the report speak as the plan does.
"""

from __future__ import annotations

from typing import Any

from govcheck.load.errors import LoadError, Location
from govcheck.load.located import KEYS_KEY, LOC_KEY

GOAL_KEY = "regionmål"
"""The model's key for fullmäktige's goals (``PlanFile.council_goals``)."""
GOAL_KEYS = ("regionmål", "kommunmål", "fullmäktigemål", "inriktningsmål")
"""Every key accepted for fullmäktige's goals; the first is the model's."""

# where, below the top of a file, a mapping may hold a goal key: (list key, list key)
_NESTED = (("nämndplaner", "delmål"), ("uppföljningar", "målbedömningar"))


def _rename(mapping: dict[str, Any], errors: list[LoadError]) -> dict[str, Any]:
    """``mapping`` with its goal key (whichever word) under the model's key; two of them in
    one mapping is an error at the second."""
    present = [k for k in mapping if k in GOAL_KEYS]  # in the file's order
    if not present or present == [GOAL_KEY]:
        return mapping
    word, extra = present[0], present[1:]
    keys = mapping.get(KEYS_KEY, {})
    for other in extra:
        where = keys.get(other) if isinstance(keys, dict) else None
        errors.append(LoadError(where or mapping.get(LOC_KEY) or Location("<okänd>", 0, 0),
                                "model.goal_key_twice", {"key": other, "first": word}))
    out = {(GOAL_KEY if k == word else k): v for k, v in mapping.items() if k not in extra}
    keys = mapping.get(KEYS_KEY)
    if isinstance(keys, dict):
        renamed: dict[str, Any] = {}
        for k, v in keys.items():
            if k == word:
                renamed[GOAL_KEY] = v
            elif k.startswith(word + "["):
                renamed[GOAL_KEY + k[len(word):]] = v
            else:
                renamed[k] = v
        out[KEYS_KEY] = renamed
    return out


def normalise(data: Any, errors: list[LoadError]) -> Any:
    """A file's data with every goal key under the model's key (copied where changed,
    never in place)."""
    if not isinstance(data, dict):
        return data
    data = _rename(data, errors)
    for outer, inner in _NESTED:
        items = data.get(outer)
        if not isinstance(items, list):
            continue
        new_items = []
        for item in items:
            if isinstance(item, dict) and isinstance(item.get(inner), list):
                entries = [_rename(e, errors) if isinstance(e, dict) else e
                           for e in item[inner]]
                item = {**item, inner: entries}
            new_items.append(item)
        data = {**data, outer: new_items}
    return data


def words_used(data: Any) -> list[str]:
    """The goal words a file's data uses, in order, read without copying anything."""
    if not isinstance(data, dict):
        return []
    used = [k for k in data if k in GOAL_KEYS]
    for outer, inner in _NESTED:
        for item in data.get(outer) or []:
            if isinstance(item, dict):
                for entry in item.get(inner) or []:
                    if isinstance(entry, dict):
                        used += [k for k in entry if k in GOAL_KEYS]
    return used


def goal_word(words: list[str], organisation_kind: str) -> str:
    """The word for fullmäktige's goals in this plan's messages: the word its files use
    (the first other than the model's own, if any), else by the kind of organisation."""
    for word in words:
        if word != GOAL_KEY:
            return word
    if words:
        return GOAL_KEY if organisation_kind == "region" else "kommunmål"
    return "regionmål" if organisation_kind == "region" else "kommunmål"
