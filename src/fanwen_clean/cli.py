"""The ``fanwen-clean`` command: thin click wrappers around the library."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import click

from .batch import InputError, Outcome, atomic_write, clean_input, iter_inputs
from .rules import RuleBook, RuleError
from .settings import ENTITY_KINDS, Settings

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
_ANON_ALL = ",".join(ENTITY_KINDS)


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
                    out.append(f"--anonymize={_ANON_ALL}")
                continue
            out.append(a)
        return super().parse_args(ctx, out)


def _book(rules: tuple[str, ...]) -> RuleBook:
    try:
        return RuleBook.with_user([Path(r) for r in rules])
    except RuleError as exc:
        raise click.UsageError(str(exc)) from None


def _settings(no_t2s: bool, anonymize: str | None, operator: str, no_originals: bool,
              scope: str) -> Settings:
    kinds: frozenset[str] = frozenset()
    if anonymize:
        parts = anonymize.split(",")
        kinds = frozenset(ENTITY_KINDS) if "all" in parts else frozenset(parts)
    try:
        return Settings(t2s=False if no_t2s else None, anonymize=kinds, operator=operator,
                        keep_originals=not no_originals, scope=scope)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _paths_or_stdin(paths: tuple[str, ...]) -> list[str]:
    if paths:
        return list(paths)
    if sys.stdin.isatty():
        raise click.UsageError("no input: give files or directories, or pipe a page into stdin")
    return ["-"]


def _outcomes(paths: list[str], glob: str, book: RuleBook, settings: Settings, jobs: int):
    """Yield an Outcome per input, in input order."""
    from .parallel import map_ordered

    items = list(iter_inputs(paths, glob))
    yield from map_ordered(items, book, settings, jobs)


def _unified_diff(name: str, before: str, after: str) -> str:
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
              help=f"Turn real names into slots; KINDS is a comma list of {_ANON_ALL} (default all).")
@click.option("--operator", type=click.Choice(["replace", "mask", "keep"]), default="replace",
              show_default=True, help="What --anonymize does to a name: slot, 某某, or leave it.")
@click.option("--no-originals", is_flag=True, help="Leave original values out of the JSON report.")
@click.option("--scope", type=click.Choice(["page", "corpus"]), default="page", show_default=True,
              help="corpus: the same name gets the same slot in every file of the run.")
@click.option("--rules", "rules", multiple=True, type=click.Path(exists=True),
              help="Extra rule directory or TOML file (repeatable).")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes (default: all cores).")
@click.option("--glob", default="*.txt", show_default=True, help="Files to take from directories.")
@click.option("--no-t2s", is_flag=True, help="Do not convert Traditional to Simplified.")
def clean(paths: tuple[str, ...], fmt: str, in_place: bool, out_dir: Path | None, check: bool,
          diff: bool, anonymize: str | None, operator: str, no_originals: bool, scope: str,
          rules: tuple[str, ...], jobs: int, glob: str, no_t2s: bool) -> None:
    """Clean pages: files, directories or - (stdin)."""
    if in_place and out_dir:
        raise click.UsageError("--in-place and --out-dir cannot be used together")
    if in_place and fmt in ("json", "jsonl"):
        raise click.UsageError("--in-place writes pages; use --format template or text")
    book = _book(rules)
    settings = _settings(no_t2s, anonymize, operator, no_originals, scope)
    inputs = _paths_or_stdin(paths)
    if in_place and "-" in inputs:
        raise click.UsageError("--in-place cannot rewrite stdin")
    failed = changed = 0
    json_objs: list[dict] = []
    write = not (check or diff)
    for out in _outcomes(inputs, glob, book, settings, jobs):
        if isinstance(out, InputError):
            _error(str(out))
            failed += 1
            continue
        assert isinstance(out, Outcome)
        if out.error:
            _error(out.error)
            failed += 1
            continue
        res = out.result
        doc_fmt = "text" if fmt == "text" else "template"
        if res.changed(doc_fmt):
            changed += 1
        if diff:
            click.echo(_unified_diff(out.input.name, res.input_text, res.output(doc_fmt)), nl=False)
        if not write:
            if check and res.changed(doc_fmt) and not diff:
                click.echo(f"would clean {out.input.name}", err=True)
            continue
        if in_place or out_dir:
            target = out.input.path if in_place else out_dir / (out.input.rel or Path("stdin.txt"))
            if fmt in ("json", "jsonl") and not in_place:
                target = target.with_suffix(".json")
                payload = json.dumps(res.as_dict(settings.keep_originals), ensure_ascii=False, indent=1)
            else:
                payload = res.output(doc_fmt)
            if in_place and payload == res.input_text:
                continue
            try:
                atomic_write(target, payload)
            except OSError as exc:
                _error(f"{target}: cannot write: {exc.strerror or exc}")
                failed += 1
            continue
        if fmt == "json":
            json_objs.append(res.as_dict(settings.keep_originals))
        elif fmt == "jsonl":
            click.echo(json.dumps(res.as_dict(settings.keep_originals), ensure_ascii=False))
        else:
            click.echo(res.output(doc_fmt), nl=False)
    if fmt == "json" and write and not (in_place or out_dir):
        payload = json_objs[0] if len(json_objs) == 1 else json_objs
        if json_objs or not failed:
            click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
    if failed:
        sys.exit(EXIT_UNREADABLE)
    if (check or diff) and changed:
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
def check(paths: tuple[str, ...], rules: tuple[str, ...], jobs: int, glob: str, no_t2s: bool) -> None:
    """Lint pages: print path:line:col: CODE message; exit 1 if anything needs fixing."""
    book = _book(rules)
    settings = _settings(no_t2s, None, "replace", False, "page")
    failed = dirty = 0
    for out in _outcomes(_paths_or_stdin(paths), glob, book, settings, jobs):
        if isinstance(out, InputError) or out.error:
            _error(str(out) if isinstance(out, InputError) else out.error)
            failed += 1
            continue
        res = out.result
        findings = [(c["line"], _col(c["before"], c["after"]), c["rule"],
                     f"{c['stage']}: {_short(c['before'])!r} → {_short(c['after'])!r}") for c in res.changes]
        findings += [(w["line"], w.get("col", 1), w["rule"], w["message"]) for w in res.warnings]
        for line, col, rule, msg in sorted(findings):
            click.echo(f"{out.input.name}:{line}:{col}: {rule} {msg}")
        if res.changed("template"):
            dirty += 1
    if failed:
        sys.exit(EXIT_UNREADABLE)
    if dirty:
        sys.exit(EXIT_CHANGES)


def _load_values(path: Path) -> dict:
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
    from .fill import slot_names
    from .render import SLOT_RE

    text = template.read_text("utf-8")
    counts = {n: 0 for n in slot_names(text)}
    for m in SLOT_RE.finditer(text):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if as_json:
        click.echo(json.dumps([{"name": n, "count": c} for n, c in counts.items()], ensure_ascii=False))
    else:
        for n, c in counts.items():
            click.echo(f"{n}\t{c}")


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
