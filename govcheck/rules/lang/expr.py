"""The expressions of the condition language: a small, side-effect-free language.

An expression is written like a Python expression (``subject.targets``,
``count(sources(body, 'plan_of')) >= 1``, ``[sg.id for sg in plan.sub_goals]``), parsed
with Python's own parser and then checked node by node against a short list of allowed
forms: names bound by the rule, constants, attribute access (no name starting with ``_``),
indexing, arithmetic, comparisons, ``and``/``or``/``not``, ``a if c else b``, lists, list
comprehensions, f-strings and calls of the language's own functions (functions.py). Nothing
else is accepted, and the rule's text is never handed to Python's ``eval``: codegen.py
translates the checked tree form by form into a function built only of govcheck's own
helpers, so a rule cannot import, open a file, call a method or reach an object's
internals. Every evaluation step counts against a budget (``STEP_LIMIT``), so no rule runs
without bound.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

STEP_LIMIT = 2_000_000
"""Evaluation steps one rule may take on one plan; a rule that takes more is stopped with a
located error (a comprehension over a comprehension over every node, for instance)."""


class ExprError(Exception):
    """A mistake in an expression: a message id of the lang catalogue, its parameters, and
    the column (0-based, in the expression's text) where it is."""

    def __init__(self, key: str, column: int = 0, **params: Any):
        super().__init__(key)
        self.key, self.column, self.params = key, column, params


class StepBudget:
    __slots__ = ("left",)

    def __init__(self, limit: int = STEP_LIMIT):
        self.left = limit


class Env:
    """The bound variables of one evaluation, the graph context and the step budget."""

    __slots__ = ("vars", "ctx", "budget")

    def __init__(self, variables: dict[str, Any], ctx: Any, budget: StepBudget):
        self.vars, self.ctx, self.budget = variables, ctx, budget

    def child(self, **more: Any) -> "Env":
        return Env({**self.vars, **more}, self.ctx, self.budget)


class Lazy:
    """A ``let`` value, computed the first time it is read, in the binding it belongs to."""

    __slots__ = ("fn", "home", "state", "value")

    def __init__(self, fn: "Compiled", home: Env):
        self.fn, self.home, self.state, self.value = fn, home, 0, None

    def get(self) -> Any:
        if self.state == 2:
            return self.value
        if self.state == 1:
            raise EvalError("lang.let_cycle")
        self.state = 1
        self.value = self.fn(self.home)
        self.state = 2
        return self.value


class StepLimit(Exception):
    """The rule took more than ``STEP_LIMIT`` steps."""


class EvalError(Exception):
    """An expression failed on the plan (an attribute the value does not have, a number
    divided by zero, a function given the wrong kind of value)."""

    def __init__(self, key: str, **params: Any):
        super().__init__(key)
        self.key, self.params = key, params


Compiled = Callable[[Env], Any]

class _Absent:
    """The value of ``absent``: an evidence entry or message parameter that is left out."""

    def __repr__(self) -> str:
        return "absent"


ABSENT = _Absent()

CONSTANTS: dict[str, Any] = {"true": True, "false": False, "none": None,
                             "True": True, "False": False, "None": None, "absent": ABSENT}
"""Names that are constants: YAML's words and Python's, and ``absent`` (leave this
evidence entry out)."""

@lru_cache(maxsize=4096)
def parse(text: str) -> ast.expression:
    """The expression's syntax tree, parsed once per text (the trees are only read: the
    checks at load, the compiler and the let analysis share them)."""
    try:
        return ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError("lang.syntax", max((exc.offset or 1) - 1, 0),
                        detail=exc.msg) from None


def _walk_scoped(node: ast.AST, visit: Callable[[ast.AST, frozenset[str]], bool],
                 bound: frozenset[str] = frozenset()) -> None:
    """Visit every node with the names the comprehensions around it bind; ``visit``
    returns True to not look inside the node. A called function's name is not visited."""
    if visit(node, bound):
        return
    if isinstance(node, ast.ListComp):
        inner = bound
        for gen in node.generators:
            _walk_scoped(gen.iter, visit, inner)
            inner = inner | _targets(gen.target)
            for cond in gen.ifs:
                _walk_scoped(cond, visit, inner)
        _walk_scoped(node.elt, visit, inner)
        return
    if isinstance(node, ast.Call):
        for arg in node.args:
            _walk_scoped(arg, visit, bound)
        for kw in node.keywords:
            _walk_scoped(kw.value, visit, bound)
        return
    for child in ast.iter_child_nodes(node):
        _walk_scoped(child, visit, bound)


def names_used(text: str) -> list[tuple[str, int]]:
    """The free names an expression reads (not those its comprehensions bind), with their
    columns: what the rule must bind."""
    known = _NAMES.get(text)
    if known is not None:
        return list(known)
    out: list[tuple[str, int]] = []

    def visit(node: ast.AST, bound: frozenset[str]) -> bool:
        if isinstance(node, ast.Name):
            if node.id not in bound:
                out.append((node.id, node.col_offset))
            return True
        return False

    _walk_scoped(parse(text).body, visit)
    _NAMES[text] = tuple(out)
    return out


def _targets(node: ast.AST) -> frozenset[str]:
    if isinstance(node, ast.Name):
        return frozenset({node.id})
    if isinstance(node, ast.Tuple):
        return frozenset(n.id for n in node.elts if isinstance(n, ast.Name))
    return frozenset()


def calls_used(text: str) -> list[tuple[str, list[ast.expr], dict[str, ast.expr], int]]:
    """Each call in an expression: the function's name, its arguments and its column."""
    return [(n.func.id, list(n.args), {k.arg or "": k.value for k in n.keywords}, n.col_offset)
            for n in ast.walk(parse(text).body)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]


def attribute_chains(text: str) -> list[tuple[str, list[str]]]:
    """Each chain of attributes read from a free name (``subject.net_cost_goal.amount`` is
    ``('subject', ['net_cost_goal', 'amount'])``), not from a name a comprehension binds:
    what a load-time check can follow through the subject's type."""
    out: list[tuple[str, list[str]]] = []

    def visit(node: ast.AST, bound: frozenset[str]) -> bool:
        if not isinstance(node, ast.Attribute):
            return False
        attrs: list[str] = []
        cur: ast.AST = node
        while isinstance(cur, ast.Attribute):
            attrs.append(cur.attr)
            cur = cur.value
        if not isinstance(cur, ast.Name):
            return False  # an attribute of a call or an item: look inside
        if cur.id not in bound:
            out.append((cur.id, attrs[::-1]))
        return True

    _walk_scoped(parse(text).body, visit)
    return out


def attributes_used(text: str) -> list[tuple[str, int]]:
    return [(n.attr, n.col_offset) for n in ast.walk(parse(text).body)
            if isinstance(n, ast.Attribute)]


_CODE: dict[str, Any] = {}
"""Each expression's code (codegen.translate), by text: made once, or read from the rule
cache (``preload``)."""
_KEPT: dict[str, bytes] = {}
"""The code of expressions the rule cache holds, by text, not yet read (``preload``)."""
_NAMES: dict[str, tuple[tuple[str, int], ...]] = {}
"""Each expression's free names (``names_used``), by text: found once, or read from the rule
cache with the code."""


@lru_cache(maxsize=None)
def compile_expr(text: str) -> Compiled:
    """The expression as a function of an ``Env``; raises ``ExprError`` for any form the
    language does not allow."""
    from govcheck.rules.lang import cells, codegen, simulations  # noqa: F401 (register functions)
    from govcheck.rules.lang.functions import FUNCTIONS

    code = _CODE.get(text)
    if code is None:
        kept = _KEPT.pop(text, None)
        code = codegen.code(kept) if kept is not None else None
        if code is None:
            code = codegen.translate(parse(text), FUNCTIONS)
        _CODE[text] = code
    return codegen.function(code, FUNCTIONS)  # type: ignore[no-any-return]


def code_of(texts: Any) -> bytes:
    """The code and free names of these expressions (each compiled already), as bytes to
    keep."""
    from govcheck.rules.lang import codegen

    return codegen.dumps({t: (_CODE[t], tuple(names_used(t))) for t in texts if t in _CODE})


def preload(data: bytes) -> None:
    """Take what ``code_of`` kept: those expressions are not parsed again."""
    from govcheck.rules.lang import codegen

    for text, (code, names) in codegen.loads(data).items():
        if text not in _CODE:
            _KEPT.setdefault(text, code)
        _NAMES.setdefault(text, names)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(getattr(value, "id", value)) if isinstance(value, BaseModel) else str(value)


def get_attribute(value: Any, attr: str) -> Any:
    """``value.attr`` for a plan entity (its English field name or its Swedish key), a
    record the language made, or None for None (absent things have no attributes)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return value.get(attr)
    if isinstance(value, BaseModel):
        field = attribute_names(type(value)).get(attr)
        if field is not None:
            return getattr(value, field)
        raise EvalError("lang.no_attribute", attr=attr, kind=type(value).__name__,
                        known=", ".join(sorted(type(value).model_fields)))
    raise EvalError("lang.no_attribute", attr=attr, kind=type(value).__name__, known="")


@lru_cache(maxsize=None)
def attribute_names(model: type) -> dict[str, str]:
    """Every name an expression may read of a plan model, English field names and Swedish
    keys, each to its field (looked up once per class: it is the hot path of every rule)."""
    fields = model.model_fields  # type: ignore[attr-defined]
    out = {info.alias: name for name, info in fields.items() if info.alias}
    out.update({name: name for name in fields})
    return out
