"""Built-in check functions: the only code a rule can run, each with typed options."""

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from typing import Any

from pydantic import BaseModel, ConfigDict

from govcheck.graph.build import SteeringGraph
from govcheck.records import assign, record
from govcheck.rules.finding import Hit


class Options(BaseModel):
    """Base of every check's options: unknown options are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class Context:
    """What a check runs on: the graph and the nodes its rule selected (a holder of large
    values: compared by identity)."""

    def __init__(self, graph: SteeringGraph, selected: list[str]) -> None:
        self.graph = graph
        self.selected = selected

    @property
    def plan(self) -> Any:
        return self.graph.plan

    @property
    def budget_year(self) -> int:
        return int(self.graph.plan.plan.budget_year)


CheckFn = Callable[[Context, Any], Iterator[Hit]]


@record(frozen=True)
class CheckDef:
    """A built-in check: its function, options, message variants and needs."""

    name: str
    fn: CheckFn
    options: type[Options]
    variants: frozenset[str]
    doc: str
    needs: tuple[str, ...] = ()
    """The plan parts (``PlanPart``) without which the check has nothing to test."""

    def __init__(self, name: str, fn: CheckFn, options: type[Options],
                 variants: frozenset[str], doc: str, needs: tuple[str, ...] = ()) -> None:
        assign(self, "name", name)
        assign(self, "fn", fn)
        assign(self, "options", options)
        assign(self, "variants", variants)
        assign(self, "doc", doc)
        assign(self, "needs", needs)


MODULES: dict[str, str] = {
    "adjustment_signs": "restoration",
    "administration_serves_board": "structure",
    "assignment_answered": "content",
    "assignment_followed_up": "content",
    "assignment_owned": "assignments",
    "assignment_within_mandate": "content",
    "balance_sheet_balances": "chains",
    "balanskrav_restored": "balance",
    "balanskrav_table_adds_up": "duties",
    "board_set_up_by_council": "structure",
    "budget_contents": "duties",
    "budget_in_balance": "duties",
    "budget_three_year_plan": "duties",
    "column_kinds_match_years": "columns",
    "companies_under_council_control": "structure",
    "council_bodies_placed": "structure",
    "document_valid_through_period": "content",
    "exemption_decided": "duties",
    "financial_goal_has_budget_level": "periods",
    "financial_goal_met": "duties",
    "goal_addressed_by_targets": "goals",
    "goal_complete": "content",
    "individual_indicator_by_sex": "content",
    "internal_control_plan": "duties",
    "net_cost_goal_set": "netcost",
    "net_cost_growth_within_revenue": "netcost",
    "net_cost_within_frame": "netcost",
    "percentages_match_figures": "arithmetic",
    "restoration_as_printed": "restoration",
    "restoration_decided_in_time": "duties",
    "restoration_income_stated": "duties",
    "result_reserve_within_limits": "duties",
    "row_labels_distinct": "columns",
    "row_sums_add_up": "arithmetic",
    "shared_figures_agree": "arithmetic",
    "steering_chain_acyclic": "structure",
    "sub_goal_linked_and_measured": "content",
    "sub_goals_followed_up": "duties",
    "text_figures_match_tables": "arithmetic",
    "totals_add_up": "arithmetic",
    "waiver_valid": "waivers",
    "year_chains_hold": "chains",
    "years_inside_plan": "periods",
}
"""Each built-in check and the module of this package that defines it: a module is imported
when one of its checks is first asked for, so that a lint loads only the checks its rules
name (most rules are conditions). A test keeps this index equal to what the modules
register."""


class Registry(Mapping[str, CheckDef]):
    """The built-in checks by name. Looking a check up imports its module (``MODULES``);
    listing the names imports nothing; a check registered by any other module (``check``)
    is there too."""

    def __init__(self) -> None:
        self.loaded: dict[str, CheckDef] = {}

    def __getitem__(self, name: str) -> CheckDef:
        if name not in self.loaded and name in MODULES:
            import_module(f"govcheck.rules.checks.{MODULES[name]}")
        return self.loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in self.loaded or name in MODULES

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(set(MODULES) | set(self.loaded)))

    def __len__(self) -> int:
        return len(set(MODULES) | set(self.loaded))


CHECKS = Registry()


def check(name: str, options: type[Options], variants: tuple[str, ...],
          needs: tuple[str, ...] = ()) -> Callable[[CheckFn], CheckFn]:
    """Register a built-in check under ``name``; ``needs`` are the plan parts without which
    it has nothing to test (govcheck.rules.coverage)."""

    def register(fn: CheckFn) -> CheckFn:
        CHECKS.loaded[name] = CheckDef(name, fn, options, frozenset(variants),
                                (fn.__doc__ or "").strip(), tuple(needs))
        return fn

    return register
