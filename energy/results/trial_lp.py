"""The LP the held-back re-solves start from: the scenario's, at its optimum, with what HiGHS's
presolve would remove first taken out by hand, so that warm-started re-solves work on a smaller
LP.

HiGHS skips its presolve when it is given a basis, so every warm-started re-solve worked on the
whole LP, of which presolve removes more than a third of the rows (the reference: 134,421 rows,
84,722 after presolve; this reduction leaves 94,533 of the current 135,485). Re-solved on the LP reduced as below, 38 relaxations of the
reference's adequacy rows took 29.6 s against 58.7 s on the whole LP (each from its own optimal
basis, the same changes of cost). Two reductions, each exact, repeated until neither applies:

1. a fixed column (lower = upper) that is nonbasic leaves the LP, its value times its
   coefficients moved into its rows' bounds (the basis matrix does not contain it: nothing
   else changes);
2. a row with one column left in it (a singleton row, a x within [l, u]) becomes that column's
   bounds, [l/a, u/a] intersected with its own. A basic row (not at a bound) just goes. A row
   at a bound whose column is basic goes with the column leaving the basis at the matching
   bound: the same vertex, a basis one row and one basic smaller (nonsingular, since the row
   met the basis in that column alone), the other rows' duals unchanged and the column's
   reduced cost the row's dual times a, of the sign its bound needs: still optimal. A row at a
   bound whose column is nonbasic too stays a row (the basis keeps one basic per row).

A fixed column left basic stays, and so do free rows and free nonbasic columns. (A row at a
bound whose one column is nonbasic too would be a zero row of the basis matrix: it cannot occur
in a nonsingular basis; the code keeps such a row all the same.) The rows the trials relax and
the columns they read are never removed, so a trial changes the same rows and reads the same
columns as on the whole LP, at their new indices. The carried basis is checked (`TrialLP.carried`): the reduced LP
re-solved from it must be optimal at once, the columns the trials read where they were; else
the trials work on the whole LP, as they did before.
"""

from __future__ import annotations

import dataclasses

import highspy
import numpy as np

from energy.model.highs_lp import CompiledLp, columnwise

BASIC = int(highspy.HighsBasisStatus.kBasic)
LOWER = int(highspy.HighsBasisStatus.kLower)
UPPER = int(highspy.HighsBasisStatus.kUpper)
ZERO = int(highspy.HighsBasisStatus.kZero)  # a nonbasic free variable
CARRY_TOLERANCE = 1e-6  # the carried optimum keeps every column the trials read, to this (MW)
ROUNDS_MAX = 50  # reduction rounds at most (the reference's LP needs 6)


@dataclasses.dataclass(frozen=True)
class TrialLP:
    """Which of the whole LP's rows and columns the reduced LP keeps, and where (-1: removed)."""

    new_row: np.ndarray  # per original row: its index in the reduced LP, or -1
    new_col: np.ndarray  # per original column: its index in the reduced LP, or -1
    lp: highspy.HighsLp  # the reduced LP
    basis: highspy.HighsBasis  # the scenario's optimal basis, carried over

    @classmethod
    def whole(cls, highs) -> TrialLP:
        """No reduction: the scenario's own LP and basis."""
        return cls(
            np.arange(highs.getNumRow()),
            np.arange(highs.getNumCol()),
            highs.getLp(),
            highs.getBasis(),
        )

    @classmethod
    def reduced(cls, highs, keep_rows, keep_cols) -> TrialLP:
        """The LP HiGHS holds, solved to optimality, reduced as the module docstring says;
        rows `keep_rows` and columns `keep_cols` (indices) are kept whatever they are."""
        lp, basis = highs.getLp(), highs.getBasis()
        rows, cols = highs.getNumRow(), highs.getNumCol()
        by_col = columnwise(lp)
        by_row = by_col.tocsr()
        row_lower, row_upper = np.array(lp.row_lower_), np.array(lp.row_upper_)
        col_lower, col_upper = np.array(lp.col_lower_), np.array(lp.col_upper_)
        row_status = np.array([int(s) for s in basis.row_status])
        col_status = np.array([int(s) for s in basis.col_status])
        row_kept, col_kept = np.ones(rows, dtype=bool), np.ones(cols, dtype=bool)
        row_fixed, col_fixed = np.zeros(rows, dtype=bool), np.zeros(cols, dtype=bool)
        row_fixed[np.asarray(keep_rows, dtype=np.int64)] = True
        col_fixed[np.asarray(keep_cols, dtype=np.int64)] = True
        left = np.diff(by_row.indptr).astype(np.int64)  # columns left in each row
        offset = float(lp.offset_)
        for _ in range(ROUNDS_MAX):
            changed = False
            # 1. fixed nonbasic columns leave, their values moved into the rows' bounds
            fixed = col_kept & ~col_fixed & (col_lower == col_upper) & (col_status != BASIC)
            if fixed.any():
                at = np.flatnonzero(fixed)
                shift = by_col[:, at] @ col_lower[at]
                row_lower, row_upper = row_lower - shift, row_upper - shift
                offset += float(np.asarray(lp.col_cost_)[at] @ col_lower[at])
                col_kept[at] = False
                left -= np.diff(by_col[:, at].tocsr().indptr)
                changed = True
            # 2. singleton rows become their column's bounds
            for i in np.flatnonzero(row_kept & ~row_fixed & (left == 1)):
                start, end = by_row.indptr[i], by_row.indptr[i + 1]
                inside = col_kept[by_row.indices[start:end]]
                j = int(by_row.indices[start:end][inside][0])
                a = float(by_row.data[start:end][inside][0])
                at_bound = row_status[i] != BASIC
                free = np.isinf(row_lower[i]) and np.isinf(row_upper[i])
                if free or (at_bound and col_status[j] != BASIC) or col_status[j] == ZERO:
                    continue  # a free row or column stays as it is (the guard: see the docstring)
                low, high = row_lower[i] / a, row_upper[i] / a
                if a < 0:
                    low, high = high, low
                if at_bound:  # the column leaves the basis where the row was
                    on_upper = (row_status[i] == UPPER) == (a > 0)
                    col_status[j] = UPPER if on_upper else LOWER
                    if row_lower[i] == row_upper[i]:
                        col_status[j] = LOWER
                col_lower[j] = max(col_lower[j], low)
                col_upper[j] = min(col_upper[j], high)
                row_kept[i] = False
                left[i] = 0
                changed = True
            # rows left empty by the columns removed: a basic one goes (a nonbasic one cannot be)
            empty = row_kept & ~row_fixed & (left == 0) & (row_status == BASIC)
            if empty.any():
                row_kept[empty] = False
                changed = True
            if not changed:
                break
        new_row = np.where(row_kept, np.cumsum(row_kept) - 1, -1)
        new_col = np.where(col_kept, np.cumsum(col_kept) - 1, -1)
        kept = by_col[row_kept][:, col_kept].tocsc()
        small = CompiledLp(
            col_cost=np.asarray(lp.col_cost_)[col_kept],
            col_lower=col_lower[col_kept],
            col_upper=col_upper[col_kept],
            row_lower=row_lower[row_kept],
            row_upper=row_upper[row_kept],
            a_start=kept.indptr,
            a_index=kept.indices,
            a_value=kept.data,
            offset=offset,
            maximize=lp.sense_ == highspy.ObjSense.kMaximize,
        ).highs_lp()
        carried = highspy.HighsBasis()
        carried.col_status = [highspy.HighsBasisStatus(s) for s in col_status[col_kept]]
        carried.row_status = [highspy.HighsBasisStatus(s) for s in row_status[row_kept]]
        carried.valid = True
        return cls(new_row, new_col, small, carried)

    def carried(self, options: dict, watched: np.ndarray, expected: np.ndarray, seconds: float):
        """A HiGHS instance holding this LP at the carried basis, re-optimized (with the
        scenario's `options`); None unless it ended optimal with the `watched` columns
        (original indices) at their `expected` values."""
        from energy.model.solve import _new_highs

        highs = _new_highs(False)
        highs.setOptionValue("output_flag", False)
        for key, setting in options.items():
            highs.setOptionValue(key, setting)
        highs.setOptionValue("solver", "simplex")  # from the basis (an interior point ignores it)
        highs.passModel(self.lp)
        if highs.setBasis(self.basis) != highspy.HighsStatus.kOk:
            return None
        highs.setOptionValue("time_limit", float(seconds))
        highs.run()
        if highs.modelStatusToString(highs.getModelStatus()) != "Optimal":
            return None
        after = np.asarray(highs.getSolution().col_value)[self.new_col[watched]]
        if np.abs(after - expected).max(initial=0.0) > CARRY_TOLERANCE:
            return None
        return highs
