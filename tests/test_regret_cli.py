"""`energy regret` and `energy hedge` as a user runs them: outputs, sentences, report, errors."""

import json

import pandas as pd
import pytest
from pypdf import PdfReader

from tests.cli_helpers import energy
from tests.conftest import SCENARIOS

# the fastest grid that still has a decision to make: decisions by 2027 commit 2030's plants
# with lead times of three years or more
FAST = "[grid]\nyears = [2023, 2030]\ndays = 2\nhours_per_slice = 12\nhourly_check = false\n"


def _scenario(folder, base):
    path = folder / f"{base}.toml"
    path.write_text(f'extends = "{(SCENARIOS / f"{base}.toml").as_posix()}"\n{FAST}')
    return path


def test_regret_writes_what_is_stranded_when_the_high_plan_meets_low_demand(tmp_path, capsys):
    plan, low = _scenario(tmp_path, "lbnl-high"), _scenario(tmp_path, "lbnl-low")
    result = energy(capsys, "regret", plan, "--realized", low, plan, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0, result.err
    folder = tmp_path / "out" / "regret-lbnl-high"
    regret = pd.read_csv(folder / "regret.csv")
    assert set(regret["realized"]) == {"lbnl-low", "lbnl-high"}
    own = regret[regret["realized"] == "lbnl-high"]
    assert own["regret_musd"].abs().max() < 1e-6  # the plan's own demand: nothing to regret
    low_2030 = regret[(regret["realized"] == "lbnl-low") & (regret["year"] == 2030)].iloc[0]
    assert low_2030["cost_musd"] >= low_2030["own_cost_musd"] - 1e-6  # never cheaper than own
    stranded = pd.read_csv(folder / "stranded.csv")
    assert low_2030["stranded_gw"] == pytest.approx(
        stranded[stranded["year"] == 2030]["stranded_mw"].sum() / 1000, rel=1e-4
    )
    assert (stranded["stranded_mw"] <= stranded["committed_mw"] + 1e-6).all()
    assert (
        stranded["stranded_mw"] + stranded["misplaced_mw"] - stranded["excess_here_mw"]
    ).abs().max() < 0.1  # MW: the CSV keeps 6 significant digits
    decisions = pd.read_csv(folder / "decisions.csv")
    assert set(decisions["variable"]) <= {"build", "expand", "retired", "kept", "dc_connected"}
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["decision_year"] == 2027
    assert summary["sentences"][0].startswith(
        "If the grid is built for lbnl-high (decisions to 2027) and lbnl-low arrives"
    )
    assert summary["sentences"][0] in result.out
    pages = PdfReader(folder / "report.pdf").pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "What is stranded if the demand does not come" in text
    assert "Regret by model year" in text


@pytest.mark.parametrize(
    "args, words",
    [
        (["regret", "{plan}"], "give at least one realized scenario"),
        (
            ["regret", "{plan}", "--realized", "{plan}", "--decision-year", "2040"],
            "decision year 2040",
        ),
        (["hedge", "{plan}", "{plan}", "--weights", "0.5,lots"], "expected numbers separated"),
        (["hedge", "{plan}", "{plan}", "--weights", "0.5,0.6"], "they must sum to 1"),
        (["hedge", "{plan}", "--weights", "0.5,0.5"], "2 weights for 1 scenarios"),
    ],
)
def test_bad_regret_and_hedge_options_get_a_plain_message(tmp_path, capsys, args, words):
    plan = _scenario(tmp_path, "lbnl-high")
    result = energy(capsys, *[a.format(plan=plan) for a in args], "--out-dir", tmp_path)
    assert result.exit_code != 0
    assert words in result.err
    assert "Traceback" not in result.err


def test_the_hedge_draws_its_demand_cases_from_a_sweep(tmp_path, capsys):
    # two equally likely draws of AI shipments: the hedged plan is never worse in expectation
    # than perfect information allows (EVPI >= 0) nor than planning for the mean (VSS >= 0)
    sweep = tmp_path / "draws.toml"
    sweep.write_text(
        f'base = "{(SCENARIOS / "reference.toml").as_posix()}"\n'
        "samples = 4\nseed = 7\nnational_ceiling = false\n"
        "[grid]\nyears = [2023, 2030]\ndays = 2\nhours_per_slice = 12\n"
        "[[uncertain]]\n"
        'name = "ai_shipments_scale"\nsheet = "shipments"\n'
        'where = { case = "reference", class_id = ["ai_hopper", "ai_blackwell", "ai_next"] }\n'
        'years = [2025, 2035]\ncolumn = "shipments_thousand"\n'
        'distribution = "uniform"\nlow = 0.6\nhigh = 1.4\n'
    )
    out = tmp_path / "out"
    result = energy(capsys, "hedge", "--sweep", sweep, "--samples", "2", "--out-dir", out)
    assert result.exit_code == 0, result.err
    summary = json.loads((out / "hedge" / "summary.json").read_text())
    expected = summary["expected_costs_musd"]
    assert expected["evpi_musd"] >= -1e-3 and expected["vss_musd"] >= -1e-3
    costs = pd.read_csv(out / "hedge" / "hedge_costs.csv")
    assert list(costs["scenario"]) == ["draws sample 0", "draws sample 1"]
    assert costs["weight"].tolist() == [0.5, 0.5]
    assert (out / "hedge" / "report.pdf").exists()
    assert "expected value of perfect information" in result.out
