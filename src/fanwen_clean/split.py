"""Split a compilation page (…篇一, 篇二 / 第1篇 / 范文2) into one cleaned file per article."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from .compilation import article_starts
from .decode import decode
from .document import Document, Line
from .files import atomic_write
from .pipeline import run_pipeline
from .regex_guard import compile_rule
from .render import render
from .rules import RuleBook
from .settings import Settings
from .stages.boilerplate import is_prose

_UNSAFE = compile_rule(r'[\\/:*?"<>|\s\x00-\x1f]+')
TITLE_CHARS = 40


@dataclass(frozen=True)
class Article:
    """One article of a page: its 1-based index, title line and cleaned output."""

    index: int
    title: str
    text: str

    @property
    def filename(self) -> str:
        slug = _UNSAFE.sub("_", self.title).strip("_.")[:TITLE_CHARS] or "article"
        return f"{self.index:02d}-{slug}.txt"


def _trim(lines: list[Line]) -> list[Line]:
    while lines and not lines[0].text:
        lines = lines[1:]
    while lines and not lines[-1].text:
        lines = lines[:-1]
    return lines


def split_doc(doc: Document, fmt: str = "template") -> list[Article]:
    """Cut a cleaned document at its article titles; a page without them is one article.

    What comes before the first title is the page title (and site filler, already
    removed): it becomes article 0 only if it holds prose of its own.
    """
    lines = list(doc.lines)
    starts = article_starts([line.text for line in lines])
    if not starts:
        chunks = [_trim(lines)]
    else:
        head = _trim(lines[:starts[0]])
        chunks = [head] if any(is_prose(line.text) for line in head) else []
        bounds = [*starts, len(lines)]
        chunks += [_trim(lines[a:b]) for a, b in itertools.pairwise(bounds)]
    first = 0 if starts and len(chunks) > len(starts) else 1
    out = []
    for n, chunk in enumerate(c for c in chunks if c):
        sub = Document(lines=tuple(chunk), source=doc.source, encoding=doc.encoding)
        title = next((line.text for line in chunk if line.text), "")
        out.append(Article(n + first, title, render(sub).output(fmt)))
    return out


def split_page(data: bytes, source: str, book: RuleBook, settings: Settings,
               fmt: str = "template") -> list[Article]:
    """Decode and clean a page, then split it into articles."""
    text, encoding = decode(data, source)
    doc = run_pipeline(Document.from_text(text, source=source, encoding=encoding), book, settings)
    return split_doc(doc, fmt)


def write_articles(articles: list[Article], out_dir: Path) -> list[Path]:
    """Write each article atomically under ``out_dir``; return the paths written."""
    paths = []
    for a in articles:
        path = out_dir / a.filename
        atomic_write(path, a.text)
        paths.append(path)
    return paths
