"""Comparer: the campaigns of the warehouse side by side, their weeks aligned on the vote, who
stays from one to the next and how the first circle renews; and a form to add or change a
campaign (written by the single writer, as an import is)."""

import pandas as pd
import streamlit as st

from dashboard import campaigns, charts, ui
from dashboard.errors import CerclesError
from dashboard.i18n import format_date, format_days, format_int, format_number, format_percent
from dashboard.metrics import explanation

lang = ui.lang()
st.title(ui.tr("compare.title"))
st.caption(ui.tr("compare.intro"))

listed = ui.plain_query("campaign_list")


def campaign_form() -> None:
    """The campaigns as they are, and a form to add one or change one by its label."""
    with st.expander(ui.tr("compare.form"), expanded=len(listed) < 2):
        st.caption(ui.tr("compare.form_help"))
        if not listed.empty:
            ui.table(
                listed.assign(
                    starts_on=listed["starts_on"].map(lambda d: format_date(d, lang)),
                    ends_on=listed["ends_on"].map(lambda d: format_date(d, lang)),
                    vote_on=listed["vote_on"].map(lambda d: format_date(d, lang)),
                    space_ids=listed["space_ids"].map(
                        lambda s: "" if pd.api.types.is_scalar(s) else ", ".join(s)  # NA: none
                    ),
                )[["label", "starts_on", "ends_on", "vote_on", "host", "space_ids"]],
                "campaigns",
                labels={
                    key: ui.tr(f"compare.field.{key}")
                    for key in ("label", "starts_on", "ends_on", "vote_on", "host", "space_ids")
                },
            )
        with st.form("campaign-form", border=True):
            label = st.text_input(ui.tr("compare.field.label"), key="campaign_label")
            starts_on, ends_on, vote_on = (
                column.date_input(
                    ui.tr(f"compare.field.{field}"),
                    value=None,
                    min_value=ui.EARLIEST_DAY,
                    format="DD/MM/YYYY",
                    key=key,
                )
                for column, field, key in zip(
                    st.columns(3),
                    ("starts_on", "ends_on", "vote_on"),
                    ("campaign_start", "campaign_end", "campaign_vote"),
                )
            )
            host, spaces = (
                st.text_input(
                    ui.tr(f"compare.field.{field}"),
                    help=ui.tr(f"compare.field.{field}_help"),
                    key=key,
                )
                for field, key in (("host", "campaign_host"), ("space_ids", "campaign_spaces"))
            )
            saved = st.form_submit_button(ui.tr("compare.save"), type="primary")
        if saved:
            try:
                campaigns.save_campaign(
                    ui.warehouse_file(), label, starts_on, ends_on, vote_on, host, spaces
                )
                outcome = ("ok", ui.tr("compare.saved"))
            except CerclesError as exc:
                outcome = ("error", ui.tr("compare.save_failed", error=exc.text(lang)))
            st.session_state["campaign_outcome"] = outcome
            ui.clear_caches()  # the campaign filter and this page read the new campaigns
            st.rerun()
        outcome = st.session_state.pop("campaign_outcome", None)
        if outcome:
            (st.success if outcome[0] == "ok" else st.error)(outcome[1])


if len(listed) < 2:
    st.info(ui.tr("compare.needs_two"))
    campaign_form()
    st.stop()
labels = dict(zip(listed["campaign_id"], listed["label"]))


def shown_value(key, value):
    if isinstance(value, str):  # a count hidden by the small-count rule
        return value
    if key in campaigns.SHARES:
        return format_percent(value, lang, 2 if key == "moderation_rate" else 1)
    if key == "median_days_to_answer":
        return format_days(value, lang)
    if key == "duncan_index":
        return format_number(value, lang, 2)
    return format_int(value, lang)


def row_explanation(key):
    if key.startswith("participants_"):
        return explanation("participants_by_circle", lang, ui.denominator())
    return explanation(key, lang, ui.denominator())


# side by side
st.header(ui.tr("compare.side_by_side"))
st.caption(ui.tr("compare.side_by_side_help"))
headlines = ui.computed("campaign_headlines")
side = {ui.tr("compare.col.number"): [], **{labels[c]: [] for c in headlines["campaign_id"]}}
side[ui.tr("compare.col.explanation")] = []
for key in campaigns.COMPARED:
    name = (
        ui.tr(f"circle.{key[-1]}")
        if key.startswith("participants_")
        else ui.tr(f"compare.number.{key}")
    )
    side[ui.tr("compare.col.number")].append(name)
    for row in headlines.itertuples():
        side[labels[row.campaign_id]].append(shown_value(key, getattr(row, key)))
    side[ui.tr("compare.col.explanation")].append(row_explanation(key))
ui.table(pd.DataFrame(side), "campaigns-side-by-side")

# weeks aligned on the vote (or on the first day)
st.header(ui.tr("compare.weeks"))
if any(value for key, value in ui.current_filters().items() if key != "campaign"):
    # the curves, retention and renewal are of whole campaigns: say so when a filter is set
    st.info(ui.tr("compare.whole_campaigns"))
weeks = ui.plain_query("campaign_weeks")
if weeks.empty:
    ui.no_data()
else:
    curves = weeks.assign(label=weeks["campaign_id"].map(labels).map(ui.chart_text)).pivot_table(
        index="week", columns="label", values="cumulative", aggfunc="sum"
    )
    aligned = set(weeks["aligned_to"])
    alignment = aligned.pop() if len(aligned) == 1 else "mixed"  # "vote", "start" or both
    week_label = ui.tr(f"compare.week_{alignment}")
    ui.chart(
        charts.lines(
            curves.reset_index(),
            "week",
            list(curves.columns),
            lang,
            title=ui.tr("compare.cumulative"),
            x_label=week_label,
            y_label=ui.tr("col.persons"),
        ),
        "campaign-weeks",
    )
    st.caption(ui.tr(f"compare.weeks_help_{alignment}"))

# who stays
st.header(ui.tr("compare.retention"))
st.caption(ui.tr("compare.retention_help"))
retention = ui.plain_query("campaign_retention")
for (source, target), rows in retention.groupby(["from_campaign", "to_campaign"], sort=False):
    came, stayed = int(rows["participants"].sum()), int(rows["also_in_to"].sum())
    st.markdown(
        ui.tr(
            "compare.retention_line",
            came=format_int(came, lang),
            source=ui.verbatim(labels[source]),
            stayed=format_int(stayed, lang),
            target=ui.verbatim(labels[target]),
            share=format_percent(stayed / came if came else None, lang),
        )
    )
ui.table(
    retention.assign(
        from_campaign=retention["from_campaign"].map(labels),
        to_campaign=retention["to_campaign"].map(labels),
        circle=retention["circle"].map(lambda c: ui.tr(f"circle.{int(c)}")),
    ),
    "campaign-retention",
    labels={
        "from_campaign": ui.tr("compare.col.from"),
        "to_campaign": ui.tr("compare.col.to"),
        "circle": ui.tr("col.circle"),
        "participants": ui.tr("col.participants"),
        "also_in_to": ui.tr("compare.col.also_in_to"),
        "retention": ui.tr("compare.col.retention"),
    },
    percent_columns=(ui.tr("compare.col.retention"),),
)

# renewal of the first circle
st.header(ui.tr("compare.renewal"))
renewal = ui.plain_query("first_circle_renewal")
for row in renewal.itertuples():
    left, right = st.columns(2)
    ui.kpi_card(
        left,
        ui.tr("compare.renewal_share", campaign=ui.verbatim(labels[row.campaign_id])),
        format_percent(row.renewal_share, lang),
        None,
        ui.tr(
            "compare.renewal_help",
            first_circle=format_int(row.first_circle, lang),
            renewed=format_int(row.renewed, lang),
            previous=ui.verbatim(labels[row.previous_campaign]),
        ),
    )
    ui.kpi_card(
        right,
        ui.tr("compare.from_previous", previous=ui.verbatim(labels[row.previous_campaign])),
        format_int(row.from_previous, lang),
        None,
        ui.tr("compare.from_previous_help"),
    )

# districts
st.header(ui.tr("compare.districts"))
st.caption(ui.tr("compare.districts_help"))
districts = ui.computed("campaign_districts")
if districts.empty:
    ui.no_data()
else:
    wide = districts.assign(campaign=districts["campaign_id"].map(labels)).pivot(
        index=["district_id", "name"], columns="campaign", values="participants"
    )
    ui.table(
        wide.reset_index()[["name", *[labels[c] for c in listed["campaign_id"]]]],
        "campaign-districts",
        labels={"name": ui.tr("col.district")},
    )

campaign_form()
