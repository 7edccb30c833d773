"""``--scope corpus``: the same real name gets the same slot name in every page of a run.

Workers name slots page by page (``姓名1`` on every page); the main process then
relabels each result *in input order* against one registry, so the outcome does
not depend on ``--jobs``.  With ``--mapping FILE`` the registry is read before
the run and written back after it, so later runs keep the names (the file holds
real names: keep it private).  Two runs writing one mapping file at the same time
are not merged: the last one wins.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from .files import atomic_write
from .regex_guard import compile_rule

STAGE = "anonymize"  # the stage whose slots this registry renames
FORMAT = "fanwen-clean-names/1"
_TRAILING_DIGITS = compile_rule(r"\d+$")


class MappingError(ValueError):
    """The mapping file cannot be read; the message names it."""


class CorpusNames:
    """A registry ``(kind, original) → slot name`` shared by all pages of a run."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.names: dict[tuple[str, str], str] = {}
        self.counts: dict[str, int] = {}
        if path is not None and path.exists():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"not a {FORMAT} file")
            for row in data["names"]:
                self._register(row["kind"], row["value"], row["slot"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise MappingError(f"{path}: cannot read the name mapping: {exc}") from None

    def _register(self, kind: str, value: str, slot: str) -> None:
        self.names[(kind, value)] = slot
        base, num = _split(slot)
        self.counts[base] = max(self.counts.get(base, 0), num)

    def _name_for(self, kind: str, values: list[str], base: str) -> str:
        for v in values:
            if (kind, v) in self.names:
                name = self.names[(kind, v)]
                break
        else:
            self.counts[base] = self.counts.get(base, 0) + 1
            name = f"{base}{self.counts[base]}"
        for v in values:
            self.names.setdefault((kind, v), name)
        return name

    def relabel(self, result):
        """A copy of a :class:`~fanwen_clean.render.Result` with corpus-wide names for its real names."""
        mine = {c["after"][2:-2] for c in result.changes
                if c.get("stage") == STAGE and c.get("after", "").startswith("{{")}
        slots = [s for s in result.slots if s["name"] in mine]
        if not slots or any("original" not in o for s in slots for o in s["occurrences"]):
            return result  # nothing of ours, or --no-originals: nothing to key the names on
        rename: dict[str, str] = {}
        for s in slots:
            values = [o["original"] for o in s["occurrences"]]
            rename[s["name"]] = self._name_for(s["kind"], values, _split(s["name"])[0])
        taken = set(rename.values())
        for s in result.slots:  # a placeholder slot of the page that now clashes moves aside
            if s["name"] not in mine and s["name"] in taken:
                base, n = _split(s["name"])
                while f"{base}{n}" in taken or any(f"{base}{n}" == t["name"] for t in result.slots):
                    n += 1
                rename[s["name"]] = f"{base}{n}"
                taken.add(rename[s["name"]])
        return _apply(result, {k: v for k, v in rename.items() if k != v})

    def save(self) -> None:
        """Write the registry back (atomically) when a mapping file was given."""
        if self.path is None:
            return
        rows = [{"kind": k, "value": v, "slot": s} for (k, v), s in sorted(self.names.items())]
        payload = json.dumps({"format": FORMAT, "names": rows}, ensure_ascii=False, indent=1)
        atomic_write(self.path, payload + "\n")


def _split(name: str) -> tuple[str, int]:
    m = _TRAILING_DIGITS.search(name)
    return (name[:m.start()], int(m.group())) if m else (name, 0)


def _apply(result, rename: dict[str, str]):
    """Rename slots in the template, the slot list (offsets recomputed) and the changes."""
    if not rename:
        return result
    occs = sorted((o["start"], o["end"], s["name"]) for s in result.slots for o in s["occurrences"])
    parts, pos, shift, moved = [], 0, 0, {}
    for start, end, name in occs:
        parts.append(result.template[pos:start])
        token = "{{" + rename.get(name, name) + "}}"
        parts.append(token)
        moved[(start, end)] = (start + shift, start + shift + len(token))
        shift += len(token) - (end - start)
        pos = end
    parts.append(result.template[pos:])
    slots: dict[str, dict] = {}
    for s in result.slots:
        new = rename.get(s["name"], s["name"])
        slot = slots.setdefault(new, {**s, "name": new, "values": [], "occurrences": []})
        slot["values"] += [v for v in s["values"] if v not in slot["values"]]
        for o in s["occurrences"]:
            a, b = moved[(o["start"], o["end"])]
            slot["occurrences"].append({**o, "start": a, "end": b})
    for s in slots.values():
        s["occurrences"].sort(key=lambda o: o["start"])
    changes = [{**c, "after": "{{" + rename[c["after"][2:-2]] + "}}"}
               if c.get("after", "").startswith("{{") and c["after"][2:-2] in rename else c
               for c in result.changes]
    return dataclasses.replace(result, template="".join(parts), slots=list(slots.values()), changes=changes)
