"""Importing fanwen_clean leaves the process alone: the collector and ``regex`` are as they were."""

from __future__ import annotations

import subprocess
import sys

PROBE = r"""
import gc, sys, regex
compile_before, regex_before = regex.compile, regex.Regex
import fanwen_clean
lazy = "fanwen_clean.api" not in sys.modules  # the public names load on first use
out = fanwen_clean.clean_text("  今年的工作总结。\n").text
print(lazy, gc.isenabled(), regex.compile is compile_before, regex.Regex is regex_before, repr(out))
"""


def test_import_and_use_change_neither_gc_nor_regex() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert out.stdout.split(" ", 4)[:4] == ["True", "True", "True", "True"]
    assert "今年的工作总结" in out.stdout


def test_unknown_attribute_is_an_attribute_error() -> None:
    import fanwen_clean

    assert not hasattr(fanwen_clean, "no_such_name")
    assert "clean_text" in dir(fanwen_clean)


def test_console_entry_runs_the_cli(tmp_path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("今年的工作总结。\n", encoding="utf-8")
    code = "import sys; from fanwen_clean.entry import main; sys.argv[0] = 'fanwen-clean'; main()"
    out = subprocess.run([sys.executable, "-c", code, "clean", str(page)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "今年的工作总结" in out.stdout


def test_modules_compile_through_compile_rule() -> None:
    """A direct ``regex.compile`` skips the start-up cache and the user-pattern time limit."""
    from pathlib import Path

    import fanwen_clean

    pkg = Path(fanwen_clean.__file__).parent
    allowed = {pkg / "diskcache.py"}  # the cache itself compiles on a miss
    direct = [f"{p.relative_to(pkg)}:{n}" for p in sorted(pkg.rglob("*.py")) if p not in allowed
              for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
              if "regex.compile(" in line]
    assert direct == [], "use regex_guard.compile_rule: " + ", ".join(direct)
