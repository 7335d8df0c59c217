"""A connection that shares its reads answers each read once, with the same numbers.

The numbers themselves are worked out by hand in tests/metric_fixtures.py and checked by the
metric tests; here the point is that sharing changes how often the warehouse is asked, never
what it answers.
"""

import threading
from datetime import date

import duckdb
import pandas as pd
import pytest

from dashboard import metrics, objectives, warehouse, weekly
from dashboard.metrics import Filters
from dashboard.reads import Kept, SharedReads, once
from tests.metric_fixtures import build_fixture_warehouse, fill_fixture


@pytest.fixture(scope="module")
def con():
    return build_fixture_warehouse()


class Counting:
    """A connection (or cursor) counting the statements it runs, its cursors included."""

    def __init__(self, con, counts=None):
        self._con = con
        self.counts = counts if counts is not None else []

    def execute(self, sql, *args):
        self.counts.append((sql, repr(args)))
        return self._con.execute(sql, *args)

    def cursor(self):
        return Counting(self._con.cursor(), self.counts)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_a_kept_result_is_computed_once_and_handed_out_as_copies():
    kept, calls = Kept(), []

    def compute():
        calls.append(1)
        return pd.DataFrame({"participants": [3, 4]})

    first = kept.get("reach", compute)
    first.loc[0, "participants"] = 99  # what a caller does to its copy stays its own
    again = kept.get("reach", compute)
    assert calls == [1]
    assert again["participants"].tolist() == [3, 4]


def test_a_thread_asking_while_the_first_computes_waits_for_its_result():
    kept, started, release, calls = Kept(), threading.Event(), threading.Event(), []

    def slow():
        calls.append("first")
        started.set()
        release.wait(timeout=30)
        return 7

    results = []
    first = threading.Thread(target=lambda: results.append(kept.get("k", slow)))
    first.start()
    started.wait(timeout=30)
    second = threading.Thread(
        target=lambda: results.append(kept.get("k", lambda: calls.append("second") or 8))
    )
    second.start()
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert calls == ["first"] and results == [7, 7]


def test_a_failure_is_not_kept_and_the_oldest_result_goes_first():
    kept = Kept(size=2)
    with pytest.raises(ZeroDivisionError):
        kept.get("broken", lambda: 1 / 0)
    assert kept.get("broken", lambda: "fixed") == "fixed"
    kept.get("a", lambda: "a")
    kept.get("b", lambda: "b")  # three keys asked, two kept: "broken" is forgotten
    assert kept.get("broken", lambda: "again") == "again"
    assert kept.get("b", lambda: "not kept") == "b"


def test_a_plain_connection_keeps_nothing():
    calls = []
    for _ in range(2):
        once(object(), "key", lambda: calls.append(1))
    assert calls == [1, 1]


def test_the_overview_reads_each_window_once_with_the_same_numbers(con):
    # the overview's three computations under a phase: plain, then sharing its reads
    filters = Filters(phase="p1")
    computations = (metrics.headline_metrics, metrics.week_over_week, weekly.week_summary)
    plain = Counting(con)
    expected = [compute(plain, filters) for compute in computations]
    shared = Counting(con)
    reads = SharedReads(shared)
    got = [compute(reads, filters) for compute in computations]
    assert repr(got) == repr(expected)

    # the phase's dates were looked up once, not once per query
    def lookups(counts):
        return [sql for sql, _ in counts if "from phases where phase_id" in sql]

    assert len(lookups(shared.counts)) == 1 < len(lookups(plain.counts))
    # no statement runs twice with the same values, where the plain connection repeats some
    assert len(set(shared.counts)) == len(shared.counts)
    assert len(set(plain.counts)) < len(plain.counts)
    # a second ask reads nothing new
    before = len(shared.counts)
    assert repr(metrics.headline_metrics(reads, filters)) == repr(expected[0])
    assert len(shared.counts) == before


def test_objectives_read_through_a_shared_connection_are_the_same(con):
    reads = SharedReads(con)
    assert repr(objectives.standings(reads)) == repr(objectives.standings(con))


def test_a_page_prefetches_everything_it_reads_side_by_side(monkeypatch):
    from dashboard import page_data, registry

    asked, lock = [], threading.Lock()

    def compute(path, version, what, name, items):
        with lock:
            asked.append((what, name, items, threading.current_thread().name))
        if what == "headline_metrics":
            raise RuntimeError("shown by the page's own call")

    version = object()  # a warehouse version no other test opened
    monkeypatch.setattr(page_data, "data_version", lambda: ("warehouse", version))
    monkeypatch.setattr(page_data, "_filter_items", lambda filters: (("district", "Q01"),))
    monkeypatch.setattr(page_data, "_compute", compute)
    page_data.prefetch("overview")
    # every read of the overview once, under the page's filters, off the script's thread,
    # the one that fails included (the page itself shows its error)
    expected = {
        ("run", name) if kind == "run" else (name, None)
        for kind, name in registry.page_entries("overview")
    }
    assert {(what, name) for what, name, _, _ in asked} == expected
    assert len(asked) == len(expected)
    assert {items for _, _, items, _ in asked} == {(("district", "Q01"),)}
    assert all(thread.startswith("cercles-page") for *_, thread in asked)
    # the next visit under the same filters reads the cache as the page does, nothing before
    page_data.prefetch("overview")
    assert len(asked) == len(expected)
    monkeypatch.setattr(page_data, "_filter_items", lambda filters: ())
    page_data.prefetch("overview")  # other filters: read ahead again
    assert len(asked) == 2 * len(expected)


def _bound(name, **values):
    sql, _ = metrics._query(name)
    params = metrics.parameters(Filters(**values))
    return sql, {key: params[key] for key in set(metrics.PARAMETER.findall(sql)) & params.keys()}


def test_an_end_date_on_or_after_the_last_activity_changes_no_activity_number(con):
    # the fixture's last activity is meeting 4, on 2026-02-04 at 18:00 (a contribution's
    # latest is 2026-02-03, a proposal's answer 2026-02-03); nothing of these queries is later
    assert metrics.last_activity_day(con) == date(2026, 2, 4)
    changed = set()
    for name in sorted(metrics.ACTIVITY_QUERIES):
        for since in (date(2026, 1, 5), date(2026, 1, 20), date(2026, 2, 1)):
            for other in ({}, {"channel": "in_person"}, {"circle": 2}, {"district": "Nord"}):
                sql, open_end = _bound(name, since=since, **other)
                expected = con.execute(sql, open_end).fetchdf()
                for until in (date(2026, 2, 4), date(2026, 3, 1)):
                    _, bound = _bound(name, since=since, until=until, **other)
                    pd.testing.assert_frame_equal(con.execute(sql, bound).fetchdf(), expected)
                _, earlier = _bound(name, since=since, until=date(2026, 2, 3), **other)
                if not con.execute(sql, earlier).fetchdf().equals(expected):
                    changed.add(name)
    # the day before the last one does change a number: meeting 4 is then left out
    assert changed == {"attendance", "meeting_totals"}


def test_without_a_start_date_an_end_date_at_the_last_activity_changes_only_undated_counts():
    # the fixture plus an undated comment and an undated proposal (answered on 2026-01-30) of
    # a new person: an end date leaves them out of the participants and the proposals made,
    # while the queries of DATED_ONLY_QUERIES never count an undated row
    con = duckdb.connect()
    warehouse.migrate(con)
    fill_fixture(con)
    con.execute(
        "insert into contribution_rows (contribution_id, source_key, kind, person_id,"
        " author_kind, channel, status, is_free_text, scope_name, platform) values"
        " ('decidim|comment|20', 'decidim|comments', 'comment', 'pK', 'participant', 'online',"
        " 'published', true, 'Nord', 'decidim'),"
        " ('decidim|proposal|21', 'decidim|proposals', 'proposal', 'pK', 'participant',"
        " 'online', 'published', true, 'Nord', 'decidim')"
    )
    con.execute(
        "insert into proposals (proposal_id, source_key, person_id, origin, channel, state,"
        " is_amendment, answered_at, scope_name, status, platform) values ('decidim|proposal|21',"
        " 'decidim|proposals', 'pK', 'participant', 'online', 'accepted', false,"
        " '2026-01-30 10:00', 'Nord', 'published', 'decidim')"
    )
    warehouse.refresh_derived(con)
    last = metrics.last_activity_day(con)
    changed = set()
    for name in sorted(metrics.ACTIVITY_QUERIES):
        for other in ({}, {"channel": "online"}, {"circle": 3}, {"district": "nord"}):
            sql, open_end = _bound(name, **other)
            expected = con.execute(sql, open_end).fetchdf()
            for until in (last, date(2026, 3, 1)):
                _, bound = _bound(name, until=until, **other)
                if not con.execute(sql, bound).fetchdf().equals(expected):
                    changed.add(name)
    assert metrics.DATED_ONLY_QUERIES <= metrics.ACTIVITY_QUERIES
    assert {"reach_by_circle", "proposals_by_channel"} <= changed
    assert not changed & metrics.DATED_ONLY_QUERIES
    # so here the end date stays, but for the queries that never count an undated row
    assert metrics.activity_bounds(con) == (last, True)
    assert metrics.open_ended(con, Filters(until=last).as_params())["until"] == last
    dated_only = metrics.open_ended(con, Filters(until=last).as_params(), dated_only=True)
    assert dated_only["until"] is None


def test_with_nothing_undated_an_end_date_at_the_last_activity_changes_no_number(con):
    # the fixture dates every contribution, proposal and meeting: without a start date too,
    # an end date on or after the last activity leaves nothing out of any activity query
    last = metrics.last_activity_day(con)
    assert metrics.activity_bounds(con) == (last, False)
    for name in sorted(metrics.ACTIVITY_QUERIES):
        for other in ({}, {"channel": "in_person"}, {"circle": 2}, {"district": "Nord"}):
            sql, open_end = _bound(name, **other)
            expected = con.execute(sql, open_end).fetchdf()
            for until in (last, date(2026, 3, 1)):
                _, bound = _bound(name, until=until, **other)
                pd.testing.assert_frame_equal(con.execute(sql, bound).fetchdf(), expected)


def test_open_ended_drops_only_an_end_date_that_changes_nothing(con):
    last = date(2026, 2, 4)  # the fixture's last activity (above)

    def until(**values):
        return metrics.open_ended(con, Filters(**values).as_params())["until"]

    assert until(since=date(2026, 1, 20), until=last) is None
    assert until(since=date(2026, 1, 20), until=date(2026, 3, 1)) is None
    # the day before still leaves something out
    assert until(since=date(2026, 1, 20), until=date(2026, 2, 3)) == date(2026, 2, 3)
    # without a start date too, as nothing here is undated (with something undated the end
    # date stays: the test above)
    assert until(until=last) is None
    assert until(until=date(2026, 2, 3)) == date(2026, 2, 3)
    assert until(since=date(2026, 1, 20)) is None
    earlier = Filters(until=date(2026, 2, 3)).as_params()
    assert metrics.open_ended(con, earlier, dated_only=True)["until"] == date(2026, 2, 3)


def test_the_overview_under_a_start_date_reads_the_window_ending_with_the_data_once(con):
    # "Cette semaine" reads district reach up to the last activity, the headline without an
    # end date: the same participants, read once
    shared = Counting(con)
    reads = SharedReads(shared)
    since = Filters(since=date(2026, 1, 20))
    metrics.headline_metrics(reads, since)
    weekly.week_summary(reads, since)
    reach = metrics._query("district_reach")[0]
    windows = [args for sql, args in shared.counts if sql == reach]
    assert len(windows) == len(set(windows))
    assert "'until': None" in windows[0]
    assert not any("datetime.date(2026, 2, 4)" in args for args in windows)
    assert repr(weekly.week_summary(reads, since)) == repr(weekly.week_summary(con, since))
