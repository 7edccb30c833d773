"""The ``fanwen-clean`` command: click declarations that hand over to the library.

Each command parses its options, builds the run's :class:`~fanwen_clean.options.Options`
(CLI flags over the nearest configuration file, in :mod:`fanwen_clean.options`) and calls
:mod:`fanwen_clean.runner`.  A new option is one line in one of the option lists below.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
from click.core import ParameterSource

from .exits import EXIT_OUTPUT, EXIT_UNREADABLE, EXIT_USAGE, SafeGroup, Usage
from .files import InputError, atomic_write, iter_inputs
from .options import ANON_DEFAULT
from .rules import RuleBook, RuleError
from .settings import ENTITY_KINDS, Settings

_ANON_ALL = ",".join(ENTITY_KINDS)


def _error(msg: str) -> None:
    click.echo(f"fanwen-clean: {msg}", err=True)


class _CleanCommand(click.Command):
    """``--anonymize`` takes an optional list; a bare flag means the default entity kinds."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        out: list[str] = []
        for i, a in enumerate(args):
            if a == "--anonymize":
                nxt = args[i + 1] if i + 1 < len(args) else ""
                kinds = nxt.split(",")
                if nxt and all(k in (*ENTITY_KINDS, "all") for k in kinds):
                    out.append("--anonymize")
                else:
                    out.append(f"--anonymize={ANON_DEFAULT}")
                continue
            out.append(a)
        return super().parse_args(ctx, out)


def _apply(options: list[Callable]) -> Callable:
    def deco(f: Callable) -> Callable:
        for opt in reversed(options):
            f = opt(f)
        return f

    return deco


_RULES = click.option("--rules", "rules", multiple=True, type=click.Path(exists=True),
                      help="Extra rule directory or TOML file (repeatable).")
_NO_T2S = click.option("--no-t2s", is_flag=True, help="Do not convert Traditional to Simplified.")

# options of every linting run (clean and check); each is also a configuration key
RUN_OPTIONS = [
    _RULES,
    click.option("--jobs", "-j", type=int, default=0, help="Worker processes (default: all cores)."),
    click.option("--glob", multiple=True,
                 help="Files to take from directories (repeatable) "
                      "[default: *.txt; *.jsonl, *.jsonl.gz for jsonl]."),
    click.option("--exclude", multiple=True, metavar="GLOB",
                 help="Leave out matching paths, gitignore-style (repeatable; also .fanwen-cleanignore)."),
    _NO_T2S,
    click.option("--fix-suggestions", is_flag=True,
                 help="Also apply the suggested typo corrections (FW940)."),
    click.option("--no-blanks", is_flag=True,
                 help="No slots for values left out without a marker (缺席 名, 年 月 日)."),
    click.option("--select", default=None, metavar="CODES",
                 help="Only rules with these code prefixes edit or report (FW2,FW5)."),
    click.option("--ignore", default=None, metavar="CODES",
                 help="Rules with these code prefixes do nothing (FW403,FW9)."),
    click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 help="Use this configuration file for every input (no search)."),
    click.option("--isolated", is_flag=True, help="Ignore every configuration and ignore file."),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache."),
    click.option("--cache-dir", type=click.Path(file_okay=False), help="Where the results cache lives."),
    click.option("--quiet", "-q", is_flag=True, help="No progress line and no summary line on stderr."),
]

CLEAN_OPTIONS = [
    click.option("--format", "fmt", type=click.Choice(["template", "text", "json", "jsonl"]),
                 default="template", show_default=True, help="What to print or write."),
    click.option("--in-place", is_flag=True, help="Rewrite each file (atomically)."),
    click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
                 help="Write results under DIR, mirroring the input tree."),
    click.option("--check", is_flag=True, help="Write nothing; exit 1 if anything would change."),
    click.option("--diff", is_flag=True, help="Print a unified diff of what would change; write nothing."),
    click.option("--anonymize", default=None, metavar="[KINDS]",
                 help=f"Turn real names into slots; KINDS is a comma list of {_ANON_ALL} "
                      f"(default {ANON_DEFAULT})."),
    click.option("--operator", type=click.Choice(["replace", "mask", "keep"]), default="replace",
                 show_default=True, help="What --anonymize does to a name: slot, 某某, or leave it."),
    click.option("--anonymize-level", type=click.Choice(["balanced", "strict"]), default="balanced",
                 show_default=True, help="strict: slot every name candidate (for sharing)."),
    click.option("--no-originals", is_flag=True, help="Leave original values out of the JSON report."),
    click.option("--scope", type=click.Choice(["page", "corpus"]), default="page", show_default=True,
                 help="corpus: the same name gets the same slot in every file of the run."),
    click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path),
                 help="With --scope corpus: read and update this name → slot file (it holds real names)."),
    click.option("--input-format", type=click.Choice(["text", "jsonl"]), default="text", show_default=True,
                 help="jsonl: every line is a JSON record holding a page in --text-field; writes JSONL."),
    click.option("--text-field", default="text", show_default=True,
                 help="The record field that holds the page (--input-format jsonl)."),
    click.option("--allow-lossy", is_flag=True,
                 help="--in-place: also rewrite pages whose decoding replaced bad bytes (FW107)."),
    *RUN_OPTIONS,
]

CHECK_OPTIONS = [
    click.option("--output-format", type=click.Choice(["concise", "full", "json", "github"]),
                 default="concise", show_default=True,
                 help="concise: one line per rule and file; full: one per finding; github: annotations."),
    click.option("--statistics", is_flag=True, help="Print only the number of findings per rule code."),
    *RUN_OPTIONS,
]


def _known_params() -> dict[str, click.Parameter]:
    """The options of clean and check by long flag (``out-dir``): the keys a configuration may use."""
    return {max(p.opts, key=len).lstrip("-"): p for cmd in (clean, check) for p in cmd.params
            if isinstance(p, click.Option)}


def _options_for(ctx: click.Context):
    """path argument → its Options: this command's flags over the nearest configuration."""
    from .options import Resolver

    params = {k: v for k, v in ctx.params.items() if k != "paths"}
    explicit = {n for n in params
                if ctx.get_parameter_source(n) in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)}
    return Resolver(params, explicit, _known_params())


def _run(ctx: click.Context, run, paths: tuple[str, ...]) -> None:
    from .config import ConfigError

    try:
        code = run(_paths_or_stdin(paths), _options_for(ctx))
    except (Usage, ConfigError) as exc:
        raise click.UsageError(str(exc)) from None
    sys.exit(code)


def _book(rules: tuple[str, ...]) -> RuleBook:
    try:
        return RuleBook.with_user([Path(r) for r in rules])
    except RuleError as exc:
        raise click.UsageError(str(exc)) from None


def _paths_or_stdin(paths: tuple[str, ...]) -> list[str]:
    if paths:
        return list(paths)
    if sys.stdin.isatty():
        raise click.UsageError("no input: give files or directories, or pipe a page into stdin")
    return ["-"]


@click.group(cls=SafeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fanwen-clean")
def main() -> None:
    """Turn scraped Chinese 范文 pages into clean, parameterized templates."""


@main.command(cls=_CleanCommand)
@click.argument("paths", nargs=-1)
@_apply(CLEAN_OPTIONS)
@click.pass_context
def clean(ctx: click.Context, paths: tuple[str, ...], **_: object) -> None:
    """Clean pages: files, directories or - (stdin).

    Many inputs are cleaned on all cores (--jobs) with results in input order; a
    summary line goes to stderr, and a progress line too when stderr is a terminal.
    Options may also come from .fanwen-clean.toml or [tool.fanwen-clean] in pyproject.toml.
    """
    from .runner import run_clean

    _run(ctx, run_clean, paths)


@main.command()
@click.argument("paths", nargs=-1)
@_apply(CHECK_OPTIONS)
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], **_: object) -> None:
    """Lint pages: print path:line:col: CODE message; exit 1 if anything needs fixing."""
    from .runner import run_check

    _run(ctx, run_check, paths)


def _load_values(path: Path) -> object:
    from .values import ValuesError, load_values

    try:
        return load_values(path)
    except ValuesError as exc:
        raise click.UsageError(str(exc)) from None


@main.command()
@click.argument("template", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--values", "values_path", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSON/TOML {slot: value} mapping, or the JSON report of `clean`.")
def fill(template: Path, values_path: Path) -> None:
    """Render TEMPLATE with values; with a clean report, restore the page exactly."""
    from .fill import FillError
    from .fill import fill as do_fill

    values = _load_values(values_path)
    if isinstance(values, list) and len(values) == 1:
        values = values[0]
    if not isinstance(values, dict):
        raise click.UsageError(f"{values_path}: expected a mapping or a clean report")
    try:
        click.echo(do_fill(template.read_text("utf-8"), values), nl=False)
    except FillError as exc:
        _error(f"{template}: {exc}")
        sys.exit(EXIT_USAGE)


@main.command()
@click.argument("template", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list with counts.")
def slots(template: Path, as_json: bool) -> None:
    """List the slots a template uses, with how often each occurs."""
    from .fill import FillError, slot_names
    from .render import SLOT_RE

    text = template.read_text("utf-8")
    try:
        counts = {n: 0 for n in slot_names(text)}
    except FillError as exc:
        _error(f"{template}: {exc}")
        sys.exit(EXIT_USAGE)
    for m in SLOT_RE.finditer(text):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if as_json:
        import json

        click.echo(json.dumps([{"name": n, "count": c} for n, c in counts.items()], ensure_ascii=False))
    else:
        for n, c in counts.items():
            click.echo(f"{n}\t{c}")


@main.command("split")
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out-dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the article files (NN-title.txt).")
@click.option("--format", "fmt", type=click.Choice(["template", "text"]), default="template",
              show_default=True, help="Write templates or plain cleaned text.")
@_RULES
@_NO_T2S
def split(page: Path, out_dir: Path, fmt: str, rules: tuple[str, ...], no_t2s: bool) -> None:
    """Clean a compilation PAGE and write one file per article (篇一, 第2篇, 范文3 …)."""
    from .decode import DecodeError
    from .files import Input
    from .split import split_page, write_articles

    book = _book(rules)
    settings = Settings(t2s=False if no_t2s else None)
    try:
        articles = split_page(Input(str(page), page).read(), str(page), book, settings, fmt)
    except OSError as exc:
        _error(f"{page}: cannot read: {exc.strerror or exc}")
        sys.exit(EXIT_UNREADABLE)
    except DecodeError as exc:
        _error(str(exc))
        sys.exit(EXIT_UNREADABLE)
    try:
        paths = write_articles(articles, out_dir)
    except OSError as exc:
        _error(f"{getattr(exc, 'filename', None) or out_dir}: cannot write: {exc.strerror or exc}")
        sys.exit(EXIT_OUTPUT)
    for p in paths:
        click.echo(str(p))


@main.command("learn")
@click.argument("corpus", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="TOML file for the proposed [[boilerplate]] rules.")
@click.option("--min-pages", type=click.IntRange(min=2), default=3, show_default=True,
              help="A line must recur on at least this many pages …")
@click.option("--min-share", type=click.FloatRange(0, 1), default=0.02, show_default=True,
              help="… and on at least this share of the pages.")
@click.option("--glob", default="*.txt", show_default=True, help="Files to take from directories.")
@click.option("--rules", "rules", multiple=True, type=click.Path(exists=True),
              help="Extra rule directory or TOML file (repeatable).")
def learn_cmd(corpus: tuple[str, ...], output: Path, min_pages: int, min_share: float, glob: str,
              rules: tuple[str, ...]) -> None:
    """Find lines that recur across CORPUS pages and write them as reviewable boilerplate rules."""
    from .learn import learn

    book = _book(rules)
    failed = 0

    def pages():
        nonlocal failed
        for inp in iter_inputs(list(corpus), glob):
            if isinstance(inp, InputError):
                _error(str(inp))
                failed += 1
                continue
            try:
                yield inp.name, inp.read()
            except OSError as exc:
                _error(f"{inp.name}: cannot read: {exc.strerror or exc}")
                failed += 1

    result = learn(pages(), book, min_pages=min_pages, min_share=min_share)
    for name in result.unreadable:
        _error(f"{name}: cannot decode")
    atomic_write(output, result.to_toml())
    n = len(result.rules)
    click.echo(f"learned {n} rule{'' if n == 1 else 's'} from {result.pages} "
               f"page{'' if result.pages == 1 else 's'} -> {output}", err=True)
    if failed or result.unreadable:
        sys.exit(EXIT_UNREADABLE)


@main.command("rules")
@click.option("--rules", "rules", multiple=True, type=click.Path(exists=True),
              help="Extra rule directory or TOML file (repeatable).")
def rules_cmd(rules: tuple[str, ...]) -> None:
    """List the rules with their codes, descriptions and examples, and where they came from."""
    from .catalog import catalog

    book = _book(rules)
    click.echo("rules loaded from:")
    for p in book.paths:
        click.echo(f"  {p}")
    by_file: dict[str, list[dict]] = {}
    for entry in catalog(book):
        by_file.setdefault(entry["source"], []).append(entry)
    for source, entries in sorted(by_file.items()):
        click.echo(f"\n{source}:")
        for entry in entries:
            click.echo(f"  {entry['code']}  {entry['description']}")
            for ex in entry.get("examples", [])[:2]:
                click.echo(f"      e.g. {ex}")


if __name__ == "__main__":
    main()
