"""The week in five lines: what the overview's "Cette semaine" and `cercles digest` say.

The week is the last complete Monday-Sunday week on or before the reference day (the end
date filter, else the last activity), as for the KPI cards' weekly change. Both routes call
`week_summary` and write its sentences with `alert_text` / `district_reason` /
`best_text`, so the dashboard and the e-mail can never disagree.

Participants of the week are campaign-wide (only the dates filter them); alerts and the
districts to go to follow the filters given (the digest gives only the reference day).
"""

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd

from dashboard import charts, metrics, mobilisation, objectives, privacy
from dashboard.i18n import (
    RESIDENTS,
    format_date,
    format_int,
    format_number,
    format_small_percent,
    t,
)
from dashboard.metrics import Filters

DISTRICTS_TO_VISIT = 3
# The overview's trends: the last year of weeks (the Cercles and Propositions pages draw them all)
TREND_WEEKS = 52


def recent_weeks(*frames: pd.DataFrame, weeks: int = TREND_WEEKS) -> list:
    """Each frame's rows in the same last `weeks` weeks (column `week`), the last being the
    latest week of any of them, every row of each week: trends side by side share their time
    axis, and read at a glance where years of weeks would draw bars a pixel wide."""
    shown = [f for f in frames if f is not None and not f.empty]
    if not shown:
        return list(frames)
    last = max(pd.to_datetime(f["week"]).max() for f in shown)
    first = last - pd.Timedelta(weeks=weeks)
    return [
        f if f is None or f.empty else f[pd.to_datetime(f["week"]) > first] for f in frames
    ]


def week_summary(con, filters: Filters = objectives.EVERYTHING) -> dict:
    """Everything "Cette semaine" shows, as data (no sentence, no formatting):

    reference_day, week_start, week_end; `campaign` (the label of the campaign chosen, or
    None); `denominator` (what the districts' population
    counts, metrics.population_kind); `this_week` and `previous_week` from
    week_participants.sql (active, new_participants, active_beyond_first_circle,
    beyond_first_circle_share); `objectives` (objectives.evaluate as shown, as of the
    reference day); `alerts` (list of dicts); `districts` (the three districts to go to, each
    with its reasons); `best` (mobilisation.week_best: meeting and operation, person counts
    under the small-count rule).
    """
    reference = objectives.reference_day(con, filters)
    week_end = objectives.last_sunday(reference)
    week_start = week_end - timedelta(days=6)
    as_of = replace(filters, until=reference)

    def districts(cursor):
        # district reach is the slowest query: computed once, for alerts and districts alike,
        # and so are the first districts of its target list
        reach = metrics.district_reach(cursor, as_of)
        effort = mobilisation.effort_beside_need(
            metrics.run_unprotected(cursor, "field_effort", as_of), reach
        )
        targets = first_targets(reach)
        return (
            alerts(cursor, as_of, reach, effort, targets),
            districts_to_visit(reach, effort, targets),
        )

    # five independent reads, side by side: the block costs its slowest part, not their sum
    this_week, previous_week, standings, (found_alerts, to_visit), best = metrics.side_by_side(
        con,
        [
            lambda cursor: week_participants(cursor, week_start, week_end, filters.campaign),
            lambda cursor: week_participants(
                cursor,
                week_start - timedelta(days=7),
                week_start - timedelta(days=1),
                filters.campaign,
            ),
            lambda cursor: objectives.standings(cursor, as_of),
            districts,
            lambda cursor: best_of_week(cursor, week_end),
        ],
    )
    found = metrics.find_campaign(con, filters.campaign) if filters.campaign else None
    return {
        "reference_day": reference,
        "campaign": found["label"] if found else None,
        "denominator": metrics.population_kind(con),
        "week_start": week_start,
        "week_end": week_end,
        "this_week": this_week,
        "previous_week": previous_week,
        "objectives": standings,
        "alerts": found_alerts,
        "districts": to_visit,
        "best": best,
    }


def week_participants(con, since: date, until: date, campaign: str | None = None) -> dict:
    """week_participants.sql for [since, until] (within `campaign`, when one is chosen) as a
    dict of plain numbers."""
    filters = Filters(since=since, until=until, campaign=campaign)
    row = metrics.run(con, "week_participants", filters).iloc[0]
    return {
        key: (None if pd.isna(value) else value.item() if hasattr(value, "item") else value)
        for key, value in row.items()
    }


def alerts(
    con,
    filters: Filters,
    reach: pd.DataFrame,
    effort: pd.DataFrame,
    targets: list[dict] | None = None,
) -> list[dict]:
    """What needs attention: the open backlog grew over the last week, significantly
    under-reached districts (three, alarm then alert, most missing first, in whole persons or
    the bound their count allows), a moderation rate significantly above the benchmark (its
    exact 95 % lower limit above 0.01 %), under-reached districts without field action for 21
    days. `reach` and `effort` are district_reach and mobilisation.effort_beside_need under
    the same filters; `targets` first_targets(reach), when already computed."""
    found = []
    weeks = metrics.run(con, "proposals_by_week", filters).sort_values("week")
    if len(weeks) >= 2:
        before, after = weeks["open_backlog"].tail(2)
        if after > before:
            found.append({"kind": "backlog", "before": int(before), "after": int(after)})
    for target in first_targets(reach) if targets is None else targets:
        found.append({"kind": "district", **target})
    moderation = metrics.run(con, "moderation_rate", filters).iloc[0]
    significance = metrics.moderation_significance(moderation)
    if significance["moderation_above_benchmark"]:
        found.append(
            {
                "kind": "moderation",
                "rate": float(moderation["moderation_rate"]),
                "hidden": significance["moderation_hidden_items"],
                "items": significance["moderation_items"],
                "lower": significance["moderation_lower_bound"],
            }
        )
    names = _district_names(reach)
    for row in mobilisation.left_without_action(effort).itertuples():
        name = names.get(row.district_id)
        found.append(
            {
                "kind": "no_action",
                "district_id": row.district_id,
                "name": str(row.district_id) if name is None else name,
                "last_action": None if pd.isna(row.last_action_date) else row.last_action_date,
            }
        )
    return found


def _district(target: dict, hidden: dict) -> dict:
    """A target-list row as the week says it: what charts.target_reason reads, and whether
    its count is hidden ('small' or 'complementary', see privacy.hidden_districts)."""
    last = target.get("last_meeting_at")
    return {
        "district_id": target["district_id"],
        "name": target["name"],
        "status": target["status"],
        "missing_participants": float(target["missing_participants"]),
        "expected": _float(target.get("expected")),
        "population": _float(target.get("population")),
        "hidden_as": hidden.get(target["district_id"]),
        "last_meeting_at": None if last is None or pd.isna(last) else pd.Timestamp(last).date(),
    }


def _float(value):
    return None if value is None or pd.isna(value) else float(value)


def _district_names(reach: pd.DataFrame) -> dict:
    """district id -> its name as text, for the districts of `reach` that have one."""
    return {
        district_id: str(name)
        for district_id, name in zip(reach["district_id"], reach["name"])
        if pd.notna(name)
    }


def first_targets(reach: pd.DataFrame) -> list[dict]:
    """The first three districts of the target list (significantly under-reached, alarm then
    alert, most missing participants first, as "Où aller ensuite" ranks them) as the week says
    them (`_district`)."""
    hidden = privacy.hidden_districts(reach)
    targets = metrics.target_list(reach).head(DISTRICTS_TO_VISIT)
    return [_district(target, hidden) for target in targets.to_dict("records")]


def districts_to_visit(
    reach: pd.DataFrame, effort: pd.DataFrame, targets: list[dict] | None = None
) -> list[dict]:
    """The first three districts of the target list (first_targets, `targets` when already
    computed) with what their reason says: funnel limit, missing participants (a bound when
    the count is small), last meeting held there, and field actions of the last 21 days."""
    actions_21d = dict(zip(effort["district_id"], effort["actions_21d"]))
    visits = []
    for target in first_targets(reach) if targets is None else targets:
        actions = actions_21d.get(target["district_id"])
        visits.append(
            {
                **target,
                "actions_21d": None if actions is None or pd.isna(actions) else int(actions),
            }
        )
    return visits


def best_of_week(con, week_end: date) -> dict:
    """The week's best meeting (most first-timers) and best operation (largest excess among
    those found to raise new participants), person counts as they may be shown."""
    best = mobilisation.week_best(con, week_end)
    if best["meeting"] is not None:
        shown = mobilisation.shown_meetings(pd.DataFrame([best["meeting"]]))
        best["meeting"] = shown.iloc[0].to_dict()
    if best["operation"] is not None:
        shown = mobilisation.shown_operations(pd.DataFrame([best["operation"]]))
        best["operation"] = shown.iloc[0].to_dict()
    return best


# --- sentences, shared by the overview page and the digest -----------------------------------


def missing_text(item: dict, lang: str) -> str:
    """Missing participants of a district as it may be read: whole persons, or the bound
    ('> 19') that stays true when its count is hidden, or '–' when none may be said."""
    bound = privacy.count_bound("missing_participants", item["expected"], item["population"])
    return privacy.bound_text(
        item["hidden_as"],
        "missing_participants",
        privacy.whole_bound("missing_participants", bound),
        format_int(item["missing_participants"], lang),
        lambda v: format_int(v, lang),
    )


def alert_text(alert: dict, lang: str, literal=str, denominator: str = RESIDENTS) -> str:
    """One alert in one line; `literal` writes the names from the data (ui.verbatim on a page
    that reads Markdown; the digest's template escapes them itself); `denominator` the
    summary's, so a district falls behind for its residents or its registered voters."""
    kind = alert["kind"]
    if kind == "backlog":
        return t(
            "alert.backlog",
            lang,
            before=format_int(alert["before"], lang),
            after=format_int(alert["after"], lang),
        )
    if kind == "district":
        return t(
            "alert.district",
            lang,
            denominator,
            name=literal(alert["name"]),
            missing=missing_text(alert, lang),
        )
    if kind == "moderation":
        return t(
            "alert.moderation",
            lang,
            rate=format_small_percent(alert["rate"], lang),
            hidden=format_int(alert["hidden"], lang),
            items=format_int(alert["items"], lang),
            lower=format_small_percent(alert["lower"], lang),
        )
    last = alert["last_action"]
    return t(
        "alert.no_action",
        lang,
        name=literal(alert["name"]),
        last=t("alert.never", lang)
        if last is None
        else format_date(pd.Timestamp(last).date(), lang),
    )


def district_reason(visit: dict, lang: str) -> str:
    """Why go there, in one line: the reason "Où aller ensuite" gives (funnel limit, missing
    participants, last meeting), then the field actions of the last 21 days."""
    reason = charts.target_reason(visit, visit["hidden_as"], privacy.min_count(), lang)
    if visit["actions_21d"] == 0:
        effort = t("week.no_action", lang, days=mobilisation.EFFORT_DAYS)
    elif visit["actions_21d"]:
        effort = t(
            "week.actions",
            lang,
            n=format_int(visit["actions_21d"], lang),
            days=mobilisation.EFFORT_DAYS,
        )
    else:
        return reason
    return reason + ", " + effort


def best_text(best: dict, lang: str, literal=str) -> str | None:
    """The week's best meeting or operation in one line (the operation when there is one:
    it is the measured effect), None when the week had neither; `literal` as in alert_text."""
    operation, meeting = best.get("operation"), best.get("meeting")
    if operation is not None:
        return t(
            "week.best_operation",
            lang,
            district=literal(operation["district_id"]),
            first=format_date(_day(operation["first_date"]), lang),
            last=format_date(_day(operation["last_date"]), lang),
            excess=format_number(operation["excess"], lang, 1)
            if operation.get("excess") is not None
            else "–",
        )
    if meeting is not None:
        return t(
            "week.best_meeting",
            lang,
            title=literal(meeting["title"] or meeting["meeting_id"]),
            date=format_date(_day(meeting["date"]), lang),
            first_timers=format_int(meeting["first_timers"], lang),
            identified=format_int(meeting["identified"], lang),
        )
    return None


def _day(value):
    """A date from what week_best gives (ISO text)."""
    return None if value is None else pd.Timestamp(value).date()


def change_text(current, previous, lang: str, share: bool = False) -> str:
    """'+3' / '−2' / '±0' against the week before ('+4,0 pt' for a share)."""
    if current is None or previous is None:
        return "–"
    delta = current - previous
    if share:
        text = format_number(abs(delta) * 100, lang, 1) + ("\u00a0pt" if lang == "fr" else " pt")
    else:
        text = format_int(abs(delta), lang)
    return "±0" if delta == 0 else ("+" if delta > 0 else "−") + text
