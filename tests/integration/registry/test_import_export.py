"""Importing files keeps the good rows, lists every bad one, and can be re-run safely."""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import Engine, func, select

from puente.access.domain.roles import DataCategory, Role
from puente.access.domain.sharing import Purpose
from puente.access.services.guard import Gate
from puente.registry.adapters.exporter import export_registrations
from puente.registry.adapters.importer import import_registrations
from puente.registry.adapters.row_format import COLUMNS
from puente.registry.adapters.store import tables as t
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork, audited_factory
from puente.shared.db import make_engine
from tests.support.callers import (
    caller_gate,
    consent,
    make_caller,
    organisation,
    share,
    stored_organisation,
)
from tests.support.keys import KEYRING

NOW = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
AGREED = datetime(2021, 7, 1, tzinfo=UTC)  # agreements and consent in force well before now
ROWS = [
    {
        "family_ref": "F1",
        "relationship": "head",
        "given_names": "Ana Lucía",
        "first_surname": "Pérez",
        "second_surname": "Gómez",
        "sex": "female",
        "birth_date": "1988-02-10",
        "nationalities": "SV",
        "languages": "spa",
        "phones": "+52 899 555 1234",
        "location": "Reynosa",
        "consent_given": "sí",
        "vulnerabilities": "single_caregiver",
    },
    {
        "family_ref": "F1",
        "relationship": "child",
        "given_names": "Mateo",
        "first_surname": "Pérez",
        "sex": "male",
        "estimated_age": "6",
        "nationalities": "SV",
        "location": "Reynosa",
    },
    {
        "given_names": "Dieudonné",
        "first_surname": "Jean-Baptiste",
        "sex": "male",
        "birth_date": "1979",
        "nationalities": "HTI",
        "languages": "hat;fra",
        "document_kind": "a_number",
        "document_number": "A 98765432",
        "location": "Tijuana",
    },
    # bad: a digit in the name and an impossible date
    {
        "given_names": "L3ticia",
        "first_surname": "Ramos",
        "birth_date": "1990-02-31",
        "location": "Tijuana",
    },
    # bad: unknown nationality
    {
        "given_names": "Pedro",
        "first_surname": "Chávez",
        "nationalities": "Atlantis",
        "location": "Nogales",
    },
]


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _count(engine: Engine, table: t.Table) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def test_good_rows_are_imported_and_every_bad_row_is_reported(
    engine: Engine, tmp_path: Path, registrar_gate: Gate
) -> None:
    path = _write_csv(tmp_path / "registrations.csv", ROWS)
    report = import_registrations(audited_factory(engine, KEYRING), registrar_gate, path, NOW)
    assert (report.registered, report.people) == (2, 3)
    assert {(r.line, r.field) for r in report.rejected} == {
        (5, "members.0.given_names"),
        (5, "members.0.birth_date"),
        (6, "members.0.nationalities.0"),
    }
    assert _count(engine, t.persons) == 3
    assert _count(engine, t.family_groups) == 1


def test_a_re_run_adds_nothing(engine: Engine, tmp_path: Path, registrar_gate: Gate) -> None:
    path = _write_csv(tmp_path / "registrations.csv", ROWS[:3])
    uow = audited_factory(engine, KEYRING)
    first = import_registrations(uow, registrar_gate, path, NOW)
    again = import_registrations(uow, registrar_gate, path, NOW)
    assert (first.registered, again.registered, again.already_present) == (2, 0, 2)
    assert _count(engine, t.persons) == 3


def test_xlsx_files_are_imported(engine: Engine, tmp_path: Path, registrar_gate: Gate) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(COLUMNS)
    for row in ROWS[:3]:
        sheet.append([row.get(c, "") for c in COLUMNS])
    path = tmp_path / "registrations.xlsx"
    workbook.save(path)
    report = import_registrations(audited_factory(engine, KEYRING), registrar_gate, path, NOW)
    assert (report.registered, report.people, report.rejected) == (2, 3, [])


def _gates(engine: Engine) -> tuple[Gate, Gate]:
    """A registrar's and a caseworker's gate, both of one new organisation."""
    holder = stored_organisation(engine)
    return (
        caller_gate(engine, make_caller(engine, holder, Role.REGISTRAR)),
        caller_gate(engine, make_caller(engine, holder, Role.CASEWORKER)),
    )


def test_an_export_imports_into_an_empty_database_unchanged(
    engine: Engine, tmp_path: Path, sqlite_template: Path
) -> None:
    registrar_gate, exporter = _gates(engine)
    source = _write_csv(tmp_path / "registrations.csv", ROWS[:3])
    import_registrations(audited_factory(engine, KEYRING), registrar_gate, source, NOW)
    exported = tmp_path / "export.csv"
    assert (
        export_registrations(partial(SqlRegistryUnitOfWork, engine, KEYRING), exporter, exported)
        == 3
    )

    copy = tmp_path / "copy.db"
    shutil.copy(sqlite_template, copy)
    other = make_engine(f"sqlite:///{copy}")
    other_gate, other_exporter = _gates(other)
    report = import_registrations(audited_factory(other, KEYRING), other_gate, exported, NOW)
    assert (report.registered, report.people, report.rejected) == (2, 3, [])
    re_exported = tmp_path / "re-export.csv"
    export_registrations(
        partial(SqlRegistryUnitOfWork, other, KEYRING), other_exporter, re_exported
    )
    other.dispose()

    def comparable(path: Path) -> list[dict[str, str]]:
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        # Family ids are new in the other database; everything a person gave must be the same.
        return sorted(
            ({**r, "family_ref": bool(r["family_ref"])} for r in rows),
            key=lambda r: r["given_names"],
        )  # type: ignore[misc]

    assert comparable(exported) == comparable(re_exported)


def test_an_export_holds_only_what_the_reader_may_see(
    engine: Engine, tmp_path: Path, registrar_gate: Gate
) -> None:
    import_registrations(
        audited_factory(engine, KEYRING),
        registrar_gate,
        _write_csv(tmp_path / "registrations.csv", ROWS[:3]),
        NOW,
    )
    legal_aid = organisation("Al Otro Lado")
    lawyer_gate = caller_gate(engine, make_caller(engine, legal_aid, Role.CASEWORKER))
    exported = tmp_path / "export.csv"
    uow = partial(SqlRegistryUnitOfWork, engine, KEYRING)
    assert export_registrations(uow, lawyer_gate, exported) == 0

    share(
        engine,
        registrar_gate.principal.organisation,
        legal_aid,
        Purpose.LEGAL_REPRESENTATION,
        frozenset({"registration"}),
        frozenset({DataCategory.IDENTITY}),
        AGREED,
    )
    with engine.connect() as connection:
        haitian = connection.scalar(
            select(t.persons.c.id).where(t.persons.c.first_surname == "Jean-Baptiste")
        )
    assert haitian is not None
    consent(engine, haitian, Purpose.LEGAL_REPRESENTATION, AGREED)
    assert export_registrations(uow, lawyer_gate, exported) == 1
    with exported.open(encoding="utf-8") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["given_names"] == "Dieudonné"
    assert row["document_number"] == row["location"] == row["phones"] == ""
