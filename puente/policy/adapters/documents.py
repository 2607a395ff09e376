"""A determination of the rules function as a JSON document, for the CLI and the API."""

from __future__ import annotations

from typing import Any

from puente.policy.domain.rules import Determination, Finding


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "policy": finding.policy_id,
        "name": finding.name,
        "kind": finding.kind.value,
        "verdict": finding.verdict.value,
        "reason": finding.reason,
        "because_of": list(finding.because_of),
        "citations": [{"text": c.text, "verified": c.verified} for c in finding.citations],
    }


def determination_json(found: Determination) -> dict[str, Any]:
    return {
        "at": found.at.isoformat(),
        "table_version": found.table_version,
        "authority": found.outcome.authority,
        "authority_policy": found.authority_policy,
        "pathways": list(found.outcome.pathways),
        "findings": [_finding_json(f) for f in found.findings],
    }
