"""The README's Python API example runs as written (from the project folder)."""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_api_example_runs(capsys):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert blocks, "the README's Python API section has no example"
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        for code in blocks:
            exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(here)
    printed = capsys.readouterr().out
    assert "reference" in printed and "lbnl-high" in printed
    assert "TWh of data-center load requested" in printed


def test_run_writes_the_run_folder_and_names_its_files(tmp_path):
    import energy

    result = energy.run(
        ROOT / "scenarios" / "reference.toml",
        out_dir=tmp_path,
        years=[2023, 2030],
        days=3,
        hours_per_slice=8,
        hourly_check=False,
        measure_held_back=False,
        national_ceiling=False,
    )
    assert result.paths["summary.json"] == tmp_path / "reference" / "summary.json"
    assert set(result.tables) <= {p[:-4] for p in result.paths if p.endswith(".csv")}
    assert result.summary["years"][-1]["year"] == 2030
    assert list(result.limits.columns[:3]) == ["family", "region", "year"]


def test_a_custom_system_solves_with_held_back_load_and_the_ceiling():
    # A requests 40 MW; each utility connects 40 MW of connection capacity a year at utilization
    # 0.5, so A serves 20 in place and 20 move to B; lifting A's connection limit frees all 20;
    # the ceiling: each region can serve what its connections carry, 20 + 20 MW = 0.3504 TWh
    import energy
    from energy.model.custom import grid, tech_table

    system = grid(
        regions=("A", "B"),
        years=(2030,),
        techs=tech_table(gas={"buildable": True}),
        capex={"gas": 1e6},
        vc={"gas": 30.0},
        other_load={"A": 100.0, "B": 50.0},
        requested={"A": 40.0},
        connect_limit=40.0,
        corridors={("A", "B"): 20.0, ("B", "A"): 20.0},
    )
    solved = energy.solve_system(system)
    load = solved.tables["dc_load"].set_index("region")
    assert load.at["A", "in_place_mw"] == pytest.approx(20)
    assert load.at["B", "served_here_mw"] == pytest.approx(20)
    limits = solved.limits.set_index(["family", "region"])
    assert limits.at[("large-load interconnection", "A"), "held_back_mw"] == pytest.approx(20)
    assert solved.ceiling_twh[2030] == pytest.approx(40 * 8760 / 1e6)


def gas_pair(gas_a_mw: float):
    """Two regions with existing gas only (A `gas_a_mw`, B 100 MW; nothing can be built), other
    load A 100, B 50 MW, A requesting 40 MW, connections 40 MW a year, 20 MW corridors."""
    from energy.model.custom import grid, tech_table

    return grid(
        regions=("A", "B"),
        years=(2030,),
        techs=tech_table(gas={}),
        existing={("A", "gas"): gas_a_mw, ("B", "gas"): 100.0},
        vc={"gas": 30.0},
        other_load={"A": 100.0, "B": 50.0},
        requested={"A": 40.0},
        connect_limit=40.0,
        corridors={("A", "B"): 20.0, ("B", "A"): 20.0},
    )


def solve_gas_pair(gas_a_mw: float):
    """The gas pair solved with the ceilings, without held-back trials."""
    import energy

    return energy.solve_system(gas_pair(gas_a_mw), held_back=False)


def test_the_grid_ceiling_lifts_the_connection_rates_and_stops_at_generation():
    # Worked by hand: existing gas A 200 MW, B 100 MW (nothing can be built); other load A 100,
    # B 50 MW. As connected, each region carries 40 MW x utilization 0.5 = 20 MW of data centers:
    # the ceiling is 40 MW = 0.3504 TWh. With the connection rates lifted, each region hosts what
    # its spare gas can run: A 100 + B 50 = 150 MW = 1.314 TWh (corridors move nothing more).
    solved = solve_gas_pair(gas_a_mw=200.0)
    assert solved.ceiling_twh[2030] == pytest.approx(40 * 8760 / 1e6)
    assert solved.grid_ceiling_twh[2030] == pytest.approx(150 * 8760 / 1e6)


def test_the_grid_ceiling_by_interior_point_is_the_same():
    # [solver] grid_ceiling_method = "ipm": the grid ceiling solved from scratch by the interior
    # point and crossover, then its offers raised by dual simplex from the basis crossover left:
    # the same 40 MW as connected and 150 MW with the rates lifted as worked by hand above
    import pyomo.environ as pyo

    from energy.model import build_model
    from energy.model.solve import solve
    from energy.results.ceiling import solve_in_place

    system = gas_pair(200.0)
    model = build_model(system)
    loaded = solve(model).loaded
    _, connected, grid = solve_in_place(model, loaded, system, "ipm")
    for solved, served_mw in ((connected, 40.0), (grid, 150.0)):
        loaded.load_values(model, solved.col_value, solved.row_dual, solved.row_value)
        assert sum(pyo.value(model.dc_served[r, 2030]) for r in model.R) == pytest.approx(served_mw)
    assert loaded.highs.getOptionValue("solver")[-1] == "simplex"  # set back for re-solves


def test_the_grid_ceiling_is_not_stopped_by_the_load_offered():
    # Worked by hand: A has 300 GW of existing gas and 100 MW of other load, B 100 MW of gas and
    # 50 MW of load; connection rates lifted. As connected every region is offered 100 GW more
    # than requested (and serves 20 MW of it); the grid ceiling starts from 4 x that offer, 400
    # GW: A serves what its spare gas runs, 299,900 MW (100,100 MW left unserved: no offer
    # binds); B serves its spare 50 MW. Grid ceiling: 299,950 MW x 8,760 h = 2,627.562 TWh (with
    # a fixed 100 GW offer: 876.4). With 500 GW of gas in A the 400 GW offer is all served, so A
    # is offered 4 x 400 = 1,600 GW and serves 499,900 MW: (499,900 + 50) x 8,760 h = 4,379.562.
    from energy.results.ceiling_solve import HEADROOM_MW, OFFER_FACTOR

    assert (HEADROOM_MW, OFFER_FACTOR) == (100_000.0, 4.0)
    solved = solve_gas_pair(gas_a_mw=300_000.0)
    assert solved.grid_ceiling_twh[2030] == pytest.approx(299_950 * 8760 / 1e6)
    solved = solve_gas_pair(gas_a_mw=500_000.0)
    assert solved.grid_ceiling_twh[2030] == pytest.approx(499_950 * 8760 / 1e6)


def test_the_grid_ceiling_starts_from_four_times_the_connected_offers():
    # lifting the connection rates lets every region take more: the grid ceiling's first offer
    # is OFFER_FACTOR x the connected ceiling's final one, capped at OFFER_MAX_MW
    import numpy as np

    from energy.results.ceiling_solve import OFFER_MAX_MW, grid_offer

    offers = grid_offer(np.array([100_000.0, 400_000.0, 1_600_000.0]))
    assert offers.tolist() == [400_000.0, 1_600_000.0, OFFER_MAX_MW]
