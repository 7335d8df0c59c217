"""Pseudonymisation: keyed HMAC-SHA256 with a key that never enters the warehouse.

The key comes from CERCLES_KEY (any string) or from a key file (CERCLES_KEY_FILE, default
~/.config/cercles/pseudonymisation.key) created on first use with mode 0600. Deleting the
key makes every pseudonym in every warehouse unlinkable to a person.
"""

import hashlib
import hmac
import os
import secrets
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

PSEUDONYM_HEX = 32  # 128 bits: collisions are out of reach at national scale


def key_file() -> Path:
    default = Path.home() / ".config" / "cercles" / "pseudonymisation.key"
    return Path(os.environ.get("CERCLES_KEY_FILE", default))


_creating_key = threading.Lock()


@lru_cache(maxsize=4)
def _key(env_key: str | None, path: str) -> bytes:
    if env_key:
        return hashlib.sha256(env_key.encode()).digest()
    path = Path(path)
    with _creating_key:  # the import's parsing thread and its writer may both ask first
        if not path.exists():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # written whole beside it, then linked: no reader ever sees a half-written key,
            # and when two processes race, one key wins and both use it
            fresh = path.with_name(f"{path.name}.{secrets.token_hex(8)}.new")
            fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "w") as out:
                    out.write(secrets.token_hex(32))
                os.link(fresh, path)
            except FileExistsError:
                pass  # another process made the key first: theirs is the key
            finally:
                fresh.unlink()
        return bytes.fromhex(path.read_text().strip())


def secret_key() -> bytes:
    return _key(os.environ.get("CERCLES_KEY"), str(key_file()))


def pseudo(value: str) -> str:
    """The pseudonym of one identifier string (same result as the SQL macro `pseudo`)."""
    digest = hmac.new(secret_key(), value.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_HEX]


def content_ids(prefixes, ids: pd.Series) -> pd.Series:
    """Platform content ids as stored: the prefix ('decidim|host|comment|') then the keyed
    pseudonym of the whole id. The platform's own id opens a public page that names the
    author; the pseudonym still tells one item apart in every export of it, so joins,
    de-duplication and re-imports work as before. Missing ids stay missing."""
    full = (prefixes + ids.astype(object)).where(ids.notna())
    hashed = pseudonymise(full)
    return (prefixes + hashed.fillna("")).where(hashed.notna(), None)


def content_id(raw: str) -> str:
    """content_ids of one id as platforms give it, 'platform|host|kind|id'."""
    return raw[: raw.rindex("|") + 1] + pseudo(raw)


def register_sql_pseudo(con) -> None:
    """Define the temporary macro pseudo(varchar) on a connection: HMAC-SHA256 in plain SQL.

    Temporary macros live in the connection, not in the file, so the key is never stored.
    """
    inner, outer = (pad.hex() for pad in _hmac_pads())
    con.execute(
        "create or replace temp macro pseudo(m) as "
        f"left(sha256(from_hex('{outer}') || unhex(sha256(from_hex('{inner}') || encode(m)))), "
        f"{PSEUDONYM_HEX})"
    )


def _hmac_pads() -> tuple[bytes, bytes]:
    """The key XOR-ed with HMAC's inner and outer pads (RFC 2104: a key longer than
    SHA-256's 64-byte block is hashed first, a shorter one padded with zeros)."""
    key = secret_key()
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def pseudonymise(values: pd.Series) -> pd.Series:
    """Keyed hashes of non-null values: `pseudo`'s HMAC, computed once per distinct value.

    HMAC written out: SHA-256 states that have read the inner and the outer pad are made once
    and copied for each value (1.3 microseconds a value, against 1.9 for copying an `hmac`
    object; no DuckDB connection, which cost 40 ms a call).
    """
    codes, uniques = pd.factorize(values)
    if not len(uniques):
        return pd.Series(None, index=values.index, dtype=object)
    inner_pad, outer_pad = _hmac_pads()
    inner_state, outer_state = hashlib.sha256(inner_pad), hashlib.sha256(outer_pad)

    def pseudonym(value) -> str:
        inner = inner_state.copy()
        inner.update(str(value).encode("utf-8"))
        outer = outer_state.copy()
        outer.update(inner.digest())
        return outer.hexdigest()[:PSEUDONYM_HEX]

    # factorize codes missing values -1: the appended None is what they pick.
    table = np.array([pseudonym(value) for value in uniques.tolist()] + [None], dtype=object)
    return pd.Series(table[codes], index=values.index, dtype=object)


def write_private(path, data: bytes) -> None:
    """Write `data` to `path` readable by its owner only (mode 0600, also when it existed)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


DEFAULT_MIN_COUNT = 11


def min_count() -> int:
    """Smallest person count shown as is; smaller ones read '< N'. One setting for the
    dashboard, downloads, the report and the CLI: $CERCLES_MIN_COUNT, default 11."""
    try:
        return max(1, int(os.environ.get("CERCLES_MIN_COUNT", DEFAULT_MIN_COUNT)))
    except ValueError:
        return DEFAULT_MIN_COUNT


def small_count_label(threshold: int | None = None) -> str:
    return f"< {min_count() if threshold is None else threshold}"


def is_small_count(value, threshold: int | None = None) -> bool:
    """True for a person count of 1..threshold-1 (0 reveals nobody and is shown)."""
    threshold = min_count() if threshold is None else threshold
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return 0 < number < threshold  # NaN compares False


def is_hidden(value) -> bool:
    """True for a count the small-count rule replaced by its label ('< 11')."""
    return isinstance(value, str) and value.startswith("<")


def hidden_cells(counts, threshold: int | None = None):
    """Which cells of one column of person counts must be hidden (a boolean Series).

    Primary: counts of 1..threshold-1. Secondary: when exactly one cell is hidden, the
    smallest shown positive count is hidden too, so the first can't be recovered by
    subtracting the others from a total shown elsewhere (headline, another page).
    """
    threshold = min_count() if threshold is None else threshold
    values = pd.to_numeric(pd.Series(counts), errors="coerce")
    hidden = values.notna() & (values > 0) & (values < threshold)
    if hidden.sum() == 1:
        candidates = values[~hidden & values.notna() & (values > 0)]
        if len(candidates):
            hidden[candidates.idxmin()] = True
    return hidden


def suppress_small_counts(frame, columns, threshold: int | None = None, linked=()):
    """A copy of `frame` where hidden person counts in `columns` read '< threshold'.

    `linked` are columns computed from the (first) count column, e.g. missing participants
    or a rate: they would give the count back, so they read '< threshold' on hidden rows
    too. A touched column becomes text, so a table keeps one type per column.
    """
    threshold = min_count() if threshold is None else threshold
    label = small_count_label(threshold)
    shown = frame.copy()
    first_hidden = None
    for column in columns:
        if column not in shown.columns:
            continue
        hidden = hidden_cells(shown[column].reset_index(drop=True), threshold).to_numpy()
        first_hidden = hidden if first_hidden is None else first_hidden
        if hidden.any():
            shown[column] = _as_text(shown[column]).where(~hidden, label)
    if first_hidden is not None and first_hidden.any():
        for column in linked:
            if column in shown.columns:
                shown[column] = _as_text(shown[column]).where(~first_hidden, label)
    return shown


def _as_text(values):
    numbers = pd.to_numeric(values, errors="coerce")
    as_text = numbers.map(lambda v: "" if pd.isna(v) else f"{v:g}")
    return as_text.where(numbers.notna(), values.astype(object).where(values.notna(), ""))


# A hidden district count O is 1..threshold-1, so each figure computed from it can still be
# shown as a bound that every such O satisfies: it then tells no O apart from the others.
COUNT_BOUND_SIGNS = {
    "participants": "<",
    "missing_participants": ">",
    "ratio": "<",
    "rate_per_1000": "<",
}


def count_bound(column: str, expected=None, population=None, threshold: int | None = None):
    """The bound shown instead of `column` (a key of COUNT_BOUND_SIGNS) on a district whose
    participant count is small, or None when none holds.

    O < threshold gives: missing E - O > E - threshold (only said when E > threshold),
    O/E < threshold / E, rate < threshold x 1,000 / population.
    """
    threshold = min_count() if threshold is None else threshold
    expected = _positive(expected)
    population = _positive(population)
    if column == "participants":
        return threshold
    if column == "missing_participants":
        return expected - threshold if expected is not None and expected > threshold else None
    if column == "ratio":
        return threshold / expected if expected is not None else None
    if column == "rate_per_1000":
        return threshold * 1000 / population if population is not None else None
    raise KeyError(column)


def whole_bound(column: str, bound):
    """A bound in whole persons that stays true: '> 19,7' becomes '> 19', '< 3,2' '< 4'."""
    if bound is None or pd.isna(bound):
        return None
    return int(np.floor(bound)) if COUNT_BOUND_SIGNS[column] == ">" else int(np.ceil(bound))


def bound_text(hidden_as, column: str, bound, exact_text: str, number) -> str:
    """What a district figure derived from its count reads: `exact_text` when the count is
    shown, '< x' / '> x' (x written by `number`) when it is small, '–' when it is hidden
    as the complementary count or no bound holds."""
    if not isinstance(hidden_as, str):
        return exact_text
    if hidden_as == "small" and bound is not None:
        return f"{COUNT_BOUND_SIGNS[column]} {number(bound)}"
    return "–"


def hidden_districts(reach, threshold: int | None = None) -> dict:
    """district_id -> 'small' or 'complementary' for the district counts that are hidden,
    decided over every district (so a target list hides what the full table hides)."""
    threshold = min_count() if threshold is None else threshold
    counts = pd.Series(reach["participants"]).reset_index(drop=True)
    hidden = hidden_cells(counts, threshold)
    districts = pd.Series(reach["district_id"]).reset_index(drop=True)
    return {
        district: ("small" if is_small_count(count, threshold) else "complementary")
        for district, count, is_hidden in zip(districts, counts, hidden)
        if is_hidden
    }


def bound_district_figures(frame, hidden: dict, numbers: dict, threshold: int | None = None):
    """A copy of a district frame (district_id, participants, expected, population, ...)
    where each column of `numbers` reads its bound on hidden rows. `numbers` maps a column
    to a formatter, or to a pair (formatter of exact values, formatter of bounds).

    Touched columns become text written by their formatter on every row, so a table keeps
    one type per column; with no hidden row the frame is returned unchanged.
    """
    threshold = min_count() if threshold is None else threshold
    how = frame["district_id"].map(hidden) if len(frame) else frame["district_id"]
    shown = frame.copy()
    if not how.notna().any():
        return shown
    for column, number in numbers.items():
        if column not in shown.columns:
            continue
        exact, number = number if isinstance(number, tuple) else (number, number)
        shown[column] = [
            bound_text(
                row_how,
                column,
                count_bound(column, row.get("expected"), row.get("population"), threshold),
                "–" if pd.isna(value) else exact(value),
                number,
            )
            for row_how, value, (_, row) in zip(how, shown[column], frame.iterrows())
        ]
    return shown


def _positive(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None  # NaN compares False


# The one small-count rule of every route (pages, downloads, `cercles metrics --json`, the
# report): dashboard.metrics applies it to each query result and headline it assembles.
# Person counts of each metric query: the column -> the columns that group its cells (cells of
# one group add up to a total shown elsewhere, so secondary suppression works within a group).
PERSON_COUNTS = {
    "reach_by_circle": {"participants": ()},
    "circle_sources": {"participants": ("circle",)},
    "circles_by_phase": {"participants": ("phase_id",)},
    "new_participants_by_week": {"new_participants": None, "cumulative": None},  # see _weekly
    "attendance": {"identified_attendees": (), "headcount": ()},
    "meeting_totals": {"headcount": ()},
    "meetings_by_week": {"headcount": ()},
    "meetings_by_district": {"headcount": ()},
    "campaign_phases": {"headcount": ()},
    "meeting_sizes": {"smallest": (), "median_headcount": (), "largest": ()},
    "participants_by_channel_mix": {"participants": ()},
    "coverage": {"persons": ()},
    "meetings_ranked": {
        "headcount": (),
        "identified": (),
        "first_timers": (),
        "beyond_first_circle": (),
    },
    "relays": {"brought": (), "participated": (), "beyond_first_circle": ()},
    "duncan_index": {"participants": ()},
}
# Counts that split one total (a row's columns): hidden together, as a table's cells are.
PERSON_PARTS = {"participants_by_channel_mix": ("online_only", "in_person_only", "both_channels")}
# Shares of a person count: share column -> (count column, group columns).
PERSON_SHARES = {
    "reach_by_circle": {"share": ("participants", ())},
    "circles_by_phase": {"share": ("participants", ("phase_id",))},
}
# Query results that are district slices whatever the filters; the others are when a district
# is chosen. (district_reach is one too: its counts read as bounds, see bound_district_figures.)
# each meeting has a district; the Duncan index's inputs are one row per district
ALWAYS_BY_DISTRICT = {"meetings_by_district", "meetings_ranked", "duncan_index"}
# Query results whose every row is a small group of persons whatever the filters: the persons a
# relay brought are a handful a team member knows by name, so their counts obey the rule too.
ALWAYS_SMALL_GROUPS = {"relays"}
# Single counts from which the ones above follow, never a sum of groups: primary rule only.
SINGLE_COUNTS = {
    "attendance",
    "meeting_totals",
    "meeting_sizes",
    "participants_by_channel_mix",
    "coverage",
}


# Results split by circle: a circle whose participant count is hidden (headline, reach by
# circle) is hidden in them too, or adding its cells up would give that count back.
BY_CIRCLE = {"circle_sources", "new_participants_by_week", "circles_by_phase"}


def hidden_circles(reach_by_circle: pd.DataFrame, threshold: int | None = None) -> set:
    """The circles whose participant count the rule hides (as protect_headline hides them)."""
    counts = reach_by_circle.sort_values("circle").reset_index(drop=True)
    hidden = hidden_cells(counts["participants"], threshold)
    return {int(circle) for circle, gone in zip(counts["circle"], hidden) if gone}


def protect_frame(
    name: str,
    frame: pd.DataFrame,
    district_view: bool,
    threshold: int | None = None,
    circles_hidden=frozenset(),
) -> pd.DataFrame:
    """A query result as every route may show it: in a district slice (and always for the
    results of ALWAYS_BY_DISTRICT and ALWAYS_SMALL_GROUPS), hidden person counts read
    '< threshold' (the column becomes text, so a table keeps one type per column) and shares
    that would give one back are missing (NaN).

    Hidden = 1..threshold-1, plus secondary suppression within each group (hidden_cells);
    cumulative weekly counts follow `_weekly`; in a result split by circle (BY_CIRCLE) every
    count of a circle in `circles_hidden` too. Otherwise `frame` unchanged.
    """
    always = name in ALWAYS_BY_DISTRICT or name in ALWAYS_SMALL_GROUPS
    if not (district_view or always) or frame.empty:
        return frame
    if name not in PERSON_COUNTS and name not in PERSON_PARTS:
        return frame
    threshold = min_count() if threshold is None else threshold
    shown = frame.reset_index(drop=True)
    hidden = {}
    if name == "new_participants_by_week":
        hidden = _weekly(shown, threshold)
    else:
        for column, groups in PERSON_COUNTS.get(name, {}).items():
            if column in shown.columns:
                hidden[column] = (
                    shown[column].map(lambda v: is_small_count(v, threshold)).astype(bool)
                    if name in SINGLE_COUNTS
                    else _grouped_hidden(shown, column, groups, threshold)
                )
    if name in BY_CIRCLE and circles_hidden:
        of_hidden_circle = shown["circle"].astype(int).isin(circles_hidden)
        hidden = {column: cells | of_hidden_circle for column, cells in hidden.items()}
    parts = [c for c in PERSON_PARTS.get(name, ()) if c in shown.columns]
    for index in shown.index if parts else ():
        cells = hidden_cells(
            shown.loc[index, parts].astype(float).reset_index(drop=True), threshold
        )
        for column, is_hidden in zip(parts, cells):
            hidden.setdefault(column, pd.Series(False, index=shown.index))
            hidden[column].loc[index] = bool(is_hidden)
    for share, (count, groups) in PERSON_SHARES.get(name, {}).items():
        if share in shown.columns and count in hidden:
            totals = (
                shown.groupby(list(groups))[count].transform("sum")
                if groups
                else (pd.Series(shown[count].sum(), index=shown.index))
            )
            gone = hidden[count] | totals.map(lambda v: is_small_count(v, threshold)).astype(bool)
            shown[share] = shown[share].astype(float).where(~gone)
    label = small_count_label(threshold)
    for column, is_hidden in hidden.items():
        if is_hidden.any():
            shown[column] = _as_text(shown[column]).where(~is_hidden, label)
    return shown


def _grouped_hidden(frame, column, groups, threshold) -> pd.Series:
    if not groups:
        return hidden_cells(frame[column], threshold)
    return (
        frame.groupby(list(groups), dropna=False)[column]
        .transform(lambda cells: hidden_cells(cells.reset_index(drop=True), threshold).to_numpy())
        .astype(bool)
    )


def _weekly(frame, threshold) -> dict:
    """Per circle, the running total shows only steps of 0 or >= threshold from the last total
    shown, and a week's new count only when both totals around it are shown (it is then their
    difference): no hidden count follows from subtracting what is shown."""
    hidden_total = pd.Series(False, index=frame.index)
    hidden_new = pd.Series(False, index=frame.index)
    for _, rows in frame.sort_values("week").groupby("circle"):
        last_shown, previous_shown = 0, True
        for index, total in rows["cumulative"].items():
            step = total - last_shown
            shows = step == 0 or (total >= threshold and step >= threshold)
            hidden_total[index] = not shows
            hidden_new[index] = not (shows and previous_shown)
            if shows:
                last_shown = total
            previous_shown = shows
    return {"new_participants": hidden_new, "cumulative": hidden_total}


def protect_headline(headline: dict, district_view: bool, threshold: int | None = None) -> dict:
    """The headline numbers as every route may show them. In a district view, hidden person
    counts read '< threshold', shares that would give one back are None, and
    headline['suppressed'] lists each hidden key ('participants_by_circle.1' for a circle)."""
    shown = dict(headline, suppressed=[])
    if not district_view:
        return shown
    threshold = min_count() if threshold is None else threshold
    label = small_count_label(threshold)
    by_circle = headline["participants_by_circle"]
    participants = headline["participants"]
    gone_circles = hidden_cells(pd.Series(list(by_circle.values())), threshold).tolist()
    shown["participants_by_circle"] = {
        circle: label if hidden else count
        for (circle, count), hidden in zip(by_circle.items(), gone_circles)
    }
    shown["suppressed"] += [
        f"participants_by_circle.{circle}"
        for circle, hidden in zip(by_circle, gone_circles)
        if hidden
    ]
    for key in ("participants", "attendance"):
        if key in headline and is_small_count(headline[key], threshold):
            shown[key] = label
            shown["suppressed"].append(key)
    beyond = by_circle.get("2", 0) + by_circle.get("3", 0)
    # (c2 + c3) / P gives P, c1 = P - (c2 + c3) and c2 + c3 back once one of them is known
    if any(is_small_count(v, threshold) for v in (participants, beyond, participants - beyond)):
        shown["beyond_first_circle_share"] = None
        shown["suppressed"].append("beyond_first_circle_share")
    shown["suppressed"].sort()
    return shown


PERSON_HEADLINES = ("participants", "participants_by_circle", "attendance")


def protect_changes(previous: dict, change: dict, threshold: int | None = None) -> None:
    """In a district view, hide in place each week-over-week change of a person count that
    is small, and the previous value it comes from: between nested windows the change counts
    the persons who came in the week, so it is a person count itself."""
    threshold = min_count() if threshold is None else threshold

    def hide(before: dict, delta: dict, key, name):
        if delta.get(key) is not None and is_small_count(abs(delta[key]), threshold):
            delta[key] = None
            if not is_hidden(before.get(key)):  # not a small count: gone, not '< 11'
                before[key] = None
                previous["suppressed"] = sorted({*previous.get("suppressed", ()), name})

    for key in PERSON_HEADLINES:
        if isinstance(change.get(key), dict):
            for part in list(change[key]):
                hide(previous[key], change[key], part, f"{key}.{part}")
        else:
            hide(previous, change, key, key)
