"""Personal names: given names, first and second surname, aliases; stored exactly as written."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from puente.shared.errors import FieldProblem, InvalidInput

MAX_NAME_PART = 120
# Punctuation that belongs in real names: O'Brien, Jean-Baptiste, K'iche' names, "Ma. José".
NAME_PUNCTUATION = frozenset(" '’ʼ‘-‐.")


def _name_part_problem(text: str) -> str | None:
    if len(text) > MAX_NAME_PART:
        return f"is longer than {MAX_NAME_PART} characters"
    if not any(unicodedata.category(ch).startswith("L") for ch in text):
        return "must contain at least one letter"
    for ch in text:
        category = unicodedata.category(ch)
        if not (category[0] in "LM" or ch in NAME_PUNCTUATION):
            return f"contains {ch!r}, which is not used in names"
    return None


def validate_name_part(field: str, text: str | None, required: bool) -> str | None:
    """The part with outer spaces removed, or ``InvalidInput`` naming ``field``."""
    cleaned = (text or "").strip()
    if not cleaned:
        if required:
            raise InvalidInput.single(field, "is required")
        return None
    problem = _name_part_problem(cleaned)
    if problem:
        raise InvalidInput.single(field, problem)
    return cleaned


@dataclass(frozen=True)
class PersonName:
    """A name in its parts as the person gave them; particles such as "de la" stay in the part."""

    given_names: str
    first_surname: str
    second_surname: str | None
    as_written: str

    @classmethod
    def create(
        cls,
        given_names: str | None,
        first_surname: str | None,
        second_surname: str | None = None,
        as_written: str | None = None,
    ) -> PersonName:
        problems: list[FieldProblem] = []
        parts: dict[str, str | None] = {}
        for field, value, required in (
            ("given_names", given_names, True),
            ("first_surname", first_surname, True),
            ("second_surname", second_surname, False),
        ):
            try:
                parts[field] = validate_name_part(field, value, required)
            except InvalidInput as error:
                problems.extend(error.problems)
        written = (as_written or "").strip()
        if written and len(written) > 3 * MAX_NAME_PART:
            problems.append(FieldProblem("name_as_written", "is too long"))
        elif written and (problem := _name_part_problem(written)):
            problems.append(FieldProblem("name_as_written", problem))
        if problems:
            raise InvalidInput(problems)
        given, first, second = parts["given_names"], parts["first_surname"], parts["second_surname"]
        assert given is not None and first is not None
        return cls(
            given, first, second, written or " ".join(p for p in (given, first, second) if p)
        )

    @property
    def surnames(self) -> str:
        return " ".join(p for p in (self.first_surname, self.second_surname) if p)


class AliasKind(StrEnum):
    ALIAS = "alias"
    NICKNAME = "nickname"
    PREVIOUS_NAME = "previous_name"


@dataclass(frozen=True)
class Alias:
    text: str
    kind: AliasKind

    @classmethod
    def create(cls, text: str, kind: str) -> Alias:
        cleaned = validate_name_part("text", text, required=True)
        assert cleaned is not None
        try:
            alias_kind = AliasKind(kind)
        except ValueError:
            raise InvalidInput.single("kind", f"must be one of {_choices(AliasKind)}") from None
        return cls(cleaned, alias_kind)


def _choices(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)
