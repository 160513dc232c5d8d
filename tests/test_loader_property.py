"""Loader robustness: random unknown keys and wrong types never crash it."""

from __future__ import annotations

import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govcheck.load.errors import LoadError
from govcheck.load.folder import RawFile
from govcheck.load.yamlloc import load_yaml_bytes
from govcheck.model.build import validate_file

MINI = Path(__file__).resolve().parent.parent / "rules" / "fixtures" / "mini"

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.text(alphabet=string.ascii_letters + "åäö -", max_size=12),
    st.lists(st.integers(0, 9), max_size=3),
)
keys = st.text(alphabet=string.ascii_lowercase + "åäö_", min_size=1, max_size=12)


def _mutate(lines: list[str], index: int, key: str, value: str) -> str:
    """Insert ``key: value`` at a line, with that line's indentation."""
    i = index % len(lines)
    indent = len(lines[i]) - len(lines[i].lstrip(" "))
    if lines[i].lstrip().startswith("- "):
        indent += 2
    out = lines[: i + 1] + [" " * indent + f"{key}: {value}"] + lines[i + 1:]
    return "\n".join(out) + "\n"


def _yaml_value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if value else "''"
    return str(value)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(sorted(p.name for p in MINI.glob("*.yaml"))),
       st.integers(0, 200), keys, scalars)
def test_inserted_key_never_crashes(name, index, key, value):
    lines = (MINI / name).read_text(encoding="utf-8").splitlines()
    text = _mutate(lines, index, key, _yaml_value(value))
    errors: list[LoadError] = []
    data = load_yaml_bytes(text.encode(), name, errors)
    if data is not None and not errors:
        validate_file(RawFile(name, name, data), errors)
    nlines = text.count("\n") + 1
    for e in errors:
        assert e.location.file == name
        assert 1 <= e.location.line <= nlines
        assert e.message("sv") and e.message("en")


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(p.name for p in MINI.glob("*.yaml"))), st.integers(0, 400),
       scalars)
def test_replaced_value_never_crashes(name, index, value):
    lines = (MINI / name).read_text(encoding="utf-8").splitlines()
    candidates = [i for i, line in enumerate(lines) if ": " in line and not line.rstrip().endswith(":")]
    i = candidates[index % len(candidates)]
    head = lines[i].split(": ", 1)[0]
    lines[i] = f"{head}: {_yaml_value(value)}"
    errors: list[LoadError] = []
    data = load_yaml_bytes(("\n".join(lines) + "\n").encode(), name, errors)
    if data is not None and not errors:
        validate_file(RawFile(name, name, data), errors)
    for e in errors:
        assert e.location.file == name and e.location.line >= 1
        e.message("en")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data):
    errors: list[LoadError] = []
    load_yaml_bytes(data, "x.yaml", errors)
    for e in errors:
        assert e.location.file == "x.yaml"
        e.message("sv")
