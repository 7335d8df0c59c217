"""`cercles bench --browser`: the dashboard in a real browser, against a one-chart Streamlit page
served the same way (dashboard/one_chart_page.py).

Both are served one after the other by `streamlit run` with the options of `cercles serve`
(dashboard/browser.py), without a password (the sign-in is off, as the demo serves), and opened
in Debian's chromium through Playwright. Every figure is read on the page's own clock and
ends when the page is settled (browser.SETTLED: the run finished, nothing stale, the page's
heading, charts and KPI cards drawn); nothing waits for a fixed time.

- first load: from navigation start in a fresh browser context (empty browser cache, new
  Streamlit session) to settled, on the overview for the dashboard;
- page switch: from the press on a page of the sidebar menu to that page settled with every
  chart it draws, for every page in menu order and back to the overview;
- filter change: from the press on a district in the sidebar's "Quartier" list to the
  overview settled with that district in its address (a different district each run, so
  nothing is cached yet for it).

The first visit after the server starts (Python imports, empty caches) is reported on its
own; then `runs` visits give medians. The load average before and after says how busy the
machine was.
"""

import os
import statistics
import tempfile
from pathlib import Path

from dashboard.browser import PAGES, VIEWPORT, launch, streamlit_server, wait_settled

HERE = Path(__file__).resolve().parent
APP = HERE / "server.py"  # app.py behind its HTTP gate, as `cercles serve` runs it
ONE_CHART = HERE / "one_chart_page.py"
ONE_CHART_TITLE = "Une courbe"
DISTRICT_LABEL = "Quartier"

# The moment a page switch or a filter change starts: the last press of the mouse or a key.
PRESSES = """
window.__lastPress = null;
for (const kind of ['pointerdown', 'keydown']) {
  addEventListener(kind, () => { window.__lastPress = performance.now(); }, true);
}
"""


def served_env(warehouse: Path, folder: Path) -> dict:
    """This environment with the warehouse to serve and no password (none in the environment,
    a password file that does not exist)."""
    return dict(
        os.environ,
        CERCLES_WAREHOUSE=str(warehouse),
        CERCLES_PASSWORD_HASH="",
        CERCLES_PASSWORD_FILE=str(folder / "no-password"),
    )


def open_tab(browser):
    """A fresh context (empty cache and cookies: a new visitor) and its tab."""
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    context.add_init_script(PRESSES)
    return context, context.new_page()


def first_load(browser, url: str, heading: str, charts: int, cards: int = 0):
    """Seconds from navigation start to settled in a fresh context; the context and tab."""
    context, tab = open_tab(browser)
    tab.goto(url)
    return wait_settled(tab, heading, charts, cards), context, tab


def after_press(tab, press, heading: str, charts: int, cards: int = 0, address_has: str = ""):
    """Seconds from the press `press()` makes to settled (and, when given, `address_has` in
    the page's address: the new run has written its filters there)."""
    tab.evaluate("window.__lastPress = null")
    press()
    if address_has:
        tab.wait_for_function("part => location.search.includes(part)", arg=address_has)
    settled = wait_settled(tab, heading, charts, cards)
    pressed = tab.evaluate("window.__lastPress")
    return settled - pressed / 1000


def switch_page(tab, title: str) -> None:
    tab.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()


def choose_district(tab, index: int) -> None:
    """Open the sidebar's district list, then press its `index`-th district (1 is the first
    after "Tous"); only the second press counts."""
    tab.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(
        has_text=DISTRICT_LABEL
    ).first.get_by_role("button").click()
    options = tab.get_by_role("option")
    options.first.wait_for()
    chosen = options.nth(index % options.count() or 1)
    tab.evaluate("window.__lastPress = null")
    chosen.click()


def visit_app(browser, url: str, run: int) -> dict:
    """One visitor: the overview opened, every page switched to, a district chosen."""
    overview, overview_charts = PAGES[0]
    load, context, tab = first_load(browser, url, overview, overview_charts, cards=1)
    try:
        switches = {}
        # every chart a page draws, however many its data gives (one campaign: no comparison)
        for title, _ in [*PAGES[1:], PAGES[0]]:
            switches[title] = after_press(tab, lambda t=title: switch_page(tab, t), title, 0)
        district = after_press(
            tab,
            lambda: choose_district(tab, run + 1),
            overview,
            overview_charts,
            cards=1,
            address_has="district=",
        )
    finally:
        context.close()
    return {"first_load": load, "page_switch": switches, "filter_change": district}


def visit_one_chart(browser, url: str, run: int) -> dict:
    load, context, _ = first_load(browser, url, ONE_CHART_TITLE, charts=1)
    context.close()
    return {"first_load": load}


def measure(browser, script: Path, env: dict, log: Path, visit, runs: int) -> list[dict]:
    """Serve `script`, then `visit` it runs + 1 times (the first just after the start)."""
    with streamlit_server(script, env, log, cwd=HERE.parent) as url:
        return [visit(browser, url, run) for run in range(runs + 1)]


def seconds(value: float) -> float:
    return round(value, 3)


def median(values) -> float:
    return seconds(statistics.median(values))


def summary(visits: list[dict]) -> dict:
    """The first visit after the server started, then medians (and each run) of the others."""
    first, *others = visits
    result = {
        "first_visit_after_start": {
            "first_load_seconds": seconds(first["first_load"]),
            **(
                {
                    "page_switch_seconds": {k: seconds(v) for k, v in first["page_switch"].items()},
                    "filter_change_seconds": seconds(first["filter_change"]),
                }
                if "page_switch" in first
                else {}
            ),
        },
        "first_load_seconds": median(v["first_load"] for v in others),
        "first_load_runs": [seconds(v["first_load"]) for v in others],
    }
    if "page_switch" in first:
        switches = {
            title: median(v["page_switch"][title] for v in others) for title in first["page_switch"]
        }
        result["page_switch_seconds"] = switches
        result["slowest_page_switch_seconds"] = max(switches.values())
        result["filter_change_seconds"] = median(v["filter_change"] for v in others)
        result["filter_change_runs"] = [seconds(v["filter_change"]) for v in others]
    return result


def run_browser_bench(warehouse: Path, runs: int = 5, progress=None) -> dict:
    """Serve and time the one-chart page, then the dashboard on `warehouse`; the figures."""
    from playwright.sync_api import sync_playwright

    say = progress or (lambda message: None)
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="cercles-bench-browser-") as tmp:
        folder = Path(tmp)
        env = served_env(Path(warehouse).resolve(), folder)
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                say(f"one-chart page: {runs + 1} visits")
                one_chart = measure(
                    browser, ONE_CHART, env, folder / "one-chart.log", visit_one_chart, runs
                )
                say(f"dashboard on {warehouse}: {runs + 1} visits of every page")
                app = measure(browser, APP, env, folder / "app.log", visit_app, runs)
            finally:
                browser.close()
    one_chart_figures, app_figures = summary(one_chart), summary(app)
    return {
        "warehouse": str(warehouse),
        "sign_in": "off",
        "runs": runs,
        "cpus": os.cpu_count(),
        "one_chart_page": one_chart_figures,
        "app": app_figures,
        "first_load_gap_seconds": seconds(
            app_figures["first_load_seconds"] - one_chart_figures["first_load_seconds"]
        ),
        "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
