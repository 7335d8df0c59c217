"""Propositions: what the synthesis team must answer. Throughput per week, open backlog,
time to answer, the path of states, and the transcription lag of paper proposals."""

import streamlit as st

from dashboard import charts, ui
from dashboard.i18n import format_days, format_int
from dashboard.metrics import EXPLANATIONS

lang = ui.lang()
st.title(ui.tr("proposals.title"))

headline = ui.headline()
answers = ui.metric("days_to_answer").iloc[0]
goals = ui.objective_lines(ui.computed("objectives.standings"))  # the cards' objectives
columns = st.columns(3)
# each number with its one-line explanation, as on the overview
for column, key, value in (
    (columns[0], "proposals", format_int(headline["proposals"], lang)),
    (columns[1], "median_days_to_answer", format_days(answers["median_days"], lang)),
):
    ui.kpi_card(column, ui.tr(f"kpi.{key}"), value, None, EXPLANATIONS[key][lang])
    ui.objective_caption(column, goals, key)
ui.kpi_card(
    columns[2],
    ui.tr("proposals.time_to_answer") + " (90 %)",
    format_days(answers["p90_days"], lang),
    None,
    ui.tr("proposals.p90", x=format_days(answers["p90_days"], lang)),
)

weeks = ui.metric("proposals_by_week")
if weeks is None or weeks.empty:
    ui.no_data()
else:
    names = {"submitted": ui.tr("proposals.submitted"), "answered": ui.tr("proposals.answered")}
    ui.chart(
        charts.bars(
            weeks,
            "week",
            ["submitted", "answered"],
            lang,
            title=ui.tr("proposals.throughput"),
            x_label=ui.tr("col.week"),
            y_label=ui.tr("col.proposals"),
            names=names,
        ),
        "throughput",
    )
    ui.chart(
        charts.lines(
            weeks,
            "week",
            "open_backlog",
            lang,
            title=ui.tr("proposals.backlog"),
            x_label=ui.tr("col.week"),
            y_label=ui.tr("col.proposals"),
        ),
        "backlog",
    )
    st.caption(ui.tr("proposals.backlog_help"))
    ui.table(
        weeks,
        "proposals-by-week",
        labels={"week": ui.tr("col.week"), **names, "open_backlog": ui.tr("proposals.backlog")},
    )

states = ui.metric("proposal_state_funnel")
if states is not None and states["proposals"].sum():
    st.header(ui.tr("proposals.funnel"))
    ui.chart(charts.proposal_states(states, lang), "proposal-states", describe=False)
    st.caption(charts.proposal_states_summary(states, lang))

lag = ui.metric("transcription_lag")
if lag is not None and not lag.empty and lag.iloc[0]["proposals"]:
    st.header(ui.tr("proposals.lag"))
    row = lag.iloc[0]
    columns = st.columns(3)
    columns[0].metric(ui.tr("col.proposals"), format_int(row["proposals"], lang))
    columns[1].metric(ui.tr("proposals.lag_median"), format_days(row["median_days"], lang))
    columns[2].metric(ui.tr("proposals.lag_p90"), format_days(row["p90_days"], lang))
