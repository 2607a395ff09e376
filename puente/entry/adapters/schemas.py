"""Bodies and responses of the entry API; redacted fields come back as null, named in
``redacted``.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field

from puente.entry.domain.requests import CaseStatus
from puente.web.routing import problems

Level = Literal["none", "elevated", "acute", "urgent_medical"]
PortCode = Field(pattern=r"^[A-Z]{2,4}$")
ERRORS = problems(400, 401, 403, 404, 409, 422, 429)


class CourtCaseBody(BaseModel):
    a_number: str = Field(pattern=r"^A?\d{8,9}$")
    status: CaseStatus
    checked_on: date


class AskBody(BaseModel):
    """A staff member asks on behalf of a person alone or a whole family group."""

    window_id: str | None = Field(None, description="Default: the window open now.")
    person_ids: list[UUID] = Field(min_length=1, max_length=30)
    family_id: UUID | None = None
    preferences: list[str] = Field(default_factory=list, max_length=9)
    accepts_other_ports: bool = False
    registered_at: AwareDatetime
    vulnerability: Level = "none"
    vulnerability_flags: list[str] = Field(default_factory=list, max_length=10)
    language: str = Field("spa", pattern=r"^[a-z]{2,3}$")
    nationality: str = Field(pattern=r"^[A-Z]{2}$")
    group: str = Field("", max_length=60)
    court_case: CourtCaseBody | None = None
    mpp: bool = Field(False, description="Require a court case eligible for the MPP wind-down.")


class ProofBody(BaseModel):
    """A person proves who they are: the registration id they were given, and the date of
    birth of any member of the registration."""

    registration_id: UUID
    birth_date: date
    language: str | None = Field(None, pattern=r"^[a-z]{2,3}$")


class SelfAskBody(ProofBody):
    preferences: list[str] = Field(default_factory=list, max_length=9)
    accepts_other_ports: bool = False


class PassBody(BaseModel):
    token: str = Field(alias="pass", min_length=4, max_length=300)


class ExplanationOut(BaseModel):
    day: str
    key: str
    allocated: bool
    rule: str
    position: int
    candidates: int
    port: str | None
    text: str
    text_language: str


class AppointmentOut(BaseModel):
    id: str | None = None
    request_id: str | None = None
    port: str | None = None
    day: str | None = None
    party_size: int | None = None
    state: str | None = None
    rule: str | None = None
    confirm_by: str | None = None
    expires_at: str | None = None


class RequestOut(BaseModel):
    id: str | None = None
    window_id: str | None = None
    person_ids: list[str] | None = None
    family_id: str | None = None
    state: str | None = None
    preferences: list[str] | None = None
    accepts_other_ports: bool | None = None
    registered_at: str | None = None
    requested_at: str | None = None
    group: str | None = None
    language: str | None = None
    nationality: str | None = None
    vulnerability: dict[str, Any] | None = None
    court_case: dict[str, Any] | None = None
    explanation: ExplanationOut | None = None
    appointment: AppointmentOut | None = None
    redacted: list[str] = Field(default_factory=list)


class MemberOut(BaseModel):
    person_id: str | None = None
    name: str | None = None
    birth_date: str | None = None
    nationalities: list[str] | None = None


class CheckInOut(BaseModel):
    request_id: str | None = None
    appointment: AppointmentOut | None = None
    members: list[MemberOut] | None = None
    language: str | None = None
    vulnerability: str | None = None
    redacted: list[str] = Field(default_factory=list)


class SelfStatusOut(BaseModel):
    """What the person sees of their own request: state, reason, appointment and pass."""

    request_id: str | None
    state: str | None
    party_size: int
    explanation: ExplanationOut | None
    appointment: AppointmentOut | None
    pass_token: str | None = Field(None, alias="pass")


class PortBody(BaseModel):
    code: str = PortCode
    name: str = Field(min_length=1, max_length=120)
    timezone: str = Field(min_length=3, max_length=64)
    opens: time = time(6, 0)
    closes: time = time(18, 0)


class CapacityBody(BaseModel):
    day: date
    persons: int = Field(ge=0, le=100_000)
    only_that_day: bool = Field(False, description="An override for one day, not a change.")


class ClosureBody(BaseModel):
    day: date
    reason: str = Field(min_length=1, max_length=500)


class WindowBody(BaseModel):
    id: str = Field(min_length=1, max_length=100)
    opens_at: AwareDatetime
    closes_at: AwareDatetime
    commitment: str = Field(pattern=r"^[0-9a-f]{64}$")


class RunBody(BaseModel):
    day: date
    window_id: str = Field(min_length=1, max_length=100)
    secret: str = Field(min_length=1, max_length=200)
    beacon: str = Field("", max_length=200)
    mpp_policy: bool = False


class OutageBody(BaseModel):
    component: str = Field(min_length=1, max_length=60)
    kind: Literal["down", "maintenance", "degraded"]
    description: str = Field(min_length=1, max_length=2000)
    started_at: AwareDatetime | None = None


class OutageEndBody(BaseModel):
    ended_at: AwareDatetime | None = None
