"""Report use cases over the analytic store: encounters by any dimension, changes, records.

Every report names the series it reads, so that all-CBP encounters (FY2020 onward) are never
passed off as Border Patrol apprehensions (FY2000–FY2020) or the other way round.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from puente.shared.errors import InvalidInput, NotFound
from puente.stats.domain.series import (
    DEMOGRAPHIC_LABELS,
    SERIES_DESCRIPTIONS,
    Demographic,
    MonthValue,
    Series,
    highest_since,
    percent_change,
)
from puente.stats.services.ports import Filters as Filters  # callers build filters from here
from puente.stats.services.ports import QueryStore
from puente.stats.services.tables import Column, ReportTable


class Dimension(StrEnum):
    MONTH = "month"
    FISCAL_YEAR = "fiscal_year"
    REGION = "region"
    STATE = "state"
    DEMOGRAPHIC = "demographic"
    CITIZENSHIP = "citizenship"
    AUTHORITY = "authority"


DIMENSION_COLUMNS: dict[Dimension, Column] = {
    Dimension.MONTH: Column("month", "Month", "#date+month"),
    Dimension.FISCAL_YEAR: Column("fiscal_year", "Fiscal year", "#date+year+fiscal"),
    Dimension.REGION: Column("region", "Land border region", "#region+name"),
    Dimension.STATE: Column("state", "State", "#adm1+code"),
    Dimension.DEMOGRAPHIC: Column("demographic", "Demographic", "#group+demographic"),
    Dimension.CITIZENSHIP: Column("citizenship", "Citizenship", "#country+name+citizenship"),
    Dimension.AUTHORITY: Column("authority", "Legal authority", "#indicator+authority"),
}
ENCOUNTERS_COLUMN = Column("encounters", "Encounters", "#indicator+encounters+num", numeric=True)
APPREHENSIONS_COLUMN = Column(
    "apprehensions", "Border Patrol apprehensions", "#indicator+apprehensions+num", numeric=True
)
CHANGE_COLUMN = Column("change_pct", "Change on previous year (%)", "#indicator+change+pct", True)


def _rounded(change: float | None) -> float | None:
    return None if change is None else round(change, 1)


def _series_note(series: Series) -> str:
    return f"Series: {SERIES_DESCRIPTIONS[series]}."


def _display(dimension: Dimension, value: object) -> object:
    if dimension is Dimension.DEMOGRAPHIC and isinstance(value, str):
        try:
            return DEMOGRAPHIC_LABELS[Demographic(value)]
        except ValueError:
            return value
    if dimension is Dimension.MONTH and isinstance(value, date):
        return value.isoformat()[:7]
    return value


def encounters(store: QueryStore, by: list[Dimension], filters: Filters = Filters()) -> ReportTable:
    """CBP encounters summed over every dimension not in ``by``."""
    if not by:
        raise InvalidInput.single("by", "name at least one dimension to group by")
    if len(set(by)) != len(by):
        raise InvalidInput.single("by", "each dimension at most once")
    rows = store.encounter_totals([d.value for d in by], filters)
    if not rows:
        raise NotFound("encounters for", filters.describe())
    return ReportTable(
        title="CBP encounters by " + ", ".join(DIMENSION_COLUMNS[d].label.lower() for d in by),
        columns=(*(DIMENSION_COLUMNS[d] for d in by), ENCOUNTERS_COLUMN),
        rows=[
            (*(_display(d, v) for d, v in zip(by, row[:-1], strict=True)), row[-1]) for row in rows
        ],
        notes=(_series_note(Series.CBP_ENCOUNTERS), f"Filter: {filters.describe()}."),
    )


def year_on_year(
    store: QueryStore, by: Dimension | None = None, filters: Filters = Filters()
) -> ReportTable:
    """Fiscal-year totals with the change on the previous fiscal year, optionally per group."""
    if by in (Dimension.MONTH, Dimension.FISCAL_YEAR):
        raise InvalidInput.single("by", "year-on-year groups by a dimension other than time")
    rows = store.encounter_fiscal_years(by.value if by else None, filters)
    if not rows:
        raise NotFound("encounters for", filters.describe())
    table_rows: list[tuple[object, ...]] = []
    previous: dict[object, int] = {}
    for row in rows:
        key = row[0] if by else None
        fiscal_year, total, months = row[-3], int(str(row[-2])), int(str(row[-1]))
        change = _rounded(percent_change(previous.get(key), total))
        previous[key] = total
        head = (_display(by, key),) if by else ()
        table_rows.append((*head, fiscal_year, months, total, change))
    columns = (
        *((DIMENSION_COLUMNS[by],) if by else ()),
        DIMENSION_COLUMNS[Dimension.FISCAL_YEAR],
        Column("months", "Months with data", "#meta+months+num", numeric=True),
        ENCOUNTERS_COLUMN,
        CHANGE_COLUMN,
    )
    return ReportTable(
        title=(
            f"CBP encounters by fiscal year and {DIMENSION_COLUMNS[by].label.lower()}, "
            "with year-on-year change"
            if by
            else "CBP encounters by fiscal year, with year-on-year change"
        ),
        columns=columns,
        rows=table_rows,
        notes=(
            _series_note(Series.CBP_ENCOUNTERS),
            f"Filter: {filters.describe()}.",
            "A fiscal year with fewer than 12 months of data is not comparable to a full one.",
        ),
    )


def top_citizenships(
    store: QueryStore, fiscal_year: int, limit: int = 10, filters: Filters = Filters()
) -> ReportTable:
    """The citizenships with most encounters in a fiscal year, their share and change."""
    if limit < 1:
        raise InvalidInput.single("limit", "must be at least 1")
    current = Filters(**{**vars(filters), "fiscal_year": fiscal_year})
    earlier = Filters(**{**vars(filters), "fiscal_year": fiscal_year - 1})
    totals: dict[int, dict[str, int]] = {}
    for year, scope in ((fiscal_year, current), (fiscal_year - 1, earlier)):
        totals[year] = {
            str(name): int(str(count))
            for name, count in store.encounter_totals([Dimension.CITIZENSHIP.value], scope)
        }
    this_year = totals[fiscal_year]
    if not this_year:
        raise NotFound("encounters in fiscal year", fiscal_year)
    grand_total = sum(this_year.values())
    ranked = sorted(this_year.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return ReportTable(
        title=f"Top {limit} citizenships, FY{fiscal_year}",
        columns=(
            Column("rank", "Rank", "#meta+rank+num", numeric=True),
            DIMENSION_COLUMNS[Dimension.CITIZENSHIP],
            ENCOUNTERS_COLUMN,
            Column("share_pct", "Share of all encounters (%)", "#indicator+share+pct", True),
            CHANGE_COLUMN,
        ),
        rows=[
            (
                rank,
                name,
                count,
                round(100.0 * count / grand_total, 2),
                _rounded(percent_change(totals[fiscal_year - 1].get(name), count)),
            )
            for rank, (name, count) in enumerate(ranked, 1)
        ],
        notes=(
            _series_note(Series.CBP_ENCOUNTERS),
            f"Filter: {current.describe()}.",
            "CBP groups smaller nationalities under OTHER.",
        ),
    )


def monthly_totals(store: QueryStore, series: Series, region: str | None) -> list[MonthValue]:
    """One series' monthly totals for a region (or everywhere), oldest first."""
    return [
        MonthValue(month, total) for month, total in store.monthly_figures(series.value, region)
    ]


def highest_since_report(store: QueryStore, month: date, region: str | None) -> ReportTable:
    """Where a month's all-CBP figure ranks, against its own series and against Border Patrol.

    The second comparison mixes series (all CBP encounters vs. Border Patrol apprehensions
    only); it is the comparison usually quoted, so it is shown, labelled as such.
    """
    cbp = monthly_totals(store, Series.CBP_ENCOUNTERS, region)
    current = next((point for point in cbp if point.month == month), None)
    if current is None:
        raise NotFound("CBP encounters for month", month.isoformat()[:7])
    histories = {
        Series.CBP_ENCOUNTERS: cbp,
        Series.USBP_APPREHENSIONS: monthly_totals(store, Series.USBP_APPREHENSIONS, region),
    }
    comparisons = [
        highest_since(month, current.value, Series.CBP_ENCOUNTERS, history, series)
        for series, history in histories.items()
        if any(point.month < month for point in history)
    ]
    if not comparisons:
        raise NotFound("months before", month.isoformat()[:7])
    rows: list[tuple[object, ...]] = []
    for result in comparisons:
        higher = result.last_higher
        rows.append(
            (
                result.month.isoformat()[:7],
                result.value,
                result.compared_with.value,
                "yes" if result.like_with_like else "no",
                f"{result.history_start.isoformat()[:7]} ({result.months_compared} months)",
                higher.month.isoformat()[:7] if higher else None,
                higher.value if higher else None,
                result.reading(),
            )
        )
    return ReportTable(
        title=f"Highest since: {month.isoformat()[:7]}, {region or 'all regions'}",
        columns=(
            DIMENSION_COLUMNS[Dimension.MONTH],
            ENCOUNTERS_COLUMN,
            Column("compared_with", "Compared with series", "#meta+series"),
            Column("like_with_like", "Like with like", "#meta+comparable"),
            Column("history", "History searched", "#date+start"),
            Column("last_higher_month", "Last month higher", "#date+month+higher"),
            Column("last_higher_value", "Its figure", "#indicator+num+higher", numeric=True),
            Column("reading", "Reading", "#description"),
        ),
        rows=rows,
        notes=(
            _series_note(Series.CBP_ENCOUNTERS),
            f"Compared with: {SERIES_DESCRIPTIONS[Series.USBP_APPREHENSIONS]}.",
            "All CBP encounters include Office of Field Operations inadmissibles; Border Patrol "
            "apprehensions do not, so the mixed comparison flatters the recent month.",
        ),
    )


def apprehensions(
    store: QueryStore,
    series: Series = Series.USBP_APPREHENSIONS,
    by: Dimension = Dimension.FISCAL_YEAR,
    region: str | None = None,
) -> ReportTable:
    """Border Patrol apprehensions by month or fiscal year, for a region or everywhere."""
    if by not in (Dimension.MONTH, Dimension.FISCAL_YEAR):
        raise InvalidInput.single("by", "Border Patrol history is by month or fiscal year")
    rows = store.apprehension_totals(series.value, by.value, region)
    if not rows:
        raise NotFound("apprehensions in series", series.value)
    return ReportTable(
        title=f"Border Patrol apprehensions by {DIMENSION_COLUMNS[by].label.lower()}",
        columns=(DIMENSION_COLUMNS[by], APPREHENSIONS_COLUMN),
        rows=[(_display(by, key), total) for key, total in rows],
        notes=(_series_note(series), f"Region: {region or 'all regions'}."),
    )
