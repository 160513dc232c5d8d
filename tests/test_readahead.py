"""Reading a plan ahead in a child process (govcheck.load.readahead): the same value as
reading it in-process, a silent fall-back whenever the child cannot deliver, never stale
data, and byte-identical command output with the read-ahead on or off."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_PLAN, REAL_PLAN, replace_once

from govcheck.cli.main import cli
from govcheck.load import readahead
from govcheck.load.folder import read_folder

pytestmark = pytest.mark.skipif(not readahead.enabled(),
                                reason="no read-ahead here (no fork, macOS, a tracer, "
                                       "threads or GOVCHECK_READ_AHEAD=0)")


@pytest.fixture(autouse=True)
def _worthwhile(monkeypatch):
    """The test process has imported every stage, so the read-ahead would rightly not
    start here (test_not_once_the_stages_are_imported); these tests make it start."""
    monkeypatch.setattr(readahead, "worthwhile", lambda: True)


def test_the_child_reads_what_the_parent_would():
    assert readahead.start(REAL_PLAN)
    ahead = readahead.take(REAL_PLAN)
    assert ahead is not None
    assert ahead == read_folder(REAL_PLAN)
    assert readahead.take(REAL_PLAN) is None  # taken once


def test_located_errors_come_back_from_the_child(tmp_path):
    (tmp_path / "plan.yaml").write_text("plan: [unclosed\n", encoding="utf-8")
    (tmp_path / "dup.yaml").write_text("a: 1\na: 2\n", encoding="utf-8")
    assert readahead.start(tmp_path)
    ahead = readahead.take(tmp_path)
    assert ahead is not None
    raws, errors = ahead
    here_raws, here_errors = read_folder(tmp_path)
    assert raws == here_raws
    # LoadError compares by identity: compare what it says
    assert [(e.location, e.key, e.params) for e in errors] == [
        (e.location, e.key, e.params) for e in here_errors]
    assert sorted((e.location.file.rsplit("/", 1)[-1], e.key) for e in errors) == [
        ("dup.yaml", "load.duplicate_key"), ("plan.yaml", "load.syntax")]


def test_nothing_started_nothing_taken(tmp_path):
    assert readahead.take(tmp_path) is None


def test_a_failing_child_means_reading_in_process(monkeypatch):
    from govcheck.load import folder

    def broken(root: Path):
        raise RuntimeError("the child's copy of read_folder fails")

    monkeypatch.setattr(folder, "read_folder", broken)  # inherited by the forked child
    assert readahead.start(MINI_PLAN)
    assert readahead.take(MINI_PLAN) is None


def test_a_second_start_drops_the_first_read(mini_copy):
    """A read nobody took (a run that stopped at a bad rule) must not be served later,
    after the files have changed."""
    assert readahead.start(mini_copy)
    replace_once(mini_copy / "namndplaner.yaml", "belopp: 100.0}", "belopp: 110.0}")
    assert readahead.start(mini_copy)
    ahead = readahead.take(mini_copy)
    assert ahead == read_folder(mini_copy)


def test_discard_stops_the_child(tmp_path):
    (tmp_path / "plan.yaml").write_text("a: 1\n", encoding="utf-8")
    assert readahead.start(tmp_path)
    pid, _ = readahead._pending[os.path.abspath(tmp_path)]
    readahead.discard(tmp_path)
    assert readahead.take(tmp_path) is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left behind


def test_not_once_the_stages_are_imported(monkeypatch, tmp_path):
    monkeypatch.undo()  # the real worthwhile(): govcheck.pipeline is loaded in this process
    import govcheck.pipeline  # noqa: F401

    assert not readahead.worthwhile()
    assert not readahead.start(tmp_path)
    monkeypatch.delitem(sys.modules, "govcheck.pipeline")
    assert readahead.worthwhile()


def test_not_for_a_plan_too_big_to_send_back_cheaply(monkeypatch):
    """Sending the result back costs about a twentieth of reading it: past MAX_BYTES of
    YAML the plan is read in-process."""
    size = sum(p.stat().st_size for p in REAL_PLAN.rglob("*.yaml"))
    monkeypatch.setattr(readahead, "MAX_BYTES", size - 1)
    assert not readahead.start(REAL_PLAN)
    monkeypatch.setattr(readahead, "MAX_BYTES", size)
    assert readahead.start(REAL_PLAN)
    assert readahead.take(REAL_PLAN) is not None


def test_off_by_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(readahead.ENV, "0")
    assert not readahead.enabled()
    assert not readahead.start(tmp_path)


def test_off_while_another_thread_runs(tmp_path):
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not readahead.enabled()
        assert not readahead.start(tmp_path)
    finally:
        stop.set()
        worker.join()


def test_off_under_a_tracer(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "gettrace", lambda: (lambda *a: None))
    assert not readahead.start(tmp_path)


def test_a_run_stopped_by_a_bad_rule_leaves_no_read_behind(monkeypatch, mini_copy):
    started = []
    real_start = readahead.start
    monkeypatch.setattr(readahead, "start", lambda root: started.append(real_start(root)))
    result = CliRunner().invoke(cli, ["lint", str(mini_copy), "--only", "NOPE999"])
    assert result.exit_code == 2
    assert started == [True]
    assert readahead._pending == {}


def test_the_command_line_loads_light_so_that_there_is_something_to_overlap():
    """The read-ahead pays only if the commands start it before the heavy stages import
    (``worthwhile``): loading the command line must not import the pipeline, the model,
    pydantic, networkx or yaml. A top-level import of any of them in govcheck/cli would
    silently turn the read-ahead off."""
    heavy = ("govcheck.pipeline", "govcheck.model.plan", "pydantic", "networkx", "yaml")
    code = ("import sys, govcheck.cli.main; "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert proc.stdout.strip() == "[]"


def _lint_bytes(args: list[str], ahead: bool) -> tuple[int, bytes, bytes]:
    env = dict(os.environ, **{readahead.ENV: "1" if ahead else "0"})
    proc = subprocess.run([sys.executable, "-m", "govcheck", *args], env=env,
                          capture_output=True, timeout=120, check=False)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_lint_output_is_the_same_with_and_without_read_ahead(fmt):
    on = _lint_bytes(["lint", str(REAL_PLAN), "--format", fmt], ahead=True)
    off = _lint_bytes(["lint", str(REAL_PLAN), "--format", fmt], ahead=False)
    assert on[0] == 1  # the real plan has findings
    assert on == off


def test_bad_input_is_reported_the_same_with_and_without_read_ahead(tmp_path):
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "plan.yaml").write_text("plan:\n  id: x\n  id: y\n", encoding="utf-8")
    on = _lint_bytes(["lint", str(plan)], ahead=True)
    off = _lint_bytes(["lint", str(plan)], ahead=False)
    assert on[0] == 2
    assert b"plan.yaml:3:" in on[1] + on[2]
    assert on == off
