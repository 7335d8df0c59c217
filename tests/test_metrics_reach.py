"""Reach by circle, attendance and channel mix on the hand-worked fixture (tests/metric_fixtures.py).

Participants: A D (circle 1), B C (2), E F G H I J (3); A roster, B roster, C signal, D phase.
"""

import pytest

from dashboard.metrics import Filters, run, run_unprotected
from tests.metric_fixtures import build_fixture_warehouse


@pytest.fixture(scope="module")
def con():
    return build_fixture_warehouse()


def rows(frame, *columns):
    return [tuple(row) for row in frame[list(columns)].itertuples(index=False)]


def test_reach_by_circle_counts_persons_not_the_organisation_or_meetings(con):
    # P5 (official), P6 (meeting) and the paper proposals have no person: 10 participants.
    # I's only comment was moderated and still counts.
    reach = run(con, "reach_by_circle")
    assert rows(reach, "circle", "participants") == [(1, 2), (2, 2), (3, 6)]
    assert reach["share"].tolist() == pytest.approx([0.2, 0.2, 0.6])


def test_reach_by_circle_filters(con):
    # in person: G (attendance M1) and H (attendance M2), both circle 3
    in_person = run(con, "reach_by_circle", Filters(channel="in_person"))
    assert in_person["participants"].tolist() == [0, 0, 2]
    # home district nord (person-based): A (roster), C, F, H, I; A's proposal lies in sud
    # (counts as computed: under a district filter run() hides them, see test_district_privacy)
    nord = run_unprotected(con, "reach_by_circle", Filters(district="nord"))
    assert nord["participants"].tolist() == [1, 1, 3]
    sud = run_unprotected(con, "reach_by_circle", Filters(district="sud"))
    assert sud["participants"].tolist() == [0, 1, 2]  # B | E G: not A
    assert run(con, "reach_by_circle", Filters(district="sud"))["participants"].tolist() == [
        "0", "< 11", "< 11"]
    # restricted phase p1 (01-05..01-18): A's proposal 01-06, D's comment 01-07
    assert run(con, "reach_by_circle", Filters(phase="p1"))["participants"].tolist() == [2, 0, 0]
    # the same phase by name
    assert run(con, "reach_by_circle", Filters(phase="Pré-propositions"))[
        "participants"].tolist() == [2, 0, 0]
    # Cap Collectif only: B (2), F I J (3)
    assert run(con, "reach_by_circle", Filters(platform="capcollectif"))[
        "participants"].tolist() == [0, 1, 3]


def test_filters_that_leave_nothing_give_zero_rows_not_errors(con):
    empty = Filters.from_strings(since="2030-01-01")
    assert run(con, "reach_by_circle", empty)["participants"].tolist() == [0, 0, 0]
    assert run(con, "reach_by_circle", empty)["share"].isna().all()
    assert run(con, "new_participants_by_week", empty).empty
    assert run(con, "circles_by_phase", empty).empty
    assert run(con, "circle_sources", empty).empty
    assert run(con, "reach_by_circle", Filters(phase="no such phase"))["participants"].sum() == 0


def test_circle_sources_say_how_each_circle_was_decided(con):
    sources = run(con, "circle_sources")
    assert rows(sources, "circle", "circle_source", "participants") == [
        (1, "phase", 1),  # D: first contribution in the restricted phase
        (1, "roster", 1),  # A
        (2, "roster", 1),  # B, matched by e-mail
        (2, "signal", 1),  # C, wrote on behalf of group g1
        (3, "default", 6),
    ]


def test_new_participants_per_week_and_cumulative_curves(con):
    # first contributions: wk 01-05 A D (1); wk 01-19 H E G (3), B C (2);
    # wk 01-26 F (3); wk 02-02 I J (3)
    weekly = run(con, "new_participants_by_week")
    by_circle = {c: weekly[weekly["circle"] == c] for c in (1, 2, 3)}
    assert [str(w) for w in by_circle[1]["week"].dt.date] == [
        "2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02"]
    assert by_circle[1]["new_participants"].tolist() == [2, 0, 0, 0, 0]
    assert by_circle[2]["new_participants"].tolist() == [0, 0, 2, 0, 0]
    assert by_circle[3]["new_participants"].tolist() == [0, 0, 3, 1, 2]
    assert by_circle[3]["cumulative"].tolist() == [0, 0, 3, 4, 6]
    assert by_circle[2]["cumulative"].tolist() == [0, 0, 2, 2, 2]


def weekly_new(frame, column="new_participants"):
    """{week: [circle 1, circle 2, circle 3]} of a new_participants_by_week result."""
    table = frame.pivot(index="week", columns="circle", values=column)
    return {week.strftime("%Y-%m-%d"): row.tolist() for week, row in table.iterrows()}


def test_new_participants_are_new_once_whatever_the_window(con):
    # First contributions ever: A 01-06, D 01-07 (circle 1); H 01-19, E 01-20, G 01-24 (3);
    # B 01-21, C 01-22 (2); F 01-26 (3); I 02-02, J 02-03 (3).
    # From 01-19, A's amendment (01-20) does not make her new again: she came on 01-06.
    since = run(con, "new_participants_by_week", Filters.from_strings(since="2026-01-19"))
    assert weekly_new(since) == {
        "2026-01-19": [0, 2, 3], "2026-01-26": [0, 0, 1], "2026-02-02": [0, 0, 2]}
    # the cumulative curve starts from A and D, who came before the window
    assert weekly_new(since, "cumulative") == {
        "2026-01-19": [2, 2, 3], "2026-01-26": [2, 2, 4], "2026-02-02": [2, 2, 6]}
    # the open phase p2 (01-19..02-15) gives exactly the same weeks
    assert run(con, "new_participants_by_week", Filters(phase="p2")).equals(since)
    # one week, 01-26..02-01: F only, though A C E G H also took part that week or not
    week = run(con, "new_participants_by_week",
               Filters.from_strings(since="2026-01-26", until="2026-02-01"))
    assert weekly_new(week) == {"2026-01-26": [0, 0, 1]}
    assert weekly_new(week, "cumulative") == {"2026-01-26": [2, 2, 4]}  # A D | B C | H E G F


def test_new_participants_under_person_and_content_filters(con):
    # circle 3 from 01-26: F (01-26), I J (02-02); H E G came before: cumulative from 3
    circle = run(con, "new_participants_by_week",
                 Filters.from_strings(since="2026-01-26", circle="3"))
    assert weekly_new(circle) == {"2026-01-26": [0, 0, 1], "2026-02-02": [0, 0, 2]}
    assert weekly_new(circle, "cumulative") == {"2026-01-26": [0, 0, 4], "2026-02-02": [0, 0, 6]}
    # home district nord (A 1, C 2, F H I 3) from 01-19: C H, then F, then I; A came before
    # (as computed; shown, these small counts of a district slice read "< 11")
    nord_filters = Filters.from_strings(since="2026-01-19", district="nord")
    assert run(con, "new_participants_by_week", nord_filters)["new_participants"].eq("< 11").all()
    nord = run_unprotected(con, "new_participants_by_week", nord_filters)
    assert weekly_new(nord) == {
        "2026-01-19": [0, 1, 1], "2026-01-26": [0, 0, 1], "2026-02-02": [0, 0, 1]}
    assert weekly_new(nord, "cumulative")["2026-02-02"] == [1, 1, 3]
    # a channel counts from the person's first contribution in that channel: H voted online
    # on 01-19 but first came in person on 01-31 (M2); G in person on 01-24
    in_person = run(con, "new_participants_by_week",
                    Filters.from_strings(since="2026-01-26", channel="in_person"))
    assert weekly_new(in_person) == {"2026-01-26": [0, 0, 1]}  # H
    assert weekly_new(in_person, "cumulative") == {"2026-01-26": [0, 0, 2]}  # G before, H
    # Cap Collectif from 01-26: F, then I J; B (01-21) came before
    cap = run(con, "new_participants_by_week",
              Filters.from_strings(since="2026-01-26", platform="capcollectif"))
    assert weekly_new(cap) == {"2026-01-26": [0, 0, 1], "2026-02-02": [0, 0, 2]}
    assert weekly_new(cap, "cumulative") == {"2026-01-26": [0, 1, 1], "2026-02-02": [0, 1, 3]}


def test_circles_by_phase(con):
    # p1: A, D (circle 1); p2: A (1), B C (2), E F G H I J (3)
    phases = run(con, "circles_by_phase")
    assert rows(phases, "phase_id", "circle", "participants") == [
        ("p1", 1, 2), ("p2", 1, 1), ("p2", 2, 2), ("p2", 3, 6)]
    assert phases["phase_name"].tolist()[0] == "Pré-propositions"


def test_attendance_is_apart_from_participants(con):
    # M1 40 + M2 25 + M4 12 (M3 has no headcount) = 77; identified attendees G, H
    attendance = run(con, "attendance").iloc[0]
    assert (attendance["meetings"], attendance["headcount"]) == (4, 77)
    assert attendance["meetings_with_headcount"] == 3
    assert attendance["identified_attendees"] == 2
    online = run(con, "attendance", Filters(channel="online")).iloc[0]
    assert (online["meetings"], online["headcount"]) == (1, 12)  # M4
    sud = run_unprotected(con, "attendance", Filters(district="sud")).iloc[0]
    assert (sud["meetings"], sud["headcount"], sud["identified_attendees"]) == (1, 40, 1)
    # as shown: G, the one identified attendee, is a count under 11; the headcount 40 is not
    sud = run(con, "attendance", Filters(district="sud")).iloc[0]
    assert (sud["meetings"], sud["headcount"], sud["identified_attendees"]) == (1, 40, "< 11")
    none = run(con, "attendance", Filters.from_strings(until="2026-01-01")).iloc[0]
    assert (none["meetings"], none["headcount"], none["identified_attendees"]) == (0, 0, 0)


def test_meeting_totals_are_attendance_without_identified_attendees(con):
    # the same meetings and headcounts: M1 40 + M2 25 + M4 12 (M3 none) = 77 over 4 meetings
    totals = run(con, "meeting_totals").iloc[0]
    assert (totals["meetings"], totals["headcount"]) == (4, 77)
    assert totals["meetings_with_headcount"] == 3
    online = run(con, "meeting_totals", Filters(channel="online")).iloc[0]
    assert (online["meetings"], online["headcount"]) == (1, 12)  # M4
    sud = run(con, "meeting_totals", Filters(district="sud")).iloc[0]
    assert (sud["meetings"], sud["headcount"]) == (1, 40)  # M1: a headcount of 40 is shown
    none = run(con, "meeting_totals", Filters.from_strings(until="2026-01-01")).iloc[0]
    assert (none["meetings"], none["headcount"]) == (0, 0)


def test_participants_by_channel_mix(con):
    # online only: A B C D E F I J; in person only: G; both: H (vote + attendance)
    mix = run(con, "participants_by_channel_mix").iloc[0]
    assert (mix["participants"], mix["online_only"], mix["in_person_only"],
            mix["both_channels"]) == (10, 8, 1, 1)


PERSON_QUERIES = ("reach_by_circle", "circle_sources", "new_participants_by_week",
                  "circles_by_phase", "participants_by_channel_mix", "district_reach",
                  "duncan_index", "unknown_district_share", "coverage")


@pytest.mark.parametrize("until", ["2026-01-06", "2026-01-21", "2026-01-31", "2026-12-31"])
def test_participant_summary_and_contributions_agree(con, until):
    # Without a start date the queries read participant_facts; with one, every contribution.
    # A start date before anything happened must give the same numbers.
    for name in PERSON_QUERIES:
        summary = run(con, name, Filters.from_strings(until=until))
        scanned = run(con, name, Filters.from_strings(since="2000-01-01", until=until))
        assert summary.equals(scanned), name


def test_a_contribution_in_two_exports_is_counted_once():
    from dashboard import warehouse

    con = build_fixture_warehouse()
    # B's comment again in a variant of the Cap Collectif export
    con.execute("insert into contribution_rows select * replace ('capcollectif|cap.example|variant' "
                "as source_key) from contribution_rows where contribution_id like '%|comment|3'")
    warehouse.refresh_derived(con)
    assert con.execute("select count(*) from contribution_facts").fetchone()[0] == 18
    assert run(con, "moderation_rate").iloc[0]["published"] == 4  # still B B F J


def test_an_undated_contribution_counts_until_an_end_date_is_chosen():
    from dashboard import warehouse

    con = build_fixture_warehouse()
    # K signed a sheet for a meeting nobody dated: a participant, in person, date unknown
    con.execute("insert into contribution_rows (source_key, contribution_id, kind, person_id, "
                "author_kind, channel, status, is_free_text, platform) values ('sheet||e:x', "
                "'sheet||attendance|x:2', 'attendance', 'pK', 'participant', 'in_person', "
                "'published', false, 'sheet')")
    warehouse.refresh_derived(con)
    assert run(con, "reach_by_circle")["participants"].tolist() == [2, 2, 7]
    mix = run(con, "participants_by_channel_mix").iloc[0]
    assert (mix["in_person_only"], mix["both_channels"]) == (2, 1)  # G, K | H
    assert run(con, "reach_by_circle", Filters.from_strings(until="2026-12-31"))[
        "participants"].tolist() == [2, 2, 6]


def test_persons_whose_ids_share_a_hash_are_still_told_apart(monkeypatch):
    """Derive joins persons on a 64-bit hash of their pseudonym; with a hash that collides
    (two values for 10 persons) the tables must come out exactly as with the real one."""
    from dashboard import warehouse

    tables = ("person_map", "person_facts", "contribution_facts", "participant_facts",
              "written_daily", "proposal_facts", "meeting_attendees")

    def derived(con):
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in tables}

    usual = derived(build_fixture_warehouse())
    keys = []
    monkeypatch.setattr(warehouse, "PERSON_HASH", "hash(person_id) % 2")
    monkeypatch.setattr(warehouse, "_person_join_key",
                        lambda con, expression, real=warehouse._person_join_key:
                        keys.append(expression) or real(con, expression))
    colliding = derived(build_fixture_warehouse())
    assert keys == ["hash(person_id) % 2", "person_id"]  # collision seen, derived again on ids
    assert colliding == usual
    assert len(usual["person_facts"]) == 10
