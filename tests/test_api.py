"""The README's Python API example runs as written (from the project folder)."""

import os
import re
from pathlib import Path

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
