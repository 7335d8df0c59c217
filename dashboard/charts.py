"""Figure builders: each takes the rows a metric query returned and returns a Plotly figure,
labelled in the chosen language. No Streamlit here, so plain pytest covers them.
"""

import functools
import hashlib
import html
import json
import pickle
import threading
from collections import OrderedDict
from datetime import date, datetime

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import plotly.io as pio
import shapely

from dashboard.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    RESIDENTS,
    format_date,
    format_int,
    format_number,
    format_percent,
    format_small_percent,
    plotly_separators,
    t,
)
from dashboard.privacy import hidden_districts, min_count

CIRCLE_COLOURS = {"1": "#c0392b", "2": "#e67e22", "3": "#2980b9"}
CHANNEL_COLOURS = {"online": "#2980b9", "in_person": "#27ae60"}
# One colour per series wherever it is drawn (dashboard and report): keyed by the label key
# whose text names the trace, in either language.
SERIES_COLOURS = {
    **{f"circle.{c}": colour for c, colour in CIRCLE_COLOURS.items()},
    **{f"channel.{c}": colour for c, colour in CHANNEL_COLOURS.items()},
    "channel.both": "#8e44ad",
    "channels.online_only": CHANNEL_COLOURS["online"],
    "channels.in_person_only": CHANNEL_COLOURS["in_person"],
    "proposals.submitted": "#2471a3",
    "proposals.answered": "#27ae60",
    "proposals.backlog": "#8e44ad",
    "col.headcount": "#16a085",
    "col.proposals": "#2471a3",
    "kind.proposal": "#2471a3",
    "kind.comment": "#d35400",
    "kind.debate": "#8e44ad",
    "kind.amendment": "#16a085",
    "kind.survey_answer": "#c2185b",
    "kind.argument": "#7f8c8d",
    "votes.digital": "#2980b9",
    "votes.paper": "#b7950b",
    "circle_source.roster": "#34495e",
    "circle_source.signal": "#16a085",
    "circle_source.phase": "#c0392b",
    "circle_source.default": "#95a5a6",
}
# for series no key names: distinct from each other, none black
PALETTE = [
    "#2471a3",
    "#d35400",
    "#27ae60",
    "#8e44ad",
    "#c0392b",
    "#16a085",
    "#b7950b",
    "#c2185b",
    "#34495e",
    "#7f8c8d",
]
# Streamlit replaces plotly's default template with one whose colours are placeholders only
# its own front end swaps ("#000001"...) and whose axes take no room for their tick labels:
# a figure built in the dashboard's process and drawn anywhere else (the report, printed)
# came out black with clipped ticks. Every figure therefore names its template.
TEMPLATE = go.layout.Template(pio.templates["plotly_white"])
TEMPLATE.layout.colorway = PALETTE
STATUS_KEYS = {
    "under-reached (alarm)": "status.alarm",
    "under-reached (alert)": "status.alert",
    "in line": "status.in_line",
    "over-reached": "status.over",
    "not computable": "status.no_population",
}
STATUS_COLOURS = {
    "under-reached (alarm)": "#b2182b",
    "under-reached (alert)": "#ef8a62",
    "in line": "#d9d9d9",
    "over-reached": "#67a9cf",
    "not computable": "#f7f7f7",
}
MAP_HEIGHT = 520
HIDDEN_GREY = "#bdbdbd"  # a district whose count is hidden, on a map of rates
MAP_FIT_WIDTH = 290  # a 390 px phone less the page's and the chart's margins
# A blank map style with no "glyphs" address: the district names are drawn with the
# browser's own font instead of glyphs fetched from a font server (plotly's "white-bg" names
# one), so the map works offline and asks nothing of anyone.
BLANK_MAP_STYLE = {
    "version": 8,
    "sources": {},
    "layers": [{"id": "white-bg", "type": "background", "paint": {"background-color": "#fff"}}],
}

# Figures built lately, by builder and arguments: see `remembered`.
FIGURES_KEPT = 256
_built: OrderedDict = OrderedDict()
_built_lock = threading.Lock()


def kept_figure(figure: go.Figure) -> bytes:
    """A built figure as it is kept: its properties pickled (one object, nothing for the
    garbage collector to walk through after every page's run)."""
    return pickle.dumps((figure._data, figure._layout), protocol=pickle.HIGHEST_PROTOCOL)


def unkept_figure(kept: bytes) -> go.Figure:
    """A new figure from `kept_figure`, free to change: its properties taken as they were
    kept, not checked again (they were when it was built; checking costs ten times this)."""
    data, layout = pickle.loads(kept)  # bytes this process pickled itself
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _plain(value):
    """`value` with its tables as columns of values (name, type, values): equal tables give
    equal pickles whatever their memory layout (a copy of a table pickles differently)."""
    if isinstance(value, pd.DataFrame):
        columns = [
            (str(name), str(column.dtype), column.to_numpy()) for name, column in value.items()
        ]
        return ("table", columns, value.index.to_numpy())
    if isinstance(value, pd.Series):
        return (
            "series",
            str(value.name),
            str(value.dtype),
            value.to_numpy(),
            value.index.to_numpy(),
        )
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(item) for item in value)
    return value


def remembered(builder):
    """The figure `builder` drew last time it was given the same arguments (the same rows,
    language and labels), as a copy. A builder's figure depends on its arguments only, and
    building one with Plotly Express costs 30 to 150 ms of checks, a copy about 1 ms: a page
    shown again, in this session or another, draws without building its charts again."""

    @functools.wraps(builder)
    def build(*args, **kwargs):
        try:
            data = pickle.dumps(_plain((args, kwargs)), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return builder(*args, **kwargs)
        key = (builder.__name__, hashlib.sha256(data).digest())
        with _built_lock:
            kept = _built.get(key)
            if kept is not None:
                _built.move_to_end(key)
        if kept is None:
            kept = kept_figure(builder(*args, **kwargs))
            with _built_lock:
                _built[key] = kept
                while len(_built) > FIGURES_KEPT:
                    _built.popitem(last=False)
        return unkept_figure(kept)

    return build


def finish(
    figure: go.Figure,
    lang: str,
    title: str | None = None,
    x: str | None = None,
    y: str | None = None,
    legend: str | None = None,
) -> go.Figure:
    """Common look: title and axes in the user's language, numbers written its way, the
    legend in a row under the chart (beside it, it squeezes the plot on a phone; above it,
    the chart's toolbar covers it)."""
    if figure.layout.template.layout.colorway != tuple(PALETTE):
        # a figure Plotly Express drew has the template already: validating it again costs
        # about 20 ms a chart
        figure.update_layout(template=TEMPLATE)
    figure.update_layout(
        title=title,
        separators=plotly_separators(lang),
        margin={"l": 10, "r": 30, "t": 50 if title else 10, "b": 10},  # r: the last date label
        legend_title_text=legend if legend is not None else "",
        title_automargin=True,
        title_yref="container",
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        hovermode="closest",
    )
    if x is not None:
        figure.update_xaxes(title_text=x)
    # Plotly names months in English whatever the language: dates are written in digits.
    if any(_is_dates(trace.x) for trace in figure.data if getattr(trace, "x", None) is not None):
        figure.update_xaxes(tickformat="%d/%m/%y" if lang == "fr" else "%Y-%m-%d")
        week_wide_bars(figure)
    if y is not None:
        figure.update_yaxes(title_text=y)
    return figure


WEEK_MS = 7 * 24 * 3600 * 1000
WEEK_FILLED = 0.8  # of a week: the gap between two weeks' bars is Plotly's own (bargap 0.2)


def week_wide_bars(figure: go.Figure) -> go.Figure:
    """Bars on a date axis are weeks: each week's bars fill 80 % of a week, centred on its
    date, side by side when grouped. Left to itself, Plotly sizes bars by the smallest step
    between two dates: a single week got a bar 1 ms wide, a hairline once the axis spans the
    campaign's phases, and weeks a fortnight apart got bars a fortnight wide."""
    weekly = [
        trace for trace in figure.data
        if trace.type == "bar" and trace.orientation != "h" and _is_dates(trace.x)
    ]
    grouped = figure.layout.barmode == "group"
    width = WEEK_MS * WEEK_FILLED / (len(weekly) if grouped else 1)
    for number, trace in enumerate(weekly):
        slot = number if grouped else 0
        trace.update(width=width, offset=-WEEK_MS * WEEK_FILLED / 2 + slot * width)
    return figure


def _label_colours() -> dict:
    """Lower-cased series label, in either language -> its colour."""
    return {
        t(key, lang).lower(): colour for key, colour in SERIES_COLOURS.items() for lang in LANGUAGES
    }


def colour_series(figure: go.Figure) -> go.Figure:
    """Give each series its fixed colour: by its label, else by the label before ' · '
    ('commentaire · en ligne' is a comment), else the next palette colour unused here."""
    known = _label_colours()
    names = list(dict.fromkeys(trace.name for trace in figure.data if trace.name))
    chosen = {name: known[name.lower()] for name in names if name.lower() in known}
    for name in names:
        first = name.split(" · ")[0].lower()
        if name not in chosen and known.get(first) not in chosen.values() and first in known:
            chosen[name] = known[first]
    spare = (colour for colour in PALETTE if colour not in chosen.values())
    for name in names:
        if name not in chosen:
            chosen[name] = next(spare, PALETTE[len(chosen) % len(PALETTE)])
    for trace in figure.data:
        colour = chosen.get(trace.name)
        if colour is None:
            continue
        if trace.type == "bar":
            trace.marker.color = colour
        elif trace.type == "scatter":
            trace.line.color = colour
            trace.marker.color = colour
    return figure


def hovertemplate(lang: str, fields, title: str | None = "%{fullData.name}") -> str:
    """A tooltip of 'Label : value' lines under the series name, in the user's language:
    `fields` are (label, plotly value such as '%{y:,.0f}'); a None label shows the value alone.
    """
    colon = "\u00a0: " if lang == "fr" else ": "
    lines = [f"<b>{title}</b>"] if title else []
    lines += [f"{label}{colon}{value}" if label else value for label, value in fields]
    return "<br>".join(lines) + "<extra></extra>"


def axis_value(axis: str, values, lang: str, number: str = ",.2~f") -> str:
    """The plotly placeholder of one axis' value: dates in digits, numbers the language's way."""
    if values is not None and _is_dates(values):
        return f"%{{{axis}|{'%d/%m/%y' if lang == 'fr' else '%Y-%m-%d'}}}"
    if values is not None and len(values) and isinstance(values[0], str):
        return f"%{{{axis}}}"
    return f"%{{{axis}:{number}}}"


def hover_xy(
    figure: go.Figure,
    lang: str,
    x_label: str | None,
    y_label: str | None,
    y_number: str = ",.2~f",
    horizontal: bool = False,
) -> go.Figure:
    """French (or English) tooltips on every series: its name, then the x and y values."""
    named = sum(1 for trace in figure.data if trace.name) > 1
    for trace in figure.data:
        if trace.type not in ("bar", "scatter") or trace.hoverinfo == "skip":
            continue
        category, value = ("y", "x") if horizontal else ("x", "y")
        fields = [
            (x_label, axis_value(category, getattr(trace, category), lang)),
            (y_label, axis_value(value, getattr(trace, value), lang, y_number)),
        ]
        trace.hovertemplate = hovertemplate(lang, fields, "%{fullData.name}" if named else None)
    return figure


def _is_dates(values) -> bool:
    sample = pd.Series(list(values[:3]) if len(values) else [])
    if pd.api.types.is_datetime64_any_dtype(sample):
        return True
    return len(sample) > 0 and isinstance(sample.iloc[0], (pd.Timestamp, date, datetime))


def circle_label(circle, lang: str) -> str:
    return t(f"circle.{int(circle)}", lang) if pd.notna(circle) else t("unknown", lang)


def with_circle_labels(frame: pd.DataFrame, lang: str, column: str = "circle") -> pd.DataFrame:
    return frame.assign(**{column: frame[column].map(lambda c: circle_label(c, lang))})


def plotted(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """The frame with `columns` as numbers: a hidden count ('< 11', dashboard.privacy) is
    missing, so it draws no bar, slice or point instead of its value."""
    columns = [columns] if isinstance(columns, str) else list(columns)
    return frame.assign(**{c: pd.to_numeric(frame[c], errors="coerce") for c in columns})


@remembered
def circles_per_week(
    frame: pd.DataFrame,
    value: str,
    lang: str = DEFAULT_LANGUAGE,
    title: str | None = None,
    cumulative: bool = False,
) -> go.Figure:
    """New (bars) or cumulative (lines) participants per week, one colour per circle."""
    shown = with_circle_labels(plotted(frame, value).sort_values("week"), lang)
    builder = px.area if cumulative else px.bar
    figure = builder(shown, x="week", y=value, color="circle", template=TEMPLATE)
    return finish_persons_by_circle(figure, lang, title, t("col.week", lang))


def finish_persons_by_circle(figure: go.Figure, lang: str, title: str | None, x: str):
    """Persons on the y axis, one colour per circle in the legend."""
    colour_series(figure)
    hover_xy(figure, lang, x, t("col.persons", lang), ",.0f")
    return finish(figure, lang, title, x=x, y=t("col.persons", lang), legend=t("col.circle", lang))


@remembered
def circles_by_phase(
    frame: pd.DataFrame,
    lang: str = DEFAULT_LANGUAGE,
    title: str | None = None,
    phase_column: str = "phase_id",
    value: str = "participants",
) -> go.Figure:
    shown = with_circle_labels(plotted(frame, value), lang)
    figure = px.bar(
        shown,
        x=phase_column,
        y=value,
        color="circle",
        barmode="stack",
        template=TEMPLATE,
    )
    return finish_persons_by_circle(figure, lang, title, t("col.phase", lang))


@remembered
def bars(
    frame: pd.DataFrame,
    x: str,
    y,
    lang: str = DEFAULT_LANGUAGE,
    title: str | None = None,
    x_label: str | None = None,
    y_label: str | None = None,
    color: str | None = None,
    names: dict | None = None,
    barmode: str = "group",
    horizontal: bool = False,
    colours: dict | None = None,
    counts: bool = False,
) -> go.Figure:
    """A bar chart; `names` renames the series (wide columns or `color` values) for display.
    `counts`: the values are whole things (hidden items, persons), so ticks are whole numbers."""
    shown = plotted(frame, y)
    if color and names:
        shown[color] = shown[color].map(lambda v: names.get(v, v))
    if isinstance(y, (list, tuple)):
        shown = shown.melt(id_vars=[x], value_vars=list(y), var_name="series", value_name="value")
        shown["series"] = shown["series"].map(lambda v: (names or {}).get(v, v))
        color, y = "series", "value"
    if horizontal:
        figure = px.bar(
            shown,
            y=x,
            x=y,
            color=color,
            barmode=barmode,
            orientation="h",
            color_discrete_map=colours,
            template=TEMPLATE,
        )
        if not colours:
            colour_series(figure)
        hover_xy(figure, lang, x_label, y_label, horizontal=True)
        return finish(figure, lang, title, x=y_label, y=x_label, legend="")
    figure = px.bar(
        shown, x=x, y=y, color=color, barmode=barmode, color_discrete_map=colours, template=TEMPLATE
    )
    if not colours:
        colour_series(figure)
    hover_xy(figure, lang, x_label, y_label)
    if counts:
        tallest = shown.groupby(x)[y].sum().max() if barmode == "stack" else shown[y].max()
        whole_number_ticks(figure, tallest)
    return finish(figure, lang, title, x=x_label, y=y_label, legend="")


def whole_number_ticks(figure: go.Figure, tallest) -> go.Figure:
    """A count axis never offers "0,5 contenu masqué": one tick per unit up to 10, Plotly's
    own steps (whole from there) beyond, no decimals either way."""
    figure.update_yaxes(tickformat=",d", rangemode="tozero")
    if pd.isna(tallest) or tallest <= 10:
        figure.update_yaxes(tick0=0, dtick=1)
    return figure


@remembered
def lines(
    frame: pd.DataFrame,
    x: str,
    y,
    lang: str = DEFAULT_LANGUAGE,
    title: str | None = None,
    x_label: str | None = None,
    y_label: str | None = None,
    names: dict | None = None,
    percent: bool = False,
    markers: bool = True,
) -> go.Figure:
    """One line per column in `y` (renamed with `names`), e.g. submitted and answered."""
    columns = [y] if isinstance(y, str) else list(y)
    shown = frame.melt(id_vars=[x], value_vars=columns, var_name="series", value_name="value")
    shown["series"] = shown["series"].map(lambda v: (names or {}).get(v, v))
    figure = px.line(
        shown.sort_values(x), x=x, y="value", color="series", markers=markers, template=TEMPLATE
    )
    colour_series(figure)
    hover_xy(figure, lang, x_label, y_label, ".2~%" if percent else ",.2~f")
    if percent:
        figure.update_yaxes(tickformat=".2~%")
    if len(columns) == 1:
        figure.update_layout(showlegend=False)
    return finish(figure, lang, title, x=x_label, y=y_label, legend="")


@remembered
def sparkline(
    frame: pd.DataFrame,
    x: str,
    y: str,
    lang: str = DEFAULT_LANGUAGE,
    title: str | None = None,
    y_label: str | None = None,
) -> go.Figure:
    """A short trend: small line, no legend."""
    figure = px.line(frame.sort_values(x), x=x, y=y, markers=True, height=220, template=TEMPLATE)
    figure.update_layout(showlegend=False)
    hover_xy(figure, lang, t("col.week", lang), y_label)
    return finish(figure, lang, title, x=t("col.week", lang), y=y_label)


STATE_ORDER = ("submitted", "evaluating", "accepted", "rejected", "withdrawn")
STATE_COLOURS = {
    "submitted": "#e67e22",
    "evaluating": "#8e44ad",
    "accepted": "#27ae60",
    "rejected": "#c0392b",
    "withdrawn": "#95a5a6",
}


@remembered
def proposal_states(
    frame: pd.DataFrame, lang: str = DEFAULT_LANGUAGE, title: str | None = None
) -> go.Figure:
    """Where the proposals are now: one bar split by state, each proposal counted once.
    States don't nest (a rejected proposal never was accepted), so no narrowing funnel:
    waiting (submitted, under study), then decided (accepted, rejected), withdrawn last, grey."""
    counts = frame.set_index("state")["proposals"].reindex(STATE_ORDER).fillna(0)
    total = counts.sum()
    figure = go.Figure()
    for state, count in counts.items():
        name = t(f"state.{state}", lang)
        figure.add_bar(
            y=[t("col.proposals", lang)],
            x=[count],
            name=name,
            orientation="h",
            marker_color=STATE_COLOURS[state],
            text=[int(count)] if count else [""],
            textposition="inside",
            customdata=[[count / total if total else 0]],
            hovertemplate=hovertemplate(
                lang,
                [(t("col.proposals", lang), "%{x:,.0f}"), (None, "%{customdata[0]:.1~%}")],
                name,
            ),
        )
    figure.update_layout(barmode="stack", height=220, legend_traceorder="normal")
    figure.update_yaxes(showticklabels=False)
    return finish(figure, lang, title, x=t("col.proposals", lang))


def summary(figure: go.Figure, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """One sentence that says what a bar, line or pie chart shows at its highest point, for
    those who cannot see it: "En bref : le plus haut, Déposées : 151 (24/11/25)." None for
    charts without such values (maps, the funnel plot)."""
    percent = "%" in str(figure.layout.yaxis.tickformat or "")
    best = None
    for trace in figure.data:
        if trace.type == "pie":
            values = pd.to_numeric(pd.Series(list(trace.values)), errors="coerce")
            if values.notna().any() and values.sum() > 0:
                top = int(values.idxmax())
                share = format_percent(values[top] / values.sum(), lang)
                return t("summary.pie", lang, name=str(trace.labels[top]), share=share)
            continue
        if trace.type not in ("bar", "scatter") or trace.x is None or trace.y is None:
            continue
        if trace.type == "scatter" and trace.text is not None:
            return None  # labelled dots (districts): their values are said elsewhere, bounded
        if trace.hoverinfo == "skip":
            continue  # a reference line, not data
        along, values = (trace.y, trace.x) if trace.orientation == "h" else (trace.x, trace.y)
        values = pd.to_numeric(pd.Series(list(values)), errors="coerce")
        if values.notna().any() and (best is None or values.max() > best[0]):
            top = int(values.idxmax())
            best = (values[top], trace.name, list(along)[top])
    if best is None:
        return None
    value, name, where = best
    if len(figure.data) == 1:  # one series: the axis says what it is better than its key
        name = figure.layout.yaxis.title.text or name
    shown = (
        format_small_percent(value, lang)
        if percent
        else format_number(value, lang, 0 if float(value).is_integer() else 1)
    )
    where = format_date(pd.Timestamp(where), lang) if _is_dates([where]) else str(where)
    colon = "\u00a0: " if lang == "fr" else ": "
    return t("summary.peak", lang, name=f"{name}{colon}" if name else "", value=shown, where=where)


def proposal_states_summary(frame: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> str:
    """The sentence under the states bar: how many proposals wait, are decided, withdrawn."""
    counts = frame.set_index("state")["proposals"].reindex(STATE_ORDER).fillna(0)
    waiting = frame.loc[frame["is_open"], "proposals"].sum()
    return t(
        "proposals.states_summary",
        lang,
        total=format_int(counts.sum(), lang),
        open=format_int(waiting, lang),
        **{state: format_int(n, lang) for state, n in counts.items()},
    )


def target_reason(row, hidden_as, threshold: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """Why a district of the target list is there, in one line: the funnel limit it falls
    under, the missing participants in whole persons (a bound, rounded the way that stays
    true, when its count is hidden) and its last meeting."""
    from dashboard import privacy

    limit = t("reason.alarm" if row["status"] == "under-reached (alarm)" else "reason.alert", lang)
    parts = [limit]
    if not isinstance(hidden_as, str):
        missing = format_int(row["missing_participants"], lang)
        parts.append(t("reason.missing", lang, n=missing))
    elif hidden_as == "small":
        bound = privacy.count_bound(
            "missing_participants", row["expected"], row["population"], threshold
        )
        if bound is not None:  # nothing said when no bound holds: it would give O back
            more = privacy.whole_bound("missing_participants", bound)
            parts.append(t("reason.missing_more", lang, n=format_int(more, lang)))
    last = row.get("last_meeting_at")
    parts.append(
        t("reason.no_meeting", lang)
        if last is None or pd.isna(last)
        else t("reason.last_meeting", lang, date=format_date(pd.Timestamp(last), lang))
    )
    return " — ".join(parts[:1] + [", ".join(parts[1:])])


def status_label(status, lang: str, denominator: str = RESIDENTS) -> str:
    return t(STATUS_KEYS.get(status, "unknown"), lang, denominator)


def unplaced_note(reach: pd.DataFrame, lang: str = DEFAULT_LANGUAGE, name_column: str = "name"):
    """The sentence naming the districts the funnel plot and the rate maps leave out, those
    whose participant count is hidden (privacy.hidden_districts, decided over every
    district: E x O/E and the rate x the population give it back exactly), with their
    status; None when every district is placed."""
    left_out = reach[reach["district_id"].isin(hidden_districts(reach))]
    if left_out.empty:
        return None
    colon, between = ("\u00a0: ", " ; ") if lang == "fr" else (": ", "; ")
    names = between.join(
        f"{name}{colon}{status_label(status, lang)}"
        for name, status in zip(
            left_out[name_column].fillna(left_out["district_id"]), left_out["status"]
        )
    )
    return t("districts.unplaced", lang, names=names, n=min_count())


@remembered
def funnel_plot(
    reach: pd.DataFrame,
    lang: str = DEFAULT_LANGUAGE,
    title: str | None = None,
    name_column: str = "name",
) -> go.Figure:
    """O/E against E for every district whose count is shown (see unplaced_note), with the
    95 % and 99.8 % Poisson limits as curves."""
    from dashboard.funnel import poisson_limits

    rows = reach[reach["expected"].astype(float) > 0].copy()
    placed = rows[~rows["district_id"].isin(hidden_districts(reach))]
    figure = go.Figure()
    if not rows.empty:
        top = float(rows["expected"].max()) * 1.1
        grid = np.linspace(max(0.5, float(rows["expected"].min()) * 0.8), top, 120)
        for level, alpha, dash in (("95", 0.05, "dash"), ("998", 0.002, "dot")):
            lower, upper = poisson_limits(grid, alpha)
            name = t(f"funnel.limit{level}", lang)
            figure.add_trace(
                go.Scatter(
                    x=grid,
                    y=lower / grid,
                    mode="lines",
                    name=name,
                    line={"color": "#7f8c8d", "dash": dash},
                    hoverinfo="skip",
                )
            )
            figure.add_trace(
                go.Scatter(
                    x=grid,
                    y=upper / grid,
                    mode="lines",
                    name=name,
                    line={"color": "#7f8c8d", "dash": dash},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        figure.add_hline(
            y=1, line_color="#2c3e50", line_width=1, annotation_text=t("funnel.target", lang)
        )
        for status, group in placed.groupby("status"):
            figure.add_trace(
                go.Scatter(
                    x=group["expected"],
                    y=group["ratio"],
                    mode="markers",
                    name=status_label(status, lang),
                    marker={
                        "size": 11,
                        "color": STATUS_COLOURS.get(status, "#999"),
                        "line": {"color": "#333", "width": 1},
                    },
                    text=group[name_column],
                    hovertemplate="%{text}<br>E = %{x:.1f}<br>O/E = %{y:.2f}<extra></extra>",
                )
            )
    return finish(figure, lang, title, x=t("col.expected", lang), y=t("col.ratio", lang))


def feature_collection(shapes: pd.DataFrame) -> dict:
    """One GeoJSON FeatureCollection from districts' `display_geojson` (a geometry or a
    feature each), every feature's id set to its district_id and its name kept, so a map
    whose data covers one district still names the others."""
    features = []
    names = shapes["name"] if "name" in shapes else shapes["district_id"]
    for district_id, name, text in zip(shapes["district_id"], names, shapes["display_geojson"]):
        if not text:
            continue
        shape = json.loads(text)
        if shape.get("type") == "FeatureCollection":
            shape = shape["features"][0] if shape.get("features") else None
        if shape is None:
            continue
        geometry = shape["geometry"] if shape.get("type") == "Feature" else shape
        features.append(
            {
                "type": "Feature",
                "id": str(district_id),
                "properties": {"id": str(district_id), "name": str(name)},
                "geometry": geometry,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def map_view(geojson: dict, width: float = MAP_FIT_WIDTH, height: float = MAP_HEIGHT):
    """Centre and zoom that frame every district in a `width` x `height` pixel map (the
    width of a phone by default, so no district is cut off on the narrowest screen)."""
    geometries = [shapely.geometry.shape(f["geometry"]) for f in geojson["features"]]
    if not geometries:
        return {"lat": 46.6, "lon": 2.4}, 4.5
    minx, miny, maxx, maxy = shapely.GeometryCollection(geometries).bounds

    def mercator(latitude):
        return np.log(np.tan(np.pi / 4 + np.radians(latitude) / 2))

    # at zoom z the world is 512 * 2^z pixels wide (Web Mercator, 512 px tiles)
    fit_x = np.log2(width * 360 / (512 * max(maxx - minx, 1e-6)))
    fit_y = np.log2(height * 2 * np.pi / (512 * max(mercator(maxy) - mercator(miny), 1e-8)))
    zoom = float(np.clip(min(fit_x, fit_y), 1, 16))
    return {"lat": (miny + maxy) / 2, "lon": (minx + maxx) / 2}, zoom


def chart_text(text) -> str:
    """Text from the data as a Plotly label or hover shows it literally: Plotly reads a few
    HTML tags there ('<a href>' would make a district name a link)."""
    return html.escape(str(text), quote=False)


def feature_name(feature: dict) -> str:
    """A district's name as its shape carries it, its id when it has none."""
    return str(feature.get("properties", {}).get("name") or feature["id"])


def district_labels(geojson: dict, names: dict) -> go.Scattermap:
    """District names as a text layer, each at a point inside its district: `names` (already
    made chart text) for the districts the data covers, the shape's own name for the others."""
    points = [
        shapely.geometry.shape(f["geometry"]).representative_point() for f in geojson["features"]
    ]
    return go.Scattermap(
        lat=[point.y for point in points],
        lon=[point.x for point in points],
        text=[
            str(names[f["id"]]) if f["id"] in names else chart_text(feature_name(f))
            for f in geojson["features"]
        ],
        mode="text",
        textfont={"size": 11, "color": "#1f2d3a"},
        hoverinfo="skip",
        showlegend=False,
    )


@remembered
def district_map(
    reach: pd.DataFrame,
    geojson: dict,
    measure: str,
    lang: str = DEFAULT_LANGUAGE,
    name_column: str = "name",
    title: str | None = None,
    denominator: str = RESIDENTS,
) -> go.Figure:
    """Choropleth of the districts on a blank background (no tile server: works offline).

    measure: 'rate' (per 1,000 residents or registered voters: `denominator`), 'smoothed'
    (empirical Bayes) or 'status' (funnel status).
    """
    centre, zoom = map_view(geojson)
    shown = reach.copy()
    shown["district_id"] = shown["district_id"].astype(str)
    hover = {"district_id": False}
    if measure == "status":
        shown["status_label"] = shown["status"].map(lambda s: status_label(s, lang, denominator))
        colours = {status_label(s, lang, denominator): c for s, c in STATUS_COLOURS.items()}
        figure = px.choropleth_map(
            shown,
            geojson=geojson,
            locations="district_id",
            color="status_label",
            color_discrete_map=colours,
            hover_name=name_column,
            hover_data=hover,
            map_style="white-bg",
            template=TEMPLATE,
            center=centre,
            zoom=zoom,
            opacity=0.8,
            labels={"status_label": t("col.status", lang)},
        )
    else:
        column = "rate_per_1000" if measure == "rate" else "smoothed_rate_per_1000"
        label = t("col.rate" if measure == "rate" else "col.smoothed", lang, denominator)
        # a hidden count is not coloured by its rate (x the population, it gives the count
        # back) but drawn grey, said in the legend
        hidden = shown["district_id"].isin(hidden_districts(reach))
        shown[column] = shown[column].astype(float).where(~hidden)
        figure = value_map(shown, geojson, column, label, lang, title, name_column)
        if hidden.any():
            figure = go.Figure(figure)
            figure.add_trace(
                go.Choroplethmap(
                    geojson=geojson,
                    locations=shown.loc[hidden, "district_id"],
                    z=[0] * int(hidden.sum()),
                    featureidkey="id",
                    colorscale=[[0, HIDDEN_GREY], [1, HIDDEN_GREY]],
                    showscale=False,
                    marker={"opacity": 0.8, "line": {"color": "#555", "width": 1}},
                    name=t("map.hidden", lang),
                    showlegend=True,
                    hovertext=shown.loc[hidden, name_column],
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )
            # the names layer stays on top
            figure.data = (*figure.data[:-2], figure.data[-1], figure.data[-2])
        return figure
    named_map(
        figure, geojson, shown, name_column, [(t("col.status", lang), "%{fullData.name}")], lang
    )
    return finish(
        figure, lang, title, legend=t("col.status", lang) if measure == "status" else None
    )


@remembered
def value_map(
    frame: pd.DataFrame,
    geojson: dict,
    column: str,
    label: str,
    lang: str = DEFAULT_LANGUAGE,
    title: str | None = None,
    name_column: str = "name",
    scale: str = "Blues",
) -> go.Figure:
    """Choropleth of one number per district on a blank background (works offline)."""
    centre, zoom = map_view(geojson)
    shown = frame.assign(district_id=frame["district_id"].astype(str))
    figure = px.choropleth_map(
        shown,
        geojson=geojson,
        locations="district_id",
        color=column,
        color_continuous_scale=scale,
        hover_name=name_column,
        hover_data={"district_id": False},
        map_style="white-bg",
        template=TEMPLATE,
        center=centre,
        zoom=zoom,
        opacity=0.8,
        labels={column: label},
    )
    named_map(figure, geojson, shown, name_column, [(label, "%{z:,.2~f}")], lang)
    # the scale lies under the map: beside it, it takes a third of a phone's width
    figure.update_layout(
        coloraxis_colorbar={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yanchor": "top",
            "thickness": 12,
            "title_side": "top",
        }
    )
    return finish(figure, lang, title)


def named_map(
    figure: go.Figure, geojson: dict, shown: pd.DataFrame, name_column: str, fields, lang: str
) -> go.Figure:
    """District outlines, tooltips in words, the names written on the map, no font server."""
    figure.update_traces(
        marker_line_color="#555",
        marker_line_width=1,
        hovertemplate=hovertemplate(lang, fields, "%{hovertext}"),
    )
    figure.add_trace(district_labels(geojson, dict(zip(shown["district_id"], shown[name_column]))))
    figure.update_layout(height=MAP_HEIGHT, map_style=BLANK_MAP_STYLE)
    return figure


@remembered
def pie(
    frame: pd.DataFrame,
    names: str,
    values: str,
    lang: str = DEFAULT_LANGUAGE,
    title: str | None = None,
    labels: dict | None = None,
    value_label: str | None = None,
) -> go.Figure:
    """A ring, each slice in its series' colour; the tooltip gives the count and the share."""
    shown = plotted(frame, values)
    shown[names] = shown[names].map(lambda v: (labels or {}).get(v, v))
    figure = px.pie(shown, names=names, values=values, hole=0.45, template=TEMPLATE)
    known = _label_colours()
    spare = iter(c for c in PALETTE if c not in known.values())
    figure.update_traces(
        marker_colors=[
            known.get(str(name).lower()) or next(spare, "#7f8c8d") for name in figure.data[0].labels
        ],
        textinfo="percent+value",
        hovertemplate=hovertemplate(
            lang, [(value_label, "%{value:,.0f}"), (None, "%{percent:.1~%}")], "%{label}"
        ),
    )
    return finish(figure, lang, title)


VERDICT_COLOURS = {
    "hausse": "#1a9850",
    "baisse": "#d73027",
    "non concluant": "#7f8c8d",
}


def verdict_label(verdict, lang: str) -> str:
    return t(f"verdict.{verdict}", lang)


def operations_summary(operations: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """The sentence under the rate-ratio chart: how many operations rose, fell or cannot say.
    None when no operation has a computable ratio (the chart is then empty)."""
    verdicts = operations["verdict"].value_counts()
    total = int(verdicts.reindex(list(VERDICT_COLOURS)).fillna(0).sum())
    if not total:
        return None
    return t(
        "summary.operations",
        lang,
        total=format_int(total, lang),
        rising=format_int(verdicts.get("hausse", 0), lang),
        falling=format_int(verdicts.get("baisse", 0), lang),
        unclear=format_int(verdicts.get("non concluant", 0), lang),
    )


@remembered
def operations_forest(
    operations: pd.DataFrame, lang: str = DEFAULT_LANGUAGE, title: str | None = None
) -> go.Figure:
    """Each operation's rate ratio with its 95 % interval on a log scale, 1 marked: an
    interval wholly right of 1 is a rise, wholly left a fall. Operations whose ratio cannot
    be computed, or is left out for privacy (mobilisation.shown_operations), are left out; an
    unbounded end is drawn to the plot's edge."""
    rows = operations[
        operations["verdict"].isin(VERDICT_COLOURS) & operations["rate_ratio"].notna()
    ].copy()
    figure = go.Figure()
    if not rows.empty:
        finite = pd.concat([rows["ci_high"], rows["rate_ratio"], rows["ci_low"]])
        finite = finite[np.isfinite(finite) & (finite > 0)]
        edge_high = float(finite.max()) * 2 if len(finite) else 10.0
        edge_low = min(float(finite.min()) / 2, 0.5) if len(finite) else 0.1
        rows["high"] = rows["ci_high"].clip(upper=edge_high)
        rows["low"] = rows["ci_low"].clip(lower=edge_low)
        rows["ratio"] = rows["rate_ratio"].clip(lower=edge_low, upper=edge_high)
        rows["label"] = (
            rows["district_name"].fillna(rows["district_id"])
            + " · "
            + rows["first_date"].map(
                lambda d: pd.Timestamp(d).strftime("%d/%m/%y" if lang == "fr" else "%Y-%m-%d")
            )
        )
        for verdict, group in rows.groupby("verdict", sort=False):
            figure.add_trace(
                go.Scatter(
                    x=group["ratio"],
                    y=group["label"],
                    mode="markers",
                    name=verdict_label(verdict, lang),
                    marker={"size": 11, "color": VERDICT_COLOURS[verdict]},
                    error_x={
                        "type": "data",
                        "symmetric": False,
                        "array": group["high"] - group["ratio"],
                        "arrayminus": group["ratio"] - group["low"],
                        "color": VERDICT_COLOURS[verdict],
                    },
                    hovertemplate="%{y}<br>RR = %{x:.2f}<extra></extra>",
                )
            )
        figure.add_vline(x=1, line_color="#2c3e50", line_width=1)
        # plotly labels a log axis's 0.5 and 5 both '5': name a few round ratios instead
        ticks = [
            v
            for v in (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)
            if edge_low <= v <= edge_high
        ]
        figure.update_xaxes(type="log", tickvals=ticks, tickformat=",.2~f")
        figure.update_yaxes(autorange="reversed")
        figure.update_layout(height=140 + 50 * len(rows))
    return finish(
        figure, lang, title, x=t("col.rate_ratio", lang), y="", legend=t("col.verdict", lang)
    )


@remembered
def effort_vs_need(
    effort: pd.DataFrame, lang: str = DEFAULT_LANGUAGE, title: str | None = None
) -> go.Figure:
    """Missing participants (need) against field actions of the last 21 days (effort), one
    dot per district with a population; under-reached districts in red. `hover` (optional
    column) is what each dot says, so a hidden count shows as its bound."""
    rows = effort[effort["district_id"].notna() & effort["missing_participants"].notna()].copy()
    rows["group"] = np.where(
        rows["under_reached"],
        t("mobilisation.under_reached", lang),
        t("mobilisation.other_districts", lang),
    )
    colours = {
        t("mobilisation.under_reached", lang): STATUS_COLOURS["under-reached (alarm)"],
        t("mobilisation.other_districts", lang): "#67a9cf",
    }
    figure = px.scatter(
        rows,
        x="missing_participants",
        y="actions_21d",
        color="group",
        color_discrete_map=colours,
        text="name",
        hover_name="hover" if "hover" in rows else "name",
        hover_data={column: False for column in ("missing_participants", "actions_21d", "group")}
        if "hover" in rows
        else None,
        template=TEMPLATE,
    )
    figure.update_traces(textposition="top center", marker={"size": 12})
    # the page's own text (a hidden count as its bound) when given, else the numbers in words
    figure.update_traces(
        hovertemplate="%{hovertext}<extra></extra>"
        if "hover" in rows
        else hovertemplate(
            lang,
            [(t("col.missing", lang), "%{x:,.2~f}"), (t("col.actions_21d", lang), "%{y:,.0f}")],
            "%{text}",
        )
    )
    return finish(
        figure,
        lang,
        title,
        x=t("col.missing", lang),
        y=t("col.actions_21d", lang),
        legend="",
    )
