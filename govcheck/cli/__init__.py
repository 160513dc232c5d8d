"""The command line. ``entry_point`` is the console script: it imports the commands and runs
them (govcheck.cli.main)."""

from __future__ import annotations

import os
import signal
import sys


def _exit_at_once(signum: int, frame: object) -> None:
    """Ctrl-C or SIGTERM while govcheck starts: nothing to stop yet (no worker, no file
    written), so the process ends at once with the documented code (govcheck.cli.main
    takes over once the command runs)."""
    args = sys.argv[1:]
    english = "--lang=en" in args or any(a == "--lang" and b == "en"
                                         for a, b in zip(args, args[1:]))
    name = signal.Signals(signum).name
    text = (f"govcheck: interrupted ({name}); no worker process is left\n" if english
            else f"govcheck: avbruten ({name}); inga arbetsprocesser finns kvar\n")
    try:
        os.write(2, text.encode())
    finally:
        os._exit(128 + signum)


def exit_on_signals() -> None:
    """Until the command installs its own handlers: SIGINT and SIGTERM end the process
    with 130 and 143 (no traceback from the middle of an import)."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _exit_at_once)


def entry_point() -> None:
    """Run ``govcheck``.

    Start-up creates a few hundred thousand long-lived objects (the libraries' and
    govcheck's model classes) and almost no garbage: the cyclic collector's passes over
    them cost about 0.05 s of a lint (bench/RESULTS.md), so it is off while the commands
    are imported, and on again before they run (a command turns it off itself where that
    pays: while it imports the heavy stages, govcheck.cli.main.stages, and for the run,
    govcheck.pipeline). What the imports made lives to the end of the process and is
    moved out of the collector's reach (``gc_paused(keep=True)``: ``gc.freeze``), so that
    no collection walks it later; a lint keeps its report the same way. pydantic's
    plugins are off unless the environment says otherwise: govcheck's models are its own,
    and looking for plugins reads the metadata of every installed package. When the command is done, the process ends at once
    (``fast_exit``)."""
    exit_on_signals()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from govcheck import util

    util.PROCESS_ENDS_WITH_COMMAND = True
    with util.gc_paused(keep=True):
        from govcheck.cli.main import main as run
    try:
        run()
    except SystemExit as exc:
        fast_exit(exc.code)
    fast_exit(0)


def fast_exit(code: object) -> None:
    """End the process with the exit code of ``sys.exit(code)``, without the interpreter's
    teardown.

    Tearing down an interpreter that has imported pydantic, networkx and govcheck (clearing
    every module, a last garbage collection, freeing every object) takes 0.15-0.25 s on the
    benchmark machine, a fifth of a lint, and a command line has nothing left to clean up:
    its output is written and flushed here, files it wrote are closed (govcheck.output)
    and worker pools are shut down before the command returns. mypy ends the same way. Under a tracer or profiler (coverage, cProfile) the process ends
    normally, so that they can write their data."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message goes to stderr, the status is 1
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (govcheck lint … | head): nothing to do
            pass
    if sys.gettrace() is not None or sys.getprofile() is not None:
        sys.exit(status)
    os._exit(status)
