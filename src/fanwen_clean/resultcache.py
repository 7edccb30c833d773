"""A cache of per-file results, so that pre-commit on a large corpus skips unchanged pages.

As ruff's: a file whose content hash is the one recorded, cleaned with the same
settings, rule files and fanwen-clean code, is not cleaned again; its recorded result
(changed or not, and for ``check`` its findings) is reported instead.  Only what needs
no output is cached: ``check``, ``clean --check`` and pages that ``clean --in-place``
left as they were.

Where: ``--cache-dir``/``cache-dir``; else ``.fanwen-clean-cache/`` next to the
configuration file; else ``$XDG_CACHE_HOME/fanwen-clean/results`` (``~/.cache/…``).
The directory is created 0700 and used only if it belongs to this user and nobody else
may write to it; entries are JSON (never pickle: a cache may come with a checkout),
written atomically.  ``--no-cache`` (``cache = false``) turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path

MAX_ENTRIES = 2_000_000
KEEP_FILES = 8  # results files of other settings or versions kept (the newest ones)
PROJECT_DIR = ".fanwen-clean-cache"


@dataclass
class Cached:
    """A result taken from the cache; passes through the parallel map untouched."""

    input: object  # files.Input
    nbytes: int
    changed: bool
    findings: list = field(default_factory=list)
    error: str | None = None
    passthrough = True
    result = None  # as an Outcome whose output was already dealt with
    write_error = None

    @property
    def name(self) -> str:
        return self.input.name


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _tree_stamp(root: Path) -> list:
    out = []
    for p in sorted(root.rglob("*")):
        if "__pycache__" in p.parts or not p.is_file():
            continue
        st = p.stat()
        out.append((str(p), st.st_size, st.st_mtime_ns))
    return out


def fingerprint(mode: str, settings, book) -> str:
    """Everything a result depends on besides the page: settings, rule files and our code."""
    from . import __version__ as ver  # importlib.metadata would cost ~12 ms of start-up

    conf = {k: sorted(v) if isinstance(v, (set, frozenset)) else v for k, v in asdict(settings).items()}
    rules = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in book.files()]
    code = _tree_stamp(Path(__file__).parent)
    blob = json.dumps([ver, mode, conf, rules, code], sort_keys=True, default=str)
    return _digest(blob.encode("utf-8"))


def _safe_dir(path: Path, private: bool) -> bool:
    """Ours, and writable by nobody else (private: not even readable)."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
        return False
    return not st.st_mode & (0o077 if private else 0o022)


def cache_dir(configured: Path | None, config_path: Path | None) -> tuple[Path, bool]:
    """The directory to use, and whether it is the user's private one."""
    if configured is not None:
        return configured, False
    if config_path is not None:
        return config_path.parent / PROJECT_DIR, False
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "fanwen-clean" / "results", True


def _valid(entry: object) -> bool:
    """[digest, changed, [[line, col, code, message, spots, count], …]]: anything else is a miss."""
    return (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[2], list)
            and all(isinstance(f, list) and len(f) == 6 for f in entry[2]))


class ResultCache:
    """Results keyed by resolved path; an entry holds the content hash it is valid for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, list] = {}
        self._seen: dict[str, str] = {}
        self._cwd = os.getcwd()
        self._dirty = False
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(path.read_bytes())
            if isinstance(data, dict):
                self.entries = data

    @classmethod
    def open(cls, directory: Path, private: bool, key: str) -> ResultCache | None:
        if not _safe_dir(directory, private):
            return None
        if not private:
            ignore = directory / ".gitignore"
            if not ignore.exists():
                with contextlib.suppress(OSError):
                    ignore.write_text("# written by fanwen-clean: never commit this cache\n*\n", "utf-8")
        return cls(directory / f"results-{key}.json")

    def _key(self, path) -> str:
        """The absolute path, without resolving links (os.path.abspath would ask for the cwd each time)."""
        p = os.fspath(path)
        return os.path.normpath(p if os.path.isabs(p) else os.path.join(self._cwd, p))

    def lookup(self, inp) -> Cached | object:
        """The cached result of ``inp``, or ``inp`` itself (to be cleaned)."""
        if inp.path is None:
            return inp
        try:
            data = inp.read()  # bounded: a huge file is refused, not read whole into memory
        except OSError:
            return inp  # the run reports it
        key = self._key(inp.path)
        digest = _digest(data)
        entry = self.entries.get(key)
        if _valid(entry) and entry[0] == digest:
            return Cached(inp, len(data), bool(entry[1]), entry[2])
        self._seen[key] = digest
        return inp

    def store(self, inp, changed: bool, findings: list) -> None:
        key = self._key(inp.path) if inp.path is not None else None
        digest = self._seen.pop(key, None)
        if digest is not None:
            self.entries[key] = [digest, changed, findings]
            self._dirty = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is no error."""
        if not self._dirty:
            return
        if len(self.entries) > MAX_ENTRIES:
            self.entries = dict(list(self.entries.items())[-MAX_ENTRIES:])
        data = json.dumps(self.entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        from .diskcache import write_private  # here: it imports regex, which a cached run never needs

        write_private(self.path, lambda fh: fh.write(data))
        self._dirty = False
        self._prune()

    def _prune(self) -> None:
        """Drop the oldest results files (left by other settings, rules or versions)."""
        with contextlib.suppress(OSError):
            files = sorted(self.path.parent.glob("results-*.json"), key=lambda p: -p.stat().st_mtime)
            for old in files[KEEP_FILES:]:
                old.unlink()
