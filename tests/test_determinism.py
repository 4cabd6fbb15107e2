"""Same inputs, same answer: one scenario solved serially and with two worker processes gives
byte-identical outputs (every table, results.xlsx, summary.json, report.pdf), the manifest's
timings and the option that differs aside."""

import json

import pytest

from tests.cli_helpers import energy

pytestmark = pytest.mark.slow  # solves a grid scenario twice

TIMINGS = ("seconds", "national_ceiling_seconds")


def comparable_manifest(path) -> dict:
    manifest = json.loads(path.read_text())
    for key in (*TIMINGS, "scenario_file"):
        manifest.pop(key, None)
    manifest["held_back"].pop("seconds")
    manifest["hourly_check"].pop("seconds")
    manifest["solver_options"].pop("workers")
    manifest["input_sha256"].pop("coarse.toml")  # the two scenario files differ in workers only
    return manifest


def test_serial_and_parallel_runs_give_identical_outputs(tmp_path, capsys, coarse_run):
    # the shared run used one worker process per core (up to 4); this one runs serially
    home = tmp_path / "serial"
    home.mkdir()
    scenario = home / "coarse.toml"
    scenario.write_text(coarse_run.scenario.read_text() + "[solver]\nworkers = 1\n")
    result = energy(capsys, "run", str(scenario), "--out-dir", str(home / "out"))
    assert result.exit_code == 0, result.err
    one, two = home / "out" / "coarse", coarse_run.folder
    names = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert any(n.name == "limits.csv" for n in names) and any(n.suffix == ".pdf" for n in names)
    different = [
        str(name)
        for name in names
        if name.name != "manifest.json" and (one / name).read_bytes() != (two / name).read_bytes()
    ]
    assert not different, different
    assert comparable_manifest(one / "manifest.json") == comparable_manifest(two / "manifest.json")
    held = json.loads((one / "manifest.json").read_text())["held_back"]
    assert held["not_measured_beyond_max_solves"] == 0  # every candidate limit measured


def test_a_scenario_without_relocation_gets_the_same_ceiling_serially_and_beside(tmp_path, capsys):
    # its ceilings come from a relocating model of its own, solved in a helper beside the
    # scenario with two workers and after it in this process with one: the same file, the same
    # steps, the same figures
    from tests.conftest import coarse_scenario

    folders = []
    for workers in (1, 2):
        home = tmp_path / f"w{workers}"
        home.mkdir()
        extra = (
            f"allow_relocation = false\nmeasure_held_back = false\n[solver]\nworkers = {workers}\n"
        )
        scenario = coarse_scenario(home, "norel", extra=extra)
        result = energy(capsys, "run", str(scenario), "--out-dir", str(home / "out"))
        assert result.exit_code == 0, result.err
        folders.append(home / "out" / "norel")
    for name in ("frontier.csv", "frontier_limits.csv", "summary.json"):
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name
