"""En ligne / en présentiel: where proposals are made, who takes part where, meetings,
and paper versus digital votes."""

import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.i18n import format_int, format_percent
from dashboard.metrics import EXPLANATIONS
from dashboard.report_text import rt

lang = ui.lang()
st.title(ui.tr("channels.title"))
channel_names = {c: ui.tr(f"channel.{c}") for c in ("online", "in_person", "both")}
colours = {channel_names[c]: colour for c, colour in charts.CHANNEL_COLOURS.items()}

headline = ui.headline()
columns = st.columns(3)
ui.kpi_card(
    columns[0],
    ui.tr("kpi.in_person_share"),
    format_percent(headline["in_person_share"], lang),
    None,
    EXPLANATIONS["in_person_share"][lang],
)
goals = ui.objective_lines(ui.computed("objectives.standings"))
ui.objective_caption(columns[0], goals, "in_person_share")
# the cards count proposals, and say so: '220' alone under 'En ligne' reads like people
for column, channel in zip(columns[1:], ("online", "in_person")):
    ui.kpi_card(
        column,
        ui.tr(f"channels.proposals_{channel}"),
        format_int(headline["proposals_by_channel"][channel], lang),
        None,
        EXPLANATIONS["proposals_by_channel"][lang],
    )

by_channel = ui.metric("proposals_by_channel")
if by_channel is not None and not by_channel.empty:
    shown = by_channel.assign(
        channel=by_channel["channel"].map(channel_names.get),
        origin=by_channel["origin"].map(lambda o: ui.tr(f"origin.{o}")),
    )
    ui.chart(
        charts.bars(
            shown,
            "origin",
            "proposals",
            lang,
            color="channel",
            barmode="stack",
            title=ui.tr("channels.by_channel"),
            x_label=ui.tr("col.origin"),
            y_label=ui.tr("col.proposals"),
            colours=colours,
        ),
        "by-channel",
    )

st.header(ui.tr("channels.people"))
mix = ui.metric("participants_by_channel_mix")
if mix is not None and not mix.empty:
    mix_names = {
        "online_only": ui.tr("channels.online_only"),
        "in_person_only": ui.tr("channels.in_person_only"),
        "both_channels": ui.tr("channel.both"),
    }
    long = mix[list(mix_names)].melt(var_name="mix", value_name="participants")
    ui.chart(
        charts.pie(
            long, "mix", "participants", lang, labels=mix_names, value_label=ui.tr("col.persons")
        ),
        "people-mix",
    )

st.header(ui.tr("channels.meetings"))
meetings = ui.metric("meetings_by_week")
if meetings is not None and not meetings.empty:
    ui.chart(
        charts.bars(
            meetings,
            "week",
            ["headcount", "proposals"],
            lang,
            x_label=ui.tr("col.week"),
            y_label=ui.tr("col.count"),
            names={"headcount": ui.tr("col.headcount"), "proposals": ui.tr("col.proposals")},
        ),
        "meetings-by-week",
    )
by_district = ui.metric("meetings_by_district")
if by_district is not None and not by_district.empty:
    shown = by_district.assign(
        name=by_district["name"].fillna(ui.tr("unknown")),
        proposals_per_meeting=by_district["proposals_per_meeting"].round(1),
    )
    ui.table(
        shown[["name", "meetings", "headcount", "proposals", "proposals_per_meeting"]],
        "meetings-by-district",
        labels={
            "name": ui.tr("col.district"),
            "meetings": ui.tr("col.meetings"),
            "headcount": ui.tr("col.headcount"),
            "proposals": ui.tr("col.proposals"),
            "proposals_per_meeting": ui.tr("col.per_meeting"),
        },
    )

st.header(ui.tr("channels.votes"))
votes = ui.metric("votes_by_channel")
if votes is None or votes.empty or not votes.iloc[0]["proposals_with_split"]:
    st.caption(ui.tr("channels.no_votes"))
elif pd.isna(votes.iloc[0]["paper_share"]):
    # no export counts paper votes (Decidim): a 100 % pie would read as a measured split
    st.caption(
        rt(
            "votes.digital_only",
            lang,
            digital=format_int(votes.iloc[0]["votes_digital"], lang),
            n=format_int(votes.iloc[0]["proposals_with_split"], lang),
        )
    )
else:
    long = votes[["votes_digital", "votes_paper"]].melt(var_name="votes", value_name="count")
    ui.chart(
        charts.pie(
            long,
            "votes",
            "count",
            lang,
            labels={"votes_digital": ui.tr("votes.digital"), "votes_paper": ui.tr("votes.paper")},
        ),
        "votes",
    )
