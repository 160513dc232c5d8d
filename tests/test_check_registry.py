"""The lazy index of built-in checks (govcheck.rules.checks.registry.MODULES) says where
every check is defined, and a lint imports only the check modules its rules name."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import govcheck.rules.checks as package
from govcheck.rules.checks.registry import CHECKS, MODULES


def test_index_equals_what_the_modules_register() -> None:
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    registered = {name: d.fn.__module__.rsplit(".", 1)[1] for name, d in CHECKS.loaded.items()}
    assert registered == MODULES


def test_a_lookup_imports_the_module_and_an_unknown_name_is_absent() -> None:
    assert "totals_add_up" in CHECKS and "no_such_check" not in CHECKS
    assert CHECKS["totals_add_up"].fn.__module__ == "govcheck.rules.checks.arithmetic"
    assert CHECKS.get("no_such_check") is None
    assert list(CHECKS) == sorted(MODULES)


def test_a_lint_loads_only_the_check_modules_of_its_function_rules(tmp_path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from govcheck.pipeline import build_report\n"
        "build_report(Path('plans/vasterbotten-2026'))\n"
        "print(' '.join(sorted(m.rsplit('.', 1)[1] for m in sys.modules\n"
        "                      if m.startswith('govcheck.rules.checks.'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"GOVCHECK_NO_CACHE": "1", "PATH": ""}).stdout.split()
    from govcheck.pipeline import load_ruleset

    wanted = {MODULES[r.check] for r in load_ruleset() if not r.declarative}
    assert wanted <= set(out)
    # the modules whose checks no rule names (all written as conditions) stay unloaded
    unused = set(MODULES.values()) - wanted - {"balance"}  # balance: restoration's helpers
    assert unused and not unused & set(out)
