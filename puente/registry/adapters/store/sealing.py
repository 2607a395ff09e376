"""The registry's sensitive fields sealed with each person's data key, found by blind index.

A person without a data key (shredded) has nothing to open: their sealed fields read as absent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from puente.access.adapters.store.key_store import SqlPersonKeyStore
from puente.access.domain.envelope import (
    Keyring,
    blind_index,
    decrypt_field,
    encrypt_field,
    new_data_key,
    unwrap,
    wrap,
)
from puente.access.services.person_keys import data_key_for, owner_label
from puente.registry.domain.contact import DocumentKind, normalise_phone
from puente.shared.errors import InvalidInput

# Each ciphertext is bound to its field: a value copied into another column does not open.
PHONE = "person_phones.e164"
DOCUMENT = "person_documents.number"
PLACE = "person_addresses.place"


def phone_index(keyring: Keyring, text: str) -> str | None:
    """The blind index of a phone as typed (normalised to E.164 first); ``None`` if it is not
    a phone number. Matching code compares these, never the numbers."""
    try:
        e164 = normalise_phone(text, "phone")
    except InvalidInput:
        return None
    return blind_index(keyring, PHONE, e164)


def document_index_value(kind: DocumentKind, number: str) -> str:
    """What a document's blind index hashes: its kind and its number as the domain normalised it."""
    return f"{kind.value}:{number}"


class FieldSealer:
    """Seals and opens with per-person data keys wrapped by the keyring (envelope encryption)."""

    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring

    def new_keys(
        self, person_ids: Iterable[UUID]
    ) -> tuple[dict[UUID, bytes], list[dict[str, Any]]]:
        """Fresh data keys for new people, and the ``person_keys`` rows that hold them wrapped."""
        keys = {person_id: new_data_key() for person_id in person_ids}
        rows = []
        for person_id, key in keys.items():
            wrapped = wrap(self.keyring, key, owner_label(person_id))
            rows.append(
                {
                    "person_id": person_id,
                    "key_version": wrapped.version,
                    "wrapped_key": wrapped.ciphertext,
                }
            )
        return keys, rows

    def key_for(self, store: SqlPersonKeyStore, person_id: UUID) -> bytes:
        """The person's data key, made if they have none (a correction after shredding)."""
        return data_key_for(store, self.keyring, person_id)

    def existing_keys(
        self, store: SqlPersonKeyStore, person_ids: Iterable[UUID]
    ) -> dict[UUID, bytes]:
        """The data keys that exist; a shredded person is missing from the answer."""
        return {
            person_id: unwrap(self.keyring, wrapped, owner_label(person_id))
            for person_id, wrapped in store.get_many(person_ids).items()
        }

    def seal(self, key: bytes, value: str, field: str) -> bytes:
        return encrypt_field(key, value, field)

    def open(self, key: bytes, sealed: bytes, field: str) -> str:
        return decrypt_field(key, sealed, field)

    def index(self, field: str, normalised_value: str) -> str:
        return blind_index(self.keyring, field, normalised_value)
