"""What the pages read from the warehouse: one read-only connection per warehouse version,
query results cached per filters, and a warm-up that computes ahead what the next page asks."""

import gc
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import page_filters, warehouse
from dashboard.reads import SharedReads


def warehouse_file() -> Path:
    return warehouse.warehouse_path()


def data_version() -> tuple:
    """(path, file identity): changes when an import swaps the warehouse file in."""
    path = warehouse_file()
    return (str(path), warehouse.warehouse_version(path))


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(path: str, version):
    """The warehouse as it is now, read-only; what one page reads is kept for the others
    (reads.SharedReads: one file, never changed under it)."""
    if version is None:  # no file yet: the welcome page and the upload read an empty one
        return SharedReads(warehouse.empty_warehouse())
    return SharedReads(warehouse.connect_readonly(Path(path)))


def cursor():
    """A cursor of this process's read-only connection to the current warehouse."""
    path, version = data_version()
    return _connection(path, version).cursor()


def query_exists(name: str) -> bool:
    from dashboard import metrics

    return name in metrics.QUERIES and (warehouse.QUERIES_DIR / f"{name}.sql").exists()


@st.cache_data(max_entries=512, show_spinner=False)
def _compute(path: str, version, what: str, name: str | None, filter_items: tuple):
    from dashboard import metrics

    con = _connection(path, version).cursor()
    filters = metrics.Filters.from_strings(**dict(filter_items))
    if what == "run":
        return metrics.run(con, name, filters)
    return metrics.computation(what)(con, filters)


@st.cache_data(max_entries=64, show_spinner=False)
def _run_plain(path: str, version, name: str) -> pd.DataFrame:
    return _connection(path, version).cursor().execute(warehouse.read_sql(name)).fetchdf()


def metric(name: str, filters: dict | None = None) -> pd.DataFrame | None:
    """The result of queries/<name>.sql under the filters, or None when that query is missing."""
    if not query_exists(name):
        return None
    return _compute(*data_version(), "run", name, _filter_items(filters))


def computed(what: str, filters: dict | None = None):
    """A metrics function (headline_metrics, week_over_week, district_reach,
    district_target_list), or 'module.function' of dashboard (weekly.week_summary), called
    as function(con, filters) on the current warehouse under the filters, cached."""
    return _compute(*data_version(), what, None, _filter_items(filters))


def headline(filters: dict | None = None) -> dict:
    return computed("headline_metrics", filters)


def _filter_items(filters: dict | None) -> tuple:
    filters = page_filters.current_filters() if filters is None else filters
    return tuple(sorted(filters.items()))


def plain_query(name: str) -> pd.DataFrame:
    """A filter-free query of the dashboard's own (imports, filter choices)."""
    return _run_plain(*data_version(), name)


_prefetched: set = set()
_prefetch_lock = threading.Lock()


def prefetch(page: str) -> None:
    """The first time `page` opens under the current filters (per warehouse version),
    compute side by side what it reads (registry.page_entries), so that its script, asking
    one thing after the other, finds everything ready: the page waits for its slowest read,
    not for their sum. Later visits read the cache as the page does, without asking twice.
    A failure is left for the page's own call to show."""
    from dashboard import metrics, registry

    path, version = data_version()
    items = _filter_items(None)
    with _prefetch_lock:
        if (path, version, items, page) in _prefetched:
            return
        _prefetched.add((path, version, items, page))

    def read(entry):
        kind, name = entry
        try:
            if kind == "run":
                if query_exists(name):
                    _compute(path, version, "run", name, items)
            elif kind == "computed":
                _compute(path, version, name, None, items)
            else:
                _run_plain(path, version, name)
        except Exception:  # noqa: BLE001, S110 - the page's own call raises it again
            pass

    entries = registry.page_entries(page)
    if entries:
        workers = min(len(entries), metrics.CONCURRENT_QUERIES)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cercles-page") as pool:
            list(pool.map(read, entries))


_warmed: set = set()
_warm_lock = threading.Lock()
_frozen = threading.Event()


# What the pages ask for, so the next click finds it cached.
WARM_FUNCTIONS = (
    "headline_metrics",
    "overview_headline",
    "week_over_week",
    "district_reach",
    "district_target_list",
)


def warm_up() -> None:
    """Once per warehouse version and filters, compute in a background thread what every
    page will ask for, so that after the first page a click only has to draw.

    The thread waits for the end of this run (its thread ends once the run's last messages
    are queued for the browser and Streamlit has collected its garbage), then works at the
    lowest CPU priority: it must not delay the page it follows, nor the browser drawing it."""
    path, version = data_version()
    items = _filter_items(None)
    with _warm_lock:
        if (path, version, items) in _warmed:
            return
        _warmed.add((path, version, items))
    this_run = threading.current_thread()

    def work():
        from dashboard import metrics

        if this_run is not threading.main_thread():
            this_run.join()
        freeze_long_lived()
        lowest_priority()
        try:
            for what in WARM_FUNCTIONS:
                _compute(path, version, what, None, items)
            for name in metrics.QUERIES:
                if query_exists(name):
                    _compute(path, version, "run", name, items)
            _run_plain(path, version, "district_shapes")
        except Exception:  # noqa: BLE001, S110 - the page that needs it shows the error itself
            pass

    threading.Thread(target=work, name="cercles-warm-up", daemon=True).start()


def lowest_priority() -> None:
    """Give the calling thread the lowest CPU priority (Linux schedules threads on their own:
    the rest of the server keeps its own); elsewhere, leave it as it is."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass


def freeze_long_lived() -> None:
    """Once per process, after the first page's run: set aside every object Python holds by
    then (mostly the code of Streamlit, Plotly, pandas and DuckDB) from its garbage
    collector. Streamlit collects every generation after each run, holding the interpreter
    while it walks through all these objects (0.1 to 0.3 s on a busy machine), so that the
    run's end only reaches the browser afterwards; set aside, they are no longer walked
    through (about 0.01 s). Objects made afterwards are collected as before."""
    if not _frozen.is_set():
        _frozen.set()
        gc.freeze()


def warehouse_is_empty() -> bool:
    return plain_query("imports_overview").empty


def clear_caches() -> None:
    """After an import: forget cached results and connections so the new data shows."""
    _compute.clear()
    _run_plain.clear()
    _connection.clear()
    _prefetched.clear()
