"""The fairness report: who was served, how long they waited, by which rule, and who did not come.

Per run (from a batch and its allocation) and over time (from appointment records); the same
group table serves both, by nationality, language, vulnerability and family size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from puente.entry.domain.allocation import Allocation
from puente.entry.domain.batch import I64, RequestBatch
from puente.entry.domain.requests import VulnerabilityLevel

DIMENSIONS = ("nationality", "language", "vulnerability", "party_size")
_LEVELS = [level.name.lower() for level in VulnerabilityLevel]
_SIZE_LABELS = ["1", "2", "3", "4", "5+"]


@dataclass(frozen=True)
class FairnessReport:
    by_group: pd.DataFrame  # dimension, group, requests, persons, allocated, share, waits…
    by_rule: pd.DataFrame  # rule, requests, persons, share_of_persons
    by_port: pd.DataFrame  # port, capacity, persons, utilisation


def labelled(codes: I64, labels: Sequence[str]) -> pd.Categorical[str]:
    """``labels[code]`` as a categorical (labels may repeat; a code of -1 gives NaN)."""
    unique, inverse = np.unique(np.array(labels, dtype=object), return_inverse=True)
    remapped = np.where(codes >= 0, inverse.reshape(-1)[np.maximum(codes, 0)], -1)
    return pd.Categorical.from_codes(remapped, categories=pd.Index([str(u) for u in unique]))


def size_bucket(party_size: I64) -> pd.Categorical[str]:
    return labelled(np.minimum(party_size, 5) - 1, _SIZE_LABELS)


def level_labels(level: I64) -> pd.Categorical[str]:
    return labelled(level, _LEVELS)


def group_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per dimension and group: requests, persons, share allocated, waits, and no-shows if known.

    ``frame`` has the DIMENSIONS columns, ``allocated``, ``party_size_n`` and ``wait_days`` (used
    only where allocated), and optionally ``no_show`` (NaN while the outcome is not known).
    """
    served = frame[frame["allocated"].to_numpy()]
    parts = []
    for dimension in DIMENSIONS:
        grouped = frame.groupby(dimension, observed=True)
        waits = served.groupby(dimension, observed=True)["wait_days"]
        table = pd.DataFrame(
            {
                "requests": grouped.size(),
                "persons": grouped["party_size_n"].sum(),
                "allocated": grouped["allocated"].sum(),
                "wait_median_days": waits.median(),
                "wait_mean_days": waits.mean(),
                "wait_p90_days": waits.quantile(0.9),
            }
        )
        table["allocated_share"] = table["allocated"] / table["requests"]
        if "no_show" in frame:
            table["no_show_rate"] = served.groupby(dimension, observed=True)["no_show"].mean()
        table.index = table.index.astype(str)
        parts.append(table.rename_axis("group").reset_index().assign(dimension=dimension))
    out = pd.concat(parts, ignore_index=True)
    return out[["dimension", "group", *[c for c in out.columns if c not in ("dimension", "group")]]]


def run_report(batch: RequestBatch, allocation: Allocation) -> FairnessReport:
    placed = allocation.allocated
    day = np.datetime64(allocation.day.isoformat(), "D")
    waited = (day - batch.registered.astype("datetime64[D]")).astype(np.int64)
    frame = pd.DataFrame(
        {
            "nationality": labelled(batch.nationality, batch.nationality_labels),
            "language": labelled(batch.language, batch.language_labels),
            "vulnerability": level_labels(batch.level),
            "party_size": size_bucket(batch.party_size),
            "party_size_n": batch.party_size,
            "allocated": placed,
            "wait_days": waited,
        }
    )
    rules = [r.kind.value for r in allocation.policy.rules]
    persons = allocation.persons_by_rule(batch.party_size)
    by_rule = pd.DataFrame(
        {
            "rule": rules,
            "requests": np.bincount(allocation.rule[placed], minlength=len(rules)),
            "persons": persons,
            "share_of_persons": persons / max(int(persons.sum()), 1),
        }
    )
    at_port = allocation.persons_by_port(batch.party_size)
    by_port = pd.DataFrame(
        {
            "port": list(allocation.ports),
            "capacity": allocation.capacity,
            "persons": at_port,
            "utilisation": at_port / np.maximum(allocation.capacity, 1),
        }
    )
    return FairnessReport(by_group=group_table(frame), by_rule=by_rule, by_port=by_port)


@dataclass(frozen=True)
class HistoryReport:
    by_group: pd.DataFrame  # the group table over many days, with the no-show rate
    by_week: pd.DataFrame  # week, appointments, persons, no-show rate, share of persons by rule


# Outcomes that say whether the party came; offers still open or cancelled say nothing.
_CAME = ("checked_in", "processed")
_MISSED = ("no_show",)


def _utc_day(times: pd.Series[Any]) -> pd.Series[Any]:
    """Registration days as UTC calendar days, as ``run_report`` counts them."""
    return pd.to_datetime(times, utc=True).dt.tz_localize(None).dt.normalize()


def history_report(records: pd.DataFrame) -> HistoryReport:
    """Fairness over time from appointment records, one row per appointment.

    Columns: ``day`` (date), ``state``, ``rule``, ``registered`` (UTC), ``nationality``,
    ``language``, ``level`` and ``party_size``.
    """
    day = pd.to_datetime(records["day"])
    known = records["state"].isin(_CAME + _MISSED)
    no_show = records["state"].isin(_MISSED).astype(float).where(known)
    frame = pd.DataFrame(
        {
            "nationality": records["nationality"].astype("category"),
            "language": records["language"].astype("category"),
            "vulnerability": level_labels(records["level"].to_numpy(dtype=np.int64)),
            "party_size": size_bucket(records["party_size"].to_numpy(dtype=np.int64)),
            "party_size_n": records["party_size"].to_numpy(dtype=np.int64),
            "allocated": True,
            "wait_days": (day - _utc_day(records["registered"])).dt.days,
            "no_show": no_show,
        }
    )
    week = day.dt.to_period("W").astype(str).rename("week")
    persons = records["party_size"].groupby([week, records["rule"]]).sum().unstack(fill_value=0)
    shares = persons.div(persons.sum(axis=1), axis=0).add_prefix("share_")
    by_week = pd.DataFrame(
        {
            "appointments": records.groupby(week).size(),
            "persons": records["party_size"].groupby(week).sum(),
            "no_show_rate": no_show.groupby(week).mean(),
        }
    ).join(shares)
    return HistoryReport(by_group=group_table(frame), by_week=by_week.reset_index())
