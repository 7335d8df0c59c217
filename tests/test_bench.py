"""`cercles bench` at a tiny size: it runs end to end through the CLI, its JSON has the
figures the README table reports, pandas and DuckDB agree, and every page is timed."""

import json
import re
from pathlib import Path

from click.testing import CliRunner

from dashboard import bench
from dashboard.cli import main

PAGES_DIR = Path(__file__).resolve().parent.parent / "dashboard" / "views"
CALL = re.compile(r'ui\.(metric|computed|plain_query|headline)\(\s*(?:"([a-z_.]+)")?')
KIND = {"metric": "run", "computed": "computed", "plain_query": "plain"}


def page_calls(page: str) -> set:
    """(kind, name) of every warehouse request written in dashboard/views/<page>.py."""
    calls = set()
    for method, name in CALL.findall((PAGES_DIR / f"{page}.py").read_text(encoding="utf-8")):
        calls.add(("computed", "headline_metrics") if method == "headline"
                  else (KIND[method], name))
    return calls


def test_page_queries_mirror_the_pages():
    shown = {path.stem for path in PAGES_DIR.glob("*.py")} - {"welcome"}  # welcome: empty warehouse
    assert set(bench.PAGE_QUERIES) == shown
    for page, entries in bench.PAGE_QUERIES.items():
        assert set(entries) == page_calls(page), page


def test_bench_runs_tiny_and_agrees(tmp_path, monkeypatch):
    monkeypatch.setenv("CERCLES_KEY", "test-bench")
    result = CliRunner().invoke(
        main, ["bench", "--events", "2000", "--json", "--keep", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    for key in ("events", "import_seconds", "page_query_ms", "cold_query_ms", "pandas_ratio",
                "peak_rss_mb", "metrics_agree"):
        assert key in figures, key
    # counts exactly; shares, rate, median and index to 1e-12 (a sum in another order can
    # differ in the last bit)
    assert figures["metrics_agree"] is True
    for key in ("participants", "participants_by_circle", "proposals_by_channel"):
        assert figures["headline"][key] == figures["pandas_headline"][key], key
    assert figures["headline"]["participants"] > 0
    # the demo (~2,000 contributions) plus a scaled part, about the size asked
    assert 1_500 <= figures["events"] <= 3_000
    assert set(figures["page_query_ms"]) == set(bench.PAGE_QUERIES) | {bench.METRICS_COMMAND}
    assert all(ms > 0 for ms in figures["page_query_ms"].values())
    assert set(figures["filtered_page_query_ms"]) == set(figures["page_query_ms"])
    assert all(ms > 0 for ms in figures["filtered_page_query_ms"].values())
    assert figures["peak_rss_mb"] > 0
