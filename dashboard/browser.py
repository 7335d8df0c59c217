"""The dashboard served and opened in a real browser: what the browser tests, the screenshots
and `cercles bench --browser` share.

`streamlit run` with the options `cercles serve` uses, on a free port of 127.0.0.1; Debian's
chromium (driven by Playwright, imported by the caller); and what "settled" means: the
script's run has finished (Streamlit's running indicator is gone), the connection is up,
nothing of an earlier run is still shown, and the page's own heading and charts are drawn.
"""

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# A tall window: the whole page is drawn, and the sidebar's last lists open (Streamlit's
# drop-down lists do not open when the window leaves them no room below).
VIEWPORT = {"width": 1400, "height": 2400}

# (title in French, how many charts at least): every page of the navigation, in menu order.
PAGES = [
    ("Vue d'ensemble", 1),
    ("Objectifs", 0),
    ("Cercles", 1),
    ("Quartiers", 2),
    ("Mobilisation", 4),
    ("Modération", 0),
    ("Propositions", 1),
    ("En ligne / en présentiel", 1),
    ("Comparer", 1),
    ("Bilan", 0),
    ("Données", 0),
]


def serve_options(port: int, address: str = "127.0.0.1") -> list[str]:
    """The `streamlit run` options of `cercles serve`: no browser opened, no statistics sent,
    no developer toolbar."""
    return [
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Poll /_stcore/health until the server answers (or died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)  # polling a port, not waiting for the app: nothing to wait on yet
    raise TimeoutError(f"{url} did not become healthy in {timeout} s")


class Served(str):
    """The address of a served app (a str), with `pid`, its server's process."""

    def __new__(cls, url: str, pid: int):
        served = super().__new__(cls, url)
        served.pid = pid
        return served


@contextmanager
def streamlit_server(script: Path, env: dict, log: Path, options=(), cwd: Path | None = None):
    """`streamlit run script` as `cercles serve` runs it, on a free port of 127.0.0.1, its
    output in `log`; yields the address (Served: with the server's pid) once the server
    answers, stops it on leaving."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log.parent.mkdir(parents=True, exist_ok=True)
    # A file, not a pipe: an unread pipe fills up and blocks the server mid-run.
    out = open(log, "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), *serve_options(port), *options],
        env=env,
        cwd=cwd,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_health(url, process)
        yield Served(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        out.close()


def launch(playwright):
    """Debian's chromium, headless, without the network chatter of a desktop browser."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def settle(page, timeout: float = 60_000) -> None:
    """Wait until the script has finished running and the connection is up."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout
    )
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout
    )


# True once the page is settled: the run finished with the connection up, no element of an
# earlier run left (Streamlit marks them data-stale until the run replaces or drops them) and
# none still waiting for its part of the front end (a skeleton), a first heading reading
# `heading`, at least `charts` Plotly charts and every chart drawn (its SVG is there), and
# `cards` KPI values; then the page's clock (milliseconds since it was opened) at that
# moment, or "error" when the page shows an exception instead.
SETTLED = """
({heading, charts, cards}) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.dataset.testConnectionState !== 'CONNECTED'
      || app.dataset.testScriptState !== 'notRunning') return false;
  if (document.querySelector("[data-testid='stException']")) return 'error';
  if (document.querySelector("[data-stale='true'], [data-testid='stSkeleton']")) return false;
  const title = document.querySelector("[data-testid='stMain'] h1");
  if (heading && (!title || title.textContent.trim() !== heading)) return false;
  const plots = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
  if (plots.length < charts || !plots.every(plot => plot.querySelector('.main-svg'))) return false;
  if (document.querySelectorAll("[data-testid='stMetricValue']").length < cards) return false;
  return {at: performance.now()};
}
"""


def wait_settled(
    page, heading: str = "", charts: int = 0, cards: int = 0, timeout: float = 60_000
) -> float:
    """Wait for SETTLED; the page's clock then, in seconds. A page showing an exception is an
    error, not a timing."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        outcome = page.wait_for_function(
            SETTLED, arg={"heading": heading, "charts": charts, "cards": cards}, timeout=timeout
        ).json_value()
    except PlaywrightTimeout:
        raise TimeoutError(
            f"the page {heading or page.url} did not settle within {timeout / 1000:.0f} s"
        ) from None
    if outcome == "error":
        raise RuntimeError(f"the page {heading or page.url} shows an exception")
    return outcome["at"] / 1000
