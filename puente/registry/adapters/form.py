"""Reads the registration form's fields (``members-0-given_names`` …) into a register command."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from puente.registry.domain.model import Relationship, Sex, Vulnerability
from puente.registry.services.commands import RegisterCommand
from puente.shared.errors import FieldProblem

MEMBER_TEXT_FIELDS = (
    "given_names",
    "first_surname",
    "second_surname",
    "name_as_written",
    "birth_date",
    "phone",
    "nationality",
    "language",
    "document_kind",
    "document_number",
)


def member_count(form: dict[str, Any]) -> int:
    indexes = {
        int(key.split("-")[1])
        for key in form
        if key.startswith("members-") and key.split("-")[1].isdigit()
    }
    return max(indexes) + 1 if indexes else 1


def blank_member() -> dict[str, Any]:
    return {
        **{f: "" for f in MEMBER_TEXT_FIELDS},
        "sex": Sex.UNSPECIFIED.value,
        "relationship": "",
        "vulnerabilities": [],
        "estimated_age": "",
    }


def members_from_form(form: dict[str, Any]) -> list[dict[str, Any]]:
    """The members as the form holds them (strings), for re-rendering and for the command."""
    members = []
    for i in range(member_count(form)):
        prefix = f"members-{i}-"
        member = blank_member()
        for key in (*MEMBER_TEXT_FIELDS, "sex", "relationship", "estimated_age"):
            member[key] = str(form.get(prefix + key, "") or "")
        vulnerabilities = form.get(prefix + "vulnerabilities", [])
        member["vulnerabilities"] = (
            [vulnerabilities] if isinstance(vulnerabilities, str) else list(vulnerabilities)
        )
        members.append(member)
    return members


def _member_input(member: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "given_names": member["given_names"],
        "first_surname": member["first_surname"],
        "second_surname": member["second_surname"] or None,
        "name_as_written": member["name_as_written"] or None,
        "sex": member["sex"] or Sex.UNSPECIFIED.value,
        "birth_date": member["birth_date"] or None,
        "estimated_age": member["estimated_age"] or None,
        "nationalities": [member["nationality"]] if member["nationality"] else [],
        "languages": [member["language"]] if member["language"] else [],
        "phones": [member["phone"]] if member["phone"] else [],
        "relationship": member["relationship"] or None,
        "vulnerabilities": member["vulnerabilities"],
    }
    if member["document_number"]:
        data["documents"] = [
            {"kind": member["document_kind"] or "other", "number": member["document_number"]}
        ]
    return data


def command_from_form(
    form: dict[str, Any], registered_by: str
) -> tuple[RegisterCommand | None, list[FieldProblem]]:
    members = members_from_form(form)
    data = {
        "request_id": form.get("request_id", ""),
        "members": [_member_input(m) for m in members],
        "family_label": form.get("family_label") or None,
        "channel": form.get("channel") or "staff_assisted",
        "location": form.get("location", ""),
        "language": form.get("language") or "spa",
        "consent_given": form.get("consent_given") == "yes",
        "registered_by": registered_by,
    }
    try:
        return RegisterCommand.model_validate(data), []
    except ValidationError as error:
        return None, [
            FieldProblem(".".join(str(p) for p in e["loc"]), e["msg"]) for e in error.errors()
        ]


RELATIONSHIPS = [r.value for r in Relationship]
VULNERABILITIES = [v.value for v in Vulnerability]
SEXES = [s.value for s in Sex]
