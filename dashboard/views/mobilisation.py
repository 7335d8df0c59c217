"""Mobilisation: field actions on a map and over time, operations with their effect, effort
beside need, and the meetings that brought the most new people."""

import pandas as pd
import streamlit as st

from dashboard import charts, privacy, ui
from dashboard.i18n import format_date, format_int, format_number
from dashboard.importers.sheets import ACTION_TYPES
from dashboard.mobilisation import effort_beside_need, shown_operations

lang = ui.lang()
st.title(ui.tr("mobilisation.title"))
st.caption(ui.tr("mobilisation.intro"))
threshold = ui.min_count()


def number(value, decimals=0):
    if value is None or pd.isna(value):
        return "–"
    if value == float("inf"):
        return "∞"
    return format_number(value, lang, decimals)


def interval(low, high) -> str:
    return "–" if low is None or pd.isna(low) else f"{number(low, 2)} – {number(high, 2)}"


weeks = ui.metric("actions_by_week")
operations = ui.computed("operations")
effort = effort_beside_need(ui.metric("field_effort"), ui.computed("district_reach"))
type_label = {kind: ui.tr(f"action.{kind}") for kind in ACTION_TYPES}

if weeks is None or weeks.empty:
    st.info(ui.tr("mobilisation.no_actions"))
else:
    rises = int((operations["verdict"] == "hausse").sum())
    columns = st.columns(4)
    ui.kpi_card(
        columns[0],
        ui.tr("mobilisation.kpi.actions"),
        format_int(weeks["actions"].sum(), lang),
        None,
        ui.tr("mobilisation.kpi.actions_help"),
    )
    ui.kpi_card(
        columns[1],
        ui.tr("mobilisation.kpi.doors"),
        format_int(weeks["doors_opened"].sum(), lang),
        None,
        ui.tr(
            "mobilisation.kpi.doors_help", knocked=format_int(weeks["doors_knocked"].sum(), lang)
        ),
    )
    ui.kpi_card(
        columns[2],
        ui.tr("mobilisation.kpi.rises"),
        format_int(rises, lang),
        None,
        ui.tr("mobilisation.kpi.rises_help", operations=format_int(len(operations), lang)),
    )
    ui.kpi_card(
        columns[3],
        ui.tr("mobilisation.kpi.unknown"),
        format_int(weeks.loc[weeks["district_id"].isna(), "actions"].sum(), lang),
        None,
        ui.tr("mobilisation.kpi.unknown_help"),
    )

    left, right = st.columns(2)
    shapes = ui.plain_query("district_shapes")
    per_district = effort[effort["district_id"].notna()][["district_id", "name"]].merge(
        weeks.groupby("district_id", as_index=False)["actions"].sum(), how="left"
    )
    per_district["actions"] = per_district["actions"].fillna(0).astype(int)
    with left:
        st.header(ui.tr("mobilisation.map"))
        st.caption(ui.tr("mobilisation.map_help"))
        if not shapes.empty:
            ui.chart(
                charts.value_map(
                    per_district.assign(name=per_district["name"].map(ui.chart_text)),
                    charts.feature_collection(shapes),
                    "actions",
                    ui.tr("col.actions"),
                    lang,
                    scale="Oranges",
                ),
                "actions-map",
            )
    with right:
        st.header(ui.tr("mobilisation.timeline"))
        st.caption(ui.tr("mobilisation.timeline_help"))
        by_type = weeks.groupby(["week", "action_type"], as_index=False)["actions"].sum()
        ui.chart(
            charts.bars(
                by_type,
                "week",
                "actions",
                lang,
                color="action_type",
                barmode="stack",
                names=type_label,
                x_label=ui.tr("col.week"),
                y_label=ui.tr("col.actions"),
            ),
            "actions-timeline",
        )
    unknown = ui.tr("mobilisation.unknown_place")
    summary = weeks.assign(
        action_type=weeks["action_type"].map(type_label),
        district_name=weeks["district_name"].fillna(unknown),
    )
    summary = summary.groupby(["district_name", "action_type"], as_index=False)[
        ["actions", "doors_knocked", "doors_opened", "volunteers", "leaflets"]
    ].sum()
    ui.table(
        summary,
        "actions-by-district",
        labels={
            "district_name": ui.tr("col.district"),
            "action_type": ui.tr("col.action_type"),
            "actions": ui.tr("col.actions"),
            "doors_knocked": ui.tr("col.doors_knocked"),
            "doors_opened": ui.tr("col.doors_opened"),
            "volunteers": ui.tr("col.volunteers"),
            "leaflets": ui.tr("col.leaflets"),
        },
    )

    st.header(ui.tr("mobilisation.operations"))
    st.caption(ui.tr("mobilisation.operations_help"))
    if not operations.empty:
        # counts under 11 read '< 11', and the ratio, interval and excess that would give them
        # back are left out, in the chart as in the table
        private = shown_operations(operations)
        sentence = charts.operations_summary(operations, lang)
        if sentence:
            if private["rate_ratio"].notna().any():  # else an empty chart: the table says it
                ui.chart(
                    charts.operations_forest(
                        private.assign(
                            district_name=operations["district_name"].map(
                                ui.chart_text, na_action="ignore"
                            )
                        ),
                        lang,
                        title=ui.tr("mobilisation.forest"),
                    ),
                    "operations-forest",
                )
            st.caption(sentence)
        shown = private.assign(
            district_name=operations["district_name"].fillna(operations["district_id"]),
            # counts as text, '< 11' where hidden (one type per column)
            **{
                column: private[column].map(lambda v: v if isinstance(v, str) else number(v))
                for column in ("n_before", "n_after", "c_before", "c_after")
            },
            interval=[interval(lo, hi) for lo, hi in zip(private["ci_low"], private["ci_high"])],
            rate_ratio=private["rate_ratio"].map(lambda v: number(v, 2)),
            doors_opened=operations["doors_opened"].map(number),
            action_types=operations["action_types"].map(
                lambda kinds: ", ".join(type_label.get(k, k) for k in str(kinds).split(","))
            ),
            verdict=operations["verdict"].map(lambda v: charts.verdict_label(v, lang)),
            excess=private["excess"].map(lambda v: number(v, 1)),
            new_per_100_doors=private["new_per_100_doors"].map(lambda v: number(v, 1)),
        )
        operation_columns = {
            "district_name": ui.tr("col.district"),
            "first_date": ui.tr("col.first_date"),
            "last_date": ui.tr("col.last_date"),
            "action_types": ui.tr("col.action_type"),
            "verdict": ui.tr("col.verdict"),
            "rate_ratio": ui.tr("col.rate_ratio"),
            "interval": ui.tr("col.interval"),
            "n_before": ui.tr("col.n_before"),
            "n_after": ui.tr("col.n_after"),
            "c_before": ui.tr("col.c_before"),
            "c_after": ui.tr("col.c_after"),
            "excess": ui.tr("col.excess"),
            "actions": ui.tr("col.actions"),
            "doors_opened": ui.tr("col.doors_opened"),
            "new_per_100_doors": ui.tr("col.per_100_doors"),
        }
        ui.table(shown[list(operation_columns)], "operations", labels=operation_columns)
        st.caption(ui.tr("mobilisation.columns_help"))
        if private["effect_hidden"].any():
            st.caption(
                ui.tr(
                    "mobilisation.effect_hidden",
                    n=int(private["effect_hidden"].sum()),
                    min=privacy.min_count(),
                )
            )

st.header(ui.tr("mobilisation.need"))
reference = effort["reference_day"].dropna()
st.caption(
    ui.tr(
        "mobilisation.need_help",
        day=format_date(reference.iloc[0], lang) if len(reference) else "–",
    )
)
hidden = privacy.hidden_districts(ui.computed("district_reach"), threshold)  # cached
need = privacy.bound_district_figures(
    effort.assign(missing_participants=effort["missing_participants"].round(1)),
    hidden,
    {"missing_participants": (lambda v: format_number(v, lang, 1), lambda v: number(v, 1))},
    threshold,
)
# a district whose count is hidden has no dot (E less its missing participants would give the
# count back): a sentence names it with what its row reads
places = effort[effort["district_id"].notna()]
unplaced = places["district_id"].isin(hidden)
said = [
    f"{ui.verbatim(row['name'])} · {ui.tr('col.missing')} : {shown_missing} · "
    f"{ui.tr('col.actions_21d')} : {format_int(row['actions_21d'], lang)}"
    for (_, row), shown_missing in zip(
        places[unplaced].iterrows(), need.loc[places[unplaced].index, "missing_participants"]
    )
]
places = places[~unplaced]
if places["missing_participants"].notna().any():
    hover = need.loc[places.index]
    ui.chart(
        charts.effort_vs_need(
            places.assign(
                name=places["name"].map(ui.chart_text),
                hover=[
                    f"{ui.chart_text(row['name'])} · {ui.tr('col.missing')} : {shown_missing}"
                    for (_, row), shown_missing in zip(
                        places.iterrows(), hover["missing_participants"]
                    )
                ],
            ),
            lang,
        ),
        "effort-vs-need",
    )
if said:
    st.caption(
        ui.tr("mobilisation.need_unplaced", districts=(" ; " if lang == "fr" else "; ").join(said))
    )
need_columns = {
    "name": ui.tr("col.district"),
    "actions_21d": ui.tr("col.actions_21d"),
    "doors_knocked_21d": ui.tr("col.doors_knocked_21d"),
    "doors_opened_21d": ui.tr("col.doors_opened_21d"),
    "last_action_date": ui.tr("col.last_action"),
    "missing_participants": ui.tr("col.missing"),
    "status": ui.tr("col.status"),
}
need = need.assign(
    name=need["name"].fillna(ui.tr("mobilisation.unknown_place")),
    status=need["status"].map(
        lambda s: "–" if pd.isna(s) else charts.status_label(s, lang, ui.denominator())
    ),
)
ui.table(need[list(need_columns)], "effort-and-need", labels=need_columns)

st.header(ui.tr("mobilisation.meetings"))
st.caption(ui.tr("mobilisation.meetings_help"))
meetings = ui.metric("meetings_ranked")
if meetings is not None and not meetings.empty:
    meeting_columns = {
        "title": ui.tr("col.meeting"),
        "date": ui.tr("col.date"),
        "district_name": ui.tr("col.district"),
        "headcount": ui.tr("col.headcount"),
        "identified": ui.tr("col.identified"),
        "first_timers": ui.tr("col.first_timers"),
        "beyond_first_circle": ui.tr("col.beyond_first_circle"),
        "proposals": ui.tr("col.proposals"),
    }
    ui.table(
        meetings[list(meeting_columns)],
        "meetings-ranked",
        labels=meeting_columns,
    )  # its person counts come hidden as the small-count rule says (metrics.run)
