"""Bilan: a preview of the evaluation report (its sections and the benchmarks it compares
with) and, once dashboard.report provides build_report, buttons to produce it."""

import pandas as pd
import streamlit as st

from dashboard import ui
from dashboard.i18n import format_days, format_int, format_percent, format_small_percent
from dashboard.metrics import MODERATION_BENCHMARK

lang = ui.lang()
st.title(ui.tr("report.title"))
st.write(ui.tr("report.intro"))
for number, section in enumerate(ui.tr("report.sections").split("|"), start=1):
    st.markdown(f"{number}. {section}")

st.header(ui.tr("report.benchmarks"))
headline = ui.headline()
campaign = "Cette campagne" if lang == "fr" else "This campaign"
reference = "Référence" if lang == "fr" else "Reference"
comparison = [
    (ui.tr("kpi.participants"), format_int(headline["participants"], lang), format_int(202, lang)),
    (ui.tr("kpi.proposals"), format_int(headline["proposals"], lang), format_int(706, lang)),
    (
        ui.tr("kpi.in_person_share"),
        format_percent(headline["in_person_share"], lang),
        format_percent(2 / 3, lang, 0),
    ),
    (ui.tr("col.meetings"), format_int(headline["meetings"], lang), format_int(9, lang)),
    (
        ui.tr("kpi.median_days_to_answer"),
        format_days(headline["median_days_to_answer"], lang),
        "10–15 j" if lang == "fr" else "10–15 d",
    ),
    (
        ui.tr("kpi.moderation_rate"),
        format_small_percent(headline["moderation_rate"], lang)
        if headline["moderation_rate"] is not None
        else ui.tr("not_measurable"),
        "≤ " + format_small_percent(MODERATION_BENCHMARK, lang),
    ),
]

ui.table(pd.DataFrame(comparison, columns=[ui.tr("col.metric"), campaign, reference]), "benchmarks")

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
