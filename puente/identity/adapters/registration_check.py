"""The registrar's check before saving: who among the persons held might this new person be?

One matcher per process, built from the latest run's trained model and the persons held, and
rebuilt when a new run lands or the number of persons changes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, func, select

from puente.identity.adapters.features import feature_table
from puente.identity.adapters.incremental import Candidate, CandidateMatcher
from puente.identity.adapters.store.unit_of_work import SqlIdentityUnitOfWork
from puente.registry.adapters.store.tables import persons

# Shown to the registrar at or above this probability.
PANEL_FLOOR = 0.3


@dataclass(frozen=True, slots=True)
class NewPerson:
    """What the registration form holds of one person, before it is saved."""

    given_names: str
    first_surname: str
    second_surname: str = ""
    sex: str = ""
    birth_date: str = ""
    estimated_age: str = ""
    nationality: str = ""
    phone: str = ""

    def as_record(self, today: date) -> dict[str, str]:
        """The linkage input row: an age becomes an estimated birth year."""
        text, precision = self.birth_date.strip(), ""
        if text:
            precision = {4: "year", 7: "year_month"}.get(len(text), "exact")
        elif self.estimated_age.strip().isdigit():
            text = str(today.year - int(self.estimated_age.strip()))
            precision = "estimated_age"
        return {
            "record_id": "new",
            "given_names": self.given_names,
            "first_surname": self.first_surname,
            "second_surname": self.second_surname,
            "sex": self.sex,
            "birth_date": text,
            "birth_precision": precision,
            "nationality": self.nationality.upper(),
            "phone": self.phone,
        }

    @property
    def searchable(self) -> bool:
        return bool(self.given_names.strip() and self.first_surname.strip())


class MatcherCache:
    """The current matcher of one application; ``None`` until a database run has trained one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._matcher: CandidateMatcher | None = None

    def matcher(self, engine: Engine) -> CandidateMatcher | None:
        with SqlIdentityUnitOfWork(engine) as uow:
            run = uow.identity.latest_run()
            if run is None:
                return None
            with engine.connect() as connection:
                held = connection.scalar(select(func.count()).select_from(persons))
            key = (run.run_id, held)
            with self._lock:
                if key != self._key:
                    records = uow.identity.person_records()
                    self._matcher = CandidateMatcher(feature_table(records), dict(run.model))
                    self._key = key
                return self._matcher


def possible_matches(
    cache: MatcherCache, engine: Engine, person: NewPerson, today: date
) -> list[Candidate] | None:
    """Held persons who may be ``person``, most probable first; ``None`` before any run."""
    matcher = cache.matcher(engine)
    if matcher is None:
        return None
    if not person.searchable:
        return []
    return matcher.candidates(person.as_record(today), floor=PANEL_FLOOR)


def person_uuid(candidate: Candidate) -> UUID:
    return UUID(candidate.record_id)
