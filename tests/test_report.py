"""The evaluation report on the hand-worked fixture campaign: its numbers are the metric
queries', it fetches nothing, it speaks French or English, hides small district counts, and
its PDF is a real multi-page document with the charts drawn."""

import json
import re
from html.parser import HTMLParser

import numpy as np
import pypdfium2
import pytest
import shapely
from click.testing import CliRunner

from dashboard import charts, metrics, report, warehouse
from dashboard.browser import launch
from dashboard.cli import main
from dashboard.metrics import Filters
from dashboard.warehouse import read_sql
from tests.metric_fixtures import EXPECTED_HEADLINE, build_fixture_warehouse

ALARM_RED = np.array([0xB2, 0x18, 0x2B])  # charts.STATUS_COLOURS["under-reached (alarm)"]


def add_map_shapes(con):
    """The fixture's four squares as display geometry, so the report draws its map."""
    for key, x in {"nord": 0, "sud": 1, "est": 2, "port": 3}.items():
        shape = json.dumps(shapely.geometry.mapping(shapely.box(x, 0, x + 1, 1)))
        con.execute("update districts set display_geojson = ? where district_id = ?", [shape, key])
    return con


@pytest.fixture(scope="module")
def con():
    return add_map_shapes(build_fixture_warehouse())


@pytest.fixture(scope="module")
def page_fr(con):
    return report.build_report_html(con, Filters(), "fr")


@pytest.fixture(scope="module")
def page_en(con):
    return report.build_report_html(con, Filters(), "en")


class Numbers(HTMLParser):
    """data-metric values, table cells by (table, row key, column), and suppressed cells."""

    def __init__(self, page):
        super().__init__()
        self.metrics, self.cells, self.suppressed = {}, {}, set()
        self.table = self.row = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-metric" in attrs and "data-value" in attrs:
            self.metrics[attrs["data-metric"]] = attrs["data-value"]
        if tag == "table":
            self.table = attrs.get("data-table")
        if tag == "tr":
            self.row = next((v for k, v in attrs.items() if k.startswith("data-")), None)
        if tag == "td" and attrs.get("data-col"):
            key = (self.table, self.row, attrs["data-col"])
            if attrs.get("data-suppressed"):
                self.suppressed.add(key)
            else:
                self.cells[key] = attrs.get("data-value")


def number(text):
    return float(text)


def test_headline_numbers_equal_the_metric_queries(con, page_fr):
    found = Numbers(page_fr).metrics
    headline = metrics.headline_metrics(con, Filters())
    for key in (
        "participants",
        "beyond_first_circle_share",
        "proposals",
        "in_person_share",
        "moderation_rate",
        "median_days_to_answer",
        "duncan_index",
        "unknown_district_share",
        "meetings",
        "attendance",
    ):
        assert number(found[key]) == pytest.approx(headline[key]), key
        assert number(found[key]) == pytest.approx(EXPECTED_HEADLINE[key]), key
    assert int(found["under_reached_districts"]) == len(headline["under_reached_districts"]) == 1
    assert found["under_reached_districts.list"] == "est"
    assert number(found["p90_days_to_answer"]) == 17.0  # 10 + 0.7 x (20 - 10)
    assert int(found["proposals_in_person"]) == 3  # P6 P7 P8
    assert int(found["moderated"]) == 1 and int(found["moderation_items"]) == 5  # I of B B F I J


def test_report_only_numbers_from_their_queries(page_fr):
    found = Numbers(page_fr)
    # collection closes with the open phase p2 on 02-15; the last answer (P7) came 02-03,
    # before the close: no synthesis delay, nothing answered after it
    assert int(found.metrics["synthesis_days"]) == 0
    assert int(found.metrics["answered_after_close"]) == 0
    # meeting sizes: headcounts 40, 25, 12 (M3 has none): 12 to 40, median 25
    assert "12 à 40" in page_fr
    assert number(found.metrics["attendance.text"]) == 77
    # phases: p1 made P1 P5 (2 proposals, no meeting); p2 made the other 6, held M1-M4 (77)
    assert found.cells[("phases", "p1", "proposals")] == "2"
    assert found.cells[("phases", "p2", "proposals")] == "6"
    assert found.cells[("phases", "p2", "headcount")] == "77"


def test_benchmark_table_sets_the_reference_beside_the_campaign(page_fr):
    found = Numbers(page_fr)
    assert found.cells[("benchmarks", "participants", "campaign")] == "10"
    assert found.cells[("benchmarks", "proposals", "campaign")] == "8"
    assert number(found.cells[("benchmarks", "in_person_share", "campaign")]) == 0.375
    assert found.cells[("benchmarks", "meetings", "campaign")] == "4"
    for reference in ("202", "706", "67\u00a0%", "40 à 150 pers.", "10 à 15 j", "≤ 0,010\u00a0%"):
        assert reference in page_fr, reference


def test_small_district_counts_read_less_than_eleven(page_fr):
    found = Numbers(page_fr)
    # Est has nobody (0 reveals no one); Nord 5, Sud 3, Port 1 are under 11
    assert found.cells[("districts", "est", "participants")] == "0"
    for district in ("nord", "sud", "port"):
        assert ("districts", district, "participants") in found.suppressed
        assert ("districts", district, "participants") not in found.cells
    # the rates that would give the count back are bounds, not values: Sud O/E < 11 / 2.4
    assert "&lt; 4,58" in page_fr
    assert "< 11" in page_fr.replace("&lt;", "<")


def test_one_small_count_hides_a_second_so_the_total_gives_nothing_away(con, monkeypatch):
    monkeypatch.setenv("CERCLES_MIN_COUNT", "2")
    found = Numbers(report.build_report_html(con, Filters(), "fr"))
    # threshold 2: only Port (1) is small; Sud (3), the smallest other non-zero, goes with it
    assert ("districts", "port", "participants") in found.suppressed
    assert ("districts", "sud", "participants") in found.suppressed
    assert found.cells[("districts", "nord", "participants")] == "5"


def test_a_district_filter_makes_the_whole_report_a_district_view(con):
    found = Numbers(report.build_report_html(con, Filters(district="nord"), "fr"))
    # Nord's home participants: A C F H I = 5 persons, under 11
    assert "participants" not in found.metrics
    assert ("circles", "1", "participants") in found.suppressed


def test_filters_reach_every_number(con):
    found = Numbers(report.build_report_html(con, Filters(channel="in_person"), "en")).metrics
    assert int(found["proposals"]) == 3  # P6 P7 P8
    assert number(found["in_person_share"]) == 1.0


def test_nothing_is_fetched_when_the_page_opens(page_fr):
    # booleans and short lists only: a failed `in` on a 5 MB page makes pytest diff for ages
    # plotly 6.0 writes <script type="text/javascript">, plotly 7 <script>
    inline = r'<script(?: type="text/javascript")?>(.*?)</script>'
    scripts = re.findall(inline, page_fr, flags=re.DOTALL)
    plotly_js, figure_scripts = scripts[0], scripts[1:]
    outside_scripts = re.sub(inline, "", page_fr, flags=re.DOTALL)
    remote = re.findall(
        r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//[^"' >]*""",
        outside_scripts,
        flags=re.IGNORECASE,
    )
    remote += re.findall(
        r"url\(\s*['\"]?\s*(?:https?:)?//[^)]*", outside_scripts, flags=re.IGNORECASE
    )
    remote += [s[:80] for s in figure_scripts if "http" in s]
    assert remote == []
    assert ("<script src" in page_fr, "<link" in outside_scripts, "@import" in outside_scripts) == (
        False,
        False,
        False,
    )
    assert "Plotly" in plotly_js[:5000] and len(plotly_js) > 1_000_000  # plotly.js, inline
    assert len(figure_scripts) >= 8  # every chart drawn by the embedded plotly.js
    assert sum('"type":"choroplethmap"' in s for s in figure_scripts) == 0  # no WebGL map
    assert (
        'data-chart="district-map"' in page_fr,
        "@media print" in page_fr,
        "break-before: page" in page_fr,
    ) == (True, True, True)


def test_french_by_default_english_on_request(page_fr, page_en):
    assert "<html lang='fr'>" in page_fr and "Bilan de la campagne" in page_fr
    assert "37,5\u00a0%" in page_fr  # in-person share, written the French way
    assert "Méthodes et couverture" in page_fr
    assert "<html lang='en'>" in page_en and "Campaign evaluation report" in page_en
    assert "37.5%" in page_en and "Compared with reference campaigns" in page_en
    assert "Methods and coverage" in page_en and "Bilan de la campagne" not in page_en


def pages_as_pixels(pdf: bytes, count: int):
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document), [
            np.asarray(document[i].render(scale=0.7).to_pil().convert("RGB"), dtype=np.int16)
            for i in range(min(count, len(document)))
        ]
    finally:
        document.close()


def test_pdf_is_a_multi_page_document_with_the_charts(con):
    pdf = report.build_report_pdf(con, Filters(), "fr")
    assert pdf.startswith(b"%PDF-")
    total, pages = pages_as_pixels(pdf, 99)
    assert total >= 5
    for page in pages[:3]:
        non_white = (page < 240).any(axis=2).mean()
        assert page.std() > 10 and non_white > 0.01, "a blank page"
    # the map's polygon and the funnel's dot for Est are drawn in the alarm red
    reds = sum(int((np.abs(page - ALARM_RED).max(axis=2) < 12).sum()) for page in pages)
    assert reds > 500


def test_cli_writes_html_and_pdf(tmp_path):
    warehouse = build_fixture_warehouse(tmp_path / "fixture.duckdb")
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "report",
            "--out",
            str(tmp_path / "bilan.html"),
            "--lang",
            "en",
            "--warehouse",
            str(warehouse),
            "--channel",
            "online",
        ],
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "bilan.html").read_text(encoding="utf-8")
    assert "Campaign evaluation report" in page
    assert int(Numbers(page).metrics["proposals"]) == 5  # P1 P3 P4 P5 P9
    result = runner.invoke(
        main, ["report", "--out", str(tmp_path / "both"), "--warehouse", str(warehouse)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "both" / "bilan.html").stat().st_size > 100_000
    assert (tmp_path / "both" / "bilan.pdf").read_bytes().startswith(b"%PDF-")
    result = runner.invoke(
        main, ["report", "--out", str(tmp_path / "bilan.txt"), "--warehouse", str(warehouse)]
    )
    assert result.exit_code == 1 and "html or .pdf" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(main, ["report", "--since", "soon", "--warehouse", str(warehouse)])
    assert result.exit_code == 1 and "--since" in result.output


def test_the_bilan_page_hook_writes_by_suffix(con, tmp_path):
    written = report.build_report(
        con=con, filters=Filters(), lang="en", out=tmp_path / "bilan.html"
    )
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.browser
def test_the_page_fetches_nothing_in_a_real_browser(page_fr, tmp_path):
    from playwright.sync_api import sync_playwright

    path = tmp_path / "bilan.html"
    path.write_text(page_fr, encoding="utf-8")
    fetched = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.on("request", lambda request: fetched.append(request.url))
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function("document.querySelectorAll('.main-svg').length >= 8")
            drawn = page.locator("figure[data-chart] .plotly-graph-div").count()
            # on a phone the page never scrolls sideways: a wide table scrolls in its own box
            page_width = page.evaluate("document.documentElement.scrollWidth")
            widest_table = page.evaluate(
                "Math.max(...[...document.querySelectorAll('table')].map(t => t.scrollWidth))"
            )
        finally:
            browser.close()
    assert [url for url in fetched if not url.startswith(("file:", "data:", "blob:"))] == []
    assert drawn >= 8
    assert widest_table > 390 and page_width <= 390, (widest_table, page_width)


@pytest.mark.browser
def test_phase_names_never_print_over_each_other(tmp_path):
    # a proposal from years before the campaign: on weekly charts spanning those years the
    # phases are a few pixels wide, and their names, each at the top of its band, are drawn
    # where a reader can tell them apart
    from playwright.sync_api import sync_playwright

    con = build_fixture_warehouse()
    con.execute("insert into phases values ('p3', 'Synthèse', '2026-02-16', '2026-03-01', false)")
    con.execute("""
        update proposals set created_at = created_at - interval 6 year,
            published_at = published_at - interval 6 year
        where proposal_id = (select min(proposal_id) from proposals)
    """)
    warehouse.refresh_derived(con)
    path = tmp_path / "bilan.html"
    path.write_text(report.build_report_html(con, Filters(), "fr"), encoding="utf-8")
    names = ["Pré-propositions", "Ouverte", "Synthèse"]
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 2000})
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function("document.querySelectorAll('.main-svg').length >= 8")
            boxes = page.evaluate("""(names) => {
                const charts = document.querySelectorAll('figure[data-chart^="timeline-"]');
                return [...charts].map(chart => [...chart.querySelectorAll('.annotation-text')]
                    .filter(text => names.includes(text.textContent))
                    .map(text => {
                        const box = text.getBoundingClientRect();
                        return [text.textContent, box.left, box.top, box.right, box.bottom];
                    }));
            }""", names)
        finally:
            browser.close()
    assert len(boxes) >= 2
    # on the weekly proposals the three phases lie within ten weeks of a six-year axis
    assert any(max(box[1] for box in chart) - min(box[1] for box in chart) < 60
               for chart in boxes), boxes
    for chart in boxes:
        assert sorted(box[0] for box in chart) == sorted(names)
        for i, one in enumerate(chart):
            for other in chart[i + 1:]:
                apart = (one[3] <= other[1] or other[3] <= one[1]
                         or one[4] <= other[2] or other[4] <= one[2])
                assert apart, (one, other)


def test_mobilisation_section_counts_actions_operations_and_first_timers(tmp_path):
    from dashboard.importers import import_paths
    from dashboard.warehouse import connect_readonly
    from tests.test_pages import MOBILISATION_ACTIONS

    path = build_fixture_warehouse(tmp_path / "fixture.duckdb")
    sheet = tmp_path / "actions.csv"
    sheet.write_text(MOBILISATION_ACTIONS, encoding="utf-8")
    import_paths([sheet], path)
    page = report.build_report_html(connect_readonly(path), Filters(), "fr")
    assert "id='section-mobilisation'" in page and "association, pas une preuve" in page
    said = captions(page)
    assert all(said.values()), said
    # both operations' ratios are not computable: no empty chart, the table says why
    assert "operations-forest" not in said
    found = Numbers(page)
    # 4 actions (one in no district), 20 doors opened; operations nord (20-27 Jan) and est
    assert found.metrics["field_actions"] == "4" and found.metrics["doors_opened"] == "20"
    assert found.metrics["operations"] == "2" and found.metrics["operations_rising"] == "0"
    # nord's newcomers: 2 before (A, H), 3 after (C, F, I): district counts under 11
    operations = {key for key in found.suppressed if key[0] == "operations"}
    assert {column for _, _, column in operations} >= {"n_before", "n_after"}
    # M1: G signed in, her first contribution: 1 first-timer, shown as "< 11"
    assert ("meetings-ranked", "sheet|meeting|1", "first_timers") in found.suppressed
    assert found.cells[("meetings-ranked", "sheet|meeting|1", "headcount")] == "40"
    assert found.cells[("meetings-ranked", "decidim|demo.example|meeting|3", "proposals")] == "1"


def captions(page: str) -> dict:
    """Each chart's name and the text under it."""
    found = {}
    for figure in re.finditer(
        r'<figure class="[^"]*" data-chart="([^"]+)">(.*?)</figure>', page, re.DOTALL
    ):
        text = re.search(r"<figcaption>(.*?)</figcaption>", figure.group(2), re.DOTALL)
        found[figure.group(1)] = text.group(1) if text else ""
    return found


def test_every_chart_has_a_sentence_for_those_who_cannot_see_it(page_fr, page_en):
    said = captions(page_fr)
    assert len(said) >= 10 and all(said.values()), said
    # the fixture's busiest week: 4 proposals submitted in the week of 19 January
    assert said["timeline-proposals"] == "En bref : le plus haut, Déposées\u00a0: 4 (19/01/2026)."
    # 4 of the 5 persons took part only online (A B C D online, F in person only)
    assert said["people-mix"] == "En bref : la plus grande part, seulement en ligne (80,0\u00a0%)."
    # the states bar says its counts in words, not "the highest"
    assert "sur 8 propositions, 4 attendent" in said["proposal-states"]
    assert "En bref" not in said["proposal-states"]
    assert captions(page_en)["timeline-proposals"] == (
        "In short: the highest, Submitted: 4 (2026-01-19)."
    )


def benchmark_reading(page: str, key: str) -> str:
    row = re.search(rf'<tr data-benchmark="{key}">(.*?)</tr>', page, re.DOTALL).group(1)
    return [cell for cell in re.split(r"<[^>]+>", row) if cell][-1]


def test_moderation_reads_above_only_when_beyond_chance(page_fr):
    def reading(hidden, items):
        row = {
            "moderated": hidden,
            "published": items - hidden,
            "measurable": True,
            "moderation_rate": hidden / items,
        }
        headline = {
            "moderation_measurable": True,
            "moderation_rate": hidden / items,
            **metrics.moderation_significance(row),
        }
        return report.moderation_reading(headline)

    # 1 hidden of 5: exact lower limit 1 - 0.975^(1/5) = 0.51 % > 0.01 %
    assert reading(1, 5) == "bench.significantly_above"
    # 1 hidden of 5,000: rate 0.02 % but lower limit 1 - 0.975^(1/5000) = 0.0005 % < 0.01 %
    assert reading(1, 5000) == "bench.above_by_chance"
    assert reading(0, 500) == "bench.within"
    assert (
        report.moderation_reading(
            {
                "moderation_measurable": False,
                "moderation_rate": None,
                "moderation_above_benchmark": None,
            }
        )
        == "bench.not_measured"
    )
    # the fixture: I hidden among B B F I J
    assert "nettement au-dessus" in benchmark_reading(page_fr, "moderation_rate")


class Texts(HTMLParser):
    """Every tag met, each table cell's text by (table, row key), and the paragraphs' text."""

    def __init__(self, page):
        super().__init__()
        self.tags, self.cells, self.paragraphs = [], {}, []
        self.table = self.row = self.cell = self.paragraph = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "table":
            self.table = attrs.get("data-table")
        if tag == "tr":
            self.row = next((v for k, v in attrs.items() if k.startswith("data-")), None)
        if tag == "td":
            self.cell = self.cells.setdefault((self.table, self.row), [])
            self.cell.append("")
        if tag == "p":
            self.paragraph = len(self.paragraphs)
            self.paragraphs.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self.cell = None
        if tag == "p":
            self.paragraph = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[-1] += data
        if self.paragraph is not None:
            self.paragraphs[self.paragraph] += data


def test_hostile_names_are_shown_as_text_wherever_the_report_shows_them():
    district, meeting, phase = (
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "</script><b onmouseover=alert(1)>Ouverte",
    )
    con = add_map_shapes(build_fixture_warehouse())
    con.execute("update districts set name = ? where district_id = 'est'", [district])
    con.execute("update meetings set title = ? where meeting_id = 'sheet|meeting|1'", [meeting])
    con.execute("update phases set name = ? where phase_id = 'p2'", [phase])
    warehouse.refresh_derived(con)
    page = report.build_report_html(con, Filters(), "fr")
    assert (district in page, meeting in page, phase in page) == (False, False, False)
    found = Texts(page)
    # no tag but the report's own: no <img>, no <b>, and one <script> for plotly.js plus one
    # per chart
    assert {"img", "b"} & set(found.tags) == set()
    assert found.tags.count("script") == 1 + found.tags.count("figure")
    # Est (under-reached, O = 0) is in the district table, the target list and, with M3, the
    # meetings by district and the meetings ranked; M1's title and phase p2 in their tables
    assert found.cells[("districts", "est")][0] == district
    assert found.cells[("targets", "est")][0] == district
    assert found.cells[("meetings-by-district", "est")][0] == district
    assert found.cells[("meetings-ranked", "decidim|demo.example|meeting|3")][2] == district
    assert found.cells[("meetings-ranked", "sheet|meeting|1")][0] == meeting
    assert found.cells[("phases", "p2")][0] == phase
    # the summary lists the under-reached districts; the synthesis names the open phase (p2)
    assert any(
        f"Quartiers sous-représentés : {district}." in p.replace("\u00a0", " ")
        for p in found.paragraphs
    )
    assert any(f"({phase})" in p for p in found.paragraphs)
    # the map labels its polygons inside the chart's JSON, where < > / are \u escapes
    escaped = (
        json.dumps(district).replace("<", "\\u003c").replace(">", "\\u003e").replace("/", "\\u002f")
    )
    map_figure = re.search(r'data-chart="district-map">(.*?)</figure>', page, re.DOTALL).group(1)
    assert escaped in map_figure


def test_a_district_view_still_names_every_district_on_its_map(con):
    # with Nord chosen the reach covers Nord alone; the other squares keep their names (from
    # the shapes), never their ids, on the report's map and on the dashboard's
    page = report.build_report_html(con, Filters(district="nord"), "fr")
    map_figure = re.search(r'data-chart="district-map">(.*?)</figure>', page, re.DOTALL).group(1)
    assert all(f'"{name}"' in map_figure for name in ("Nord", "Sud", "Est", "Port"))
    assert not [key for key in ("sud", "est", "port") if f'"{key}"' in map_figure]

    geojson = charts.feature_collection(con.execute(read_sql("district_shapes")).fetchdf())
    geojson["features"][3]["properties"]["name"] = "<i>Sud</i>"  # shapes come by id
    labels = charts.district_labels(geojson, {"nord": "Nord"})
    assert list(labels.text) == ["Est", "Nord", "Port", "&lt;i&gt;Sud&lt;/i&gt;"]
