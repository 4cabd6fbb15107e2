"""`energy run` end to end on the default workbook at a coarse resolution (fast), in temporary folders."""

import json
import re

import pandas as pd
import pytest

from energy.model.constraints.adequacy import season_credit
from energy.model.prepare import solar_pools
from energy.pipeline import run_scenario
from energy.report.findings import finding_text
from tests.cli_helpers import energy
from tests.conftest import COARSE_UNCHECKED as COARSE
from tests.conftest import SCENARIOS

pytestmark = pytest.mark.slow  # solves grid scenarios


def scenario(tmp_path, name, extra=""):
    path = tmp_path / f"{name}.toml"
    path.write_text(f'extends = "{(SCENARIOS / "reference.toml").as_posix()}"\n{COARSE}{extra}')
    return path


@pytest.fixture(scope="module")
def coarse(tmp_path_factory, coarse_reference):
    folder = tmp_path_factory.mktemp("runs")
    return {
        "base": coarse_reference,
        "no_relocation": run_scenario(scenario(folder, "norel", "allow_relocation = false\n")),
        "relaxed": run_scenario(scenario(folder, "relaxed", "relax_limits = true\n")),
    }


def test_placement_adds_up(coarse):
    for out in coarse.values():
        t = out.results["dc_load"]
        total = t["in_place_mw"] + t["relocated_out_mw"] + t["unserved_mw"] + t["onsite_mw"]
        assert (total - t["requested_mw"]).abs().max() < 1e-3
        national = out.results.summary.set_index("year")
        demand = out.demand.national["total_twh"]
        for y in national.index:
            assert national.loc[y, "requested_twh"] == pytest.approx(demand[y], rel=1e-9)
            assert national.loc[y, "served_twh"] + national.loc[y, "unserved_twh"] == pytest.approx(
                national.loc[y, "requested_twh"]
            )


def test_relaxed_limits_serve_everything_in_place(coarse):
    s = coarse["relaxed"].results.summary
    assert s["unserved_twh"].abs().max() < 1e-6
    assert s["relocated_twh"].abs().max() < 1e-6


def test_without_relocation_load_goes_on_site_or_unserved_instead(coarse):
    base = coarse["base"].results.summary.set_index("year")
    norel = coarse["no_relocation"].results.summary.set_index("year")
    assert norel["relocated_twh"].abs().max() < 1e-9
    assert base["relocated_twh"].max() > 1  # relocation does happen when allowed ...
    # ... and without it, campuses run on their own plants or go unserved
    assert (norel["unserved_twh"] + norel["onsite_twh"]).max() > 1
    # what could not be served in place is the same physics either way (moved, on site or
    # unserved with relocation; on site or unserved without)
    kept_out = norel.loc[2030, "unserved_twh"] + norel.loc[2030, "onsite_twh"]
    assert kept_out == pytest.approx(
        base.loc[2030, ["relocated_twh", "unserved_twh", "onsite_twh"]].sum(), rel=0.25
    )


def test_hosted_load_never_falls(coarse):
    """A campus stays (lasting siting) in the reference, no-relocation and relaxed cases."""
    for out in coarse.values():
        t = out.results["dc_load"]
        hosted = t.pivot(index="region", columns="year", values="served_here_mw")
        assert (hosted.diff(axis=1).min(axis=1) > -0.5).all()


def test_base_year_matches_2023(coarse, default_inputs):
    out = coarse["base"]
    load = default_inputs["region_load"].set_index("region_id")
    gen = out.results["generation"]
    national_2023 = gen[gen["year"] == 2023]["generation_twh"].sum()
    # generation covers 2023 load (4,067 TWh in the EIA-930 regions) plus transfer losses
    assert national_2023 == pytest.approx(load["annual_load_2023_twh"].sum(), rel=0.02)
    assert out.results.summary.set_index("year").loc[2023, "unserved_twh"] == pytest.approx(0)
    mix = gen[gen["year"] == 2023].groupby("tech")["generation_twh"].sum()
    # EIA 2023 (EPM Table 1.1.A): wind 425 TWh, conventional hydro 240 TWh
    assert mix["hydro"] == pytest.approx(239.9, rel=0.05)
    assert mix["nuclear"] == pytest.approx(775, rel=0.1)


def test_cli_run_writes_every_output(capsys, tmp_path, coarse_run):
    import shutil

    import pandas as pd

    result = coarse_run  # `energy run` of the coarse reference scenario, shared
    out_dir = tmp_path / "reports"
    path = tmp_path / "cli.toml"
    shutil.copy(coarse_run.scenario, path)
    folder = out_dir / "cli"
    shutil.copytree(coarse_run.folder, folder)
    for name in (
        "summary.json",
        "manifest.json",
        "results.xlsx",
        "dc_load.csv",
        "capacity.csv",
        "generation.csv",
        "flows.csv",
        "prices.csv",
        "relocation.csv",
        "national.csv",
        "siting.csv",
        "demand.csv",
        "hourly_check.csv",
        "time_to_power.csv",
        "requested_check.csv",
        "capacity_credit.csv",
    ):
        assert (folder / name).exists(), name
    summary = json.loads((folder / "summary.json").read_text())
    first = summary["years"][0]
    assert set(first) == {
        "year",
        "requested_twh",
        "served_twh",
        "relocated_twh",
        "onsite_twh",
        "unserved_twh",
        "share_of_us_electricity",
        "national_ceiling_twh",
        "grid_ceiling_twh",
        "top_limits",
        "adequacy_shortfall_mw",
        "hourly_check_short",
    }
    assert first["national_ceiling_twh"] >= first["served_twh"]
    # the base year is history: no load is offered in it, so both ceilings are what it served
    base = next(year for year in summary["years"] if year["year"] == 2023)
    assert base["national_ceiling_twh"] == pytest.approx(base["served_twh"], abs=1e-6)
    assert base["grid_ceiling_twh"] == pytest.approx(base["served_twh"], abs=1e-6)
    # lifting the connection rates can only let the grid serve more (within solver noise)
    for year in summary["years"]:
        assert year["grid_ceiling_twh"] >= year["national_ceiling_twh"] - 1e-3
    assert isinstance(summary["representative_days_kept"], list)
    assert summary["finding"] and summary["finding"] in result.out
    # a newcomer sees the held-back re-solves advance rather than minutes of silence (a count
    # is printed before the last of two or more)
    manifest = json.loads((folder / "manifest.json").read_text())
    if manifest["held_back"]["re_solves"] >= 2:
        assert re.search(r"holds back: \d+ of \d+ done", result.err), result.err
    # the re-solves work on the reduced LP (energy.results.trial_lp), not the whole one
    assert manifest["held_back"]["on_reduced_lp"] == (manifest["held_back"]["re_solves"] > 0)
    limits = pd.read_csv(folder / "limits.csv")
    assert list(limits.columns[:8]) == [
        "family",
        "region",
        "year",
        "binding",
        "shadow_price",
        "unit",
        "held_back_mw",
        "first_binding_year",
    ]
    assert (folder / "frontier.csv").exists()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["solver_status"] == "optimal"
    assert manifest["model_size"]["nonzeros"] > 0 and manifest["seconds"]["highs"] > 0
    assert "energy_inputs.xlsx" in manifest["input_sha256"]
    # the solver's version as installed (highspy has no __version__ attribute to read)
    from importlib.metadata import version

    assert manifest["versions"]["highspy"] == version("highspy")
    assert "reading scenario" in result.err and "solving with HiGHS" in result.err
    # a failing run leaves the previous outputs intact
    before = (folder / "summary.json").read_text()
    broken = tmp_path / "cli.toml"
    broken.write_text(path.read_text() + "\n[solver]\ntime_limit_s = 0.001\n")
    failed = energy(capsys, "run", broken, "--out-dir", out_dir)
    assert failed.exit_code == 1
    assert "time limit" in failed.err and "Traceback" not in failed.err
    assert (folder / "summary.json").read_text() == before
    assert sorted(p.name for p in out_dir.iterdir()) == ["cli"]


def test_run_needs_grid_sheets(capsys, tmp_path, default_inputs):
    from energy.inputs.workbook import write_csv_folder

    demand_only = {
        k: v for k, v in default_inputs.tables.items() if k not in ("corridors", "fleet")
    }
    folder = tmp_path / "inputs"
    write_csv_folder(demand_only, folder)
    path = tmp_path / "s.toml"
    path.write_text(f'workbook = "{folder.as_posix()}"\ncase = "reference"\n{COARSE}')
    result = energy(capsys, "run", path, "--out-dir", tmp_path / "out")
    assert result.exit_code == 1
    assert "needs sheet(s) fleet, corridors" in result.err or "corridors" in result.err


def test_shipped_grid_scenarios_load():
    from energy.scenario import load_scenario

    assert load_scenario(SCENARIOS / "no-relocation.toml").grid.allow_relocation is False
    assert load_scenario(SCENARIOS / "lbnl-high.toml").case == "high"
    assert load_scenario(SCENARIOS / "reference.toml").grid.years[0] == 2023


def test_prices_are_read_with_the_right_sign(coarse):
    prices = coarse["base"].results["prices"]
    # balance duals are d(cost)/d(load): positive, and below the shed-load penalty
    assert (prices["energy_price_usd_per_mwh"] > 0).all()
    assert (prices["max_price_usd_per_mwh"] <= 10_000 + 1e-6).all()
    # the base year carries no adequacy requirement (history): no capacity price there
    base = prices["year"] == prices["year"].min()
    assert prices.loc[base, "capacity_price_usd_per_kw_yr"].isna().all()
    assert (prices.loc[~base, "capacity_price_usd_per_kw_yr"] >= 0).all()


def whatif(tmp_path, name, extra=""):
    """A coarse copy of a shipped what-if scenario."""
    path = tmp_path / f"{name}.toml"
    path.write_text(f'extends = "{(SCENARIOS / f"{name}.toml").as_posix()}"\n{COARSE}{extra}')
    return path


def test_faster_dominion_connections_never_increase_its_unserved_load(tmp_path, coarse):
    fast = run_scenario(whatif(tmp_path, "nova-fast-interconnect", "allow_relocation = false\n"))
    base = coarse["no_relocation"].results["dc_load"].set_index(["region", "year"])
    quick = fast.results["dc_load"].set_index(["region", "year"])
    dom = [k for k in base.index if k[0] == "PJM_DOM"]
    assert all(quick.at[k, "unserved_mw"] <= base.at[k, "unserved_mw"] + 1e-6 for k in dom)
    # and it does help: more is served in Northern Virginia from the grid (without relocation
    # the rest runs on site or waits)
    assert all(quick.at[k, "in_place_mw"] >= base.at[k, "in_place_mw"] - 1e-6 for k in dom)
    assert sum(quick.at[k, "in_place_mw"] - base.at[k, "in_place_mw"] for k in dom) > 100


def _prepared_data(inputs, *scenarios: str):
    """The grid data of each named shipped scenario (reference demand), prepared, not solved."""
    from energy.demand.projection import project_demand
    from energy.model.prepare import prepare
    from energy.scenario import load_scenario
    from energy.siting import site_demand

    demand = project_demand(inputs, "reference")
    grids = [load_scenario(SCENARIOS / f"{name}.toml").grid for name in scenarios]
    siting = site_demand(inputs, demand, grids[0].years)
    return [prepare(inputs, g, siting.table, siting.base_year_mw).data for g in grids]


def test_no_new_transmission_blocks_every_expansion(default_inputs):
    blocked, allowed = _prepared_data(default_inputs, "no-new-transmission", "reference")
    first_blocked = blocked.corridors["first_expansion_year"]
    first_allowed = allowed.corridors["first_expansion_year"]
    assert (first_blocked > allowed.years[-1]).all()
    # decision year 2025 + lead time: 5 years within PJM (RTEP lines), 10 between other regions
    within_pjm = [a.startswith("PJM_") and b.startswith("PJM_") for a, b in first_allowed.index]
    assert (first_allowed[within_pjm] == 2030).all()
    assert (first_allowed[[not w for w in within_pjm]] == 2035).all()


def test_compare_prints_and_writes(capsys, tmp_path):
    # "two" is given first: scenarios are shown in the order given
    a, b = scenario(tmp_path, "one"), scenario(tmp_path, "two", "allow_relocation = false\n")
    out = tmp_path / "compare.csv"
    result = energy(capsys, "compare", b, a, "--out", out)
    assert result.exit_code == 0, result.err
    assert result.out.index("\ntwo:") < result.out.index("\none:")
    assert "served" in result.out and "unserved" in result.out
    assert max(len(line) for line in result.out.splitlines()) <= 100
    assert "1/2 two.toml: solving with HiGHS" in result.err  # progress while it solves
    import pandas as pd

    table = pd.read_csv(out)
    assert set(table["scenario"]) == {"one", "two"}
    two = table[table["scenario"] == "two"]
    assert (two["relocated_twh"].abs() < 1e-9).all()
    # the top limits per scenario are printed and written, Dominion's connection limit among them
    assert "Top 3 binding limits" in result.out
    one_2030 = table[(table["scenario"] == "one") & (table["year"] == 2030)]["top_limits"].iloc[0]
    assert "large-load interconnection PJM_DOM" in one_2030 and "MW held back" in one_2030


def test_national_ceiling_is_at_least_what_any_scenario_serves(coarse):
    ceiling = coarse["base"].ceiling.table.set_index("year")["ceiling_twh"]
    for name, out in coarse.items():
        served = out.results.summary.set_index("year")["served_twh"]
        assert (ceiling >= served - 1e-6).all(), name
        # the ceiling does not depend on the scenario's siting choice (same grid)
        if out.ceiling is not None and name != "relaxed":
            own = out.ceiling.table.set_index("year")["ceiling_twh"]
            assert own.to_numpy() == pytest.approx(ceiling.to_numpy(), rel=1e-4), name
    assert (ceiling > coarse["base"].results.summary.set_index("year")["requested_twh"]).any()
    assert coarse["base"].ceiling.seconds["highs"] > 0


def test_limits_table_agrees_with_the_solution(coarse):
    limits = coarse["base"].results["limits"]
    assert {
        "generation adequacy",
        "large-load interconnection",
        "build rate",
        "lead time",
        "transfer capability",
    } <= set(limits["family"])
    binding = limits[limits["binding"]]
    assert (binding["shadow_price"] > 0).all()
    assert binding["at_bound"].all()  # complementary slackness: a limit with value is tight
    # below a dollar; every energy balance has a price, energy binds only at scarcity
    not_energy = limits["family"] != "energy"
    assert (limits.loc[~limits["binding"] & not_energy, "shadow_price"] < 1.0).all()
    # a first binding year is the earliest binding year of that family and region
    for _key, rows in binding.groupby(["family", "region"]):
        assert rows["first_binding_year"].iloc[0] == rows["year"].min()
    # Dominion's connection rate binds in the coarse reference run
    dom = limits[
        (limits["family"] == "large-load interconnection") & (limits["region"] == "PJM_DOM")
    ]
    assert dom["binding"].any()


def test_the_finding_names_load_campuses_serve_on_site(coarse):
    out = coarse["no_relocation"]  # campuses that cannot move run on their own plants
    onsite = out.results.summary.set_index("year")["onsite_twh"]
    lines = {
        int(line.split(":")[0]): line
        for line in finding_text(out).split("\n")
        if line[:4].isdigit()  # the year lines (then shortfalls, hours, ceilings)
    }
    assert any(onsite[year] >= 0.05 for year in lines)
    for year, line in lines.items():
        phrase = f"Campuses' own plants serve {onsite[year]:,.1f} TWh on site ("
        assert (phrase in line) == (onsite[year] >= 0.05), line


def test_campuses_on_site_still_wait_in_the_grid_queue(coarse):
    # time to power: the backlog is all requested load the grid does not serve in place,
    # relocated away, unserved or run on the campuses' own plants for now
    out = coarse["no_relocation"]
    dc = out.results.tables["dc_load"].set_index(["region", "year"])
    assert (dc["onsite_mw"] > 1).any()  # this case runs campuses on site
    table = out.results.tables["time_to_power"].set_index(["region", "year"])
    expected = (dc["requested_mw"] - dc["in_place_mw"]).clip(lower=0.0).reindex(table.index)
    assert table["backlog_mw"].to_numpy() == pytest.approx(expected.to_numpy(), abs=0.1)


def test_pjm_accreditation_everywhere_counts_no_regions_own_credit_basis_or_response(
    default_inputs,
):
    # the what-if is the reference as it was before each region counted on its own basis:
    # PJM's class ratings and factor everywhere, no market's own credits and no demand response
    # netted (PJM's cleared demand response is inside its 0.80 factor)
    as_own, as_pjm = _prepared_data(default_inputs, "reference", "pjm-accreditation-everywhere")
    assert as_own.demand_response_mw["ERCOT"] == 5520 and as_own.installed_basis_regions
    # MISO's 7,770 MW of LMR demand response, split by the three regions' 2023 peaks
    miso = as_own.demand_response_mw[["MISO_C", "MISO_N", "MISO_S"]]
    assert miso.sum() == pytest.approx(7770) and (miso > 2000).all()
    assert (as_pjm.demand_response_mw == 0).all() and len(as_pjm.demand_response_mw) == 19
    assert not as_pjm.installed_basis_regions and not as_pjm.regional_accreditation


def test_a_kept_model_holds_the_scenario_solution_not_the_ceilings(tmp_path):
    # the national ceiling's solutions pass through the scenario's model (its served load is
    # read there); a caller that keeps the model (energy.regret) must find the scenario's own
    # optimum in it: its cost and the load served in place, as the tables report them
    import pyomo.environ as pyo

    out = run_scenario(scenario(tmp_path, "kept"), keep_model=True, measure_held_back=False)
    assert out.ceiling is not None
    load = out.results["dc_load"].set_index(["region", "year"])["in_place_mw"]
    in_place = {key: var.value for key, var in out.model.dc_in_place.items()}
    assert in_place == pytest.approx({key: load[key] for key in in_place}, abs=1e-6)
    assert pyo.value(out.model.total_cost) == pytest.approx(out.report.objective_musd, rel=1e-9)


def test_new_solars_credit_falls_as_it_fills_and_never_beats_the_regions_own(coarse):
    # capacity_credit.csv: new solar's tranches earn ever less per MW, never more than the
    # region's own count for solar (PJM's class rating in PJM's zones), and hold no more than
    # their width; the regions of one capacity market (PJM, MISO, SPP) have one curve, its
    # widths shared out by their peaks
    out = coarse["base"]
    table = out.results.tables["capacity_credit"]
    solar = table[table["tech"] == "solar_new"]
    data = out.prepared.data
    pools = solar_pools({"regions": out.inputs["regions"]}, list(data.regions))
    assert {"PJM", "MISO", "SPP"} <= set(pools)
    for name in ("PJM", "MISO", "SPP"):
        rows = solar[solar["region"].isin(pools[name])].copy()
        peak = data.other_peak_mw.reindex(
            list(zip(rows["region"], rows["year"], strict=True))
        ).to_numpy()
        rows["width_per_peak"] = rows["width_mw"] / peak
        same = ["year", "tranche", "width_per_peak", "summer_credit", "winter_credit"]
        tables = [t[same].reset_index(drop=True) for _, t in rows.groupby("region")]
        assert len(tables) > 1, name
        for t in tables[1:]:
            pd.testing.assert_frame_equal(t, tables[0], check_exact=False, rtol=1e-9)
    for season in ("summer", "winter"):
        own = season_credit(data, season)
        for (r, y), rows in solar.groupby(["region", "year"]):
            credits = rows.sort_values("tranche")[f"{season}_credit"].to_numpy()
            assert (credits[1:] <= credits[:-1] + 1e-12).all(), (r, y, season)
            assert credits.max() <= own[r, "solar_new", y] + 1e-12
    finite = solar.dropna(subset=["width_mw"])
    assert (finite["capacity_mw"] <= finite["width_mw"] + 1e-6).all()
