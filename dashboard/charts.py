"""Figure builders: each takes the rows a metric query returned and returns a Plotly figure,
labelled in the chosen language. No Streamlit here, so plain pytest covers them.
"""

import json
from datetime import date, datetime

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import shapely

from dashboard.i18n import DEFAULT_LANGUAGE, plotly_separators, t

CIRCLE_COLOURS = {"1": "#c0392b", "2": "#e67e22", "3": "#2980b9"}
CHANNEL_COLOURS = {"online": "#2980b9", "in_person": "#27ae60"}
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


def finish(
    figure: go.Figure,
    lang: str,
    title: str | None = None,
    x: str | None = None,
    y: str | None = None,
    legend: str | None = None,
) -> go.Figure:
    """Common look: title and axes in the user's language, numbers written its way."""
    figure.update_layout(
        title=title,
        separators=plotly_separators(lang),
        margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10},
        legend_title_text=legend if legend is not None else "",
        hovermode="closest",
    )
    if x is not None:
        figure.update_xaxes(title_text=x)
    # Plotly names months in English whatever the language: dates are written in digits.
    if any(_is_dates(trace.x) for trace in figure.data if getattr(trace, "x", None) is not None):
        figure.update_xaxes(tickformat="%d/%m/%y" if lang == "fr" else "%Y-%m-%d")
    if y is not None:
        figure.update_yaxes(title_text=y)
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


def circle_colour_map(lang: str) -> dict:
    return {t(f"circle.{c}", lang): colour for c, colour in CIRCLE_COLOURS.items()}


def plotted(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """The frame with `columns` as numbers: a hidden count ('< 11', dashboard.privacy) is
    missing, so it draws no bar, slice or point instead of its value."""
    columns = [columns] if isinstance(columns, str) else list(columns)
    return frame.assign(**{c: pd.to_numeric(frame[c], errors="coerce") for c in columns})


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
    figure = builder(
        shown, x="week", y=value, color="circle", color_discrete_map=circle_colour_map(lang)
    )
    return finish_persons_by_circle(figure, lang, title, t("col.week", lang))


def finish_persons_by_circle(figure: go.Figure, lang: str, title: str | None, x: str):
    """Persons on the y axis, one colour per circle in the legend."""
    return finish(figure, lang, title, x=x, y=t("col.persons", lang), legend=t("col.circle", lang))


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
        color_discrete_map=circle_colour_map(lang),
        barmode="stack",
    )
    return finish_persons_by_circle(figure, lang, title, t("col.phase", lang))


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
) -> go.Figure:
    """A bar chart; `names` renames the series (wide columns or `color` values) for display."""
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
        )
        return finish(figure, lang, title, x=y_label, y=x_label, legend="")
    figure = px.bar(shown, x=x, y=y, color=color, barmode=barmode, color_discrete_map=colours)
    return finish(figure, lang, title, x=x_label, y=y_label, legend="")


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
    figure = px.line(shown.sort_values(x), x=x, y="value", color="series", markers=markers)
    if percent:
        figure.update_yaxes(tickformat=".2%")
    if len(columns) == 1:
        figure.update_layout(showlegend=False)
    return finish(figure, lang, title, x=x_label, y=y_label, legend="")


def sparkline(
    frame: pd.DataFrame,
    x: str,
    y: str,
    lang: str = DEFAULT_LANGUAGE,
    title: str | None = None,
    y_label: str | None = None,
) -> go.Figure:
    """A short trend: small line, no legend."""
    figure = px.line(frame.sort_values(x), x=x, y=y, markers=True, height=220)
    figure.update_layout(showlegend=False)
    return finish(figure, lang, title, x=t("col.week", lang), y=y_label)


def state_funnel(
    frame: pd.DataFrame, lang: str = DEFAULT_LANGUAGE, title: str | None = None
) -> go.Figure:
    """Proposal states in the path order (submitted → evaluating → accepted → rejected),
    withdrawn apart at the end. Bars are the proposals that got at least that far
    (`reached`) when the query gives it, else those in the state now."""
    order = ["submitted", "evaluating", "accepted", "rejected", "withdrawn"]
    column = "reached" if "reached" in frame.columns else "proposals"
    counts = frame.set_index("state")[column].reindex(order).fillna(0)
    figure = go.Figure(
        go.Funnel(
            y=[t(f"state.{s}", lang) for s in order],
            x=counts.to_numpy(),
            textinfo="value+percent initial",
            marker={"color": ["#2980b9", "#8e44ad", "#27ae60", "#c0392b", "#95a5a6"]},
        )
    )
    return finish(figure, lang, title)


def status_label(status, lang: str) -> str:
    return t(STATUS_KEYS.get(status, "unknown"), lang)


def funnel_plot(
    reach: pd.DataFrame,
    lang: str = DEFAULT_LANGUAGE,
    title: str | None = None,
    name_column: str = "name",
) -> go.Figure:
    """O/E against E for every district, with the 95 % and 99.8 % Poisson limits as curves."""
    from dashboard.funnel import poisson_limits

    rows = reach[reach["expected"].astype(float) > 0].copy()
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
        for status, group in rows.groupby("status"):
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
    feature each), every feature's id set to its district_id."""
    features = []
    for district_id, text in zip(shapes["district_id"], shapes["display_geojson"]):
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
                "properties": {"id": str(district_id)},
                "geometry": geometry,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def map_view(geojson: dict) -> tuple[dict, float]:
    """Centre and zoom that frame every district."""
    geometries = [shapely.geometry.shape(f["geometry"]) for f in geojson["features"]]
    if not geometries:
        return {"lat": 46.6, "lon": 2.4}, 4.5
    minx, miny, maxx, maxy = shapely.GeometryCollection(geometries).bounds
    span = max(maxx - minx, (maxy - miny) * 1.5, 1e-4)
    zoom = float(np.clip(np.log2(360 / span) - 0.3, 1, 16))
    return {"lat": (miny + maxy) / 2, "lon": (minx + maxx) / 2}, zoom


def district_map(
    reach: pd.DataFrame,
    geojson: dict,
    measure: str,
    lang: str = DEFAULT_LANGUAGE,
    name_column: str = "name",
    title: str | None = None,
) -> go.Figure:
    """Choropleth of the districts on a blank background (no tile server: works offline).

    measure: 'rate' (per 1,000), 'smoothed' (empirical Bayes) or 'status' (funnel status).
    """
    centre, zoom = map_view(geojson)
    shown = reach.copy()
    shown["district_id"] = shown["district_id"].astype(str)
    hover = {"district_id": False}
    if measure == "status":
        shown["status_label"] = shown["status"].map(lambda s: status_label(s, lang))
        colours = {status_label(s, lang): c for s, c in STATUS_COLOURS.items()}
        figure = px.choropleth_map(
            shown,
            geojson=geojson,
            locations="district_id",
            color="status_label",
            color_discrete_map=colours,
            hover_name=name_column,
            hover_data=hover,
            map_style="white-bg",
            center=centre,
            zoom=zoom,
            opacity=0.8,
            labels={"status_label": t("col.status", lang)},
        )
    else:
        column = "rate_per_1000" if measure == "rate" else "smoothed_rate_per_1000"
        label = t("col.rate" if measure == "rate" else "col.smoothed", lang)
        return value_map(shown, geojson, column, label, lang, title, name_column)
    figure.update_traces(marker_line_color="#555", marker_line_width=1)
    figure.update_layout(height=MAP_HEIGHT)
    return finish(
        figure, lang, title, legend=t("col.status", lang) if measure == "status" else None
    )


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
        center=centre,
        zoom=zoom,
        opacity=0.8,
        labels={column: label},
    )
    figure.update_traces(marker_line_color="#555", marker_line_width=1)
    figure.update_layout(height=MAP_HEIGHT)
    return finish(figure, lang, title)


def pie(
    frame: pd.DataFrame,
    names: str,
    values: str,
    lang: str = DEFAULT_LANGUAGE,
    title: str | None = None,
    labels: dict | None = None,
    colours: dict | None = None,
) -> go.Figure:
    shown = plotted(frame, values)
    shown[names] = shown[names].map(lambda v: (labels or {}).get(v, v))
    figure = px.pie(
        shown, names=names, values=values, hole=0.45, color=names, color_discrete_map=colours
    )
    figure.update_traces(textinfo="percent+value")
    return finish(figure, lang, title)


VERDICT_COLOURS = {
    "hausse": "#1a9850",
    "baisse": "#d73027",
    "non concluant": "#7f8c8d",
}


def verdict_label(verdict, lang: str) -> str:
    return t(f"verdict.{verdict}", lang)


def operations_forest(
    operations: pd.DataFrame, lang: str = DEFAULT_LANGUAGE, title: str | None = None
) -> go.Figure:
    """Each operation's rate ratio with its 95 % interval on a log scale, 1 marked: an
    interval wholly right of 1 is a rise, wholly left a fall. Operations whose ratio cannot
    be computed are left out; an unbounded end is drawn to the plot's edge."""
    rows = operations[operations["verdict"].isin(VERDICT_COLOURS)].copy()
    figure = go.Figure()
    if not rows.empty:
        finite = pd.concat([rows["ci_high"], rows["rate_ratio"], rows["ci_low"]])
        finite = finite[np.isfinite(finite) & (finite > 0)]
        edge_high = float(finite.max()) * 2 if len(finite) else 10.0
        edge_low = min(float(finite.min()) / 2, 0.5) if len(finite) else 0.1
        rows["high"] = rows["ci_high"].clip(upper=edge_high)
        rows["low"] = rows["ci_low"].clip(lower=edge_low)
        rows["ratio"] = rows["rate_ratio"].clip(lower=edge_low, upper=edge_high)
        rows["label"] = rows["district_name"].fillna(rows["district_id"]) + " · " + rows[
            "first_date"
        ].map(lambda d: pd.Timestamp(d).strftime("%d/%m/%y" if lang == "fr" else "%Y-%m-%d"))
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
        figure.update_xaxes(type="log")
        figure.update_yaxes(autorange="reversed")
        figure.update_layout(height=140 + 50 * len(rows))
    return finish(
        figure, lang, title, x=t("col.rate_ratio", lang), y="", legend=t("col.verdict", lang)
    )


def effort_vs_need(
    effort: pd.DataFrame, lang: str = DEFAULT_LANGUAGE, title: str | None = None
) -> go.Figure:
    """Missing participants (need) against field actions of the last 21 days (effort), one
    dot per district with a population; under-reached districts in red. `hover` (optional
    column) is what each dot says, so a hidden count shows as its bound."""
    rows = effort[effort["district_id"].notna() & effort["missing_participants"].notna()].copy()
    rows["group"] = np.where(
        rows["under_reached"], t("mobilisation.under_reached", lang),
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
        if "hover" in rows else None,
    )
    figure.update_traces(textposition="top center", marker={"size": 12})
    return finish(
        figure,
        lang,
        title,
        x=t("col.missing", lang),
        y=t("col.actions_21d", lang),
        legend="",
    )
