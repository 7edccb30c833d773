#!/usr/bin/env python3
"""Build the missing-character table of the typo stage: ``rules/confusions/missing.tsv`` and
``missing.daac`` (see ``src/fanwen_clean/stages/typos/missing.py``).

Every common word of jieba's dictionary (4 or 5 Han characters, no person or place name) with one
character inside it left out is a *skeleton*: 中国共产党 → 中国共党, 中国产党, 中共产党.  A
skeleton is kept when it is not itself a word as common as ``SKELETON_SHARE`` of the word (a
page that writes such a word means it), and it maps to the words it may come from.  The
automaton over the skeletons is prebuilt so that the run time only loads it.
``tests/test_typos_15b.py`` fails while the built files are stale.

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
