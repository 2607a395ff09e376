"""The cases API: encounters, cases and their moves, hearings, representation, notes, the
caseworker's queue, and which pathways the dated policy gave on a date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import Engine

from puente.access.domain.decisions import ProtectedRecord
from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.cases.adapters import views
from puente.cases.adapters.gated import (
    CasePage,
    change_and_show_case,
    change_case,
    reader,
    show_case,
    show_queue,
    writer,
)
from puente.cases.adapters.schemas import (
    CaseOut,
    EncounterOut,
    HearingIn,
    NoteIn,
    OpenCaseIn,
    PathwaysIn,
    QueueOut,
    RepresentationIn,
    TransitionIn,
)
from puente.cases.adapters.store.people import SqlPeopleDirectory, person_summaries
from puente.cases.adapters.store.queries import Holding, stored_encounter
from puente.cases.domain.case import require_aware
from puente.cases.domain.encounter import zone_named
from puente.cases.services.commands import (
    AddNote,
    AddRepresentation,
    MoveCase,
    OpenCase,
    RecordEncounter,
    ScheduleHearing,
)
from puente.cases.services.court import case_deadlines, schedule_hearing
from puente.cases.services.pathway import (
    UnitOfWorkFactory,
    move_case,
    open_case,
    record_encounter,
)
from puente.cases.services.records import add_note, add_representation
from puente.policy.adapters.documents import determination_json
from puente.policy.adapters.table_file import load_table
from puente.policy.domain.facts import Facts
from puente.policy.domain.rules import explain
from puente.policy.domain.table import PolicyTable
from puente.shared.errors import InvalidInput, NotFound
from puente.web.access import guarded, shown
from puente.web.routing import ERRORS, engine_of, keyring_of

router = APIRouter(tags=["cases"], responses=ERRORS)

Reader = Annotated[Gate, Depends(guarded(Permission.CASES_READ))]
Writer = Annotated[Gate, Depends(guarded(Permission.CASES_WRITE))]
Recorder = Annotated[Gate, Depends(guarded(Permission.ENCOUNTERS_RECORD))]


@cache
def policy_table() -> PolicyTable:
    return load_table()


def _actor(gate: Gate) -> str:
    return str(gate.principal.user_id)


def _require_people(gate: Gate, engine: Engine, person_ids: list[UUID]) -> None:
    """Every person must be one the caller may read in the registry: a case or encounter shows
    their name, so it cannot be a way around the registry's sharing rules."""
    known = person_summaries(engine, person_ids).values()
    readable = gate.read_many(
        Permission.REGISTRY_READ,
        [
            (ProtectedRecord("person", p.id, p.owner_id, (p.id,), frozenset(p.nationalities)), {})
            for p in known
        ],
        {},
        "case: check people",
    )
    visible = {item.record.record_id for item in readable}
    missing = [i for i, p in enumerate(person_ids) if p not in visible]
    if missing:
        raise InvalidInput.single(f"person_ids.{missing[0]}", "no such person in the registry")


def case_out(page: CasePage) -> CaseOut:
    body = shown(page.case)
    body["notes"] = [n.view.data for n in page.notes]
    body["redacted"] += [
        f"notes.{i}.{path}" for i, n in enumerate(page.notes) for path in n.view.removed
    ]
    return CaseOut.model_validate(body)


def _on_clock(at: datetime, timezone: str | None, field: str) -> datetime:
    return at.astimezone(zone_named(timezone, field)) if timezone else at


@router.post("/cases", status_code=201)
def open_a_case(body: OpenCaseIn, request: Request, gate: Writer) -> CaseOut:
    engine = engine_of(request)
    _require_people(gate, engine, body.person_ids)
    opened_at = _on_clock(body.opened_at or datetime.now(UTC), body.timezone, "timezone")
    command = OpenCase(
        case_id=body.case_id or uuid4(),
        person_ids=body.person_ids,
        opened_at=opened_at,
        caseworker=body.caseworker or _actor(gate),
    )
    audit = gate.authorise_write(
        Permission.CASES_WRITE, views.CASE_RECORD, None, "case.open", command.case_id
    )
    case = open_case(writer(engine, keyring_of(request), gate, audit), command)
    return case_out(show_case(gate, engine, keyring_of(request), case.id))


@router.get("/cases/queue")
def queue(
    request: Request,
    gate: Reader,
    caseworker: str | None = None,
    now: datetime | None = None,
    days: Annotated[int, Query(ge=1, le=366)] = 30,
) -> QueueOut:
    """Open deadlines (overdue first) and hearings of a caseworker's cases, soonest first."""
    at = now or datetime.now(UTC)
    require_aware(at, "now")
    worker = caseworker or _actor(gate)
    found = show_queue(
        gate, engine_of(request), keyring_of(request), worker, at, timedelta(days=days)
    )
    removed = sorted({p for s in [*found.deadlines, *found.hearings] for p in s.view.removed})
    return QueueOut(
        caseworker=worker,
        now=at.isoformat(),
        deadlines=[s.view.data for s in found.deadlines],
        hearings=[s.view.data for s in found.hearings],
        redacted=removed,
    )


@router.get("/cases/{case_id}")
def get_case(case_id: UUID, request: Request, gate: Reader) -> CaseOut:
    return case_out(show_case(gate, engine_of(request), keyring_of(request), case_id))


@router.post("/cases/{case_id}/transitions", status_code=201)
def transition(case_id: UUID, body: TransitionIn, request: Request, gate: Writer) -> CaseOut:
    """Move the case; a move the transition table does not allow is a 409 naming both states."""
    engine = engine_of(request)
    command = MoveCase(
        case_id=case_id,
        target=body.target,
        at=_on_clock(body.at, body.timezone, "timezone"),
        actor=_actor(gate),
        reason=body.reason,
        policy_id=body.policy_id,
        expected_sequence=body.expected_sequence,
    )
    page = change_and_show_case(
        gate,
        engine,
        keyring_of(request),
        case_id,
        "case.move",
        lambda uow: move_case(uow, command),
    )
    return case_out(page)


@router.post("/cases/{case_id}/hearings", status_code=201)
def add_hearing(case_id: UUID, body: HearingIn, request: Request, gate: Writer) -> CaseOut:
    engine = engine_of(request)
    command = ScheduleHearing(
        hearing_id=body.hearing_id or uuid4(),
        case_id=case_id,
        **body.model_dump(exclude={"hearing_id"}),
    )
    page = change_and_show_case(
        gate,
        engine,
        keyring_of(request),
        case_id,
        "case.hearing",
        lambda uow: schedule_hearing(uow, command),
    )
    return case_out(page)


@router.post("/cases/{case_id}/representation", status_code=201)
def represent(case_id: UUID, body: RepresentationIn, request: Request, gate: Writer) -> CaseOut:
    engine = engine_of(request)
    command = AddRepresentation(case_id=case_id, **body.model_dump())
    page = change_and_show_case(
        gate,
        engine,
        keyring_of(request),
        case_id,
        "case.representation",
        lambda uow: add_representation(uow, command),
    )
    return case_out(page)


@router.post("/cases/{case_id}/notes", status_code=201)
def note(case_id: UUID, body: NoteIn, request: Request, gate: Writer) -> CaseOut:
    engine = engine_of(request)
    command = AddNote(
        note_id=body.note_id or uuid4(),
        case_id=case_id,
        written_at=datetime.now(UTC),
        author=_actor(gate),
        text=body.text,
        confidentiality=body.confidentiality,
    )
    page = change_and_show_case(
        gate,
        engine,
        keyring_of(request),
        case_id,
        "case_note.add",
        lambda uow: add_note(uow, command),
        also=[command.note_id],
    )
    return case_out(page)


@router.get("/cases/{case_id}/reminders")
def reminders(case_id: UUID, request: Request, gate: Reader) -> list[dict[str, Any]]:
    """When to remind the person of each open deadline, in their language (message keys)."""
    engine = engine_of(request)
    show_case(
        gate, engine, keyring_of(request), case_id
    )  # the same access decision as the case itself
    found = case_deadlines(
        reader(engine, keyring_of(request)),
        SqlPeopleDirectory(engine, keyring_of(request)),
        case_id,
    )
    return [
        {
            "kind": r.kind.value,
            "send_at": r.send_at.isoformat(),
            "due_at": r.due_at.isoformat(),
            "message_key": r.message_key,
            "language": r.language,
        }
        for r in found.reminders
    ]


def _encounter_out(
    gate: Gate, engine: Engine, encounter_id: UUID, permission: Permission
) -> EncounterOut:
    found = stored_encounter(engine, encounter_id)
    if found is None:
        raise NotFound(views.ENCOUNTER_RECORD, encounter_id)
    holding, encounter = found
    record = _encounter_record(engine, encounter_id, holding)
    view = gate.read(
        permission, record, views.encounter_view(encounter), views.ENCOUNTER, "encounter.read"
    )
    return EncounterOut.model_validate(shown(view))


def _encounter_record(engine: Engine, encounter_id: UUID, holding: Holding) -> ProtectedRecord:
    people = person_summaries(engine, holding.person_ids)
    return views.protected(views.ENCOUNTER_RECORD, encounter_id, holding, people)


@router.post("/encounters", status_code=201)
def post_encounter(command: RecordEncounter, request: Request, gate: Recorder) -> EncounterOut:
    """Record an encounter under the authority the policy table gives for its instant; with a
    ``case_id`` the case, presented at a port, moves on."""
    engine = engine_of(request)
    _require_people(gate, engine, command.person_ids)

    def perform(uow: UnitOfWorkFactory) -> None:
        record_encounter(uow, command, policy_table())

    if command.case_id is None:
        audit = gate.authorise_write(
            Permission.ENCOUNTERS_RECORD,
            views.ENCOUNTER_RECORD,
            None,
            "encounter.record",
            command.encounter_id,
        )
        perform(writer(engine, keyring_of(request), gate, audit))
    else:
        change_case(
            gate,
            engine,
            keyring_of(request),
            Permission.ENCOUNTERS_RECORD,
            command.case_id,
            "encounter.record",
            perform,
            also=[command.encounter_id],
        )
    return _encounter_out(gate, engine, command.encounter_id, Permission.ENCOUNTERS_RECORD)


@router.get("/encounters/{encounter_id}")
def get_encounter(encounter_id: UUID, request: Request, gate: Reader) -> EncounterOut:
    return _encounter_out(gate, engine_of(request), encounter_id, Permission.CASES_READ)


@router.post("/pathways")
def pathways(body: PathwaysIn, request: Request, gate: Reader) -> dict[str, Any]:
    """Which pathways the dated policy table gave for these facts (and encounter) on a date,
    and why, citing the policies."""
    engine = engine_of(request)
    facts: dict[str, object] = dict(body.facts)
    at = body.at
    if body.encounter_id is not None:
        found = stored_encounter(engine, body.encounter_id)
        if found is None:
            raise NotFound(views.ENCOUNTER_RECORD, body.encounter_id)
        holding, encounter = found
        record = _encounter_record(engine, encounter.id, holding)
        gate.read(
            Permission.CASES_READ,
            record,
            {"id": str(encounter.id)},
            {"id": views.REF},
            "encounter.pathways",
        )
        facts.setdefault("encounter_kind", encounter.place.kind.value)
        at = at or encounter.local_time
    if at is None:
        raise InvalidInput.single("at", "give a date, or an encounter whose date to use")
    return determination_json(explain(policy_table(), Facts.of(facts), at))
