"""Run the metric queries of `queries/` with the dashboard's filters, and assemble headlines.

Every metric is one SQL file; this module only binds filters, runs files and puts a few
results together (funnel limits, headline numbers, week-over-week change). Nothing here
draws or writes.

How filters apply (the same in every query file):
- `since` / `until` (inclusive) and `phase` (turned into its dates) select events by their own
  date: a contribution by its creation, a proposal by its publication (answers by their answer date), a meeting by its
  start, a hidden item missing from the content files by its first report (else hiding) date.
- `platform` and `channel` select contributions, proposals and meetings by their own values
  (a meeting is `online` when its type is online, `in_person` otherwise).
- `circle` selects persons; content follows its author's circle, so content without a person
  author (official, meeting-created, hidden items whose author the export omits) drops out
  when a circle is chosen. Meeting headcounts have no circle and ignore this filter.
- `district` selects persons by their home district in person-based metrics (participants,
  circles, channel mix) and content by its own district in content-based ones (proposals,
  moderation, meetings). District comparisons (reach by district, Duncan index, unknown
  share) always compute over every district; district_reach only narrows the rows shown.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, partial

import pandas as pd

from dashboard import privacy, registry
from dashboard.errors import CerclesError
from dashboard.i18n import REGISTERED, RESIDENTS
from dashboard.reads import once
from dashboard.warehouse import read_sql

CHANNELS = ("online", "in_person")
CIRCLES = (1, 2, 3)
MODERATION_BENCHMARK = 0.0001  # 0.01 % on 800 projects of one platform vendor (2016)
# A weekly moderation rate is drawn only over at least this many items (published + hidden)
# of its content kind and channel: one hidden item then moves it by 2 points at most, where
# 1 hidden comment out of 10 would draw a 10 % spike that means nothing.
MODERATION_MIN_WEEKLY_ITEMS = 50

# What each query file measures and each number means: dashboard/registry.py
QUERIES = registry.query_grains()
EXPLANATIONS = registry.EXPLANATIONS
REGISTERED_EXPLANATIONS = registry.REGISTERED_EXPLANATIONS


def explanation(key: str, lang: str, denominator: str = RESIDENTS) -> str:
    """The one-line explanation of a number, worded for the districts' population."""
    texts = REGISTERED_EXPLANATIONS.get(key) if denominator == REGISTERED else None
    return (texts or EXPLANATIONS.get(key, {})).get(lang, "")


def population_kind(con) -> str:
    """'registered' when the districts count registered voters, else 'residents'."""
    return once(
        con, "population_kind", lambda: con.execute(read_sql("population_kind")).fetchone()[0]
    )


PARAMETER = re.compile(r"\$([a-z_]+)")
# The queries behind one headline, slowest first: they only read, so they run side by side
# on cursors of one connection (DuckDB releases the GIL while it works).
HEADLINE_QUERIES = (
    "district_reach",
    "unknown_district_share",
    "reach_by_circle",
    "duncan_index",
    "moderation_rate",
    "days_to_answer",
    "proposals_by_channel",
    "meeting_totals",
)
CONCURRENT_QUERIES = 4
# The queries whose every dated row is a contribution, a proposal made or answered or a
# meeting held: nothing of theirs falls after last_activity_day, so once a start date is
# chosen an end date on or after that day changes none of their numbers (open_ended).
ACTIVITY_QUERIES = frozenset(
    {
        "reach_by_circle",
        "district_reach",
        "district_rates",
        "unknown_district_share",
        "duncan_index",
        "new_participants_by_week",
        "attendance",
        "meeting_totals",
        "proposals_by_channel",
        "days_to_answer",
        "proposals_by_week",
    }
)
# The activity queries that never count an undated row (an answer needs its date, a first
# contribution its day, a week of proposals a date that falls in it): for them an end date on
# or after last_activity_day changes nothing even without a start date, so the headline's
# window and the one ending with the data ("Cette semaine", the weekly change) share one read.
DATED_ONLY_QUERIES = frozenset({"days_to_answer", "new_participants_by_week", "proposals_by_week"})
# What the overview's cards compare with the week before (the change in participants is the
# week's newcomers, new_participants_between)
WEEKLY_QUERIES = (
    "district_reach",
    "reach_by_circle",
    "moderation_rate",
    "proposals_by_channel",
    "days_to_answer",
)


@dataclass(frozen=True)
class Filters:
    """The global filters; None means "all". `until` is inclusive."""

    since: date | None = None
    until: date | None = None
    phase: str | None = None
    platform: str | None = None
    channel: str | None = None
    circle: int | None = None
    district: str | None = None
    campaign: str | None = None

    @classmethod
    def from_strings(cls, **values) -> "Filters":
        """Filters from text (CLI options, URL query parameters); blanks mean "all".

        Raises CerclesError naming the filter when a value cannot be read.
        """
        clean = {k: (str(v).strip() or None) if v is not None else None for k, v in values.items()}
        unknown = set(clean) - set(cls.__dataclass_fields__)
        if unknown:
            raise CerclesError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        for key in ("since", "until"):
            if clean.get(key):
                try:
                    clean[key] = date.fromisoformat(clean[key][:10])
                except ValueError:
                    raise CerclesError(
                        f"--{key}: '{clean[key]}' is not a date (expected YYYY-MM-DD)"
                    ) from None
        if clean.get("channel") and clean["channel"] not in CHANNELS:
            raise CerclesError(
                f"--channel: '{clean['channel']}' must be one of {', '.join(CHANNELS)}"
            )
        if clean.get("circle"):
            aliases = {"militant": 1, "sympathisant": 2, "public": 3}
            text = clean["circle"].lower()
            circle = aliases.get(text) or (int(text) if text.isdigit() else None)
            if circle not in CIRCLES:
                raise CerclesError(f"--circle: '{clean['circle']}' must be 1, 2 or 3")
            clean["circle"] = circle
        filters = cls(**clean)
        if filters.since and filters.until and filters.since > filters.until:
            raise CerclesError("--since is after --until: the period is empty")
        return filters

    def as_params(self) -> dict:
        """Every filter as a bound query parameter (name -> value, None for "all")."""
        # not dataclasses.asdict: it deep-copies each value, and every read asks for this
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@cache
def _query(name: str) -> tuple[str, frozenset]:
    if name not in QUERIES:
        raise CerclesError(f"no metric query named '{name}'")
    sql = read_sql(name)
    return sql, frozenset(PARAMETER.findall(sql))


def within_phase(con, filters: Filters) -> Filters:
    """The filters with the phase and the campaign turned into their dates (intersected with
    since/until), and the campaign named by its id.

    Queries select by date, so a phase filter and the same dates give the same numbers. A
    campaign also keeps only its own sources (queries/derive.sql, campaign_keys). An unknown
    phase or campaign selects nothing. Each is looked up once per connection that shares its
    reads.
    """
    if filters.campaign:
        found = find_campaign(con, filters.campaign) or {"campaign_id": filters.campaign}
        filters = _within(
            replace(filters, campaign=found["campaign_id"]),
            found.get("starts_on"),
            found.get("ends_on"),
        )
    if not filters.phase:
        return filters
    starts, ends = once(
        con,
        ("phase_dates", filters.phase),
        lambda: con.execute(
            "select min(starts_on), max(ends_on) from phases where phase_id = $phase"
            " or name = $phase",
            {"phase": filters.phase},
        ).fetchone(),
    )
    return _within(filters, starts, ends)


def find_campaign(con, campaign: str) -> dict | None:
    """campaign_id, label, starts_on and ends_on of the campaign named by its id or its label,
    or None when the campagnes sheet has no such campaign."""
    return once(con, ("find_campaign", campaign), lambda: _find_campaign(con, campaign))


def _find_campaign(con, campaign: str) -> dict | None:
    found = con.execute(
        "select campaign_id, label, starts_on, ends_on from campaigns"
        " where campaign_id = $campaign or label = $campaign order by campaign_id limit 1",
        {"campaign": campaign},
    ).fetchone()
    return dict(zip(("campaign_id", "label", "starts_on", "ends_on"), found)) if found else None


def _within(filters: Filters, starts: date | None, ends: date | None) -> Filters:
    """The filters' period intersected with [starts, ends]; nothing when starts is None."""
    if starts is None:
        return replace(filters, since=date.max, until=date.min)
    since = max(filters.since, starts) if filters.since else starts
    until = min(filters.until, ends) if filters.until and ends else (ends or filters.until)
    return replace(filters, since=since, until=until)


def run(con, name: str, filters: Filters = Filters()) -> pd.DataFrame:
    """Run queries/<name>.sql with the filters it mentions bound as $parameters, its person
    counts hidden as the small-count rule says for a district slice (privacy.protect_frame)."""
    frame = run_unprotected(con, name, filters)
    circles = set()
    if _by_district(filters) and name in privacy.BY_CIRCLE:
        circles = privacy.hidden_circles(run_unprotected(con, "reach_by_circle", filters))
    return privacy.protect_frame(name, frame, _by_district(filters), circles_hidden=circles)


def run_unprotected(con, name: str, filters: Filters = Filters()) -> pd.DataFrame:
    """run() with every count as computed: only for assembling figures that are then
    protected themselves (headlines), never to be shown as is."""
    sql, _ = _query(name)
    return run_sql(
        con,
        sql,
        filters,
        activity_only=name in ACTIVITY_QUERIES,
        dated_only=name in DATED_ONLY_QUERIES,
    )


def _by_district(filters: Filters) -> bool:
    return filters.district is not None


def run_sql(
    con,
    sql: str,
    filters: Filters = Filters(),
    activity_only: bool = False,
    dated_only: bool = False,
) -> pd.DataFrame:
    """Run any SQL text with the filters it mentions ($since, $circle, ...) bound, as run() does.
    A connection that shares its reads runs it once per text and values bound; `activity_only`
    (a query of ACTIVITY_QUERIES) lets open_ended bind an end date that changes nothing as
    none, so that the windows ending with the data share one read (`dated_only`: also
    without a start date, DATED_ONLY_QUERIES)."""
    params = parameters(within_phase(con, filters))
    if activity_only:
        params = open_ended(con, params, dated_only)
    bound = {key: params[key] for key in set(PARAMETER.findall(sql)) & params.keys()}
    return once(
        con,
        (sql, tuple(sorted(bound.items()))),
        lambda: _plain_numbers(con.execute(sql, bound).fetchdf()),
    )


def parameters(filters: Filters) -> dict:
    """What a query's $parameters are bound to: every filter, and the small-count threshold
    (what a query works out over every district takes the counts the rule hides together,
    district_reach.sql)."""
    return {**filters.as_params(), "min_count": privacy.min_count()}


def open_ended(con, params: dict, dated_only: bool = False) -> dict:
    """The bound filters with no end date when a start date is chosen and the end date is on
    or after last_activity_day: for a query whose dated rows are all activity
    (ACTIVITY_QUERIES) the window then holds the same rows. Without a start date the end
    date still counts when something happened on no known day (it leaves those out), except
    for a query that never counts such a row (`dated_only`, DATED_ONLY_QUERIES)."""
    if params["until"] is None:
        return params
    last, undated = activity_bounds(con)
    if params["since"] is None and undated and not dated_only:
        return params
    if last is None or params["until"] < last:
        return params
    return {**params, "until": None}


def _plain_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable integer columns as plain numpy ones (float with NaN when something is missing)."""
    for column, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) and (
            pd.api.types.is_integer_dtype(dtype)
        ):
            has_missing = frame[column].isna().any()
            frame[column] = frame[column].astype("float64" if has_missing else "int64")
    return frame


def district_reach(con, filters: Filters = Filters()) -> pd.DataFrame:
    """district_reach.sql plus exact Poisson funnel limits and each district's status."""
    from dashboard.funnel import add_funnel

    return add_funnel(run(con, "district_reach", filters))


def district_target_list(con, filters: Filters = Filters()) -> pd.DataFrame:
    """Where to go next: only the districts significantly under-reached (below the funnel's
    lower limit), those below the 99.8 % limit (alarm) first, then below 95 % (alert), each
    ranked by missing participants (most missing first). A district merely short of its
    expected count, inside the limits, is chance and no target (see in_line_shortfalls)."""
    return target_list(district_reach(con, filters))


def target_list(reach: pd.DataFrame) -> pd.DataFrame:
    """district_target_list from district_reach rows (with their funnel status). A district
    whose count is hidden ranks by the bound it shows (more than E less the threshold), not by
    its missing participants: its place between two others would narrow its count."""
    from dashboard.funnel import ALARM, UNDER_REACHED

    hidden = reach["district_id"].isin(privacy.hidden_districts(reach))
    shown_missing = reach["missing_participants"].where(
        ~hidden, (reach["expected"] - privacy.min_count()).clip(lower=0)
    )
    targets = reach.assign(
        under_reached=True,
        severity=(reach["status"] != ALARM).astype(int),
        shown_missing=shown_missing,
    )[reach["status"].isin(UNDER_REACHED)]
    return (
        targets.sort_values(
            ["severity", "shown_missing", "district_id"], ascending=[True, False, True]
        )
        .drop(columns=["severity", "shown_missing"])
        .reset_index(drop=True)
    )


def in_line_shortfalls(reach: pd.DataFrame) -> pd.DataFrame:
    """district_reach rows inside the funnel's limits that still miss at least one person
    (missing participants rounding to 1 or more), most missing first: said apart, not
    ranked as targets, since their gap is within chance."""
    from dashboard.funnel import IN_LINE

    short = reach[(reach["status"] == IN_LINE) & (reach["missing_participants"] >= 0.5)]
    return short.sort_values(
        ["missing_participants", "district_id"], ascending=[False, True]
    ).reset_index(drop=True)


def computation(name: str):
    """A function of this module, of dashboard.mobilisation or of dashboard.campaigns by name,
    or 'module.function' of dashboard (weekly.week_summary), called as function(con, filters):
    what the pages' cache and the benchmark call as "computed")."""
    import importlib

    from dashboard import campaigns, mobilisation

    module, _, function = name.rpartition(".")
    if module:
        found = getattr(importlib.import_module(f"dashboard.{module}"), function, None)
    else:
        found = (
            globals().get(name)
            or getattr(mobilisation, name, None)
            or getattr(campaigns, name, None)
        )
    if not callable(found):
        raise CerclesError(f"no computed metric named '{name}'")
    return found


def _number(value):
    """A plain JSON-friendly number (None for NULL or NaN)."""
    if value is None or pd.isna(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def _share(part, whole):
    return part / whole if whole else None


def side_by_side(con, works: list) -> list:
    """Each work(cursor) run on its own cursor of `con`, side by side; their results in the
    same order. For reads only: DuckDB releases the GIL while it works."""

    def one(work):
        cursor = con.cursor()
        try:
            return work(cursor)
        finally:
            cursor.close()

    if not works:
        return []
    with ThreadPoolExecutor(max_workers=min(CONCURRENT_QUERIES, len(works))) as pool:
        return list(pool.map(one, works))


def run_many(con, jobs: list[tuple[str, Filters]]) -> list[pd.DataFrame]:
    """run_unprotected() for each (query name, filters), side by side on cursors of `con`;
    same order. Only for headlines, which protect what they assemble."""
    return side_by_side(
        con, [partial(run_unprotected, name=name, filters=filters) for name, filters in jobs]
    )


def headline_metrics(con, filters: Filters = Filters()) -> dict:
    """The headline numbers of `cercles metrics --json` under the given filters."""
    return _headlines(con, [filters])[0]


def overview_headline(con, filters: Filters = Filters()) -> dict:
    """The headline numbers the overview's cards show (those of WEEKLY_QUERIES, as
    headline_metrics gives them): the overview reads neither the Duncan index, nor the
    unknown district share, nor the meetings, which it does not show."""
    return _headlines(con, [filters], WEEKLY_QUERIES)[0]


def _headlines(con, windows: list[Filters], queries=HEADLINE_QUERIES) -> list[dict]:
    """headline_metrics for each filters (the numbers `queries` give), all their queries run
    in one batch."""
    return [
        privacy.protect_headline(numbers, _by_district(filters))
        for filters, numbers in zip(windows, headline_numbers(con, windows, queries))
    ]


def _headline(results: dict[str, pd.DataFrame]) -> dict:
    """The headline numbers from the results of HEADLINE_QUERIES for one window (those of the
    queries given: headline_numbers asks for a few)."""
    from dashboard.funnel import UNDER_REACHED, add_funnel

    numbers = {}
    if "reach_by_circle" in results:
        counts = {str(c): 0 for c in CIRCLES}
        for row in results["reach_by_circle"].itertuples():
            counts[str(int(row.circle))] = int(row.participants)
        participants = sum(counts.values())
        numbers.update(
            participants=participants,
            participants_by_circle=counts,
            beyond_first_circle_share=_share(counts["2"] + counts["3"], participants),
        )
    if "proposals_by_channel" in results:
        by_channel = results["proposals_by_channel"]
        proposals_by_channel = {channel: 0 for channel in CHANNELS}
        for channel, total in by_channel.groupby("channel")["proposals"].sum().items():
            proposals_by_channel[channel] = int(total)
        proposals = sum(proposals_by_channel.values())
        numbers.update(
            proposals=proposals,
            proposals_by_channel=proposals_by_channel,
            in_person_share=_share(proposals_by_channel["in_person"], proposals),
        )
    if "moderation_rate" in results:
        moderation = results["moderation_rate"].iloc[0]
        numbers.update(
            moderation_rate=_number(moderation["moderation_rate"]),
            moderation_measurable=bool(moderation["measurable"]),
            moderation_benchmark=MODERATION_BENCHMARK,
            **moderation_significance(moderation),
        )
    if "days_to_answer" in results:
        answers = results["days_to_answer"].iloc[0]
        numbers.update(
            median_days_to_answer=_number(answers["median_days"]),
            p90_days_to_answer=_number(answers["p90_days"]),
        )
    if "duncan_index" in results:
        numbers["duncan_index"] = duncan_index(results["duncan_index"])
    if "district_reach" in results:
        reach = add_funnel(results["district_reach"])
        under = reach[reach["status"].isin(UNDER_REACHED)].sort_values("district_id")
        numbers["under_reached_districts"] = [str(d) for d in under["district_id"]]
    if "unknown_district_share" in results:
        unknown = results["unknown_district_share"].iloc[0]
        numbers["unknown_district_share"] = _number(unknown["unknown_district_share"])
    if "meeting_totals" in results:
        meetings = results["meeting_totals"].iloc[0]
        numbers.update(meetings=int(meetings["meetings"]), attendance=int(meetings["headcount"]))
    return numbers


def duncan_index(districts: pd.DataFrame) -> float | None:
    """D = 1/2 sum over districts |O_d / O - P_d / P| from duncan_index.sql's rows, over the
    districts with residents, O the participants with a home district among them; None when O
    or P is 0. The districts whose participant count is hidden (privacy.hidden_districts,
    decided over every district as the pages decide it) count as one district: apart, beside
    the counts shown, D would give theirs back (the demo's 0.12091, with every other count
    shown, fits only 8 and 9 for its two small districts)."""
    rows = districts[districts["computable"].astype(bool)]
    hidden = rows["district_id"].isin(privacy.hidden_districts(districts))
    units = rows.groupby(rows["district_id"].where(~hidden, None), dropna=False)[
        ["participants", "population"]
    ].sum()
    observed, population = units["participants"].sum(), units["population"].sum()
    if not observed or not population:
        return None
    shares = units["participants"] / observed - units["population"] / population
    return float(0.5 * shares.abs().sum())


def headline_numbers(con, windows: list[Filters], queries) -> list[dict]:
    """For each filters of `windows`, the headline numbers that `queries` (some of
    HEADLINE_QUERIES) give, as computed, all run in one batch: what needs a few of them (an
    objective's indicator) runs only those. Never shown as is in a district view (person
    counts unprotected)."""
    return headlines_from(run_many(con, headline_jobs(windows, queries)), windows, queries)


def headline_jobs(windows: list[Filters], queries) -> list[tuple[str, Filters]]:
    """The (query name, filters) that headline_numbers runs, for a caller that runs them in
    one batch with reads of its own (run_many) and assembles them with headlines_from."""
    names = [name for name in HEADLINE_QUERIES if name in set(queries)]
    return [(name, filters) for filters in windows for name in names]


def headlines_from(frames: list[pd.DataFrame], windows: list[Filters], queries) -> list[dict]:
    """headline_numbers from the results of headline_jobs(windows, queries), in its order."""
    names = [name for name in HEADLINE_QUERIES if name in set(queries)]
    if not names:
        return [{} for _ in windows]
    size = len(names)
    return [
        _headline(dict(zip(names, frames[start : start + size])))
        for start in range(0, len(frames), size)
    ]


def moderation_significance(moderation) -> dict:
    """Hidden and measured items of a moderation_rate row, the exact 95 % lower limit of the
    rate (Clopper-Pearson), and whether that limit is above the 0.01 % benchmark: the rate is
    then significantly above it, not just above it by the chance of a few hidden items.
    None where moderation is not measurable."""
    from dashboard.funnel import rate_lower_bound

    hidden = int(moderation["moderated"])
    items = int(moderation["published"] + moderation["moderated"])
    measurable = bool(moderation["measurable"]) and items > 0
    # ten decimals: far below any shown digit, and the same number on every machine
    lower = round(rate_lower_bound(hidden, items), 10) if measurable else None
    return {
        "moderation_hidden_items": hidden if measurable else None,
        "moderation_items": items if measurable else None,
        "moderation_lower_bound": lower,
        "moderation_above_benchmark": lower > MODERATION_BENCHMARK if measurable else None,
    }


def drawable_weekly_rates(weeks: pd.DataFrame, minimum: int = MODERATION_MIN_WEEKLY_ITEMS):
    """moderation_by_week rows with `moderation_rate` missing (not drawn) where the week's
    items of that kind and channel are fewer than `minimum`; counts stay as they are."""
    items = weeks["published"] + weeks["moderated"]
    return weeks.assign(moderation_rate=weeks["moderation_rate"].where(items >= minimum))


def last_activity_day(con) -> date | None:
    """The latest day anything happened in the warehouse (contribution, proposal, meeting)."""
    return activity_bounds(con)[0]


def activity_bounds(con) -> tuple[date | None, bool]:
    """(last_activity_day, whether a contribution, a proposal or a meeting has no date): when
    none has, an end date on or after the last day leaves nothing out even without a start
    date, and the window ending with the data is read once with the one that has no end.
    Worked out at import (queries/derive/28_activity_bounds.sql): a page reads one row."""
    read = "select last_day, undated from activity_bounds"
    last, undated = once(con, "activity_bounds", lambda: con.execute(read).fetchone())
    return last, bool(undated)


def _change(current, previous):
    if isinstance(current, str) or isinstance(previous, str):
        return None  # a hidden count (privacy.protect_headline) has no change to show
    if isinstance(current, dict):
        return {key: _change(current[key], previous.get(key)) for key in current}
    if isinstance(current, list):
        return len(current) - len(previous or [])
    if isinstance(current, bool) or current is None or previous is None:
        return None
    return current - previous


def _no_change(current):
    """The change when there is nothing to compare with: None (a dict of None for dicts)."""
    return {key: None for key in current} if isinstance(current, dict) else None


def week_over_week(con, filters: Filters = Filters()) -> dict:
    """The headline numbers the overview's cards show (those of WEEKLY_QUERIES) at the end of
    the last complete week, the week before, and the change.

    The reference day is the end of the period (`until`, or the phase's end) when set, else the
    last day with activity in the warehouse (so a finished campaign still compares its own last
    weeks). The last complete week is the Monday-to-Sunday week ending on the last Sunday on or
    before that day. "current" is the headline with `until` moved to that Sunday, "previous"
    with `until` one week earlier; the change is current - previous (percentage points for
    shares, count difference for the list of under-reached districts, None when either side is
    not measurable or hidden, or when the period starts after the week before: nothing to
    compare). The change of `participants` (and by circle) is the new participants of the last
    week: persons whose first contribution ever falls in it, so a period starting that week
    does not make everyone who came back new.
    In a district view a small change of a person count is hidden with its previous value.
    """
    resolved = within_phase(con, filters)
    # an unknown phase or campaign selects nothing (until = date.min): the weeks are then the
    # warehouse's last, and every number of them is zero
    selects_nothing = resolved.until == date.min
    reference = (
        (None if selects_nothing else resolved.until) or last_activity_day(con) or date.today()
    )
    week_ending = reference - timedelta(days=(reference.weekday() + 1) % 7)
    previous_ending = week_ending - timedelta(days=7)
    week_start = previous_ending + timedelta(days=1)
    current, previous = _headlines(
        con,
        [replace(filters, until=week_ending), replace(filters, until=previous_ending)],
        WEEKLY_QUERIES,
    )
    comparable = resolved.since is None or resolved.since <= previous_ending
    change = {
        key: _change(value, previous[key]) if comparable else _no_change(value)
        for key, value in current.items()
        if key != "suppressed"
    }
    if resolved.since is None or resolved.since <= week_start:
        # the whole week lies in the filters' window: its newcomers are that week's rows of
        # the window's new_participants_by_week, the overview's trend (one read for both)
        weeks = run_unprotected(con, "new_participants_by_week", filters)
        newcomers = _new_by_circle(weeks[pd.to_datetime(weeks["week"]) == pd.Timestamp(week_start)])
    else:
        newcomers = new_participants_between(
            con,
            replace(
                filters, since=max(resolved.since or week_start, week_start), until=week_ending
            ),
        )
    change["participants_by_circle"] = newcomers
    change["participants"] = sum(newcomers.values())
    if _by_district(filters):
        privacy.protect_changes(previous, change)
    return {
        "week_ending": week_ending.isoformat(),
        "previous_week_ending": previous_ending.isoformat(),
        "current": current,
        "previous": previous,
        "change": change,
    }


def new_participants_between(con, filters: Filters) -> dict:
    """New participants (first contribution ever) between `since` and `until`, by circle, as
    computed (a person count: protect it before showing it in a district view)."""
    return _new_by_circle(run_unprotected(con, "new_participants_by_week", filters))


def _new_by_circle(weekly: pd.DataFrame) -> dict:
    """new_participants_by_week rows summed by circle ('1', '2', '3')."""
    counts = {str(c): 0 for c in CIRCLES}
    for circle, total in weekly.groupby("circle")["new_participants"].sum().items():
        counts[str(int(circle))] = int(total)
    return counts
