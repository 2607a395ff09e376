"""Disclosure control for count tables: primary and complementary cell suppression.

The table is handled with its margins (row totals, column totals, grand total) as one extended
grid, because that is what gets published: a line's cells always sum to its total. Small cells
are suppressed (primary), then further cells (complementary) until no suppressed value can be
solved for from the published ones: every suppressed value lies on a cycle of suppressed
entries, so it can move up and down while every published sum stays the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

DEFAULT_THRESHOLD = 10
_RANK_TOLERANCE = 1e-9


class Suppression(StrEnum):
    PUBLISHED = "published"
    PRIMARY = "primary"
    COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class ProtectedTable:
    """The extended grid (cells plus a total row and a total column) with each entry's fate.

    ``values[i][j]`` for ``i < rows`` and ``j < columns`` are the cells; the last column holds
    row totals, the last row column totals, the corner the grand total.
    """

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]
    status: tuple[tuple[Suppression, ...], ...]

    def published(self, row: int, column: int) -> int | None:
        """The value a reader sees: None where it is suppressed."""
        if self.status[row][column] is Suppression.PUBLISHED:
            return self.values[row][column]
        return None

    def suppressed_positions(self) -> list[tuple[int, int]]:
        return [
            (i, j)
            for i, line in enumerate(self.status)
            for j, state in enumerate(line)
            if state is not Suppression.PUBLISHED
        ]


def extend_with_margins(cells: Sequence[Sequence[int]]) -> npt.NDArray[np.int64]:
    """The grid with a total column, a total row and the grand total appended."""
    grid = np.asarray(cells, dtype=np.int64)
    if grid.ndim != 2 or grid.shape[0] == 0 or grid.shape[1] == 0:
        raise ValueError("a count table needs at least one row and one column")
    if (grid < 0).any():
        raise ValueError("counts cannot be negative")
    with_row_totals = np.hstack([grid, grid.sum(axis=1, keepdims=True)])
    return np.vstack([with_row_totals, with_row_totals.sum(axis=0, keepdims=True)])


def margin_equations(shape: tuple[int, int]) -> npt.NDArray[np.float64]:
    """One equation per line of the extended grid: its cells minus its total equal zero.

    Columns of the result index the flattened extended grid (row-major).
    """
    rows, columns = shape  # of the extended grid
    equations = []
    for i in range(rows):
        equation = np.zeros(rows * columns)
        equation[i * columns : (i + 1) * columns - 1] = 1.0
        equation[(i + 1) * columns - 1] = -1.0
        equations.append(equation)
    for j in range(columns):
        equation = np.zeros(rows * columns)
        equation[[i * columns + j for i in range(rows - 1)]] = 1.0
        equation[(rows - 1) * columns + j] = -1.0
        equations.append(equation)
    return np.array(equations)


def determined_entries(extended: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_]) -> list[int]:
    """Flat indices of suppressed entries that the margin equations pin to a single value.

    An unknown is determined exactly when no solution of the homogeneous system (a way to move
    the suppressed values without changing any published sum) touches it.
    """
    unknowns = np.flatnonzero(mask.ravel())
    if unknowns.size == 0:
        return []
    system = margin_equations(extended.shape)[:, unknowns]
    _, singular, right = np.linalg.svd(system)
    rank = int((singular > _RANK_TOLERANCE * max(1.0, float(singular.max(initial=0.0)))).sum())
    null_space = right[rank:]
    if null_space.shape[0] == 0:
        return [int(index) for index in unknowns]
    movable = np.abs(null_space).max(axis=0) > 1e-7
    return [int(index) for index, free in zip(unknowns, movable, strict=True) if not free]


def protect(
    cells: Sequence[Sequence[int]],
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    threshold: int = DEFAULT_THRESHOLD,
) -> ProtectedTable:
    """Suppress every entry (cell or total) from 1 to ``threshold − 1``, then enough others.

    Zeros are published: a zero says nobody is in that cell, and a suppressed zero could be
    pinned by non-negativity. Complementary entries are always positive, so a suppressed value
    can move both ways along its cycle and is never pinned by bounds either.
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    extended = extend_with_margins(cells)
    if extended.shape != (len(row_labels) + 1, len(column_labels) + 1):
        raise ValueError("labels do not match the table's shape")
    primary = (extended > 0) & (extended < threshold)
    mask = primary.copy()
    while True:
        _pair_lonely_entries(extended, mask)
        determined = determined_entries(extended, mask)
        if not determined:
            break
        row, column = divmod(determined[0], extended.shape[1])
        if not _close_cycle(extended, mask, row, column):
            # No positive rectangle exists (one row or column, or mostly zeros): withhold
            # every positive entry rather than publish a value that can be solved for.
            mask |= extended > 0
            break
    status = tuple(
        tuple(
            Suppression.PRIMARY
            if primary[i, j]
            else Suppression.COMPLEMENTARY
            if mask[i, j]
            else Suppression.PUBLISHED
            for j in range(extended.shape[1])
        )
        for i in range(extended.shape[0])
    )
    return ProtectedTable(
        row_labels=(*row_labels, "Total"),
        column_labels=(*column_labels, "Total"),
        values=tuple(tuple(int(v) for v in line) for line in extended),
        status=status,
    )


def _cheapest_positive(
    extended: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_], line: npt.NDArray[np.intp]
) -> int | None:
    candidates = [int(k) for k in line if not mask.flat[k] and extended.flat[k] > 0]
    return min(candidates, key=lambda k: int(extended.flat[k])) if candidates else None


def _pair_lonely_entries(extended: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_]) -> None:
    """Give every line holding one suppressed entry a second one, until no line is alone."""
    rows, columns = extended.shape
    lines = [np.arange(i * columns, (i + 1) * columns) for i in range(rows)]
    lines += [np.arange(j, rows * columns, columns) for j in range(columns)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if int(mask.flat[line].sum()) == 1:
                partner = _cheapest_positive(extended, mask, line)
                if partner is not None:
                    mask.flat[partner] = True
                    changed = True


def _close_cycle(
    extended: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_], row: int, column: int
) -> bool:
    """Suppress the cheapest rectangle through (row, column) whose other corners are positive."""
    rows, columns = extended.shape
    best: tuple[int, list[tuple[int, int]]] | None = None
    for other_row in range(rows):
        for other_column in range(columns):
            if other_row == row or other_column == column:
                continue
            corners = [(row, other_column), (other_row, column), (other_row, other_column)]
            if any(extended[i, j] <= 0 for i, j in corners):
                continue
            cost = sum(int(extended[i, j]) for i, j in corners if not mask[i, j])
            if best is None or cost < best[0]:
                best = (cost, corners)
    if best is None:
        return False
    for i, j in best[1]:
        mask[i, j] = True
    return True
