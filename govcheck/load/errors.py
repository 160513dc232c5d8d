"""Located input errors: what is wrong with a plan file, and where."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from govcheck.i18n import render
from govcheck.records import FACTORY, assign, record


@record(frozen=True, order=True)
class Location:
    """A place in an input file: its displayed path, line and column (1-based)."""

    file: str
    line: int
    column: int

    def __init__(self, file: str, line: int, column: int) -> None:
        assign(self, "file", file)
        assign(self, "line", line)
        assign(self, "column", column)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column}


@record(frozen=True, eq=False)
class LoadError:
    """One problem with the input; ``key`` names a message in the catalogue."""

    location: Location
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def __init__(self, location: Location, key: str, params: dict[str, Any] = FACTORY) -> None:
        assign(self, "location", location)
        assign(self, "key", key)
        assign(self, "params", {} if params is FACTORY else params)

    def message(self, lang: str = "sv") -> str:
        return render(self.key, lang, **self.params)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.location.file, self.location.line, self.location.column, self.key,
                sorted((k, str(v)) for k, v in self.params.items()))


class PlanLoadError(Exception):
    """Raised when a plan cannot be loaded; carries every problem found."""

    def __init__(self, errors: list[LoadError]):
        super().__init__(f"{len(errors)} input error(s)")
        unique = {(e.location, e.key, repr(sorted(e.params.items()))): e for e in errors}
        self.errors = sorted(unique.values(), key=LoadError.sort_key)
