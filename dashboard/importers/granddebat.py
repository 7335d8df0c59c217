"""Grand Débat National open data (Cap Collectif, 2019): theme files and EVENTS.

A theme file has hundreds of thousands of rows, so it is never read into Python: DuckDB reads
the file inside the writer connection (`Batch.loader`) and writes the warehouse rows itself,
with identifiers pseudonymised by the SQL macro `pseudo()`. Answers are never stored (their
cells are read, so a broken one is refused), nor the platform's ids of contributions: a
contribution is told apart by its author's pseudonym and its time.

At millions of rows the file is read once into narrow rows; what is per author (pseudonym,
person kind, latest postcode) is worked out once per author, what is per text (trimming,
postcode, account type) once per distinct text, and each warehouse table is written once.
"""

import codecs
import csv
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import duckdb

from dashboard.errors import InputError
from dashboard.importers.base import (
    MAX_HEADER_BYTES,
    Batch,
    file_checksum_soon,
    first_line_too_long,
    record_import,
)
from dashboard.importers.common import (
    detect_encoding,
    header_key,
    paris_to_utc_sql,
    person_key_sql,
    postcode_sql,
)

PLATFORM = "granddebat"
DEFAULT_HOST = "granddebat.fr"
SAMPLE_BYTES = 1 << 20
DELIMITERS = ("\t", ";", ",")
# A line (a contribution, answers included) may be this long; the read buffer is set to the
# same size, as DuckDB's default for so long a line is larger buffers that cost more to fill.
MAX_LINE_BYTES = 1 << 25

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
    return [header_key(k) for k in _raw_json_keys(path)]


def _encoding_of(path: Path) -> str:
    """The file's encoding, decided on its first megabyte (see common.detect_encoding)."""
    with open(path, "rb") as fh:
        return detect_encoding(fh.read(SAMPLE_BYTES))


def utf8_file(path: Path, workdir: Path | None) -> Path:
    """The file itself when it is UTF-8, else a UTF-8 copy: DuckDB reads UTF-8 only.

    The copy is streamed into the import's own folder, which goes when the import ends (see
    tempfolders); a byte cp1252 leaves undefined becomes U+FFFD, as in the other importers.
    """
    encoding = _encoding_of(path)
    if encoding.startswith("utf-8"):
        return path
    folder = tempfile.mkdtemp(prefix=f"cercles-utf8-{os.getpid()}-", dir=workdir)
    target = Path(folder) / path.name
    with open(path, "rb") as src, open(target, "wb") as dst:
        reader = codecs.getreader(encoding)(src, errors="replace")
        writer = codecs.getwriter("utf-8")(dst)
        shutil.copyfileobj(reader, writer, 1 << 20)
    return target


def sniff_layout(path: Path) -> dict | None:
    """Encoding, delimiter and header of a Grand Débat CSV: the delimiter that exposes the
    required columns wins (question texts contain commas, so the widest split can mislead)."""
    encoding = _encoding_of(path)
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        line = fh.readline(MAX_HEADER_BYTES + 1)
    if len(line) > MAX_HEADER_BYTES:
        raise first_line_too_long(path)
    if not line.strip():
        raise InputError(path, "empty_file")
    for delimiter in DELIMITERS:
        header = next(csv.reader([line.lstrip("\ufeff")], delimiter=delimiter))
        fields = [header_key(h) for h in header]
        if entity_of(set(fields)):
            return {"encoding": encoding, "delimiter": delimiter, "header": header, "fields": fields}
    return None


# A theme's answers, authors, persons and identities: what its loader reads, it wrote
# (Batch.loads_beside).
BESIDE_ENTITIES = ("contributions",)


def parse(path: Path, entity: str, options: dict) -> Batch:
    path = Path(path)
    host = options.get("host") or DEFAULT_HOST
    theme = re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_")
    batch = Batch(
        source_key=f"{PLATFORM}|{host}|{entity}:{theme}",
        platform=PLATFORM,
        entity=entity,
        file_name=path.name,
        checksum=file_checksum_soon(path),
        host=host,
        format_version="grand débat 2019 " + ("json" if path.suffix.lower() == ".json" else "csv"),
    )
    if path.suffix.lower() == ".json":
        source = JsonSource(path, entity, options.get("workdir"))
    else:
        layout = sniff_layout(path)
        if layout is None:
            raise InputError(path, "granddebat_layout", line=1,
                             columns=THEME_FIELDS if entity == "contributions" else EVENT_FIELDS)
        source = CsvSource(path, layout, options.get("workdir"))
    if entity == "contributions":
        # The official files carry trashed/trashedStatus; extracts without them cannot tell.
        batch.moderation_measurable = bool({"trashed", "trashed_status"} & source.fields())
    batch.loader = lambda con, batch: load(con, batch, source)
    batch.loads_beside = entity in BESIDE_ENTITIES
    return batch


class CsvSource:
    """A Grand Débat CSV read by DuckDB with explicit VARCHAR columns c0..cN (names are ours,
    never the file's, so no header text ever enters SQL)."""

    def __init__(self, path: Path, layout: dict, workdir: Path | None = None):
        self.path, self.layout, self.workdir = path, layout, workdir
        self.position = {}
        for index, name in enumerate(layout["fields"]):
            self.position.setdefault(name, index)

    def fields(self) -> set[str]:
        return set(self.position)

    def raw(self, field: str) -> str:
        index = self.position.get(field)
        return f"c{index}" if index is not None else "null::varchar"

    def cell(self, field: str) -> str:
        return trimmed(self.raw(field))

    def questions_read(self) -> str:
        questions = [i for i, name in enumerate(self.layout["fields"]) if name not in THEME_FIELDS]
        return questions_read([f"c{i}" for i in questions])

    def relation(self) -> tuple[str, dict]:
        columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(self.layout["fields"])))
        sql = (
            f"read_csv($path, delim=$delim, header=false, skip=1, columns={{{columns}}}, "
            "quote='\"', escape='\"', encoding='utf-8', auto_detect=false, "
            f"max_line_size={MAX_LINE_BYTES}, buffer_size={MAX_LINE_BYTES}, parallel=true)"
        )
        params = {"path": str(utf8_file(self.path, self.workdir)),
                  "delim": self.layout["delimiter"]}
        return sql, params


class JsonSource:
    """The JSON variant: an array of objects with a `responses` list per contribution."""

    def __init__(self, path: Path, entity: str, workdir: Path | None = None):
        self.path, self.entity, self.workdir = path, entity, workdir
        # Keys become SQL identifiers: only plain names are read (the official ones are).
        self.keys = {header_key(k): k for k in _raw_json_keys(path)
                     if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k)}

    def fields(self) -> set[str]:
        return set(self.keys)

    def raw(self, field: str) -> str:
        key = self.keys.get(field)
        return f'"{key}"::varchar' if key else "null::varchar"

    def cell(self, field: str) -> str:
        return trimmed(self.raw(field))

    def questions_read(self) -> str:
        return questions_read(["responses"] if "responses" in self.keys else [])

    def relation(self) -> tuple[str, dict]:
        columns = ", ".join(
            f"'{key}': '{JSON_RESPONSES if key == 'responses' else 'VARCHAR'}'"
            for key in self.keys.values()
        )
        sql = (f"read_json($path, format='auto', columns={{{columns}}}, "
               "maximum_object_size=67108864)")
        return sql, {"path": str(utf8_file(self.path, self.workdir))}


def _raw_json_keys(path: Path) -> list[str]:
    """Keys of the first object, decoded from the file's beginning (one contribution is far
    smaller than the sample)."""
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES).decode(_encoding_of(path), errors="replace")
    try:
        first, _ = json.JSONDecoder().raw_decode(head, head.index("{"))
    except ValueError:
        raise InputError(path, "granddebat_json_unreadable") from None
    if not isinstance(first, dict) or not first:
        raise InputError(path, "granddebat_json_no_keys")
    return list(first)


def trimmed(expression: str) -> str:
    """nullif(trim(x), '') without copying x when it is all ASCII (as many bytes as
    characters) and not padded with ' ': trimming cannot change such a cell."""
    return (f"(case when strlen({expression}) = length({expression}) "
            f"and not (starts_with({expression}, ' ') or ends_with({expression}, ' ')) "
            f"then nullif({expression}, '') else nullif(trim({expression}), '') end)")


def questions_read(cells: list[str]) -> str:
    """Whether every answer is empty: the cheapest use of each answer's cell that DuckDB cannot
    leave out, so that it decodes them all and refuses a broken one with its line. Nothing
    else of the answers is worked out or kept."""
    return " and ".join(f"{cell} is null" for cell in cells) or "true"


def moderated(source) -> str:
    """True when trashed says so or trashedStatus names a state other than published; the
    usual exact cells ('false', '', no status) are decided without trimming each row."""
    trashed, status = source.raw("trashed"), source.raw("trashed_status")
    return f"""(case
        when ({trashed} is null or {trashed} in ('false', '0', ''))
            and ({status} is null or {status} in ('', 'published', 'false', '0')) then false
        else lower(coalesce({trimmed(trashed)}, '')) in ('1', 'true', 'oui', 'yes', 't')
            or lower(coalesce({trimmed(status)}, 'null'))
                not in ('null', 'none', 'false', '0', 'published', '')
    end)"""


def timestamp(expression: str) -> str:
    """A Grand Débat time (Paris wall clock, no offset) as naive UTC; unreadable -> null."""
    return paris_to_utc_sql(f"try_cast({expression} as timestamp)")


PERSON_KIND = """(case
    when {t} like 'citoyen%' then 'citizen'
    when {t} like 'elu%' or {t} like '%institution%' then 'elected'
    when {t} like '%non lucratif%' then 'organisation_nonprofit'
    when {t} like '%lucratif%' then 'organisation_profit'
end)"""


def load(con: duckdb.DuckDBPyConnection, batch: Batch, source) -> None:
    """Read the file into temporary tables of what the warehouse needs, then write it."""
    relation, params = source.relation()
    try:
        if batch.entity == "events":
            load_events(con, batch, source, relation, params)
        else:
            load_contributions(con, batch, source, relation, params)
    except duckdb.Error as exc:
        message = str(exc).strip().splitlines()[0]
        line = re.search(r"[Ll]ine:? (\d+)", str(exc))
        raise InputError(source.path, "file_unreadable", line=int(line.group(1)) if line else None,
                         detail=message) from None
    finally:
        for table in ("gd_rows", "gd_groups", "gd_authors", "gd_author_texts", "gd_repeated"):
            con.execute(f"drop table if exists {table}")


def load_contributions(con, batch, source, relation, params) -> None:
    """One read of the file into narrow rows; what is per author is worked out once per
    author, what is per text once per distinct text; then each table is written once."""
    created = f"coalesce({source.cell('created_at')}, {source.cell('published_at')})"
    read_rows(con, source, relation, params, created)
    summarise_authors(con, batch.host)
    rows, no_id, bad_dates, bad_zip, odd_type, anonymous = con.execute(
        """
        select
            coalesce(sum(rows), 0),
            coalesce(sum(without_id), 0),
            coalesce(sum(unreadable_dates), 0),
            sum(rows) filter (where zip_text is not null and postcode is null),
            sum(rows) filter (where author_type is not null and person_kind is null),
            sum(rows) filter (where author_id is null),
        from gd_groups
        """
    ).fetchone()
    if bad_dates:
        record, bad = first_bad_date(con, source, relation, params, created)
        raise InputError(source.path, "granddebat_bad_date", column="publishedAt", value=bad,
                         record=record, n=bad_dates)
    repeated = count_repeated_ids(con)
    batch.rows_read = rows
    batch.skip("no_id_or_reference", no_id)
    batch.skip("repeated_id", repeated, item="contribution")
    if bad_zip:
        batch.warn("impossible_postcodes", n=bad_zip)
    if odd_type:
        batch.warn("granddebat_unknown_author_type", n=odd_type)
    if anonymous:
        batch.warn("granddebat_anonymous", n=anonymous)
    record_import(con, batch)
    write_contributions(con, batch, repeated, anonymous)


def read_rows(con, source, relation, params, created) -> None:
    """gd_rows: the one pass over the file, keeping only the cells the warehouse needs.

    Author, zip code and account type stay as typed (trimmed later, once per distinct
    text). Question cells are read, and so checked against the file's encoding, but nothing
    of them is kept."""
    cell = source.cell
    con.execute(
        f"""
        create temp table gd_rows as
        with
        cells as (
            select
                coalesce({cell('id')}, {cell('reference')}) as item_id,
                {source.raw('author_id')} as author_text,
                {created} as created_text,
                {moderated(source)} as moderated,
                {source.raw('author_zip_code')} as zip_typed,
                {source.raw('author_type')} as type_typed,
                {source.questions_read()} as no_answer,
            from {relation}
        ),

        read_dates as (
            select * exclude (created_text), created_text is not null as dated,
                try_cast(created_text as timestamp) as created_local,
            from cells
        ),

        final as (
            select
                * exclude (created_local),
                {paris_to_utc_sql('created_local')} as created_at,
            from read_dates
        )

        select * from final
        """,
        params,
    )


def summarise_authors(con, host: str) -> None:
    """gd_groups: rows, unreadable dates and latest date per author, zip code and account
    type as typed (a profile gives an author one of each, so about one group per author),
    trimmed, with the postcode and person kind worked out once per distinct text.
    gd_authors: one row per author, pseudonymised once and numbered; gd_author_texts: each
    author cell as typed with its author's number, what the answers are joined on."""
    type_key = "strip_accents(lower(author_type))"
    con.execute(
        f"""
        create temp table gd_groups as
        with
        rows_by_typed_profile as (
            select
                author_text,
                zip_typed,
                type_typed,
                count(*) as rows,
                count(*) filter (where item_id is null) as without_id,
                count(*) filter (where dated and created_at is null) as unreadable_dates,
                max(created_at) as latest,
            from gd_rows
            group by all
        ),

        rows_by_profile as (
            select
                *,
                {trimmed('author_text')} as author_id,
                {trimmed('zip_typed')} as zip_text,
                {trimmed('type_typed')} as author_type,
            from rows_by_typed_profile
        ),

        postcodes as (
            select zip_text, {postcode_sql('zip_text')} as postcode,
            from (select distinct zip_text from rows_by_profile where zip_text is not null)
        ),

        kinds as (
            select author_type, {PERSON_KIND.format(t=type_key)} as person_kind,
            from (select distinct author_type from rows_by_profile where author_type is not null)
        ),

        final as (
            select rows_by_profile.*, postcodes.postcode, kinds.person_kind,
            from rows_by_profile
            left join postcodes using (zip_text)
            left join kinds using (author_type)
        )

        select * from final
        """
    )
    # arg_max over each group's latest date picks what arg_max over the rows would.
    # Authors are numbered after those the warehouse has: answers name them by that number.
    # `authors` is materialised so that their pseudonyms are worked out on every core before
    # the numbering, which runs on one (inlined, the pseudonyms came after it: 2.5 s against
    # 1.2 for a million authors).
    con.execute(
        f"""
        create temp table gd_authors as
        with
        authors as materialized (
            select
                author_id,
                {person_key_sql(PLATFORM, '$host', 'author_id')} as person_id,
                any_value(person_kind) as person_kind,
                arg_max(postcode, latest) filter (where postcode is not null) as profile_postcode,
                list(distinct author_text) as author_texts,
            from gd_groups
            where author_id is not null
            group by author_id
        ),

        final as (
            select
                *,
                (select coalesce(max(author_no), 0) from survey_authors)
                    + row_number() over () as author_no,
            from authors
        )

        select * from final
        """,
        {"host": host},
    )
    # the answers' join reads two columns, not the authors' pseudonyms and profiles
    con.execute(
        """
        create temp table gd_author_texts as
        select unnest(author_texts) as author_text, author_no, from gd_authors
        """
    )


def hashes_seen_twice(key: str, rows: str) -> str:
    """SQL: each 64-bit hash of `key` that two or more of `rows` share. Sorted, a repeated hash
    sits next to itself: on 9 million rows that costs half the CPU of grouping them (1.2
    CPU-s against 2.2 for the answers' ids; three alternated runs each)."""
    return f"""
        select distinct key_hash,
        from (
            select key_hash, lag(key_hash) over (order by key_hash) as previous_hash,
            from (select hash({key}) as key_hash, from {rows})
        )
        where key_hash = previous_hash
    """


def count_repeated_ids(con) -> int:
    """Rows whose id another row already has. Ids are compared by a 64-bit hash first (cheap on
    millions of rows); only ids whose hash is seen twice are compared as text, so a hash
    collision is never counted. Leaves gd_repeated: each repeated id and its row count."""
    con.execute(
        f"""
        create temp table gd_repeated as
        with
        shared_hashes as (
            {hashes_seen_twice('item_id', 'gd_rows where item_id is not null')}
        ),

        candidates as (
            select item_id, count(*) as rows,
            from gd_rows
            where item_id is not null and hash(item_id) in (select key_hash from shared_hashes)
            group by item_id
        )

        select * from candidates where rows > 1
        """
    )
    return con.execute("select coalesce(sum(rows - 1), 0) from gd_repeated").fetchone()[0]


KEEP_ALL = "select * from gd_rows where item_id is not null"
# A repeated id keeps one of its rows (any one, as before); the others pass untouched.
KEEP_ONE_PER_ID = """
    select * from gd_rows
    where item_id is not null and item_id not in (select item_id from gd_repeated)
    union all
    select * from gd_rows
    where item_id in (select item_id from gd_repeated)
    qualify row_number() over (partition by item_id) = 1
"""


def write_contributions(con, batch, repeated: int, anonymous: int) -> None:
    """survey_answers from gd_rows joined to the small authors table, survey_authors, persons
    and identities from the authors table alone; anonymous answers to contribution_rows.

    An answer is stored narrow (author number, time, rank, moderated): the view
    `contributions` gives its id, its author's pseudonym, its time in microseconds and its
    rank among the author's answers of that time (by the platform's id, which is not kept).
    That id is unique, the same in every export holding the author's answers of that second
    (two of them split across two files would share it), and says nothing the row does not.
    Writing nine million answers with their ids and pseudonyms as text cost about 13 CPU
    seconds more. An anonymous answer keeps the keyed hash of its platform id."""
    values = {"source_key": batch.source_key, "host": batch.host}
    kept = KEEP_ONE_PER_ID if repeated else KEEP_ALL
    con.execute(
        f"""
        insert into survey_answers by name
        with
        kept as ({kept}),

        authored as (
            select kept.item_id, kept.created_at, kept.moderated, gd_author_texts.author_no,
            from kept
            inner join gd_author_texts using (author_text)
        ),

        -- Among an author's answers of the same second, the order of their ids. Such seconds
        -- are looked for among 64-bit hashes first, as repeated ids are.
        shared_hashes as (
            {hashes_seen_twice('author_no, created_at', 'authored')}
        ),

        numbered as (
            select *, 1 as rank,
            from authored
            where hash(author_no, created_at) not in (select key_hash from shared_hashes)
            union all
            select *, row_number() over (partition by author_no, created_at order by item_id),
            from authored
            where hash(author_no, created_at) in (select key_hash from shared_hashes)
        )

        select author_no, created_at, rank, moderated, from numbered
        """
    )
    if anonymous:
        con.execute(
            f"""
            insert into contribution_rows by name
            with
            kept as ({kept}),

            final as (
                select
                    $source_key as source_key,
                    '{PLATFORM}|' || $host || '|survey_answer|'
                        || pseudo('{PLATFORM}|' || $host || '|survey_answer|' || item_id)
                        as contribution_id,
                    'survey_answer' as kind,
                    'anonymous' as author_kind,
                    'online' as channel,
                    created_at,
                    case when moderated then 'moderated' else 'published' end as status,
                    true as is_free_text,
                    '{PLATFORM}' as platform,
                from kept
                anti join gd_author_texts using (author_text)
            )

            select * from final
            """,
            values,
        )
    con.execute(
        """
        insert into survey_authors by name
        select $source_key as source_key, author_no, person_id,
        from gd_authors
        """,
        {"source_key": batch.source_key},
    )
    con.execute(
        f"""
        insert into persons by name
        select
            $source_key as source_key,
            person_id,
            '{PLATFORM}' as platform,
            $host as host,
            person_kind,
            profile_postcode,
        from gd_authors
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
            person_id,
        from gd_authors
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
        raise InputError(source.path, "granddebat_bad_event_dates", column="startAt", n=bad_dates)
    batch.rows_read = rows
    batch.skip("no_id", no_id, item="event")
    batch.skip("event_disabled", disabled)
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
