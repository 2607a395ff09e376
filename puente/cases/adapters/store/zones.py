"""The clock an instant was given on, as text a column can hold, and back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo


def zone_label(value: datetime) -> str:
    """An IANA name for a zone, else the fixed offset (``-06:00``) the time was given with."""
    zone = value.tzinfo
    if isinstance(zone, ZoneInfo):
        return zone.key
    offset = value.utcoffset() or timedelta()
    sign = "-" if offset < timedelta() else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def zone_of(label: str) -> tzinfo:
    if label[:1] in "+-":
        hours, minutes = label[1:].split(":")
        offset = timedelta(hours=int(hours), minutes=int(minutes))
        return timezone(-offset if label[0] == "-" else offset)
    return ZoneInfo(label)


def on_clock(value: datetime, label: str) -> datetime:
    """A stored UTC instant on the clock it was given on."""
    return value.astimezone(zone_of(label))
