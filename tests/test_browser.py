"""The dashboard in a real browser: Debian's chromium driven by Playwright against
`streamlit run` on the demo warehouse (the metrics fixture warehouse until the demo exists).

Visits every page through the navigation, checks that no exception is shown and that each
page draws its charts, changes a filter and follows the URL and the numbers, and uploads a
roster through the Données page. Screenshots of failures land in test-artifacts/; the time
each page takes to settle after a click is written to test-artifacts/page-timings.json.
"""

import html
import json
import math
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path

import pytest

from dashboard import browser as browser_tools
from dashboard.browser import (  # noqa: F401 - the browser tests import them from here
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGES,
    VIEWPORT,
    settle,
)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
TEST_KEY = "browser-test-key"  # the server and the builders must pseudonymise alike

BUILD_WAREHOUSE = """
import sys
from pathlib import Path
target, folder = Path(sys.argv[1]), Path(sys.argv[2])
try:
    from dashboard.demo import build_demo
except ImportError:
    build_demo = None
if build_demo is not None:
    build_demo(folder, target, seed=2026)
else:
    from tests.metric_fixtures import build_fixture_warehouse
    build_fixture_warehouse(target)
"""


def server_env(warehouse: Path) -> dict:
    env = dict(
        os.environ, CERCLES_WAREHOUSE=str(warehouse), CERCLES_KEY=TEST_KEY, PYTHONPATH=str(REPO)
    )
    env.pop("CERCLES_KEY_FILE", None)
    return env


@contextmanager
def streamlit_server(warehouse: Path, **environment: str):
    """`streamlit run` on the app as `cercles serve` runs it (server.py: app.py behind its
    HTTP gate); `environment` adds variables."""
    with browser_tools.streamlit_server(
        REPO / "dashboard" / "server.py",
        {**server_env(warehouse), **environment},
        ARTIFACTS / "streamlit-server.log",
        cwd=REPO,
    ) as url:
        yield url


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    warehouse = folder / "cercles.duckdb"
    subprocess.run(
        [sys.executable, "-c", BUILD_WAREHOUSE, str(warehouse), str(folder / "demo")],
        env=server_env(warehouse),
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return warehouse


@pytest.fixture(scope="module")
def app_url(demo_warehouse):
    with streamlit_server(demo_warehouse) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser_tools.launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh tab; a full-page screenshot lands in test-artifacts/ when the test fails."""
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    tab = context.new_page()
    failures_before = request.session.testsfailed
    yield tab
    if request.session.testsfailed > failures_before:  # the call phase is reported by now
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def open_page(page, title: str, charts: int) -> float:
    """Click `title` in the sidebar menu; seconds until its heading, charts and a finished run."""
    started = time.monotonic()
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=60_000)
    if charts:
        page.locator(".js-plotly-plot").nth(charts - 1).wait_for(timeout=60_000)
    settle(page)
    return time.monotonic() - started


def press_until(page, button, outcome, tries: int = 4) -> None:
    """Click `button` until `outcome` shows: choosing a file reruns the page, and a click that
    lands during that rerun is dropped by Streamlit (importing the same file twice is harmless)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        settle(page)
        button.click()
        try:
            outcome.wait_for(timeout=60_000 if attempt == tries - 1 else 15_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def kpi_value(page, label: str) -> str:
    card = (
        page.locator("[data-testid='stMetric']")
        .filter(has=page.locator("[data-testid='stMetricLabel']", has_text=label))
        .first
    )
    return card.locator("[data-testid='stMetricValue']").inner_text().strip()


def cli_headline(warehouse: Path, *options: str) -> dict:
    output = subprocess.run(
        [
            sys.executable,
            "-c",
            "from dashboard.cli import main; main()",
            "metrics",
            "--json",
            *options,
        ],
        env=server_env(warehouse),
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


def test_every_page_settles_without_exception_and_draws_its_charts(page, app_url):
    page.goto(app_url)
    settle(page)
    page.get_by_role("heading", name="Vue d'ensemble").first.wait_for()
    timings = {"first visit": {}, "second visit": {}}
    # Start from the last page so that the first click really changes page.
    open_page(page, PAGES[-1][0], PAGES[-1][1])
    for seconds in timings.values():  # first: queries run; second: cached, drawing only
        for title, charts in PAGES:
            seconds[title] = round(open_page(page, title, charts), 2)
            assert page.locator("[data-testid='stException']").count() == 0, title
            drawn = page.locator(".js-plotly-plot").count()
            assert drawn >= charts, f"{title}: {drawn} charts"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-timings.json").write_text(json.dumps(timings, ensure_ascii=False, indent=1))
    print("seconds to settle after a click:", timings)


def test_a_filter_goes_into_the_url_and_changes_the_numbers(page, app_url, demo_warehouse):
    everything = cli_headline(demo_warehouse)
    in_person = cli_headline(demo_warehouse, "--channel", "in_person")
    assert in_person["participants"] != everything["participants"]
    page.goto(app_url)
    settle(page)
    assert kpi_value(page, "Participants") == format_fr(everything["participants"])

    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(
        has_text="Canal"
    ).first.click()
    page.get_by_role("option", name="En présentiel").click()
    page.wait_for_function("() => location.search.includes('channel=in_person')")
    page.wait_for_function(
        "expected => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
        ".some(e => e.innerText.trim() === expected)",
        arg=format_fr(in_person["participants"]),
    )
    settle(page)
    assert kpi_value(page, "Participants") == format_fr(in_person["participants"])

    # English stays on while moving between pages, and goes into the URL too.
    page.locator("[data-testid='stSidebar']").get_by_text("EN", exact=True).click()
    page.get_by_role("heading", name="Overview", exact=True).wait_for()
    open_page(page, "Circles", 1)
    page.wait_for_function("() => location.search.includes('lang=en')")
    assert "channel=in_person" in page.url
    page.locator("[data-testid='stSidebarNav'] a", has_text="Overview").first.click()
    page.get_by_role("heading", name="Overview", exact=True).wait_for()
    settle(page)

    # The copied link reproduces the view in a fresh tab, on another page too.
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    settle(other)
    assert other.get_by_role("heading", name="Overview", exact=True).count() == 1
    assert kpi_value(other, "Participants") == f"{in_person['participants']:,}"
    other.close()


def test_uploading_a_roster_on_the_data_page_imports_it(page, app_url, tmp_path):
    roster = tmp_path / "membres.csv"
    roster.write_text(
        "email;cercle\nmilitante@example.org;1\nvoisin@example.org;3\n", encoding="utf-8"
    )
    page.goto(app_url)
    page.locator("[data-testid='stMetricValue']").first.wait_for(timeout=60_000)
    settle(page)
    open_page(page, "Données", 0)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(roster))
    page.get_by_text("membres.csv").first.wait_for()
    success = page.locator("[data-testid='stAlert']").filter(has_text="Import terminé")
    press_until(page, page.get_by_role("button", name="Importer"), success)
    # the file's own line, drawn as plain text under the summary of what changed
    page.get_by_text("membres.csv : Fichier des membres").wait_for()
    settle(page)
    # the imports table now lists the roster (the dashboard picked up the new warehouse)
    assert page.locator("[data-testid='stException']").count() == 0


def format_fr(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


READ_COLOURS = """
() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const background = e => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const opacity = e => {
    let o = 1;
    for (; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const captions = [...document.querySelectorAll("[data-testid=stCaptionContainer]")]
    .filter(e => e.innerText.trim())
    .map(e => [rgb(getComputedStyle(e).color).slice(0, 3), opacity(e), background(e)]);
  const ticks = [...document.querySelectorAll(".js-plotly-plot .xtick text, "
    + ".js-plotly-plot .ytick text, .js-plotly-plot .legendtext")]
    .map(e => [rgb(e.style.fill || getComputedStyle(e).fill).slice(0, 3), 1, [255, 255, 255]]);
  return {captions, ticks};
}
"""


def contrast(colour, alpha, background) -> float:
    """WCAG contrast ratio of a text colour (with its opacity) over its background."""

    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    seen = [alpha * c + (1 - alpha) * b for c, b in zip(colour, background)]
    light, dark = sorted([luminance(seen), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_a_direct_link_opens_in_french_with_ordered_headings_and_readable_text(page, app_url):
    # the overview's own address, typed or shared: no "Page not found" pop-up
    page.goto(f"{app_url}/vue-ensemble")
    settle(page)
    page.get_by_role("heading", name="Vue d'ensemble", exact=True).wait_for()
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    assert page.get_by_text("Page not found").count() == 0
    assert page.evaluate("document.documentElement.lang") == "fr"
    # headings in order: h1 first, then never a level skipped (h1 -> h3)
    levels = page.evaluate(
        "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
    )
    assert levels[0] == 1 and all(b - a <= 1 for a, b in pairwise(levels)), levels
    # explanations and chart labels: at least 4.5:1 (Streamlit's faded grey gives 3.7:1)
    colours = page.evaluate(READ_COLOURS)
    assert colours["captions"] and colours["ticks"]
    for colour, alpha, background in colours["captions"] + colours["ticks"]:
        assert contrast(colour, alpha, background) >= 4.5, (colour, alpha, background)
    # every chart has its sentence: "En bref : le plus haut, ..."
    assert page.get_by_text("En bref : le plus haut").count() >= 2
    # another page, in English: the language follows
    page.goto(f"{app_url}/cercles?lang=en")
    settle(page)
    page.get_by_role("heading", name="Circles", exact=True).wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_by_text("Page not found").count() == 0


def test_the_week_and_the_objectives_read_as_the_digest_says(page, app_url, demo_warehouse):
    """The overview opens on "Cette semaine" with the numbers `cercles digest` writes for the
    same warehouse, each KPI card with an objective shows it, and the Objectifs page lists the
    demo's objectifs sheet."""
    digest = subprocess.run(
        [sys.executable, "-c", "from dashboard.cli import main; main()", "digest"],
        env=server_env(demo_warehouse),
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    values = dict(re.findall(r'class="value" data-key="(\w+)">([^<]*)<', digest))
    page.goto(app_url)
    settle(page)
    page.get_by_role("heading", name="Cette semaine").first.wait_for()
    assert kpi_value(page, "Actifs cette semaine") == values["active"]
    assert kpi_value(page, "Nouveaux cette semaine") == values["new_participants"]
    assert kpi_value(page, "Hors 1er cercle cette semaine") == html.unescape(
        values["beyond_first_circle_share"]
    )
    assert page.get_by_text("Objectif 300 d'ici le 15/03/2026").count() >= 1
    open_page(page, "Objectifs", 0)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Historique des objectifs").count() == 1
    assert page.get_by_role("button", name="Enregistrer").count() == 1


READ_FOREST = """
() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(gd => ((gd.layout.xaxis || {}).title || {}).text === 'Rapport de taux')
    .flatMap(gd => gd._fullData.flatMap(trace => [...trace.y]))
"""


def test_an_operation_with_a_hidden_count_shows_its_verdict_and_not_its_ratio(page, app_url):
    """The demo's door-to-door in Mistral-Sud brings 14 new participants after it, 3 before:
    its verdict reads "hausse", while its rate ratio and interval, which beside the controls'
    counts would give the 3 back, are neither drawn nor in the table and its download. The
    Centre-Ville stand's (0,65, 0,29 – 1,44) are."""
    page.goto(f"{app_url}/mobilisation")
    settle(page)
    page.get_by_role("heading", name="Opérations et leur effet").wait_for()
    page.get_by_text("Opérations dont un compte est sous 11 : 1.").wait_for()
    page.wait_for_function(f"({READ_FOREST})().length > 0", timeout=60_000)
    drawn = page.evaluate(READ_FOREST)
    assert [label.split(" · ")[0] for label in drawn] == ["Centre-Ville"], drawn
    # the page's four tables each have their button, in order: actions, operations, need,
    # meetings (they appear as the page draws, so wait for the four)
    buttons = page.get_by_role("button", name="Télécharger (CSV)")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stDownloadButton]').length >= 4",
        timeout=60_000,
    )
    settle(page)
    with page.expect_download() as download:
        buttons.nth(1).click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    header, rows = lines[0].split(";"), [line.split(";") for line in lines[1:]]
    operations = {row[0]: dict(zip(header, row)) for row in rows}
    assert {"Mistral-Sud", "Centre-Ville"} <= set(operations), lines
    south, centre = operations["Mistral-Sud"], operations["Centre-Ville"]
    assert (south["Verdict"], south["n avant"], south["n après"]) == ("hausse", "< 11", "< 11")
    assert (south["Rapport de taux"], south["Intervalle à 95 %"], south["Excédent"]) == (
        "–", "–", "–"
    )
    assert (centre["Verdict"], centre["Rapport de taux"]) == ("non concluant", "0,65")
    assert centre["Intervalle à 95 %"] == "0,29 – 1,44"


READ_DISTRICT_CHARTS = """
() => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const funnel = plots.find(gd => ((gd.layout.xaxis || {}).title || {}).text === 'Attendus');
  const map = plots.find(gd => gd._fullData.some(trace => trace.type === 'choroplethmap'));
  return {
    dots: funnel._fullData.filter(t => t.mode === 'markers').flatMap(t => [...t.text]),
    coloured: map._fullData.filter(t => t.type === 'choroplethmap' && t.z)
      .flatMap(t => [...t.locations].map((id, i) => [id, t.name || '', t.z[i]])),
  };
}
"""


def test_the_district_charts_place_no_district_whose_count_is_hidden(page, app_url):
    """The demo's Les Coteaux (Q06, 8 participants) and Les Vergers (Q11, 9) read "< 11": the
    funnel plot has no dot for them and the rate map no colour (E x O/E, or the rate x the
    population, would give 8 and 9 back); they are grey, and named under both charts with
    their status. The other ten districts are placed."""
    page.goto(f"{app_url}/quartiers")
    settle(page)
    page.get_by_role("heading", name="Diagramme en entonnoir").first.wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].length >= 2", timeout=60_000
    )
    drawn = page.evaluate(READ_DISTRICT_CHARTS)
    assert len(drawn["dots"]) == 10
    assert not {"Les Coteaux", "Les Vergers"} & set(drawn["dots"])
    rates = {district: value for district, name, value in drawn["coloured"] if not name}
    grey = {district for district, name, _ in drawn["coloured"] if name}
    assert grey == {"Q06", "Q11"}
    drawn_rates = {d for d, value in rates.items() if value is not None and not math.isnan(value)}
    assert drawn_rates == {
        f"Q{n:02d}" for n in range(1, 13)
    } - grey
    assert page.get_by_text("Les Coteaux\u00a0: dans la norme").count() == 2
