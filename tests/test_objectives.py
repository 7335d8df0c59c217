"""Objectives worked out by hand on the metrics fixture (tests/metric_fixtures.py).

The fixture's participants by the day of their first contribution:
    A 01-06, D 01-07 | H 01-19, E 01-20, B 01-21, C 01-22, G 01-24, F 01-26 | I 02-02, J 02-03
proposals made: P5 01-05, P1 01-06 | P3 01-20, P9 01-21, P4 01-23, P8 01-24, P7 01-29, P6 01-30;
answers: P1 01-16 after 10 days, P5 01-25 after 20, P3 01-27 after 7, P7 02-03 after 5;
home district sud (3,000 residents): B, E, G; 4 meetings (01-24, 01-28, 01-31, 02-04).

With the end date 2026-02-15 (a Sunday): the last complete week ends that day (S), the gain
is measured from S - 28 days = 2026-01-18, and a deadline of 2026-03-15 leaves 4 weeks.
"""

from datetime import date

import duckdb
import pandas as pd
import pytest

from dashboard import objectives
from dashboard.errors import InputError
from dashboard.importers import import_paths
from dashboard.metrics import Filters
from tests.metric_fixtures import build_fixture_warehouse
from tests.test_sheets import fill_template

REFERENCE = date(2026, 2, 15)
VOTE = date(2026, 3, 15)


def set_objectives(con, rows, recorded_from="test") -> int:
    frame = pd.DataFrame(
        [
            {"indicator": i, "target": t, "deadline": d, "starts_on": s, "closed": False}
            for i, t, d, s in rows
        ]
    )
    return objectives.record_versions(con, frame, recorded_from)


@pytest.fixture
def con():
    return build_fixture_warehouse()


def by_indicator(frame) -> dict:
    return {row["indicator"]: row for row in frame.to_dict("records")}


def test_progress_pace_projection_and_status_worked_out_by_hand(con):
    set_objectives(
        con,
        [
            ("participants", 20, VOTE, None),
            ("proposals", 14, VOTE, None),
            ("median_days_to_answer", 7, VOTE, None),
            ("participants_per_1000:sud", 1.5, VOTE, None),
            ("participants_cercle_3", 5, VOTE, None),
            ("meetings", 10, date(2026, 2, 1), None),
        ],
    )
    got = by_indicator(objectives.evaluate(con, REFERENCE))

    # participants: 10 now, 2 by 01-18 (A, D): gain (10 - 2) / 4 = 2 a week
    participants = got["participants"]
    assert participants["current"] == 10
    assert participants["weekly_gain"] == 2
    assert participants["progress"] == 0.5  # 10 / 20
    assert participants["needed_per_week"] == 2.5  # (20 - 10) / 4 weeks
    assert participants["projected"] == 18  # 10 + 2 x 4
    assert participants["status"] == objectives.EN_RETARD  # 18 < 20

    # proposals: 8 now, 2 by 01-18 (P5, P1): gain 1.5; 8 + 1.5 x 4 = 14 reaches 14
    proposals = got["proposals"]
    assert (proposals["current"], proposals["weekly_gain"]) == (8, 1.5)
    assert proposals["progress"] == pytest.approx(8 / 14)
    assert proposals["needed_per_week"] == 1.5  # (14 - 8) / 4
    assert proposals["projected"] == 14
    assert proposals["status"] == objectives.EN_BONNE_VOIE

    # a ceiling: median days to answer 8.5 now ((7 + 10) / 2), 10 by 01-18 (P1 alone):
    # gain (8.5 - 10) / 4 = -0.375 a week, projected 8.5 - 1.5 = 7 <= 7
    answer = got["median_days_to_answer"]
    assert answer["current"] == 8.5
    assert answer["weekly_gain"] == -0.375
    assert answer["progress"] == pytest.approx(7 / 8.5)  # a ceiling: target / current
    assert answer["needed_per_week"] == -0.375  # (7 - 8.5) / 4: a fall of 0.375 day a week
    assert answer["projected"] == 7
    assert answer["status"] == objectives.EN_BONNE_VOIE

    # a district: sud has 3 participants (B, E, G) for 3,000 residents = 1.0 per 1,000,
    # none by 01-18: gain 0.25, projected 1.0 + 0.25 x 4 = 2.0 >= 1.5
    sud = got["participants_per_1000:sud"]
    assert sud["district_id"] == "sud"
    assert (sud["current"], sud["participants"]) == (1.0, 3)
    assert sud["progress"] == pytest.approx(1 / 1.5)
    assert sud["needed_per_week"] == 0.125  # (1.5 - 1.0) / 4
    assert sud["projected"] == 2.0
    assert sud["status"] == objectives.EN_BONNE_VOIE
    assert sud["hidden"]  # 3 participants: under the small-count rule

    # reached: 6 participants of circle 3 (E F G H I J) for a target of 5
    circle_3 = got["participants_cercle_3"]
    assert (circle_3["current"], circle_3["status"]) == (6, objectives.ATTEINT)
    assert circle_3["needed_per_week"] == 0  # nothing more is needed

    # past its deadline (02-01) and not reached: 4 meetings for 10
    meetings = got["meetings"]
    assert (meetings["current"], meetings["status"]) == (4, objectives.ECHU)
    assert pd.isna(meetings["needed_per_week"])  # no week left
    assert meetings["projected"] == 4


def test_a_ceiling_projected_above_its_target_is_late(con):
    set_objectives(con, [("median_days_to_answer", 6, VOTE, None)])
    (row,) = objectives.evaluate(con, REFERENCE).to_dict("records")
    assert row["projected"] == 7 and row["status"] == objectives.EN_RETARD  # 7 > 6


def test_a_start_date_counts_from_that_day(con):
    # from 01-19: every participant but D (her only contribution is 01-07) = 9; before the
    # start nothing counts (0 by 01-18): gain 9 / 4 = 2.25, projected 9 + 9 = 18
    set_objectives(con, [("participants", 18, VOTE, date(2026, 1, 19))])
    (row,) = objectives.evaluate(con, REFERENCE).to_dict("records")
    assert (row["current"], row["weekly_gain"], row["projected"]) == (9, 2.25, 18)
    assert row["status"] == objectives.EN_BONNE_VOIE


def test_the_reference_day_is_the_end_date_else_the_last_activity(con):
    set_objectives(con, [("participants", 20, date(2026, 3, 4), None)])
    # last activity: the online meeting M4 on 02-04; last complete week ends 02-01; 8 by
    # then, 0 by 01-04: gain 2; 28 days to 03-04 = 4 weeks: 10 + 8 = 18
    (row,) = objectives.standings(con).to_dict("records")
    assert (row["current"], row["projected"], row["needed_per_week"]) == (10, 18, 2.5)
    (earlier,) = objectives.standings(con, Filters(until=date(2026, 1, 25))).to_dict("records")
    # up to 01-25: A D H E B C G = 7; week ends 01-25, 0 by 12-28: gain 7 / 4 = 1.75
    assert (earlier["current"], earlier["weekly_gain"]) == (7, 1.75)


def test_a_small_district_keeps_its_status_and_hides_what_gives_its_count(con):
    set_objectives(con, [("participants_per_1000:sud", 1.5, VOTE, None)])
    (row,) = objectives.objectives_json(con, Filters(until=REFERENCE))
    assert row == {
        "indicator": "participants_per_1000:sud",
        "target": 1.5,
        "deadline": "2026-03-15",
        "current": None,  # 1.0 per 1,000 x 3,000 residents would give 3 participants
        "progress": None,
        "needed_per_week": None,
        "projected": None,
        "status": "en bonne voie",
    }


def test_every_change_is_a_version_and_a_changed_target_shows_as_such(con):
    assert set_objectives(con, [("participants", 20, VOTE, None)], "objectifs.csv") == 1
    assert set_objectives(con, [("participants", 20, VOTE, None)]) == 0  # unchanged: nothing
    assert set_objectives(con, [("participants", 25, VOTE, None)], "dashboard") == 1
    assert set_objectives(con, [("participants", 25, date(2026, 3, 22), None)]) == 1
    (current,) = objectives.current_objectives(con).to_dict("records")
    assert (current["target"], current["versions"], current["previous_target"]) == (25, 3, 20)
    history = objectives.objective_history(con)
    assert history["target"].tolist() == [20, 25, 25]
    assert history["recorded_from"].tolist() == ["objectifs.csv", "dashboard", "test"]
    closing = pd.DataFrame(
        [
            {
                "indicator": "participants",
                "target": 25,
                "deadline": date(2026, 3, 22),
                "starts_on": None,
                "closed": True,
            }
        ]
    )
    assert objectives.record_versions(con, closing, "dashboard") == 1
    assert objectives.current_objectives(con).empty
    assert objectives.objective_history(con)["closed"].tolist() == [False, False, False, True]


def test_typed_indicators_and_targets():
    assert objectives.indicator_key(" Participants ") == "participants"
    assert objectives.indicator_key("participants_per_1000: Q10") == "participants_per_1000:Q10"
    assert objectives.indicator_key("votes") is None
    assert objectives.indicator_key("participants_per_1000:") is None
    assert objectives.parse_target("40 %", "in_person_share") == 0.4
    assert objectives.parse_target("40", "beyond_first_circle_share") == 0.4
    assert objectives.parse_target("0,4", "beyond_first_circle_share") == 0.4
    assert objectives.parse_target("1\u202f200", "participants") == 1200
    assert objectives.parse_target("12,5", "median_days_to_answer") == 12.5
    assert objectives.parse_target("-3", "participants") is None
    assert objectives.parse_target("beaucoup", "participants") is None


def test_the_objectifs_sheet_imports_as_versions(tmp_path):
    warehouse_file = tmp_path / "cercles.duckdb"
    rows = [
        ["participants", "300", "15/03/2026", ""],
        ["Part en présentiel", "60", "15/03/2026", ""],  # a card's label, not an indicator
    ]
    with pytest.raises(InputError) as refused:
        import_paths([fill_template("objectifs", rows, tmp_path, "csv")], warehouse_file)
    assert "line 3" in str(refused.value) and "indicateur" in str(refused.value)
    assert not warehouse_file.exists()  # nothing was written

    rows = [
        ["participants", "300", "15/03/2026", ""],
        ["in_person_share", "60 %", "15/03/2026", ""],
        ["participants_per_1000:nord", "4", "15/03/2026", "10/11/2025"],
    ]
    sheet = fill_template("objectifs", rows, tmp_path, "xlsx")
    (batch,) = import_paths([sheet], warehouse_file)
    assert [str(w) for w in batch.warnings] == [
        "objectives name districts the territory does not have: nord"
    ]
    import_paths([sheet], warehouse_file)  # the same sheet again changes nothing
    rows[0][1] = "320"
    import_paths([fill_template("objectifs", rows, tmp_path, "csv")], warehouse_file)
    con = duckdb.connect(str(warehouse_file), read_only=True)
    history = objectives.objective_history(con)
    con.close()
    assert history[["indicator", "version", "target"]].values.tolist() == [
        ["in_person_share", 1, 0.6],
        ["participants", 1, 300.0],
        ["participants", 2, 320.0],
        ["participants_per_1000:nord", 1, 4.0],
    ]
    assert history["starts_on"].tolist()[-1] == pd.Timestamp("2025-11-10")
    assert set(history["recorded_from"]) == {"objectifs.xlsx", "objectifs.csv"}


def test_the_standings_a_write_keeps_are_those_worked_out_live(tmp_path, monkeypatch):
    from dashboard import warehouse

    path = build_fixture_warehouse(tmp_path / "cercles.duckdb")
    with warehouse.writer(path, refresh=False) as writing:
        set_objectives(writing, [("participants", 20, VOTE, None)])
        set_objectives(
            writing,
            [
                ("participants", 25, VOTE, None),  # a changed target: previous 20, changed at
                ("proposals", 14, VOTE, date(2026, 1, 19)),  # from a start date
                ("median_days_to_answer", 7, VOTE, None),  # a ceiling
                ("participants_per_1000:sud", 1.5, VOTE, None),  # 3 participants: hidden
            ],
        )
    con = warehouse.connect_readonly(path)
    last = date(2026, 2, 4)  # the last activity: the online meeting M4
    assert objectives.stored_rows(con, last) is not None
    live = objectives.shown(objectives.evaluate(con, last))
    assert len(live) == 4 and live["hidden"].tolist().count(True) == 1
    assert live["target_changed_at"].notna().sum() == 1
    pd.testing.assert_frame_equal(objectives.standings(con), live)

    # every filter but the end date and the campaign reads them as kept: nothing is evaluated
    def evaluated(*args):
        raise AssertionError("evaluated live")

    monkeypatch.setattr(objectives, "evaluate", evaluated)
    kept_under = (Filters(), Filters(since=date(2026, 1, 20)), Filters(district="sud"))
    for kept in (*kept_under, Filters(until=last)):
        pd.testing.assert_frame_equal(objectives.standings(con, kept), live)
    for live_only in (Filters(until=date(2026, 1, 25)), Filters(campaign="2026")):
        with pytest.raises(AssertionError, match="evaluated live"):
            objectives.standings(con, live_only)
    # kept with the small-count threshold of the write: under another one, worked out again
    monkeypatch.setenv("CERCLES_MIN_COUNT", "3")
    assert objectives.stored_rows(con, last) is None
    with pytest.raises(AssertionError, match="evaluated live"):
        objectives.standings(con)
    monkeypatch.undo()
    con.close()

    # objectives changed without a write (no such route but a test's): not read as kept
    plain = duckdb.connect(str(path))
    set_objectives(plain, [("participants", 30, VOTE, None)])
    assert objectives.stored_rows(plain, last) is None
    assert by_indicator(objectives.standings(plain))["participants"]["target"] == 30
    plain.close()
    # the dashboard's form writes: what is kept follows
    objectives.save_objective(path, "participants", 40, VOTE)
    con = warehouse.connect_readonly(path)
    kept = objectives.stored_rows(con, last)
    assert [row["target"] for row in kept if row["indicator"] == "participants"] == [40.0]
    pd.testing.assert_frame_equal(
        objectives.standings(con), objectives.shown(objectives.evaluate(con, last))
    )
