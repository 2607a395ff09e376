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
# An asker awaiting on an event loop: the loop, and the asyncio future the answer is copied to.
_Waiter = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]"]
# A submitted item, its answer, when it was submitted (``time.monotonic``), and its asker's
# event loop when it awaits there (``ask``).
_Waiting = tuple[In, Future[Out], float, _Waiter | None]
_log = logging.getLogger(__name__)
# Items waiting beyond this are refused (``Unavailable``, a 503 to retry) rather than queued:
# at ~400 asks/s per worker it is about 25 s of work, past most clients' patience.
MAX_PENDING = 10_000
# How long ``close`` waits for the writers (a database that does not answer must not hang
# shutdown); the threads are daemons, so the process still exits after it.
CLOSE_TIMEOUT = 10.0


def _settle(waiters: list[tuple[asyncio.Future[Any], Future[Any]]]) -> None:
    """On the askers' event loop: copy each answer to its asker, unless the asker left."""
    for waiter, answer in waiters:
        if waiter.done():
            continue
        if answer.cancelled():
            waiter.cancel()
        elif (error := answer.exception()) is not None:
            waiter.set_exception(error)
        else:
            waiter.set_result(answer.result())


def _wake(batch: Sequence[_Waiting[Any, Any]]) -> None:
    """Hand a batch's answers to the event loops awaiting them, one call per loop: waking a
    loop from another thread costs a system call, and a batch holds many askers of one loop."""
    by_loop: defaultdict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], Future[Any]]]]
    by_loop = defaultdict(list)
    for _, answer, _, waiter in batch:
        if waiter is not None:
            by_loop[waiter[0]].append((waiter[1], answer))
    for loop, waiters in by_loop.items():
        try:
            loop.call_soon_threadsafe(_settle, waiters)
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
        return self._enqueue(item, None)

    async def ask(self, item: In) -> Out:
        """``item``'s answer, awaited without holding the event loop; an asker cancelled
        before a writer takes the item keeps it from being handled."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[Out] = loop.create_future()
        answer = self._enqueue(item, (loop, waiter))
        try:
            return await waiter
        except asyncio.CancelledError:
            answer.cancel()  # fails once a writer took the item: it is then handled anyway
            raise

    def _enqueue(self, item: In, waiter: _Waiter | None) -> Future[Out]:
        with self._lock:
            if self._waiting >= self._max_pending:
                raise Unavailable("too many asks are waiting; retry shortly")
            self._waiting += 1
        answer: Future[Out] = Future()
        self._pending.put((item, answer, time.monotonic(), waiter))
        return answer

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
            items = [(item, future) for item, future, _, _ in batch]
            try:
                self._answer(items)
            except Exception as error:  # the writer lives on: its batch fails, not the queue
                _log.exception("group commit: a batch failed outside its handler")
                for _, future in items:
                    if not future.done():
                        future.set_exception(_own_copy(error))
            _wake(batch)

    def _answer(self, batch: list[tuple[In, Future[Out]]]) -> None:
        # An item whose asker went away before its batch began is not written; a running
        # future can no longer be cancelled, so each one below gets its answer.
        batch = [(item, future) for item, future in batch if future.set_running_or_notify_cancel()]
        if not batch:
            return
        try:
            answers = self._handle([item for item, _ in batch])
        except Exception as error:
            for _, future in batch:
                future.set_exception(_own_copy(error))
            return
        for (_, future), answer in zip(batch, answers, strict=True):
            if isinstance(answer, Exception):
                future.set_exception(answer)
            else:
                future.set_result(answer)
