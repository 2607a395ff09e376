"""A caseworker's deadline queue: open deadlines, overdue first, then by how soon they fall due."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from puente.cases.domain.deadlines import Deadline


class DeadlineQueue:
    """Deadlines indexed by caseworker and due instant, so a query is two binary searches."""

    def __init__(self, assigned: Iterable[tuple[str, Deadline]]) -> None:
        grouped: dict[str, list[Deadline]] = defaultdict(list)
        for caseworker, deadline in assigned:
            grouped[caseworker].append(deadline)
        self._deadlines = {k: sorted(v, key=lambda d: d.due_at) for k, v in grouped.items()}
        self._due = {k: [d.due_at.timestamp() for d in v] for k, v in self._deadlines.items()}

    def due(
        self,
        caseworker: str,
        now: datetime,
        horizon: timedelta = timedelta(days=30),
        overdue_window: timedelta = timedelta(days=90),
        limit: int = 100,
    ) -> list[Deadline]:
        """Open deadlines due before ``now + horizon``, oldest first (overdue up to a window)."""
        deadlines = self._deadlines.get(caseworker, [])
        times = self._due.get(caseworker, [])
        start = bisect_left(times, (now - overdue_window).timestamp())
        stop = bisect_left(times, (now + horizon).timestamp())
        found: list[Deadline] = []
        for deadline in deadlines[start:stop]:
            if deadline.is_open(now):
                found.append(deadline)
                if len(found) == limit:
                    break
        return found
