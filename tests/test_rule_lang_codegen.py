"""The expressions' translation into Python functions (govcheck.rules.lang.codegen).

What a rule writes must mean what it meant when expressions were evaluated node by node: the
same values for the same names, however they are spelt; no way out of the language through a
name or a text; a located error, never a crash, for an expression too deep to translate; and
a lint with a warm rule cache that neither parses nor translates an expression again.
"""

from __future__ import annotations

import ast
import operator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govcheck.rules.lang import codegen, expr
from govcheck.rules.lang.expr import Env, EvalError, ExprError, StepBudget, StepLimit, compile_expr

REPO = Path(__file__).resolve().parent.parent


def run(text: str, **variables: object) -> object:
    return compile_expr(text)(Env(dict(variables), None, StepBudget()))


@pytest.mark.parametrize("name", ["V", "B", "env", "K0", "t1", "_load", "_tick", "F_count",
                                  "expression", "make", "c_x", "ABSENT", "__builtins__"])
def test_a_name_means_its_binding_whatever_it_is_called(name: str):
    """Bound names and comprehension names never meet the generated code's own names."""
    assert run(f"{name} + 1", **{name: 41}) == 42
    assert run(f"[{name} * 2 for {name} in [1, 2] if {name} > 1]") == [4]
    assert run(f"[[{name}, c_{name}] for {name} in [1] for c_{name} in [2]]") == [[1, 2]]
    assert run(f"[[a, {name}] for a, {name} in [[1, 2], [3]]]") == [[1, 2], [3, None]]


@pytest.mark.parametrize("text", ["'); import os; ('", '"\\n" + "x"', "'\\\\' + \"'\"",
                                  "f'{1}\\'{2}'", "'ä' + 'ö'"])
def test_a_text_stays_a_text(text: str):
    assert run(text) == eval(text, {"__builtins__": {}})  # noqa: S307 (constants only)


def test_generated_functions_see_no_builtins():
    fn = compile_expr("count([1, 2])")
    assert fn.__globals__["__builtins__"] == {}
    with pytest.raises(EvalError):
        run("open")  # a free name is a binding, never a builtin


@pytest.mark.parametrize("text", ["-" * 70 + "1",
                                  "+".join(["1"] * 1000), "[" * 80 + "]" * 80])
def test_an_expression_too_deep_is_an_error_not_a_crash(text: str):
    with pytest.raises(ExprError) as exc:
        compile_expr(text)
    assert exc.value.key in ("lang.too_deep", "lang.syntax")


def test_a_keyword_given_twice_is_a_syntax_error():
    with pytest.raises(ExprError) as exc:
        compile_expr("join([1], sep=',', sep=';')")
    assert exc.value.key == "lang.syntax"


def test_a_long_number_keeps_its_value():
    assert run("0x" + "f" * 40 + " > 1") is True


def test_every_call_and_item_counts_against_the_budget():
    budget = StepBudget(10)
    with pytest.raises(StepLimit):
        compile_expr("[x for x in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]")(
            Env({}, None, budget))
    budget = StepBudget(3)
    compile_expr("count([1, 2])")(Env({}, None, budget))
    assert budget.left == 2


_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul}
numbers = st.integers(-10 ** 6, 10 ** 6)
terms = st.recursive(numbers.map(str), lambda inner: st.tuples(
    inner, st.sampled_from(sorted(_OPS)), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    max_leaves=12)


@given(terms, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), terms)
@settings(max_examples=200, deadline=None)
def test_integer_arithmetic_and_comparison_mean_what_they_mean_in_python(
        left: str, op: str, right: str):
    text = f"{left} {op} {right}"
    assert run(text) == eval(compile(ast.parse(text, mode="eval"), "t", "eval"))  # noqa: S307


@given(st.lists(st.integers(-3, 3), max_size=6), st.integers(-3, 3))
@settings(max_examples=100, deadline=None)
def test_comprehensions_mean_what_they_mean_in_python(items: list[int], bound: int):
    text = "[[x, y] for x in xs if x > b for y in xs if y <= x]"
    expected = [[x, y] for x in items if x > bound for y in items if y <= x]
    assert run(text, xs=items, b=bound) == expected


def test_code_survives_the_cache_and_reads_the_same():
    text = "[x * 1.5 for x in xs if x != none]"
    compile_expr(text)
    kept = expr.code_of([text])
    loaded = codegen.loads(kept)
    code = codegen.code(loaded[text][0])
    assert code is not None
    from govcheck.rules.lang.functions import FUNCTIONS

    fn = codegen.function(code, FUNCTIONS)
    assert fn(Env({"xs": [1, None, 2]}, None, StepBudget())) == [Decimal("1.5"), Decimal("3.0")]
    assert loaded[text][1] == (("xs", 18), ("none", 29))  # as names_used gives them
    assert codegen.loads(b"not marshal") == {} and codegen.code(b"\x00") is None


def test_a_warm_lint_neither_parses_nor_translates(tmp_path: Path, monkeypatch):
    """The rule cache keeps each declarative rule's code: a second process-like lint (the
    caches of this process emptied) reads it and parses no expression."""
    from govcheck import pipeline
    from govcheck.api import load_plan
    from govcheck.rules import engine

    monkeypatch.setenv("GOVCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVCHECK_NO_CACHE", raising=False)
    plan = load_plan(REPO / "plans" / "vasterbotten-2026")

    def lint() -> list[tuple[str, str, int]]:
        graph = pipeline.build_graph(*plan)
        found = pipeline.run_rules(graph, pipeline.load_ruleset(), "sv", None)
        findings = found[0] if isinstance(found, tuple) else found
        return [(f.rule, f.location.file, f.location.line) for f in findings]

    def forget() -> None:
        expr.compile_expr.cache_clear()
        expr.parse.cache_clear()
        for memo in (expr._CODE, expr._KEPT, expr._NAMES):
            memo.clear()
        engine._DECLARED.clear()

    forget()
    first = lint()  # fills the cache
    forget()
    translated: list[str] = []
    real = codegen.translate
    monkeypatch.setattr(codegen, "translate",
                        lambda tree, fns: translated.append(ast.unparse(tree)) or real(tree, fns))
    second = lint()
    assert second == first and len(first) > 0
    assert translated == [] and expr.parse.cache_info().misses == 0
