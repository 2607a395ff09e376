"""Redaction keeps only granted categories, recursing into nested records; unknown fields go."""

from __future__ import annotations

from puente.access.domain.redaction import Nested, redact
from puente.access.domain.roles import DataCategory as C

PERSON = {
    "id": C.REFERENCE,
    "given_names": C.IDENTITY,
    "phones": C.CONTACT,
    "documents": C.DOCUMENTS,
}
REGISTRATION = {
    "id": C.REFERENCE,
    "location": C.REGISTRATION,
    "vulnerabilities": C.VULNERABILITY,
    "persons": Nested(PERSON),
}
DATA = {
    "id": "r1",
    "location": "Tijuana",
    "vulnerabilities": {"p1": ["pregnancy"]},
    "persons": [
        {
            "id": "p1",
            "given_names": "Ana",
            "phones": ["+52"],
            "documents": ["A1"],
            "unclassified": "secret",
        }
    ],
}


def test_only_granted_categories_remain() -> None:
    result = redact(DATA, REGISTRATION, frozenset({C.REFERENCE, C.IDENTITY}))
    assert result.data == {"id": "r1", "persons": [{"id": "p1", "given_names": "Ana"}]}
    assert set(result.removed) == {
        "location",
        "vulnerabilities",
        "persons[].phones",
        "persons[].documents",
        "persons[].unclassified",
    }


def test_unclassified_fields_are_removed_even_with_every_category() -> None:
    result = redact(DATA, REGISTRATION, frozenset(C))
    assert "unclassified" not in result.data["persons"][0]
    assert result.removed == ("persons[].unclassified",)


def test_nothing_granted_leaves_nothing() -> None:
    assert redact(DATA, REGISTRATION, frozenset()).data == {}
