"""Shared pieces of the plan model: located entities, numbers, sources."""

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from govcheck.load.errors import Location
from govcheck.load.located import KEYS_KEY, LOC_KEY

# --- plausible values ------------------------------------------------------------------
# A plan value outside these bounds is nonsense (a typo, a unit slip, a fuzzed file), not
# a figure to check: loading stops with a located error (govcheck.model.build).
# docs/plan-format.md, section 2.8, lists them for users.

YEAR_MIN, YEAR_MAX = 1900, 2200
"""Every year a plan names: wide enough for old decisions and far-off targets (a
finansiellt mål for 2040, a målbild 2050), narrow enough to catch ``20026`` or ``26``."""

FIGURE_LIMIT = Decimal(10) ** 15
"""A figure's absolute value stays below this: 10^15 kronor is over a hundred times
Sweden's GDP, so anything larger is a slip; the bound also keeps the arithmetic exact."""
FIGURE_LIMIT_TEXT = "10^15"

FIGURE_MAX_DECIMALS = 6
"""Printed figures carry one or two decimals; more than six is a slip (and an absurd
exponent such as ``1.0e-999999`` would flood every message that prints the figure)."""


def _decimals(value: Decimal) -> int:
    """The number of decimals a finite figure was written with (str() is much cheaper than
    as_tuple(), and every figure of a plan passes here)."""
    text = str(value)
    if "E" in text:
        # scientific only when the exponent is above 0 (no decimals) or the figure is
        # below 10^-6 in size (more than six decimals)
        return 0 if "E+" in text else FIGURE_MAX_DECIMALS + 1
    point = text.find(".")
    return 0 if point < 0 else len(text) - point - 1


def _to_decimal(value: Any) -> Any:
    # bool is an int in Python; a figure is never true/false
    if isinstance(value, bool):
        raise ValueError("number")
    if isinstance(value, int):
        value = Decimal(value)
    elif not isinstance(value, Decimal):
        raise ValueError("number")
    if not value.is_finite():
        raise ValueError("finite")
    if value.copy_abs() >= FIGURE_LIMIT:  # copy_abs: abs() would round, and overflow
        raise PydanticCustomError("figure_too_large", "the figure's size must be below {limit}",
                                  {"limit": FIGURE_LIMIT_TEXT})
    if _decimals(value) > FIGURE_MAX_DECIMALS:
        raise PydanticCustomError("figure_too_precise", "at most {places} decimals",
                                  {"places": FIGURE_MAX_DECIMALS})
    return value


DECIMAL_ONLY = ("Skrivs decimalt: tecken, siffror, decimalpunkt, exponent och '_' mellan "
                "två siffror (1_000). Inte hexadecimalt (0x1F), oktalt (0o17, 017), binärt "
                "eller i bas 60 (16:36): govcheck avvisar dem med den decimala läsningen.")
"""What the schema says about the notation of numbers (a schema sees only the value a
YAML parser made, so the loader checks the notation: govcheck.load.yamlloc)."""


def _number_schema(**bounds: Any) -> WithJsonSchema:
    """The JSON Schema of a figure: a YAML number (the loader refuses quoted figures)."""
    schema: dict[str, Any] = {"type": "number", "description": DECIMAL_ONLY}
    schema.update(bounds or {"exclusiveMinimum": -float(FIGURE_LIMIT),
                             "exclusiveMaximum": float(FIGURE_LIMIT)})
    return WithJsonSchema(schema)


Number = Annotated[Decimal, BeforeValidator(_to_decimal), _number_schema()]
"""A figure as printed: a Decimal that keeps its printed number of decimals; its size is
below ``FIGURE_LIMIT`` and it has at most ``FIGURE_MAX_DECIMALS`` decimals."""

NonNegativeNumber = Annotated[Decimal, BeforeValidator(_to_decimal), Field(ge=0),
                              _number_schema(minimum=0,
                                             exclusiveMaximum=float(FIGURE_LIMIT))]
"""A figure that cannot be negative (a tax rate, a borrowing limit)."""

Percentage = Annotated[Decimal, BeforeValidator(_to_decimal), Field(ge=0, le=100),
                       _number_schema(minimum=0, maximum=100)]
"""A share in per cent, 0 to 100 (an ownership share)."""

def to_int(value: Any) -> Any:
    """A whole number written with a decimal point or an exponent (``2026.0``, ``2.026e3``)
    is the integer it denotes, as JSON Schema's ``integer`` says: an editor checking a plan
    against ``govcheck schema`` accepts it, and so does govcheck. ``2026.5`` stays a
    number an integer field refuses (the schema refuses it too)."""
    if isinstance(value, Decimal) and value.is_finite() and value.adjusted() < 18 \
            and value == value.to_integral_value():
        return int(value)
    return value


WHOLE = BeforeValidator(to_int)
"""After an integer type's bounds (``Annotated[int, Field(ge=1), WHOLE]``), so that the
bounds stay in the JSON Schema as ``minimum`` and ``maximum``."""

Integer = Annotated[int, WHOLE]
"""A whole number: a YAML integer, or a decimal number whose fraction is zero."""

Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX, description=DECIMAL_ONLY), WHOLE]
"""A calendar year, ``YEAR_MIN`` to ``YEAR_MAX``."""

Ordinal = Annotated[int, Field(ge=1, description=DECIMAL_ONLY), WHOLE]
"""A page, line or printed number: 1 or more."""


def f(alias: str, default: Any = ..., **kw: Any) -> Any:
    """A model field whose plan-file key is the Swedish ``alias``."""
    if default is ... and "default_factory" in kw:
        return Field(alias=alias, **kw)
    return Field(default, alias=alias, **kw)


def new_list() -> list[Any]:
    """``Field(default_factory=new_list)``: ``list``, as a Python function. pydantic reads
    a default factory's signature when the class is made; for the built-in ``list`` that
    means parsing its text signature (0.25 ms, for about 100 fields on every start)."""
    return []


def new_dict() -> dict[Any, Any]:
    """``Field(default_factory=new_dict)``: ``dict``, as a Python function (see new_list)."""
    return {}


class Located(BaseModel):
    """A plan entity that remembers where it and each of its keys stand."""

    # protected_namespaces=(): no field is called model_…, so pydantic need not check each
    # of the plan model's 270 fields against its own method names when the classes are made
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False,
                              arbitrary_types_allowed=True, defer_build=True,
                              protected_namespaces=())

    loc: Location | None = Field(None, alias=LOC_KEY, exclude=True)
    keylocs: dict[str, Location] = Field(default_factory=new_dict, alias=KEYS_KEY, exclude=True)

    def at(self, key: str | None = None) -> Location:
        """Location of plan key ``key`` (e.g. ``"riktas_till[1]"``), else of the entity."""
        if key is not None and key in self.keylocs:
            return self.keylocs[key]
        if self.loc is None:
            return Location("<okänd>", 0, 0)
        return self.loc

    def at_field(self, field: str, index: int | None = None) -> Location:
        """Location of a Python field (by its English name), optionally of one item."""
        info = type(self).model_fields[field]
        key = info.alias or field
        return self.at(f"{key}[{index}]" if index is not None else key)


class Source(Located):
    """Where in which document a figure or entity is printed."""

    document: str = f("dok")
    section: str | None = f("avsnitt", None)
    page: Ordinal | None = f("sida", None)
    quote: str | None = f("citat", None)

    def cite(self) -> str:
        parts = [self.document]
        if self.section:
            parts.append(self.section)
        if self.page is not None:
            parts.append(f"s. {self.page}")
        return ", ".join(parts)


def period_in_order(start: int | None, end: int) -> None:
    """A from–to whose ``till`` is before its ``från`` is an error located at ``till``."""
    if start is not None and end < start:
        raise PydanticCustomError("period_reversed", "'till' ({end}) is before 'från' ({start})",
                                  {"start": start, "end": end, "at": "till"})


class YearRange(Located):
    start: Year = f("från")
    end: Year = f("till")

    @model_validator(mode="after")
    def _in_order(self) -> "YearRange":
        period_in_order(self.start, self.end)
        return self


class Entity(Located):
    """Anything with an id that other parts of the plan can refer to."""

    id: str = f("id")
    source: Source | None = f("källa", None)
    comment: str | None = f("kommentar", None)
