"""The refactoring check: two warehouses compared table by table, rows as multisets."""

import importlib.util
from pathlib import Path

import duckdb

from tests.metric_fixtures import build_fixture_warehouse

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "compare_warehouses.py"
spec = importlib.util.spec_from_file_location("compare", SCRIPT)
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)


def test_same_data_written_in_another_order_is_identical(tmp_path):
    before = build_fixture_warehouse(tmp_path / "before.duckdb")
    after = build_fixture_warehouse(tmp_path / "after.duckdb")
    with duckdb.connect(str(after)) as con:  # same rows, stored in reverse order
        con.execute("create table reversed as select * from proposals order by rowid desc")
        con.execute("delete from proposals; insert into proposals select * from reversed")
        con.execute("drop table reversed")
    assert compare.differences(before, after) == {}


def test_a_changed_row_a_lost_duplicate_and_a_new_table_are_named(tmp_path):
    before = build_fixture_warehouse(tmp_path / "before.duckdb")
    after = build_fixture_warehouse(tmp_path / "after.duckdb")
    with duckdb.connect(str(after)) as con:
        con.execute("update districts set population = population + 1 where district_id = 'nord'")
        con.execute("insert into phases select * from phases limit 1")  # a row twice
        con.execute("create table extra as select 1 as x")
    assert compare.differences(before, after) == {
        "districts": "1 row(s) only before, 1 only after",
        "phases": "0 row(s) only before, 1 only after",
        "extra": f"only in {after}",
    }


def test_when_an_objective_was_recorded_is_no_difference_what_it_says_is(tmp_path):
    before = build_fixture_warehouse(tmp_path / "before.duckdb")
    after = build_fixture_warehouse(tmp_path / "after.duckdb")
    row = "('participants', 1, {target}, date '2026-03-15', null, false, timestamp '{at}', 'o.csv')"
    for path, at in ((before, "2026-12-04 19:00"), (after, "2026-12-04 19:05")):
        with duckdb.connect(str(path)) as con:  # the same sheet imported five minutes apart
            con.execute("delete from objective_versions")
            con.execute(f"insert into objective_versions values {row.format(target=300, at=at)}")
    assert compare.differences(before, after) == {}
    with duckdb.connect(str(after)) as con:
        con.execute("update objective_versions set target = 310")
    assert compare.differences(before, after) == {
        "objective_versions": "1 row(s) only before, 1 only after"
    }
