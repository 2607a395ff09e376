"""Disclosure control: a suppressed table cannot be un-suppressed from its margins.

The attacker knows every published entry (cells and totals) and that counts are non-negative.
For each suppressed entry we solve for its smallest and largest possible value by linear
programming over the margin equations; it must not be pinned to one value.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog  # type: ignore[import-untyped]

from puente.stats.domain.suppression import (
    ProtectedTable,
    Suppression,
    determined_entries,
    extend_with_margins,
    margin_equations,
    protect,
)


def feasible_range(table: ProtectedTable, row: int, column: int) -> tuple[float, float]:
    """Min and max of one suppressed entry given everything that was published."""
    values = np.array(table.values, dtype=float)
    shape = values.shape
    equations = margin_equations(shape)
    published = np.array(
        [[s is Suppression.PUBLISHED for s in line] for line in table.status]
    ).ravel()
    unknown = np.flatnonzero(~published)
    rhs = -equations[:, published] @ values.ravel()[published]
    target = list(unknown).index(row * shape[1] + column)
    objective = np.zeros(unknown.size)
    objective[target] = 1.0
    low = linprog(objective, A_eq=equations[:, unknown], b_eq=rhs, bounds=(0, None))
    high = linprog(-objective, A_eq=equations[:, unknown], b_eq=rhs, bounds=(0, None))
    assert low.success
    # Status 3: no upper bound at all (the grand total itself is withheld), the safest outcome.
    assert high.success or high.status == 3
    return float(low.fun), float(-high.fun) if high.success else math.inf


def assert_cannot_be_recovered(table: ProtectedTable) -> None:
    for row, column in table.suppressed_positions():
        low, high = feasible_range(table, row, column)
        assert high - low >= 1.0, (row, column, low, high, table.values[row][column])
        assert low <= table.values[row][column] <= high


def test_single_small_cell_gets_complements_in_its_row_and_column() -> None:
    table = protect([[3, 20, 30], [40, 50, 60], [70, 80, 90]], ["a", "b", "c"], ["x", "y", "z"])
    assert table.status[0][0] is Suppression.PRIMARY
    suppressed = table.suppressed_positions()
    assert sum(1 for i, _ in suppressed if i == 0) >= 2
    assert sum(1 for _, j in suppressed if j == 0) >= 2
    assert table.published(0, 0) is None
    assert table.published(3, 3) == 443
    assert_cannot_be_recovered(table)


def test_small_totals_are_suppressed_too() -> None:
    table = protect([[2, 3], [40, 50], [60, 70]], ["a", "b", "c"], ["x", "y"])
    assert table.status[0][2] is Suppression.PRIMARY  # row total 5
    assert_cannot_be_recovered(table)


def test_bridge_between_two_cycles_is_broken() -> None:
    # Two blocks of small cells joined only through one row: pairing lines alone leaves a
    # value that the equations pin; the rank check must catch and fix it.
    cells = [
        [1, 1, 50, 50, 50],
        [1, 1, 50, 50, 50],
        [50, 2, 2, 50, 50],
        [50, 50, 50, 3, 3],
        [50, 50, 50, 3, 3],
    ]
    table = protect(cells, list("abcde"), list("vwxyz"))
    assert_cannot_be_recovered(table)


def test_zeros_are_published_and_a_table_without_small_cells_is_untouched() -> None:
    table = protect([[0, 20], [30, 40]], ["a", "b"], ["x", "y"])
    assert table.suppressed_positions() == []
    assert table.published(0, 0) == 0


def test_one_row_table_is_withheld_rather_than_exposed() -> None:
    table = protect([[4, 30, 50]], ["only"], ["x", "y", "z"])
    assert_cannot_be_recovered(table)


def test_determined_entries_finds_a_lone_suppressed_cell() -> None:
    extended = extend_with_margins([[3, 20], [40, 50]])
    mask = np.zeros(extended.shape, dtype=bool)
    mask[0, 0] = True
    assert determined_entries(extended, mask) == [0]


def test_invalid_tables_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        protect([[-1]], ["a"], ["x"])
    with pytest.raises(ValueError, match="labels"):
        protect([[1, 2]], ["a"], ["x"])
    with pytest.raises(ValueError, match="threshold"):
        protect([[1]], ["a"], ["x"], threshold=0)


count_tables = st.integers(2, 6).flatmap(
    lambda rows: st.integers(2, 6).flatmap(
        lambda columns: st.lists(
            st.lists(
                st.one_of(st.integers(0, 12), st.integers(10, 400)),
                min_size=columns,
                max_size=columns,
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(count_tables)
def test_no_suppressed_value_can_be_solved_for(cells: list[list[int]]) -> None:
    rows, columns = len(cells), len(cells[0])
    table = protect(cells, [f"r{i}" for i in range(rows)], [f"c{j}" for j in range(columns)])
    for i, line in enumerate(table.values):
        for j, value in enumerate(line):
            if 0 < value < 10:
                assert table.status[i][j] is Suppression.PRIMARY
    assert_cannot_be_recovered(table)
