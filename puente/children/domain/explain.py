"""Why each child was placed where they were, why a child is still waiting, and how many more
beds of which kind would clear the queue.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from puente.children.domain.optimiser import PlacementResult
from puente.children.domain.placement import (
    Provider,
    Unit,
    compatible,
    distance_km,
    rule_failures,
)
from puente.shelters.domain.model import RESTRICTIVENESS, BedPool, ShelterKind


@dataclass(frozen=True)
class Explanation:
    child_id: str
    provider_id: str | None
    text: str
    km: float | None = None
    restrictiveness: int | None = None


@dataclass(frozen=True, order=True)
class BedNeed:
    kind: ShelterKind
    pool: BedPool
    needs: tuple[str, ...]
    tender_age: bool


def _siblings(unit: Unit) -> str:
    if len(unit.members) > 1:
        return f"; kept together with {len(unit.members) - 1} sibling(s)"
    if unit.split_from_group:
        return "; placed apart from siblings: no provider had beds for the whole group"
    return ""


def _fuller_key(unit: Unit, provider: Provider, result: PlacementResult) -> tuple[object, ...]:
    # Units alike in pools, needs, tender age and settings have the same compatible providers.
    rules = result.rules
    return (
        unit.composition(rules),
        unit.needs,
        unit.any_tender_age(rules),
        unit.allowed_kinds,
        provider.restrictiveness,
    )


def _fuller(unit: Unit, provider: Provider, result: PlacementResult) -> Counter[ShelterKind]:
    """Compatible providers less restrictive than the one chosen (full, or the run chose
    otherwise), by kind."""
    return Counter(
        p.kind
        for p in result.providers
        if p.restrictiveness < provider.restrictiveness and compatible(unit, p, result.rules)
    )


def _placed_text(
    unit: Unit, provider: Provider, result: PlacementResult, fuller: Counter[ShelterKind]
) -> tuple[str, float]:
    lead = unit.lead
    km = distance_km(lead.latitude, lead.longitude, provider.latitude, provider.longitude)
    text = (
        f"placed at {provider.name} ({provider.kind}, {provider.licence}), {km:.0f} km "
        f"from {lead.facility}, after {lead.hours_waiting:.0f} h in border custody"
    )
    # Compatible but less restrictive providers that were full explain why this setting.
    if fuller:
        listed = ", ".join(f"{kind} ({n})" for kind, n in sorted(fuller.items()))
        text += f"; less restrictive compatible settings were full: {listed}"
    return text + _siblings(unit), km


def _waiting_text(unit: Unit, result: PlacementResult) -> str:
    fitting = [p for p in result.providers if compatible(unit, p, result.rules)]
    hours = unit.hours
    if fitting:
        return (
            f"waiting: the {len(fitting)} compatible provider(s) filled with children "
            f"held longer or nearer; this child has {hours:.0f} h in border custody"
            + _siblings(unit)
        )
    reasons = Counter(
        reason for p in result.providers for reason in rule_failures(unit, p, result.rules)
    )
    common = "; ".join(f"{reason} ({n} providers)" for reason, n in reasons.most_common(3))
    return f"waiting: no provider can take this child{_siblings(unit)}: {common}"


def explain(result: PlacementResult) -> list[Explanation]:
    by_id = {p.id: p for p in result.providers}
    explanations: list[Explanation] = []
    fuller: dict[tuple[object, ...], Counter[ShelterKind]] = {}
    for unit, provider_id in zip(result.units, result.unit_provider, strict=True):
        if provider_id is None:
            text = _waiting_text(unit, result)
            explanations.extend(Explanation(c.id, None, text) for c in unit.members)
            continue
        provider = by_id[provider_id]
        key = _fuller_key(unit, provider, result)
        if key not in fuller:
            fuller[key] = _fuller(unit, provider, result)
        text, km = _placed_text(unit, provider, result, fuller[key])
        explanations.extend(
            Explanation(c.id, provider_id, text, km, provider.restrictiveness) for c in unit.members
        )
    return explanations


def _suggested_kind(unit: Unit, providers: list[Provider]) -> ShelterKind:
    """The least restrictive setting the child may use, preferring kinds that already exist."""
    order = list(ShelterKind)  # among equals, the declaration order (transitional care first)
    allowed = sorted(unit.allowed_kinds, key=lambda k: (RESTRICTIVENESS[k], order.index(k)))
    existing = {p.kind for p in providers if p.open}
    return next((k for k in allowed if k in existing), allowed[0])


def shortfall(result: PlacementResult) -> Counter[BedNeed]:
    """Beds, by kind, pool, needs and tender age, that would place every waiting child."""
    needed: Counter[BedNeed] = Counter()
    for unit in result.unplaced_units:
        kind = _suggested_kind(unit, result.providers)
        for child in unit.members:
            needed[
                BedNeed(
                    kind,
                    child.pool(result.rules),
                    tuple(sorted(unit.needs)),
                    child.tender_age(result.rules),
                )
            ] += 1
    return needed
