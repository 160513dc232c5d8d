"""The condition language's rule-file form: ``given`` selects subjects, ``then`` says what
must hold of each; validated by pydantic (unknown keys and wrong types are errors).

A declarative rule has, instead of ``check`` and ``options``::

    given: {kind: council_goal, as: goal, where: EXPR}   # the subjects
    for_each:                                            # optional: expand each subject
      - {each: body, in: EXPR, index: i}
    let: {name: EXPR, …}                                 # named values, computed when used
    where: EXPR                                          # keep only these bindings
    then:                                                # what must hold, in order
      - message: VARIANT                                 # the finding when it does not
        when: EXPR                                       # only where this holds
        assert: CONDITION
        params: {name: EXPR}                             # the message template's values
        at: EXPR                                         # where (default: the subject)
        related: EXPR                                    # other places (a list)
        evidence: {key: EXPR}                            # default: made by the language
        part: nämndplaner                                # a plan part whose absence it reports
      - untested: EXPR                                   # not tested here, and why
        reason: coverage.no_growth
        reason_params: {name: EXPR}
      - function: NAME                                   # a built-in check, by name
        options: {…}

or ``blocks:``, a list of such (given, for_each, let, where, then) for a rule that looks at
more than one kind of subject. A CONDITION is an expression, or ``all:``/``any:`` (lists of
conditions), ``not:``, ``value:`` with ``exists``/``pattern``/``in``/``range``, ``edges:``
with ``min``/``max``, ``path:`` (reaches) or ``compare:`` (with a tolerance). Every string
in an expression position is an expression (expr.py): write a text constant in quotes.
docs/writing-rules.md teaches it.
"""


from typing import Annotated, Any, Literal, Union

from pydantic import (BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator,
                      model_validator)

from govcheck.graph.build import BODY_KINDS
from govcheck.model.base import new_dict, new_list
from govcheck.model.plan import PlanPart

Expr = str
"""An expression (expr.py)."""

Constant = Union[bool, int, float, None]
ExprOrConstant = Union[Expr, bool, int, float, None, list[Any]]

NODE_KINDS: tuple[str, ...] = (
    *sorted(set(BODY_KINDS.values())), "administration", "role", "federation", "company",
    "council_goal", "financial_goal", "group", "assignment", "document", "board_plan",
    "sub_goal", "indicator", "table", "row", "follow_up", "control_plan",
)
"""The kinds of node in the steering graph (govcheck.graph.build)."""

KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "body": tuple(sorted(set(BODY_KINDS.values()))),
    "boardish": ("executive_board", "board", "crisis_board", "joint_board"),
}
"""Names for several node kinds at once: ``body`` (every kind of organ), ``boardish``
(styrelse and nämnder)."""

EDGE_KINDS: tuple[str, ...] = (
    "sets_up", "serves", "leads", "heads", "member_of", "owns", "targets", "steered_by",
    "includes", "owned_by", "decided_by", "plan_of", "contains", "links_to", "carries_out",
    "measured_by", "responds_to", "part_of", "frame_of", "follows_up", "control_plan_of",
)
"""The kinds of edge in the steering graph (govcheck.graph.build)."""


def expand_kinds(kinds: list[str]) -> list[str]:
    out: list[str] = []
    for k in kinds:
        for one in KIND_GROUPS.get(k, (k,)):
            if one not in out:
                out.append(one)
    return out


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True,
                              populate_by_name=False)


# --- conditions ------------------------------------------------------------------------

class Range(_Model):
    min: Union[int, float, Expr, None] = None
    max: Union[int, float, Expr, None] = None


class ValueCondition(_Model):
    """``value`` (an expression) exists, matches a pattern, is in a list or lies in a range."""

    value: Expr
    exists: bool | None = None
    pattern: str | None = None
    in_: Union[list[Any], Expr, None] = Field(None, alias="in")
    range: Range | None = None

    @model_validator(mode="after")
    def _one_test(self) -> "ValueCondition":
        given = [k for k in ("exists", "pattern", "in_", "range") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a value condition has exactly one of exists, pattern, in, range")
        return self


class EdgeSpec(_Model):
    of: Expr = "subject"
    kind: str
    direction: Literal["out", "in"] = "out"


class EdgesCondition(_Model):
    """The node has at least ``min`` and at most ``max`` edges of a kind."""

    edges: EdgeSpec
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _bound(self) -> "EdgesCondition":
        if self.min is None and self.max is None:
            raise ValueError("an edges condition gives min, max or both")
        return self


class PathSpec(_Model):
    from_: Expr = Field("subject", alias="from")
    along: list[str]
    to: Expr | None = None
    kind: Union[str, list[str], None] = None

    @model_validator(mode="after")
    def _goal(self) -> "PathSpec":
        if (self.to is None) == (self.kind is None):
            raise ValueError("a path reaches a node ('to') or a node of a kind ('kind'), "
                             "one of them")
        return self


class PathCondition(_Model):
    """A path along the edge kinds reaches the node ``to``, or a node of ``kind``."""

    path: PathSpec


class CompareSpec(_Model):
    left: Union[Expr, int, float]
    op: Literal["<", "<=", "==", "!=", ">", ">="]
    right: Union[Expr, int, float]
    tolerance: Union[Expr, int, float, None] = None
    """How much the sides may differ and still compare as written; ``printed`` is half a
    unit of each side's last printed digit, added (the arithmetic rules' tolerance)."""


class CompareCondition(_Model):
    compare: CompareSpec


class AllCondition(_Model):
    all: list["Condition"]


class AnyCondition(_Model):
    any: list["Condition"]


class NotCondition(_Model):
    not_: "Condition" = Field(alias="not")


CONDITION_KEYS = ("all", "any", "not", "value", "edges", "path", "compare")


def _condition_tag(data: Any) -> str | None:
    if isinstance(data, str):
        return "expr"
    if isinstance(data, dict):
        for key in CONDITION_KEYS:
            if key in data:
                return key
        return None
    if isinstance(data, BaseModel):
        return {AllCondition: "all", AnyCondition: "any", NotCondition: "not",
                ValueCondition: "value", EdgesCondition: "edges", PathCondition: "path",
                CompareCondition: "compare"}.get(type(data))
    return None


Condition = Annotated[
    Union[
        Annotated[Expr, Tag("expr")],
        Annotated[AllCondition, Tag("all")],
        Annotated[AnyCondition, Tag("any")],
        Annotated[NotCondition, Tag("not")],
        Annotated[ValueCondition, Tag("value")],
        Annotated[EdgesCondition, Tag("edges")],
        Annotated[PathCondition, Tag("path")],
        Annotated[CompareCondition, Tag("compare")],
    ],
    Discriminator(_condition_tag, custom_error_type="condition",
                  custom_error_message="a condition is an expression or has one of the keys "
                                       "all, any, not, value, edges, path, compare"),
]


# --- selections, bindings, assertions ------------------------------------------------------

class Given(_Model):
    """The subjects: the graph's nodes of ``kind`` (one, a list, or a group name such as
    ``body``), kept where ``where`` holds, each bound as ``subject`` and as ``as``.

    ``kind: plan`` has one subject, the plan itself (``plan.yaml``'s ``plan``: its
    periods, budget year, decision), for what a plan as a whole must hold.

    ``kind: cell`` selects table cells instead (cells.py): of tables of kind ``table``,
    rows with ``role``, columns of kind ``column`` and of ``year`` (an expression, e.g.
    ``budget_year``); ``whole: true`` leaves out "varav" rows. These four keys are for
    cells only."""

    kind: Union[str, list[str]]
    as_: str | None = Field(None, alias="as")
    where: Expr | None = None
    table: Union[str, list[str], None] = None
    role: Union[str, list[str], None] = None
    column: Union[str, list[str], None] = None
    year: Union[Expr, int, None] = None
    whole: bool = False

    def kinds(self) -> list[str]:
        return expand_kinds([self.kind] if isinstance(self.kind, str) else list(self.kind))

    @property
    def cells(self) -> bool:
        return self.kind == CELL_KIND

    @property
    def whole_plan(self) -> bool:
        return self.kind == PLAN_KIND

    @model_validator(mode="after")
    def _cell_keys(self) -> "Given":
        if not self.cells:
            used = [k for k in ("table", "role", "column", "year") if getattr(self, k) is not None]
            if used or self.whole:
                raise ValueError(f"'{(used or ['whole'])[0]}' selects table cells: it goes "
                                 f"with 'kind: {CELL_KIND}' only")
        return self


CELL_KIND = "cell"
"""``given.kind`` for table cells (not a node of the graph)."""

PLAN_KIND = "plan"
"""``given.kind`` for the plan as a whole (one subject, not a node of the graph)."""

SUBJECT_KINDS: tuple[str, ...] = (*NODE_KINDS, *KIND_GROUPS, CELL_KIND, PLAN_KIND)
"""What ``given.kind`` may name: a kind of node, a group of them, table cells or the plan."""


class ForEach(_Model):
    """Bind ``each`` to every item of ``in`` (and ``index`` to its place), nested in the
    bindings before it."""

    each: str
    in_: Expr = Field(alias="in")
    index: str | None = None


class Then(_Model):
    """One entry of ``then``: an assertion (``message`` + ``assert``), a statement of what
    is not tested (``untested`` + ``reason``) or a built-in check (``function``)."""

    message: str | None = None
    when: Expr | None = None
    assert_: Condition | None = Field(None, alias="assert")
    params: dict[str, ExprOrConstant] = Field(default_factory=new_dict)
    at: Expr | None = None
    related: Expr | None = None
    evidence: dict[str, ExprOrConstant] | None = None
    part: PlanPart | None = None
    untested: Expr | None = None
    reason: str | None = None
    reason_params: dict[str, ExprOrConstant] = Field(default_factory=new_dict)
    function: str | None = None
    options: dict[str, Any] = Field(default_factory=new_dict)

    @model_validator(mode="after")
    def _one_form(self) -> "Then":
        forms = [f for f, v in (("assert", self.assert_), ("untested", self.untested),
                                ("function", self.function)) if v is not None]
        if len(forms) != 1:
            raise ValueError("each 'then' entry has exactly one of assert, untested, function")
        if self.assert_ is not None and not self.message:
            raise ValueError("an assertion names the message variant it gives ('message')")
        if self.untested is not None and not self.reason:
            raise ValueError("'untested' says why ('reason': a coverage message id)")
        return self

    @property
    def form(self) -> str:
        return ("assert" if self.assert_ is not None else
                "untested" if self.untested is not None else "function")


LetInput = Union[dict[str, ExprOrConstant], list[dict[str, ExprOrConstant]]]
"""What a file may write for ``let``: a mapping, or a list of mappings merged in order."""


def merged_lets(value: Any) -> Any:
    """``let`` as one mapping: a list of mappings (to reuse a YAML anchor, ``[*shared,
    {more: …}]``) is merged in order."""
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        out: dict[str, Any] = {}
        for part in value:
            out.update(part)
        return out
    return value


class Block(_Model):
    given: Given
    for_each: list[ForEach] = Field(default_factory=new_list)
    let: dict[str, ExprOrConstant] = Field(default_factory=new_dict)
    where: Expr | None = None
    then: list[Then]

    _lets = field_validator("let", mode="before", json_schema_input_type=LetInput)(merged_lets)

