"""The rule file format: one declarative rule per YAML file, no code."""

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import (BaseModel, ConfigDict, Field, PrivateAttr, ValidationError,
                      field_validator, model_validator)

from govcheck.load.errors import LoadError, Location
from govcheck.load.located import KEYS_KEY, LOC_KEY, strip_locations
from govcheck.model.base import new_dict, new_list
from govcheck.model.plan import PlanPart
from govcheck.rules.lang.model import Block, ForEach, Given, LetInput, Then

RULE_ID = re.compile(r"^[A-Z]{3}\d{3}$")


class Text(BaseModel):
    """A sentence in Swedish and English."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    sv: str
    en: str


Severity = Literal["error", "warning", "info"]

BasisKind = Literal["lag", "fullmäktige", "praxis"]
"""What a rule rests on (docs/rules/README.md, CONTRIBUTING.md): ``lag`` (a paragraph of
KL or LKBR, with the words it rests on), ``fullmäktige`` (what the plan itself decides,
read from the plan) or ``praxis`` (good practice or guidance, named)."""

BASIS_KINDS: tuple[str, ...] = ("lag", "fullmäktige", "praxis")
"""The basis kinds, strongest first: law > fullmäktige's decision > practice."""


class Basis(BaseModel):
    """What a rule, or one of its messages, rests on.

    ``lag``: ``paragraph`` (e.g. "KL 11 kap. 12 § tredje stycket") and ``quote`` (the law's
    own words) are required, ``source`` names the text the quote is taken from (an SFS
    number, a proposition). ``fullmäktige``: ``decision`` says what the plan decides and
    where govcheck reads it. ``praxis``: ``practice`` names the practice or guidance.
    Any kind may give the law behind it (``paragraph``, ``quote``, ``source``).
    ``verified`` is true only where the quoted words and their source are in the verified
    law texts (tests/test_rule_basis.py checks it); every output marks the rest as not
    verified."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    kind: BasisKind
    paragraph: Text | None = None
    quote: str | None = None
    source: str | None = None
    verified: bool = False
    decision: Text | None = None
    practice: Text | None = None

    @model_validator(mode="after")
    def _complete(self) -> "Basis":
        if self.kind == "lag" and (self.paragraph is None or not self.quote):
            raise ValueError("a 'lag' basis names its paragraph and quotes the words it rests "
                             "on ('paragraph' and 'quote')")
        if self.kind == "fullmäktige" and self.decision is None:
            raise ValueError("a 'fullmäktige' basis says which decision of the plan it reads "
                             "('decision')")
        if self.kind == "praxis" and self.practice is None:
            raise ValueError("a 'praxis' basis names the practice or guidance ('practice')")
        if self.quote is not None and self.paragraph is None:
            raise ValueError("a quote needs the paragraph it is from ('paragraph')")
        if self.verified and not (self.quote and self.source):
            raise ValueError("only a quote with its source can be verified ('quote', 'source')")
        return self

    def shown(self, lang: str) -> dict[str, object]:
        """The basis as the outputs show it (a finding's ``basis`` in JSON and SARIF): the
        kind, and in ``lang`` the paragraph, the decision or the practice; the quoted words
        and their source as written; ``verified`` only for a quote checked against the law
        texts."""
        out: dict[str, object] = {"kind": self.kind}
        for key in ("paragraph", "decision", "practice"):
            value = getattr(self, key)
            if value is not None:
                out[key] = getattr(value, lang, value.sv)
        if self.quote:
            out["quote"] = self.quote
            if self.source:
                out["source"] = self.source
        out["verified"] = self.verified
        return out


class Message(Text):
    """A message variant in Swedish and English; ``severity`` and ``basis`` when this
    variant rests on another ground than the rule as a whole (each defaults to the
    rule's)."""

    severity: Severity | None = None
    basis: Basis | None = None


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    description: Text
    yaml: str


class Patch(BaseModel):
    """Replace the one occurrence of ``old`` in ``file`` by ``new``."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    file: str
    old: str
    new: str


class Expected(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    rule: str
    file: str
    line: int


class Case(BaseModel):
    """A named test case: a plan (a shipped one, patched, or inline files) and its findings."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    name: str
    base: str | None = None
    patch: list[Patch] = Field(default_factory=new_list)
    files: dict[str, str] = Field(default_factory=new_dict)
    expect: list[Expected] = Field(default_factory=new_list)


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, arbitrary_types_allowed=True,
                              defer_build=True)

    id: str
    name: str
    title: Text
    severity: Severity
    basis: Basis
    rationale: Text
    reference: Text
    select: dict[str, str] = Field(default_factory=new_dict)
    check: str = ""
    """A built-in check function by name; or, instead, the conditions below."""
    options: dict[str, Any] = Field(default_factory=new_dict)
    # the condition language (govcheck.rules.lang): one block, or several under 'blocks'
    given: Given | None = None
    for_each: list[ForEach] = Field(default_factory=new_list)
    let: dict[str, Any] = Field(default_factory=new_dict)
    where: str | None = None
    then: list[Then] | None = None
    blocks: list[Block] | None = None
    needs: list[PlanPart] = Field(default_factory=new_list)
    """The plan parts without which a declarative rule has nothing to test."""
    messages: dict[str, Message]
    examples: dict[Literal["pass", "fail"], Example]
    tests: list[Case] = Field(default_factory=new_list)

    # set by the loader, not by the file
    pack: str = ""
    """The styrmodell rule pack the rule belongs to (its folder under ``styrmodell/``),
    "" for the base ruleset that holds for any organisation."""
    path: str = ""
    location: Location | None = None
    keylocs: dict[str, Location] = Field(default_factory=new_dict)
    langlocs: dict[str, Location] = Field(default_factory=new_dict)
    """Where each block and ``then`` entry of a declarative rule is written."""
    _code: bytes = PrivateAttr(b"")
    """The compiled code of a declarative rule's expressions (govcheck.rules.lang.codegen),
    kept with the rule in the rule cache: a lint does not parse them again."""

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError("a rule id is three capital letters and three digits, e.g. MAL001")
        return value

    @field_validator("name")
    @classmethod
    def _name_shape(cls, value: str) -> str:
        if not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", value):
            raise ValueError("a rule name is lower-case words joined by '-'")
        return value

    @field_validator("let", mode="before", json_schema_input_type=LetInput)
    @classmethod
    def _merged_lets(cls, value: Any) -> Any:
        from govcheck.rules.lang.model import merged_lets

        return merged_lets(value)

    @model_validator(mode="after")
    def _check_or_conditions(self) -> "RuleSpec":
        forms = [bool(self.check), self.given is not None or self.then is not None,
                 self.blocks is not None]
        if sum(forms) != 1:
            raise ValueError("a rule has either 'check' (a built-in function), or 'given' and "
                             "'then' (conditions), or 'blocks' (several given + then)")
        if forms[1] and (self.given is None or self.then is None):
            raise ValueError("a rule with conditions has both 'given' and 'then'")
        if not forms[0] and (self.options or self.select):
            raise ValueError("'options' and 'select' belong to a rule with 'check'; a rule "
                             "with conditions says everything in given/then")
        return self

    @property
    def declarative(self) -> bool:
        """Whether the rule is written in the condition language (no ``check``)."""
        return not self.check

    def declared_blocks(self) -> list[Block]:
        """The rule's condition blocks: its ``blocks``, or its one given/then."""
        if self.blocks is not None:
            return list(self.blocks)
        if self.given is None or self.then is None:
            return []
        return [Block.model_construct(given=self.given, for_each=self.for_each, let=self.let,
                                      where=self.where, then=self.then)]

    @model_validator(mode="after")
    def _severity_follows_basis(self) -> "RuleSpec":
        """Practice never makes an error, for the rule or any of its messages."""
        if self.basis.kind == "praxis" and self.severity == "error":
            raise ValueError("a rule resting on 'praxis' gives warnings at most; give "
                             "'severity: warning' (or 'info')")
        for variant, message in self.messages.items():
            if self.basis_of(variant).kind == "praxis" and self.severity_of(variant) == "error":
                raise ValueError(f"message '{variant}' rests on 'praxis' and gives warnings "
                                 f"at most; give it 'severity: warning' (or 'info')")
        return self

    def severity_of(self, variant: str) -> str:
        """The severity of a message variant: its own, else the rule's."""
        message = self.messages.get(variant)
        return message.severity if message is not None and message.severity else self.severity

    def basis_of(self, variant: str) -> Basis:
        """The basis of a message variant: its own, else the rule's."""
        message = self.messages.get(variant)
        return message.basis if message is not None and message.basis else self.basis

    def bases(self) -> list[Basis]:
        """The rule's basis and each different one of its messages, in message order."""
        out = [self.basis]
        for variant in sorted(self.messages):
            basis = self.basis_of(variant)
            if basis not in out:
                out.append(basis)
        return out

    def basis_kinds(self) -> list[str]:
        """The kinds of basis the rule's findings may have, strongest first."""
        kinds = {b.kind for b in self.bases()}
        return [k for k in BASIS_KINDS if k in kinds]

    def severities(self) -> list[str]:
        """The severities the rule's findings may have, highest first."""
        found = {self.severity} | {self.severity_of(v) for v in self.messages}
        return [s for s in ("error", "warning", "info") if s in found]

    @property
    def reference_verified(self) -> bool:
        """True only when every law citation the rule rests on (its basis and its messages'
        bases) is verified; a rule citing no law at all is not."""
        cited = [b for b in self.bases() if b.quote]
        return bool(cited) and all(b.verified for b in cited)

    def at(self, key: str) -> Location:
        return self.keylocs.get(key) or self.location or Location(self.path, 1, 1)


def _first_loc(data: Any, loc: tuple[Any, ...], fallback: Location) -> Location:
    current, best = data, fallback
    for element in loc:
        if isinstance(current, dict):
            keys = current.get(KEYS_KEY, {})
            best = keys.get(str(element), current.get(LOC_KEY, best))
            if element not in current:
                break
            current = current[element]
        elif isinstance(current, list) and isinstance(element, int) and element < len(current):
            current = current[element]
        else:
            break
    return best


def _known_keys() -> list[str]:
    """Every key a rule file may have, at any depth: what a misspelt key is compared with."""
    from govcheck.rules.lang import model as lang

    keys: set[str] = set()
    for m in (RuleSpec, Text, Basis, Message, Example, Patch, Expected, Case, lang.Given,
              lang.ForEach, lang.Then, lang.Block, lang.ValueCondition, lang.EdgesCondition,
              lang.EdgeSpec, lang.PathCondition, lang.PathSpec, lang.CompareCondition,
              lang.CompareSpec, lang.Range):
        keys |= {info.alias or name for name, info in m.model_fields.items()}
    return sorted(keys | set(lang.CONDITION_KEYS))


def _detail(err: Any) -> str:
    """A pydantic error in words; an unknown key with the known key it is closest to."""
    if err["type"] == "extra_forbidden" and err["loc"]:
        from govcheck.model.suggest import did_you_mean

        key = str(err["loc"][-1])
        hint = did_you_mean(key, _known_keys())
        return f"unknown key '{key}'" + (f"; did you mean '{hint}'?" if hint else "")
    return str(err["msg"])


def load_rule_file(path: Path, display: str, errors: list[LoadError]) -> RuleSpec | None:
    from govcheck.load.yamlloc import load_yaml  # only when the rule cache cannot be used

    data = load_yaml(path, display, errors)
    if data is None:
        if not errors:
            errors.append(LoadError(Location(display, 1, 1), "rule.empty", {}))
        return None
    if not isinstance(data, dict):
        errors.append(LoadError(Location(display, 1, 1), "rule.not_mapping", {}))
        return None
    try:
        spec = RuleSpec.model_validate(strip_locations(data))
    except ValidationError as exc:
        from govcheck.rules.lang import walk

        for err in exc.errors():
            where, steps = walk(data, tuple(err["loc"]), Location(display, 1, 1))
            field = ".".join(str(p) for p in steps)
            errors.append(LoadError(where, "rule.invalid", {"field": field,
                                                            "detail": _detail(err)}))
        return None
    spec.path = display
    spec.location = data.get(LOC_KEY)
    spec.keylocs = dict(data.get(KEYS_KEY, {}))
    if spec.declarative:
        from govcheck.rules.lang.validate import places, validate

        from govcheck.rules.lang.expr import code_of

        before = len(errors)
        texts = validate(spec, data, display, errors)
        if len(errors) > before:
            return None
        spec._code = code_of(texts)
        spec.langlocs = places(data, display, spec)
    return spec
