"""Drive a ``clean`` or ``check`` run: inputs → options → (cache) → pipeline → one sink.

Every file gets the options of its nearest configuration (see :mod:`fanwen_clean.config`):
a path argument's configuration decides how its directory is walked (``glob``), then
each file found is looked up from its own directory, so a subdirectory with its own
``.fanwen-clean.toml`` is cleaned with it.  Consecutive files with the same options run
as one batch through the parallel map; every batch feeds the same sink, so counts, the
summary line and the exit code cover the whole run.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from functools import partial
from itertools import chain, groupby
from pathlib import Path

from .exits import EXIT_CHANGES, EXIT_OK, EXIT_UNREADABLE, Usage
from .files import InputError, iter_inputs, out_dir_problem
from .options import Options
from .progress import Progress, RunStats, wants_progress
from .report import Finding, entries, findings
from .resultcache import Cached
from .rules import RuleBook


def batches(paths: list[str], options_for: Callable[[str], Options]) -> list[tuple[Options, list[str]]]:
    """Consecutive path arguments that share options, with those options."""
    out: list[tuple[Options, list[str]]] = []
    for p in paths:
        opts = options_for(p)
        if out and out[-1][0] is opts:
            out[-1][1].append(p)
        else:
            out.append((opts, [p]))
    return out


def configured(paths: list[str], resolve) -> Iterator[tuple[Options, Iterator]]:
    """Runs of consecutive inputs with the same options, without the excluded inputs.

    ``resolve(path_argument)`` gives an argument's options; ``resolve.at(directory)``, when
    there, a file's own (its nearest configuration).  Excludes apply to files named one by
    one too: pre-commit names every file.
    """
    at = getattr(resolve, "at", None)

    def tagged() -> Iterator[tuple[Options, object]]:
        for opts, group in batches(paths, resolve):
            # an output folder inside an input folder is never read: a second run would clean its own output
            for inp in iter_inputs(group, opts.globs, opts.out_dir):
                if isinstance(inp, InputError) or inp.path is None:
                    yield opts, inp
                    continue
                own = at(os.path.dirname(inp.name)) if at is not None else opts
                if not own.excludes.excluded(inp.path):
                    yield own, inp

    # each run is consumed to its end before the next one starts (the sink drains it)
    for _, run in groupby(tagged(), key=lambda pair: id(pair[0])):
        opts, first = next(run)
        yield opts, chain((first,), (inp for _, inp in run))  # noqa: B031 - one pass, see above


class Resources:
    """Rule books and result caches of a run, one per set of options, saved at the end."""

    def __init__(self) -> None:
        self._books: dict[tuple, RuleBook] = {}
        self._caches: dict[tuple, object] = {}

    def book(self, opts: Options) -> RuleBook:
        from .rules import RuleError

        if opts.rules not in self._books:
            try:
                self._books[opts.rules] = RuleBook.with_user(list(opts.rules))
            except RuleError as exc:
                raise Usage(str(exc)) from None
        return self._books[opts.rules]

    def cache(self, opts: Options, mode: str):
        """The results cache for these options (None when it is off or unusable)."""
        if not opts.cache:
            return None
        from .resultcache import ResultCache, cache_dir, fingerprint

        directory, private = cache_dir(opts.cache_dir, opts.config.path)
        key = (directory, fingerprint(mode, opts.settings, self.book(opts)))
        if key not in self._caches:
            self._caches[key] = ResultCache.open(directory, private, key[1])
        return self._caches[key]

    def save(self) -> None:
        for cache in self._caches.values():
            if cache is not None:
                cache.save()


def progress(opts: Options, stats: RunStats, paths: list[str]) -> Progress:
    """A progress line on a terminal; its totals come from a quick second walk of the inputs."""
    if opts.quiet or not wants_progress():
        return Progress(False, stats)
    files = nbytes = 0
    for inp in iter_inputs(paths, opts.globs):
        if not isinstance(inp, InputError) and inp.path is not None:
            files += 1
            with contextlib.suppress(OSError):
                nbytes += inp.path.stat().st_size
    return Progress(True, stats, total_items=files if stats.unit == "files" else None, total_bytes=nbytes)


def outcomes(items: Iterator, opts: Options, book: RuleBook, cache, work=None) -> Iterator:
    """Outcomes in input order; cached results pass through the parallel map in their place."""
    from .parallel import map_ordered

    if cache is not None:
        items = (x if isinstance(x, InputError) else cache.lookup(x) for x in items)
    kw = {} if work is None else {"work": work}
    yield from map_ordered(items, book, opts.settings, opts.jobs, **kw)


def run_clean(paths: list[str], resolve) -> int:
    """``clean``: write, print, check or diff every input; return the exit code."""
    from .output import CleanSink

    for opts, _ in batches(paths, resolve):
        _validate(opts, paths)
    first = resolve(paths[0])
    several = len(paths) > 1 or any(Path(p).is_dir() for p in paths if p != "-")
    sink = CleanSink(first, several)
    sink.prog = progress(first, sink.stats, paths)
    res = Resources()
    try:
        for opts, items in configured(paths, resolve):
            _validate(opts, paths)
            sink.feed_all(_clean_outcomes(items, opts, res, sink), opts, _clean_cache(opts, res))
    finally:
        res.save()
    return sink.close()


def _clean_cache(opts: Options, res: Resources):
    if opts.input_format == "jsonl" or not (opts.in_place or opts.check):
        return None  # only runs that print nothing for an unchanged page can skip it
    return res.cache(opts, f"clean-{opts.page_fmt}")


def _clean_outcomes(items: Iterator, opts: Options, res: Resources, sink) -> Iterator:
    book = res.book(opts)
    if opts.input_format == "jsonl":
        from .jsonl import clean_record, crashed_record, iter_records
        from .parallel import map_ordered

        work = partial(clean_record, text_field=opts.text_field, fmt=opts.fmt, want_result=opts.diff)
        yield from map_ordered(iter_records(items), book, opts.settings, opts.jobs, work=work,
                               crash=crashed_record)
        return
    names = sink.corpus_names(opts)
    spec = sink.write_spec(opts)
    work = None
    if spec is not None and names is None:  # nothing to do here between cleaning and writing
        from .batch import clean_and_write

        work = partial(clean_and_write, spec=spec)
    yield from outcomes(items, opts, book, _clean_cache(opts, res), work)


def _validate(opts: Options, paths: list[str]) -> None:
    if opts.in_place and opts.out_dir:
        raise Usage("--in-place and --out-dir cannot be used together")
    if opts.in_place and opts.fmt in ("json", "jsonl") and opts.input_format == "text":
        raise Usage("--in-place writes pages; use --format template or text")
    if opts.in_place and "-" in paths:
        raise Usage("--in-place cannot rewrite stdin")
    problem = out_dir_problem(paths, opts.out_dir) if opts.out_dir is not None else None
    if problem:
        raise Usage(problem)
    if opts.mapping is not None and opts.settings.scope != "corpus":
        raise Usage("--mapping needs --scope corpus")
    if opts.input_format == "jsonl" and opts.settings.scope == "corpus" and opts.settings.anonymize:
        # records are serialized in the workers, before any relabelling
        raise Usage("--scope corpus does not work with --input-format jsonl yet")


def run_check(paths: list[str], resolve) -> int:
    """``check``: report findings; return the exit code."""
    import click

    from .report import Reporter, describer

    stats = RunStats()
    first = resolve(paths[0])
    prog = progress(first, stats, paths)
    res = Resources()
    reporter = Reporter(first.output_format, first.statistics, click.echo, describer(res.book(first)))
    try:
        for opts, items in configured(paths, resolve):
            cache = res.cache(opts, f"check-{opts.output_format in ('full', 'json')}")
            for out in outcomes(items, opts, res.book(opts), cache):
                _check_one(out, opts, cache, stats, prog, reporter)
    finally:
        res.save()
    reporter.close()
    prog.close()
    if not first.quiet and stats.items > 1:
        click.echo(f"fanwen-clean: {stats.summary('to clean')}", err=True)
    if stats.failed:
        return EXIT_UNREADABLE
    return EXIT_CHANGES if stats.changed else EXIT_OK


def _check_one(out, opts: Options, cache, stats: RunStats, prog: Progress, reporter) -> None:
    """Report the findings of one input (cleaned now or taken from the cache)."""
    if isinstance(out, InputError) or out.error:
        import click

        prog.clear()
        click.echo(f"fanwen-clean: {out if isinstance(out, InputError) else out.error}", err=True)
        stats.add(getattr(out, "nbytes", 0), failed=True)
        return
    if isinstance(out, Cached):
        found, changed = [(Finding(*e[:5]), e[5]) for e in out.findings], out.changed
    else:
        found = entries(findings(out.result), opts.output_format)
        changed = out.result.changed("template")
        if cache is not None:
            cache.store(out.input, changed, [[*f.as_list(), n] for f, n in found])
    stats.add(out.nbytes, changed=changed)
    if found and prog.enabled and sys.stdout.isatty():
        prog.clear()  # the findings go to the same terminal
    reporter.add(out.input.name, found)
    prog.update()
