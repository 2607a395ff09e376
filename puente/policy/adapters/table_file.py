"""Reads and writes the policy table file (versioned JSON) and turns it into the domain value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

from puente.policy.domain.table import Citation, Policy, PolicyKind, PolicyTable
from puente.policy.services.ports import PolicyTableSource
from puente.shared.errors import FieldProblem, InvalidInput

FORMAT = "puente.policy-table/1"
DEFAULT_TABLE = Path(__file__).parent / "data" / "policy_table.json"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CitationDoc(_Model):
    text: str
    verified: bool
    note: str = ""


class PolicyDoc(_Model):
    id: str
    name: str
    kind: PolicyKind
    effective_from: AwareDatetime
    effective_until: AwareDatetime | None
    citations: list[CitationDoc]
    conditions: list[dict[str, list[bool | str]]] = []
    target: str | None = None
    pathway: str | None = None
    authority: str | None = None
    priority: int = 0
    fiscal_year: int | None = None
    figures: dict[str, int] = {}
    notes: str = ""


class TableDoc(_Model):
    format: Literal["puente.policy-table/1"]
    version: str
    policies: list[PolicyDoc]


def parse_table(document: Any) -> PolicyTable:
    """The table from a parsed JSON document; every problem is reported with its path."""
    try:
        doc = TableDoc.model_validate(document)
    except ValidationError as error:
        raise InvalidInput(
            [
                FieldProblem(".".join(str(p) for p in e["loc"]) or "document", e["msg"])
                for e in error.errors()
            ]
        ) from None
    return PolicyTable(
        doc.version,
        tuple(
            Policy(
                id=p.id,
                name=p.name,
                kind=p.kind,
                effective_from=p.effective_from,
                effective_until=p.effective_until,
                citations=tuple(Citation(c.text, c.verified, c.note) for c in p.citations),
                conditions=tuple(
                    {fact: frozenset(values) for fact, values in c.items()} for c in p.conditions
                ),
                target=p.target,
                pathway=p.pathway,
                authority=p.authority,
                priority=p.priority,
                fiscal_year=p.fiscal_year,
                figures=dict(p.figures),
                notes=p.notes,
            )
            for p in doc.policies
        ),
    )


def _sorted_values(values: frozenset[bool | str]) -> list[bool | str]:
    return sorted(values, key=lambda v: (isinstance(v, str), str(v)))


def dump_table(table: PolicyTable) -> dict[str, Any]:
    """The document ``parse_table`` reads back as an equal table."""
    return {
        "format": FORMAT,
        "version": table.version,
        "policies": [
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind.value,
                "effective_from": p.effective_from.isoformat(),
                "effective_until": p.effective_until.isoformat() if p.effective_until else None,
                "citations": [
                    {"text": c.text, "verified": c.verified, "note": c.note} for c in p.citations
                ],
                "conditions": [
                    {fact: _sorted_values(values) for fact, values in c.items()}
                    for c in p.conditions
                ],
                "target": p.target,
                "pathway": p.pathway,
                "authority": p.authority,
                "priority": p.priority,
                "fiscal_year": p.fiscal_year,
                "figures": dict(p.figures),
                "notes": p.notes,
            }
            for p in table.policies
        ],
    }


def load_table(path: Path = DEFAULT_TABLE) -> PolicyTable:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InvalidInput.single(str(path), f"not JSON: {error}") from None
    return parse_table(document)


def save_table(table: PolicyTable, path: Path) -> None:
    path.write_text(json.dumps(dump_table(table), indent=2, ensure_ascii=False) + "\n", "utf-8")


class FileTableSource(PolicyTableSource):
    """The table kept in a JSON file (the shipped one unless another path is given)."""

    def __init__(self, path: Path = DEFAULT_TABLE) -> None:
        self.path = path

    def load(self) -> PolicyTable:
        return load_table(self.path)
