"""Configuration files: ``.fanwen-clean.toml`` and ``[tool.fanwen-clean]`` in ``pyproject.toml``.

For each input the nearest configuration wins (as ruff's): the search starts in the
input's directory (a directory argument: that directory; stdin: the working
directory) and walks up to the first directory that holds ``.git`` (the repository
root, searched too) or to the filesystem root.  In one directory ``.fanwen-clean.toml``
wins over ``pyproject.toml``, and a ``pyproject.toml`` without a ``[tool.fanwen-clean]``
table does not count.  The ignore file ``.fanwen-cleanignore`` is found the same way.

Keys are the long CLI options in kebab case (``jobs = 1``, ``glob = "*.txt"``,
``no-originals = true``) plus ``t2s = false``, ``exclude``, ``select``, ``ignore`` and
``cache``; relative paths are relative to the file's directory.  An unknown key, or a
value of the wrong type, is a usage error naming the file.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

CONFIG_FILE = ".fanwen-clean.toml"
PYPROJECT = "pyproject.toml"
IGNORE_FILE = ".fanwen-cleanignore"
TABLE = "fanwen-clean"

# keys that hold paths (resolved against the config file's directory)
PATH_KEYS = frozenset({"rules", "out_dir", "mapping", "cache_dir"})


class ConfigError(ValueError):
    """A configuration or ignore file is unreadable or invalid; the message names it."""


@dataclass(frozen=True)
class Config:
    """Option values from one file (snake_case keys), and where they came from."""

    path: Path | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The project directory: the config file's directory, else the working directory."""
        return self.path.parent if self.path else Path.cwd()


def _stops_at(directory: Path) -> bool:
    return (directory / ".git").exists()


def _parents(start: Path):
    d = start
    while True:
        yield d
        if _stops_at(d) or d.parent == d:
            return
        d = d.parent


def _has_table(pyproject: Path) -> bool:
    """Does this pyproject.toml configure us?  (A broken one is reported when it does.)"""
    import tomllib

    try:
        text = pyproject.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if TABLE not in text:
        return False
    try:
        return isinstance(tomllib.loads(text).get("tool", {}).get(TABLE), dict)
    except tomllib.TOMLDecodeError:
        return True  # let the real read name the error


@functools.lru_cache(maxsize=4096)
def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start`` (a directory), or None."""
    for d in _parents(start.resolve()):
        own = d / CONFIG_FILE
        if own.is_file():
            return own
        py = d / PYPROJECT
        if py.is_file() and _has_table(py):
            return py
    return None


@functools.lru_cache(maxsize=4096)
def find_ignore_file(start: Path) -> Path | None:
    """The nearest ``.fanwen-cleanignore`` at or above ``start``, or None."""
    for d in _parents(start.resolve()):
        if (d / IGNORE_FILE).is_file():
            return d / IGNORE_FILE
    return None


def _read_toml(path: Path) -> dict:
    import tomllib

    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == PYPROJECT or ("tool" in data and TABLE in data.get("tool", {})):
        table = data.get("tool", {}).get(TABLE)
        if table is None:
            raise ConfigError(f"{path}: no [tool.{TABLE}] table")
        return table
    return data


def load_config(path: Path, check_key) -> Config:
    """Read and validate one file; ``check_key(key, value, path)`` gives (option name, value) or raises."""
    raw = _read_toml(path)
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a table of options")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key.replace("-", "_") in PATH_KEYS:  # relative to the file, before click checks them
            value = _resolve_paths(value, path.parent)
        name, value = check_key(key, value, path)
        values[name] = value
    return Config(path, values)


def _resolve_paths(value: Any, base: Path) -> Any:
    if isinstance(value, list):
        return [_resolve_paths(v, base) for v in value]
    if isinstance(value, str):
        return str(base / os.path.expanduser(value))
    return value  # the wrong type: reported by the key's check


# ----------------------------------------------------------------- exclude patterns


def _glob_to_regex(pat: str) -> str:
    import regex  # here, as compile_rule below: only a run with exclude patterns needs them

    out: list[str] = []
    i = 0
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pat[i] == "?":
            out.append("[^/]")
            i += 1
        elif pat[i] == "[" and "]" in pat[i + 1:]:
            end = pat.index("]", i + 1)
            body = pat[i + 1:end].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end + 1
        else:
            out.append(regex.escape(pat[i]))
            i += 1
    return "".join(out)


class _Pattern(NamedTuple):
    base: Path
    rx: Any
    negate: bool
    dir_only: bool


class Excludes(NamedTuple):
    """gitignore-like patterns, each relative to the directory of the file it came from:
    ``*.bak``, ``drafts/``, ``/top.txt``, ``**/old/*.txt``, ``!keep.txt``; the last
    matching pattern decides, and a left-out directory leaves out everything in it."""

    patterns: tuple[_Pattern, ...] = ()

    @classmethod
    def parse(cls, lines: list[str] | tuple[str, ...], base: Path) -> Excludes:
        base = base.resolve()
        pats: list[_Pattern] = []
        for raw in lines:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            line = line[1:] if negate else line
            dir_only = line.endswith("/")
            line = line.rstrip("/")
            anchored = "/" in line
            from .regex_guard import compile_rule  # here: a run without patterns needs no regex

            body = _glob_to_regex(line.lstrip("/"))
            rx = compile_rule(body if anchored else "(?:.*/)?" + body)
            pats.append(_Pattern(base, rx, negate, dir_only))
        return cls(tuple(pats))

    def __add__(self, other: Excludes) -> Excludes:
        return Excludes(self.patterns + other.patterns)

    def excluded(self, path: Path) -> bool:
        """Does a pattern leave ``path`` (or a directory it is in) out?"""
        if not self.patterns:
            return False
        full = path.resolve()
        verdict = False
        for p in self.patterns:
            try:
                rel = full.relative_to(p.base).as_posix()
            except ValueError:
                rel = full.name  # outside the pattern's directory: only its name can match
            parts = rel.split("/")
            dirs = ["/".join(parts[:n]) for n in range(1, len(parts))]
            candidates = dirs if p.dir_only else [*dirs, rel]
            if any(p.rx.fullmatch(c) for c in candidates):
                verdict = not p.negate
        return verdict


def read_ignore_file(path: Path) -> Excludes:
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    return Excludes.parse(lines, path.parent)
