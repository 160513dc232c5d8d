"""Running a declarative rule: subjects, bindings, conditions, and the hits they make.

The evidence of a finding is the language's own: when a rule's assertion gives no
``evidence``, the finding shows the subject, every ``for_each`` binding, what the failed
condition found (the graph path, the edge count, the computation with its tolerance) and
the subject's printed source. An assertion that gives ``evidence`` can still show what the
condition found through the name ``found``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from govcheck.i18n import Msg
from govcheck.load.errors import LoadError, Location, PlanLoadError
from govcheck.rules.checks.registry import CHECKS, CheckDef, Context, Options
from govcheck.rules.coverage import Untested
from govcheck.rules.finding import Hit
from govcheck.rules.lang.cells import Cell, select_cells
from govcheck.rules.lang.expr import (ABSENT, Env, EvalError, Lazy, StepBudget, StepLimit,
                                      compile_expr, names_used, preload)
from govcheck.rules.lang.functions import (graph_node, half_unit, node_id,
                                           reachable_of_kind, shortest_path)
from govcheck.rules.lang.model import (AllCondition, AnyCondition, Block, CompareCondition,
                                       EdgesCondition, NotCondition, PathCondition, Then,
                                       ValueCondition, expand_kinds)
from govcheck.rules.lang.patterns import compiled as compiled_pattern


class DeclarativeOptions(Options):
    """A declarative rule has no options: its file says everything."""


def _expr(text: Any) -> Any:
    """A compiled expression; a YAML constant (a number, true, a list) stands for itself."""
    if isinstance(text, str):
        return compile_expr(text)
    value = Decimal(repr(text)) if isinstance(text, float) else text
    return lambda env: value


def value(env: Env, text: Any) -> Any:
    out = _expr(text)(env)
    return out.get() if isinstance(out, Lazy) else out


class RuleRun:
    """What a declarative rule needs at run time: its blocks, id and where its parts are (a
    holder of large values: compared by identity)."""

    def __init__(self, rule_id: str, blocks: list[Block], places: dict[str, Location],
                 fallback: Location) -> None:
        self.rule_id = rule_id
        self.blocks = blocks
        self.places = places
        self.fallback = fallback

    def at(self, where: str) -> Location:
        while where:
            if where in self.places:
                return self.places[where]
            where = where.rpartition(".")[0]
        return self.fallback


def check_def(rule: Any) -> CheckDef:
    """The declarative rule as a built-in check would be: a function yielding hits, no
    options, the variants its assertions (and the functions it calls) give."""
    preload(rule._code)
    blocks = rule.declared_blocks()
    run = RuleRun(rule.id, blocks, dict(rule.langlocs), rule.at("then"))
    variants = {t.message for b in blocks for t in b.then if t.message}
    for b in blocks:
        for t in b.then:
            if t.function and t.function in CHECKS:
                variants |= CHECKS[t.function].variants

    def run_rule(ctx: Context, options: Options) -> Iterator[Any]:
        return evaluate(run, ctx)

    return CheckDef(f"{rule.id}:conditions", run_rule, DeclarativeOptions,
                    frozenset(variants), "", tuple(rule.needs))


def evaluate(run: RuleRun, ctx: Context) -> Iterator[Any]:
    budget = StepBudget()
    where = "blocks.0" if len(run.blocks) > 1 else ""
    try:
        for b, block in enumerate(run.blocks):
            where = f"blocks.{b}" if len(run.blocks) > 1 else ""
            yield from _block(run, block, ctx, budget, where)
    except StepLimit:
        raise PlanLoadError([LoadError(run.at(where or "then"), "lang.too_costly",
                                       {"rule": run.rule_id})]) from None


def _block(run: RuleRun, block: Block, ctx: Context, budget: StepBudget,
           prefix: str) -> Iterator[Any]:
    g = ctx.graph
    info = g.plan.plan
    council = next(iter(g.nodes_of("council")), "fullmäktige")
    base = {"budget_year": int(info.budget_year) if info is not None else None,
            "plan": info, "council": council}
    dot = prefix + "." if prefix else ""
    given = block.given
    if given.cells:
        year = given.year
        if isinstance(year, str):
            year = value(Env(dict(base), ctx, budget), year)
        subjects = select_cells(g, given.table, given.role, _kinds(given.column), year,
                                given.whole)
        budget.left -= len(subjects)
    elif given.whole_plan:
        subjects = [info] if info is not None else []
    else:
        subjects = g.nodes_of(*expand_kinds(given.kinds()))
    own = given.cells or given.whole_plan  # subjects that are values, not graph nodes
    functions = [(i, t) for i, t in enumerate(block.then) if t.form == "function"]
    for i, t in functions:
        check = CHECKS[t.function]  # type: ignore[index]
        yield from check.fn(Context(g, subjects), check.options.model_validate(t.options))
    entries = [(i, t) for i, t in enumerate(block.then) if t.form != "function"]
    if not entries:
        return
    for node in subjects:
        subject = node if own else g.entity(node)
        env = Env({**base, "subject": subject}, ctx, budget)
        if block.given.as_:
            env.vars[block.given.as_] = subject
        _bind_lets(env, block)
        place = f"{dot}given.where"
        try:
            if block.given.where and not value(env, block.given.where):
                continue
            for bound in _expand(env, block, 0, f"{dot}for_each"):
                place = f"{dot}where"
                if block.where and not value(bound, block.where):
                    continue
                for i, entry in entries:
                    place = f"{dot}then.{i}"
                    if entry.when is not None and not value(bound, entry.when):
                        continue
                    if entry.form == "untested":
                        if value(bound, entry.untested):
                            params = {k: _param(value(bound, v))
                                      for k, v in entry.reason_params.items()}
                            yield Untested(Msg(entry.reason or "", **params))
                            break
                        continue
                    ok, found = holds(bound, entry.assert_)
                    if not ok:
                        yield _hit(bound, entry, found, block)
        except EvalError as exc:
            raise PlanLoadError([LoadError(run.at(place), "lang.runtime", {
                "rule": run.rule_id, "subject": node.id if own else node,
                "detail": Msg(exc.key, **exc.params)})]) from None


def _kinds(column: str | list[str] | None) -> list[str] | None:
    return [column] if isinstance(column, str) else column


def _bind_lets(env: Env, block: Block, level: int = 0) -> None:
    """Bind the block's ``let`` values in ``env``: at the subject (level 0) all of them, in
    the bindings of the level-th ``for_each`` only those that read its names (or a ``let``
    that does); the others are the same value for every item, computed once and inherited."""
    for name, fn in _let_bindings(block, level):
        env.vars[name] = Lazy(fn, env)


_BINDINGS: dict[tuple[int, int], tuple[Block, list[tuple[str, Any]]]] = {}


def _let_bindings(block: Block, level: int) -> list[tuple[str, Any]]:
    """The ``let`` values bound at ``level`` (see ``_bind_lets``), compiled, in order."""
    cached = _BINDINGS.get((id(block), level))
    if cached is not None and cached[0] is block:
        return cached[1]
    levels = _let_levels(block) if level else {}
    out = [(name, _expr(text)) for name, text in block.let.items()
           if level == 0 or levels[name] >= level]
    _BINDINGS[(id(block), level)] = (block, out)
    return out


def _let_levels(block: Block) -> dict[str, int]:
    """Each ``let`` name's level: the deepest ``for_each`` (1, 2, …) whose names its value
    reads, directly or through other ``let`` values; 0 for a value of the subject alone.
    (Computed once per block and level: ``_let_bindings`` keeps what it gives.)"""
    bound: dict[str, int] = {}
    for i, spec in enumerate(block.for_each, 1):
        bound[spec.each] = i
        if spec.index:
            bound[spec.index] = i
    reads = {name: {n for n, _ in names_used(text)} if isinstance(text, str) else set()
             for name, text in block.let.items()}
    levels: dict[str, int] = {}

    def level_of(name: str, seen: frozenset[str]) -> int:
        if name in levels:
            return levels[name]
        deepest = 0
        for used in reads[name]:
            if used in block.let and used not in seen:
                deepest = max(deepest, level_of(used, seen | {name}))
            elif used in block.let:
                deepest = max(deepest, len(block.for_each))  # a cycle: bind it everywhere
            elif used in bound:
                deepest = max(deepest, bound[used])
        # a let named as a for_each name takes its place there, as it always did
        deepest = max(deepest, bound.get(name, 0))
        levels[name] = deepest
        return deepest

    for name in block.let:
        level_of(name, frozenset({name}))
    return levels


def _expand(env: Env, block: Block, level: int, place: str) -> Iterator[Env]:
    if level == len(block.for_each):
        yield env
        return
    spec = block.for_each[level]
    for i, item in enumerate(value(env, spec.in_) or ()):
        env.budget.left -= 1
        more = {spec.each: item}
        if spec.index:
            more[spec.index] = i
        child = env.child(**more)
        _bind_lets(child, block, level + 1)
        yield from _expand(child, block, level + 1, place)


# --- conditions -----------------------------------------------------------------------------

def holds(env: Env, cond: Any) -> tuple[bool, dict[str, Any]]:
    """Whether the condition holds, and what it found (the language's evidence)."""
    if isinstance(cond, str):
        return bool(value(env, cond)), {}
    if isinstance(cond, AllCondition):
        for part in cond.all:
            ok, found = holds(env, part)
            if not ok:
                return False, found
        return True, {}
    if isinstance(cond, AnyCondition):
        merged: dict[str, Any] = {}
        for part in cond.any:
            ok, found = holds(env, part)
            if ok:
                return True, {}
            merged.update(found)
        return False, merged
    if isinstance(cond, NotCondition):
        ok, found = holds(env, cond.not_)
        return not ok, found
    if isinstance(cond, ValueCondition):
        return _value_holds(env, cond)
    if isinstance(cond, EdgesCondition):
        of = graph_node(env, value(env, cond.edges.of))
        g = env.ctx.graph
        if of is None or of not in g.graph:
            n = 0
        elif cond.edges.direction == "out":
            n = len(g.targets(of, cond.edges.kind))
        else:
            n = len(g.sources(of, cond.edges.kind))
        ok = (cond.min is None or n >= cond.min) and (cond.max is None or n <= cond.max)
        return ok, {"edges": cond.edges.kind, "count": n}
    if isinstance(cond, PathCondition):
        spec = cond.path
        start = graph_node(env, value(env, spec.from_))
        g = env.ctx.graph
        if start is None or start not in g.graph:
            return False, {"path": None}
        if spec.to is not None:
            end = graph_node(env, value(env, spec.to))
            found = (shortest_path(env, start, end, spec.along)
                     if end is not None and end in g.graph else None)
        else:
            kinds = [spec.kind] if isinstance(spec.kind, str) else list(spec.kind or ())
            found = reachable_of_kind(env, start, spec.along, set(expand_kinds(kinds)))
        return found is not None, {"path": found or [start]}
    if isinstance(cond, CompareCondition):
        return _compare(env, cond)
    raise TypeError(type(cond))  # pragma: no cover (the model admits no other form)


def _value_holds(env: Env, cond: ValueCondition) -> tuple[bool, dict[str, Any]]:
    v = value(env, cond.value)
    found = {"value": _evidence(v)}
    if cond.exists is not None:
        present = v is not None and v != [] and v != ""
        return present == cond.exists, found
    if cond.pattern is not None:
        return v is not None and compiled_pattern(cond.pattern).search(str(v)) is not None, found
    if cond.in_ is not None:
        choices = value(env, cond.in_) if isinstance(cond.in_, str) else cond.in_
        return v in (choices or ()), found
    rng = cond.range
    assert rng is not None
    low = value(env, rng.min) if rng.min is not None else None
    high = value(env, rng.max) if rng.max is not None else None
    if v is None:
        return False, found
    try:
        return (low is None or v >= low) and (high is None or v <= high), found
    except TypeError:  # a text against a number, a list against a date
        raise EvalError("lang.not_a_number", value=repr(v)) from None


_FAILS = {"<": "≥", "<=": ">", "==": "≠", "!=": "=", ">": "≤", ">=": "<"}


def _compare(env: Env, cond: CompareCondition) -> tuple[bool, dict[str, Any]]:
    spec = cond.compare
    left, right = value(env, spec.left), value(env, spec.right)
    if left is None or right is None:
        return True, {}  # a missing figure is not a finding: say 'untested' for it
    left, right = _decimal(left), _decimal(right)
    printed = half_unit(env, left) + half_unit(env, right)
    tol = Decimal(0)
    if spec.tolerance is not None:
        tol = _decimal(value(env.child(printed=printed), spec.tolerance) or 0)
    op = spec.op
    ok = {"<": left < right + tol, "<=": left <= right + tol, ">": left > right - tol,
          ">=": left >= right - tol, "==": abs(left - right) <= tol,
          "!=": abs(left - right) > tol}[op]
    text = f"{left} {_FAILS[op]} {right}" if ok is False else f"{left} {op} {right}"
    if tol:
        text += f" (± {tol})"
    return ok, {"computation": text, "left": left, "right": right, "tolerance": tol}


def _decimal(v: Any) -> Decimal:
    """A figure to compare: a number, never a text, a list or true/false."""
    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
        raise EvalError("lang.not_a_number", value=repr(v))
    return Decimal(repr(v)) if isinstance(v, float) else Decimal(v)


# --- hits --------------------------------------------------------------------------------------

def _hit(env: Env, entry: Then, found: dict[str, Any], block: Block) -> Hit:
    scope = env.child(found=found)
    params = {k: _param(v) for k, v in
              ((k, value(scope, text)) for k, text in entry.params.items()) if v is not ABSENT}
    subject = env.vars["subject"]
    if entry.evidence is not None:
        evidence = {k: _evidence(v) for k, v in
                    ((k, value(scope, text)) for k, text in entry.evidence.items())
                    if v is not ABSENT}
    else:
        evidence = {"subject": node_id(subject) if isinstance(subject, BaseModel)
                    else _evidence(subject)}
        for spec in block.for_each:
            evidence[spec.each] = _evidence(env.vars.get(spec.each))
        evidence.update({k: _evidence(v) for k, v in found.items()})
        from govcheck.rules.checks.figures import cite

        source = cite(subject.table if isinstance(subject, Cell) else subject)
        if source:
            evidence["source"] = source
    where = value(scope, entry.at) if entry.at is not None else subject.at()
    if not isinstance(where, Location):
        raise EvalError("lang.not_a_place", value=type(where).__name__)
    related: tuple[Location, ...] = ()
    if entry.related is not None:
        items = value(scope, entry.related) or ()
        related = tuple(r for r in (items if isinstance(items, list) else [items])
                        if isinstance(r, Location))
    return Hit(entry.message or "", params, where, evidence=evidence, related=related,
               part=entry.part)


def _param(v: Any) -> Any:
    """A message parameter: an entity by its id, a list of them by their ids."""
    if isinstance(v, BaseModel) and isinstance(getattr(v, "id", None), str):
        return v.id
    if isinstance(v, list):
        return [_param(x) for x in v]
    return v


def _evidence(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _evidence(x) for k, x in v.items()}
    return _param(v)
