"""Render a template with Jinja2 (StrictUndefined), from a mapping or a ``clean`` report."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

# jinja2 is imported when a template is rendered, not when the package is: `clean` never needs it


class FillError(ValueError):
    """The values do not fit the template; the message lists every problem at once."""


@functools.cache
def _env() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              autoescape=False)


def _parse(template: str):
    import jinja2

    try:
        return _env().parse(template)
    except jinja2.TemplateSyntaxError as exc:
        raise FillError(f"not a valid template: line {exc.lineno}: {exc.message}") from None


def slot_names(template: str) -> list[str]:
    """The slot names a template uses, in order of first appearance."""
    import jinja2.nodes

    ast = _parse(template)
    seen: dict[str, None] = {}
    for node in ast.find_all(jinja2.nodes.Name):
        seen.setdefault(node.name, None)
    return list(seen)


def is_report(values: dict) -> bool:
    """A ``clean --format json`` report rather than a plain mapping?"""
    return isinstance(values.get("slots"), list) and "template" in values


def fill(template: str, values: dict) -> str:
    """Render ``template``; with a report, every occurrence gets back its own original."""
    if is_report(values):
        return _restore(template, values)
    missing = [n for n in slot_names(template) if n not in values]
    if missing:
        raise FillError(f"missing values for {len(missing)} slot(s): {', '.join(missing)}")
    return _env().from_string(template).render(**{k: str(v) for k, v in values.items()})


def _render_literal(chunk: str) -> str:
    return _env().from_string(chunk).render() if "{" in chunk else chunk


def _restore(template: str, report: dict) -> str:
    occurrences = []
    for slot in report["slots"]:
        for occ in slot["occurrences"]:
            if "original" not in occ:
                raise FillError(f"report has no original for slot {slot['name']} "
                                "(made with --no-originals); pass a {slot: value} mapping instead")
            token = slot["name"] if occ.get("masked") else "{{" + slot["name"] + "}}"
            occurrences.append((occ["start"], occ["end"], token, occ["original"]))
    occurrences.sort()
    token_ok = all(template[s:e] == token for s, e, token, _ in occurrences)
    if not token_ok:
        # the template was edited since the report was made: fall back to one value per slot
        mapping = {}
        for slot in report["slots"]:
            if any(o.get("masked") for o in slot["occurrences"]):
                raise FillError(f"masked names ({slot['name']}) can only be restored from an "
                                "unedited template")
            vals = slot.get("values") or [o.get("original") for o in slot["occurrences"]]
            if len(set(vals)) != 1:
                raise FillError(f"slot {slot['name']} had several originals {vals}; "
                                "the template no longer matches the report's offsets")
            mapping[slot["name"]] = vals[0]
        return fill(template, mapping)
    out, pos = [], 0
    for start, end, _name, original in occurrences:
        out.append(_render_literal(template[pos:start]))
        out.append(original)
        pos = end
    out.append(_render_literal(template[pos:]))
    return "".join(out)
