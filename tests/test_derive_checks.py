"""The checks run after every rebuild of the derived tables: each rule catches the breakage it
names, and a rebuild that breaks one stops the import with one line while the warehouse keeps
what it had."""

import pytest

from dashboard import warehouse
from dashboard.errors import CerclesError
from dashboard.metrics import headline_metrics
from dashboard.warehouse import connect_readonly, read_sql
from tests.metric_fixtures import build_fixture_warehouse

# one statement breaking each rule (of the fixture's derived tables)
BREAKS = {
    "person_map: one row per person id": "insert into person_map select * from person_map limit 1",
    "person_facts: one row per person": "insert into person_facts select * from person_facts limit 1",
    "participant_facts: one row per participant": (
        "insert into participant_facts select * from participant_facts limit 1"
    ),
    "participant_facts: every participant has contributed as a person": (
        "update contribution_row_facts set is_person = false where person_key = "
        "(select min(person_key) from participant_facts)"
    ),
    "participant_spans: the participants of the whole warehouse are participant_facts": (
        "delete from participant_spans where person_key = (select min(person_key) "
        "from participant_facts)"
    ),
    "participant_days: the participants of the whole warehouse are participant_facts": (
        "update participant_days set participants = participants + 1 where rowid = 0"
    ),
    "participant_facts: every participant is a person": (
        "delete from person_facts where person_key = (select min(person_key) from participant_facts)"
    ),
    "contribution_facts: one row per contribution, repeats once": (
        "delete from contribution_row_facts where rowid = 0"
    ),
    "contribution_facts: each person key is a known person": (
        "update contribution_row_facts set person_key = -1 where rowid = 0"
    ),
    "contribution_facts: each district is a known district": (
        "update contribution_row_facts set district_id = 'nowhere' where rowid = 0"
    ),
    "person_facts: each home district is a known district": (
        "update person_facts set home_district_id = 'nowhere' where rowid = 0"
    ),
    "proposal_facts: one row per proposal": (
        "insert into proposal_facts select * from proposal_facts limit 1"
    ),
    "proposal_days: each kind counts every counted proposal once": (
        "update proposal_days set proposals = proposals + 1 where rowid = 0"
    ),
    "meeting_facts: one row per meeting": (
        "insert into meeting_facts select * from meeting_facts limit 1"
    ),
}


def broken_rules(con) -> dict:
    return {rule: n for rule, n in con.execute(read_sql("checks")).fetchall() if n}


def test_the_fixture_keeps_every_rule_and_every_rule_is_checked():
    con = build_fixture_warehouse()
    assert broken_rules(con) == {}
    assert {rule for rule, _ in con.execute(read_sql("checks")).fetchall()} == set(BREAKS)


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_each_rule_catches_what_it_names(rule):
    con = build_fixture_warehouse()
    con.execute(BREAKS[rule])
    assert broken_rules(con)[rule] == 1  # a rule close to it may break too
    with pytest.raises(CerclesError, match="Import cancelled: the check"):
        warehouse.check_derived(con)


def test_a_rebuild_that_breaks_a_rule_leaves_the_warehouse_as_it_was(tmp_path, monkeypatch):
    path = build_fixture_warehouse(tmp_path / "w.duckdb")
    before = headline_metrics(connect_readonly(path))
    derive = warehouse.derive_sql()
    broken = derive + BREAKS["meeting_facts: one row per meeting"] + ";"
    monkeypatch.setattr(warehouse, "derive_sql", lambda: broken)
    with pytest.raises(CerclesError) as failed, warehouse.writer(path) as con:
        con.execute("delete from districts where district_id = 'port'")
    assert str(failed.value) == (
        "Import cancelled: the check 'meeting_facts: one row per meeting' fails on "
        "1 row(s) of the derived tables; the warehouse keeps what it had. Please report it to "
        "the Cercles team."
    )
    # this Cercles' own derivation again: the warehouse it built is still the one on disk
    monkeypatch.setattr(warehouse, "derive_sql", lambda: derive)
    assert headline_metrics(connect_readonly(path)) == before


def test_person_keys_number_the_persons_in_the_order_of_their_canonical_ids():
    # person_map ranks within groups of one first character pair, side by side, then shifts
    # each group by the persons of the groups before: the keys are those of one ranking of
    # every canonical id, 1 to n, whatever order the rows were written in
    con = build_fixture_warehouse()
    con.execute(
        "insert into persons (source_key, person_id, platform) values"
        " ('extra', 'zz1', 'decidim'), ('extra', 'a', 'decidim'), ('extra', 'pB2', 'decidim'),"
        " ('extra', '0x', 'decidim')"
    )
    warehouse.refresh_derived(con)
    rows = con.execute("select canonical_id, person_key from person_map").fetchall()
    ranked = {canonical: rank for rank, canonical in enumerate(sorted({c for c, _ in rows}), 1)}
    assert len({canonical[:2] for canonical in ranked}) > 3
    assert sorted(rows) == sorted((canonical, ranked[canonical]) for canonical, _ in rows)
