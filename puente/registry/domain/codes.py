"""Reference codes: countries (ISO 3166-1) and languages (ISO 639-3, Indigenous ones included)."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from puente.shared.errors import InvalidInput


@lru_cache(maxsize=512)
def _country(code: str) -> str | None:
    code = code.strip().upper()
    found = (
        pycountry.countries.get(alpha_2=code)
        if len(code) == 2
        else (pycountry.countries.get(alpha_3=code) if len(code) == 3 else None)
    )
    return str(found.alpha_2) if found else None


def country_code(code: str, field: str) -> str:
    """The ISO 3166-1 alpha-2 code for an alpha-2 or alpha-3 code."""
    found = _country(code)
    if found is None:
        raise InvalidInput.single(field, f"{code!r} is not an ISO 3166-1 country code")
    return found


@lru_cache(maxsize=512)
def _language(code: str) -> str | None:
    code = code.strip().lower()
    found = (
        pycountry.languages.get(alpha_3=code)
        if len(code) == 3
        else (pycountry.languages.get(alpha_2=code) if len(code) == 2 else None)
    )
    return str(found.alpha_3) if found else None


def language_code(code: str, field: str) -> str:
    """The ISO 639-3 code (``spa``, ``hat``, ``quc``, ``mam``…); two-letter codes are accepted."""
    found = _language(code)
    if found is None:
        raise InvalidInput.single(field, f"{code!r} is not an ISO 639-3 language code")
    return found


def language_name(code: str) -> str:
    found = pycountry.languages.get(alpha_3=code)
    return str(found.name) if found else code


def country_name(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code)
    return str(found.name) if found else code
