"""The commands the cases use cases take (the API will accept them as request bodies)."""

from __future__ import annotations

from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from puente.cases.domain.encounter import Agency, EncounterKind, EncounterOutcome
from puente.cases.domain.hearings import HearingKind
from puente.cases.domain.representation import (
    AppearanceForm,
    Confidentiality,
    RepresentativeKind,
)
from puente.cases.domain.states import CaseState


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OpenCase(_Command):
    case_id: UUID
    person_ids: list[UUID] = Field(min_length=1)
    opened_at: AwareDatetime
    caseworker: str = Field(min_length=1, max_length=120)


class MoveCase(_Command):
    case_id: UUID
    target: CaseState
    at: AwareDatetime
    actor: str = Field(max_length=120)
    reason: str = Field(max_length=2000)
    policy_id: str | None = None
    expected_sequence: int | None = Field(
        default=None, description="the last event the client saw; a newer one means reload"
    )


class RecordEncounter(_Command):
    encounter_id: UUID
    place: str = Field(max_length=200)
    place_kind: EncounterKind
    timezone: str = Field(max_length=64, examples=["America/Tijuana"])
    at: AwareDatetime
    agency: Agency
    person_ids: list[UUID] = Field(min_length=1)
    family_id: UUID | None = None
    title8_outcome: EncounterOutcome = Field(
        description="what happened if Title 8 applied; under Title 42 the outcome is expulsion"
    )
    facts: dict[str, str | bool] = Field(default_factory=dict)
    case_id: UUID | None = Field(default=None, description="the case presented at this port")
    actor: str = Field(default="cbp", max_length=120)


class ScheduleHearing(_Command):
    hearing_id: UUID
    case_id: UUID
    kind: HearingKind
    court_code: str
    court_name: str
    court_city: str
    court_timezone: str
    scheduled_at: AwareDatetime
    judge: str = Field(max_length=120)
    earlier_requested: bool = Field(
        default=False, description="the person asked for a first hearing within 10 days"
    )


class SendNotice(_Command):
    case_id: UUID
    hearing_id: UUID
    person_id: UUID
    sent_at: AwareDatetime
    country: str
    line1: str
    city: str
    state: str | None = None
    postal_code: str | None = None


class AddRepresentation(_Command):
    case_id: UUID
    name: str = Field(min_length=1, max_length=200)
    kind: RepresentativeKind
    organisation: str | None = None
    eoir_id: str | None = None
    form: AppearanceForm
    filed_at: AwareDatetime


class AddNote(_Command):
    note_id: UUID
    case_id: UUID
    written_at: AwareDatetime
    author: str = Field(max_length=120)
    text: str = Field(max_length=20_000)
    confidentiality: Confidentiality
