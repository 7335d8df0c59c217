"""Screenshots of every dashboard page for the README, taken from the demo in a real browser.

    python scripts/screenshots.py                # builds the demo in a temporary folder
    python scripts/screenshots.py --warehouse W  # or shoots an existing warehouse

Writes docs/screenshots/<page>.png (palette PNGs, a few hundred kB at most) so the README's
pictures are regenerated, never drawn by hand. Uses the browser test's server and helpers.
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
    "cercles",
    "quartiers",
    "mobilisation",
    "moderation",
    "propositions",
    "en-ligne-presentiel",
    "bilan",
    "donnees",
]
VIEWPORT = {"width": 1400, "height": 1000}
MAX_HEIGHT = 2600  # long pages are cut: the README shows their top


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
        browser.close()
    return written


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
                print(f"{path.relative_to(REPO)}  {path.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()
