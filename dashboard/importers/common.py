"""Rules every importer shares: one definition each, so that a postcode, a header, a person's
key, a time or a file's encoding reads the same whichever export it comes from.

Importers take these from here (and file reading from base.py), never from one another.
Where an importer works in SQL (Grand Débat), the rule has a SQL twin built from the same
constants, and a test checks that both give the same answers.
"""

import base64
import binascii
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.errors import InputError
from dashboard.privacy import pseudonymise


def per_distinct(values: pd.Series, compute: Callable):
    """compute(the distinct values) spread back to every row of `values` (same index).

    Text work on a column with few distinct values (hosts, urls, states, timestamps of a
    campaign) then costs what those values cost; `compute` must work value by value.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    computed = compute(pd.Series(uniques, dtype=values.dtype))
    return computed.iloc[codes].set_axis(values.index)


# -- encodings


def detect_encoding(raw: bytes) -> str:
    """utf-8-sig when a BOM is there, utf-8 when the bytes decode, else cp1252.

    cp1252, not latin-1: French Excel and LibreOffice on Windows save "CSV" in Windows-1252,
    which puts characters French text uses all the time (’ œ Œ « … €) in the bytes 0x80-0x9F
    where latin-1 has invisible control characters. Every latin-1 letter is the same byte in
    cp1252, so a true latin-1 file reads the same either way. `raw` may be a file's
    beginning: a multi-byte character cut at its end still means UTF-8.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            return "utf-8"
        return "cp1252"


# -- headers


def header_key(label) -> str:
    """A header as a comparable key: case, accents, camelCase and punctuation folded.

    'Code postal' -> 'code_postal', 'E-mail' -> 'e_mail', 'proposal_publishedAt' ->
    'proposal_published_at', '\\ufeffid' -> 'id'. Cap Collectif's legacy events keep `_id` (an
    internal id beside the public `id`).
    """
    text = str(label).strip().lstrip("\ufeff")
    if text == "_id":
        return text
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def pick_columns(header, aliases: dict) -> dict:
    """Role -> the first header column whose key is one of the role's aliases (header keys)."""
    keys = {}
    for column in header:
        keys.setdefault(header_key(column), column)
    return {
        role: next(keys[a] for a in names if a in keys)
        for role, names in aliases.items()
        if any(a in keys for a in names)
    }


# The alias files: Cercles' own, then $CERCLES_ALIASES, then ./cercles-aliases.toml.
BUILTIN_ALIASES = Path(__file__).resolve().parents[2] / "data" / "capcollectif_aliases.toml"
USER_ALIASES = "cercles-aliases.toml"


def alias_files() -> list[Path]:
    files = [BUILTIN_ALIASES]
    chosen = os.environ.get("CERCLES_ALIASES")
    for candidate in (Path(chosen) if chosen else None, Path.cwd() / USER_ALIASES):
        if candidate and candidate.is_file() and candidate not in files:
            files.append(candidate)
    return files


def read_alias_file(name: str) -> dict:
    """One alias file as TOML; an unreadable one is an error naming it."""
    try:
        return tomllib.loads(Path(name).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(name, "alias_file_unreadable", detail=str(exc)) from None


def as_list(labels) -> list[str]:
    """An alias file's labels: one string or a list of them."""
    return [labels] if isinstance(labels, str) else [str(label) for label in labels]


# -- postcodes

# A French postcode: metropolitan departments 01-95, overseas 971-976, 98xxx (Monaco and the
# Pacific); or a Corsican code typed with its department letters (2A/2B). Anything else
# (00123, 96000, 99xxx, 6 digits) is impossible.
POSTCODE_PATTERN = r"(?:0[1-9]|[1-8]\d|9[0-5])\d{3}|97[1-6]\d{2}|98\d{3}|2[AB]\d{3}"


def clean_postcodes(values: pd.Series) -> pd.Series:
    """Postcodes as 5 characters, None where empty or impossible.

    Spaces go ('75 011'), a spreadsheet's '.0' goes ('38000.0'), and a 4-digit code gets back
    the leading zero Excel took from it ('6100' -> '06100').
    """
    text = values.astype("string").fillna("").str.upper().str.replace(r"\s+", "", regex=True)
    text = text.str.replace(r"\.0$", "", regex=True)
    text = text.where(~text.str.fullmatch(r"\d{4}"), "0" + text)
    valid = text.str.fullmatch(POSTCODE_PATTERN).fillna(False).astype(bool)
    return text.astype(object).where(valid, None)


def impossible_postcodes(values: pd.Series, cleaned: pd.Series) -> int:
    """How many non-empty postcodes `clean_postcodes` refused (for the import's warning)."""
    typed = values.astype("string").fillna("").str.strip() != ""
    return int((typed & cleaned.isna()).sum())


def postcode_sql(expression: str) -> str:
    """SQL twin of clean_postcodes, for a VARCHAR expression."""
    cleaned = f"regexp_replace(upper(coalesce({expression}, '')), '\\s+', '', 'g')"
    cleaned = f"regexp_replace({cleaned}, '\\.0$', '')"
    padded = (
        f"(case when regexp_full_match({cleaned}, '\\d{{4}}') then '0' || {cleaned} "
        f"else {cleaned} end)"
    )
    return f"(case when regexp_full_match({padded}, '{POSTCODE_PATTERN}') then {padded} end)"


# -- person keys


def person_keys(platform: str, hosts, user_ids: pd.Series) -> pd.Series:
    """A platform account's person id: the keyed pseudonym of 'platform|host|id:<user id>',
    None where the id is empty. `hosts` is one host or a Series beside `user_ids`."""
    if isinstance(hosts, pd.Series) and len(hosts) and hosts.nunique(dropna=False) == 1:
        hosts = hosts.iloc[0]
    if not isinstance(hosts, pd.Series):  # one instance: each distinct id is keyed once
        prefix = f"{platform}|{hosts}|id:"
        return per_distinct(
            user_ids.astype(object),
            lambda ids: pseudonymise(
                (prefix + ids.fillna("")).where(ids.notna() & (ids != ""), None)
            ),
        )
    ids = user_ids.astype(object)
    raw = platform + "|" + hosts.astype(object) + "|id:" + ids
    return pseudonymise(raw.where(ids.notna() & (ids != ""), None))


def person_key_sql(platform: str, host: str, user_id: str) -> str:
    """SQL twin of person_keys: `host` and `user_id` are SQL expressions (the pseudo() macro
    must be registered on the connection, see privacy.register_sql_pseudo)."""
    return f"pseudo('{platform}|' || {host} || '|id:' || {user_id})"


# -- time zones

PARIS = "Europe/Paris"


def paris_to_utc(times: pd.Series) -> pd.Series:
    """Naive Paris wall-clock times (what French platforms and paper sheets write, without an
    offset) as naive UTC, as the warehouse stores every time.

    The hour that does not exist in spring (02:30 on the last Sunday of March) is moved an
    hour on, and the hour that happens twice in autumn is read as winter time: what DuckDB's
    time zone conversion does, so paris_to_utc_sql gives the same answer.
    """
    local = times.dt.tz_localize(
        PARIS, ambiguous=np.zeros(len(times), dtype=bool), nonexistent=pd.Timedelta(hours=1)
    )
    return local.dt.tz_convert("UTC").dt.tz_localize(None)


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, 31)
    return last - timedelta(days=(last.weekday() + 1) % 7)


def _epoch(day: date, hour: int) -> int:
    return int(datetime.combine(day, time(hour), tzinfo=UTC).timestamp())


# Paris has kept the EU rule since 1996: summer time (UTC+2) from 03:00 local on the last
# Sunday of March to 02:00 local on the last Sunday of October, winter time (UTC+1) otherwise.
# Local times in the spring gap and in the autumn repeat read as winter time, as DuckDB's
# time zone library reads them. Each year's bounds, as seconds of the naive local time:
RULE_YEARS = range(1996, 2100)
SUMMER_STARTS = [_epoch(_last_sunday(year, 3), 3) for year in RULE_YEARS]
SUMMER_ENDS = [_epoch(_last_sunday(year, 10), 2) for year in RULE_YEARS]


def paris_to_utc_sql(local: str) -> str:
    """SQL twin of paris_to_utc, for a naive TIMESTAMP expression (a column: it is read
    several times). Between 1996 and 2099 the offset comes from the rule above, five times
    cheaper than the time zone library on millions of rows (a test holds them equal on every
    hour of those years and every minute around each change); other years go to the library."""
    index = f"year({local}) - {RULE_YEARS.start - 1}"
    starts, ends = (f"[{', '.join(map(str, bounds))}]" for bounds in (SUMMER_STARTS, SUMMER_ENDS))
    return f"""(case
        when {local} >= timestamp '{RULE_YEARS.start}-01-01'
            and {local} < timestamp '{RULE_YEARS.stop}-01-01'
            then {local} - to_hours(1 + (
                epoch({local}) >= {starts}[{index}] and epoch({local}) < {ends}[{index}]
            )::integer)
        else (({local} at time zone '{PARIS}') at time zone 'UTC')
    end)"""


def paris_of_utc_sql(utc: str) -> str:
    """The Paris wall-clock time of a naive UTC TIMESTAMP expression (its day, say)."""
    return f"(({utc} at time zone 'UTC') at time zone '{PARIS}')"


# -- typed words


def nullable(values: pd.Series) -> pd.Series:
    """Plain Python objects with None for missing values (what DuckDB reads as NULL)."""
    return values.astype(object).where(values.notna(), None)


def blank_to_none(values: pd.Series) -> pd.Series:
    """Stripped text, None where the cell is empty."""
    text = values.astype("string").fillna("").str.strip()
    return text.astype(object).where(text != "", None)


EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"

CIRCLE_WORDS = {
    "1": 1,
    "militant": 1,
    "militante": 1,
    "militants": 1,
    "activist": 1,
    "core": 1,
    "2": 2,
    "sympathisant": 2,
    "sympathisante": 2,
    "sympathisants": 2,
    "sympathiser": 2,
    "supporter": 2,
    "3": 3,
    "public": 3,
    "grand public": 3,
    "general public": 3,
}


def plain_text(values: pd.Series) -> pd.Series:
    """Lowercase, accents stripped, inner spaces collapsed: for matching typed words."""
    # Typed words repeat (states, circles, types): each distinct one is normalised once.
    return per_distinct(values.astype("string").fillna(""), _plain_text)


def _plain_text(text: pd.Series) -> pd.Series:
    text = text.str.strip().str.lower()
    text = text.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    return text.str.replace(r"[\s_\-]+", " ", regex=True)


def parse_circles(values: pd.Series) -> pd.Series:
    """Circle 1/2/3 from digits or French/English words ('Sympathisante', 'cercle 2'); NA else."""
    return per_distinct(values.astype("string").fillna(""), _parse_circles)


def _parse_circles(values: pd.Series) -> pd.Series:
    words = plain_text(values).str.replace(r"^(cercle|circle)\s*", "", regex=True)
    words = words.str.replace(r"\.0$", "", regex=True)
    return words.map(CIRCLE_WORDS).astype("Int64")


def parse_platforms(values: pd.Series) -> pd.DataFrame:
    """`platform` and `host` from 'decidim', 'Cap Collectif', 'decidim:host', a host or a URL.

    A bare host names one instance whatever its software, so its platform stays null.
    """
    text = values.astype("string").fillna("")
    return per_distinct(text, _parse_platforms)


def _parse_platforms(text: pd.Series) -> pd.DataFrame:
    text = text.str.strip().str.lower()
    url_host = text.str.extract(r"^[a-z]+://([^/:?#]+)", expand=False)
    named = text.str.extract(r"^([a-z][a-z \-_]*):([a-z0-9.\-]+\.[a-z]{2,})/?$")
    bare_host = text.where(text.str.fullmatch(r"[a-z0-9\-]+(\.[a-z0-9\-]+)+/?"))
    host = url_host.fillna(named[1]).fillna(bare_host.str.rstrip("/"))
    name = named[0].fillna(text.where(host.isna() & (text != "")))
    name = name.str.replace(r"[^a-z0-9]", "", regex=True)
    return pd.DataFrame({"platform": nullable(name), "host": nullable(host)})


# A GraphQL global id as Cap Collectif's legacy exports write every id: base64 of
# '<Type>:<raw id>'.
RELAY_ID = re.compile(r"(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
RELAY_TYPE = re.compile(r"[A-Z][A-Za-z]*")


def plain_ids(ids: pd.Series) -> pd.Series:
    """Ids as the current exporter writes them: the legacy exporter's global ids
    ('UHJvcG9zYWw6cHJvcG9zYWwx' = 'Proposal:proposal1') decoded to the raw id, so that a legacy
    and a current export of one platform name each proposal, vote and person alike."""
    return per_distinct(ids, lambda values: values.map(plain_id))


def plain_id(value: str) -> str:
    if len(value) < 8 or not RELAY_ID.fullmatch(value):
        return value
    try:
        kind, colon, raw = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return value
    return raw if colon and raw and RELAY_TYPE.fullmatch(kind) else value


def relay_labels(values: pd.Series, batch) -> pd.Series:
    """Relay labels as typed (a first name, a code), None where empty. Labels are kept in
    clear, so one that looks like an e-mail address is refused (None) with a warning."""
    labels = blank_to_none(values)
    looks_like_email = (
        labels.astype("string").str.contains(r"[^@\s]+@[^@\s]+", regex=True).fillna(False)
    )
    refused = int(looks_like_email.sum())
    if refused:
        batch.warn("relay_looks_like_email", n=refused)
    return labels.where(~looks_like_email.astype(bool), None)
