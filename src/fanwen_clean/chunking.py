"""Very large pages are cleaned piece by piece, so that memory stays a small multiple of the input.

A page longer than :data:`CHUNK_CHARS` characters is cut at paragraph boundaries
(a blank line; failing that a line end; failing that, inside a line that long) into
pieces of at most that size; each piece is cleaned on its own and the results are
joined into one :class:`~fanwen_clean.render.Result`: text and template are the
pieces' in order (a blank line between pieces cut at a blank line), slot occurrences
point into the joined template, and changes and warnings keep their line numbers in
the whole page.

Limits: decisions that look at the whole page (header and footer boilerplate, lines
repeated across the page, Traditional-script detection, which name a slot gets) are
made per piece, so a slot name can hold different values in different pieces (the
report lists every value, and ``fill`` restores each occurrence from its offsets),
and cleaning such a page twice may differ where the pieces were cut.  The report
lists the first :data:`MAX_CHANGES_LISTED` changes only (each holds two copies of
its line, which would cost more memory than the page itself); warning FW109 says how
many more there were.  ``--in-place`` and ``--out-dir`` (template or text) write such
a page piece by piece as it is cleaned (see batch.py), so only the input and one
piece are in memory; a JSON report or a page printed to stdout is joined first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

CHUNK_CHARS = 1_000_000  # a page longer than this is cleaned piece by piece
MAX_CHANGES_LISTED = 20_000  # changes listed in the report of a page cleaned in pieces


def pieces(text: str, size: int | None = None) -> Iterator[tuple[str, bool]]:
    """Cut ``text`` into pieces of at most ``size`` characters; yield ``(piece, at_blank)``.

    ``at_blank``: the piece ends at a blank line (a paragraph boundary), so the cleaned
    pieces are to be joined with a blank line between them.  The pieces add up to ``text``.
    """
    size = CHUNK_CHARS if size is None else size
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        at_blank = False
        if end < n:
            cut = text.rfind("\n\n", start, end)
            if cut > start:
                end, at_blank = cut + 2, True
            else:
                cut = text.rfind("\n", start, end)
                if cut > start:
                    end = cut + 1
        yield text[start:end], at_blank
        start = end


def cleaned_pieces(text: str, clean: Callable[[str], object], size: int | None = None) -> Iterator[tuple]:
    """``(sep, result, cleaned_input, source_lines)`` per piece: the output is every ``sep`` +
    ``result`` text in turn; ``cleaned_input`` is what was cleaned (the piece without the blank
    line that separates it from the next); ``source_lines`` the page's lines before it."""
    line0 = 0
    at_blank_prev = False
    first = True
    for piece, at_blank in pieces(text, size):
        given = piece[:-1] if at_blank else piece  # the blank line is the separator
        res = clean(given)
        sep = "\n" if not first and at_blank_prev and res.text else ""
        yield sep, res, given, line0
        first = False
        line0 += piece.count("\n")
        at_blank_prev = at_blank


def clean_in_pieces(text: str, clean: Callable[[str], object], size: int | None = None):
    """Clean each piece with ``clean(piece) -> Result`` and join the results into one Result."""
    from .render import Result

    texts: list[str] = []
    tpls: list[str | None] = []  # None: the piece's template is its text
    slots: dict[str, dict] = {}
    seen: dict[str, set[str]] = {}
    changes: list[dict] = []
    warnings: list[dict] = []
    unlisted = tpl_len = 0  # changes not listed; template characters before this piece
    first = None
    for sep, res, _given, line0 in cleaned_pieces(text, clean, size):
        first = first or res
        texts.append(sep + res.text)
        tpls.append(None if res.template == res.text else sep + res.template)
        tpl_len += len(sep)
        _merge_slots(slots, seen, res.slots, tpl_len)
        room = max(0, MAX_CHANGES_LISTED - len(changes))
        changes += [{**c, "line": c["line"] + line0} for c in res.changes[:room]]
        unlisted += max(0, len(res.changes) - room)
        warnings += [{**w, "line": w["line"] + line0} for w in res.warnings]
        tpl_len += len(res.template)
        del res
    if unlisted:
        warnings.append(unlisted_warning(unlisted))
    same = all(t is None for t in tpls)
    out_tpl = None if same else "".join(x if t is None else t for t, x in zip(tpls, texts, strict=True))
    del tpls
    out_text = "".join(texts)
    del texts
    return Result(source=first.source, encoding=first.encoding, text=out_text,
                  template=out_text if out_tpl is None else out_tpl,
                  slots=list(slots.values()), changes=changes, warnings=warnings, input_text=text)


def unlisted_warning(n: int) -> dict:
    return {"rule": "FW109", "line": 1, "col": 1,
            "message": f"{n} more changes not listed (a page this large is cleaned in pieces and "
                       f"lists its first {MAX_CHANGES_LISTED} changes)"}


def _merge_slots(slots: dict[str, dict], seen: dict[str, set[str]], new: list[dict], offset: int) -> None:
    """Add a piece's slots; occurrences are shifted in place (no second copy of each)."""
    for s in new:
        merged = slots.setdefault(s["name"], {**s, "values": [], "occurrences": []})
        known = seen.setdefault(s["name"], set())
        for v in s.get("values", []):
            if v not in known:
                known.add(v)
                merged["values"].append(v)
        for o in s["occurrences"]:
            o["start"] += offset
            o["end"] += offset
        merged["occurrences"] += s["occurrences"]
