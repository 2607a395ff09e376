"""Open requests as columns, so that a day's allocation over a million requests stays fast.

Built from ``EntryRequest`` entities here, or from files by the adapters; ports are indices into
the calendar's port order and preferences are padded with -1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC

import numpy as np
import numpy.typing as npt

from puente.entry.domain.lottery import tickets_of
from puente.entry.domain.requests import EntryRequest
from puente.shared.errors import InvalidInput

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
BoolArray = npt.NDArray[np.bool_]


_ROW_COLUMNS = (
    "request_ids",
    "tickets",
    "party_size",
    "registered",
    "level",
    "moved",
    "group",
    "prefs",
    "accepts_other",
    "nationality",
    "language",
)


@dataclass(frozen=True)
class RequestBatch:
    """One row per open request; labels tuples decode the integer code columns."""

    request_ids: npt.NDArray[np.object_]
    tickets: U64
    party_size: I64
    registered: npt.NDArray[np.datetime64]  # UTC, seconds
    level: I64
    moved: BoolArray
    group: I64
    group_labels: tuple[str, ...]
    prefs: npt.NDArray[np.int16]
    accepts_other: BoolArray
    nationality: I64
    nationality_labels: tuple[str, ...]
    language: I64
    language_labels: tuple[str, ...]

    def __post_init__(self) -> None:
        n = len(self.request_ids)
        if any(len(getattr(self, name)) != n for name in _ROW_COLUMNS):
            raise InvalidInput.single("batch", "every column has one value per request")
        if n and int(self.party_size.min()) < 1:
            raise InvalidInput.single("party_size", "a party has at least one person")

    def __len__(self) -> int:
        return len(self.request_ids)

    def take(self, index: I64) -> RequestBatch:
        """The rows at ``index``, in that order, with the same labels."""
        return replace(self, **{name: getattr(self, name)[index] for name in _ROW_COLUMNS})

    @classmethod
    def from_requests(cls, requests: Sequence[EntryRequest], ports: Sequence[str]) -> RequestBatch:
        port_index = {code: i for i, code in enumerate(ports)}
        width = max((len(r.preferences) for r in requests), default=1) or 1
        prefs = np.full((len(requests), width), -1, dtype=np.int16)
        for row, request in enumerate(requests):
            known = [port_index[c] for c in request.preferences if c in port_index]
            prefs[row, : len(known)] = known
        groups, group = encode_labels(r.group for r in requests)
        nations, nationality = encode_labels(r.nationality for r in requests)
        languages, language = encode_labels(r.language for r in requests)
        registered = [r.registered_at.astimezone(UTC).replace(tzinfo=None) for r in requests]
        ids = [r.id for r in requests]
        return cls(
            request_ids=np.array(ids, dtype=object),
            tickets=tickets_of(ids),
            party_size=np.array([r.party_size for r in requests], dtype=np.int64),
            registered=np.array(registered, dtype="datetime64[s]"),
            level=np.array([int(r.vulnerability.level) for r in requests], dtype=np.int64),
            moved=np.array([r.moved_by_closure for r in requests], dtype=bool),
            group=group,
            group_labels=groups,
            prefs=prefs,
            accepts_other=np.array([r.accepts_other_ports for r in requests], dtype=bool),
            nationality=nationality,
            nationality_labels=nations,
            language=language,
            language_labels=languages,
        )


def encode_labels(values: Iterable[str]) -> tuple[tuple[str, ...], I64]:
    """Sorted distinct labels and each value's code into them (hashing, not sorting, the values)."""
    import pandas as pd  # loaded with the first batch, not with the self-service routes

    categories = pd.Categorical(pd.Series(list(values), dtype=object).fillna("").astype(str))
    return tuple(str(c) for c in categories.categories), categories.codes.astype(np.int64)
