"""Load rule packs (``*.toml`` and ``*.tsv``) from the shipped ``rules/`` and user paths.

A TOML file may hold entries of any family as top-level arrays of tables
(``[[boilerplate]]``, ``[[slot_context]]`` …), so one learned file can add rules
to several stages.  A TSV file's family is its file stem (``typos.tsv`` → ``typos``);
its first line names the columns.  Stages compile what they need from a
:class:`RuleBook` once and cache the result keyed on the book.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


class RuleError(ValueError):
    """A rule file is missing or malformed; the message names the file."""


def default_rules_dir() -> Path:
    """Where the shipped rules are: inside the wheel, or ``rules/`` of a source checkout."""
    packaged = Path(__file__).with_name("rules")
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    raise RuleError(f"shipped rules not found (looked in {packaged} and {checkout})")


@dataclass(frozen=True)
class RuleBook:
    """The rule paths of a run: the shipped directory first, then user dirs/files."""

    paths: tuple[Path, ...] = field(default_factory=lambda: (default_rules_dir(),))

    @classmethod
    def with_user(cls, extra: tuple[Path, ...] | list[Path] = ()) -> RuleBook:
        """The shipped rules plus the user's, which are checked in full here (see rule_schema)."""
        for p in extra:
            if not p.exists():
                raise RuleError(f"{p}: rule path does not exist")
        user = tuple(Path(p) for p in extra)
        for f in _files(user):
            _check_user_file(f)
        return cls((default_rules_dir(), *user))

    def files(self) -> list[Path]:
        return _files(self.paths)

    def family(self, name: str) -> list[dict]:
        """All entries of one family across every path, each tagged with ``_source``."""
        return list(_family(self.paths, name))

    def table(self, name: str) -> list[dict]:
        """Rows of every ``NAME.tsv`` in the rule paths (dicts keyed by the header)."""
        return list(_table(self.paths, name))

    def words(self, name: str) -> list[str]:
        """Lines of every ``NAME.txt`` word list (``#`` comments and blanks skipped)."""
        return list(_words(self.paths, name))


@functools.cache
def _files(paths: tuple[Path, ...]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix in (".toml", ".tsv", ".txt")))
        else:
            out.append(p)
    return out


@functools.cache
def _load_toml(path: Path) -> dict:
    from .diskcache import load_toml  # parsed files are cached on disk: tomllib is slow

    try:
        return load_toml(path)
    except (OSError, ValueError) as exc:  # TOMLDecodeError is one; tomllib loads on a cache miss only
        raise RuleError(f"{path}: cannot load rules: {exc}") from None


def _check_user_file(f: Path) -> None:
    """Raise one RuleError for a broken user file; register its patterns for a time limit."""
    from .regex_guard import register
    from .rule_schema import check_file

    if f.suffix == ".tsv":
        _table((f,), f.stem)  # raises on a row with too many columns
        return
    if f.suffix != ".toml":
        return
    problems = check_file(str(f), _load_toml(f))
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise RuleError(problems[0] + more)
    for family, entries in _load_toml(f).items():
        for e in entries:
            for key, want in _schemas()[family].items():
                if want == "regex" and key in e:
                    register(e[key], f"{f}: {e.get('code') or e.get('name') or family}")


@functools.cache
def _family(paths: tuple[Path, ...], name: str) -> tuple[dict, ...]:
    out: list[dict] = []
    for f in _files(paths):
        if f.suffix != ".toml":
            continue
        entries = _load_toml(f).get(name, [])
        if not isinstance(entries, list):
            raise RuleError(f"{f}: '{name}' must be an array of tables ([[{name}]])")
        out.extend({**_expanded(e, name), "_source": str(f)} for e in entries)
    return tuple(out)


def _schemas() -> dict:
    """rule_schema.SCHEMAS, imported when rules are first read: it compiles patterns, which
    ``check`` of pages the results cache knows never needs (it only lists the rule files)."""
    from .rule_schema import SCHEMAS

    return SCHEMAS


def _expanded(entry: dict, family: str) -> dict:
    """The entry with each ``{NAME}`` of a shape in its patterns written out (see shapes.expand)."""
    from .shapes import expand

    keys = [k for k, want in _schemas().get(family, {}).items()
            if want == "regex" and isinstance(entry.get(k), str)]
    return {**entry, **{k: expand(entry[k]) for k in keys}} if keys else entry


def _named(paths: tuple[Path, ...], name: str, suffix: str) -> Iterator[tuple[Path, list[str]]]:
    """Each rule file ``NAME.suffix`` of the paths, with its lines."""
    for f in _files(paths):
        if f.suffix == suffix and f.stem == name:
            yield f, f.read_text("utf-8").split("\n")


@functools.cache
def _table(paths: tuple[Path, ...], name: str) -> tuple[dict, ...]:
    out: list[dict] = []
    for f, lines in _named(paths, name, ".tsv"):
        rows = [r for r in lines if r and not r.startswith("#")]
        if not rows:
            continue
        header = rows[0].split("\t")
        for n, row in enumerate(rows[1:], 2):
            cells = row.split("\t")
            if len(cells) > len(header):
                raise RuleError(f"{f}:{n}: {len(cells)} columns, header has {len(header)}")
            cells += [""] * (len(header) - len(cells))
            out.append(dict(zip(header, cells, strict=True)) | {"_source": f"{f}:{n}"})
    return tuple(out)


@functools.cache
def _words(paths: tuple[Path, ...], name: str) -> tuple[str, ...]:
    out: list[str] = []
    for _f, lines in _named(paths, name, ".txt"):
        for raw in lines:
            w = raw.split("#", 1)[0].strip()
            if w:
                out.append(w)
    return tuple(out)
