"""Bytes → str: BOMs, a UTF-8 fast path, the GB family and Big5, chardet as a last resort.

A page that is *almost* valid in one encoding is decoded as that encoding with the
few bad bytes replaced by U+FFFD, and the result says so (:attr:`Decoded.lossy`,
and a ``FW107`` warning naming the byte offsets): one stray byte must not turn a
Chinese page into mojibake in some single-byte code page.  A page whose lines are
each valid UTF-8 or GB18030, but not all in the same one, is decoded line by line
(``FW108``).  A decoding that yields almost no Chinese from bytes that another
decoding reads as mostly Chinese never wins.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass, field

MAX_BAD_SHARE = 0.01  # at most this share of the non-ASCII bytes may be bad for a lossy decode
MAX_BAD_BYTES_SMALL = 4  # … or, on a short page that no other encoding reads well, this many
SHOWN_OFFSETS = 8  # byte offsets listed in the warning


class DecodeError(ValueError):
    """The input cannot be read as text; the message is one line saying why."""


@dataclass
class Decoded:
    """A decoded page; ``bad`` holds the byte offsets that were replaced by U+FFFD."""

    text: str
    encoding: str
    bad: list[int] = field(default_factory=list)
    mixed: bool = False

    @property
    def lossy(self) -> bool:
        return bool(self.bad)

    def findings(self) -> list[tuple[str, int, str]]:
        """``(code, line, message)`` warnings about this decoding, for the page's report."""
        out = []
        if self.bad:
            shown = ", ".join(map(str, self.bad[:SHOWN_OFFSETS]))
            more = f" (+{len(self.bad) - SHOWN_OFFSETS} more)" if len(self.bad) > SHOWN_OFFSETS else ""
            line = self.text.count("\n", 0, max(self.text.find("\ufffd"), 0)) + 1
            out.append(("FW107", line, f"{len(self.bad)} byte(s) not valid {self.encoding} replaced "
                                       f"by U+FFFD at byte offset(s) {shown}{more}"))
        if self.mixed:
            out.append(("FW108", 1, "lines in different encodings (UTF-8 and GB18030) decoded one by one"))
        return out


# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
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
# control characters a text page never holds (tab, LF, FF and CR are fine)
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


@functools.cache
def _cjk() -> re.Pattern[str]:
    # compiled on first use (a non-UTF-8 page or line): re builds a large charset table, ~1.5 ms
    return re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")



def _common_ratio(text: str) -> float:
    sample = [c for c in text[:4000] if "\u4e00" <= c <= "\u9fff"]
    if not sample:
        return 0.0
    return sum(c in _COMMON for c in sample) / len(sample)


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    return len(_cjk().findall(sample)) / len(sample) if sample else 0.0


def decode(data: bytes, name: str = "-") -> tuple[str, str]:
    """Decode a page; return ``(text, encoding)`` or raise :class:`DecodeError`."""
    d = decode_page(data, name)
    return d.text, d.encoding


def decode_page(data: bytes, name: str = "-") -> Decoded:
    """Decode a page into a :class:`Decoded` (lossy or not) or raise :class:`DecodeError`."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _with_bom(data, codec, label, name)
    if b"\x00" in data:
        raise DecodeError(f"{name}: contains NUL bytes; it looks like a binary file, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf8 = _lossy(data, "utf-8")
    if _few(utf8.bad, data):  # a stray byte or a cut last character in a UTF-8 page
        return utf8
    # GB18030 or Big5, whole or with a few bad bytes: the one that reads as ordinary Chinese
    lossy = [_lossy(data, c) for c in ("gb18030", "big5")]
    legacy = [d for d in lossy if _few(d.bad, data)]
    best = max(legacy, key=lambda d: (_common_ratio(d.text), -len(d.bad))) if legacy else None
    mixed = _by_line(data)
    # whole-page GB18030 may "succeed" on UTF-8 lines too, as rare characters: compare
    if mixed is not None and (best is None or _common_ratio(mixed.text) > _common_ratio(best.text)):
        return mixed
    if len(utf8.bad) <= MAX_BAD_BYTES_SMALL and (best is None or _common_ratio(best.text) < 0.3):
        return utf8  # a short page: a few bad bytes are still few
    if best is not None:
        return best
    # what chardet proposes must read at least half as much Chinese as any damaged reading
    return _decode_with_chardet(data, name, best=max([utf8, *lossy], key=lambda d: _cjk_share(d.text)))


def _with_bom(data: bytes, codec: str, label: str, name: str) -> Decoded:
    if label == "utf-8":
        body = data[len(codecs.BOM_UTF8):]
        try:
            return Decoded(body.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            d = _lossy(body, "utf-8", base=len(codecs.BOM_UTF8))
            if _few(d.bad, body) or len(d.bad) <= MAX_BAD_BYTES_SMALL:
                return d
            raise DecodeError(f"{name}: has a UTF-8 byte-order mark but is not UTF-8 "
                              f"({len(d.bad)} bad bytes)") from None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"{name}: has a {label} byte-order mark but is not valid {label} "
                          f"(byte {exc.start}); it looks like a binary file") from None
    if _BINARY.search(text):
        raise DecodeError(f"{name}: has a {label} byte-order mark but holds control characters; "
                          "it looks like a binary file, not text")
    return Decoded(text, label)


_bad_offsets: list[int] = []


def _record(exc: UnicodeError) -> tuple[str, int]:
    # one U+FFFD per bad byte run as Python's "replace" does, but remember where it was
    _bad_offsets.append(exc.start)
    return "\ufffd", exc.end


codecs.register_error("fanwen-record", _record)


def _lossy(data: bytes, codec: str, base: int = 0) -> Decoded:
    """Decode with bad bytes replaced, recording their offsets."""
    _bad_offsets.clear()
    text = data.decode(codec, errors="fanwen-record")
    bad = [base + o for o in _bad_offsets]
    _bad_offsets.clear()
    return Decoded(text, codec, bad)


_ASCII = bytes(range(128))


def _few(bad: list[int], data: bytes) -> bool:
    """So few bad bytes that they are damage, not another encoding?"""
    if not bad:
        return True
    non_ascii = len(data.translate(None, _ASCII))
    return len(bad) <= MAX_BAD_SHARE * non_ascii


def _by_line(data: bytes) -> Decoded | None:
    """Each line strictly UTF-8 or GB18030 (a page pasted together from two sources).

    A line is taken as UTF-8 only if that reads it as mostly Chinese: a short GB18030
    line can be valid UTF-8 too (``2 页`` is ``2 ҳ``).
    """
    out: list[str] = []
    seen: set[str] = set()
    for raw in data.split(b"\n"):
        line = _line_as_utf8(raw)
        codec = "utf-8"
        if line is None:
            codec = "gb18030"
            try:
                line = raw.decode(codec)
            except UnicodeDecodeError:
                return None
        out.append(line)
        if not raw.isascii():
            seen.add(codec)
    if len(seen) < 2:
        return None
    return Decoded("\n".join(out), "utf-8+gb18030", mixed=True)


def _line_as_utf8(raw: bytes) -> str | None:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    wide = [c for c in line if c >= "\x80"]
    if wide and len(_cjk().findall(line)) * 2 < len(wide):
        return None
    return line


def _decode_with_chardet(data: bytes, name: str, best: Decoded) -> Decoded:
    import chardet  # imported here: rarely needed and slow to import

    guess = chardet.detect(data[:65536])
    enc = (guess.get("encoding") or "").lower()
    if enc and enc not in ("ascii",):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            # a code page that reads mostly-Chinese bytes as Latin or Cyrillic letters never wins
            if _printable_ratio(text) > 0.95 and _cjk_share(text) >= 0.5 * _cjk_share(best.text):
                return Decoded(text, enc)
    raise DecodeError(f"{name}: no text encoding explains these bytes "
                      f"(not UTF-8, GB18030 or Big5; chardet guessed {enc or 'nothing'})")


@functools.cache
def _unprintable() -> re.Pattern[str]:
    # compiled on first use (chardet's guesses only), as _cjk
    return re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")


def _printable_ratio(text: str) -> float:
    if not text:
        return 1.0
    bad = sum(1 for c in text if _unprintable().match(c))
    return 1 - bad / len(text)
