"""Screenshots of every dashboard page for the README, taken from the demo in a real browser.

    python scripts/screenshots.py                # builds the demo in a temporary folder
    python scripts/screenshots.py --warehouse W  # or shoots an existing warehouse

Writes docs/screenshots/<page>.png (palette PNGs, a few hundred kB at most), plus the main
pages on a 390 px phone (<page>-390.png, whole page), on a 1280x720 laptop screen and on a
1920x1080 one (<page>-1280x720.png, <page>-1920x1080.png, what the screen shows), so the
README's pictures are regenerated, never drawn by hand. Uses the browser test's server and helpers.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.test_browser import (
    BUILD_WAREHOUSE,
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGES,
    open_page,
    server_env,
    settle,
    streamlit_server,
)

OUT = REPO / "docs" / "screenshots"
# file name of each page's picture, in menu order (the README links these names)
FILE_NAMES = [
    "vue-ensemble",
    "objectifs",
    "cercles",
    "quartiers",
    "mobilisation",
    "moderation",
    "propositions",
    "en-ligne-presentiel",
    "comparer",
    "bilan",
    "donnees",
]
VIEWPORT = {"width": 1400, "height": 1000}
MAX_HEIGHT = 2600  # long pages are cut: the README shows their top
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 720}
WIDE = {"width": 1920, "height": 1080}
# pages shot on a phone and a laptop screen too: (menu title, charts, file name)
SMALL_SCREENS = [
    ("Vue d'ensemble", 1, "vue-ensemble"),
    ("Quartiers", 2, "quartiers"),
    ("Propositions", 1, "propositions"),
]
PHONE_MAX_HEIGHT = 6000


def shrink(path: Path) -> None:
    """Quantise to 256 colours: a dashboard has few colours and the file gets 3-4x smaller."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(path, optimize=True)


def shoot(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, locale="fr-FR")
        page.goto(url)
        settle(page)
        open_page(page, PAGES[-1][0], PAGES[-1][1])
        for (title, charts), name in zip(PAGES, FILE_NAMES):
            open_page(page, title, charts)
            page.mouse.move(0, 0)  # no hover label left on a chart
            height = min(
                MAX_HEIGHT,
                page.evaluate(
                    "document.querySelector('[data-testid=stMain]')?.scrollHeight "
                    "|| document.body.scrollHeight"
                ),
            )
            page.set_viewport_size({"width": VIEWPORT["width"], "height": max(height, 800)})
            settle(page)
            target = out / f"{name}.png"
            page.screenshot(path=str(target))
            page.set_viewport_size(VIEWPORT)
            shrink(target)
            written.append(target)
        written += shoot_small_screens(browser, url, out)
        browser.close()
    return written


def shoot_small_screens(browser, url: str, out: Path) -> list[Path]:
    """The main pages as a 390 px phone shows them (whole page) and as 1280x720 and 1920x1080
    screens do."""
    written = []
    screens = ((PHONE, "390", True), (LAPTOP, "1280x720", False), (WIDE, "1920x1080", False))
    for viewport, suffix, whole in screens:
        page = browser.new_page(viewport=viewport, locale="fr-FR")
        for title, charts, name in SMALL_SCREENS:
            page.goto(f"{url}/{page_path(title)}")
            settle(page)
            if charts:
                page.locator(".js-plotly-plot .main-svg").nth(charts - 1).wait_for(timeout=60_000)
            settle(page)
            page.mouse.move(0, 0)
            target = out / f"{name}-{suffix}.png"
            if whole:
                height = page.evaluate(
                    "document.querySelector('[data-testid=stMain]')?.scrollHeight "
                    "|| document.body.scrollHeight"
                )
                page.set_viewport_size({**viewport, "height": min(height, PHONE_MAX_HEIGHT)})
                settle(page)
            page.screenshot(path=str(target))
            page.set_viewport_size(viewport)
            shrink(target)
            written.append(target)
        page.close()
    return written


def page_path(title: str) -> str:
    """The address of a page from its French menu title ('Quartiers' -> quartiers); the first
    page is the site's root."""
    index = [menu_title for menu_title, _ in PAGES].index(title)
    return FILE_NAMES[index] if index else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--warehouse", type=Path, default=None, help="warehouse to shoot (default: a fresh demo)"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cercles-shots-") as folder:
        warehouse = args.warehouse
        if warehouse is None:
            warehouse = Path(folder) / "cercles.duckdb"
            subprocess.run(
                [sys.executable, "-c", BUILD_WAREHOUSE, str(warehouse), str(Path(folder) / "demo")],
                env=server_env(warehouse),
                cwd=REPO,
                check=True,
            )
        os.environ.setdefault("CERCLES_KEY", "screenshots")
        with streamlit_server(warehouse.resolve()) as url:
            for path in shoot(url, args.out):
                shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
                print(f"{shown}  {path.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()
