"""The held-back trials' reduced LP (energy.results.trial_lp) on LPs small enough to work out by
hand: which rows go, where each column's basis status lands, and that the carried basis is the
same optimum; then on random small LPs of every kind of row the reduction meets."""

import highspy
import numpy as np
import pytest
import scipy.sparse as sp

from energy.results.trial_lp import TrialLP

INF = highspy.kHighsInf
NONE = np.zeros(0, dtype=np.int64)


def lp_of(cost, rows, row_lower, row_upper, col_lower, col_upper, offset=0.0):
    """A HighsLp from dense rows (the matrix stored by column, as HiGHS reads an LP file)."""
    matrix = sp.csc_matrix(np.asarray(rows, dtype=float))
    lp = highspy.HighsLp()
    lp.num_row_, lp.num_col_ = matrix.shape
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_, lp.col_upper_ = np.asarray(col_lower, float), np.asarray(col_upper, float)
    lp.row_lower_, lp.row_upper_ = np.asarray(row_lower, float), np.asarray(row_upper, float)
    lp.offset_ = offset
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_ = matrix.indptr, matrix.indices
    lp.a_matrix_.value_ = matrix.data
    lp.a_matrix_.num_row_, lp.a_matrix_.num_col_ = matrix.shape
    return lp


def solved(lp):
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.passModel(lp)
    highs.run()
    assert highs.modelStatusToString(highs.getModelStatus()) == "Optimal"
    return highs


def same_optimum(highs, reduced: TrialLP, read=NONE):
    """The carried basis re-solves in no iteration to the same cost and the same values."""
    value = np.asarray(highs.getSolution().col_value)
    carried = reduced.carried({}, read, value[read], 10.0)
    assert carried is not None
    assert carried.getInfo().simplex_iteration_count == 0
    assert carried.getInfo().objective_function_value == pytest.approx(
        highs.getInfo().objective_function_value, abs=1e-9
    )
    kept = reduced.new_col >= 0
    after = np.asarray(carried.getSolution().col_value)[reduced.new_col[kept]]
    np.testing.assert_allclose(after, value[kept], atol=1e-9)
    return carried


def test_a_singleton_row_with_a_negative_coefficient_puts_its_column_at_the_upper_bound():
    # min -3x - y  s.t.  -2x >= -6 (x <= 3),  x + y <= 5,  0 <= x, y <= 10. Optimum x = 3,
    # y = 2: both basic, both rows at a bound. The singleton row -2x >= -6 sits at its lower
    # side; divided by -2 that is x's upper side: x leaves the basis at its new upper bound 3.
    # The row x + y <= 5 keeps y basic: its dual is y's cost, -1, and x's reduced cost is
    # -3 - (-1) = -2 < 0 at its upper bound: optimal, as carried.
    lp = lp_of([-3, -1], [[-2, 0], [1, 1]], [-6, -INF], [INF, 5], [0, 0], [10, 10])
    highs = solved(lp)
    reduced = TrialLP.reduced(highs, NONE, NONE)
    assert list(reduced.new_row) == [-1, 0] and list(reduced.new_col) == [0, 1]
    assert list(reduced.lp.col_upper_) == [3, 10] and list(reduced.lp.col_lower_) == [0, 0]
    upper, basic = highspy.HighsBasisStatus.kUpper, highspy.HighsBasisStatus.kBasic
    assert list(reduced.basis.col_status) == [upper, basic]
    carried = same_optimum(highs, reduced)
    assert list(carried.getSolution().col_dual) == pytest.approx([-2, 0])


def test_a_ranged_singleton_row_at_its_lower_side_becomes_the_lower_bound():
    # min x + y  s.t.  1 <= 4y <= 20,  x - y = 1,  0 <= x, y <= 10: y = 0.25 (the ranged row at
    # its lower side), x = 1.25. y leaves the basis at its lower bound 0.25, under 20 / 4 = 5.
    lp = lp_of([1, 1], [[0, 4], [1, -1]], [1, 1], [20, 1], [0, 0], [10, 10])
    highs = solved(lp)
    reduced = TrialLP.reduced(highs, NONE, NONE)
    assert list(reduced.new_row) == [-1, 0]
    assert list(reduced.lp.col_lower_) == [0, 0.25] and list(reduced.lp.col_upper_) == [10, 5]
    assert reduced.basis.col_status[1] == highspy.HighsBasisStatus.kLower
    same_optimum(highs, reduced)


def test_an_equality_cascade_empties_the_lp_and_keeps_the_cost_as_offset():
    # min z + w + 2  s.t.  3z = 6,  z + w >= 5: z = 2 and w = 3. The equality fixes z at 2
    # (out of the basis); fixed and nonbasic, z leaves, moving 2 into the second row, now
    # w >= 3, a singleton at its bound: w leaves the basis at 3. No row is left; the cost of
    # the columns removed, 2, joins the offset: 2 + 2 = 4, and the optimum 2 + 3 + 2 = 7.
    lp = lp_of([1, 1], [[3, 0], [1, 1]], [6, 5], [6, INF], [0, 0], [10, 10], offset=2.0)
    highs = solved(lp)
    reduced = TrialLP.reduced(highs, NONE, NONE)
    assert reduced.lp.num_row_ == 0 and reduced.lp.num_col_ == 1
    assert reduced.lp.offset_ == pytest.approx(4.0)
    assert list(reduced.lp.col_lower_) == [3] and list(reduced.lp.col_upper_) == [10]
    carried = same_optimum(highs, reduced)
    assert carried.getInfo().objective_function_value == pytest.approx(7.0)


def test_protected_rows_and_columns_stay():
    # the same LP with both rows and z kept: nothing can go but w's singleton (none is left)
    lp = lp_of([1, 1], [[3, 0], [1, 1]], [6, 5], [6, INF], [0, 0], [10, 10])
    highs = solved(lp)
    reduced = TrialLP.reduced(highs, np.array([0, 1]), np.array([0]))
    assert list(reduced.new_row) == [0, 1] and list(reduced.new_col) == [0, 1]
    same_optimum(highs, reduced, read=np.array([0]))


def random_lp(seed: int):
    """Eight columns (two fixed, some unbounded), six general rows and six singleton rows of
    every kind (<=, >=, ranged, equality; coefficients of both signs), all feasible at one
    point; the objective minimized or maximized."""
    rng = np.random.default_rng(seed)
    n = 8
    point = rng.uniform(0, 5, n)
    rows, lower, upper = [], [], []
    for k in range(12):
        row = np.zeros(n)
        if k < 6:
            row = np.where(rng.random(n) < 0.5, rng.integers(-3, 4, n), 0).astype(float)
        else:
            row[rng.integers(n)] = float(rng.choice([-2, -1, 0.5, 1, 3]))
        at = row @ point
        kind = rng.integers(4)
        lower.append(-INF if kind == 0 else at - (0 if kind == 3 else rng.uniform(0, 2)))
        upper.append(INF if kind == 1 else at + (0 if kind == 3 else rng.uniform(0, 2)))
        rows.append(row)
    col_lower, col_upper = np.zeros(n), np.full(n, 10.0)
    for j in rng.choice(n, 2, replace=False):
        col_lower[j] = col_upper[j] = point[j]
    col_upper[rng.random(n) < 0.2] = INF
    lp = lp_of(rng.integers(-5, 6, n), rows, lower, upper, col_lower, col_upper, offset=1.5)
    if seed % 2:
        lp.sense_ = highspy.ObjSense.kMaximize
    return lp


@pytest.mark.parametrize("seed", range(40))
def test_the_reduced_lp_is_the_same_optimum_and_relaxes_the_same(seed):
    # every random LP that has an optimum: the carried basis is optimal at once, and relaxing a
    # protected row by 1 gives the same optimum on the reduced LP as on the whole
    lp = random_lp(seed)
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.passModel(lp)
    highs.run()
    if highs.modelStatusToString(highs.getModelStatus()) != "Optimal":
        pytest.skip("no optimum to carry")
    relaxed = np.array([1])
    reduced = TrialLP.reduced(highs, relaxed, NONE)
    carried = same_optimum(highs, reduced)
    lower, upper = lp.row_lower_[1], lp.row_upper_[1]
    bounds = (
        lower - 1 if np.isfinite(lower) else lower,
        upper + 1 if np.isfinite(upper) else upper,
    )
    row = int(reduced.new_row[1])
    # the reduced row's bounds are the whole row's less the fixed columns' part
    own = reduced.lp.row_lower_[row] if np.isfinite(lower) else reduced.lp.row_upper_[row]
    shift = (lower if np.isfinite(lower) else upper) - own
    highs.changeRowBounds(1, *bounds)
    highs.run()
    carried.changeRowBounds(row, bounds[0] - shift, bounds[1] - shift)
    carried.run()
    assert carried.modelStatusToString(carried.getModelStatus()) == highs.modelStatusToString(
        highs.getModelStatus()
    )
    if highs.modelStatusToString(highs.getModelStatus()) == "Optimal":
        assert carried.getInfo().objective_function_value == pytest.approx(
            highs.getInfo().objective_function_value, abs=1e-7
        )
