"""The condition language: its mistakes are located errors with a did-you-mean, it runs no
code, its patterns cannot backtrack without bound, its rules stop when they take too long,
and its all/any/not and tolerances mean what they say."""

from __future__ import annotations

import tempfile
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REAL_PLAN
from govcheck.api import load_plan
from govcheck.cli.main import cli
from govcheck.graph.build import build_graph
from govcheck.load.errors import PlanLoadError
from govcheck.rules.engine import load_rules, run_rules
from govcheck.rules.lang.evaluate import holds
from govcheck.rules.lang.expr import Env, StepBudget
from govcheck.rules.lang.model import (AllCondition, AnyCondition, CompareCondition,
                                       NotCondition)
from govcheck.rules.lang.patterns import unsafe_reason

HEAD = """\
id: TST001
name: test-rule
title: {sv: Test, en: Test}
severity: error
basis: {kind: fullmäktige, decision: {sv: Planen., en: The plan.}}
rationale: {sv: Test., en: Test.}
reference: {sv: Test., en: Test.}
"""

TAIL = """\
messages:
  missing:
    sv: "uppdrag {assignment} saknar tidsram"
    en: "assignment {assignment} has no time frame"
examples:
  fail: {description: {sv: F., en: F.}, yaml: "x: 1"}
  pass: {description: {sv: P., en: P.}, yaml: "x: 1"}
tests:
  - {name: passes, base: fixtures/mini, expect: []}
"""

GOOD = """\
given: {kind: assignment}
then:
  - message: missing
    assert:
      value: subject.period
      exists: true
    params:
      assignment: subject.id
"""


def write_rule(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "TST001.yaml").write_text(HEAD + textwrap.dedent(body) + TAIL, encoding="utf-8")
    return folder


def load_errors(tmp_path: Path, body: str) -> list[tuple[int, str]]:
    folder = write_rule(tmp_path, body)
    with pytest.raises(PlanLoadError) as exc:
        load_rules([folder])
    return [(e.location.line, e.message("en")) for e in exc.value.errors]


def test_a_good_rule_loads_and_runs(tmp_path: Path):
    ruleset = load_rules([write_rule(tmp_path, GOOD)])
    findings = run_rules(build_graph(*load_plan(REAL_PLAN)), ruleset, "en", {"TST001"})
    plan, _ = load_plan(REAL_PLAN)
    without = [a.id for a in plan.assignments if a.period is None]
    assert sorted(f.params["assignment"] for f in findings) == sorted(without)
    assert without, "the real plan has assignments without tidsram"
    assert all(f.evidence["value"] is None for f in findings)


@pytest.mark.parametrize("body,line,words", [
    (GOOD.replace("exists: true", "exist: true"), 13,
     ["unknown key 'exist'", "did you mean 'exists'"]),
    (GOOD.replace("kind: assignment", "kind: assignmnt"), 8,
     ["unknown node kind 'assignmnt'", "did you mean 'assignment'"]),
    (GOOD.replace("subject.period", "subject.perod"), 12,
     ["unknown attribute 'perod'", "did you mean 'period'"]),
    (GOOD.replace("subject.period", "count(sources(subject, 'owned_bi'))"), 12,
     ["unknown edge kind 'owned_bi'", "did you mean 'owned_by'"]),
    (GOOD.replace("subject.period", "cuont(subject.owners)"), 12,
     ["unknown function 'cuont'", "did you mean 'count'"]),
    (GOOD.replace("subject.period", "subjekt.period"), 12,
     ["unknown name 'subjekt'", "did you mean 'subject'"]),
    (GOOD.replace("message: missing", "message: misssing"), 10,
     ["message 'misssing' is not among", "did you mean 'missing'"]),
    (GOOD.replace("assignment: subject.id", "assignmnt: subject.id"), 18,
     ["uses '{assignment}'", "did you mean 'assignmnt'"]),
    (GOOD.replace("subject.period", "rows(subject, 'nettokostnd')"), 12,
     ["unknown row role 'nettokostnd'", "did you mean 'nettokostnad'"]),
    (GOOD.replace("exists: true", "exists: 'yes'"), 13, ["exists", "bool"]),
    # an attribute some plan value has, but not an uppdrag: checked against the subject's kind
    (GOOD.replace("subject.period", "subject.heading"), 12,
     ["'heading' in 'subject.heading' is not an attribute of Assignment"]),
    # and on through the attributes' own kinds: a tidsram has from/to years, no heading
    (GOOD.replace("subject.period", "subject.period.heading"), 12,
     ["'heading' in 'subject.period.heading' is not an attribute of YearRange"]),
    (GOOD.replace("given: {kind: assignment}", "given: {kind: cell, table: ramr, column: budget}")
     .replace("subject.period", "subject.value"), 8,
     ["unknown table kind 'ramr'", "did you mean 'ramar'"]),
    (GOOD.replace("given: {kind: assignment}", "given: {kind: cell, column: [budget, plna]}")
     .replace("subject.period", "subject.value"), 8,
     ["unknown column kind 'plna'", "did you mean 'plan'"]),
    # a type mismatch the load-time check can see: a compare of a text, a range of a list
    (GOOD.replace("value: subject.period\n      exists: true",
                  "compare: {left: subject.text, op: '<', right: 3}"), 12,
     ["'subject.text' is a text, but compare needs a number"]),
    (GOOD.replace("value: subject.period\n      exists: true",
                  "value: subject.owners\n      range: {min: 1}"), 12,
     ["'subject.owners' is a list, but range needs a number"]),
    (GOOD.replace("given: {kind: assignment}", "given: {kind: assignment, role: ram}"), 8,
     ["'role' selects table cells", "kind: cell"]),
])
def test_a_mistake_is_one_located_error_with_a_hint(tmp_path: Path, body: str, line: int,
                                                     words: list[str]):
    errors = load_errors(tmp_path, body)
    assert len(errors) == 1, errors
    assert errors[0][0] == line, errors
    assert all(w in errors[0][1] for w in words), errors


@pytest.mark.parametrize("expression,words", [
    ("__import__('os')", "unknown function '__import__'"),
    ("subject.__class__", "may not be read"),
    ("subject.text.upper()", "only the rule language's own functions"),
    ("(lambda: 1)()", "only the rule language's own functions"),
    ("{'a': 1}", "is not part of the rule language"),
    ("subject.owners is None", "is not part of the rule language"),
    ("open('/etc/passwd')", "unknown function 'open'"),
    ("matches(subject.text, '(a+)+b')", "a repetition inside a repetition"),
    ("matches(subject.text, subject.id)", "must be a constant text"),
])
def test_no_code_runs(tmp_path: Path, expression: str, words: str):
    errors = load_errors(tmp_path, GOOD.replace("subject.period", '"' + expression + '"'))
    assert any(words in message for _, message in errors), errors


def test_cli_exits_2_on_a_mistake(tmp_path: Path):
    folder = write_rule(tmp_path, GOOD.replace("exists: true", "exist: true"))
    result = CliRunner().invoke(cli, ["test", str(folder)])
    assert result.exit_code == 2
    assert "TST001.yaml:13" in result.output and "exists" in result.output


def test_a_costly_rule_is_stopped_with_a_located_error(tmp_path: Path):
    body = GOOD.replace(
        "\n      value: subject.period\n      exists: true",
        " \"count([1 for a in nodes('row') for b in nodes('row') for c in nodes('row') for d in nodes('row')]) > 0\"")
    ruleset = load_rules([write_rule(tmp_path, body)])
    with pytest.raises(PlanLoadError) as exc:
        run_rules(build_graph(*load_plan(REAL_PLAN)), ruleset, "en", {"TST001"})
    [error] = exc.value.errors
    assert error.key == "lang.too_costly" and error.location.line == 9


@pytest.mark.parametrize("pattern,reason", [
    ("(a+)+$", "nested"), ("(\\w*)*x", "nested"), ("(a|aa)*b", "alternation"),
    ("(x)\\1", "backreference"), ("a" * 201, "length"), ("(", "syntax"),
    ("^[A-ZÅÄÖ][a-zåäö]+ \\d{4}$", None), ("(ab)+c", None), ("x{2,5}y+", None),
])
def test_patterns_that_could_backtrack_without_bound_are_refused(pattern: str,
                                                                  reason: str | None):
    assert unsafe_reason(pattern) == reason


# --- the algebra of conditions --------------------------------------------------------------

def env() -> Env:
    return Env({}, None, StepBudget())


conditions = st.recursive(
    st.sampled_from(["true", "false", "1 > 2", "2 >= 2"]),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: AllCondition.model_construct(all=xs)),
        st.lists(inner, max_size=4).map(lambda xs: AnyCondition.model_construct(any=xs)),
        inner.map(lambda x: NotCondition.model_construct(not_=x))),
    max_leaves=12)


def truth(cond: object) -> bool:
    """What Python's own and/or/not say the condition is."""
    if isinstance(cond, str):
        return {"true": True, "false": False, "1 > 2": False, "2 >= 2": True}[cond]
    if isinstance(cond, AllCondition):
        return all(truth(c) for c in cond.all)
    if isinstance(cond, AnyCondition):
        return any(truth(c) for c in cond.any)
    assert isinstance(cond, NotCondition)
    return not truth(cond.not_)


@given(conditions)
@settings(max_examples=300, deadline=None)
def test_all_any_not_are_boolean_algebra(cond: object):
    assert holds(env(), cond)[0] == truth(cond)
    negated = NotCondition.model_construct(not_=cond)
    assert holds(env(), negated)[0] == (not truth(cond))


@given(st.lists(conditions, max_size=4))
@settings(max_examples=150, deadline=None)
def test_de_morgan(parts: list[object]):
    left = NotCondition.model_construct(not_=AllCondition.model_construct(all=parts))
    right = AnyCondition.model_construct(
        any=[NotCondition.model_construct(not_=p) for p in parts])
    assert holds(env(), left)[0] == holds(env(), right)[0]


figures = st.builds(lambda n, places: Decimal(n).scaleb(-places),
                    st.integers(-10**6, 10**6), st.integers(0, 3))


@given(figures, figures, st.sampled_from(["<=", "<", ">=", ">", "==", "!="]))
@settings(max_examples=400, deadline=None)
def test_printed_tolerance_is_half_a_unit_of_each_side(a: Decimal, b: Decimal, op: str):
    """``tolerance: printed`` forgives what rounding each printed figure can hide, no more."""
    def half(x: Decimal) -> Decimal:
        exponent = x.as_tuple().exponent
        return Decimal(1).scaleb(exponent if isinstance(exponent, int) and exponent < 0 else 0) / 2

    tol = half(a) + half(b)
    cond = CompareCondition.model_validate(
        {"compare": {"left": "a", "op": op, "right": "b", "tolerance": "printed"}})
    ok, found = holds(Env({"a": a, "b": b}, None, StepBudget()), cond)
    expected = {"<=": a <= b + tol, "<": a < b + tol, ">=": a >= b - tol, ">": a > b - tol,
                "==": abs(a - b) <= tol, "!=": abs(a - b) > tol}[op]
    assert ok == expected
    assert found["tolerance"] == tol and str(a) in found["computation"]


# --- govcheck rules new, govcheck schema --rules ----------------------------------------------

def test_a_new_rule_loads_and_asks_for_its_failing_case(tmp_path: Path):
    folder = tmp_path / "my-rules"
    result = CliRunner().invoke(cli, ["rules", "new", "KAN009", "--dir", str(folder),
                                      "--kind", "sub_goal"])
    assert result.exit_code == 0, result.output
    [rule] = list(load_rules([folder]))
    assert rule.id == "KAN009" and rule.declarative and rule.given.kind == "sub_goal"
    tested = CliRunner().invoke(cli, ["test", str(folder)])
    assert tested.exit_code == 1 and "no case expects this rule to fire" in tested.output
    again = CliRunner().invoke(cli, ["rules", "new", "KAN009", "--dir", str(folder)])
    assert again.exit_code == 2 and "exists already" in again.output
    bad = CliRunner().invoke(cli, ["rules", "new", "KAN010", "--kind", "sub_gaol"])
    assert bad.exit_code == 2 and "did you mean 'sub_goal'" in bad.output


def test_every_rule_file_fits_the_rule_schema_and_a_misspelt_key_does_not():
    import json

    import jsonschema
    import yaml

    from govcheck.paths import rules_dir

    result = CliRunner().invoke(cli, ["schema", "--rules"])
    assert result.exit_code == 0
    validator = jsonschema.Draft202012Validator(json.loads(result.output))
    files = sorted(rules_dir().glob("*.yaml")) + sorted(rules_dir().glob("styrmodell/*/*.yaml"))
    assert len(files) > 30
    for path in files:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, (path.name, [e.message for e in errors][:3])
    data = yaml.safe_load((rules_dir() / "MAL001.yaml").read_text(encoding="utf-8"))
    data["blocks"][0]["then"][0]["asert"] = data["blocks"][0]["then"][0].pop("assert")
    assert any("asert" in e.message for e in validator.iter_errors(data))


@pytest.mark.parametrize("expression,value", [
    ("7 / 2", Decimal("3.5")), ("6.5 - 5.6", Decimal("0.9")), ("1 / 0", None),
    ("[1] + [2]", [1, 2]), ("'a' + 'b'", "ab"), ("none.anything", None),
    ("[x * 2 for x in [1, 2] if x > 1]", [4]), ("1 < 2 <= 2", True), ("f'{1} < {2}'", "1 < 2"),
    ("[1, 2, 3][1:]", [2, 3]), ("[1, 2, 3][:-1]", [1, 2]), ("'abc'[1:2]", "b"),
    ("none[1:]", None),
])
def test_expressions_compute_with_the_printed_digits(expression: str, value: object):
    from govcheck.rules.lang.expr import compile_expr

    assert compile_expr(expression)(env()) == value


@pytest.mark.parametrize("expression", ["[1] * 10 ** 9", "'x' * 1000000000", "[1] * 1000000000"])
def test_no_value_is_repeated_without_bound(expression: str):
    from govcheck.rules.lang.expr import EvalError, ExprError, compile_expr

    with pytest.raises((EvalError, ExprError)):
        compile_expr(expression)(env())


def test_a_table_row_is_its_own_node(tmp_path: Path):
    """A row's id is unique only in its table: the language finds the row's own node
    (TABLE/ROW), never a body or another table's row with the same id."""
    body = """\
given: {kind: row, as: row, where: row.body != none}
then:
  - message: missing
    assert: {edges: {of: row, kind: frame_of}, max: 0}
    params:
      assignment: "f'{first(targets(row, \\"part_of\\")).id}/{row.id} → {first(targets(row, \\"frame_of\\")).id}'"
"""
    ruleset = load_rules([write_rule(tmp_path, body)])
    plan, index = load_plan(REAL_PLAN)
    findings = run_rules(build_graph(plan, index), ruleset, "en", {"TST001"})
    tables = [*plan.tables, *(t for bp in plan.board_plans for t in bp.tables)]
    expected = sorted(f"{t.id}/{r.id} → {r.body}" for t in tables for r in t.rows if r.body)
    assert sorted(f.params["assignment"] for f in findings) == expected
    assert all(f.evidence["count"] == 1 for f in findings) and len(expected) > 5


def test_cells_are_selected_by_table_role_column_kind_and_year(tmp_path: Path):
    """``given: {kind: cell, …}``: every frame of the budget year (not "varav" rows) over a
    limit gives one finding at the printed figure, exactly the cells the plan prints."""
    body = """\
given: {kind: cell, as: c, table: ramar, role: ram, column: budget, year: budget_year, whole: true}
where: c.value != none
then:
  - message: missing
    assert: {compare: {left: c.value, op: "<", right: 1000}}
    params:
      assignment: "f'{c.table.id}/{c.row.id}/{c.column.id}={c.value}'"
"""
    ruleset = load_rules([write_rule(tmp_path, body)])
    plan, index = load_plan(REAL_PLAN)
    findings = run_rules(build_graph(plan, index), ruleset, "en", {"TST001"})
    year = plan.plan.budget_year
    expected = sorted(
        f"{t.id}/{r.id}/{c.id}={r.values[i]}"
        for t in [*plan.tables, *(t for bp in plan.board_plans for t in bp.tables)]
        if t.kind == "ramar"
        for r in t.rows if r.role == "ram" and not r.part_of
        for i, c in enumerate(t.columns)
        if c.kind == "budget" and c.year == year and r.values[i] is not None
        and r.values[i] >= 1000)
    assert len(expected) >= 2, expected
    assert sorted(f.params["assignment"] for f in findings) == expected
    for f in findings:  # each at its printed figure, with the table as source
        table, row, column = f.params["assignment"].split("=")[0].split("/")
        t = next(t for t in plan.tables if t.id == table)
        r = t.row(row)
        assert f.location == r.at(f"värden[{t.column(column)}]")
        assert f.evidence["subject"] == f"{table}/{row}/{column}"


def test_a_deadline_year_the_table_skips_is_named_as_not_tested():
    """BAL001 in conditions, the restoration a built-in function: a deficit due in a year the
    balanskrav table prints no result for is neither a finding nor a silent pass."""
    ruleset = load_rules([Path(__file__).parent.parent / "rules"])
    rule = ruleset.get("BAL001")
    assert rule.declarative
    case = next(c for c in rule.tests if c.name == "deadline-year-not-printed")
    from govcheck.rules.casetest import materialise
    from govcheck.rules.coverage import RuleCoverage

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "plan"
        materialise(rule, case, root)
        coverage: dict[str, RuleCoverage] = {}
        findings = run_rules(build_graph(*load_plan(root)), ruleset, "en", {"BAL001"},
                             coverage=coverage)
    assert findings == []
    reasons = coverage["BAL001"].as_dict("en")["reasons"]
    assert reasons == ["bk-gap: the 2024 deficit is due by 2027, but the table prints no "
                       "balanced-budget result for 2027"]


def test_the_catalogue_says_which_rules_are_conditions():
    ruleset = load_rules([Path(__file__).parent.parent / "rules"])
    for lang, words in (("sv", ("villkor", "funktion")), ("en", ("conditions", "function"))):
        result = CliRunner().invoke(cli, ["rules", "--lang", lang])
        assert result.exit_code == 0, result.output
        shown = {line.split()[0]: next(w for w in line.split() if w in words)
                 for line in result.output.splitlines()}
        assert shown == {r.id: words[0] if r.declarative else words[1] for r in ruleset}
        assert {"MAL001", "UPP001", "EKO001", "BAL001"} <= {
            rid for rid, form in shown.items() if form == words[0]}


@pytest.mark.parametrize("condition", [
    'compare: {left: t, op: "<", right: 3}',
    "value: t\n      range: {min: 3}",
])
def test_a_type_mismatch_only_seen_at_run_time_is_a_located_error(tmp_path: Path,
                                                                   condition: str):
    """A let's type is not known when the rule loads: comparing its text with a number
    stops the rule with a located error (exit 2), never an internal error."""
    body = f"""\
given: {{kind: assignment}}
let:
  t: subject.text
then:
  - message: missing
    assert:
      {condition}
    params:
      assignment: subject.id
"""
    folder = write_rule(tmp_path, body)
    result = CliRunner().invoke(cli, ["lint", str(REAL_PLAN), "--rules", str(folder),
                                      "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "TST001.yaml:12" in result.output and "is not a number" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_the_plan_as_a_whole_is_one_subject(tmp_path: Path):
    """``given: {kind: plan}``: one subject, the plan, for what the plan as a whole holds."""
    body = """\
given: {kind: plan, as: p}
then:
  - message: missing
    assert: {compare: {left: p.budget_year, op: ">", right: 2030}}
    params:
      assignment: p.id
"""
    ruleset = load_rules([write_rule(tmp_path, body)])
    plan, index = load_plan(REAL_PLAN)
    [finding] = run_rules(build_graph(plan, index), ruleset, "en", {"TST001"})
    assert finding.params["assignment"] == plan.plan.id
    assert finding.location == plan.plan.at()
    assert finding.evidence["subject"] == plan.plan.id
    assert finding.evidence["computation"] == f"{plan.plan.budget_year} ≤ 2030"
    errors = load_errors(tmp_path, body.replace("p.budget_year", "p.budgetyear"))
    assert len(errors) == 1 and "did you mean 'budget_year'" in errors[0][1], errors


@given(st.lists(st.integers(-5, 5), max_size=6), st.one_of(st.none(), st.integers(-8, 8)),
       st.one_of(st.none(), st.integers(-8, 8)))
@settings(max_examples=200, deadline=None)
def test_slices_mean_what_they_mean_in_python(items: list[int], lower: int | None,
                                              upper: int | None):
    from govcheck.rules.lang.expr import compile_expr

    text = f"x[{'' if lower is None else lower}:{'' if upper is None else upper}]"
    assert compile_expr(text)(Env({"x": items}, None, StepBudget())) == items[lower:upper]


def test_a_slice_with_a_step_is_refused(tmp_path: Path):
    errors = load_errors(tmp_path, GOOD.replace("subject.period", "'subject.owners[::2]'"))
    assert any("slice step" in message for _, message in errors), errors


def test_a_let_is_computed_again_only_in_the_bindings_whose_names_it_reads():
    """A ``let`` that reads only the subject is one value for every ``for_each`` item (it was
    computed again per item, which made EKO107 quadratic); one that reads an item's name, or a
    ``let`` that does, is computed per item of that level."""
    from govcheck.rules.lang.evaluate import _let_levels
    from govcheck.rules.lang.model import Block

    block = Block.model_validate({
        "given": {"kind": "table", "as": "t"},
        "for_each": [{"each": "row", "in": "t.rows", "index": "j"},
                     {"each": "v", "in": "row.values"}],
        "let": {"rows": "[r for r in t.rows if r.body != none]",
                "label": "row.heading", "above": "[r for r in rows if r.heading == label]",
                "place": "j + 1", "cell": "v", "shown": "f'{label}: {cell}'",
                "row": "count(rows)"},
        "then": [{"message": "m", "assert": "true"}]})
    assert _let_levels(block) == {"rows": 0, "label": 1, "above": 1, "place": 1, "cell": 2,
                                  "shown": 2, "row": 1}
