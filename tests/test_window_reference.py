"""Every page gets the same results from the participant summaries (participant_spans,
participant_days) as from the contributions themselves, whatever the filters.

The reference is the way the windows were computed before the summaries: the macros of
tests/reference_windows.sql read contribution_facts (and participant_facts for a window with
no start date, platform, channel or campaign). Every page entry that can read a window is
computed twice, once as the dashboard does and once with every participant window taken from
the reference, under a grid of filters: each filter alone with two values (one outside the data's dates where
dates are concerned), then pairs of them.
"""

import itertools
import math
import re
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest

from dashboard import bench, metrics
from dashboard.metrics import Filters
from dashboard.warehouse import read_sql
from tests.campaign_fixtures import two_campaigns
from tests.metric_fixtures import build_fixture_warehouse

REFERENCE = (Path(__file__).parent / "reference_windows.sql").read_text(encoding="utf-8")
WINDOW_CALL = re.compile(
    r"(?<!reference_)(window_participant(?:s|_counts|_phases|_phase_counts)\(|window_first_days\("
    r"|window_district_counts\()"
)
# participants_by_channel_mix as it was: the reference's online / in_person flags per person
REFERENCE_CHANNEL_MIX = """
with
persons as (
    select online, in_person
    from reference_window_participants($since, $until, $platform, $channel, $campaign)
    where ($circle is null or circle = $circle)
        and ($district is null or home_district_id = $district)
),

final as (
    select
        count(*) as participants,
        count(*) filter (where online and not in_person) as online_only,
        count(*) filter (where in_person and not online) as in_person_only,
        count(*) filter (where online and in_person) as both_channels,
    from persons
)

select * from final
"""


def page_entries() -> list[tuple[str, str]]:
    """Every entry a page asks for that can read a participant window, once: the computed
    ones, and the query files that call a window_participant macro (plain queries take no
    filter, the other files never read one)."""
    seen = []
    for entries in bench.PAGE_QUERIES.values():
        seen += [
            entry
            for entry in entries
            if entry not in seen
            and (
                entry[0] == "computed"
                or (entry[0] == "run" and WINDOW_CALL.search(metrics._query(entry[1])[0]))
            )
        ]
    return seen


def filter_grid(con, pairs=None) -> list[dict]:
    """No filter; each filter alone with two values; then pairs of filters (all of them, or
    the `pairs` given), each with its first value (since and until: two windows)."""
    first, last = con.execute(
        "select min(created_at)::date, max(created_at)::date from contribution_facts"
    ).fetchone()
    middle = first + (last - first) / 2

    def values(sql):
        return [row[0] for row in con.execute(sql).fetchall()]

    districts = values(
        "select home_district_id from participant_facts where home_district_id is not null "
        "group by 1 order by count(*), 1"
    )
    singles = {
        "since": [str(last - timedelta(days=20)), "2000-01-01"],
        "until": [str(middle), "2100-01-01"],
        "phase": values("select phase_id from phases order by starts_on")[:2],
        "platform": values("select distinct platform from contribution_facts order by 1")[:2],
        "channel": ["in_person", "online"],
        "circle": ["1", "3"],
        "district": districts[:1] + districts[-1:],
        "campaign": values("select campaign_id from campaigns order by starts_on desc")[:2],
    }
    grid = [{}] + [{key: value} for key, options in singles.items() for value in options]
    chosen = pairs or list(itertools.combinations(singles, 2))
    for a, b in chosen:
        if not singles[a] or not singles[b]:
            continue
        if {a, b} == {"since", "until"}:  # a window inside the data, and one before it
            grid.append({"since": str(middle - timedelta(days=10)), "until": str(middle)})
            grid.append({"since": "2000-01-01", "until": str(first - timedelta(days=1))})
        else:
            grid.append({a: singles[a][0], b: singles[b][0]})
    return grid


def reference_query(query):
    def read(name):
        sql, parameters = query(name)
        if name == "participants_by_channel_mix":
            sql = REFERENCE_CHANNEL_MIX
        return WINDOW_CALL.sub(r"reference_\1", sql), parameters

    return read


def same(left, right) -> bool:
    if isinstance(left, pd.DataFrame):
        return isinstance(right, pd.DataFrame) and left.equals(right)
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    if isinstance(left, (list, tuple)):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right))
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left):
        return math.isnan(right)
    return left == right


def differences(con, grid, monkeypatch) -> list:
    """(filters, entry) of every page entry whose result differs from the reference's."""
    con.execute(REFERENCE)  # temp macros: this connection only, so no concurrent cursors
    entries = page_entries()
    query = metrics._query
    found = []
    for values in grid:
        filters = Filters.from_strings(**values)
        ours = bench.page_work(con, entries, filters)
        with monkeypatch.context() as patch:
            patch.setattr(metrics, "_query", reference_query(query))
            # one after another on this connection: cursors would not see its temp macros
            patch.setattr(metrics, "side_by_side", lambda c, works: [work(c) for work in works])
            theirs = bench.page_work(con, entries, filters)
        found += [(values, entry) for entry, a, b in zip(entries, ours, theirs) if not same(a, b)]
    return found


def test_the_grid_holds_every_filter_and_dates_outside_the_data():
    con = build_fixture_warehouse()
    grid = filter_grid(con)
    assert {key for values in grid for key in values} == set(Filters.__dataclass_fields__) - {
        "campaign"  # the hand-worked fixture has no campagnes sheet
    }
    assert {"since": "2000-01-01"} in grid and {"until": "2100-01-01"} in grid
    # 21 pairs of the seven filters the fixture has values for, since and until twice
    assert len([v for v in grid if len(v) == 2]) == 22
    assert len([v for v in filter_grid(con, PAIRS) if len(v) == 2]) == len(PAIRS) + 1


def test_the_reference_sees_a_window_the_summaries_would_get_wrong(monkeypatch):
    # the check can fail: a summary row dropped (and the day counts made from the rows left)
    # makes pages differ from the reference
    con = build_fixture_warehouse()
    con.execute(
        "delete from participant_spans where person_key = (select min(person_key) "
        "from participant_spans)"
    )
    con.execute(read_sql("derive/24_participant_days"))
    assert differences(con, [{"since": "2000-01-01"}], monkeypatch)


def test_the_reference_sees_a_day_the_summaries_would_get_wrong(monkeypatch):
    # the same with participant_days: a participant's later day taken for their first one
    con = build_fixture_warehouse()
    con.execute("update participant_days set prev_day = null where prev_day is not null")
    assert differences(con, [{"since": "2000-01-01", "until": "2100-01-01"}], monkeypatch)


def test_participant_days_holds_each_day_of_each_span_once():
    # one participant per day of a span, paired with the day before it; none without a day
    # unless the span is undated (a span's last day once came back paired with no day)
    con = build_fixture_warehouse()
    spans_days, dated, dayless = con.execute("""
        select
            (
                select sum(
                    bit_count((days >> 64)::ubigint)
                    + bit_count((days & 18446744073709551615::uhugeint)::ubigint)
                )
                from participant_spans
                where block is not null
            ),
            (select sum(participants) from participant_days where day is not null),
            (select count(*) from participant_days where day is null and prev_day is not null)
    """).fetchone()
    assert spans_days > 0
    assert (dated, dayless) == (spans_days, 0)


def test_a_slice_with_any_is_written_once_where_the_participants_slices_differ():
    """On the fixture, participant 1 contributed in two phases, participant 8 on two platforms
    through two channels. Each of their finest rows covers the patterns in which it is alone:
    those with a given phase (0x00FF) for 1, those not "any" for both platform and channel
    (0x7777) for 8. Their slices together are written once, at the pattern with "any" where
    they differ (8 for the phase, 3 for platform and channel), covering every pattern that
    holds the same slices (0xFF00; 0x8888): one row per block where one per pattern was
    written (eight for 1, four for 8). Everyone else has one finest slice, covering all 16."""
    con = build_fixture_warehouse()
    rows = con.execute(
        "select pattern, covers, list(distinct person_key order by person_key), count(*)"
        " from participant_spans group by all order by all"
    ).fetchall()
    assert [(pattern, covers, persons if len(persons) < 3 else "...", n)
            for pattern, covers, persons, n in rows] == [
        (0, 0x00FF, [1], 2), (0, 0x7777, [8], 2), (0, 0xFFFF, "...", 8),
        (3, 0x8888, [8], 2), (8, 0xFF00, [1], 1),
    ]


PAIRS = [
    ("since", "until"),
    ("since", "platform"),
    ("since", "channel"),
    ("since", "circle"),
    ("until", "channel"),
    ("until", "district"),
    ("phase", "platform"),
    ("phase", "circle"),
    ("platform", "channel"),
    ("channel", "district"),
    ("circle", "district"),
]


def test_every_page_agrees_with_the_contributions_on_the_fixture(monkeypatch):
    con = build_fixture_warehouse()
    assert differences(con, filter_grid(con, PAIRS), monkeypatch) == []


def test_every_page_agrees_with_the_contributions_with_two_campaigns(tmp_path, monkeypatch):
    from dashboard.warehouse import connect_readonly

    con = connect_readonly(two_campaigns(tmp_path / "cercles.duckdb", tmp_path / "files"))
    pairs = [
        ("since", "until"),
        ("campaign", "since"),
        ("campaign", "channel"),
        ("phase", "campaign"),
    ]
    grid = filter_grid(con, pairs)
    assert any("campaign" in values for values in grid)
    assert differences(con, grid, monkeypatch) == []


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from dashboard.demo import build_demo

    folder = tmp_path_factory.mktemp("demo")
    build_demo(folder / "files", folder / "demo.duckdb")
    return folder / "demo.duckdb"


def test_every_page_agrees_with_the_contributions_on_the_demo(demo_file, monkeypatch):
    from dashboard.warehouse import connect_readonly

    con = connect_readonly(demo_file)
    pairs = [
        ("since", "until"),
        ("since", "channel"),
        ("until", "campaign"),
        ("circle", "district"),
    ]
    assert differences(con, filter_grid(con, pairs), monkeypatch) == []


def test_old_dates_and_long_spans_agree_with_the_contributions(monkeypatch):
    from dashboard import warehouse

    # F's comment moved to 1965 (before 1970, a day number far from the others) and H's vote a
    # year later: their rows span several 128-day blocks
    con = build_fixture_warehouse()
    con.execute("""
        update contribution_rows set created_at = created_at - interval 61 year
        where contribution_id = (select min(contribution_id) from contribution_rows
                                 where kind = 'comment')
    """)
    con.execute("""
        update contribution_rows set created_at = created_at + interval 400 day
        where kind = 'vote'
    """)
    warehouse.refresh_derived(con)
    assert con.execute("select count(distinct block) from participant_spans").fetchone()[0] >= 3
    grid = [
        {"since": "1964-01-01"},
        {"until": "1966-01-01"},
        {"since": "1965-01-01", "until": "2026-01-20"},
        {"since": "2026-01-10", "until": "2026-06-01"},
        {"since": "2026-02-01", "until": "2027-06-01", "channel": "online"},
    ]
    assert differences(con, grid, monkeypatch) == []
