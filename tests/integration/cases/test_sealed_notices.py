"""Hearing notices keep the addresses they name sealed with the person's data key: shredding the
key erases them, and migration 0012 seals the notices stored before (and opens them going back)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlalchemy import Engine, inspect

from puente.access.adapters.store.tables import person_keys
from puente.access.domain.retention import RetentionAction
from puente.cases.adapters.store import tables as t
from puente.cases.adapters.store.people import SqlPeopleDirectory
from puente.cases.adapters.store.retention import SqlCaseRecords
from puente.cases.adapters.store.unit_of_work import SqlCasesUnitOfWork
from puente.cases.domain.deadlines import DeadlineKind
from puente.cases.domain.notices import ERASED, NoticeCheck
from puente.cases.services.commands import SendNotice
from puente.cases.services.court import schedule_hearing, send_notice
from puente.cases.services.records import record_filing
from puente.registry.adapters.store.retention import SqlRegistryRecords
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork
from puente.registry.domain.contact import Address
from puente.registry.services.protection import shred_person
from puente.shared.migrations import downgrade, pending_model_changes, upgrade
from tests.integration.cases.people import add_person
from tests.integration.cases.test_store import CHICAGO, OPENED, hearing, in_court
from tests.support.callers import stored_organisation
from tests.support.keys import KEYRING
from tests.support.statements import statements_sent

HOME = Address.create("US", "4521 W Cermak Rd", "Chicago", "IL", "60623", OPENED)
BEFORE = "0011_identity_tidy"


def _noticed_case(engine: Engine, family: tuple[UUID, ...] = ()) -> tuple[UUID, NoticeCheck]:
    """A case in court with a first hearing and a notice sent to the address on record of its
    first person (``family`` follow them in the case)."""
    owner = stored_organisation(engine, f"Al Otro Lado {uuid4().hex[:6]}").id
    filed = datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO)
    case_id = in_court(engine, owner, filed, home=(HOME,), family=family)
    uow = partial(SqlCasesUnitOfWork, engine, KEYRING, owner)
    with uow() as reading:
        case = reading.cases.get(case_id)
    assert case is not None
    scheduled = hearing(case_id, datetime(2021, 11, 10, 9, tzinfo=CHICAGO))
    schedule_hearing(uow, scheduled)
    command = SendNotice(
        case_id=case_id,
        hearing_id=scheduled.hearing_id,
        person_id=case.person_ids[0],
        sent_at=datetime(2021, 10, 25, tzinfo=CHICAGO),
        country="US",
        line1=HOME.line1,
        city=HOME.city,
        state=HOME.state,
        postal_code=HOME.postal_code,
    )
    return case_id, send_notice(uow, SqlPeopleDirectory(engine, KEYRING), command)


def _notices(engine: Engine, case_id: UUID) -> list[NoticeCheck]:
    with SqlCasesUnitOfWork(engine, KEYRING) as uow:
        return uow.cases.notices_of(case_id)


def test_a_notice_stores_no_address_in_the_clear_and_shredding_erases_it(engine: Engine) -> None:
    case_id, check = _noticed_case(engine)
    assert not check.flagged and check.on_record is not None
    with engine.connect() as connection:
        stored = connection.execute(sa.select(t.hearing_notices)).one()
    assert b"Cermak" not in bytes(stored.sealed)
    assert not {"address", "on_record", "reason"} & set(stored._fields)
    assert _notices(engine, case_id) == [check]
    with SqlCasesUnitOfWork(engine, KEYRING) as uow:
        deadlines = uow.cases.deadlines_of(case_id)

    assert shred_person(partial(SqlRegistryUnitOfWork, engine, KEYRING), check.notice.person_id)

    (erased,) = _notices(engine, case_id)
    assert erased.notice.address is None and erased.on_record is None
    assert erased.reason == ERASED
    # When and whether it was served stay: the deadlines it met do not change.
    assert (erased.notice.sent_at, erased.flagged) == (check.notice.sent_at, check.flagged)
    with SqlCasesUnitOfWork(engine, KEYRING) as uow:
        assert uow.cases.deadlines_of(case_id) == deadlines


def test_a_case_write_sets_deadlines_without_opening_the_sealed_notices(engine: Engine) -> None:
    case_id, check = _noticed_case(engine)
    uow = partial(SqlCasesUnitOfWork, engine, KEYRING)
    with statements_sent(engine) as sent:
        record_filing(uow, case_id, "I-589", datetime(2021, 10, 28, tzinfo=CHICAGO), "ana")
    assert not [s for s in sent if "person_keys" in s or "sealed" in s]
    with uow() as reading:
        deadlines = reading.cases.deadlines_of(case_id)
    # The notice still counts: the deadline it met stays met.
    (notice,) = [d for d in deadlines if d.kind is DeadlineKind.HEARING_NOTICE]
    assert notice.closed_at == check.notice.sent_at


def test_retention_keeps_a_forgotten_persons_notice_in_the_family_case_naming_no_one(
    engine: Engine,
) -> None:
    case_id, check = _noticed_case(engine, family=(add_person(engine),))
    uow = partial(SqlCasesUnitOfWork, engine, KEYRING)
    with uow() as reading:
        met = reading.cases.deadlines_of(case_id)
    forgotten = check.notice.person_id
    assert forgotten is not None
    with engine.begin() as connection:
        SqlCaseRecords(connection).forget([forgotten], RetentionAction.DELETE)
        connection.execute(sa.delete(person_keys).where(person_keys.c.person_id == forgotten))
        SqlRegistryRecords(connection).forget([forgotten], RetentionAction.DELETE)
    (kept,) = _notices(engine, case_id)
    assert kept.notice.person_id is None and kept.notice.address is None
    assert (kept.notice.sent_at, kept.flagged, kept.reason) == (
        check.notice.sent_at,
        check.flagged,
        ERASED,
    )
    with engine.connect() as connection:
        assert connection.execute(sa.select(t.hearing_notices.c.sealed)).scalar_one() == b""
    # The family's next case write recomputes the deadlines: the one the notice met stays met.
    record_filing(uow, case_id, "I-589", datetime(2021, 10, 28, tzinfo=CHICAGO), "ana")
    with uow() as reading:
        deadlines = reading.cases.deadlines_of(case_id)
    notice_deadlines = [d for d in deadlines if d.kind is DeadlineKind.HEARING_NOTICE]
    assert notice_deadlines == [d for d in met if d.kind is DeadlineKind.HEARING_NOTICE]
    assert notice_deadlines[0].closed_at == check.notice.sent_at


def test_migration_0012_seals_the_notices_stored_before_it(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    case_id, check = _noticed_case(empty_engine)

    downgrade(empty_engine, BEFORE)
    with empty_engine.connect() as connection:
        plain = connection.execute(sa.text("SELECT address, reason FROM hearing_notices")).one()
    assert "Cermak" in str(plain.address) and plain.reason == check.reason
    columns = {c["name"] for c in inspect(empty_engine).get_columns("hearing_notices")}
    assert "person_id" not in columns and "sealed" not in columns

    upgrade(empty_engine)
    assert pending_model_changes(empty_engine) == []
    with empty_engine.connect() as connection:
        sealed = connection.execute(sa.select(t.hearing_notices.c.sealed)).scalar_one()
    assert b"Cermak" not in bytes(sealed)
    # The notice went to the case's first person: the app opens it with their key.
    assert _notices(empty_engine, case_id) == [check]


def test_migration_0012_leaves_a_notice_of_a_person_shredded_before_it_erased(
    empty_engine: Engine,
) -> None:
    upgrade(empty_engine)
    case_id, check = _noticed_case(empty_engine)
    downgrade(empty_engine, BEFORE)
    with empty_engine.begin() as connection:  # shredding, as it was before notices were sealed
        connection.execute(
            sa.delete(person_keys).where(person_keys.c.person_id == check.notice.person_id)
        )
    upgrade(empty_engine)
    (erased,) = _notices(empty_engine, case_id)
    assert erased.notice.address is None and erased.reason == ERASED
    with empty_engine.connect() as connection:
        keys = connection.execute(sa.text("SELECT count(*) FROM person_keys")).scalar_one()
    assert keys == 0  # no key was made again for the shredded person
