"""Import use case: hash the file, skip a release already loaded, else stage, replace, report."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from puente.stats.services.ports import (
    FactTable,
    ImportRecord,
    PeriodRevision,
    RevisedCell,
    StagedRelease,
)


class ReleaseStore(Protocol):
    def find_import(self, series: str, sha256: str) -> ImportRecord | None: ...

    def load_release(
        self, table: FactTable, staged: StagedRelease, imported_at: datetime
    ) -> tuple[ImportRecord, list[PeriodRevision], list[RevisedCell]]: ...


class ReleaseParser(Protocol):
    """Reads one file layout into a staged release next to the store's tables."""

    @property
    def series(self) -> str: ...

    @property
    def table(self) -> FactTable: ...

    def stage(self, path: Path, sha256: str) -> StagedRelease: ...


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did; ``unchanged`` when the very same file had been loaded before."""

    record: ImportRecord
    unchanged: bool
    staged: StagedRelease | None = None
    revised_periods: list[PeriodRevision] = field(default_factory=list)
    revised_cells: list[RevisedCell] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_release(
    store: ReleaseStore,
    parser: ReleaseParser,
    path: Path,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> ImportOutcome:
    """Load a release of a series; re-importing the same bytes changes nothing."""
    sha256 = file_sha256(path)
    previous = store.find_import(parser.series, sha256)
    if previous is not None:
        return ImportOutcome(record=previous, unchanged=True)
    staged = parser.stage(path, sha256)
    record, periods, cells = store.load_release(parser.table, staged, clock())
    return ImportOutcome(
        record=record,
        unchanged=False,
        staged=staged,
        revised_periods=periods,
        revised_cells=cells,
    )
