"""Safe YAML loading that keeps the file, line and column of every value.

The loader composes YAML nodes with libyaml's safe loader (nothing is ever
constructed from tags) and converts them to plain Python values itself, so it
can refuse duplicate keys, unknown tags, NaN and alias bombs with a located
message, and keep numbers as ``Decimal`` with their printed precision.

Every mapping becomes a dict with two extra keys the models understand:
``__loc__`` (where the mapping starts) and ``__keys__`` (where each key, and
each item of a list-valued key, stands).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from govcheck.i18n import Msg
from govcheck.load.errors import LoadError, Location
from govcheck.load.located import KEYS_KEY, LOC_KEY

try:  # libyaml is much faster; the pure-Python loader is a correct fallback
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_NODES = 500_000
"""Nodes in one file. The real plan's largest file has 2 554 and the whole plan 7 420; a
file just under this limit still takes about 7 s and 430 MB to lint (with 2 000 000 it was
22 s and 1.5 GB), which bounds what a hostile file can cost."""
MAX_ALIAS_NODES = 100_000
MAX_DEPTH = 100

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RESOLVED_MAX = 50_000  # plain scalars whose tag is remembered, per process
_RESOLVED_LEN = 40  # only short ones: keys, ids, figures, dates, not prose


# --- numbers as printed ---------------------------------------------------------------
# A figure, year or count is written in decimal: a sign, digits, a decimal point, an
# exponent, and '_' between two digits (1_000_000). YAML 1.1, which PyYAML reads, also
# takes 0x1F (31), 0o17 and 017 (15), 0b11 and 16:36 (base 60: 996) as numbers, and yes,
# no, on and off as booleans; YAML 1.2 (editors, check-jsonschema) reads most of these
# otherwise. Such a plain value is a located error that offers the decimal reading
# (docs/plan-format.md, section 2.8), never a number nobody printed.

_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*(?:_[0-9]+)*)")
_DECIMAL_FLOAT = re.compile(r"[-+]?(?:[0-9]+(?:_[0-9]+)*(?:\.(?:[0-9]+(?:_[0-9]+)*)?)?"
                            r"|\.[0-9]+(?:_[0-9]+)*)(?:[eE][-+]?[0-9]+)?")
_NUMBER_12 = re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)"
                        r"(?:[eE][-+]?[0-9]+)?|[-+]?0o[0-7_]+|[-+]?0x[0-9a-fA-F_]+")
"""Plain values YAML 1.2 reads as numbers that PyYAML's YAML 1.1 leaves as text
(``1e5``, ``1.0e5``, ``-.5``, ``09``, ``0o17``): numbers here too, so that govcheck and a
schema-checking editor agree on what is a number."""
_BOOL_TRUE = frozenset({"true", "True", "TRUE"})
_BOOL_11 = {"yes": "true", "on": "true", "no": "false", "off": "false"}
_READING_MAX = 200  # longer digit strings are not converted for the hint


def _plain_tag(value: str, tag: str) -> str:
    """The tag of a plain scalar: PyYAML's (YAML 1.1), with YAML 1.2's numbers added."""
    if tag == _STR and value[:1] in "+-.0123456789" and _NUMBER_12.fullmatch(value):
        return _FLOAT
    return tag


def is_decimal(raw: str) -> bool:
    """Whether a plain number is written in decimal notation (see above)."""
    if _DECIMAL_INT.fullmatch(raw):
        return True
    return bool(_DECIMAL_FLOAT.fullmatch(raw)) and ("." in raw or "e" in raw or "E" in raw)


def decimal_reading(raw: str) -> tuple[str, str]:
    """How a number not written in decimal is read: (its form, the decimal value)."""
    sign, body = ("-", raw[1:]) if raw[:1] == "-" else ("", raw.lstrip("+"))
    digits = body.replace("_", "")
    low = digits.lower()
    try:
        if len(digits) > _READING_MAX:
            return _form(low, body), "?"
        if low.startswith("0x"):
            return "hex", sign + str(int(low[2:], 16))
        if low.startswith("0o"):
            return "octal", sign + str(int(low[2:], 8))
        if low.startswith("0b"):
            return "binary", sign + str(int(low[2:], 2))
        if ":" in digits:
            total = Decimal(0)
            for part in digits.split(":"):
                total = total * 60 + Decimal(part)
            return "base60", sign + str(total)
        if "_" in body:
            return "underscore", sign + str(Decimal(digits))
        return "leading_zero", sign + str(Decimal(digits))
    except (ValueError, InvalidOperation):
        return _form(low, body), "?"


def _form(low: str, body: str) -> str:
    for prefix, form in (("0x", "hex"), ("0o", "octal"), ("0b", "binary")):
        if low.startswith(prefix):
            return form
    return "base60" if ":" in body else "underscore" if "_" in body else "leading_zero"


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader, with the tag of short plain scalars remembered: a plan repeats
    the same keys, ids and figures thousands of times, and libyaml asks the (Python)
    resolver about each one. The answer depends only on the text, as no resolver is
    ever added to this class or its bases. Plain scalars that YAML 1.2 reads as numbers
    are numbers here too (``_plain_tag``)."""

    _resolved: dict[str, str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit == (True, False):
            short = len(value) <= _RESOLVED_LEN
            tag = self._resolved.get(value) if short else None
            if tag is None:
                tag = _plain_tag(value, super().resolve(kind, value, implicit))
                if short and len(self._resolved) < _RESOLVED_MAX:
                    self._resolved[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


@dataclass
class _Budget:
    nodes: int = 0
    alias_nodes: int = 0


def _loc(path: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


class _Converter:
    def __init__(self, path: str, errors: list[LoadError]):
        self.path = path
        self.errors = errors
        self.budget = _Budget()
        self.sizes: dict[int, int] = {}  # nodes below each collection converted so far

    def error(self, node: yaml.Node, msg_id: str, /, **params: Any) -> None:
        self.errors.append(LoadError(_loc(self.path, node), msg_id, params))

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        self.budget.nodes += 1
        if self.budget.nodes > MAX_NODES:
            raise _Abort("load.too_many_nodes", node, limit=MAX_NODES)
        if depth > MAX_DEPTH:
            raise _Abort("load.too_deep", node, limit=MAX_DEPTH)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        # A collection met again is an alias: its size is known from the first time.
        # Expanding aliases gets a budget of its own, far below MAX_NODES, so an alias
        # bomb is refused after MAX_ALIAS_NODES steps (plans hardly use aliases at all).
        size = self.sizes.get(id(node))
        if size is not None:
            self.budget.alias_nodes += size
            if self.budget.alias_nodes > MAX_ALIAS_NODES:
                raise _Abort("load.alias_bomb", node, limit=MAX_ALIAS_NODES)
        start = self.budget.nodes
        if isinstance(node, yaml.MappingNode):
            value: Any = self._mapping(node, depth)
        else:
            if node.tag != _SEQ:
                self.error(node, "load.tag", tag=node.tag)
            value = [self.convert(item, depth + 1) for item in node.value]
        self.sizes[id(node)] = self.budget.nodes - start
        return value

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            self.error(node, "load.tag", tag=node.tag)
        out: dict[str, Any] = {}
        keys: dict[str, Location] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, "load.merge_key")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "load.complex_key")
                continue
            key = str(key_node.value)
            if key.startswith("__"):
                self.error(key_node, "load.reserved_key", key=key)
                continue
            if key in out:
                first = keys[key]
                self.error(key_node, "load.duplicate_key", key=key, first_line=first.line)
                continue
            keys[key] = _loc(self.path, key_node)
            value = self.convert(value_node, depth + 1)
            if isinstance(value_node, yaml.SequenceNode):
                for i, item in enumerate(value_node.value):
                    keys[f"{key}[{i}]"] = _loc(self.path, item)
            out[key] = value
        out[LOC_KEY] = _loc(self.path, node)
        out[KEYS_KEY] = keys
        return out

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, raw = node.tag, node.value
        if tag == _STR or node.style in ("'", '"', "|", ">"):
            if tag not in (_STR, "!"):
                self.error(node, "load.tag", tag=tag)
            return raw
        if tag == _NULL:
            return None
        if tag == _BOOL:
            if raw.lower() in _BOOL_11:  # YAML 1.1 only; text in YAML 1.2
                self.error(node, "load.yaml11_bool", value=raw, reading=_BOOL_11[raw.lower()])
                return None
            return raw in _BOOL_TRUE
        if tag in (_INT, _FLOAT):
            low = raw.lower()
            if "nan" in low or "inf" in low:
                self.error(node, "load.not_finite", value=raw)
                return None
            if not is_decimal(raw):
                form, reading = decimal_reading(raw)
                self.error(node, "load.number_notation", value=raw,
                           form=Msg(f"number_form.{form}"), reading=reading)
                return None
            if _DECIMAL_INT.fullmatch(raw):
                return int(raw.replace("_", ""))
            return _number(raw)
        if tag == _TIMESTAMP:
            if _DATE_RE.match(raw):
                try:
                    return dt.date.fromisoformat(raw)
                except ValueError:
                    self.error(node, "load.bad_date", value=raw)
                    return None
            return raw
        self.error(node, "load.tag", tag=tag)
        return None


def _number(raw: str) -> Decimal:
    """Keep a float as the Decimal it was printed as (``7.0`` keeps one decimal)."""
    try:
        return Decimal(raw.replace("_", ""))
    except InvalidOperation:
        return Decimal(0)


_BRACKETS = re.compile(r"[\[\]{}]")
_BRACKET_SCAN_LIMIT = 200_000


def _may_be_too_deep(text: str) -> bool:
    """A cheap first look: could flow collections (``[``, ``{``) nest deeper than
    ``MAX_DEPTH``? Brackets in quoted text may make it say yes wrongly, never no wrongly;
    a file with very many brackets is always looked at properly."""
    depth = 0
    for i, match in enumerate(_BRACKETS.finditer(text)):
        if i > _BRACKET_SCAN_LIMIT:
            return True
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif depth:
            depth -= 1
    return False


def _too_big(text: str) -> bool:
    """Could ``text`` hold more than ``MAX_NODES`` nodes? The densest YAML makes one node
    per character (``{?,?,?}``: a null key and a null value for each two characters, as
    a test checks); with a margin of two, only a text of ``MAX_NODES / 2`` characters or
    more can."""
    return len(text) * 2 > MAX_NODES


def _stream_problem(text: str) -> tuple[str, yaml.Mark] | None:
    """The first limit ``text`` breaks, and where, read from libyaml's event stream, which
    keeps no tree and stops there: collections nested deeper than ``MAX_DEPTH``
    (``load.too_deep``; composing such a file first takes time quadratic in its depth,
    20 000 levels: seconds) or more than ``MAX_NODES`` nodes (``load.too_many_nodes``;
    composing 20 MB of ``[],`` first takes minutes and gigabytes)."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            nodes += 1
            if depth > MAX_DEPTH:
                return "load.too_deep", event.start_mark
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
            continue
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            nodes += 1
        else:
            continue
        if nodes > MAX_NODES:
            return "load.too_many_nodes", event.start_mark
    return None


class _Abort(Exception):
    def __init__(self, msg_id: str, node: yaml.Node, /, **params: Any):
        super().__init__(msg_id)
        self.key, self.node, self.params = msg_id, node, params


def load_yaml(path: Path, display: str, errors: list[LoadError]) -> Any:
    """Load one YAML file; append located errors and return None on failure."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            errors.append(LoadError(Location(display, 1, 1), "load.too_large",
                                    {"size": size, "limit": MAX_FILE_BYTES}))
            return None
        data = path.read_bytes()
    except OSError as exc:
        errors.append(LoadError(Location(display, 1, 1), "load.unreadable",
                                {"reason": exc.strerror or str(exc)}))
        return None
    return load_yaml_bytes(data, display, errors)


def load_yaml_bytes(data: bytes, display: str, errors: list[LoadError]) -> Any:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        errors.append(LoadError(Location(display, line, col), "load.not_utf8",
                                {"byte": f"0x{data[exc.start]:02x}"}))
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        errors.append(LoadError(Location(display, line, 1), "load.nul", {}))
        return None
    try:
        problem = _stream_problem(text) if _too_big(text) or _may_be_too_deep(text) else None
        if problem is not None:
            key, mark = problem
            limit = MAX_DEPTH if key == "load.too_deep" else MAX_NODES
            errors.append(LoadError(Location(display, mark.line + 1, mark.column + 1),
                                    key, {"limit": limit}))
            return None
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        # libyaml marks the end of the stream one line past a last line without newline
        last = text.count("\n") + (0 if text.endswith("\n") else 1)
        if line > max(last, 1):
            line, col = max(last, 1), len(text.rsplit("\n", 1)[-1]) + 1 if last else 1
        problem = exc.problem or exc.context or "syntax error"
        errors.append(LoadError(Location(display, line, col), "load.syntax",
                                {"problem": problem}))
        return None
    except yaml.YAMLError as exc:  # e.g. reader errors on control characters
        errors.append(LoadError(Location(display, 1, 1), "load.syntax", {"problem": str(exc)}))
        return None
    except RecursionError:
        errors.append(LoadError(Location(display, 1, 1), "load.too_deep", {"limit": MAX_DEPTH}))
        return None
    if len(nodes) > 1:
        errors.append(LoadError(_loc(display, nodes[1]), "load.multi_document", {}))
        return None
    if not nodes or nodes[0] is None:
        return None
    conv = _Converter(display, errors)
    before = len(errors)
    try:
        value = conv.convert(nodes[0])
        # a file with a refused tag or key is not validated further: one message, not two
        return value if len(errors) == before else None
    except _Abort as abort:
        errors.append(LoadError(_loc(display, abort.node), abort.key, abort.params))
        return None
    except RecursionError:
        errors.append(LoadError(Location(display, 1, 1), "load.too_deep", {"limit": MAX_DEPTH}))
        return None
