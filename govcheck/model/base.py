"""Shared pieces of the plan model: located entities, numbers, sources."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from govcheck.load.errors import Location
from govcheck.load.yamlloc import KEYS_KEY, LOC_KEY


def _to_decimal(value: Any) -> Any:
    # bool is an int in Python; a figure is never true/false
    if isinstance(value, bool):
        raise ValueError("number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("finite")
        return value
    raise ValueError("number")


Number = Annotated[Decimal, BeforeValidator(_to_decimal)]
"""A figure as printed: a Decimal that keeps its printed number of decimals."""


def f(alias: str, default: Any = ..., **kw: Any) -> Any:
    """A model field whose plan-file key is the Swedish ``alias``."""
    if default is ... and "default_factory" in kw:
        return Field(alias=alias, **kw)
    return Field(default, alias=alias, **kw)


class Located(BaseModel):
    """A plan entity that remembers where it and each of its keys stand."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False,
                              arbitrary_types_allowed=True, defer_build=True)

    loc: Location | None = Field(None, alias=LOC_KEY, exclude=True)
    keylocs: dict[str, Location] = Field(default_factory=dict, alias=KEYS_KEY, exclude=True)

    def at(self, key: str | None = None) -> Location:
        """Location of plan key ``key`` (e.g. ``"riktas_till[1]"``), else of the entity."""
        if key is not None and key in self.keylocs:
            return self.keylocs[key]
        if self.loc is None:
            return Location("<okänd>", 0, 0)
        return self.loc

    def at_field(self, field: str, index: int | None = None) -> Location:
        """Location of a Python field (by its English name), optionally of one item."""
        info = type(self).model_fields[field]
        key = info.alias or field
        return self.at(f"{key}[{index}]" if index is not None else key)


class Source(Located):
    """Where in which document a figure or entity is printed."""

    document: str = f("dok")
    section: str | None = f("avsnitt", None)
    page: int | None = f("sida", None)
    quote: str | None = f("citat", None)

    def cite(self) -> str:
        parts = [self.document]
        if self.section:
            parts.append(self.section)
        if self.page is not None:
            parts.append(f"s. {self.page}")
        return ", ".join(parts)


class YearRange(Located):
    start: int = f("från")
    end: int = f("till")


class Entity(Located):
    """Anything with an id that other parts of the plan can refer to."""

    id: str = f("id")
    source: Source | None = f("källa", None)
    comment: str | None = f("kommentar", None)
