"""Phone numbers, identity documents and addresses, validated and normalised."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

import phonenumbers

from puente.registry.domain.codes import country_code
from puente.shared.errors import InvalidInput

# Most people registering are in Mexico; a number written without +country is read as Mexican.
DEFAULT_PHONE_REGION = "MX"


def normalise_phone(text: str, field: str, region: str = DEFAULT_PHONE_REGION) -> str:
    """A valid phone number in E.164 form (``+526641234567``)."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InvalidInput.single(field, f"{text!r} is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput.single(field, f"{text!r} is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class DocumentKind(StrEnum):
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    A_NUMBER = "a_number"
    BIRTH_CERTIFICATE = "birth_certificate"
    CONSULAR_ID = "consular_id"
    MEXICAN_VISITOR_CARD = "mexican_visitor_card"
    OTHER = "other"


_A_NUMBER = re.compile(r"^A?-?(\d{8,9})$")
_DOCUMENT_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z \-/.]{1,39}$")


@dataclass(frozen=True)
class IdentityDocument:
    kind: DocumentKind
    number: str
    issuing_country: str | None
    expires_on: date | None = None

    @classmethod
    def create(
        cls, kind: str, number: str, issuing_country: str | None, expires_on: date | None = None
    ) -> IdentityDocument:
        try:
            document_kind = DocumentKind(kind)
        except ValueError:
            choices = ", ".join(k.value for k in DocumentKind)
            raise InvalidInput.single("kind", f"must be one of {choices}") from None
        cleaned = number.strip()
        if document_kind is DocumentKind.A_NUMBER:
            match = _A_NUMBER.match(cleaned.replace(" ", "").upper())
            if not match:
                raise InvalidInput.single(
                    "number", "an A-number has 8 or 9 digits, e.g. A123456789"
                )
            # USCIS pads A-numbers to nine digits: A12345678 and A012345678 are the same number.
            cleaned = "A" + match.group(1).zfill(9)
        elif not _DOCUMENT_NUMBER.match(cleaned):
            raise InvalidInput.single("number", "must be 2–40 letters, digits, spaces or - / .")
        country = country_code(issuing_country, "issuing_country") if issuing_country else None
        return cls(document_kind, cleaned, country, expires_on)


@dataclass(frozen=True)
class Address:
    """Where court notices and letters reach the person; ``valid_to`` closes a past address."""

    country: str
    line1: str
    city: str
    state: str | None
    postal_code: str | None
    valid_from: datetime
    valid_to: datetime | None = None

    @classmethod
    def create(
        cls,
        country: str,
        line1: str,
        city: str,
        state: str | None,
        postal_code: str | None,
        valid_from: datetime,
    ) -> Address:
        code = country_code(country, "country")
        if code not in ("MX", "US"):
            raise InvalidInput.single("country", "an address must be in Mexico (MX) or the US (US)")
        if not line1.strip():
            raise InvalidInput.single("line1", "is required")
        if not city.strip():
            raise InvalidInput.single("city", "is required")
        if valid_from.tzinfo is None:
            raise InvalidInput.single("valid_from", "must include a time zone")
        return cls(
            code,
            line1.strip(),
            city.strip(),
            (state or "").strip() or None,
            (postal_code or "").strip() or None,
            valid_from,
        )

    def closed(self, at: datetime) -> Address:
        return replace(self, valid_to=at)
