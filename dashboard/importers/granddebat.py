"""Grand Débat National open data (Cap Collectif, 2019): theme files and EVENTS.

A theme file has hundreds of thousands of rows, so it is never read into Python: DuckDB reads
the file inside the writer connection (`Batch.loader`) and writes the warehouse rows itself,
with identifiers pseudonymised by the SQL macro `pseudo()`. Answers are not stored, only
the number of questions each contribution answered.
"""

import codecs
import csv
import json
import re
import shutil
import tempfile
from pathlib import Path

import duckdb

from dashboard.errors import InputError
from dashboard.importers.base import Batch, file_checksum, record_import
from dashboard.importers.capcollectif import POSTCODE_PATTERN, normalise_label

PLATFORM = "granddebat"
DEFAULT_HOST = "granddebat.fr"
SAMPLE_BYTES = 1 << 20
DELIMITERS = ("\t", ";", ",")

# Metadata columns of a theme file; every other column is a question.
THEME_FIELDS = ("id", "reference", "title", "created_at", "published_at", "updated_at", "trashed",
                "trashed_status", "author_id", "author_type", "author_zip_code")
EVENT_FIELDS = ("id", "title", "created_at", "updated_at", "start_at", "end_at", "enabled", "lat",
                "lng", "full_address", "link", "url", "body", "author_id", "author_type",
                "author_zip_code")
JSON_RESPONSES = 'STRUCT("questionId" VARCHAR, "questionTitle" VARCHAR, "value" VARCHAR, "formattedValue" VARCHAR)[]'


def entity_of(fields: set[str]) -> str | None:
    """'events' or 'contributions' from normalised header names, None when not Grand Débat."""
    if {"start_at", "lat", "lng", "author_id"} <= fields and ("author_zip_code" in fields or "author_type" in fields):
        return "events"
    if {"author_id", "author_zip_code"} <= fields and fields & {"published_at", "created_at"} \
            and fields & {"id", "reference"}:
        return "contributions"
    return None


def detect(path: Path, header: list[str]) -> str | None:
    path = Path(path)
    try:
        if path.suffix.lower() == ".json":
            return entity_of(set(json_keys(path)))
        layout = sniff_layout(path)
    except (OSError, InputError):
        return None
    return layout and entity_of(set(layout["fields"]))


def json_keys(path: Path) -> list[str]:
    """Normalised top-level keys of the first object of a JSON file."""
    return [normalise_label(k) for k in _raw_json_keys(path)]


def _encoding_of(path: Path) -> str:
    """utf-8 when the sample decodes as UTF-8 (BOM or not), else ISO-8859-1."""
    with open(path, "rb") as fh:
        raw = fh.read(SAMPLE_BYTES)
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        return "utf-8" if exc.start >= len(raw) - 3 and len(raw) == SAMPLE_BYTES else "latin-1"


def sniff_layout(path: Path) -> dict | None:
    """Encoding, delimiter and header of a Grand Débat CSV: the delimiter that exposes the
    required columns wins (question texts contain commas, so the widest split can mislead)."""
    encoding = _encoding_of(path)
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        line = fh.readline()
    if not line.strip():
        raise InputError(path, "the file is empty")
    for delimiter in DELIMITERS:
        header = next(csv.reader([line.lstrip("\ufeff")], delimiter=delimiter))
        fields = [normalise_label(h) for h in header]
        if entity_of(set(fields)):
            return {"encoding": encoding, "delimiter": delimiter, "header": header, "fields": fields}
    return None


def parse(path: Path, entity: str, options: dict) -> Batch:
    path = Path(path)
    host = options.get("host") or DEFAULT_HOST
    theme = re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_")
    batch = Batch(
        source_key=f"{PLATFORM}|{host}|{entity}:{theme}",
        platform=PLATFORM,
        entity=entity,
        file_name=path.name,
        checksum=file_checksum(path),
        host=host,
        format_version="grand débat 2019 " + ("json" if path.suffix.lower() == ".json" else "csv"),
    )
    if path.suffix.lower() == ".json":
        source = JsonSource(path, entity)
    else:
        layout = sniff_layout(path)
        if layout is None:
            raise InputError(path, "not a Grand Débat file: expected the columns "
                             f"{', '.join(THEME_FIELDS if entity == 'contributions' else EVENT_FIELDS)}", line=1)
        source = CsvSource(path, layout)
    if entity == "contributions":
        # The official files carry trashed/trashedStatus; extracts without them cannot tell.
        batch.moderation_measurable = bool({"trashed", "trashed_status"} & source.fields())
    batch.loader = lambda con, batch: load(con, batch, source)
    return batch


class CsvSource:
    """A Grand Débat CSV read by DuckDB with explicit VARCHAR columns c0..cN (names are ours,
    never the file's, so no header text ever enters SQL)."""

    def __init__(self, path: Path, layout: dict):
        self.path, self.layout = path, layout
        self.position = {}
        for index, name in enumerate(layout["fields"]):
            self.position.setdefault(name, index)

    def fields(self) -> set[str]:
        return set(self.position)

    def cell(self, field: str) -> str:
        index = self.position.get(field)
        return f"nullif(trim(c{index}), '')" if index is not None else "null::varchar"

    def answered(self) -> str:
        questions = [i for i, name in enumerate(self.layout["fields"]) if name not in THEME_FIELDS]
        if not questions:
            return "0"
        return " + ".join(f"(coalesce(trim(c{i}), '') <> '')::int" for i in questions)

    def relation(self) -> tuple[str, dict]:
        columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(self.layout["fields"])))
        sql = (
            f"read_csv($path, delim=$delim, header=false, skip=1, columns={{{columns}}}, "
            "quote='\"', escape='\"', encoding=$encoding, auto_detect=false, "
            "max_line_size=33554432, parallel=true)"
        )
        params = {"path": str(self.path), "delim": self.layout["delimiter"],
                  "encoding": self.layout["encoding"]}
        return sql, params


class JsonSource:
    """The JSON variant: an array of objects with a `responses` list per contribution."""

    def __init__(self, path: Path, entity: str):
        self.path, self.entity = path, entity
        # Keys become SQL identifiers: only plain names are read (the official ones are).
        self.keys = {normalise_label(k): k for k in _raw_json_keys(path)
                     if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k)}

    def fields(self) -> set[str]:
        return set(self.keys)

    def cell(self, field: str) -> str:
        key = self.keys.get(field)
        return f'nullif(trim("{key}"::varchar), \'\')' if key else "null::varchar"

    def answered(self) -> str:
        if "responses" not in self.keys:
            return "0"
        return "len(list_filter(responses, lambda r: coalesce(trim(r.value), '') <> ''))"

    def relation(self) -> tuple[str, dict]:
        columns = ", ".join(
            f"'{key}': '{JSON_RESPONSES if key == 'responses' else 'VARCHAR'}'"
            for key in self.keys.values()
        )
        sql = (f"read_json($path, format='auto', columns={{{columns}}}, "
               "maximum_object_size=67108864)")
        return sql, {"path": str(self._utf8_path())}

    def _utf8_path(self) -> Path:
        """DuckDB reads JSON as UTF-8 only: an ISO-8859-1 file is transcoded once, streamed."""
        if _encoding_of(self.path) == "utf-8":
            return self.path
        target = Path(tempfile.mkdtemp(prefix="cercles-json-")) / self.path.name
        with open(self.path, "rb") as src, open(target, "wb") as dst:
            reader = codecs.getreader("latin-1")(src)
            writer = codecs.getwriter("utf-8")(dst)
            shutil.copyfileobj(reader, writer, 1 << 20)
        return target


def _raw_json_keys(path: Path) -> list[str]:
    """Keys of the first object, decoded from the file's beginning (one contribution is far
    smaller than the sample)."""
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES).decode(_encoding_of(path), errors="replace")
    try:
        first, _ = json.JSONDecoder().raw_decode(head, head.index("{"))
    except ValueError:
        raise InputError(path, "not a Grand Débat JSON file (no readable first object)") from None
    if not isinstance(first, dict) or not first:
        raise InputError(path, "not a Grand Débat JSON file (no object keys found)")
    return list(first)


def timestamp(expression: str) -> str:
    """A Grand Débat time (Paris wall clock, no offset) as naive UTC; unreadable -> null."""
    return (f"((try_cast({expression} as timestamp) at time zone 'Europe/Paris') "
            "at time zone 'UTC')")


def postcode(expression: str) -> str:
    """5-character postcode (4 digits padded, spaces removed), null when impossible."""
    cleaned = f"regexp_replace(upper(coalesce({expression}, '')), '\\s+', '', 'g')"
    padded = f"(case when regexp_full_match({cleaned}, '\\d{{4}}') then '0' || {cleaned} else {cleaned} end)"
    return f"(case when regexp_full_match({padded}, '{POSTCODE_PATTERN}') then {padded} end)"


PERSON_KIND = """(case
    when {t} like 'citoyen%' then 'citizen'
    when {t} like 'elu%' or {t} like '%institution%' then 'elected'
    when {t} like '%non lucratif%' then 'organisation_nonprofit'
    when {t} like '%lucratif%' then 'organisation_profit'
end)"""


def load(con: duckdb.DuckDBPyConnection, batch: Batch, source) -> None:
    """Read the file into a temporary table of what the warehouse needs, then write it."""
    relation, params = source.relation()
    try:
        if batch.entity == "events":
            load_events(con, batch, source, relation, params)
        else:
            load_contributions(con, batch, source, relation, params)
    except duckdb.Error as exc:
        message = str(exc).strip().splitlines()[0]
        line = re.search(r"[Ll]ine:? (\d+)", str(exc))
        raise InputError(source.path, f"cannot read this file ({message})",
                         line=int(line.group(1)) if line else None) from None
    finally:
        con.execute("drop table if exists gd_rows")
        con.execute("drop table if exists gd_kinds")


def load_contributions(con, batch, source, relation, params) -> None:
    cell = source.cell
    published = cell("published_at")
    created = f"coalesce({cell('created_at')}, {published})"
    con.execute(
        f"""
        create temp table gd_rows as
        with
        raw as materialized (
            select
                coalesce({cell('id')}, {cell('reference')}) as item_id,
                {cell('author_id')} as author_id,
                {created} as created_text,
                {timestamp(created)} as created_at,
                lower(coalesce({cell('trashed')}, '')) in ('1', 'true', 'oui', 'yes', 't')
                    or lower(coalesce({cell('trashed_status')}, 'null'))
                        not in ('null', 'none', 'false', '0', 'published', '') as moderated,
                {cell('author_zip_code')} as zip_text,
                {postcode(cell('author_zip_code'))} as postcode,
                {cell('author_type')} as author_type,
                {source.answered()} as answered_questions,
            from {relation}
        ),

        -- an author writes many rows: one keyed hash per author, not one per row
        authors as (
            select author_id, pseudo('{PLATFORM}|' || $host || '|id:' || author_id) as person_id,
            from (select distinct author_id from raw where author_id is not null)
        )

        select raw.*, authors.person_id,
        from raw
        left join authors using (author_id)
        """,
        {**params, "host": batch.host},
    )
    # A handful of distinct account types: map them once, not once a row.
    type_key = "strip_accents(lower(author_type))"
    con.execute(
        f"""
        create temp table gd_kinds as
        select author_type, {PERSON_KIND.format(t=type_key)} as person_kind
        from (select distinct author_type from gd_rows where author_type is not null)
        """
    )
    counts = con.execute(
        """
        select
            count(*),
            count(*) filter (where item_id is null),
            count(*) filter (where created_text is not null and created_at is null),
            count(*) filter (where zip_text is not null and postcode is null),
            count(*) filter (where author_type is not null and person_kind is null),
            count(*) - count(distinct item_id) - count(*) filter (where item_id is null),
            count(*) filter (where author_id is null),
            coalesce(sum(answered_questions), 0),
        from gd_rows
        left join gd_kinds using (author_type)
        """
    ).fetchone()
    rows, no_id, bad_dates, bad_zip, odd_type, repeated, anonymous, _ = counts
    if bad_dates:
        record, bad = first_bad_date(con, source, relation, params, created)
        raise InputError(source.path, f"impossible date '{bad}' in record {record} "
                         f"({bad_dates} such records)", column="publishedAt")
    batch.rows_read = rows
    batch.skip("contribution without id or reference", no_id)
    batch.skip("repeated contribution (same id)", repeated)
    if bad_zip:
        batch.warnings.append(
            f"{bad_zip} impossible zip codes ignored (the rows are kept, without postcode)"
        )
    if odd_type:
        batch.warnings.append(f"{odd_type} rows with an unknown authorType (person kind left empty)")
    if anonymous:
        batch.warnings.append(f"{anonymous} contributions without authorId (counted as anonymous)")
    record_import(con, batch)
    values = {"source_key": batch.source_key, "host": batch.host}
    con.execute(
        f"""
        insert into contributions by name
        select
            $source_key as source_key,
            '{PLATFORM}|' || $host || '|survey_answer|' || item_id as contribution_id,
            'survey_answer' as kind,
            person_id,
            case when author_id is null then 'anonymous' else 'participant' end as author_kind,
            'online' as channel,
            created_at,
            case when moderated then 'moderated' else 'published' end as status,
            true as is_free_text,
            '{PLATFORM}' as platform,
        from gd_rows
        where item_id is not null
        {"qualify row_number() over (partition by item_id) = 1" if repeated else ""}
        """,
        values,
    )
    con.execute(
        f"""
        insert into persons by name
        select
            $source_key as source_key,
            person_id,
            '{PLATFORM}' as platform,
            $host as host,
            any_value(gd_kinds.person_kind) as person_kind,
            arg_max(postcode, created_at) filter (where postcode is not null) as profile_postcode,
        from gd_rows
        left join gd_kinds using (author_type)
        where author_id is not null
        group by person_id
        """,
        values,
    )
    con.execute(
        f"""
        insert into identities by name
        select
            $source_key as source_key,
            '{PLATFORM}' as platform,
            $host as host,
            'id' as identifier_kind,
            pseudo('id:' || author_id) as identifier_hash,
            any_value(person_id) as person_id,
        from gd_rows
        where author_id is not null
        group by author_id
        """,
        values,
    )


def first_bad_date(con, source, relation, params, created) -> tuple[int, str]:
    """(record number, text) of the first unreadable date: a second, ordered pass, only on error."""
    return con.execute(
        f"""
        select record, created_text
        from (
            select row_number() over () as record, {created} as created_text from {relation}
        )
        where created_text is not null and {timestamp('created_text')} is null
        order by record
        limit 1
        """,
        params,
    ).fetchone()


def load_events(con, batch, source, relation, params) -> None:
    cell = source.cell
    con.execute(
        f"""
        create temp table gd_rows as
        select
            row_number() over () as record,
            {cell('id')} as event_id,
            {cell('title')} as title,
            {cell('start_at')} as start_text,
            {timestamp(cell('start_at'))} as start_at,
            {timestamp(cell('end_at'))} as end_at,
            try_cast({cell('lat')} as double) as latitude,
            try_cast({cell('lng')} as double) as longitude,
            {cell('full_address')} as place,
            lower(coalesce({cell('enabled')}, 'true')) in ('0', 'false', 'non', 'no', 'f') as disabled,
        from {relation}
        """,
        params,
    )
    rows, no_id, disabled, bad_dates = con.execute(
        """
        select count(*), count(*) filter (where event_id is null),
            count(*) filter (where event_id is not null and disabled),
            count(*) filter (where start_text is not null and start_at is null),
        from gd_rows
        """
    ).fetchone()
    if bad_dates:
        raise InputError(source.path, f"{bad_dates} events have an impossible startAt", column="startAt")
    batch.rows_read = rows
    batch.skip("event without id", no_id)
    batch.skip("event disabled (not shown on the platform)", disabled)
    record_import(con, batch)
    con.execute(
        f"""
        insert into meetings by name
        select
            $source_key as source_key,
            '{PLATFORM}|' || $host || '|meeting|' || event_id as meeting_id,
            title,
            'in_person' as meeting_type,
            start_at,
            end_at,
            latitude,
            longitude,
            place,
            '{PLATFORM}' as platform,
        from gd_rows
        where event_id is not null and not disabled
        qualify row_number() over (partition by event_id order by record) = 1
        """,
        {"source_key": batch.source_key, "host": batch.host},
    )
