"""`cercles bench --browser` end to end on the demo warehouse: both apps served, chromium
driven through every page, a district chosen, and one JSON object printed whose every timing
is a positive number of seconds, the first load's gap taken pair by pair. The speed targets
are reported by the benchmark, not asserted here. A warehouse it cannot read is refused in
one line before anything is served; a first load waits for the servers to be idle."""

import json
import statistics
import subprocess
import sys

import pytest
from click.testing import CliRunner

from dashboard import bench_browser
from dashboard.browser import PAGES
from dashboard.cli import main
from tests import test_browser
from tests.test_browser import REPO, server_env

demo_warehouse = test_browser.demo_warehouse


def positive(value) -> bool:
    return isinstance(value, float | int) and not isinstance(value, bool) and value > 0


@pytest.mark.browser
def test_the_browser_bench_times_both_apps_and_every_page(demo_warehouse):
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "bench", "--browser", "--runs", "2", "--json"]
        + ["--warehouse", str(demo_warehouse)],
        check=False,  # the exit code is asserted with the error output beside it
        env=server_env(demo_warehouse),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])

    assert figures["warehouse"] == str(demo_warehouse.resolve())
    assert figures["sign_in"] == "off" and figures["runs"] == 2
    one_chart, app = figures["one_chart_page"], figures["app"]
    titles = [title for title, _ in PAGES[1:]] + [PAGES[0][0]]  # in menu order, then back
    timings = [
        one_chart["first_visit_after_start"]["first_load_seconds"],
        one_chart["first_load_seconds"],
        *one_chart["first_load_runs"],
        app["first_visit_after_start"]["first_load_seconds"],
        app["first_visit_after_start"]["filter_change_seconds"],
        *app["first_visit_after_start"]["page_switch_seconds"].values(),
        app["first_load_seconds"],
        *app["first_load_runs"],
        *app["page_switch_seconds"].values(),
        app["slowest_page_switch_seconds"],
        app["filter_change_seconds"],
        *app["filter_change_runs"],
    ]
    assert all(positive(seconds) for seconds in timings), timings
    assert len(one_chart["first_load_runs"]) == len(app["first_load_runs"]) == 2
    assert len(app["filter_change_runs"]) == 2
    assert list(app["page_switch_seconds"]) == titles
    assert list(app["first_visit_after_start"]["page_switch_seconds"]) == titles
    assert app["slowest_page_switch_seconds"] == max(app["page_switch_seconds"].values())
    # the gap is each pair's own: the two apps visited one after the other, in turn first
    gaps = [
        app_load - one_load
        for one_load, app_load in zip(one_chart["first_load_runs"], app["first_load_runs"])
    ]
    assert figures["first_load_gap_runs"] == pytest.approx(gaps, abs=0.002)
    assert figures["first_load_gap_seconds"] == pytest.approx(statistics.median(gaps), abs=0.002)
    # a wait for both servers to be idle before each of the 2 x 3 visits
    assert len(figures["idle_wait_seconds"]) == 6
    assert all(0 < wait < 60 for wait in figures["idle_wait_seconds"])
    for load in (figures["load_average_before"], figures["load_average_after"]):
        assert len(load) == 3 and all(x >= 0 for x in load)
    assert positive(figures["cpus"])


def test_a_missing_warehouse_is_one_line_before_any_server_starts(tmp_path):
    missing = tmp_path / "absent.duckdb"
    result = CliRunner().invoke(main, ["bench", "--browser", "--warehouse", str(missing)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {missing}: no warehouse yet; import exports first (cercles import FILES)"
    ]


def test_a_first_load_waits_until_the_servers_are_idle():
    busy = subprocess.Popen(
        [sys.executable, "-c", "import time\nend = time.time() + 1.5\nwhile time.time() < end: pass"]
    )
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        # while one process works, the wait goes on; it ends once it has stopped working
        assert bench_browser.wait_idle([idle.pid, busy.pid]) >= 1.0
        busy.wait(timeout=30)
        assert bench_browser.wait_idle([idle.pid]) < 5
    finally:
        for process in (busy, idle):
            process.kill()
            process.wait()
