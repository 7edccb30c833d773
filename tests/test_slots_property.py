"""Property tests: planted placeholders become slots, fill restores the page, re-cleaning is stable."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fanwen_clean import RuleBook, clean_text
from fanwen_clean.document import Document
from fanwen_clean.fill import fill
from fanwen_clean.render import render
from fanwen_clean.settings import Settings
from fanwen_clean.stages import slots

_BOOK = RuleBook()

# (text before, placeholder, text after): each placeholder with a context that names it
PLANTED = [
    ("在", "20xx", "年"), ("于", "201X", "年"), ("", "x", "月"), ("", "xx", "日"),
    ("", "×××", "同志"), ("市", "x", "局"), ("", "**", "市"), ("第", "x", "次"),
    ("", "某某", "单位"), ("领导同志", "（　）", ""), ("", "[姓名]", ""), ("", "XX", "县"),
    ("增长", "x", "%"), ("投入", "x", "万元"), ("", "□□", "镇"), ("", "○○", "同志"),
    ("姓名：", "____", ""), ("", "╳╳", "书记"), ("以", "xx", "同志为核心"), ("", "X X", "工作"),
]
# ordinary prose, free of placeholder characters and of words that name a blank
PROSE = st.text(alphabet="我们要认真学习贯彻精神推动发展取得成效扎实开展深入加强建设",
                min_size=1, max_size=12)
EXTRA = st.sampled_from(["", "，", "。", "{{", "{%", "}}", "{{年份}}", " {# 注 #} ", "X光", "3×4"])


@st.composite
def page(draw, ends: str = "") -> tuple[str, int]:
    lines, planted = [], 0
    for _ in range(draw(st.integers(1, 4))):
        parts = []
        for _ in range(draw(st.integers(1, 4))):
            parts.append(draw(PROSE))
            if draw(st.booleans()):
                before, ph, after = draw(st.sampled_from(PLANTED))
                parts.append(f"，{before}{ph}{after}，")
                planted += 1
            parts.append(draw(EXTRA))
        lines.append("".join(parts) + ends)
    return "\n".join(lines) + "\n", planted


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page())
def test_planted_placeholders_become_slots(data: tuple[str, int]) -> None:
    text, planted = data
    doc = slots.run(Document.from_text(text), _BOOK, Settings())
    assert doc.text == text.rstrip("\n")
    new = [s for line in doc.lines for s in line.spans if s.kind != "existing"]
    assert len(new) == planted
    for line in doc.lines:
        for s in line.spans:
            assert line.text[s.start:s.end] == s.original


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page(ends="。"))
@example(("习。\n习。。\n", 0))  # two header lines that only punct makes equal
@example(("神精。\n习神精。\n", 0))  # a fix on one line is page evidence for the other
def test_fill_with_report_restores_text(data: tuple[str, int]) -> None:
    """The whole pipeline; lines end a sentence, so line joining (rewrap) has nothing to do."""
    text, _ = data
    res = clean_text(text)
    assert fill(res.template, res.as_dict()) == res.text
    again = clean_text(res.template)
    assert again.template == res.template


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page())
def test_stage_render_roundtrip(data: tuple[str, int]) -> None:
    """Independent of the other stages: slots + render + fill give back the text."""
    text, _ = data
    res = render(slots.run(Document.from_text(text), _BOOK, Settings()))
    assert fill(res.template, res.as_dict()) == res.text == text
    res2 = render(slots.run(Document.from_text(res.template), _BOOK, Settings()))
    assert res2.template == res.template


# no quote mark: text holding our own escape expression ({{ '{' }}) is taken to be a template
NOISY = st.text(alphabet="{}%#x X×*某_()（）【】[]　年月日县市局同志书记第个20a3。，、\n", max_size=40)


@settings(max_examples=300, deadline=None)
@given(NOISY)
def test_any_text_roundtrips(text: str) -> None:
    """Whatever the braces, marks and blanks: the template fills back to the text, and is stable."""
    res = render(slots.run(Document.from_text(text), _BOOK, Settings()))
    assert fill(res.template, res.as_dict()) == res.text
    res2 = render(slots.run(Document.from_text(res.template), _BOOK, Settings()))
    assert res2.template == res.template
