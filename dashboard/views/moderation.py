"""Modération: how much participant content is hidden, against the 0.01 % benchmark, and
"not measurable" (never 0 %) when the exports cannot tell."""

import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.i18n import format_days, format_int, format_small_percent
from dashboard.metrics import (
    EXPLANATIONS,
    MODERATION_BENCHMARK,
    MODERATION_MIN_WEEKLY_ITEMS,
    drawable_weekly_rates,
    moderation_significance,
)

lang = ui.lang()
st.title(ui.tr("moderation.title"))

overall = ui.metric("moderation_rate").iloc[0]
measurable = bool(overall["measurable"]) and overall["moderation_rate"] is not None
columns = st.columns(3)
columns[0].metric(
    ui.tr("kpi.moderation_rate"),
    format_small_percent(overall["moderation_rate"], lang)
    if measurable
    else ui.tr("not_measurable"),
    border=True,
)
columns[1].metric(
    ui.tr("moderation.benchmark_card"),
    format_small_percent(MODERATION_BENCHMARK, lang),
    border=True,
)
st.caption(EXPLANATIONS["moderation_rate"][lang])
if not measurable:
    st.info(ui.tr("not_measurable.long"))
else:
    significance = moderation_significance(overall)
    st.caption(
        ui.tr(
            "moderation.significant"
            if significance["moderation_above_benchmark"]
            else "moderation.not_significant",
            hidden=format_int(significance["moderation_hidden_items"], lang),
            items=format_int(significance["moderation_items"], lang),
            lower=format_small_percent(significance["moderation_lower_bound"], lang),
        )
    )
if pd.notna(overall.get("median_hours_to_hide")):
    st.caption(
        ui.tr("moderation.time_to_hide", x=format_days(overall["median_hours_to_hide"] / 24, lang))
    )
elif measurable:
    st.caption(ui.tr("moderation.time_to_hide_unknown"))

weeks = ui.metric("moderation_by_week")
if weeks is not None and not weeks.empty:
    shown = weeks.assign(
        kind=weeks["kind"].map(lambda k: ui.tr(f"kind.{k}")),
        channel=weeks["channel"].map(lambda c: ui.tr(f"channel.{c}")),
    )
    # 'commentaire · en ligne': the channel reads as part of the label, not a new sentence
    shown["series"] = shown["kind"] + " · " + shown["channel"].str.lower()
    # every measured week keeps its place, so a week too small to draw leaves a gap
    rates = drawable_weekly_rates(shown[shown["measurable"]]).pivot(
        index="week", columns="series", values="moderation_rate"
    )
    drawn = sorted(rates.columns[rates.notna().any()])
    if drawn:
        figure = charts.lines(
            rates.reset_index(),
            "week",
            drawn,
            lang,
            title=ui.tr("moderation.per_week"),
            x_label=ui.tr("col.week"),
            y_label=ui.tr("col.rate_pct"),
            percent=True,
        )
        figure.add_hline(
            y=MODERATION_BENCHMARK,
            line_dash="dash",
            line_color="#c0392b",
            annotation_text=ui.tr("moderation.benchmark"),
        )
        ui.chart(figure, "moderation-per-week")
    st.caption(ui.tr("moderation.small_weeks", n=MODERATION_MIN_WEEKLY_ITEMS))
    st.header(ui.tr("moderation.by_kind"))
    ui.chart(
        charts.bars(
            shown,
            "week",
            "moderated",
            lang,
            color="series",
            barmode="stack",
            x_label=ui.tr("col.week"),
            y_label=ui.tr("moderation.hidden_items"),
            counts=True,
        ),
        "moderation-by-kind",
    )
    ui.table(
        shown[["week", "kind", "channel", "published", "moderated", "moderation_rate"]],
        "moderation-by-week",
        labels={
            "week": ui.tr("col.week"),
            "kind": ui.tr("col.kind"),
            "channel": ui.tr("col.channel"),
            "published": ui.tr("moderation.published"),
            "moderated": ui.tr("moderation.hidden_items"),
            "moderation_rate": ui.tr("col.rate_pct"),
        },
        percent_columns=[ui.tr("col.rate_pct")],
    )
