"""Use cases that add records to a case: representation, filings, notes with confidentiality."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from puente.cases.domain.representation import (
    CaseNote,
    Filing,
    Representation,
    Representative,
)
from puente.cases.services.commands import AddNote, AddRepresentation
from puente.cases.services.pathway import UnitOfWorkFactory, load_case
from puente.cases.services.projection import refresh_deadlines


def add_representation(new_uow: UnitOfWorkFactory, command: AddRepresentation) -> Representation:
    representative = Representative(
        command.name, command.kind, command.organisation, command.eoir_id
    )
    representation = Representation(command.case_id, representative, command.form, command.filed_at)
    with new_uow() as uow:
        load_case(uow, command.case_id)
        uow.cases.add_representation(representation)
        uow.commit()
    return representation


def record_filing(
    new_uow: UnitOfWorkFactory, case_id: UUID, form: str, filed_at: datetime, filed_by: str
) -> Filing:
    filing = Filing(case_id, form.strip().upper(), filed_at, filed_by)
    with new_uow() as uow:
        case = load_case(uow, case_id)
        uow.cases.add_filing(filing)
        refresh_deadlines(uow, case)
        uow.commit()
    return filing


def add_note(new_uow: UnitOfWorkFactory, command: AddNote) -> CaseNote:
    note = CaseNote(
        command.note_id,
        command.case_id,
        command.written_at,
        command.author,
        command.text,
        command.confidentiality,
    )
    with new_uow() as uow:
        load_case(uow, command.case_id)
        uow.cases.add_note(note)
        uow.commit()
    return note
