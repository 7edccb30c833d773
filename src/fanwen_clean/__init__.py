"""fanwen-clean: turn scraped Chinese 范文 pages into clean, parameterized templates."""

from __future__ import annotations

import gc

# Importing the stages creates many long-lived objects and no garbage cycles; pausing the
# collector meanwhile saves ~10 ms of a one-file `check` run (it is on again right after).
_gc_was_on = gc.isenabled()
gc.disable()
try:
    from . import diskcache

    diskcache.install()  # before any rule module compiles its patterns: start-up reads them from disk

    from .api import clean_bytes, clean_text
    from .decode import DecodeError
    from .fill import fill  # a function: importing the fill module must not shadow it
    from .render import Result
    from .rules import RuleBook
    from .settings import Settings
finally:
    if _gc_was_on:
        gc.enable()

__all__ = ["DecodeError", "Result", "RuleBook", "Settings", "clean_bytes", "clean_text", "fill"]
__version__ = "0.1.0"

