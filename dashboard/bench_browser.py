"""`cercles bench --browser`: the dashboard in a real browser, against a one-chart Streamlit page
(dashboard/one_chart_page.py) served the same way.

Both are served at once by `streamlit run` with the options of `cercles serve`
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

The two apps are visited in pairs, one right after the other, the order reversed from one
pair to the next (on this kind of machine the second of two visits loads faster, whatever
the app): the first load's gap is the median of each pair's own difference, so that the
machine's speed, which moves from minute to minute on a shared machine, weighs on both sides
of it alike. Each first load starts once both servers are idle (the dashboard's work ahead
for the district just chosen, page_data.warm_up, done): a new visitor on a quiet server.

The first visit after the servers start (Python imports, empty caches) is reported on its
own; then `runs` pairs give medians. The load average before and after says how busy the
machine was.
"""

import os
import statistics
import tempfile
import time
from contextlib import ExitStack
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


def cpu_seconds(pid: int) -> float | None:
    """The CPU time process `pid` has used (all its threads), or None without /proc."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pids, window: float = 0.5, busy: float = 0.05, timeout: float = 60) -> float:
    """Until the processes `pids` together used under `busy` of a core over the last
    `window` seconds (checked every tenth of a second), or `timeout` seconds; at once where
    /proc does not tell. The seconds waited."""
    samples = []
    start = time.monotonic()
    while time.monotonic() < start + timeout:
        used = [cpu_seconds(pid) for pid in pids]
        if None in used:
            break
        now = time.monotonic()
        samples.append((now, sum(used)))
        past = [(at, total) for at, total in samples if at <= now - window]
        if past and samples[-1][1] - past[-1][1] < busy * (now - past[-1][0]):
            break
        time.sleep(0.1)  # a poll of the condition, not a wait for the page
    return time.monotonic() - start


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
    """Serve the one-chart page and the dashboard on `warehouse`, visit them in pairs; the
    figures."""
    from playwright.sync_api import sync_playwright

    say = progress or (lambda message: None)
    load_before = [round(x, 2) for x in os.getloadavg()]
    visits = {"one_chart": [], "app": []}
    waits = []  # before each visit, in the order made
    with tempfile.TemporaryDirectory(prefix="cercles-bench-browser-") as tmp, ExitStack() as served:
        folder = Path(tmp)
        env = served_env(Path(warehouse).resolve(), folder)
        urls = {
            "one_chart": served.enter_context(
                streamlit_server(ONE_CHART, env, folder / "one-chart.log", cwd=HERE.parent)
            ),
            "app": served.enter_context(
                streamlit_server(APP, env, folder / "app.log", cwd=HERE.parent)
            ),
        }
        visit = {"one_chart": visit_one_chart, "app": visit_app}
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                for run in range(runs + 1):
                    say(f"pair {run} of {runs} (0: the first visits after the start)")
                    order = ("one_chart", "app") if run % 2 == 0 else ("app", "one_chart")
                    for app in order:
                        waits.append(wait_idle([url.pid for url in urls.values()]))
                        visits[app].append(visit[app](browser, urls[app], run))
            finally:
                browser.close()
    one_chart_figures, app_figures = summary(visits["one_chart"]), summary(visits["app"])
    gaps = [
        app["first_load"] - one_chart["first_load"]
        for one_chart, app in zip(visits["one_chart"][1:], visits["app"][1:])
    ]
    return {
        "warehouse": str(warehouse),
        "sign_in": "off",
        "runs": runs,
        "cpus": os.cpu_count(),
        "one_chart_page": one_chart_figures,
        "app": app_figures,
        "first_load_gap_seconds": median(gaps),
        "first_load_gap_runs": [seconds(gap) for gap in gaps],
        "idle_wait_seconds": [seconds(wait) for wait in waits],
        "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
