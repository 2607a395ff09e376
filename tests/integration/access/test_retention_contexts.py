"""Retention across contexts on both engines: a person's latest case, custody, entry or identity
activity keeps them, and applying retention to a person with rows in every context succeeds and
leaves nothing of them (a custody record is kept, about nobody)."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import Engine, insert, or_, select

from puente.access.domain.retention import RetentionAction, RetentionRule
from puente.access.services.retention_run import apply_report, review_now
from puente.cases.adapters.store import tables as cases
from puente.cases.adapters.store.unit_of_work import SqlCasesUnitOfWork
from puente.cases.services.commands import OpenCase
from puente.cases.services.pathway import open_case
from puente.children.adapters.store import tables as children
from puente.children.adapters.store.unit_of_work import SqlChildrenUnitOfWork
from puente.children.domain.custody import AgeBasis, CustodyRecord, Relationship, Relative
from puente.entry.adapters.store import tables as entry
from puente.entry.adapters.store.unit_of_work import SqlEntryUnitOfWork
from puente.entry.domain.requests import (
    EntryRequest,
    VulnerabilityAssessment,
    VulnerabilityLevel,
)
from puente.identity.adapters.store import tables as identity
from puente.registry.adapters.store import tables as registry
from puente.retention import retention_uow
from puente.shelters.domain.model import Sex
from tests.integration.access.test_retention_run import NOW, YEAR, _admin, _register
from tests.integration.entry.support import WINDOW, seed_window
from tests.support.callers import stored_organisation
from tests.support.keys import KEYRING

RULES = {
    action: [RetentionRule("person", 5 * YEAR, action, "no contact for five years")]
    for action in RetentionAction
}
LONG_AGO = NOW - 6 * YEAR


@pytest.fixture
def world(engine: Engine) -> dict[str, Any]:
    """An old person with a case, a custody record, an entry request and an identity cluster,
    and old people kept by a recent case event, a court deadline to come, a custody event, a
    request or a merge decision."""
    owner = stored_organisation(engine).id
    old, by_case, by_court, by_custody, by_entry, by_identity = (
        _register(engine, owner, LONG_AGO)[0] for _ in range(6)
    )
    recently = NOW - timedelta(days=10)
    old_case = _case(engine, owner, old, LONG_AGO)
    _case(engine, owner, by_case, recently)
    _deadline(engine, _case(engine, owner, by_court, LONG_AGO), NOW + timedelta(days=30))
    facility = _facility(engine)
    record = _custody(engine, owner, facility, old, LONG_AGO)
    _custody(engine, owner, facility, None, NOW, sibling=record)  # names the old child
    _custody(engine, owner, facility, by_custody, recently)
    seed_window(engine, owner)
    request = _request(old, LONG_AGO, owner)
    with SqlEntryUnitOfWork(engine) as uow:
        uow.entry.save_request(request)
        uow.entry.save_request(_request(by_entry, recently, owner))
        uow.commit()
    with engine.begin() as connection:
        connection.execute(
            insert(identity.identity_clusters),
            [{"person_id": p, "cluster_id": "c1", "updated_at": NOW} for p in (old, by_identity)],
        )
        connection.execute(
            insert(identity.identity_decisions),
            [
                {
                    "id": uuid4(),
                    "person_l": left,
                    "person_r": right,
                    "verdict": "same",
                    "reviewer": "tests",
                    "owner_id": owner,
                    "decided_at": at,
                }
                for left, right, at in ((old, by_case, LONG_AGO), (by_identity, by_case, recently))
            ],
        )
    return {"old": old, "case": old_case, "record": record, "request": request.id}


def _case(engine: Engine, owner: UUID, person: UUID, at: datetime) -> UUID:
    command = OpenCase(case_id=uuid4(), person_ids=[person], opened_at=at, caseworker="tests")
    open_case(partial(SqlCasesUnitOfWork, engine, KEYRING, owner), command)
    return command.case_id


def _deadline(engine: Engine, case_id: UUID, due_at: datetime) -> None:
    """A court deadline still to come, which no case event records."""
    with engine.begin() as connection:
        connection.execute(
            insert(cases.case_deadlines).values(
                case_id=case_id,
                position=0,
                kind="asylum_application",
                basis=LONG_AGO,
                due_at=due_at,
                zone="America/Chicago",
                caseworker="tests",
            )
        )


def _facility(engine: Engine) -> str:
    with engine.begin() as connection:
        connection.execute(
            insert(children.border_facilities),
            {"name": "Ursula", "zone": "America/Chicago", "latitude": 26.2, "longitude": -98.2},
        )
    return "Ursula"


def _custody(
    engine: Engine,
    owner: UUID,
    facility: str,
    person: UUID | None,
    at: datetime,
    sibling: UUID | None = None,
) -> UUID:
    """A child in custody, with an aunt's name, and a sibling's name and record if given."""
    relatives = (Relative(Relationship.AUNT_OR_UNCLE, "Marta Cruz"),)
    if sibling is not None:
        relatives += (Relative(Relationship.SIBLING, "Ana Cruz", sibling),)
    record = CustodyRecord(
        id=uuid4(),
        encountered_at=at,
        zone="America/Chicago",
        facility=facility,
        age=12,
        age_basis=AgeBasis.DOCUMENT,
        sex=Sex.FEMALE,
        language="spa",
        nationality="HN",
        relatives=relatives,
        person_id=person,
    )
    with SqlChildrenUnitOfWork(engine, owner) as uow:
        uow.children.add_record(record)
        uow.commit()
    return record.id


def _request(person: UUID, at: datetime, owner: UUID) -> EntryRequest:
    assessment = VulnerabilityAssessment(VulnerabilityLevel.NONE, (), at, "tests")
    return EntryRequest(
        str(uuid4()),
        WINDOW,
        (person,),
        None,
        ("SYS",),
        at,
        at,
        assessment,
        "spa",
        "HN",
        owner_id=owner,
    )


@pytest.mark.parametrize("action", list(RetentionAction))
def test_every_contexts_activity_counts_and_applying_leaves_nothing_of_the_person(
    engine: Engine, world: dict[str, Any], action: RetentionAction
) -> None:
    admin = _admin(engine)
    uow = retention_uow(engine)
    report = review_now(uow, admin, RULES[action], NOW)
    old = world["old"]
    assert set(report.actions()) == {old}  # the others' recent activity elsewhere keeps them
    assert apply_report(uow, admin, RULES[action], report, "tests", NOW).deleted == (
        1 if action is RetentionAction.DELETE else 0
    )
    with engine.connect() as connection:

        def rows(table: Any, *where: Any) -> list[Any]:
            return list(connection.execute(select(table).where(*where)))

        assert rows(cases.case_persons, cases.case_persons.c.person_id == old) == []
        assert rows(cases.cases, cases.cases.c.id == world["case"]) == []  # about nobody else
        assert rows(identity.identity_clusters, identity.identity_clusters.c.person_id == old) == []
        decisions = identity.identity_decisions
        assert rows(decisions, or_(decisions.c.person_l == old, decisions.c.person_r == old)) == []
        members = entry.entry_request_members
        assert rows(members, members.c.person_id == old) == []
        assert rows(entry.entry_requests, entry.entry_requests.c.id == world["request"]) == []
        custody = children.custody_records
        (record,) = rows(custody, custody.c.id == world["record"])
        relatives = children.custody_relatives
        kin = rows(relatives, relatives.c.record_id == world["record"])
        (named_by_sibling,) = rows(relatives, relatives.c.child_id == world["record"])
        persons = set(connection.scalars(select(registry.persons.c.id)))
    assert record.person_id is None and kin == []  # kept, about nobody
    assert named_by_sibling.name == ""  # the sibling keeps the link, not the name
    assert (old in persons) is (action is RetentionAction.ANONYMISE)
    assert review_now(uow, admin, RULES[action], NOW).due == ()
