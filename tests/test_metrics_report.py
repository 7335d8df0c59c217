"""The evaluation report's own queries on the hand-worked fixture (tests/metric_fixtures.py)."""

import math

from dashboard import metrics
from tests.metric_fixtures import build_fixture_warehouse


def test_campaign_phases_lists_each_phase_with_what_was_made_and_held():
    phases = metrics.run(build_fixture_warehouse(), "campaign_phases").set_index("phase_id")
    # p1 (restricted, 5-18 Jan: 14 days) made P1 and P5, held no meeting;
    # p2 (19 Jan - 15 Feb: 28 days) made the other 6 counted proposals and held M1-M4,
    # headcounts 40 + 25 + 12 (M3 has none) = 77
    assert phases.loc["p1", ["days", "proposals", "meetings", "headcount"]].tolist() == [14, 2, 0, 0]
    assert phases.loc["p2", ["days", "proposals", "meetings", "headcount"]].tolist() == [28, 6, 4, 77]
    assert bool(phases.loc["p1", "restricted"]) and not bool(phases.loc["p2", "restricted"])


def test_meeting_sizes_spread_the_headcounts_of_meetings_that_counted_people():
    sizes = metrics.run(build_fixture_warehouse(), "meeting_sizes").iloc[0]
    # 4 meetings, 3 with a headcount (12, 25, 40): smallest 12, median 25, largest 40
    assert (sizes.meetings, sizes.meetings_with_headcount) == (4, 3)
    assert (sizes.smallest, sizes.median_headcount, sizes.largest) == (12, 25.0, 40)


def test_synthesis_time_counts_from_the_close_of_the_open_phase():
    synthesis = metrics.run(build_fixture_warehouse(), "synthesis_time").iloc[0]
    # the open phase p2 closes on 15 Feb; the last answer (P7) came on 3 Feb, before the close:
    # no synthesis delay, nothing answered after it
    assert synthesis.open_phase_id == "p2"
    assert str(synthesis.collection_ended_on)[:10] == "2026-02-15"
    assert str(synthesis.last_answer_on)[:10] == "2026-02-03"
    assert synthesis.synthesis_days == 0 and synthesis.answered_after_close == 0
    assert math.isnan(synthesis.median_days_after_close)


def test_a_filter_that_leaves_nothing_leaves_no_synthesis():
    nothing = metrics.Filters.from_strings(since="2030-01-01")
    synthesis = metrics.run(build_fixture_warehouse(), "synthesis_time", nothing).iloc[0]
    assert synthesis.proposals == 0 and synthesis.answered == 0
