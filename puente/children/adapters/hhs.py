"""Parser for HHS's daily unaccompanied-children series, reporting every problem by line.

Nothing is silently repaired: blank cells stay missing, a row out of date order or a date
given twice with different figures is held out of the series, and each of these, like blank
rows and header variants, is reported with its line number.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import itertools
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from puente.shared.errors import InvalidInput

COLUMNS = {
    "Children apprehended and placed in CBP custody": "apprehended",
    "Children in CBP custody": "in_cbp",
    "Children transferred out of CBP custody": "transferred_out",
    "Children in HHS Care": "in_hhs",
    "Children discharged from HHS Care": "discharged",
}
VALUE_COLUMNS = tuple(COLUMNS.values())
# The HHS census moves a few per cent a day; a one-day excursion beyond this from both
# neighbours, which agree with each other, is more likely a typing slip than a real change.
JUMP_RATIO = 0.15
DATE_FORMATS = ("%B %d, %Y", "%B %d %Y", "%Y-%m-%d", "%m/%d/%Y")


class ProblemKind(StrEnum):
    HEADER_VARIANT = "header_variant"
    BLANK_ROW = "blank_row"
    BLANK_CELLS = "blank_cells"
    BAD_DATE = "bad_date"
    BAD_NUMBER = "bad_number"
    OUT_OF_ORDER = "out_of_order"
    CONFLICTING_DUPLICATE = "conflicting_duplicate"
    EXACT_DUPLICATE = "exact_duplicate"
    SUSPECT_JUMP = "suspect_jump"  # reported, kept: the figure may be right


HOLDS_ROW_OUT = frozenset(
    {
        ProblemKind.BAD_DATE,
        ProblemKind.OUT_OF_ORDER,
        ProblemKind.CONFLICTING_DUPLICATE,
        ProblemKind.EXACT_DUPLICATE,
    }
)


@dataclass(frozen=True)
class Problem:
    line: int
    kind: ProblemKind
    detail: str
    column: str | None = None


@dataclass(frozen=True)
class DailyRow:
    line: int
    day: date
    values: dict[str, int | None]


@dataclass
class ParsedFile:
    source_name: str
    sha256: str
    rows_read: int
    rows: list[DailyRow] = field(default_factory=list)  # kept rows, in date order
    held_out: list[DailyRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def kinds(self) -> set[ProblemKind]:
        return {p.kind for p in self.problems}


def _header(cells: list[str], problems: list[Problem]) -> list[str]:
    names = []
    for cell in cells:
        name = cell.strip()
        clean = name.rstrip("*").strip()
        if clean != name:
            problems.append(
                Problem(1, ProblemKind.HEADER_VARIANT, f"header {name!r} read as {clean!r}", clean)
            )
        names.append(clean)
    expected = ["Date", *COLUMNS]
    if names != expected:
        raise InvalidInput.single("header", f"expected {expected}, found {names}")
    return names


def _day(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _count(text: str) -> int | None:
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return None
    value = int(cleaned)
    if value < 0:
        raise ValueError(text)
    return value


def _order_breaks(days: list[date]) -> set[int]:
    """Positions outside a longest run in date order, the file's direction being the majority.

    The rows kept form the longest non-decreasing (or non-increasing) subsequence, so a
    mistyped year stands out even when the rows around it are in order among themselves.
    """
    rising = sum(b > a for a, b in itertools.pairwise(days))
    keys = [d.toordinal() for d in days]
    if rising < len(days) - 1 - rising:
        keys = [-k for k in keys]
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(keys)
    for i, key in enumerate(keys):
        j = bisect.bisect_right(tails, key)
        if j == len(tails):
            tails.append(key)
            tail_at.append(i)
        else:
            tails[j], tail_at[j] = key, i
        parent[i] = tail_at[j - 1] if j else -1
    kept = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        kept.add(i)
        i = parent[i]
    return set(range(len(keys))) - kept


def parse(path: Path) -> ParsedFile:
    raw = path.read_bytes()
    parsed = ParsedFile(path.name, hashlib.sha256(raw).hexdigest(), 0)
    problems = parsed.problems
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    if not lines:
        raise InvalidInput.single("file", f"{path.name} is empty")
    names = _header(lines[0], problems)
    last_data = max(
        (n for n, cells in enumerate(lines, start=1) if any(c.strip() for c in cells)), default=1
    )
    candidates: list[DailyRow] = []
    for number, cells in enumerate(lines[1:], start=2):
        parsed.rows_read += 1
        if not any(cell.strip() for cell in cells):
            where = "trailing " if number > last_data else ""
            problems.append(Problem(number, ProblemKind.BLANK_ROW, f"{where}blank row"))
            continue
        day = _day(cells[0])
        if day is None or len(cells) != len(names):
            problems.append(
                Problem(
                    number,
                    ProblemKind.BAD_DATE,
                    f"unreadable date or {len(cells)} cells: {cells!r}",
                    "Date",
                )
            )
            continue
        values: dict[str, int | None] = {}
        blank = []
        for name, cell in zip(names[1:], cells[1:], strict=True):
            column = COLUMNS[name]
            try:
                values[column] = _count(cell)
            except ValueError:
                problems.append(
                    Problem(number, ProblemKind.BAD_NUMBER, f"{cell!r} is not a count", name)
                )
                values[column] = None
            if not cell.strip():
                blank.append(name)
        if blank:
            problems.append(
                Problem(
                    number, ProblemKind.BLANK_CELLS, "blank: " + "; ".join(blank), ", ".join(blank)
                )
            )
        candidates.append(DailyRow(number, day, values))
    _hold_out(parsed, candidates)
    problems.sort(key=lambda p: (p.line, p.kind.value))
    return parsed


def _hold_out(parsed: ParsedFile, candidates: list[DailyRow]) -> None:
    out_of_order = _order_breaks([row.day for row in candidates])
    held: set[int] = set()
    for i in sorted(out_of_order):
        row = candidates[i]
        before = candidates[i - 1] if i else None
        after = f" after line {before.line} ({before.day:%d %b %Y})" if before else ""
        parsed.problems.append(
            Problem(
                row.line,
                ProblemKind.OUT_OF_ORDER,
                f"{row.day:%d %b %Y} is out of the file's date order{after}; held out "
                "(a mistyped year is likely)",
                "Date",
            )
        )
        held.add(row.line)
    by_day: dict[date, list[DailyRow]] = {}
    for row in candidates:
        by_day.setdefault(row.day, []).append(row)
    for day, rows in by_day.items():
        if len(rows) < 2:
            continue
        lines = ", ".join(str(r.line) for r in rows)
        if len({tuple(r.values.items()) for r in rows}) > 1:
            for row in rows:
                parsed.problems.append(
                    Problem(
                        row.line,
                        ProblemKind.CONFLICTING_DUPLICATE,
                        f"{day:%d %b %Y} appears on lines {lines} with different figures; "
                        "all copies held out",
                        "Date",
                    )
                )
                held.add(row.line)
        else:
            for row in rows[1:]:
                parsed.problems.append(
                    Problem(
                        row.line,
                        ProblemKind.EXACT_DUPLICATE,
                        f"{day:%d %b %Y} repeats line {rows[0].line} exactly; the copy is skipped",
                        "Date",
                    )
                )
                held.add(row.line)
    parsed.rows = sorted((r for r in candidates if r.line not in held), key=lambda r: r.day)
    parsed.held_out = [r for r in candidates if r.line in held]
    parsed.problems.extend(_jumps(parsed.rows, "in_hhs"))


def _jumps(rows: list[DailyRow], column: str) -> list[Problem]:
    problems = []
    for before, row, after in zip(rows, rows[1:], rows[2:], strict=False):
        a, b, c = before.values[column], row.values[column], after.values[column]
        if not (a and b and c):
            continue
        if abs(a - c) <= JUMP_RATIO * a / 2 and min(abs(b - a), abs(b - c)) > JUMP_RATIO * a:
            problems.append(
                Problem(
                    row.line,
                    ProblemKind.SUSPECT_JUMP,
                    f"{row.day:%d %b %Y}: {b:,} against {a:,} (line {before.line}) and {c:,} "
                    f"(line {after.line}); kept as published",
                    column,
                )
            )
    return problems
