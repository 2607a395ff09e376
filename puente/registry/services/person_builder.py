"""Turns person input into domain values, collecting every bad field in one error."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from puente.registry.domain.birth import BirthDate
from puente.registry.domain.codes import country_code, language_code
from puente.registry.domain.contact import Address, IdentityDocument, normalise_phone
from puente.registry.domain.names import Alias, PersonName
from puente.registry.services.commands import (
    AddressInput,
    AliasInput,
    DocumentInput,
)
from puente.shared.errors import FieldProblem, InvalidInput

T = TypeVar("T")


class ProblemCollector:
    """Runs validations, keeps going after a failure, and raises all problems at the end."""

    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def check(self, prefix: str, build: Callable[[], T]) -> T | None:
        try:
            return build()
        except InvalidInput as error:
            self.problems.extend(error.nested(prefix).problems if prefix else error.problems)
            return None

    def raise_if_any(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)


def build_birth_date(
    birth_date: str | None, estimated_age: int | None, now: datetime
) -> BirthDate | None:
    if birth_date and estimated_age is not None:
        raise InvalidInput.single("estimated_age", "give a date of birth or an age, not both")
    if birth_date:
        return BirthDate.parse(birth_date, now.date())
    if estimated_age is not None:
        return BirthDate.from_estimated_age(estimated_age, now.date())
    return None


def build_name(
    given_names: str | None,
    first_surname: str | None,
    second_surname: str | None,
    as_written: str | None,
) -> PersonName:
    return PersonName.create(given_names, first_surname, second_surname, as_written)


def build_codes(
    collector: ProblemCollector,
    field: str,
    codes: Sequence[str],
    convert: Callable[[str, str], str],
) -> tuple[str, ...]:
    built = [
        collector.check("", lambda c=c, i=i: convert(c, f"{field}.{i}"))  # type: ignore[misc]
        for i, c in enumerate(codes)
    ]
    return tuple(dict.fromkeys(c for c in built if c is not None))


def build_nationalities(collector: ProblemCollector, codes: Sequence[str]) -> tuple[str, ...]:
    return build_codes(collector, "nationalities", codes, country_code)


def build_languages(collector: ProblemCollector, codes: Sequence[str]) -> tuple[str, ...]:
    return build_codes(collector, "languages", codes, language_code)


def build_phones(collector: ProblemCollector, phones: Sequence[str]) -> tuple[str, ...]:
    built = [
        collector.check("", lambda p=p, i=i: normalise_phone(p, f"phones.{i}"))  # type: ignore[misc]
        for i, p in enumerate(phones)
    ]
    return tuple(dict.fromkeys(p for p in built if p is not None))


def build_aliases(collector: ProblemCollector, aliases: Sequence[AliasInput]) -> tuple[Alias, ...]:
    built = [
        collector.check(f"aliases.{i}", lambda a=a: Alias.create(a.text, a.kind))  # type: ignore[misc]
        for i, a in enumerate(aliases)
    ]
    return tuple(a for a in built if a is not None)


def build_documents(
    collector: ProblemCollector, documents: Sequence[DocumentInput]
) -> tuple[IdentityDocument, ...]:
    built = [
        collector.check(
            f"documents.{i}",
            lambda d=d: IdentityDocument.create(  # type: ignore[misc]
                d.kind, d.number, d.issuing_country, d.expires_on
            ),
        )
        for i, d in enumerate(documents)
    ]
    return tuple(d for d in built if d is not None)


def build_address(
    collector: ProblemCollector, address: AddressInput, now: datetime
) -> Address | None:
    return collector.check(
        "address",
        lambda: Address.create(
            address.country, address.line1, address.city, address.state, address.postal_code, now
        ),
    )
