"""Failed self-service proofs, counted per client address and per registration id; past the
limit every attempt is refused (429) for a while, whether the next one would match or not.

Kept in each worker's memory: with N workers an address gets up to N times the allowance.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from starlette.exceptions import HTTPException


@dataclass
class FailureLimiter:
    per_address: int = 20  # failures per address in ``window`` seconds
    per_registration: int = 5  # failures per registration id in ``window`` seconds
    window: float = 900.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _keys(self, address: str, registration: str) -> Iterable[tuple[str, int]]:
        return ((f"a:{address}", self.per_address), (f"r:{registration}", self.per_registration))

    def _recent(self, key: str, now: float) -> deque[float]:
        found = self._failures.setdefault(key, deque())
        while found and found[0] <= now - self.window:
            found.popleft()
        if not found:
            del self._failures[key]  # nothing kept for addresses that stopped failing
            return deque()
        return found

    def check(self, address: str, registration: str) -> None:
        now = self.clock()
        with self._lock:
            for key, limit in self._keys(address, registration):
                if len(self._recent(key, now)) >= limit:
                    raise HTTPException(429, "too many attempts: wait a few minutes")

    def failed(self, address: str, registration: str) -> None:
        now = self.clock()
        with self._lock:
            for key, _ in self._keys(address, registration):
                self._failures.setdefault(key, deque()).append(now)
