"""Walking inputs, reading them, writing outputs atomically."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

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


@dataclass(frozen=True)
class Input:
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
    return f".fwc{secrets.token_hex(6)}.tmp"


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


@dataclass
class Outcome:
    """The result of cleaning one input, or the one-line reason it failed.

    ``nbytes`` is the size of the input read, for the run summary.  When a worker
    wrote the output itself (:func:`clean_and_write`), ``result`` is None and
    ``changed``/``write_error`` say what happened.
    """

    input: Input
    result: object | None = None  # render.Result; typed loosely to keep this module import-light
    error: str | None = None
    nbytes: int = 0
    changed: bool | None = None
    write_error: str | None = None


@dataclass(frozen=True)
class WriteSpec:
    """What ``clean --in-place`` / ``--out-dir`` writes for an input, and where."""

    fmt: str = "template"  # template | text | json | jsonl
    in_place: bool = False
    out_dir: Path | None = None
    keep_originals: bool = True
    allow_lossy: bool = False  # --in-place also rewrites pages whose decoding replaced bad bytes

    @property
    def page_fmt(self) -> str:
        return "text" if self.fmt == "text" else "template"

    def write(self, inp: Input, res) -> str | None:
        """Write the output of one cleaned input; return a one-line error, or None."""
        if self.in_place:
            target = Path(os.path.realpath(inp.path))  # through a symlink to the page it points to
            payload = res.output(self.page_fmt)
            if payload == res.input_text:
                return None  # unchanged: leave the file (and its mtime) alone
            if getattr(res, "lossy", False) and not self.allow_lossy:
                # the original bytes would be lost for good; --out-dir keeps them, so it writes
                return (f"{target}: not rewritten: its decoding replaced bad bytes (FW107); "
                        "use --allow-lossy to rewrite it anyway")
            problem = _read_only(target)
            if problem:
                return problem
        else:
            target = self.out_dir / (inp.rel or Path("stdin.txt"))
            if self.fmt in ("json", "jsonl"):
                import json

                target = target.with_suffix(".json")
                payload = json.dumps(res.as_dict(self.keep_originals), ensure_ascii=False, indent=1)
            else:
                payload = res.output(self.page_fmt)
        try:
            atomic_write(target, payload, durable=self.in_place)  # see atomic_write
        except OSError as exc:
            return f"{target}: cannot write: {exc.strerror or exc}"
        return None


def _read_only(path: Path) -> str | None:
    """A read-only page is left alone, even for root (who could write it): check the mode bits."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"{path}: cannot write: {exc.strerror or exc}"
    if not mode & 0o222:
        return f"{path}: not rewritten: the file is read-only"
    return None


def clean_and_write(inp: Input, book, settings, *, spec: WriteSpec) -> Outcome:
    """Clean one input and write its output here, in the worker.

    Only a small outcome then travels back to the main process, and the writes
    of a parallel run happen in parallel too.
    """
    if spec.fmt in ("template", "text") and _maybe_huge(inp):
        return _clean_and_write_pieces(inp, book, settings, spec)
    out = clean_input(inp, book, settings)
    if out.error is None:
        out.changed = out.result.changed(spec.page_fmt)
        out.write_error = spec.write(inp, out.result)
        out.result = None
    return out


def _maybe_huge(inp: Input) -> bool:
    from .chunking import CHUNK_CHARS

    if inp.path is None or inp.path.suffix == ".gz":
        return False
    try:
        return inp.path.stat().st_size > CHUNK_CHARS  # bytes >= characters
    except OSError:
        return False


def _clean_and_write_pieces(inp: Input, book, settings, spec: WriteSpec) -> Outcome:
    """A page too large to clean at once, written piece by piece as it is cleaned (see chunking):
    only the decoded input and one piece are ever in memory."""
    from .api import clean_text
    from .chunking import CHUNK_CHARS, cleaned_pieces
    from .decode import DecodeError, decode_page
    from .regex_guard import RuleTimeout

    try:
        data = inp.read()
    except OSError as exc:
        return Outcome(inp, error=f"{inp.name}: cannot read: {exc.strerror or exc}")
    out = Outcome(inp, nbytes=len(data))
    try:
        decoded = decode_page(data, inp.name)
    except DecodeError as exc:
        out.error = str(exc)
        return out
    del data
    if len(decoded.text) <= CHUNK_CHARS:  # many bytes, fewer characters: the usual way
        from .api import clean_decoded

        res = clean_decoded(decoded, source=inp.name, rules=book, settings=settings)
        out.changed, out.write_error = res.changed(spec.page_fmt), spec.write(inp, res)
        return out
    target = Path(os.path.realpath(inp.path)) if spec.in_place else spec.out_dir / inp.rel
    if spec.in_place:
        out.write_error = _read_only(target)
        if decoded.lossy and not spec.allow_lossy:
            out.write_error = (f"{target}: not rewritten: its decoding replaced bad bytes (FW107); "
                               "use --allow-lossy to rewrite it anyway")
        if out.write_error:
            return out

    def clean(piece: str):
        return clean_text(piece, source=inp.name, encoding=decoded.encoding, rules=book, settings=settings)

    writer = None
    try:
        writer = StreamWriter(target)
        out.changed = False
        for sep, res, given, _line0 in cleaned_pieces(decoded.text, clean):
            page = res.output(spec.page_fmt)
            out.changed = out.changed or page != given or not page
            writer.write(sep)
            writer.write(page)
        if spec.in_place and not out.changed:
            writer.abort()  # unchanged: leave the file (and its mtime) alone
        else:
            writer.commit()
    except OSError as exc:
        out.write_error = f"{target}: cannot write: {exc.strerror or exc}"
    except RuleTimeout as exc:
        out.error = f"{inp.name}: {exc}"
    except Exception as exc:  # reported per input, see clean_input
        out.error = internal_error(inp.name, exc)
    finally:
        if writer is not None and (out.error or out.write_error or sys.exc_info()[0] is not None):
            writer.abort()
    return out


def clean_input(inp: Input, book, settings) -> Outcome:
    """Read, decode and clean one input; never raises for bad input.

    A bug in a stage must not end a run over a corpus: any exception becomes a
    one-line ``internal error`` for this input only.
    """
    from .api import clean_decoded
    from .decode import DecodeError, decode_page
    from .regex_guard import RuleTimeout

    try:
        data = inp.read()
    except OSError as exc:
        return Outcome(inp, error=f"{inp.name}: cannot read: {exc.strerror or exc}")
    nbytes = len(data)
    try:
        decoded = decode_page(data, inp.name)
        del data  # a huge page: don't hold its bytes while cleaning it
        result = clean_decoded(decoded, source=inp.name, rules=book, settings=settings)
    except DecodeError as exc:
        return Outcome(inp, error=str(exc), nbytes=nbytes)
    except RuleTimeout as exc:  # a user's pattern: say which, not "internal error"
        return Outcome(inp, error=f"{inp.name}: {exc}", nbytes=nbytes)
    except Exception as exc:  # reported per input, see docstring
        return Outcome(inp, error=internal_error(inp.name, exc), nbytes=nbytes)
    return Outcome(inp, result=result, nbytes=nbytes)


def internal_error(name: str, exc: BaseException) -> str:
    """The one line reported when cleaning crashed on an input."""
    where = ""
    tb = exc.__traceback__
    while tb is not None:  # the innermost frame says which stage broke
        where = f" (in {tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno})"
        tb = tb.tb_next
    return f"{name}: internal error: {type(exc).__name__}: {exc}{where}"
