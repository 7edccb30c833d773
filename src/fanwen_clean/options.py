"""The options of one run, built once: CLI flags over the configuration file over defaults.

:func:`build` is the one place where the two sources meet.  A CLI option whose name is a
field of :class:`~fanwen_clean.settings.Settings` lands there by itself, and any other
option lands in :class:`Options` (or in ``Options.extra``), so a new option is one
click decorator (plus a Settings field when stages need it), and it is a configuration
key at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .config import Config, ConfigError, Excludes, read_ignore_file
from .settings import ENTITY_KINDS, Settings, code_prefixes

ANON_DEFAULT = "people,places,orgs"  # dates only when asked for: a year is often not private
GLOBS = {"text": ("*.txt",), "jsonl": ("*.jsonl", "*.jsonl.gz")}
# configuration keys that read better than the flag they stand for: key → (option, negate)
ALIASES = {"t2s": ("no_t2s", True), "blanks": ("no_blanks", True), "cache": ("no_cache", True),
           "originals": ("no_originals", True)}
NOT_KEYS = frozenset({"config", "isolated", "paths", "help"})


@dataclass(frozen=True)
class Options:
    """Everything one run needs; ``settings`` is what the pipeline sees."""

    settings: Settings = field(default_factory=Settings)
    rules: tuple[Path, ...] = ()
    fmt: str = "template"
    in_place: bool = False
    out_dir: Path | None = None
    check: bool = False
    diff: bool = False
    jobs: int = 0
    globs: tuple[str, ...] = GLOBS["text"]
    excludes: Excludes = field(default_factory=Excludes)
    input_format: str = "text"
    text_field: str = "text"
    quiet: bool = False
    mapping: Path | None = None
    cache: bool = True
    cache_dir: Path | None = None
    output_format: str = "concise"
    statistics: bool = False
    config: Config = field(default_factory=Config)
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def writes(self) -> bool:
        """Does the run write results (rather than only report what would change)?"""
        return not (self.check or self.diff)

    @property
    def page_fmt(self) -> str:
        return "text" if self.fmt == "text" else "template"


def check_key(known: Mapping[str, Any]):
    """A validator for configuration keys, given the CLI's click options by long flag (``out-dir``)."""
    def check(key: str, value: Any, path: Path) -> tuple[str, Any]:
        if key in ALIASES:
            if not isinstance(value, bool):
                raise ConfigError(f"{path}: {key} must be true or false")
            return key, value
        param = known.get(key)
        if param is None or param.name in NOT_KEYS:
            keys = sorted({k for k, p in known.items() if p.name not in NOT_KEYS} | set(ALIASES))
            raise ConfigError(f"{path}: unknown key {key!r} (known keys: {', '.join(keys)})")
        return param.name, _convert(param, key, value, path)

    return check


def _convert(param: Any, key: str, value: Any, path: Path) -> Any:
    import click

    if getattr(param, "is_flag", False) and not getattr(param, "multiple", False):
        if not isinstance(value, bool):
            raise ConfigError(f"{path}: {key} must be true or false")
        return value
    if key == "anonymize" and isinstance(value, bool):
        return ANON_DEFAULT if value else None
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in items):
        raise ConfigError(f"{path}: {key} has a value of the wrong type: {value!r}")
    try:
        if param.multiple:
            return tuple(param.type.convert(v, param, None) for v in items)
        joined = ",".join(str(v) for v in items) if isinstance(value, list) else value
        return param.type.convert(joined, param, None)
    except click.BadParameter as exc:
        raise ConfigError(f"{path}: {key}: {exc.message}") from None


def merge(params: Mapping[str, Any], explicit: set[str], config: Config) -> dict[str, Any]:
    """CLI values given on the command line, else the configuration's, else the CLI defaults."""
    out = dict(params)
    for key, value in config.values.items():
        name, negate = ALIASES.get(key, (key, False))
        if name in out and name not in explicit:
            out[name] = (not value) if negate else value
    return out


def _kinds(anonymize: str | None) -> frozenset[str]:
    if not anonymize:
        return frozenset()
    parts = [p.strip() for p in anonymize.split(",") if p.strip()]
    return frozenset(ENTITY_KINDS) if "all" in parts else frozenset(parts)


def _settings(values: dict[str, Any]) -> Settings:
    """Pull the pipeline's settings out of ``values`` (the keys used are removed)."""
    kw: dict[str, Any] = {}
    if values.pop("no_t2s", False):
        kw["t2s"] = False
    if values.pop("no_blanks", False):
        kw["blanks"] = False
    if "anonymize" in values:
        kw["anonymize"] = _kinds(values.pop("anonymize"))
    if "no_originals" in values:
        kw["keep_originals"] = not values.pop("no_originals")
    for name in ("select", "ignore"):
        if values.get(name):
            kw[name] = code_prefixes(values.pop(name))
        values.pop(name, None)
    names = {f.name for f in fields(Settings)}
    kw.update({k: values.pop(k) for k in list(values) if k in names and k not in kw})
    return Settings(**kw)


def build(values: Mapping[str, Any], config: Config, ignore_file: Path | None = None) -> Options:
    """The run's options from merged values (see :func:`merge`); raises ValueError on nonsense."""
    values = dict(values)
    settings = _settings(values)
    input_format = values.get("input_format", "text")
    globs = tuple(values.pop("glob", None) or ()) or GLOBS[input_format]
    excludes = Excludes.parse(tuple(values.pop("exclude", None) or ()), config.root)
    if ignore_file is not None:
        excludes = excludes + read_ignore_file(ignore_file)
    kw: dict[str, Any] = {"settings": settings, "globs": globs, "excludes": excludes, "config": config}
    if "no_cache" in values:
        kw["cache"] = not values.pop("no_cache")
    for name in ("rules",):
        if name in values:
            kw[name] = tuple(Path(p) for p in values.pop(name) or ())
    for name in ("out_dir", "mapping", "cache_dir"):
        if values.get(name) is not None:
            kw[name] = Path(values.pop(name))
        values.pop(name, None)
    own = {f.name for f in fields(Options)}
    kw.update({k: values.pop(k) for k in list(values) if k in own and k not in kw})
    kw["extra"] = {k: v for k, v in values.items() if k not in NOT_KEYS}
    return Options(**kw)


class Resolver:
    """Path → its :class:`Options` (the nearest configuration's), built once per configuration.

    ``params`` are a command's option values (with ``config`` and ``isolated``),
    ``explicit`` the names given on the command line, ``known`` the click options that
    configuration keys may name.  Raises :class:`ConfigError` for a bad file or value.
    """

    def __init__(self, params: Mapping[str, Any], explicit: set[str], known: Mapping[str, Any]) -> None:
        params = dict(params)
        self.given = params.pop("config", None)
        self.isolated = params.pop("isolated", False)
        self.params, self.explicit, self.known = params, explicit, known
        self._built: dict[tuple, Options] = {}
        self._by_dir: dict[str, Options] = {}

    def __call__(self, path: str) -> Options:
        """The options of a path argument (``-``: the working directory's)."""
        p = Path(path)
        return self.at(Path.cwd() if path == "-" else (p if p.is_dir() else p.parent))

    def at(self, directory: str | Path) -> Options:
        """The options of the files in ``directory`` ("" is the working directory)."""
        key = str(directory)
        found = self._by_dir.get(key)
        if found is None:
            found = self._by_dir[key] = self._build(Path(key or "."))
        return found

    def _build(self, start: Path) -> Options:
        from .config import find_config, find_ignore_file, load_config

        cfg_path = None if self.isolated else (self.given or find_config(start))
        ign = None if self.isolated else find_ignore_file(start)
        if (cfg_path, ign) not in self._built:
            cfg = load_config(cfg_path, check_key(self.known)) if cfg_path else Config()
            try:
                self._built[cfg_path, ign] = build(merge(self.params, self.explicit, cfg), cfg, ign)
            except ConfigError:
                raise
            except ValueError as exc:  # a value the settings refuse (an unknown entity kind …)
                raise ConfigError(f"{cfg_path}: {exc}" if cfg_path else str(exc)) from None
        return self._built[cfg_path, ign]
