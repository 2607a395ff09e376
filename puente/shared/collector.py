"""Pausing Python's cycle collector over work that allocates many objects and no cycles."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager


class _CollectorPauses:
    """Pauses of the process-wide cycle collector, counted: overlapping pauses from several
    threads leave it as it was before the first once the last ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open = 0
        self._was_enabled = False

    @contextmanager
    def paused(self) -> Iterator[None]:
        with self._lock:
            if self._open == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._open += 1
        try:
            yield
        finally:
            with self._lock:
                self._open -= 1
                if self._open == 0 and self._was_enabled:
                    gc.enable()


_pauses = _CollectorPauses()


def collector_paused() -> AbstractContextManager[None]:
    """Python's cycle collector off for a while, back as it was after.

    Normalising and clustering a million identity records build millions of small objects without
    cycles; the collector rescans them again and again as they pile up, as costly as the work.
    """
    return _pauses.paused()
