"""The DuckDB warehouse: one file, one writer at a time, readers never see a half import.

Writers work on a copy (`<file>.importing`) and swap it in with an atomic rename when the
import has fully succeeded. A reader that opened the old file keeps reading the old data
(the inode stays alive) until it reconnects; `warehouse_version()` tells it when to.
"""

import fcntl
import hashlib
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dashboard.errors import CerclesError
from dashboard.privacy import register_sql_pseudo

SCHEMA_VERSION = 8
QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
DEFAULT_WAREHOUSE = Path(__file__).resolve().parent.parent / "data" / "cercles.duckdb"
PERSON_HASH = "hash(person_id)"  # what queries/derive/ joins persons on, if collision-free

# Tables whose rows belong to one source export and are replaced when it is re-imported.
SOURCE_TABLES = (
    "identities",
    "persons",
    "contribution_rows",
    "survey_answers",
    "survey_authors",
    "proposals",
    "meetings",
    "moderations",
    "roster_entries",
    "field_actions",
    "relay_mentions",
)


def warehouse_path(option: str | os.PathLike | None = None) -> Path:
    """--warehouse, else $CERCLES_WAREHOUSE, else data/cercles.duckdb in the project."""
    chosen = option or os.environ.get("CERCLES_WAREHOUSE") or DEFAULT_WAREHOUSE
    return Path(chosen).expanduser().resolve()


def read_sql(name: str) -> str:
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def source_rows(table: str) -> str:
    """The condition that picks one source's rows of a SOURCE_TABLES table ($1: its key):
    survey answers belong to it through their authors, so they go before survey_authors."""
    if table == "survey_answers":
        return "author_no in (select author_no from survey_authors where source_key = $1)"
    return "source_key = $1"


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version a warehouse was built with; 0 for an empty one."""
    has_meta = con.execute(
        "select count(*) from information_schema.tables where table_name = 'warehouse_meta'"
    ).fetchone()[0]
    if not has_meta:
        return 0
    row = con.execute("select value from warehouse_meta where key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Create the schema in an empty warehouse, or bring an older one up to date."""
    version = schema_version(con)
    if version > SCHEMA_VERSION:
        raise CerclesError("schema_too_new", version=version, supported=SCHEMA_VERSION)
    # Every statement of the schema is `create ... if not exists`: run on an older warehouse
    # it adds the tables a newer Cercles brought, and leaves the others as they are.
    con.execute(read_sql("schema"))
    # a new warehouse has the latest schema already; an older one takes each step since
    for step in range(version + 1, SCHEMA_VERSION + 1) if version else ():
        con.execute(read_sql(f"migrations/{step:03d}"))
    con.execute(read_sql("views"))
    con.execute(
        "insert or replace into warehouse_meta values ('schema_version', ?)",
        [str(SCHEMA_VERSION)],
    )


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every derived table from the base tables (districts, circles, facts)."""
    from dashboard.geo import locate_points

    locate_points(con)
    # Millions of contributions find their person by a 64-bit hash of the 32-character
    # pseudonym (joining integers, not strings); should two persons ever share a hash, the
    # tables are derived again joining on the pseudonyms themselves.
    _person_join_key(con, PERSON_HASH)
    with any_row_order(con):
        con.execute(derive_sql())
        if _person_hashes_collide(con):
            _person_join_key(con, "person_id")
            con.execute(derive_sql())
        check_derived(con)
    # objectives worked out on the tables before (objectives.store_standings): the writer
    # works them out again once its changes are in; anywhere else they are worked out live
    con.execute("drop table if exists objective_standings")
    con.execute(
        "insert or replace into warehouse_meta values ('derived_with', ?)", [derive_fingerprint()]
    )


@contextmanager
def any_row_order(con):
    """Rows written in whatever order DuckDB's threads finish: a table's rows are a set, and
    a table that is read in an order says so (`order by`, kept whatever the setting). While
    files load: about a CPU-second less on 9 million Grand Débat rows, and the 1.4 million
    rows of the bench's Cap Collectif export and sheets at 10 M in 2.15 s instead of 2.8 (five
    runs each); between files the order stays. While tables are derived: 16.1 s instead of
    17.5 at 10 M (three alternated runs each, 29.1 CPU-s instead of 31.6). The setting is the
    database's, shared by a connection beside the writer."""
    before = con.execute("select current_setting('preserve_insertion_order')").fetchone()[0]
    con.execute("set preserve_insertion_order = false")
    try:
        yield
    finally:
        con.execute(f"set preserve_insertion_order = {'true' if before else 'false'}")


def check_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Run queries/checks.sql on the tables just derived; a broken rule stops the import (the
    warehouse keeps what it had) with the rule's name and how many rows break it."""
    for rule, failures in con.execute(read_sql("checks")).fetchall():
        if failures:
            raise CerclesError("derived_check_failed", rule=rule, failures=failures)


def derive_sql() -> str:
    """The files of queries/derive/ in the order of their numbers: one derived table each."""
    return "\n".join(
        path.read_text(encoding="utf-8") for path in sorted((QUERIES_DIR / "derive").glob("*.sql"))
    )


def _person_join_key(con: duckdb.DuckDBPyConnection, expression: str) -> None:
    con.execute(f"create or replace temp macro person_join_key(person_id) as {expression}")


def _person_hashes_collide(con: duckdb.DuckDBPyConnection) -> bool:
    """True when two person ids of person_map (every id the warehouse knows) share a hash."""
    return con.execute(
        f"select count(*) <> count(distinct {PERSON_HASH}) from person_map"
    ).fetchone()[0]


def derive_fingerprint() -> str:
    """Identity of the schema and derivation code that built a warehouse's derived tables."""
    code = (read_sql("schema") + read_sql("views") + derive_sql() + read_sql("checks")
            + str(SCHEMA_VERSION))
    return hashlib.sha256(code.encode()).hexdigest()[:16]


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the derived tables were built by this version of Cercles."""
    try:
        row = con.execute(
            "select value from warehouse_meta where key = 'derived_with'"
        ).fetchone()
    except duckdb.Error:
        return False
    return bool(row) and row[0] == derive_fingerprint()


def warehouse_version(path: Path) -> tuple[int, int] | None:
    """Identity of the current warehouse file: changes whenever an import lands."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns)


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse as it is now; later imports don't change it.

    DuckDB shares one database instance per path within a process, so a plain reconnect
    would return the old data after an import swapped the file. Opening through a fresh hard
    link gives a new instance on the current file; the link is removed at once (the open
    file stays readable).

    A reader never writes: a missing file, or one whose tables an older (or newer) Cercles
    built, is a CerclesError saying so in one line; the next import, or `cercles upgrade`,
    brings an older one up to date.
    """
    path = Path(path)
    if not path.exists():
        raise CerclesError("warehouse_missing", path=str(path))
    con = _open_snapshot(path)
    if not is_current(con):
        version = schema_version(con)
        con.close()
        if version > SCHEMA_VERSION:
            raise CerclesError("schema_too_new", version=version, supported=SCHEMA_VERSION)
        raise CerclesError("warehouse_outdated", path=str(path))
    return con


def empty_warehouse() -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with every table and no data: what the dashboard reads before
    the first import (no file is created)."""
    con = duckdb.connect()
    migrate(con)
    refresh_derived(con)
    return con


def upgrade(path: Path) -> bool:
    """Bring a warehouse built by an older Cercles up to date (schema and derived tables), as
    the next import would; True when it had to. A missing file stays missing."""
    path = Path(path)
    if not path.exists():
        return False
    con = _open_snapshot(path)
    current = is_current(con)
    con.close()
    if not current:
        with writer(path):
            pass
    return not current


def _open_snapshot(path: Path) -> duckdb.DuckDBPyConnection:
    snapshot = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.reading")
    try:
        os.link(path, snapshot)
    except OSError:
        snapshot = path  # read-only folder or no hard links: a plain connection still works
    try:
        return duckdb.connect(str(snapshot), read_only=True)
    except duckdb.Error as exc:
        raise CerclesError("warehouse_unreadable", path=str(path), detail=first_line(exc)) from None
    finally:
        if snapshot != path:
            snapshot.unlink(missing_ok=True)


def first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


@contextmanager
def writer(path: Path, refresh: bool = True):
    """The single writer: yields a connection on a private copy, swapped in on success.

    Raises CerclesError at once when another import holds the warehouse. On any error (or
    a kill) the copy is discarded and the warehouse keeps what it had. `refresh=False` skips
    rebuilding the derived tables, for changes nothing derived depends on (objectives).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # the copy, its WAL and so the swapped-in warehouse are the owner's only (mode 0600)
    umask = os.umask(0o077)
    try:
        with _writing(path, refresh) as con:
            yield con
    finally:
        os.umask(umask)


@contextmanager
def _writing(path: Path, refresh: bool = True):
    with open(f"{path}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CerclesError("import_running", path=str(path)) from None
        work = Path(f"{path}.importing")
        try:
            for leftover in (work, Path(f"{work}.wal"), *_orphan_snapshots(path)):
                leftover.unlink(missing_ok=True)  # from an import or a reader that was killed
            if path.exists():
                shutil.copyfile(path, work)
                os.chmod(work, 0o600)  # a warehouse written before modes were set
            con = duckdb.connect(str(work))
            try:
                register_sql_pseudo(con)
                store_unpacked(con)
                migrate(con)
                yield con
                if refresh or not is_current(con):
                    refresh_derived(con)
                from dashboard.objectives import store_standings

                store_standings(con)
                con.execute("checkpoint")
            finally:
                con.close()
            with open(work, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(work, path)
            _sync_folder(path.parent)
        finally:
            remove_database(work)
            fcntl.flock(lock, fcntl.LOCK_UN)


def store_unpacked(con) -> None:
    """Integers, dates and times stored as they are, in runs or as constants, never
    bit-packed. Bit-packing is what made writing them slow: the three largest tables of the
    10 M bench (answers, their facts, participant_spans) were written in 1.7 CPU-seconds
    without it against 2.9 with it; disabling run-length, ALP or dictionary encoding saved
    nothing. The import at 10 M: 34.0 CPU-seconds against 36.2 (three alternated runs each),
    for a warehouse of 678 MB instead of 490. Pages read it as fast: every page, warm and cold,
    with and without each filter, within 2 % over three alternated runs. Text keeps its
    compression: without FSST the same warehouse is 2 GB and no faster to import."""
    con.execute("set disabled_compression_methods = 'bitpacking'")


def remove_database(path: Path) -> None:
    """A DuckDB file and its write-ahead log, if there."""
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)


def _orphan_snapshots(path: Path) -> list[Path]:
    """Snapshot links left by a reader killed between opening and unlinking them."""
    orphans = []
    for link in path.parent.glob(f".{path.name}.*.reading"):
        try:
            pid = int(link.name[len(path.name) + 2:].split(".")[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            orphans.append(link)
        except (ValueError, PermissionError):
            continue
    return orphans


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut right after keeps the new file)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def delete_warehouse(path: Path) -> list[Path]:
    """Delete the warehouse and its companions (lock, copies); refused while an import runs.

    Returns the files deleted. Open dashboards keep their snapshot until they restart.
    """
    path = Path(path)
    removed = []
    lock_path = Path(f"{path}.lock")
    if not path.parent.exists():
        return removed
    with open(lock_path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CerclesError("delete_while_importing", path=str(path)) from None
        companions = [path, Path(f"{path}.wal"), Path(f"{path}.importing"),
                      Path(f"{path}.importing.wal"), *path.parent.glob(f".{path.name}.*.reading")]
        for companion in companions:
            if companion.exists():
                companion.unlink()
                removed.append(companion)
        lock_path.unlink(missing_ok=True)
    return removed
