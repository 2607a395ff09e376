"""Envelope encryption: rotation keeps old and new readable; shredding makes data unreadable."""

from __future__ import annotations

import os

import pytest

from puente.access.domain.envelope import (
    Keyring,
    UndecryptableError,
    blind_index,
    decrypt_field,
    encrypt_field,
    new_data_key,
    rewrap,
    unwrap,
    wrap,
)

KEYRING = Keyring({1: os.urandom(32)}, 1, os.urandom(32))


def test_a_field_round_trips_and_is_bound_to_its_field_name() -> None:
    data_key = new_data_key()
    sealed = encrypt_field(data_key, "A012345678", "documents.number")
    assert b"A012345678" not in sealed
    assert decrypt_field(data_key, sealed, "documents.number") == "A012345678"
    with pytest.raises(UndecryptableError):
        decrypt_field(data_key, sealed, "phones")


def test_rotation_keeps_old_and_new_wrapped_keys_readable() -> None:
    data_key = new_data_key()
    old = wrap(KEYRING, data_key, "person-1")
    rotated = KEYRING.with_new_version(os.urandom(32))
    assert unwrap(rotated, old, "person-1") == data_key
    new = rewrap(rotated, old, "person-1")
    assert new.version == 2 and unwrap(rotated, new, "person-1") == data_key
    assert rewrap(rotated, new, "person-1") is new


def test_a_wrapped_key_cannot_be_moved_to_another_person() -> None:
    wrapped = wrap(KEYRING, new_data_key(), "person-1")
    with pytest.raises(UndecryptableError):
        unwrap(KEYRING, wrapped, "person-2")


def test_without_the_data_key_the_data_is_gone() -> None:
    sealed = encrypt_field(new_data_key(), "+526641234567", "phones")
    with pytest.raises(UndecryptableError):
        decrypt_field(new_data_key(), sealed, "phones")


def test_a_retired_key_version_cannot_unwrap() -> None:
    wrapped = wrap(KEYRING, new_data_key(), "person-1")
    retired = Keyring({2: os.urandom(32)}, 2, KEYRING.index_key)
    with pytest.raises(UndecryptableError, match="version 1"):
        unwrap(retired, wrapped, "person-1")


def test_blind_indexes_match_equal_values_only_under_the_same_key() -> None:
    first = blind_index(KEYRING, "documents.number", "A012345678")
    assert first == blind_index(KEYRING, "documents.number", "A012345678")
    assert first != blind_index(KEYRING, "phones", "A012345678")
    other = Keyring(KEYRING.keys, 1, os.urandom(32))
    assert first != blind_index(other, "documents.number", "A012345678")
