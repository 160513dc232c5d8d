"""Swedish printed numbers: "10 958,4", "-1 131", "1,4 %", "–".

A table row's figures are the tokens at the end of its line. Thousands separators are
spaces (or no-break spaces), so "360 228 300" may be one number or three: the number of
columns the header gives decides, and among the readings with that many numbers the one
with the most even number of digits wins (``segment``). A figure is kept exactly as
printed: ``Decimal("16,3".replace(",", "."))`` keeps its one decimal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash (as a sign)
DASH_CELLS = frozenset({"–", "-", "—", "−"})
SPACES = "\u00a0\u202f\u2009\u2007"

_LEAD = re.compile(rf"^[{MINUS}]?(\d{{1,3}})(?:,(\d+))?(%)?$")
_GROUP = re.compile(r"^(\d{3})(?:,(\d+))?(%)?$")
_PLAIN = re.compile(rf"^[{MINUS}]?\d+(?:,\d+)?%?$")


def normalise_spaces(text: str) -> str:
    for ch in SPACES:
        text = text.replace(ch, " ")
    return text


@dataclass(frozen=True)
class Figure:
    """One printed cell: its value (None for an empty cell), and how it was printed."""

    value: Decimal | str | None  # a Decimal, or the dash "–" as printed
    printed: str
    percent: bool = False


def is_numeric_token(token: str) -> bool:
    """Whether a token can be (part of) a printed figure."""
    if token in DASH_CELLS or token == "%":
        return True
    return bool(_PLAIN.match(token))


def _parse(tokens: tuple[str, ...]) -> Figure | None:
    """One number from its tokens ("1", "131,5"), or None when they are not one number."""
    if len(tokens) == 1 and tokens[0] in DASH_CELLS:
        return Figure("–", tokens[0])
    if len(tokens) > 1 and tokens[0] in ("–", "−", "-") and tokens[1][:1].isdigit():
        # "– 1 452,8": a sign printed apart from its figure
        rest = _parse(tokens[1:])
        if rest is None or not isinstance(rest.value, Decimal) or rest.value == 0:
            return None  # "– 0" is a dash cell and a zero, never minus zero
        return Figure(-rest.value if rest.value != 0 else rest.value, " ".join(tokens),
                      rest.percent)
    first = _LEAD.match(tokens[0])
    if first is None:
        # a long integer written without separators ("1034", "-1021")
        m = re.match(rf"^([{MINUS}]?)(\d+)(?:,(\d+))?(%)?$", tokens[0])
        if m is None or len(tokens) > 1:
            return None
        digits, frac, pct = m.group(2), m.group(3), m.group(4)
        if len(digits) > 1 and digits.startswith("0"):
            return None
        return _figure(m.group(1), digits, frac, pct, tokens)
    digits = first.group(1)
    frac, pct = first.group(2), first.group(3)
    if len(digits) > 1 and digits.startswith("0"):
        return None
    for tok in tokens[1:]:
        if frac is not None or pct is not None:
            return None
        m = _GROUP.match(tok)
        if m is None:
            return None
        digits += m.group(1)
        frac, pct = m.group(2), m.group(3)
    sign = tokens[0][0] if tokens[0][0] in MINUS else ""
    return _figure(sign, digits, frac, pct, tokens)


def _figure(sign: str, digits: str, frac: str | None, pct: str | None,
            tokens: tuple[str, ...]) -> Figure:
    text = ("-" if sign else "") + digits + ("." + frac if frac else "")
    value = Decimal(text)
    if value == 0 and sign:
        value = Decimal(text[1:])  # "-0" is printed; keep zero without a sign
    return Figure(value, " ".join(tokens), percent=bool(pct))


def merge_percent(tokens: list[str]) -> list[str]:
    """"1,4 %" → "1,4%": a lone per cent sign belongs to the figure before it."""
    out: list[str] = []
    for tok in tokens:
        if tok == "%" and out and _PLAIN.match(out[-1]) and not out[-1].endswith("%"):
            out[-1] += "%"
        else:
            out.append(tok)
    return out


def segment(tokens: list[str], count: int) -> list[Figure] | None:
    """Exactly ``count`` figures read from all of ``tokens``, or None.

    Of the readings, the one whose figures have the smallest sum of squared digit counts
    wins (balanced groups: "1 189 1 042 682" is 1 189 | 1 042 | 682, not 1 | 189 | 1 042 682);
    ties go to the first."""
    best = _best(tuple(tokens), count)
    return None if best is None else list(best[1])


@lru_cache(maxsize=4096)
def _best(tokens: tuple[str, ...], count: int) -> tuple[int, tuple[Figure, ...]] | None:
    if count == 0:
        return (0, ()) if not tokens else None
    if len(tokens) < count:
        return None
    best: tuple[int, tuple[Figure, ...]] | None = None
    for size in range(1, min(6, len(tokens) - count + 1) + 1):
        fig = _parse(tokens[:size])
        if fig is None:
            continue
        rest = _best(tokens[size:], count - 1)
        if rest is None:
            continue
        digits = sum(ch.isdigit() for ch in fig.printed)
        cost = (digits * digits if digits else 1) + rest[0]
        if best is None or cost < best[0]:
            best = (cost, (fig, *rest[1]))
    return best


def max_figures(tokens: list[str]) -> int:
    """The most figures the tokens can be read as (each token its own figure, if valid)."""
    return sum(1 for t in tokens if _parse((t,)) is not None)


def parse_number(text: str) -> Decimal | None:
    """A single printed figure ("7 058,0", "-0,3 %") as a Decimal, else None."""
    tokens = merge_percent(normalise_spaces(text).split())
    if not tokens:
        return None
    fig = segment(tokens, 1)
    if fig is None or not isinstance(fig[0].value, Decimal):
        return None
    return fig[0].value
