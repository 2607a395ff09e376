"""Group commit: items submitted by many requests are handled in batches by writer threads, one
transaction per batch, and each item's answer is released only once its batch has returned.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")
_STOP = object()


class GroupCommit(Generic[In, Out]):
    """``handle`` takes a batch and returns one answer per item, an exception being that item's
    own failure; if ``handle`` raises, every item of the batch fails with that error (nothing
    is acknowledged). While a batch is being written the next one gathers, so under load the
    batches grow by themselves: the system degrades by queueing."""

    def __init__(
        self,
        handle: Callable[[Sequence[In]], Sequence[Out | Exception]],
        writers: int = 2,
        max_batch: int = 256,
        name: str = "group-commit",
    ) -> None:
        self._handle = handle
        self._max_batch = max_batch
        self._pending: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._write, name=f"{name}-{i}", daemon=True)
            for i in range(writers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, item: In) -> Future[Out]:
        answer: Future[Out] = Future()
        self._pending.put((item, answer))
        return answer

    async def ask(self, item: In) -> Out:
        """``item``'s answer, awaited without holding the event loop."""
        return await asyncio.wrap_future(self.submit(item))

    def close(self) -> None:
        """Finish what was submitted, then stop the writers."""
        for _ in self._threads:
            self._pending.put(_STOP)
        for thread in self._threads:
            thread.join()

    def _write(self) -> None:
        while True:
            first = self._pending.get()
            if first is _STOP:
                return
            batch = [first]
            while len(batch) < self._max_batch:
                try:
                    more = self._pending.get_nowait()
                except queue.Empty:
                    break
                if more is _STOP:
                    self._pending.put(_STOP)  # for this thread's next turn
                    break
                batch.append(more)
            self._answer(batch)  # type: ignore[arg-type]

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
                future.set_exception(error)
            return
        for (_, future), answer in zip(batch, answers, strict=True):
            if isinstance(answer, Exception):
                future.set_exception(answer)
            else:
                future.set_result(answer)
