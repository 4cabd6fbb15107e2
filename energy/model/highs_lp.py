"""The built Pyomo model as the LP HiGHS solves, compiled in memory (no LP file written or read).

Pyomo's standard-form compiler gives the rows (one per constraint, in the LP writer's order),
the columns, the objective and the matrix as arrays in 1.3 s for the reference's 135,485 x
175,027 LP, where writing the LP file and reading it into HiGHS took 2.9 s. The columns are put
in the order HiGHS numbered them when it read that file (by first appearance: the objective's
columns, then each row's, each group in Pyomo's column order), so HiGHS gets the very LP it read
from the file, number for number and in the same order (checked on the reference: identical
costs, bounds and matrix), follows the same simplex path and finds the same optimum. (A
constant in the objective, which the file carried as a column fixed at 1, is the LP's offset.)

The arrays are saved beside the run (`CompiledLp.save`, numpy's .npz) for a helper process to
solve the same LP (the national ceiling, energy.results.ceiling_solve.ceiling_job; the held-back
trials' LP and basis, `CompiledLp.of` and `save_basis`), exactly, without a text round trip.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import highspy
import numpy as np
import pyomo.environ as pyo
import scipy.sparse as sp
from pyomo.common.errors import InfeasibleConstraintException, InvalidConstraintError
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from energy.errors import EnergyError

EQUAL, AT_MOST, AT_LEAST = 0, 1, -1  # the compiler's row kinds in mixed form (=, <=, >=)


@dataclasses.dataclass(frozen=True)
class CompiledLp:
    """An LP as HiGHS takes it: costs and bounds by column, bounds by row, the matrix by column."""

    col_cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    a_start: np.ndarray  # column j's entries are a_index/a_value[a_start[j]:a_start[j + 1]]
    a_index: np.ndarray  # their rows
    a_value: np.ndarray
    offset: float = 0.0
    maximize: bool = False

    def highs_lp(self) -> highspy.HighsLp:
        """The LP for `Highs.passModel`."""
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.col_cost)
        lp.num_row_ = len(self.row_lower)
        lp.col_cost_ = self.col_cost
        lp.col_lower_ = self.col_lower
        lp.col_upper_ = self.col_upper
        lp.row_lower_ = self.row_lower
        lp.row_upper_ = self.row_upper
        lp.offset_ = self.offset
        lp.sense_ = highspy.ObjSense.kMaximize if self.maximize else highspy.ObjSense.kMinimize
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.num_col_ = lp.num_col_
        lp.a_matrix_.num_row_ = lp.num_row_
        lp.a_matrix_.start_ = self.a_start
        lp.a_matrix_.index_ = self.a_index
        lp.a_matrix_.value_ = self.a_value
        return lp

    def save(self, path: Path) -> None:
        """Write the arrays to `path` (.npz), exactly."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        with open(path, "wb") as file:
            np.savez(file, **fields)

    @classmethod
    def of(cls, highs: highspy.Highs) -> CompiledLp:
        """The LP `highs` holds (its bounds as they are now)."""
        lp = highs.getLp()
        by_column = columnwise(lp)
        return cls(
            col_cost=np.asarray(lp.col_cost_),
            col_lower=np.asarray(lp.col_lower_),
            col_upper=np.asarray(lp.col_upper_),
            row_lower=np.asarray(lp.row_lower_),
            row_upper=np.asarray(lp.row_upper_),
            a_start=by_column.indptr.astype(np.int32),
            a_index=by_column.indices.astype(np.int32),
            a_value=by_column.data.astype(float),
            offset=float(lp.offset_),
            maximize=lp.sense_ == highspy.ObjSense.kMaximize,
        )

    @classmethod
    def load(cls, path: str | Path) -> CompiledLp:
        with np.load(path) as saved:
            fields = {name: saved[name] for name in saved.files}
        fields["offset"] = float(fields["offset"])
        fields["maximize"] = bool(fields["maximize"])
        return cls(**fields)

    def into(self, highs: highspy.Highs) -> None:
        """Hand the LP to `highs`."""
        if highs.passModel(self.highs_lp()) == highspy.HighsStatus.kError:
            raise EnergyError("HiGHS refused the compiled model")


def columnwise(lp: highspy.HighsLp) -> sp.csc_matrix:
    """The LP's matrix by column, however HiGHS stores it (a model built by rows row-wise)."""
    matrix = lp.a_matrix_
    stored = (np.asarray(matrix.value_), np.asarray(matrix.index_), np.asarray(matrix.start_))
    shape = (lp.num_row_, lp.num_col_)
    if matrix.format_ == highspy.MatrixFormat.kColwise:
        return sp.csc_matrix(stored, shape=shape)
    return sp.csr_matrix(stored, shape=shape).tocsc()


def save_basis(highs: highspy.Highs, path: Path) -> None:
    """The basis `highs` holds, saved exactly (.npz) for `load_basis`."""
    basis = highs.getBasis()
    with open(path, "wb") as file:
        np.savez(
            file,
            col=np.array([int(s) for s in basis.col_status], dtype=np.int8),
            row=np.array([int(s) for s in basis.row_status], dtype=np.int8),
        )


def load_basis(path: str | Path) -> highspy.HighsBasis:
    """A basis saved by `save_basis`, for `Highs.setBasis`."""
    with np.load(path) as saved:
        col, row = saved["col"], saved["row"]
    basis = highspy.HighsBasis()
    basis.col_status = [highspy.HighsBasisStatus(int(s)) for s in col]
    basis.row_status = [highspy.HighsBasisStatus(int(s)) for s in row]
    basis.valid = True
    return basis


def _refuse_ranged(rows) -> None:
    """A ranged constraint (lower <= body <= upper) compiles to two rows, and one row per
    constraint is what re-solves and limits read: name it and say how to write it instead."""
    seen = set()
    for con, _ in rows:
        if id(con) in seen:
            raise EnergyError(
                f"constraint {con.name} has both a lower and an upper bound (a ranged "
                "constraint); write it as two constraints, one for each side"
            )
        seen.add(id(con))


def _file_order(objective: np.ndarray, rows_by_column: list[np.ndarray], n_col: int) -> np.ndarray:
    """Columns in the order HiGHS numbers them reading Pyomo's LP file: the objective's first,
    then each row's new ones, each group in the compiler's (Pyomo's) column order."""
    first_row = np.full(n_col, np.iinfo(np.int64).max, dtype=np.int64)
    rows, columns = rows_by_column
    np.minimum.at(first_row, columns, rows)
    first_row[objective] = -1
    return np.lexsort((np.arange(n_col), first_row))


def _open_sides(form) -> tuple[np.ndarray, np.ndarray]:
    """Drop the rows of a side at infinity (`body <= inf` is no limit: the LP writer left it
    out too) and refuse a side that is not a number, by the constraint's name; the kept rows'
    kinds and right-hand sides."""
    kind = np.fromiter((k for _, k in form.rows), dtype=np.int64, count=len(form.rows))
    rhs = np.asarray(form.rhs, dtype=float)
    for k in np.flatnonzero(np.isnan(rhs)):
        raise EnergyError(f"constraint {form.rows[k][0].name} has a bound that is not a number")
    open_side = ((kind == AT_MOST) & (rhs == np.inf)) | ((kind == AT_LEAST) & (rhs == -np.inf))
    if open_side.any():
        kept = np.flatnonzero(~open_side)
        form.rows = [form.rows[k] for k in kept]
        form.A = form.A.tocsr()[kept]
        kind, rhs = kind[kept], rhs[kept]
    return kind, rhs


def compile_lp(model: pyo.ConcreteModel) -> tuple[CompiledLp, list, list]:
    """The model's LP, its rows' constraints and its columns' variables (in HiGHS's order).
    An objective constant is the LP's offset (the LP file carried it as a column fixed at 1)."""
    try:
        form = LinearStandardFormCompiler().write(model, mixed_form=True, set_sense=None)
    except (InfeasibleConstraintException, InvalidConstraintError) as error:
        raise EnergyError(f"the grid model cannot be solved as built: {error}") from error
    kind, rhs = _open_sides(form)
    _refuse_ranged(form.rows)
    integer = [v.name for v in form.columns if not v.is_continuous()]
    if integer:
        raise EnergyError(f"the model has integer variables ({integer[0]}, ...); it must be an LP")
    if len(form.objectives) != 1:
        raise EnergyError(f"the model has {len(form.objectives)} active objectives; it needs one")
    n_col = len(form.columns)
    matrix = form.A.tocsr()
    row_of_entry = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    cost = form.c.tocsr()
    order = _file_order(np.unique(cost.indices), (row_of_entry, matrix.indices), n_col)
    by_column = matrix.tocsc()[:, order].tocsc()
    by_column.sort_indices()
    columns = [form.columns[j] for j in order]
    lower = np.array([-np.inf if v.lb is None else v.lb for v in columns], dtype=float)
    upper = np.array([np.inf if v.ub is None else v.ub for v in columns], dtype=float)
    lp = CompiledLp(
        col_cost=cost.toarray().ravel()[order] if cost.shape[0] else np.zeros(n_col),
        col_lower=lower,
        col_upper=upper,
        row_lower=np.where(kind == AT_MOST, -np.inf, rhs),
        row_upper=np.where(kind == AT_LEAST, np.inf, rhs),
        a_start=by_column.indptr.astype(np.int32),
        a_index=by_column.indices.astype(np.int32),
        a_value=by_column.data.astype(float),
        offset=float(form.c_offset[0]) if len(form.c_offset) else 0.0,
        maximize=form.objectives[0].sense == pyo.maximize,
    )
    return lp, [con for con, _ in form.rows], columns
