"""Mobilisation: which meetings bring new people, what the field operations did, and whether
the team goes where the need is.

Counting is done by the query files (meetings_ranked, operations, field_effort,
actions_by_week); this module adds the rate ratio of each operation with its exact interval
and verdict, sets effort beside need, and picks a week's best meeting or operation. Functions
take a connection and filters and return data; nothing here draws.

The rate ratio of an operation (spec, "Operations and their effect"):
    RR = (n_A / n_B) / (c_A / c_B)
and its 95 % interval: the Clopper-Pearson interval [pL, pU] for n_A successes out of
n_A + n_B, turned into odds p / (1 - p) and divided by c_A / c_B. Conditional on
n_A + n_B, n_A is binomial with p = r / (1 + r), r the ratio of the district's rates, so the
odds interval is an interval for r; dividing by the controls' ratio gives one for RR. It is an
association, not a proof: anything else that changed in the district in the same weeks
moves it too.
"""

from datetime import date, timedelta

import numpy as np
import pandas as pd
from scipy.special import betaincinv

from dashboard.metrics import Filters, district_reach, run_unprotected
from dashboard.privacy import is_small_count, protect_frame, small_count_label

HAUSSE, BAISSE, NON_CONCLUANT, NON_CALCULABLE = (
    "hausse",
    "baisse",
    "non concluant",
    "non calculable",
)
VERDICTS = (HAUSSE, BAISSE, NON_CONCLUANT, NON_CALCULABLE)
CONFIDENCE = 0.95
EVERYTHING = Filters()  # no filter
EFFORT_DAYS = 21  # spec: an under-reached district with no action for 21 days is an alert
# Whether an operation (operations.sql: a district's actions, each within 14 days of the one
# before) runs on a day of [$week_start, $week_end]: an action that week, or two actions of
# one district on either side of it at most 14 days apart.
OPERATIONS_UNDER_WAY = """
with
actions as (
    select district_id, action_date
    from action_facts
    where district_id is not null and action_date is not null
)

select
    exists (
        select 1 from actions
        where action_date between cast($week_start as date) and cast($week_end as date)
    )
    or exists (
        select 1
        from actions as before_week
        inner join actions as after_week using (district_id)
        where before_week.action_date < cast($week_start as date)
            and after_week.action_date > cast($week_end as date)
            and date_diff('day', before_week.action_date, after_week.action_date) <= 14
    ) as under_way
"""

# What `cercles metrics --json` prints for each list (the spec's keys, in its order).
MEETING_KEYS = (
    "meeting_id",
    "title",
    "date",
    "district_id",
    "headcount",
    "identified",
    "first_timers",
    "beyond_first_circle",
    "proposals",
)
OPERATION_KEYS = (
    "district_id",
    "first_date",
    "last_date",
    "actions",
    "doors_knocked",
    "doors_opened",
    "n_before",
    "n_after",
    "c_before",
    "c_after",
    "rate_ratio",
    "ci_low",
    "ci_high",
    "verdict",
    "excess",
)
MEETING_PERSON_COUNTS = ("headcount", "identified", "first_timers", "beyond_first_circle")
OPERATION_DISTRICT_COUNTS = ("n_before", "n_after")
OPERATION_CONTROL_COUNTS = ("c_before", "c_after")
# figures from which the district's hidden counts would follow
OPERATION_LINKED = ("excess", "new_per_100_doors")
# The rate ratio gives n_A / n_B, its interval n_A + n_B: beside the controls' counts they give
# the district's counts back exactly (12.08 with 3.37-65.55 and controls 88 then 34: only 3
# before and 14 after fit), and beside the district's counts a control count. The excess
# n_A - n_B x c_A / c_B gives a control count back beside the other three.
OPERATION_RATIO = ("rate_ratio", "ci_low", "ci_high")


def clopper_pearson(successes: int, trials: int, confidence: float = CONFIDENCE):
    """Exact (Clopper-Pearson) interval for a binomial proportion: (low, high), the beta
    quantiles beta.ppf(q, a, b) taken as betaincinv(a, b, q) (see funnel)."""
    alpha = 1 - confidence
    low = betaincinv(successes, trials - successes + 1, alpha / 2) if successes > 0 else 0.0
    high = betaincinv(successes + 1, trials - successes, 1 - alpha / 2) if successes < trials else 1.0
    return float(low), float(high)


def operation_effect(n_before, n_after, c_before, c_after, confidence: float = CONFIDENCE) -> dict:
    """Rate ratio, its interval, verdict and excess new participants of one operation.

    None stands for what cannot be computed; an interval with no upper bound (n_before = 0)
    has ci_high = inf and rate_ratio = inf when n_after > 0.
    """
    n_before, n_after, c_before, c_after = (int(v) for v in (n_before, n_after, c_before, c_after))
    excess = n_after - n_before * c_after / c_before if c_before else None
    if c_after == 0 or c_before == 0 or n_after + n_before == 0:
        return {
            "rate_ratio": None,
            "ci_low": None,
            "ci_high": None,
            "verdict": NON_CALCULABLE,
            "excess": excess,
        }
    controls = c_after / c_before
    low, high = clopper_pearson(n_after, n_after + n_before, confidence)
    with np.errstate(divide="ignore"):
        ci_low = low / (1 - low) / controls
        ci_high = np.inf if high >= 1 else high / (1 - high) / controls
        rate_ratio = np.inf if n_before == 0 else (n_after / n_before) / controls
    verdict = HAUSSE if ci_low > 1 else BAISSE if ci_high < 1 else NON_CONCLUANT
    return {
        "rate_ratio": float(rate_ratio),
        "ci_low": float(ci_low),
        "ci_high": float(ci_high),
        "verdict": verdict,
        "excess": excess,
    }


def operations(con, filters: Filters = EVERYTHING) -> pd.DataFrame:
    """operations.sql, one row per operation, with rate_ratio, ci_low, ci_high, verdict,
    excess and new_per_100_doors (new participants of the after-window per 100 doors opened)."""
    frame = run_unprotected(con, "operations", filters)
    effects = [
        operation_effect(row.n_before, row.n_after, row.c_before, row.c_after)
        for row in frame.itertuples()
    ]
    effect_columns = ["rate_ratio", "ci_low", "ci_high", "verdict", "excess"]
    frame = pd.concat(
        [frame, pd.DataFrame(effects, index=frame.index, columns=effect_columns)], axis=1
    )
    doors = pd.to_numeric(frame["doors_opened"], errors="coerce")
    frame["new_per_100_doors"] = (frame["n_after"] * 100 / doors.where(doors > 0)).astype(float)
    return frame


def meetings_ranked(con, filters: Filters = EVERYTHING) -> pd.DataFrame:
    """Every meeting held, the most first-timers first (meetings_ranked.sql), its counts as
    computed: `shown_meetings` hides the small ones."""
    return run_unprotected(con, "meetings_ranked", filters)


def actions_by_week(con, filters: Filters = EVERYTHING) -> pd.DataFrame:
    """Field actions per week, type and district (null district: "lieu inconnu")."""
    return run_unprotected(con, "actions_by_week", filters)


def effort_and_need(con, filters: Filters = EVERYTHING) -> pd.DataFrame:
    """One row per district (plus "lieu inconnu"): actions and doors of the last 21 days
    beside missing participants and reach status (see `effort_beside_need`)."""
    return effort_beside_need(
        run_unprotected(con, "field_effort", filters), district_reach(con, filters)
    )


def effort_beside_need(effort: pd.DataFrame, reach: pd.DataFrame) -> pd.DataFrame:
    """field_effort rows with each district's participants, expected count, population,
    missing participants and status from district_reach; `needs_action` marks an
    under-reached district with no action in the 21 days (when the team logs actions at
    all). Pages pass their cached frames, so the overview computes district reach once."""
    from dashboard.funnel import UNDER_REACHED

    columns = [
        "district_id",
        "participants",
        "expected",
        "population",
        "missing_participants",
        "status",
    ]
    frame = effort.merge(reach[columns], on="district_id", how="left")
    frame["under_reached"] = frame["status"].isin(UNDER_REACHED)
    # a team that logs no field action at all gets no alert about it
    logs_actions = frame["actions_total"].sum() > 0
    frame["needs_action"] = frame["under_reached"] & (frame["actions_21d"] == 0) & logs_actions
    return frame


def districts_without_action(con, filters: Filters = EVERYTHING) -> pd.DataFrame:
    """Under-reached districts with no field action in the 21 days up to the reference day,
    most missing participants first (the overview's alert)."""
    return left_without_action(effort_and_need(con, filters))


def left_without_action(effort: pd.DataFrame) -> pd.DataFrame:
    """The rows of `effort_beside_need` that need action, most missing participants first."""
    return (
        effort[effort["needs_action"]]
        .sort_values(["missing_participants", "district_id"], ascending=[False, True])
        .reset_index(drop=True)
    )


def week_best(con, week_ending: date, filters: Filters = EVERYTHING) -> dict:
    """The week's best meeting and best operation (Monday to `week_ending`, a Sunday).

    meeting: the meeting held that week with the most first-timers (then identified
    attendees), as a dict of MEETING_KEYS, or None. operation: among operations active that
    week (first action to last action) whose verdict is "hausse", the largest excess, as a
    dict of OPERATION_KEYS, or None. Person counts are as computed (not suppressed): a
    caller that shows them applies the small-count rule (see `shown_meetings`).
    """
    week_start = week_ending - timedelta(days=6)
    week = Filters(**{**filters.as_params(), "since": week_start, "until": week_ending})
    meetings = meetings_ranked(con, week)
    best_meeting = None
    if len(meetings) and meetings.iloc[0]["first_timers"] > 0:
        best_meeting = _records(meetings.head(1), MEETING_KEYS)[0]
    best_operation = None
    if not operations_under_way(con, week_start, week_ending):
        return {"meeting": best_meeting, "operation": best_operation}
    active = operations(con, Filters(**{**filters.as_params(), "since": None, "until": None}))
    active = active[
        (pd.to_datetime(active["first_date"]).dt.date <= week_ending)
        & (pd.to_datetime(active["last_date"]).dt.date >= week_start)
        & (active["verdict"] == HAUSSE)
    ]
    if len(active):
        # by the excess as shown: one hidden (shown_operations) comes after those shown and
        # among its kind by date, or being chosen would say it is the largest
        shown_excess = shown_operations(active)["excess"]
        top = (
            active.assign(
                hidden=shown_excess.isna(),
                rank=pd.to_numeric(shown_excess, errors="coerce"),
            )
            .sort_values(["hidden", "rank", "first_date"], ascending=[True, False, True])
            .head(1)
        )
        best_operation = _records(top, OPERATION_KEYS)[0]
    return {"meeting": best_meeting, "operation": best_operation}


def operations_under_way(con, week_start: date, week_ending: date) -> bool:
    """Whether any operation (of any district) is under way on a day from `week_start` to
    `week_ending`: a check of a few action dates that spares week_best the operations query
    (all operations and their counts) in a week without any."""
    found = con.execute(
        OPERATIONS_UNDER_WAY, {"week_start": week_start, "week_end": week_ending}
    ).fetchone()
    return bool(found[0])


def shown_meetings(frame: pd.DataFrame) -> pd.DataFrame:
    """meetings_ranked as it may be shown: person counts of 1-10 read '< 11' (a meeting is
    a district slice), with the usual secondary suppression in each column."""
    return protect_frame("meetings_ranked", frame, district_view=True)


def shown_operations(frame: pd.DataFrame) -> pd.DataFrame:
    """operations as they may be shown: a district's new-participant counts of 1-10 read
    '< 11', both of them (the other would give it back through the rate ratio), and the
    controls' sums read '< 11' when small. Wherever a count is hidden, what gives it back is
    left out too (None): the rate ratio and its interval, the excess, and for the district's
    counts the yield per 100 doors. The verdict stays: it only says on which side of 1 the
    interval lies. `effect_hidden` marks the operations whose ratio is left out so."""
    shown = frame.copy().astype(
        {
            c: object
            for c in frame.columns
            if c in OPERATION_DISTRICT_COUNTS + OPERATION_CONTROL_COUNTS + OPERATION_LINKED
        }
    )
    label = small_count_label()
    # each count column's small cells, worked out once
    small = {
        column: shown[column].map(is_small_count).to_numpy(dtype=bool)
        for column in OPERATION_DISTRICT_COUNTS + OPERATION_CONTROL_COUNTS
        if column in shown
    }
    nothing = np.zeros(len(shown), dtype=bool)
    district_hidden = np.logical_or.reduce(
        [small.get(column, nothing) for column in OPERATION_DISTRICT_COUNTS]
    )
    hidden = np.logical_or.reduce([district_hidden, *small.values()])
    for column, rows in small.items():
        shown.loc[district_hidden if column in OPERATION_DISTRICT_COUNTS else rows, column] = label
    for column, rows in (("new_per_100_doors", district_hidden), ("excess", hidden)):
        if column in shown:
            shown.loc[rows, column] = None
    for column in OPERATION_RATIO:
        if column in shown:
            shown.loc[hidden, column] = np.nan
    shown["effect_hidden"] = hidden & frame.get("rate_ratio", pd.Series(index=frame.index)).notna()
    return shown


def mobilisation_json(con, filters: Filters = EVERYTHING) -> dict:
    """`meetings_ranked` and `operations` of `cercles metrics --json`, small counts read
    '< 11' and what cannot be computed (or is unbounded) null."""
    return {
        "meetings_ranked": _records(shown_meetings(meetings_ranked(con, filters)), MEETING_KEYS),
        "operations": _records(shown_operations(operations(con, filters)), OPERATION_KEYS),
    }


def _records(frame: pd.DataFrame, keys) -> list[dict]:
    return [
        {
            key: json_value(_count(row[key]) if key in MEETING_PERSON_COUNTS else row[key])
            for key in keys
        }
        for _, row in frame.iterrows()
    ]


def _count(value):
    """A meeting count back from the text shown_meetings writes ('28', '< 11', '')."""
    if isinstance(value, str):
        return int(value) if value.isdigit() else (value or None)
    return value


def json_value(value):
    """A JSON-friendly value: ISO dates, plain numbers, None for missing or infinite."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return None
    if isinstance(value, pd.Timestamp | date):
        return value.isoformat()[:10]
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value
