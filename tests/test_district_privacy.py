"""One small-count rule on every route that slices by district: metric frames, headlines and
their weekly changes, `cercles metrics --json --district`, every page under a district filter,
and the report.

The fixture's districts (tests/metric_fixtures.py) are small: Nord is home to A C F H I
(circles 1 / 2 / 3 / 3 / 3, so 1 / 1 / 3), Sud to B E G (circles 2 / 3 / 3, so 0 / 1 / 2).
With the threshold 11 every such count is between 1 and 10 and must read "< 11".
"""

import base64
import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from dashboard import metrics, privacy, report, warehouse
from dashboard.cli import main
from dashboard.metrics import Filters
from tests.metric_fixtures import build_fixture_warehouse

APP = "../dashboard/app.py"
PAGES = (
    "overview",
    "circles",
    "districts",
    "moderation",
    "proposals",
    "channels",
    "mobilisation",
    "report",
    "data",
)


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("district") / "cercles.duckdb")


@pytest.fixture
def con(fixture_file):
    connection = warehouse.connect_readonly(fixture_file)
    yield connection
    connection.close()


def small(value) -> bool:
    """A count the rule forbids to show as is (1..10)."""
    return not privacy.is_hidden(value) and privacy.is_small_count(value, 11)


@pytest.mark.parametrize("district", ["nord", "sud"])
@pytest.mark.parametrize("circle", [None, "1", "3"])
def test_no_metric_frame_shows_a_small_person_count_under_a_district_filter(con, district, circle):
    filters = Filters.from_strings(district=district, circle=circle)
    for name in metrics.QUERIES:
        frame = metrics.run(con, name, filters)
        columns = [*privacy.PERSON_COUNTS.get(name, {}), *privacy.PERSON_PARTS.get(name, ())]
        for column in columns:
            shown = [v for v in frame.get(column, []) if small(v)]
            assert shown == [], (name, column, shown)
        for share in privacy.PERSON_SHARES.get(name, {}):
            # every group total is small here, so no share may give it back
            assert frame.empty or frame[share].isna().all(), (name, share)


def test_district_counts_read_less_than_eleven_and_zero_stays(con):
    by_circle = metrics.run(con, "reach_by_circle", Filters(district="sud"))
    # Sud: B (2), E G (3): 0 / 1 / 2; the 0 reveals nobody and is shown
    assert by_circle["participants"].tolist() == ["0", "< 11", "< 11"]
    # without a district the same query is a whole-campaign count and is shown as computed
    assert metrics.run(con, "reach_by_circle")["participants"].tolist() == [2, 2, 6]


def test_the_cli_json_hides_district_counts_and_the_shares_that_give_them_back(fixture_file):
    result = CliRunner().invoke(
        main, ["metrics", "--json", "--district", "nord", "--warehouse", str(fixture_file)]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["participants"] == "< 11"  # A C F H I = 5
    assert printed["participants_by_circle"] == {"1": "< 11", "2": "< 11", "3": "< 11"}
    assert printed["beyond_first_circle_share"] is None  # 4 / 5 would give 5 back
    assert printed["suppressed"] == [
        "beyond_first_circle_share",
        "participants",
        "participants_by_circle.1",
        "participants_by_circle.2",
        "participants_by_circle.3",
    ]
    # proposals count content, not persons: untouched (Nord holds none of P1..P9)
    assert printed["proposals"] == 0
    text = (
        CliRunner()
        .invoke(main, ["metrics", "--district", "nord", "--warehouse", str(fixture_file)])
        .output
    )
    assert "participants: < 11" in text


def test_week_over_week_hides_a_small_change_and_the_value_it_comes_from():
    previous = {
        "participants": 20,
        "participants_by_circle": {"1": 12, "2": 0, "3": 8},
        "suppressed": [],
    }
    change = {"participants": 5, "participants_by_circle": {"1": 0, "2": 0, "3": 5}, "proposals": 3}
    privacy.protect_changes(previous, change, threshold=11)
    # 25 - 20 = 5 persons came in the week: hidden, and 20 with it (25 is shown)
    assert change == {
        "participants": None,
        "participants_by_circle": {"1": 0, "2": 0, "3": None},
        "proposals": 3,
    }
    assert previous["participants"] is None and previous["participants_by_circle"]["3"] is None
    assert previous["suppressed"] == ["participants", "participants_by_circle.3"]


def test_the_overview_delta_of_a_district_is_hidden(con):
    weekly = metrics.week_over_week(con, Filters(district="nord"))
    assert weekly["current"]["participants"] == "< 11"
    assert weekly["change"]["participants"] is None


def test_a_running_total_shows_only_steps_no_small_count_follows_from():
    # circle 1 in five weeks: new 5, 7, 2, 16, 0 -> running totals 5, 12, 14, 30, 30
    weeks = pd.DataFrame(
        {
            "week": pd.date_range("2026-01-05", periods=5, freq="7D"),
            "circle": 1,
            "new_participants": [5, 7, 2, 16, 0],
            "cumulative": [5, 12, 14, 30, 30],
        }
    )
    shown = privacy.protect_frame("new_participants_by_week", weeks, True, threshold=11)
    # totals: 5 hidden (small); 12 shown (step 12); 14 hidden (step 2); 30 shown (step 18);
    # 30 shown (step 0). A week's count only when both totals around it show: the last (0).
    assert shown["cumulative"].tolist() == ["< 11", "12", "< 11", "30", "30"]
    assert shown["new_participants"].tolist() == ["< 11"] * 4 + ["0"]


def test_one_small_part_hides_a_second_within_its_group():
    sources = pd.DataFrame(
        {
            "circle": [1, 1, 2, 2],
            "circle_source": ["roster", "signal"] * 2,
            "participants": [30, 4, 12, 40],
        }
    )
    shown = privacy.protect_frame("circle_sources", sources, True, threshold=11)
    # circle 1: 4 is small, so 30 (the group's other count) goes too; circle 2 shows both
    assert shown["participants"].tolist() == ["< 11", "< 11", "12", "40"]


def test_a_headline_share_is_hidden_when_a_count_it_rests_on_is():
    headline = {
        "participants": 30,
        "participants_by_circle": {"1": 5, "2": 10, "3": 15},
        "beyond_first_circle_share": 25 / 30,
        "attendance": 0,
    }
    shown = privacy.protect_headline(headline, True, threshold=11)
    # c1 = 5 is small, c2 = 10 too; 25 / 30 would give c1 = 30 - 25 back
    assert shown["participants"] == 30
    assert shown["participants_by_circle"] == {"1": "< 11", "2": "< 11", "3": 15}
    assert shown["beyond_first_circle_share"] is None
    assert privacy.protect_headline(headline, False)["participants_by_circle"]["1"] == 5


def test_the_report_of_a_district_shows_no_small_count_nor_the_share_that_gives_it(con):
    page = report.build_report_html(con, Filters(district="nord"), "fr")
    # the circles table: 1 / 1 / 3 hidden, and the shares 20 % / 20 % / 60 % with them
    for share in ("20,0\u00a0%", "60,0\u00a0%", "80,0\u00a0%"):
        assert share not in page, share


def test_no_chart_places_a_district_whose_count_is_hidden(con):
    # Nord 5, Sud 3 and Port 1 participants are hidden; Est (0) is not. A dot at E and O/E, or
    # a colour at the rate per 1,000, gives the count back (Sud: 2.4 x 1.25 = 3): in the
    # report's funnel plot none of them has a dot, and the caption names them with their
    # status. (The page and the maps: test_pages.py and test_charts.py.)
    page = report.build_report_html(con, Filters(), "fr")
    figure = page[page.index('data-chart="funnel"'):]
    figure = figure[: figure.index("</figure>")]
    plotted, caption = figure.split("<figcaption>")
    assert "Est" in plotted
    for name in ("Nord", "Sud", "Port"):
        assert name not in plotted and f"{name}\u00a0: " in caption, name
    assert "Ni sur ce graphique ni colorés sur les cartes des taux" in caption


def smoothed_by_units(reach: pd.DataFrame, threshold: int) -> pd.Series:
    """district_reach's smoothed rates worked out in Python from its rows: A over the
    districts, those privacy.hidden_districts hides taken as one (what district_reach.sql
    does with the same rule written in SQL)."""
    hidden = reach["district_id"].isin(privacy.hidden_districts(reach, threshold))
    rows = reach[reach["computable"]]
    units = rows.groupby(rows["district_id"].where(~hidden[rows.index], None), dropna=False)[
        ["participants", "population"]
    ].sum()
    total, population = units["participants"].sum(), units["population"].sum()
    m = total / population
    spread = (units["population"] * (units["participants"] / units["population"] - m) ** 2).sum()
    prior = max(0.0, spread / population - m / (population / len(units)))
    rate = rows["participants"] / rows["population"]
    shrink = prior / (prior + m / rows["population"]) if prior else 0.0
    return (1000 * (m + shrink * (rate - m))).set_axis(rows["district_id"])


@pytest.mark.parametrize("threshold", [1, 2, 4, 6, 11])
@pytest.mark.parametrize("filters", [{}, {"circle": "3"}, {"since": "2026-01-20"}])
def test_the_smoothing_prior_takes_the_hidden_districts_as_one(con, monkeypatch, threshold,
                                                              filters):
    # threshold 2 hides port (1) and, as the only one, sud (3) with it; 4 hides port and sud;
    # 6 and 11 nord too: the SQL's rule is privacy.hidden_districts' at every step
    monkeypatch.setenv("CERCLES_MIN_COUNT", str(threshold))
    reach = metrics.run_unprotected(con, "district_reach", Filters.from_strings(**filters))
    got = reach[reach["computable"]].set_index("district_id")["smoothed_rate_per_1000"]
    assert got.to_dict() == pytest.approx(smoothed_by_units(reach, threshold).to_dict())


def trace_values(values) -> list:
    """A Plotly trace's y values, decoded when Plotly wrote them as a typed array."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values or [])


def page_numbers(at) -> list[str]:
    """What an AppTest page shows as person counts: cards, person columns, person charts."""
    shown = [(m.label, m.value) for m in at.metric]
    for table in at.dataframe:
        frame = table.value
        for column in frame.columns:
            if column in ("Personnes", "Participants", "Public"):
                shown += [(column, v) for v in frame[column]]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if "Personnes" in json.dumps(spec.get("layout", {}).get("yaxis", {}), ensure_ascii=False):
            for trace in spec["data"]:
                shown += [("chart", v) for v in trace_values(trace.get("y"))]
    return shown


@pytest.mark.parametrize("page", PAGES)
def test_every_page_under_a_district_filter_follows_the_rule(fixture_file, monkeypatch, page):
    monkeypatch.setenv("CERCLES_WAREHOUSE", str(fixture_file))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["district"] = "nord"
    at.run()
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    # person counts: the Participants card, the circle cards, person columns and charts
    people = [
        (label, value)
        for label, value in page_numbers(at)
        if label in ("Participants", "Personnes", "chart") or label.startswith("Cercle ")
    ]
    leaks = [
        (label, value)
        for label, value in people
        if not (value in ("< 11", "0", "–", "", None) or pd.isna(value) or value == 0)
    ]
    assert leaks == []
    if page in ("overview", "circles"):
        assert any("< 11" in caption.value for caption in at.caption)


def test_a_circle_hidden_as_the_second_count_stays_hidden_in_every_split(con, monkeypatch):
    # Threshold 2, Sud (B circle 2, E G circle 3: 0 / 1 / 2 of 3 shown participants): 1 is
    # small and hides 2 with it, else 3 - 2 = 1. The sources (E G both 'default': one row of
    # 2) and the weekly running total (ending at 2) would each show that 2: they hide it too.
    monkeypatch.setenv("CERCLES_MIN_COUNT", "2")
    sud = Filters(district="sud")
    headline = metrics.headline_metrics(con, sud)
    assert headline["participants"] == 3
    assert headline["participants_by_circle"] == {"1": 0, "2": "< 2", "3": "< 2"}
    sources = metrics.run(con, "circle_sources", sud)
    assert set(sources.loc[sources["circle"] == 3, "participants"]) == {"< 2"}
    weeks = metrics.run(con, "new_participants_by_week", sud)
    circle3 = weeks[weeks["circle"] == 3]
    assert set(circle3["cumulative"]) | set(circle3["new_participants"]) <= {"< 2", "0"}
    phases = metrics.run(con, "circles_by_phase", sud)
    assert set(phases.loc[phases["circle"] == 3, "participants"]) <= {"< 2"}
