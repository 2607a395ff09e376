"""The audit chain detects every edit, deletion, insertion and reordering, and says where."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from puente.access.domain.audit_chain import AuditEntry, AuditEvent, append, verify

KEY = b"k" * 32
START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def chain(length: int) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    for number in range(length):
        event = AuditEvent(
            START + timedelta(minutes=number),
            f"user-{number % 3}",
            "org-1",
            "orderly_entry",
            "read",
            "person",
            (f"p-{number}",),
            "allowed",
            "127.0.0.1",
        )
        entries.append(append(KEY, entries[-1] if entries else None, event))
    return entries


def test_an_intact_chain_verifies() -> None:
    assert verify(KEY, chain(20)) == []


def test_an_edited_entry_is_found() -> None:
    entries = chain(10)
    entries[4] = replace(entries[4], event=replace(entries[4].event, actor="someone-else"))
    assert [(p.sequence, p.kind) for p in verify(KEY, entries)] == [(5, "edited")]


def test_a_deleted_entry_is_found() -> None:
    entries = chain(10)
    del entries[6]
    kinds = {(p.sequence, p.kind) for p in verify(KEY, entries)}
    assert (7, "missing") in kinds


def test_an_inserted_entry_is_found() -> None:
    entries = chain(10)
    forged = append(b"x" * 32, entries[2], entries[3].event)
    entries.insert(3, forged)
    assert verify(KEY, entries)


def test_reordered_entries_are_found() -> None:
    entries = chain(10)
    entries[3], entries[4] = entries[4], entries[3]
    assert {p.sequence for p in verify(KEY, entries)} & {4, 5}


def test_a_chain_rebuilt_without_the_key_does_not_verify() -> None:
    entries = chain(5)
    rebuilt: list[AuditEntry] = []
    for entry in entries:
        rebuilt.append(append(b"guess" * 6 + b"!!", rebuilt[-1] if rebuilt else None, entry.event))
    assert len(verify(KEY, rebuilt)) == 5


@given(st.integers(min_value=0, max_value=14), st.sampled_from(["actor", "record_ids", "at"]))
def test_any_single_edit_is_located(position: int, field: str) -> None:
    entries = chain(15)
    event = entries[position].event
    changed = {
        "actor": replace(event, actor="x"),
        "record_ids": replace(event, record_ids=("y",)),
        "at": replace(event, at=event.at + timedelta(seconds=1)),
    }[field]
    entries[position] = replace(entries[position], event=changed)
    assert [p.sequence for p in verify(KEY, entries)] == [position + 1]
