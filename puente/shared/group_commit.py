"""Group commit: items submitted by many requests are handled in batches by writer threads, one
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
from concurrent.futures import Future
from typing import Any, Generic, TypeVar, cast

from puente.shared.errors import Unavailable

In = TypeVar("In")
Out = TypeVar("Out")
_STOP = object()
# Where an item's answer goes: a thread's future (``submit``), or an asyncio future that an
# asker awaits on its event loop (``ask``), set on that loop.
_Answer = Future[Out] | asyncio.Future[Out]
# A submitted item, its answer, and when it was submitted (``time.monotonic``).
_Waiting = tuple[In, _Answer[Out], float]
_log = logging.getLogger(__name__)
# Items waiting beyond this are refused (``Unavailable``, a 503 to retry) rather than queued:
# at ~400 asks/s per worker it is about 25 s of work, past most clients' patience.
MAX_PENDING = 10_000
# How long ``close`` waits for the writers (a database that does not answer must not hang
# shutdown); the threads are daemons, so the process still exits after it.
CLOSE_TIMEOUT = 10.0


def _started(answer: _Answer[Any]) -> bool:
    """Whether the asker still waits as its batch begins; from then on it gets its answer."""
    if isinstance(answer, Future):
        return answer.set_running_or_notify_cancel()
    # An asker cancelled as this is read is one that left after the start: no harm.
    return not answer.cancelled()


def _settle(given: list[tuple[asyncio.Future[Any], Any]]) -> None:
    """On the askers' event loop: each answer to its asker, unless the asker left."""
    for waiter, outcome in given:
        if waiter.done():
            continue
        if isinstance(outcome, Exception):
            waiter.set_exception(outcome)
        else:
            waiter.set_result(outcome)


def _give(answers: Sequence[_Answer[Any]], outcomes: Sequence[Any]) -> None:
    """Each outcome to its answer. An event loop is woken once for all its askers in the
    batch: waking a loop from another thread costs a system call, and a batch holds many."""
    by_loop: defaultdict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], Any]]]
    by_loop = defaultdict(list)
    for answer, outcome in zip(answers, outcomes, strict=True):
        if not isinstance(answer, Future):
            by_loop[answer.get_loop()].append((answer, outcome))
        elif isinstance(outcome, Exception):
            answer.set_exception(outcome)
        else:
            answer.set_result(outcome)
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
        self._waiting = 0  # items submitted and not yet taken by a writer
        self._lock = threading.Lock()
        self._pending: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._write, name=f"{name}-{i}", daemon=True)
            for i in range(writers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, item: In) -> Future[Out]:
        """``item``'s future answer; ``Unavailable`` at once if ``max_pending`` items wait.
        Cancelling the future before a writer takes the item keeps it from being handled."""
        answer: Future[Out] = Future()
        self._enqueue(item, answer)
        return answer

    async def ask(self, item: In) -> Out:
        """``item``'s answer, awaited without holding the event loop; an asker cancelled
        before a writer takes the item keeps it from being handled."""
        answer: asyncio.Future[Out] = asyncio.get_running_loop().create_future()
        self._enqueue(item, answer)
        return await answer

    def _enqueue(self, item: In, answer: _Answer[Out]) -> None:
        with self._lock:
            if self._waiting >= self._max_pending:
                raise Unavailable("too many asks are waiting; retry shortly")
            self._waiting += 1
        self._pending.put((item, answer, time.monotonic()))

    def close(self, timeout: float = CLOSE_TIMEOUT) -> None:
        """Finish what was submitted, then stop the writers; give up waiting after ``timeout``
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
            # An item whose asker left before its batch began is not handled.
            started = [(item, answer) for item, answer, _ in batch if _started(answer)]
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
