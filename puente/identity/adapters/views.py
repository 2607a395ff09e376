"""What reviewers and registrars are shown, through the access gate: persons and scored pairs.

A pair is shown only when both its persons may be read; its evidence (which fields agreed) is
identity data, so it is kept only where names and dates of both persons are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from puente.access.domain.decisions import ProtectedRecord
from puente.access.domain.redaction import Classification, Redacted
from puente.access.domain.roles import DataCategory, Permission
from puente.access.services.guard import Gate
from puente.identity.domain.clustering import RecordId
from puente.identity.services.ports import IdentityRepository, PersonSummary, StoredPair

PERSON: Classification = {
    "person_id": DataCategory.REFERENCE,
    "cluster_id": DataCategory.REFERENCE,
    "given_names": DataCategory.IDENTITY,
    "first_surname": DataCategory.IDENTITY,
    "second_surname": DataCategory.IDENTITY,
    "sex": DataCategory.IDENTITY,
    "birth_date": DataCategory.IDENTITY,
    "nationalities": DataCategory.IDENTITY,
}
PERSON_TYPE = "person"
PAIR_TYPE = "identity_pair"


def protected(summary: PersonSummary) -> ProtectedRecord:
    return ProtectedRecord(
        PERSON_TYPE,
        summary.person_id,
        summary.owner_id,
        (summary.person_id,),
        frozenset(summary.nationalities),
    )


def person_view(summary: PersonSummary) -> dict[str, Any]:
    return {
        "person_id": str(summary.person_id),
        "cluster_id": summary.cluster_id,
        "given_names": summary.given_names,
        "first_surname": summary.first_surname,
        "second_surname": summary.second_surname,
        "sex": summary.sex,
        "birth_date": summary.birth_date,
        "nationalities": list(summary.nationalities),
    }


def visible_persons(
    gate: Gate,
    permission: Permission,
    summaries: Iterable[PersonSummary],
    action: str,
) -> dict[RecordId, Redacted]:
    """The persons the caller may read, redacted, by person id."""
    items = [(protected(s), person_view(s)) for s in summaries]
    shown = gate.read_many(permission, items, PERSON, action)
    return {str(s.record.record_id): s.view for s in shown}


@dataclass(frozen=True, slots=True)
class PairView:
    pair_id: UUID
    probability: float
    weight: float
    # Per comparison: its level and weight; None where it would show hidden identity data.
    evidence: list[dict[str, Any]] | None
    left: Redacted
    right: Redacted
    joined: bool


def _evidence(stored: StoredPair) -> list[dict[str, Any]]:
    return [
        {"comparison": name, "level": str(part["level"]), "weight": float(part["weight"])}
        for name, part in stored.pair.explanation.items()
    ]


def visible_pairs(
    gate: Gate, repository: IdentityRepository, pairs: Sequence[StoredPair], action: str
) -> list[PairView]:
    ids = {r for p in pairs for r in (p.pair.left, p.pair.right)}
    people = visible_persons(
        gate, Permission.IDENTITY_REVIEW, repository.summaries(ids).values(), action
    )
    views = []
    for stored in pairs:
        left, right = people.get(stored.pair.left), people.get(stored.pair.right)
        if left is None or right is None:
            continue
        identity_shown = "given_names" not in (*left.removed, *right.removed)
        views.append(
            PairView(
                stored.pair_id,
                stored.pair.probability,
                stored.pair.weight,
                _evidence(stored) if identity_shown else None,
                left,
                right,
                stored.pair.joined,
            )
        )
    return views


def acting_owner(gate: Gate, summaries: Sequence[PersonSummary]) -> UUID:
    """The holder a change to these persons' identity is checked against.

    A change is the caller's to make when their organisation holds one of the records (the
    others must be readable to them, checked before); otherwise another holder's, so refused.
    """
    owners = [s.owner_id for s in summaries]
    mine = gate.principal.organisation.id
    return mine if mine in owners else owners[0]
