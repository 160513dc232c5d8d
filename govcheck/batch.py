"""Many plans in one run: ``govcheck lint DIR DIR ...`` with a pool of worker processes.

The rules and the configuration are loaded once, in the parent, before any plan is read:
a bad rule or configuration stops the run before it starts. Each worker then lints whole
plans with ``build_report`` and sends back a light report (findings, waived findings and
what the renderers need; not the steering graph, not the rules). Results come back in the
order the plans were given, whatever order the workers finish in, so the output is the
same for any number of workers. A plan with bad input does not stop the others: its
located errors come back in its result instead.

No worker outlives the run. Workers ignore SIGINT (Ctrl-C reaches the whole process group;
the parent decides), die with the parent (Linux: PR_SET_PDEATHSIG), and are killed at once
when the run stops early: an interrupt, a failed write, the caller closing the iterator
(``stop_workers`` does it for every pool still running).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govcheck.config import Config
from govcheck.load.errors import LoadError, PlanLoadError
from govcheck.pipeline import build_report
from govcheck.report.model import Report
from govcheck.rules.engine import RuleSet


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Options:
    """Everything a worker needs besides the plan folder; sent to each worker once."""

    lang: str
    config: Config
    only: tuple[str, ...]
    today: dt.date | None
    waivers: bool


@dataclass
class PlanResult:
    """One plan's outcome: its report, or the located errors that stopped it."""

    plan_dir: Path
    report: Report | None
    errors: list[LoadError]


_WORKER: dict[str, Any] = {}
_POOLS: list[Any] = []
"""The worker pools running now (``stop_workers``)."""
_SIGNALS = {signal.SIGINT, signal.SIGTERM}
killed_any = False
"""Whether a pool's workers were killed in this process: its manager thread may then wait
forever on a result a worker was killed while sending, so the process must end without
the interpreter's exit, which joins that thread (govcheck.cli.main)."""


def _light(report: Report) -> Report:
    """The report without what only the HTML and Markdown reports read (the graph) and
    without what the parent already holds (the rules): cheap to send between processes."""
    return dataclasses.replace(report, graph=None, ruleset=RuleSet([]))


def _lint_one(plan_dir: Path, options: Options, ruleset: RuleSet) -> PlanResult:
    try:
        report = build_report(plan_dir, options.lang, (), options.only,
                              config=options.config, today=options.today,
                              waivers=options.waivers, ruleset=ruleset)
    except PlanLoadError as exc:
        return PlanResult(plan_dir, None, exc.errors)
    return PlanResult(plan_dir, report, [])


def _die_with_parent(parent: int) -> None:
    """Linux: SIGKILL this process when its parent ends, however it ends."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no prctl: the parent kills us
        return
    if os.getppid() != parent:  # the parent ended before prctl took effect
        os._exit(1)


def _init_worker(options: Options, ruleset: RuleSet, parent: int = 0) -> None:
    # signals as a worker needs them: Ctrl-C is the parent's to handle (it kills us);
    # SIGTERM ends us; they were blocked while this process started (lint_plans)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if parent:
        _die_with_parent(parent)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    _WORKER["options"] = options
    _WORKER["ruleset"] = ruleset


def _kill(pool: Any) -> None:
    """Kill the pool's workers now and forget its pending work."""
    global killed_any
    killed_any = True
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):  # pragma: no cover - already gone
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.join(timeout=5)
        except (OSError, ValueError, AssertionError):  # pragma: no cover
            pass


def stop_workers() -> None:
    """Kill the workers of every pool still running (an interrupted run)."""
    while _POOLS:
        _kill(_POOLS.pop())


def _work(plan_dir: Path) -> PlanResult:
    result = _lint_one(plan_dir, _WORKER["options"], _WORKER["ruleset"])
    if result.report is not None:
        result.report = _light(result.report)
    return result


def lint_plans(plan_dirs: Sequence[Path], options: Options, ruleset: RuleSet,
               jobs: int) -> Iterator[PlanResult]:
    """Lint each plan folder; yield the results in the order of ``plan_dirs``.

    With one job (or one plan) everything runs in this process; otherwise ``jobs`` worker
    processes share the plans and each report comes back with the parent's ``ruleset``.
    For more than one plan, reports come without their graph either way (one plan keeps
    it)."""
    jobs = max(1, min(jobs, len(plan_dirs)))
    if jobs == 1:
        for plan_dir in plan_dirs:
            result = _lint_one(plan_dir, options, ruleset)
            if result.report is not None and len(plan_dirs) > 1:
                # the caller may keep every report: without its graph, 311 plans take
                # about 100 MB instead of over 1 GB (bench/RESULTS.md)
                result.report = dataclasses.replace(result.report, graph=None)
            yield result
        return
    import multiprocessing  # only here: one plan, the common case, starts faster without
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    # fork: the workers start with govcheck imported and the rules loaded; elsewhere
    # (spawn) each worker imports govcheck and receives the rules pickled
    method = "fork" if "fork" in methods else "spawn"
    context = multiprocessing.get_context(method)
    # the objects made so far are never garbage: keep the collector off them, so that the
    # forked workers neither scan them nor copy their pages
    gc.freeze()
    pool = None
    # the workers start with SIGINT and SIGTERM blocked, so that none of them runs the
    # parent's handler before its own are set (_init_worker); a signal that arrives
    # meanwhile is delivered here when they are unblocked
    blocked = hasattr(signal, "pthread_sigmask")
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS) if blocked else None
    try:
        try:
            pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                       initializer=_init_worker,
                                       initargs=(options, ruleset, os.getpid()))
            _POOLS.append(pool)
            futures = [pool.submit(_work, plan_dir) for plan_dir in plan_dirs]
        finally:
            if old is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, old)
        for future in futures:
            result = future.result()
            if result.report is not None:
                result.report = dataclasses.replace(result.report, ruleset=ruleset)
            yield result
    except BaseException:  # an interrupt, or the caller stopped early: no worker stays
        if pool is not None:
            _kill(pool)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        if pool in _POOLS:
            _POOLS.remove(pool)
