"""Address on record at the moment a notice was sent; hearings and encounters keep their rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from puente.cases.domain.encounter import (
    Agency,
    Encounter,
    EncounterKind,
    EncounterOutcome,
    LegalAuthority,
    Place,
)
from puente.cases.domain.hearings import Hearing, HearingKind, HearingOutcome, ImmigrationCourt
from puente.cases.domain.notices import HearingNotice, address_on_record, check_notice
from puente.registry.domain.contact import Address
from puente.shared.errors import InvalidInput

CHICAGO = ZoneInfo("America/Chicago")
MOVED = datetime(2021, 10, 25, 12, tzinfo=CHICAGO)
OLD = Address.create(
    "US", "100 Elm St", "Chicago", "IL", None, datetime(2021, 3, 1, tzinfo=CHICAGO)
)
NEW = Address.create("US", "5 Oak Ave", "Houston", "TX", None, MOVED)
HISTORY = (OLD.closed(MOVED), NEW)


def notice(sent_at: datetime, address: Address) -> HearingNotice:
    return HearingNotice(uuid4(), uuid4(), uuid4(), sent_at, address)


def test_the_address_on_record_changes_at_the_instant_of_the_move() -> None:
    assert address_on_record(HISTORY, MOVED - timedelta(seconds=1)) == OLD.closed(MOVED)
    assert address_on_record(HISTORY, MOVED) == NEW
    assert address_on_record(HISTORY, datetime(2021, 1, 1, tzinfo=CHICAGO)) is None


def test_a_notice_sent_to_the_old_address_before_the_move_is_not_flagged() -> None:
    assert not check_notice(notice(MOVED - timedelta(days=1), OLD), HISTORY).flagged


def test_a_notice_sent_to_the_old_address_after_the_move_is_flagged() -> None:
    check = check_notice(notice(MOVED + timedelta(days=1), OLD), HISTORY)
    assert check.flagged
    assert check.on_record == NEW


def test_a_notice_with_no_address_on_record_is_flagged() -> None:
    assert check_notice(notice(MOVED, NEW), ()).flagged


def test_hearings_refuse_changes_once_closed_and_unknown_zones() -> None:
    court = ImmigrationCourt("HOU", "Houston Immigration Court", "Houston", "America/Chicago")
    hearing = Hearing(uuid4(), uuid4(), HearingKind.MERITS, court, MOVED, "IJ Ortiz")
    held = hearing.closed(HearingOutcome.HELD)
    with pytest.raises(InvalidInput, match="closed"):
        held.continued(MOVED + timedelta(days=30), MOVED, "late request")
    with pytest.raises(InvalidInput, match="future"):
        hearing.continued(MOVED - timedelta(days=1), MOVED, "backwards")
    with pytest.raises(InvalidInput, match="different court"):
        hearing.moved_to(court, MOVED, MOVED, "same court")
    for bad in ("CST", "-06:00", "America/Atlantis"):
        with pytest.raises(InvalidInput, match="timezone"):
            ImmigrationCourt("X", "X", "X", bad)


def test_an_encounter_keeps_authority_and_outcome_consistent() -> None:
    place = Place("El Paso", EncounterKind.BETWEEN_PORTS, "America/Denver")
    at = datetime(2021, 4, 15, 3, tzinfo=ZoneInfo("UTC"))
    with pytest.raises(InvalidInput, match="outcome"):
        Encounter(
            uuid4(),
            place,
            at,
            Agency.BORDER_PATROL,
            (uuid4(),),
            LegalAuthority.TITLE_8,
            EncounterOutcome.EXPELLED,
            ("title8",),
        )
    with pytest.raises(InvalidInput, match="policy_ids"):
        Encounter(
            uuid4(),
            place,
            at,
            Agency.BORDER_PATROL,
            (uuid4(),),
            LegalAuthority.TITLE_42,
            EncounterOutcome.EXPELLED,
            (),
        )
    encounter = Encounter(
        uuid4(),
        place,
        at,
        Agency.BORDER_PATROL,
        (uuid4(),),
        LegalAuthority.TITLE_42,
        EncounterOutcome.EXPELLED,
        ("title42",),
    )
    assert encounter.local_time.day == 14  # 03:00 UTC is the evening before in El Paso
