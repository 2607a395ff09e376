"""Count tables drawn from Puente's own operational records, for disclosure-controlled export."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine

from puente.registry.adapters.store.tables import (
    person_nationalities,
    registration_subjects,
    registrations,
)

UNKNOWN_NATIONALITY = "unknown"


def registrations_by_nationality_and_location(engine: Engine) -> pd.DataFrame:
    """People registered, by first-listed nationality and registration location."""
    nationality = func.coalesce(person_nationalities.c.country, UNKNOWN_NATIONALITY)
    joined = registrations.join(
        registration_subjects, registration_subjects.c.registration_id == registrations.c.id
    ).outerjoin(
        person_nationalities,
        and_(
            person_nationalities.c.person_id == registration_subjects.c.person_id,
            person_nationalities.c.position == 0,
        ),
    )
    statement = (
        select(
            nationality.label("nationality"),
            registrations.c.location.label("location"),
            func.count().label("people"),
        )
        .select_from(joined)
        .group_by(nationality, registrations.c.location)
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    return pd.DataFrame(
        [tuple(row) for row in rows], columns=["nationality", "location", "people"]
    ).astype({"people": "int64"})
