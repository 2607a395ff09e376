"""JSON API for border statistics (under /api/v1/stats), with file and chart downloads."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as FastApiPath
from fastapi.responses import Response

from puente.shared.errors import InvalidInput, NotFound
from puente.stats.adapters.chart_types import MEDIA_TYPES as CHART_MEDIA_TYPES
from puente.stats.adapters.chart_types import ChartFormat, ChartKind
from puente.stats.adapters.exporters import ExportFormat, write_table
from puente.stats.adapters.store import DuckStore, open_store
from puente.stats.domain.series import DEMOGRAPHIC_SLUGS, REGION_SLUGS, Series
from puente.stats.services import comparisons, forecasting, reports
from puente.stats.services.tables import ReportTable
from puente.web.routing import problems

# Every route may answer with a problem document: 404 (no store yet, nothing matches) or 422.
router = APIRouter(prefix="/stats", tags=["statistics"], responses=problems(404, 422))
YEAR = Query(ge=1900, le=2100)


class OutputFormat(StrEnum):
    JSON = "json"
    CSV = ExportFormat.CSV.value
    XLSX = ExportFormat.XLSX.value
    PARQUET = ExportFormat.PARQUET.value


MEDIA_TYPES: dict[OutputFormat, str] = {
    OutputFormat.CSV: "text/csv",
    OutputFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    OutputFormat.PARQUET: "application/vnd.apache.parquet",
}


# Report routes answer JSON, or the same table as a file when ``format`` asks for one.
TABLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, **{media: {} for media in MEDIA_TYPES.values()}}}
}


def store(request: Request) -> Iterator[DuckStore]:
    """A read-only view of the analytic store for one request."""
    with open_store(request.app.state.settings.analytics_path, read_only=True) as opened:
        yield opened


Store = Annotated[DuckStore, Depends(store)]
RegionSlug = Annotated[str | None, Query(description=", ".join(REGION_SLUGS))]


def region_name(slug: str | None) -> str | None:
    if slug is None or slug == "":
        return None
    if slug not in REGION_SLUGS:
        raise InvalidInput.single("region", f"must be one of {', '.join(REGION_SLUGS)}")
    return REGION_SLUGS[slug]


def encounter_filters(
    region: str | None = None,
    state: str | None = None,
    demographic: str | None = None,
    citizenship: str | None = None,
    authority: str | None = None,
    fiscal_year: Annotated[int | None, YEAR] = None,
) -> reports.Filters:
    """Filters from query parameters; empty strings (blank form fields) mean "any"."""
    if demographic and demographic not in DEMOGRAPHIC_SLUGS:
        raise InvalidInput.single("demographic", f"must be one of {', '.join(DEMOGRAPHIC_SLUGS)}")
    return reports.Filters(
        region=region_name(region),
        state=state.upper() if state else None,
        demographic=DEMOGRAPHIC_SLUGS[demographic].value if demographic else None,
        citizenship=citizenship.upper() if citizenship else None,
        authority=authority or None,
        fiscal_year=fiscal_year,
    )


def dimensions(by: str) -> list[reports.Dimension]:
    try:
        return [reports.Dimension(part.strip()) for part in by.split(",") if part.strip()]
    except ValueError as error:
        raise InvalidInput.single(
            "by", f"comma-separated list of {', '.join(reports.Dimension)}"
        ) from error


def parse_month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError as error:
        raise InvalidInput.single("month", "must look like 2021-03") from error


def respond(table: ReportTable, fmt: OutputFormat, name: str) -> Any:
    """JSON by default; otherwise the same table as a downloadable file with HXL hashtags."""
    if fmt is OutputFormat.JSON:
        return {
            "title": table.title,
            "columns": [{"key": c.key, "label": c.label, "hxl": c.hxl} for c in table.columns],
            "rows": table.records(),
            "notes": list(table.notes),
        }
    with tempfile.TemporaryDirectory() as directory:
        path = write_table(table, Path(directory) / f"{name}.{fmt.value}", ExportFormat(fmt))
        content = path.read_bytes()
    return Response(
        content,
        media_type=f"{MEDIA_TYPES[fmt]}; charset=utf-8"
        if fmt is OutputFormat.CSV
        else MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt.value}"'},
    )


Format = Annotated[OutputFormat, Query(alias="format")]


@router.get("/encounters", responses=TABLE_RESPONSES)
def get_encounters(
    opened: Store,
    filters: Annotated[reports.Filters, Depends(encounter_filters)],
    by: str = "fiscal_year",
    fmt: Format = OutputFormat.JSON,
) -> Any:
    """CBP encounters grouped by month, fiscal year, region, state, demographic, citizenship
    or authority (comma-separated in ``by``)."""
    return respond(reports.encounters(opened, dimensions(by), filters), fmt, "encounters")


@router.get("/year-on-year", responses=TABLE_RESPONSES)
def get_year_on_year(
    opened: Store,
    filters: Annotated[reports.Filters, Depends(encounter_filters)],
    by: reports.Dimension | None = None,
    fmt: Format = OutputFormat.JSON,
) -> Any:
    return respond(reports.year_on_year(opened, by, filters), fmt, "year-on-year")


@router.get("/top-citizenships", responses=TABLE_RESPONSES)
def get_top_citizenships(
    opened: Store,
    fiscal_year: Annotated[int, YEAR],
    region: RegionSlug = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    fmt: Format = OutputFormat.JSON,
) -> Any:
    filters = reports.Filters(region=region_name(region))
    return respond(
        reports.top_citizenships(opened, fiscal_year, limit, filters), fmt, "top-citizenships"
    )


@router.get("/highest-since", responses=TABLE_RESPONSES)
def get_highest_since(
    opened: Store, month: str, region: RegionSlug = None, fmt: Format = OutputFormat.JSON
) -> Any:
    """When a month's figure was last exceeded; names the series on both sides."""
    return respond(
        reports.highest_since_report(opened, parse_month(month), region_name(region)),
        fmt,
        "highest-since",
    )


@router.get("/apprehensions", responses=TABLE_RESPONSES)
def get_apprehensions(
    opened: Store,
    by: reports.Dimension = reports.Dimension.FISCAL_YEAR,
    series: Series = Series.USBP_APPREHENSIONS,
    region: RegionSlug = None,
    fmt: Format = OutputFormat.JSON,
) -> Any:
    return respond(
        reports.apprehensions(opened, series, by, region_name(region)), fmt, "apprehensions"
    )


@router.get("/refugees", responses=TABLE_RESPONSES)
def get_refugees(opened: Store, by_region: bool = False, fmt: Format = OutputFormat.JSON) -> Any:
    return respond(comparisons.refugee_ceilings(opened, by_region), fmt, "refugees")


@router.get("/consistency", responses=TABLE_RESPONSES)
def get_consistency(
    opened: Store, region: RegionSlug = None, fmt: Format = OutputFormat.JSON
) -> Any:
    return respond(
        comparisons.border_patrol_consistency(opened, region_name(region)), fmt, "consistency"
    )


@router.get("/forecast", responses=TABLE_RESPONSES)
def get_forecast(
    opened: Store,
    series: Series = Series.CBP_ENCOUNTERS,
    region: RegionSlug = "southwest",
    horizon: Annotated[int, Query(ge=1, le=forecasting.MAX_HORIZON)] = 12,
    fmt: Format = OutputFormat.JSON,
) -> Any:
    """Monthly forecast with 80% and 95% prediction intervals."""
    return respond(
        forecasting.forecast_report(opened, series, region_name(region), horizon)[0],
        fmt,
        "forecast",
    )


@router.get("/imports")
def get_imports(opened: Store) -> list[dict[str, Any]]:
    """Every import with its file hash, row counts, rejects and revisions."""
    return [
        {**vars(record), "imported_at": record.imported_at.isoformat()}
        for record in opened.imports()
    ]


@router.get("/imports/{import_id}/rejected")
def get_rejected(
    opened: Store, import_id: Annotated[int, FastApiPath(ge=1, le=2**62)]
) -> list[dict[str, Any]]:
    return [vars(row) for row in opened.rejected_rows(import_id)]


@lru_cache(maxsize=64)
def _chart(
    path: Path, version: int, kind: ChartKind, fmt: ChartFormat, region: str | None, horizon: int
) -> bytes:
    # Keyed by the store file's modification time: a new import draws fresh charts, while
    # repeated page views (and the forecast chart's model fit) cost nothing. Matplotlib loads
    # with the first chart drawn, not with every worker's start-up.
    from puente.stats.adapters import charts

    with open_store(path, read_only=True) as opened:
        return charts.render_chart(opened, kind, fmt, region, horizon)


@router.get(
    "/charts/{kind}.{fmt}",
    response_class=Response,
    responses={200: {"content": {media: {} for media in CHART_MEDIA_TYPES.values()}}},
)
def get_chart(
    request: Request,
    kind: ChartKind,
    fmt: ChartFormat,
    region: RegionSlug = None,
    horizon: Annotated[int, Query(ge=1, le=forecasting.MAX_HORIZON)] = 12,
) -> Response:
    """A chart as PNG or SVG, small enough for a cheap phone; cached by browsers for an hour."""
    path: Path = request.app.state.settings.analytics_path
    if not path.exists():
        raise NotFound("analytic store", str(path))
    image = _chart(path, path.stat().st_mtime_ns, kind, fmt, region_name(region), horizon)
    return Response(
        image,
        media_type=CHART_MEDIA_TYPES[fmt],
        headers={"Cache-Control": "public, max-age=3600"},
    )
