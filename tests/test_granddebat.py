"""Grand Débat National files: the real 100-row sample, generated theme files (streamed
through DuckDB), the JSON variant, ISO-8859-1, and EVENTS.

`write_theme_file` builds a Grand Débat-style theme file of any size with DuckDB; the 500,000
row benchmark is `python tests/bench_granddebat.py`.
"""

import csv
import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from dashboard.errors import InputError
from dashboard.importers import detect, granddebat, import_paths

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
    assert any("2 impossible zip codes" in w for w in batch.warnings)
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
    assert any(f"{expected['impossible_zip_codes']} impossible zip codes" in w for w in batch.warnings)
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


def test_reimporting_the_same_theme_replaces_it(tmp_path, warehouse_file):
    path = write_theme_file(tmp_path / "DEMOCRATIE.csv", 800, delimiter=";")
    import_paths([path], warehouse_file)
    import_paths([path], warehouse_file)
    assert query(warehouse_file, "select count(*) from contributions") == [(800,)]
    assert query(warehouse_file, "select count(*) from imports") == [(1,)]


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
