"""Données: what was imported (summaries, warnings), what each metric rests on, and an
upload that imports a file from the browser through the single writer."""

import json

import streamlit as st

from dashboard import privacy, ui
from dashboard.i18n import LABELS, coverage_items, sources_text
from dashboard.import_messages import warnings_text

st.title(ui.tr("data.title"))

st.header(ui.tr("data.upload"))
ui.upload_form()

st.header(ui.tr("data.imports"))
imports = ui.plain_query("imports_overview")
if imports.empty:
    st.info(ui.tr("data.no_imports"))
else:
    warned = imports[imports["warnings"].map(lambda w: bool(json.loads(w or "[]")))]
    for row in warned.itertuples():
        text = f"{row.file_name} : {warnings_text(row.warnings, ui.lang())}"
        st.warning(ui.verbatim(text), icon=":material/warning:")
    ui.table(ui.imports_for_display(imports), "imports")

st.header(ui.tr("data.coverage"))
coverage = ui.metric("coverage")
if coverage is None:
    ui.missing_query("coverage")
elif not coverage.empty:
    shown = coverage.assign(
        # the query names its items in English; the page says them in the user's language
        items_are=[
            coverage_items(m, text, ui.lang(), ui.denominator())
            for m, text in zip(coverage["metric"], coverage["items_are"])
        ],
        metric=coverage["metric"].map(lambda m: ui.tr(f"kpi.{m}") if f"kpi.{m}" in LABELS else m),
        # a count of persons, blank where the metric counts items: not '262,0'
        persons=coverage["persons"]
        if coverage["persons"].map(privacy.is_hidden).any()
        else coverage["persons"].astype("Int64"),
        # one line per platform and host instead of raw keys like 'sheet||reunions:r1'
        sources=coverage["sources"].map(sources_text),
    )
    # what is counted before the long list of source keys, which would push it off screen
    labels = {
        "metric": ui.tr("col.metric"),
        "persons": ui.tr("col.persons"),
        "items": ui.tr("col.items"),
        "items_are": ui.tr("col.items_are"),
        "unmeasured_items": ui.tr("col.unmeasured"),
        "sources": ui.tr("col.sources"),
    }
    ui.table(shown[[c for c in labels if c in shown]], "coverage", labels=labels)
