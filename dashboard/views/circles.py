"""Cercles: who takes part, by circle, over time and by phase, and how circles were known."""

import streamlit as st

from dashboard import charts, ui
from dashboard.i18n import format_int

lang = ui.lang()
st.title(ui.tr("circles.title"))
st.caption(ui.tr("circles.intro"))

by_circle = ui.metric("reach_by_circle")
if by_circle is not None and not by_circle.empty:
    columns = st.columns(3)
    counts = dict(zip(by_circle["circle"].astype(int), by_circle["participants"]))
    for column, circle in zip(columns, (1, 2, 3)):
        with column:
            st.metric(
                ui.tr(f"circle.{circle}"), format_int(counts.get(circle, 0), lang), border=True
            )

ui.hidden_counts_note()

weeks = ui.metric("new_participants_by_week")
if weeks is None:
    ui.missing_query("new_participants_by_week")
elif weeks.empty:
    ui.no_data()
else:
    left, right = st.columns(2)
    with left:
        ui.chart(
            charts.circles_per_week(
                weeks, "new_participants", lang, title=ui.tr("circles.new_per_week")
            ),
            "new-per-week",
        )
    with right:
        ui.chart(
            charts.circles_per_week(
                weeks, "cumulative", lang, title=ui.tr("circles.cumulative"), cumulative=True
            ),
            "cumulative",
        )
    st.caption(ui.tr("circles.new_help"))

phases = ui.metric("circles_by_phase")
if phases is not None and not phases.empty:
    ui.chart(
        charts.circles_by_phase(
            phases.assign(phase_name=phases["phase_name"].map(ui.chart_text, na_action="ignore")),
            lang,
            title=ui.tr("circles.by_phase"),
            phase_column="phase_name",
        ),
        "by-phase",
    )

st.header(ui.tr("circles.sources"))
st.caption(ui.tr("circles.sources_help"))
sources = ui.metric("circle_sources")
if sources is None:
    ui.missing_query("circle_sources")
elif not sources.empty:
    shown = charts.with_circle_labels(sources, lang).assign(
        circle_source=sources["circle_source"].map(lambda s: ui.tr(f"circle_source.{s}"))
    )
    ui.chart(
        charts.bars(
            shown,
            "circle",
            "participants",
            lang,
            color="circle_source",
            barmode="stack",
            x_label=ui.tr("col.circle"),
            y_label=ui.tr("col.persons"),
            title=ui.tr("circles.sources"),
        ),
        "circle-sources",
    )
    ui.table(
        shown[["circle", "circle_source", "participants"]],
        "circle-sources",
        labels={
            "circle": ui.tr("col.circle"),
            "circle_source": ui.tr("col.source"),
            "participants": ui.tr("col.persons"),
        },
    )

attendance = ui.metric("attendance")
if attendance is not None and not attendance.empty:
    row = attendance.iloc[0]
    st.info(
        f"{ui.tr('circles.attendance')} : {format_int(row['headcount'], lang)} "
        f"({format_int(row['meetings'], lang)} {ui.tr('col.meetings').lower()})"
    )

st.header(ui.tr("relays.title"))
st.caption(ui.tr("relays.intro"))
relays = ui.metric("relays")
if relays is None:
    ui.missing_query("relays")
elif relays.empty:
    st.info(ui.tr("relays.none"))
else:
    # click a header to sort; counts only, never a person
    relay_columns = ["relay", "brought", "participated", "beyond_first_circle"]
    ui.table(
        relays[relay_columns],
        "relays",
        labels={
            "relay": ui.tr("col.relay"),
            **{column: ui.tr(f"relays.{column}") for column in relay_columns[1:]},
        },
        person_columns=relay_columns[1:],
    )
