"""Builders of registry commands with realistic defaults, overridable field by field."""

from __future__ import annotations

import itertools
from typing import Any
from uuid import UUID

from puente.registry.services.commands import CorrectPersonCommand, RegisterCommand

_ids = itertools.count(1)
OWNER = UUID("8a1f2c3d-0000-4000-8000-000000000001")  # the registering organisation


def member(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "given_names": "María José",
        "first_surname": "de la Cruz",
        "second_surname": "Hernández",
        "sex": "female",
        "birth_date": "1990-05-17",
        "nationalities": ["HN"],
        "languages": ["spa"],
        "phones": ["+52 664 123 4567"],
    }
    data.update(overrides)
    return data


def register_command(
    members: list[dict[str, Any]] | None = None, **overrides: Any
) -> RegisterCommand:
    data: dict[str, Any] = {
        "request_id": f"request-{next(_ids):08d}",
        "members": members or [member()],
        "location": "Tijuana",
        "registered_by": "ACNUR Tijuana",
        "consent_given": True,
    }
    data.update(overrides)
    return RegisterCommand.model_validate(data)


def family_command(**overrides: Any) -> RegisterCommand:
    return register_command(
        [
            member(relationship="head", vulnerabilities=["single_caregiver"]),
            member(
                given_names="Wislande",
                first_surname="Saint-Fleur",
                second_surname=None,
                birth_date=None,
                estimated_age=7,
                sex="female",
                relationship="child",
                languages=["hat"],
                nationalities=["HT"],
                phones=[],
            ),
        ],
        **overrides,
    )


def correction(**fields: Any) -> CorrectPersonCommand:
    data: dict[str, Any] = {
        "request_id": f"correction-{next(_ids):08d}",
        "corrected_by": "caseworker 7",
        "reason": "spelling",
    }
    data.update(fields)
    return CorrectPersonCommand.model_validate(data)
