"""Relays worked out by hand on the metrics fixture (tests/metric_fixtures.py), and the
`relais` / `venu_par` columns read from a roster and a sign-in sheet.

Added to the fixture:
  roster   line 2 (A, circle 1) relais Zoé; line 3 (B, circle 2) Zoé; line 4 (nobody who
           took part, circle 2) Zoé; line 5 (nobody, circle 3) Yann
  sign-in  G at M1 venu_par Yann; H at M2 Yann; B at M1 Yann (B's roster line says Zoé: the
           roster wins, B counts once, for Zoé)
So Zoé brought A, B and line 4 (3), of whom A and B took part (2), of whom B is of circle 2
(1); Yann brought line 5, G and H (3), G and H took part (2), both of circle 3 (2).
"""

import duckdb
import pandas as pd
import pytest

from dashboard import metrics, warehouse
from dashboard.cli import relays_json
from dashboard.importers import import_paths
from dashboard.metrics import Filters
from tests.metric_fixtures import _insert, fill_fixture
from tests.test_sheets import fill_template


@pytest.fixture
def every_count(monkeypatch):
    """Counts as computed: the small-count rule hides nothing under 1 (see the tests that
    check the rule itself)."""
    monkeypatch.setenv("CERCLES_MIN_COUNT", "1")


@pytest.fixture
def con():
    con = duckdb.connect()
    warehouse.migrate(con)
    fill_fixture(con)
    # A's and B's roster lines: one member each
    con.execute("update roster_entries set relay = 'Zoé', member_key = identifier_hash")
    _insert(
        con,
        "roster_entries",
        "source_key, identifier_kind, identifier_hash, circle, relay, member_key",
        [
            ("roster||roster", "email", "h:email:nobody", 2, "Zoé", "m4"),
            ("roster||roster", "email", "h:email:nobody-else", 3, "Yann", "m5"),
        ],
    )
    _insert(
        con,
        "relay_mentions",
        "source_key, person_id, meeting_id, relay",
        [
            ("sheet||emargement:e", "pG", "sheet|meeting|1", "Yann"),
            ("sheet||emargement:e", "pH", "sheet|meeting|2", "Yann"),
            ("sheet||emargement:e", "pB", "sheet|meeting|1", "Yann"),
        ],
    )
    warehouse.refresh_derived(con)
    return con


def rows(frame) -> list[list]:
    return frame[["relay", "brought", "participated", "beyond_first_circle"]].values.tolist()


def test_relays_count_persons_brought_who_took_part_and_beyond_the_first_circle(con, every_count):
    assert rows(metrics.run(con, "relays")) == [["Yann", 3, 2, 2], ["Zoé", 3, 2, 1]]


def test_the_dates_choose_who_took_part_and_the_circle_who_was_brought(con, every_count):
    # from 01-25 only H (attendance 01-31) takes part: A, B, G contributed before
    since = Filters(since=pd.Timestamp("2026-01-25").date())
    assert rows(metrics.run(con, "relays", since)) == [["Yann", 3, 1, 1], ["Zoé", 3, 0, 0]]
    # circle 2: B and line 4 (Zoé); Yann brought nobody of circle 2
    assert rows(metrics.run(con, "relays", Filters(circle=2))) == [["Zoé", 2, 1, 1]]


def test_small_relay_counts_read_as_hidden_on_every_route(con, monkeypatch):
    # the persons a relay brought are a handful: counts of 1-10 read '< 11' campaign-wide too
    assert rows(metrics.run(con, "relays")) == [
        ["Yann", "< 11", "< 11", "< 11"],
        ["Zoé", "< 11", "< 11", "< 11"],
    ]
    assert relays_json(con, Filters())[0]["brought"] == "< 11"
    # threshold 2: of whom circles 2-3 are 2 (Yann) and 1 (Zoé); the 1 is hidden, and the 2
    # too (secondary suppression), or a total of 3 shown elsewhere would give the 1 back
    monkeypatch.setenv("CERCLES_MIN_COUNT", "2")
    assert rows(metrics.run(con, "relays")) == [["Yann", 3, 2, "< 2"], ["Zoé", 3, 2, "< 2"]]
    # the JSON keeps shown counts as numbers beside the hidden ones
    assert relays_json(con, Filters()) == [
        {"relay": "Yann", "brought": 3, "participated": 2, "beyond_first_circle": "< 2"},
        {"relay": "Zoé", "brought": 3, "participated": 2, "beyond_first_circle": "< 2"},
    ]


def test_in_a_district_view_small_relay_counts_read_as_hidden(con):
    # home sud: B (Zoé), G (Yann): 1 each, under 11
    frame = metrics.run(con, "relays", Filters(district="sud"))
    assert frame["brought"].tolist() == ["< 11", "< 11"]
    assert relays_json(con, Filters(district="sud"))[0]["participated"] == "< 11"


def test_metrics_json_lists_relays_with_the_spec_keys(con, every_count):
    assert relays_json(con, Filters()) == [
        {"relay": "Yann", "brought": 3, "participated": 2, "beyond_first_circle": 2},
        {"relay": "Zoé", "brought": 3, "participated": 2, "beyond_first_circle": 1},
    ]


def test_relay_columns_are_read_and_an_e_mail_label_is_refused(tmp_path, every_count):
    roster = tmp_path / "adherents.csv"
    roster.write_text(
        "email;cercle;relais\n"
        "ana@exemple.fr;1;\n"
        "ben@exemple.fr;2;Ana\n"
        "cleo@exemple.fr;3;ana@exemple.fr\n",  # an address typed as a relay: never kept
        encoding="utf-8",
    )
    reunions = fill_template(
        "reunions", [["A1", "14/03/2026", "", "", "", "", "", "30"]], tmp_path, "csv"
    )
    sign_in = fill_template(
        "emargement",
        [
            ["A1", "dan@exemple.fr", "", "Ana"],
            ["A1", "eve@exemple.fr", "", "Mme X <x@y.fr>"],
            ["A1", "fab@exemple.fr", "", ""],
        ],
        tmp_path,
        "csv",
    )
    warehouse_file = tmp_path / "cercles.duckdb"
    batches = {b.entity: b for b in import_paths([roster, reunions, sign_in], warehouse_file)}
    refused = (
        "1 relay label looks like an e-mail address and was not kept (use a first name or a code)"
    )
    assert [str(w) for w in batches["roster"].warnings] == [refused]
    assert [str(w) for w in batches["emargement"].warnings] == [refused]
    assert (
        batches["roster"]
        .warnings[0]
        .text("fr")
        .startswith("1 libellé de relais ressemble à une adresse e-mail")
    )
    con = duckdb.connect(str(warehouse_file), read_only=True)
    stored = con.execute(
        "select relay from roster_entries union all select relay from relay_mentions"
    ).fetchall()
    relays = metrics.run(con, "relays")
    con.close()
    assert sorted(r[0] for r in stored if r[0]) == ["Ana", "Ana"]
    assert not any("@" in str(r[0]) for r in stored)
    # Ana brought ben (roster, never took part) and dan (signed in, circle 3 by default)
    assert rows(relays) == [["Ana", 2, 1, 1]]
