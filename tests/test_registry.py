"""dashboard/registry.py says what each page, the report and the benchmark read: these tests
hold it to the code, so a metric added in one place and forgotten in another fails here."""

import inspect
import re
from pathlib import Path

from dashboard import bench, i18n, metrics, registry, report
from dashboard.warehouse import QUERIES_DIR, read_sql
from tests.metric_fixtures import build_fixture_warehouse

VIEWS = Path(__file__).resolve().parent.parent / "dashboard" / "views"
NOT_METRICS = {"schema", "views", "checks"}  # the warehouse's own files (derive/ is a folder)
CALL = re.compile(r'ui\.(metric|computed|plain_query|headline)\(\s*(?:"([a-z_.]+)")?')
KIND = {"metric": "run", "computed": "computed", "plain_query": "plain"}


def page_calls(page: str) -> set:
    """(kind, name) of every warehouse request written in dashboard/views/<page>.py."""
    text = (VIEWS / f"{page}.py").read_text(encoding="utf-8")
    return {
        ("computed", "headline_metrics") if method == "headline" else (KIND[method], name)
        for method, name in CALL.findall(text)
    }


def test_every_query_file_is_registered_and_every_registered_file_exists():
    files = {path.stem for path in QUERIES_DIR.glob("*.sql")} - NOT_METRICS
    with_sql = {name for name, m in registry.METRICS.items() if m.sql}
    assert files == with_sql


def test_the_registry_names_what_each_page_reads():
    viewed = {path.stem for path in VIEWS.glob("*.py")} - {"welcome"}  # welcome: no data yet
    assert set(registry.pages()) == {page for page in viewed if page_calls(page)}
    for page in registry.pages():
        assert set(registry.page_entries(page)) == page_calls(page), page
    assert bench.PAGE_QUERIES == {p: registry.page_entries(p) for p in registry.pages()}


def test_each_report_entry_is_read_by_the_section_it_names():
    for name, metric in registry.METRICS.items():
        if metric.report is None:
            continue
        section = inspect.getsource(getattr(report.Report, metric.report))
        read = "self.data.headline" if name == "headline_metrics" else f'self.data["{name}"]'
        assert read in section, f"{name}: not read by Report.{metric.report}"


def test_every_headline_number_is_explained_and_every_coverage_row_named():
    con = build_fixture_warehouse()
    for key in set(metrics.headline_metrics(con)) - {"suppressed"}:  # what the JSON prints
        explanation = registry.EXPLANATIONS[key]
        assert explanation["fr"] and explanation["en"], key
        assert explanation["fr"] != explanation["en"], key
    # the Données page's coverage table names each row by its number or its metric
    for key in metrics.run(con, "coverage")["metric"]:
        assert key in registry.EXPLANATIONS or key in registry.METRICS, key
        french, english = i18n.t(f"kpi.{key}", "fr"), i18n.t(f"kpi.{key}", "en")
        assert french != f"kpi.{key}" and english != f"kpi.{key}", key


def test_grains_say_what_one_row_is():
    for name, metric in registry.METRICS.items():
        assert metric.grain.startswith(("one row", "the ", "each ")), name
        if metric.sql:
            assert "from final" in read_sql(name), name
