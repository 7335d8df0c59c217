"""The post-campaign evaluation report: one self-contained HTML file, and the same document
as a PDF printed by the system's chromium.

Every number comes from the dashboard's own metric queries (`dashboard.metrics.run`) and
every chart from its figure builders (`dashboard.charts`), so the report says what the
dashboard says for the same filters. Three report-only numbers have their own query files:
`campaign_phases`, `meeting_sizes` and `synthesis_time`.

The HTML embeds plotly.js once and fetches nothing. The map draws the district polygons as a
plain SVG plot, not the dashboard's WebGL choropleth: browsers without WebGL, print and
headless chromium (the PDF) show WebGL maps blank.
"""

import html
import math
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import shapely

from dashboard import charts, metrics, mobilisation, privacy, registry
from dashboard.errors import CerclesError
from dashboard.funnel import UNDER_REACHED
from dashboard.i18n import (
    DEFAULT_LANGUAGE,
    RESIDENTS,
    coverage_items,
    entity_name,
    format_date,
    format_days,
    format_int,
    format_number,
    format_percent,
    format_small_percent,
    platform_name,
    sources_text,
    text_or_dash,
)
from dashboard.metrics import EXPLANATIONS, MODERATION_BENCHMARK, Filters, explanation
from dashboard.report_text import STYLESHEET, rt
from dashboard.warehouse import read_sql

BENCHMARK = {
    "participants": 202,
    "proposals": 706,
    "in_person_share": 2 / 3,
    "meetings": 9,
    "meeting_size": (40, 150),
    "synthesis_days": (10, 15),
    "moderation_rate": MODERATION_BENCHMARK,
}
FIGURE_WIDTH = 700
PLOTLY_CONFIG = {"displaylogo": False, "responsive": False,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
    "--virtual-time-budget=20000",
)


@dataclass
class ReportData:
    """Everything the report shows, as the metric queries returned it."""

    filters: Filters
    headline: dict
    frames: dict = field(default_factory=dict)
    denominator: str = RESIDENTS  # what the districts' population counts

    def __getitem__(self, name) -> pd.DataFrame:
        return self.frames[name]


def collect(con, filters: Filters | None = None) -> ReportData:
    """Run everything the report shows (dashboard/registry.py: the entries with a report
    section), under the filters."""
    filters = filters or Filters()
    frames = {}
    for name, kind in registry.report_entries().items():
        if kind == "computed":
            frames[name] = metrics.computation(name)(con, filters)
        elif kind == "plain":
            frames[name] = con.execute(read_sql(name)).fetchdf()
        else:
            frames[name] = metrics.run(con, name, filters)
    frames["last_activity"] = metrics.last_activity_day(con)  # the cover's date
    return ReportData(
        filters,
        frames.pop("headline_metrics"),
        frames,
        denominator=metrics.population_kind(con),
    )


# HTML pieces


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def number_span(metric: str, value, text: str) -> str:
    """A number the tests (and anyone) can read back: its raw value in data-value, or
    data-suppressed for a count hidden by the small-count rule (privacy.is_hidden)."""
    if privacy.is_hidden(value):
        return (f'<span class="num suppressed" data-metric="{esc(metric)}" '
                f'data-suppressed="1">{esc(value)}</span>')
    raw = "" if value is None or (isinstance(value, float) and math.isnan(value)) else value
    return (f'<span class="num" data-metric="{esc(metric)}" data-value="{esc(raw)}">'
            f"{esc(text)}</span>")


@dataclass
class Cell:
    text: str
    value: object = None
    numeric: bool = False
    suppressed: bool = False
    column: str = ""


def table_html(headers: list[tuple[str, bool]], rows: list[tuple[dict, list[Cell]]],
               name: str) -> str:
    """A table; headers are (label, numeric); rows are (row attributes, cells)."""
    head = "".join(f'<th class="{"n" if numeric else ""}">{esc(label)}</th>'
                   for label, numeric in headers)
    body = []
    for attributes, cells in rows:
        attrs = "".join(f' {key}="{esc(value)}"' for key, value in attributes.items())
        tds = []
        for cell in cells:
            classes = " ".join(c for c in ("n" if cell.numeric else "",
                                           "suppressed" if cell.suppressed else "") if c)
            data = f' data-col="{esc(cell.column)}"' if cell.column else ""
            if cell.suppressed:
                data += ' data-suppressed="1"'
            elif cell.value is not None and not (isinstance(cell.value, float)
                                                 and math.isnan(cell.value)):
                data += f' data-value="{esc(cell.value)}"'
            tds.append(f'<td class="{classes}"{data}>{esc(cell.text)}</td>')
        body.append(f"<tr{attrs}>{''.join(tds)}</tr>")
    return (f'<table data-table="{esc(name)}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def plain(value):
    """A JSON-friendly number for data-value (None for missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


COVERAGE_LABELS = {
    "participants": "kpi.participants", "district_reach": "districts",
    "moderation_rate": "kpi.moderation_rate", "proposals": "kpi.proposals",
    "median_days_to_answer": "kpi.median_days_to_answer", "votes_by_channel": "channels.votes",
    "attendance": "col.headcount",
}


def benchmark_rows(headline: dict, sizes, synthesis, lang: str, threshold: int) -> list[tuple]:
    """The campaign beside each reference of BENCHMARK, one (key, value, text, reference,
    reading) each: what the report's table and the Bilan page show. `sizes` and `synthesis`
    are the rows of meeting_sizes and synthesis_time; hidden counts stay hidden."""

    def tr(key, **values):
        return rt(key, lang, **values)

    def whole(value):
        return format_int(None if value is None or pd.isna(value) else value, lang)

    def reading(value, low, high=None):
        if privacy.is_hidden(value):  # '< 11': below any reference above the threshold
            return tr("bench.below") if low >= threshold else tr("bench.not_measured")
        if value is None or pd.isna(value):
            return tr("bench.not_measured")
        high = low if high is None else high
        if value < low:
            return tr("bench.below")
        if value > high:
            return tr("bench.above")
        return tr("bench.within")

    h = headline
    smallest_size, largest_size = BENCHMARK["meeting_size"]
    shortest, longest = BENCHMARK["synthesis_days"]
    measured_sizes = bool(sizes["meetings_with_headcount"])
    size_text = (tr("range.people", low=whole(sizes["smallest"]), high=whole(sizes["largest"]))
                 if measured_sizes else tr("not_available"))
    # every meeting within the range reads "within"; otherwise the median says where they sit
    all_sizes_known = measured_sizes and not privacy.is_hidden(sizes["smallest"]) \
        and not privacy.is_hidden(sizes["largest"])
    size_reading = (reading(plain(sizes["smallest"]), smallest_size, largest_size)
                    if all_sizes_known and smallest_size <= sizes["smallest"]
                    and sizes["largest"] <= largest_size
                    else reading(plain(sizes["median_headcount"]), smallest_size, largest_size))
    synthesis_days = plain(synthesis["synthesis_days"])
    moderation_value = h["moderation_rate"] if h["moderation_measurable"] else None
    return [
        ("participants", h["participants"], whole(h["participants"]),
         whole(BENCHMARK["participants"]), reading(h["participants"], BENCHMARK["participants"])),
        ("proposals", h["proposals"], whole(h["proposals"]),
         whole(BENCHMARK["proposals"]), reading(h["proposals"], BENCHMARK["proposals"])),
        ("in_person_share", h["in_person_share"], format_percent(h["in_person_share"], lang),
         format_percent(BENCHMARK["in_person_share"], lang, 0),
         reading(h["in_person_share"], BENCHMARK["in_person_share"])),
        ("meetings", h["meetings"], whole(h["meetings"]), whole(BENCHMARK["meetings"]),
         reading(h["meetings"], BENCHMARK["meetings"])),
        ("meeting_size", plain(sizes["median_headcount"]), size_text,
         tr("range.people", low=smallest_size, high=largest_size), size_reading),
        ("synthesis_days", synthesis_days, format_days(synthesis_days, lang),
         tr("range.days", low=shortest, high=longest),
         reading(synthesis_days, shortest, longest)),
        ("moderation_rate", moderation_value,
         format_small_percent(moderation_value, lang) if moderation_value is not None
         else tr("not_measurable"),
         "≤ " + format_small_percent(MODERATION_BENCHMARK, lang),
         tr(moderation_reading(h))),
    ]


def moderation_reading(headline: dict) -> str:
    """The benchmark table's reading of the moderation rate, by the same rule as the
    dashboard's alert: "above" only when the rate's exact 95 % lower limit is above the
    benchmark, so a handful of hidden items in a small campaign is not called a problem."""
    if not headline["moderation_measurable"] or headline["moderation_above_benchmark"] is None:
        return "bench.not_measured"
    if headline["moderation_above_benchmark"]:
        return "bench.significantly_above"
    if headline["moderation_rate"] > MODERATION_BENCHMARK:
        return "bench.above_by_chance"
    return "bench.within"


class Renderer:
    """Turns figures into HTML: interactive Plotly divs (plotly.js embedded once)."""

    def __init__(self, lang: str):
        self.lang = lang
        self.count = 0

    def figure(self, fig: go.Figure, name: str, caption: str = "", height: int = 380,
               css_class: str = "", describe: bool = True) -> str:
        fig.update_layout(width=FIGURE_WIDTH, height=height, autosize=False,
                          plot_bgcolor="white", paper_bgcolor="white")
        fig.update_xaxes(gridcolor="#e8ecef", zerolinecolor="#d5dbe1", linecolor="#d5dbe1")
        fig.update_yaxes(gridcolor="#e8ecef", zerolinecolor="#d5dbe1", linecolor="#d5dbe1")
        if not fig.layout.title.text:
            fig.update_layout(margin={"t": 30})
        self.count += 1
        div = fig.to_html(full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG,
                          div_id=f"chart-{name}")
        # a sentence for those who cannot see the chart, then what the chart needs said
        summary = charts.summary(fig, self.lang) if describe else None
        said = [text for text in (summary, caption) if text]
        note = f"<figcaption>{esc(' '.join(said))}</figcaption>" if said else ""
        return (f'<figure class="{css_class}" data-chart="{esc(name)}">{div}{note}</figure>')


# Figures the dashboard doesn't have


def mark_phases(fig: go.Figure, phases: pd.DataFrame) -> go.Figure:
    """Shade each phase on a chart whose x axis is weeks."""
    for phase in phases.itertuples():
        if pd.isna(phase.starts_on) or pd.isna(phase.ends_on):
            continue
        fig.add_vrect(
            x0=pd.Timestamp(phase.starts_on) - timedelta(days=3.5),
            x1=pd.Timestamp(phase.ends_on) + timedelta(days=1) - timedelta(days=3.5),
            fillcolor="#c0392b" if phase.restricted else "#7f8c8d", opacity=0.07,
            line_width=0, annotation_text=phase.name, annotation_position="top left",
            annotation_font_size=10, annotation_font_color="#5d6d7e", layer="below",
        )
    return fig


def polygon_map(reach: pd.DataFrame, geojson: dict, lang: str,
                title: str | None = None, denominator: str = RESIDENTS) -> go.Figure:
    """District status drawn as filled polygons on plain axes: no WebGL, no tiles, so it
    prints and renders headless. Same colours and legend as the dashboard's status map."""
    status = dict(zip(reach["district_id"].astype(str), reach["status"]))
    names = dict(zip(reach["district_id"].astype(str), reach["name"]))
    fig = go.Figure()
    shown_labels = set()
    labels_x, labels_y, labels_text = [], [], []
    latitudes = []
    order = list(charts.STATUS_COLOURS)
    features = sorted(geojson["features"],
                      key=lambda f: order.index(status.get(f["id"], "not computable"))
                      if status.get(f["id"], "not computable") in order else len(order))
    for feature in features:
        district = feature["id"]
        state = status.get(district, "not computable")
        label = charts.status_label(state, lang, denominator)
        shape = shapely.geometry.shape(feature["geometry"])
        xs, ys = [], []
        for polygon in getattr(shape, "geoms", [shape]):
            if polygon.geom_type != "Polygon":
                continue
            x, y = polygon.exterior.xy
            xs += list(x) + [None]
            ys += list(y) + [None]
        if not xs:
            continue
        point = shape.representative_point()
        labels_x.append(point.x)
        labels_y.append(point.y)
        labels_text.append(str(names.get(district, district)))
        latitudes.append(point.y)
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", name=label, legendgroup=label,
            showlegend=label not in shown_labels,
            fillcolor=charts.STATUS_COLOURS.get(state, "#f7f7f7"),
            line={"color": "#555", "width": 0.8}, hoverinfo="text",
            text=f"{names.get(district, district)} · {label}",
        ))
        shown_labels.add(label)
    fig.add_trace(go.Scatter(x=labels_x, y=labels_y, mode="text", text=labels_text,
                             textfont={"size": 9, "color": "#1f2d3a"}, showlegend=False,
                             hoverinfo="skip"))
    mean_latitude = sum(latitudes) / len(latitudes) if latitudes else 0
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x",
                     scaleratio=1 / max(math.cos(math.radians(mean_latitude)), 0.1))
    fig.update_layout(plot_bgcolor="white", legend_title_text=charts.t("col.status", lang))
    return charts.finish(fig, lang, title, legend=charts.t("col.status", lang))


# Sections


class Report:
    """Builds the report's sections from collected data, in one language."""

    def __init__(self, data: ReportData, lang: str):
        self.data = data
        self.lang = lang
        self.render = Renderer(lang)
        self.threshold = privacy.min_count()
        # with a district chosen, the whole report is a district view
        self.district_view = data.filters.district is not None

    def t(self, key, **values):
        return rt(key, self.lang, self.data.denominator, **values)

    def colon(self) -> str:
        return ": " if self.lang == "en" else "\u00a0: "

    def int(self, value):
        return format_int(None if value is None or pd.isna(value) else value, self.lang)

    def persons(self, metric: str, value) -> str:
        """A person count: '< 11' when the small-count rule hid it (metrics did)."""
        return number_span(metric, plain(value), self.int(value))

    def count_cell(self, value, column: str) -> Cell:
        if privacy.is_hidden(value):
            return Cell(value, None, True, True, column)
        return Cell(self.int(value), plain(value), True, False, column)

    # cover and key figures

    def cover(self) -> str:
        filters = self.data.filters
        chosen = [f"{key} = {value}" for key, value in filters.as_params().items()
                  if value is not None]
        since = filters.since or self.first_day()
        until = filters.until or self.data["last_activity"]
        period = (f"{format_date(since, self.lang)} – {format_date(until, self.lang)}"
                  if since and until else self.t("period.all"))
        return (
            f"<header><h1>{esc(self.t('title'))}</h1>"
            f"<p class='lead'>{esc(self.t('subtitle'))}</p>"
            f"<p class='meta'>{esc(self.t('period'))} : {esc(period)} · "
            f"{esc(self.t('filters'))} : "
            f"{esc(', '.join(chosen) if chosen else self.t('filters.none'))} · "
            f"{esc(self.t('generated', date=format_date(date.today(), self.lang)))}</p>"
            f"</header>"
        ).replace(" : ", ": " if self.lang == "en" else "\u00a0: ")

    def first_day(self):
        days = []
        phases = self.data["campaign_phases"]
        if not phases.empty:
            days.append(pd.Timestamp(phases["starts_on"].min()).date())
        for name in ("proposals_by_week", "new_participants_by_week", "meetings_by_week"):
            frame = self.data[name]
            if not frame.empty:
                days.append(pd.Timestamp(frame["week"].min()).date())
        return min(days) if days else None

    def key_figures(self) -> str:
        h = self.data.headline
        moderation = (format_small_percent(h["moderation_rate"], self.lang)
                      if h["moderation_measurable"] and h["moderation_rate"] is not None
                      else self.t("not_measurable"))
        cards = [
            ("participants", self.persons("participants", h["participants"])),
            ("beyond_first_circle_share",
             number_span("beyond_first_circle_share", h["beyond_first_circle_share"],
                         format_percent(h["beyond_first_circle_share"], self.lang))),
            ("proposals", number_span("proposals", h["proposals"], self.int(h["proposals"]))),
            ("in_person_share", number_span("in_person_share", h["in_person_share"],
                                            format_percent(h["in_person_share"], self.lang))),
            ("moderation_rate", number_span("moderation_rate", h["moderation_rate"], moderation)),
            ("median_days_to_answer",
             number_span("median_days_to_answer", h["median_days_to_answer"],
                         format_days(h["median_days_to_answer"], self.lang))),
            ("under_reached_districts",
             number_span("under_reached_districts", len(h["under_reached_districts"]),
                         self.int(len(h["under_reached_districts"])))),
            ("duncan_index", number_span("duncan_index", h["duncan_index"],
                                         format_number(h["duncan_index"], self.lang, 2))),
        ]
        html_cards = "".join(
            f"<div class='card'><div class='label'>{esc(self.t(f'kpi.{key}'))}</div>"
            f"<div class='value'>{value}</div>"
            f"<div class='help'>{esc(explanation(key, self.lang, self.data.denominator))}</div></div>"
            for key, value in cards
        )
        return f"<h2 id='key-figures'>{esc(self.t('key_figures'))}</h2><div class='cards'>{html_cards}</div>"

    # benchmarks

    def benchmarks(self) -> str:
        rows = benchmark_rows(self.data.headline, self.data["meeting_sizes"].iloc[0],
                              self.data["synthesis_time"].iloc[0], self.lang, self.threshold)
        table_rows = [
            ({"data-benchmark": key},
             [Cell(self.t(f"bench.{key}".replace("moderation_rate", "moderation"))),
              Cell(text, None if privacy.is_hidden(value) else value, True,
                   privacy.is_hidden(value), "campaign"),
              Cell(reference, None, True),
              Cell(verdict)])
            for key, value, text, reference, verdict in rows
        ]
        headers = [(self.t("col.metric"), False), (self.t("col.this_campaign"), True),
                   (self.t("col.reference"), True), (self.t("col.reading"), False)]
        return (f"<h2 id='benchmarks'>{esc(self.t('benchmarks'))}</h2>"
                f"<p class='note'>{esc(self.t('benchmarks.intro'))}</p>"
                + table_html(headers, table_rows, "benchmarks"))

    # timeline

    def timeline(self) -> str:
        lang = self.lang
        phases = self.data["campaign_phases"]
        parts = [f"<h2 id='timeline'>{esc(self.t('timeline'))}</h2>",
                 f"<p>{esc(self.t('timeline.intro'))}</p>"]
        if phases.empty:
            parts.append(f"<p class='note'>{esc(self.t('timeline.no_phases'))}</p>")
        else:
            rows = [({"data-phase": p.phase_id}, [
                Cell(p.name), Cell(format_date(p.starts_on, lang)), Cell(format_date(p.ends_on, lang)),
                Cell(self.int(p.days), plain(p.days), True, column="days"),
                Cell(self.t("yes") if p.restricted else self.t("no")),
                Cell(self.int(p.proposals), plain(p.proposals), True, column="proposals"),
                Cell(self.int(p.meetings), plain(p.meetings), True, column="meetings"),
                self.count_cell(p.headcount, "headcount"),
            ]) for p in phases.itertuples()]
            headers = [(self.t("col.phase"), False), (self.t("col.starts"), False),
                       (self.t("col.ends"), False), (self.t("col.days_long"), True),
                       (self.t("col.restricted"), False), (self.t("col.proposals"), True),
                       (self.t("col.meetings"), True), (self.t("col.headcount"), True)]
            parts.append(table_html(headers, rows, "phases"))
        weeks = self.data["proposals_by_week"]
        if not weeks.empty:
            names = {"submitted": self.t("proposals.submitted"),
                     "answered": self.t("proposals.answered")}
            fig = charts.bars(weeks, "week", ["submitted", "answered"], lang,
                              title=self.t("timeline.proposals"), x_label=self.t("col.week"),
                              y_label=self.t("col.proposals"), names=names)
            parts.append(self.render.figure(mark_phases(fig, phases), "timeline-proposals"))
        meetings = self.data["meetings_by_week"]
        if not meetings.empty:
            fig = charts.bars(meetings, "week", ["headcount", "proposals"], lang,
                              title=self.t("timeline.meetings"), x_label=self.t("col.week"),
                              y_label=self.t("col.count"),
                              names={"headcount": self.t("col.headcount"),
                                     "proposals": self.t("col.proposals")})
            parts.append(self.render.figure(mark_phases(fig, phases), "timeline-meetings",
                                            height=320))
        new = self.data["new_participants_by_week"]
        if not new.empty:
            fig = charts.circles_per_week(new, "new_participants", lang,
                                          title=self.t("circles.new_per_week"))
            parts.append(self.render.figure(mark_phases(fig, phases), "timeline-participants",
                                            height=340))
        return "".join(parts)

    # circles

    def circles(self) -> str:
        lang = self.lang
        h = self.data.headline
        by_circle = self.data["reach_by_circle"]
        parts = [f"<h2 id='circles'>{esc(self.t('circles'))}</h2>",
                 f"<p>{esc(self.t('circles.intro'))} "
                 + self.t("circles.beyond", share=number_span(
                     "beyond_first_circle_share.text", h["beyond_first_circle_share"],
                     format_percent(h["beyond_first_circle_share"], lang)))
                 + "</p>"]
        counts = dict(zip(by_circle["circle"].astype(int), by_circle["participants"]))
        shares = dict(zip(by_circle["circle"].astype(int), by_circle["share"]))
        rows = [({"data-circle": str(c)}, [
            Cell(self.t(f"circle.{c}")),
            self.count_cell(counts.get(c, 0), "participants"),
            Cell(format_percent(shares.get(c), lang), plain(shares.get(c)), True,
                 self.district_view and pd.isna(shares.get(c)), "share"),
        ]) for c in metrics.CIRCLES]
        parts.append(table_html([(self.t("col.circle"), False), (self.t("col.persons"), True),
                                 (self.t("col.share"), True)], rows, "circles"))
        new = self.data["new_participants_by_week"]
        if not new.empty:
            fig = charts.circles_per_week(new, "cumulative", lang,
                                          title=self.t("circles.evolution"), cumulative=True)
            parts.append(self.render.figure(mark_phases(fig, self.data["campaign_phases"]),
                                            "circles-cumulative", height=340))
        phases = self.data["circles_by_phase"]
        if not phases.empty:
            shown = phases.assign(phase_name=phases["phase_name"].fillna(self.t("unknown")))
            parts.append(self.render.figure(
                charts.circles_by_phase(shown, lang, title=self.t("circles.by_phase"),
                                        phase_column="phase_name"), "circles-by-phase",
                height=320))
        sources = self.data["circle_sources"]
        if not sources.empty:
            parts.append(f"<h3>{esc(self.t('circles.sources'))}</h3>"
                         f"<p class='note'>{esc(self.t('circles.sources_help'))}</p>")
            rows = [({}, [Cell(self.t(f"circle.{int(s.circle)}")),
                          Cell(self.t(f"circle_source.{s.circle_source}")),
                          self.count_cell(s.participants, "participants")])
                    for s in sources.itertuples()]
            parts.append(table_html([(self.t("col.circle"), False), (self.t("col.source"), False),
                                     (self.t("col.persons"), True)], rows, "circle-sources"))
        attendance = self.data["attendance"].iloc[0]
        parts.append(f"<p class='note'>{esc(self.t('circles.attendance'))}{self.colon()}"
                     f"{number_span('attendance', plain(attendance['headcount']), self.int(attendance['headcount']))}"
                     "</p>")
        return "".join(parts)

    # districts

    def districts(self) -> str:
        lang = self.lang
        h = self.data.headline
        reach = self.data["district_reach"]
        parts = [f"<h2 id='districts'>{esc(self.t('districts'))}</h2>"]
        if reach.empty:
            parts.append(f"<p>{esc(self.t('districts.none'))}</p>")
            return "".join(parts)
        under_names = reach[reach["status"].isin(UNDER_REACHED)].sort_values("district_id")
        parts.append("<p>" + self.t(
            "districts.summary",
            duncan=number_span("duncan_index.text", h["duncan_index"],
                               format_number(h["duncan_index"], lang, 2)),
            unknown=number_span("unknown_district_share", h["unknown_district_share"],
                                format_percent(h["unknown_district_share"], lang)),
            under=number_span("under_reached_districts.list",
                              ",".join(h["under_reached_districts"]),
                              ", ".join(under_names["name"].astype(str)) or "0"),
        ) + "</p>")
        shapes = self.data["district_shapes"]
        if not shapes.empty:
            geojson = charts.feature_collection(shapes)
            if geojson["features"]:
                parts.append(self.render.figure(
                    polygon_map(reach, geojson, lang, title=self.t("districts.map"),
                                denominator=self.data.denominator),
                    "district-map", height=480, caption=self.t("map.print_note")))
        funnel = charts.funnel_plot(reach, lang, title=self.t("districts.funnel"))
        # hovering shows which district a dot is, not O/E exactly (it would reveal small counts)
        funnel.update_traces(hovertemplate="%{text}<extra></extra>", selector={"mode": "markers"})
        parts.append(self.render.figure(funnel, "funnel",
                                        caption=self.t("districts.funnel_help"), height=420))
        parts.append(f"<h3>{esc(self.t('districts.table'))}</h3>")
        parts.append(self.district_table(reach, "districts", all_columns=True))
        # the target list is short: heading, note and table stay on one page
        parts.append(f"<div class='keep'><h3 id='targets'>{esc(self.t('districts.targets'))}</h3>"
                     f"<p class='note'>{esc(self.t('districts.targets_help'))}</p>")
        targets = self.data["district_target_list"]
        if targets.empty:
            parts.append(f"<p>{esc(self.t('districts.no_targets'))}</p>")
        else:
            parts.append(self.district_table(targets, "targets", all_columns=False,
                                             hidden=self.hidden_districts(reach)))
        parts.append(f"<p class='note'>{esc(self.t('districts.privacy', n=self.threshold))}</p>"
                     "</div>")
        return "".join(parts)

    def hidden_districts(self, reach: pd.DataFrame) -> dict:
        """district_id -> 'small' or 'complementary' for the counts hidden in district tables."""
        return privacy.hidden_districts(reach, self.threshold)

    def district_table(self, frame: pd.DataFrame, name: str, all_columns: bool,
                       hidden: dict | None = None) -> str:
        lang = self.lang
        hidden = self.hidden_districts(frame) if hidden is None else hidden
        n = self.threshold
        rows = []
        for row in frame.itertuples():
            how = hidden.get(row.district_id)
            expected = plain(row.expected)

            def bound(column, value, text, number, how=how, row=row):
                # the same bounds as the dashboard's: privacy.count_bound
                if how:
                    limit = privacy.count_bound(column, row.expected,
                                                getattr(row, "population", None), n)
                    return Cell(privacy.bound_text(how, column, limit, text, number), None, True,
                                True, "")
                return Cell(text, value, True)

            participants = bound("participants", plain(row.participants),
                                 self.int(row.participants), str)
            participants.column = "participants"
            # whole persons; a hidden count's bound rounded the way that stays true
            missing = bound("missing_participants", plain(row.missing_participants),
                            self.int(row.missing_participants),
                            lambda v: self.int(privacy.whole_bound("missing_participants", v)))
            missing.column = "missing_participants"
            ratio = bound("ratio", plain(row.ratio), format_number(row.ratio, lang, 2),
                          lambda v: format_number(v, lang, 2))
            ratio.column = "ratio"
            cells = [Cell(row.name), participants,
                     Cell(format_number(row.expected, lang, 1), expected, True, column="expected"),
                     ratio]
            headers = [(self.t("col.district"), False), (self.t("col.participants"), True),
                       (self.t("col.expected"), True), (self.t("col.ratio"), True)]
            if all_columns:
                population = plain(row.population)
                rate = bound("rate_per_1000", plain(row.rate_per_1000),
                             format_number(row.rate_per_1000, lang, 1),
                             lambda v: format_number(v, lang, 1))
                rate.column = "rate_per_1000"
                cells[1:1] = [Cell(self.int(population) if population is not None else "–",
                                   population, True, column="population")]
                headers[1:1] = [(self.t("col.population"), True)]
                cells.append(rate)
                headers.append((self.t("col.rate"), True))
            else:
                cells.append(missing)
                headers.append((self.t("col.missing"), True))
                cells.append(Cell(format_date(row.last_meeting_at, lang)))
                headers.append((self.t("col.last_meeting"), False))
                cells.append(Cell(charts.target_reason(row._asdict(), how, n, lang)))
                headers.append((self.t("col.reason"), False))
            cells.append(Cell(charts.status_label(row.status, lang, self.data.denominator)))
            headers.append((self.t("col.status"), False))
            attributes = {"data-district": row.district_id}
            if row.status in UNDER_REACHED:
                attributes["class"] = "under"
            rows.append((attributes, cells))
        return table_html(headers, rows, name)

    # moderation

    def moderation(self) -> str:
        lang = self.lang
        overall = self.data["moderation_rate"].iloc[0]
        parts = [f"<h2 id='moderation'>{esc(self.t('moderation'))}</h2>"]
        measurable = bool(overall["measurable"]) and pd.notna(overall["moderation_rate"])
        if measurable:
            parts.append("<p>" + self.t(
                "moderation.summary",
                moderated=number_span("moderated", plain(overall["moderated"]),
                                      self.int(overall["moderated"])),
                total=number_span("moderation_items",
                                  plain(overall["published"] + overall["moderated"]),
                                  self.int(overall["published"] + overall["moderated"])),
                rate=number_span("moderation_rate.text", plain(overall["moderation_rate"]),
                                 format_small_percent(overall["moderation_rate"], lang)),
            ) + "</p>")
        else:
            parts.append(f"<p><strong>{esc(self.t('not_measurable'))}</strong> — "
                         f"{esc(self.t('not_measurable.long'))}</p>")
        if overall["unmeasurable_items"]:
            parts.append(f"<p class='note'>{esc(self.t('moderation.unmeasured', n=self.int(overall['unmeasurable_items'])))}</p>")
        if pd.notna(overall.get("median_hours_to_hide")):
            parts.append(f"<p class='note'>{esc(self.t('moderation.time_to_hide', x=format_days(overall['median_hours_to_hide'] / 24, lang)))}</p>")
        weeks = self.data["moderation_by_week"]
        measured = weeks[weeks["measurable"]] if not weeks.empty else weeks
        if not measured.empty:
            shown = measured.assign(series=measured["kind"].map(lambda k: self.t(f"kind.{k}"))
                                    + " · " + measured["channel"].map(
                                        lambda c: self.t(f"channel.{c}")))
            wide = shown.pivot_table(index="week", columns="series", values="moderation_rate")
            fig = charts.lines(wide.reset_index(), "week", sorted(shown["series"].unique()), lang,
                               title=self.t("moderation.per_week"), x_label=self.t("col.week"),
                               y_label=self.t("col.rate_pct"), percent=True)
            fig.add_hline(y=MODERATION_BENCHMARK, line_dash="dash", line_color="#c0392b",
                          annotation_text=self.t("moderation.benchmark"))
            parts.append(self.render.figure(fig, "moderation-per-week", height=340))
            by_kind = (measured.groupby(["kind", "channel"], as_index=False)[
                ["published", "moderated"]].sum())
            rows = []
            for row in by_kind.itertuples():
                total = row.published + row.moderated
                rate = row.moderated / total if total else None
                rows.append(({}, [Cell(self.t(f"kind.{row.kind}")),
                                  Cell(self.t(f"channel.{row.channel}")),
                                  Cell(self.int(row.published), plain(row.published), True),
                                  Cell(self.int(row.moderated), plain(row.moderated), True),
                                  Cell(format_small_percent(rate, lang), rate, True)]))
            parts.append(f"<h3>{esc(self.t('moderation.by_kind'))}</h3>" + table_html(
                [(self.t("col.kind"), False), (self.t("col.channel"), False),
                 (self.t("moderation.published"), True), (self.t("moderation.hidden_items"), True),
                 (self.t("col.rate_pct"), True)], rows, "moderation-by-kind"))
        return "".join(parts)

    # proposals

    def proposals(self) -> str:
        lang = self.lang
        answers = self.data["days_to_answer"].iloc[0]
        parts = [f"<h2 id='proposals'>{esc(self.t('proposals'))}</h2>",
                 "<p>" + self.t(
                     "proposals.summary",
                     answered=number_span("answered", plain(answers["answered"]),
                                          self.int(answers["answered"])),
                     median=number_span("median_days_to_answer.text",
                                        plain(answers["median_days"]),
                                        format_days(answers["median_days"], lang)),
                     p90=number_span("p90_days_to_answer", plain(answers["p90_days"]),
                                     format_days(answers["p90_days"], lang)),
                 ) + "</p>"]
        synthesis = self.data["synthesis_time"].iloc[0]
        parts.append(f"<h3>{esc(self.t('synthesis'))}</h3>")
        if pd.isna(synthesis["last_answer_on"]):
            parts.append(f"<p>{esc(self.t('synthesis.none'))}</p>")
        else:
            phase = (synthesis["open_phase_name"] if pd.notna(synthesis["open_phase_name"])
                     else self.t("synthesis.no_phase"))
            parts.append("<p>" + self.t(
                "synthesis.text",
                closed=esc(format_date(synthesis["collection_ended_on"], lang)),
                phase=esc(phase),
                last=esc(format_date(synthesis["last_answer_on"], lang)),
                days=number_span("synthesis_days", plain(synthesis["synthesis_days"]),
                                 format_days(plain(synthesis["synthesis_days"]), lang)),
                after=number_span("answered_after_close",
                                  plain(synthesis["answered_after_close"]),
                                  self.int(synthesis["answered_after_close"])),
                median=esc(format_days(plain(synthesis["median_days_after_close"]), lang)),
            ) + "</p>")
            parts.append(f"<p class='note'>{esc(self.t('methods.synthesis'))}</p>")
        weeks = self.data["proposals_by_week"]
        if not weeks.empty:
            fig = charts.lines(weeks, "week", "open_backlog", lang,
                               title=self.t("proposals.backlog"), x_label=self.t("col.week"),
                               y_label=self.t("col.proposals"))
            parts.append(self.render.figure(mark_phases(fig, self.data["campaign_phases"]),
                                            "backlog", height=300))
        states = self.data["proposal_state_funnel"]
        if not states.empty and states["proposals"].sum():
            parts.append(self.render.figure(
                charts.proposal_states(states, lang, title=self.t("proposals.funnel")),
                "proposal-states", height=240, describe=False,
                caption=charts.proposal_states_summary(states, lang)))
        lag = self.data["transcription_lag"].iloc[0]
        if lag["proposals"]:
            parts.append("<p>" + esc(self.t(
                "lag.text", n=self.int(lag["proposals"]),
                median=format_days(plain(lag["median_days"]), lang),
                p90=format_days(plain(lag["p90_days"]), lang))) + "</p>")
        return "".join(parts)

    # channels

    def channels(self) -> str:
        lang = self.lang
        h = self.data.headline
        names = {c: self.t(f"channel.{c}") for c in ("online", "in_person", "both")}
        colours = {names[c]: colour for c, colour in charts.CHANNEL_COLOURS.items()}
        parts = [f"<h2 id='channels'>{esc(self.t('channels'))}</h2>", "<p>" + self.t(
            "channels.summary",
            in_person=number_span("in_person_share.text", h["in_person_share"],
                                  format_percent(h["in_person_share"], lang)),
            n_in=number_span("proposals_in_person", h["proposals_by_channel"]["in_person"],
                             self.int(h["proposals_by_channel"]["in_person"])),
            n=self.int(h["proposals"])) + "</p>"]
        by_channel = self.data["proposals_by_channel"]
        if not by_channel.empty:
            shown = by_channel.assign(channel=by_channel["channel"].map(names.get),
                                      origin=by_channel["origin"].map(
                                          lambda o: self.t(f"origin.{o}")))
            parts.append(self.render.figure(charts.bars(
                shown, "origin", "proposals", lang, color="channel", barmode="stack",
                title=self.t("channels.by_channel"), x_label=self.t("col.origin"),
                y_label=self.t("col.proposals"), colours=colours), "by-channel", height=340))
        mix = self.data["participants_by_channel_mix"]
        if not mix.empty and mix.iloc[0]["participants"]:
            mix_names = {"online_only": self.t("channels.online_only"),
                         "in_person_only": self.t("channels.in_person_only"),
                         "both_channels": names["both"]}
            row = mix.iloc[0]
            parts.append(f"<h3>{esc(self.t('channels.people'))}</h3>" + table_html(
                [(self.t("col.channel"), False), (self.t("col.persons"), True)],
                [({"data-mix": key}, [Cell(label), self.count_cell(row[key], key)])
                 for key, label in mix_names.items()], "channel-mix"))
            if not self.district_view:
                long = mix[list(mix_names)].melt(var_name="mix", value_name="participants")
                parts.append(self.render.figure(
                    charts.pie(long, "mix", "participants", lang, labels=mix_names,
                               value_label=self.t("col.persons"),
                               title=self.t("channels.people")), "people-mix", height=320))
        attendance = self.data["attendance"].iloc[0]
        parts.append(f"<h3>{esc(self.t('channels.meetings'))}</h3><p>" + self.t(
            "channels.meetings_text",
            meetings=number_span("meetings", plain(attendance["meetings"]),
                                 self.int(attendance["meetings"])),
            headcount=number_span("attendance.text", plain(attendance["headcount"]),
                                  self.int(attendance["headcount"]))) + "</p>")
        by_district = self.data["meetings_by_district"]
        if not by_district.empty and by_district["meetings"].sum():
            rows = []
            for _, row in by_district.iterrows():
                headcount = self.count_cell(row["headcount"], "headcount")
                rows.append(({"data-district": "" if pd.isna(row["district_id"])
                              else row["district_id"]}, [
                    Cell(row["name"] if pd.notna(row["name"]) else self.t("unknown")),
                    Cell(self.int(row["meetings"]), plain(row["meetings"]), True,
                         column="meetings"),
                    headcount,
                    Cell(self.int(row["proposals"]), plain(row["proposals"]), True,
                         column="proposals"),
                    Cell(format_number(row["proposals_per_meeting"], lang, 1),
                         plain(row["proposals_per_meeting"]), True),
                ]))
            parts.append(f"<h3>{esc(self.t('channels.meetings_by_district'))}</h3>" + table_html(
                [(self.t("col.district"), False), (self.t("col.meetings"), True),
                 (self.t("col.headcount"), True), (self.t("col.proposals"), True),
                 (self.t("col.per_meeting"), True)], rows, "meetings-by-district"))
        votes = self.data["votes_by_channel"]
        parts.append(f"<h3>{esc(self.t('channels.votes'))}</h3>")
        if votes.empty or not votes.iloc[0]["proposals_with_split"]:
            parts.append(f"<p class='note'>{esc(self.t('channels.no_votes'))}</p>")
        elif pd.isna(votes.iloc[0]["paper_share"]):
            row = votes.iloc[0]
            parts.append("<p>" + self.t(
                "votes.digital_only",
                digital=number_span("votes_digital", plain(row["votes_digital"]),
                                    self.int(row["votes_digital"])),
                n=self.int(row["proposals_with_split"])) + "</p>")
        else:
            row = votes.iloc[0]
            parts.append("<p>" + self.t(
                "votes.text",
                digital=number_span("votes_digital", plain(row["votes_digital"]),
                                    self.int(row["votes_digital"])),
                paper=number_span("votes_paper", plain(row["votes_paper"]),
                                  self.int(row["votes_paper"])),
                share=esc(format_percent(row["paper_share"], lang)),
                n=self.int(row["proposals_with_split"])) + "</p>")
        return "".join(parts)

    # methods

    def methods(self) -> str:
        lang = self.lang
        parts = [f"<h2 id='methods'>{esc(self.t('methods'))}</h2>",
                 f"<p>{esc(self.t('methods.intro'))}</p>"]
        definitions = [(self.t(f"kpi.{key}") if key != "attendance"
                        else self.t("col.headcount"),
                        explanation(key, lang, self.data.denominator))
                       for key in EXPLANATIONS
                       if key in ("participants", "beyond_first_circle_share", "proposals",
                                  "in_person_share", "moderation_rate", "median_days_to_answer",
                                  "duncan_index", "under_reached_districts", "attendance")]
        definitions += [(self.t("bench.synthesis_days"), self.t("methods.synthesis")),
                        (self.t("bench.meeting_size"), self.t("methods.meeting_size")),
                        (self.t("districts"), self.t("methods.district"))]
        parts.append(table_html([(self.t("col.metric"), False), (self.t("col.definition"), False)],
                                [({}, [Cell(k), Cell(v)]) for k, v in definitions],
                                "definitions"))
        coverage = self.data["coverage"]
        if not coverage.empty:
            parts.append(f"<h3>{esc(self.t('methods.coverage'))}</h3>")
            rows = [({"data-coverage": row.metric}, [
                Cell(self.t(COVERAGE_LABELS.get(row.metric, row.metric))),
                Cell(sources_text(row.sources)),
                Cell(self.int(row.items), plain(row.items), True),
                Cell(coverage_items(row.metric, row.items_are, self.lang, self.data.denominator)),
                Cell(self.int(row.unmeasured_items), plain(row.unmeasured_items), True),
            ]) for row in coverage.itertuples()]
            parts.append(table_html(
                [(self.t("col.metric"), False), (self.t("col.sources"), False),
                 (self.t("col.items"), True), (self.t("col.items_are"), False),
                 (self.t("col.unmeasured"), True)], rows, "coverage"))
        imports = self.data["imports_overview"]
        if not imports.empty:
            parts.append(f"<h3>{esc(self.t('methods.imports'))}</h3>")
            rows = [({}, [
                Cell(text_or_dash(row.file_name)),
                Cell(text_or_dash(platform_name(row.platform, lang))),
                Cell(text_or_dash(entity_name(row.entity, lang))),
                Cell(self.int(row.rows_kept), plain(row.rows_kept), True),
                Cell(self.t("yes") if plain(row.moderation_measurable) else self.t("no")),
            ]) for row in imports.itertuples()]
            parts.append(table_html(
                [(self.t("col.file"), False), (self.t("col.platform"), False),
                 (self.t("col.entity"), False), (self.t("col.rows_kept"), True),
                 (self.t("col.moderation_measurable"), False)], rows, "imports"))
        return "".join(parts)

    def mobilisation(self) -> str:
        """Field actions, operations with their effect (an association, not a proof), the
        districts left without action, and the meetings that brought the most new people.
        Operations and meetings are district slices: small person counts read '< 11'."""
        lang = self.lang
        parts = [f"<h2 id='mobilisation'>{esc(self.t('mobilisation.title'))}</h2>"]
        weeks, operations = self.data["actions_by_week"], self.data["operations"]
        rises = int((operations["verdict"] == mobilisation.HAUSSE).sum())
        parts.append("<p>" + self.t(
            "mobilisation.summary",
            actions=number_span("field_actions", plain(weeks["actions"].sum()),
                                self.int(weeks["actions"].sum())),
            doors=number_span("doors_opened", plain(weeks["doors_opened"].sum()),
                              self.int(weeks["doors_opened"].sum())),
            operations=number_span("operations", len(operations), self.int(len(operations))),
            rises=number_span("operations_rising", rises, self.int(rises)),
        ) + "</p>")
        if not operations.empty:
            parts.append(f"<p>{esc(self.t('mobilisation.operations_help'))}</p>")
            sentence = charts.operations_summary(operations, lang)
            if sentence:  # no computable ratio: an empty chart says nothing, the table does
                parts.append(self.render.figure(
                    charts.operations_forest(operations, lang,
                                             title=self.t("mobilisation.forest")),
                    "operations-forest", height=140 + 50 * len(operations), caption=sentence))
            shown = mobilisation.shown_operations(operations)
            rows = []
            for index, row in shown.iterrows():
                cells = [Cell(text_or_dash(row["district_name"])),
                         Cell(format_date(row["first_date"], lang)),
                         Cell(format_date(row["last_date"], lang))]
                for column in ("n_before", "n_after", "c_before", "c_after"):
                    value = row[column]
                    cells.append(Cell(value, None, True, True, column) if isinstance(value, str)
                                 else Cell(self.int(value), plain(value), True, column=column))
                ratio, low, high = (operations.at[index, c]
                                    for c in ("rate_ratio", "ci_low", "ci_high"))
                cells += [
                    Cell(self.ratio_text(ratio), mobilisation.json_value(plain(ratio)),
                         True, column="rate_ratio"),
                    Cell("–" if pd.isna(low) else
                         f"{self.ratio_text(low)} – {self.ratio_text(high)}"),
                    Cell(charts.verdict_label(row["verdict"], lang), column="verdict"),
                ]
                rows.append(({"data-operation": f"{row['district_id']}:{index}"}, cells))
            parts.append(table_html(
                [(self.t("col.district"), False), (self.t("col.first_date"), False),
                 (self.t("col.last_date"), False), (self.t("col.n_before"), True),
                 (self.t("col.n_after"), True), (self.t("col.c_before"), True),
                 (self.t("col.c_after"), True), (self.t("col.rate_ratio"), True),
                 (self.t("col.interval"), False), (self.t("col.verdict"), False)],
                rows, "operations"))
        left = self.data["districts_without_action"]
        if not left.empty:
            parts.append("<p>" + esc(self.t(
                "mobilisation.left_alone", names=", ".join(left["name"].astype(str)))) + "</p>")
        meetings = mobilisation.shown_meetings(self.data["meetings_ranked"])
        if not meetings.empty:
            parts.append(f"<h3>{esc(self.t('mobilisation.meetings'))}</h3>"
                         f"<p>{esc(self.t('mobilisation.meetings_help'))}</p>")
            rows = []
            for _, row in meetings.iterrows():
                cells = [Cell(text_or_dash(row["title"])), Cell(format_date(row["date"], lang)),
                         Cell(text_or_dash(row["district_name"]))]
                for column in mobilisation.MEETING_PERSON_COUNTS:
                    value = pd.to_numeric(row[column], errors="coerce")
                    if isinstance(row[column], str) and pd.isna(value):  # '< 11'
                        cells.append(Cell(row[column], None, True, True, column))
                    else:
                        cells.append(Cell(self.int(value), None if pd.isna(value) else int(value),
                                          True, column=column))
                cells.append(Cell(self.int(row["proposals"]), plain(row["proposals"]), True,
                                  column="proposals"))
                rows.append(({"data-meeting": row["meeting_id"]}, cells))
            parts.append(table_html(
                [(self.t("col.meeting"), False), (self.t("col.date"), False),
                 (self.t("col.district"), False), (self.t("col.headcount"), True),
                 (self.t("col.identified"), True), (self.t("col.first_timers"), True),
                 (self.t("col.beyond_first_circle"), True), (self.t("col.proposals"), True)],
                rows, "meetings-ranked"))
        return "".join(parts)

    def ratio_text(self, value) -> str:
        if value is None or pd.isna(value):
            return "–"
        return "∞" if value == float("inf") else format_number(value, self.lang, 2)

    def document(self) -> str:
        from plotly.offline import get_plotlyjs

        sections = [
            ("key-figures", self.key_figures() + self.benchmarks()),
            ("timeline", self.timeline()),
            ("circles", self.circles()),
            ("districts", self.districts()),
            ("moderation", self.moderation()),
            ("proposals", self.proposals()),
            ("channels", self.channels()),
            ("mobilisation", self.mobilisation()),
            ("methods", self.methods()),
        ]
        titles = {"key-figures": self.t("key_figures"), "timeline": self.t("timeline"),
                  "circles": self.t("circles"), "districts": self.t("districts"),
                  "moderation": self.t("moderation"), "proposals": self.t("proposals"),
                  "channels": self.t("channels"),
                  "mobilisation": self.t("mobilisation.title"), "methods": self.t("methods")}
        contents = "".join(f"<li><a href='#{key}'>{esc(titles[key])}</a></li>"
                           for key, _ in sections)
        body = "".join(
            f"<section class='{'first' if i == 0 else ''}' id='section-{key}'>{text}</section>"
            for i, (key, text) in enumerate(sections)
        )
        return (
            f"<!DOCTYPE html><html lang='{self.lang}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{esc(self.t('title'))}</title><style>{STYLESHEET}</style>"
            f"<script>{get_plotlyjs()}</script></head><body><main>"
            f"{self.cover()}<nav><h3>{esc(self.t('contents'))}</h3><ol>{contents}</ol></nav>"
            f"{body}</main></body></html>"
        )


def build_report_html(con, filters: Filters | None = None,
                      lang: str = DEFAULT_LANGUAGE) -> str:
    """The whole report as one self-contained HTML page (nothing fetched when opened).
    """
    lang = lang if lang in ("fr", "en") else DEFAULT_LANGUAGE
    return Report(collect(con, filters or Filters()), lang).document()


def chromium_executable() -> str:
    """The chromium that prints PDFs: $CERCLES_CHROMIUM, $BROWSER_PATH, else found on PATH."""
    for candidate in (os.environ.get("CERCLES_CHROMIUM"), os.environ.get("BROWSER_PATH")):
        if candidate and Path(candidate).exists():
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise CerclesError("the PDF is printed by chromium, which was not found: install it "
                       "(apt-get install chromium) or set CERCLES_CHROMIUM to its path")


def print_to_pdf(page: str, timeout: float = 180) -> bytes:
    """Print an HTML page to PDF with headless chromium, offline (no network, own profile)."""
    with tempfile.TemporaryDirectory(prefix="cercles-pdf-") as folder:
        source = Path(folder) / "bilan.html"
        target = Path(folder) / "bilan.pdf"
        source.write_text(page, encoding="utf-8")
        command = [chromium_executable(), *CHROMIUM_FLAGS,
                   f"--user-data-dir={Path(folder) / 'profile'}",
                   f"--print-to-pdf={target}", source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise CerclesError(f"chromium took more than {timeout:.0f} s to print the PDF") from None
        if not target.exists() or target.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise CerclesError(f"chromium could not print the PDF (exit {done.returncode}): {last}")
        return target.read_bytes()


def build_report_pdf(con, filters: Filters | None = None, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The report as PDF bytes: the HTML report printed by chromium (print stylesheet)."""
    return print_to_pdf(build_report_html(con, filters, lang))


def build_report(con, filters: Filters | None = None, lang: str = DEFAULT_LANGUAGE,
                 out: Path | str = "bilan.html") -> Path:
    """Write the report to `out`, HTML or PDF after its suffix; returns the path written.

    The dashboard's Bilan page calls this for its download buttons.
    """
    out = Path(out)
    if out.suffix.lower() == ".pdf":
        privacy.write_private(out, build_report_pdf(con, filters, lang))
    elif out.suffix.lower() in (".html", ".htm"):
        privacy.write_private(out, build_report_html(con, filters, lang).encode("utf-8"))
    else:
        raise CerclesError(f"{out.name}: the report is written as .html or .pdf")
    return out
