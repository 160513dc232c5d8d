"""The expressions of the condition language: a small, side-effect-free language.

An expression is written like a Python expression (``subject.targets``,
``count(sources(body, 'plan_of')) >= 1``, ``[sg.id for sg in plan.sub_goals]``), parsed
with Python's own parser and then checked node by node against a short list of allowed
forms: names bound by the rule, constants, attribute access (no name starting with ``_``),
indexing, arithmetic, comparisons, ``and``/``or``/``not``, ``a if c else b``, lists, list
comprehensions, f-strings and calls of the language's own functions (functions.py). Nothing
else is accepted, and nothing is handed to Python's ``eval``: govcheck evaluates the checked
tree itself, so a rule cannot import, open a file, call a method or reach an object's
internals. Every evaluation step counts against a budget (``STEP_LIMIT``), so no rule runs
without bound.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from decimal import Decimal
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

_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}
_ARITH: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: Decimal(a) / Decimal(b),
}


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
    out: list[tuple[str, int]] = []

    def visit(node: ast.AST, bound: frozenset[str]) -> bool:
        if isinstance(node, ast.Name):
            if node.id not in bound:
                out.append((node.id, node.col_offset))
            return True
        return False

    _walk_scoped(parse(text).body, visit)
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


@lru_cache(maxsize=None)
def compile_expr(text: str) -> Compiled:
    """The expression as a function of an ``Env``; raises ``ExprError`` for any form the
    language does not allow."""
    from govcheck.rules.lang import cells, simulations  # noqa: F401 (register their functions)
    from govcheck.rules.lang.functions import FUNCTIONS

    return _compile(parse(text).body, FUNCTIONS)


def _compile(node: ast.AST, functions: dict[str, Any]) -> Compiled:  # noqa: C901 (one case per form)
    col = getattr(node, "col_offset", 0)

    def sub(n: ast.AST) -> Compiled:
        return _compile(n, functions)

    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, float):
            value = Decimal(repr(value))  # keep the written digits: 0.5, not 0.5000…
        if not isinstance(value, (str, int, Decimal, bool, type(None))):
            raise ExprError("lang.bad_form", col, form=type(node.value).__name__)
        return lambda env, v=value: v
    if isinstance(node, ast.Name):
        name = node.id
        if name in CONSTANTS:
            return lambda env, v=CONSTANTS[name]: v

        def load(env: Env) -> Any:
            try:
                found = env.vars[name]
            except KeyError:
                raise EvalError("lang.unbound", name=name) from None
            return found.get() if type(found) is Lazy else found
        return load
    if isinstance(node, ast.Attribute):
        if node.attr.startswith("_"):
            raise ExprError("lang.private", col, name=node.attr)
        base, attr = sub(node.value), node.attr
        seen: list[Any] = [None, None]  # the last model class read here and its field

        def attribute(env: Env) -> Any:
            value = base(env)
            if type(value) is seen[0]:
                return getattr(value, seen[1])
            if isinstance(value, BaseModel):
                field = attribute_names(type(value)).get(attr)
                if field is not None:
                    seen[0], seen[1] = type(value), field
                    return getattr(value, field)
            return get_attribute(value, attr)
        return attribute
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        if node.slice.step is not None:
            raise ExprError("lang.bad_form", col, form="slice step")
        whole = sub(node.value)
        lower = sub(node.slice.lower) if node.slice.lower is not None else None
        upper = sub(node.slice.upper) if node.slice.upper is not None else None

        def part(env: Env) -> Any:
            value = whole(env)
            bounds = [b(env) if b is not None else None for b in (lower, upper)]
            if any(isinstance(b, bool) or not isinstance(b, (int, type(None)))
                   for b in bounds):
                raise EvalError("lang.bad_index", index=repr(bounds))
            if not isinstance(value, (list, str)):
                return None
            env.budget.left -= len(value)
            return value[bounds[0]:bounds[1]]
        return part
    if isinstance(node, ast.Subscript):
        base, index = sub(node.value), sub(node.slice)

        def item(env: Env) -> Any:
            value, key = base(env), index(env)
            if isinstance(key, bool) or not isinstance(key, (int, str)):
                raise EvalError("lang.bad_index", index=repr(key))
            try:
                return value[key]
            except (IndexError, KeyError, TypeError):
                return None
        return item
    if isinstance(node, ast.BoolOp):
        parts = [sub(v) for v in node.values]
        if isinstance(node.op, ast.And):
            def all_of(env: Env) -> Any:
                value: Any = True
                for p in parts:
                    value = p(env)
                    if not value:
                        return value
                return value
            return all_of

        def any_of(env: Env) -> Any:
            value: Any = False
            for p in parts:
                value = p(env)
                if value:
                    return value
            return value
        return any_of
    if isinstance(node, ast.UnaryOp):
        operand = sub(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda env: not operand(env)
        if isinstance(node.op, ast.USub):
            return lambda env: -_number(operand(env))
        raise ExprError("lang.bad_form", col, form=type(node.op).__name__)
    if isinstance(node, ast.BinOp):
        op = _ARITH.get(type(node.op))
        if op is None:
            raise ExprError("lang.bad_form", col, form=type(node.op).__name__)
        left, right = sub(node.left), sub(node.right)

        def arith(env: Env) -> Any:
            a, b = left(env), right(env)
            if isinstance(a, (list, str)) and isinstance(b, type(a)) and op is _ARITH[ast.Add]:
                return a + b  # joining two lists or two texts: no larger than the two
            a, b = _number(a), _number(b)
            if a is None or b is None:
                return None
            if not (isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal))):
                # arithmetic is of numbers only: no list or text repeated n times
                raise EvalError("lang.not_a_number", value=repr(a if not isinstance(
                    a, (int, Decimal)) else b)[:40])
            try:
                return op(a, b)
            except ArithmeticError:
                return None
        return arith
    if isinstance(node, ast.Compare):
        first = sub(node.left)
        rest = [(_COMPARE[type(o)], sub(c)) for o, c in zip(node.ops, node.comparators)
                if type(o) in _COMPARE]
        if len(rest) != len(node.ops):
            raise ExprError("lang.bad_form", col, form="is")

        if len(rest) == 1:
            (op1, second), = rest

            def compare_one(env: Env) -> bool:
                a, b = first(env), second(env)
                if type(a) in _CONVERT:
                    a = _number(a)
                if type(b) in _CONVERT:
                    b = _number(b)
                try:
                    return bool(op1(a, b))
                except TypeError:
                    return False
            return compare_one

        def compare(env: Env) -> bool:
            a = first(env)
            for op, right in rest:
                b = right(env)
                try:
                    if not op(_comparable(a), _comparable(b)):
                        return False
                except TypeError:
                    return False
                a = b
            return True
        return compare
    if isinstance(node, ast.IfExp):
        test, body, orelse = sub(node.test), sub(node.body), sub(node.orelse)
        return lambda env: body(env) if test(env) else orelse(env)
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [sub(e) for e in node.elts]
        return lambda env: [i(env) for i in items]
    if isinstance(node, ast.ListComp):
        gens = [(_targets(g.target), _target_names(g.target), sub(g.iter), [sub(c) for c in g.ifs])
                for g in node.generators]
        if any(g.is_async for g in node.generators):
            raise ExprError("lang.bad_form", col, form="async")
        elt = sub(node.elt)

        depth = len(gens)

        def comprehension(env: Env) -> list[Any]:
            out: list[Any] = []

            def level(i: int, scope: Env) -> None:
                if i == depth:
                    out.append(elt(scope))
                    return
                _, names, source, conds = gens[i]
                # one scope per level, its names rebound for each item: nothing the
                # expressions make keeps a scope (a let's value is bound in the block's)
                inner = scope.child()
                bound, budget = inner.vars, inner.budget
                single = names[0] if len(names) == 1 else None
                for value in source(scope) or ():
                    budget.left -= 1
                    if budget.left < 0:
                        raise StepLimit()
                    if single is not None:
                        bound[single] = value
                    else:
                        bound.update(_unpack(names, value))
                    for c in conds:
                        if not c(inner):
                            break
                    else:
                        level(i + 1, inner)
            level(0, env)
            return out
        return comprehension
    if isinstance(node, ast.JoinedStr):
        pieces: list[Compiled] = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                pieces.append(lambda env, s=str(v.value): s)
            elif isinstance(v, ast.FormattedValue) and v.format_spec is None \
                    and v.conversion == -1:
                inner_v = sub(v.value)
                pieces.append(lambda env, f=inner_v: _text(f(env)))
            else:
                raise ExprError("lang.bad_form", col, form="format")
        return lambda env: "".join(p(env) for p in pieces)
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise ExprError("lang.method_call", col)
        name = node.func.id
        fn = functions.get(name)
        if fn is None:
            from govcheck.model.suggest import did_you_mean

            raise ExprError("lang.unknown_function", col, name=name,
                            hint=did_you_mean(name, list(functions)) or "")
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
                k.arg is None for k in node.keywords):
            raise ExprError("lang.bad_form", col, form="*args")
        args = [sub(a) for a in node.args]
        kwargs = {k.arg: sub(k.value) for k in node.keywords if k.arg}

        if not kwargs and len(args) == 1:
            arg = args[0]

            def call_one(env: Env) -> Any:
                budget = env.budget
                budget.left -= 1
                if budget.left < 0:
                    raise StepLimit()
                return fn(env, arg(env))
            return call_one
        if not kwargs:
            def call_positional(env: Env) -> Any:
                _tick(env)
                return fn(env, *[a(env) for a in args])
            return call_positional

        def call(env: Env) -> Any:
            _tick(env)
            return fn(env, *[a(env) for a in args], **{k: v(env) for k, v in kwargs.items()})
        return call
    raise ExprError("lang.bad_form", col, form=type(node).__name__)


def _target_names(node: ast.AST) -> tuple[str, ...]:
    if isinstance(node, ast.Name):
        return (node.id,)
    if isinstance(node, ast.Tuple) and all(isinstance(n, ast.Name) for n in node.elts):
        return tuple(n.id for n in node.elts)  # type: ignore[attr-defined]
    raise ExprError("lang.bad_form", getattr(node, "col_offset", 0), form="target")


def _unpack(names: tuple[str, ...], value: Any) -> dict[str, Any]:
    if len(names) == 1:
        return {names[0]: value}
    values = list(value) if isinstance(value, (list, tuple)) else []
    return {n: values[i] if i < len(values) else None for i, n in enumerate(names)}


def _tick(env: Env) -> None:
    env.budget.left -= 1
    if env.budget.left < 0:
        raise StepLimit()


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _comparable(value: Any) -> Any:
    return _number(value)


_CONVERT = frozenset({bool, float})
"""The types ``_number`` changes (true/false count as 1/0; a float keeps its written digits)."""


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
