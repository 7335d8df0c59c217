"""Moderation rate on the hand-worked fixture, and with a Decidim 0.30 moderations list.

In the fixture only Cap Collectif can reveal moderation: its written items are B's comment and
proposal, F's, I's (moderated) and J's comments. The Decidim open data of demo.example comes
from before 0.30 (hidden content omitted, no moderations list): its six written items by
participants (A's proposal and amendment, C's and D's comments, E's two proposals) are counted
as unmeasurable, never as published.
"""

import numpy as np
import pytest

from dashboard import metrics, warehouse
from dashboard.metrics import Filters, run
from tests.metric_fixtures import DECIDIM, build_fixture_warehouse


@pytest.fixture(scope="module")
def con():
    return build_fixture_warehouse()


@pytest.fixture(scope="module")
def with_moderation_list():
    """The fixture plus a Decidim 0.30 moderations.csv for demo.example."""
    con = build_fixture_warehouse()
    con.execute(
        "insert into imports (import_id, source_key, platform, host, entity, imported_at, "
        "moderation_measurable) values (8, ?, 'decidim', 'demo.example', 'moderations', "
        "'2026-02-05', true)", [f"{DECIDIM}|moderations"])
    con.executemany(
        "insert into moderations values (?, ?, 'comment', ?, ?, ?)",
        [
            # D's comment: reported 01-07 22:00, hidden 01-08 00:00 (2 hours)
            (f"{DECIDIM}|moderations", f"{DECIDIM}|comment|5", "2026-01-07 22:00",
             "2026-01-08 00:00", 3),
            # hidden, so missing from the content files: reported 01-21 10:00, hidden 16:00
            (f"{DECIDIM}|moderations", f"{DECIDIM}|comment|99", "2026-01-21 10:00",
             "2026-01-21 16:00", 5),
            # C's comment was reported but not hidden
            (f"{DECIDIM}|moderations", f"{DECIDIM}|comment|4", "2026-01-22 11:00", None, 1),
        ],
    )
    warehouse.refresh_derived(con)
    return con


def test_moderation_rate_counts_only_sources_that_can_reveal_it(con):
    rate = run(con, "moderation_rate").iloc[0]
    assert rate["measurable"]
    assert (rate["published"], rate["moderated"], rate["unmeasurable_items"]) == (4, 1, 6)
    assert rate["moderation_rate"] == pytest.approx(0.2)  # 1 / (4 + 1)
    assert rate["benchmark"] == pytest.approx(0.0001)
    assert rate["hide_times_known"] == 0 and np.isnan(rate["median_hours_to_hide"])


def test_an_export_that_cannot_reveal_moderation_is_not_measurable_not_zero(con):
    decidim = run(con, "moderation_rate", Filters(platform="decidim")).iloc[0]
    assert not decidim["measurable"]
    assert np.isnan(decidim["moderation_rate"])
    assert decidim["unmeasurable_items"] == 6
    headline = metrics.headline_metrics(con, Filters(platform="decidim"))
    assert headline["moderation_rate"] is None
    assert headline["moderation_measurable"] is False


def test_moderation_filters(con):
    # circle 3 on Cap Collectif: F, I (moderated), J: 1 / 3
    circle3 = run(con, "moderation_rate", Filters(circle=3)).iloc[0]
    assert circle3["moderation_rate"] == pytest.approx(1 / 3)
    # content district nord (I's comment is scoped Nord; F's point is in nord): 1 / 2
    nord = run(con, "moderation_rate", Filters(district="nord")).iloc[0]
    assert (nord["published"], nord["moderated"]) == (1, 1)
    # in person: no written participant content at all (paper is not platform content)
    nothing = run(con, "moderation_rate", Filters(channel="in_person")).iloc[0]
    assert not nothing["measurable"] and np.isnan(nothing["moderation_rate"])
    empty = run(con, "moderation_rate", Filters.from_strings(since="2030-01-01")).iloc[0]
    assert not empty["measurable"] and empty["published"] == 0


def test_moderation_by_week_kind_and_channel(con):
    weekly = run(con, "moderation_by_week")
    cap_weeks = weekly[weekly["measurable"]]
    # wk 01-19: B's comment and proposal; wk 01-26: F; wk 02-02: I (moderated), J
    assert [(str(r.week.date()), r.kind, r.published, r.moderated)
            for r in cap_weeks.itertuples()] == [
        ("2026-01-19", "comment", 1, 0), ("2026-01-19", "proposal", 1, 0),
        ("2026-01-26", "comment", 1, 0), ("2026-02-02", "comment", 1, 1)]
    assert cap_weeks["moderation_rate"].tolist() == pytest.approx([0, 0, 0, 0.5])
    # Decidim-only rows (wk 01-05 A's proposal, D's comment; wk 01-19 A's amendment)
    unmeasured = weekly[~weekly["measurable"]]
    assert unmeasured["moderation_rate"].isna().all()
    assert unmeasured["unmeasurable_items"].sum() == 3


def test_a_moderations_list_makes_decidim_measurable_and_counts_hidden_items(with_moderation_list):
    # Decidim written items: A x2, C, D (hidden), E x2 = 6, plus comment 99 (hidden, only in
    # the list) = 7, 2 moderated; with Cap Collectif's 5 (1 moderated): 3 / 12
    rate = run(with_moderation_list, "moderation_rate").iloc[0]
    assert rate["measurable"] and rate["unmeasurable_items"] == 0
    assert (rate["published"], rate["moderated"]) == (9, 3)
    assert rate["moderation_rate"] == pytest.approx(0.25)
    # time to hide: D's 2 h and comment 99's 6 h: median 4 h
    assert rate["hide_times_known"] == 2
    assert rate["median_hours_to_hide"] == pytest.approx(4.0)
    # a person whose only contribution was hidden still counts (D, and I)
    assert metrics.headline_metrics(with_moderation_list)["participants"] == 10


def test_hidden_items_without_author_leave_circle_and_district_views(with_moderation_list):
    # circle 1: A's proposal and amendment, D's hidden comment: 1 / 3 (comment 99 has no author)
    circle1 = run(with_moderation_list, "moderation_rate", Filters(circle=1)).iloc[0]
    assert (circle1["published"], circle1["moderated"]) == (2, 1)
    # decidim in week 01-19 (comment 99 reported 01-21): A's amendment, C, E x2 published
    weekly = run(with_moderation_list, "moderation_by_week", Filters(platform="decidim"))
    week = weekly[weekly["week"].dt.strftime("%Y-%m-%d") == "2026-01-19"]
    assert week.groupby("kind")[["published", "moderated"]].sum().to_dict("index") == {
        "amendment": {"published": 1, "moderated": 0},
        "comment": {"published": 1, "moderated": 1},
        "proposal": {"published": 2, "moderated": 0},
    }


def significance(hidden, items):
    return metrics.moderation_significance(
        {"measurable": True, "published": items - hidden, "moderated": hidden}
    )


def test_the_moderation_alert_needs_a_rate_significantly_above_the_benchmark():
    from scipy.stats import binom

    from dashboard.funnel import rate_lower_bound

    # k = 1: the exact lower limit is 1 - 0.975^(1/n). 1 in 1,000: 1 - exp(-0.0253178 / 1000)
    # = 0.0000253, a quarter of the 0.01 % benchmark: 0.1 % observed, but not significant.
    one = significance(1, 1000)
    assert one["moderation_lower_bound"] == pytest.approx(0.0000253, rel=1e-3)
    assert one["moderation_above_benchmark"] is False
    # 4 in 1,139 (0.351 %): at the lower limit p, 4 or more hidden items have a 2.5 % chance
    # (what defines it); 0.096 % is ten times the benchmark: significant
    four = significance(4, 1139)
    lower = four["moderation_lower_bound"]
    assert binom.sf(3, 1139, lower) == pytest.approx(0.025)
    assert lower == pytest.approx(0.000958, rel=1e-3)
    assert four["moderation_above_benchmark"] is True
    assert (four["moderation_hidden_items"], four["moderation_items"]) == (4, 1139)
    # nothing hidden: limit 0, never an alert; no items: nothing to say
    assert significance(0, 500)["moderation_above_benchmark"] is False
    assert rate_lower_bound(0, 500) == 0.0 and rate_lower_bound(0, 0) is None
    unmeasurable = metrics.moderation_significance(
        {"measurable": False, "published": 0, "moderated": 0}
    )
    assert set(unmeasurable.values()) == {None}


def test_weekly_rates_are_not_drawn_on_too_few_items():
    import pandas as pd

    weeks = pd.DataFrame(
        {
            "published": [48, 49, 40],
            "moderated": [1, 1, 0],
            "moderation_rate": [1 / 49, 1 / 50, 0.0],
        }
    )
    drawn = metrics.drawable_weekly_rates(weeks, minimum=50)
    # 49 items: not drawn; 50: 1 / 50 = 2 %; 40 published, none hidden: not drawn either
    assert drawn["moderation_rate"].isna().tolist() == [True, False, True]
    assert drawn["moderation_rate"][1] == pytest.approx(0.02)
    assert drawn["moderated"].tolist() == [1, 1, 0]  # counts stay
