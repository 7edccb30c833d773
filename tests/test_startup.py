"""Start-up stays light: heavy optional libraries are imported only when a page needs them.

Timing is checked by ``benchmarks/bench.py``; this test checks the imports, which
is what keeps ``fanwen-clean check one.txt`` fast in a pre-commit hook.
"""

from __future__ import annotations

import json
import subprocess
import sys

# (pyahocorasick is not listed: the typos stage needs it on every page, and it imports in < 1 ms)
HEAVY = ("jinja2", "chardet", "datatrove", "concurrent.futures.process", "multiprocessing")

PROBE = """
import json, sys
from click.testing import CliRunner
from fanwen_clean.cli import main
after_import = sorted(m for m in {heavy!r} if m in sys.modules)
res = CliRunner().invoke(main, ["check", "--jobs", "4", {page!r}])
after_check = sorted(m for m in {heavy!r} if m in sys.modules)
print(json.dumps([after_import, after_check, res.exit_code]))
"""


def probe(page: str) -> tuple[list[str], list[str], int]:
    code = PROBE.format(heavy=HEAVY, page=page)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return tuple(json.loads(out.splitlines()[-1]))


def test_importing_the_cli_loads_no_heavy_library():
    after_import, _, _ = probe("-")
    assert after_import == []


def test_checking_one_simplified_page_loads_no_heavy_library(tmp_path):
    page = tmp_path / "one.txt"
    page.write_text("各位领导：\n  20xx年工作总结。\n", "utf-8")
    _, after_check, code = probe(str(page))
    assert code == 1  # the indent is reported, so the page was really cleaned
    assert after_check == []  # no process pool for one file, no chardet for UTF-8, no Jinja2


CACHED = """
import json, sys
from fanwen_clean.entry import main
sys.argv = ["fanwen-clean", "check", "--cache-dir", {cache!r}, {page!r}]
try:
    main()
except SystemExit as stop:
    code = stop.code
print(json.dumps(["fanwen_clean.pipeline" in sys.modules, "regex" in sys.modules, code]))
"""


def test_checking_a_page_the_results_cache_knows_loads_no_stage_nor_regex(tmp_path):
    page = tmp_path / "one.txt"
    page.write_text("各位领导：\n  20xx年工作总结。\n", "utf-8")
    code = CACHED.format(cache=str(tmp_path / "cache"), page=str(page))
    runs = [json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                      check=True).stdout.splitlines()[-1]) for _ in range(2)]
    # cleaned the first time, answered from the cache after (no pattern compiled, none loaded)
    assert runs == [[True, True, 1], [False, False, 1]]
