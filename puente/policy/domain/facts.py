"""The facts about a person and an encounter that policy conditions may test.

Conditions in the policy table can only name facts listed here, with values of the right kind;
a new policy over these facts needs no code change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from puente.shared.errors import FieldProblem, InvalidInput

FactValue = bool | str


@dataclass(frozen=True)
class FactSpec:
    """A fact's allowed values (``None`` for a yes/no fact), its default and its meaning."""

    choices: tuple[str, ...] | None
    default: FactValue
    meaning: str

    def parse(self, raw: object, field: str) -> FactValue:
        """The value from Python or from text (a CSV cell, a command-line option)."""
        if self.choices is None:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("true", "yes", "1", "y"):
                return True
            if text in ("false", "no", "0", "n", ""):
                return False
            raise InvalidInput.single(field, f"{raw!r} is not yes/no")
        text = str(raw).strip().lower() or str(self.default)
        if text not in self.choices:
            raise InvalidInput.single(field, f"{raw!r} is not one of {', '.join(self.choices)}")
        return text


FACTS: Mapping[str, FactSpec] = {
    "unaccompanied_child": FactSpec(None, False, "under 18, no parent or legal guardian with them"),
    "family_unit": FactSpec(None, False, "travelling as a family unit"),
    "mexican_national": FactSpec(None, False, "a citizen of Mexico"),
    "encounter_kind": FactSpec(
        ("port_presentation", "between_ports"),
        "between_ports",
        "presented at a port of entry, or encountered between ports",
    ),
    "southwest_land_border": FactSpec(None, True, "entered at the southwest land border"),
    "transited_third_country": FactSpec(
        None, True, "travelled through a country other than their own on the way"
    ),
    "had_appointment": FactSpec(None, False, "presented at a pre-scheduled time and place"),
    "parole_process": FactSpec(None, False, "authorised to travel under a DHS parole process"),
    "denied_asylum_in_transit_country": FactSpec(
        None, False, "sought protection in a transit country and received a final denial"
    ),
    "scheduling_obstacle": FactSpec(
        ("none", "language", "illiteracy", "technical_failure", "other_serious"),
        "none",
        "why the appointment system could not be used",
    ),
    "outage_logged": FactSpec(
        None, False, "an outage of the appointment system is logged for the days before"
    ),
    "medical_emergency": FactSpec(None, False, "faced an acute medical emergency"),
    "imminent_threat": FactSpec(None, False, "faced an imminent and extreme threat to life"),
    "trafficking_victim": FactSpec(None, False, "a victim of a severe form of trafficking"),
    "returned_under_mpp": FactSpec(None, False, "returned to Mexico under MPP"),
    "mpp_court_status": FactSpec(
        ("none", "pending", "appeal_pending", "terminated", "in_absentia", "completed"),
        "none",
        "where the person's MPP court case stands",
    ),
}


@dataclass(frozen=True)
class Facts:
    """Every known fact with a value; unnamed facts take their default."""

    values: Mapping[str, FactValue]

    @classmethod
    def of(cls, given: Mapping[str, object] | None = None, **named: object) -> Facts:
        raw = {**(given or {}), **named}
        problems = [FieldProblem(k, "is not a known fact") for k in raw if k not in FACTS]
        values: dict[str, FactValue] = {}
        for name, spec in FACTS.items():
            try:
                values[name] = spec.parse(raw[name], name) if name in raw else spec.default
            except InvalidInput as error:
                problems.extend(error.problems)
        if problems:
            raise InvalidInput(problems)
        return cls(values)

    def __getitem__(self, name: str) -> FactValue:
        return self.values[name]
