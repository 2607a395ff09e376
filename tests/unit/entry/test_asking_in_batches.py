"""Asks written together: a batch that keeps losing races falls back to one ask per
transaction, each ask is judged at the time it arrived, not when its batch ran, and each
self-service ask gets its own answer."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from uuid import uuid4

from puente.entry.domain.requests import EntryRequest
from puente.entry.services.requesting import AskForEntry, AskOutcome, ask_gathered, ask_many
from puente.entry.services.self_service import (
    NotRecognised,
    RegisteredParty,
    SelfAsk,
    ask_ourselves,
)
from puente.entry.services.unit_of_work import DuplicateEntryRequest
from puente.shared.errors import InvalidInput, Unavailable
from tests.unit.entry.fakes import FakeEntryRepository, FakeUnitOfWork, State
from tests.unit.entry.test_services import CLOSES, OPENS, ask, setup


class RacingRepository(FakeEntryRepository):
    """Every write of several requests meets a rival's fresh race; a write of one request
    whose party is in ``rival_first`` finds the rival stored it; one in ``always`` never wins."""

    def __init__(self, uow: RacingUnitOfWork, state: State) -> None:
        super().__init__(state)
        self.uow = uow

    def add_requests(self, requests: Sequence[EntryRequest]) -> None:
        if len(requests) > 1:
            raise DuplicateEntryRequest(requests[0].id)
        (request,) = requests
        if request.person_ids in self.uow.always:
            raise DuplicateEntryRequest(request.id)
        if request.person_ids in self.uow.rival_first:
            self.uow.committed.requests[request.id] = copy.deepcopy(request)
            raise DuplicateEntryRequest(request.id)
        super().add_requests(requests)


class RacingUnitOfWork(FakeUnitOfWork):
    def __init__(self, state: State) -> None:
        super().__init__(state)
        self.rival_first: set[tuple[object, ...]] = set()
        self.always: set[tuple[object, ...]] = set()

    def _open(self) -> None:
        super()._open()
        self.entry = RacingRepository(self, self.working)


def test_a_batch_that_keeps_losing_races_fails_only_the_ask_that_never_wins() -> None:
    uow = RacingUnitOfWork(setup().committed)
    calm, raced, hopeless = ((uuid4(),), (uuid4(), uuid4()), (uuid4(),))
    uow.rival_first.add(raced)
    uow.always.add(hopeless)
    outcomes = ask_many(uow, [ask(calm, None), ask(raced, uuid4()), ask(hopeless, None)], OPENS)
    first, second, third = outcomes
    assert isinstance(first, AskOutcome) and first.created
    assert isinstance(second, AskOutcome) and not second.created  # the rival's, read back
    assert isinstance(third, Unavailable)
    with uow:
        stored = {r.person_ids for r in uow.entry.open_requests()}
    assert stored == {calm, raced}


def test_each_ask_is_judged_at_its_arrival_not_at_its_batchs_time() -> None:
    uow = setup()
    on_time = replace(ask((uuid4(),), None), window_id=None, asked_at=CLOSES - timedelta(seconds=1))
    late = replace(ask((uuid4(),), None), window_id=None, asked_at=CLOSES)
    written_at = CLOSES + timedelta(seconds=2)  # the batch runs after the window closed
    kept, refused = ask_many(uow, [on_time, late], written_at)
    assert isinstance(kept, AskOutcome) and kept.created
    assert kept.request.requested_at == on_time.asked_at
    assert isinstance(refused, InvalidInput)


def test_gathered_commands_are_made_once_inside_the_first_transaction_and_kept_for_retries() -> (
    None
):
    uow = RacingUnitOfWork(setup().committed)
    raced = (uuid4(), uuid4())
    uow.rival_first.add(raced)
    gathered: list[bool] = []

    def gather() -> list[AskForEntry]:
        gathered.append(hasattr(uow, "working"))  # inside the first transaction
        return [ask((uuid4(),), None), ask(raced, uuid4())]

    first, second = ask_gathered(uow, gather, OPENS)
    assert gathered == [True]  # the batch lost a race and was retried without a new gather
    assert isinstance(first, AskOutcome) and first.created
    assert isinstance(second, AskOutcome) and not second.created


def test_self_service_asks_in_one_batch_each_get_their_own_answer() -> None:
    uow = setup()
    born = date(1990, 4, 2)
    party = RegisteredParty(uuid4(), (uuid4(), uuid4()), uuid4(), OPENS, "hat", "HT", ())
    uow.committed.registrations[party.registration_id] = (party, frozenset({born}))
    arrives = OPENS + timedelta(hours=1)

    def asking(born_on: date) -> SelfAsk:
        return SelfAsk(party.registration_id, born_on, ("SYS",), False, arrives)

    first, wrong_date, again = ask_ourselves(
        uow, [asking(born), asking(date(1990, 2, 4)), asking(born)]
    )
    assert isinstance(first, tuple) and first[1] is True
    assert isinstance(wrong_date, NotRecognised)
    assert isinstance(again, tuple) and again[1] is False
    assert first[0].request is not None and again[0].request == first[0].request
    with uow:
        assert [r.person_ids for r in uow.entry.open_requests()] == [party.person_ids]
