"""Allocation on files: requests from Parquet, capacity from CSV, results to Parquet/CSV/JSON.

The request and capacity formats are described in docs/entry.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from puente.entry.domain.allocation import Allocation
from puente.entry.domain.appointments import Appointment
from puente.entry.domain.batch import RequestBatch, encode_labels
from puente.entry.domain.fairness import FairnessReport
from puente.entry.domain.lottery import tickets_of
from puente.entry.domain.passes import PassSigner
from puente.entry.domain.ports import SOUTHWEST_PORTS
from puente.entry.domain.requests import VulnerabilityLevel
from puente.shared.errors import FieldProblem, InvalidInput

REQUIRED = ("request_id", "party_size", "registered_at", "preferences")
_MAX_PREFERENCES = 8


def read_capacity(path: Path, day: date) -> tuple[tuple[str, ...], list[int]]:
    """``port,persons`` rows, or ``port,date,persons`` rows of which ``day``'s are used."""
    frame = pd.read_csv(path, dtype={"port": str})
    missing = {"port", "persons"} - set(frame.columns)
    if missing:
        raise InvalidInput.single("capacity", f"missing columns: {', '.join(sorted(missing))}")
    if "date" in frame.columns:
        ports = tuple(dict.fromkeys(frame["port"]))
        today = frame[frame["date"].astype(str) == day.isoformat()].set_index("port")["persons"]
        return ports, [int(today.get(p, 0)) for p in ports]
    if frame["port"].duplicated().any():
        raise InvalidInput.single("capacity", "a port appears twice")
    return tuple(frame["port"]), [int(v) for v in frame["persons"]]


def _vulnerability(column: pd.Series[Any]) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(column):
        levels = column.fillna(0).astype(np.int64).to_numpy()
    else:
        names = {level.name.lower(): int(level) for level in VulnerabilityLevel}
        levels = column.fillna("none").str.lower().map(names).to_numpy()
        if pd.isna(levels).any():
            raise InvalidInput.single("vulnerability", f"levels are {', '.join(names)}")
        levels = levels.astype(np.int64)
    if levels.min(initial=0) < 0 or levels.max(initial=0) > max(VulnerabilityLevel):
        raise InvalidInput.single("vulnerability", "levels are 0 to 3")
    return levels


def _preferences(column: pd.Series[Any], ports: Sequence[str]) -> np.ndarray:
    """``SYS;ELP`` strings to port indices padded with -1; unknown port codes are errors."""
    split = column.fillna("").astype(str).str.split(";", expand=True, n=_MAX_PREFERENCES - 1)
    index = {code: i for i, code in enumerate(ports)}
    prefs = np.full(split.shape, -1, dtype=np.int16)
    for j in range(split.shape[1]):
        codes = split[j].fillna("").str.strip()
        mapped = codes.map(index)
        unknown = (codes != "") & mapped.isna()
        if unknown.any():
            first = codes[unknown].iloc[0]
            raise InvalidInput.single("preferences", f"unknown port {first!r} (not in capacity)")
        prefs[:, j] = mapped.fillna(-1).astype(np.int16).to_numpy()
    return prefs


def read_requests(path: Path, ports: Sequence[str]) -> RequestBatch:
    frame = pd.read_parquet(path)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InvalidInput([FieldProblem(c, "required column missing") for c in missing])
    registered = pd.to_datetime(frame["registered_at"], utc=False)
    if getattr(registered.dt, "tz", None) is None:
        raise InvalidInput.single("registered_at", "times carry a time zone")
    ids = frame["request_id"].astype(str)
    if ids.duplicated().any():
        raise InvalidInput.single("request_id", f"repeated id {ids[ids.duplicated()].iloc[0]!r}")
    n = len(frame)

    def optional(name: str, default: object) -> pd.Series[Any]:
        return frame[name] if name in frame.columns else pd.Series([default] * n)

    group_labels, group = encode_labels(optional("group", ""))
    nationality_labels, nationality = encode_labels(optional("nationality", ""))
    language_labels, language = encode_labels(optional("language", ""))
    id_array = ids.to_numpy(dtype=object)
    return RequestBatch(
        request_ids=id_array,
        # Tickets are always derived from the ids, as anyone re-running the draw will do.
        tickets=tickets_of(id_array.tolist()),
        party_size=np.asarray(frame["party_size"], dtype=np.int64),
        registered=registered.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[s]"),
        level=_vulnerability(optional("vulnerability", 0)),
        moved=optional("moved_by_closure", False).astype(bool).to_numpy(),
        group=group,
        group_labels=group_labels,
        prefs=_preferences(frame["preferences"], ports),
        accepts_other=optional("accepts_other_ports", False).astype(bool).to_numpy(),
        nationality=nationality,
        nationality_labels=nationality_labels,
        language=language,
        language_labels=language_labels,
    )


def write_run(
    out: Path,
    batch: RequestBatch,
    allocation: Allocation,
    explanations: pd.DataFrame,
    report: FairnessReport,
    run: dict[str, Any],
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    placed = allocation.order
    names = [r.kind.value for r in allocation.policy.rules]
    pd.DataFrame(
        {
            "request_id": batch.request_ids[placed],
            "port": np.array(allocation.ports, dtype=object)[allocation.port[placed]],
            "day": allocation.day.isoformat(),
            "party_size": batch.party_size[placed],
            "rule": np.array(names, dtype=object)[allocation.rule[placed]],
            "position": allocation.positions[allocation.rule[placed], placed],
            "choice": allocation.choice[placed],
        }
    ).to_parquet(out / "appointments.parquet", index=False)
    explanations.to_parquet(out / "explanations.parquet", index=False)
    report.by_group.to_csv(out / "fairness_by_group.csv", index=False)
    report.by_rule.to_csv(out / "fairness_by_rule.csv", index=False)
    report.by_port.to_csv(out / "fairness_by_port.csv", index=False)
    (out / "run.json").write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n")


def requests_frame(batch: RequestBatch, ports: Sequence[str], zone: str) -> pd.DataFrame:
    """The batch in the request file format (the inverse of ``read_requests``)."""
    codes = np.array([*ports, ""], dtype=object)
    prefs = pd.Series(codes[batch.prefs[:, 0]])
    for j in range(1, batch.prefs.shape[1]):
        later = pd.Series(codes[batch.prefs[:, j]])
        prefs = prefs.where(later == "", prefs + ";" + later)
    registered = pd.Series(batch.registered).dt.tz_localize("UTC").dt.tz_convert(zone)
    levels = np.array([level.name.lower() for level in VulnerabilityLevel], dtype=object)
    return pd.DataFrame(
        {
            "request_id": batch.request_ids,
            "party_size": batch.party_size,
            "registered_at": registered,
            "preferences": prefs,
            "accepts_other_ports": batch.accepts_other,
            "vulnerability": levels[batch.level],
            "moved_by_closure": batch.moved,
            "group": np.array(batch.group_labels, dtype=object)[batch.group],
            "nationality": np.array(batch.nationality_labels, dtype=object)[batch.nationality],
            "language": np.array(batch.language_labels, dtype=object)[batch.language],
        }
    )


def passes_frame(
    batch: RequestBatch, allocation: Allocation, signer: PassSigner, now: datetime
) -> pd.DataFrame:
    """A signed pass for every allocated request (ports must be known southwest ports)."""
    rows = []
    policy = allocation.policy
    for i in allocation.order.tolist():
        code = allocation.ports[int(allocation.port[i])]
        if code not in SOUTHWEST_PORTS:
            raise InvalidInput.single("port", f"a pass needs a known port's clock: {code!r}")
        appointment = Appointment.offer(
            request_id=str(batch.request_ids[i]),
            port=SOUTHWEST_PORTS[code],
            day=allocation.day,
            party_size=int(batch.party_size[i]),
            rule=policy.rules[int(allocation.rule[i])].kind.value,
            offered_at=now,
            confirm_within=policy.confirm_within,
        )
        rows.append(
            {
                "request_id": appointment.request_id,
                "appointment_id": str(appointment.id),
                "confirm_by": appointment.confirm_by,
                "expires_at": appointment.expires_at.astimezone(UTC),
                "pass": signer.issue(appointment),
            }
        )
    return pd.DataFrame(rows)
