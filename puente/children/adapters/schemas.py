"""Request and response bodies of the children's API; redacted fields come back as null."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, Field

from puente.children.domain.custody import AgeBasis, CustodyRecord, Relationship, Relative
from puente.children.domain.sponsors import (
    HomeStudyFactors,
    ProtectedSponsorData,
    SponsorApplication,
    SponsorCategory,
    SponsorType,
    State,
)
from puente.children.services.unit_of_work import Facility
from puente.shelters.domain.model import PlacementBasis, Sex


class FacilityBody(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    zone: str = Field(examples=["America/Chicago"])
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)

    def facility(self) -> Facility:
        return Facility(self.name, self.zone, self.latitude, self.longitude)


class RelativeBody(BaseModel):
    relationship: Relationship
    name: str = Field(max_length=200)
    child_id: UUID | None = None


class RecordChild(BaseModel):
    """A child encountered without a parent or legal guardian, as border custody records them."""

    encountered_at: AwareDatetime
    zone: str = Field(examples=["America/Chicago"], description="IANA zone of the encounter")
    facility: str
    age: int = Field(ge=0, le=17)
    age_basis: AgeBasis
    sex: Sex
    language: str = Field(min_length=2, max_length=40)
    nationality: str = Field(min_length=2, max_length=2)
    relatives: list[RelativeBody] = []
    special_needs: list[str] = []
    placement_bases: list[PlacementBasis] = []
    person_id: UUID | None = Field(None, description="the child's registry person, if any")

    def record(self) -> CustodyRecord:
        return CustodyRecord(
            id=uuid4(),
            encountered_at=self.encountered_at,
            zone=self.zone,
            facility=self.facility,
            age=self.age,
            age_basis=self.age_basis,
            sex=self.sex,
            language=self.language,
            nationality=self.nationality.upper(),
            relatives=tuple(Relative(r.relationship, r.name, r.child_id) for r in self.relatives),
            special_needs=frozenset(self.special_needs),
            placement_bases=frozenset(self.placement_bases),
            person_id=self.person_id,
        )


class SponsorSummaryView(BaseModel):
    id: str | None = None
    sponsor_type: str | None = None
    state: str | None = None
    sponsor_name: str | None = None
    immigration_status: str | None = None


class RelativeView(BaseModel):
    relationship: str | None = None
    name: str | None = None
    child_id: str | None = None


class CustodyView(BaseModel):
    id: str
    person_id: str | None = None
    facility: str | None = None
    zone: str | None = None
    encountered_at: str | None = None
    encountered_local: str | None = None
    status: str | None = None
    hours_in_custody: float | None = None
    deadline_local: str | None = None
    level: str | None = None
    left_custody_at: str | None = None
    screening_path: bool | None = None
    age: int | None = None
    age_basis: str | None = None
    sex: str | None = None
    language: str | None = None
    nationality: str | None = None
    relatives: list[RelativeView] | None = None
    special_needs: list[str] | None = None
    placement_bases: list[str] | None = None
    sponsors: list[SponsorSummaryView] | None = None
    redacted: list[str] = []


class Board(BaseModel):
    children: list[CustodyView]


class ExplanationView(BaseModel):
    child_id: str
    provider_id: str | None = None
    explanation: str | None = None
    km: float | None = None
    restrictiveness: int | None = None
    redacted: list[str] = []


class BedsShort(BaseModel):
    setting: str
    pool: str
    needs: list[str]
    tender_age: bool
    beds: int


class RunView(BaseModel):
    id: UUID
    at: datetime
    queued: int
    placed: int
    seconds: float
    explanations: list[ExplanationView]
    beds_to_clear_queue: list[BedsShort]


class SubmitApplication(BaseModel):
    child_id: UUID
    sponsor_name: str = Field(min_length=1, max_length=200)
    sponsor_type: SponsorType = Field(description="1 parent … 6 other adult (preference order)")
    category: SponsorCategory
    immigration_status: str | None = Field(None, max_length=120)
    trafficking_victim: bool = False
    disability: bool = False
    abuse_history: bool = False
    sponsor_risk: bool = False
    tender_age_with_unrelated_sponsor: bool = False
    submitted_at: AwareDatetime

    def application(self) -> SponsorApplication:
        return SponsorApplication(
            uuid4(),
            self.child_id,
            self.sponsor_name,
            self.sponsor_type,
            self.category,
            HomeStudyFactors(
                self.trafficking_victim,
                self.disability,
                self.abuse_history,
                self.sponsor_risk,
                self.tender_age_with_unrelated_sponsor,
            ),
            ProtectedSponsorData(self.immigration_status),
            self.submitted_at,
        )


class StepBody(BaseModel):
    state: State
    at: AwareDatetime
    note: str = Field("", max_length=2000)


class StepView(BaseModel):
    state: str | None = None
    at: str | None = None
    by: str | None = None
    note: str | None = None


class SponsorCaseView(SponsorSummaryView):
    child_id: str | None = None
    category: str | None = None
    submitted_at: str | None = None
    home_study_required: bool | None = None
    home_study: list[str] | None = None
    next_states: list[str] | None = None
    steps: list[StepView] | None = None
    redacted: list[str] = []
