"""Reading figures out of tables, and the rounding a printed figure allows."""

from __future__ import annotations

from decimal import Decimal

from govcheck.load.errors import Location
from govcheck.model.plan import Row, Table


def decimals(value: Decimal) -> int:
    """How many decimals a figure was printed with (``7058.0`` → 1, ``-10952`` → 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last printed digit: the most that rounding can hide."""
    return Decimal(1).scaleb(-decimals(value)) / 2


def cell(table: Table, row: Row, column_id: str) -> tuple[Decimal | None, Location]:
    i = table.column(column_id)
    if i is None or i >= len(row.values):
        return None, row.at()
    return row.values[i], row.at(f"värden[{i}]")


def year_columns(table: Table, kinds: tuple[str, ...]) -> list[tuple[int, str, int]]:
    """(year, column id, index) of the columns of the given kinds, in table order."""
    return [(c.year, c.id, i) for i, c in enumerate(table.columns)
            if c.year is not None and c.kind in kinds]


def cite(entity: object) -> str | None:
    """The printed source of an entity, e.g. 'rp2026, Resultatbudget', if it names one."""
    source = getattr(entity, "source", None)
    return source.cite() if source is not None else None
