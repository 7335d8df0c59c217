"""The rules importers share (dashboard/importers/common.py), and their SQL twins, case by case."""

import ast
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.importers import common
from dashboard.privacy import pseudo, register_sql_pseudo

IMPORTERS = Path(common.__file__).parent


def sql_value(expression: str, value):
    con = duckdb.connect()
    register_sql_pseudo(con)
    return con.execute(f"select {expression}", {"v": value}).fetchone()[0]


# value typed -> stored postcode (None: refused, or nothing typed)
POSTCODES = [
    ("38000", "38000"),
    (" 75 011", "75011"),  # spaces go
    ("6100", "06100"),  # Excel dropped the leading zero of Nice's 06100
    ("1000.0", "01000"),  # a spreadsheet number: '.0' goes, then the zero comes back
    ("38000.0", "38000"),
    ("97411", "97411"),  # La Réunion
    ("98000", "98000"),  # Monaco
    ("2a004", "2A004"),  # Corsica typed with its department letters
    ("00123", None),  # no department 00
    ("96100", None),  # no department 96
    ("97700", None),  # no overseas department 977
    ("99", None),
    ("115093", None),  # six digits
    ("38 000 Grenoble", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("typed", "stored"), POSTCODES)
def test_one_postcode_rule_in_python_and_sql(typed, stored):
    cleaned = common.clean_postcodes(pd.Series([typed], dtype=object))
    assert cleaned.tolist() == [stored]
    assert sql_value(common.postcode_sql("$v::varchar"), typed) == stored


def test_impossible_postcodes_count_what_was_typed_and_refused():
    typed = pd.Series(["75011", "00123", "", None, "99", " "], dtype=object)
    # 00123 and 99 are refused; '', None and ' ' are no postcode at all
    assert common.impossible_postcodes(typed, common.clean_postcodes(typed)) == 2


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Code postal", "code_postal"),
        ("E-mail", "e_mail"),
        ("  Identifiant  ", "identifiant"),
        ("\ufeffid_reunion", "id_reunion"),
        ("Date de réponse", "date_de_reponse"),
        ("proposal_publishedAt", "proposal_published_at"),
        ("authorZipCode", "author_zip_code"),
        ("codeBureauVote", "code_bureau_vote"),
        ("CODE_IRIS", "code_iris"),
        ("N° de proposition", "n_de_proposition"),
        ("_id", "_id"),  # Cap Collectif's legacy internal id stays apart from `id`
    ],
)
def test_one_header_key(label, key):
    assert common.header_key(label) == key


def test_pick_columns_takes_the_first_header_of_each_role():
    roles = common.pick_columns(
        ["Courriel", "E-mail", "Code Postal"],
        {
            "email": ("email", "e_mail", "courriel"),
            "postcode": ("code_postal",),
            "circle": ("cercle",),
        },
    )
    assert roles == {"email": "E-mail", "postcode": "Code Postal"}


def test_person_keys_are_the_pseudonym_of_platform_host_and_id():
    ids = pd.Series(["12", "", "7", None, "12"], dtype=object)
    one_host = common.person_keys("decidim", "a.example.fr", ids)
    expected = [
        pseudo("decidim|a.example.fr|id:12"),
        None,
        pseudo("decidim|a.example.fr|id:7"),
        None,
        pseudo("decidim|a.example.fr|id:12"),
    ]
    assert one_host.tolist() == expected
    hosts = pd.Series(
        ["a.example.fr", "a.example.fr", "b.example.fr", "b.example.fr", "b.example.fr"]
    )
    mixed = common.person_keys("decidim", hosts, ids)
    assert mixed.tolist() == [
        expected[0],
        None,
        pseudo("decidim|b.example.fr|id:7"),
        None,
        pseudo("decidim|b.example.fr|id:12"),
    ]
    # a Series of one host is read as that host
    assert common.person_keys("decidim", hosts.iloc[:2], ids.iloc[:2]).tolist() == expected[:2]
    sql = common.person_key_sql("granddebat", "'granddebat.fr'", "$v")
    assert sql_value(sql, "A1") == pseudo("granddebat|granddebat.fr|id:A1")


# Paris wall clock -> UTC: winter +1 h, summer +2 h; 2026-03-29 02:30 does not exist (clocks
# go 02:00 -> 03:00, read as 03:30 summer time = 01:30 UTC); 2026-10-25 02:30 happens twice
# (read as winter time, 01:30 UTC).
PARIS_TIMES = [
    ("2026-01-15 18:30:00", "2026-01-15 17:30:00"),
    ("2026-07-01 12:00:00", "2026-07-01 10:00:00"),
    ("2026-03-29 01:59:00", "2026-03-29 00:59:00"),
    ("2026-03-29 02:30:00", "2026-03-29 01:30:00"),
    ("2026-03-29 03:00:00", "2026-03-29 01:00:00"),
    ("2026-10-25 01:30:00", "2026-10-24 23:30:00"),
    ("2026-10-25 02:30:00", "2026-10-25 01:30:00"),
    ("2026-10-25 03:00:00", "2026-10-25 02:00:00"),
]


def test_paris_to_utc_in_python_and_sql():
    local = pd.Series(pd.to_datetime([t for t, _ in PARIS_TIMES] + [None]))
    utc = common.paris_to_utc(local)
    assert [str(t) for t in utc[:-1]] == [u for _, u in PARIS_TIMES]
    assert pd.isna(utc.iloc[-1])
    for typed, expected in PARIS_TIMES:
        assert str(sql_value(common.paris_to_utc_sql("$v::timestamp"), typed)) == expected
    # and back: a UTC time's Paris clock (the nonexistent 02:30 comes back as 03:30)
    for typed, utc in PARIS_TIMES:
        back = str(sql_value(common.paris_of_utc_sql("$v::timestamp"), utc))
        assert back == typed.replace("03-29 02:30", "03-29 03:30")


def test_paris_to_utc_by_rule_is_the_time_zone_library_on_every_hour_and_every_change():
    """paris_to_utc_sql takes the offset from the EU rule between 1996 and 2099: it must give
    what the time zone library gives on every hour of those years, every minute of the two
    days around each change of clock, each second of the changing hours, and outside the
    rule's years (1995's autumn change was in September)."""
    con = duckdb.connect()
    con.execute(
        """
        create table local_times as
        select unnest(generate_series(
            timestamp '1994-01-01', timestamp '2101-12-31', interval 1 hour)) as l
        union all
        select change + to_minutes(m) from (
            select make_timestamp(year, month, 1, 0, 0, 0) + interval 24 day as change
            from range(1994, 2102) as years(year), (values (3), (9), (10)) as months(month)
        ), range(0, 8 * 24 * 60) as minutes(m)
        union all
        select timestamp '2019-03-31 01:59:00' + to_seconds(s) from range(0, 3700) as r(s)
        union all
        select timestamp '2019-10-27 01:59:00' + to_seconds(s) from range(0, 3700) as r(s)
        union all
        select timestamp '2099-12-31 23:59:59.999999'
        union all
        select timestamp '2100-01-01 00:00:00'
        """
    )
    rows, differing = con.execute(
        f"""
        select count(*), count(*) filter (
            where {common.paris_to_utc_sql('l')}
                is distinct from ((l at time zone 'Europe/Paris') at time zone 'UTC')
        )
        from local_times
        """
    ).fetchone()
    assert rows > 1_900_000
    assert differing == 0


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("Réunion l’été".encode("utf-8-sig"), "utf-8-sig"),
        ("Réunion l’été".encode(), "utf-8"),
        ("Réunion l’été, cœur".encode("cp1252"), "cp1252"),
        ("Réunion".encode("latin-1"), "cp1252"),  # latin-1 letters are the same bytes in cp1252
        ("é".encode() * 10 + "é".encode()[:1], "utf-8"),  # a sample cut inside a character
        (b"plain ascii", "utf-8"),
    ],
)
def test_one_encoding_rule(raw, encoding):
    assert common.detect_encoding(raw) == encoding


def test_cp1252_reads_what_latin1_would_show_as_control_characters():
    raw = "l’été, cœur".encode("cp1252")
    assert raw.decode(common.detect_encoding(raw)) == "l’été, cœur"
    assert raw.decode("latin-1") != "l’été, cœur"


def test_importers_take_shared_helpers_from_common_never_from_one_another():
    importers = {p.stem for p in IMPORTERS.glob("*.py")} - {"__init__", "base", "common"}
    for path in IMPORTERS.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                assert not (
                    parts[:2] == ["dashboard", "importers"]
                    and len(parts) == 3
                    and parts[2] in importers
                ), f"{path.name} imports {node.module}"


def test_tests_of_real_exports_skip_naming_the_folder_when_it_is_missing(tmp_path, monkeypatch):
    from tests.conftest import REAL_EXPORTS, real_exports_folder

    monkeypatch.setenv("CERCLES_REAL_EXPORTS", str(tmp_path / "elsewhere"))
    with pytest.raises(pytest.skip.Exception, match=f"no real exports at {tmp_path}/elsewhere"):
        real_exports_folder()
    monkeypatch.delenv("CERCLES_REAL_EXPORTS")
    if REAL_EXPORTS.is_dir():
        assert real_exports_folder() == REAL_EXPORTS
