"""Grand Débat National files: the real 100-row sample, generated theme files (streamed
through DuckDB), the JSON variant, ISO-8859-1, and EVENTS.

`write_theme_file` builds a Grand Débat-style theme file of any size with DuckDB; the 500,000
row benchmark is `python tests/bench_granddebat.py`.
"""

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from dashboard.errors import InputError
from dashboard.importers import detect, granddebat, import_paths
from dashboard.importers.common import postcode_sql
from dashboard.messages import Message
from dashboard.privacy import pseudo, register_sql_pseudo

SAMPLE = "capcollectif/granddebat-2019-sample/ORGANISATION_DE_LETAT_ET_DES_SERVICES_PUBLICS-100rows-answers-classified.tsv"
AUTHOR_TYPES = ("Citoyen / Citoyenne", "Élu / élue et Institution", "Organisation à but lucratif",
                "Organisation à but non lucratif")
QUESTIONS = (
    "UXVlc3Rpb246MTQ3 - Que pensez-vous de l'organisation, aujourd'hui ?",
    "UXVlc3Rpb246MTQ4 - Si oui, lesquelles ?",
    "UXVlc3Rpb246MTQ5 - Quels services publics, selon vous, doivent évoluer ?",
)


def write_theme_file(path: Path, rows: int, delimiter: str = "\t", encoding: str = "utf-8") -> Path:
    """A theme file in the official layout. Row i (0-based):
    author 'VXNlcjo<i mod rows/2>' (each author writes 2 rows, i and i + rows/2),
    authorType AUTHOR_TYPES[i mod 4], trashed when i mod 50 = 0,
    zip code '99' (impossible) when i mod 97 = 0, a 4-digit code when i mod 10 = 3, else 5 digits,
    question 1 multi-line with quotes and commas when i mod 1000 = 7, question 2 empty when i mod 3 = 0.
    """
    half = rows // 2
    types = ", ".join(f"'{t}'" for t in AUTHOR_TYPES)
    con = duckdb.connect()
    con.execute(
        f"""
        copy (
            select
                'UHJvcG9zYWw6' || i as "id",
                '4-' || i as "reference",
                'Contribution ' || i as "title",
                strftime(timestamp '2019-01-22 09:00:00' + to_seconds(i), '%Y-%m-%d %H:%M:%S') as "createdAt",
                strftime(timestamp '2019-01-22 09:00:00' + to_seconds(i), '%Y-%m-%d %H:%M:%S') as "publishedAt",
                '' as "updatedAt",
                case when i % 50 = 0 then 'true' else 'false' end as "trashed",
                case when i % 50 = 0 then 'invisible' else '' end as "trashedStatus",
                'VXNlcjo' || (i % {half}) as "authorId",
                [{types}][i % 4 + 1] as "authorType",
                case
                    when i % 97 = 0 then '99'
                    when i % 10 = 3 then lpad((1000 + i % 8000)::varchar, 4, '0')
                    else (10000 + i % 85000)::varchar
                end as "authorZipCode",
                case when i % 1000 = 7 then 'ligne 1' || chr(10) || 'ligne "2", fin'
                     else 'Réponse ' || i end as "{QUESTIONS[0]}",
                case when i % 3 = 0 then '' else 'Oui' end as "{QUESTIONS[1]}",
                'Les impôts, la santé | la justice' as "{QUESTIONS[2]}",
            from range({rows}) as t(i)
        ) to '{path}' (header, delimiter '{delimiter}', quote '"')
        """
    )
    if encoding != "utf-8":  # DuckDB writes UTF-8 only; small files are re-encoded here
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    return path


def expected_theme_counts(rows: int) -> dict:
    """What write_theme_file(rows) must import to, computed from its rules (rows multiple of 8)."""
    return {
        "contributions": rows,
        "moderated": len(range(0, rows, 50)),  # i mod 50 = 0
        "persons": rows // 2,  # two rows per author
        # rows/2 is a multiple of 4, so both rows of an author have the same authorType
        "persons_by_kind": rows // 2 // 4,
        "impossible_zip_codes": len(range(0, rows, 97)),
        # an author's two rows i and i + rows/2 are never both multiples of 97 here
        "persons_with_postcode": rows // 2,
    }


def query(warehouse_file, sql, params=None):
    con = duckdb.connect(str(warehouse_file), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_the_real_sample_is_recognised_and_imported(real_exports, warehouse_file):
    path = real_exports / SAMPLE
    with open(path, encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh, delimiter="\t"))
    zips = [r["authorZipCode"].strip() for r in records]
    # counted by hand from the file: the two malformed codes are '115093' (6 digits) and '99'
    malformed = [z for z in zips if not (len(z) == 5 and z.isdigit())]
    assert len(records) == 100 and len(malformed) == 2
    module, entity = detect(path)
    assert module is granddebat and entity == "contributions"

    (batch,) = import_paths([path], warehouse_file)

    assert (batch.rows_read, batch.rows_kept, batch.rows_skipped) == (100, 100, 0)
    assert Message.of("impossible_postcodes", n=2) in batch.warnings
    # the sample has no trashed columns: it cannot reveal moderation
    assert batch.moderation_measurable is False
    assert query(warehouse_file, "select kind, is_free_text, count(*) from contributions group by all") == [
        ("survey_answer", True, 100)
    ]
    authors = {r["authorId"] for r in records}
    with_valid_zip = {r["authorId"] for r in records if r["authorZipCode"].strip() not in malformed}
    assert query(warehouse_file, "select count(*), count(profile_postcode) from persons") == [
        (len(authors), len(with_valid_zip))
    ]
    assert query(warehouse_file, "select count(*) from identities where identifier_kind = 'id'") == [
        (len(authors),)
    ]
    # publishedAt is Paris wall clock: 2019-01-22 09:54:49 (CET, UTC+1) is 08:54:49 UTC
    first = records[0]["publishedAt"]
    assert query(warehouse_file,
                 "select count(*) from contributions where created_at = ?::timestamp - interval 1 hour",
                 [first]) >= [(1,)]
    # no answer text and no author id in clear anywhere in the warehouse
    con = duckdb.connect(str(warehouse_file), read_only=True)
    dump = " ".join(str(row) for table in ("contributions", "persons", "identities")
                    for row in con.execute(f"select * from {table}").fetchall())
    con.close()
    assert records[0]["authorId"] not in dump


def test_a_generated_theme_file_streams_to_exact_counts(tmp_path, warehouse_file):
    rows = 20_000
    path = write_theme_file(tmp_path / "LA_TRANSITION_ECOLOGIQUE.csv", rows)
    expected = expected_theme_counts(rows)

    (batch,) = import_paths([path], warehouse_file)

    assert batch.loader is not None  # streamed by DuckDB, not parsed row by row in Python
    assert (batch.rows_read, batch.rows_skipped) == (rows, 0)
    assert batch.moderation_measurable is True
    assert Message.of("impossible_postcodes", n=expected["impossible_zip_codes"]) in batch.warnings
    assert query(warehouse_file, "select status, count(*) from contributions group by all order by 1") == [
        ("moderated", expected["moderated"]),
        ("published", rows - expected["moderated"]),
    ]
    assert query(warehouse_file, "select count(*), count(profile_postcode) from persons") == [
        (expected["persons"], expected["persons_with_postcode"])
    ]
    assert query(warehouse_file, "select person_kind, count(*) from persons group by 1 order by 1") == [
        (kind, expected["persons_by_kind"])
        for kind in ("citizen", "elected", "organisation_nonprofit", "organisation_profit")
    ]
    # 4-digit codes are padded: row 3 has 1000 + 3 -> '1003' -> '01003'
    assert query(warehouse_file, "select count(*) from persons where profile_postcode = '01003'") == [(1,)]
    assert query(warehouse_file, "select count(distinct person_id) from contributions") == [
        (expected["persons"],)
    ]
    # hashed on a thread of its own while DuckDB reads it, and logged whole
    assert query(warehouse_file, "select checksum from imports") == [
        (hashlib.sha256(path.read_bytes()).hexdigest(),)
    ]


def test_reimporting_the_same_theme_replaces_it(tmp_path, warehouse_file):
    path = write_theme_file(tmp_path / "DEMOCRATIE.csv", 800, delimiter=";")
    import_paths([path], warehouse_file)
    import_paths([path], warehouse_file)
    assert query(warehouse_file, "select count(*) from contributions") == [(800,)]
    assert query(warehouse_file, "select count(*) from imports") == [(1,)]
    # the narrow answers and their authors were replaced too, not added to
    assert query(warehouse_file, "select (select count(*) from survey_answers) + "
                 "(select count(*) from contribution_rows)") == [(800,)]
    assert query(warehouse_file, "select count(*), count(distinct author_no) from survey_authors") \
        == query(warehouse_file, "select count(*), count(*) from persons")


def test_iso_8859_1_comma_file(tmp_path, warehouse_file):
    path = write_theme_file(tmp_path / "FISCALITE.csv", 80, delimiter=",", encoding="latin-1")
    assert b"\xc9lu" in path.read_bytes()  # 'Élu' in ISO-8859-1
    (batch,) = import_paths([path], warehouse_file)
    assert batch.rows_read == 80
    # 80 rows, 40 authors, authorType i mod 4: 10 of each kind
    assert query(warehouse_file, "select count(*) from persons where person_kind = 'elected'") == [(10,)]


def test_the_json_variant(tmp_path, warehouse_file):
    records = [
        {"id": "UHJvcG9zYWw6MQ==", "reference": "1-1", "title": "a", "createdAt": "2019-01-22 10:00:00",
         "publishedAt": "2019-01-22 10:00:00", "updatedAt": None, "trashed": False,
         "trashedStatus": None, "authorId": "VXNlcjox", "authorType": "Citoyen / Citoyenne",
         "authorZipCode": "6100",
         "responses": [{"questionId": "UXVlc3Rpb246MQ==", "questionTitle": "Q1", "value": "oui",
                        "formattedValue": "oui"},
                       {"questionId": "UXVlc3Rpb246Mg==", "questionTitle": "Q2", "value": None,
                        "formattedValue": None}]},
        {"id": "UHJvcG9zYWw6Mg==", "reference": "1-2", "title": "b", "createdAt": "2019-01-23 10:00:00",
         "publishedAt": "2019-01-23 10:00:00", "updatedAt": None, "trashed": True,
         "trashedStatus": "INVISIBLE", "authorId": "VXNlcjoy",
         "authorType": "Organisation à but non lucratif", "authorZipCode": "2A004",
         "responses": []},
    ]
    path = tmp_path / "LA_FISCALITE_ET_LES_DEPENSES_PUBLIQUES.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")

    (batch,) = import_paths([path], warehouse_file)

    assert batch.rows_read == 2 and batch.moderation_measurable is True
    assert query(warehouse_file, "select status, count(*) from contributions group by 1 order by 1") == [
        ("moderated", 1), ("published", 1)
    ]
    # '6100' is padded to '06100'; Corsican '2A004' is kept as typed
    assert query(warehouse_file, "select person_kind, profile_postcode from persons order by 1") == [
        ("citizen", "06100"), ("organisation_nonprofit", "2A004")
    ]


def test_events_become_in_person_meetings(tmp_path, warehouse_file):
    path = tmp_path / "EVENTS.csv"
    header = ["id", "title", "createdAt", "updatedAt", "startAt", "endAt", "enabled", "lat", "lng",
              "fullAddress", "link", "url", "body", "authorId", "authorType", "authorZipCode"]
    rows = [
        ["RXZlbnQ6MQ==", "Réunion, mairie", "2019-01-20 10:00:00", "", "2019-02-01 18:00:00",
         "2019-02-01 20:00:00", "1", "45.75", "4.85", "1 place de la Mairie, 69001 Lyon", "", "",
         "", "VXNlcjox", "Élu / élue et Institution", "69001"],
        ["RXZlbnQ6Mg==", "Débat", "2019-01-21 10:00:00", "", "2019-02-02 18:00:00", "", "1", "", "",
         "", "", "", "", "VXNlcjoy", "Citoyen / Citoyenne", "75011"],
        ["RXZlbnQ6Mw==", "Annulé", "2019-01-21 10:00:00", "", "2019-02-03 18:00:00", "", "0", "", "",
         "", "", "", "", "VXNlcjoy", "Citoyen / Citoyenne", "75011"],
    ]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    assert detect(path)[1] == "events"

    (batch,) = import_paths([path], warehouse_file)

    # 3 events, 1 disabled
    assert (batch.rows_read, batch.rows_kept) == (3, 2)
    assert query(warehouse_file, "select meeting_type, count(*), count(latitude) from meetings group by 1") == [
        ("in_person", 2, 1)
    ]
    # 18:00 Paris (CET) is 17:00 UTC
    assert query(warehouse_file, "select min(start_at)::varchar from meetings") == [("2019-02-01 17:00:00",)]


def test_an_unreadable_date_names_the_record(tmp_path, warehouse_file):
    path = write_theme_file(tmp_path / "THEME.csv", 16)
    text = path.read_text(encoding="utf-8").replace("2019-01-22 09:00:05", "22/13/2019 9h", 2)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="impossible date '22/13/2019 9h' in record 6"):
        import_paths([path], warehouse_file)


def test_decidim_and_roster_files_are_not_claimed(tmp_path):
    decidim = tmp_path / "proposals.csv"
    decidim.write_text("id;author/id;author/name;published_at;title/fr\n1;2;x;2020-01-01;t\n", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("email,circle,postcode\na@b.c,1,75011\n", encoding="utf-8")
    for path in (decidim, roster):
        assert granddebat.detect(path, []) is None


def test_the_generator_writes_what_its_docstring_says(tmp_path):
    path = write_theme_file(tmp_path / "T.csv", 200)
    with open(path, encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh, delimiter="\t"))
    assert len(records) == 200
    assert Counter(r["trashed"] for r in records)["true"] == 4  # 0, 50, 100, 150
    assert sum(r["authorZipCode"] == "99" for r in records) == 3  # 0, 97, 194
    assert len({r["authorId"] for r in records}) == 100


# The plain per-row SQL the loader ran before it was made cheaper at scale: every faster
# step must import what this imports.
def reference_import(path: Path, host: str = granddebat.DEFAULT_HOST) -> dict:
    source = granddebat.CsvSource(path, granddebat.sniff_layout(path))
    relation, params = source.relation()

    def cell(field):
        index = source.position.get(field)
        return f"nullif(trim(c{index}), '')" if index is not None else "null::varchar"

    created = f"coalesce({cell('created_at')}, {cell('published_at')})"
    kind = granddebat.PERSON_KIND.format(t="strip_accents(lower(author_type))")
    con = duckdb.connect()
    register_sql_pseudo(con)
    con.execute(
        f"""
        create table rows as
        select *, pseudo('granddebat|' || $host || '|id:' || author_id) as person_id, {kind} as person_kind,
        from (
            select
                coalesce({cell('id')}, {cell('reference')}) as item_id,
                {cell('author_id')} as author_id,
                {created} as created_text,
                ((try_cast({created} as timestamp) at time zone 'Europe/Paris') at time zone 'UTC') as created_at,
                lower(coalesce({cell('trashed')}, '')) in ('1', 'true', 'oui', 'yes', 't')
                    or lower(coalesce({cell('trashed_status')}, 'null'))
                        not in ('null', 'none', 'false', '0', 'published', '') as moderated,
                {cell('author_zip_code')} as zip_text,
                {postcode_sql(cell('author_zip_code'))} as postcode,
                {cell('author_type')} as author_type,
            from {relation}
        )
        """,
        {**params, "host": host},
    )
    rows, no_id, bad_zip, odd_type, repeated, anonymous = con.execute(
        """
        select count(*), count(*) filter (where item_id is null),
            count(*) filter (where zip_text is not null and postcode is null),
            count(*) filter (where author_type is not null and person_kind is null),
            count(*) - count(distinct item_id) - count(*) filter (where item_id is null),
            count(*) filter (where author_id is null),
        from rows
        """
    ).fetchone()
    result = {
        "counts": (rows, no_id, bad_zip, odd_type, repeated, anonymous),
        "contributions": con.execute(
            """
            select 'granddebat|' || $host || '|survey_answer|' || case
                    when author_id is null
                        then pseudo('granddebat|' || $host || '|survey_answer|' || item_id)
                    else person_id || '.' || coalesce(epoch_us(created_at)::varchar, '') || '.'
                        || row_number() over (partition by person_id, created_at order by item_id)
                end,
                person_id,
                case when author_id is null then 'anonymous' else 'participant' end, created_at,
                case when moderated then 'moderated' else 'published' end,
            from (
                select * from rows where item_id is not null
                qualify row_number() over (partition by item_id) = 1
            )
            order by all
            """,
            {"host": host},
        ).fetchall(),
        "persons": con.execute(
            """
            select person_id, any_value(person_kind),
                arg_max(postcode, created_at) filter (where postcode is not null),
            from rows where author_id is not null group by person_id order by all
            """
        ).fetchall(),
        "identities": con.execute(
            """
            select pseudo('id:' || author_id), any_value(person_id)
            from rows where author_id is not null group by author_id order by all
            """
        ).fetchall(),
    }
    con.close()
    return result


def write_tricky_theme_file(path: Path) -> Path:
    """Rows that exercise every shortcut of the loader (one line each, by hand):
    padded cells (spaces, no-break spaces, an ideographic space), ids only in reference or
    missing, a repeated id (identical rows, so which one is kept does not matter), trashed and
    trashedStatus in several spellings, authors typing their id, zip code and type with and
    without padding, an author whose latest row has an impossible zip code, 4-digit and
    Corsican codes, an unknown account type, no author, Paris times on and around both clock
    changes of 2019 and in 2005 and 2045, a question holding only no-break spaces."""
    nbsp, ideographic = "\u00a0", "\u3000"
    header = ["id", "reference", "title", "createdAt", "publishedAt", "updatedAt", "trashed",
              "trashedStatus", "authorId", "authorType", "authorZipCode", QUESTIONS[0], QUESTIONS[1]]
    rows = [
        # id, reference, createdAt, publishedAt, trashed, trashedStatus, authorId, authorType, zip, q1, q2
        ("P1", "1-1", "2019-01-22 09:00:00", "", "false", "", "A1", "Citoyen", "75011", "oui", ""),
        (" P2 ", "1-2", "2019-03-31 01:59:59", "", "FALSE", "published", " A1", "Citoyen ", " 75011", "x", nbsp),
        ("", "1-3", "2019-03-31 02:30:00", "", "true", "", "A1 ", "Citoyen", "6100", "", "y"),
        ("", "", "2019-03-31 03:00:00", "", "0", "INVISIBLE", "A2", "Élu / élue et Institution", "2A004", "", ""),
        ("P5", "1-5", "2019-10-27 02:30:00", "", " oui", "", "A2", "Élu / élue et Institution", "99", "z", ""),
        ("P6", "1-6", "", "2019-10-27 03:00:00", "1", "false", f"{nbsp}A3{nbsp}", "Organisation à but lucratif", "13001", "", ""),
        ("P7", "1-7", "2019-10-27 01:59:59", "", "", "none", "A3", "Organisation à but lucratif", "13002", "", ""),
        ("P8", "1-8", "2005-06-01 12:00:00", "", "yes", "", "A3", "Organisation à but lucratif", "1300", "", ""),
        ("P9", "1-9", "2045-06-01 12:00:00", "", "", "Published", "A4", "Pirate", "", "", ""),
        ("P10", "1-10", "2019-07-14 12:00:00", "", "t", "", "", "Citoyen", "75001", "", ""),
        ("P11", "1-11", "2019-07-14 12:00:00", "", "false", "", "A5", "Organisation à but non lucratif", f"{ideographic}69001", "", ""),
        ("P11", "1-11", "2019-07-14 12:00:00", "", "false", "", "A5", "Organisation à but non lucratif", f"{ideographic}69001", "", ""),
        ("P13", "1-13", "2019-12-31 23:59:59", "", "false", "", "A6", "", "06 100", "", ""),
        ("P14", "1-14", "2019-12-31 23:59:59", "", "false", "", "A6", "Citoyen", "AB123", "", ""),
        (f"{ideographic}P15", "1-15", "2019-11-01 00:00:00", "", "false", " ", "A7", "citoyen / citoyenne", "97411", "", ""),
    ]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t")
        writer.writerow(header)
        for r in rows:
            writer.writerow([r[0], r[1], "t", r[2], r[3], "", r[4], r[5], r[6], r[7], r[8], r[9], r[10]])
    return path


def test_the_loader_imports_what_the_plain_per_row_sql_imports(tmp_path, warehouse_file):
    path = write_tricky_theme_file(tmp_path / "DEMOCRATIE_ET_CITOYENNETE.csv")
    expected = reference_import(path)
    # 15 rows: 1 without id or reference (row 4), 1 repeated id (row 12), no author on row 10;
    # impossible zip codes: '99', 'AB123' (2); unknown type: 'Pirate' (1)
    assert expected["counts"] == (15, 1, 2, 1, 1, 1)

    (batch,) = import_paths([path], warehouse_file)

    assert (batch.rows_read, batch.skipped_codes()) == (15, {
        "no_id_or_reference": 1, "repeated_id": 1})
    assert batch.warnings == [
        Message.of("impossible_postcodes", n=2),
        Message.of("granddebat_unknown_author_type", n=1),
        Message.of("granddebat_anonymous", n=1),
    ]
    got = {
        "contributions": query(warehouse_file, """
            select contribution_id, person_id, author_kind, created_at, status from contributions
            order by all"""),
        "persons": query(warehouse_file, "select person_id, person_kind, profile_postcode from persons order by all"),
        "identities": query(warehouse_file, "select identifier_hash, person_id from identities order by all"),
    }
    assert got == {k: v for k, v in expected.items() if k != "counts"}
    # and by hand: 7 authors, A1 typed three ways is one person; A3's latest valid code is
    # '13001' (2019-10-27 03:00 Paris is 02:00 UTC, after the clock change) over '13002'
    # (01:59:59 Paris, still summer time: 23:59:59 UTC the day before)
    assert len(got["persons"]) == 7
    postcodes = {person: postcode for person, _, postcode in got["persons"]}
    assert postcodes[pseudo("granddebat|granddebat.fr|id:A3")] == "13001"
    assert query(warehouse_file, "select count(*) from contributions where person_id = ?",
                 [pseudo("granddebat|granddebat.fr|id:A1")]) == [(3,)]
    # A6 answered twice in the same second (P13, P14): the ids are the author's pseudonym,
    # the time in microseconds since 1970 (2019-12-31 23:59:59 Paris = 22:59:59 UTC) and the
    # rank of the platform id among that second's answers; no platform id is stored
    a6 = pseudo("granddebat|granddebat.fr|id:A6")
    prefix = f"granddebat|granddebat.fr|survey_answer|{a6}.1577833199000000."
    assert query(warehouse_file, "select contribution_id from contributions where person_id = ?"
                 " order by all", [a6]) == [(prefix + "1",), (prefix + "2",)]
    assert query(warehouse_file, "select count(*) from contributions where contribution_id"
                 " similar to '.*(P1|P5|1-3)[^0-9].*'") == [(0,)]


def test_trimming_shortcut_matches_trim_on_every_character():
    """trimmed() skips trim() on cells it cannot change: every code point, alone, before,
    after and around a letter, gives what trim() gives."""
    con = duckdb.connect()
    mismatches = con.execute(
        f"""
        with
        characters as (
            select case when i between 55296 and 57343 then 'y' else chr(i::int) end as c
            from range(1, 1114112) as t(i)
        ),
        cells as (
            select unnest([c, c || 'a', 'a' || c, c || 'a' || c, '', null]) as x from characters
        )
        select
            count(*) filter (where {granddebat.trimmed('x')} is distinct from nullif(trim(x), '')),
        from cells
        """
    ).fetchone()
    assert mismatches == (0,)


def test_a_broken_answer_still_names_its_line(tmp_path, warehouse_file):
    """Answers are not kept, but their cells are still read: a byte that is not UTF-8 in an
    answer, after a first megabyte that is, is refused with its line."""
    path = write_theme_file(tmp_path / "THEME.csv", 8_000, delimiter=",")
    good = path.read_bytes()
    assert len(good) > granddebat.SAMPLE_BYTES  # the encoding is judged on the first megabyte
    # DuckDB numbers lines by record: the header is line 1, the 8,000 records 2 to 8,001
    path.write_bytes(good + b"UHJvcG9zYWw6X,9-x,t,2019-02-01 10:00:00,2019-02-01 10:00:00,,false,,"
                            b"VXNlcjoX,Citoyen,75011,R\xe9ponse,Oui,x\n")
    with pytest.raises(InputError, match="line 8002: cannot read this file"):
        import_paths([path], warehouse_file)


def test_the_same_answers_in_two_files_are_counted_once(tmp_path, warehouse_file):
    """A theme downloaded twice under two names, or cut into overlapping parts, brings the same
    answers twice: their ids (author, time, rank in that second) are the same, so they are
    counted once. The tricky file: 15 rows, 1 without id, 1 repeated: 13 answers."""
    whole = write_tricky_theme_file(tmp_path / "DEMOCRATIE_ET_CITOYENNETE.csv")
    copy = tmp_path / "DEMOCRATIE_ET_CITOYENNETE (1).csv"
    copy.write_bytes(whole.read_bytes())
    lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    part = tmp_path / "DEMOCRATIE_PARTIE_2.csv"  # the header and the last 5 rows (P11 to P15)
    part.write_text("".join(lines[:1] + lines[-5:]), encoding="utf-8")
    import_paths([whole, copy, part], warehouse_file)
    assert query(warehouse_file, "select count(*) from contributions") == [(13 + 13 + 4,)]
    assert query(warehouse_file, "select count(*) from contribution_facts") == [(13,)]
    # By hand: of the 13 answers of a file, P10's has no author and is a row of its own (twice:
    # the whole file and its copy, kept once); the other 12 are narrow rows, as are the part's
    # 4. Those of the copy (12) and of the part (4) are dropped as repeats.
    assert query(warehouse_file, "select count(*) from survey_answers") == [(12 + 12 + 4,)]
    assert query(warehouse_file, "select count(*) from dropped_answers") == [(12 + 4,)]
    assert query(warehouse_file, "select count(*) from contribution_rows") == [(2,)]
    assert query(warehouse_file, "select count(*) from contribution_facts where person_key is null"
                 ) == [(1,)]


# what says when or in which order a file was imported, not what it holds
IMPORT_TIMES = {"imports": "exclude (import_id, imported_at)",
                "objective_versions": "exclude (recorded_at)"}
# Authors are numbered in whatever order DuckDB's threads find them, on every import: the
# answers are compared as the view `contributions` gives them (by pseudonym, time and rank).
NUMBERED = ("survey_answers", "survey_authors")


def _stored(path) -> dict:
    """Every table of a warehouse as sorted rows, without the times of the import."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [t for (t,) in con.execute(
            "select table_name from duckdb_tables() where not temporary order by 1").fetchall()
            if t not in NUMBERED] + ["contributions"]
        return {t: sorted(con.execute(f"select * {IMPORT_TIMES.get(t, '')} from {t}").fetchall(),
                          key=repr)
                for t in tables}
    finally:
        con.close()


def test_a_sheet_naming_meetings_does_not_hold_back_the_files_after_it(tmp_path, monkeypatch):
    """A sign-in sheet or paper proposals sheet checks its meetings against every file of the
    import, so it loads once all the others have; the files listed after it load as soon as
    they are parsed. A theme file, which loads beside the writer, is read and started first,
    wherever it is listed."""
    from dashboard import bench, importers

    files = bench.write_scaled_campaign(tmp_path / "exports", 20_000, 2026, 2)
    names = list(files)
    assert names.index("emargement.csv") < names.index("LA_VIE_DANS_NOS_QUARTIERS.csv")
    events = []
    real_start, real_load = importers.Beside.start, importers.load

    def start(self, batch):
        events.append(("beside", batch.file_name))
        real_start(self, batch)

    def load(con, batch):
        events.append(("writer", batch.file_name))
        real_load(con, batch)

    monkeypatch.setattr(importers.Beside, "start", start)
    monkeypatch.setattr(importers, "load", load)
    bench.import_campaign(files, tmp_path / "warehouse.duckdb")
    order = [name for _, name in events]
    meeting_sheets = [name for name in order if name.startswith(("emargement", "propositions_papier"))]
    assert sorted(meeting_sheets) == sorted(
        ["emargement.csv", "emargement-consultation.csv", "propositions_papier.csv",
         "propositions_papier-consultation.csv"])
    assert set(order[-len(meeting_sheets):]) == set(meeting_sheets)
    # the theme, listed after a dozen files, starts first
    assert events[0] == ("beside", "LA_VIE_DANS_NOS_QUARTIERS.csv")
    [(attendances,)] = query(tmp_path / "warehouse.duckdb",
                             "select count(*) from contributions where kind = 'attendance'")
    assert attendances > 0


def test_a_theme_file_loaded_beside_the_other_files_gives_the_same_warehouse(
    tmp_path, monkeypatch
):
    """The Grand Débat file loads on a connection of its own while the writer loads the Cap
    Collectif export and the sheets after it; every table comes out as when they load one
    after the other, and a broken theme file still stops the whole import."""
    from dashboard import bench, importers

    files = bench.write_scaled_campaign(tmp_path / "exports", 20_000, 2026, 2)
    assert any(path.name.isupper() or path.stem.isupper() for path in files.values())
    started = []
    real_start = importers.Beside.start
    monkeypatch.setattr(importers.Beside, "start",
                        lambda self, batch: started.append(batch.file_name) or real_start(self, batch))
    bench.import_campaign(files, tmp_path / "beside.duckdb")
    assert started == ["LA_VIE_DANS_NOS_QUARTIERS.csv"]

    monkeypatch.setattr(importers.Beside, "start",
                        lambda self, batch: importers.load(self.con, batch))
    bench.import_campaign(files, tmp_path / "in-turn.duckdb")
    beside, in_turn = _stored(tmp_path / "beside.duckdb"), _stored(tmp_path / "in-turn.duckdb")
    assert beside.keys() == in_turn.keys()
    assert len(beside["contributions"]) > 15_000 and len(beside["contribution_rows"]) > 1_000
    for table in beside:
        assert beside[table] == in_turn[table], table

    monkeypatch.setattr(importers.Beside, "start", real_start)
    theme = files["LA_VIE_DANS_NOS_QUARTIERS.csv"]
    theme.write_text(theme.read_text(encoding="utf-8").replace(
        "2025-11-1", "2025-13-1", 1), encoding="utf-8")
    before = hashlib.sha256((tmp_path / "beside.duckdb").read_bytes()).hexdigest()
    territory = (bench.demo.TERRITORY_FILE, bench.demo.POSTCODE_FILE)
    with pytest.raises(InputError) as raised:
        import_paths([path for name, path in files.items() if name not in territory],
                     tmp_path / "beside.duckdb")
    assert Path(raised.value.path).name == "LA_VIE_DANS_NOS_QUARTIERS.csv"
    assert hashlib.sha256((tmp_path / "beside.duckdb").read_bytes()).hexdigest() == before

    # a file after it fails while the theme still loads: the theme's load is interrupted
    theme.write_text(theme.read_text(encoding="utf-8").replace(
        "2025-13-1", "2025-11-1", 1), encoding="utf-8")
    files["phases.csv"].write_text("nom;du;au\nouverte;x;y\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        import_paths([path for name, path in files.items() if name not in territory],
                     tmp_path / "beside.duckdb")
    assert Path(raised.value.path).name == "phases.csv"
    assert hashlib.sha256((tmp_path / "beside.duckdb").read_bytes()).hexdigest() == before
