"""Use cases: open a sponsor application, record each check, release the child to the sponsor."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from puente.children.domain.sponsors import SponsorApplication, State, preference_order
from puente.children.services.unit_of_work import ChildrenUnitOfWork
from puente.shared.errors import InvalidInput, NotFound


def submit_application(uow: ChildrenUnitOfWork, application: SponsorApplication) -> None:
    with uow:
        if uow.children.get_record(application.child_id) is None:
            raise NotFound("custody record", application.child_id)
        uow.children.add_application(application)
        uow.commit()


def advance(
    uow: ChildrenUnitOfWork,
    application_id: UUID,
    target: State,
    at: datetime,
    by: str,
    note: str = "",
) -> SponsorApplication:
    """Record one step; releasing also checks the child out of their shelter."""
    with uow:
        application = uow.children.get_application(application_id)
        if application is None:
            raise NotFound("sponsor application", application_id)
        moved = application.advance(target, at, by, note)
        if target is State.RELEASED:
            _check_out(uow, application.child_id, at)
        uow.children.save_application(moved)
        uow.commit()
        return moved


def _check_out(uow: ChildrenUnitOfWork, child_id: UUID, at: datetime) -> None:
    for shelter in uow.shelters.all():
        if child_id in shelter.occupants:
            shelter.check_out(child_id, at)
            uow.shelters.save(shelter)
            return
    raise InvalidInput.single("child_id", "the child is not checked in at any shelter")


def applications_in_preference_order(
    uow: ChildrenUnitOfWork, child_id: UUID
) -> list[SponsorApplication]:
    with uow:
        return preference_order(uow.children.applications_for([child_id]).get(child_id, []))
