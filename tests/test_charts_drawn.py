# ruff: noqa: F811 - the browser test's fixtures, imported by name
"""What the charts look like once drawn, read back from the browser and from the PDF.

Every chart of the evaluation report (opened from disk) and of every dashboard page: tick
labels distinct and inside the picture, one colour per series (no two series alike, none
black), the same colour for the same series everywhere, tooltips in words; charts still wide
enough on a 390 px phone; the printed PDF drawn in colour, not black.

The report is written by a process that has loaded Streamlit, as the Bilan page's button does:
Streamlit swaps plotly's default template for one whose colours only its own page fills in.
"""

import subprocess
import sys

import numpy as np
import pandas as pd
import plotly.io
import pypdfium2
import pytest

from dashboard import charts, report
from tests.test_browser import (  # noqa: F401 - fixtures used by name
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGES,
    REPO,
    VIEWPORT,
    app_url,
    browser,
    demo_warehouse,
    open_page,
    server_env,
    settle,
)

pytestmark = pytest.mark.browser

# Each chart as plotted: its axes' tick labels (text, inside the picture) and its series
# (legend name -> colour as rgb and line dash; a ring's slices are its series).
READ_CHARTS = """
() => {
  const probe = document.createElement('span');
  document.body.appendChild(probe);
  const rgb = (c) => {
    probe.style.color = '';
    probe.style.color = c;
    return getComputedStyle(probe).color.match(/[\\d.]+/g).slice(0, 3).map(Number);
  };
  return [...document.querySelectorAll('.js-plotly-plot')].map((gd, index) => {
    const box = gd.querySelector('.main-svg').getBoundingClientRect();
    const axes = {};
    for (const [key, ax] of Object.entries(gd._fullLayout)) {
      if (!/^[xy]axis\\d*$/.test(key) || !ax.visible || !ax.showticklabels) continue;
      axes[key] = [...gd.querySelectorAll(`g.${ax._id}tick text`)].map((t) => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, inside: r.left >= box.left - 1 && r.right <= box.right + 1
                && r.top >= box.top - 1 && r.bottom <= box.bottom + 1};
      });
    }
    const series = {};
    const tooltips = [];
    gd._fullData.forEach((trace, i) => {
      if (trace.visible !== true) return;
      if (trace.hovertemplate) tooltips.push(trace.hovertemplate);
      if (trace.type === 'pie') {
        gd.calcdata[i].forEach((c) => { series[c.label] = {rgb: rgb(c.color), dash: ''}; });
        return;
      }
      if (trace.showlegend === false || !trace.name) return;
      const lines = (trace.mode || '').includes('lines');
      let colour = lines ? trace.line.color : trace.marker && trace.marker.color;
      if (trace.fill === 'toself') colour = trace.fillcolor;  // a district drawn as a polygon
      if (trace.type.startsWith('choropleth') && trace.colorscale) colour = trace.colorscale[0][1];
      if (typeof colour !== 'string') return;
      series[trace.name] = {rgb: rgb(colour), dash: lines ? trace.line.dash : ''};
    });
    const name = gd.closest('[data-chart]')?.dataset.chart || `chart ${index + 1}`;
    // each bar's thickness across its axis, in pixels; on a date axis, the room a week's
    // bar has (a week's pixels, shared by the series drawn side by side)
    const barTraces = gd._fullData.filter((t) => t.type === 'bar' && t.visible === true);
    const horizontal = barTraces.some((t) => t.orientation === 'h');
    const bars = [...gd.querySelectorAll('.barlayer .point path')]
      .filter((p) => p.getAttribute('d') !== 'M0,0Z')  // no bar: a hidden count
      .map((p) => p.getBoundingClientRect()[horizontal ? 'height' : 'width']);
    const xa = gd._fullLayout.xaxis;
    const weekRoom = !horizontal && xa && xa.type === 'date'
      ? (xa.l2p(7 * 864e5) - xa.l2p(0))
        / (gd._fullLayout.barmode === 'group' ? barTraces.length : 1)
      : null;
    return {name, axes, series, tooltips, bars, weekRoom, plotWidth: gd._fullLayout._size.w};
  });
}
"""


def check_charts(charts: list[dict], where: str) -> dict:
    """Assert what every chart must show; returns series name -> colour seen."""
    assert charts, f"{where}: no chart"
    colours = {}
    for chart in charts:
        label = f"{where} / {chart['name']}"
        for axis, ticks in chart["axes"].items():
            texts = [tick["text"] for tick in ticks]
            assert all(texts) and len(set(texts)) == len(texts), f"{label} {axis}: {texts}"
            clipped = [tick["text"] for tick in ticks if not tick["inside"]]
            assert not clipped, f"{label} {axis}: tick labels cut at the edge: {clipped}"
        series = list(chart["series"].items())
        for name, look in series:
            assert max(look["rgb"]) >= 40, f"{label}: '{name}' drawn black {look['rgb']}"
            colours.setdefault(name, set()).add(tuple(look["rgb"]))
        for i, (name, look) in enumerate(series):
            for other, other_look in series[i + 1 :]:
                distance = np.linalg.norm(np.subtract(look["rgb"], other_look["rgb"]))
                assert distance > 50 or look["dash"] != other_look["dash"], (
                    f"{label}: '{name}' and '{other}' look alike {look} {other_look}"
                )
        # a bar is a bar, not a hairline (a lone week once drew 0 px wide): 3 px at least,
        # a week's bar half its week's room at least (years of weeks leave 2 px a week)
        floor = 3 if chart["weekRoom"] is None else chart["weekRoom"] / 2
        thinnest = min(chart["bars"], default=floor)
        assert thinnest >= floor, f"{label}: a bar {thinnest:.2f} px wide, {floor:.2f} at least"
        for template in chart["tooltips"]:
            # 'week=%{x}' is a raw field name: a tooltip says 'Semaine : 06/10/25'
            assert "=%{" not in template.replace(" = %{", ""), f"{label}: tooltip {template}"
    return colours


@pytest.fixture(scope="module")
def report_folder(demo_warehouse, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import streamlit; from dashboard.cli import main; main()",
            "report",
            "--out",
            str(folder),
            "--warehouse",
            str(demo_warehouse),
        ],
        env=server_env(demo_warehouse),
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return folder


@pytest.fixture(scope="module")
def report_colours(browser, report_folder):
    tab = browser.new_page(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    tab.goto((report_folder / "bilan.html").as_uri())
    tab.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 5")
    charts = tab.evaluate(READ_CHARTS)
    tab.close()
    return check_charts(charts, "bilan.html")


def test_report_charts_have_readable_ticks_and_one_colour_per_series(report_colours):
    # the series the report draws, each in its own colour (demo campaign)
    for name in ("Déposées", "Répondues", "Cercle 1 · militants", "seulement en ligne"):
        assert name in report_colours, sorted(report_colours)
    assert all(len(seen) == 1 for seen in report_colours.values()), report_colours


def test_report_pdf_draws_its_charts_in_colour(report_folder):
    document = pypdfium2.PdfDocument(str(report_folder / "bilan.pdf"))
    hues = set()
    for number in range(len(document)):
        pixels = np.asarray(document[number].render(scale=1).to_pil().convert("RGB")).astype(int)
        # text is ink blue-grey (#1f2d3a, blue 58): only a chart drawn black goes below 40
        black = int((pixels.max(axis=2) < 40).sum())
        assert black < 100, f"page {number + 1}: {black} black pixels"
        saturated = pixels[(pixels.max(axis=2) - pixels.min(axis=2)) > 80]
        if len(saturated):
            r, g, b = saturated.T
            hue = np.degrees(np.arctan2(np.sqrt(3) * (g - b), 2 * r - g - b)) % 360
            buckets, counts = np.unique((hue // 20).astype(int), return_counts=True)
            hues |= {int(bucket) for bucket, count in zip(buckets, counts) if count > 200}
    # reds, oranges, greens, blues and purples of the circles, channels and statuses
    assert len(hues) >= 6, sorted(hues)


def test_every_dashboard_page_draws_readable_charts_coloured_like_the_report(
    browser, app_url, report_colours
):
    tab = browser.new_page(viewport=VIEWPORT, locale="fr-FR")
    tab.goto(app_url)
    settle(tab)
    seen = {}
    open_page(tab, PAGES[-1][0], PAGES[-1][1])
    for title, count in PAGES:
        open_page(tab, title, count)
        if not count:
            continue
        tab.wait_for_function(
            "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=count
        )
        for name, colours in check_charts(tab.evaluate(READ_CHARTS), title).items():
            seen.setdefault(name, set()).update(colours)
    tab.close()
    # one colour per series on every page, and the report's colour for it
    for name, colours in seen.items():
        assert len(colours) == 1, f"'{name}' drawn in {colours}"
        if name in report_colours:
            assert colours == report_colours[name], f"'{name}': {colours} vs report"


def test_charts_keep_their_width_on_a_phone(browser, app_url):
    tab = browser.new_page(viewport={"width": 390, "height": 844}, locale="fr-FR")
    tab.goto(app_url)
    settle(tab)
    tab.locator(".js-plotly-plot .main-svg").nth(1).wait_for(timeout=60_000)
    for chart in tab.evaluate(READ_CHARTS):
        assert chart["plotWidth"] >= 200, chart["name"]
    tab.close()


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_card_labels_are_whole_and_nothing_overflows_on_laptop_and_wide_screens(
    browser, app_url, width, height
):
    tab = browser.new_page(viewport={"width": width, "height": height}, locale="fr-FR")
    tab.goto(app_url)
    settle(tab)
    tab.locator("[data-testid='stMetricLabel']").first.wait_for(timeout=60_000)
    tab.locator(".js-plotly-plot .main-svg").nth(1).wait_for(timeout=60_000)
    cut = tab.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stMetricLabel'] p")]
               .filter((p) => p.scrollWidth > p.clientWidth + 1).map((p) => p.innerText)"""
    )
    assert not cut, cut  # 'Délai médian de répo…'
    main = tab.evaluate(
        """() => { const m = document.querySelector('[data-testid=stMain]');
                   return {scroll: m.scrollWidth, client: m.clientWidth}; }"""
    )
    assert main["scroll"] <= main["client"] + 1, main  # no sideways scrolling
    for chart in tab.evaluate(READ_CHARTS):  # charts take the room there is, not a phone's
        assert chart["plotWidth"] >= 0.2 * width, chart["name"]
    tab.close()


def test_a_week_bar_is_a_week_wide_whatever_the_other_weeks(browser, tmp_path):
    """A district with meetings in one week only: its bars were 1 ms wide, drawn as
    hairlines once the report's phases widened the axis to months; weeks a fortnight apart
    drew bars twice as wide as weeks side by side."""
    phases = pd.DataFrame({
        "name": ["Ouverture", "Synthèse"], "restricted": [False, False],
        "starts_on": pd.to_datetime(["2025-09-01", "2025-11-01"]),
        "ends_on": pd.to_datetime(["2025-10-31", "2026-01-31"]),
    })
    thickness = {}
    for label, weeks in {
        "one week": ["2025-11-10"],
        "two weeks side by side": ["2025-11-10", "2025-11-17"],
        "two weeks a fortnight apart": ["2025-11-10", "2025-11-24"],
    }.items():
        frame = pd.DataFrame({"week": pd.to_datetime(weeks), "headcount": 79, "proposals": 12})
        figure = report.mark_phases(
            charts.bars(frame, "week", ["headcount", "proposals"], "fr", title=label), phases
        )
        page = tmp_path / f"{len(thickness)}.html"
        plotly.io.write_html(figure, page, include_plotlyjs=True)
        tab = browser.new_page(viewport={"width": 1000, "height": 600})
        tab.goto(page.as_uri())
        tab.wait_for_function("document.querySelectorAll('.barlayer .point path').length > 0")
        chart = tab.evaluate(READ_CHARTS)[0]
        tab.close()
        assert len(chart["bars"]) == 2 * len(weeks), (label, chart["bars"])
        thickness[label] = chart["bars"]
    # a week of about four months of axis on a 1,000 px page: about 17 px, both series
    # side by side in it; the same in each chart
    widths = {round(width) for bars in thickness.values() for width in bars}
    assert len(widths) == 1 and min(widths) >= 10, thickness
