"""Demographic data tables: FY2021 southwest-border encounters by citizenship, month and state.

Counts copied from CBP's nationwide encounters release (FY2021, Southwest Land Border); the
integration test ``tests/integration/synth`` recomputes every figure here from that file.
"""

from __future__ import annotations

from dataclasses import dataclass

# (CBP citizenship label, single adults, family-unit members, unaccompanied children,
# accompanied minors) — FY2021 (Oct 2020 – Sep 2021), Southwest Land Border, both titles.
CBP_FY2021_SOUTHWEST: tuple[tuple[str, int, int, int, int], ...] = (
    ("MEXICO", 598781, 29311, 25697, 1805),
    ("HONDURAS", 124271, 155060, 39904, 89),
    ("GUATEMALA", 141309, 82883, 58778, 65),
    ("EL SALVADOR", 45636, 37490, 15529, 35),
    ("ECUADOR", 55990, 36451, 3694, 15),
    ("BRAZIL", 12898, 43790, 188, 5),
    ("NICARAGUA", 29404, 18776, 1925, 4),
    ("VENEZUELA", 26041, 22302, 315, 20),
    ("HAITI", 22385, 24778, 92, 0),
    ("CUBA", 31088, 7552, 32, 2),
    ("OTHER", 7311, 9900, 278, 21),
    ("COLOMBIA", 3309, 2794, 86, 13),
    ("RUSSIA", 1684, 2389, 11, 19),
    ("ROMANIA", 573, 3410, 79, 5),
    ("PERU", 1958, 1168, 65, 6),
    ("INDIA", 1334, 1020, 234, 0),
    ("TURKEY", 1185, 213, 11, 0),
    ("UKRAINE", 288, 382, 6, 0),
    ("CHINA, PEOPLES REPUBLIC OF", 409, 41, 0, 0),
    ("CANADA", 56, 15, 1, 4),
    ("PHILIPPINES", 13, 3, 0, 0),
    ("MYANMAR (BURMA)", 2, 0, 0, 0),
)

# FY2021 Southwest Land Border encounters by calendar month, in fiscal-year order.
CBP_FY2021_SOUTHWEST_MONTHLY: tuple[tuple[int, int, int], ...] = (
    (2020, 10, 71929),
    (2020, 11, 72113),
    (2020, 12, 73994),
    (2021, 1, 78414),
    (2021, 2, 101099),
    (2021, 3, 173277),
    (2021, 4, 178795),
    (2021, 5, 180597),
    (2021, 6, 189034),
    (2021, 7, 213593),
    (2021, 8, 209840),
    (2021, 9, 192001),
)

# FY2021 Southwest Land Border encounters by US state of the encounter.
CBP_FY2021_SOUTHWEST_STATES: dict[str, int] = {
    "AZ": 311934,
    "CA": 239627,
    "NM": 125628,
    "TX": 1057497,
}


@dataclass(frozen=True)
class Country:
    """How people of one nationality are generated: names, languages and home phone numbers."""

    alpha2: str
    culture: str  # "hispanic", "haitian", "brazilian" or "other": which name rules apply
    languages: tuple[tuple[str, float], ...]  # ISO 639-3 code, share of people


# The CBP file lumps small nationalities into OTHER; it does not say which. This split is an
# assumption (Dominican, Chilean-born and Bolivian families, West and Central Africans), documented
# in docs/synth.md.
OTHER_SPLIT: tuple[tuple[str, float], ...] = (
    ("DO", 0.30),
    ("CL", 0.25),
    ("BO", 0.10),
    ("SN", 0.15),
    ("CM", 0.20),
)

CBP_LABEL_TO_ALPHA2: dict[str, str] = {
    "MEXICO": "MX",
    "HONDURAS": "HN",
    "GUATEMALA": "GT",
    "EL SALVADOR": "SV",
    "ECUADOR": "EC",
    "BRAZIL": "BR",
    "NICARAGUA": "NI",
    "VENEZUELA": "VE",
    "HAITI": "HT",
    "CUBA": "CU",
    "COLOMBIA": "CO",
    "RUSSIA": "RU",
    "ROMANIA": "RO",
    "PERU": "PE",
    "INDIA": "IN",
    "TURKEY": "TR",
    "UKRAINE": "UA",
    "CHINA, PEOPLES REPUBLIC OF": "CN",
    "CANADA": "CA",
    "PHILIPPINES": "PH",
    "MYANMAR (BURMA)": "MM",
}

_SPA = (("spa", 1.0),)

COUNTRIES: dict[str, Country] = {
    c.alpha2: c
    for c in (
        Country("MX", "hispanic", _SPA),
        # Garifuna speakers are a small, visible share of Honduran families.
        Country("HN", "hispanic", (("spa", 0.98), ("cab", 0.02))),
        # Most Guatemalan migrants come from the Mayan western highlands.
        Country(
            "GT",
            "hispanic",
            (("spa", 0.60), ("quc", 0.13), ("mam", 0.14), ("kek", 0.07), ("kjb", 0.06)),
        ),
        Country("SV", "hispanic", _SPA),
        Country("EC", "hispanic", (("spa", 0.94), ("qug", 0.06))),
        Country("NI", "hispanic", _SPA),
        Country("VE", "hispanic", _SPA),
        Country("CU", "hispanic", _SPA),
        Country("CO", "hispanic", _SPA),
        Country("PE", "hispanic", (("spa", 0.95), ("quz", 0.05))),
        Country("DO", "hispanic", _SPA),
        Country("CL", "hispanic", _SPA),
        Country("BO", "hispanic", (("spa", 0.9), ("quh", 0.1))),
        # Many Haitians arrived after years in Chile or Brazil and registered in Spanish.
        Country("HT", "haitian", (("hat", 0.82), ("fra", 0.12), ("spa", 0.06))),
        Country("BR", "brazilian", (("por", 1.0),)),
        Country("RU", "other", (("rus", 1.0),)),
        Country("UA", "other", (("ukr", 0.7), ("rus", 0.3))),
        # Most Romanian families at the border in 2021 were Roma.
        Country("RO", "other", (("ron", 0.5), ("rmy", 0.5))),
        Country("IN", "other", (("pan", 0.6), ("guj", 0.3), ("hin", 0.1))),
        Country("TR", "other", (("tur", 0.6), ("kmr", 0.4))),
        Country("CN", "other", (("cmn", 1.0),)),
        Country("CA", "other", (("eng", 0.8), ("fra", 0.2))),
        Country("PH", "other", (("fil", 0.7), ("eng", 0.3))),
        Country("MM", "other", (("mya", 1.0),)),
        Country("SN", "other", (("wol", 0.6), ("fra", 0.4))),
        Country("CM", "other", (("fra", 0.7), ("eng", 0.3))),
    )
}

MAYAN_LANGUAGES: frozenset[str] = frozenset({"quc", "mam", "kek", "kjb"})

# Registration cities: US state across the line, share of that state's crossings, UTC offset in
# winter, and whether the city follows US daylight saving (Sonora does not).
CITIES: tuple[tuple[str, str, float, int, bool], ...] = (
    ("Tijuana", "CA", 0.70, -8, True),
    ("Mexicali", "CA", 0.30, -8, True),
    ("Nogales", "AZ", 1.00, -7, False),
    ("Ciudad Juárez", "NM", 1.00, -7, True),
    ("Ciudad Juárez", "TX", 0.12, -7, True),
    ("Piedras Negras", "TX", 0.13, -6, True),
    ("Nuevo Laredo", "TX", 0.15, -6, True),
    ("Reynosa", "TX", 0.40, -6, True),
    ("Matamoros", "TX", 0.20, -6, True),
)
