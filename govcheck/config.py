"""The configuration file: ``govcheck.toml``, or ``[tool.govcheck]`` in ``pyproject.toml``.

Settings (all optional)::

    select = ["MAL001", "EKO003"]   # run only these rules (ids or names)
    ignore = ["IKP001"]             # never run these
    fail-level = "warning"          # the lowest severity that makes `lint` exit 1
    lang = "en"                     # language of messages
    rules = ["../egna-regler"]      # extra rule folders, relative to this file
    basis = ["lag"]                 # only findings resting on these grounds (lag,
                                    # fullmäktige, praxis): an auditor's "lag only" run

    [severity]                      # a rule's severity, overriding its rule file
    EKO003 = "error"

The file is looked for in the working directory and its parents, up to the filesystem root
or the first folder holding ``.git``; in each folder ``govcheck.toml`` comes before a
``pyproject.toml`` with a ``[tool.govcheck]`` table. ``--config FILE`` names it directly.
Options on the command line override the file. Every mistake is an input error located at
its file and line (tomllib gives no positions, so the keys are found by scanning the text,
once: the time grows linearly with the file). Like a plan file, the file is bounded: at
most ``MAX_CONFIG_BYTES`` and ``MAX_CONFIG_DEPTH`` levels of nested arrays and inline
tables; the command line shows at most ``MAX_SHOWN`` messages and counts the rest
(govcheck.cli.main).
"""

from __future__ import annotations

import functools
import re
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcheck.i18n import Msg, describe_value
from govcheck.load.errors import LoadError, Location, PlanLoadError
from govcheck.load.folder import display_path, read_utf8
from govcheck.model.suggest import did_you_mean
from govcheck.records import FACTORY, record

if TYPE_CHECKING:
    import tomllib

CONFIG_FILE = "govcheck.toml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = ("tool", "govcheck")
LEVELS = ("error", "warning", "info")
RANK = {"info": 0, "warning": 1, "error": 2}
LANGS = ("sv", "en")
KEYS = ("basis", "fail-level", "ignore", "lang", "rules", "select", "severity")
MAX_CONFIG_BYTES = 1024 * 1024
"""A configuration is a few hundred bytes; a megabyte is a mistake (or an attack)."""
MAX_CONFIG_DEPTH = 100
"""Nested arrays and inline tables, as for plan files (tomllib would recurse until Python's
own limit, an internal error)."""
MAX_HINTS = 100
"""Unknown keys and rule names that get a "did you mean": no more are shown
(govcheck.cli.main)."""
BASIS_KINDS = ("lag", "fullmäktige", "praxis")
"""What a rule or a finding rests on (govcheck.rules.spec.BASIS_KINDS; kept here so that the
command line reads the configuration without importing the rules)."""


@record
class Config:
    """The settings of one configuration file (all empty: no file)."""

    path: Path | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_level: str | None = None
    lang: str | None = None
    rule_dirs: list[Path] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    locs: dict[str, Location] = field(default_factory=dict)

    def __init__(self, path: Path | None = None, select: list[str] = FACTORY,
                 ignore: list[str] = FACTORY, severity: dict[str, str] = FACTORY,
                 fail_level: str | None = None, lang: str | None = None,
                 rule_dirs: list[Path] = FACTORY, basis: list[str] = FACTORY,
                 locs: dict[str, Location] = FACTORY) -> None:
        self.path = path
        self.select = [] if select is FACTORY else select
        self.ignore = [] if ignore is FACTORY else ignore
        self.severity = {} if severity is FACTORY else severity
        self.fail_level = fail_level
        self.lang = lang
        self.rule_dirs = [] if rule_dirs is FACTORY else rule_dirs
        self.basis = [] if basis is FACTORY else basis
        self.locs = {} if locs is FACTORY else locs

    def at(self, key: str) -> Location:
        """Where setting ``key`` (``"select[1]"``, ``"severity.EKO003"``) stands in the file."""
        if key in self.locs:
            return self.locs[key]
        base = key.split("[")[0].split(".")[0]
        if base in self.locs:
            return self.locs[base]
        return Location(display_path(self.path) if self.path else "<config>", 1, 1)

    def rule_ids(self, ruleset: Any) -> tuple[set[str] | None, set[str], dict[str, str]]:
        """``select``, ``ignore`` and ``severity`` as rule ids of ``ruleset``.

        Returns (the selected ids or None for all, the ignored ids, severity by id); raises
        PlanLoadError with every unknown rule, located in the file, with "did you mean".
        With ``basis``, the selected ids are only the rules that can make a finding of
        those kinds (the run then keeps only such findings: a rule whose messages rest on
        different grounds reports only those of the kinds asked for)."""
        errors: list[LoadError] = []
        known = sorted({r.id for r in ruleset} | {r.name for r in ruleset})

        def resolve(name: str, key: str) -> str | None:
            rule = ruleset.get(name)
            if rule is None:
                hint = did_you_mean(name, known) if len(errors) < MAX_HINTS else None
                errors.append(LoadError(self.at(key), "rule.unknown_id", {
                    "id": name,
                    "hint": Msg("hint.did_you_mean", name=hint) if hint else Msg("hint.none")}))
                return None
            return str(rule.id)

        selected = ({i for n, name in enumerate(self.select)
                     if (i := resolve(name, f"select[{n}]")) is not None}
                    if self.select else None)
        ignored = {i for n, name in enumerate(self.ignore)
                   if (i := resolve(name, f"ignore[{n}]")) is not None}
        severity = {}
        for name, level in self.severity.items():
            rule_id = resolve(name, f"severity.{name}")
            if rule_id is not None:
                severity[rule_id] = level
        if errors:
            raise PlanLoadError(errors)
        if self.basis:
            kinds = set(self.basis)
            with_basis = {r.id for r in ruleset if kinds & set(r.basis_kinds())}
            selected = with_basis if selected is None else selected & with_basis
        return selected, ignored, severity


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file for a run in folder ``start`` (default: the working
    directory): ``govcheck.toml`` or a ``pyproject.toml`` with ``[tool.govcheck]`` in it or
    a parent folder, not above the first folder that holds ``.git``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (folder / ".git").exists():
            break
    return None


_rx = functools.cache(re.compile)
"""A pattern compiled on first use: most runs read no configuration file."""

_TOML_HEADER = re.compile(r"^\s*\[\[?(?P<name>[^\]#]*)\]")
_GOVCHECK_KEY = re.compile(r"""^\s*["']?govcheck["']?\s*[.=]""")
_TOOL_GOVCHECK_KEY = re.compile(r"""^\s*["']?tool["']?\s*\.\s*["']?govcheck["']?\s*[.=]""")


def _may_have_tool_table(text: str) -> bool:
    """Whether a TOML text may hold ``tool.govcheck`` (read line by line, without parsing):
    a ``[tool.govcheck…]`` header, a ``govcheck`` key in the ``[tool]`` table, or a
    ``tool.govcheck…`` key before any table. False only when it cannot (a pyproject.toml
    that names govcheck as its project or script, as govcheck's own, is not parsed)."""
    if "govcheck" not in text:
        return False
    table = ""
    for line in text.splitlines():
        header = _TOML_HEADER.match(line)
        if header:
            table = re.sub(r"""[\s"']""", "", header.group("name"))
            if table == "tool.govcheck" or table.startswith("tool.govcheck."):
                return True
            continue
        if "govcheck" not in line:
            continue
        if table == "tool" and _GOVCHECK_KEY.match(line):
            return True
        if table == "" and _TOOL_GOVCHECK_KEY.match(line):
            return True
    return False


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if not _may_have_tool_table(text):  # most pyproject.toml files: no need to parse them
        return False
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        # a broken file that seems to be meant for us is reported, not skipped
        return "[tool.govcheck" in text
    tool = data.get("tool")
    return isinstance(tool, dict) and "govcheck" in tool


def discover(start: Path | None = None) -> Config:
    """The configuration found from ``start``, or an empty one."""
    path = find_config(start)
    return load_config(path) if path is not None else Config()


def load_config(path: Path) -> Config:
    """Read and check a configuration file; raise PlanLoadError with located problems."""
    path = Path(path)
    display = display_path(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_utf8 says why it cannot be read
    if size > MAX_CONFIG_BYTES:
        raise PlanLoadError([LoadError(Location(display, 1, 1), "load.too_large",
                                       {"size": size, "limit": MAX_CONFIG_BYTES})])
    text = read_utf8(path, display, "config.unreadable")
    if len(text) > MAX_CONFIG_BYTES:  # grew since stat, or a device
        raise PlanLoadError([LoadError(Location(display, 1, 1), "load.too_large",
                                       {"size": len(text.encode()), "limit": MAX_CONFIG_BYTES})])
    deep = _too_deep(text)
    if deep is not None:
        raise PlanLoadError([LoadError(Location(display, *deep), "load.too_deep",
                                       {"limit": MAX_CONFIG_DEPTH})])
    import tomllib

    try:
        data: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanLoadError([_syntax_error(exc, display, text)]) from None
    except RecursionError:  # pragma: no cover - _too_deep finds it first
        raise PlanLoadError([LoadError(Location(display, 1, 1), "load.too_deep",
                                       {"limit": MAX_CONFIG_DEPTH})]) from None
    table: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        table = TOOL_TABLE
        data = data.get("tool", {}).get("govcheck", {}) if isinstance(data.get("tool"), dict) \
            else {}
    locate = _Locator(text, display, table)
    config = Config(path=path)
    errors: list[LoadError] = []
    if not isinstance(data, dict):
        errors.append(LoadError(locate.key("govcheck"), "model.wrong_type", {
            "key": ".".join(table), "expected": Msg("expected.mapping"), "got": _describe(data)}))
        raise PlanLoadError(errors)
    for key, value in data.items():
        where = locate.key(key)
        config.locs[key] = where
        if key not in KEYS:
            hint = did_you_mean(key, list(KEYS)) if len(errors) < MAX_HINTS else None
            errors.append(LoadError(where, "model.unknown_key", {
                "key": key, "hint": Msg("hint.did_you_mean", name=hint) if hint
                else Msg("hint.allowed", names=", ".join(KEYS))}))
        elif key in ("select", "ignore", "rules"):
            items = _string_list(key, value, where, locate, config, errors)
            if key == "rules":
                for n, item in enumerate(items):
                    folder = path.parent / item
                    if not folder.is_dir():
                        errors.append(LoadError(config.at(f"rules[{n}]"), "config.no_rules_dir",
                                                {"path": display_path(folder)}))
                    config.rule_dirs.append(folder)
            else:
                setattr(config, key, items)
        elif key == "severity":
            if not isinstance(value, dict):
                errors.append(_wrong_type(key, value, where, "expected.mapping"))
                continue
            for rule, level in value.items():
                at = locate.key("severity", rule)
                config.locs[f"severity.{rule}"] = at
                if _choice(f"severity.{rule}", level, LEVELS, at, errors):
                    config.severity[rule] = level
        elif key == "basis":
            for n, item in enumerate(_string_list(key, value, where, locate, config, errors)):
                if _choice(f"basis[{n}]", item, BASIS_KINDS, config.at(f"basis[{n}]"), errors) \
                        and item not in config.basis:
                    config.basis.append(item)
        elif key == "fail-level" and _choice(key, value, LEVELS, where, errors):
            config.fail_level = value
        elif key == "lang" and _choice(key, value, LANGS, where, errors):
            config.lang = value
    if errors:
        raise PlanLoadError(errors)
    return config


def _string_list(key: str, value: Any, where: Location, locate: _Locator, config: Config,
                 errors: list[LoadError]) -> list[str]:
    if not isinstance(value, list):
        errors.append(_wrong_type(key, value, where, "expected.list"))
        return []
    items = []
    for n, item in enumerate(value):
        if not isinstance(item, str):
            errors.append(_wrong_type(key, item, where, "expected.string"))
            continue
        config.locs[f"{key}[{n}]"] = locate.item(key, item)
        items.append(item)
    return items


def _choice(key: str, value: Any, allowed: tuple[str, ...], where: Location,
            errors: list[LoadError]) -> bool:
    if not isinstance(value, str):
        errors.append(_wrong_type(key, value, where, "expected.string"))
        return False
    if value not in allowed:
        hint = did_you_mean(value, list(allowed))
        errors.append(LoadError(where, "model.bad_value", {
            "key": key, "value": value,
            "hint": Msg("hint.did_you_mean", name=hint) if hint
            else Msg("hint.allowed", names=", ".join(allowed))}))
        return False
    return True


def _wrong_type(key: str, value: Any, where: Location, expected: str) -> LoadError:
    return LoadError(where, "model.wrong_type",
                     {"key": key, "expected": Msg(expected), "got": _describe(value)})


_describe = describe_value


# Patterns used only when a configuration file is read, compiled then (``_rx``).
_AT = r"\s*\(at line (\d+), column (\d+)\)\s*$"
_AT_END = r"\s*\(at end of document\)\s*$"


def _syntax_error(exc: tomllib.TOMLDecodeError, display: str, text: str) -> LoadError:
    message = str(exc)
    match = _rx(_AT).search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        problem = _rx(_AT).sub("", message)
    else:
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
        problem = _rx(_AT_END).sub("", message)
    return LoadError(Location(display, line, column), "config.syntax", {"problem": problem})


def _too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) of the first ``[`` or ``{`` nested deeper than ``MAX_CONFIG_DEPTH``
    in a value, or None. Strings and comments are skipped; a table header (``[a]``,
    ``[[a]]`` at the start of a line) opens no value. One pass over the text."""
    depth = 0
    line, line_start = 1, 0
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        char = text[i]
        if char == "\n":
            line, line_start, at_line_start = line + 1, i + 1, True
            i += 1
            continue
        if char in " \t\r":
            i += 1
            continue
        if char == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if char in "\"'":
            triple = text.startswith(char * 3, i)
            quote = char * 3 if triple else char
            j = i + len(quote)
            while j < n:
                if char == '"' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                if not triple and text[j] == "\n":
                    break  # an unclosed string: tomllib reports it
                j += 1
            skipped = text[i:j]
            line += skipped.count("\n")
            if "\n" in skipped:
                line_start = i + skipped.rindex("\n") + 1
            i = j + len(quote)
            at_line_start = False
            continue
        if at_line_start and depth == 0 and char == "[":
            end = text.find("\n", i)  # a table header: the rest of the line
            i = n if end < 0 else end
            continue
        at_line_start = False
        if char in "[{":
            depth += 1
            if depth > MAX_CONFIG_DEPTH:
                return line, i - line_start + 1
        elif char in "]}" and depth:
            depth -= 1
        i += 1
    return None


# --- where a key stands: one scan of the TOML text --------------------------------------

_HEADER = r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$"
_KEY = (r"""^(\s*)((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')"""
         r"""(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*=""")


_INLINE_KEY = r"""(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_\-]+))\s*="""
_QUOTED = r""""([^"\n]*)"|'([^'\n]*)'"""


def _dotted(text: str) -> tuple[str, ...]:
    parts = re.findall(r"""[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'""", text)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


class _Locator:
    """Finds the line and column of a key (or of a string in a key's array) in TOML text.

    Handles ``[table]`` headers, dotted keys (``severity.EKO003 = ...``) and inline tables
    on one line (``severity = {EKO003 = "error"}``); falls back to the table's header,
    then to line 1."""

    def __init__(self, text: str, display: str, base: tuple[str, ...]):
        self.lines = text.splitlines()
        self.display = display
        self.base = base
        # the first place of each key path (line, column, where its value starts in the
        # line), and the lines where a key's value opens an inline table: one pass
        self.first: dict[tuple[str, ...], tuple[int, int, int]] = {}
        self.inline: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        for number, key, start, column in self._scan():
            self.first.setdefault(key, (number, column, start))
            if key and "{" in self.lines[number - 1][start:]:
                self.inline.setdefault(key, []).append((number, start))
        self.items: dict[str, dict[str, Location]] = {}
        self.inline_keys: dict[tuple[str, ...], dict[str, tuple[int, int, int]]] = {}

    def _scan(self) -> list[tuple[int, tuple[str, ...], int, int]]:
        """(line number, absolute key path, where the value starts in the line (after '='),
        key column) per key."""
        out = []
        header: tuple[str, ...] = ()
        for number, line in enumerate(self.lines, 1):
            head = _rx(_HEADER).match(line)
            if head:
                header = _dotted(head.group(1))
                out.append((number, header, len(line), len(line) - len(line.lstrip()) + 1))
                continue
            key = _rx(_KEY).match(line)
            if key:
                out.append((number, header + _dotted(key.group(2)), key.end(),
                            len(key.group(1)) + 1))
        return out

    def _find(self, path: tuple[str, ...]) -> tuple[int, int, int] | None:
        """(line, column, where the value starts in the line) of the key at absolute
        ``path``, or None."""
        if path in self.first:
            return self.first[path]
        # a key inside an inline table on one line: ``severity = { EKO003 = "error" }``
        found: tuple[int, int, int] | None = None
        for size in range(1, len(path)):
            where = self._inline_keys(path[:size]).get(path[-1])
            if where is not None and (found is None or where[0] < found[0]):
                found = where
        return found

    def _inline_keys(self, prefix: tuple[str, ...]) -> dict[str, tuple[int, int, int]]:
        """The keys written in the inline tables of key ``prefix``, each where it first
        stands; found in one pass, the first time they are asked for."""
        if prefix not in self.inline_keys:
            out: dict[str, tuple[int, int, int]] = {}
            for number, start in self.inline.get(prefix, []):
                line = self.lines[number - 1]
                for token in _rx(_INLINE_KEY).finditer(line, start):
                    name = next(g for g in token.groups() if g is not None)
                    out.setdefault(name, (number, token.start() + 1, token.end()))
            self.inline_keys[prefix] = out
        return self.inline_keys[prefix]

    def key(self, *keys: str) -> Location:
        found = self._find(self.base + keys)
        if found is None and len(keys) > 1:
            found = self._find(self.base + keys[:-1])
        if found is None:
            found = self._find(self.base)
        if found is None:
            return Location(self.display, 1, 1)
        return Location(self.display, found[0], found[1])

    def item(self, key: str, value: str) -> Location:
        """The position of string ``value`` in the array of ``key`` (may span lines); the
        array's strings are found in one pass, the first time any of them is asked for."""
        found = self._find(self.base + (key,))
        if found is None:
            return self.key(key)
        if key not in self.items:
            self.items[key] = self._strings(found)
        return self.items[key].get(value) or Location(self.display, found[0], found[1])

    def _strings(self, found: tuple[int, int, int]) -> dict[str, Location]:
        """Where each quoted string after ``found``'s '=' first stands, up to the next
        table header."""
        start = found[0]
        out: dict[str, Location] = {}
        for number in range(start, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > start and _rx(_HEADER).match(line):
                break
            offset = found[2] if number == start else 0
            for match in _rx(_QUOTED).finditer(line, offset):
                text = match.group(1) if match.group(1) is not None else match.group(2)
                if text not in out:
                    out[text] = Location(self.display, number, match.start() + 1)
        return out
