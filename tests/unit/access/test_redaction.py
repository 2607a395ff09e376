"""Redaction blanks what was not granted, recursing into nested records; unknown fields too."""

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
    assert result.data == {
        "id": "r1",
        "location": None,
        "vulnerabilities": None,
        "persons": [
            {
                "id": "p1",
                "given_names": "Ana",
                "phones": None,
                "documents": None,
                "unclassified": None,
            }
        ],
    }
    assert set(result.removed) == {
        "location",
        "vulnerabilities",
        "persons[].phones",
        "persons[].documents",
        "persons[].unclassified",
    }


def test_unclassified_fields_are_removed_even_with_every_category() -> None:
    result = redact(DATA, REGISTRATION, frozenset(C))
    assert result.data["persons"][0]["unclassified"] is None
    assert result.removed == ("persons[].unclassified",)


def test_nothing_granted_leaves_nothing() -> None:
    result = redact(DATA, REGISTRATION, frozenset())
    assert set(result.data.values()) == {None}
    assert set(result.removed) == set(DATA)


def test_a_path_blanked_in_every_list_item_is_listed_once() -> None:
    two = {**DATA, "persons": [DATA["persons"][0], {**DATA["persons"][0], "id": "p2"}]}
    result = redact(two, REGISTRATION, frozenset({C.REFERENCE}))
    assert result.removed.count("persons[].phones") == 1
