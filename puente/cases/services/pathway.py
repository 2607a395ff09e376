"""Use cases along the case pathway: open a case, move it, ask its state at a date, and record
an encounter whose legal authority the dated policy table decides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from puente.cases.domain.case import AsylumCase, CaseEvent
from puente.cases.domain.encounter import (
    Encounter,
    EncounterOutcome,
    LegalAuthority,
    Place,
)
from puente.cases.domain.states import CaseState
from puente.cases.services.commands import MoveCase, OpenCase, RecordEncounter
from puente.cases.services.ports import CasesUnitOfWork
from puente.cases.services.projection import refresh_deadlines
from puente.policy.domain.facts import Facts
from puente.policy.domain.rules import Determination, Verdict, explain
from puente.policy.domain.table import PolicyTable
from puente.shared.errors import InvalidInput, NotFound, StaleVersion

UnitOfWorkFactory = Callable[[], CasesUnitOfWork]

# Where a presentation at a port leads, by what happened to the person there.
PRESENTATION_MOVES = {
    EncounterOutcome.EXPELLED: CaseState.EXPELLED_TITLE_42,
    EncounterOutcome.NTA_RELEASED: CaseState.NTA_ISSUED,
    EncounterOutcome.EXPEDITED_REMOVAL: CaseState.EXPEDITED_REMOVAL,
}


def load_case(uow: CasesUnitOfWork, case_id: UUID) -> AsylumCase:
    case = uow.cases.get(case_id)
    if case is None:
        raise NotFound("case", case_id)
    return case


def open_case(new_uow: UnitOfWorkFactory, command: OpenCase) -> AsylumCase:
    case = AsylumCase(
        command.case_id, tuple(command.person_ids), command.opened_at, command.caseworker
    )
    with new_uow() as uow:
        if uow.cases.get(command.case_id) is not None:
            raise InvalidInput.single("case_id", "a case with this id exists")
        uow.cases.add(case)
        uow.commit()
    return case


def move_case(new_uow: UnitOfWorkFactory, command: MoveCase) -> CaseEvent:
    with new_uow() as uow:
        case = load_case(uow, command.case_id)
        if command.expected_sequence is not None and command.expected_sequence != len(case.events):
            raise StaleVersion("case", len(case.events))
        event = case.move(
            command.target, command.at, command.actor, command.reason, command.policy_id
        )
        uow.cases.append(event)
        refresh_deadlines(uow, case)
        uow.commit()
    return event


def case_state_at(new_uow: UnitOfWorkFactory, case_id: UUID, when: datetime) -> CaseState | None:
    with new_uow() as uow:
        return load_case(uow, case_id).state_at(when)


@dataclass(frozen=True)
class RecordedEncounter:
    encounter: Encounter
    determination: Determination
    case_event: CaseEvent | None


def record_encounter(
    new_uow: UnitOfWorkFactory, command: RecordEncounter, table: PolicyTable
) -> RecordedEncounter:
    """Store the encounter under the authority the policy table gives for that instant.

    With ``case_id`` the case, presented at a port, moves on with the policy named on the event.
    """
    place = Place(command.place, command.place_kind, command.timezone)
    at = command.at.astimezone(place.zone)
    facts = Facts.of({**command.facts, "encounter_kind": command.place_kind.value})
    determination = explain(table, facts, at)
    authority_name = determination.outcome.authority
    if authority_name is None:
        raise InvalidInput.single("at", "no legal authority in the policy table covers this date")
    authority = LegalAuthority(authority_name)
    if authority is LegalAuthority.TITLE_42:
        outcome = EncounterOutcome.EXPELLED
    elif command.title8_outcome is EncounterOutcome.EXPELLED:
        raise InvalidInput.single("title8_outcome", "expulsion is not a Title 8 outcome")
    else:
        outcome = command.title8_outcome
    applying = tuple(f.policy_id for f in determination.findings if f.verdict is Verdict.APPLIES)
    encounter = Encounter(
        command.encounter_id,
        place,
        at,
        command.agency,
        tuple(command.person_ids),
        authority,
        outcome,
        applying,
        command.family_id,
    )
    with new_uow() as uow:
        event = None
        if command.case_id is not None:
            case = load_case(uow, command.case_id)
            target = PRESENTATION_MOVES.get(outcome)
            if target is None:
                raise InvalidInput.single(
                    "title8_outcome", f"{outcome.value} does not follow a presentation at a port"
                )
            reason = f"encounter {encounter.id} at {place.name}: {authority.value}"
            event = case.move(target, at, command.actor, reason, determination.authority_policy)
            uow.cases.append(event)
            refresh_deadlines(uow, case)
        uow.cases.add_encounter(encounter)
        uow.commit()
    return RecordedEncounter(encounter, determination, event)
