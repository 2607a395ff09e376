"""The registrar's check before saving: who among the persons held might this new person be?

One matcher per process, built from the latest run's trained model and the persons held,
rebuilt when a new run lands, and given each person registered since.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from sqlalchemy import Engine

from puente.identity.adapters.store.unit_of_work import SqlIdentityUnitOfWork

if TYPE_CHECKING:
    from puente.identity.adapters.incremental import Candidate, CandidateMatcher

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
    """The current matcher of one application; ``None`` until a database run has trained one.

    Built once per run from every person held; persons registered since are added as they
    appear, so the check always covers everyone held.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._run: UUID | None = None
        self._matcher: CandidateMatcher | None = None
        self._newest: datetime | None = None

    def matcher(self, engine: Engine) -> CandidateMatcher | None:
        with self._lock, SqlIdentityUnitOfWork(engine) as uow:
            run = uow.identity.latest_run()
            if run is None:
                return None
            # Splink and pandas load with the first check against a run, not at start-up.
            from puente.identity.adapters.features import feature_table
            from puente.identity.adapters.incremental import CandidateMatcher

            if run.run_id != self._run:
                records = uow.identity.person_records()
                self._matcher = CandidateMatcher(feature_table(records), dict(run.model))
                self._run = run.run_id
            else:
                records = uow.identity.person_records(since=self._newest)
                if len(records) and self._matcher is not None:
                    self._matcher.add(feature_table(records))
            if len(records):
                self._newest = records["created_at"].max().to_pydatetime()
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
