#!/usr/bin/env python3
"""Build the typo stage's anchor automaton: ``rules/confusions/anchors.daac`` and ``anchors.values``.

Run after ``tools/build_confusions.py`` or after editing ``formulations.txt``: the automaton is
made from ``anchors.txt``, ``idiom_anchors.txt``, ``idioms.txt``, ``formulations.txt`` and the
confusion table (see ``src/fanwen_clean/stages/typos/triggers.py``), and the run time only loads
it.  ``tests/test_typos_triggers.py`` fails while the built files are stale.

Usage:  python tools/build_anchors.py
"""

from __future__ import annotations

from fanwen_clean.stages.typos import triggers
from fanwen_clean.stages.typos.data import _dir


def main() -> None:
    patterns, values = triggers.build()
    (_dir() / triggers.PATTERNS).write_bytes(patterns)
    (_dir() / triggers.VALUES).write_bytes(values)
    print(f"{len(values) // 4} anchors, {len(patterns) / 1e6:.1f} MB automaton")


if __name__ == "__main__":
    main()
