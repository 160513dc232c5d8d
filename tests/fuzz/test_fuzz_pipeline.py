"""Fuzz entry point: mutated plans go through the whole pipeline, rules included.

Run longer by hand with, e.g.:  GOVCHECK_FUZZ_EXAMPLES=5000 pytest tests/fuzz
CI runs a bounded number of examples."""

from __future__ import annotations

import copy
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govcheck.graph.build import build_graph
from govcheck.load.errors import LoadError, PlanLoadError
from govcheck.load.folder import RawFile
from govcheck.load.located import strip_locations
from govcheck.load.yamlloc import load_yaml_bytes
from govcheck.model.build import merge, validate_file
from govcheck.model.resolve import resolve
from govcheck.paths import rules_dir
from govcheck.rules.engine import load_rules, run_rules

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "rules" / "fixtures" / "mini", ROOT / "plans" / "vasterbotten-2026"]
RULES = load_rules([rules_dir()])
EXAMPLES = int(os.environ.get("GOVCHECK_FUZZ_EXAMPLES", "60"))


def _files(root: Path) -> dict[str, Any]:
    out = {}
    for p in sorted(root.rglob("*.yaml")):
        errors: list[LoadError] = []
        out[p.relative_to(root).as_posix()] = strip_locations(
            load_yaml_bytes(p.read_bytes(), p.name, errors))
    return out


BASES = [_files(root) for root in SOURCES]


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, prefix + (i,))
    return found


def _get(node: Any, path: tuple) -> Any:
    for p in path:
        node = node[p]
    return node


def _to_yaml(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _to_yaml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_yaml(v) for v in value]
    return value


MUTATIONS = ["delete", "duplicate", "number", "null", "swap_ref", "empty_list", "negate"]


def mutate(files: dict[str, Any], draw: Any) -> dict[str, Any]:
    files = copy.deepcopy(files)
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(files)))
        doc = files[name]
        paths = [p for p in _paths(doc) if p]
        if not paths:
            continue
        path = draw(st.sampled_from(paths))
        parent, key = _get(doc, path[:-1]), path[-1]
        kind = draw(st.sampled_from(MUTATIONS))
        value = parent[key]
        if kind == "delete":
            del parent[key]
        elif kind == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(value))
        elif kind == "number" and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            parent[key] = draw(st.one_of(st.integers(-10**6, 10**6),
                                         st.decimals(-10**6, 10**6, places=1, allow_nan=False)))
        elif kind == "negate" and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            parent[key] = -value
        elif kind == "null":
            parent[key] = None
        elif kind == "swap_ref" and isinstance(value, str):
            ids = [v for p in _paths(doc) if p and p[-1] == "id" for v in [_get(doc, p)]]
            if ids:
                parent[key] = draw(st.sampled_from(ids))
        elif kind == "empty_list" and isinstance(value, list):
            parent[key] = []
    return files


@st.composite
def mutated_plans(draw):
    base = draw(st.sampled_from(range(len(BASES))))
    return mutate(BASES[base], draw)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated_plans())
def test_mutated_plans_never_crash_the_pipeline(files):
    errors: list[LoadError] = []
    validated = []
    for name in sorted(files):
        text = yaml.safe_dump(_to_yaml(files[name]), allow_unicode=True, sort_keys=False)
        data = load_yaml_bytes(text.encode("utf-8"), name, errors)
        raw = RawFile(name, name, data)
        pf = validate_file(raw, errors)
        if pf is not None:
            validated.append((raw, pf))
    for e in errors:
        assert e.location.line >= 1 and e.message("en")
    if errors:
        return
    plan = merge(validated, errors, "plan", "plan")
    if plan is None or errors:
        return
    index = resolve(plan, errors)
    if errors:
        for e in errors:
            assert e.message("sv")
        return
    findings = run_rules(build_graph(plan, index), RULES, "sv")
    for f in findings:
        assert f.location.line >= 0 and f.message
