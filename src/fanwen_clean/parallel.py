"""Map the cleaning function over inputs, in input order (sequential first version)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .batch import Input, InputError, Outcome, clean_input


def map_ordered(items: Iterable[Input | InputError], book, settings, jobs: int = 0
                ) -> Iterator[Outcome | InputError]:
    """Clean each input; errors in walking pass through in their place."""
    for item in items:
        yield item if isinstance(item, InputError) else clean_input(item, book, settings)
