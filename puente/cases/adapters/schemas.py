"""Request and response bodies of the cases API; a field the caller may not see comes back null."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from puente.cases.domain.hearings import HearingKind, HearingOutcome
from puente.cases.domain.representation import (
    AppearanceForm,
    Confidentiality,
    RepresentativeKind,
)
from puente.cases.domain.states import CaseState

TIMEZONE = Field(default=None, max_length=64, examples=["America/Tijuana"])


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OpenCaseIn(_In):
    case_id: UUID | None = None
    person_ids: list[UUID] = Field(min_length=1)
    opened_at: AwareDatetime | None = Field(default=None, description="default: now")
    timezone: str | None = TIMEZONE
    caseworker: str | None = Field(default=None, description="default: the caller's user id")


class TransitionIn(_In):
    target: CaseState
    at: AwareDatetime
    timezone: str | None = Field(
        default=None, max_length=64, description="IANA zone of the place where it happened"
    )
    reason: str = Field(min_length=1, max_length=2000)
    policy_id: str | None = None
    expected_sequence: int | None = None


class HearingIn(_In):
    hearing_id: UUID | None = None
    kind: HearingKind
    court_code: str = Field(min_length=1, max_length=20)
    court_name: str = Field(min_length=1, max_length=200)
    court_city: str = Field(min_length=1, max_length=120)
    court_timezone: str = Field(max_length=64, examples=["America/Chicago"])
    scheduled_at: AwareDatetime
    judge: str = Field(max_length=120)
    earlier_requested: bool = False


class RepresentationIn(_In):
    name: str = Field(min_length=1, max_length=200)
    kind: RepresentativeKind
    organisation: str | None = None
    eoir_id: str | None = None
    form: AppearanceForm
    filed_at: AwareDatetime


class NoteIn(_In):
    note_id: UUID | None = None
    text: str = Field(min_length=1, max_length=20_000)
    confidentiality: Confidentiality


class NoticeIn(_In):
    hearing_id: UUID
    person_id: UUID = Field(description="the person of the case it was sent to")
    sent_at: AwareDatetime
    country: str = Field(min_length=2, max_length=2)
    line1: str = Field(min_length=1, max_length=200)
    city: str = Field(min_length=1, max_length=120)
    state: str | None = Field(default=None, max_length=120)
    postal_code: str | None = Field(default=None, max_length=20)


class FilingIn(_In):
    form: str = Field(min_length=1, max_length=20, examples=["I-589"])
    filed_at: AwareDatetime


class OutcomeIn(_In):
    outcome: HearingOutcome


class PathwaysIn(_In):
    encounter_id: UUID | None = Field(default=None, description="take date, place and kind")
    at: AwareDatetime | None = Field(default=None, description="the date asked about")
    facts: dict[str, str | bool] = Field(default_factory=dict)


class _Out(BaseModel):
    redacted: list[str] = Field(default_factory=list, description="paths the caller may not see")


class PersonOut(BaseModel):
    id: str | None = None
    name: str | None = None
    nationalities: list[str] | None = None


class EventOut(BaseModel):
    sequence: int | None = None
    source: str | None = None
    target: str | None = None
    occurred_at: str | None = None
    timezone: str | None = None
    actor: str | None = None
    policy_id: str | None = None
    reason: str | None = None


class HearingOut(BaseModel):
    id: str | None = None
    case_id: str | None = None
    kind: str | None = None
    court: str | None = None
    court_name: str | None = None
    court_city: str | None = None
    timezone: str | None = None
    scheduled_at: str | None = Field(default=None, description="on the court's clock")
    judge: str | None = None
    outcome: str | None = None
    continuances: list[dict[str, Any]] | None = None
    venue_changes: list[dict[str, Any]] | None = None


class DeadlineOut(BaseModel):
    case_id: str | None = None
    kind: str | None = None
    basis: str | None = None
    due_at: str | None = Field(default=None, description="exclusive, on the deadline's clock")
    due_on: str | None = Field(default=None, description="the last local day on time")
    timezone: str | None = None
    closed_at: str | None = None


class RepresentationOut(BaseModel):
    name: str | None = None
    kind: str | None = None
    organisation: str | None = None
    eoir_id: str | None = None
    form: str | None = None
    filed_at: str | None = None
    withdrawn_at: str | None = None


class NoteOut(BaseModel):
    id: str | None = None
    written_at: str | None = None
    author: str | None = None
    confidentiality: str | None = None
    text: str | None = None


class AddressOut(BaseModel):
    country: str | None = None
    line1: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None


class NoticeOut(BaseModel):
    hearing_id: str | None = None
    person_id: str | None = None
    sent_at: str | None = None
    flagged: bool | None = Field(default=None, description="not sent to the address on record")
    address: AddressOut | None = Field(default=None, description="null once erased or withheld")
    on_record: AddressOut | None = None
    reason: str | None = None


class FilingOut(BaseModel):
    form: str | None = None
    filed_at: str | None = None
    filed_by: str | None = None


class CaseOut(_Out):
    id: str | None = None
    opened_at: str | None = None
    caseworker: str | None = None
    state: str | None = None
    persons: list[PersonOut] | None = None
    timeline: list[EventOut] | None = None
    hearings: list[HearingOut] | None = None
    deadlines: list[DeadlineOut] | None = None
    representation: list[RepresentationOut] | None = None
    notices: list[NoticeOut] | None = None
    filings: list[FilingOut] | None = None
    notes: list[NoteOut] = Field(default_factory=list, description="only notes the caller may read")


class EncounterOut(_Out):
    id: str | None = None
    place: str | None = None
    place_kind: str | None = None
    timezone: str | None = None
    occurred_at: str | None = None
    agency: str | None = None
    person_ids: list[str] | None = None
    family_id: str | None = None
    authority: str | None = None
    outcome: str | None = None
    policy_ids: list[str] | None = None


class QueueOut(BaseModel):
    caseworker: str
    now: str
    deadlines: list[DeadlineOut]
    hearings: list[HearingOut]
    redacted: list[str] = Field(default_factory=list)
