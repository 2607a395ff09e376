"""Who sees what: own organisation, agreements with consent, the 8 CFR 208.6 bar, roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puente.access.domain.decisions import (
    Principal,
    ProtectedRecord,
    decide_read,
    decide_write,
)
from puente.access.domain.roles import (
    DataCategory,
    Organisation,
    OrganisationKind,
    Permission,
    Role,
    needs_second_factor,
)
from puente.access.domain.sharing import (
    ConsentChannel,
    ConsentEvent,
    ConsentStatus,
    Purpose,
    SharingAgreement,
)
from puente.shared.errors import InvalidInput

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
UNHCR = Organisation(uuid4(), "ACNUR Tijuana", OrganisationKind.UN_AGENCY, "MX")
CBP = Organisation(uuid4(), "CBP San Ysidro", OrganisationKind.US_FEDERAL_AGENCY, "US")
SHELTER = Organisation(uuid4(), "Albergue Juventud 2000", OrganisationKind.SHELTER_OPERATOR, "MX")
INM = Organisation(uuid4(), "INM Baja California", OrganisationKind.MEXICAN_FEDERAL_AGENCY, "MX")
PERSON = uuid4()
RECORD = ProtectedRecord("person", uuid4(), UNHCR.id, (PERSON,), frozenset({"HN"}))


def principal(org: Organisation, *roles: Role, purpose: Purpose | None = None) -> Principal:
    return Principal(uuid4(), org, frozenset(roles), purpose)


def agreement(
    recipient: Organisation, purpose: Purpose, *categories: DataCategory, **overrides: object
) -> SharingAgreement:
    data: dict[str, object] = dict(
        id=uuid4(),
        provider_id=UNHCR.id,
        recipient_id=recipient.id,
        purpose=purpose,
        record_types=frozenset({"person"}),
        categories=frozenset(categories),
        valid_from=NOW - timedelta(days=30),
        valid_to=NOW + timedelta(days=30),
        legal_basis="MOU 2021-07 ACNUR–CBP, art. 4",
    )
    data.update(overrides)
    return SharingAgreement(**data)  # type: ignore[arg-type]


def consent(
    status: ConsentStatus, purpose: Purpose, at: datetime, person: UUID = PERSON
) -> ConsentEvent:
    return ConsentEvent(person, purpose, status, at, ConsentChannel.IN_PERSON, "registrar 3")


ENTRY_SHARING = agreement(
    CBP,
    Purpose.ORDERLY_ENTRY,
    DataCategory.REFERENCE,
    DataCategory.IDENTITY,
    DataCategory.VULNERABILITY,
)
GIVEN = consent(ConsentStatus.GIVEN, Purpose.ORDERLY_ENTRY, NOW - timedelta(days=3))


def test_own_organisation_sees_what_the_role_allows() -> None:
    decision = decide_read(
        principal(UNHCR, Role.REGISTRAR), Permission.REGISTRY_READ, RECORD, [], [], NOW
    )
    assert decision.allowed and DataCategory.VULNERABILITY in decision.categories
    assert DataCategory.ASYLUM_NARRATIVE not in decision.categories


def test_a_foreign_record_is_denied_without_an_agreement() -> None:
    decision = decide_read(
        principal(CBP, Role.PORT_OFFICER), Permission.REGISTRY_READ, RECORD, [], [GIVEN], NOW
    )
    assert not decision.allowed


def test_an_agreement_with_consent_shares_only_its_categories_within_the_role() -> None:
    decision = decide_read(
        principal(CBP, Role.PORT_OFFICER),
        Permission.REGISTRY_READ,
        RECORD,
        [ENTRY_SHARING],
        [GIVEN],
        NOW,
    )
    assert decision.allowed
    # The agreement grants vulnerability details, but a port officer's role never sees them.
    assert decision.categories == {DataCategory.REFERENCE, DataCategory.IDENTITY}


@pytest.mark.parametrize(
    "change",
    [
        {"valid_to": NOW - timedelta(days=1), "valid_from": NOW - timedelta(days=60)},
        {"revoked_at": NOW - timedelta(hours=1)},
        {"valid_from": NOW + timedelta(days=1), "valid_to": None},
        {"record_types": frozenset({"case"})},
    ],
)
def test_expired_revoked_future_or_other_record_agreements_share_nothing(
    change: dict[str, object],
) -> None:
    decision = decide_read(
        principal(CBP, Role.PORT_OFFICER),
        Permission.REGISTRY_READ,
        RECORD,
        [agreement(CBP, Purpose.ORDERLY_ENTRY, DataCategory.IDENTITY, **change)],
        [GIVEN],
        NOW,
    )
    assert not decision.allowed


def test_withdrawn_consent_stops_the_flow_from_that_moment() -> None:
    withdrawn = consent(ConsentStatus.WITHDRAWN, Purpose.ORDERLY_ENTRY, NOW - timedelta(hours=2))
    officer = principal(CBP, Role.PORT_OFFICER)
    before = decide_read(
        officer,
        Permission.REGISTRY_READ,
        RECORD,
        [ENTRY_SHARING],
        [GIVEN, withdrawn],
        NOW - timedelta(hours=3),
    )
    after = decide_read(
        officer, Permission.REGISTRY_READ, RECORD, [ENTRY_SHARING], [GIVEN, withdrawn], NOW
    )
    assert before.allowed and not after.allowed


def test_consent_to_another_purpose_does_not_count() -> None:
    other = consent(ConsentStatus.GIVEN, Purpose.SHELTER_PLACEMENT, NOW - timedelta(days=1))
    decision = decide_read(
        principal(CBP, Role.PORT_OFFICER),
        Permission.REGISTRY_READ,
        RECORD,
        [ENTRY_SHARING],
        [other],
        NOW,
    )
    assert not decision.allowed


def test_every_subject_must_consent_for_a_family_record() -> None:
    child = uuid4()
    family = ProtectedRecord("person", uuid4(), UNHCR.id, (PERSON, child), frozenset({"HN"}))
    decision = decide_read(
        principal(CBP, Role.PORT_OFFICER),
        Permission.REGISTRY_READ,
        family,
        [ENTRY_SHARING],
        [GIVEN],
        NOW,
    )
    assert not decision.allowed
    with_child = [GIVEN, consent(ConsentStatus.GIVEN, Purpose.ORDERLY_ENTRY, NOW, child)]
    assert decide_read(
        principal(CBP, Role.PORT_OFFICER),
        Permission.REGISTRY_READ,
        family,
        [ENTRY_SHARING],
        with_child,
        NOW,
    ).allowed


def test_never_to_the_government_of_a_country_of_nationality() -> None:
    mexican = ProtectedRecord("person", uuid4(), UNHCR.id, (PERSON,), frozenset({"MX"}))
    sharing = agreement(INM, Purpose.CASE_PROCESSING, DataCategory.IDENTITY)
    decision = decide_read(
        principal(INM, Role.CASEWORKER),
        Permission.REGISTRY_READ,
        mexican,
        [sharing],
        [consent(ConsentStatus.GIVEN, Purpose.CASE_PROCESSING, NOW)],
        NOW,
    )
    assert not decision.allowed and "nationality" in decision.basis


def test_a_declared_purpose_must_match_the_agreement() -> None:
    wrong = principal(CBP, Role.PORT_OFFICER, purpose=Purpose.CASE_PROCESSING)
    assert not decide_read(
        wrong, Permission.REGISTRY_READ, RECORD, [ENTRY_SHARING], [GIVEN], NOW
    ).allowed


def test_the_asylum_narrative_can_never_be_shared() -> None:
    with pytest.raises(InvalidInput) as error:
        agreement(SHELTER, Purpose.SHELTER_PLACEMENT, DataCategory.ASYLUM_NARRATIVE)
    assert error.value.problems[0].field == "categories"


def test_analysts_see_no_personal_records_and_need_no_second_factor() -> None:
    analyst = principal(UNHCR, Role.ANALYST)
    assert not decide_read(analyst, Permission.REGISTRY_READ, RECORD, [], [], NOW).allowed
    assert not needs_second_factor(analyst.roles)
    assert needs_second_factor(frozenset({Role.REGISTRAR}))


def test_changes_stay_with_the_owning_organisation() -> None:
    assert decide_write(
        principal(UNHCR, Role.REGISTRAR), Permission.REGISTRY_WRITE, UNHCR.id
    ).allowed
    assert not decide_write(
        principal(CBP, Role.PORT_OFFICER), Permission.REGISTRY_WRITE, UNHCR.id
    ).allowed
    assert not decide_write(
        principal(SHELTER, Role.SHELTER_OPERATOR), Permission.REGISTRY_WRITE, None
    ).allowed


def test_a_token_scope_narrows_the_roles() -> None:
    scoped = Principal(
        uuid4(), UNHCR, frozenset({Role.CASEWORKER}), scopes=frozenset({Permission.REGISTRY_READ})
    )
    assert decide_read(scoped, Permission.REGISTRY_READ, RECORD, [], [], NOW).allowed
    assert not decide_write(scoped, Permission.REGISTRY_WRITE, None).allowed


@given(
    roles=st.frozensets(st.sampled_from(list(Role))),
    categories=st.frozensets(
        st.sampled_from([c for c in DataCategory if c is not DataCategory.ASYLUM_NARRATIVE])
    ),
)
def test_shared_access_never_exceeds_the_role_or_the_agreement(
    roles: frozenset[Role], categories: frozenset[DataCategory]
) -> None:
    reader = Principal(uuid4(), SHELTER, roles)
    sharing = agreement(SHELTER, Purpose.SHELTER_PLACEMENT, *categories)
    decision = decide_read(
        reader,
        Permission.REGISTRY_READ,
        RECORD,
        [sharing],
        [consent(ConsentStatus.GIVEN, Purpose.SHELTER_PLACEMENT, NOW)],
        NOW,
    )
    if decision.allowed:
        assert decision.categories <= (reader.categories & categories) | {DataCategory.REFERENCE}
