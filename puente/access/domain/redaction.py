"""Field-level redaction: one mechanism for every response, page and export.

Each context classifies the fields of its views (a ``Classification``); the access layer blanks
(sets to ``None``) every field whose category was not granted, so a view keeps its shape, and
lists the paths it blanked. A field nobody classified is blanked too: deny by default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from puente.access.domain.roles import DataCategory


@dataclass(frozen=True)
class Nested:
    """A field holding another classified record (or a list of them)."""

    classification: Classification
    category: DataCategory = DataCategory.REFERENCE


Classification = Mapping[str, "DataCategory | Nested"]


@dataclass(frozen=True)
class Redacted:
    data: dict[str, Any]
    removed: tuple[str, ...]


def _redact_value(
    value: Any, rule: Nested, granted: frozenset[DataCategory], path: str, removed: list[str]
) -> Any:
    if isinstance(value, list):
        return [_redact_value(v, rule, granted, f"{path}[]", removed) for v in value]
    if isinstance(value, dict):
        return _redact_mapping(value, rule.classification, granted, path, removed)
    return value


def _redact_mapping(
    data: Mapping[str, Any],
    classification: Classification,
    granted: frozenset[DataCategory],
    prefix: str,
    removed: list[str],
) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for name, value in data.items():
        path = f"{prefix}.{name}" if prefix else name
        rule = classification.get(name)
        category = rule.category if isinstance(rule, Nested) else rule
        if category is None or category not in granted:
            if path not in removed:
                removed.append(path)
            kept[name] = None
            continue
        kept[name] = (
            _redact_value(value, rule, granted, path, removed)
            if isinstance(rule, Nested)
            else value
        )
    return kept


def redact(
    data: Mapping[str, Any], classification: Classification, granted: frozenset[DataCategory]
) -> Redacted:
    """``data`` with the fields ``granted`` does not allow set to ``None``, and their paths."""
    removed: list[str] = []
    kept = _redact_mapping(data, classification, granted, "", removed)
    return Redacted(kept, tuple(removed))
