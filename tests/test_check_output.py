"""`check` output: grouped per rule, worst first, --statistics, --output-format json/github/full."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from fanwen_clean.cli import main
from fanwen_clean.report import Finding, Reporter, entries

# five half-width commas (FW410), one indented line (FW104)
PAGE = "各位同事：\n  今年的工作,取得了进展,大家辛苦了,谢谢。\n明年继续努力,再创佳绩,更上一层楼。\n"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture()
def pages(tmp_path):
    out = []
    for n in (1, 2):
        p = tmp_path / f"p{n}.txt"
        p.write_text(PAGE, "utf-8")
        out.append(p)
    return out


def check(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


def test_concise_groups_one_rule_on_one_line_worst_first(pages):
    res = check(pages[0])
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert len(lines) == len({ln.split()[1] for ln in lines})  # one line per code
    first = lines[0]
    assert re.match(rf"{re.escape(str(pages[0]))}:2:\d+: FW410 5× .*half-width", first, re.I), first
    counts = [int(m.group(1)) if (m := re.search(r" (\d+)× ", ln)) else 1 for ln in lines]
    assert counts == sorted(counts, reverse=True)


def test_full_prints_every_finding(pages):
    lines = check("--output-format", "full", pages[0]).stdout.splitlines()
    assert sum(" FW410 " in ln for ln in lines) >= 2
    assert all("(first:" not in ln for ln in lines)  # one edit per line, never a group


def test_statistics_counts_per_code_over_the_run(pages):
    res = check("--statistics", *pages)
    assert res.exit_code == 1
    rows = [ln.split("\t") for ln in res.stdout.splitlines()]
    table = {code: int(n) for n, code, _ in rows}
    assert table["FW410"] == 10 and table["FW104"] == 2
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)
    assert all(r[2] for r in rows)  # each code with its description


def test_json_is_one_array_of_findings(pages):
    res = check("--output-format", "json", *pages)
    data = json.loads(res.stdout)
    assert {d["path"] for d in data} == {str(p) for p in pages}
    assert {"path", "line", "col", "code", "message"} <= set(data[0])
    assert sum(d["code"] == "FW410" for d in data) >= 4


def test_github_annotations(pages):
    lines = check("--output-format", "github", pages[0]).stdout.splitlines()
    assert lines and all(ln.startswith(f"::warning file={pages[0]},line=") for ln in lines)
    assert any("title=fanwen-clean FW410::FW410 5×" in ln for ln in lines)


def test_github_escapes_what_would_break_a_command():
    out: list[str] = []
    rep = Reporter("github", False, out.append, lambda code: "")
    rep.add("a,b:c.txt", entries([Finding(1, 1, "FW901", "50% done\nnext")], "github"))
    assert out == ["::warning file=a%2Cb%3Ac.txt,line=1,col=1,title=fanwen-clean FW901"
                   "::FW901 50%25 done%0Anext"]


def test_a_clean_page_prints_nothing(tmp_path):
    p = tmp_path / "ok.txt"
    p.write_text("一段已经干净的话。\n", "utf-8")
    for fmt in ("concise", "full", "github"):
        res = check("--output-format", fmt, p)
        assert res.exit_code == 0 and res.stdout == ""
    assert json.loads(check("--output-format", "json", p).stdout) == []
