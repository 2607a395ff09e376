"""A redacted view as a response body: removed fields present as ``null``, and their paths."""

from __future__ import annotations

import copy
from typing import Any

from puente.access.domain.redaction import Redacted


def with_nulls(shown: Redacted) -> dict[str, Any]:
    """The kept fields, each removed field as ``null``, and the list of removed paths."""
    data = copy.deepcopy(shown.data)
    for path in shown.removed:
        _put_null(data, path.split("."))
    return {**data, "redacted": list(shown.removed)}


def _put_null(data: Any, parts: list[str]) -> None:
    head, rest = parts[0], parts[1:]
    if head.endswith("[]"):
        for item in data.get(head[:-2]) or []:
            _put_null(item, rest)
    elif not rest:
        data[head] = None
    elif isinstance(data.get(head), dict):
        _put_null(data[head], rest)
