"""Units: which amounts convert into which (docs/plan-format.md 2.9).

Amounts in kronor convert by powers of ten (öre, kr, tkr, mnkr, mdkr); other units
(procent, procentenheter, kr per invånare …) convert only into themselves."""

from __future__ import annotations

from decimal import Decimal

AMOUNT_FACTORS = {"öre": Decimal("0.01"), "kr": Decimal(1), "tkr": Decimal(1000),
                  "mnkr": Decimal(10) ** 6, "mdkr": Decimal(10) ** 9}


def scale(from_unit: str | None, to_unit: str | None) -> Decimal | None:
    """The factor that turns a figure in ``from_unit`` into ``to_unit`` (1 for the same
    unit or an unnamed one), or None when the two do not convert."""
    if from_unit is None or to_unit is None or from_unit == to_unit:
        return Decimal(1)
    a, b = AMOUNT_FACTORS.get(from_unit), AMOUNT_FACTORS.get(to_unit)
    if a is None or b is None:
        return None
    return a / b
