"""Turn loaded plan files into one validated ``Plan``, with located errors."""

from __future__ import annotations

import types
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from govcheck.i18n import Msg, describe_value
from govcheck.load.errors import LoadError, Location
from govcheck.load.folder import RawFile
from govcheck.load.located import KEYS_KEY, LOC_KEY
from govcheck.model.compiled import plan_file_validator
from govcheck.model.plan import LIST_SECTIONS, SINGLE_SECTIONS, Plan, PlanFile
from govcheck.model.suggest import did_you_mean
from govcheck.model.synonyms import GOAL_KEY, GOAL_KEYS, goal_word, normalise, words_used


def _unwrap(annotation: Any) -> type[BaseModel] | None:
    """The model class inside ``list[X]``, ``X | None`` and similar annotations."""
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if found is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _aliases(model: type[BaseModel]) -> list[str]:
    return sorted(info.alias for name, info in model.model_fields.items()
                  if info.alias and not info.alias.startswith("__"))


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[Any, list[Any], type[BaseModel] | None]:
    """Follow a pydantic error path through the raw data and the model classes.

    Returns the innermost mapping reached, the path elements that matched real
    data, and the model class expected at the end of the path.
    """
    current, model = data, PlanFile
    path: list[Any] = []
    owner: Any = data
    for element in loc:
        if isinstance(current, dict) and isinstance(element, str) and element in current:
            owner = current
            field = next((i for i in (model.model_fields.values() if model else [])
                          if i.alias == element), None)
            model = _unwrap(field.annotation) if field else None
            current = current[element]
            path.append(element)
        elif isinstance(current, list) and isinstance(element, int) and element < len(current):
            current = current[element]
            path.append(element)
        elif isinstance(current, dict) and isinstance(element, str):
            # an unknown or missing key: the rest of the path does not exist in the data
            owner = current
            path.append(element)
            break
    if isinstance(current, dict):
        owner = current
    return owner, path, model


def _location_for(raw: RawFile, loc: tuple[Any, ...]) -> tuple[Location, list[Any], type[BaseModel] | None, Any]:
    owner, path, model = _walk(raw.data, loc)
    fallback = Location(raw.display, 1, 1)
    node_loc = owner.get(LOC_KEY, fallback) if isinstance(owner, dict) else fallback
    keys = owner.get(KEYS_KEY, {}) if isinstance(owner, dict) else {}
    # the deepest key with a known position wins: "key[i]" for list items, then "key"
    for depth in range(len(path), 0, -1):
        head = path[:depth]
        if isinstance(head[-1], int) and depth >= 2 and isinstance(head[-2], str):
            found = keys.get(f"{head[-2]}[{head[-1]}]")
        elif isinstance(head[-1], str):
            found = keys.get(head[-1])
        else:
            found = None
        if found is not None:
            return found, path, model, owner
    return node_loc, path, model, owner


def _key_name(path: list[Any]) -> str:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else "?"


_describe = describe_value


_EXPECTED = {
    "int_type": "expected.integer", "int_parsing": "expected.integer",
    "string_type": "expected.string", "list_type": "expected.list",
    "model_type": "expected.mapping", "dict_type": "expected.mapping",
    "model_attributes_type": "expected.mapping", "bool_type": "expected.bool",
    "date_type": "expected.date", "decimal_type": "expected.number",
    "int_from_float": "expected.integer",
}


_TOO_SMALL = {"greater_than_equal": "ge", "greater_than": "gt"}
_TOO_LARGE = {"less_than_equal": "le", "less_than": "lt"}
BOUND_ERRORS = frozenset({*_TOO_SMALL, *_TOO_LARGE, "figure_too_large", "figure_too_precise",
                          "period_reversed"})
"""Error types of a well-typed value outside its plausible range (govcheck.model.base)."""

MAX_LISTED_VALUES = 12
"""A fixed list longer than this is not printed in a message; the docs list it."""


def _shown(value: Any) -> str:
    """A value as the user wrote it, cut short when absurdly long (a 5000-digit figure)."""
    text = str(value)
    if isinstance(value, Decimal) and value.is_finite():
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -30 < exponent < 30:
            text = format(value, "f")  # 0.0000001, not 1E-7
    return text if len(text) <= 40 else text[:20] + "…" + text[-8:]


def _convert_error(raw: RawFile, err: Any) -> LoadError:
    etype = err["type"]
    ctx = err.get("ctx") or {}
    # a check of a whole mapping (e.g. från ≤ till) names the key it is about
    at = (ctx["at"],) if isinstance(ctx.get("at"), str) else ()
    location, path, model, owner = _location_for(raw, tuple(err["loc"]) + at)
    key = _key_name(path)
    if etype in BOUND_ERRORS:
        return _bound_error(location, key, etype, ctx, err.get("input"))
    if etype == "extra_forbidden":
        holder = _owner_model(raw.data, path)
        options = _aliases(holder) if holder else []
        if GOAL_KEY in options:  # every word for fullmäktige's goals is a key here
            options = sorted({*options, *GOAL_KEYS})
        suggestion = did_you_mean(key, options)
        return LoadError(location, "model.unknown_key", {"key": key, "hint": _hint(suggestion, options)})
    if etype == "missing":
        return LoadError(location, "model.missing", {"key": key})
    if etype == "literal_error":
        return LoadError(location, "model.bad_value",
                         {"key": key, "value": err.get("input"), "hint": literal_hint(err, key)})
    if etype in _EXPECTED or etype == "value_error":
        expected_key = _EXPECTED.get(etype, "expected.number")
        return LoadError(location, "model.wrong_type",
                         {"key": key, "expected": Msg(expected_key),
                          "got": _describe(err.get("input"))})
    return LoadError(location, "model.invalid", {"key": key, "detail": err.get("msg", etype)})


def literal_hint(err: Any, key: str) -> Msg:
    """For a value outside a fixed list (a pydantic ``literal_error``): the nearest allowed
    value, else the list itself, else (a long list, such as the row roles) where it is."""
    expected = str((err.get("ctx") or {}).get("expected", ""))
    allowed = [a.strip().strip("'") for a in expected.replace(" or ", ", ").split(",") if a.strip()]
    suggestion = did_you_mean(str(err.get("input")), allowed)
    if suggestion:
        return Msg("hint.did_you_mean", name=suggestion)
    if len(allowed) > MAX_LISTED_VALUES:
        return Msg("hint.see_vocabulary", key=key)
    return Msg("hint.allowed", names=", ".join(allowed))


def _bound_error(location: Location, key: str, etype: str, ctx: dict[str, Any],
                 value: Any) -> LoadError:
    if etype == "figure_too_large":
        return LoadError(location, "model.figure_too_large",
                         {"key": key, "value": _shown(value), "limit": ctx.get("limit")})
    if etype == "figure_too_precise":
        return LoadError(location, "model.figure_too_precise",
                         {"key": key, "value": _shown(value), "places": ctx.get("places")})
    if etype == "period_reversed":
        return LoadError(location, "model.period_reversed",
                         {"start": ctx.get("start"), "end": ctx.get("end")})
    if etype in _TOO_SMALL:
        return LoadError(location, "model.too_small",
                         {"key": key, "value": _shown(value), "limit": ctx.get(_TOO_SMALL[etype])})
    return LoadError(location, "model.too_large",
                     {"key": key, "value": _shown(value), "limit": ctx.get(_TOO_LARGE[etype])})


def _hint(suggestion: str | None, options: list[str]) -> Msg:
    if suggestion:
        return Msg("hint.did_you_mean", name=suggestion)
    if options and len(options) <= 12:
        return Msg("hint.allowed", names=", ".join(options))
    return Msg("hint.none")


def _owner_model(data: Any, path: list[Any]) -> type[BaseModel] | None:
    """The model class of the mapping that holds the last key of ``path``."""
    model: type[BaseModel] | None = PlanFile
    for element in path[:-1]:
        if isinstance(element, str) and model is not None:
            field = next((i for i in model.model_fields.values() if i.alias == element), None)
            model = _unwrap(field.annotation) if field else None
    return model


def _union_tag(element: Any) -> bool:
    return isinstance(element, str) and ("[" in element or element in {
        "Decimal", "function-before", "str", "int", "none", "list"})


def validate_file(raw: RawFile, errors: list[LoadError]) -> PlanFile | None:
    if raw.data is None:
        return PlanFile.model_construct()
    if not isinstance(raw.data, dict):
        errors.append(LoadError(Location(raw.display, 1, 1), "load.top_not_mapping", {}))
        return None
    data = normalise(raw.data, errors)
    if data is not raw.data:
        raw = RawFile(raw.display, raw.relpath, data)
    try:
        return plan_file_validator().validate_python(raw.data)  # type: ignore[no-any-return]
    except ValidationError as exc:
        seen: dict[tuple[Any, ...], Any] = {}
        for err in exc.errors():
            clean = tuple(e for e in err["loc"] if not _union_tag(e))
            err = dict(err, loc=clean)
            # for "X | None" pydantic reports both arms; keep the informative one
            if clean in seen and err["type"] == "none_required":
                continue
            if clean in seen and seen[clean]["type"] != "none_required":
                continue
            seen[clean] = err
        for err in seen.values():
            errors.append(_convert_error(raw, err))
        return None


def merge(files: list[tuple[RawFile, PlanFile]], errors: list[LoadError], root: str,
          name: str) -> Plan | None:
    """Merge per-file sections into one plan; a single section may appear only once."""
    merged: dict[str, Any] = {s: [] for s in LIST_SECTIONS}
    first_seen: dict[str, str] = {}
    for raw, pf in files:
        for section in SINGLE_SECTIONS:
            value = getattr(pf, section, None)
            if value is None:
                continue
            if section in first_seen:
                alias = PlanFile.model_fields[section].alias
                errors.append(LoadError(value.at(), "load.section_twice",
                                        {"section": alias, "first": first_seen[section]}))
                continue
            first_seen[section] = raw.display
            merged[section] = value
        for section in LIST_SECTIONS:
            merged[section].extend(getattr(pf, section, []) or [])
    if "plan" not in merged:
        where = Location(root, 1, 1)
        errors.append(LoadError(where, "load.no_plan", {}))
        return None
    words = [word for raw, _ in files for word in words_used(raw.data)]
    return Plan.model_construct(name=name, root=root, files=[r.display for r, _ in files],
                                goal_word=goal_word(words, merged["plan"].organisation_kind),
                                **merged)
