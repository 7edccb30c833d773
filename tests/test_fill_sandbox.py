"""fill renders hostile templates in a bounded sandbox: no code runs, no output explodes."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from fanwen_clean.cli import main
from fanwen_clean.fill import FillError, fill

# Known server-side template injection payloads; each would run `touch MARK` if it escaped.
ESCAPES = [
    "{{ (''.__class__.__mro__[1].__subclasses__()|selectattr('__name__','equalto','_wrap_close')"
    "|first).__init__.__globals__['popen']('touch MARK').read() }}",
    "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "{{ x.__class__.__base__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch MARK').read() }}",
    "{{ joiner.__init__.__globals__.os.popen('touch MARK').read() }}",
    "{{ namespace.__init__.__globals__.os.popen('touch MARK').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch MARK').read() }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').popen('touch MARK').read() }}",
    "{{ x|attr('__class__')|attr('__mro__') }}",
    "{{ (x|attr('__class__')|attr('__base__')|attr('__subclasses__'))() }}",
    "{{ x['__class__']['__mro__'] }}",
    "{{ '{0.__class__.__mro__}'.format(x) }}",
    "{{ '{0.__init__.__globals__}'.format(fill) }}",
    "{{ x.format_map.__self__.__class__ }}",
    "{% set a = [] %}{{ a.append(1) }}{{ a }}",
    "{% set d = {} %}{{ d.update({'k': 1}) }}",
    "{{ range.__self__ }}{{ range.__globals__ }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_escape_payloads_are_refused(payload: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FillError) as exc:
        fill(payload, {"x": "值", "fill": "值"})
    assert "\n" not in str(exc.value)
    assert not (tmp_path / "MARK").exists()


BOMBS = [
    "{{ 'a' * 100000000 }}",
    "{{ x * 100000000 }}",
    "{{ ('a' * 10000) * 10000 }}",
    "{{ [1] * 100000000 }}",
    "{{ 'a'|center(100000000) }}",
    "{{ x|indent(100000000) }}",
    "{{ '%100000000s'|format('a') }}",
    "{{ '%100000000s' % 'a' }}",
    "{{ '{:>100000000}'.format('a') }}",
    "{{ 'a'.ljust(100000000) }}",
    "{{ 99 ** 99999999 }}",
    "{% for i in range(100000000) %}a{% endfor %}",
    "{% for i in range(9000) %}{% for j in range(9000) %}aaaaaaaaaaa{% endfor %}{% endfor %}",
    "{% set a = 'a' * 10000000 %}{% set b = a ~ a %}{% set c = b ~ b %}{{ c }}",
    "{% set a = 'a' * 10000000 %}{{ a + a + a }}",
    "{% set a = 'a' * 10000 %}{{ a|replace('a', a) }}",
    "{% set a = 'a' * 10000 %}{{ a.replace('a', a) }}",
]


@pytest.mark.parametrize("payload", BOMBS)
def test_output_bombs_are_refused(payload: str) -> None:
    with pytest.raises(FillError) as exc:
        fill(payload, {"x": "值"})
    assert "refused" in str(exc.value) and "\n" not in str(exc.value)


def test_a_render_that_prints_nothing_for_long_is_stopped(monkeypatch) -> None:
    monkeypatch.setattr(sys.modules["fanwen_clean.fill"], "MAX_SECONDS", 0.3)
    t = time.monotonic()
    with pytest.raises(FillError, match="took more than"):
        fill("{% for i in range(9999) %}{% for j in range(9999) %}{% for k in range(9999) %}"
             "{% endfor %}{% endfor %}{% endfor %}", {})
    assert time.monotonic() - t < 5


def test_ordinary_templates_still_render() -> None:
    assert fill("{{年份}}年{{ 县名 }}县 {{ '{{' }}\n", {"年份": 2024, "县名": "平安"}) == "2024年平安县 {{\n"
    assert fill("{% for i in range(3) %}{{ i }}{% endfor %}{{ x * 2 }}", {"x": "甲"}) == "012甲甲"


def test_report_with_non_string_original_is_one_line(tmp_path: Path, runner) -> None:
    tpl = tmp_path / "t.txt"
    tpl.write_text("{{年份}}年\n", "utf-8")
    report = {"template": "{{年份}}年\n", "slots": [
        {"name": "年份", "values": [], "occurrences": [{"start": 0, "end": 8, "original": 2024}]}]}
    vals = tmp_path / "r.json"
    vals.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    res = runner.invoke(main, ["fill", str(tpl), "--values", str(vals)])
    assert res.exit_code == 2
    assert "original" in res.output and "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_fill_command_refuses_a_bomb_in_one_line(tmp_path: Path, runner) -> None:
    tpl = tmp_path / "t.txt"
    tpl.write_text("{{ 'a' * 100000000 }}", "utf-8")
    vals = tmp_path / "v.json"
    vals.write_text("{}", "utf-8")
    res = runner.invoke(main, ["fill", str(tpl), "--values", str(vals)])
    assert res.exit_code == 2
    assert len(res.output.strip().splitlines()) == 1 and "refused" in res.output
