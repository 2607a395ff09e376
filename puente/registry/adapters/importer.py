"""Imports registrations from CSV or XLSX: the good rows are registered, every bad one reported.

Each family group (rows sharing ``family_ref``) or single person becomes one registration with
a request id taken from the file, or derived from the rows' content, so a re-run adds nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.registry.adapters.row_format import LIST_SEPARATOR, read_rows
from puente.registry.adapters.store.unit_of_work import AuditedFactory
from puente.registry.services.commands import RegisterCommand
from puente.registry.services.registration import register
from puente.shared.errors import IdempotencyConflict, InvalidInput

TRUE_WORDS = {"yes", "y", "true", "1", "sí", "si"}


@dataclass(frozen=True)
class RejectedRow:
    line: int
    field: str
    reason: str


@dataclass
class ImportReport:
    registered: int = 0
    already_present: int = 0
    people: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _member(row: dict[str, str]) -> dict[str, Any]:
    member: dict[str, Any] = {
        "given_names": row.get("given_names", ""),
        "first_surname": row.get("first_surname", ""),
        "second_surname": row.get("second_surname") or None,
        "name_as_written": row.get("name_as_written") or None,
        "sex": row.get("sex") or "unspecified",
        "nationalities": _split(row.get("nationalities", "")),
        "languages": _split(row.get("languages", "")),
        "phones": _split(row.get("phones", "")),
        "vulnerabilities": _split(row.get("vulnerabilities", "")),
        "relationship": row.get("relationship") or None,
    }
    precision = row.get("birth_precision", "")
    registered_year = (row.get("registered_at") or "")[:4]
    if precision == "estimated_age" and row.get("birth_date") and registered_year.isdigit():
        # The generator writes an estimated age as the estimated year of birth.
        member["estimated_age"] = int(registered_year) - int(row["birth_date"][:4])
    elif row.get("birth_date"):
        member["birth_date"] = row["birth_date"]
    if row.get("estimated_age"):
        member["estimated_age"] = row["estimated_age"]
    if row.get("document_number"):
        member["documents"] = [
            {
                "kind": row.get("document_kind") or "other",
                "number": row["document_number"],
                "issuing_country": row.get("document_country") or None,
            }
        ]
    if row.get("address_line1"):
        member["address"] = {
            "country": row.get("address_country", ""),
            "line1": row["address_line1"],
            "city": row.get("address_city", ""),
            "state": row.get("address_state") or None,
            "postal_code": row.get("address_postal_code") or None,
        }
    return member


def _command(rows: list[tuple[int, dict[str, str]]], default_by: str) -> dict[str, Any]:
    first = rows[0][1]
    content = json.dumps([r for _, r in rows], sort_keys=True, ensure_ascii=False)
    request_id = (
        first.get("request_id") or "import-" + hashlib.sha256(content.encode()).hexdigest()[:40]
    )
    members = [_member(r) for _, r in rows]
    if len(members) == 1:
        members[0]["relationship"] = None
    elif not any(m["relationship"] == "head" for m in members):
        # Files that list a family without naming its head: the first adult row leads it.
        members[0]["relationship"] = "head"
    return {
        "request_id": request_id,
        "members": members,
        "channel": first.get("channel") or "import",
        "location": first.get("location") or "",
        "language": first.get("language") or "spa",
        "consent_given": (first.get("consent_given") or "").lower() in TRUE_WORDS,
        "registered_by": first.get("registered_by") or default_by,
        "registered_at": first.get("registered_at") or None,
    }


def _field_to_line(rows: list[tuple[int, dict[str, str]]], field_path: str) -> int:
    parts = field_path.split(".")
    if (
        len(parts) > 1
        and parts[0] == "members"
        and parts[1].isdigit()
        and int(parts[1]) < len(rows)
    ):
        return rows[int(parts[1])][0]
    return rows[0][0]


def _group(rows: Iterable[tuple[int, dict[str, str]]]) -> list[list[tuple[int, dict[str, str]]]]:
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    singles: list[list[tuple[int, dict[str, str]]]] = []
    for line, row in rows:
        ref = row.get("family_ref", "")
        if ref:
            groups.setdefault(ref, []).append((line, row))
        else:
            singles.append([(line, row)])
    return sorted([*groups.values(), *singles], key=lambda g: g[0][0])


def import_registrations(
    audited: AuditedFactory,
    gate: Gate,
    path: Path,
    now: datetime,
    imported_by: str = "import",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    report = ImportReport()
    for group in _group(read_rows(path)):
        try:
            command = RegisterCommand.model_validate(_command(group, imported_by))
            audit = gate.authorise_write(
                Permission.REGISTRY_WRITE, "registration", None, "import registration"
            )
            outcome = register(audited(audit), command, now, gate.principal.organisation.id)
            if not outcome.created:
                audit(gate.audit, [outcome.group.registration.id])
        except ValidationError as error:
            for e in error.errors():
                path_text = ".".join(str(p) for p in e["loc"])
                report.rejected.append(
                    RejectedRow(_field_to_line(group, path_text), path_text, e["msg"])
                )
        except InvalidInput as error:
            for p in error.problems:
                report.rejected.append(
                    RejectedRow(_field_to_line(group, p.field), p.field, p.message)
                )
        except IdempotencyConflict as error:
            report.rejected.append(RejectedRow(group[0][0], "request_id", str(error)))
        else:
            if outcome.created:
                report.registered += 1
                report.people += len(outcome.group.persons)
            else:
                report.already_present += 1
        if progress:
            progress(len(group))
    return report
