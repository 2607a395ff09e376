"""Group commit: items asked by many requests are handled in batches by writer threads, one
transaction per batch, and each item's answer is released only once its batch has returned.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar, cast

from puente.shared.errors import Unavailable

In = TypeVar("In")
Out = TypeVar("Out")
_STOP = object()
# An asked item, the future its asker awaits on its own event loop, and when it was asked
# (``time.monotonic``).
_Waiting = tuple[In, asyncio.Future[Out], float]
_log = logging.getLogger(__name__)
# Items waiting beyond this are refused (``Unavailable``, a 503 to retry) rather than queued:
# at ~400 asks/s per worker it is about 25 s of work, past most clients' patience.
MAX_PENDING = 10_000
# How long ``close`` waits for the writers (a database that does not answer must not hang
# shutdown); the threads are daemons, so the process still exits after it.
CLOSE_TIMEOUT = 10.0


def _settle(given: list[tuple[asyncio.Future[Any], Any]]) -> None:
    """On the askers' event loop: each answer to its asker, unless the asker left. One answer
    that cannot be given must not keep the others of its batch waiting forever."""
    for waiter, outcome in given:
        if waiter.done():
            continue
        try:
            if isinstance(outcome, Exception):
                waiter.set_exception(_awaitable(outcome))
            else:
                waiter.set_result(outcome)
        except Exception as error:  # an asker with no answer would wait forever
            _log.exception("group commit: an answer could not be given")
            waiter.set_exception(_own_copy(error))


def _awaitable(error: Exception) -> Exception:
    """``error``, or a RuntimeError in its place where a future cannot hold it (StopIteration
    would end the awaiting coroutine as if it had returned)."""
    if isinstance(error, StopIteration | StopAsyncIteration):
        replaced = RuntimeError(f"the batch failed: {type(error).__name__}")
        replaced.__cause__ = error
        return replaced
    return error


def _give(answers: Sequence[asyncio.Future[Any]], outcomes: Sequence[Any]) -> None:
    """Each outcome to its answer. An event loop is woken once for all its askers in the
    batch: waking a loop from another thread costs a system call, and a batch holds many."""
    by_loop: defaultdict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], Any]]]
    by_loop = defaultdict(list)
    for answer, outcome in zip(answers, outcomes, strict=True):
        by_loop[answer.get_loop()].append((answer, outcome))
    for loop, given in by_loop.items():
        try:
            loop.call_soon_threadsafe(_settle, given)
        except RuntimeError:  # the loop was closed: nobody awaits these answers any more
            continue


def _own_copy(error: Exception) -> Exception:
    """An exception of its own for one item, of the same type (so the web layer answers it
    alike) and chained to the batch's: one shared instance would gather every awaiting
    request's traceback and keep them all alive."""
    try:
        own = copy.copy(error)
    except Exception:  # an exception that cannot be rebuilt from its arguments
        own = RuntimeError(f"the batch failed: {type(error).__name__}: {error}")
    own.__traceback__ = None
    own.__cause__ = error
    return own


class GroupCommit(Generic[In, Out]):
    """``handle`` takes a batch and returns one answer per item, an exception being that item's
    own failure; if ``handle`` raises, every item of the batch fails with its own exception
    caused by that error (nothing is acknowledged). At most ``max_pending`` items wait; more
    are refused with ``Unavailable``. While a batch is being written the next one gathers, so
    under load the batches grow by themselves: the system degrades by queueing, then refuses.

    With ``linger``, a writer that finds fewer than ``max_batch`` items waits for more until
    its first item has waited ``linger`` seconds: a batch's cost is mostly per batch (round
    trips, statements), so at a steady rate a few milliseconds of wait buy much larger
    batches. An item that already waited that long (during the previous batch) adds no wait."""

    def __init__(
        self,
        handle: Callable[[Sequence[In]], Sequence[Out | Exception]],
        writers: int = 2,
        max_batch: int = 256,
        name: str = "group-commit",
        max_pending: int = MAX_PENDING,
        linger: float = 0.0,
    ) -> None:
        self._handle = handle
        self._max_batch = max_batch
        self._linger = linger
        self._max_pending = max_pending
        self._waiting = 0  # items asked and not yet taken by a writer
        self._lock = threading.Lock()
        self._pending: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._write, name=f"{name}-{i}", daemon=True)
            for i in range(writers)
        ]
        for thread in self._threads:
            thread.start()

    async def ask(self, item: In) -> Out:
        """``item``'s answer, awaited without holding the event loop; ``Unavailable`` at once
        if ``max_pending`` items wait. An asker cancelled before a writer takes the item keeps
        it from being handled."""
        with self._lock:
            if self._waiting >= self._max_pending:
                raise Unavailable("too many asks are waiting; retry shortly")
            self._waiting += 1
        answer: asyncio.Future[Out] = asyncio.get_running_loop().create_future()
        self._pending.put((item, answer, time.monotonic()))
        return await answer

    def close(self, timeout: float = CLOSE_TIMEOUT) -> None:
        """Finish what was asked, then stop the writers; give up waiting after ``timeout``
        seconds in all."""
        for _ in self._threads:
            self._pending.put(_STOP)
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        if any(thread.is_alive() for thread in self._threads):
            _log.warning("group commit: writers still busy after %.0f s; not waiting", timeout)

    def _write(self) -> None:
        while True:
            first = self._pending.get()
            if first is _STOP:
                return
            batch = [cast(_Waiting[In, Out], first)]
            until = batch[0][2] + self._linger
            while len(batch) < self._max_batch:
                try:
                    more = self._pending.get(timeout=max(0.0, until - time.monotonic()))
                except queue.Empty:
                    break
                if more is _STOP:
                    self._pending.put(_STOP)  # for this thread's next turn
                    break
                batch.append(cast(_Waiting[In, Out], more))
            with self._lock:
                self._waiting -= len(batch)
            # An item whose asker left before its batch began is not handled (one that leaves
            # as this is read left after the start: no harm).
            started = [(item, answer) for item, answer, _ in batch if not answer.cancelled()]
            if started:
                items = [item for item, _ in started]
                _give([answer for _, answer in started], self._outcomes(items))

    def _outcomes(self, items: Sequence[In]) -> Sequence[Out | Exception]:
        """One outcome per item; when ``handle`` fails, each item's own copy of its error."""
        try:
            outcomes = self._handle(items)
        except Exception as error:
            return [_own_copy(error) for _ in items]
        if len(outcomes) == len(items):
            return outcomes
        wrong = ValueError(f"the handler answered {len(outcomes)} of {len(items)} items")
        _log.error("group commit: %s", wrong)  # a bug: no item can be acknowledged
        return [_own_copy(wrong) for _ in items]
