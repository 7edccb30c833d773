"""Walking inputs, reading them, writing outputs atomically."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Input:
    """One page to clean: ``path`` is None for stdin; ``rel`` is its path below the walked root."""

    name: str
    path: Path | None
    rel: Path | None = None

    def read(self) -> bytes:
        if self.path is None:
            return sys.stdin.buffer.read()
        return self.path.read_bytes()


class InputError(ValueError):
    """A path given on the command line cannot be used; the message names it."""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def iter_inputs(paths: list[str], glob: str = "*.txt") -> Iterator[Input | InputError]:
    """Expand paths: ``-`` is stdin, directories are walked for ``glob`` (sorted).

    Symlinks that lead outside a walked directory are skipped.  A path that does
    not exist is yielded as an :class:`InputError` so the run goes on.
    """
    for raw in paths:
        if raw == "-":
            yield Input("-", None)
            continue
        p = Path(raw)
        if p.is_dir():
            root = p.resolve()
            for f in sorted(p.rglob(glob)):
                if f.is_file() and _inside(f, root):
                    yield Input(str(f), f, f.relative_to(p))
        elif p.is_file():
            yield Input(str(p), p, Path(p.name))
        elif p.exists():
            yield InputError(f"{raw}: not a regular file")
        else:
            yield InputError(f"{raw}: no such file or directory")


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write via a temp file in the same directory and rename; keep the old file's mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@dataclass
class Outcome:
    """The result of cleaning one input, or the one-line reason it failed."""

    input: Input
    result: object | None = None  # render.Result; typed loosely to keep this module import-light
    error: str | None = None


def clean_input(inp: Input, book, settings) -> Outcome:
    """Read, decode and clean one input; never raises for bad input."""
    from .api import clean_bytes
    from .decode import DecodeError

    try:
        data = inp.read()
    except OSError as exc:
        return Outcome(inp, error=f"{inp.name}: cannot read: {exc.strerror or exc}")
    try:
        return Outcome(inp, result=clean_bytes(data, source=inp.name, rules=book, settings=settings))
    except DecodeError as exc:
        return Outcome(inp, error=str(exc))
