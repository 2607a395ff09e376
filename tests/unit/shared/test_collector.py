"""Pausing the cycle collector: back as it was after, also on error and with pauses from
several threads at once."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from puente.shared.collector import collector_paused


@pytest.fixture
def collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector_restored")
def test_the_collector_is_off_inside_and_back_on_after() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_restored")
def test_the_collector_comes_back_when_the_work_fails() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("clustering failed")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_restored")
def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector_restored")
def test_overlapping_pauses_from_two_threads_leave_the_collector_as_it_was() -> None:
    gc.enable()
    first_in, second_out = threading.Event(), threading.Event()

    def first() -> None:
        with collector_paused():
            first_in.set()
            second_out.wait(5)

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with collector_paused():  # begins while the first pause is open, ends before it does
        pass
    assert not gc.isenabled()  # the first thread's pause still holds
    second_out.set()
    thread.join(5)
    assert gc.isenabled()
