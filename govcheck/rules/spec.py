"""The rule file format: one declarative rule per YAML file, no code."""

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from govcheck.load.errors import LoadError, Location
from govcheck.load.located import KEYS_KEY, LOC_KEY, strip_locations
from govcheck.model.base import new_dict, new_list

RULE_ID = re.compile(r"^[A-Z]{3}\d{3}$")


class Text(BaseModel):
    """A sentence in Swedish and English."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    sv: str
    en: str


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    description: Text
    yaml: str


class Patch(BaseModel):
    """Replace the one occurrence of ``old`` in ``file`` by ``new``."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    file: str
    old: str
    new: str


class Expected(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    rule: str
    file: str
    line: int


class Case(BaseModel):
    """A named test case: a plan (a shipped one, patched, or inline files) and its findings."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    name: str
    base: str | None = None
    patch: list[Patch] = Field(default_factory=new_list)
    files: dict[str, str] = Field(default_factory=new_dict)
    expect: list[Expected] = Field(default_factory=new_list)


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, arbitrary_types_allowed=True,
                              defer_build=True)

    id: str
    name: str
    title: Text
    severity: Literal["error", "warning", "info"]
    rationale: Text
    reference: Text
    reference_verified: bool = True
    select: dict[str, str] = Field(default_factory=new_dict)
    check: str
    options: dict[str, Any] = Field(default_factory=new_dict)
    messages: dict[str, Text]
    examples: dict[Literal["pass", "fail"], Example]
    tests: list[Case] = Field(default_factory=new_list)

    # set by the loader, not by the file
    path: str = ""
    location: Location | None = None
    keylocs: dict[str, Location] = Field(default_factory=new_dict)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError("a rule id is three capital letters and three digits, e.g. MAL001")
        return value

    @field_validator("name")
    @classmethod
    def _name_shape(cls, value: str) -> str:
        if not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", value):
            raise ValueError("a rule name is lower-case words joined by '-'")
        return value

    def at(self, key: str) -> Location:
        return self.keylocs.get(key) or self.location or Location(self.path, 1, 1)


def _first_loc(data: Any, loc: tuple[Any, ...], fallback: Location) -> Location:
    current, best = data, fallback
    for element in loc:
        if isinstance(current, dict):
            keys = current.get(KEYS_KEY, {})
            best = keys.get(str(element), current.get(LOC_KEY, best))
            if element not in current:
                break
            current = current[element]
        elif isinstance(current, list) and isinstance(element, int) and element < len(current):
            current = current[element]
        else:
            break
    return best


def load_rule_file(path: Path, display: str, errors: list[LoadError]) -> RuleSpec | None:
    from govcheck.load.yamlloc import load_yaml  # only when the rule cache cannot be used

    data = load_yaml(path, display, errors)
    if data is None:
        if not errors:
            errors.append(LoadError(Location(display, 1, 1), "rule.empty", {}))
        return None
    if not isinstance(data, dict):
        errors.append(LoadError(Location(display, 1, 1), "rule.not_mapping", {}))
        return None
    try:
        spec = RuleSpec.model_validate(strip_locations(data))
    except ValidationError as exc:
        for err in exc.errors():
            where = _first_loc(data, tuple(err["loc"]), Location(display, 1, 1))
            field = ".".join(str(p) for p in err["loc"])
            errors.append(LoadError(where, "rule.invalid", {"field": field, "detail": err["msg"]}))
        return None
    spec.path = display
    spec.location = data.get(LOC_KEY)
    spec.keylocs = dict(data.get(KEYS_KEY, {}))
    return spec
