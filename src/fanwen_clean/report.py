"""What ``check`` prints: findings grouped per rule, statistics, JSON and GitHub annotations.

Output formats (``--output-format``):

* ``concise`` (default): one line per rule and file, ``path:line:col: CODE N× description``
  at the rule's first finding (a rule with one finding shows the edit itself); the rules
  with the most findings come first.
* ``full``: one line per finding, ``path:line:col: CODE stage: 'before' → 'after'``.
* ``json``: one JSON array of every finding.
* ``github``: workflow commands (``::warning file=…,line=…,col=…,title=…::…``), grouped as
  ``concise``, so findings show as annotations on a pull request.

``--statistics`` prints only the count per code over the whole run (as ruff does).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

FORMATS = ("concise", "full", "json", "github")


class Finding(NamedTuple):
    """One thing ``check`` reports: an edit it would make, or a warning."""

    line: int
    col: int
    code: str
    message: str
    n: int = 1  # spots the edit changed on its line (three commas on one line: 3)

    def as_list(self) -> list:
        return list(self)


def _col(before: str, after: str) -> int:
    for i, (a, b) in enumerate(zip(before, after, strict=False)):
        if a != b:
            return i + 1
    return min(len(before), len(after)) + 1


def _short(s: str, n: int = 40) -> str:
    s = s.replace("\n", "⏎")
    return s if len(s) <= n else s[: n - 1] + "…"


def _spots(before: str, after: str) -> int:
    """How many separate places differ: one line's three comma fixes count three."""
    if len(before) == len(after):
        runs, inside = 0, False
        for a, b in zip(before, after, strict=True):
            if a != b and not inside:
                runs += 1
            inside = a != b
        return max(runs, 1)
    if not before or not after or len(before) + len(after) > 2000:
        return 1
    from difflib import SequenceMatcher

    ops = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    return max(1, sum(tag != "equal" for tag, *_ in ops))


def findings(result) -> list[Finding]:
    """Every edit and warning of one cleaned page, in line order."""
    out = [Finding(c["line"], _col(c["before"], c["after"]), c["rule"],
                   f"{c['stage']}: {_short(c['before'])!r} → {_short(c['after'])!r}",
                   _spots(c["before"], c["after"])) for c in result.changes]
    out += [Finding(w["line"], w.get("col", 1), w["rule"], w["message"]) for w in result.warnings]
    return sorted(out, key=lambda f: (f.line, f.col, f.code))


def entries(found: list[Finding], fmt: str) -> list[tuple[Finding, int]]:
    """What a format prints of one file: (finding, count) per code, most first; or every finding."""
    if fmt in ("full", "json"):
        return [(f, f.n) for f in found]
    return _groups(found)


def _groups(found: list[Finding]) -> list[tuple[Finding, int]]:
    """(first finding, count) per code, most findings first."""
    first: dict[str, Finding] = {}
    counts: Counter[str] = Counter()
    for f in found:
        first.setdefault(f.code, f)
        counts[f.code] += f.n
    return sorted(((first[c], n) for c, n in counts.items()), key=lambda g: (-g[1], g[0].line, g[0].code))


def _grouped_message(f: Finding, n: int, describe: Callable[[str], str]) -> str:
    if n == 1 or f.n == n:  # one edit (of one or more spots): show it
        return f.message if n == 1 else f"{n}× {f.message}"
    return f"{n}× {describe(f.code) or 'findings'} (first: {f.message})"


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return s.replace(":", "%3A").replace(",", "%2C") if prop else s


class Reporter:
    """Collects and prints the findings of a run in one of :data:`FORMATS`."""

    def __init__(self, fmt: str, statistics: bool, echo: Callable[[str], None],
                 describe: Callable[[str], str]) -> None:
        self.fmt, self.statistics, self.echo, self.describe = fmt, statistics, echo, describe
        self.counts: Counter[str] = Counter()
        self.json: list[dict] = []

    def add(self, name: str, found: list[tuple[Finding, int]]) -> None:
        """Report one file's :func:`entries` (made with this reporter's format)."""
        for f, n in found:
            self.counts[f.code] += n
        if self.statistics or not found:
            return
        if self.fmt == "json":
            self.json += [{"path": name, "line": f.line, "col": f.col, "code": f.code, "message": f.message,
                           "count": n} for f, n in found]
            return
        if self.fmt == "github":
            file = _gh_escape(name, True)
            lines = [f"::warning file={file},line={f.line},col={f.col},"
                     f"title={_gh_escape(f'fanwen-clean {f.code}', prop=True)}"
                     f"::{_gh_escape(f.code + ' ' + self._message(f, n))}" for f, n in found]
        else:
            lines = [f"{name}:{f.line}:{f.col}: {f.code} {self._message(f, n)}" for f, n in found]
        self.echo("\n".join(lines))

    def _message(self, f: Finding, n: int) -> str:
        return _grouped_message(f, n, self.describe)

    def close(self) -> None:
        if self.statistics:
            for code, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
                self.echo(f"{n:6d}\t{code}\t{self.describe(code)}")
        elif self.fmt == "json":
            from .jsonout import dumps

            self.echo(dumps(self.json))


def describer(book) -> Callable[[str], str]:
    """Code → its one-line description, read from the rule files on first use."""
    table: dict[str, str] = {}

    def describe(code: str) -> str:
        if not table:
            from .catalog import catalog

            for entry in catalog(book):
                table.setdefault(entry["code"], entry["description"])
        return table.get(code, "")

    return describe
