"""Bilan: a preview of the evaluation report (its sections and the benchmarks it compares
with) and buttons to produce it, HTML and PDF, under the current filters and language."""

import pandas as pd
import streamlit as st

from dashboard import report, ui
from dashboard.errors import CerclesError
from dashboard.metrics import Filters
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

if st.button(ui.tr("report.build"), type="primary", key="build_report"):
    con = ui.cursor()
    filters = Filters.from_strings(**ui.current_filters())
    with st.spinner(ui.tr("report.building")):
        outputs = {"html": report.build_report_html(con, filters, lang).encode("utf-8")}
        try:
            outputs["pdf"] = report.build_report_pdf(con, filters, lang)
        except CerclesError as exc:  # no chromium to print with: the HTML is still there
            st.warning(ui.verbatim(exc.text(lang)))
    for kind, data in outputs.items():
        st.download_button(
            ui.tr(f"report.download_{kind}"),
            data,
            file_name=f"bilan-cercles.{kind}",
            key=f"report-{kind}",
            on_click="ignore",
        )
