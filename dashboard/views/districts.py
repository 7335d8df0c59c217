"""Quartiers: where we reach and where we don't. Map, funnel plot, the ranked list of where
to go next, and one district in detail."""

import pandas as pd
import streamlit as st

from dashboard import charts, objectives, privacy, ui
from dashboard.i18n import format_date, format_int, format_number, format_percent
from dashboard.metrics import explanation, in_line_shortfalls

lang = ui.lang()
denominator = ui.denominator()  # residents, or registered voters for polling stations
st.title(ui.tr("districts.title"))

headline = ui.headline()
reach = ui.computed("district_reach")
if reach.empty:
    st.info(ui.tr("districts.no_territory"))
    st.stop()

# counts under the threshold (and their complementary) are hidden over every district, and
# every figure computed from such a count reads as a bound, as in the report
threshold = ui.min_count()
hidden = privacy.hidden_districts(reach, threshold)
# names as the captions' Markdown shows them literally
reach_named = reach.assign(name=reach["name"].map(ui.verbatim, na_action="ignore"))


def one_decimal(value):
    return format_number(value, lang, 1)


def two_decimals(value):
    return format_number(value, lang, 2)


def figure_text(row, column, exact_text, number):
    """One figure of a district derived from its count: exact, or a bound when hidden."""
    how = hidden.get(row["district_id"])
    bound = privacy.count_bound(column, row["expected"], row["population"], threshold)
    return privacy.bound_text(how, column, bound, exact_text, number)


def exact(value, number):
    return "–" if pd.isna(value) else number(value)


def hover_text(row) -> str:
    """What hovering a district shows: name, E, O/E and rates, bounded when hidden."""
    lines = [
        f"<b>{ui.chart_text(row['name'])}</b>",
        f"{ui.tr('col.expected')} : {exact(row['expected'], one_decimal)}",
        f"{ui.tr('col.ratio')} : "
        + figure_text(row, "ratio", exact(row["ratio"], two_decimals), two_decimals),
        f"{ui.tr('col.rate')} : "
        + figure_text(row, "rate_per_1000", exact(row["rate_per_1000"], one_decimal), one_decimal),
        # the smoothed rate moves with O too, and no simple bound holds for it
        f"{ui.tr('col.smoothed')} : "
        + (
            "–"
            if row["district_id"] in hidden
            else exact(row["smoothed_rate_per_1000"], one_decimal)
        ),
        f"{ui.tr('col.status')} : {charts.status_label(row['status'], lang, denominator)}",
    ]
    return "<br>".join(lines)


hovers = {row["district_id"]: hover_text(row) for _, row in reach.iterrows()}
hovers_by_name = {
    ui.chart_text(row["name"]): hovers[row["district_id"]] for _, row in reach.iterrows()
}

left, right = st.columns(2)
# each number with its one-line explanation, as on the overview
ui.kpi_card(
    left,
    ui.tr("kpi.under_reached_districts"),
    format_int(len(headline["under_reached_districts"]), lang),
    None,
    explanation("under_reached_districts", lang, denominator),
)
ui.kpi_card(
    right,
    ui.tr("kpi.duncan_index"),
    format_number(headline["duncan_index"], lang, 2),
    None,
    explanation("duncan_index", lang, denominator),
)
st.caption(
    ui.tr("districts.unknown_share", share=format_percent(headline["unknown_district_share"], lang))
)
no_population = int(reach["population"].isna().sum())
if no_population:
    st.warning(ui.tr("districts.no_population", n=no_population))

st.header(ui.tr("districts.map"))
measure = st.segmented_control(
    ui.tr("districts.map_measure"),
    ["rate", "smoothed", "status"],
    default="rate",
    required=True,
    key="map_measure",
    format_func=lambda m: ui.tr(f"districts.measure.{m}"),
)
shapes = ui.plain_query("district_shapes")
if not shapes.empty:
    geojson = charts.feature_collection(shapes)
    district_map = charts.district_map(
        reach.assign(name=reach["name"].map(ui.chart_text)),
        geojson,
        measure or "rate",
        lang,
        denominator=denominator,
    )
    for trace in district_map.data:
        if trace.type != "choroplethmap":  # the names layer
            continue
        trace.hovertext = [hovers.get(str(d), "") for d in trace.locations]
        trace.hovertemplate = "%{hovertext}<extra></extra>"
    ui.chart(district_map, "map")
    if measure != "status" and (note := charts.unplaced_note(reach_named, lang)):
        st.caption(note)

st.header(ui.tr("districts.funnel"))
st.caption(ui.tr("districts.funnel_help"))
# a district whose count is hidden has no dot (E x O/E would give the count back): a
# sentence names it with its status
funnel = charts.funnel_plot(reach.assign(name=reach["name"].map(ui.chart_text)), lang)
for trace in funnel.data:
    if trace.mode == "markers":
        trace.hovertext = [hovers_by_name.get(name, name) for name in trace.text]
        trace.hovertemplate = "%{hovertext}<extra></extra>"
ui.chart(funnel, "funnel")
if note := charts.unplaced_note(reach_named, lang):
    st.caption(note)

st.header(ui.tr("districts.targets"))
st.caption(ui.tr("districts.targets_rule"))
targets = ui.computed("district_target_list")
# each district's objective (participants per 1,000 residents), as of the reference day
district_objectives = objectives.district_objectives(ui.computed("objectives.standings"))


def objective_cell(district_id) -> str:
    row = district_objectives.get(district_id)
    if row is None:
        return "–"
    return (
        objectives.value_text(row["indicator"], row["target"], lang)
        + " · "
        + objectives.status_text(row["status"], lang)
    )


target_columns = {
    "name": ui.tr("col.district"),
    "missing_participants": ui.tr("col.missing"),
    "participants": ui.tr("col.participants"),
    "status": ui.tr("col.status"),
    "last_meeting_at": ui.tr("col.last_meeting"),
    "reason": ui.tr("col.reason"),
    "objective": ui.tr("col.objective"),
}
if targets.empty:
    st.success(ui.tr("districts.no_targets_now"))
else:
    shown = targets.assign(
        objective=targets["district_id"].map(objective_cell),
        status=targets["status"].map(lambda s: charts.status_label(s, lang, denominator)),
        reason=[
            charts.target_reason(row, hidden.get(row["district_id"]), threshold, lang)
            for _, row in targets.iterrows()
        ],
        # whole persons, and no expected count beside them: E - missing would give O back
        missing_participants=targets["missing_participants"].round(0).astype(int),
    )
    if "last_meeting_at" in shown:
        shown["last_meeting_at"] = shown["last_meeting_at"].map(lambda d: format_date(d, lang))
    shown = privacy.bound_district_figures(
        shown,
        hidden,
        {
            "participants": (lambda v: format_int(v, lang), str),
            "missing_participants": (
                lambda v: format_int(v, lang),
                lambda v: format_int(privacy.whole_bound("missing_participants", v), lang),
            ),
        },
        threshold,
    )
    ui.table(
        shown[[c for c in target_columns if c in shown]],
        "target-list",
        labels=target_columns,
        person_columns=["participants"],
    )
short = in_line_shortfalls(reach)
if not short.empty:
    st.caption(ui.tr("districts.in_line_short", names=", ".join(short["name"])))

st.header(ui.tr("districts.detail"))
names = dict(zip(reach["district_id"], reach["name"]))
chosen = st.selectbox(
    ui.tr("col.district"), list(names), format_func=names.get, key="district_detail"
)
if chosen:
    row = reach[reach["district_id"] == chosen].iloc[0]
    columns = st.columns(4)
    columns[0].metric(
        ui.tr("col.participants"),
        figure_text(row, "participants", format_int(row["participants"], lang), str),
    )
    columns[1].metric(
        ui.tr("col.population"), exact(row["population"], lambda v: format_int(v, lang))
    )
    columns[2].metric(
        ui.tr("col.rate"),
        figure_text(row, "rate_per_1000", exact(row["rate_per_1000"], one_decimal), one_decimal),
    )
    columns[3].metric(ui.tr("col.status"), charts.status_label(row["status"], lang, denominator))
    if chosen in district_objectives:
        st.caption(objectives.objective_text(district_objectives[chosen], lang))
    in_district = dict(ui.current_filters(), district=chosen)
    circles = ui.metric("reach_by_circle", in_district)
    if circles is not None and not circles.empty:
        shown = charts.with_circle_labels(circles, lang)
        if hidden.get(chosen) == "complementary":  # its circles would add up to its count
            shown = shown.assign(participants="–")
        ui.table(
            shown[["circle", "participants"]],
            "district-circles",
            labels={"circle": ui.tr("col.circle"), "participants": ui.tr("col.persons")},
            person_columns=["participants"],
        )
