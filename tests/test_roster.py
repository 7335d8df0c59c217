"""The campaign roster: parsing, pseudonymisation, and circle rule 1 against platform accounts.

The platform side is a hand-built export (what the Decidim and Cap Collectif importers
produce), loaded through the same writer, so these tests don't depend on those importers.
"""

from functools import partial
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pyproj import Transformer

from dashboard import warehouse
from dashboard.errors import InputError
from dashboard.importers import import_paths, roster
from dashboard.importers.base import Batch, record_import
from dashboard.privacy import pseudo

FIXTURES = Path(__file__).parent / "fixtures"
ROSTER_CSV = FIXTURES / "roster" / "adherents_cp1252.csv"
HOST, OTHER_HOST, CAPCO_HOST = (
    "participer.exemple.fr",
    "autre.exemple.fr",
    "consultation.exemple.fr",
)
LAMBERT93_TO_WGS84 = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


def decidim_person(host, user_id):
    return pseudo(f"decidim|{host}|id:{user_id}")


def lon_lat(x, y):
    """A point given in Lambert-93 metres, as the WGS84 lon/lat a platform would export."""
    return LAMBERT93_TO_WGS84.transform(x, y)


def platform_exports() -> list[Batch]:
    """Six platform accounts, as the platform importers would write them.

    P1 alice #101 and P2 bob #102 and P3 chloe #103 on participer.exemple.fr; P4 #101 and
    P6 eve #104 on autre.exemple.fr (in user group 7); P5 on Cap Collectif with an e-mail.
    """
    accounts = [  # person key, platform, host, user id, nickname, groups
        ("P1", "decidim", HOST, "101", "alice", None),
        ("P2", "decidim", HOST, "102", "bob", None),
        ("P3", "decidim", HOST, "103", "chloe", None),
        ("P4", "decidim", OTHER_HOST, "101", "alice2", ["7"]),
        ("P6", "decidim", OTHER_HOST, "104", "eve", ["7"]),
    ]
    ids = {key: decidim_person(host, uid) for key, _, host, uid, _, _ in accounts}
    identities = []
    for key, platform, host, uid, nickname, _ in accounts:
        identities.append((platform, host, "id", pseudo(f"id:{uid}"), ids[key]))
        identities.append((platform, host, "nickname", pseudo(f"nickname:{nickname}"), ids[key]))
    capco_id = "VXNlcjp1c2VyNQ=="
    ids["P5"] = pseudo(f"capcollectif|{CAPCO_HOST}|id:{capco_id}")
    identities.append(("capcollectif", CAPCO_HOST, "id", pseudo(f"id:{capco_id}"), ids["P5"]))
    identities.append(
        ("capcollectif", CAPCO_HOST, "email", pseudo("email:dora@exemple.fr"), ids["P5"])
    )
    persons = pd.DataFrame(
        [
            (
                ids[key],
                platform,
                host,
                "citizen",
                None,
                [pseudo(f"group:{g}") for g in groups] if groups else None,
            )
            for key, platform, host, _, _, groups in accounts
        ]
        + [(ids["P5"], "capcollectif", CAPCO_HOST, "citizen", "01002", None)],
        columns=[
            "person_id",
            "platform",
            "host",
            "person_kind",
            "profile_postcode",
            "user_group_ids",
        ],
    )
    in_gare, in_nord = lon_lat(873500, 6570500), lon_lat(872500, 6571500)
    contributions = pd.DataFrame(
        [
            (
                "decidim|participer.exemple.fr|proposal|1",
                "proposal",
                ids["P1"],
                "2026-03-02",
                *in_gare,
                None,
                "decidim",
            ),
            (
                "decidim|participer.exemple.fr|comment|1",
                "comment",
                ids["P2"],
                "2026-03-03",
                None,
                None,
                "Gare",
                "decidim",
            ),
            (
                "decidim|participer.exemple.fr|comment|2",
                "comment",
                ids["P3"],
                "2026-02-10",
                None,
                None,
                None,
                "decidim",
            ),
            (
                "decidim|autre.exemple.fr|comment|1",
                "comment",
                ids["P4"],
                "2026-03-05",
                None,
                None,
                None,
                "decidim",
            ),
            (
                "capcollectif|consultation.exemple.fr|proposal|9",
                "proposal",
                ids["P5"],
                "2026-03-06",
                None,
                None,
                "Nord",
                "capcollectif",
            ),
            (
                "decidim|autre.exemple.fr|comment|2",
                "comment",
                ids["P6"],
                "2026-03-07",
                *in_nord,
                None,
                "decidim",
            ),
        ],
        columns=[
            "contribution_id",
            "kind",
            "person_id",
            "created_at",
            "longitude",
            "latitude",
            "scope_name",
            "platform",
        ],
    ).assign(
        author_kind="participant",
        channel="online",
        status="published",
        is_free_text=True,
        created_at=lambda f: pd.to_datetime(f["created_at"]),
    )
    identity_rows = pd.DataFrame(
        identities, columns=["platform", "host", "identifier_kind", "identifier_hash", "person_id"]
    )

    def of_instance(frame, platform, host):
        same_host = (
            frame["host"] == host
            if "host" in frame
            else frame["contribution_id"].str.contains(host, regex=False)
        )
        return frame[(frame["platform"] == platform) & same_host]

    batches = []
    for platform, host in [
        ("decidim", HOST),
        ("decidim", OTHER_HOST),
        ("capcollectif", CAPCO_HOST),
    ]:
        mine = partial(of_instance, platform=platform, host=host)
        batch = Batch(
            source_key=f"{platform}|{host}|everything",
            platform=platform,
            entity="everything",
            file_name=f"{host}.csv",
            checksum="-",
            host=host,
        )
        batch.tables = {
            "identities": mine(identity_rows),
            "persons": mine(persons),
            "contributions": mine(contributions),
        }
        batch.rows_read = len(batch.tables["contributions"])
        batches.append(batch)
    return batches


def load(warehouse_file, batches):
    with warehouse.writer(warehouse_file) as con:
        for batch in batches:
            record_import(con, batch)


def circles(warehouse_file) -> dict:
    con = duckdb.connect(str(warehouse_file), read_only=True)
    facts = con.execute("select * from person_facts").fetchdf().set_index("person_id")
    con.close()
    return {pid: (row.circle, row.circle_source) for pid, row in facts.iterrows()}


def test_the_cp1252_roster_keeps_pseudonyms_only_and_counts_its_skips():
    batch = roster.parse(ROSTER_CSV, "roster", {})
    entries = batch.tables["roster_entries"]
    # 9 non-empty lines (2-10); skipped: Zoé's second line (same e-mail), jules (no
    # platform), cercle 4 (unknown), Inès (no identifier) -> 9 - 4 = 5 kept.
    assert batch.rows_read == 9
    assert batch.rows_kept == 5
    assert batch.skipped_codes() == {
        "roster_repeated_identifier": 1,
        "roster_user_without_platform": 1,
        "roster_unknown_circle": 1,
        "roster_no_identifier": 1,
    }
    # lines 2, 3, 4, 5 and 8 (line 6 repeats line 5's e-mail), stored in pseudonym order and
    # without line numbers: a row cannot be matched back to a line of the file
    assert "line_number" not in entries
    assert list(entries["identifier_hash"]) == sorted(entries["identifier_hash"])
    rows = entries.set_index("identifier_hash")
    line = {
        2: pseudo("id:101"),
        3: pseudo("nickname:bob"),
        4: pseudo("email:dora@exemple.fr"),
        5: pseudo("email:zoe@exemple.fr"),
        8: pseudo("id:104"),
    }
    assert sorted(rows.index) == sorted(line.values())
    assert rows.loc[
        line[2], ["identifier_kind", "platform", "host", "circle", "postcode"]
    ].tolist() == ["id", None, HOST, 1, "01000"]  # '@Bob' below as typed
    assert rows.loc[
        line[3], ["identifier_kind", "platform", "circle", "district_name"]
    ].tolist() == ["nickname", "decidim", 1, "nord"]
    assert rows.loc[line[4], "identifier_kind"] == "email"
    assert rows.loc[line[5], "circle"] == 2  # the first of Zoé's two lines wins
    assert rows.loc[line[8], ["platform", "circle"]].tolist() == ["decidim", 1]
    stored = entries.astype(str).to_csv()
    for clear in ("Lefèvre", "Élodie", "dora@", "zoe@", "06 01", "bob", "Bob"):
        assert clear not in stored


@pytest.mark.parametrize(
    "delimiter, encoding", [(",", "utf-8-sig"), ("\t", "utf-8"), (";", "cp1252")]
)
def test_any_delimiter_and_encoding_french_spreadsheets_write(tmp_path, delimiter, encoding):
    path = tmp_path / "adherents.csv"
    lines = [
        ["Prénom", "E-mail", "Cercle", "Code postal", "Quartier"],
        ["Zoé", "zoe@exemple.fr", "Sympathisante", "01000", "Vieux-Marché"],
    ]
    path.write_bytes("\r\n".join(delimiter.join(line) for line in lines).encode(encoding))
    entries = roster.parse(path, "roster", {}).tables["roster_entries"]
    assert entries[["identifier_kind", "circle", "postcode", "district_name"]].values.tolist() == [
        ["email", 2, "01000", "Vieux-Marché"]
    ]


def test_circle_words_are_read_whatever_their_case_and_accents():
    typed = pd.Series(
        [
            "1",
            "Militante",
            "SYMPATHISANT",
            "sympathisante",
            "Public",
            "cercle 2",
            "grand public",
            "3.0",
            "adhérent",
            "",
        ]
    )
    assert parse_list(roster.parse_circles(typed)) == [1, 1, 2, 2, 3, 2, 3, 3, None, None]


def parse_list(series):
    return [None if pd.isna(v) else int(v) for v in series]


def test_platform_column_takes_a_name_a_host_or_both():
    parsed = roster.parse_platforms(
        pd.Series(
            [
                "decidim",
                "Cap Collectif",
                "participation.lillemetropole.fr",
                "https://www.decidim.barcelona/processes",
                "decidim:participer.exemple.fr",
                "",
            ]
        )
    )
    assert parsed.values.tolist() == [
        ["decidim", None],
        ["capcollectif", None],
        [None, "participation.lillemetropole.fr"],
        [None, "www.decidim.barcelona"],
        ["decidim", "participer.exemple.fr"],
        [None, None],
    ]


def test_an_xlsx_roster_with_english_headers(tmp_path):
    path = tmp_path / "members.xlsx"
    pd.DataFrame(
        {
            "name": ["A", "B", "C"],
            "email": ["a@exemple.fr", "", ""],
            "platform": ["", "capcollectif", "decidim"],
            "platform_user": ["", "VXNlcjp1c2VyNQ==", "12"],
            "circle": ["2", "public", "1"],
            "postcode": ["1000", "", "59000"],
        }
    ).to_excel(path, index=False)
    batch = roster.parse(path, "roster", {})
    entries = batch.tables["roster_entries"].set_index("identifier_hash")
    assert batch.rows_kept == 3
    # Cap Collectif's global ids and Decidim's numbers are user ids, not nicknames.
    # the global id as Cap Collectif's exports write it now: User:user5 -> user5
    a, b, c = pseudo("email:a@exemple.fr"), pseudo("id:user5"), pseudo("id:12")
    assert entries.loc[[a, b, c], "identifier_kind"].tolist() == ["email", "id", "id"]
    # Excel's lost zero put back
    assert entries.loc[[a, b, c], "postcode"].tolist() == ["01000", None, "59000"]


def test_a_file_without_circle_or_identifier_is_not_a_roster(tmp_path):
    no_circle = tmp_path / "r.csv"
    no_circle.write_text("email;nom\na@b.fr;A\n", encoding="utf-8")
    assert roster.detect(no_circle, ["email", "nom"]) is None
    with pytest.raises(InputError, match="no circle column"):
        roster.parse(no_circle, "roster", {})


def test_the_roster_gives_circles_by_email_id_nickname_and_host(warehouse_file, tmp_path):
    load(warehouse_file, platform_exports())
    batches = import_paths([ROSTER_CSV], warehouse_file)
    assert batches[0].platform == "roster"
    got = circles(warehouse_file)
    p = {
        key: decidim_person(host, uid)
        for key, host, uid in [
            ("P1", HOST, 101),
            ("P2", HOST, 102),
            ("P3", HOST, 103),
            ("P4", OTHER_HOST, 101),
            ("P6", OTHER_HOST, 104),
        ]
    }
    p["P5"] = pseudo(f"capcollectif|{CAPCO_HOST}|id:VXNlcjp1c2VyNQ==")
    assert got[p["P1"]] == (1, "roster")  # id 101 on participer.exemple.fr only
    assert got[p["P4"]] == (3, "default")  # id 101 on the other instance is someone else
    assert got[p["P2"]] == (1, "roster")  # by nickname '@Bob'
    assert got[p["P5"]] == (2, "roster")  # by e-mail, on Cap Collectif
    assert got[p["P6"]] == (1, "roster")  # 'Decidim' + 104: every Decidim instance
    assert got[p["P3"]] == (3, "default")  # not on the roster
    assert len(got) == 6  # a roster line alone is not a participant


def test_re_importing_the_roster_replaces_it(warehouse_file, tmp_path):
    load(warehouse_file, platform_exports())
    first = tmp_path / "adherents.csv"
    first.write_text("email;cercle\ndora@exemple.fr;1\n", encoding="utf-8")
    import_paths([first], warehouse_file)
    first.write_text("email;cercle\ndora@exemple.fr;2\n", encoding="utf-8")
    import_paths([first], warehouse_file)
    con = duckdb.connect(str(warehouse_file), read_only=True)
    assert con.execute("select count(*), min(circle) from roster_entries").fetchone() == (1, 2)


def test_typed_words_are_read_once_per_distinct_value_and_land_on_every_row():
    from dashboard.importers.common import parse_circles, per_distinct, plain_text
    from dashboard.importers.roster import identifier_kind

    seen = []

    def upper(values):
        seen.append(len(values))
        return values.str.upper()

    values = pd.Series(["a", "b", "a", None, "b"], index=[10, 11, 12, 13, 14], dtype=object)
    spread = per_distinct(values, upper)
    assert seen == [3]  # 'a', 'b' and the missing value
    assert spread.index.tolist() == [10, 11, 12, 13, 14]
    assert spread.tolist()[:3] == ["A", "B", "A"] and pd.isna(spread[13]) and spread[14] == "B"
    circles = parse_circles(pd.Series([" Sympathisante", "cercle 1", "2.0", "inconnu", ""]))
    assert circles.tolist() == [2, 1, 2, pd.NA, pd.NA]
    assert plain_text(pd.Series(["À l'Étude", "a_l-etude"])).tolist() == ["a l'etude", "a l etude"]
    users = pd.Series(["123", "VXNlcjo1", "chloe", "Zoé"], dtype="string")
    assert identifier_kind(users).tolist() == ["id", "id", "nickname", "nickname"]


def linked_groups(warehouse_file) -> list[set]:
    """The persons of person_map known by more than one id, each as the set of those ids."""
    con = duckdb.connect(str(warehouse_file), read_only=True)
    groups = con.execute(
        "select list(person_id order by person_id) from person_map group by canonical_id "
        "having count(*) > 1"
    ).fetchall()
    con.close()
    return [set(ids) for (ids,) in groups]


def accounts() -> dict:
    """The person ids of platform_exports' accounts (pseudonyms of this test's key)."""
    return {
        "P1": decidim_person(HOST, 101),
        "P3": decidim_person(HOST, 103),
        "P4": decidim_person(OTHER_HOST, 101),
        "P5": pseudo(f"capcollectif|{CAPCO_HOST}|id:VXNlcjp1c2VyNQ=="),
        "P6": decidim_person(OTHER_HOST, 104),
    }


@pytest.mark.parametrize(
    ("line", "one_person"),
    [
        # dora's e-mail is P5's (Cap Collectif) and #103 on participer.exemple.fr is P3
        ("dora@exemple.fr;participer.exemple.fr;103", {"P3", "P5"}),
        # #101 with its host is P1 only (#101 on autre.exemple.fr is P4)
        ("dora@exemple.fr;participer.exemple.fr;101", {"P1", "P5"}),
        # #101 with the platform's name is an account on each instance (P1 and P4), ids being
        # numbered per instance: it links no one (both still take the line's circle)
        ("dora@exemple.fr;decidim;101", set()),
        # a nickname with the platform's name is the person on any instance: eve is P6
        ("dora@exemple.fr;decidim;eve", {"P5", "P6"}),
    ],
)
def test_the_accounts_one_roster_line_names_are_one_person(
    warehouse_file, tmp_path, line, one_person
):
    load(warehouse_file, platform_exports())
    path = tmp_path / "adherents.csv"
    path.write_text(f"courriel;plateforme;identifiant;cercle\n{line};2\n", encoding="utf-8")
    import_paths([path], warehouse_file)
    ids = accounts()
    expected = [{ids[key] for key in one_person}] if one_person else []
    assert linked_groups(warehouse_file) == expected
    if not one_person:
        got = circles(warehouse_file)
        assert got[ids["P1"]] == got[ids["P4"]] == (2, "roster")


def test_a_roster_line_links_through_sign_in_sheets_too(warehouse_file, tmp_path):
    load(warehouse_file, platform_exports())
    sheets = {
        "adherents.csv": "courriel;plateforme;identifiant;cercle\n"
        "dora@exemple.fr;participer.exemple.fr;103;2\n",
        "reunions.csv": "id_reunion;date;lieu;participants\nR1;02/03/2026;Salle;12\n",
        # signed with P3's nickname, and with P5's e-mail
        "emargement.csv": "id_reunion;identifiant\nR1;chloe\nR1;DORA@exemple.fr\n",
    }
    for name, text in sheets.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    import_paths([tmp_path / name for name in sheets], warehouse_file)
    # sheet 'chloe' -> P3 (nickname), P3 -> P5 (the roster line), P5 -> sheet 'dora' (e-mail)
    signed = {pseudo("sheet|nickname:chloe"), pseudo("sheet|email:dora@exemple.fr")}
    ids = accounts()
    assert linked_groups(warehouse_file) == [{ids["P3"], ids["P5"], *signed}]
    con = duckdb.connect(str(warehouse_file), read_only=True)
    canonical = con.execute(
        "select distinct canonical_id from person_map where person_id in ?", [list(signed)]
    ).fetchall()
    participants = con.execute("select count(*) from participant_facts").fetchone()[0]
    con.close()
    # known by its smallest account id, never a sheet's
    assert canonical == [(min(ids["P3"], ids["P5"]),)]
    # P1, P2, P4, P6 and the one person of P3, P5 and both sign-ins
    assert participants == 5
