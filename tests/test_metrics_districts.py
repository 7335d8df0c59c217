"""Reach by district on the hand-worked fixture, and funnel limits checked independently.

Located participants in districts with a population: nord A C F H I (5), sud B E G (3),
est none; J lives in port (no population), D is unknown. Population 2,000 + 3,000 + 5,000.
"""

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import brentq
from scipy.special import gammainc
from scipy.stats import poisson

from dashboard import funnel
from dashboard.metrics import (
    Filters,
    district_reach,
    district_target_list,
    duncan_index,
    headline_metrics,
    run,
    run_unprotected,
)
from tests.metric_fixtures import build_fixture_warehouse


@pytest.fixture(scope="module")
def con():
    return build_fixture_warehouse()


def by_district(frame):
    return frame.set_index("district_id")


def test_district_reach_observed_expected_and_rates(con):
    reach = by_district(run(con, "district_reach"))
    assert reach["participants"].to_dict() == {"est": 0, "nord": 5, "port": 1, "sud": 3}
    # E = population x 8 / 10,000
    assert reach.loc["nord", "expected"] == pytest.approx(1.6)
    assert reach.loc["sud", "expected"] == pytest.approx(2.4)
    assert reach.loc["est", "expected"] == pytest.approx(4.0)
    assert reach.loc["nord", "ratio"] == pytest.approx(5 / 1.6)
    assert reach.loc["sud", "rate_per_1000"] == pytest.approx(1.0)  # 3 / 3,000 x 1,000
    # missing = max(0, E - O): only est, ranked first
    assert reach["missing_participants"].fillna(-1).to_dict() == pytest.approx(
        {"est": 4.0, "nord": 0.0, "port": -1, "sud": 0.0})
    assert reach.loc["est", "target_rank"] == 1
    assert str(reach.loc["est", "last_meeting_at"]) == "2026-01-28 18:00:00"  # M3


def test_district_rates_are_district_reach_without_the_comparison(con):
    rates = by_district(run(con, "district_rates"))
    assert rates["participants"].to_dict() == {"est": 0, "nord": 5, "port": 1, "sud": 3}
    assert rates.loc["nord", "rate_per_1000"] == pytest.approx(2.5)  # 5 / 2,000 x 1,000
    assert rates.loc["sud", "rate_per_1000"] == pytest.approx(1.0)  # 3 / 3,000 x 1,000
    assert rates.loc["est", "rate_per_1000"] == 0
    assert np.isnan(rates.loc["port", "rate_per_1000"])  # no population
    # the very numbers of district_reach, for every district, under a start date too
    for filters in (Filters(), Filters.from_strings(since="2026-01-26", circle="3")):
        reach = run(con, "district_reach", filters)
        got = run(con, "district_rates", filters)
        columns = ["district_id", "participants", "rate_per_1000"]
        assert got[columns].equals(reach[columns])
    assert run(con, "district_rates", Filters(district="sud"))["district_id"].tolist() == ["sud"]

def test_a_district_without_population_is_not_computable(con):
    port = by_district(district_reach(con)).loc["port"]
    assert not port["computable"]
    assert np.isnan(port["expected"]) and np.isnan(port["rate_per_1000"])
    assert port["status"] == funnel.NOT_COMPUTABLE


def test_empirical_bayes_smoothing_by_hand(con, monkeypatch):
    # With no count hidden (threshold 1): m = 8 / 10,000 = 0.0008
    # s2 = (2000 x .0017^2 + 3000 x .0002^2 + 5000 x .0008^2) / 10,000 = 9.1e-7
    # A = s2 - m / (10,000 / 3) = 9.1e-7 - 2.4e-7 = 6.7e-7
    # C_nord = A / (A + m / 2000) = 6.7 / 10.7; smoothed = m + C (0.0025 - m)
    monkeypatch.setenv("CERCLES_MIN_COUNT", "1")
    reach = by_district(run(con, "district_reach"))
    shrink = {"nord": 6.7 / 10.7, "sud": 6.7 / (6.7 + 8 / 3), "est": 6.7 / 8.3}
    raw = {"nord": 0.0025, "sud": 0.001, "est": 0.0}
    for district, c in shrink.items():
        expected = 1000 * (0.0008 + c * (raw[district] - 0.0008))
        assert reach.loc[district, "smoothed_rate_per_1000"] == pytest.approx(expected)
    assert np.isnan(reach.loc["port", "smoothed_rate_per_1000"])
    # Threshold 11: nord (5) and sud (3) are hidden and A takes them as one district (8 of
    # 5,000: .0016), or est's smoothed rate, which carries A, would give their counts back:
    # s2 = (5000 x .0008^2 + 5000 x .0008^2) / 10,000 = 6.4e-7, A = s2 - m / (10,000 / 2)
    # = 6.4e-7 - 1.6e-7 = 4.8e-7; C_est = 4.8 / (4.8 + 1.6)
    monkeypatch.setenv("CERCLES_MIN_COUNT", "11")
    reach = by_district(run(con, "district_reach"))
    shrink = {"nord": 4.8 / (4.8 + 4), "sud": 4.8 / (4.8 + 8 / 3), "est": 4.8 / 6.4}
    for district, c in shrink.items():
        expected = 1000 * (0.0008 + c * (raw[district] - 0.0008))
        assert reach.loc[district, "smoothed_rate_per_1000"] == pytest.approx(expected)


def exact_limits_for_integer(expected: int, alpha: float):
    """Exact Poisson limits from Poisson sums: P(X >= E | L) = a/2 and P(X <= E | U) = a/2."""
    lower = brentq(lambda mu: poisson.sf(expected - 1, mu) - alpha / 2, 1e-9, 100)
    upper = brentq(lambda mu: poisson.cdf(expected, mu) - alpha / 2, 1e-9, 100)
    return lower, upper


@pytest.mark.parametrize("expected", [1, 4, 25])
@pytest.mark.parametrize("alpha", [0.05, 0.002])
def test_funnel_limits_match_exact_poisson_sums(expected, alpha):
    lower, upper = funnel.poisson_limits([expected], alpha)
    want_lower, want_upper = exact_limits_for_integer(expected, alpha)
    assert lower[0] == pytest.approx(want_lower, rel=1e-6)
    assert upper[0] == pytest.approx(want_upper, rel=1e-6)


@pytest.mark.parametrize("expected", [1.6, 2.4, 7.3])
def test_funnel_limits_for_fractional_expected_counts(expected):
    # regularised incomplete gamma: P(E, L) = a/2 and P(E + 1, U) = 1 - a/2
    for alpha in (0.05, 0.002):
        lower, upper = funnel.poisson_limits([expected], alpha)
        assert gammainc(expected, lower[0]) == pytest.approx(alpha / 2, rel=1e-6)
        assert gammainc(expected + 1, upper[0]) == pytest.approx(1 - alpha / 2, rel=1e-6)


def test_funnel_status_thresholds():
    # E = 4: 99.8 % lower 0.4286, 95 % lower 1.0899, 95 % upper 10.2416 (exact sums above)
    status = funnel.funnel_status([0, 1, 2, 10, 11, 3], [4, 4, 4, 4, 4, 0])
    assert status.tolist() == [funnel.ALARM, funnel.ALERT, funnel.IN_LINE, funnel.IN_LINE,
                               funnel.OVER, funnel.NOT_COMPUTABLE]


def test_district_reach_statuses_and_ratio_limits(con):
    reach = by_district(district_reach(con))
    # est: O = 0 < 0.4286 (99.8 % lower for E = 4): alarm; nord 5 and sud 3 are inside
    assert reach["status"].to_dict() == {
        "est": funnel.ALARM, "nord": funnel.IN_LINE, "port": funnel.NOT_COMPUTABLE,
        "sud": funnel.IN_LINE}
    want_lower, _ = exact_limits_for_integer(4, 0.05)
    assert reach.loc["est", "ratio_lower_95"] == pytest.approx(want_lower / 4, rel=1e-6)


def test_district_filter_narrows_rows_but_keeps_expected_counts(con):
    sud = run(con, "district_reach", Filters(district="sud"))
    assert sud["district_id"].tolist() == ["sud"]
    assert sud["expected"].tolist() == pytest.approx([2.4])


def test_circle_filter_recomputes_expected_counts(con):
    # circle 3 located: nord F H I, sud E G: 5 over 10,000 residents
    reach = by_district(run(con, "district_reach", Filters(circle=3)))
    assert reach["participants"].to_dict() == {"est": 0, "nord": 3, "port": 1, "sud": 2}
    assert reach.loc["est", "expected"] == pytest.approx(2.5)


def test_target_list_puts_under_reached_districts_first(con):
    targets = district_target_list(con)
    assert targets["district_id"].tolist() == ["est"]
    assert targets.iloc[0]["missing_participants"] == pytest.approx(4.0)
    assert targets.iloc[0]["under_reached"]


def test_only_significant_targets_alarm_first_then_by_missing():
    import pandas as pd

    from dashboard import metrics

    reach = pd.DataFrame(
        {
            "district_id": ["a", "b", "c", "d", "e", "f"],
            "name": ["A", "B", "C", "D", "E", "F"],
            "status": [funnel.IN_LINE, funnel.ALERT, funnel.ALARM, funnel.ALERT, funnel.ALARM,
                       funnel.OVER],
            "missing_participants": [1.7, 9.0, 3.0, 12.0, 20.0, 0.0],
            "participants": [30, 40, 20, 50, 25, 60],
        }
    ).assign(expected=lambda r: r["participants"] + r["missing_participants"])
    # alarm (E 20, C 3) before alert (D 12, B 9); A is short by 1.7 but within chance
    assert metrics.target_list(reach)["district_id"].tolist() == ["e", "c", "d", "b"]
    # C with 4 participants of 30 expected (26 missing) and B with 5 of 14 are hidden: they
    # read "> 19" and "> 3" missing and rank by those, or C's place before E (20) would say
    # it misses more than 20, and so has fewer than 10 participants
    hidden = reach.assign(
        participants=[30, 5, 4, 50, 25, 60], missing_participants=[1.7, 9.0, 26.0, 12.0, 20.0, 0.0]
    ).assign(expected=lambda r: r["participants"] + r["missing_participants"])
    assert metrics.target_list(hidden)["district_id"].tolist() == ["e", "c", "d", "b"]
    assert metrics.target_list(hidden.assign(participants=[30, 40, 14, 50, 25, 60]))[
        "district_id"
    ].tolist() == ["c", "e", "d", "b"]  # 14 and 40 shown: by the missing participants
    # a warehouse without a territory has no target
    assert metrics.target_list(reach.head(0)).empty
    # A apart: in line, 1.7 rounds to 2 persons; a gap of 0.4 rounds to nobody
    short = metrics.in_line_shortfalls(
        pd.concat([reach, reach.head(1).assign(district_id="g", missing_participants=0.4)])
    )
    assert short["district_id"].tolist() == ["a"]


def test_duncan_index(con):
    # every district with its participants and residents: nord 5 (A C F H I), sud 3 (B E G),
    # est 0, port 1 (J; no population, left out of the index)
    districts = run_unprotected(con, "duncan_index")
    assert districts[["district_id", "participants"]].values.tolist() == [
        ["est", 0], ["nord", 5], ["port", 1], ["sud", 3]
    ]
    assert districts["computable"].tolist() == [True, True, False, True]
    # nord and sud are hidden (5 and 3) and count as one: O = 8, P = 10,000
    # 1/2 (|8/8 - 5/10| + |0 - 5/10|) = 0.5 (apart: 1/2 (.425 + .075 + .5), the same here)
    assert duncan_index(districts) == pytest.approx(0.5)
    # online vote/comment authors only, in person G (sud) and H (nord): one hidden unit again
    # 1/2 (|2/2 - .5| + |0 - .5|) = 0.5
    in_person = run_unprotected(con, "duncan_index", Filters(channel="in_person"))
    assert duncan_index(in_person) == pytest.approx(0.5)
    # circle 1: A (nord) only, nord alone hidden: 1/2 (|1 - .2| + |0 - .3| + |0 - .5|) = 0.8
    circle1 = run_unprotected(con, "duncan_index", Filters(circle=1))
    assert duncan_index(circle1) == pytest.approx(0.8)
    assert headline_metrics(con)["duncan_index"] == pytest.approx(0.5)
    # as a district slice, its counts read as the rule says
    assert run(con, "duncan_index")["participants"].tolist() == ["0", "< 11", "< 11", "< 11"]


def test_the_duncan_index_gives_no_hidden_count_back():
    # a 3 and b 9 participants are hidden, c 30 and d 58 shown: O = 100, P = 10,000.
    # Apart, 1/2 (|.03 - .10| + |.09 - .05| + |.30 - .25| + |.58 - .60|) = 0.09, and of the
    # splits of the 12 hidden ones only 3 + 9 gives 0.09: the index would name both counts.
    # As one unit (12, 1,500): 1/2 (|.12 - .15| + .05 + .02) = 0.05, whatever the split.
    def frame(a, b):
        return pd.DataFrame({
            "district_id": list("abcd"), "population": [1000, 500, 2500, 6000],
            "computable": True, "participants": [a, b, 30, 58],
        })

    assert duncan_index(frame(3, 9)) == pytest.approx(0.05)
    assert {round(duncan_index(frame(a, 12 - a)), 12) for a in range(2, 11)} == {0.05}

    def apart(a, b):
        rows = frame(a, b)
        return 0.5 * (rows["participants"] / 100 - rows["population"] / 10000).abs().sum()

    assert [a for a in range(2, 11) if apart(a, 12 - a) == pytest.approx(0.09)] == [3]


def test_duncan_index_is_null_when_nobody_is_located(con):
    nobody = run_unprotected(con, "duncan_index", Filters.from_strings(until="2025-12-31"))
    assert duncan_index(nobody) is None


def test_unknown_district_share(con):
    # D (no located contribution) is the only unknown of 10; homes: A roster, B profile,
    # C E F G H I J from their earliest located contribution
    share = run(con, "unknown_district_share").iloc[0]
    assert (share["participants"], share["unknown"]) == (10, 1)
    assert (share["from_roster"], share["from_profile"], share["from_contribution"]) == (1, 1, 7)
    assert share["unknown_district_share"] == pytest.approx(0.1)
    # in restricted phase p1: A (nord) and D (unknown)
    assert run(con, "unknown_district_share", Filters(phase="p1")).iloc[0][
        "unknown_district_share"] == pytest.approx(0.5)
    empty = run(con, "unknown_district_share", Filters.from_strings(since="2030-01-01")).iloc[0]
    assert empty["participants"] == 0 and np.isnan(empty["unknown_district_share"])


def test_nobody_in_the_window_makes_every_district_not_computable(con):
    reach = district_reach(con, Filters.from_strings(since="2030-01-01"))
    assert set(reach["status"]) == {funnel.NOT_COMPUTABLE}
    assert district_target_list(con, Filters.from_strings(since="2030-01-01")).empty
