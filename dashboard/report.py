"""The post-campaign evaluation report: one self-contained HTML file, and the same document
as a PDF printed by the system's chromium.

Every number comes from the dashboard's own metric queries (`dashboard.metrics.run`) and
every chart from its figure builders (`dashboard.charts`), so the report says what the
dashboard says for the same filters. Three report-only numbers have their own query files:
`campaign_phases`, `meeting_sizes` and `synthesis_time`.

Python works the numbers out; the Jinja templates in dashboard/templates/ draw them, escaping
every value. Only the stylesheet, plotly.js and Plotly's own figure markup are trusted as they
are (markupsafe.Markup).

The HTML embeds plotly.js once and fetches nothing. The map draws the district polygons as a
plain SVG plot, not the dashboard's WebGL choropleth: browsers without WebGL, print and
headless chromium (the PDF) show WebGL maps blank.
"""

import math
import os
import shutil
import string
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import jinja2
import pandas as pd
import plotly.graph_objects as go
import shapely
from markupsafe import Markup

from dashboard import campaigns, charts, metrics, mobilisation, privacy, registry
from dashboard.browser import CHROMIUM_ARGS
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
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}
CHROMIUM_FLAGS = (
    "--headless",
    *CHROMIUM_ARGS,
    "--disable-extensions",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
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
    frames["campaign_period"] = metrics.within_phase(con, replace(filters, phase=None))
    frames["previous_campaign"] = campaigns.comparison_with_previous(con, filters)
    return ReportData(
        filters,
        frames.pop("headline_metrics"),
        frames,
        denominator=metrics.population_kind(con),
    )


# What the templates draw (dashboard/templates/report/): plain values, escaped there


@dataclass
class Number:
    """A number the tests (and anyone) can read back: its raw value in data-value, or
    data-suppressed for a count hidden by the small-count rule (privacy.is_hidden)."""

    metric: str
    value: object
    text: str

    @property
    def suppressed(self) -> bool:
        return privacy.is_hidden(self.value)

    @property
    def raw(self):
        missing = self.value is None or (isinstance(self.value, float) and math.isnan(self.value))
        return "" if missing else self.value


@dataclass
class Cell:
    text: str
    value: object = None
    numeric: bool = False
    suppressed: bool = False
    column: str = ""

    @property
    def classes(self) -> str:
        return " ".join(
            c for c in ("n" if self.numeric else "", "suppressed" if self.suppressed else "") if c
        )

    @property
    def data_value(self):
        """The raw value for data-value, None when hidden or missing."""
        if (
            self.suppressed
            or self.value is None
            or (isinstance(self.value, float) and math.isnan(self.value))
        ):
            return None
        return self.value


@dataclass
class Table:
    """headers are (label, numeric); rows are (row attributes, cells)."""

    name: str
    headers: list[tuple[str, bool]]
    rows: list[tuple[dict, list[Cell]]]


@dataclass
class Figure:
    name: str
    div: Markup  # Plotly's own markup and script, trusted
    caption: str = ""
    css_class: str = ""


@dataclass
class Card:
    label: str
    number: Number
    help: str


def sentence(template: str, **values) -> list:
    """A label's text cut at its {placeholders}: literal strings and the values put in them
    (Numbers drawn as spans), for the template to escape piece by piece."""
    pieces = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        if literal:
            pieces.append(literal)
        if name is not None:
            value = values[name]
            pieces.append(value if isinstance(value, Number) else format(value, spec))
    return pieces


TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("dashboard", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES.tests["number_span"] = lambda value: isinstance(value, Number)


def plain(value):
    """A JSON-friendly number for data-value (None for missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


COVERAGE_LABELS = {
    "participants": "kpi.participants",
    "district_reach": "districts",
    "moderation_rate": "kpi.moderation_rate",
    "proposals": "kpi.proposals",
    "median_days_to_answer": "kpi.median_days_to_answer",
    "votes_by_channel": "channels.votes",
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
    size_text = (
        tr("range.people", low=whole(sizes["smallest"]), high=whole(sizes["largest"]))
        if measured_sizes
        else tr("not_available")
    )
    # every meeting within the range reads "within"; otherwise the median says where they sit
    all_sizes_known = (
        measured_sizes
        and not privacy.is_hidden(sizes["smallest"])
        and not privacy.is_hidden(sizes["largest"])
    )
    size_reading = (
        reading(plain(sizes["smallest"]), smallest_size, largest_size)
        if all_sizes_known
        and smallest_size <= sizes["smallest"]
        and sizes["largest"] <= largest_size
        else reading(plain(sizes["median_headcount"]), smallest_size, largest_size)
    )
    synthesis_days = plain(synthesis["synthesis_days"])
    moderation_value = h["moderation_rate"] if h["moderation_measurable"] else None
    return [
        (
            "participants",
            h["participants"],
            whole(h["participants"]),
            whole(BENCHMARK["participants"]),
            reading(h["participants"], BENCHMARK["participants"]),
        ),
        (
            "proposals",
            h["proposals"],
            whole(h["proposals"]),
            whole(BENCHMARK["proposals"]),
            reading(h["proposals"], BENCHMARK["proposals"]),
        ),
        (
            "in_person_share",
            h["in_person_share"],
            format_percent(h["in_person_share"], lang),
            format_percent(BENCHMARK["in_person_share"], lang, 0),
            reading(h["in_person_share"], BENCHMARK["in_person_share"]),
        ),
        (
            "meetings",
            h["meetings"],
            whole(h["meetings"]),
            whole(BENCHMARK["meetings"]),
            reading(h["meetings"], BENCHMARK["meetings"]),
        ),
        (
            "meeting_size",
            plain(sizes["median_headcount"]),
            size_text,
            tr("range.people", low=smallest_size, high=largest_size),
            size_reading,
        ),
        (
            "synthesis_days",
            synthesis_days,
            format_days(synthesis_days, lang),
            tr("range.days", low=shortest, high=longest),
            reading(synthesis_days, shortest, longest),
        ),
        (
            "moderation_rate",
            moderation_value,
            format_small_percent(moderation_value, lang)
            if moderation_value is not None
            else tr("not_measurable"),
            "≤ " + format_small_percent(MODERATION_BENCHMARK, lang),
            tr(moderation_reading(h)),
        ),
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
    """Turns figures into interactive Plotly divs (plotly.js embedded once, in the head)."""

    def __init__(self, lang: str):
        self.lang = lang

    def figure(
        self,
        fig: go.Figure,
        name: str,
        caption: str = "",
        height: int = 380,
        css_class: str = "",
        describe: bool = True,
    ) -> Figure:
        fig.update_layout(
            width=FIGURE_WIDTH,
            height=height,
            autosize=False,
            plot_bgcolor="white",
            paper_bgcolor="white",
        )
        fig.update_xaxes(gridcolor="#e8ecef", zerolinecolor="#d5dbe1", linecolor="#d5dbe1")
        fig.update_yaxes(gridcolor="#e8ecef", zerolinecolor="#d5dbe1", linecolor="#d5dbe1")
        if not fig.layout.title.text:
            fig.update_layout(margin={"t": 30})
        div = fig.to_html(
            full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG, div_id=f"chart-{name}"
        )
        # a sentence for those who cannot see the chart, then what the chart needs said
        summary = charts.summary(fig, self.lang) if describe else None
        said = [text for text in (summary, caption) if text]
        return Figure(name, Markup(div), " ".join(said), css_class)


# Figures the dashboard doesn't have


PHASE_LABEL_LINES = 3
PHASE_LABEL_LINE = 0.09  # of the plot's height: a 10 px name on a chart of 300 px or more


def mark_phases(fig: go.Figure, phases: pd.DataFrame) -> go.Figure:
    """Shade each phase on a chart whose x axis is weeks, its name at the top of its band.

    Names go down a line from one phase to the next (three lines, then back to the top):
    on a chart of several years, phases a few weeks apart are a few pixels apart, and names
    side by side on one line would print over each other."""
    shown = phases.dropna(subset=["starts_on", "ends_on"]).sort_values("starts_on")
    for line, phase in enumerate(shown.itertuples()):
        start = pd.Timestamp(phase.starts_on) - timedelta(days=3.5)
        fig.add_vrect(
            x0=start,
            x1=pd.Timestamp(phase.ends_on) + timedelta(days=1) - timedelta(days=3.5),
            fillcolor="#c0392b" if phase.restricted else "#7f8c8d",
            opacity=0.07,
            line_width=0,
            layer="below",
        )
        fig.add_annotation(
            x=start,
            y=1 - PHASE_LABEL_LINE * (line % PHASE_LABEL_LINES),
            xref="x",
            yref="paper",
            xanchor="left",
            yanchor="top",
            text=charts.chart_text(phase.name),
            showarrow=False,
            font={"size": 10, "color": "#5d6d7e"},
        )
    return fig


def polygon_map(
    reach: pd.DataFrame,
    geojson: dict,
    lang: str,
    title: str | None = None,
    denominator: str = RESIDENTS,
) -> go.Figure:
    """District status drawn as filled polygons on plain axes: no WebGL, no tiles, so it
    prints and renders headless. Same colours and legend as the dashboard's status map."""
    status = dict(zip(reach["district_id"].astype(str), reach["status"]))
    names = dict(zip(reach["district_id"].astype(str), reach["name"]))
    fig = go.Figure()
    shown_labels = set()
    labels_x, labels_y, labels_text = [], [], []
    latitudes = []
    order = list(charts.STATUS_COLOURS)
    features = sorted(
        geojson["features"],
        key=lambda f: (
            order.index(status.get(f["id"], "not computable"))
            if status.get(f["id"], "not computable") in order
            else len(order)
        ),
    )
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
        labels_text.append(str(names.get(district, charts.feature_name(feature))))
        latitudes.append(point.y)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                name=label,
                legendgroup=label,
                showlegend=label not in shown_labels,
                fillcolor=charts.STATUS_COLOURS.get(state, "#f7f7f7"),
                line={"color": "#555", "width": 0.8},
                hoverinfo="text",
                text=f"{names.get(district, charts.feature_name(feature))} · {label}",
            )
        )
        shown_labels.add(label)
    fig.add_trace(
        go.Scatter(
            x=labels_x,
            y=labels_y,
            mode="text",
            text=labels_text,
            textfont={"size": 9, "color": "#1f2d3a"},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    mean_latitude = sum(latitudes) / len(latitudes) if latitudes else 0
    fig.update_xaxes(visible=False)
    fig.update_yaxes(
        visible=False,
        scaleanchor="x",
        scaleratio=1 / max(math.cos(math.radians(mean_latitude)), 0.1),
    )
    fig.update_layout(plot_bgcolor="white", legend_title_text=charts.t("col.status", lang))
    return charts.finish(fig, lang, title, legend=charts.t("col.status", lang))


# Sections


# The report's sections, in order: (anchor, title label, the Report methods that fill it). Each
# method returns the values its template, dashboard/templates/report/<method>.html.j2, draws.
SECTIONS = (
    ("key-figures", "key_figures", ("key_figures", "benchmarks", "previous_campaign")),
    ("timeline", "timeline", ("timeline",)),
    ("circles", "circles", ("circles",)),
    ("districts", "districts", ("districts",)),
    ("moderation", "moderation", ("moderation",)),
    ("proposals", "proposals", ("proposals",)),
    ("channels", "channels", ("channels",)),
    ("mobilisation", "mobilisation.title", ("mobilisation",)),
    ("methods", "methods", ("methods",)),
)


class Report:
    """Computes the report's sections from collected data, in one language; the templates
    draw them."""

    def __init__(self, data: ReportData, lang: str):
        self.data = data
        self.lang = lang
        self.render = Renderer(lang)
        self.threshold = privacy.min_count()
        # with a district chosen, the whole report is a district view
        self.district_view = data.filters.district is not None

    def t(self, key, **values):
        return rt(key, self.lang, self.data.denominator, **values)

    def sentence(self, key, **values) -> list:
        """The label `key` with Numbers (drawn as spans) and texts in its placeholders."""
        return sentence(self.t(key), **values)

    def colon(self) -> str:
        return ": " if self.lang == "en" else "\u00a0: "

    def int(self, value):
        return format_int(None if value is None or pd.isna(value) else value, self.lang)

    def persons(self, metric: str, value) -> Number:
        """A person count: '< 11' when the small-count rule hid it (metrics did)."""
        return Number(metric, plain(value), self.int(value))

    def count_cell(self, value, column: str) -> Cell:
        if privacy.is_hidden(value):
            return Cell(value, None, True, True, column)
        return Cell(self.int(value), plain(value), True, False, column)

    # cover and key figures

    def cover(self) -> dict:
        filters = self.data.filters
        chosen = [
            f"{key} = {value}" for key, value in filters.as_params().items() if value is not None
        ]
        # a campaign's own dates bound the period the cover states
        bounded = self.data["campaign_period"] if filters.campaign else filters
        since = bounded.since or self.first_day()
        until = bounded.until or self.data["last_activity"]
        period = (
            f"{format_date(since, self.lang)} – {format_date(until, self.lang)}"
            if since and until
            else self.t("period.all")
        )

        def colons(text):  # the French colon keeps its space off the line's end
            return text.replace(" : ", self.colon())

        return {
            "colon": self.colon(),
            "period": colons(period),
            "filters": colons(", ".join(chosen) if chosen else self.t("filters.none")),
            "generated": colons(self.t("generated", date=format_date(date.today(), self.lang))),
        }

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

    def key_figures(self) -> dict:
        h = self.data.headline
        moderation = (
            format_small_percent(h["moderation_rate"], self.lang)
            if h["moderation_measurable"] and h["moderation_rate"] is not None
            else self.t("not_measurable")
        )
        numbers = [
            self.persons("participants", h["participants"]),
            Number(
                "beyond_first_circle_share",
                h["beyond_first_circle_share"],
                format_percent(h["beyond_first_circle_share"], self.lang),
            ),
            Number("proposals", h["proposals"], self.int(h["proposals"])),
            Number(
                "in_person_share",
                h["in_person_share"],
                format_percent(h["in_person_share"], self.lang),
            ),
            Number("moderation_rate", h["moderation_rate"], moderation),
            Number(
                "median_days_to_answer",
                h["median_days_to_answer"],
                format_days(h["median_days_to_answer"], self.lang),
            ),
            Number(
                "under_reached_districts",
                len(h["under_reached_districts"]),
                self.int(len(h["under_reached_districts"])),
            ),
            Number(
                "duncan_index", h["duncan_index"], format_number(h["duncan_index"], self.lang, 2)
            ),
        ]
        return {
            "cards": [
                Card(
                    self.t(f"kpi.{n.metric}"),
                    n,
                    explanation(n.metric, self.lang, self.data.denominator),
                )
                for n in numbers
            ]
        }

    # the previous campaign

    def previous_campaign(self) -> dict:
        """The chosen campaign against the one before it (nothing drawn when there is none)."""
        previous = self.data["previous_campaign"]
        if previous is None:
            return {}
        now, before = self.data.headline, previous["headline"]
        rows = []
        for key in (
            "participants",
            "beyond_first_circle_share",
            "proposals",
            "in_person_share",
            "median_days_to_answer",
            "meetings",
        ):
            cells = []
            for value in (now[key], before[key]):
                if privacy.is_hidden(value):
                    cells.append(Cell(value, None, True, True))
                elif key.endswith("_share"):
                    cells.append(Cell(format_percent(value, self.lang), plain(value), True))
                elif key == "median_days_to_answer":
                    cells.append(Cell(format_days(value, self.lang), plain(value), True))
                else:
                    cells.append(Cell(self.int(value), plain(value), True))
            rows.append(
                (
                    {"data-previous": key},
                    [
                        Cell(self.t(f"previous.{key}")),
                        *cells,
                        Cell(explanation(key, self.lang, self.data.denominator)),
                    ],
                )
            )
        headers = [
            (self.t("col.metric"), False),
            (self.t("col.this_campaign"), True),
            (previous["label"], True),
            (self.t("col.meaning"), False),
        ]
        came, stayed = previous["participants"], previous["also_in_this_one"]
        return {
            "title": self.t("previous", previous=previous["label"]),
            "table": Table("previous-campaign", headers, rows),
            "stayed": stayed,
            "retention": self.t(
                "previous.retention",
                came=self.int(came),
                stayed=self.int(stayed),
                previous=previous["label"],
                share=format_percent(stayed / came if came else None, self.lang),
            ),
        }

    # benchmarks

    def benchmarks(self) -> dict:
        rows = benchmark_rows(
            self.data.headline,
            self.data["meeting_sizes"].iloc[0],
            self.data["synthesis_time"].iloc[0],
            self.lang,
            self.threshold,
        )
        table_rows = [
            (
                {"data-benchmark": key},
                [
                    Cell(self.t(f"bench.{key}".replace("moderation_rate", "moderation"))),
                    Cell(
                        text,
                        None if privacy.is_hidden(value) else value,
                        True,
                        privacy.is_hidden(value),
                        "campaign",
                    ),
                    Cell(reference, None, True),
                    Cell(verdict),
                ],
            )
            for key, value, text, reference, verdict in rows
        ]
        headers = [
            (self.t("col.metric"), False),
            (self.t("col.this_campaign"), True),
            (self.t("col.reference"), True),
            (self.t("col.reading"), False),
        ]
        return {"table": Table("benchmarks", headers, table_rows)}

    # timeline

    def timeline(self) -> dict:
        lang = self.lang
        phases = self.data["campaign_phases"]
        table = None
        if not phases.empty:
            rows = [
                (
                    {"data-phase": p.phase_id},
                    [
                        Cell(p.name),
                        Cell(format_date(p.starts_on, lang)),
                        Cell(format_date(p.ends_on, lang)),
                        Cell(self.int(p.days), plain(p.days), True, column="days"),
                        Cell(self.t("yes") if p.restricted else self.t("no")),
                        Cell(self.int(p.proposals), plain(p.proposals), True, column="proposals"),
                        Cell(self.int(p.meetings), plain(p.meetings), True, column="meetings"),
                        self.count_cell(p.headcount, "headcount"),
                    ],
                )
                for p in phases.itertuples()
            ]
            headers = [
                (self.t("col.phase"), False),
                (self.t("col.starts"), False),
                (self.t("col.ends"), False),
                (self.t("col.days_long"), True),
                (self.t("col.restricted"), False),
                (self.t("col.proposals"), True),
                (self.t("col.meetings"), True),
                (self.t("col.headcount"), True),
            ]
            table = Table("phases", headers, rows)
        figures = []
        weeks = self.data["proposals_by_week"]
        if not weeks.empty:
            names = {
                "submitted": self.t("proposals.submitted"),
                "answered": self.t("proposals.answered"),
            }
            fig = charts.bars(
                weeks,
                "week",
                ["submitted", "answered"],
                lang,
                title=self.t("timeline.proposals"),
                x_label=self.t("col.week"),
                y_label=self.t("col.proposals"),
                names=names,
            )
            figures.append(self.render.figure(mark_phases(fig, phases), "timeline-proposals"))
        meetings = self.data["meetings_by_week"]
        if not meetings.empty:
            fig = charts.bars(
                meetings,
                "week",
                ["headcount", "proposals"],
                lang,
                title=self.t("timeline.meetings"),
                x_label=self.t("col.week"),
                y_label=self.t("col.count"),
                names={"headcount": self.t("col.headcount"), "proposals": self.t("col.proposals")},
            )
            figures.append(
                self.render.figure(mark_phases(fig, phases), "timeline-meetings", height=320)
            )
        new = self.data["new_participants_by_week"]
        if not new.empty:
            fig = charts.circles_per_week(
                new, "new_participants", lang, title=self.t("circles.new_per_week")
            )
            figures.append(
                self.render.figure(mark_phases(fig, phases), "timeline-participants", height=340)
            )
        return {"phases": table, "figures": figures}

    # circles

    def circles(self) -> dict:
        lang = self.lang
        h = self.data.headline
        by_circle = self.data["reach_by_circle"]
        beyond = self.sentence(
            "circles.beyond",
            share=Number(
                "beyond_first_circle_share.text",
                h["beyond_first_circle_share"],
                format_percent(h["beyond_first_circle_share"], lang),
            ),
        )
        counts = dict(zip(by_circle["circle"].astype(int), by_circle["participants"]))
        shares = dict(zip(by_circle["circle"].astype(int), by_circle["share"]))
        rows = [
            (
                {"data-circle": str(c)},
                [
                    Cell(self.t(f"circle.{c}")),
                    self.count_cell(counts.get(c, 0), "participants"),
                    Cell(
                        format_percent(shares.get(c), lang),
                        plain(shares.get(c)),
                        True,
                        self.district_view and pd.isna(shares.get(c)),
                        "share",
                    ),
                ],
            )
            for c in metrics.CIRCLES
        ]
        circles = Table(
            "circles",
            [
                (self.t("col.circle"), False),
                (self.t("col.persons"), True),
                (self.t("col.share"), True),
            ],
            rows,
        )
        figures = []
        new = self.data["new_participants_by_week"]
        if not new.empty:
            fig = charts.circles_per_week(
                new, "cumulative", lang, title=self.t("circles.evolution"), cumulative=True
            )
            figures.append(
                self.render.figure(
                    mark_phases(fig, self.data["campaign_phases"]), "circles-cumulative", height=340
                )
            )
        phases = self.data["circles_by_phase"]
        if not phases.empty:
            shown = phases.assign(phase_name=phases["phase_name"].fillna(self.t("unknown")))
            figures.append(
                self.render.figure(
                    charts.circles_by_phase(
                        shown, lang, title=self.t("circles.by_phase"), phase_column="phase_name"
                    ),
                    "circles-by-phase",
                    height=320,
                )
            )
        sources = self.data["circle_sources"]
        sources_table = None
        if not sources.empty:
            rows = [
                (
                    {},
                    [
                        Cell(self.t(f"circle.{int(s.circle)}")),
                        Cell(self.t(f"circle_source.{s.circle_source}")),
                        self.count_cell(s.participants, "participants"),
                    ],
                )
                for s in sources.itertuples()
            ]
            sources_table = Table(
                "circle-sources",
                [
                    (self.t("col.circle"), False),
                    (self.t("col.source"), False),
                    (self.t("col.persons"), True),
                ],
                rows,
            )
        attendance = self.data["attendance"].iloc[0]
        return {
            "beyond": beyond,
            "circles": circles,
            "figures": figures,
            "sources": sources_table,
            "colon": self.colon(),
            "attendance": Number(
                "attendance", plain(attendance["headcount"]), self.int(attendance["headcount"])
            ),
        }

    # districts

    def districts(self) -> dict:
        lang = self.lang
        h = self.data.headline
        reach = self.data["district_reach"]
        if reach.empty:
            return {"measured": False}
        under_names = reach[reach["status"].isin(UNDER_REACHED)].sort_values("district_id")
        summary = self.sentence(
            "districts.summary",
            duncan=Number(
                "duncan_index.text", h["duncan_index"], format_number(h["duncan_index"], lang, 2)
            ),
            unknown=Number(
                "unknown_district_share",
                h["unknown_district_share"],
                format_percent(h["unknown_district_share"], lang),
            ),
            under=Number(
                "under_reached_districts.list",
                ",".join(h["under_reached_districts"]),
                ", ".join(under_names["name"].astype(str)) or "0",
            ),
        )
        district_map = None
        shapes = self.data["district_shapes"]
        if not shapes.empty:
            geojson = charts.feature_collection(shapes)
            if geojson["features"]:
                district_map = self.render.figure(
                    polygon_map(
                        reach,
                        geojson,
                        lang,
                        title=self.t("districts.map"),
                        denominator=self.data.denominator,
                    ),
                    "district-map",
                    height=480,
                    caption=self.t("map.print_note"),
                )
        # a district whose count is hidden has no dot (E x O/E would give it back): the caption
        # names it with its status; hovering shows which district a dot is
        funnel = charts.funnel_plot(reach, lang, title=self.t("districts.funnel"))
        funnel.update_traces(hovertemplate="%{text}<extra></extra>", selector={"mode": "markers"})
        funnel_caption = " ".join(
            filter(None, [self.t("districts.funnel_help"), charts.unplaced_note(reach, lang)])
        )
        targets = self.data["district_target_list"]
        return {
            "measured": True,
            "summary": summary,
            "map": district_map,
            "funnel": self.render.figure(
                funnel, "funnel", caption=funnel_caption, height=420
            ),
            "table": self.district_table(reach, "districts", all_columns=True),
            "targets": None
            if targets.empty
            else self.district_table(
                targets, "targets", all_columns=False, hidden=self.hidden_districts(reach)
            ),
            "threshold": self.threshold,
        }

    def hidden_districts(self, reach: pd.DataFrame) -> dict:
        """district_id -> 'small' or 'complementary' for the counts hidden in district tables."""
        return privacy.hidden_districts(reach, self.threshold)

    def district_table(
        self, frame: pd.DataFrame, name: str, all_columns: bool, hidden: dict | None = None
    ) -> Table:
        lang = self.lang
        hidden = self.hidden_districts(frame) if hidden is None else hidden
        n = self.threshold
        headers = [
            (self.t("col.district"), False),
            (self.t("col.participants"), True),
            (self.t("col.expected"), True),
            (self.t("col.ratio"), True),
        ]
        if all_columns:
            headers[1:1] = [(self.t("col.population"), True)]
            headers.append((self.t("col.rate"), True))
        else:
            headers += [
                (self.t("col.missing"), True),
                (self.t("col.last_meeting"), False),
                (self.t("col.reason"), False),
            ]
        headers.append((self.t("col.status"), False))
        rows = []
        for row in frame.itertuples():
            how = hidden.get(row.district_id)
            expected = plain(row.expected)

            def bound(column, value, text, number, how=how, row=row):
                # the same bounds as the dashboard's: privacy.count_bound
                if how:
                    limit = privacy.count_bound(
                        column, row.expected, getattr(row, "population", None), n
                    )
                    return Cell(
                        privacy.bound_text(how, column, limit, text, number), None, True, True, ""
                    )
                return Cell(text, value, True)

            participants = bound(
                "participants", plain(row.participants), self.int(row.participants), str
            )
            participants.column = "participants"
            ratio = bound(
                "ratio",
                plain(row.ratio),
                format_number(row.ratio, lang, 2),
                lambda v: format_number(v, lang, 2),
            )
            ratio.column = "ratio"
            cells = [
                Cell(row.name),
                participants,
                Cell(format_number(row.expected, lang, 1), expected, True, column="expected"),
                ratio,
            ]
            if all_columns:
                population = plain(row.population)
                rate = bound(
                    "rate_per_1000",
                    plain(row.rate_per_1000),
                    format_number(row.rate_per_1000, lang, 1),
                    lambda v: format_number(v, lang, 1),
                )
                rate.column = "rate_per_1000"
                cells[1:1] = [
                    Cell(
                        self.int(population) if population is not None else "–",
                        population,
                        True,
                        column="population",
                    )
                ]
                cells.append(rate)
            else:
                # whole persons; a hidden count's bound rounded the way that stays true
                missing = bound(
                    "missing_participants",
                    plain(row.missing_participants),
                    self.int(row.missing_participants),
                    lambda v: self.int(privacy.whole_bound("missing_participants", v)),
                )
                missing.column = "missing_participants"
                cells += [
                    missing,
                    Cell(format_date(row.last_meeting_at, lang)),
                    Cell(charts.target_reason(row._asdict(), how, n, lang)),
                ]
            cells.append(Cell(charts.status_label(row.status, lang, self.data.denominator)))
            attributes = {"data-district": row.district_id}
            if row.status in UNDER_REACHED:
                attributes["class"] = "under"
            rows.append((attributes, cells))
        return Table(name, headers, rows)

    # moderation

    def moderation(self) -> dict:
        lang = self.lang
        overall = self.data["moderation_rate"].iloc[0]
        measurable = bool(overall["measurable"]) and pd.notna(overall["moderation_rate"])
        summary = (
            self.sentence(
                "moderation.summary",
                moderated=Number(
                    "moderated", plain(overall["moderated"]), self.int(overall["moderated"])
                ),
                total=Number(
                    "moderation_items",
                    plain(overall["published"] + overall["moderated"]),
                    self.int(overall["published"] + overall["moderated"]),
                ),
                rate=Number(
                    "moderation_rate.text",
                    plain(overall["moderation_rate"]),
                    format_small_percent(overall["moderation_rate"], lang),
                ),
            )
            if measurable
            else None
        )
        unmeasured = (
            self.t("moderation.unmeasured", n=self.int(overall["unmeasurable_items"]))
            if overall["unmeasurable_items"]
            else None
        )
        time_to_hide = (
            self.t(
                "moderation.time_to_hide", x=format_days(overall["median_hours_to_hide"] / 24, lang)
            )
            if pd.notna(overall.get("median_hours_to_hide"))
            else None
        )
        per_week = by_kind_table = None
        weeks = self.data["moderation_by_week"]
        measured = weeks[weeks["measurable"]] if not weeks.empty else weeks
        if not measured.empty:
            shown = measured.assign(
                series=measured["kind"].map(lambda k: self.t(f"kind.{k}"))
                + " · "
                + measured["channel"].map(lambda c: self.t(f"channel.{c}"))
            )
            wide = shown.pivot_table(index="week", columns="series", values="moderation_rate")
            fig = charts.lines(
                wide.reset_index(),
                "week",
                sorted(shown["series"].unique()),
                lang,
                title=self.t("moderation.per_week"),
                x_label=self.t("col.week"),
                y_label=self.t("col.rate_pct"),
                percent=True,
            )
            fig.add_hline(
                y=MODERATION_BENCHMARK,
                line_dash="dash",
                line_color="#c0392b",
                annotation_text=self.t("moderation.benchmark"),
            )
            per_week = self.render.figure(fig, "moderation-per-week", height=340)
            by_kind = measured.groupby(["kind", "channel"], as_index=False)[
                ["published", "moderated"]
            ].sum()
            rows = []
            for row in by_kind.itertuples():
                total = row.published + row.moderated
                rate = row.moderated / total if total else None
                rows.append(
                    (
                        {},
                        [
                            Cell(self.t(f"kind.{row.kind}")),
                            Cell(self.t(f"channel.{row.channel}")),
                            Cell(self.int(row.published), plain(row.published), True),
                            Cell(self.int(row.moderated), plain(row.moderated), True),
                            Cell(format_small_percent(rate, lang), rate, True),
                        ],
                    )
                )
            by_kind_table = Table(
                "moderation-by-kind",
                [
                    (self.t("col.kind"), False),
                    (self.t("col.channel"), False),
                    (self.t("moderation.published"), True),
                    (self.t("moderation.hidden_items"), True),
                    (self.t("col.rate_pct"), True),
                ],
                rows,
            )
        return {
            "summary": summary,
            "unmeasured": unmeasured,
            "time_to_hide": time_to_hide,
            "per_week": per_week,
            "by_kind": by_kind_table,
        }

    # proposals

    def proposals(self) -> dict:
        lang = self.lang
        answers = self.data["days_to_answer"].iloc[0]
        summary = self.sentence(
            "proposals.summary",
            answered=Number("answered", plain(answers["answered"]), self.int(answers["answered"])),
            median=Number(
                "median_days_to_answer.text",
                plain(answers["median_days"]),
                format_days(answers["median_days"], lang),
            ),
            p90=Number(
                "p90_days_to_answer",
                plain(answers["p90_days"]),
                format_days(answers["p90_days"], lang),
            ),
        )
        synthesis = self.data["synthesis_time"].iloc[0]
        synthesis_text = None
        if pd.notna(synthesis["last_answer_on"]):
            phase = (
                synthesis["open_phase_name"]
                if pd.notna(synthesis["open_phase_name"])
                else self.t("synthesis.no_phase")
            )
            synthesis_text = self.sentence(
                "synthesis.text",
                closed=format_date(synthesis["collection_ended_on"], lang),
                phase=phase,
                last=format_date(synthesis["last_answer_on"], lang),
                days=Number(
                    "synthesis_days",
                    plain(synthesis["synthesis_days"]),
                    format_days(plain(synthesis["synthesis_days"]), lang),
                ),
                after=Number(
                    "answered_after_close",
                    plain(synthesis["answered_after_close"]),
                    self.int(synthesis["answered_after_close"]),
                ),
                median=format_days(plain(synthesis["median_days_after_close"]), lang),
            )
        backlog = states_figure = None
        weeks = self.data["proposals_by_week"]
        if not weeks.empty:
            fig = charts.lines(
                weeks,
                "week",
                "open_backlog",
                lang,
                title=self.t("proposals.backlog"),
                x_label=self.t("col.week"),
                y_label=self.t("col.proposals"),
            )
            backlog = self.render.figure(
                mark_phases(fig, self.data["campaign_phases"]), "backlog", height=300
            )
        states = self.data["proposal_state_funnel"]
        if not states.empty and states["proposals"].sum():
            states_figure = self.render.figure(
                charts.proposal_states(states, lang, title=self.t("proposals.funnel")),
                "proposal-states",
                height=240,
                describe=False,
                caption=charts.proposal_states_summary(states, lang),
            )
        lag = self.data["transcription_lag"].iloc[0]
        lag_text = (
            self.t(
                "lag.text",
                n=self.int(lag["proposals"]),
                median=format_days(plain(lag["median_days"]), lang),
                p90=format_days(plain(lag["p90_days"]), lang),
            )
            if lag["proposals"]
            else None
        )
        return {
            "summary": summary,
            "synthesis": synthesis_text,
            "backlog": backlog,
            "states": states_figure,
            "lag": lag_text,
        }

    # channels

    def channels(self) -> dict:
        lang = self.lang
        h = self.data.headline
        names = {c: self.t(f"channel.{c}") for c in ("online", "in_person", "both")}
        colours = {names[c]: colour for c, colour in charts.CHANNEL_COLOURS.items()}
        summary = self.sentence(
            "channels.summary",
            in_person=Number(
                "in_person_share.text",
                h["in_person_share"],
                format_percent(h["in_person_share"], lang),
            ),
            n_in=Number(
                "proposals_in_person",
                h["proposals_by_channel"]["in_person"],
                self.int(h["proposals_by_channel"]["in_person"]),
            ),
            n=self.int(h["proposals"]),
        )
        by_channel_figure = mix_table = mix_figure = by_district_table = votes_text = None
        by_channel = self.data["proposals_by_channel"]
        if not by_channel.empty:
            shown = by_channel.assign(
                channel=by_channel["channel"].map(names.get),
                origin=by_channel["origin"].map(lambda o: self.t(f"origin.{o}")),
            )
            by_channel_figure = self.render.figure(
                charts.bars(
                    shown,
                    "origin",
                    "proposals",
                    lang,
                    color="channel",
                    barmode="stack",
                    title=self.t("channels.by_channel"),
                    x_label=self.t("col.origin"),
                    y_label=self.t("col.proposals"),
                    colours=colours,
                ),
                "by-channel",
                height=340,
            )
        mix = self.data["participants_by_channel_mix"]
        if not mix.empty and mix.iloc[0]["participants"]:
            mix_names = {
                "online_only": self.t("channels.online_only"),
                "in_person_only": self.t("channels.in_person_only"),
                "both_channels": names["both"],
            }
            row = mix.iloc[0]
            mix_table = Table(
                "channel-mix",
                [(self.t("col.channel"), False), (self.t("col.persons"), True)],
                [
                    ({"data-mix": key}, [Cell(label), self.count_cell(row[key], key)])
                    for key, label in mix_names.items()
                ],
            )
            if not self.district_view:
                long = mix[list(mix_names)].melt(var_name="mix", value_name="participants")
                mix_figure = self.render.figure(
                    charts.pie(
                        long,
                        "mix",
                        "participants",
                        lang,
                        labels=mix_names,
                        value_label=self.t("col.persons"),
                        title=self.t("channels.people"),
                    ),
                    "people-mix",
                    height=320,
                )
        attendance = self.data["attendance"].iloc[0]
        meetings = self.sentence(
            "channels.meetings_text",
            meetings=Number(
                "meetings", plain(attendance["meetings"]), self.int(attendance["meetings"])
            ),
            headcount=Number(
                "attendance.text", plain(attendance["headcount"]), self.int(attendance["headcount"])
            ),
        )
        by_district = self.data["meetings_by_district"]
        if not by_district.empty and by_district["meetings"].sum():
            rows = []
            for _, row in by_district.iterrows():
                headcount = self.count_cell(row["headcount"], "headcount")
                rows.append(
                    (
                        {
                            "data-district": ""
                            if pd.isna(row["district_id"])
                            else row["district_id"]
                        },
                        [
                            Cell(row["name"] if pd.notna(row["name"]) else self.t("unknown")),
                            Cell(
                                self.int(row["meetings"]),
                                plain(row["meetings"]),
                                True,
                                column="meetings",
                            ),
                            headcount,
                            Cell(
                                self.int(row["proposals"]),
                                plain(row["proposals"]),
                                True,
                                column="proposals",
                            ),
                            Cell(
                                format_number(row["proposals_per_meeting"], lang, 1),
                                plain(row["proposals_per_meeting"]),
                                True,
                            ),
                        ],
                    )
                )
            by_district_table = Table(
                "meetings-by-district",
                [
                    (self.t("col.district"), False),
                    (self.t("col.meetings"), True),
                    (self.t("col.headcount"), True),
                    (self.t("col.proposals"), True),
                    (self.t("col.per_meeting"), True),
                ],
                rows,
            )
        votes = self.data["votes_by_channel"]
        if not votes.empty and votes.iloc[0]["proposals_with_split"]:
            row = votes.iloc[0]
            digital = Number(
                "votes_digital", plain(row["votes_digital"]), self.int(row["votes_digital"])
            )
            if pd.isna(row["paper_share"]):
                votes_text = self.sentence(
                    "votes.digital_only", digital=digital, n=self.int(row["proposals_with_split"])
                )
            else:
                votes_text = self.sentence(
                    "votes.text",
                    digital=digital,
                    paper=Number(
                        "votes_paper", plain(row["votes_paper"]), self.int(row["votes_paper"])
                    ),
                    share=format_percent(row["paper_share"], lang),
                    n=self.int(row["proposals_with_split"]),
                )
        return {
            "summary": summary,
            "by_channel": by_channel_figure,
            "mix": mix_table,
            "mix_figure": mix_figure,
            "meetings": meetings,
            "by_district": by_district_table,
            "votes": votes_text,
        }

    # methods

    def methods(self) -> dict:
        lang = self.lang
        definitions = [
            (
                self.t(f"kpi.{key}") if key != "attendance" else self.t("col.headcount"),
                explanation(key, lang, self.data.denominator),
            )
            for key in EXPLANATIONS
            if key
            in (
                "participants",
                "beyond_first_circle_share",
                "proposals",
                "in_person_share",
                "moderation_rate",
                "median_days_to_answer",
                "duncan_index",
                "under_reached_districts",
                "attendance",
            )
        ]
        definitions += [
            (self.t("bench.synthesis_days"), self.t("methods.synthesis")),
            (self.t("bench.meeting_size"), self.t("methods.meeting_size")),
            (self.t("districts"), self.t("methods.district")),
        ]
        coverage_table = imports_table = None
        coverage = self.data["coverage"]
        if not coverage.empty:
            rows = [
                (
                    {"data-coverage": row.metric},
                    [
                        Cell(self.t(COVERAGE_LABELS.get(row.metric, row.metric))),
                        Cell(sources_text(row.sources)),
                        Cell(self.int(row.items), plain(row.items), True),
                        Cell(
                            coverage_items(
                                row.metric, row.items_are, self.lang, self.data.denominator
                            )
                        ),
                        Cell(self.int(row.unmeasured_items), plain(row.unmeasured_items), True),
                    ],
                )
                for row in coverage.itertuples()
            ]
            coverage_table = Table(
                "coverage",
                [
                    (self.t("col.metric"), False),
                    (self.t("col.sources"), False),
                    (self.t("col.items"), True),
                    (self.t("col.items_are"), False),
                    (self.t("col.unmeasured"), True),
                ],
                rows,
            )
        imports = self.data["imports_overview"]
        if not imports.empty:
            rows = [
                (
                    {},
                    [
                        Cell(text_or_dash(row.file_name)),
                        Cell(text_or_dash(platform_name(row.platform, lang))),
                        Cell(text_or_dash(entity_name(row.entity, lang))),
                        Cell(self.int(row.rows_kept), plain(row.rows_kept), True),
                        Cell(self.t("yes") if plain(row.moderation_measurable) else self.t("no")),
                    ],
                )
                for row in imports.itertuples()
            ]
            imports_table = Table(
                "imports",
                [
                    (self.t("col.file"), False),
                    (self.t("col.platform"), False),
                    (self.t("col.entity"), False),
                    (self.t("col.rows_kept"), True),
                    (self.t("col.moderation_measurable"), False),
                ],
                rows,
            )
        return {
            "definitions": Table(
                "definitions",
                [(self.t("col.metric"), False), (self.t("col.definition"), False)],
                [({}, [Cell(k), Cell(v)]) for k, v in definitions],
            ),
            "coverage": coverage_table,
            "imports": imports_table,
        }

    def mobilisation(self) -> dict:
        """Field actions, operations with their effect (an association, not a proof), the
        districts left without action, and the meetings that brought the most new people.
        Operations and meetings are district slices: small person counts read '< 11'."""
        lang = self.lang
        weeks, operations = self.data["actions_by_week"], self.data["operations"]
        rises = int((operations["verdict"] == mobilisation.HAUSSE).sum())
        summary = self.sentence(
            "mobilisation.summary",
            actions=Number(
                "field_actions", plain(weeks["actions"].sum()), self.int(weeks["actions"].sum())
            ),
            doors=Number(
                "doors_opened",
                plain(weeks["doors_opened"].sum()),
                self.int(weeks["doors_opened"].sum()),
            ),
            operations=Number("operations", len(operations), self.int(len(operations))),
            rises=Number("operations_rising", rises, self.int(rises)),
        )
        forest = operations_table = meetings_table = left_alone = operations_note = None
        if not operations.empty:
            # counts under 11 read '< 11', and the ratio, interval and excess that would give
            # them back are left out, in the chart as in the table
            shown = mobilisation.shown_operations(operations)
            drawn = int(shown["rate_ratio"].notna().sum())
            sentence_said = charts.operations_summary(operations, lang)
            notes = []
            if sentence_said and drawn:  # no ratio shown: an empty chart says nothing
                forest = self.render.figure(
                    charts.operations_forest(shown, lang, title=self.t("mobilisation.forest")),
                    "operations-forest",
                    height=140 + 50 * drawn,
                    caption=sentence_said,
                )
            elif sentence_said:
                notes.append(sentence_said)
            if shown["effect_hidden"].any():
                notes.append(
                    self.t(
                        "mobilisation.effect_hidden",
                        n=int(shown["effect_hidden"].sum()),
                        min=privacy.min_count(),
                    )
                )
            operations_note = " ".join(notes) or None
            rows = []
            for index, row in shown.iterrows():
                cells = [
                    Cell(text_or_dash(row["district_name"])),
                    Cell(format_date(row["first_date"], lang)),
                    Cell(format_date(row["last_date"], lang)),
                ]
                for column in ("n_before", "n_after", "c_before", "c_after"):
                    value = row[column]
                    cells.append(
                        Cell(value, None, True, True, column)
                        if isinstance(value, str)
                        else Cell(self.int(value), plain(value), True, column=column)
                    )
                ratio, low, high = (row[c] for c in ("rate_ratio", "ci_low", "ci_high"))
                cells += [
                    Cell(
                        self.ratio_text(ratio),
                        mobilisation.json_value(plain(ratio)),
                        True,
                        column="rate_ratio",
                    ),
                    Cell(
                        "–" if pd.isna(low) else f"{self.ratio_text(low)} – {self.ratio_text(high)}"
                    ),
                    Cell(charts.verdict_label(row["verdict"], lang), column="verdict"),
                ]
                rows.append(({"data-operation": f"{row['district_id']}:{index}"}, cells))
            operations_table = Table(
                "operations",
                [
                    (self.t("col.district"), False),
                    (self.t("col.first_date"), False),
                    (self.t("col.last_date"), False),
                    (self.t("col.n_before"), True),
                    (self.t("col.n_after"), True),
                    (self.t("col.c_before"), True),
                    (self.t("col.c_after"), True),
                    (self.t("col.rate_ratio"), True),
                    (self.t("col.interval"), False),
                    (self.t("col.verdict"), False),
                ],
                rows,
            )
        left = self.data["districts_without_action"]
        if not left.empty:
            left_alone = self.t(
                "mobilisation.left_alone", names=", ".join(left["name"].astype(str))
            )
        meetings = mobilisation.shown_meetings(self.data["meetings_ranked"])
        if not meetings.empty:
            rows = []
            for _, row in meetings.iterrows():
                cells = [
                    Cell(text_or_dash(row["title"])),
                    Cell(format_date(row["date"], lang)),
                    Cell(text_or_dash(row["district_name"])),
                ]
                for column in mobilisation.MEETING_PERSON_COUNTS:
                    value = pd.to_numeric(row[column], errors="coerce")
                    if isinstance(row[column], str) and pd.isna(value):  # '< 11'
                        cells.append(Cell(row[column], None, True, True, column))
                    else:
                        cells.append(
                            Cell(
                                self.int(value),
                                None if pd.isna(value) else int(value),
                                True,
                                column=column,
                            )
                        )
                cells.append(
                    Cell(
                        self.int(row["proposals"]),
                        plain(row["proposals"]),
                        True,
                        column="proposals",
                    )
                )
                rows.append(({"data-meeting": row["meeting_id"]}, cells))
            meetings_table = Table(
                "meetings-ranked",
                [
                    (self.t("col.meeting"), False),
                    (self.t("col.date"), False),
                    (self.t("col.district"), False),
                    (self.t("col.headcount"), True),
                    (self.t("col.identified"), True),
                    (self.t("col.first_timers"), True),
                    (self.t("col.beyond_first_circle"), True),
                    (self.t("col.proposals"), True),
                ],
                rows,
            )
        return {
            "summary": summary,
            "operations": operations_table,
            "forest": forest,
            "operations_note": operations_note,
            "left_alone": left_alone,
            "meetings": meetings_table,
        }

    def ratio_text(self, value) -> str:
        if value is None or pd.isna(value):
            return "–"
        return "∞" if value == float("inf") else format_number(value, self.lang, 2)

    def sections(self) -> list[dict]:
        """SECTIONS with their titles and each part's values, in order."""
        return [
            {
                "anchor": anchor,
                "title": self.t(title),
                "parts": [
                    {"template": f"report/{part}.html.j2", "values": getattr(self, part)()}
                    for part in parts
                ],
            }
            for anchor, title, parts in SECTIONS
        ]

    def document(self) -> str:
        from plotly.offline import get_plotlyjs

        return TEMPLATES.get_template("report.html.j2").render(
            t=self.t,
            lang=self.lang,
            cover=self.cover(),
            sections=self.sections(),
            # trusted: the product's own stylesheet and the plotly.js it ships
            stylesheet=Markup(STYLESHEET),
            plotly_js=Markup(get_plotlyjs()),
        )


def build_report_html(con, filters: Filters | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The whole report as one self-contained HTML page (nothing fetched when opened)."""
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
    raise CerclesError(
        "the PDF is printed by chromium, which was not found: install it "
        "(apt-get install chromium) or set CERCLES_CHROMIUM to its path"
    )


def print_to_pdf(page: str, timeout: float = 180) -> bytes:
    """Print an HTML page to PDF with headless chromium, offline (no network, own profile)."""
    with tempfile.TemporaryDirectory(prefix="cercles-pdf-") as folder:
        source = Path(folder) / "bilan.html"
        target = Path(folder) / "bilan.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            chromium_executable(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise CerclesError(
                f"chromium took more than {timeout:.0f} s to print the PDF"
            ) from None
        if not target.exists() or target.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise CerclesError(f"chromium could not print the PDF (exit {done.returncode}): {last}")
        return target.read_bytes()


def build_report_pdf(con, filters: Filters | None = None, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The report as PDF bytes: the HTML report printed by chromium (print stylesheet)."""
    return print_to_pdf(build_report_html(con, filters, lang))


def build_report(
    con,
    filters: Filters | None = None,
    lang: str = DEFAULT_LANGUAGE,
    out: Path | str = "bilan.html",
) -> Path:
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
