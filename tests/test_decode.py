"""Decoding: BOMs, UTF-8, GB18030, Big5, binary and empty input."""

from __future__ import annotations

import codecs

import pytest

from fanwen_clean.decode import DecodeError, decode

SIMPLIFIED = "各位同事：今年我们单位的工作取得了新的进展，感谢大家的努力。\n"
TRADITIONAL = "各位同事：今年我們單位的工作取得了新的進展，感謝大家的努力。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8"),
        (SIMPLIFIED.encode("utf-16"), "utf-16"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
    ],
)
def test_decodes_known_encodings(data: bytes, encoding: str) -> None:
    text, enc = decode(data, "page.txt")
    assert enc == encoding
    assert text in (SIMPLIFIED, TRADITIONAL)


def test_binary_is_refused_with_one_line_naming_the_file() -> None:
    with pytest.raises(DecodeError) as err:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img.txt")
    msg = str(err.value)
    assert msg.startswith("img.txt: ") and "\n" not in msg


def test_empty_is_empty_text() -> None:
    assert decode(b"", "empty.txt") == ("", "utf-8")


def test_bad_bom_is_refused() -> None:
    with pytest.raises(DecodeError, match="byte-order mark"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8", "x.txt")
