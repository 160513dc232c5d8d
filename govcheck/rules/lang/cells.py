"""Table cells as subjects and values of the condition language.

A cell is one printed figure: its table, row, column and value, with the year and kind of
its column, the role and body of its row and the table's unit. ``given: {kind: cell, …}``
selects cells as a rule's subjects (by table kind, row role, column kind and year), and the
function ``cells(…)`` gives the same selection as a list, made once per plan, e.g. a
board's frame for a year (EKO001)::

    frame: "first([c for c in cells('ramar', kinds=['budget', 'plan'], whole=true,
                                     body=board, year=year) if c.value != none])"
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from govcheck.load.errors import Location
from govcheck.model.plan import Column, Row, Table
from govcheck.rules.lang.expr import Env
from govcheck.rules.lang.functions import _graph, _num, fn, memo, node_id


class Cell(BaseModel):
    """One figure of a table, as the language sees it."""

    model_config = ConfigDict(frozen=True, defer_build=True)  # built by model_construct

    id: str
    """``TABLE/ROW/COLUMN``: unique in the plan (a row id is unique in its table only)."""
    table: Table
    row: Row
    column: Column
    index: int
    value: Decimal | None
    year: int | None
    kind: str
    role: str | None
    body: str | None
    unit: str | None

    def at(self, key: str | None = None) -> Location:
        """Where the figure is printed: the row's ``värden[i]``."""
        return self.row.at(f"värden[{self.index}]")


CELL_FIELDS: tuple[str, ...] = tuple(Cell.model_fields)
"""The attributes of a cell (for the load-time check of attribute names)."""


def select_cells(graph: Any, table_kind: str | list[str] | None = None,
                 role: str | list[str] | None = None, kinds: list[str] | None = None,
                 year: int | None = None, whole: bool = False,
                 body: str | None = None) -> list[Cell]:
    """The plan's cells, table by table in plan order, row by row, column by column: of
    tables of ``table_kind``, rows with ``role`` (and of ``body``), columns of ``kinds``
    and ``year``; with ``whole`` only rows that are not a part of another row (no "varav"
    rows)."""
    tables = _as_list(table_kind)
    roles = _as_list(role)
    out: list[Cell] = []
    for node in graph.nodes_of("table"):
        table = graph.entity(node)
        if tables is not None and table.kind not in tables:
            continue
        for row in table.rows:
            if roles is not None and row.role not in roles:
                continue
            if whole and row.part_of:
                continue
            if body is not None and row.body != body:
                continue
            for i, col in enumerate(table.columns):
                if kinds is not None and col.kind not in kinds:
                    continue
                if year is not None and col.year != year:
                    continue
                out.append(Cell.model_construct(  # the plan's own values, checked on load
                    id=f"{table.id}/{row.id}/{col.id}", table=table, row=row, column=col,
                    index=i, value=row.values[i] if i < len(row.values) else None,
                    year=col.year, kind=col.kind, role=row.role, body=row.body,
                    unit=table.unit))
    return out


def _as_list(value: str | list[str] | None) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


@fn("cells", keys=CELL_FIELDS)
def cells(env: Env, table_kind: Any = None, role: Any = None, kinds: Any = None,
          year: Any = None, whole: bool = False, body: Any = None) -> list[Cell]:
    """cells(table_kind, role, kinds, year, whole, body): the plan's table cells, in plan
    order, of tables of that kind ('ramar', or a list), rows with that role (and of that
    body), columns of those kinds (['budget', 'plan']) and that year; whole=true leaves out
    "varav" rows. Each cell has table, row, column, index, value, year, kind (the column's),
    role, body and unit. Each selection is made once per plan."""
    body = node_id(body)
    key = ("cells", _key(table_kind), _key(role), _key(kinds), year, bool(whole), body)
    cache = memo(env, "cells", dict)
    found = cache.get(key)
    if found is None:
        found = select_cells(_graph(env), table_kind, role, kinds, year, bool(whole), body)
        cache[key] = found
    env.budget.left -= len(found)
    return list(found)


def _key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@fn("unit_factor")
def unit_factor(env: Env, from_unit: Any, to_unit: Any) -> Decimal | None:
    """unit_factor(from, to): the factor that turns an amount in one unit of kronor into
    another ('tkr' → 'mnkr' is 0.001); 1 for the same or an unnamed unit; None when the two
    do not convert."""
    from govcheck.model.units import scale

    return scale(from_unit, to_unit)


@fn("fixed")
def fixed(env: Env, value: Any, decimals: int = 1) -> Decimal | None:
    """fixed(x, n): x rounded to exactly n decimals (half to even, as printed tables do not
    say otherwise): fixed(5, 1) is 5.0, where rounded keeps 5."""
    v = _num(value)
    if v is None:
        return None
    return v.quantize(Decimal(1).scaleb(-int(decimals)))
