"""Translating a checked expression into a Python function, and keeping that function's code.

expr.py parses an expression and this module walks its tree, node by node, over the same short
list of allowed forms (anything else is an ``ExprError``, as before). Each allowed form becomes
a fixed piece of Python that calls this module's helpers: a name becomes a lookup in the
rule's bindings, an attribute a call of ``_attr`` (plan fields only, no name starting with
``_``), a call one of the language's own functions, a comprehension a list comprehension that
counts every item against the step budget. Nothing of the rule's text reaches the generated
source but string and number literals (written with ``repr``) and the names a comprehension
binds (prefixed ``c_``); the function runs with no builtins. So a rule still cannot import,
open a file, call a method or read an object's internals, and no rule runs without bound.

Why generate code rather than build a tree of closures: the code object of each expression
can be kept in the rule cache (``marshal``, keyed with the Python version in
govcheck.cache), so a lint neither parses nor compiles the catalogue's expressions again, and
a generated function evaluates with a fraction of the closures' calls.
"""

from __future__ import annotations

import ast
import marshal
import operator
from decimal import Decimal
from types import CodeType, FunctionType
from typing import Any

from pydantic import BaseModel

from govcheck.rules.lang.expr import (
    ABSENT, CONSTANTS, ExprError, EvalError, Lazy, StepLimit, _text,
    attribute_names, get_attribute)

MAX_DEPTH = 60
"""The deepest an expression may nest (its syntax tree's depth): far beyond what a rule needs,
and well inside what Python's own parser accepts of the generated code."""


# --- helpers the generated code calls ---------------------------------------------------------

def _load(variables: dict[str, Any], name: str) -> Any:
    try:
        found = variables[name]
    except KeyError:
        raise EvalError("lang.unbound", name=name) from None
    return found.get() if type(found) is Lazy else found


def _attr(value: Any, attr: str, seen: list[Any]) -> Any:
    """``value.attr``; ``seen`` is this place's memory of the last model class read and the
    field the name is there (an attribute is read of the same class over and over)."""
    if type(value) is seen[0]:
        return getattr(value, seen[1])
    if isinstance(value, BaseModel):
        field = attribute_names(type(value)).get(attr)
        if field is not None:
            seen[0], seen[1] = type(value), field
            return getattr(value, field)
    return get_attribute(value, attr)


def _tick(budget: Any) -> bool:
    budget.left -= 1
    if budget.left < 0:
        raise StepLimit()
    return True


def _item(value: Any, key: Any) -> Any:
    if isinstance(key, bool) or not isinstance(key, (int, str)):
        raise EvalError("lang.bad_index", index=repr(key))
    try:
        return value[key]
    except (IndexError, KeyError, TypeError):
        return None


def _slice(budget: Any, value: Any, lower: Any, upper: Any) -> Any:
    bounds = [lower, upper]
    if any(isinstance(b, bool) or not isinstance(b, (int, type(None))) for b in bounds):
        raise EvalError("lang.bad_index", index=repr(bounds))
    if not isinstance(value, (list, str)):
        return None
    budget.left -= len(value)
    return value[lower:upper]


def _arith(op: Any, a: Any, b: Any) -> Any:
    if isinstance(a, (list, str)) and isinstance(b, type(a)) and op is operator.add:
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


def _div(a: Any, b: Any) -> Any:
    return Decimal(a) / Decimal(b)


def _number(value: Any) -> Any:
    """A value to compute with: true/false as 1/0, a float with its written digits."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _neg(value: Any) -> Any:
    return -_number(value)


_CONVERT = frozenset({bool, float})
"""The types ``_number`` changes (true/false count as 1/0; a float keeps its written digits)."""


def _compare(op: Any, a: Any, b: Any) -> bool:
    if type(a) in _CONVERT:
        a = _number(a)
    if type(b) in _CONVERT:
        b = _number(b)
    try:
        return bool(op(a, b))
    except TypeError:
        return False


def _chain(a: Any, rest: tuple[tuple[Any, Any], ...]) -> bool:
    """``a < b < c``: each comparison in turn, the next operand read only if needed."""
    for op, right in rest:
        b = right()
        if not _compare(op, a, b):
            return False
        a = b
    return True


def _unpack(count: int, value: Any) -> tuple[Any, ...]:
    values = list(value) if isinstance(value, (list, tuple)) else []
    return tuple(values[i] if i < len(values) else None for i in range(count))


def _in(a: Any, b: Any) -> bool:
    return a in b


def _not_in(a: Any, b: Any) -> bool:
    return a not in b


_COMPARE = {ast.Eq: "_eq", ast.NotEq: "_ne", ast.Lt: "_lt", ast.LtE: "_le", ast.Gt: "_gt",
            ast.GtE: "_ge", ast.In: "_in", ast.NotIn: "_not_in"}
_ARITH = {ast.Add: "_add", ast.Sub: "_sub", ast.Mult: "_mul", ast.Div: "_div"}

HELPERS: dict[str, Any] = {
    "_load": _load, "_attr": _attr, "_tick": _tick, "_item": _item, "_slice": _slice,
    "_arith": _arith, "_neg": _neg, "_compare": _compare, "_chain": _chain,
    "_unpack": _unpack, "_text": _text, "_D": Decimal, "ABSENT": ABSENT,
    "_eq": operator.eq, "_ne": operator.ne, "_lt": operator.lt, "_le": operator.le,
    "_gt": operator.gt, "_ge": operator.ge, "_in": _in, "_not_in": _not_in,
    "_add": operator.add, "_sub": operator.sub, "_mul": operator.mul, "_div": _div,
}


# --- the translation ----------------------------------------------------------------------------

class _Gen:
    """One expression's translation: the source of its body, and the constants and
    per-place memories made once when its function is made."""

    def __init__(self, functions: dict[str, Any]):
        self.functions = functions
        self.prelude: list[str] = []
        self.temps = 0
        self.reads: set[str] = set()  # which of the bindings (V) and budget (B) it reads

    def hoist(self, source: str) -> str:
        name = f"K{len(self.prelude)}"
        self.prelude.append(f"    {name} = {source}")
        return name

    def temp(self) -> str:
        self.temps += 1
        return f"t{self.temps}"

    def gen(self, node: ast.AST, bound: frozenset[str]) -> str:  # noqa: C901 (one case per form)
        col = getattr(node, "col_offset", 0)

        def sub(n: ast.AST) -> str:
            return self.gen(n, bound)

        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, float):
                # keep the written digits: 0.5, not 0.5000…
                return self.hoist(f"_D({repr(repr(value))})")
            if not isinstance(value, (str, int, Decimal, bool, type(None))):
                raise ExprError("lang.bad_form", col, form=type(node.value).__name__)
            if type(value) is int and value >= 10 ** 18:
                return hex(value)  # a long number has no decimal text (Python's digit limit)
            return repr(value)
        if isinstance(node, ast.Name):
            name = node.id
            if name in CONSTANTS:
                return "ABSENT" if CONSTANTS[name] is ABSENT else repr(CONSTANTS[name])
            if name in bound:
                return f"c_{name}"
            self.reads.add("V")
            return f"_load(V, {name!r})"
        if isinstance(node, ast.Attribute):
            if node.attr.startswith("_"):
                raise ExprError("lang.private", col, name=node.attr)
            return f"_attr({sub(node.value)}, {node.attr!r}, {self.hoist('[None, None]')})"
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            if node.slice.step is not None:
                raise ExprError("lang.bad_form", col, form="slice step")
            whole = sub(node.value)
            lower = sub(node.slice.lower) if node.slice.lower is not None else "None"
            upper = sub(node.slice.upper) if node.slice.upper is not None else "None"
            self.reads.add("B")
            return f"_slice(B, {whole}, {lower}, {upper})"
        if isinstance(node, ast.Subscript):
            return f"_item({sub(node.value)}, {sub(node.slice)})"
        if isinstance(node, ast.BoolOp):
            joiner = " and " if isinstance(node.op, ast.And) else " or "
            return "(" + joiner.join(sub(v) for v in node.values) + ")"
        if isinstance(node, ast.UnaryOp):
            operand = sub(node.operand)
            if isinstance(node.op, ast.Not):
                return f"(not {operand})"
            if isinstance(node.op, ast.USub):
                return f"_neg({operand})"
            raise ExprError("lang.bad_form", col, form=type(node.op).__name__)
        if isinstance(node, ast.BinOp):
            op = _ARITH.get(type(node.op))
            if op is None:
                raise ExprError("lang.bad_form", col, form=type(node.op).__name__)
            return f"_arith({op}, {sub(node.left)}, {sub(node.right)})"
        if isinstance(node, ast.Compare):
            first = sub(node.left)
            rest = [(_COMPARE[type(o)], sub(c)) for o, c in zip(node.ops, node.comparators)
                    if type(o) in _COMPARE]
            if len(rest) != len(node.ops):
                raise ExprError("lang.bad_form", col, form="is")
            if len(rest) == 1:
                return f"_compare({rest[0][0]}, {first}, {rest[0][1]})"
            return f"_chain({first}, ({''.join(f'({op}, lambda: {c}), ' for op, c in rest)}))"
        if isinstance(node, ast.IfExp):
            test, body, orelse = sub(node.test), sub(node.body), sub(node.orelse)
            return f"({body} if {test} else {orelse})"
        if isinstance(node, (ast.List, ast.Tuple)):
            return "[" + ", ".join(sub(e) for e in node.elts) + "]"
        if isinstance(node, ast.ListComp):
            return self.comprehension(node, bound, col)
        if isinstance(node, ast.JoinedStr):
            pieces: list[str] = []
            for v in node.values:
                if isinstance(v, ast.Constant):
                    pieces.append(repr(str(v.value)))
                elif isinstance(v, ast.FormattedValue) and v.format_spec is None \
                        and v.conversion == -1:
                    pieces.append(f"_text({sub(v.value)})")
                else:
                    raise ExprError("lang.bad_form", col, form="format")
            return "''.join((" + "".join(p + ", " for p in pieces) + "))"
        if isinstance(node, ast.Call):
            return self.call(node, bound, col)
        raise ExprError("lang.bad_form", col, form=type(node).__name__)

    def comprehension(self, node: ast.ListComp, bound: frozenset[str], col: int) -> str:
        clauses: list[str] = []
        inner = bound
        for g in node.generators:
            names = _target_names(g.target)
            source = self.gen(g.iter, inner)
            inner = inner | frozenset(names)
            conds = [self.gen(c, inner) for c in g.ifs]
            if len(names) == 1:
                # every item counts against the budget before its conditions are read
                clauses.append(f"for c_{names[0]} in ({source} or ()) if _tick(B)")
            else:
                item = self.temp()
                targets = "".join(f"c_{n}, " for n in names)
                clauses.append(f"for {item} in ({source} or ()) if _tick(B) "
                               f"for ({targets}) in (_unpack({len(names)}, {item}),)")
            clauses += [f"if {c}" for c in conds]
            self.reads.add("B")
        if any(g.is_async for g in node.generators):
            raise ExprError("lang.bad_form", col, form="async")
        return f"[{self.gen(node.elt, inner)} {' '.join(clauses)}]"

    def call(self, node: ast.Call, bound: frozenset[str], col: int) -> str:
        if not isinstance(node.func, ast.Name):
            raise ExprError("lang.method_call", col)
        name = node.func.id
        if name not in self.functions:
            from govcheck.model.suggest import did_you_mean

            raise ExprError("lang.unknown_function", col, name=name,
                            hint=did_you_mean(name, list(self.functions)) or "")
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
                k.arg is None for k in node.keywords):
            raise ExprError("lang.bad_form", col, form="*args")
        args = [self.gen(a, bound) for a in node.args]
        args += [f"{k.arg}={self.gen(k.value, bound)}" for k in node.keywords if k.arg]
        # the step is counted before the arguments are read, as the call is made
        self.reads.add("B")
        return f"(_tick(B) and F_{name}(env, {', '.join(args)}))"


def _target_names(node: ast.AST) -> tuple[str, ...]:
    if isinstance(node, ast.Name):
        return (node.id,)
    if isinstance(node, ast.Tuple) and all(isinstance(n, ast.Name) for n in node.elts):
        return tuple(n.id for n in node.elts)  # type: ignore[attr-defined]
    raise ExprError("lang.bad_form", getattr(node, "col_offset", 0), form="target")


def _depth(node: ast.AST) -> int:
    deepest, stack = 0, [(node, 1)]
    while stack:
        cur, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(cur))
    return deepest


def translate(tree: ast.expression, functions: dict[str, Any]) -> CodeType:
    """The code of the expression's function of an ``Env`` (or, when it has constants or
    memories to make first, of a function ``make()`` that returns it); raises ``ExprError``
    for any form the language does not allow."""
    if _depth(tree.body) > MAX_DEPTH:
        raise ExprError("lang.too_deep", 0, limit=MAX_DEPTH)
    gen = _Gen(functions)
    body = gen.gen(tree.body, frozenset())
    lines = ["def expression(env):",
             *(["    V = env.vars"] if "V" in gen.reads else []),
             *(["    B = env.budget"] if "B" in gen.reads else []),
             f"    return {body}"]
    if gen.prelude:
        lines = ["def make():", *gen.prelude, *("    " + line for line in lines),
                 "    return expression"]
    try:
        module = compile("\n".join(lines), "<rule expression>", "exec", dont_inherit=True)
    except SyntaxError as exc:  # what the parser lets through: a keyword given twice
        raise ExprError("lang.syntax", 0, detail=exc.msg) from None
    except (RecursionError, MemoryError):  # past what Python's compiler takes
        raise ExprError("lang.too_deep", 0, limit=MAX_DEPTH) from None
    return next(c for c in module.co_consts if isinstance(c, CodeType))


_NAMESPACE: dict[str, Any] = {}


def namespace(functions: dict[str, Any]) -> dict[str, Any]:
    """What generated code sees: the helpers and the language's functions, no builtins."""
    if len(_NAMESPACE) != len(HELPERS) + len(functions) + 1:
        _NAMESPACE.clear()
        _NAMESPACE.update(HELPERS)
        _NAMESPACE.update({f"F_{name}": fn for name, fn in functions.items()})
        _NAMESPACE["__builtins__"] = {}
    return _NAMESPACE


def function(code: CodeType, functions: dict[str, Any]) -> Any:
    """The expression's function from the code ``translate`` gave."""
    made = FunctionType(code, namespace(functions))
    return made() if code.co_name == "make" else made


Names = tuple[tuple[str, int], ...]
"""An expression's free names with their columns (expr.names_used)."""


def dumps(kept: dict[str, tuple[CodeType, Names]]) -> bytes:
    """Expressions' code and names, by text, as bytes to keep (marshal: the cache key holds
    the Python version, the only one that can read them). Each code is marshalled on its
    own, so that a lint reads only the code of the expressions it evaluates."""
    return marshal.dumps({text: (marshal.dumps(code), names)
                          for text, (code, names) in sorted(kept.items())})


def loads(data: bytes) -> dict[str, tuple[bytes, Names]]:
    """What ``dumps`` kept (each code still as bytes: ``code``); nothing of bytes it did
    not make."""
    try:
        value = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items()
            if isinstance(k, str) and isinstance(v, tuple) and len(v) == 2
            and isinstance(v[0], bytes) and isinstance(v[1], tuple)}


def code(data: bytes) -> CodeType | None:
    """One expression's code from what ``dumps`` kept, or None."""
    try:
        value = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    return value if isinstance(value, CodeType) else None
