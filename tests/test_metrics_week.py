"""The week's participants (queries/week_participants.sql) and the week's summary, worked out
by hand on the metrics fixture (tests/metric_fixtures.py).

Contributions by day: A 01-06, 01-20 | D 01-07 | H 01-19 (vote), 01-31 (attendance) | E 01-20,
01-23 | B 01-21 | C 01-22 | G 01-24 | F 01-26 | I 02-02 | J 02-03. Circles: A, D 1; B, C 2;
the others 3.
"""

from datetime import date

import pandas as pd
import pytest

from dashboard import metrics, weekly
from dashboard.metrics import Filters
from tests.metric_fixtures import build_fixture_warehouse


@pytest.fixture(scope="module")
def con():
    return build_fixture_warehouse()


def week(con, monday: date, sunday: date) -> dict:
    assert len(metrics.run(con, "week_participants", Filters(since=monday, until=sunday))) == 1
    return weekly.week_participants(con, monday, sunday)


def test_active_and_new_participants_of_a_week(con):
    # 01-19..01-25: A, B, C, E, G, H active (6), of circles 2-3 B, C, E, G, H (5); first
    # contribution ever that week: H, E, B, C, G (5; A started 01-06)
    assert week(con, date(2026, 1, 19), date(2026, 1, 25)) == {
        "active": 6,
        "new_participants": 5,
        "active_beyond_first_circle": 5,
        "beyond_first_circle_share": pytest.approx(5 / 6),
    }
    # 01-26..02-01: F and H active, both of circle 3; only F is new
    assert week(con, date(2026, 1, 26), date(2026, 2, 1)) == {
        "active": 2,
        "new_participants": 1,
        "active_beyond_first_circle": 2,
        "beyond_first_circle_share": 1.0,
    }


def test_a_week_without_anyone_counts_zero(con):
    assert week(con, date(2025, 12, 1), date(2025, 12, 7)) == {
        "active": 0,
        "new_participants": 0,
        "active_beyond_first_circle": 0,
        "beyond_first_circle_share": None,
    }


def test_the_summary_takes_the_last_complete_week_and_the_one_before(con):
    summary = weekly.week_summary(con)  # last activity 02-04 (a Wednesday)
    assert (summary["week_start"], summary["week_end"]) == (date(2026, 1, 26), date(2026, 2, 1))
    assert summary["this_week"]["active"] == 2 and summary["previous_week"]["active"] == 6
    # the district to go to: est, under-reached (O = 0 for E = 4.0), no field action, its
    # last meeting M3 on 01-28
    (visit,) = summary["districts"][:1]
    assert (visit["district_id"], visit["missing_participants"], visit["actions_21d"]) == (
        "est",
        4.0,
        0,
    )
    assert visit["last_meeting_at"] == date(2026, 1, 28)
    # the reason "Où aller ensuite" gives (charts.target_reason), then the field effort
    assert weekly.district_reason(visit, "fr") == (
        "sous la limite à 99,8 % — 4 participants manquants, dernière réunion le 28/01/2026, "
        "aucune action de terrain depuis 21 jours"
    )
    # the week of 01-19..01-25 had M1 (01-24), where G signed in for the first time: one
    # first-timer among one identified attendee, both under the small-count rule (a meeting
    # is a district slice); the fixture's sheet meeting has no title, so its id stands in
    earlier = weekly.week_summary(con, Filters(until=date(2026, 1, 27)))
    assert weekly.best_text(earlier["best"], "fr") == (
        "Réunion « sheet|meeting|1 » du 24/01/2026 : < 11 nouveaux venus parmi < 11 présents "
        "identifiés."
    )


def test_alerts_give_hidden_districts_in_whole_persons_and_moderation_only_beyond_chance(con):
    from dashboard import mobilisation

    # est made a small count: O = 1 for E = 12.7 (11.7 missing). Every district count is
    # then 1..10, hidden: est's missing participants read as the bound E - 11 = 1.7, said in
    # whole persons that stay true: '> 1'
    reach = metrics.district_reach(con)
    est = reach["district_id"] == "est"
    reach.loc[est, "participants"] = 1
    reach.loc[est, ["expected", "missing_participants"]] = [12.7, 11.7]
    effort = mobilisation.effort_beside_need(metrics.run_unprotected(con, "field_effort"), reach)
    found = weekly.alerts(con, Filters(), reach, effort)
    assert [weekly.alert_text(alert, "fr") for alert in found] == [
        "Est décroche : > 1 participants manquent par rapport à sa population.",
        # Cap Collectif's written items B B F I J, I hidden: 1 / 5 = 20 %, exact 95 % lower
        # limit 1 - 0.975^(1/5) = 0.505 %, above 0.01 %: significant
        "Taux de modération 20,0\u00a0% (contenus masqués : 1 sur 5) : nettement au-dessus de la "
        "référence de 0,01 % (au moins 0,505\u00a0% avec 95 % de confiance).",
    ]
    # up to 01-31 the written items are B B F, none hidden: a lower limit of 0, no alert
    until = Filters(until=date(2026, 1, 31))
    assert "moderation" not in [alert["kind"] for alert in weekly.alerts(con, until, reach, effort)]


def test_polling_stations_fall_behind_for_their_registered_voters(con):
    from dashboard import objectives

    summary = weekly.week_summary(con)
    assert summary["denominator"] == "residents"  # the fixture's districts count residents
    (district,) = [a for a in summary["alerts"] if a["kind"] == "district"]
    assert weekly.alert_text(district, "fr", str, "registered") == (
        "Est décroche : 4 participants manquent par rapport à ses inscrits."
    )
    assert objectives.indicator_name("participants_per_1000:Q3", "fr", str, "registered") == (
        "Participants pour 1 000 inscrits : Q3"
    )


def test_the_overview_trends_keep_the_same_last_52_weeks_with_every_row_of_each():
    # 60 Mondays from 2025-01-06, two rows a week (two circles); proposals stop 5 weeks earlier
    mondays = pd.date_range("2025-01-06", periods=60, freq="7D")
    people = pd.DataFrame(
        {"week": [day.date() for day in mondays for _ in (1, 2)], "circle": ["1", "3"] * 60}
    )
    proposals = pd.DataFrame({"week": [day.date() for day in mondays[:55]], "submitted": 1})
    kept_people, kept_proposals = weekly.recent_weeks(people, proposals)
    assert len(kept_people) == 104
    assert kept_people["week"].min() == date(2025, 3, 3)  # the 9th Monday
    assert kept_people["week"].max() == date(2026, 2, 23)  # the 60th
    assert len(kept_proposals) == 47  # the 9th to the 55th Monday: the same window
    assert kept_proposals["week"].min() == date(2025, 3, 3)
    few = people.head(20)  # 10 weeks: all kept
    assert weekly.recent_weeks(few, None)[0].equals(few)
    assert weekly.recent_weeks(people.iloc[:0], None)[0].empty
