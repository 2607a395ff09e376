"""Reads past encounters for the what-if replay from CSV: ``id``, ``at``, optional ``timezone``,
and any fact columns by name (``unaccompanied_child``, ``encounter_kind`` …)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from puente.policy.domain.facts import FACTS, Facts
from puente.policy.domain.what_if import Situation
from puente.shared.errors import FieldProblem, InvalidInput

FIXED_COLUMNS = ("id", "at", "timezone")


def _instant(text: str, zone_name: str) -> datetime:
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput.single("at", f"{text!r} is not an ISO 8601 time") from None
    if zone_name:
        try:
            zone = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput.single("timezone", f"{zone_name!r} is unknown") from None
        # A local time in the given zone, or an instant shown on that zone's clock.
        return at.replace(tzinfo=zone) if at.tzinfo is None else at.astimezone(zone)
    if at.tzinfo is None:
        raise InvalidInput.single("at", "needs an offset or a timezone column")
    return at


def read_situations(path: Path) -> list[Situation]:
    """Every row, or every problem found, each named by line and column."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        unknown = [c for c in columns if c not in FIXED_COLUMNS and c not in FACTS]
        missing = [c for c in ("id", "at") if c not in columns]
        if unknown or missing:
            raise InvalidInput(
                [FieldProblem(c, "is not a fact or a known column") for c in unknown]
                + [FieldProblem(c, "is a required column") for c in missing]
            )
        situations: list[Situation] = []
        problems: list[FieldProblem] = []
        for line, row in enumerate(reader, start=2):
            try:
                facts = {k: v for k, v in row.items() if k in FACTS and v not in (None, "")}
                at = _instant(row["at"], (row.get("timezone") or "").strip())
                situations.append(Situation(row["id"], at, Facts.of(facts)))
            except InvalidInput as error:
                problems.extend(error.nested(f"line {line}").problems)
        if problems:
            raise InvalidInput(problems)
    return situations
