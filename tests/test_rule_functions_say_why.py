"""Issue 14: a rule that stays a check function says why in one line above its ``check:``."""

from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[1] / "rules"
FILES = sorted(p for p in RULES.rglob("*.yaml") if "fixtures" not in p.parts)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_a_function_rule_says_why(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("check:"):
            assert i > 0 and lines[i - 1].startswith("# a function: ") \
                and len(lines[i - 1]) > len("# a function: ") + 10, \
                f"{path.name}:{i + 1}: say in one line above check: why the rule is a function"
