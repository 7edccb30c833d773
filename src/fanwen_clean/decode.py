"""Bytes → str: BOMs, a UTF-8 fast path, the GB family and Big5, chardet as a last resort."""

from __future__ import annotations

import codecs
import re


class DecodeError(ValueError):
    """The input cannot be read as text; the message is one line saying why."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

# A sample of the commonest characters in Chinese prose, in both scripts.  When
# both GB18030 and Big5 decode a page without error, the right one is the one
# whose result is made of ordinary characters rather than rare ones.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原"
    "又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革"
    "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强"
    "放决西被干做必战先回则任取据处理府研质信工作会议领导同志们单位发展建设进行我们这个"
    "這個們會為與說時對來後過實現還經開關動國應發學點從長問題將當種麼進報導區書員機體見幹業務"
)


def _common_ratio(text: str) -> float:
    sample = [c for c in text[:4000] if "\u4e00" <= c <= "\u9fff"]
    if not sample:
        return 0.0
    return sum(c in _COMMON for c in sample) / len(sample)


def decode(data: bytes, name: str = "-") -> tuple[str, str]:
    """Decode a page; return ``(text, encoding)`` or raise :class:`DecodeError`."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError as exc:
                raise DecodeError(f"{name}: has a {label} byte-order mark but is not valid {label} "
                                  f"(byte {exc.start})") from None
    if b"\x00" in data:
        raise DecodeError(f"{name}: contains NUL bytes; it looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[str, str]] = []
    for codec in ("gb18030", "big5"):
        try:
            candidates.append((data.decode(codec), codec))
        except UnicodeDecodeError:
            continue
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) == 2:
        return max(candidates, key=lambda c: _common_ratio(c[0]))
    return _decode_with_chardet(data, name)


def _decode_with_chardet(data: bytes, name: str) -> tuple[str, str]:
    import chardet  # imported here: rarely needed and slow to import

    guess = chardet.detect(data[:65536])
    enc = (guess.get("encoding") or "").lower()
    if enc and enc not in ("ascii",):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if _printable_ratio(text) > 0.95:
                return text, enc
    raise DecodeError(f"{name}: no text encoding explains these bytes "
                      f"(not UTF-8, GB18030 or Big5; chardet guessed {enc or 'nothing'})")


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")


def _printable_ratio(text: str) -> float:
    if not text:
        return 1.0
    bad = sum(1 for c in text if _UNPRINTABLE.match(c))
    return 1 - bad / len(text)
