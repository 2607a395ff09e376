"""Message catalogs: every ``*.po`` file under ``locales/<lang>/LC_MESSAGES`` is one domain.

Each context keeps its own catalog file (``registry.po``, ``stats.po``, …) so that contexts add
strings without touching each other's files. Catalogs are compiled in memory on first use.
"""

from __future__ import annotations

import io
from functools import cache, lru_cache
from pathlib import Path

import pycountry
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from puente.registry.domain.codes import country_name, language_name

LOCALES_DIR = Path(__file__).parent / "locales"
SUPPORTED_LANGUAGES: dict[str, str] = {"es": "Español", "en": "English"}
FALLBACK_LANGUAGE = "en"


def _compile(po_path: Path) -> Translations:
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=po_path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


@cache
def translations_for(language: str) -> NullTranslations:
    """All catalogs of one language merged; unknown languages fall back to source strings."""
    catalog_dir = LOCALES_DIR / language / "LC_MESSAGES"
    merged: NullTranslations = NullTranslations()
    for po_path in sorted(catalog_dir.glob("*.po")):
        compiled = _compile(po_path)
        if isinstance(merged, Translations):
            merged.merge(compiled)
        else:
            merged = compiled
    return merged


def choose_language(requested: str | None, accept_language: str | None) -> str:
    """The page language: an explicit choice, else the browser's first supported one."""
    if requested in SUPPORTED_LANGUAGES:
        return requested
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in SUPPORTED_LANGUAGES:
            return code
    return "es"


@lru_cache(maxsize=4096)
def country_display_name(code: str, language: str) -> str:
    """A country's name in the page language (CLDR), else its ISO name."""
    name = Locale.parse(language).territories.get(code)
    return str(name) if name else country_name(code)


@lru_cache(maxsize=4096)
def language_display_name(code: str, language: str) -> str:
    """A language's name in the page language; CLDR keys languages by ISO 639-1 where one exists."""
    names = Locale.parse(language).languages
    found = pycountry.languages.get(alpha_3=code)
    two_letter = getattr(found, "alpha_2", None)
    name = names.get(two_letter) if two_letter else None
    return str(name or names.get(code) or language_name(code))
