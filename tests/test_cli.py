"""The lint command as users and CI run it: formats, exit codes, determinism."""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINI_PLAN, REAL_PLAN, replace_once
from govcheck.cli.main import cli


def lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["lint", *args])
    return result.exit_code, result.output


def test_clean_plan_exits_0():
    code, out = lint(str(MINI_PLAN))
    assert code == 0
    assert "Inga fynd" in out


def test_error_exits_1_and_is_compiler_style(mini_copy):
    replace_once(mini_copy / "namndplaner.yaml", "belopp: 100.0}", "belopp: 110.0}")
    code, out = lint(str(mini_copy))
    assert code == 1
    first = out.splitlines()[0]
    assert first.endswith("[net-cost-within-frame]")
    assert "namndplaner.yaml:16:" in first and ": error EKO001 " in first
    assert "1 fel, 0 varningar" in out


def test_warning_fails_only_with_strict(mini_copy):
    replace_once(mini_copy / "ekonomi.yaml", "värden: [2.0, 4.7, 2.6, 3.1]", "värden: [2.0, 5.0, 2.6, 3.1]")
    assert lint(str(mini_copy))[0] == 0
    assert lint(str(mini_copy), "--strict")[0] == 1


def test_json_document_shape(mini_copy):
    replace_once(mini_copy / "namndplaner.yaml", "belopp: 100.0}", "belopp: 110.0}")
    code, out = lint(str(mini_copy), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert set(doc) == {"govcheck", "plan", "plan_name", "findings", "summary", "coverage"}
    assert doc["plan"] == "mini" and doc["plan_name"] == "Miniplan 2026 (mini)"
    # every rule run says what it tested: the mini plan has every part, so all are tested
    assert doc["coverage"]["EKO001"] == {"status": "tested", "reasons": []}
    assert len(doc["coverage"]) == doc["summary"]["rules_run"]
    [finding] = doc["findings"]
    assert finding["rule"] == "EKO001" and finding["severity"] == "error"
    assert finding["location"]["line"] == 16 and finding["location"]["file"].endswith("namndplaner.yaml")
    assert finding["evidence"]["frame"] == 102.0 and finding["evidence"]["net_cost_goal"] == 110.0
    assert doc["summary"]["by_severity"] == {"error": 1, "warning": 0, "info": 0}


def test_english(mini_copy):
    replace_once(mini_copy / "namndplaner.yaml", "belopp: 100.0}", "belopp: 110.0}")
    _, out = lint(str(mini_copy), "--lang", "en")
    assert "exceeds its frame of 102.0 mnkr by 8.0 mnkr" in out
    assert "1 error(s), 0 warning(s)" in out


def test_only_selects_rules():
    code, out = lint(str(REAL_PLAN), "--only", "EKO003")
    assert code == 0 and "EKO003" in out and "MAL001" not in out
    code, out = lint(str(REAL_PLAN), "--only", "NOPE01")
    assert code == 2


def _run_cli(args: list[str], seed: str, cwd: Path) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    proc = subprocess.run([sys.executable, "-m", "govcheck", *args], cwd=cwd,
                          env=env, capture_output=True, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout


def test_output_is_byte_identical_across_hash_seeds_and_file_order(tmp_path):
    plan = tmp_path / "vasterbotten-2026"
    shutil.copytree(REAL_PLAN, plan)
    outputs = set()
    for seed in ("0", "1", "12345"):
        for fmt in ("text", "json"):
            outputs.add((fmt, _run_cli(["lint", "vasterbotten-2026", "--format", fmt], seed, tmp_path)))
    # the same files created in another order (directory listing order may follow creation)
    other = tmp_path / "other" / "vasterbotten-2026"
    files = sorted((p for p in plan.rglob("*") if p.is_file()), reverse=True)
    for p in files:
        dest = other / p.relative_to(plan)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(p.read_bytes())
    for fmt in ("text", "json"):
        outputs.add((fmt, _run_cli(["lint", "vasterbotten-2026", "--format", fmt], "7",
                                   tmp_path / "other")))
    assert len({o for o in outputs if o[0] == "text"}) == 1
    assert len({o for o in outputs if o[0] == "json"}) == 1


def test_help_is_complete():
    runner = CliRunner()
    top = runner.invoke(cli, ["--help"]).output
    assert "lint" in top and "rules" in top and "Exit codes" in top
    lint_help = runner.invoke(cli, ["lint", "--help"]).output
    for option in ("--format", "--lang", "--strict", "--only", "--rules"):
        assert option in lint_help


def test_rules_list_and_explain():
    runner = CliRunner()
    out = runner.invoke(cli, ["rules"]).output
    for rule_id in ("MAL001", "UPP001", "EKO001", "EKO002", "EKO003", "BAL001"):
        assert rule_id in out
    explained = runner.invoke(cli, ["rules", "--lang", "en", "explain", "BAL001"]).output
    assert "KL 11 ch. 12 §" in explained and "Failing example" in explained


def test_rule_docs_are_current(tmp_path):
    result = CliRunner().invoke(cli, ["rules", "docs", str(tmp_path)])
    assert result.exit_code == 0
    committed = Path(__file__).resolve().parent.parent / "docs" / "rules"
    generated = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in committed.glob("*.md")}
    assert generated == on_disk, "docs/rules is stale: run 'govcheck rules docs docs/rules'"


def test_govcheck_test_command_runs_rule_cases():
    result = CliRunner().invoke(cli, ["test", str(Path(__file__).resolve().parent.parent / "rules")])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_govcheck_test_fails_a_wrong_expectation(tmp_path):
    rules = Path(__file__).resolve().parent.parent / "rules"
    mine = tmp_path / "mine"
    mine.mkdir()
    text = (rules / "EKO003.yaml").read_text(encoding="utf-8").replace("id: EKO003", "id: LOK001")
    text = text.replace("rule: EKO003", "rule: LOK001").replace("base: fixtures/mini",
                                                                  f"base: {rules / 'fixtures' / 'mini'}")
    text = text.replace("line: 24}", "line: 23}")
    (mine / "LOK001.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["test", str(mine)])
    assert result.exit_code == 1
    assert "FAIL LOK001 cost-outgrows-revenue" in result.output


def test_malformed_rule_file_is_located_error(tmp_path):
    (tmp_path / "LOK002.yaml").write_text("id: LOK002\nname: x\ncheck: goal_adressed_by_targets\n",
                                          encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", str(MINI_PLAN), "--rules", str(tmp_path)])
    assert result.exit_code == 2
    assert "LOK002.yaml:" in result.output


def test_govcheck_test_fails_a_rule_that_never_fires(tmp_path):
    rules = Path(__file__).resolve().parent.parent / "rules"
    mine = tmp_path / "mine"
    mine.mkdir()
    text = (rules / "EKO003.yaml").read_text(encoding="utf-8").replace("id: EKO003", "id: LOK003")
    text = text.replace("rule: EKO003", "rule: LOK003")
    head, _, _ = text.partition("tests:\n")
    (mine / "LOK003.yaml").write_text(head + "tests:\n  - name: only-passing\n"
                                      "    base: fixtures/mini\n    expect: []\n",
                                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["test", str(mine)])
    assert result.exit_code == 1
    assert "FAIL LOK003 (no failing case)" in result.output


class _Exited(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _no_hard_exit(monkeypatch):
    """os._exit would end the test process: record the status instead; and no tracer, as
    in a plain run (under coverage, fast_exit would exit normally)."""
    import govcheck.cli

    def record(status: int) -> None:
        raise _Exited(status)
    monkeypatch.setattr(govcheck.cli.os, "_exit", record)
    monkeypatch.setattr(sys, "gettrace", lambda: None)
    monkeypatch.setattr(sys, "getprofile", lambda: None)


def test_console_script_entry_point(monkeypatch, capsys):
    """The installed ``govcheck`` runs govcheck.cli:entry_point: the collector is back on
    after the imports, pydantic's plugins are off unless the environment decides, and the
    process ends with the command's exit status once the output is flushed."""
    import pydantic.plugin._loader as plugin_loader

    from govcheck import util
    from govcheck.cli import entry_point

    _no_hard_exit(monkeypatch)
    # this process goes on after the command: it must not keep every later test's objects
    monkeypatch.setattr(util, "PROCESS_ENDS_WITH_COMMAND", False)
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    monkeypatch.setattr(sys, "argv", ["govcheck", "lint", str(REAL_PLAN)])
    assert gc.isenabled()
    with pytest.raises(_Exited) as ended:
        entry_point()
    assert ended.value.status == 1
    assert gc.isenabled()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
    assert plugin_loader.get_plugins() == ()
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("23 fel, 13 varningar")

    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "")
    monkeypatch.setattr(sys, "argv", ["govcheck", "--version"])
    with pytest.raises(_Exited) as ended:
        entry_point()
    assert ended.value.status == 0
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == ""
    gc.unfreeze()  # what entry_point kept (see the next test) goes back to the collector


def test_console_script_lint_makes_no_collection_walk_its_objects():
    """In the console script, what the imports and the lint's run made lives to the end of
    the process: it is kept out of the collector's reach (gc.freeze), so no collection
    walks it (one pass over everything imported cost 15 ms, a fifth of govcheck's own
    start-up). Small passes over what was made since may still come."""
    code = (
        "import gc, os, sys\n"
        "walked = []\n"
        "def watch(phase, info):\n"
        "    if phase == 'start':\n"
        "        walked.append(sum(len(gc.get_objects(generation=g))\n"
        "                          for g in range(info['generation'] + 1)))\n"
        "gc.callbacks.append(watch)\n"
        "real_exit = os._exit\n"
        "def report(status):\n"
        "    most = max(walked, default=0)\n"
        "    sys.stderr.write(f'most={most} kept={gc.get_freeze_count()}\\n')\n"
        "    sys.stderr.flush()\n"
        "    real_exit(status)\n"
        "os._exit = report\n"
        f"sys.argv = ['govcheck', 'lint', {str(REAL_PLAN)!r}]\n"
        "from govcheck.cli import entry_point\n"
        "entry_point()\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1, run.stderr
    assert run.stdout.splitlines()[-1].startswith("23 fel, 13 varningar")
    most, kept = (int(n) for n in re.search(r"most=(\d+) kept=(\d+)", run.stderr).groups())
    assert kept > 100_000  # the libraries', govcheck's and the run's objects
    assert most < kept // 10  # no pass walked them


def test_gc_paused_keeps_the_blocks_objects_only_when_asked():
    from govcheck.util import gc_paused

    gc.unfreeze()
    with gc_paused():
        made = [[i] for i in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with gc_paused(keep=True):
        made += [[i] for i in range(1000)]
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() >= 2000
    gc.unfreeze()
    gc.disable()
    try:
        with gc_paused(keep=True):
            pass
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()
        gc.unfreeze()


def test_fast_exit_status_like_sys_exit(monkeypatch, capsys):
    from govcheck.cli import fast_exit

    _no_hard_exit(monkeypatch)
    for code, status in ((None, 0), (0, 0), (1, 1), (2, 2), ("usage: bad", 1)):
        with pytest.raises(_Exited) as ended:
            fast_exit(code)
        assert ended.value.status == status
    assert capsys.readouterr().err == "usage: bad\n"


def test_fast_exit_leaves_tracers_a_normal_exit(monkeypatch):
    from govcheck.cli import fast_exit

    _no_hard_exit(monkeypatch)
    monkeypatch.setattr(sys, "gettrace", lambda: (lambda *a: None))
    with pytest.raises(SystemExit) as ended:
        fast_exit(2)
    assert ended.value.code == 2


def test_fast_exit_when_stdout_is_a_closed_pipe(monkeypatch):
    """`govcheck lint … | head -1`: what is left in the buffer has nowhere to go; the
    status is still the command's, with no traceback."""
    import io

    from govcheck.cli import fast_exit

    class ClosedPipe(io.StringIO):
        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    _no_hard_exit(monkeypatch)
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    with pytest.raises(_Exited) as ended:
        fast_exit(1)
    assert ended.value.status == 1


def test_python_dash_m_govcheck_is_the_command(tmp_path):
    out = tmp_path / "out.json"
    proc = subprocess.run([sys.executable, "-m", "govcheck", "lint", str(REAL_PLAN),
                           "--format", "json", "-o", str(out)], capture_output=True,
                          timeout=120, check=False)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["by_severity"]["error"] == 23
    # everything written to stdout arrives, to the last byte, before the process ends
    for fmt in ("text", "sarif"):
        proc = subprocess.run([sys.executable, "-m", "govcheck", "lint", str(REAL_PLAN),
                               "--format", fmt], capture_output=True, timeout=120,
                              check=False)
        in_process = CliRunner().invoke(cli, ["lint", str(REAL_PLAN), "--format", fmt])
        assert proc.returncode == in_process.exit_code == 1
        assert proc.stdout.decode("utf-8") == in_process.output
        assert proc.stderr == b""


def test_installed_script_points_at_the_entry_point():
    import tomllib

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml")
                            .read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["govcheck"] == "govcheck.cli:entry_point"
