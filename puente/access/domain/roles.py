"""Organisations, roles, permissions and the data categories each role may ever see."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID


class OrganisationKind(StrEnum):
    US_FEDERAL_AGENCY = "us_federal_agency"
    MEXICAN_FEDERAL_AGENCY = "mexican_federal_agency"
    UN_AGENCY = "un_agency"
    NGO = "ngo"
    SHELTER_OPERATOR = "shelter_operator"
    LEGAL_AID_PROVIDER = "legal_aid_provider"


GOVERNMENT_KINDS = frozenset(
    {OrganisationKind.US_FEDERAL_AGENCY, OrganisationKind.MEXICAN_FEDERAL_AGENCY}
)


@dataclass(frozen=True)
class Organisation:
    id: UUID
    name: str
    kind: OrganisationKind
    country: str

    @property
    def is_government(self) -> bool:
        return self.kind in GOVERNMENT_KINDS


class Permission(StrEnum):
    REGISTRY_READ = "registry:read"
    REGISTRY_WRITE = "registry:write"
    REGISTRY_EXPORT = "registry:export"
    SUBJECT_RIGHTS = "subject-rights:manage"
    CONSENT_RECORD = "consent:record"
    STATS_READ = "stats:read"
    AUDIT_READ = "audit:read"
    USERS_MANAGE = "users:manage"
    AGREEMENTS_MANAGE = "agreements:manage"
    RETENTION_RUN = "retention:run"
    CASES_READ = "cases:read"
    CASES_WRITE = "cases:write"
    ENCOUNTERS_RECORD = "encounters:record"
    ENTRY_REQUEST = "entry:request"
    ENTRY_READ = "entry:read"
    ENTRY_PLAN = "entry:plan"
    ENTRY_CHECK_IN = "entry:check-in"
    CUSTODY_READ = "custody:read"
    CUSTODY_WRITE = "custody:write"
    PLACEMENT_RUN = "placement:run"
    SHELTERS_MANAGE = "shelters:manage"
    SPONSORS_MANAGE = "sponsors:manage"
    IDENTITY_REVIEW = "identity:review"


class DataCategory(StrEnum):
    """Kinds of personal data; sharing agreements and roles grant categories, never fields."""

    REFERENCE = "reference"  # ids and timestamps: the record exists and can be linked
    IDENTITY = "identity"  # names, date of birth, sex, nationality, languages
    CONTACT = "contact"  # phones, addresses
    DOCUMENTS = "documents"  # identity document numbers
    VULNERABILITY = "vulnerability"  # medical, pregnancy, survivor of violence …
    REGISTRATION = "registration"  # where, when, how and by whom a registration was made
    HISTORY = "history"  # corrections: who changed what
    CASE_PROCEEDINGS = "case_proceedings"  # case states, hearings, deadlines, representation
    APPOINTMENT = "appointment"  # entry requests, appointments, passes
    CUSTODY = "custody"  # where a child is held, since when, the custody clock
    ASYLUM_NARRATIVE = "asylum_narrative"  # the claim itself: never outside the case team
    SPONSOR_STATUS = "sponsor_status"  # a sponsor's immigration status: never to enforcement


class Role(StrEnum):
    REGISTRAR = "registrar"
    CASEWORKER = "caseworker"
    PORT_OFFICER = "port_officer"
    SHELTER_OPERATOR = "shelter_operator"
    LEGAL_REPRESENTATIVE = "legal_representative"
    ANALYST = "analyst"
    ORGANISATION_ADMIN = "organisation_admin"
    SYSTEM_ADMIN = "system_admin"


_PERSONAL = frozenset(
    {
        DataCategory.REFERENCE,
        DataCategory.IDENTITY,
        DataCategory.CONTACT,
        DataCategory.DOCUMENTS,
        DataCategory.VULNERABILITY,
        DataCategory.REGISTRATION,
        DataCategory.HISTORY,
        DataCategory.CASE_PROCEEDINGS,
        DataCategory.APPOINTMENT,
        DataCategory.CUSTODY,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.REGISTRAR: frozenset(
        {
            Permission.REGISTRY_READ,
            Permission.REGISTRY_WRITE,
            Permission.CONSENT_RECORD,
            Permission.ENTRY_REQUEST,
            Permission.ENTRY_READ,
        }
    ),
    Role.CASEWORKER: frozenset(
        {
            Permission.REGISTRY_READ,
            Permission.REGISTRY_WRITE,
            Permission.CONSENT_RECORD,
            Permission.SUBJECT_RIGHTS,
            Permission.REGISTRY_EXPORT,
            Permission.CASES_READ,
            Permission.CASES_WRITE,
            Permission.ENCOUNTERS_RECORD,
            Permission.ENTRY_REQUEST,
            Permission.ENTRY_READ,
            Permission.CUSTODY_READ,
            Permission.PLACEMENT_RUN,
            Permission.SPONSORS_MANAGE,
            Permission.IDENTITY_REVIEW,
        }
    ),
    Role.PORT_OFFICER: frozenset(
        {
            Permission.REGISTRY_READ,
            Permission.ENCOUNTERS_RECORD,
            Permission.ENTRY_READ,
            Permission.ENTRY_CHECK_IN,
            Permission.CUSTODY_READ,
            Permission.CUSTODY_WRITE,
        }
    ),
    Role.SHELTER_OPERATOR: frozenset(
        {
            Permission.REGISTRY_READ,
            Permission.CASES_READ,
            Permission.ENTRY_READ,
            Permission.CUSTODY_READ,
            Permission.SHELTERS_MANAGE,
        }
    ),
    Role.LEGAL_REPRESENTATIVE: frozenset(
        {
            Permission.REGISTRY_READ,
            Permission.SUBJECT_RIGHTS,
            Permission.CASES_READ,
            Permission.CASES_WRITE,
            Permission.ENTRY_READ,
        }
    ),
    Role.ANALYST: frozenset({Permission.STATS_READ, Permission.ENTRY_PLAN}),
    Role.ORGANISATION_ADMIN: frozenset(
        {Permission.USERS_MANAGE, Permission.AGREEMENTS_MANAGE, Permission.AUDIT_READ}
    ),
    Role.SYSTEM_ADMIN: frozenset(
        {Permission.USERS_MANAGE, Permission.AUDIT_READ, Permission.RETENTION_RUN}
    ),
}

# The most a role may see of a record, whoever owns it; an agreement can only narrow this.
# Enforcement (port officers) never sees a sponsor's immigration status, contact details or the
# claim; shelters see what caring for a person needs, and case steps but never the claim itself.
ROLE_CATEGORIES: dict[Role, frozenset[DataCategory]] = {
    Role.REGISTRAR: _PERSONAL,
    Role.CASEWORKER: _PERSONAL | {DataCategory.ASYLUM_NARRATIVE, DataCategory.SPONSOR_STATUS},
    Role.PORT_OFFICER: frozenset(
        {
            DataCategory.REFERENCE,
            DataCategory.IDENTITY,
            DataCategory.APPOINTMENT,
            DataCategory.CUSTODY,
        }
    ),
    Role.SHELTER_OPERATOR: frozenset(
        {
            DataCategory.REFERENCE,
            DataCategory.IDENTITY,
            DataCategory.CONTACT,
            DataCategory.VULNERABILITY,
            DataCategory.CASE_PROCEEDINGS,
            DataCategory.APPOINTMENT,
            DataCategory.CUSTODY,
        }
    ),
    Role.LEGAL_REPRESENTATIVE: _PERSONAL
    | {DataCategory.ASYLUM_NARRATIVE, DataCategory.SPONSOR_STATUS},
    Role.ANALYST: frozenset(),
    Role.ORGANISATION_ADMIN: frozenset({DataCategory.REFERENCE}),
    Role.SYSTEM_ADMIN: frozenset({DataCategory.REFERENCE}),
}

# Roles that see confidential data must log in with a second factor.
SECOND_FACTOR_CATEGORIES = frozenset(
    {
        DataCategory.CUSTODY,  # where a child is held: port officers too need a second factor
        DataCategory.VULNERABILITY,
        DataCategory.DOCUMENTS,
        DataCategory.ASYLUM_NARRATIVE,
        DataCategory.CONTACT,
    }
)


def permissions_of(roles: frozenset[Role]) -> frozenset[Permission]:
    return frozenset().union(*(ROLE_PERMISSIONS[r] for r in roles))


def categories_of(roles: frozenset[Role]) -> frozenset[DataCategory]:
    return frozenset().union(*(ROLE_CATEGORIES[r] for r in roles))


def needs_second_factor(roles: frozenset[Role]) -> bool:
    return bool(categories_of(roles) & SECOND_FACTOR_CATEGORIES)
