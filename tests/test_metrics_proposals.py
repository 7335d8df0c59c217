"""Throughput, channels, meetings and votes on the hand-worked fixture.

Counted proposals (the amendment P2 never is), made = published, else created:
  P5 official 01-05 -> answered 01-25 (20 d)   P1 A 01-06 -> 01-16 (10 d)
  P3 E 01-20 -> evaluating 01-27 (7 d)          P4 E 01-23 withdrawn
  P9 B 01-21 open                                P8 paper (M1) 01-24 open, no typing date
  P7 paper (M1, 01-24) typed 01-29 -> 02-03 (5 d) P6 meeting M3 (01-28) 01-30 open
Weeks (Monday): 01-05, 01-12, 01-19, 01-26, 02-02.
"""

import numpy as np
import pytest

from dashboard.metrics import Filters, run
from tests.metric_fixtures import build_fixture_warehouse


@pytest.fixture(scope="module")
def con():
    return build_fixture_warehouse()


def test_proposals_by_week_submitted_answered_and_backlog(con):
    weekly = run(con, "proposals_by_week")
    assert weekly["week"].dt.strftime("%m-%d").tolist() == [
        "01-05", "01-12", "01-19", "01-26", "02-02"]
    # submitted: P5 P1 | - | P3 P4 P9 P8 | P7 P6 | -
    assert weekly["submitted"].tolist() == [2, 0, 4, 2, 0]
    # answered (any answer): - | P1 | P5 (Sunday 01-25) | P3 (evaluating) | P7
    assert weekly["answered"].tolist() == [0, 1, 1, 1, 1]
    # awaiting a decision at the week's end (P4 withdrawn never; P3 answered "evaluating" on
    # 01-27 stays): {P5 P1} {P5} {P3 P9 P8} {P3 P9 P8 P7 P6} {P3 P9 P8 P6}
    assert weekly["open_backlog"].tolist() == [2, 1, 3, 5, 4]


def test_backlog_is_a_stock_that_keeps_older_proposals(con):
    weekly = run(con, "proposals_by_week", Filters.from_strings(since="2026-01-19"))
    assert weekly["submitted"].tolist() == [4, 2, 0]
    assert weekly["open_backlog"].tolist() == [3, 5, 4]
    assert run(con, "proposals_by_week", Filters.from_strings(since="2030-01-01")).empty


def test_days_to_answer_median_and_90th_percentile(con):
    # 5, 7, 10, 20 days: median 8.5; p90 at position 2.7: 10 + 0.7 x 10 = 17
    answers = run(con, "days_to_answer").iloc[0]
    assert answers["answered"] == 4
    assert answers["median_days"] == pytest.approx(8.5)
    assert answers["p90_days"] == pytest.approx(17.0)
    # answered from 01-20 on: P5 (20), P3 (7), P7 (5): median 7
    since = run(con, "days_to_answer", Filters.from_strings(since="2026-01-20")).iloc[0]
    assert since["median_days"] == pytest.approx(7.0)
    # content district sud: P1 (scope "Sud", although A lives in nord) 10, P3 7, P7 5
    sud = run(con, "days_to_answer", Filters(district="sud")).iloc[0]
    assert (sud["answered"], sud["median_days"]) == (3, pytest.approx(7.0))
    # in person: P7 only
    assert run(con, "days_to_answer", Filters(channel="in_person")).iloc[0][
        "median_days"] == pytest.approx(5.0)
    # circle 3: P3 (E) only; the official P5 and the paper P7 have no circle
    assert run(con, "days_to_answer", Filters(circle=3)).iloc[0][
        "median_days"] == pytest.approx(7.0)
    empty = run(con, "days_to_answer", Filters.from_strings(until="2026-01-10")).iloc[0]
    assert empty["answered"] == 0 and np.isnan(empty["median_days"])


def test_proposal_states_count_each_proposal_once_withdrawn_apart(con):
    states = run(con, "proposal_state_funnel")
    assert states["state"].tolist() == [
        "submitted", "evaluating", "accepted", "rejected", "withdrawn"]
    # now: submitted P6 P8 P9, evaluating P3, accepted P1 P5 P7, withdrawn P4: 8 in all
    assert states["proposals"].tolist() == [3, 1, 3, 0, 1]
    assert states["share"].tolist() == pytest.approx([3 / 8, 1 / 8, 3 / 8, 0, 1 / 8])
    # awaiting a decision: 3 + 1 = 4, the backlog at the end of the last week (02-02)
    assert states.loc[states["is_open"], "proposals"].sum() == 4
    assert run(con, "proposals_by_week")["open_backlog"].iloc[-1] == 4
    assert states["is_apart"].tolist() == [False, False, False, False, True]
    circle2 = run(con, "proposal_state_funnel", Filters(circle=2))  # P9
    assert circle2["proposals"].tolist() == [1, 0, 0, 0, 0]


def test_transcription_lag_of_in_person_proposals(con):
    # P6: M3 01-28 -> 01-30 = 2 days; P7: M1 01-24 -> 01-29 = 5 days; P8 never typed in
    lag = run(con, "transcription_lag").iloc[0]
    assert (lag["proposals"], lag["without_date"]) == (2, 1)
    assert lag["median_days"] == pytest.approx(3.5)
    assert lag["p90_days"] == pytest.approx(4.7)  # 2 + 0.9 x 3
    assert lag["max_days"] == 5
    online = run(con, "transcription_lag", Filters(channel="online")).iloc[0]
    assert online["proposals"] == 0 and np.isnan(online["median_days"])


def test_proposals_by_channel_and_origin(con):
    by_channel = run(con, "proposals_by_channel")
    assert [tuple(r) for r in by_channel[["channel", "origin", "proposals"]].itertuples(
        index=False)] == [("in_person", "meeting", 3), ("online", "official", 1),
                          ("online", "participant", 4)]
    # district est: the meeting-created P6 (M3 is in est), no scope of its own
    est = run(con, "proposals_by_channel", Filters(district="est"))
    assert est[["channel", "origin", "proposals"]].values.tolist() == [
        ["in_person", "meeting", 1]]
    assert run(con, "proposals_by_channel", Filters(phase="p1"))["proposals"].sum() == 2  # P5 P1


def test_meetings_by_district(con):
    meetings = run(con, "meetings_by_district")
    table = {r.district_id if isinstance(r.district_id, str) else None:
             (r.meetings, r.headcount, r.proposals) for r in meetings.itertuples()}
    # est: M3 (P6); nord: M2 (25); port: none; sud: M1 (40, P7 P8); unlocated: M4 online (12)
    assert table == {"est": (1, 0, 1), "nord": (1, 25, 0), "port": (0, 0, 0),
                     "sud": (1, 40, 2), None: (1, 12, 0)}
    sud = meetings[meetings["district_id"] == "sud"].iloc[0]
    assert sud["proposals_per_meeting"] == pytest.approx(2.0)
    only_sud = run(con, "meetings_by_district", Filters(district="sud"))
    assert only_sud["district_id"].tolist() == ["sud"]


def test_meetings_by_week(con):
    # wk 01-19: M1 (40, 2 proposals); wk 01-26: M3 and M2 (25, P6); wk 02-02: M4 (12)
    weekly = run(con, "meetings_by_week")
    assert weekly[["meetings", "headcount", "proposals"]].values.tolist() == [
        [1, 40, 2], [2, 25, 1], [1, 12, 0]]
    assert weekly["proposals_per_meeting"].tolist() == pytest.approx([2.0, 0.5, 0.0])
    assert run(con, "meetings_by_week", Filters(channel="online"))["meetings"].tolist() == [1]


def test_paper_and_digital_votes(con):
    # P9: 30 digital + 10 paper votes; H's vote is listed online
    votes = run(con, "votes_by_channel").iloc[0]
    assert (votes["proposals_with_split"], votes["votes_digital"], votes["votes_paper"]) == (
        1, 30, 10)
    assert votes["paper_share"] == pytest.approx(0.25)
    assert (votes["listed_online_votes"], votes["listed_in_person_votes"]) == (1, 0)
    circle3 = run(con, "votes_by_channel", Filters(circle=3)).iloc[0]
    assert circle3["proposals_with_split"] == 0 and np.isnan(circle3["paper_share"])
