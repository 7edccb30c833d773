"""The console-script entry point: the command line, started as fast as it can be.

Importing the command line creates many long-lived objects and no garbage cycles, so the
collector is paused while it loads.  This is done here, in the process the command owns,
and never by ``import fanwen_clean``: a program that imports the package keeps its
collector as it set it.

The pipeline and its stages (``fanwen_clean.api``, ~40 ms) are not imported here: the
commands import them when a page is to be cleaned, so that ``check`` of pages the results
cache already knows, ``slots``, ``fill`` and ``--help`` never pay for them.
"""

from __future__ import annotations

import gc


def main() -> None:
    """Run ``fanwen-clean`` (the click group in :mod:`fanwen_clean.cli`)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        from . import cli
    finally:
        if was_on:
            gc.enable()
    cli.main()
