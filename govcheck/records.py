"""Value classes that are cheap to define: dataclasses whose methods are shared.

Python 3.11's ``dataclasses`` compiles each method it generates (``__init__``, ``__repr__``,
``__eq__``, the four orderings, a frozen class's ``__setattr__``, ``__delattr__`` and
``__hash__``) from source text when the class is defined: about 0.08 ms a method, 0.5-0.8
ms for a frozen class. A lint defines some twenty value classes before it reads a line of
the plan, so that was about 9 ms of every run (bench/RESULTS.md).

``record`` makes the same class without compiling anything. The class is still a dataclass
(``dataclasses.fields``, ``replace`` and ``asdict`` work, each field keeps its ``compare``,
``hash`` and ``repr`` flags) and behaves as ``@dataclass`` with the same options would:
the same ``__repr__``, equality only with an instance of the very same class, the same
hash and ordering over the compared fields, ``FrozenInstanceError`` on assignment to a
frozen record. Those methods are made once here, as closures over the record's fields
(``operator.attrgetter``); a comparison costs about 0.1 µs more than the generated one
(Location: 0.23 against 0.13 µs), which a lint's few hundred comparisons do not notice,
and a record's ``__init__`` is as fast as the generated one.

The one method a record writes itself is ``__init__``: it is the one called often, and its
signature documents the class. A frozen record's ``__init__`` sets its fields with
``object.__setattr__``, as the generated one does; a field with a ``default_factory`` takes
``FACTORY`` as its default and makes its value when given that. tests/test_records.py
checks every record of govcheck against the dataclass it stands for.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


class _Factory:
    """The default of an ``__init__`` parameter whose field has a ``default_factory``."""

    def __repr__(self) -> str:
        return "FACTORY"


FACTORY: Any = _Factory()
"""``def __init__(self, evidence: dict = FACTORY)``: "make a fresh value"."""

assign = object.__setattr__
"""How a frozen record's ``__init__`` sets a field: ``assign(self, "file", file)``."""


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving these attributes of an object as a tuple (attrgetter gives a bare
    value for one name)."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return attrgetter(*names)


def _add(cls: type, name: str, method: Any) -> None:
    """Set a method unless the class defines its own (as dataclasses does)."""
    if name not in cls.__dict__:
        if callable(method):
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)


def _methods(cls: type, frozen: bool, eq: bool, order: bool, show: bool) -> None:
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if show:
        shown = [f.name for f in fields if f.repr]

        @reprlib.recursive_repr()
        def __repr__(self: Any) -> str:
            inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
            return f"{self.__class__.__qualname__}({inner})"

        _add(cls, "__repr__", __repr__)
    compared = _values([f.name for f in fields if f.compare])
    if eq:
        def __eq__(self: Any, other: Any) -> Any:
            if other.__class__ is self.__class__:
                return compared(self) == compared(other)
            return NotImplemented

        _add(cls, "__eq__", __eq__)
        if "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
            if frozen:
                hashed = _values([f.name for f in fields
                                  if (f.compare if f.hash is None else f.hash)])

                def __hash__(self: Any) -> int:
                    return hash(hashed(self))

                cls.__hash__ = __hash__  # type: ignore[assignment]
                __hash__.__qualname__ = f"{cls.__qualname__}.__hash__"
            else:
                cls.__hash__ = None  # type: ignore[assignment]
    if order:
        for name, test in (("__lt__", tuple.__lt__), ("__le__", tuple.__le__),
                           ("__gt__", tuple.__gt__), ("__ge__", tuple.__ge__)):
            if name in cls.__dict__:
                raise TypeError(f"{cls.__qualname__}: an ordered record may not define {name}")
            _add(cls, name, _ordering(compared, test))
    if frozen:
        names = frozenset(f.name for f in fields)

        def __setattr__(self: Any, name: str, value: Any) -> None:
            if type(self) is cls or name in names:
                raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
            super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]

        def __delattr__(self: Any, name: str) -> None:
            if type(self) is cls or name in names:
                raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
            super(cls, self).__delattr__(name)  # type: ignore[arg-type]

        _add(cls, "__setattr__", __setattr__)
        _add(cls, "__delattr__", __delattr__)


def _ordering(compared: Callable[[Any], tuple[Any, ...]],
              test: Callable[[tuple[Any, ...], tuple[Any, ...]], bool]) -> Any:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return test(compared(self), compared(other))
        return NotImplemented

    return method


def record(cls: type[T] | None = None, /, *, frozen: bool = False, eq: bool = True,
           order: bool = False, repr: bool = True) -> Any:  # noqa: A002 - dataclass's name
    """``@dataclass`` with the same options for a class that writes its own ``__init__``."""

    def wrap(cls: type[T]) -> type[T]:
        if "__init__" not in cls.__dict__:
            raise TypeError(f"{cls.__qualname__}: a record writes its own __init__")
        made = dataclasses.dataclass(cls, init=False, repr=False, eq=False)
        _methods(made, frozen, eq, order, repr)
        made.__record_options__ = {"frozen": frozen, "eq": eq,  # type: ignore[attr-defined]
                                   "order": order, "repr": repr}
        return made

    return wrap if cls is None else wrap(cls)
