"""File I/O of the command line: walking inputs, reading them bounded, writing outputs atomically.

The cleaning engine (pipeline, stages, api) never imports this module (tests/test_layers.py).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from pathlib import Path
from typing import NamedTuple

MAX_INPUT_MB = 512  # default bound on one page (a file, stdin or a JSONL record), in MiB


def max_input_bytes() -> int:
    """The largest page read: ``$FANWEN_CLEAN_MAX_INPUT_MB`` MiB, default :data:`MAX_INPUT_MB`."""
    try:
        mb = float(os.environ.get("FANWEN_CLEAN_MAX_INPUT_MB", MAX_INPUT_MB))
    except ValueError:
        mb = MAX_INPUT_MB
    return max(1, int(mb * 2**20))


class TooLarge(OSError):
    """An input is larger than :func:`max_input_bytes`."""


def _too_large(limit: int) -> TooLarge:
    return TooLarge(errno.EFBIG, f"larger than the input limit of {limit} bytes "
                                 "(set FANWEN_CLEAN_MAX_INPUT_MB to raise it)")


def read_bounded(fh, limit: int | None = None) -> bytes:
    """Read a whole stream, but no more than ``limit`` bytes (raises :class:`TooLarge`)."""
    limit = max_input_bytes() if limit is None else limit
    chunks, size = [], 0
    while True:
        chunk = fh.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)


class Input(NamedTuple):
    """One page to clean: ``path`` is None for stdin; ``rel`` is its path below the walked root."""

    name: str
    path: Path | None
    rel: Path | None = None

    @property
    def in_parent(self) -> bool:
        """Stdin can only be read by the main process, not by a worker."""
        return self.path is None

    def read(self) -> bytes:
        """The page's bytes; raises OSError (:class:`TooLarge` past :func:`max_input_bytes`)."""
        if self.path is None:
            if sys.stdin is None:  # started with stdin closed (<&-)
                raise OSError(errno.EBADF, "standard input is closed")
            return read_bounded(sys.stdin.buffer)
        limit = max_input_bytes()
        with open(self.path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise _too_large(limit)
            data = fh.read(size + 1) if size else b""  # one buffer, not pieces joined (a huge page)
            if not size or len(data) > size:  # /proc files say 0; a file that grows while we read
                data += read_bounded(fh, limit - len(data))
            return data


class InputError(ValueError):
    """A path given on the command line cannot be used; the message names it."""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _walk(top: Path, globs: tuple[str, ...], skip: Path | None = None) -> Iterator[Path | InputError]:
    """Files below ``top`` whose name matches a glob, in sorted path order (as ``sorted(rglob)``).

    Only one directory's listing is held at a time, so walking a huge corpus takes
    no memory to speak of; symlinked directories are not entered (as ``rglob``).
    A directory that cannot be listed is yielded as an :class:`InputError` (the run
    goes on, and ends with exit 3); ``skip`` (the output directory) is not entered.
    """
    try:
        with os.scandir(top) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield InputError(f"{top}: cannot list directory: {exc.strerror or exc}")
        return
    for e in entries:
        try:
            is_dir = e.is_dir() and not e.is_symlink()
        except OSError as exc:
            yield InputError(f"{e.path}: {exc.strerror or exc}")
            continue
        if is_dir:
            if skip is not None and _same(Path(e.path), skip):
                continue
            yield from _walk(Path(e.path), globs, skip)
        elif any(fnmatchcase(e.name, g) for g in globs):
            yield Path(e.path)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def out_dir_problem(paths: list[str], out_dir: Path) -> str | None:
    """Why ``--out-dir`` cannot be used with these inputs (it would overwrite them), or None.

    An output directory *inside* an input directory is fine: the walk never enters it.
    """
    dirs = [Path(r) for r in paths if r != "-" and Path(r).is_dir()]
    base = _files_base(paths)
    if base is not None:
        dirs.append(base)
    for d in dirs:
        if _same(d, out_dir):
            return f"--out-dir {out_dir} is an input directory: its pages would be overwritten"
    return None


def _files_base(paths: list[str]) -> Path | None:
    """The deepest directory holding every file argument, so that ``--out-dir`` keeps
    ``a/page.txt`` and ``b/page.txt`` apart instead of writing both to ``page.txt``."""
    parents = [str(Path(r).resolve().parent) for r in paths if r != "-" and Path(r).is_file()]
    return Path(os.path.commonpath(parents)) if parents else None


def iter_inputs(paths: list[str], glob: str | tuple[str, ...] = "*.txt",
                exclude: Path | None = None) -> Iterator[Input | InputError]:
    """Expand paths lazily: ``-`` is stdin, directories are walked for ``glob`` (sorted).

    ``glob`` may be several patterns.  Symlinks that lead outside a walked directory
    are skipped.  A path that does not exist, is too long or cannot be listed is yielded
    as an :class:`InputError` so the run goes on.  ``exclude`` (the output directory)
    is never read from.
    """
    globs = (glob,) if isinstance(glob, str) else glob
    base = _files_base(paths)
    for raw in paths:
        if raw == "-":
            yield Input("-", None)
            continue
        p = Path(raw)
        try:
            st = os.stat(p)
        except OSError as exc:
            if exc.errno != errno.ENOENT:  # too long, permission denied, a loop …
                yield InputError(f"{raw}: {exc.strerror or exc}")
                continue
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            root = p.resolve()
            walked = not any("/" in g for g in globs)
            if not walked:  # a path pattern: let pathlib match it
                found: Iterable[Path | InputError] = sorted(
                    {f for g in globs for f in p.rglob(g)
                     if exclude is None or not _inside(f, exclude.resolve())})
            else:
                found = _walk(p, globs, exclude)
            for f in found:
                if isinstance(f, InputError):
                    yield f
                # _walk never enters a symlinked directory: only a symlinked file can leave the tree
                elif f.is_file() and ((walked and not f.is_symlink()) or _inside(f, root)):
                    yield Input(str(f), f, f.relative_to(p))
        elif p.is_file():
            yield Input(str(p), p, p.resolve().relative_to(base) if base else Path(p.name))
        elif p.exists():
            yield InputError(f"{raw}: not a regular file")
        else:
            yield InputError(f"{raw}: no such file or directory")


def atomic_write(path: Path, data: str | bytes, durable: bool = True) -> None:
    """Write via a temp file in the same directory and rename; keep the old file's mode.

    A reader never sees a half-written file, whatever happens to this process.
    ``durable`` also flushes the data to disk before the rename, so that even a
    power loss cannot leave an empty file in place of the original: worth it
    when rewriting a user's page in place, too slow (ms per file) for a fresh
    output tree.
    """
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    # a short name (a 250-byte page name leaves no room for a longer one); O_EXCL makes sure
    tmp = path.with_name(_tmp_name())
    _LIVE.add(str(tmp))
    try:
        # created inside the try: a signal right after the open still removes the file
        fd = _create(tmp, path)
        with os.fdopen(fd, "wb") as fh:
            _write_utf8(fh, data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except FileExistsError:  # a one-in-2**48 name clash: the file is someone else's
        _LIVE.discard(str(tmp))
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        _LIVE.discard(str(tmp))


# Temp files this process is writing right now.  A signal can land between creating one and
# the code that would remove it; remove_temp_files (called as a stopped process exits) gets them.
_LIVE: set[str] = set()


def remove_temp_files() -> None:
    """Remove every temp file this process is still writing (it is being stopped)."""
    for name in list(_LIVE):
        with contextlib.suppress(OSError):
            os.unlink(name)
        _LIVE.discard(name)


def _write_utf8(fh, data: str | bytes, step: int = 1 << 20) -> None:
    """Write text encoded piece by piece: a huge page is not copied whole into bytes."""
    if isinstance(data, bytes):
        fh.write(data)
        return
    for i in range(0, len(data), step):
        fh.write(data[i:i + step].encode("utf-8"))


def _create(tmp: Path, path: Path) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(tmp, flags, 0o666)  # the umask applies, as for any new file
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(tmp, flags, 0o666)


def _tmp_name() -> str:
    # os.urandom, not secrets: importing secrets (hmac, _hashlib) costs ~4 ms of every start-up
    return f".fwc{os.urandom(6).hex()}.tmp"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class StreamWriter:
    """Write one output file piece by piece, atomically: it appears complete on ``commit``.

    Used for JSONL outputs, which are streamed record by record so that memory
    stays flat; ``abort`` (or an exception) leaves any old file untouched.
    """

    def __init__(self, path: Path) -> None:
        import gzip

        self.path = path
        self._tmp = str(path.with_name(_tmp_name()))  # a short name: see atomic_write
        _LIVE.add(self._tmp)
        try:
            self._raw = os.fdopen(_create(Path(self._tmp), path), "wb")
        except BaseException:
            _LIVE.discard(self._tmp)
            raise
        # a .gz name gets a gzip stream, so shards keep the form they came in
        self._fh = gzip.GzipFile(fileobj=self._raw, mode="wb") if path.suffix == ".gz" else self._raw

    def write(self, data: str | bytes) -> None:
        self._fh.write(data.encode("utf-8") if isinstance(data, str) else data)

    def commit(self) -> None:
        """Make the file appear complete; on failure (a full disk) no temp file is left."""
        try:
            mode = self.path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        try:
            if self._fh is not self._raw:
                self._fh.close()
            self._raw.flush()
            os.fsync(self._raw.fileno())
            self._raw.close()
            os.chmod(self._tmp, mode)
            os.replace(self._tmp, self.path)
        except BaseException:
            self.abort()
            raise
        _LIVE.discard(self._tmp)

    def abort(self) -> None:
        """Drop the temp file; never raises (closing may fail on a full disk)."""
        for fh in (self._fh, self._raw):
            with contextlib.suppress(OSError, ValueError):
                fh.close()
        with contextlib.suppress(OSError):
            os.unlink(self._tmp)
        _LIVE.discard(self._tmp)
