"""Which parser reads which file, and the public files shipped in the shared data directory."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import duckdb

from puente.stats.adapters.importers import CbpEncountersParser, apprehension_parser
from puente.stats.adapters.refugee_importers import MpiAdmissionsParser, PrmRegionsParser
from puente.stats.services.imports import ReleaseParser


class SourceKind(StrEnum):
    CBP = "cbp"
    USBP = "usbp"
    REFUGEES = "refugees"


SHARED_SOURCES: tuple[tuple[SourceKind, str], ...] = (
    (SourceKind.CBP, "cbp/cbp-nationwide-encounters-fy20-fy23-state.csv"),
    (SourceKind.USBP, "usbp/usbp_monthly_encounters_fy2000-fy2020.csv.gz"),
    (SourceKind.USBP, "usbp/family_child_total_monthly_2000_2019.csv"),
    (SourceKind.REFUGEES, "refugees/mpi-refugee-admissions-1980-2025q1.csv"),
    (SourceKind.REFUGEES, "refugees/prm-refugee-admissions-report-2024.xlsx"),
)


def parser_for(
    kind: SourceKind, connection: duckdb.DuckDBPyConnection, path: Path
) -> ReleaseParser:
    if kind is SourceKind.CBP:
        return CbpEncountersParser(connection)
    if kind is SourceKind.USBP:
        return apprehension_parser(connection, path)
    if path.suffix.lower() == ".xlsx":
        return PrmRegionsParser(connection)
    return MpiAdmissionsParser(connection)
