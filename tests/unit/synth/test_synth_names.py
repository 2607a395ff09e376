"""Names fit each nationality's conventions, and the name tables are large and well formed."""

from __future__ import annotations

import pandas as pd

from puente.synth import names_hispanic as hisp
from puente.synth.names import MAYA, name_tables
from puente.synth.noise import nickname_for


def _first_records(joined: pd.DataFrame) -> pd.DataFrame:
    return joined.drop_duplicates("person_id")


def test_tables_have_several_hundred_weighted_names() -> None:
    tables = name_tables()
    assert len(tables.given) >= 400
    assert len(tables.surname_male) >= 300
    for entry in (*tables.given_entries, *tables.surname_entries):
        assert entry.weight > 0
        assert entry.text == entry.text.strip()
        assert "  " not in entry.text
    texts = {e.text for e in tables.surname_entries}
    assert {"de la Cruz", "del Valle", "de León", "da Silva", "dos Santos"} <= texts
    assert any("'" in e.text for e in tables.given_entries)


def test_common_names_are_common(joined: pd.DataFrame) -> None:
    first = _first_records(joined)
    mexican = first[first["nationality"] == "MX"]
    top = mexican["first_surname"].value_counts()
    assert top.index[0] in {"Hernández", "García", "López", "Martínez", "González"}
    assert top.iloc[0] > 5 * top.median()


def test_name_as_written_joins_the_fields_on_first_registration(joined: pd.DataFrame) -> None:
    first = _first_records(joined)
    expected = first["given_names"] + " " + first["first_surname"] + " " + first["second_surname"]
    assert (first["name_as_written"] == expected.str.strip()).all()


def test_spanish_speakers_have_two_surnames_and_compound_given_names(joined: pd.DataFrame) -> None:
    first = _first_records(joined)
    hispanic = first[first["nationality"].isin(["MX", "HN", "GT", "SV", "EC", "NI", "VE", "CU"])]
    assert (hispanic["second_surname"] != "").mean() > 0.9
    assert hispanic["given_names"].str.contains(" ").mean() > 0.3
    particles = hispanic["name_as_written"].str.contains(r" (?:de|del|de la|de los) ", regex=True)
    assert particles.sum() > 5


def test_haitians_have_french_creole_names_and_one_surname(joined: pd.DataFrame) -> None:
    haitian = joined[joined["nationality"] == "HT"]
    assert len(haitian) > 50
    assert (haitian["second_surname"] == "").all()
    tables = name_tables()
    haitian_given = {e.text for e in tables.given_entries if e.culture == "haitian"}
    first = _first_records(haitian)
    assert first["given_names"].str.split(" ").str[0].isin(haitian_given).all()
    assert set(first["language"]) <= {"hat", "fra", "spa"}


def test_brazilians_have_portuguese_names(joined: pd.DataFrame) -> None:
    first = _first_records(joined[joined["nationality"] == "BR"])
    assert len(first) > 30
    tables = name_tables()
    surnames = {e.text for e in tables.surname_entries if e.culture == "brazilian"}
    assert first["first_surname"].isin(surnames).all()
    assert (first["language"] == "por").all()
    assert (first["second_surname"] != "").mean() > 0.4


def test_mayan_speakers_carry_mayan_surnames(joined: pd.DataFrame) -> None:
    first = _first_records(joined[joined["nationality"] == "GT"])
    mayan_surnames = {e.text for e in name_tables().surname_entries if "MAYA" in e.tags}
    speaks_mayan = first["language"].isin(["quc", "mam", "kek", "kjb"])
    share = first["first_surname"].isin(mayan_surnames) | first["second_surname"].isin(
        mayan_surnames
    )
    assert 0.2 < speaks_mayan.mean() < 0.6
    assert share[speaks_mayan].mean() > 0.4
    assert share[~speaks_mayan].mean() < 0.1
    assert MAYA == "GT_MAYA"


def test_russian_and_indian_surnames_follow_gender(joined: pd.DataFrame) -> None:
    tables = name_tables()
    pairs = {e.text: e.female_text for e in tables.surname_entries if e.female_text != e.text}
    assert pairs["Singh"] == "Kaur"
    assert pairs["Ivanov"] == "Ivanova"


def test_required_nicknames_exist() -> None:
    required = {
        "Jesús": "Chuy",
        "José": "Pepe",
        "Francisco": "Paco",
        "Guadalupe": "Lupe",
        "Ignacio": "Nacho",
        "Guillermo": "Memo",
        "Lorenzo": "Lencho",
    }
    for formal, nickname in required.items():
        assert nickname in nickname_for(formal, "hispanic")
    assert "Pepe" in nickname_for("José Luis", "hispanic")
    assert nickname_for("José", "haitian") == ()
    assert hisp.NICKNAMES.count("\n") > 30


def test_some_families_have_twins_and_sons_named_after_their_father(joined: pd.DataFrame) -> None:
    first = _first_records(joined)
    children = first[(first["relationship"] == "child") & (first["birth_precision"] == "exact")]
    key = ["family_id", "birth_date", "first_surname", "second_surname"]
    twins = children[children.duplicated(key, keep=False)]
    assert twins["person_id"].nunique() >= 4
    heads = first[first["relationship"] == "head"].set_index("family_id")["given_names"]
    sons = first[(first["relationship"] == "child") & (first["sex"] == "male")]
    named_after_head = sons["given_names"] == sons["family_id"].map(heads)
    assert named_after_head.sum() >= 2
