"""The warm-up that computes ahead what the next page asks: it starts once the page's run is
over, at the lowest CPU priority, and sets the long-lived objects aside from the garbage
collector once per process."""

import gc
import os
import threading

import pytest

from dashboard import page_data


def join_warm_ups():
    for thread in threading.enumerate():
        if thread.name == "cercles-warm-up":
            thread.join()


@pytest.fixture
def recorded(monkeypatch, tmp_path):
    """page_data with its computations recorded instead of run: (whether the page's run was
    still going, the computing thread's nice value) for each. Warm-ups of earlier tests
    finish first: they would record their own computations."""
    join_warm_ups()
    calls = []
    page_run = {}
    computed = threading.Event()

    def record(*args):
        calls.append(
            (
                page_run["thread"].is_alive(),
                os.getpriority(os.PRIO_PROCESS, threading.get_native_id()),
            )
        )
        computed.set()

    monkeypatch.setattr(page_data, "data_version", lambda: (str(tmp_path / "w.duckdb"), 1))
    monkeypatch.setattr(page_data, "_filter_items", lambda filters: (("district", "north"),))
    monkeypatch.setattr(page_data, "_compute", record)
    monkeypatch.setattr(page_data, "_run_plain", record)
    monkeypatch.setattr(page_data, "query_exists", lambda name: False)
    monkeypatch.setattr(page_data, "_warmed", set())
    monkeypatch.setattr(page_data, "_frozen", threading.Event())
    yield calls, page_run, computed
    gc.unfreeze()


def test_the_warm_up_waits_for_the_run_then_computes_at_the_lowest_priority(recorded):
    calls, page_run, computed = recorded

    def run():
        page_data.warm_up()
        # the page goes on after starting the warm-up: a warm-up that did not wait would
        # compute now, while this run is alive, and end this wait at once
        computed.wait(timeout=0.5)

    page_run["thread"] = threading.Thread(target=run)
    page_run["thread"].start()
    page_run["thread"].join()
    join_warm_ups()
    # the WARM_FUNCTIONS, no query (none exists here), the district shapes: all after
    # the run, at nice 19
    assert calls == [(False, 19)] * (len(page_data.WARM_FUNCTIONS) + 1)
    assert page_data._frozen.is_set() and gc.get_freeze_count() > 0
