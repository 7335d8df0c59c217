"""Say whether two warehouses hold the same data, table by table: what a refactoring must keep.

    python scripts/compare_warehouses.py before.duckdb after.duckdb

Every table of either file is compared as a multiset of rows (order aside, EXCEPT ALL both
ways), on the columns both sides have; warehouse_meta (versions, fingerprints), the import
log and the time an objective was recorded are left out since they always differ. Exits 1 and
names each table that differs.
"""

import argparse
import sys
from pathlib import Path

import duckdb

SKIPPED = {"warehouse_meta", "imports", "import_messages"}
SKIPPED_COLUMNS = {"objective_versions": {"recorded_at"}}  # the time of the import


def tables(con, schema: str) -> set[str]:
    return {
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_catalog = ?", [schema]
        ).fetchall()
    } - SKIPPED


def columns(con, schema: str, table: str) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_catalog = ? and table_name = ? order by ordinal_position",
            [schema, table],
        ).fetchall()
    ]


def differences(before: Path, after: Path) -> dict[str, str]:
    """{table: what differs} for the tables that are not the same on both sides."""
    con = duckdb.connect()
    con.execute(f"attach '{before}' as a (read_only)")
    con.execute(f"attach '{after}' as b (read_only)")
    found = {}
    left, right = tables(con, "a"), tables(con, "b")
    for table in sorted(left ^ right):
        found[table] = "only in " + (str(before) if table in left else str(after))
    for table in sorted(left & right):
        shared = [
            c
            for c in columns(con, "a", table)
            if c in columns(con, "b", table) and c not in SKIPPED_COLUMNS.get(table, ())
        ]
        listed = ", ".join(f'"{c}"' for c in shared)
        missing, extra = (
            con.execute(
                f"select count(*) from (select {listed} from {x}.{table} "
                f"except all select {listed} from {y}.{table})"
            ).fetchone()[0]
            for x, y in (("a", "b"), ("b", "a"))
        )
        dropped = set(columns(con, "a", table)) ^ set(columns(con, "b", table))
        if missing or extra or dropped:
            found[table] = f"{missing} row(s) only before, {extra} only after" + (
                f"; columns not on both sides: {sorted(dropped)}" if dropped else ""
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    arguments = parser.parse_args()
    found = differences(arguments.before, arguments.after)
    for table, what in found.items():
        print(f"{table}: {what}")
    print("identical" if not found else f"{len(found)} table(s) differ")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
