#!/usr/bin/env python3
"""Build the missing-character table of the typo stage: ``rules/confusions/missing.tsv`` and
``missing.daac`` (see ``src/fanwen_clean/stages/typos/missing.py``).

Every common word of jieba's dictionary (3 to 5 Han characters, no person or place name) with one
character left out is a *skeleton*: 羽毛球 → 毛球, 羽球, 羽毛.  A skeleton is kept when it is not
itself a word as common as ``SKELETON_SHARE`` of the word (羽毛 is a word: a page that writes
羽毛 means it), and it maps to the words it may come from.  The automaton over the skeletons is
prebuilt so that the run time only loads it.  ``tests/test_typos_15b.py`` fails while the built
files are stale.

Usage:  python tools/build_missing.py
"""

from __future__ import annotations

from fanwen_clean.stages.typos import missing


def main() -> None:
    table = missing.build_table()
    patterns = missing.build_automaton(table)
    (missing.data_dir() / missing.TABLE).write_text(missing.table_text(table), "utf-8")
    (missing.data_dir() / missing.PATTERNS).write_bytes(patterns)
    print(f"{len(table)} skeletons, {len(patterns) / 1e6:.1f} MB automaton")


if __name__ == "__main__":
    main()
