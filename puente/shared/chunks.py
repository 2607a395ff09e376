"""Work split into pieces of a bounded size: rows per statement, ids per ``IN`` list."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in order, ``size`` at a time (the last piece may be shorter); lazily, so a
    generator of rows is never held whole."""
    iterator = iter(items)
    while piece := list(islice(iterator, size)):
        yield piece
