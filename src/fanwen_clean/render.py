"""Document → text, template and slot report; ``fill`` renders a template back (Jinja2)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .document import Document
from .regex_guard import compile_rule
from .slotnames import EXISTING

MASKED = "masked"  # span kind of a name masked by --operator mask

# A slot as written in a template.  Names that Jinja2 reads as keywords or constants
# ({{ if }}, {{ none }}) are not slots.
SLOT_RE = compile_rule(r"(?<!\{)\{\{\s*([\p{L}_][\p{L}\p{N}_]*)\s*\}\}(?!\})")
NOT_NAMES = frozenset({"and", "or", "not", "in", "is", "if", "else", "true", "false", "none",
                       "True", "False", "None"})
# The escape expressions we emit ({{ '{{' }}) are kept as they are, so cleaning a
# template again leaves it unchanged; every other opener is escaped.  Slots are not
# seen here: the slots stage has turned them into spans, which render writes itself.
_KEEP_OR_OPENER = compile_rule(
    r"\{\{\s*'(?:\{\{|\{%|\{#|%\}|\}\}|#\}|\{|\})'\s*\}\}"  # an escape we wrote before
    r"|(\{\{|\{%|\{#)"                               # a literal opener: escape it
)


_CLOSE_ESC = "{{ '}' }}"
_NUMBERED = compile_rule(r"\d++$")


@functools.lru_cache(maxsize=16)
def slot_vocabulary(book) -> frozenset[str]:
    """The slot names of a rule book (``[[slot_name]]``): the only ``{{name}}`` a page may bring."""
    return frozenset(e["name"] for e in book.family("slot_name"))


def _foreign(span, vocabulary: frozenset[str] | None) -> bool:
    """A ``{{name}}`` found in the page whose name is not ours: text, escaped like ``{%``."""
    return vocabulary is not None and span.kind == EXISTING and _NUMBERED.sub("", span.name) not in vocabulary


def is_slot_name(name: str) -> bool:
    """Can ``name`` be a slot, i.e. a plain Jinja2 variable?"""
    return name.isidentifier() and name not in NOT_NAMES


def escape_literal(text: str) -> str:
    """Escape Jinja2 openers that are not slots, so they survive rendering."""
    if "{" not in text:
        return text
    return _KEEP_OR_OPENER.sub(lambda m: f"{{{{ '{m.group(1)}' }}}}" if m.group(1) else m.group(), text)


@dataclass
class Result:
    """What cleaning one page produced; ``as_dict`` is the JSON contract."""

    source: str
    encoding: str
    text: str
    template: str
    slots: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    input_text: str = ""
    lossy: bool = False  # the page was decoded with bad bytes replaced (see decode.Decoded)

    def output(self, fmt: str) -> str:
        """The cleaned page in ``template`` or ``text`` form."""
        return self.text if fmt == "text" else self.template

    def changed(self, fmt: str = "template") -> bool:
        """Would writing ``fmt`` change the input?"""
        return self.output(fmt) != self.input_text

    def as_dict(self, originals: bool = True) -> dict:
        slots = self.slots
        if not originals:
            slots = [{**s, "values": [], "occurrences": [{k: v for k, v in o.items() if k != "original"}
                                                         for o in s["occurrences"]]} for s in slots]
        return {"source": self.source, "encoding": self.encoding, "text": self.text,
                "template": self.template, "slots": slots, "changes": self.changes,
                "warnings": self.warnings}


def render(doc: Document, input_text: str = "", keep_originals: bool = True,
           vocabulary: frozenset[str] | None = None) -> Result:
    """Join the lines into text and template, and collect slot occurrences (template offsets).

    Jinja2 syntax that a page brings is text, escaped so that it survives ``fill``
    (``{%``, ``{#``, and ``{{材料}}`` alike), except the slots fanwen-clean itself writes:
    ``{{name}}`` with a name from ``vocabulary`` (numbered or not), so that cleaning a
    template again keeps its slots.  ``vocabulary=None`` keeps every ``{{name}}``.
    """
    text_parts: list[str] = []
    tpl_parts: list[str] = []
    pos = 0
    slots: dict[str, dict] = {}
    for line in doc.lines:
        text_parts.append(line.text)
        cursor = 0
        for span in sorted(line.spans, key=lambda s: s.start):
            if _foreign(span, vocabulary):
                continue  # stays in the text between slots, where escape_literal escapes it
            chunk = escape_literal(line.text[cursor:span.start])
            if chunk.endswith("{"):
                # a lone { right before {{slot}} would open the expression early
                chunk = chunk[:-1] + "{{ '{' }}"
            tpl_parts.append(chunk)
            pos += len(chunk)
            masked = span.kind == MASKED
            # a masked name (--operator mask) reads as prose: 某某, not {{某某}}
            token = span.name if masked else "{{" + span.name + "}}"
            slot = slots.setdefault(span.name, {"name": span.name, "kind": span.kind,
                                                "values": [], "occurrences": []})
            if span.original not in slot["values"]:
                slot["values"].append(span.original)
            occurrence = {"start": pos, "end": pos + len(token), "original": span.original}
            if masked:
                occurrence["masked"] = True
            slot["occurrences"].append(occurrence)
            tpl_parts.append(token)
            pos += len(token)
            cursor = span.end
            if line.text.startswith("}", cursor):
                # likewise a lone } right after it would hide the slot from the next clean
                tpl_parts.append(_CLOSE_ESC)
                pos += len(_CLOSE_ESC)
                cursor += 1
        chunk = escape_literal(line.text[cursor:]) + "\n"
        tpl_parts.append(chunk)
        pos += len(chunk)
    text = "\n".join(text_parts) + "\n" if text_parts else ""
    template = "".join(tpl_parts) if text_parts else ""
    result = Result(
        source=doc.source, encoding=doc.encoding, text=text, template=template,
        slots=list(slots.values()),
        changes=[c.as_dict() for c in doc.changes],
        warnings=[w.as_dict() for w in doc.warnings],
        input_text=input_text,
    )
    if not keep_originals:
        d = result.as_dict(originals=False)
        result.slots = d["slots"]
    return result


NO_EOL = b"\\ No newline at end of file\n"
_LINES = compile_rule(rb"[^\n]*+\n|[^\n]++$")


def patch(name: str, before: bytes | str, after: bytes | str) -> bytes:
    """A unified diff that ``patch`` and ``git apply`` accept: it turns ``before`` into ``after``.

    Bytes in, bytes out: for a page, ``before`` is the file as it is on disk (GB18030,
    Big5, a BOM, CRLF…) and ``after`` the cleaned UTF-8, so applying the patch gives the
    cleaned file exactly.  Lines end at ``\\n`` only, as for patch tools, and a side without
    a final newline gets the ``\\ No newline at end of file`` line.
    """
    import difflib  # here, not at the top: start-up time

    a = before.encode("utf-8") if isinstance(before, str) else before
    b = after.encode("utf-8") if isinstance(after, str) else after
    label = name.encode("utf-8", "surrogateescape")
    out: list[bytes] = []
    for line in difflib.diff_bytes(difflib.unified_diff, _LINES.findall(a), _LINES.findall(b),
                                   fromfile=b"a/" + label, tofile=b"b/" + label):
        out.append(line if line.endswith(b"\n") else line + b"\n" + NO_EOL)
    return b"".join(out)
