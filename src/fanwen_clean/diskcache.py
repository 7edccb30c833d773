"""A disk cache of compiled ``regex`` patterns and parsed rule files, for a fast start-up.

The ``regex`` module and ``tomllib`` both parse in Python: compiling the rule
packs' few hundred patterns and parsing their TOML files cost most of a
``fanwen-clean check one.txt`` run, while unpickling a compiled pattern (it
pickles to its compiled code) or a parsed file is many times faster.

* :func:`compile` is ``regex.compile`` looked up in the cache first; fanwen_clean's
  modules reach it through :func:`fanwen_clean.regex_guard.compile_rule` (nothing
  is patched: importing the package leaves ``regex`` as it found it).
* :func:`load_toml` returns a rule file's parsed content, keyed on its path,
  size and modification time.

New entries are written back at exit, atomically, to one file keyed on the
``regex`` and Python versions, in ``$FANWEN_CLEAN_CACHE_DIR`` or the user cache
directory.  An unwritable directory is skipped silently; ``FANWEN_CLEAN_NO_CACHE=1``
turns the cache off.

Unpickling runs code chosen by whoever wrote the file, so the cache is only read
from a directory that this user owns and nobody else can write (it is created 0700),
and only from a regular file this user owns that nobody else can write
(:func:`trusted`); in any doubt the patterns are compiled afresh and nothing is saved.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import regex

MAX_ENTRIES = 20000  # a run makes a few hundred; this only bounds growth across rule edits

_entries: dict[tuple, bytes] | None = None
_dirty = False


def enabled() -> bool:
    return not os.environ.get("FANWEN_CLEAN_NO_CACHE")


def cache_path() -> Path:
    base = os.environ.get("FANWEN_CLEAN_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(xdg, "fanwen-clean")
    py = f"{sys.version_info[0]}{sys.version_info[1]}"
    return Path(base) / f"cache-regex{regex.__version__}-py{py}.pickle"


def _safe(st: os.stat_result, kind: int) -> bool:
    """Of ``kind`` (S_IFDIR/S_IFREG), owned by us, and not writable by group or others."""
    return (stat.S_IFMT(st.st_mode) == kind and st.st_uid == os.geteuid()
            and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def trusted(path: Path) -> bool:
    """May the cache file ``path`` be unpickled?  Its directory and itself must be ours alone
    (checked without following symlinks); a missing file is not trusted."""
    try:
        if not _safe(os.lstat(path.parent), stat.S_IFDIR):
            return False
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        return _safe(os.fstat(fd), stat.S_IFREG)
    finally:
        os.close(fd)


def _load() -> dict[tuple, bytes]:
    global _entries
    if _entries is None:
        _entries = {}
        path = cache_path()
        if trusted(path):
            try:
                with open(path, "rb") as fh:
                    data = pickle.load(fh)
                _entries = data if isinstance(data, dict) else {}
            except Exception:  # unreadable or written by another version: start empty
                _entries = {}
        atexit.register(save)
    return _entries


def _get(key: tuple) -> Any:
    blob = _load().get(key)
    if blob is not None:
        try:
            return pickle.loads(blob)
        except Exception:
            pass
    return None


def _put(key: tuple, value: Any) -> None:
    global _dirty
    _load()[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    _dirty = True


def _freeze(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(value, key=repr)))
    if isinstance(value, (list, tuple)):
        return ("seq", tuple(value))
    return value


def compile(pattern, flags=0, ignore_unused=False, **kwargs):
    """``regex.compile`` through the disk cache (same arguments; ``cache_pattern`` is not cached)."""
    if "cache_pattern" in kwargs or not enabled():
        return regex.compile(pattern, flags, ignore_unused, **kwargs)
    try:
        key = ("regex", type(pattern).__name__, pattern, int(flags), ignore_unused,
               tuple(sorted((k, _freeze(v)) for k, v in kwargs.items())))
        hash(key)
    except TypeError:  # unusual arguments: nothing to key on
        return regex.compile(pattern, flags, ignore_unused, **kwargs)
    compiled = _get(key)
    if compiled is None:
        compiled = regex.compile(pattern, flags, ignore_unused, **kwargs)
        _put(key, compiled)
    return compiled


def load_toml(path: Path) -> dict:
    """``tomllib.load`` of a rule file, cached on its path, size and mtime (raises like tomllib)."""
    if not enabled():
        return _parse_toml(path)
    st = path.stat()
    key = ("toml", str(path.resolve()), st.st_size, st.st_mtime_ns)
    data = _get(key)
    if data is None:
        data = _parse_toml(path)
        _put(key, data)
    return data


def _parse_toml(path: Path) -> dict:
    import tomllib  # only on a cache miss: importing it costs several ms of start-up

    with path.open("rb") as fh:
        return tomllib.load(fh)


def memo(key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept in the disk cache under ``key`` (hashable, and stable across runs).

    For a derived value that is much faster to unpickle than to build; the key must
    cover everything the value depends on.
    """
    if not enabled():
        return compute()
    key = ("memo", *key)
    found = _get(key)
    if found is None:
        found = (compute(),)  # wrapped, so that a None value is cached too
        _put(key, found)
    return found[0]


def _stale(key: tuple) -> bool:
    """A parsed rule file whose file is gone or changed (tests make many temporary ones)."""
    if key[0] != "toml":
        return False
    try:
        st = os.stat(key[1])
    except OSError:
        return True
    return (st.st_size, st.st_mtime_ns) != key[2:]


def save() -> None:
    """Write new entries back (atomically); never fails the run."""
    global _dirty
    if not _dirty or _entries is None:
        return
    _dirty = False
    # a smaller file loads faster at every start-up
    entries = {k: v for k, v in _entries.items() if not _stale(k)}
    if len(entries) > MAX_ENTRIES:  # keep the newest
        entries = dict(list(entries.items())[-MAX_ENTRIES:])
    path = cache_path()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _safe(os.lstat(path.parent), stat.S_IFDIR):
            return  # someone else could swap our file: don't feed them (or us) a pickle
    except OSError:
        return
    write_private(path, lambda fh: pickle.dump(entries, fh, protocol=pickle.HIGHEST_PROTOCOL))


def write_private(path: Path, dump: Callable[[IO[bytes]], object]) -> bool:
    """Write ``path`` atomically through ``dump(fh)``, as a file only this user can read.

    The temp file is made by ``mkstemp`` (mode 0600) in the same directory and renamed
    over ``path``.  A cache that cannot be written is no error: False, and no temp file left.
    """
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".fwc-", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            dump(fh)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            return False
        raise
    return True
