"""Built-in check functions: the only code a rule can run, each with typed options."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from govcheck.graph.build import SteeringGraph
from govcheck.rules.finding import Hit


class Options(BaseModel):
    """Base of every check's options: unknown options are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


@dataclass
class Context:
    graph: SteeringGraph
    selected: list[str]

    @property
    def plan(self) -> Any:
        return self.graph.plan

    @property
    def budget_year(self) -> int:
        return int(self.graph.plan.plan.budget_year)


CheckFn = Callable[[Context, Any], Iterator[Hit]]


@dataclass(frozen=True)
class CheckDef:
    name: str
    fn: CheckFn
    options: type[Options]
    variants: frozenset[str]
    doc: str
    needs: tuple[str, ...] = ()
    """The plan parts (``PlanPart``) without which the check has nothing to test."""


CHECKS: dict[str, CheckDef] = {}


def check(name: str, options: type[Options], variants: tuple[str, ...],
          needs: tuple[str, ...] = ()) -> Callable[[CheckFn], CheckFn]:
    """Register a built-in check under ``name``; ``needs`` are the plan parts without which
    it has nothing to test (govcheck.rules.coverage)."""

    def register(fn: CheckFn) -> CheckFn:
        CHECKS[name] = CheckDef(name, fn, options, frozenset(variants),
                                (fn.__doc__ or "").strip(), tuple(needs))
        return fn

    return register
