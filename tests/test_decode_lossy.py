"""Damaged pages: a stray byte, a cut last character, mixed lines, BOMs before binary."""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest

from fanwen_clean import clean_bytes
from fanwen_clean.cli import main
from fanwen_clean.decode import DecodeError, decode, decode_page

PARA = ("今年以来，我们坚持把学习放在首位，认真组织开展各项工作，推动单位发展取得新的成效。"
        "全体同志团结协作，克服困难，圆满完成了上级交办的任务。\n")
PAGE = "工作总结\n\n" + PARA * 12


def _han(text: str) -> int:
    return sum("\u4e00" <= c <= "\u9fff" for c in text)


@pytest.mark.parametrize("stray", [b"\xa0", b"\x92", b"\xff", b"\x80"])
def test_one_stray_byte_keeps_a_utf8_page(stray: bytes) -> None:
    data = PAGE.encode("utf-8")
    cut = data.index("认真".encode()) + 3 * 2  # between two characters
    damaged = data[:cut] + stray + data[cut:]
    d = decode_page(damaged, "p.txt")
    assert d.encoding == "utf-8" and d.lossy and d.bad == [cut]
    assert d.text.replace("\ufffd", "") == PAGE
    (code, _line, msg), = d.findings()
    assert code == "FW107" and str(cut) in msg


def test_many_pages_with_a_random_stray_byte_stay_chinese() -> None:
    rng = random.Random(7)
    data = PAGE.encode("utf-8")
    for _ in range(60):
        at = rng.randrange(len(data))
        damaged = data[:at] + bytes([rng.choice([0xA0, 0x92, 0xFF, 0xC0, 0x85])]) + data[at:]
        text, _enc = decode(damaged)
        assert _han(text) >= _han(PAGE) - 1


def test_one_stray_byte_in_a_gb18030_page() -> None:
    data = PAGE.encode("gb18030")
    cut = data.index("认真".encode("gb18030"))
    damaged = data[:cut] + b"\xff" + data[cut:]
    d = decode_page(damaged)
    assert d.encoding == "gb18030" and d.lossy
    assert d.text.replace("\ufffd", "") == PAGE


def test_utf8_cut_in_the_last_character_is_accepted() -> None:
    data = PAGE.rstrip("\n").encode("utf-8")[:-1]
    d = decode_page(data)
    assert d.encoding == "utf-8" and d.lossy and d.text.endswith("\ufffd")
    assert d.text[:-1] == PAGE.rstrip("\n")[:-1]


def test_short_utf8_cut_in_the_last_character() -> None:
    d = decode_page("各位同事：".encode()[:-1])
    assert d.encoding == "utf-8" and d.text == "各位同事\ufffd"


def test_gbk_and_utf8_lines_are_decoded_line_by_line() -> None:
    lines = PAGE.split("\n")
    data = b"\n".join(ln.encode("gb18030") if i % 3 == 1 else ln.encode("utf-8")
                      for i, ln in enumerate(lines))
    d = decode_page(data)
    assert d.text == PAGE and d.mixed and not d.lossy
    assert [f[0] for f in d.findings()] == ["FW108"]


@pytest.mark.parametrize("bom", [codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE,
                                 codecs.BOM_UTF16_BE])
def test_bom_before_binary_is_refused(bom: bytes) -> None:
    if len(bom) == 4:  # in UTF-16 these 8 bytes would read as 4 CJK characters
        with pytest.raises(DecodeError, match="binary"):
            decode(bom + b"garbage\x00", "x.bin")
    with pytest.raises(DecodeError, match="binary"):
        decode(bom + b"\x01\x00\x00\x00\x02\x00\x00\x00", "x.bin")


def test_utf32_page_with_bom_still_decodes() -> None:
    assert decode(PAGE.encode("utf-32"))[0] == PAGE


def test_a_decoding_without_chinese_never_wins_over_mostly_chinese_bytes() -> None:
    # heavy damage (every 40th byte) still reads as Chinese, never as a Cyrillic code page
    data = bytearray(PAGE.encode("utf-8"))
    for i in range(5, len(data), 40):
        data[i] = 0xFF
    try:
        text, _enc = decode(bytes(data))
    except DecodeError:
        return  # refusing is fine; mojibake is not
    assert _han(text) > _han(PAGE) // 2


@pytest.mark.parametrize("enc", ["gb18030", "big5"])
def test_legacy_pages_decode_as_before(enc: str) -> None:
    page = PAGE if enc == "gb18030" else "各位同事：今年我們單位的工作取得了新的進展，感謝大家的努力。\n" * 5
    d = decode_page(page.encode(enc))
    assert d.text == page and not d.lossy and d.encoding == enc


def test_warning_reaches_the_json_report(tmp_path: Path, runner) -> None:
    data = PAGE.encode("utf-8")
    page = tmp_path / "p.txt"
    page.write_bytes(data[:32] + b"\xa0" + data[32:])  # between two characters
    res = runner.invoke(main, ["clean", "--format", "json", str(page)])
    report = json.loads(res.stdout)
    assert any(w["rule"] == "FW107" and "32" in w["message"] for w in report["warnings"])
    assert clean_bytes(page.read_bytes()).lossy


def test_in_place_refuses_a_lossy_page_unless_allowed(tmp_path: Path, runner) -> None:
    data = ("  " + PARA).encode("utf-8")
    damaged = data[:32] + b"\xa0" + data[32:]
    page = tmp_path / "p.txt"
    page.write_bytes(damaged)
    res = runner.invoke(main, ["clean", "--in-place", "-q", str(page)])
    assert res.exit_code == 3 and "--allow-lossy" in res.output
    assert page.read_bytes() == damaged
    out = tmp_path / "out"
    res = runner.invoke(main, ["clean", "--out-dir", str(out), "-q", str(page)])
    assert res.exit_code == 0 and (out / "p.txt").exists()  # the original stays: allowed
    res = runner.invoke(main, ["clean", "--in-place", "--allow-lossy", "-q", str(page)])
    assert res.exit_code == 0 and page.read_bytes() != damaged


DECODE_EXAMPLES = [
    pytest.param(e["code"], ex, id=e["code"])
    for e in __import__("fanwen_clean").RuleBook().family("code") if e["code"] in ("FW107", "FW108")
    for ex in e["examples"]
]


@pytest.mark.parametrize(("code", "example"), DECODE_EXAMPLES)
def test_decode_code_examples(code: str, example: dict) -> None:
    d = decode_page(bytes.fromhex(example["bytes"]))
    assert d.text == example["text"]
    assert code in [f[0] for f in d.findings()]


def test_a_badly_damaged_gbk_page_is_never_read_as_a_single_byte_code_page() -> None:
    data = bytearray(PAGE.encode("gb18030"))
    for i in range(3, len(data), 15):  # far too many bad bytes to call it damage
        data[i] = 0xFF
    try:
        text, _enc = decode(bytes(data))
    except DecodeError:
        return
    assert _han(text) > _han(PAGE) // 2
