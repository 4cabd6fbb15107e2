"""PDF reports: built from a coarse run without warnings, with the headline numbers of
summary.json in their text; figure functions usable from Python; the comparison report."""

import json
import re
import warnings

import pandas as pd
import pytest
from pypdf import PdfReader

from energy.report import figures
from energy.report.build import write_report
from energy.report.content import read_run
from tests.cli_helpers import energy
from tests.conftest import COARSE_UNCHECKED as COARSE
from tests.conftest import SCENARIOS

pytestmark = pytest.mark.slow  # solves grid scenarios


def scenario(tmp_path, name, base="reference", extra=""):
    path = tmp_path / f"{name}.toml"
    path.write_text(f'extends = "{(SCENARIOS / f"{base}.toml").as_posix()}"\n{COARSE}{extra}')
    return path


def pdf_text(path) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def solved(coarse_run, tmp_path):
    """A copy of the shared coarse run's folder (these tests write report.pdf into it)."""
    import shutil

    shutil.copy(coarse_run.scenario, tmp_path / "coarse.toml")
    target = tmp_path / "out" / "coarse"
    shutil.copytree(coarse_run.folder, target)
    return target


def test_report_builds_without_warnings_and_states_the_summary(solved):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_report(solved)
    text = pdf_text(solved / "report.pdf")
    summary = json.loads((solved / "summary.json").read_text())
    for year in summary["years"]:
        for key in ("requested_twh", "served_twh", "relocated_twh", "unserved_twh"):
            assert f"{year[key]:,.1f}" in text, (year["year"], key)
        assert f"{year['national_ceiling_twh']:,.1f}" in text
        assert f"{year['grid_ceiling_twh']:,.1f}" in text
    y2030 = next(y for y in summary["years"] if y["year"] == 2030)
    in_place = y2030["served_twh"] - y2030["relocated_twh"] - y2030["onsite_twh"]
    assert f"the grid serves {in_place:,.1f} TWh where it is requested" in text
    top = y2030["top_limits"][0]
    assert f"{top['family']} in {top['region']} ({top['held_back_mw']:,.0f} MW)" in text
    # title page, captions, page numbers, the Northern Virginia page and the appendix
    for phrase in (
        "Scenario coarse",
        "Figure 1.",
        "Figure 3.",
        "Table 1.",
        "Page 2",
        "Northern Virginia (PJM_DOM)",
        "Appendix: key assumptions and their sources",
        "10,715 kWh per US home",
        "a move takes 2 years: none before 2027",  # page one, from the run's grid settings
        "a second campus site costs 0.93 million USD per MW of campus once",
        "moved load goes only where a region's campus pipeline",
        "beside the room its campus pipeline leaves",  # the destinations table
        "Requested load beside published forecasts",
    ):
        assert phrase in text, phrase
    assert len(PdfReader(solved / "report.pdf").pages) >= 8
    # page one carries the finding the command line prints and summary.json stores, word for
    # word, and no absolute path
    first = re.sub(r"\s+", " ", PdfReader(solved / "report.pdf").pages[0].extract_text())
    lines = [line for line in summary["finding"].split("\n") if line.strip()]
    assert lines
    for line in lines:
        assert re.sub(r"\s+", " ", line) in first, line
    assert "The answer" in first and "What the run assumed" in first
    # all of page one on page one (shrunk to fit when the finding runs long): its last line too,
    # and the next page starts with the executive summary
    assert "Inputs: " in first and "SHA-256" in first
    second = PdfReader(solved / "report.pdf").pages[1].extract_text()
    assert re.search(r"Page 2\s*Executive summary", second), second[:200]  # after the footer
    assert str(solved.parent) not in first and "/tmp" not in first and "/work" not in first


def test_figure_functions_take_result_tables(solved):
    run = read_run(solved)
    made = [
        figures.trajectory(run.years, run["frontier"]),
        figures.regional_balance(run["dc_load"], [2030]),
        figures.limits_map(run["limits"], run["families"]),
        figures.region_detail(run["dc_load"], run["limits"], "PJM_DOM", run["families"]),
        figures.capacity_and_mix(run["capacity"], run["generation_mix"]),
        figures.prices(run["prices"], ["PJM_DOM", "ERCOT"]),
        figures.emissions(run["national"]),
    ]
    for fig in made:
        assert fig.axes and fig.get_size_inches()[0] == pytest.approx(figures.WIDTH_IN)


def test_report_command_reuses_current_results(capsys, solved, tmp_path):
    before = (solved / "summary.json").stat().st_mtime
    result = energy(
        capsys, "report", solved.parent.parent / "coarse.toml", "--out-dir", solved.parent
    )
    assert result.exit_code == 0, result.err
    assert "solving the scenario first" not in result.err
    assert (solved / "summary.json").stat().st_mtime == before
    quick = "measure_held_back = false\nnational_ceiling = false\n"
    fresh = scenario(tmp_path, "fresh", extra=quick)
    missing = energy(capsys, "report", fresh, "--out-dir", tmp_path / "o")
    assert missing.exit_code == 0 and "solving the scenario first" in missing.err
    assert (tmp_path / "o" / "fresh" / "report.pdf").exists()


QUICK = "measure_held_back = false\nnational_ceiling = false\n"  # the comparison needs neither


def test_comparison_report(capsys, tmp_path):
    paths = [
        scenario(tmp_path, "ref", extra=QUICK),
        scenario(tmp_path, "fast", "nova-fast-interconnect", QUICK),
        scenario(tmp_path, "high", "lbnl-high", QUICK),
    ]
    pdf = tmp_path / "compare.pdf"
    result = energy(capsys, "compare", *paths, "--pdf", pdf, "--out", tmp_path / "c.csv")
    assert result.exit_code == 0, result.err
    text = pdf_text(pdf)
    import pandas as pd

    table = pd.read_csv(tmp_path / "c.csv")
    for row in table[table["year"] == 2030].itertuples():
        assert f"2030, {row.scenario}: {row.requested_twh:,.1f} TWh requested" in text
    assert "Scenario comparison" in text and "Figure 1." in text


def test_appendix_shows_the_inputs_the_scenario_solved_with(tmp_path):
    # nova-fast-interconnect overrides Dominion's connection rate to 2,000 MW/yr (workbook 1,000)
    import click.testing

    from energy.cli import main

    path = scenario(
        tmp_path,
        "nova",
        base="nova-fast-interconnect",
        extra="measure_held_back = false\nnational_ceiling = false\n",
    )
    result = click.testing.CliRunner().invoke(
        main, ["run", str(path), "--out-dir", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "nova"
    used = pd.read_csv(folder / "inputs" / "interconnection.csv")
    dominion = used[used["region_id"] == "PJM_DOM"].set_index("from_year")["connect_mw_per_year"]
    assert dominion[2023] == 2000
    text = pdf_text(folder / "report.pdf")
    appendix = text[text.index("Appendix") :]
    assert re.search(r"PJM_DOM 2023 2,?000", appendix), appendix[:1500]
    assert not re.search(r"PJM_DOM 2023 1,?000", appendix)


def test_the_map_has_every_region_and_an_arrow_for_each_large_flow(coarse_run):
    run = read_run(coarse_run.folder)
    year = 2030
    fig = figures.region_map(
        year, run["limits"], run["families"], run["relocation"], run.inputs["regions"]
    )
    gids = [patch.get_gid() for patch in fig.axes[0].patches]
    regions = set(run.inputs["regions"]["region_id"])
    assert len(regions) == 19
    assert regions == {g for g in gids if g and not g.startswith("flow ")}
    moves = run["relocation"][run["relocation"]["year"] == year]
    moves = moves.groupby(["from_region", "to_region"])["relocated_mw"].sum()
    large = {
        f"flow {a}>{b}" for (a, b), mw in moves.items() if mw >= figures.MAP_FLOW_MIN_GW * 1000
    }
    assert large == {g for g in gids if g and g.startswith("flow ")}


def test_every_table_header_is_in_words(solved, monkeypatch):
    # a reader sees "requested, TWh", never a column name such as requested_twh or a source id
    # header: every table the scenario report draws is caught on its way to the page
    from energy.report.pdf import Story

    headers = []
    draw = Story.table

    def catch(self, frame, caption, widths=None):
        headers.extend((str(c), caption) for c in frame.columns)
        return draw(self, frame, caption, widths)

    monkeypatch.setattr(Story, "table", catch)
    write_report(solved)
    assert len(headers) > 20
    coded = [(h, caption[:60]) for h, caption in headers if "_" in h]
    assert not coded, coded


def test_glossary_terms_in_the_summary_link_to_the_glossary(solved):
    write_report(solved)
    reader = PdfReader(solved / "report.pdf")
    links = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    # reportlab writes an internal link as an explicit destination: a page and a position;
    # every one lands on the page that holds the glossary
    page_of = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    targets = {page_of[link["/Dest"][0].idnum] for link in links if "/Dest" in link}
    assert len(links) >= 3 and targets, links[:3]
    for i in targets:
        assert "Glossary." in reader.pages[i].extract_text(), i


def test_the_appendix_shows_pjms_ratings_by_year_and_skips_a_column_a_workbook_leaves_out(
    solved,
):
    write_report(solved)
    appendix = pdf_text(solved / "report.pdf")
    appendix = appendix[appendix.index("Appendix") :]
    assert "class ratings by delivery year" in appendix
    assert "netted, MW" in appendix  # the column's plain header
    # an older workbook without reserve_margins.demand_response_mw: the table shows the rest
    path = solved / "inputs" / "reserve_margins.csv"
    pd.read_csv(path).drop(columns=["demand_response_mw"]).to_csv(path, index=False)
    write_report(solved)
    appendix = pdf_text(solved / "report.pdf")
    appendix = appendix[appendix.index("Appendix") :]
    assert "Planning reserve margins" in appendix and "netted, MW" not in appendix
