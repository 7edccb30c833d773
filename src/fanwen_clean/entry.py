"""The console-script entry point: the command line, started as fast as it can be.

Importing the stages creates many long-lived objects and no garbage cycles, so the
collector is paused while they load (~10 ms of a one-file ``check``).  This is done here,
in the process the command owns, and never by ``import fanwen_clean``: a program that
imports the package keeps its collector as it set it.
"""

from __future__ import annotations

import gc


def main() -> None:
    """Run ``fanwen-clean`` (the click group in :mod:`fanwen_clean.cli`)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        from . import api, cli  # noqa: F401  (api: the pipeline and its rule modules)
    finally:
        if was_on:
            gc.enable()
    cli.main()
