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
    places = decimals(value)
    half = _HALVES.get(places)
    if half is None:
        half = _HALVES[places] = Decimal(1).scaleb(-places) / 2
    return half


_HALVES: dict[int, Decimal] = {}
"""Half a unit by number of decimals (a Decimal is immutable: one value serves every figure
printed with as many decimals)."""


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


REVENUE_PARTS = ("skatteintäkter", "generella_statsbidrag", "generella_statsbidrag_och_utjämning",
                 "kommunalekonomisk_utjämning")
"""The rows whose sum is skatter och statsbidrag when a table prints no total row."""

DERIVABLE = {"skatter_och_statsbidrag": REVENUE_PARTS}
"""Totals a check may derive from the rows of their parts (by role) when not printed."""


def role_values(table: Table, role: str) -> tuple[list[Decimal | None], Row | None, str | None]:
    """A table's figures for ``role``, one per column: the first row with that role, or,
    for a total the table does not print (``DERIVABLE``), the sum of the rows of its parts
    (not "varav" rows), with the derivation ("Skatteintäkter + Generella statsbidrag och
    utjämning") as third value. A column where a part is not printed has no figure.
    ([], None, None) when neither is there."""
    rows = table.rows_with_role(role)
    if rows:
        return list(rows[0].values), rows[0], None
    parts = [r for r in table.rows if r.role in DERIVABLE.get(role, ()) and not r.part_of]
    if len(parts) < 2 or not any(r.role == "skatteintäkter" for r in parts):
        return [], None, None
    values: list[Decimal | None] = []
    for i in range(len(table.columns)):
        cells = [r.values[i] if i < len(r.values) else None for r in parts]
        values.append(None if any(c is None for c in cells)
                      else sum((c for c in cells if c is not None), Decimal(0)))
    return values, None, " + ".join(r.heading for r in parts)


RESERVE_ROLES = ("disposition_resultatreserv", "reservering_resultatreserv")


def reserve_movement(table: Table, index: int) -> tuple[Decimal, list[Row]]:
    """The sum of a column's printed dispositions from and allocations to the
    resultatutjämningsreserv / resultatreserv (as printed: a disposition adds to the
    result, an allocation is printed negative), and the rows it came from."""
    rows = [r for r in table.rows if r.role in RESERVE_ROLES]
    total = Decimal(0)
    used = []
    for r in rows:
        value = r.values[index] if index < len(r.values) else None
        if value is not None:
            total += value
            used.append(r)
    return total, used


def combined_row(table: Table, ids: list[str]) -> Row | None:
    """The row ``ids`` names, or for several rows one row holding their sum column by
    column (a column where any of them is empty has none), headed "A + B" and located at
    the first; None when a row is missing."""
    rows = [table.row(rid) for rid in ids]
    if any(r is None for r in rows) or not rows:
        return None
    found = [r for r in rows if r is not None]
    if len(found) == 1:
        return found[0]
    values: list[Decimal | None] = []
    for i in range(len(table.columns)):
        cells = [r.values[i] if i < len(r.values) else None for r in found]
        values.append(None if any(c is None for c in cells)
                      else sum((c for c in cells if c is not None), Decimal(0)))
    first = found[0]
    return Row.model_construct(id="+".join(r.id for r in found),
                               heading=" + ".join(r.heading for r in found), values=values,
                               unit=first.unit, loc=first.loc, keylocs=first.keylocs,
                               dash_cells=[], sum_of=[], same_as=[])


def combined_slack(table: Table, ids: list[str], index: int) -> Decimal:
    """What a sum of several rows' cells in a column may hide beyond the half-unit of the
    sum itself: Σ half-units of the parts − half-unit of their sum (0 for one row)."""
    if len(ids) < 2:
        return Decimal(0)
    cells = [r.values[index] for rid in ids if (r := table.row(rid)) is not None
             and index < len(r.values) and r.values[index] is not None]
    total = sum(cells, Decimal(0))
    return sum((half_unit(c) for c in cells), Decimal(0)) - half_unit(total)
