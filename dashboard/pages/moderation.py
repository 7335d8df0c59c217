"""Modération: how much participant content is hidden, against the 0.01 % benchmark, and
"not measurable" (never 0 %) when the exports cannot tell."""

import streamlit as st

from dashboard import charts, ui
from dashboard.i18n import format_days, format_int, format_small_percent
from dashboard.metrics import EXPLANATIONS, MODERATION_BENCHMARK

lang = ui.lang()
st.title(ui.tr("moderation.title"))

overall = ui.metric("moderation_rate").iloc[0]
measurable = bool(overall["measurable"]) and overall["moderation_rate"] is not None
columns = st.columns(3)
columns[0].metric(
    ui.tr("kpi.moderation_rate"),
    format_small_percent(overall["moderation_rate"], lang) if measurable
    else ui.tr("not_measurable"),
    border=True,
)
columns[1].metric(ui.tr("report.benchmarks"), format_small_percent(MODERATION_BENCHMARK, lang),
                  border=True)
st.caption(EXPLANATIONS["moderation_rate"][lang])
if not measurable:
    st.info(ui.tr("not_measurable.long"))
if "median_hours_to_hide" in overall and overall["median_hours_to_hide"] is not None:
    st.caption(ui.tr("moderation.time_to_hide",
                     x=format_days(overall["median_hours_to_hide"] / 24, lang)))

weeks = ui.metric("moderation_by_week")
if weeks is not None and not weeks.empty:
    totals = weeks.groupby("week", as_index=False)[["published", "moderated"]].sum()
    totals["rate"] = totals["moderated"] / (totals["published"] + totals["moderated"])
    figure = charts.lines(totals, "week", "rate", lang, title=ui.tr("moderation.per_week"),
                          x_label=ui.tr("col.week"), y_label=ui.tr("col.rate_pct"),
                          percent=True)
    figure.add_hline(y=MODERATION_BENCHMARK, line_dash="dash", line_color="#c0392b",
                     annotation_text=ui.tr("moderation.benchmark"))
    ui.chart(figure, "moderation-per-week")
    by_kind = weeks.groupby(["kind", "channel"], as_index=False)[["published", "moderated"]].sum()
    by_kind = by_kind.assign(
        kind=by_kind["kind"].map(lambda k: ui.tr(f"kind.{k}")),
        channel=by_kind["channel"].map(lambda c: ui.tr(f"channel.{c}")),
    )
    st.subheader(ui.tr("moderation.by_kind"))
    ui.chart(charts.bars(by_kind, "kind", "moderated", lang, color="channel",
                         x_label=ui.tr("col.kind"), y_label=ui.tr("col.count")),
             "moderation-by-kind")
    ui.table(by_kind, "moderation-by-kind",
             labels={"kind": ui.tr("col.kind"), "channel": ui.tr("col.channel"),
                     "published": "publiés" if lang == "fr" else "published",
                     "moderated": "masqués" if lang == "fr" else "hidden"})
