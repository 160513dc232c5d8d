"""The command line. ``entry_point`` is the console script: it imports the commands and runs
them (govcheck.cli.main)."""

from __future__ import annotations

import gc
import os


def entry_point() -> None:
    """Run ``govcheck``.

    Start-up creates a few hundred thousand long-lived objects (the libraries' and
    govcheck's model classes) and almost no garbage: the cyclic collector's passes over
    them cost about 0.1 s of a 0.7 s lint (bench/RESULTS.md), so it is off while the
    commands are imported, and on again before they run (a run turns it off itself where
    that pays, govcheck.pipeline). pydantic's plugins are off unless the environment says
    otherwise: govcheck's models are its own, and looking for plugins reads the metadata
    of every installed package."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    enabled = gc.isenabled()
    gc.disable()
    try:
        from govcheck.cli.main import main as run
    finally:
        if enabled:
            gc.enable()
    run()
