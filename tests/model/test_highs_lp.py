"""The compiled hand-over gives HiGHS the very LP it read from Pyomo's LP file (same numbers,
same column order), so the solve follows the same path; ranged constraints are refused."""

from __future__ import annotations

import highspy
import numpy as np
import pyomo.environ as pyo
import pytest

from energy.errors import EnergyError
from energy.model.highs_lp import CompiledLp, compile_lp
from energy.model.solve import hand_over
from energy.scenario.options import SolveOptions


def _model(constant: float = 0.0) -> pyo.ConcreteModel:
    """Columns met in the objective out of their declaration order, columns met first in rows,
    a fixed column, bounds of every kind and rows of every sense."""
    m = pyo.ConcreteModel()
    m.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    m.I = pyo.Set(initialize=[3, 1, 2], ordered=True)
    m.x = pyo.Var(m.I, bounds=(0, 10))
    m.y = pyo.Var(["a", "b"], within=pyo.Reals)
    m.z = pyo.Var(bounds=(-5, None))
    m.w = pyo.Var(bounds=(None, 0.0))
    m.fixed = pyo.Var(initialize=2.5)
    m.fixed.fix()
    m.cost = pyo.Objective(expr=0.1 * m.x[2] + 3 * m.z + 1.25 * m.x[3] + constant)
    m.balance = pyo.Constraint(expr=m.y["b"] + m.y["a"] + m.x[1] == 4 + m.fixed)
    m.upper = pyo.Constraint(m.I, rule=lambda m, i: m.x[i] - m.w <= i / 3)
    m.lower = pyo.Constraint(expr=m.z + 2 * m.y["a"] - 0.3 * m.x[2] >= -1.0 / 7.0)
    return m


def _as_read_from_file(m: pyo.ConcreteModel, tmp_path) -> highspy.HighsLp:
    path = tmp_path / "m.lp"
    m.write(str(path), io_options={"symbolic_solver_labels": False})
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.readModel(str(path))
    return highs.getLp()


def test_the_compiled_lp_is_the_lp_file_number_for_number(tmp_path):
    m = _model()
    compiled, rows, columns = compile_lp(m)
    read = _as_read_from_file(m, tmp_path)
    assert len(rows) == read.num_row_ == 5 and len(columns) == read.num_col_ == 7
    for mine, theirs in [
        (compiled.col_cost, read.col_cost_),
        (compiled.col_lower, read.col_lower_),
        (compiled.col_upper, read.col_upper_),
        (compiled.row_lower, read.row_lower_),
        (compiled.row_upper, read.row_upper_),
        (compiled.a_start, read.a_matrix_.start_),
        (compiled.a_index, read.a_matrix_.index_),
        (compiled.a_value, read.a_matrix_.value_),
    ]:
        assert np.array_equal(np.asarray(mine), np.asarray(theirs))
    # worked by hand: the objective's columns first, in declaration order (x[3] before x[2], as
    # the set is ordered 3, 1, 2; then z), then the rows' new ones in row order
    assert [v.name for v in columns] == ["x[3]", "x[2]", "z", "x[1]", "y[a]", "y[b]", "w"]
    assert list(compiled.col_cost) == [1.25, 0.1, 3.0, 0, 0, 0, 0]
    assert compiled.offset == 0.0 and not compiled.maximize
    # the fixed column is a constant: balance reads y[a] + y[b] + x[1] = 6.5
    assert compiled.row_lower[0] == compiled.row_upper[0] == 6.5


def test_hand_over_solves_to_the_hand_worked_optimum(tmp_path):
    m = _model(constant=7.0)  # the LP file would add a column fixed at 1 to carry it
    loaded, compiled = hand_over(m, SolveOptions())
    loaded.highs.run()
    # every cost is positive: x[3] = x[2] = 0 and z = -5 at its bound (cost 7 - 15 = -8), the
    # >= row met by y[a] >= (-1/7 + 5) / 2, y[b] free to balance: cost -8
    assert loaded.highs.getInfo().objective_function_value == pytest.approx(-8.0)
    loaded.load_solution(m)
    assert pyo.value(m.z) == pytest.approx(-5.0)
    assert pyo.value(m.y["a"]) + pyo.value(m.y["b"]) + pyo.value(m.x[1]) == pytest.approx(6.5)
    saved = tmp_path / "m.npz"
    compiled.save(saved)
    again = CompiledLp.load(saved)
    for name in ("col_cost", "col_lower", "row_upper", "a_start", "a_index", "a_value"):
        assert np.array_equal(getattr(again, name), getattr(compiled, name))
    assert again.offset == 7.0 and again.maximize is False


def test_a_maximized_objective_keeps_its_sense():
    m = pyo.ConcreteModel()
    m.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    m.x = pyo.Var(bounds=(0, 3))
    m.value = pyo.Objective(expr=2 * m.x, sense=pyo.maximize)
    m.cap = pyo.Constraint(expr=m.x <= 2)
    loaded, compiled = hand_over(m, SolveOptions())
    assert compiled.maximize
    loaded.highs.run()
    assert loaded.highs.getInfo().objective_function_value == pytest.approx(4.0)


def test_a_ranged_constraint_is_refused_by_name():
    m = pyo.ConcreteModel()
    m.x = pyo.Var()
    m.cost = pyo.Objective(expr=m.x)
    m.band = pyo.Constraint(expr=pyo.inequality(1, m.x, 2))
    with pytest.raises(EnergyError, match="constraint band has both a lower and an upper bound"):
        compile_lp(m)


def test_a_side_at_infinity_is_no_row_and_a_nan_side_is_named():
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, 5))
    m.cost = pyo.Objective(expr=m.x)
    m.open = pyo.Constraint(expr=pyo.inequality(1, m.x, float("inf")))  # x >= 1, no upper side
    compiled, rows, _ = compile_lp(m)
    assert [c.name for c in rows] == ["open"] and compiled.row_upper[0] == np.inf
    m.none = pyo.Constraint(expr=m.x <= float("inf"))
    assert [c.name for c in compile_lp(m)[1]] == ["open"]
    m.bad = pyo.Constraint(expr=m.x <= float("nan"))
    with pytest.raises(EnergyError, match="constraint bad has a bound that is not a number"):
        compile_lp(m)


def test_a_constant_row_that_cannot_hold_and_an_integer_column_are_named():
    m = pyo.ConcreteModel()
    m.x = pyo.Var(initialize=3.0)
    m.x.fix()
    m.y = pyo.Var(bounds=(0, 1))
    m.cost = pyo.Objective(expr=m.y)
    m.impossible = pyo.Constraint(expr=m.x <= 2)
    with pytest.raises(EnergyError, match="impossible"):
        compile_lp(m)
    m.impossible.deactivate()
    m.n = pyo.Var(within=pyo.Integers, bounds=(0, 4))
    m.count = pyo.Constraint(expr=m.n + m.y >= 1)
    with pytest.raises(EnergyError, match="integer variables \\(n"):
        compile_lp(m)


def test_an_lp_and_its_basis_go_to_another_highs_exactly(tmp_path):
    from energy.model.highs_lp import load_basis, save_basis

    m = _model()
    loaded, _ = hand_over(m, SolveOptions())
    loaded.highs.run()
    CompiledLp.of(loaded.highs).save(tmp_path / "lp.npz")
    save_basis(loaded.highs, tmp_path / "basis.npz")
    other = highspy.Highs()
    other.setOptionValue("output_flag", False)
    CompiledLp.load(tmp_path / "lp.npz").into(other)
    other.setBasis(load_basis(tmp_path / "basis.npz"))
    other.run()
    assert other.getInfo().simplex_iteration_count == 0  # optimal at the basis carried
    assert (
        other.getInfo().objective_function_value == loaded.highs.getInfo().objective_function_value
    )
