"""Decidim open data: real exports (Lille 2019, Barcelona 0.27) and hand-built 0.27 / 0.30 files."""

import csv
import shutil
import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import pytest

from dashboard.errors import InputError
from dashboard.importers import import_paths
from dashboard.privacy import content_id, pseudo

FIXTURES = Path(__file__).parent / "fixtures" / "decidim"
V027 = FIXTURES / "v027"
V030 = FIXTURES / "v030"
HOST27 = "participer.exemple-ville.fr"
HOST30 = "concertation.exemple-ville.fr"
# Every name and nickname written in the fixtures: none may reach the warehouse in clear.
FIXTURE_IDENTITIES = [
    "Alice Martinez", "alice_m", "Bob Kowalski", "bob_k", "Collectif Vélo", "collectif_velo",
    "Carla Dupont-Lefèvre", "carla_d", "Dan Roussel", "dan_r", "Eve Nakamura", "eve_n",
    "Frank Oliveira", "frank_o", "Asso du Quartier", "asso_quartier",
]


def rows_of(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def query(warehouse_file, sql, params=None):
    con = duckdb.connect(str(warehouse_file), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def scalar(warehouse_file, sql, params=None):
    return query(warehouse_file, sql, params)[0][0]


def table_counts(warehouse_file) -> dict:
    tables = ("contributions", "proposals", "meetings", "moderations", "identities", "persons", "imports")
    return {t: scalar(warehouse_file, f"select count(*) from {t}") for t in tables}


def person(host, user_id):
    return pseudo(f"decidim|{host}|id:{user_id}")


def zip_of(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
        archive.writestr("README.md", "# Open data\n")
    return target


def test_lille_2019_files_import_with_persons_kept_per_instance(real_exports, warehouse_file):
    lille = real_exports / "decidim" / "lille-granddebat-2019"
    proposals = rows_of(lille / "propositions-libres.csv")
    debates = rows_of(lille / "debats.csv")
    comments = rows_of(lille / "commentaires_propositions_libres.csv") + rows_of(
        lille / "commentaires_debats.csv"
    )
    comments_per_host = Counter(urlparse(r["root_commentable_url"]).hostname for r in comments)
    authors = {(urlparse(r["root_commentable_url"]).hostname, r["author/id"]) for r in comments}

    batches = import_paths([lille], warehouse_file)

    assert len(proposals) == 196 and len(debates) == 29
    assert scalar(warehouse_file, "select count(*) from proposals") == 196
    assert scalar(warehouse_file, "select count(*) from contributions where kind = 'debate'") == 29
    stored = dict(query(warehouse_file, """
        select split_part(contribution_id, '|', 2), count(*) from contributions
        where kind = 'comment' group by 1
    """))
    # The proposal comments file holds participez.nancy.fr rows only; the debates' are Lille's.
    assert stored == dict(comments_per_host)
    assert scalar(warehouse_file, "select count(distinct person_id) from contributions") == len(authors)
    assert {b.format_version for b in batches} == {"decidim <0.27"}
    assert all(b.moderation_measurable is False for b in batches)
    assert all(any(w.code == "moderation_not_measurable" for w in b.warnings) for b in batches)
    # No author columns in the 2019 proposals: authors unknown, said so, nobody invented.
    assert scalar(warehouse_file, "select count(*) from proposals where person_id is not null") == 0
    proposal_batch = next(b for b in batches if b.entity == "proposals")
    assert any(w.code == "decidim_no_proposal_authors" for w in proposal_batch.warnings)
    # Early debates without an author are the organisation's.
    assert query(warehouse_file, "select distinct author_kind from contributions where kind = 'debate'") == [
        ("official",)
    ]


def test_barcelona_027_meeting_comments_with_crlf_bodies(real_exports, warehouse_file):
    path = (real_exports / "decidim" / "barcelona-0.27"
            / "www.decidim.barcelona-open-data-meeting_comments.csv")
    rows = rows_of(path)
    on_behalf_of_groups = sum(1 for r in rows if r["user_group/id"].strip())

    (batch,) = import_paths([path], warehouse_file)

    assert batch.source_key == "decidim|www.decidim.barcelona|meeting_comments"
    assert batch.format_version == "decidim 0.27"
    assert batch.rows_read == len(rows) == 2628
    assert scalar(warehouse_file, "select count(*) from contributions") == len(rows)
    assert scalar(warehouse_file, "select count(distinct person_id) from contributions") == len(
        {r["author/id"] for r in rows}
    )
    assert scalar(
        warehouse_file, "select count(*) from contributions where author_kind = 'user_group'"
    ) == on_behalf_of_groups
    first = min(rows, key=lambda r: int(r["id"]))
    assert scalar(
        warehouse_file,
        "select strftime(created_at, '%Y-%m-%d %H:%M:%S') from contributions where contribution_id = ?",
        [content_id(f"decidim|www.decidim.barcelona|comment|{first['id']}")],
    ) == first["created_at"].removesuffix(" UTC")


def number(stored_id: str, host: str, kind: str) -> str:
    """The Decidim number behind a stored (pseudonymised) content id, found among 1..999."""
    numbers = {content_id(f"decidim|{host}|{kind}|{n}"): str(n) for n in range(1, 1000)}
    return numbers[stored_id]


def test_027_proposals_origin_channel_state_and_meetings(warehouse_file):
    import_paths([V027], warehouse_file)

    proposals = {
        number(row[0], HOST27, "proposal"): row[1:]
        for row in query(warehouse_file, """
            select proposal_id, origin, channel, state, is_amendment, meeting_id,
                   person_id, status, strftime(answered_at, '%Y-%m-%d %H:%M')
            from proposals
        """)
    }
    meeting7 = f"decidim|{HOST27}|meeting|7"
    assert proposals["101"] == ("participant", "online", "accepted", False, None,
                                person(HOST27, 11), "published", "2026-03-20 09:00")
    assert proposals["102"][:6] == ("official", "online", "evaluating", False, None, None)
    # 0.27 names the site root as a meeting's url; the linked meeting with the author's id tells.
    assert proposals["103"][:6] == ("meeting", "in_person", "submitted", False, meeting7, None)
    assert proposals["104"][:5] == ("participant", "online", "submitted", True, None)
    # Two member ids behind one profile url: a user group writing through its members.
    assert proposals["105"][:3] == ("user_group", "online", "rejected")
    assert proposals["106"][5] == person(HOST27, 14)
    assert proposals["107"][2] == "withdrawn" and proposals["107"][6] == "withdrawn"
    assert proposals["108"][5] == person(HOST27, 11)  # first co-author
    assert query(warehouse_file, """
        select contribution_id, kind from contributions where kind = 'amendment'
    """) == [(content_id(f"decidim|{HOST27}|proposal|104"), "amendment")]
    # '+0100' is an offset: 17:30 in Paris is 16:30 UTC.
    assert scalar(warehouse_file, "select created_at from proposals where proposal_id = ?",
                  [content_id(f"decidim|{HOST27}|proposal|104")]).hour == 16

    meetings = {row[0]: row[1:] for row in query(warehouse_file, """
        select meeting_id, meeting_type, headcount, contributions_count, scope_name,
               strftime(start_at, '%Y-%m-%d %H:%M') from meetings
    """)}
    assert meetings[meeting7] == ("in_person", 45, 12, "Gare", "2026-03-05 17:00")
    # Nobody closed meeting 8: its zero attendees are unknown, not zero.
    assert meetings[f"decidim|{HOST27}|meeting|8"][:3] == (None, None, None)
    # Nicknames pair with the id written in the same place (co-authors included).
    for nickname, user_id in (("alice_m", 11), ("bob_k", 12)):
        assert query(warehouse_file, """
            select distinct person_id from identities
            where identifier_kind = 'nickname' and identifier_hash = ?
        """, [pseudo(f"nickname:{nickname}")]) == [(person(HOST27, user_id),)]
    # A group's nickname shared by its members pairs with nobody.
    assert scalar(warehouse_file, "select count(*) from identities where identifier_hash = ?",
                  [pseudo("nickname:collectif_velo")]) == 0


def test_030_zip_with_moderations_users_and_groups(tmp_path, warehouse_file):
    archive = zip_of(V030, tmp_path / f"{HOST30}-open-data-files.zip")

    batches = {b.entity: b for b in import_paths([archive], warehouse_file)}

    assert {e: b.format_version for e, b in batches.items() if e not in ("results", "debates", "taxonomies")} == {
        e: "decidim 0.30" for e in
        ("proposals", "meetings", "proposal_comments", "moderations", "users", "user_groups")
    }
    # Decidim writes a bare newline for an entity the platform has none of.
    assert batches["debates"].rows_read == 0 and not batches["debates"].warnings
    assert batches["moderations"].moderation_measurable is True
    assert batches["proposals"].moderation_measurable is False
    assert not any(w.code == "moderation_not_measurable" for w in batches["proposals"].warnings)
    assert [w.code for w in batches["results"].warnings] == ["decidim_unused_entity"]
    assert batches["taxonomies"].warnings == []  # a lookup, read beside the files that use it

    proposals = {
        number(row[0], HOST30, "proposal"): row[1:]
        for row in query(warehouse_file, """
            select proposal_id, origin, channel, state, is_amendment, meeting_id, person_id,
                   status, scope_name, strftime(answered_at, '%Y-%m-%d'), votes_digital
            from proposals
        """)
    }
    group = pseudo("group:50")
    assert proposals["201"] == ("participant", "online", "accepted", False, None,
                                person(HOST30, 21), "published", "Gare", "2026-04-20", 12)
    assert proposals["202"][:6] == ("meeting", "in_person", "submitted", False,
                                    f"decidim|{HOST30}|meeting|41", None)
    # Tagged 'Logement' (a theme) then 'Gare': taxonomies.csv puts Gare under '~ Quartiers'.
    assert proposals["202"][7] == "Gare"
    assert proposals["203"][:6] == ("official", "online", "evaluating", False, None, None)
    assert proposals["204"][2] == "withdrawn" and proposals["204"][6] == "withdrawn"
    assert proposals["205"][:4] == ("participant", "online", "evaluating", True)
    assert proposals["206"][:3] == ("user_group", "online", "rejected")
    assert proposals["206"][5] == person(HOST30, 23)
    for item in ("proposal|206", "comment|303"):
        assert scalar(warehouse_file, "select user_group_id from contributions "
                      "where contribution_id = ?", [content_id(f"decidim|{HOST30}|{item}")]) == group

    assert query(warehouse_file, """
        select item_id, item_kind, strftime(hidden_at, '%Y-%m-%d %H:%M'), report_count
        from moderations order by item_kind
    """) == [
        (content_id(f"decidim|{HOST30}|comment|304"), "comment", "2026-04-08 15:00", 1),
        (content_id(f"decidim|{HOST30}|proposal|207"), "proposal", "2026-04-09 10:00", 3),
    ]
    meetings = {row[0].rsplit("|", 1)[1]: row[1:] for row in query(warehouse_file, """
        select meeting_id, meeting_type, headcount, latitude, strftime(start_at, '%H:%M') from meetings
    """)}
    # 43 was withdrawn; 42 is not closed yet (no headcount); '+0200' is two hours ahead of UTC.
    assert meetings == {"41": ("in_person", 80, 45.76, "16:00"), "42": ("hybrid", None, None, "16:00")}
    assert batches["meetings"].skipped_codes() == {"meeting_withdrawn": 1}
    # users.csv pairs every nickname with its id; members carry their group as a signal.
    for nickname, user_id in (("carla_d", 21), ("dan_r", 22), ("eve_n", 23), ("frank_o", 24)):
        assert query(warehouse_file, """
            select distinct person_id from identities
            where identifier_kind = 'nickname' and identifier_hash = ?
        """, [pseudo(f"nickname:{nickname}")]) == [(person(HOST30, user_id),)]
    assert scalar(warehouse_file, """
        select count(distinct person_id) from persons where list_contains(user_group_ids, ?)
    """, [group]) == 3  # the group's own account, members 23 and 24
    assert scalar(warehouse_file, "select person_kind from persons where person_id = ?",
                  [person(HOST30, 50)]) == "user_group"


def test_an_empty_moderations_list_still_measures_moderation(tmp_path, warehouse_file):
    path = tmp_path / f"{HOST30}-open-data-moderations.csv"
    path.write_text("\n")

    (batch,) = import_paths([path], warehouse_file)

    # Nothing hidden is a measurement (0 %), unlike a content file that cannot tell.
    assert batch.moderation_measurable is True and batch.rows_read == 0
    assert scalar(warehouse_file, "select moderation_measurable from imports") is True


def test_record_lines_follow_quoted_multiline_bodies_and_blank_lines():
    from dashboard.importers.base import _record_start_lines

    text = 'a;b\r\n"x\r\ny";2\r\n\r\n3;"say ""hi""\nthere"\n\n4;5'
    # Records start on line 2 (spanning 2-3), line 5 (after a blank line 4, spanning 5-6), line 8.
    assert _record_start_lines(text, ";") == [2, 5, 8]


def test_two_instances_never_merge_the_same_user_id(tmp_path, warehouse_file):
    header = ["id", "created_at", "body", "author/id", "author/name", "alignment", "depth",
              "commentable_id", "commentable_type", "root_commentable_url"]
    path = tmp_path / "comments.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(header)
        for comment_id, host in ((1, "a.example.org"), (2, "b.example.org")):
            out.writerow([comment_id, "2026-01-01 10:00:00 UTC", "x", "5", "Same Id", "0", "0",
                          "9", "Decidim::Proposals::Proposal",
                          f"https://{host}/processes/p/f/1/proposals/9"])

    import_paths([path], warehouse_file)

    # Comment 1 on a.example.org, comment 2 on b.example.org, both by user 5: two persons.
    assert sorted(query(warehouse_file, "select distinct person_id from contributions")) == sorted(
        [(person("a.example.org", 5),), (person("b.example.org", 5),)]
    )


def test_host_comes_from_the_option_when_neither_name_nor_rows_tell(tmp_path, warehouse_file):
    path = tmp_path / "export.csv"
    path.write_text(
        "id;created_at;body;author/id;author/name;alignment;depth;commentable_id;commentable_type;root_commentable_url\n"
        "1;2019-01-17T10:38:20+01:00;x;5;Someone;0;0;9;Decidim::Debates::Debate;\n",
        encoding="utf-8",
    )

    (batch,) = import_paths([path], warehouse_file, options={"host": "Debats.Example.org"})

    # No open-data file name and no url in the rows: the --host option names the instance.
    assert batch.source_key == "decidim|debats.example.org|debate_comments"
    assert query(warehouse_file, "select contribution_id, person_id, created_at from contributions") == [
        (content_id("decidim|debats.example.org|comment|1"), person("debats.example.org", 5),
         datetime(2019, 1, 17, 9, 38, 20))
    ]


def test_an_excel_french_csv_reads_the_same(tmp_path, warehouse_file):
    source = V027 / f"{HOST27}-open-data-meetings.csv"
    copy = tmp_path / source.name
    copy.write_bytes(source.read_text(encoding="utf-8").encode("cp1252"))

    import_paths([copy], warehouse_file)

    assert sorted(query(warehouse_file, "select title from meetings")) == [
        ("Atelier de la gare",), ("Réunion en ligne",)
    ]


def test_reimport_is_idempotent_and_a_newer_export_replaces_the_older(tmp_path, warehouse_file):
    import_paths([V027, V030], warehouse_file)
    first = table_counts(warehouse_file)
    import_paths([V027, V030], warehouse_file)
    assert table_counts(warehouse_file) == first

    newer = tmp_path / "newer"
    newer.mkdir()
    source = V027 / f"{HOST27}-open-data-proposals.csv"
    rows = rows_of(source)[:3]
    with open(newer / source.name, "w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=";")
        out.writeheader()
        out.writerows(rows)
    import_paths([newer], warehouse_file)

    # 8 proposals of the 0.27 export became 3; the 0.30 export's 6 are untouched: 3 + 6.
    assert scalar(warehouse_file, "select count(*) from proposals") == 3 + 6
    assert scalar(warehouse_file, "select count(*) from contributions where contribution_id like ?",
                  [f"decidim|{HOST27}|%"]) == 3
    assert scalar(warehouse_file, "select count(*) from imports where source_key = ?",
                  [f"decidim|{HOST27}|proposals"]) == 1


def test_no_name_or_nickname_reaches_the_warehouse(real_exports, warehouse_file):
    lille = real_exports / "decidim" / "lille-granddebat-2019"
    barcelona = real_exports / "decidim" / "barcelona-0.27"
    import_paths([V027, V030, lille, barcelona], warehouse_file)

    real_names = set()
    for path in list(lille.glob("*.csv")) + list(barcelona.glob("*.csv")):
        for row in rows_of(path):
            for column, value in row.items():
                if column.startswith(("author/name", "user_group/name")) and value.strip():
                    real_names.add(value.strip().lower())
    exact = real_names | {n.lower() for n in FIXTURE_IDENTITIES}
    # Substrings only for unmistakable values (a full name), so 'online' never trips the check.
    contained = {n.lower() for n in FIXTURE_IDENTITIES} | {n for n in real_names if " " in n and len(n) >= 8}

    columns = query(warehouse_file, """
        select table_name, column_name from information_schema.columns
        where data_type = 'VARCHAR' and table_schema = 'main'
    """)
    leaks = []
    for table, column in columns:
        for (value,) in query(warehouse_file, f'select distinct "{column}" from "{table}" where "{column}" is not null'):
            lowered = value.lower()
            if lowered in exact or any(name in lowered for name in contained):
                leaks.append(f"{table}.{column}")
    assert not leaks, f"names or nicknames in clear in: {sorted(set(leaks))}"  # never print the value


def test_a_malformed_file_names_file_and_line_and_changes_nothing(tmp_path, warehouse_file):
    import_paths([V027], warehouse_file)
    before = table_counts(warehouse_file)
    before_bytes = warehouse_file.read_bytes()
    malformed = tmp_path / "upload"
    shutil.copytree(FIXTURES / "malformed", malformed)

    with pytest.raises(InputError) as raised:
        import_paths([V030, malformed], warehouse_file)

    message = str(raised.value)
    assert f"{HOST27}-open-data-proposals.csv" in message
    assert "line 3" in message and "published_at" in message and "2026-02-31" in message
    assert table_counts(warehouse_file) == before
    assert warehouse_file.read_bytes() == before_bytes


def test_files_renamed_by_hand_are_recognised_from_their_columns():
    from dashboard.importers.decidim import entity_from_columns

    def header(path):
        return set(rows_of(path)[0])

    assert entity_from_columns(header(V030 / f"{HOST30}-open-data-proposals.csv")) == "proposals"
    assert entity_from_columns(header(V030 / f"{HOST30}-open-data-meetings.csv")) == "meetings"
    assert entity_from_columns(header(V030 / f"{HOST30}-open-data-moderations.csv")) == "moderations"
    assert entity_from_columns(header(V030 / f"{HOST30}-open-data-users.csv")) == "users"
    assert entity_from_columns(header(V030 / f"{HOST30}-open-data-user_groups.csv")) == "user_groups"
    assert entity_from_columns(header(V030 / f"{HOST30}-open-data-results.csv")) == "other"
    assert entity_from_columns(header(V030 / f"{HOST30}-open-data-taxonomies.csv")) == "taxonomies"
    assert entity_from_columns({"id", "title", "createdAt", "authorId"}) is None


COMMENTS_HEADER = "id;created_at;body;author/id;commentable_id;commentable_type;root_commentable_url"


def comments_file(tmp_path, rows) -> Path:
    path = tmp_path / f"{HOST27}-open-data-proposal_comments.csv"
    lines = [COMMENTS_HEADER] + [
        f"{i};{created};corps;{author};9;Decidim::Proposals::Proposal;https://{HOST27}/proposals/9"
        for i, (created, author) in enumerate(rows, start=1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_repeated_timestamps_are_read_once_and_the_first_bad_line_is_named(tmp_path):
    from dashboard.importers import parse_file

    good = "2026-03-01 10:00:00 UTC"
    path = comments_file(tmp_path, [(good, 5), (good, 6), ("2026-03-02 11:30:00 UTC", 5), (good, 7)])
    batch = parse_file(path)
    created = batch.tables["contributions"]["created_at"].tolist()
    assert created == [datetime(2026, 3, 1, 10)] * 2 + [datetime(2026, 3, 2, 11, 30), datetime(2026, 3, 1, 10)]
    # 'hier' first on line 3, 'demain' on line 4 and again on line 6: line 3 is named.
    path = comments_file(tmp_path, [(good, 5), ("hier", 5), ("demain", 6), (good, 7), ("demain", 8)])
    with pytest.raises(InputError, match=r"line 3, column 'created_at': impossible date 'hier'"):
        parse_file(path)


def test_an_unread_body_is_still_checked_for_broken_quotes(tmp_path):
    from dashboard.importers import parse_file

    path = comments_file(tmp_path, [("2026-03-01 10:00:00 UTC", 5)] * 3)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(";corps;", ';"corps jamais fermé;')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 3: a quote opened here is never closed"):
        parse_file(path)
    # A well-quoted body spanning lines is read past, and the rows keep their own lines.
    lines[2] = lines[2].replace('"corps jamais fermé;', '"corps\nsur deux lignes";')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    batch = parse_file(path)
    assert batch.rows_read == 3 and "body" not in batch.tables["contributions"]
    assert batch.tables["identities"]["person_id"].tolist() == [person(HOST27, 5)]
