"""The ``fanwen-clean`` command: thin click wrappers around the library."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from .batch import InputError, Outcome, WriteSpec, atomic_write, clean_and_write, iter_inputs
from .progress import Progress, RunStats, wants_progress
from .rules import RuleBook, RuleError
from .settings import ENTITY_KINDS, Settings

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
_ANON_ALL = ",".join(ENTITY_KINDS)
_ANON_DEFAULT = "people,places,orgs"  # dates only when asked for: a year is often not private


def _error(msg: str) -> None:
    click.echo(f"fanwen-clean: {msg}", err=True)


class _CleanCommand(click.Command):
    """``--anonymize`` takes an optional list; a bare flag means every entity kind."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        out: list[str] = []
        for i, a in enumerate(args):
            if a == "--anonymize":
                nxt = args[i + 1] if i + 1 < len(args) else ""
                kinds = nxt.split(",")
                if nxt and all(k in (*ENTITY_KINDS, "all") for k in kinds):
                    out.append("--anonymize")
                else:
                    out.append(f"--anonymize={_ANON_DEFAULT}")
                continue
            out.append(a)
        return super().parse_args(ctx, out)


def _book(rules: tuple[str, ...]) -> RuleBook:
    try:
        return RuleBook.with_user([Path(r) for r in rules])
    except RuleError as exc:
        raise click.UsageError(str(exc)) from None


def _settings(no_t2s: bool, anonymize: str | None, operator: str, no_originals: bool,
              scope: str, anonymize_level: str = "balanced") -> Settings:
    kinds: frozenset[str] = frozenset()
    if anonymize:
        parts = anonymize.split(",")
        kinds = frozenset(ENTITY_KINDS) if "all" in parts else frozenset(parts)
    try:
        return Settings(t2s=False if no_t2s else None, anonymize=kinds, operator=operator,
                        keep_originals=not no_originals, scope=scope, anonymize_level=anonymize_level)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _corpus_names(settings: Settings, mapping: Path | None):
    """The registry of ``--scope corpus`` (None for page scope or when nothing is slotted)."""
    if mapping is not None and settings.scope != "corpus":
        raise click.UsageError("--mapping needs --scope corpus")
    if settings.scope != "corpus" or not settings.anonymize or settings.operator != "replace":
        return None
    from .corpus_names import CorpusNames, MappingError

    try:
        return CorpusNames(mapping)
    except MappingError as exc:
        raise click.UsageError(str(exc)) from None


def _paths_or_stdin(paths: tuple[str, ...]) -> list[str]:
    if paths:
        return list(paths)
    if sys.stdin.isatty():
        raise click.UsageError("no input: give files or directories, or pipe a page into stdin")
    return ["-"]


def _outcomes(paths: list[str], glob: str | tuple[str, ...], book: RuleBook, settings: Settings, jobs: int,
              work=None):
    """Yield an Outcome per input, in input order; inputs are walked lazily (flat memory)."""
    from .parallel import map_ordered

    if work is None:
        yield from map_ordered(iter_inputs(paths, glob), book, settings, jobs)
    else:
        yield from map_ordered(iter_inputs(paths, glob), book, settings, jobs, work=work)


_GLOBS = {"text": ("*.txt",), "jsonl": ("*.jsonl", "*.jsonl.gz")}


def _globs(glob: str | None, input_format: str) -> tuple[str, ...]:
    return (glob,) if glob else _GLOBS[input_format]


def _progress(quiet: bool, stats: RunStats, paths: list[str], globs: tuple[str, ...]) -> Progress:
    """A progress line on a terminal; its totals come from a quick second walk of the inputs."""
    if quiet or not wants_progress():
        return Progress(False, stats)
    files = nbytes = 0
    for inp in iter_inputs(paths, globs):
        if not isinstance(inp, InputError) and inp.path is not None:
            files += 1
            with contextlib.suppress(OSError):
                nbytes += inp.path.stat().st_size
    return Progress(True, stats, total_items=files if stats.unit == "files" else None, total_bytes=nbytes)


def _finish(prog: Progress, stats: RunStats, quiet: bool, changed_word: str) -> None:
    """Wipe the progress line; summarise a batch run (not a single page, so pipes stay tidy)."""
    prog.close()
    if not quiet and stats.items > 1:
        click.echo(f"fanwen-clean: {stats.summary(changed_word)}", err=True)


def _clean_jsonl(inputs: list[str], globs: tuple[str, ...], book: RuleBook, settings: Settings, jobs: int,
                 fmt: str, text_field: str, in_place: bool, out_dir: Path | None, check: bool, diff: bool,
                 quiet: bool) -> int:
    """``clean --input-format jsonl``: stream records through the pipeline; return the exit code."""
    from functools import partial

    from .batch import StreamWriter
    from .jsonl import FileError, FileStart, clean_record, crashed_record, iter_records
    from .parallel import map_ordered

    write = not (check or diff)
    stats = RunStats(unit="records")
    prog = _progress(quiet, stats, inputs, globs)
    work = partial(clean_record, text_field=text_field, fmt=fmt, want_result=diff)
    sys.stdout.flush()
    stdout = sys.stdout.buffer
    writer: StreamWriter | None = None
    records = iter_records(iter_inputs(inputs, globs))
    try:
        for out in map_ordered(records, book, settings, jobs, work=work, crash=crashed_record):
            if isinstance(out, FileStart):
                if writer:
                    writer.commit()
                    writer = None
                if write and (in_place or out_dir):
                    src = out.source
                    target = src.path if in_place else out_dir / (src.rel or Path("stdin.jsonl"))
                    writer = StreamWriter(target)
                continue
            if isinstance(out, InputError):
                prog.clear()
                _error(str(out))
                stats.failed += 1
                if isinstance(out, FileError) and writer:  # the file being written broke off
                    writer.abort()  # never leave a shard half-written
                    writer = None
                continue
            stats.add(out.nbytes, changed=out.changed, failed=bool(out.error))
            if out.error:
                prog.clear()
                _error(out.error)
            elif diff and out.result is not None:
                res = out.result
                doc_fmt = "text" if fmt == "text" else "template"
                click.echo(_unified_diff(out.name, res.input_text, res.output(doc_fmt)), nl=False)
            elif check and out.changed:
                prog.clear()
                click.echo(f"would clean {out.name}", err=True)
            if write:
                (writer or stdout).write(out.line)
            prog.update()
        if writer:
            writer.commit()
            writer = None
    finally:
        if writer:
            writer.abort()
    _finish(prog, stats, quiet, "would change" if not write else "changed")
    if stats.failed:
        return EXIT_UNREADABLE
    return EXIT_CHANGES if (check or diff) and stats.changed else EXIT_OK


def _unified_diff(name: str, before: str, after: str) -> str:
    import difflib  # here, not at the top: start-up time

    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                        fromfile=f"a/{name}", tofile=f"b/{name}"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fanwen-clean")
def main() -> None:
    """Turn scraped Chinese 范文 pages into clean, parameterized templates."""


@main.command(cls=_CleanCommand)
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["template", "text", "json", "jsonl"]),
              default="template", show_default=True, help="What to print or write.")
@click.option("--in-place", is_flag=True, help="Rewrite each file (atomically).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write results under DIR, mirroring the input tree.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if anything would change.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what would change; write nothing.")
@click.option("--anonymize", default=None, metavar="[KINDS]",
              help=f"Turn real names into slots; KINDS is a comma list of {_ANON_ALL} "
                   f"(default {_ANON_DEFAULT}).")
@click.option("--operator", type=click.Choice(["replace", "mask", "keep"]), default="replace",
              show_default=True, help="What --anonymize does to a name: slot, 某某, or leave it.")
@click.option("--anonymize-level", type=click.Choice(["balanced", "strict"]), default="balanced",
              show_default=True, help="strict: slot every name candidate (for sharing).")
@click.option("--no-originals", is_flag=True, help="Leave original values out of the JSON report.")
@click.option("--scope", type=click.Choice(["page", "corpus"]), default="page", show_default=True,
              help="corpus: the same name gets the same slot in every file of the run.")
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path),
              help="With --scope corpus: read and update this name → slot file (it holds real names).")
@click.option("--rules", "rules", multiple=True, type=click.Path(exists=True),
              help="Extra rule directory or TOML file (repeatable).")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes (default: all cores).")
@click.option("--glob", default=None,
              help="Files to take from directories [default: *.txt; *.jsonl and *.jsonl.gz for jsonl].")
@click.option("--no-t2s", is_flag=True, help="Do not convert Traditional to Simplified.")
@click.option("--input-format", type=click.Choice(["text", "jsonl"]), default="text", show_default=True,
              help="jsonl: every line is a JSON record holding a page in --text-field; writes JSONL.")
@click.option("--text-field", default="text", show_default=True,
              help="The record field that holds the page (--input-format jsonl).")
@click.option("--quiet", "-q", is_flag=True, help="No progress line and no summary line on stderr.")
def clean(paths: tuple[str, ...], fmt: str, in_place: bool, out_dir: Path | None, check: bool,
          diff: bool, anonymize: str | None, operator: str, no_originals: bool, scope: str,
          rules: tuple[str, ...], jobs: int, glob: str | None, no_t2s: bool, input_format: str,
          text_field: str, quiet: bool, mapping: Path | None = None,
          anonymize_level: str = "balanced") -> None:
    """Clean pages: files, directories or - (stdin).

    Many inputs are cleaned on all cores (--jobs) with results in input order; a
    summary line goes to stderr, and a progress line too when stderr is a terminal.
    """
    if in_place and out_dir:
        raise click.UsageError("--in-place and --out-dir cannot be used together")
    if in_place and fmt in ("json", "jsonl"):
        raise click.UsageError("--in-place writes pages; use --format template or text")
    book = _book(rules)
    settings = _settings(no_t2s, anonymize, operator, no_originals, scope, anonymize_level)
    corpus_names = _corpus_names(settings, mapping)
    inputs = _paths_or_stdin(paths)
    if in_place and "-" in inputs:
        raise click.UsageError("--in-place cannot rewrite stdin")
    globs = _globs(glob, input_format)
    if input_format == "jsonl":
        if corpus_names is not None:  # records are serialized in the workers, before any relabelling
            raise click.UsageError("--scope corpus does not work with --input-format jsonl yet")
        sys.exit(_clean_jsonl(inputs, globs, book, settings, jobs, fmt, text_field, in_place, out_dir,
                              check, diff, quiet))
    json_objs: list[dict] = []
    write = not (check or diff)
    several = len(inputs) > 1 or any(Path(p).is_dir() for p in inputs if p != "-")
    stats = RunStats()
    prog = _progress(quiet, stats, inputs, globs)
    tty_out = sys.stdout.isatty()
    spec = None
    if write and (in_place or out_dir):
        spec = WriteSpec(fmt, in_place, out_dir, settings.keep_originals)
    work = None
    if spec is not None and corpus_names is None:  # nothing to do here between cleaning and writing
        from functools import partial

        work = partial(clean_and_write, spec=spec)
    for out in _outcomes(inputs, globs, book, settings, jobs, work):
        if isinstance(out, InputError) or out.error:
            prog.clear()
            _error(str(out) if isinstance(out, InputError) else out.error)
            stats.add(getattr(out, "nbytes", 0), failed=True)
            continue
        assert isinstance(out, Outcome)
        if out.result is None:  # cleaned and written by the worker
            stats.add(out.nbytes, changed=bool(out.changed))
            if out.write_error:
                prog.clear()
                _error(out.write_error)
                stats.failed += 1
            prog.update()
            continue
        res = out.result if corpus_names is None else corpus_names.relabel(out.result)
        doc_fmt = "text" if fmt == "text" else "template"
        stats.add(out.nbytes, changed=res.changed(doc_fmt))
        prog.update()
        if tty_out and (diff or (write and not (in_place or out_dir))):
            prog.clear()  # this page's output goes to the same terminal
        if diff:
            click.echo(_unified_diff(out.input.name, res.input_text, res.output(doc_fmt)), nl=False)
        if not write:
            if check and res.changed(doc_fmt) and not diff:
                prog.clear()
                click.echo(f"would clean {out.input.name}", err=True)
            continue
        if spec is not None:
            problem = spec.write(out.input, res)
            if problem:
                prog.clear()
                _error(problem)
                stats.failed += 1
            continue
        if fmt == "json":
            json_objs.append(res.as_dict(settings.keep_originals))
        elif fmt == "jsonl":
            import json  # here, not at the top: start-up time

            click.echo(json.dumps(res.as_dict(settings.keep_originals), ensure_ascii=False))
        else:
            if several:  # like head(1): say which page follows when more than one is printed
                click.echo(f"==> {out.input.name} <==")
            click.echo(res.output(doc_fmt), nl=False)
    _finish(prog, stats, quiet, "changed" if write else "would change")
    if corpus_names is not None and write:
        corpus_names.save()
    if fmt == "json" and write and not (in_place or out_dir):
        payload = json_objs[0] if len(json_objs) == 1 else json_objs
        if json_objs or not stats.failed:
            import json

            click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
    if stats.failed:
        sys.exit(EXIT_UNREADABLE)
    if (check or diff) and stats.changed:
        sys.exit(EXIT_CHANGES)


def _col(before: str, after: str) -> int:
    for i, (a, b) in enumerate(zip(before, after, strict=False)):
        if a != b:
            return i + 1
    return min(len(before), len(after)) + 1


def _short(s: str, n: int = 40) -> str:
    s = s.replace("\n", "⏎")
    return s if len(s) <= n else s[: n - 1] + "…"


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--rules", "rules", multiple=True, type=click.Path(exists=True),
              help="Extra rule directory or TOML file (repeatable).")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes (default: all cores).")
@click.option("--glob", default="*.txt", show_default=True, help="Files to take from directories.")
@click.option("--no-t2s", is_flag=True, help="Do not convert Traditional to Simplified.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line and no summary line on stderr.")
def check(paths: tuple[str, ...], rules: tuple[str, ...], jobs: int, glob: str, no_t2s: bool,
          quiet: bool) -> None:
    """Lint pages: print path:line:col: CODE message; exit 1 if anything needs fixing."""
    book = _book(rules)
    settings = _settings(no_t2s, None, "replace", False, "page")
    inputs = _paths_or_stdin(paths)
    stats = RunStats()
    prog = _progress(quiet, stats, inputs, (glob,))
    tty_out = sys.stdout.isatty()
    for out in _outcomes(inputs, glob, book, settings, jobs):
        if isinstance(out, InputError) or out.error:
            prog.clear()
            _error(str(out) if isinstance(out, InputError) else out.error)
            stats.add(getattr(out, "nbytes", 0), failed=True)
            continue
        res = out.result
        stats.add(out.nbytes, changed=res.changed("template"))
        findings = [(c["line"], _col(c["before"], c["after"]), c["rule"],
                     f"{c['stage']}: {_short(c['before'])!r} → {_short(c['after'])!r}") for c in res.changes]
        findings += [(w["line"], w.get("col", 1), w["rule"], w["message"]) for w in res.warnings]
        if findings and tty_out:
            prog.clear()  # the findings go to the same terminal
        for line, col, rule, msg in sorted(findings):
            click.echo(f"{out.input.name}:{line}:{col}: {rule} {msg}")
        prog.update()
    _finish(prog, stats, quiet, "to clean")
    if stats.failed:
        sys.exit(EXIT_UNREADABLE)
    if stats.changed:
        sys.exit(EXIT_CHANGES)


def _load_values(path: Path) -> dict:
    import json
    import tomllib

    try:
        raw = path.read_bytes()
        if path.suffix == ".toml":
            return tomllib.loads(raw.decode("utf-8"))
        return json.loads(raw.decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise click.UsageError(f"{path}: cannot read values: {exc}") from None


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
@click.option("--rules", "rules", multiple=True, type=click.Path(exists=True),
              help="Extra rule directory or TOML file (repeatable).")
@click.option("--no-t2s", is_flag=True, help="Do not convert Traditional to Simplified.")
def split(page: Path, out_dir: Path, fmt: str, rules: tuple[str, ...], no_t2s: bool) -> None:
    """Clean a compilation PAGE and write one file per article (篇一, 第2篇, 范文3 …)."""
    from .decode import DecodeError
    from .split import split_page, write_articles

    book = _book(rules)
    settings = _settings(no_t2s, None, "replace", False, "page")
    try:
        articles = split_page(page.read_bytes(), str(page), book, settings, fmt)
        paths = write_articles(articles, out_dir)
    except (DecodeError, OSError) as exc:
        _error(str(exc))
        sys.exit(EXIT_UNREADABLE)
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
    click.echo(f"learned {len(result.rules)} rules from {result.pages} pages -> {output}", err=True)
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
    for entry in catalog(book):
        click.echo(f"{entry['code']}  {entry['description']}  [{entry['source']}]")
        for ex in entry.get("examples", [])[:2]:
            click.echo(f"    e.g. {ex}")


if __name__ == "__main__":
    main()
