import hashlib
import hmac
import os
import stat

import duckdb
import pytest

from dashboard import privacy, warehouse
from dashboard.errors import CerclesError
from tests.metric_fixtures import as_before_version_8


def test_sql_pseudo_is_the_same_hmac_as_python():
    con = duckdb.connect()
    privacy.register_sql_pseudo(con)
    value = "decidim|example.org|id:123"
    expected = hmac.new(privacy.secret_key(), value.encode(), hashlib.sha256).hexdigest()[:32]
    assert con.execute("select pseudo(?)", [value]).fetchone()[0] == expected
    assert privacy.pseudo(value) == expected


def test_key_file_is_created_private_and_outside_the_warehouse(warehouse_file):
    privacy.pseudo("x")
    mode = stat.S_IMODE(os.stat(privacy.key_file()).st_mode)
    assert mode == 0o600
    assert privacy.key_file().parent != warehouse_file.parent


def test_new_warehouse_gets_the_schema_version(warehouse_file):
    with warehouse.writer(warehouse_file):
        pass
    con = duckdb.connect(str(warehouse_file), read_only=True)
    version = con.execute(
        "select value from warehouse_meta where key = 'schema_version'"
    ).fetchone()[0]
    assert version == str(warehouse.SCHEMA_VERSION)


def test_failed_write_leaves_the_warehouse_unchanged(warehouse_file):
    with warehouse.writer(warehouse_file) as con:
        con.execute("insert into phases values ('p1', 'Phase 1', '2026-01-01', '2026-01-31', true)")
    with pytest.raises(RuntimeError), warehouse.writer(warehouse_file) as con:
        con.execute("delete from phases")
        raise RuntimeError("killed mid-import")
    con = duckdb.connect(str(warehouse_file), read_only=True)
    assert con.execute("select count(*) from phases").fetchone()[0] == 1
    assert not os.path.exists(f"{warehouse_file}.importing")


def test_a_second_writer_is_refused_with_a_clear_message(warehouse_file):
    with (
        warehouse.writer(warehouse_file),
        pytest.raises(CerclesError, match="another import is running"),
        warehouse.writer(warehouse_file),
    ):
        pass


def test_a_reader_keeps_its_snapshot_while_an_import_lands(warehouse_file):
    with warehouse.writer(warehouse_file) as con:
        con.execute("insert into phases values ('p1', 'Phase 1', '2026-01-01', '2026-01-31', true)")
    reader = warehouse.connect_readonly(warehouse_file)
    before = warehouse.warehouse_version(warehouse_file)
    with warehouse.writer(warehouse_file) as con:
        con.execute(
            "insert into phases values ('p2', 'Phase 2', '2026-02-01', '2026-02-28', false)"
        )
    assert reader.execute("select count(*) from phases").fetchone()[0] == 1
    assert warehouse.warehouse_version(warehouse_file) != before
    fresh = warehouse.connect_readonly(warehouse_file)
    assert fresh.execute("select count(*) from phases").fetchone()[0] == 2


def test_a_reader_never_upgrades_an_older_warehouse_and_says_so(warehouse_file):
    with warehouse.writer(warehouse_file) as con:
        con.execute("insert into phases values ('p1', 'Phase 1', '2026-01-01', '2026-01-31', true)")
    # What an older release leaves: an older schema, stale derived tables, another fingerprint.
    con = duckdb.connect(str(warehouse_file))
    con.execute("update warehouse_meta set value = 'older' where key = 'derived_with'")
    con.execute("update warehouse_meta set value = '3' where key = 'schema_version'")
    as_before_version_8(con)
    con.execute("drop table contribution_facts")
    con.close()
    folder_before = sorted(p.name for p in warehouse_file.parent.iterdir())
    bytes_before = hashlib.sha256(warehouse_file.read_bytes()).hexdigest()
    stat_before = os.stat(warehouse_file)

    with pytest.raises(CerclesError) as raised:
        warehouse.connect_readonly(warehouse_file)
    assert raised.value.message.code == "warehouse_outdated"
    assert raised.value.text("fr") == (
        f"{warehouse_file} : cet entrepôt a été construit par une version plus ancienne de "
        "Cercles ; lancez `cercles upgrade` (ou importez un fichier) pour le mettre à jour"
    )
    # the file is byte for byte what it was, not even rewritten, and no file was left beside
    assert hashlib.sha256(warehouse_file.read_bytes()).hexdigest() == bytes_before
    assert os.stat(warehouse_file).st_mtime_ns == stat_before.st_mtime_ns
    assert sorted(p.name for p in warehouse_file.parent.iterdir()) == folder_before

    assert warehouse.upgrade(warehouse_file) is True  # the writer brings it up to date
    reader = warehouse.connect_readonly(warehouse_file)
    assert warehouse.is_current(reader)
    assert reader.execute("select count(*) from contribution_facts").fetchone()[0] == 0
    assert reader.execute("select count(*) from phases").fetchone()[0] == 1
    assert warehouse.upgrade(warehouse_file) is False


def test_a_newer_warehouse_is_refused_by_a_reader(warehouse_file):
    with warehouse.writer(warehouse_file):
        pass
    con = duckdb.connect(str(warehouse_file))
    con.execute("update warehouse_meta set value = '99' where key = 'schema_version'")
    con.execute("update warehouse_meta set value = 'newer' where key = 'derived_with'")
    con.close()
    with pytest.raises(CerclesError) as raised:
        warehouse.connect_readonly(warehouse_file)
    assert raised.value.message.code == "schema_too_new"


def test_a_missing_warehouse_is_said_and_never_created(tmp_path):
    missing = tmp_path / "nowhere" / "cercles.duckdb"
    with pytest.raises(CerclesError) as raised:
        warehouse.connect_readonly(missing)
    assert (
        str(raised.value)
        == f"{missing}: no warehouse yet; import exports first (cercles import FILES)"
    )
    assert raised.value.text("fr") == (
        f"{missing} : pas encore d'entrepôt de données ; importez "
        "d'abord des exports (page Données)"
    )
    assert not missing.parent.exists()
    empty = warehouse.empty_warehouse()  # what the dashboard reads before a first import
    assert empty.execute("select count(*) from imports").fetchone() == (0,)
    assert not missing.parent.exists()


def test_a_tie_on_the_earliest_located_contribution_always_gives_the_same_home_district():
    # p made two contributions at the same minute, one scoped to Nord, one to Est, and has no
    # roster line or profile postcode: the earliest located contribution decides, and the tie
    # goes to the smaller district id ('est' < 'nord') whatever order the rows come in.
    for order in (("nord", "est"), ("est", "nord")):
        con = duckdb.connect()
        warehouse.migrate(con)
        con.execute(
            "insert into districts (district_id, name) values ('nord', 'Nord'), ('est', 'Est')"
        )
        for number, scope in enumerate(order):
            con.execute(
                "insert into contribution_rows (source_key, contribution_id, kind, person_id, "
                "author_kind, channel, created_at, status, scope_name, platform) values "
                "('s', ?, 'comment', 'p', 'participant', 'online', '2026-03-02 10:00', "
                "'published', ?, 'decidim')",
                [f"c{number}", scope],
            )
        warehouse.refresh_derived(con)
        home = con.execute("select home_district_id, home_district_source from person_facts")
        assert home.fetchall() == [("est", "contribution")]


def test_tables_are_derived_in_any_row_order_and_the_setting_is_given_back(monkeypatch):
    # the derive writes with insertion order off (a table read in an order says so) and
    # gives the connection back as it found it
    con = duckdb.connect()
    warehouse.migrate(con)
    setting = "select current_setting('preserve_insertion_order')"
    during = []
    monkeypatch.setattr(
        warehouse, "check_derived", lambda con: during.append(con.execute(setting).fetchone()[0])
    )
    for before in (True, False):
        con.execute(f"set preserve_insertion_order = {before}")
        warehouse.refresh_derived(con)
        assert con.execute(setting).fetchone()[0] is before
    assert during == [False, False]


def test_the_writer_stores_integers_and_times_without_bit_packing(tmp_path, warehouse_file):
    # bit-packing was the slowest part of writing the import's integers and times (see
    # warehouse.store_unpacked); DuckDB left to itself bit-packs these very columns
    rows = """
        create table packed_or_not as
        select i % 5000 as number, timestamp '2025-01-01' + to_seconds(i) as at
        from range(300000) as t(i)
    """
    compressions = "select distinct compression from pragma_storage_info('packed_or_not')"
    plain = duckdb.connect(str(tmp_path / "plain.duckdb"))
    plain.execute(rows)
    plain.execute("checkpoint")
    assert "BitPacking" in {c for (c,) in plain.execute(compressions).fetchall()}
    plain.close()

    with warehouse.writer(warehouse_file, refresh=False) as con:
        con.execute(rows)
    con = duckdb.connect(str(warehouse_file), read_only=True)
    stored = {c for (c,) in con.execute(compressions).fetchall()}
    con.close()
    assert stored and "BitPacking" not in stored


def test_a_version_1_warehouse_loses_its_linkable_ids_and_keeps_its_numbers(tmp_path):
    from dashboard import metrics
    from dashboard.privacy import content_id
    from tests.metric_fixtures import EXPECTED_HEADLINE, build_fixture_warehouse

    path = build_fixture_warehouse(tmp_path / "cercles.duckdb")
    con = duckdb.connect(str(path))  # as Cercles 1 left it: raw platform ids, roster lines
    con.execute("alter table roster_entries add column line_number bigint")
    con.execute("update roster_entries set line_number = 2")
    con.execute("update warehouse_meta set value = '1' where key = 'schema_version'")
    as_before_version_8(con)
    raw = con.execute("select contribution_id from contributions order by all").fetchall()
    con.close()
    assert ("decidim|demo.example|comment|5",) in raw

    with warehouse.writer(path):
        pass  # the next import (or the dashboard opening it) migrates it

    con = warehouse.connect_readonly(path)
    stored = {row[0] for row in con.execute("select contribution_id from contributions").fetchall()}
    # paper proposals keep their sheet ids (no person behind them); sign-ins lose their line
    expected = {i if i.startswith("sheet||proposal|") else content_id(i) for (i,) in raw}
    assert stored == expected
    assert content_id("sheet||attendance|e:2") in stored
    assert "decidim|demo.example|comment|5" not in stored
    assert con.execute(
        "select count(*) from information_schema.columns where "
        "table_name = 'roster_entries' and column_name = 'line_number'"
    ).fetchone() == (0,)
    # proposals, moderations and contributions still join: every headline number is the same
    headline = metrics.headline_metrics(con)
    assert {key: headline[key] for key in EXPECTED_HEADLINE} == EXPECTED_HEADLINE


def test_a_version_4_warehouse_gains_relays_and_objectives_and_keeps_its_numbers(tmp_path):
    from dashboard import metrics
    from tests.metric_fixtures import EXPECTED_HEADLINE, build_fixture_warehouse

    path = build_fixture_warehouse(tmp_path / "cercles.duckdb")
    con = duckdb.connect(str(path))  # as Cercles left it before relays and objectives
    for column in ("relay", "member_key"):
        con.execute(f"alter table roster_entries drop column {column}")
    con.execute("drop table relay_mentions")
    con.execute("drop table objective_versions")
    con.execute("update warehouse_meta set value = '4' where key = 'schema_version'")
    as_before_version_8(con)
    con.close()

    with warehouse.writer(path):
        pass  # the next import (or the dashboard opening it) migrates it

    con = warehouse.connect_readonly(path)
    columns = con.execute(
        "select column_name from information_schema.columns where table_name = 'roster_entries'"
    ).fetchall()
    assert {("relay",), ("member_key",)} <= set(columns)
    # no relay recorded yet, no objective: both read empty rather than failing
    assert metrics.run(con, "relays").empty
    assert con.execute("select count(*) from objective_versions").fetchone() == (0,)
    headline = metrics.headline_metrics(con)
    assert {key: headline[key] for key in EXPECTED_HEADLINE} == EXPECTED_HEADLINE
    assert con.execute(
        "select value from warehouse_meta where key = 'schema_version'"
    ).fetchone() == (str(warehouse.SCHEMA_VERSION),)


def test_a_source_imported_again_replaces_its_rows_and_no_other_source_s():
    import pandas as pd

    from dashboard.importers.base import Batch, record_import

    con = warehouse.empty_warehouse()

    def batch(source, ids):
        rows = pd.DataFrame({"contribution_id": ids, "kind": "comment"})
        return Batch(source_key=source, platform="decidim", entity="comments", file_name="c.csv",
                     checksum="x", tables={"contributions": rows})

    record_import(con, batch("decidim|a|comments", ["a1", "a2"]))
    record_import(con, batch("decidim|b|comments", ["b1"]))  # a new source: nothing replaced
    record_import(con, batch("decidim|a|comments", ["a3"]))  # source a again: a1, a2 go
    stored = con.execute(
        "select source_key, contribution_id from contributions order by 2"
    ).fetchall()
    assert stored == [("decidim|a|comments", "a3"), ("decidim|b|comments", "b1")]
    assert con.execute("select count(*) from imports").fetchone()[0] == 2


def test_tables_only_the_import_reads_are_not_stored_and_older_copies_go(tmp_path):
    """person_lookup lives in the deriving connection only, and participant_phase_facts is no
    longer derived: a warehouse that stored them (versions before 2026-12) loses them at its
    next derive, and the contributions still find their persons."""
    from tests.metric_fixtures import build_fixture_warehouse

    path = build_fixture_warehouse(tmp_path / "w.duckdb")
    con = duckdb.connect(str(path))
    stored = "select table_name from duckdb_tables() where not temporary and table_name in ?"
    gone = ["person_lookup", "participant_phase_facts"]
    assert con.execute(stored, [gone]).fetchall() == []
    con.execute("create table main.person_lookup as select 1 as person_id")
    con.execute("create table participant_phase_facts as select 1 as person_key")
    privacy.register_sql_pseudo(con)
    warehouse.refresh_derived(con)
    assert con.execute(stored, [gone]).fetchall() == []
    assert con.execute(
        "select count(*) from contribution_facts where is_person and person_key is null"
    ).fetchone()[0] == 0
    assert con.execute("select count(*) from participant_facts").fetchone()[0] > 0
    con.close()
