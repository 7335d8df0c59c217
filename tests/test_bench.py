"""`cercles bench` on the hand-worked fixture warehouse: its JSON has the figures the README
table reports, it asks each page's queries and gets what the dashboard gets, and its pandas
re-computation finds the headline worked out by hand (tests/metric_fixtures.py)."""

import csv
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from dashboard import bench, metrics
from dashboard.cli import main
from dashboard.warehouse import connect_readonly
from tests.metric_fixtures import EXPECTED_HEADLINE, build_fixture_warehouse

PAGES_DIR = Path(__file__).resolve().parent.parent / "dashboard" / "views"
CALL = re.compile(r'ui\.(metric|computed|plain_query|headline)\(\s*(?:"([a-z_.]+)")?')
KIND = {"metric": "run", "computed": "computed", "plain_query": "plain"}
COMPARED = (
    "participants",
    "participants_by_circle",
    "beyond_first_circle_share",
    "proposals_by_channel",
    "in_person_share",
    "moderation_rate",
    "median_days_to_answer",
    "duncan_index",
)
JSON_KEYS = {
    "events",
    "events_asked",
    "questions_per_answer",
    "exports_megabytes",
    "persons",
    "proposals",
    "generate_seconds",
    "import_seconds",
    "import_cpu_seconds",
    "raw_load_seconds",
    "raw_load_cpu_seconds",
    "import_ratio_to_raw",
    "raw_load_peak_rss_mb",
    "import_peak_rss_mb",
    "load_pairs",
    "page_query_ms",
    "cold_query_ms",
    "page_query_cpu_ms",
    "slowest_page_ms",
    "filtered_values",
    "filtered_page_query_ms",
    "filtered_cold_query_ms",
    "slowest_filtered_page_ms",
    "duckdb_metrics_ms",
    "pandas_metrics_ms",
    "pandas_ratio",
    "metrics_agree",
    "peak_rss_mb",
    "peak_rss_with_pandas_mb",
    "load_average",
    "headline",
    "pandas_headline",
}


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("bench") / "cercles.duckdb")


def page_calls(page: str) -> set:
    """(kind, name) of every warehouse request written in dashboard/views/<page>.py."""
    calls = set()
    for method, name in CALL.findall((PAGES_DIR / f"{page}.py").read_text(encoding="utf-8")):
        calls.add(
            ("computed", "headline_metrics") if method == "headline" else (KIND[method], name)
        )
    return calls


def test_page_queries_mirror_the_pages():
    shown = {path.stem for path in PAGES_DIR.glob("*.py")} - {"welcome"}  # welcome: empty warehouse
    assert set(bench.PAGE_QUERIES) == shown
    for page, entries in bench.PAGE_QUERIES.items():
        assert set(entries) == page_calls(page), page


def test_each_page_the_bench_times_gets_what_the_dashboard_gets(fixture_file):
    con = connect_readonly(fixture_file)
    overview = bench.page_work(con, bench.PAGE_QUERIES["overview"])
    entries = dict(zip(bench.PAGE_QUERIES["overview"], overview))
    # the overview reads the headline numbers its cards show, as the full headline gives them
    headline = entries[("computed", "overview_headline")]
    shown = set(headline) & set(EXPECTED_HEADLINE)
    assert {"participants", "moderation_rate"} <= shown
    assert {key: headline[key] for key in shown} == {key: EXPECTED_HEADLINE[key] for key in shown}
    for page, page_entries in bench.PAGE_QUERIES.items():
        results = bench.page_work(con, page_entries)
        assert len(results) == len(page_entries), page
        for (kind, name), result in zip(page_entries, results):
            if kind == "run":  # the query file the page shows, under the same (no) filters
                assert result.equals(metrics.run(con, name, metrics.Filters())), (page, name)


def test_the_pandas_headline_finds_the_hand_worked_numbers(fixture_file):
    con = connect_readonly(fixture_file)
    from_pandas = bench.pandas_headline(bench.load_frames(con))
    assert from_pandas == {key: EXPECTED_HEADLINE[key] for key in COMPARED}
    assert bench.same_numbers(from_pandas, bench.duckdb_headline(con))
    assert not bench.same_numbers({**from_pandas, "participants": 11}, from_pandas)


def test_the_bench_command_prints_its_figures_as_json(fixture_file, tmp_path, monkeypatch):
    # the campaign written and imported is the fixture (generating the demo is tested apart),
    # one page timed once (every page's queries are checked above); the raw load reads one file
    export = tmp_path / "export.csv"
    export.write_text("a;b\n1;2\n", encoding="utf-8")
    monkeypatch.setattr(
        bench, "write_scaled_campaign",
        lambda folder, events, seed, questions: {export.name: export},
    )
    ran = []  # the import and the raw load run each in a process of its own: here, in this one
    monkeypatch.setattr(
        bench,
        "in_own_process",
        lambda work, files, target, env=None: ran.append((work, dict(files))) or bench.measured(
            work, files, target
        ),
    )
    monkeypatch.setattr(bench, "PAGE_QUERIES", {"overview": bench.PAGE_QUERIES["overview"]})
    monkeypatch.setattr(bench, "WARM_RUNS", 1)
    monkeypatch.setattr(bench, "FILTERED_RUNS", 1)
    monkeypatch.setattr(
        bench, "import_campaign", lambda files, target: shutil.copyfile(fixture_file, target)
    )
    result = CliRunner().invoke(
        main, ["bench", "--events", "2000", "--json", "--keep", str(tmp_path), "--loads", "2"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert set(figures) == JSON_KEYS
    assert figures["metrics_agree"] is True
    assert figures["headline"] == {key: EXPECTED_HEADLINE[key] for key in COMPARED}
    assert figures["pandas_headline"] == figures["headline"]
    con = connect_readonly(fixture_file)
    assert (figures["events"], figures["persons"], figures["proposals"]) == con.execute(
        "select (select count(*) from contributions), (select count(*) from person_facts),"
        " (select count(*) from proposals)"
    ).fetchone()
    assert figures["events_asked"] == 2000
    assert figures["questions_per_answer"] == 2  # the default
    assert figures["exports_megabytes"] == round(export.stat().st_size / 1e6, 1)
    pages = {"overview", bench.METRICS_COMMAND}
    for key in ("page_query_ms", "cold_query_ms", "page_query_cpu_ms"):
        assert set(figures[key]) == pages, key
    assert figures["slowest_page_ms"] == max(figures["page_query_ms"].values())
    # each filter alone (the fixture has no campaign), then the slowest pair of two of them
    values = figures["filtered_values"]
    singles = set(bench.FILTERS) - {"campaign"}
    assert set(values) == singles | {"worst_pair"}
    assert values["least_populated_district"] == {"district": "port"}  # J alone lives there
    assert values["most_populated_district"] == {"district": "nord"}  # A C F H I: 5
    pair = values["worst_pair"]
    assert len(pair) == 2 and any(values[a] | values[b] == pair for a in singles for b in singles)
    for key in ("filtered_page_query_ms", "filtered_cold_query_ms"):
        assert set(figures[key]) == set(values), key
        assert all(set(by_page) == pages for by_page in figures[key].values()), key
    assert figures["slowest_filtered_page_ms"] == max(
        ms for by_page in figures["filtered_page_query_ms"].values() for ms in by_page.values()
    )
    # the same files imported, then loaded as text, each in a process of its own, one after
    # the other as many times as asked, in the same run, and the import held against the load
    pair = [("import_campaign", {export.name: export}), ("raw_load", {export.name: export})]
    assert ran == pair * 2
    assert len(figures["load_pairs"]) == 2
    assert figures["raw_load_seconds"] >= 0 and figures["import_ratio_to_raw"] > 0
    assert figures["raw_load_peak_rss_mb"] > 0 and figures["import_peak_rss_mb"] > 0
    assert figures["peak_rss_mb"] >= figures["import_peak_rss_mb"]
    assert not (tmp_path / "raw-load.duckdb").exists()  # its copy of the rows is not kept


def test_the_import_figures_are_medians_and_the_ratio_the_median_of_each_pairs():
    """Three pairs worked by hand: imports 40, 30 and 36 s against raw loads of 20, 20 and
    16 s. Medians 36 and 20 s; the pairs' ratios 2.0, 1.5 and 2.25, whose median is 2.0 (the
    ratio of the medians, 1.8, would pair the 36 s import with another run's load)."""
    def figures(seconds, cpu, peak):
        return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": peak}

    runs = [
        (figures(40.0, 70.0, 2900.0), figures(20.0, 31.0, 1200.0)),
        (figures(30.0, 60.0, 3100.0), figures(20.0, 30.0, 1250.0)),
        (figures(36.0, 66.0, 3000.0), figures(16.0, 29.0, 1190.0)),
    ]
    assert bench.paired_figures(runs) == {
        "import_seconds": 36.0,
        "import_cpu_seconds": 66.0,
        "raw_load_seconds": 20.0,
        "raw_load_cpu_seconds": 30.0,
        "import_ratio_to_raw": 2.0,
        "load_pairs": [
            {"import_seconds": 40.0, "raw_load_seconds": 20.0, "ratio": 2.0},
            {"import_seconds": 30.0, "raw_load_seconds": 20.0, "ratio": 1.5},
            {"import_seconds": 36.0, "raw_load_seconds": 16.0, "ratio": 2.25},
        ],
        "raw_load_peak_rss_mb": 1250.0,
        "import_peak_rss_mb": 3100.0,
    }


def test_the_raw_load_runs_in_a_process_of_its_own(tmp_path, monkeypatch):
    """Its memory is its own: the bench's peak is Cercles' alone. (A fresh process does not
    see what this one patches, so a raw_load broken here still runs there.)"""
    monkeypatch.setattr(bench, "raw_load", lambda files, target: 1 / 0)
    export = tmp_path / "export.csv"
    export.write_text("a;b\n1;2\n", encoding="utf-8")
    target = tmp_path / "raw.duckdb"
    held = b"x" * (400 << 20)  # this process holds 400 MB more than the raw load needs
    figures = bench.timed_raw_load({export.name: export}, target)
    del held
    assert set(figures) == {"seconds", "cpu_seconds", "peak_rss_mb"}
    assert figures["seconds"] > 0 and 0 < figures["peak_rss_mb"] < 400
    con = duckdb.connect(str(target), read_only=True)
    assert con.execute("select * from raw_0").fetchall() == [("1", "2")]
    con.close()


def test_cercles_sets_duckdbs_allocator_before_duckdb_starts_and_the_raw_load_keeps_its_own(
    monkeypatch,
):
    """jemalloc reads its settings once, when duckdb is imported: the package sets them before
    any of its modules imports duckdb; the raw load, the reference, runs DuckDB as it comes."""
    import subprocess
    import sys

    from dashboard import ALLOCATOR_ENV

    env = {name: value for name, value in os.environ.items() if name != ALLOCATOR_ENV}
    child = subprocess.run(
        [sys.executable, "-c", "import os, sys, dashboard; "
         f"print('duckdb' in sys.modules, os.environ['{ALLOCATOR_ENV}'])"],
        capture_output=True, text=True, env=env, check=True,
    )
    assert child.stdout.split() == ["False", "dirty_decay_ms:5000"]
    asked = {}
    monkeypatch.setattr(bench, "in_own_process",
                        lambda work, *args, env=None: asked.update({work: env}))
    bench.timed_raw_load({}, Path("raw.duckdb"))
    bench.timed_import({}, Path("warehouse.duckdb"))
    assert asked == {"raw_load": {ALLOCATOR_ENV: ""}, "import_campaign": None}


def test_a_measured_process_ignores_this_ones_main_script_and_its_failure_is_raised(
    tmp_path, monkeypatch
):
    """After a Streamlit page ran in this process, its main module is the page's script: a
    child started by re-running it died, and a multiprocessing Pool waited for ever."""
    import sys
    import threading
    import types

    script = tmp_path / "page.py"
    script.write_text("raise SystemExit('the page script ran again')\n", encoding="utf-8")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", page)
    export = tmp_path / "export.csv"
    export.write_text("a;b\n1;2\n", encoding="utf-8")

    def within_two_minutes(work, *args):
        outcome = {}

        def run():
            try:
                outcome["value"] = work(*args)
            except Exception as exc:  # noqa: BLE001 - handed to the test below
                outcome["error"] = exc

        waiting = threading.Thread(target=run, daemon=True)  # a hang fails, not blocks, the run
        waiting.start()
        waiting.join(120)
        assert outcome, f"{work.__name__} still waits after two minutes"
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    figures = within_two_minutes(bench.timed_raw_load, {export.name: export}, tmp_path / "r.duckdb")
    assert figures["seconds"] > 0
    with pytest.raises(RuntimeError, match="no_such_work failed in its own process: KeyError"):
        within_two_minutes(bench.in_own_process, "no_such_work")


def test_the_raw_load_reads_every_file_as_text_tables(tmp_path):
    """Each export becomes one table of text columns, a zip's entries each theirs, a cp1252
    file read as single bytes, JSON as DuckDB reads it."""
    semicolons = tmp_path / "a.csv"
    semicolons.write_text("id;code\n001;38000\n002;\n003;38100\n", encoding="utf-8")
    windows = tmp_path / "b.csv"
    windows.write_bytes("nom,quartier\nÉlise,Gare\n".encode("cp1252"))
    records = tmp_path / "c.json"
    records.write_text('[{"id": 1, "t": "x"}, {"id": 2, "t": "y"}]', encoding="utf-8")
    archive = tmp_path / "d.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("d-users.csv", "id,name\n1,a\n2,b\n")
        zipped.writestr("d-debates.csv", "id\n7\n")
    files = {p.name: p for p in (semicolons, windows, records, archive)}
    target = tmp_path / "raw.duckdb"
    assert bench.raw_load(files, target) == 5  # three files and the zip's two entries
    con = duckdb.connect(str(target), read_only=True)
    tables = {
        name: con.execute(f"select * from {name}").fetchall()
        for (name,) in con.execute("select table_name from duckdb_tables()").fetchall()
    }
    # rows as typed: codes keep their zeros (text, not numbers), an empty cell is null
    assert tables["raw_0"] == [("001", "38000"), ("002", None), ("003", "38100")]
    assert tables["raw_1"] == [("Élise", "Gare")]
    assert tables["raw_2"] == [(1, "x"), (2, "y")]
    assert sorted(tables["raw_3"] + tables["raw_4"]) == [("1", "a"), ("2", "b"), ("7",)]
    types = con.execute(
        "select distinct data_type from duckdb_columns() "
        "where table_name in ('raw_0', 'raw_1', 'raw_3', 'raw_4')"
    ).fetchall()
    assert types == [("VARCHAR",)]
    con.close()
    workbook = tmp_path / "e.xlsx"
    workbook.write_bytes(b"PK")
    with pytest.raises(ValueError, match="e.xlsx"):
        bench.raw_load({workbook.name: workbook}, target)


def test_survey_answers_carry_the_questions_asked(tmp_path):
    """Two short questions by default; with 25, 23 more whose answers are texts, a quarter
    empty, the others 'Réponse i à la question q : ' then 1 to 5 times a 31-character phrase
    (about 120 characters in all on average): rows of about 2.4 KB."""
    counts = {"survey_answers": 2_000}
    con = duckdb.connect()
    con.register("buckets", bench.postcode_buckets())
    for questions, fields in ((2, 13), (25, 36)):
        folder = tmp_path / str(questions)
        folder.mkdir()
        (path,) = bench._write_survey_answers(con, folder, counts, 2026, questions).values()
        with open(path, encoding="utf-8", newline="") as fh:
            header = len(next(csv.reader(fh)))
        assert header == fields, questions
    # 150 bytes, then 23 texts of about 30 + 3 x 31 characters, three quarters filled: 2.3 KB
    bytes_per_row = path.stat().st_size / 2_000
    assert 2_000 < bytes_per_row < 4_000
    texts = con.execute(
        f"select \"QUXV24: Question 25 ?\" as answer from read_csv('{path}', all_varchar=true)"
    ).fetchall()
    empty = sum(1 for (answer,) in texts if not answer)
    assert 400 < empty < 600  # a quarter of 2,000
    assert all(a.startswith("Réponse ") and a.endswith("quartier, ") for (a,) in texts if a)
