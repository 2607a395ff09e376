"""Group commit: each item gets its own answer or error, batches gather while one is written,
a failed batch acknowledges nothing, and closing finishes what was submitted."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from puente.shared.group_commit import GroupCommit


def test_each_item_gets_its_own_answer_or_its_own_error() -> None:
    def handle(items: Sequence[int]) -> list[int | Exception]:
        return [ValueError(f"odd {i}") if i % 2 else i * 10 for i in items]

    group = GroupCommit(handle, writers=1)
    futures = [group.submit(i) for i in range(6)]
    assert [f.result(5) for f in futures[::2]] == [0, 20, 40]
    for future in futures[1::2]:
        with pytest.raises(ValueError, match="odd"):
            future.result(5)
    group.close()


def test_items_gather_while_a_batch_is_written_and_are_answered_after_it() -> None:
    writing, release = threading.Event(), threading.Event()
    batches: list[list[str]] = []

    def handle(items: Sequence[str]) -> list[str]:
        batches.append(list(items))
        writing.set()
        release.wait(5)
        return [item.upper() for item in items]

    group = GroupCommit(handle, writers=1)
    first = group.submit("a")
    assert writing.wait(5)
    waiting = [group.submit(item) for item in "bcd"]
    assert not any(f.done() for f in [first, *waiting])  # nothing answered before its commit
    release.set()
    assert [f.result(5) for f in [first, *waiting]] == ["A", "B", "C", "D"]
    assert batches == [["a"], ["b", "c", "d"]]
    group.close()


def test_a_failed_batch_fails_every_item_in_it() -> None:
    def handle(items: Sequence[int]) -> list[int]:
        raise ConnectionError("the database went away")

    group = GroupCommit(handle, writers=1)
    futures = [group.submit(i) for i in range(3)]
    for future in futures:
        with pytest.raises(ConnectionError):
            future.result(5)
    group.close()


def test_close_answers_what_was_submitted_and_ask_awaits_the_answer() -> None:
    def handle(items: Sequence[int]) -> list[int]:
        return [i + 1 for i in items]

    group = GroupCommit(handle, writers=2, max_batch=2)
    pending = [group.submit(i) for i in range(10)]
    # A thread of its own: an earlier test in this process (Playwright's sync API) may have
    # left an event loop running on the main thread, where asyncio.run refuses to start.
    with ThreadPoolExecutor(1) as thread:
        assert thread.submit(asyncio.run, group.ask(41)).result(5) == 42
    group.close()
    assert [f.result(0) for f in pending] == list(range(1, 11))


def test_an_item_whose_asker_left_before_its_batch_is_not_handled() -> None:
    started, release = threading.Event(), threading.Event()
    handled: list[int] = []

    def handle(items: Sequence[int]) -> list[int]:
        handled.extend(items)
        started.set()
        release.wait(5)
        return list(items)

    group = GroupCommit(handle, writers=1)
    group.submit(1)
    assert started.wait(5)
    gone = group.submit(2)
    assert gone.cancel()
    kept = group.submit(3)
    release.set()
    assert kept.result(5) == 3
    group.close()
    assert handled == [1, 3]
