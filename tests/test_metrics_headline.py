"""Headline numbers, week-over-week change, coverage and `cercles metrics --json`.

Every expected number is worked out in tests/metric_fixtures.py (EXPECTED_HEADLINE).
"""

import json
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard import metrics
from dashboard.cli import main
from dashboard.errors import CerclesError
from dashboard.metrics import Filters, run
from tests.metric_fixtures import EXPECTED_HEADLINE, build_fixture_warehouse

SPEC_KEYS = {
    "participants", "participants_by_circle", "beyond_first_circle_share", "proposals",
    "proposals_by_channel", "in_person_share", "moderation_rate", "median_days_to_answer",
    "duncan_index", "under_reached_districts",
}
TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def con():
    return build_fixture_warehouse()


def test_headline_metrics_match_the_hand_worked_fixture(con):
    headline = metrics.headline_metrics(con)
    assert SPEC_KEYS <= headline.keys()
    assert headline.keys() == EXPECTED_HEADLINE.keys()
    for key, value in EXPECTED_HEADLINE.items():
        assert headline[key] == (pytest.approx(value) if isinstance(value, float) else value), key


def test_headline_when_filters_leave_nothing(con):
    headline = metrics.headline_metrics(con, Filters.from_strings(since="2030-01-01"))
    assert headline["participants"] == 0
    assert headline["participants_by_circle"] == {"1": 0, "2": 0, "3": 0}
    assert headline["proposals_by_channel"] == {"online": 0, "in_person": 0}
    for key in ("beyond_first_circle_share", "in_person_share", "moderation_rate",
                "median_days_to_answer", "duncan_index", "unknown_district_share"):
        assert headline[key] is None, key
    assert headline["under_reached_districts"] == []
    json.dumps(headline)  # plain JSON types only


def test_headline_under_a_circle_filter(con):
    # circle 2: B (sud) and C (nord); proposals: P9 (B) only
    headline = metrics.headline_metrics(con, Filters(circle=2))
    assert headline["participants_by_circle"] == {"1": 0, "2": 2, "3": 0}
    assert headline["beyond_first_circle_share"] == 1.0
    assert headline["proposals_by_channel"] == {"online": 1, "in_person": 0}
    assert headline["moderation_rate"] == 0.0  # B's comment and proposal on Cap Collectif


def test_week_over_week_compares_the_last_two_complete_weeks(con):
    # last activity: M4 on Wednesday 2026-02-04 -> last complete week ends Sunday 02-01
    wow = metrics.week_over_week(con)
    assert (wow["week_ending"], wow["previous_week_ending"]) == ("2026-02-01", "2026-01-25")
    # up to 02-01 every participant but I (02-02) and J (02-03): 8; up to 01-25 also not F: 7
    assert (wow["current"]["participants"], wow["previous"]["participants"]) == (8, 7)
    assert wow["change"]["participants"] == 1
    assert wow["change"]["participants_by_circle"] == {"1": 0, "2": 0, "3": 1}
    # proposals made by 02-01: all 8; by 01-25: P5 P1 P3 P4 P9 P8 = 6 (P8 in person)
    assert wow["change"]["proposals"] == 2
    assert wow["change"]["in_person_share"] == pytest.approx(3 / 8 - 1 / 6)
    assert wow["change"]["under_reached_districts"] == 0
    # an explicit end date is the reference: 2026-01-21 (Wednesday) -> weeks ending 01-18, 01-11
    pinned = metrics.week_over_week(con, Filters.from_strings(until="2026-01-21"))
    assert (pinned["week_ending"], pinned["previous_week_ending"]) == ("2026-01-18", "2026-01-11")
    assert pinned["change"]["participants"] == 0  # A and D, both before 01-11
    # moderation up to 01-18 has no measurable content: no change can be computed
    assert pinned["change"]["moderation_rate"] is None


def test_week_over_week_counts_newcomers_not_returning_participants(con):
    # weeks ending 02-01 and 01-25 (last activity 02-04). From 01-20: up to 01-25 A (amendment
    # 01-20) B C E G took part, up to 02-01 also F and H (attendance 01-31): 7 - 5 = 2, but H
    # first came on 01-19: the only newcomer of the week is F (first contribution 01-26).
    wow = metrics.week_over_week(con, Filters.from_strings(since="2026-01-20"))
    assert (wow["current"]["participants"], wow["previous"]["participants"]) == (7, 5)
    assert wow["change"]["participants"] == 1
    assert wow["change"]["participants_by_circle"] == {"1": 0, "2": 0, "3": 1}
    assert wow["change"]["proposals"] == 2  # P6 (01-30) and P7 (typed 01-29)
    # a period starting inside the last week has no week before: no change, newcomers only
    # (F and H took part 01-26..02-01; F is new)
    late = metrics.week_over_week(con, Filters.from_strings(since="2026-01-26"))
    assert late["current"]["participants"] == 2
    assert late["change"]["participants"] == 1
    assert late["change"]["proposals"] is None
    assert late["change"]["under_reached_districts"] is None
    assert late["change"]["proposals_by_channel"] == {"online": None, "in_person": None}
    # the phase's end is the reference day: p1 ends Sunday 01-18, week before ends 01-11
    phase = metrics.week_over_week(con, Filters(phase="p1"))
    assert (phase["week_ending"], phase["previous_week_ending"]) == ("2026-01-18", "2026-01-11")
    assert phase["change"]["participants"] == 0  # A (01-06) and D (01-07) came the week before


def test_the_weeks_newcomers_are_those_of_the_week_alone_whatever_the_window(con):
    # read from the window's weekly rows (the overview's trend) when the week lies in it,
    # else from the days of the week in the window: the same as asking for the week alone
    for values in (
        {},
        {"since": "2026-01-20"},
        {"since": "2026-01-26"},
        {"since": "2026-01-28"},
        {"until": "2026-01-21"},
        {"since": "2026-01-12", "until": "2026-02-03"},
        {"phase": "p1"},
        {"phase": "p2"},
        {"channel": "in_person"},
        {"circle": "3"},
        {"platform": "decidim"},
        {"campaign": "nowhere"},
    ):
        filters = Filters.from_strings(**values)
        wow = metrics.week_over_week(con, filters)
        week_ending = date.fromisoformat(wow["week_ending"])
        week_start = week_ending - timedelta(days=6)
        since = metrics.within_phase(con, filters).since
        alone = metrics.new_participants_between(
            con, replace(filters, since=max(since or week_start, week_start), until=week_ending)
        )
        assert wow["change"]["participants_by_circle"] == alone, values
        assert wow["change"]["participants"] == sum(alone.values())
    # F came first on 01-26, the week ending 02-01
    assert metrics.week_over_week(con)["change"]["participants_by_circle"]["3"] == 1


def test_coverage_says_what_each_metric_rests_on(con):
    coverage = run(con, "coverage").set_index("metric")
    assert coverage.loc["participants", ["persons", "items"]].tolist() == [10, 14]
    assert coverage.loc["district_reach", ["persons", "items"]].tolist() == [9, 3]
    moderation = coverage.loc["moderation_rate"]
    assert moderation["sources"] == "capcollectif|cap.example|contributions"
    assert (moderation["items"], moderation["unmeasured_items"]) == (5, 6)
    assert coverage.loc["proposals", "items"] == 8
    assert coverage.loc[["proposals", "moderation_rate", "attendance"], "persons"].isna().all()
    assert coverage.loc["median_days_to_answer", "items"] == 4
    assert coverage.loc["votes_by_channel", "items"] == 1
    assert coverage.loc["attendance", "items"] == 3
    assert set(run(con, "coverage", Filters.from_strings(since="2030-01-01"))["metric"]) == set(
        coverage.index)


def test_filters_from_strings():
    filters = Filters.from_strings(since="2026-01-05", until=" ", circle="militant",
                                   channel="in_person", district="nord")
    assert filters.as_params() == {
        "since": metrics.date(2026, 1, 5), "until": None, "phase": None, "platform": None,
        "channel": "in_person", "circle": 1, "district": "nord", "campaign": None}
    for bad in ({"since": "05/01/2026"}, {"circle": "4"}, {"channel": "paper"},
                {"since": "2026-02-01", "until": "2026-01-01"}):
        with pytest.raises(CerclesError):
            Filters.from_strings(**bad)


def test_run_binds_only_the_parameters_a_query_mentions(con):
    # duncan_index does not mention $district: the filter is accepted and changes nothing
    assert metrics.duncan_index(
        metrics.run_unprotected(con, "duncan_index", Filters(district="sud"))
    ) == pytest.approx(0.5)
    with pytest.raises(CerclesError, match="no metric query"):
        run(con, "no_such_metric")
    # any SQL text gets the same binding (the report's own queries use it): phase p1 is
    # 01-05..01-18, so A's proposal and D's comment
    sql = ("select count(*) as n from contribution_facts where is_person "
           "and created_at between $since and cast($until as date) + 1")
    assert metrics.run_sql(con, sql, Filters(phase="p1"))["n"].tolist() == [2]


def test_every_metric_query_exists_is_explained_and_is_named_by_a_test():
    queries = TESTS.parent / "queries"
    tests_text = "".join(p.read_text() for p in TESTS.glob("test_metrics_*.py"))
    for name in metrics.QUERIES:
        assert (queries / f"{name}.sql").exists(), name
        assert re.search(rf"['\"]{name}['\"]", tests_text), f"no test names {name}"
        assert "$" not in name and "select * from final" in (queries / f"{name}.sql").read_text()
    for key in set(EXPECTED_HEADLINE) - {"suppressed"}:  # every number the JSON prints
        assert metrics.EXPLANATIONS[key]["fr"] and metrics.EXPLANATIONS[key]["en"], key


def test_cli_metrics_json_prints_the_headline(tmp_path):
    path = build_fixture_warehouse(tmp_path / "fixture.duckdb")
    result = CliRunner().invoke(main, ["metrics", "--json", "--warehouse", str(path)])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    # the mobilisation lists are checked in test_metrics_mobilisation.py
    assert printed.keys() == EXPECTED_HEADLINE.keys() | {
        "meetings_ranked",
        "operations",
        "objectives",
        "objectives_ignored_filters",
        "relays",
    }
    assert len(printed["meetings_ranked"]) == 4 and printed["operations"] == []
    # the fixture sets no objective and names no relay (see test_objectives.py and
    # test_metrics_relays.py for both lists worked out by hand)
    assert printed["objectives"] == [] and printed["relays"] == []
    assert printed["objectives_ignored_filters"] == []  # no filter given
    for key, value in EXPECTED_HEADLINE.items():
        assert printed[key] == (pytest.approx(value) if isinstance(value, float) else value), key


def test_cli_metrics_json_with_filters_and_a_friendly_error(tmp_path):
    path = build_fixture_warehouse(tmp_path / "fixture.duckdb")
    result = CliRunner().invoke(main, ["metrics", "--json", "--warehouse", str(path),
                                       "--platform", "decidim"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["moderation_rate"] is None  # old Decidim open data cannot reveal it
    # decidim persons: A C D E H (the vote); H also signed in, but only decidim counts here
    assert printed["participants"] == 5
    bad = CliRunner().invoke(main, ["metrics", "--json", "--warehouse", str(path),
                                    "--since", "yesterday"])
    assert bad.exit_code == 1 and "not a date" in bad.output
    assert "Traceback" not in bad.output


def test_week_over_week_of_an_unknown_phase_is_zero_not_an_error(con):
    # an unknown phase selects nothing: the weeks are the warehouse's last (02-01 and 01-25),
    # with nobody in them and no change
    wow = metrics.week_over_week(con, Filters(phase="no-such-phase"))
    assert (wow["week_ending"], wow["previous_week_ending"]) == ("2026-02-01", "2026-01-25")
    assert (wow["current"]["participants"], wow["previous"]["participants"]) == (0, 0)
    assert wow["change"]["participants"] == 0
