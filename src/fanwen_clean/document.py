"""The data that flows through the pipeline: lines, slot spans, changes and findings."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Change:
    """One edit made by a stage, with the rule that made it.

    ``line`` is the 1-based line of the *source* page the edit happened on.
    """

    rule: str
    stage: str
    line: int
    before: str
    after: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "stage": self.stage, "line": self.line,
                "before": self.before, "after": self.after}


@dataclass(frozen=True, slots=True)
class Finding:
    """A warning: reported, never auto-fixed (FW9xx) or a note about a doubtful edit."""

    rule: str
    line: int
    message: str
    col: int = 1

    def as_dict(self) -> dict:
        return {"rule": self.rule, "line": self.line, "col": self.col, "message": self.message}


@dataclass(frozen=True, slots=True)
class SlotSpan:
    """A variable part of a line: ``text[start:end]`` becomes ``{{name}}`` in the template.

    ``kind`` says what produced it (``year``, ``date``, ``person``, ``existing`` …);
    ``original`` is the source text, so the page can be restored from the report.
    """

    start: int
    end: int
    name: str
    kind: str
    original: str


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the page; ``src`` is its 1-based line number in the decoded source.

    ``joined`` is set by rewrap on a line it made by joining broken pieces, so later stages
    (boilerplate's second look) know which lines are new without reading the change log.
    ``indent`` is the leading whitespace normalize stripped from the source line (rewrap reads
    it: an indented line starts a paragraph).
    """

    text: str
    src: int
    spans: tuple[SlotSpan, ...] = ()
    joined: bool = False
    indent: str = ""

    def with_text(self, text: str) -> Line:
        """Same line, new text; spans are dropped because their offsets no longer hold."""
        return Line(text, self.src, (), self.joined, self.indent)


@dataclass(frozen=True, slots=True)
class Document:
    """A page in flight: its lines plus everything the stages recorded about it.

    ``slot_vars`` maps every slot name given so far to its variable ``(base, key)``
    (see :mod:`fanwen_clean.slotnames`): the stages that add slots (slots, anonymize)
    number their variables together through it. ``traditional`` is set by t2s when it
    converted the whole page from Traditional (typos then also reads Taiwan word variants).
    """

    lines: tuple[Line, ...]
    source: str = "-"
    encoding: str = "utf-8"
    changes: tuple[Change, ...] = ()
    warnings: tuple[Finding, ...] = ()
    slot_vars: Mapping[str, tuple[str, Hashable]] = field(default_factory=dict)
    traditional: bool = False
    # the joined text, made on first use: stages and the pipeline ask for it many times, and a
    # document never changes (``replace``/``evolve`` make a new one, with no cached text)
    _text: str | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, source: str = "-", encoding: str = "utf-8") -> Document:
        """Split decoded text into numbered lines; CRLF and lone CR count as line ends."""
        changes: tuple[Change, ...] = ()
        if "\r" in text:
            first = text.count("\n", 0, text.index("\r")) + 1
            changes = (Change("FW101", "decode", first, "\\r\\n" if "\r\n" in text else "\\r", "\\n"),)
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.endswith("\n"):
            text = text[:-1]  # the newline that ends the last line opens no new line
        lines = tuple(Line(t, i) for i, t in enumerate(text.split("\n"), 1))
        return cls(lines=lines, source=source, encoding=encoding, changes=changes)

    @property
    def text(self) -> str:
        text = self._text
        if text is None:
            text = "\n".join([line.text for line in self.lines])
            object.__setattr__(self, "_text", text)  # frozen: the cache is set once, here
        return text

    def evolve(self, lines: tuple[Line, ...] | list[Line] | None = None,
               changes: list[Change] | tuple[Change, ...] = (),
               warnings: list[Finding] | tuple[Finding, ...] = ()) -> Document:
        """Return a copy with new lines and *additional* changes and warnings."""
        return replace(
            self,
            lines=self.lines if lines is None else tuple(lines),
            changes=self.changes + tuple(changes),
            warnings=self.warnings + tuple(warnings),
        )


def edit_lines(doc: Document, indices: Iterable[int],
               fix: Callable[[int, Line], tuple[str, list[Change]]]) -> Document:
    """Apply ``fix`` to the lines at ``indices`` (in order); return ``doc`` itself if nothing changed.

    ``fix(index, line)`` returns the line's new text and the changes it made; the common shape of
    stages that first flag a few lines with a page-wide scan, then repair only those.
    """
    lines: list[Line] | None = None
    changes: list[Change] = []
    for i in sorted(indices):
        line = doc.lines[i]
        new, made = fix(i, line)
        if made:
            if lines is None:
                lines = list(doc.lines)
            changes.extend(made)
            lines[i] = line.with_text(new)
    return doc if lines is None else doc.evolve(lines=lines, changes=changes)
