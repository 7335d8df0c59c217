"""Bilan: a preview of the evaluation report (its sections and the benchmarks it compares
with) and, once dashboard.report provides build_report, buttons to produce it."""

import pandas as pd
import streamlit as st

from dashboard import ui
from dashboard.report import benchmark_rows
from dashboard.report_text import rt

lang = ui.lang()
st.title(ui.tr("report.title"))
st.write(ui.tr("report.intro"))
for number, section in enumerate(ui.tr("report.sections").split("|"), start=1):
    st.markdown(f"{number}. {section}")

st.header(ui.tr("report.benchmarks"))
st.caption(rt("benchmarks.intro", lang))
# the report's own table: same references, same readings
rows = benchmark_rows(
    ui.headline(),
    ui.metric("meeting_sizes").iloc[0],
    ui.metric("synthesis_time").iloc[0],
    lang,
    ui.min_count(),
)
ui.table(
    pd.DataFrame(
        [
            (rt(f"bench.{key}".replace("moderation_rate", "moderation"), lang), text, ref, verdict)
            for key, _, text, ref, verdict in rows
        ],
        columns=[rt(f"col.{c}", lang) for c in ("metric", "this_campaign", "reference", "reading")],
    ),
    "benchmarks",
)

builder = ui.report_builder()
if builder is None:
    st.info(ui.tr("report.unavailable"))
elif st.button(ui.tr("report.build"), type="primary", key="build_report"):
    with st.spinner(ui.tr("report.building")):
        outputs = ui.build_report_files(builder)
    for kind, data in outputs.items():
        st.download_button(
            ui.tr(f"report.download_{kind}"),
            data,
            file_name=f"bilan-cercles.{kind}",
            key=f"report-{kind}",
            on_click="ignore",
        )
