"""A small hand-built population with repeat registrations carrying the field noise we expect."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

import pandas as pd
import pytest

GIVEN = {
    "MX": [
        "María José",
        "José Luis",
        "Jesús",
        "Guadalupe",
        "Francisco",
        "Ana Lucía",
        "Juan Carlos",
    ],
    "HN": ["Josué", "Dania", "Kevin Alexander", "Yesenia", "Wilmer", "Ingrid Marisol"],
    "GT": ["Ixchel", "Tzunún", "Marvin Estuardo", "Rosa Amalia", "Baltazar", "Kawoq"],
    "VE": ["Yorgelis", "Andrés Eduardo", "Daniela", "José Gregorio", "Oriana"],
    "HT": ["Jean-Baptiste", "Guerline", "Wilner", "Nadège", "Mackenson", "Marie Carmelle"],
    "BR": ["João Pedro", "Ana Cláudia", "Raimundo", "Thaís", "Sebastião"],
}
SURNAMES = {
    "MX": ["Martínez", "Cruz", "Hernández", "de la Cruz", "López", "García", "Pérez"],
    "HN": ["Mejía", "Reyes", "Flores", "Zelaya", "Banegas", "Rodríguez"],
    "GT": ["Tzoc", "Cux", "Ajpop", "Xiquín", "Batz", "Morales"],
    "VE": ["Rangel", "Colmenares", "Pacheco", "Briceño", "Guzmán"],
    "HT": ["Pierre", "Jean-Louis", "Joseph", "Saint-Fleur", "Dorvil", "Augustin"],
    "BR": ["dos Santos", "Conceição", "Oliveira", "Ferreira", "da Silva"],
}
NICKNAMES = {"Jesús": "Chuy", "Francisco": "Paco", "Guadalupe": "Lupe", "José Luis": "Pepe"}
HAITIAN = {
    "Guerline": "Gerlin",
    "Jean-Baptiste": "Jean Batis",
    "Nadège": "Nadej",
    "Joseph": "Jozèf",
}


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _upper_plain(r: dict[str, str]) -> None:
    r["given_names"] = _strip_accents(r["given_names"]).upper()


def _drop_second_surname(r: dict[str, str]) -> None:
    r["second_surname"] = ""


def _merge_surnames(r: dict[str, str]) -> None:
    r["first_surname"], r["second_surname"] = r["first_surname"] + r["second_surname"], ""


def _swap_surnames(r: dict[str, str]) -> None:
    if r["second_surname"]:
        r["first_surname"], r["second_surname"] = r["second_surname"], r["first_surname"]


def _nickname(r: dict[str, str]) -> None:
    r["given_names"] = NICKNAMES.get(
        r["given_names"], HAITIAN.get(r["given_names"], r["given_names"])
    )


def _shorten_given(r: dict[str, str]) -> None:
    r["given_names"] = r["given_names"].split()[0]


def _swap_given_and_surname(r: dict[str, str]) -> None:
    r["given_names"], r["first_surname"] = r["first_surname"], r["given_names"]


def _year_only(r: dict[str, str]) -> None:
    r["birth_date"], r["birth_precision"] = r["birth_date"][:4], "year"


def _swap_day_month(r: dict[str, str]) -> None:
    text = r["birth_date"]
    if len(text) == 10 and int(text[8:]) <= 12:
        r["birth_date"] = f"{text[:4]}-{text[8:]}-{text[5:7]}"


def _digit_off(r: dict[str, str]) -> None:
    text = r["birth_date"]
    r["birth_date"] = text[:3] + str((int(text[3]) + 1) % 10) + text[4:]


def _no_phone(r: dict[str, str]) -> None:
    r["phone"] = ""


NOISE: tuple[Callable[[dict[str, str]], None], ...] = (
    _upper_plain,
    _drop_second_surname,
    _merge_surnames,
    _swap_surnames,
    _nickname,
    _shorten_given,
    _swap_given_and_surname,
    _year_only,
    _swap_day_month,
    _digit_off,
    _no_phone,
)


def _noisy(record: dict[str, str], rng: random.Random) -> dict[str, str]:
    out = dict(record)
    for change in rng.sample(NOISE, 2):
        change(out)
    return out


def build_population(people: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Records and their truth (record_id -> person_id), in the generator's export columns."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    truth: list[dict[str, str]] = []
    for person in range(people):
        nationality = rng.choice(sorted(GIVEN))
        sex = rng.choice(["female", "male"])
        base = {
            "given_names": rng.choice(GIVEN[nationality]),
            "first_surname": rng.choice(SURNAMES[nationality]),
            "second_surname": rng.choice(SURNAMES[nationality]) if nationality != "HT" else "",
            "sex": sex,
            "birth_date": (
                f"{rng.randint(1960, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            ),
            "birth_precision": "exact",
            "nationality": nationality,
            "phone": f"+52{rng.randint(10**9, 10**10 - 1)}" if rng.random() < 0.7 else "",
        }
        copies = rng.choice([1, 1, 2, 2, 3, 4])
        for copy in range(copies):
            record = base if copy == 0 else _noisy(base, rng)
            record_id = f"R{len(rows):05d}"
            rows.append(
                {
                    "record_id": record_id,
                    **record,
                    "name_as_written": f"{record['given_names']} {record['first_surname']}",
                    "language": "spa",
                    "family_id": "",
                    "relationship": "head",
                    "unaccompanied_child": "false",
                    "vulnerabilities": "",
                    "registered_at": "2023-05-11T08:00:00-06:00",
                    "registration_city": "Tijuana",
                }
            )
            truth.append({"record_id": record_id, "person_id": f"P{person:05d}"})
    return pd.DataFrame(rows), pd.DataFrame(truth)


@pytest.fixture(scope="session")
def population() -> tuple[pd.DataFrame, pd.DataFrame]:
    return build_population(people=160, seed=7)
