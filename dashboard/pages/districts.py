"""Quartiers: where we reach and where we don't. Map, funnel plot, the ranked list of where
to go next, and one district in detail."""

import streamlit as st

from dashboard import charts, ui
from dashboard.i18n import format_date, format_int, format_number, format_percent
from dashboard.metrics import EXPLANATIONS

lang = ui.lang()
st.title(ui.tr("districts.title"))

headline = ui.headline()
reach = ui.computed("district_reach")
if reach.empty:
    st.info(ui.tr("districts.no_territory"))
    st.stop()

left, right = st.columns(2)
# each number with its one-line explanation, as on the overview
ui.kpi_card(
    left,
    ui.tr("kpi.under_reached_districts"),
    format_int(len(headline["under_reached_districts"]), lang),
    None,
    EXPLANATIONS["under_reached_districts"][lang],
)
ui.kpi_card(
    right,
    ui.tr("kpi.duncan_index"),
    format_number(headline["duncan_index"], lang, 2),
    None,
    EXPLANATIONS["duncan_index"][lang],
)
st.caption(
    ui.tr("districts.unknown_share", share=format_percent(headline["unknown_district_share"], lang))
)
no_population = int(reach["population"].isna().sum())
if no_population:
    st.warning(ui.tr("districts.no_population", n=no_population))

st.subheader(ui.tr("districts.map"))
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
    ui.chart(charts.district_map(reach, geojson, measure or "rate", lang), "map")

st.subheader(ui.tr("districts.funnel"))
st.caption(ui.tr("districts.funnel_help"))
ui.chart(charts.funnel_plot(reach, lang), "funnel")

st.subheader(ui.tr("districts.targets"))
st.caption(ui.tr("districts.targets_help"))
targets = ui.computed("district_target_list")
target_columns = {
    "name": ui.tr("col.district"),
    "missing_participants": ui.tr("col.missing"),
    "participants": ui.tr("col.participants"),
    "status": ui.tr("col.status"),
    "last_meeting_at": ui.tr("col.last_meeting"),
}
shown = targets.assign(
    status=targets["status"].map(lambda s: charts.status_label(s, lang)),
    # whole persons, and no expected count beside them: E - missing would give O back
    missing_participants=targets["missing_participants"].round(0).astype(int),
)
if "last_meeting_at" in shown:
    shown["last_meeting_at"] = shown["last_meeting_at"].map(lambda d: format_date(d, lang))
ui.table(
    shown[[c for c in target_columns if c in shown]],
    "target-list",
    labels=target_columns,
    person_columns=["participants"],
)

st.subheader(ui.tr("districts.detail"))
names = dict(zip(reach["district_id"], reach["name"]))
chosen = st.selectbox(
    ui.tr("col.district"), list(names), format_func=names.get, key="district_detail"
)
if chosen:
    row = reach[reach["district_id"] == chosen].iloc[0]
    columns = st.columns(4)
    columns[0].metric(ui.tr("col.participants"), ui.count_text(row["participants"]))
    columns[1].metric(ui.tr("col.population"), format_int(row["population"], lang))
    hidden = 0 < row["participants"] < ui.min_count()  # the rate would give the count back
    columns[2].metric(
        ui.tr("col.rate"), "–" if hidden else format_number(row["rate_per_1000"], lang, 1)
    )
    columns[3].metric(ui.tr("col.status"), charts.status_label(row["status"], lang))
    in_district = dict(ui.current_filters(), district=chosen)
    circles = ui.metric("reach_by_circle", in_district)
    if circles is not None and not circles.empty:
        shown = charts.with_circle_labels(circles, lang)
        ui.table(
            shown[["circle", "participants"]],
            "district-circles",
            labels={"circle": ui.tr("col.circle"), "participants": ui.tr("col.persons")},
            person_columns=["participants"],
        )
