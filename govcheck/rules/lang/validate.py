"""Checking a declarative rule when it is loaded: every mistake a located error.

After pydantic has checked the form (unknown keys, wrong types), this checks the meaning:
node kinds, edge kinds, row roles, attribute names, functions and bound names exist (each
wrong one with a did-you-mean), expressions use only the language's forms, patterns are
safe (patterns.py), message variants and template fields match the rule's messages, and
called built-in checks and their options exist.
"""

from __future__ import annotations

import ast
import string
from functools import lru_cache
from typing import Any

from govcheck.i18n import CATALOGUE, Msg
from govcheck.load.errors import LoadError, Location
from govcheck.model.plan import ROW_ROLES
from govcheck.model.suggest import did_you_mean
from govcheck.rules.lang.expr import ExprError, attribute_chains, attributes_used, calls_used, compile_expr, names_used
from govcheck.rules.lang import locate
from govcheck.rules.lang.model import (EDGE_KINDS, KIND_GROUPS, NODE_KINDS, AllCondition,
                                       AnyCondition, Block, CompareCondition, EdgesCondition,
                                       NotCondition, PathCondition, ValueCondition)
from govcheck.rules.lang.patterns import unsafe_reason

GLOBALS = ("subject", "budget_year", "plan", "council", "true", "false", "none", "absent")
"""Names every expression may read: true, false and none, the subject, the plan's budget year, the plan's
``plan.yaml`` (``plan.mandate_period``, ``plan.plan_period`` …) and fullmäktige's id."""

ORG_WORDS = ("goal_word", "council_word", "executive_word")

RECORD_KEYS = ("body", "owner", "index", "values", "row", "derived", "computation", "left",
               "right", "tolerance", "path", "count", "edges", "value")
"""The keys of the records the language makes (owner_bodies, role_values, ``found``)."""


@lru_cache(maxsize=1)
def known_attributes() -> frozenset[str]:
    """Every attribute a plan value can have: the English field names of the plan model
    and their Swedish keys, and the keys of the language's records."""
    from pydantic import BaseModel

    import govcheck.model.base as base
    import govcheck.model.plan as plan

    from govcheck.rules.lang import cells, simulations  # noqa: F401 (register their functions)
    from govcheck.rules.lang.functions import RETURNED_KEYS

    names: set[str] = set(RECORD_KEYS) | RETURNED_KEYS
    for module in (plan, base):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, BaseModel):
                for name, info in obj.model_fields.items():
                    names.add(name)
                    if info.alias:
                        names.add(info.alias)
    return frozenset(names)


@lru_cache(maxsize=1)
def kind_classes() -> dict[str, tuple[type, ...]]:
    """The plan model class of each node kind (and of a table cell): what ``subject`` is."""
    import govcheck.model.plan as p
    from govcheck.graph.build import BODY_KINDS
    from govcheck.rules.lang.cells import Cell

    out: dict[str, tuple[type, ...]] = {kind: (p.Body,) for kind in set(BODY_KINDS.values())}
    out.update({
        "administration": (p.Administration,), "role": (p.Role,),
        "federation": (p.Federation,), "company": (p.Company,),
        "council_goal": (p.CouncilGoal,), "financial_goal": (p.FinancialGoal,),
        "group": (p.Group,), "assignment": (p.Assignment,),
        "document": (p.GoverningDocument,), "board_plan": (p.BoardPlan,),
        "sub_goal": (p.SubGoal,), "indicator": (p.Indicator,), "table": (p.Table,),
        "row": (p.Row,), "follow_up": (p.FollowUp,),
        "control_plan": (p.InternalControlPlan,), "cell": (Cell,), "plan": (p.PlanInfo,),
    })
    return out


def _field_names(cls: type) -> dict[str, str]:
    """A model's attribute names, English and Swedish, each to its field."""
    fields = cls.model_fields  # type: ignore[attr-defined]
    out = {name: name for name in fields}
    out.update({info.alias: name for name, info in fields.items() if info.alias})
    return out


def _models_in(annotation: Any) -> tuple[type, ...]:
    """The pydantic models a field holds (through Optional, Union and list), or ()."""
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return (annotation,)
    out: list[type] = []
    for arg in typing.get_args(annotation):
        out += [m for m in _models_in(arg) if m not in out]
    return tuple(out)


def literal_values(model: Any, field: str) -> tuple[str, ...]:
    """The words a ``Literal`` field of a plan model admits (a table's ``typ``, a column's
    ``slag``)."""
    import typing

    annotation = model.model_fields[field].annotation
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) is typing.Literal:
            return tuple(typing.get_args(arg))
    return ()


class Checker:
    def __init__(self, spec: Any, data: Any, display: str, errors: list[LoadError]):
        self.spec, self.data, self.errors = spec, data, errors
        self.fallback = Location(display, 1, 1)
        self.types: dict[str, tuple[type, ...]] = {}
        self.texts: list[str] = []
        """Every expression checked, in order: their code is kept with the rule."""

    def at(self, loc: tuple[Any, ...]) -> Location:
        return locate(self.data, loc, self.fallback)

    def error(self, loc: tuple[Any, ...], key: str, **params: Any) -> None:
        self.errors.append(LoadError(self.at(loc), key, params))

    def hint(self, name: str, options: Any) -> Msg:
        found = did_you_mean(name, list(options))
        return Msg("hint.did_you_mean", name=found) if found else Msg("hint.none")

    # --- expressions -------------------------------------------------------------------

    def expr(self, text: Any, loc: tuple[Any, ...], scope: set[str]) -> None:
        if not isinstance(text, str):
            return
        try:
            compile_expr(text)
            self.texts.append(text)
            free = names_used(text)
            attrs = attributes_used(text)
            calls = calls_used(text)
        except ExprError as exc:
            params = dict(exc.params)
            if "hint" in params:
                params["hint"] = (Msg("hint.did_you_mean", name=params["hint"])
                                  if params["hint"] else Msg("hint.none"))
            self.error(loc, "lang.bad_expression", expression=text, column=exc.column + 1,
                       detail=Msg(exc.key, **params))
            return
        for name, col in free:
            if name not in scope:
                self.error(loc, "lang.unknown_name", expression=text, name=name,
                           hint=self.hint(name, scope))
        known = known_attributes()
        for attr, col in attrs:
            if attr not in known:
                self.error(loc, "lang.unknown_attribute", expression=text, name=attr,
                           hint=self.hint(attr, known))
                return
        for root, chain in attribute_chains(text):
            self.typed_chain(root, chain, text, loc)
        for name, args, kwargs, col in calls:
            self.call(name, args, kwargs, text, loc)

    def typed_chain(self, root: str, chain: list[str], text: str,
                    loc: tuple[Any, ...]) -> None:
        """Follow ``subject.a.b`` through the subject's model: an attribute its kind does
        not have is an error, with the attributes it has to choose from."""
        classes = self.types.get(root)
        for attr in chain:
            if not classes:
                return  # a value the check cannot type (a text, a number, anything)
            names = {}
            for cls in classes:
                names.update(_field_names(cls))
            if attr not in names:
                kinds = "/".join(sorted(c.__name__ for c in classes))
                self.error(loc, "lang.no_such_attribute", expression=text, name=attr,
                           kind=kinds, hint=self.hint(attr, names))
                return
            nxt: list[type] = []
            for cls in classes:
                field = _field_names(cls).get(attr)
                if field is not None:
                    nxt += [m for m in _models_in(cls.model_fields[field].annotation)
                            if m not in nxt]
            classes = tuple(nxt)

    def expect_type(self, text: Any, wanted: tuple[str, ...], loc: tuple[Any, ...],
                    form: str) -> None:
        """A value whose type the check knows (an attribute chain from the subject, or a
        constant) must be of a kind the condition can use: compare takes numbers, pattern a
        text, range a number or a date."""
        found = self.value_type(text)
        if found is not None and found not in wanted:
            self.error(loc, "lang.type_mismatch", expression=text, form=form,
                       found=Msg(f"lang.type.{found}"),
                       wanted=Msg(f"lang.type.{wanted[0]}"))

    def value_type(self, text: Any) -> str | None:
        """``number``, ``text``, ``date``, ``bool``, ``list`` or ``record`` for a constant or
        an attribute chain read from the subject; None where the check cannot tell."""
        import datetime as dt
        import types
        import typing
        from decimal import Decimal as Dec

        if isinstance(text, bool):
            return "bool"
        if isinstance(text, (int, float)):
            return "number"
        if not isinstance(text, str):
            return None
        try:
            node = ast.parse(text.strip(), mode="eval").body
        except SyntaxError:
            return None
        if isinstance(node, ast.Constant):
            return self.value_type(node.value) if not isinstance(node.value, str) else "text"
        chains = attribute_chains(text)
        if not isinstance(node, ast.Attribute) or len(chains) != 1:
            return None
        root, chain = chains[0]
        classes = self.types.get(root)
        annotation: Any = None
        for attr in chain:
            if not classes or len(classes) != 1:
                return None
            field = _field_names(classes[0]).get(attr)
            if field is None:
                return None
            annotation = classes[0].model_fields[field].annotation
            classes = _models_in(annotation)
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
        else:
            args = [annotation]
        if len(args) != 1:
            return None
        kind = args[0]
        origin = typing.get_origin(kind)
        if origin is list:
            return "list"
        if origin is typing.Literal:
            return "text"
        if isinstance(kind, type):
            if issubclass(kind, bool):
                return "bool"
            if issubclass(kind, (int, float, Dec)):
                return "number"
            if issubclass(kind, str):
                return "text"
            if issubclass(kind, dt.date):
                return "date"
            if _models_in(kind):
                return "record"
        metadata = getattr(kind, "__metadata__", None)  # Annotated[int, …] and the like
        if metadata is not None:
            base = typing.get_args(kind)[0]
            if isinstance(base, type) and issubclass(base, (int, Dec)) \
                    and not issubclass(base, bool):
                return "number"
        return None

    def call(self, name: str, args: list[ast.expr], kwargs: dict[str, ast.expr], text: str,
             loc: tuple[Any, ...]) -> None:
        def const(node: ast.expr | None) -> Any:
            return node.value if isinstance(node, ast.Constant) else None

        def second() -> ast.expr | None:
            return args[1] if len(args) > 1 else None

        if name in ("targets", "sources", "directed_at"):
            self.edge_kind(const(second() or kwargs.get("edge")), loc)
        elif name == "path":
            along = kwargs.get("along") or (args[2] if len(args) > 2 else None)
            if isinstance(along, (ast.List, ast.Tuple)):
                for item in along.elts:
                    self.edge_kind(const(item), loc)
        elif name in ("rows", "role_values"):
            role = const(second() or kwargs.get("role"))
            if isinstance(role, str) and role not in ROW_ROLES:
                self.error(loc, "lang.unknown_role", name=role, hint=self.hint(role, ROW_ROLES))
        elif name == "nodes":
            for item in args:
                self.node_kind(const(item), loc)
        elif name == "matches":
            pattern = second() or kwargs.get("pattern")
            if not isinstance(const(pattern), str):
                self.error(loc, "lang.pattern_not_constant", expression=text)
            else:
                self.pattern(const(pattern), loc)

    def cell_selection(self, given: Any, loc: tuple[Any, ...]) -> None:
        """The table kinds, row roles and column kinds of ``given: {kind: cell, …}`` exist."""
        from govcheck.model.plan import Column, Table

        for key, known, error in (
                ("table", literal_values(Table, "kind"), "lang.unknown_table_kind"),
                ("role", ROW_ROLES, "lang.unknown_role"),
                ("column", literal_values(Column, "kind"), "lang.unknown_column_kind")):
            value = getattr(given, key)
            items = [value] if isinstance(value, str) else list(value or ())
            for i, name in enumerate(items):
                if name not in known:
                    self.error((*loc, key) if isinstance(value, str) else (*loc, key, i),
                               error, name=name, hint=self.hint(name, known))
        self.expr(given.year, (*loc, "year"), set(GLOBALS))

    def edge_kind(self, kind: Any, loc: tuple[Any, ...]) -> None:
        if isinstance(kind, str) and kind not in EDGE_KINDS:
            self.error(loc, "lang.unknown_edge", name=kind, hint=self.hint(kind, EDGE_KINDS))

    def node_kind(self, kind: Any, loc: tuple[Any, ...]) -> None:
        options = (*NODE_KINDS, *KIND_GROUPS)
        if isinstance(kind, str) and kind not in options:
            self.error(loc, "lang.unknown_kind", name=kind, hint=self.hint(kind, options))

    def pattern(self, pattern: str, loc: tuple[Any, ...]) -> None:
        reason = unsafe_reason(pattern)
        if reason is not None:
            self.error(loc, "lang.unsafe_pattern", pattern=pattern,
                       reason=Msg(f"lang.unsafe.{reason}"))

    # --- conditions and blocks -------------------------------------------------------------

    def condition(self, cond: Any, loc: tuple[Any, ...], scope: set[str]) -> None:
        if isinstance(cond, str):
            self.expr(cond, loc, scope)
        elif isinstance(cond, AllCondition):
            for i, part in enumerate(cond.all):
                self.condition(part, (*loc, "all", i), scope)
        elif isinstance(cond, AnyCondition):
            for i, part in enumerate(cond.any):
                self.condition(part, (*loc, "any", i), scope)
        elif isinstance(cond, NotCondition):
            self.condition(cond.not_, (*loc, "not"), scope)
        elif isinstance(cond, ValueCondition):
            self.expr(cond.value, (*loc, "value"), scope)
            if cond.pattern is not None:
                self.pattern(cond.pattern, (*loc, "pattern"))
                self.expect_type(cond.value, ("text",), (*loc, "value"), "pattern")
            if isinstance(cond.in_, str):
                self.expr(cond.in_, (*loc, "in"), scope)
            if cond.range is not None:
                self.expect_type(cond.value, ("number", "date"), (*loc, "value"), "range")
                self.expr(cond.range.min, (*loc, "range", "min"), scope)
                self.expr(cond.range.max, (*loc, "range", "max"), scope)
        elif isinstance(cond, EdgesCondition):
            self.expr(cond.edges.of, (*loc, "edges", "of"), scope)
            self.edge_kind(cond.edges.kind, (*loc, "edges", "kind"))
        elif isinstance(cond, PathCondition):
            self.expr(cond.path.from_, (*loc, "path", "from"), scope)
            for i, kind in enumerate(cond.path.along):
                self.edge_kind(kind, (*loc, "path", "along", i))
            if cond.path.to is not None:
                self.expr(cond.path.to, (*loc, "path", "to"), scope)
            kinds = cond.path.kind
            for kind in [kinds] if isinstance(kinds, str) else list(kinds or ()):
                self.node_kind(kind, (*loc, "path", "kind"))
        elif isinstance(cond, CompareCondition):
            self.expr(cond.compare.left, (*loc, "compare", "left"), scope)
            self.expr(cond.compare.right, (*loc, "compare", "right"), scope)
            for side in ("left", "right"):
                self.expect_type(getattr(cond.compare, side), ("number",),
                                 (*loc, "compare", side), "compare")
            self.expr(cond.compare.tolerance, (*loc, "compare", "tolerance"),
                      scope | {"printed"})

    def block(self, block: Block, loc: tuple[Any, ...]) -> set[str]:
        """Check one block; the message variants it gives."""
        from govcheck.rules.checks import CHECKS

        kinds = (["cell"] if block.given.cells else ["plan"] if block.given.whole_plan
                 else block.given.kinds())
        classes: list[type] = []
        for kind in kinds:
            classes += [c for c in kind_classes().get(kind, ()) if c not in classes]
        self.types = {"subject": tuple(classes)}
        if block.given.as_:
            self.types[block.given.as_] = tuple(classes)
        for name in block.let:  # a let of the same name is not the subject
            self.types.pop(name, None)
        if block.given.cells:
            self.cell_selection(block.given, (*loc, "given"))
        elif block.given.whole_plan:
            pass
        else:
            for kind in block.given.kinds() if isinstance(block.given.kind, list) else [
                    block.given.kind]:
                self.node_kind(kind, (*loc, "given", "kind"))
        scope = set(GLOBALS) | set(block.let)
        if block.given.as_:
            scope.add(block.given.as_)
        for spec in block.for_each:
            scope.add(spec.each)
            if spec.index:
                scope.add(spec.index)
        self.expr(block.given.where, (*loc, "given", "where"), scope)
        for i, spec in enumerate(block.for_each):
            self.expr(spec.in_, (*loc, "for_each", i, "in"), scope)
        for name, text in block.let.items():
            self.expr(text, (*loc, "let", name), scope)
        self.expr(block.where, (*loc, "where"), scope)
        variants: set[str] = set()
        messages = self.spec.messages
        for i, entry in enumerate(block.then):
            here = (*loc, "then", i)
            self.expr(entry.when, (*here, "when"), scope)
            if entry.form == "function" and (block.given.cells or block.given.whole_plan):
                self.error((*here, "function"), "lang.function_on_cells",
                           check=entry.function)
                continue
            if entry.form == "function":
                check = CHECKS.get(entry.function or "")
                if check is None:
                    self.error((*here, "function"), "rule.unknown_check",
                               check=entry.function, hint=self.hint(entry.function or "",
                                                                    CHECKS))
                    continue
                variants |= check.variants
                try:
                    check.options.model_validate(entry.options)
                except Exception as exc:  # pydantic's ValidationError
                    self.error((*here, "options"), "rule.bad_options", check=entry.function,
                               detail=str(exc).splitlines()[0])
                continue
            if entry.form == "untested":
                self.expr(entry.untested, (*here, "untested"), scope)
                if entry.reason not in CATALOGUE:
                    self.error((*here, "reason"), "lang.unknown_reason", name=entry.reason,
                               hint=self.hint(entry.reason or "",
                                              [k for k in CATALOGUE if k.startswith("coverage.")]))
                for name, text in entry.reason_params.items():
                    self.expr(text, (*here, "reason_params", name), scope)
                continue
            inner = scope | {"found"}
            self.condition(entry.assert_, (*here, "assert"), scope)
            for name, text in entry.params.items():
                self.expr(text, (*here, "params", name), inner)
            for name, text in (entry.evidence or {}).items():
                self.expr(text, (*here, "evidence", name), inner)
            self.expr(entry.at, (*here, "at"), inner)
            self.expr(entry.related, (*here, "related"), inner)
            variant = entry.message or ""
            variants.add(variant)
            if variant not in messages:
                self.error((*here, "message"), "lang.unknown_variant", name=variant,
                           hint=self.hint(variant, messages))
                continue
            self.template(messages[variant], set(entry.params), variant, (*here, "params"))
        return variants

    def template(self, message: Any, params: set[str], variant: str,
                 loc: tuple[Any, ...]) -> None:
        missing: dict[str, str] = {}
        for lang in ("sv", "en"):
            text = getattr(message, lang)
            try:
                fields = {f.split(".")[0].split("[")[0]
                          for _, f, _, _ in string.Formatter().parse(text) if f}
            except ValueError:
                continue
            for name in sorted(fields - params - set(ORG_WORDS)):
                missing.setdefault(name, lang)
        for name, lang in missing.items():
            self.error(("messages", variant, lang), "lang.unbound_field", variant=variant,
                       name=name, hint=self.hint(name, params | set(ORG_WORDS)))


def validate(spec: Any, data: Any, display: str, errors: list[LoadError]) -> list[str]:
    """Add a located error for every mistake in the rule's conditions; give the expressions
    it checked (and compiled)."""
    checker = Checker(spec, data, display, errors)
    variants: set[str] = set()
    if spec.blocks is not None:
        for i, block in enumerate(spec.blocks):
            variants |= checker.block(block, ("blocks", i))
    else:
        variants |= checker.block(spec.declared_blocks()[0], ())
    if variants - set(spec.messages):
        # a misspelt variant is the error; the one it meant is not also unused
        return checker.texts
    for variant in sorted(set(spec.messages) - variants):
        checker.error(("messages", variant), "lang.unused_variant", variant=variant)
    return checker.texts


def places(data: Any, display: str, spec: Any) -> dict[str, Location]:
    """Where each block and each ``then`` entry is written: runtime errors point there."""
    fallback = Location(display, 1, 1)
    out: dict[str, Location] = {}
    blocks = [("blocks", i) for i in range(len(spec.blocks))] if spec.blocks is not None \
        else [()]
    for prefix in blocks:
        dot = ".".join(map(str, prefix))
        block = spec.declared_blocks()[prefix[1] if prefix else 0]
        for key in ("given", "for_each", "where"):
            out[".".join(filter(None, [dot, key]))] = locate(data, (*prefix, key), fallback)
        out[".".join(filter(None, [dot, "given.where"]))] = locate(
            data, (*prefix, "given", "where"), fallback)
        for i in range(len(block.then)):
            out[".".join(filter(None, [dot, f"then.{i}"]))] = locate(
                data, (*prefix, "then", i), fallback)
    return out
