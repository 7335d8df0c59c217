"""Access and rendering in a real browser: with a password set, no address shows anything of
the campaign (not the page files' own names, not the pages' addresses, not a shared link
with filters), signing in leads to the page and filters the link asked for, tables have no
raw export of their own, and names from the data are drawn as text (no image fetched)."""

import http.server
import threading

import duckdb
import pytest

from dashboard import auth
from tests import test_browser
from tests.metric_fixtures import build_fixture_warehouse
from tests.test_browser import settle, streamlit_server

# the browser, a fresh tab with a screenshot on failure, and the demo warehouse
browser, page, demo_warehouse = test_browser.browser, test_browser.page, test_browser.demo_warehouse

pytestmark = pytest.mark.browser

PASSWORD = "cheval-batterie-agrafe"

# The page files' names (Streamlit's automatic pages for a `pages/` folder beside app.py),
# the pages' own addresses, and shared links with filters.
ADDRESSES = [
    "overview",
    "objectives",
    "districts",
    "data",
    "report",
    "circles",
    "welcome",
    "app",
    "vue-ensemble",
    "objectifs",
    "quartiers",
    "donnees",
    "bilan",
    "comparer",
    "comparer?campaign=municipales_2020",
    "vue-ensemble?district=Q03",
    "cercles?district=Q10&circle=1",
    "quartiers?district=Q03&lang=en",
]
CAMPAIGN_ELEMENTS = {
    "metric": "[data-testid='stMetric']",
    "table": "[data-testid='stDataFrame']",
    "chart": ".js-plotly-plot",
    "upload": "[data-testid='stFileUploader']",
    "download": "[data-testid='stDownloadButton']",
    "navigation": "[data-testid='stSidebarNav']",
    "filters": "[data-testid='stSidebar'] [data-testid='stSelectbox']",
}


@pytest.fixture(scope="module")
def protected_url(demo_warehouse):
    with streamlit_server(
        demo_warehouse, CERCLES_PASSWORD_HASH=auth.hash_password(PASSWORD)
    ) as url:
        yield url


def sign_in_form(page):
    """Wait for the password field; it is the one thing an anonymous visitor gets."""
    field = page.locator("input[type='password']")
    field.wait_for(timeout=60_000)
    settle(page)
    return field


@pytest.mark.parametrize("address", ADDRESSES)
def test_no_address_gets_around_the_password(page, protected_url, address):
    page.goto(f"{protected_url}/{address}")
    field = sign_in_form(page)
    assert field.is_visible() and field.is_editable()
    shown = {name: page.locator(selector).count() for name, selector in CAMPAIGN_ELEMENTS.items()}
    assert shown == dict.fromkeys(CAMPAIGN_ELEMENTS, 0), address
    assert page.get_by_text("Page not found").count() == 0  # nothing covers the form
    assert page.get_by_role("dialog").count() == 0
    text = page.locator("[data-testid='stApp']").inner_text()
    assert "Les Tilleuls" not in text and "Mistral-Sud" not in text


def sign_in(page, url: str, address: str) -> None:
    page.goto(f"{url}/{address}")
    sign_in_form(page).fill(PASSWORD)
    page.get_by_role("button", name="Entrer · Sign in").click()
    page.locator("[data-testid='stSidebarNav']").wait_for(timeout=60_000)
    settle(page)


def test_signing_in_opens_the_page_and_filters_the_link_asked_for(page, protected_url):
    page.goto(f"{protected_url}/quartiers?district=Q03&channel=online")
    field = sign_in_form(page)

    field.fill("pas-le-bon-mot")
    page.get_by_role("button", name="Entrer · Sign in").click()
    page.get_by_text("Mot de passe incorrect").wait_for()
    assert page.locator("[data-testid='stMetric']").count() == 0

    field.fill(PASSWORD)
    page.get_by_role("button", name="Entrer · Sign in").click()
    page.get_by_role("heading", name="Quartiers", exact=True).wait_for(timeout=60_000)
    settle(page)
    assert page.url.endswith("/quartiers?district=Q03&channel=online")
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_role("combobox", name="Quartier").input_value() == "Les Tilleuls"  # Q03
    assert sidebar.get_by_role("combobox", name="Canal").input_value() == "En ligne"
    assert page.locator("[data-testid='stSidebarNav'] a").count() == len(test_browser.PAGES)
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_reload_keeps_the_sign_in_another_browser_does_not_have_it(
    page, protected_url, browser
):
    sign_in(page, protected_url, "quartiers?district=Q03")
    page.reload()
    page.get_by_role("heading", name="Quartiers", exact=True).wait_for(timeout=60_000)
    settle(page)
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=60_000)  # the page's cards
    assert page.locator("input[type='password']").count() == 0
    page.goto(f"{protected_url}/bilan")  # a new session of the same browser
    page.get_by_role("heading", name="Bilan", exact=True).wait_for(timeout=60_000)
    assert page.locator("input[type='password']").count() == 0

    stranger = browser.new_context()  # its own cookie, never signed in
    try:
        other = stranger.new_page()
        other.goto(f"{protected_url}/quartiers?district=Q03")
        sign_in_form(other)
        assert other.locator("[data-testid='stMetric']").count() == 0
    finally:
        stranger.close()


def test_tables_offer_no_raw_export_of_their_own(page, protected_url):
    # Streamlit's table toolbar exported cells as they are ('=1+1' runs in a spreadsheet);
    # the page's own "Télécharger (CSV)" buttons are the formula-safe way out
    sign_in(page, protected_url, "donnees")
    table = page.locator("[data-testid='stDataFrame']").first
    table.wait_for(timeout=60_000)
    table.hover()
    toolbar = page.locator("[data-testid='stElementToolbar']").first
    toolbar.get_by_role("button", name="Search").wait_for()  # the toolbar is there...
    assert toolbar.get_by_role("button", name="Download as CSV").count() == 0  # ...no export
    assert page.get_by_role("button", name="Télécharger (CSV)").count() >= 1


@pytest.fixture(scope="module")
def tracker():
    """A local web server that counts what the browser asks it for (an image, a link)."""
    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # the standard library names it so
            asked.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory, tracker):
    """The hand-worked fixture with its under-reached district named to fetch the tracker."""
    address, _ = tracker
    warehouse = build_fixture_warehouse(tmp_path_factory.mktemp("hostile") / "cercles.duckdb")
    con = duckdb.connect(str(warehouse))
    name = f"![img]({address}/track.png) **gras**"
    con.execute("update districts set name = ? where district_id = 'est'", [name])
    con.close()
    with streamlit_server(warehouse) as url:
        yield url


def test_names_are_drawn_as_text(page, hostile_url, tracker):
    address, asked = tracker
    page.goto(hostile_url)
    alert = page.locator("[data-testid='stAlert']").filter(has_text="track.png")
    alert.wait_for(timeout=60_000)
    settle(page)
    shown = alert.inner_text().replace("\u2060", "")  # the word joiners that stop links
    assert f"![img]({address}/track.png) **gras**" in shown
    assert alert.locator("img, strong, a").count() == 0
    assert asked == []  # the browser fetched nothing from the name


def test_a_download_address_is_refused_to_any_other_browser(page, protected_url, browser):
    sign_in(page, protected_url, "donnees")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger (CSV)").first.click()
    address = download.value.url
    assert "/media/" in address
    assert page.request.get(address).status == 200  # the browser that signed in

    stranger = browser.new_context()  # same address, no sign-in: the link passed on
    try:
        assert stranger.request.get(address).status == 403
        assert stranger.request.get(f"{protected_url}/_stcore/metrics").status == 403
    finally:
        stranger.close()
    assert page.request.get(f"{protected_url}/_stcore/metrics").status == 200


def test_a_signed_in_browser_can_still_upload(page, protected_url, tmp_path):
    roster = tmp_path / "membres.csv"
    roster.write_text("email;cercle\nmilitante@example.org;1\n", encoding="utf-8")
    sign_in(page, protected_url, "donnees")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(roster))
    page.get_by_text("membres.csv").first.wait_for()
    settle(page)  # choosing a file reruns the page; the button answers once that is done
    page.get_by_role("button", name="Importer").click()
    page.locator("[data-testid='stAlert']").filter(has_text="Import terminé").wait_for(
        timeout=60_000
    )
