"""Server-rendered statistics pages: headline tables, charts as images, any report as a table."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from babel.numbers import format_decimal
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from puente.shared.errors import InvalidInput, NotFound
from puente.stats.adapters.api import dimensions, encounter_filters, region_name
from puente.stats.adapters.store import open_store
from puente.stats.domain.series import DEMOGRAPHIC_SLUGS, REGION_SLUGS, Series
from puente.stats.services import comparisons, reports
from puente.stats.services.tables import ReportTable
from puente.web.i18n import translations_for
from puente.web.templating import render, request_language

router = APIRouter(include_in_schema=False)

CHARTS = ("monthly", "demographics", "citizenship", "forecast", "refugees")


def _cells(table: ReportTable, language: str) -> list[list[str]]:
    gettext = translations_for(language).gettext

    def show(value: object, numeric: bool) -> str:
        if value is None:
            return "–"
        if numeric and isinstance(value, int | float) and not isinstance(value, bool):
            return format_decimal(value, locale=language)
        # Labels such as demographic groups have catalog entries; other values pass through.
        return gettext(value) if isinstance(value, str) and value else str(value)

    return [
        [show(value, column.numeric) for value, column in zip(row, table.columns, strict=True)]
        for row in table.rows
    ]


def _table_view(
    table: ReportTable, language: str, download_query: str, path: str
) -> dict[str, Any]:
    return {
        "title": table.title,
        "columns": table.columns,
        "cells": _cells(table, language),
        "notes": table.notes,
        "downloads": {
            fmt: f"/api/v1/stats/{path}?{download_query}&format={fmt}"
            for fmt in ("csv", "xlsx", "parquet")
        },
    }


def _no_data(request: Request, error: NotFound | InvalidInput) -> HTMLResponse:
    status = 404 if isinstance(error, NotFound) else 422
    return render(request, "stats/empty.html", {"problem": str(error)}, status_code=status)


@router.get("/stats", response_class=HTMLResponse)
def overview(request: Request, region: str = "southwest") -> HTMLResponse:
    """Headline figures and charts for one land border region."""
    language = request_language(request)
    try:
        name = region_name(region)
        with open_store(request.app.state.settings.analytics_path, read_only=True) as store:
            yearly = reports.year_on_year(store, None, reports.Filters(region=name))
            latest = int(str(yearly.rows[-1][0]))
            last_month = reports.monthly_totals(store, Series.CBP_ENCOUNTERS, name)[-1].month
            tables = [
                (
                    reports.highest_since_report(store, last_month, name),
                    f"region={region}&month={last_month.isoformat()[:7]}",
                    "highest-since",
                ),
                (yearly, f"region={region}", "year-on-year"),
                (
                    reports.year_on_year(
                        store, reports.Dimension.DEMOGRAPHIC, reports.Filters(region=name)
                    ),
                    f"region={region}&by=demographic",
                    "year-on-year",
                ),
                (
                    reports.top_citizenships(store, latest, 10, reports.Filters(region=name)),
                    f"region={region}&fiscal_year={latest}",
                    "top-citizenships",
                ),
                (comparisons.refugee_ceilings(store), "by_region=false", "refugees"),
            ]
            views = [_table_view(t, language, q, p) for t, q, p in tables]
    except (NotFound, InvalidInput) as error:
        return _no_data(request, error)
    chart_query = urlencode({"region": region})
    return render(
        request,
        "stats/index.html",
        {
            "region": region,
            "regions": REGION_SLUGS,
            "tables": views,
            "charts": [
                {
                    "kind": kind,
                    "svg": f"/api/v1/stats/charts/{kind}.svg?{chart_query}",
                    "png": f"/api/v1/stats/charts/{kind}.png?{chart_query}",
                }
                for kind in CHARTS
            ],
        },
    )


@router.get("/stats/table", response_class=HTMLResponse)
def any_table(request: Request, by: str = "fiscal_year") -> HTMLResponse:
    """Encounters grouped by any dimensions, from a plain GET form (no JavaScript).

    The form's fields arrive as text, blank when unused, and are checked here so that a
    mistake comes back as a page rather than as a JSON problem document.
    """
    language = request_language(request)
    params = request.query_params
    query = urlencode({k: v for k, v in params.items() if v and k != "lang"})
    try:
        year_text = params.get("fiscal_year", "").strip()
        if year_text and not year_text.isdigit():
            raise InvalidInput.single("fiscal_year", "must be a year such as 2021")
        filters = encounter_filters(
            region=params.get("region") or None,
            state=params.get("state") or None,
            demographic=params.get("demographic") or None,
            citizenship=params.get("citizenship") or None,
            authority=params.get("authority") or None,
            fiscal_year=int(year_text) if year_text else None,
        )
        with open_store(request.app.state.settings.analytics_path, read_only=True) as store:
            table = reports.encounters(store, dimensions(by), filters)
    except (NotFound, InvalidInput) as error:
        return _no_data(request, error)
    return render(
        request,
        "stats/table.html",
        {
            "table": _table_view(table, language, query or "by=fiscal_year", "encounters"),
            "by": by,
            "params": params,
            "dimensions": list(reports.Dimension),
            "regions": REGION_SLUGS,
            "demographics": DEMOGRAPHIC_SLUGS,
        },
    )
