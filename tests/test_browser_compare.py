"""The Comparer page and the campaign filter in a real browser (chromium through Playwright,
as tests/test_browser.py), on the two-campaign fixture counted by hand in
tests/campaign_fixtures.py."""

import subprocess
import sys

import pytest

from tests import test_browser
from tests.test_browser import ARTIFACTS, REPO, kpi_value, server_env, settle, streamlit_server

# the browser, and a fresh tab with a screenshot on failure
browser, page = test_browser.browser, test_browser.page

pytestmark = pytest.mark.browser

BUILD = """
import sys
from pathlib import Path
from tests.campaign_fixtures import two_campaigns
two_campaigns(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.fixture(scope="module")
def campaigns_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-campaigns")
    warehouse = folder / "cercles.duckdb"
    subprocess.run(
        [sys.executable, "-c", BUILD, str(warehouse), str(folder / "sheets")],
        env=server_env(warehouse),
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    with streamlit_server(warehouse) as url:
        yield url


def test_the_compare_page_shows_campaigns_side_by_side_and_who_stayed(page, campaigns_url):
    page.goto(f"{campaigns_url}/comparer")
    settle(page)
    page.get_by_role("heading", name="Comparer", exact=True).wait_for(timeout=60_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    # side by side and retention (the fixture has no territory: no district table); a table
    # may be drawn after the chart above it
    page.locator("[data-testid='stDataFrame']").nth(1).wait_for(timeout=60_000)
    # of 2014's A, B, Zoé and Hugo, A, Zoé and Hugo took part in 2020
    page.get_by_text(
        "Sur 4 participants de Municipales 2014, 3 ont participé à Municipales 2020"
    ).first.wait_for()
    # 2020's circle 1 is A and Hugo (there in 2014) and G (new)
    assert kpi_value(page, "Militants nouveaux") == "33,3\u00a0%"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "comparer.png"), full_page=True)


def test_the_campaign_filter_goes_into_the_url_and_every_page(page, campaigns_url):
    page.goto(campaigns_url)
    settle(page)
    assert kpi_value(page, "Participants") == "9"  # everyone, both campaigns and between
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(
        has_text="Campagne"
    ).first.click()
    page.get_by_role("option", name="Municipales 2014").click()
    page.wait_for_function("() => location.search.includes('campaign=municipales_2014')")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
        ".some(e => e.innerText.trim() === '4')"
    )
    settle(page)
    assert kpi_value(page, "Participants") == "4"  # A, B, Zoé and Hugo
    # the copied link keeps the campaign on another page
    other = page.context.new_page()
    other.goto(f"{campaigns_url}/cercles?campaign=municipales_2020")
    settle(other)
    other.get_by_role("heading", name="Cercles", exact=True).wait_for()
    assert other.url.endswith("campaign=municipales_2020")
    other.close()
