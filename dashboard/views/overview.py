"""Vue d'ensemble: the director's five minutes. Headline numbers with their week-over-week
change and a one-line explanation, short trends, and what needs attention."""

import pandas as pd
import streamlit as st

from dashboard import charts, mobilisation, privacy, ui
from dashboard.i18n import (
    format_date,
    format_days,
    format_int,
    format_number,
    format_percent,
    format_small_percent,
)
from dashboard.metrics import explanation

lang = ui.lang()
st.title(ui.tr("overview.title"))
st.caption(ui.tr("app.tagline"))

headline = ui.headline()
change = ui.computed("week_over_week")["change"]


def explained(key):
    return explanation(key, lang, ui.denominator())


def signed(value, text):
    """Delta text for st.metric: a sign Streamlit reads for the arrow, then the number."""
    if value is None:
        return None
    if value == 0:
        return "±0"
    return ("-" if value < 0 else "+") + text(abs(value))


def points(value, decimals=1):
    """A change of share in percentage points."""
    return format_number(value * 100, lang, decimals) + ("\u00a0pt" if lang == "fr" else " pt")


def small_points(value):
    """A change of a tiny share (moderation) in points, as precise as the rate it moves."""
    return points(value, 1 if value >= 0.01 else 3)


def count(value):
    return format_int(value, lang)


def moderation_text(rate):
    """'non mesurable' when the exports cannot reveal moderation, never 0 %."""
    if not headline["moderation_measurable"] or rate is None:
        return ui.tr("not_measurable")
    return format_small_percent(rate, lang)


# (headline key, how its value reads, how its weekly change reads, arrow colours)
CARDS = [
    ("participants", count, count, "normal"),
    ("beyond_first_circle_share", lambda v: format_percent(v, lang), points, "normal"),
    ("proposals", count, count, "normal"),
    ("in_person_share", lambda v: format_percent(v, lang), points, "normal"),
    ("moderation_rate", moderation_text, small_points, "inverse"),
    (
        "median_days_to_answer",
        lambda v: format_days(v, lang),
        lambda v: format_days(v, lang),
        "inverse",
    ),
    ("under_reached_districts", lambda v: count(len(v)), count, "inverse"),
]
cards = [
    (key, shown(headline[key]), signed(change[key], delta), colour)
    for key, shown, delta, colour in CARDS
]
for row in (cards[:4], cards[4:]):
    columns = st.columns(4)
    for column, (key, value, delta, colour) in zip(columns, row):
        ui.kpi_card(column, ui.tr(f"kpi.{key}"), value, delta, explained(key), colour)
st.caption(ui.tr("kpi.delta_week"))
ui.hidden_counts_note()

st.header(ui.tr("overview.alerts"))
alerts = []
weeks = ui.metric("proposals_by_week")
if weeks is not None and len(weeks) >= 2:
    before, after = weeks.sort_values("week")["open_backlog"].tail(2)
    if after > before:
        alerts.append(
            ui.tr("alert.backlog", before=format_int(before, lang), after=format_int(after, lang))
        )
targets = ui.computed("district_target_list")
# a district whose count is hidden says only a bound, as on the Quartiers page (E - missing = O)
hidden = privacy.hidden_districts(ui.computed("district_reach"), ui.min_count())
for target in targets[targets["under_reached"]].head(3).itertuples():
    missing_bound = privacy.count_bound(
        "missing_participants", target.expected, target.population, ui.min_count()
    )
    alerts.append(
        ui.tr(
            "alert.district",
            name=ui.verbatim(target.name),
            missing=privacy.bound_text(
                hidden.get(target.district_id),
                "missing_participants",
                privacy.whole_bound("missing_participants", missing_bound),
                format_int(target.missing_participants, lang),
                lambda v: format_int(v, lang),
            ),
        )
    )
# from the cached district reach above: the overview computes it once
left_alone = mobilisation.left_without_action(
    mobilisation.effort_beside_need(ui.metric("field_effort"), ui.computed("district_reach"))
)
for district in left_alone.itertuples():
    last = district.last_action_date
    alerts.append(
        ui.tr(
            "alert.no_action",
            name=ui.verbatim(district.name),
            last=ui.tr("alert.never") if pd.isna(last) else format_date(last, lang),
        )
    )
# only a rate significantly above the benchmark raises it, not a few hidden items by chance
if headline["moderation_above_benchmark"]:
    alerts.append(
        ui.tr(
            "alert.moderation",
            rate=moderation_text(headline["moderation_rate"]),
            hidden=count(headline["moderation_hidden_items"]),
            items=count(headline["moderation_items"]),
            lower=format_small_percent(headline["moderation_lower_bound"], lang),
        )
    )
for alert in alerts:
    st.warning(alert, icon=":material/warning:")
if not alerts:
    st.success(ui.tr("overview.no_alert"))

st.header(ui.tr("overview.trends"))
left, right = st.columns(2)
new_people = ui.metric("new_participants_by_week")
if new_people is not None and not new_people.empty:
    with left:
        ui.chart(
            charts.circles_per_week(
                new_people, "new_participants", lang, title=ui.tr("circles.new_per_week")
            ),
            "trend-participants",
        )
if weeks is not None and not weeks.empty:
    with right:
        ui.chart(
            charts.lines(
                weeks,
                "week",
                ["submitted", "answered", "open_backlog"],
                lang,
                title=ui.tr("proposals.throughput"),
                x_label=ui.tr("col.week"),
                y_label=ui.tr("col.proposals"),
                names={
                    "submitted": ui.tr("proposals.submitted"),
                    "answered": ui.tr("proposals.answered"),
                    "open_backlog": ui.tr("proposals.backlog"),
                },
            ),
            "trend-proposals",
        )
