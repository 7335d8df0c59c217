"""The director's objectives: what they are, how they are kept, and where each one stands.

An objective is a target for one indicator by a deadline (`objectifs` sheet or the form on
the Objectifs page). Every change is a new version in `objective_versions` (nothing is
overwritten), so a changed target stays visible as such; closing an objective is a version
too. One objective per indicator: the latest version is the objective.

Where an objective stands, as of the reference day R (the end date filter, else the last
activity in the warehouse; spec "Objectives"):
    current        the indicator over [debut, R] (from the beginning when no debut)
    progress       current / target (a ceiling: target / current)
    weeks left     (deadline - R) / 7 days
    needed/week    (target - current) / weeks left (0 once reached; none when no week is left)
    projected      current + g x weeks left, g the mean weekly gain over the last 4 complete
                   Monday-Sunday weeks: (value at S - value at S - 28 days) / 4, S the last
                   Sunday on or before R
    status         atteint (reached), échu (deadline passed, not reached), en bonne voie
                   (projected reaches the target), en retard (it does not)
For a ceiling (median_days_to_answer: the lower the better) every comparison reverses.
Objectives are campaign-wide: only the reference day comes from the filters.
"""

import dataclasses
import json
import re
from datetime import UTC, date, datetime, timedelta

import duckdb
import pandas as pd

from dashboard import metrics, privacy, warehouse
from dashboard.errors import CerclesError
from dashboard.i18n import RESIDENTS
from dashboard.metrics import Filters
from dashboard.reads import once

INDICATORS = (
    "participants",
    "participants_cercle_2",
    "participants_cercle_3",
    "beyond_first_circle_share",
    "proposals",
    "in_person_share",
    "median_days_to_answer",
    "meetings",
)
DISTRICT_PREFIX = "participants_per_1000:"
# The headline query each indicator is read from (a district's: district_rates)
INDICATOR_QUERIES = {
    "participants": "reach_by_circle",
    "participants_cercle_2": "reach_by_circle",
    "participants_cercle_3": "reach_by_circle",
    "beyond_first_circle_share": "reach_by_circle",
    "proposals": "proposals_by_channel",
    "in_person_share": "proposals_by_channel",
    "median_days_to_answer": "days_to_answer",
    "meetings": "meeting_totals",
}
SHARES = ("beyond_first_circle_share", "in_person_share")
CEILINGS = ("median_days_to_answer",)  # reached when at or below the target
ATTEINT, EN_BONNE_VOIE, EN_RETARD, ECHU = "atteint", "en bonne voie", "en retard", "échu"
STATUSES = (ATTEINT, EN_BONNE_VOIE, EN_RETARD, ECHU)
GAIN_WEEKS = 4
EVERYTHING = Filters()  # no filter
# An objective follows the end date (its reference day) and the campaign, and no other filter:
# it counts the whole campaign from its own start
IGNORED_FILTERS = tuple(
    field.name for field in dataclasses.fields(Filters) if field.name not in ("until", "campaign")
)
JSON_KEYS = (
    "indicator",
    "target",
    "deadline",
    "current",
    "progress",
    "needed_per_week",
    "projected",
    "status",
)


def indicator_key(text) -> str | None:
    """The indicator a typed name stands for ('Participants ', 'participants_per_1000:nord'),
    None when it is none of them. The district id after the colon is kept as typed."""
    text = str(text or "").strip()
    prefix, colon, district = text.partition(":")
    prefix = re.sub(r"[\s\-]+", "_", prefix.strip().lower())
    if colon:
        district = district.strip()
        return DISTRICT_PREFIX + district if prefix + ":" == DISTRICT_PREFIX and district else None
    return prefix if prefix in INDICATORS else None


def district_of(indicator: str) -> str | None:
    """The district id of a participants_per_1000:<id> objective, else None."""
    return (
        indicator.removeprefix(DISTRICT_PREFIX) if indicator.startswith(DISTRICT_PREFIX) else None
    )


def is_ceiling(indicator: str) -> bool:
    return indicator in CEILINGS


def parse_target(text, indicator: str) -> float | None:
    """A typed target: French or English decimals ('12,5'); for a share '40 %', '40' and
    '0,4' all mean 40 %. None when it is not a positive number."""
    raw = str(text or "").strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    percent = raw.endswith("%")
    try:
        value = float(raw.rstrip("%").replace(",", "."))
    except ValueError:
        return None
    if indicator in SHARES and (percent or value > 1):
        value /= 100
    if not value > 0 or (indicator in SHARES and value > 1):  # also refuses NaN
        return None
    return value


def record_versions(con, objectives: pd.DataFrame, recorded_from: str) -> int:
    """Append a version for each objective (indicator, target, deadline, starts_on, closed)
    that differs from its indicator's latest version; returns how many were written. The same
    sheet imported twice, or a form saved unchanged, writes nothing."""
    written = 0
    now = datetime.now(UTC).replace(tzinfo=None)
    for row in objectives.itertuples(index=False):
        latest = con.execute(
            "select version, target, deadline, starts_on, closed from objective_versions "
            "where indicator = ? order by version desc limit 1",
            [row.indicator],
        ).fetchone()
        wanted = (float(row.target), _day(row.deadline), _day(row.starts_on), bool(row.closed))
        if latest and (latest[1], latest[2], latest[3], latest[4]) == wanted:
            continue
        if latest is None and row.closed:
            continue  # closing what was never set changes nothing
        con.execute(
            "insert into objective_versions values (?, ?, ?, ?, ?, ?, ?, ?)",
            [row.indicator, (latest[0] if latest else 0) + 1, *wanted, now, recorded_from],
        )
        written += 1
    return written


def _day(value) -> date | None:
    if value is None or pd.isna(value):  # NaT is a date to isinstance, and missing
        return None
    return pd.Timestamp(value).date()


def save_objective(
    warehouse_file,
    indicator: str,
    target: float,
    deadline: date,
    starts_on: date | None = None,
    closed: bool = False,
) -> int:
    """Add, change or close one objective from the dashboard, through the single writer (a
    private copy swapped in atomically, as an import does). Returns the versions written."""
    key = indicator_key(indicator)
    if key is None:
        raise CerclesError("sheet_not_an_indicator", value=str(indicator), names=INDICATORS)
    if not closed and (target is None or target <= 0):
        raise CerclesError("sheet_not_a_target", value=str(target))
    if not closed and deadline is None:
        raise CerclesError("objective_no_deadline")
    if starts_on and deadline and starts_on > deadline:
        raise CerclesError("sheet_start_after_deadline", value=starts_on.isoformat())
    frame = pd.DataFrame(
        [
            {
                "indicator": key,
                "target": target,
                "deadline": deadline,
                "starts_on": starts_on,
                "closed": closed,
            }
        ]
    )
    if closed:
        frame = _with_latest(warehouse_file, frame)
        if frame.empty:
            return 0
    with warehouse.writer(warehouse.warehouse_path(warehouse_file), refresh=False) as con:
        return record_versions(con, frame, "dashboard")


def _with_latest(warehouse_file, frame: pd.DataFrame) -> pd.DataFrame:
    """A closing version repeats the latest target, deadline and start (only `closed` changes)."""
    con = warehouse.connect_readonly(warehouse.warehouse_path(warehouse_file))
    latest = current_objectives(con)
    con.close()
    latest = latest[latest["indicator"] == frame.at[0, "indicator"]]
    if latest.empty:
        return latest
    return latest[["indicator", "target", "deadline", "starts_on"]].assign(closed=True)


def current_objectives(con) -> pd.DataFrame:
    """queries/objectives.sql: one row per open objective, with the target it replaced."""
    return con.execute(warehouse.read_sql("objectives")).fetchdf()


def objective_history(con) -> pd.DataFrame:
    """queries/objective_history.sql: every version of every objective."""
    return con.execute(warehouse.read_sql("objective_history")).fetchdf()


def reference_day(con, filters: Filters = EVERYTHING) -> date:
    """The end date filter, else the last day with activity, else today; within a campaign,
    never after its last day (a finished campaign reads as of its end)."""
    day = filters.until or metrics.last_activity_day(con) or date.today()
    found = metrics.find_campaign(con, filters.campaign) if filters.campaign else None
    return min(day, found["ends_on"]) if found and found["ends_on"] else day


def last_sunday(day: date) -> date:
    """The Sunday ending the last complete Monday-Sunday week on or before `day`."""
    return day - timedelta(days=(day.weekday() + 1) % 7)


# What evaluate gives for each objective
COLUMNS = [
    *JSON_KEYS,
    "starts_on",
    "previous_target",
    "target_changed_at",
    "weeks_left",
    "weekly_gain",
    "district_id",
    "participants",
    "hidden",
]


def evaluate(con, reference: date, campaign: str | None = None) -> pd.DataFrame:
    """Every open objective as of `reference` (within `campaign` when one is chosen, so an
    objective reads the number its KPI card shows): one row with JSON_KEYS plus starts_on,
    previous_target, target_changed_at, weeks_left, weekly_gain, district_id and
    `hidden` (a district objective whose participant count is small: see `shown`)."""
    return pd.DataFrame(evaluated_rows(con, reference, campaign), columns=COLUMNS)


def evaluated_rows(con, reference: date, campaign: str | None = None) -> list[dict]:
    """evaluate's rows, as dicts of COLUMNS."""
    objectives = current_objectives(con)
    if objectives.empty:
        return []
    week_end = last_sunday(reference)
    days = (reference, week_end, week_end - timedelta(weeks=GAIN_WEEKS))
    queries = {INDICATOR_QUERIES[i] for i in objectives["indicator"] if i in INDICATOR_QUERIES}
    values = _IndicatorValues(con, campaign, queries)
    values.compute(
        [
            (indicator, _day(since), day)
            for indicator, since in zip(objectives["indicator"], objectives["starts_on"])
            for day in days
        ]
    )
    rows = []
    for objective in objectives.itertuples(index=False):
        since = _day(objective.starts_on)
        now, end, start = (values.at(objective.indicator, since, day) for day in days)
        deadline = _day(objective.deadline)
        rows.append(
            {
                **standing(
                    objective.indicator,
                    objective.target,
                    deadline,
                    reference,
                    now["value"],
                    end["value"],
                    start["value"],
                ),
                "starts_on": since,
                "previous_target": _number(objective.previous_target),
                "target_changed_at": objective.target_changed_at,
                "district_id": district_of(objective.indicator),
                "participants": now.get("participants"),
                "hidden": bool(now.get("hidden")),
            }
        )
    return rows


def standing(
    indicator: str,
    target: float,
    deadline: date,
    reference: date,
    current,
    value_at_week_end,
    value_four_weeks_before,
) -> dict:
    """Progress, pace, projection and status of one objective from its values (spec)."""
    target = float(target)
    ceiling = is_ceiling(indicator)
    days_left = (deadline - reference).days
    weeks_left = max(days_left, 0) / 7
    gain = None
    if value_at_week_end is not None and value_four_weeks_before is not None:
        gain = (value_at_week_end - value_four_weeks_before) / GAIN_WEEKS
    projected = current + gain * weeks_left if current is not None and gain is not None else None

    def meets(value):
        return value is not None and (value <= target if ceiling else value >= target)

    reached = meets(current)
    if current is None:
        progress = None
    elif ceiling:
        progress = target / current if current else None
    else:
        progress = current / target
    needed = None
    if current is not None and weeks_left > 0:
        needed = 0.0 if reached else (target - current) / weeks_left
    if reached:
        status = ATTEINT
    elif days_left < 0:
        status = ECHU
    elif projected is None:
        status = None  # no value yet, or none four weeks ago: no pace to project
    else:
        status = EN_BONNE_VOIE if meets(projected) else EN_RETARD
    return {
        "indicator": indicator,
        "target": target,
        "deadline": deadline,
        "current": current,
        "progress": progress,
        "needed_per_week": needed,
        "projected": projected,
        "status": status,
        "weeks_left": weeks_left,
        "weekly_gain": gain,
    }


class _IndicatorValues:
    """Indicator values over [since, until] windows, each window's queries run once: only
    the headline queries the objectives' indicators are read from (`queries`)."""

    def __init__(self, con, campaign: str | None = None, queries=()):
        self.con = con
        self.campaign = campaign
        self.queries = queries
        self.headlines: dict = {}
        self.reaches: dict = {}

    def compute(self, wanted: list[tuple]) -> None:
        """Run, in one batch, the queries of every (indicator, since, until) that `at` will
        be asked for, so that no window waits for the one before."""
        reaches, headlines = {}, {}  # the windows, each once, in the order asked
        for indicator, since, until in wanted:
            window = Filters(since=since, until=until, campaign=self.campaign)
            (reaches if district_of(indicator) is not None else headlines)[window] = None
        reaches, headlines = list(reaches), list(headlines)
        # the districts' rates and the headline queries in one batch: none waits for another
        frames = metrics.run_many(
            self.con,
            [("district_rates", window) for window in reaches]
            + metrics.headline_jobs(headlines, self.queries),
        )
        for window, reach in zip(reaches, frames):
            self.reaches[window] = (reach, privacy.hidden_districts(reach))
        numbers = metrics.headlines_from(frames[len(reaches) :], headlines, self.queries)
        self.headlines.update(zip(headlines, numbers))

    def at(self, indicator: str, since: date | None, until: date) -> dict:
        """{'value': the indicator over [since, until]} (+ 'participants' and 'hidden' for a
        district: whether the small-count rule hides its count, privacy.hidden_districts)."""
        window = Filters(since=since, until=until, campaign=self.campaign)
        district = district_of(indicator)
        if district is not None:
            if window not in self.reaches:
                self.compute([(indicator, since, until)])
            reach, hidden = self.reaches[window]
            row = reach[reach["district_id"] == district]
            if row.empty:
                return {"value": None, "participants": None, "hidden": False}
            return {
                "value": _number(row["rate_per_1000"].iloc[0]),
                "participants": int(row["participants"].iloc[0]),
                # small, or hidden beside one that is (the district tables hide it alike)
                "hidden": district in hidden,
            }
        if window not in self.headlines:
            self.compute([(indicator, since, until)])
        return {"value": headline_value(self.headlines[window], indicator)}


def headline_value(headline: dict, indicator: str):
    """An indicator's value in a headline_metrics (or headline_numbers) result."""
    if indicator == "participants_cercle_2":
        return headline["participants_by_circle"]["2"]
    if indicator == "participants_cercle_3":
        return headline["participants_by_circle"]["3"]
    return _number(headline[indicator])


def _number(value):
    if value is None or pd.isna(value):
        return None
    return float(value) if not isinstance(value, int) else value


def shown(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Objectives as every route may show them: a district objective whose district has 1 to
    10 participants (the small-count rule) keeps its target, deadline and status, while its
    current value, progress, pace and projection, from which the count follows, are None."""
    frame = evaluated.copy()
    hidden = frame["hidden"].astype(bool)
    for column in ("current", "progress", "needed_per_week", "projected", "weekly_gain"):
        frame[column] = frame[column].astype(object).where(~hidden, None)
    return frame


def standings(con, filters: Filters = EVERYTHING) -> pd.DataFrame:
    """Every open objective as of the filters' reference day, as it may be shown: as worked
    out by the last write (store_standings) when that is the day it was worked out for and
    no campaign is chosen, as every filter but the end date and the campaign leaves them."""
    reference = reference_day(con, filters)
    kept = filters.campaign is None and reference == metrics.last_activity_day(con)
    rows = stored_rows(con, reference) if kept else None
    if rows is None:
        return shown(evaluate(con, reference, filters.campaign))
    return shown(pd.DataFrame(rows, columns=COLUMNS))


# What kept standings hold for: the objectives as they are (versions are only ever added, so
# their count and the latest change with every change; not when they were recorded, so that
# the same files imported again keep the same row) and the small-count threshold that hid a
# district's count ($min_count)
STANDINGS_KEY = (
    "select count(*) || '/' || coalesce(max(version), 0) || '/' || $min_count"
    " from objective_versions"
)


def store_standings(con) -> None:
    """Work out every objective as of the last activity (the reference day of every view
    without an end date) and keep them, with that day, the objectives' versions and the
    small-count threshold, in `objective_standings`: the overview reads them under every
    other filter, instead of about ten reads of its own. Done by every write
    (warehouse.writer), after the derived tables; nothing is kept in a warehouse without
    activity (its reference day is today's)."""
    con.execute("drop table if exists objective_standings")
    reference = metrics.last_activity_day(con)
    if reference is None:
        return
    try:
        rows = json.dumps(evaluated_rows(con, reference), default=_to_json)
    except Exception:  # noqa: BLE001 - nothing kept: the pages work them out, and say what fails
        return
    con.execute(
        f"create table objective_standings as select $reference::date as reference_day,"
        f" ({STANDINGS_KEY}) as standings_key, $rows as rows",
        {"reference": reference, "rows": rows, "min_count": privacy.min_count()},
    )


def stored_rows(con, reference: date) -> list[dict] | None:
    """The rows store_standings kept for `reference`, or None: another day, objectives
    changed since, another small-count threshold, or nothing kept (a warehouse written by an
    older Cercles)."""

    def read():
        try:
            found = con.execute(
                "select rows from objective_standings where reference_day = $reference"
                f" and standings_key = ({STANDINGS_KEY})",
                {"reference": reference, "min_count": privacy.min_count()},
            ).fetchone()
        except duckdb.CatalogException:
            return None
        return json.loads(found[0], object_hook=_from_json) if found else None

    return once(con, ("objective_standings", reference, privacy.min_count()), read)


def _to_json(value):
    """JSON for what evaluated_rows holds besides str, numbers, booleans and None."""
    if isinstance(value, pd.Timestamp) or value is pd.NaT:
        return {"timestamp": None if value is pd.NaT else value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not kept in objective_standings")


def _from_json(value: dict):
    if value.keys() == {"timestamp"}:
        return pd.NaT if value["timestamp"] is None else pd.Timestamp(value["timestamp"])
    if value.keys() == {"date"}:
        return date.fromisoformat(value["date"])
    return value


def district_objectives(frame: pd.DataFrame) -> dict:
    """district id -> its objective's row (standings), for the district views."""
    rows = frame[frame["district_id"].notna()] if len(frame) else frame
    return {row["district_id"]: row for row in rows.to_dict("records")}


def objectives_json(con, filters: Filters = EVERYTHING) -> list[dict]:
    """`objectives` of `cercles metrics --json`: the spec's keys, small counts respected."""
    frame = standings(con, filters)
    return [{key: _plain(row[key]) for key in JSON_KEYS} for _, row in frame.iterrows()]


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


# --- sentences, shared by the pages and the digest ---------------------------------------------


def indicator_name(indicator: str, lang: str, literal=str, denominator: str = RESIDENTS) -> str:
    """An indicator in words; `literal` writes a district id typed by the team (ui.verbatim
    on a page that reads Markdown); a district's rate is per 1,000 of its `denominator`
    (metrics.population_kind: residents, or registered voters)."""
    from dashboard.i18n import t

    district = district_of(indicator)
    if district is not None:
        return t("indicator.participants_per_1000", lang, denominator, district=literal(district))
    return t(f"indicator.{indicator}", lang)


def value_text(indicator: str, value, lang: str, change: bool = False) -> str:
    """A value of the indicator as it reads: a count, a percentage, days, a rate per 1,000."""
    from dashboard.i18n import format_days, format_int, format_number, format_percent

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if indicator in SHARES:
        return format_percent(value, lang)
    if indicator in CEILINGS:
        return format_days(value, lang)
    if district_of(indicator) is not None or change:
        return format_number(value, lang, 1)
    return format_int(value, lang)


def status_text(status, lang: str) -> str:
    from dashboard.i18n import t

    return t(f"objectives.status.{status or 'none'}", lang)


def objective_text(row, lang: str) -> str:
    """One objective in one line: target, deadline, progress, pace, projection, status, and
    the target it replaced when it was changed."""
    from dashboard.i18n import format_date, format_percent, t

    row = dict(row)
    indicator = row["indicator"]
    if row.get("hidden"):
        line = t(
            "objectives.line",
            lang,
            target=value_text(indicator, row["target"], lang),
            deadline=format_date(row["deadline"], lang),
            progress="–",
            needed="–",
            projected="–",
            status=status_text(row["status"], lang),
        )
        line += " (" + t("objectives.hidden", lang, n=privacy.min_count()) + ")"
    else:
        line = t(
            "objectives.line",
            lang,
            target=value_text(indicator, row["target"], lang),
            deadline=format_date(row["deadline"], lang),
            progress=format_percent(row["progress"], lang, 0),
            needed=value_text(indicator, row["needed_per_week"], lang, change=True),
            projected=value_text(indicator, row["projected"], lang),
            status=status_text(row["status"], lang),
        )
    previous = row.get("previous_target")
    if previous is not None and not pd.isna(previous):
        line += " — " + t(
            "objectives.changed",
            lang,
            date=format_date(row["target_changed_at"], lang),
            previous=value_text(indicator, previous, lang),
        )
    return line


def readable(frame: pd.DataFrame, lang: str, denominator: str = RESIDENTS) -> pd.DataFrame:
    """Objectives (standings or history) with every value written as it reads on screen:
    indicator names, values in the indicator's unit, dates, progress in %, statuses."""
    from dashboard.i18n import format_date, format_percent

    shown = frame.copy()
    indicators = frame["indicator"]
    for column in ("target", "current", "needed_per_week", "projected"):
        if column in shown:
            change = column == "needed_per_week"
            shown[column] = [
                value_text(i, v, lang, change=change) for i, v in zip(indicators, frame[column])
            ]
    for column in ("deadline", "starts_on"):
        if column in shown:
            shown[column] = frame[column].map(lambda d: format_date(d, lang))
    if "progress" in shown:
        shown["progress"] = frame["progress"].map(lambda v: format_percent(v, lang, 0))
    if "status" in shown:
        shown["status"] = frame["status"].map(lambda s: status_text(s, lang))
    if "recorded_at" in shown:
        shown["recorded_at"] = frame["recorded_at"].map(lambda d: d.strftime("%Y-%m-%d %H:%M"))
    shown["indicator"] = indicators.map(lambda i: indicator_name(i, lang, str, denominator))
    return shown
