"""Group commit: each item gets its own answer or error, batches gather while one is written,
a failed batch acknowledges nothing, and closing finishes what was asked."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from puente.shared.errors import Unavailable
from puente.shared.group_commit import GroupCommit

T = TypeVar("T")


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    """An event loop on a thread of its own, as a server worker's askers have."""
    running = asyncio.new_event_loop()
    thread = threading.Thread(target=running.run_forever, daemon=True)
    thread.start()
    yield running
    running.call_soon_threadsafe(running.stop)
    thread.join(5)
    running.close()


def asking(group: GroupCommit[T, Any], item: T, loop: asyncio.AbstractEventLoop) -> Future[Any]:
    """``item`` asked on ``loop``; its answer, to wait for from the test's thread."""
    return asyncio.run_coroutine_threadsafe(group.ask(item), loop)


def settled(loop: asyncio.AbstractEventLoop) -> None:
    """Every ask made so far has reached the queue (the loop runs its tasks in order)."""
    asyncio.run_coroutine_threadsafe(asyncio.sleep(0), loop).result(5)


def test_each_item_gets_its_own_answer_or_its_own_error(loop: asyncio.AbstractEventLoop) -> None:
    def handle(items: Sequence[int]) -> list[int | Exception]:
        return [ValueError(f"odd {i}") if i % 2 else i * 10 for i in items]

    group = GroupCommit(handle, writers=1)
    futures = [asking(group, i, loop) for i in range(6)]
    assert [f.result(5) for f in futures[::2]] == [0, 20, 40]
    for future in futures[1::2]:
        with pytest.raises(ValueError, match="odd"):
            future.result(5)
    group.close()


def test_items_gather_while_a_batch_is_written_and_are_answered_after_it(
    loop: asyncio.AbstractEventLoop,
) -> None:
    writing, release = threading.Event(), threading.Event()
    batches: list[list[str]] = []

    def handle(items: Sequence[str]) -> list[str]:
        batches.append(list(items))
        writing.set()
        release.wait(5)
        return [item.upper() for item in items]

    group = GroupCommit(handle, writers=1)
    first = asking(group, "a", loop)
    assert writing.wait(5)
    waiting = [asking(group, item, loop) for item in "bcd"]
    settled(loop)
    assert not any(f.done() for f in [first, *waiting])  # nothing answered before its commit
    release.set()
    assert [f.result(5) for f in [first, *waiting]] == ["A", "B", "C", "D"]
    assert batches == [["a"], ["b", "c", "d"]]
    group.close()


def test_a_lingering_writer_waits_for_a_full_batch_and_takes_it_whole(
    loop: asyncio.AbstractEventLoop,
) -> None:
    batches: list[list[int]] = []

    def handle(items: Sequence[int]) -> list[int]:
        batches.append(list(items))
        return list(items)

    # The linger outlasts the test: only a full batch ends the wait.
    group = GroupCommit(handle, writers=1, max_batch=4, linger=3600.0)
    futures = [asking(group, i, loop) for i in range(4)]
    assert [f.result(5) for f in futures] == [0, 1, 2, 3]
    assert batches == [[0, 1, 2, 3]]
    group.close()


def test_a_failed_batch_fails_every_item_in_it(loop: asyncio.AbstractEventLoop) -> None:
    def handle(items: Sequence[int]) -> list[int]:
        raise ConnectionError("the database went away")

    group = GroupCommit(handle, writers=1)
    futures = [asking(group, i, loop) for i in range(3)]
    for future in futures:
        with pytest.raises(ConnectionError):
            future.result(5)
    group.close()


def test_close_answers_what_was_asked(loop: asyncio.AbstractEventLoop) -> None:
    def handle(items: Sequence[int]) -> list[int]:
        return [i + 1 for i in items]

    group = GroupCommit(handle, writers=2, max_batch=2)
    pending = [asking(group, i, loop) for i in range(10)]
    settled(loop)
    group.close()
    assert [f.result(5) for f in pending] == list(range(1, 11))


def test_each_item_of_a_failed_batch_gets_its_own_exception_chained_to_the_batchs(
    loop: asyncio.AbstractEventLoop,
) -> None:
    cause = ConnectionError("the database went away")
    release = threading.Event()

    def handle(items: Sequence[int]) -> list[int]:
        release.wait(5)
        raise cause

    group = GroupCommit(handle, writers=1)
    futures = [asking(group, i, loop) for i in range(3)]
    release.set()
    errors = [f.exception(5) for f in futures]
    assert all(isinstance(e, ConnectionError) and e.__cause__ is cause for e in errors)
    assert len({id(e) for e in errors}) == 3 and cause not in errors
    group.close()


def test_a_handler_answering_too_few_items_fails_its_batch_and_the_writer_goes_on(
    loop: asyncio.AbstractEventLoop,
) -> None:
    def handle(items: Sequence[int]) -> list[int]:
        return [] if 0 in items else [i for i in items]  # no answer for 0: a bug

    group = GroupCommit(handle, writers=1)
    with pytest.raises(ValueError, match="answered 0 of 1"):
        asking(group, 0, loop).result(5)
    assert asking(group, 7, loop).result(5) == 7  # the one writer still writes
    group.close()


def test_a_full_queue_refuses_at_once_and_takes_items_again_once_they_are_taken(
    loop: asyncio.AbstractEventLoop,
) -> None:
    writing, release = threading.Event(), threading.Event()

    def handle(items: Sequence[int]) -> list[int]:
        writing.set()
        release.wait(5)
        return list(items)

    group = GroupCommit(handle, writers=1, max_batch=1, max_pending=2)
    first = asking(group, 0, loop)
    assert writing.wait(5)  # taken by the writer: no longer waiting
    waiting = [asking(group, 1, loop), asking(group, 2, loop)]
    with pytest.raises(Unavailable):
        asking(group, 3, loop).result(5)
    release.set()
    assert [f.result(5) for f in [first, *waiting]] == [0, 1, 2]
    assert asking(group, 4, loop).result(5) == 4
    group.close()


def test_close_gives_up_on_a_writer_that_does_not_return(loop: asyncio.AbstractEventLoop) -> None:
    writing, release = threading.Event(), threading.Event()

    def handle(items: Sequence[int]) -> list[int]:
        writing.set()
        release.wait(30)
        return list(items)

    group = GroupCommit(handle, writers=1)
    stuck = asking(group, 1, loop)
    assert writing.wait(5)
    group.close(timeout=0.05)  # returns although the writer is still in its batch
    assert not stuck.done()
    release.set()
    assert stuck.result(5) == 1


def _in_own_loop(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    # A thread of its own: an earlier test in this process (Playwright's sync API) may have
    # left an event loop running on the main thread, where asyncio.run refuses to start.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, main()).result(10)


def test_a_batch_of_asks_wakes_their_event_loop_once_and_each_gets_its_own_answer() -> None:
    def handle(items: Sequence[int]) -> list[int | Exception]:
        return [ValueError(f"odd {i}") if i % 2 else i * 10 for i in items]

    # The linger outlasts the test: the five asks make one full batch.
    group = GroupCommit(handle, writers=1, max_batch=5, linger=3600.0)

    async def main() -> tuple[list[int | BaseException], int]:
        loop = asyncio.get_running_loop()
        wakes = 0
        wake = loop.call_soon_threadsafe

        def counted(*args: Any, **kwargs: Any) -> asyncio.Handle:
            nonlocal wakes
            wakes += 1
            return wake(*args, **kwargs)

        loop.call_soon_threadsafe = counted  # type: ignore[method-assign,assignment]
        answers = await asyncio.gather(*(group.ask(i) for i in range(5)), return_exceptions=True)
        return answers, wakes

    answers, wakes = _in_own_loop(main)
    assert answers[::2] == [0, 20, 40]
    assert [str(e) for e in answers[1::2]] == ["odd 1", "odd 3"]
    assert wakes == 1
    group.close()


def test_an_ask_cancelled_before_its_batch_is_not_handled_and_one_after_is() -> None:
    started, release = threading.Event(), threading.Event()
    handled: list[int] = []

    def handle(items: Sequence[int]) -> list[int]:
        handled.extend(items)
        started.set()
        release.wait(5)
        return list(items)

    group = GroupCommit(handle, writers=1)

    async def main() -> int:
        running = asyncio.create_task(group.ask(1))
        await asyncio.to_thread(started.wait, 5)
        waiting = asyncio.create_task(group.ask(2))
        await asyncio.sleep(0)  # submitted while the writer is busy with the first batch
        waiting.cancel()
        running.cancel()  # too late: its batch is being written
        kept = asyncio.create_task(group.ask(3))
        await asyncio.sleep(0)
        release.set()
        return await kept

    assert _in_own_loop(main) == 3
    group.close()
    assert handled == [1, 3]


def test_an_answer_no_future_can_hold_does_not_strand_the_rest_of_its_batch(
    loop: asyncio.AbstractEventLoop,
) -> None:
    def handle(items: Sequence[int]) -> list[int | Exception]:
        return [StopIteration() if i == 0 else i for i in items]  # a bug's answer

    group = GroupCommit(handle, writers=1, max_batch=3, linger=3600.0)
    futures = [asking(group, i, loop) for i in range(3)]
    with pytest.raises(RuntimeError, match="StopIteration"):
        futures[0].result(5)
    assert [f.result(5) for f in futures[1:]] == [1, 2]
    group.close()
