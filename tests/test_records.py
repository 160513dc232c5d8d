"""govcheck.records: every record behaves as the dataclass it stands for.

For each record class of govcheck, a "twin" is made with ``@dataclass`` from the same
fields and options; the two are given the same values and must agree on the attributes
``__init__`` sets (and its defaults), ``repr``, equality, hash, ordering and frozenness.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govcheck
from govcheck.records import FACTORY, record


def _records() -> list[type]:
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(govcheck.__path__, "govcheck."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional dependency (a document library) is missing
            continue
        for value in vars(module).values():
            if isinstance(value, type) and "__record_options__" in value.__dict__:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


RECORDS = _records()


def test_the_records_of_a_lint_are_found() -> None:
    names = {cls.__qualname__ for cls in RECORDS}
    assert {"Location", "LoadError", "Hit", "Finding", "Report", "Config", "RawFile",
            "PageLocation"} <= names


def _twin(cls: type) -> type:
    """The dataclass ``cls`` stands for: the same fields, defaults and options."""
    spec = []
    for f in dataclasses.fields(cls):
        kw: dict[str, Any] = {"compare": f.compare, "repr": f.repr, "hash": f.hash}
        if f.default is not dataclasses.MISSING:
            kw["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            kw["default_factory"] = f.default_factory
        spec.append((f.name, Any, dataclasses.field(**kw)))
    twin = dataclasses.make_dataclass(cls.__name__, spec, **cls.__record_options__)
    twin.__qualname__ = cls.__qualname__
    return twin


def _values(cls: type, draw: Any) -> list[Any]:
    return [draw(st.integers(-3, 3)) for _ in dataclasses.fields(cls)]


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    required = sum(1 for f in fields if f.default is dataclasses.MISSING
                   and f.default_factory is dataclasses.MISSING)
    for p, f in zip(params, fields):
        if f.default_factory is not dataclasses.MISSING:
            assert p.default is FACTORY, f.name
            made, other = cls(*[0] * required), cls(*[0] * required)
            assert getattr(made, f.name) == f.default_factory()
            # a fresh value each time, as a default_factory gives
            assert getattr(other, f.name) is not getattr(made, f.name)
        elif f.default is not dataclasses.MISSING:
            assert p.default == f.default, f.name
        else:
            assert p.default is inspect.Parameter.empty, f.name


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_record_behaves_as_its_dataclass(cls: type, data: Any) -> None:
    twin = _twin(cls)
    a, b = _values(cls, data.draw), _values(cls, data.draw)
    ra, rb, ta, tb = cls(*a), cls(*b), twin(*a), twin(*b)
    names = [f.name for f in dataclasses.fields(cls)]
    assert [getattr(ra, n) for n in names] == [getattr(ta, n) for n in names]
    assert repr(ra) == repr(ta)
    assert (ra == rb) == (ta == tb)
    assert (ra == cls(*a)) == (ta == twin(*a))
    assert (ra != rb) == (ta != tb)
    assert (ra == ta) is False  # equal only to an instance of the very same class
    assert (cls.__hash__ is None) == (twin.__hash__ is None)
    if twin.__hash__ is not None and cls.__record_options__["eq"]:
        assert (hash(ra) == hash(cls(*a)))
        assert hash(ra) == hash(ta)
    if cls.__record_options__["order"]:
        assert (ra < rb, ra <= rb, ra > rb, ra >= rb) == (ta < tb, ta <= tb, ta > tb, ta >= tb)
    if cls.__record_options__["frozen"]:
        for name in names[:1] + ["not_a_field"]:
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(ra, name, 1)
            with pytest.raises(dataclasses.FrozenInstanceError):
                delattr(ra, name)
    assert dataclasses.asdict(ra) == dataclasses.asdict(ta)
    assert dataclasses.replace(ra) == ra or not cls.__record_options__["eq"]


def test_a_record_without_its_own_init_is_refused() -> None:
    with pytest.raises(TypeError, match="writes its own __init__"):
        @record
        class Nothing:
            x: int


def test_a_recursive_repr_ends() -> None:
    @record
    class Node:
        items: list[Any]

        def __init__(self, items: list[Any]) -> None:
            self.items = items

    node = Node([])
    node.items.append(node)
    assert repr(node) == "test_a_recursive_repr_ends.<locals>.Node(items=[...])"


def test_an_ordered_record_may_not_define_its_own_ordering() -> None:
    with pytest.raises(TypeError, match="may not define __lt__"):
        @record(order=True)
        class Odd:
            x: int

            def __init__(self, x: int) -> None:
                self.x = x

            def __lt__(self, other: Any) -> bool:
                return False
