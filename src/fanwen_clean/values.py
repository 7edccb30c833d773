"""Read the values file of ``fill`` (JSON or TOML), with errors a person can act on."""

from __future__ import annotations

import json
import re
from pathlib import Path

_AT_LINE = re.compile(r"at line (\d+)")
_BARE = re.compile(r"[A-Za-z0-9_-]+")


class ValuesError(ValueError):
    """The values file cannot be read; the message names it and says how to fix it."""


def toml_hint(text: str, message: str) -> str:
    """For a TOML error on a line whose key is bare and not ASCII: the rule and the fixed line."""
    m = _AT_LINE.search(message)
    lines = text.splitlines()
    if not m or not 0 < int(m.group(1)) <= len(lines):
        return ""
    line = lines[int(m.group(1)) - 1]
    key, eq, value = line.partition("=")
    key = key.strip()
    if not eq or not key or key[0] in "\"'[" or _BARE.fullmatch(key):
        return ""
    parts = [p.strip() for p in key.split(".")]
    fixed = ".".join(p if _BARE.fullmatch(p) else json.dumps(p, ensure_ascii=False) for p in parts)
    return (f"; TOML keys that are not ASCII letters, digits, - or _ need quotes: "
            f"write {fixed} ={value.rstrip()} instead of {line.strip()}")


def load_values(path: Path) -> object:
    """The parsed JSON or TOML file (``.toml`` by suffix); raises :class:`ValuesError`."""
    import tomllib

    try:
        text = path.read_bytes().decode("utf-8")
        if path.suffix == ".toml":
            return tomllib.loads(text)
        return json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValuesError(f"{path}: cannot read values: {exc}{toml_hint(text, str(exc))}") from None
    except (OSError, ValueError) as exc:
        raise ValuesError(f"{path}: cannot read values: {exc}") from None
