"""Vue d'ensemble: the director's five minutes. "Cette semaine" first (the week's
participants against the week before, objectives, alerts, three districts to go to, the
week's best meeting or operation: the same as `cercles digest`), then the headline numbers
with their week-over-week change, objective and one-line explanation, and short trends."""

import streamlit as st

from dashboard import charts, objectives, ui, weekly
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

headline = ui.computed("overview_headline")  # the numbers of its cards only
change = ui.computed("week_over_week")["change"]
week = ui.computed("weekly.week_summary")


def explained(key):
    return explanation(key, lang, week["denominator"])


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


st.header(ui.tr("week.title"))
st.caption(
    ui.tr(
        "week.period",
        start=format_date(week["week_start"], lang),
        end=format_date(week["week_end"], lang),
    )
    + " — "
    + ui.tr("week.scope", day=format_date(week["reference_day"], lang))
)
this_week, previous_week = week["this_week"], week["previous_week"]
WEEK_CARDS = [
    ("active", "week.active", count, False),
    ("new_participants", "week.new", count, False),
    ("beyond_first_circle_share", "week.beyond", lambda v: format_percent(v, lang), True),
]
for column, (key, label, shown, share) in zip(st.columns(3), WEEK_CARDS):
    delta = weekly.change_text(this_week[key], previous_week[key], lang, share)
    ui.kpi_card(
        column,
        ui.tr(label),
        shown(this_week[key]),
        None if delta == "–" else delta.replace("−", "-"),
        ui.tr(f"{label}_help") + " " + ui.tr("week.before", value=shown(previous_week[key])),
    )

left, middle, right = st.columns(3)
with left:
    st.markdown("**" + ui.tr("week.objectives") + "**")
    if week["objectives"].empty:
        st.caption(ui.tr("week.no_objective"))
    for row in week["objectives"].to_dict("records"):
        st.caption(
            "**"
            + objectives.indicator_name(row["indicator"], lang, ui.verbatim, week["denominator"])
            + "** — "
            + objectives.objective_text(row, lang)
        )
with middle:
    st.markdown("**" + ui.tr("week.districts") + "**")
    if not week["districts"]:
        st.caption(ui.tr("week.no_district"))
    for rank, visit in enumerate(week["districts"], start=1):
        st.caption(
            f"{rank}\\. **{ui.verbatim(visit['name'])}** — " + weekly.district_reason(visit, lang)
        )
with right:
    st.markdown("**" + ui.tr("week.best") + "**")
    st.caption(weekly.best_text(week["best"], lang, ui.verbatim) or ui.tr("week.no_best"))

st.markdown("**" + ui.tr("overview.alerts") + "**")
for alert in week["alerts"]:
    st.warning(
        weekly.alert_text(alert, lang, ui.verbatim, week["denominator"]),
        icon=":material/warning:",
    )
if not week["alerts"]:
    st.success(ui.tr("overview.no_alert"))

st.divider()

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
goals = ui.objective_lines(week["objectives"])
for row in (cards[:4], cards[4:]):
    columns = st.columns(4)
    for column, (key, value, delta, colour) in zip(columns, row):
        ui.kpi_card(column, ui.tr(f"kpi.{key}"), value, delta, explained(key), colour)
        ui.objective_caption(column, goals, key)
st.caption(ui.tr("kpi.delta_week"))
ui.hidden_counts_note()

new_people, weeks = weekly.recent_weeks(
    ui.metric("new_participants_by_week"), ui.metric("proposals_by_week")
)

st.header(ui.tr("overview.trends"))
st.caption(ui.tr("overview.trends_span", weeks=weekly.TREND_WEEKS))
left, right = st.columns(2)
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
