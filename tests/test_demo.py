"""`cercles demo`: genuine files in, the generator's own ground truth out of the warehouse.

The expected numbers come from `DemoCampaign.truth()`, counted from the generated frames
(people, proposals, comments, meetings) and never from what the importers read.
"""

import csv
import hashlib
import io
import json
import re
import zipfile

import duckdb
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner
from shapely.geometry import shape

from dashboard import demo, privacy, warehouse
from dashboard.cli import main
from dashboard.errors import CerclesError

SEED = 2026
ZIP_NAME = f"{demo.HOST}-open-data.zip"
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$")


# the demo's current campaign (its 2020 campaign shares the open data)
CURRENT = "list_contains(campaign_ids, 'municipales_2026')"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One demo build through the CLI, with its own key, shared by the module's tests."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("CERCLES_KEY", raising=False)
        patch.delenv("CERCLES_WAREHOUSE", raising=False)
        patch.setenv("CERCLES_KEY_FILE", str(folder / "keys" / "pseudonymisation.key"))
        privacy._key.cache_clear()
        result = CliRunner().invoke(
            main,
            [
                "demo",
                "--no-serve",
                "--out",
                str(folder / "files"),
                "--warehouse",
                str(folder / "w.duckdb"),
                "--seed",
                str(SEED),
            ],
        )
        privacy._key.cache_clear()
    return {
        "result": result,
        "files": folder / "files",
        "warehouse": folder / "w.duckdb",
        "campaign": demo.generate_campaign(SEED),
    }


@pytest.fixture
def con(built):
    connection = duckdb.connect(str(built["warehouse"]), read_only=True)
    yield connection
    connection.close()


def zipped_tables(folder) -> dict[str, str]:
    with zipfile.ZipFile(folder / ZIP_NAME) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text), delimiter=";"))


def test_cercles_demo_no_serve_builds_the_warehouse(built):
    result = built["result"]
    assert result.exit_code == 0, result.output
    assert "decidim proposals (decidim 0.30)" in result.output
    assert "adherents.csv: roster" in result.output
    assert built["warehouse"].exists()


def test_the_zip_holds_decidim_0_30_open_data_files_with_their_headers(built):
    tables = zipped_tables(built["files"])
    expected = {f"{demo.HOST}-open-data-{entity}.csv" for entity in demo.OPEN_DATA_ENTITIES}
    assert set(tables) == expected
    proposals = header(tables[f"{demo.HOST}-open-data-proposals.csv"])
    # The 0.30 serializer's keys, in its order (taxonomy name columns appear as first met).
    assert proposals[:4] == ["id", "author/id", "author/name", "author/url"]
    for column in (
        "taxonomies/ids",
        "title/fr",
        "body/fr",
        "latitude",
        "longitude",
        "state",
        "state_published_at",
        "answer/fr",
        "answer/en",
        "answered_at",
        "votes",
        "endorsements/total_count",
        "published_at",
        "meeting_urls",
        "is_amend",
        "original_proposal/url",
        "withdrawn",
        "withdrawn_at",
        "created_at",
        "created_in_meeting",
        "coauthorships_count",
    ):
        assert column in proposals
    assert any(re.fullmatch(r"taxonomies/\d+/fr", c) for c in proposals)
    assert "supports" not in proposals and "scope/id" not in proposals  # renamed in 0.30
    comments = header(tables[f"{demo.HOST}-open-data-proposal_comments.csv"])
    assert comments == [
        "id",
        "created_at",
        "body",
        "locale",
        "author/id",
        "author/name",
        "alignment",
        "depth",
        "user_group/id",
        "user_group/name/fr",
        "user_group/name/en",
        "commentable_id",
        "commentable_type",
        "root_commentable_url",
        "user_group/name",
    ]
    assert header(tables[f"{demo.HOST}-open-data-moderations.csv"]) == [
        "id",
        "hidden_at",
        "report_count",
        "reported_url",
        "reportable_type",
        "reportable_id",
        "reported_content",
        "reports/reasons",
        "reports/locale",
        "reports/details",
    ]
    assert header(tables[f"{demo.HOST}-open-data-users.csv"]) == [
        "id",
        "name",
        "nickname",
        "about",
        "avatar_url",
        "profile_url",
        "direct_messages_enabled",
        "deleted",
        "badge",
        "groups/id",
        "groups/name",
    ]
    assert header(tables[f"{demo.HOST}-open-data-user_groups.csv"]) == [
        "id",
        "name",
        "nickname",
        "avatar_url",
        "profile_url",
        "deleted",
        "badge",
        "members_count",
        "members/id",
        "members/name",
    ]
    meetings = header(tables[f"{demo.HOST}-open-data-meetings.csv"])
    for column in (
        "start_time",
        "end_time",
        "attendees",
        "contributions",
        "closed_at",
        "type_of_meeting",
        "latitude",
        "longitude",
        "title/fr",
    ):
        assert column in meetings
    rows = list(
        csv.DictReader(io.StringIO(tables[f"{demo.HOST}-open-data-proposals.csv"]), delimiter=";")
    )
    assert all(STAMP.match(row["published_at"]) for row in rows)
    assert {row["created_in_meeting"] for row in rows} == {"true", "false"}


def test_the_csv_writer_flattens_like_decidim_on_a_real_export(real_exports):
    # decidim.barcelona's 0.27 meeting comments: a comment without a group has an empty
    # translated group name (user_group/name/ca, /es); the first one with a group has a
    # plain string name, so `user_group/name` joins the header last (union of keys).
    real = (
        real_exports
        / "decidim"
        / "barcelona-0.27"
        / "www.decidim.barcelona-open-data-meeting_comments.csv"
    )
    expected = real.read_text("utf-8").splitlines()[0]
    base = {
        "id": 1,
        "created_at": "2017-10-16 07:18:14 UTC",
        "body": "Hola",
        "locale": "ca",
        "author": {"id": 2, "name": "x"},
        "alignment": 0,
        "depth": 0,
    }
    tail = {
        "commentable_id": 3,
        "commentable_type": "Decidim::Meetings::Meeting",
        "root_commentable_url": "https://example.org/meetings/3",
    }
    records = [
        {**base, "user_group": {"id": None, "name": {"ca": "", "es": ""}}, **tail},
        {**base, "user_group": {"id": 9, "name": "Colla"}, **tail},
    ]
    lines = demo.decidim_csv(records).decode("utf-8").splitlines()
    assert lines[0] == expected
    assert lines[1].split(";")[8:11] == ["", '""', '""']  # nil id empty, "" names quoted
    assert lines[2].endswith(";Colla")


def test_the_sheets_and_roster_use_the_shipped_templates_columns(built):
    files = built["files"]
    for sheet in ("reunions", "propositions_papier", "emargement", "phases", "signaux",
                  "actions"):
        template = (demo.REPO / "data" / "templates" / f"{sheet}.csv").read_text("utf-8-sig")
        raw = (files / f"{sheet}.csv").read_bytes()
        # The paper proposals come as French Excel saves them: cp1252, no BOM.
        text = raw.decode("cp1252") if sheet == "propositions_papier" else raw.decode("utf-8-sig")
        assert text.splitlines()[0] == template.splitlines()[0]
    roster = (files / "adherents.csv").read_text("utf-8").splitlines()[0].split(",")
    assert {"email", "circle", "postcode", "district", "platform", "platform_user"} <= set(roster)
    assert {"nom", "prenom"} <= set(roster)  # names the importer must ignore


def test_warehouse_proposals_equal_the_generated_ones(built, con):
    truth = built["campaign"].truth()
    by_channel = dict(
        con.execute(
            f"select channel, count(*) from proposal_facts where {CURRENT} and not is_amendment "
            "group by channel"
        ).fetchall()
    )
    assert by_channel == truth["proposals_by_channel"]
    assert sum(by_channel.values()) == truth["proposals"]
    assert 600 <= truth["proposals"] <= 800  # "about 700"
    in_person_share = by_channel["in_person"] / sum(by_channel.values())
    assert in_person_share == pytest.approx(truth["in_person_share"])
    assert 0.6 <= in_person_share <= 0.72  # "about two thirds"
    amendments, withdrawn = con.execute(
        "select count(*) filter (where is_amendment), count(*) filter (where state = 'withdrawn')"
        f" from proposal_facts where {CURRENT}"
    ).fetchone()
    assert (amendments, withdrawn) == (truth["amendments"], truth["withdrawn"])
    median = con.execute(
        "select median(date_diff('second', published_at, answered_at) / 86400.0) "
        f"from proposal_facts where {CURRENT} and answered_at is not null and not is_amendment"
    ).fetchone()[0]
    assert median == pytest.approx(truth["median_days_to_answer"], abs=1e-3)
    assert 10 <= median <= 15
    answered = dict(
        con.execute(
            f"select channel, count(*) from proposal_facts where {CURRENT} "
            "and answered_at is not null and not is_amendment group by channel"
        ).fetchall()
    )
    assert answered == truth["answered_by_channel"]
    assert answered["in_person"] > 100  # the paper workshops' answers come from the sheets


def test_paper_proposals_get_the_generated_answers(built, con):
    campaign = built["campaign"]
    paper = campaign.proposals[campaign.proposals["origin"] == "paper"]
    expected = paper["state"].replace("", "submitted").value_counts().to_dict()
    found = dict(
        con.execute(
            "select state, count(*) from proposals where platform = 'sheet' group by state"
        ).fetchall()
    )
    assert found == expected
    synthesis, exported = pd.Timestamp(demo.PHASES["starts_on"][1]), demo.EXPORTED_AT
    first, last = con.execute(
        "select min(answered_at), max(answered_at) from proposals where platform = 'sheet'"
    ).fetchone()
    assert synthesis < first and last < exported  # after the workshops, before the export


def test_platform_proposals_get_the_generated_district(built, con, monkeypatch):
    # Point in polygon, else the district taxonomy (listed before or after the theme one),
    # else the meeting's district for a proposal made in a workshop, else unknown.
    campaign = built["campaign"]
    meetings = campaign.meetings.set_index("number")["district_id"]
    on_platform = campaign.proposals[campaign.proposals["decidim_id"].notna()]
    # stored ids are keyed pseudonyms of the export's ids, under the demo's own key
    monkeypatch.setenv("CERCLES_KEY_FILE", str(built["warehouse"].parent / "keys"
                                               / "pseudonymisation.key"))
    privacy._key.cache_clear()
    expected = {
        privacy.content_id(f"decidim|{demo.HOST}|proposal|{p.decidim_id}"): (
            p.district_id
            if pd.notna(p.district_id)
            else meetings[p.meeting]
            if p.origin == "meeting"
            else None
        )
        for p in on_platform.itertuples()
    }
    # the 2020 campaign's proposals say no place
    previous = demo.generate_previous(campaign).proposals
    expected |= {
        privacy.content_id(f"decidim|{demo.HOST}|proposal|{p.decidim_id}"): None
        for p in previous.itertuples()
    }
    found = dict(
        con.execute(
            "select contribution_id, district_id from located_contributions() "
            "where contribution_id like 'decidim|%|proposal|%'"
        ).fetchall()
    )
    assert found == expected
    assert sum(v is None for v in expected.values()) > 10


def test_warehouse_meetings_are_the_nine_workshops(built, con):
    truth = built["campaign"].truth()
    headcounts = [
        row[0]
        for row in con.execute("select headcount from meetings order by headcount").fetchall()
    ]
    assert len(headcounts) == truth["meetings"] == 9
    assert headcounts == sorted(truth["headcounts"])
    assert all(40 <= h <= 150 for h in headcounts)
    on_paper = con.execute("select count(*) from meetings where platform = 'sheet'").fetchone()[0]
    assert on_paper == 4


def test_warehouse_participants_by_circle_equal_the_generated_people(built, con):
    truth = built["campaign"].truth()
    by_circle = dict(
        con.execute(
            "select circle, count(distinct person_key) from contribution_facts "
            f"where person_key is not null and {CURRENT} group by circle"
        ).fetchall()
    )
    assert by_circle == truth["participants_by_circle"]
    online = truth["online_participants_by_circle"]
    assert 180 <= sum(online.values()) <= 220  # "about 200 online participants"
    assert online[1] < online[2] + online[3]  # the campaign does get beyond circle 1


def test_warehouse_debates_equal_the_generated_ones(built, con):
    truth = built["campaign"].truth()
    debates = con.execute("select count(*) from contributions where kind = 'debate'").fetchone()[0]
    assert debates == truth["debates"] == 10
    official = con.execute(
        "select count(*) from contributions where kind = 'debate' and author_kind = 'official'"
    ).fetchone()[0]
    assert official == 2


def test_warehouse_moderation_matches_the_hidden_comments(built, con):
    truth = built["campaign"].truth()
    assert (
        con.execute("select count(*) from moderations").fetchone()[0] == truth["moderated_comments"]
    )
    comments = con.execute("select count(*) from contributions where kind = 'comment'").fetchone()[
        0
    ]
    assert comments == truth["published_comments"]
    hidden_in_comments = con.execute(
        "select count(*) from contributions where contribution_id in (select item_id from moderations)"
    ).fetchone()[0]
    assert hidden_in_comments == 0  # as Decidim does: hidden comments only in moderations.csv


def test_no_generated_name_email_or_nickname_reaches_the_warehouse(built, con):
    people = built["campaign"].people
    secrets = set(people["name"].str.lower()) | set(people["email"].str.lower())
    secrets |= set(people.loc[people["has_account"], "nickname"].str.lower())
    pattern = re.compile("|".join(re.escape(s) for s in sorted(secrets, key=len, reverse=True)))
    users_file = zipped_tables(built["files"])[f"{demo.HOST}-open-data-users.csv"]
    assert pattern.search(users_file.lower())  # the scan does see them where they are
    columns = con.execute(
        "select table_name, column_name from information_schema.columns "
        "where data_type like 'VARCHAR%'"
    ).fetchall()
    assert len(columns) > 30
    leaks = []
    for table, column in columns:
        values = con.execute(
            f'select distinct lower("{column}"::varchar) from "{table}" where "{column}" is not null'
        ).fetchall()
        leaks += [(table, column, v) for (v,) in values if pattern.search(v)]
    assert leaks == []


def test_same_seed_same_files_other_seed_other_campaign(tmp_path):
    def checksums(folder):
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}

    demo.write_campaign(demo.generate_campaign(7), tmp_path / "a")
    demo.write_campaign(demo.generate_campaign(7), tmp_path / "b")
    demo.write_campaign(demo.generate_campaign(8), tmp_path / "c")
    first, second, other = (checksums(tmp_path / x) for x in "abc")
    assert first == second
    assert first[ZIP_NAME] != other[ZIP_NAME]
    assert first[demo.TERRITORY_FILE] == other[demo.TERRITORY_FILE]  # the city stays


def test_every_district_ring_is_clockwise_and_the_districts_tile_the_city(built):
    collection = json.loads((built["files"] / demo.TERRITORY_FILE).read_text("utf-8"))
    polygons = [shape(feature["geometry"]) for feature in collection["features"]]
    assert len(polygons) == 12
    assert all(not shapely.is_ccw(p.exterior) for p in polygons)
    assert all(p.is_valid for p in polygons)
    overlap = sum(a.intersection(b).area for i, a in enumerate(polygons) for b in polygons[i + 1 :])
    assert overlap < 1e-9
    populations = [f["properties"]["population"] for f in collection["features"]]
    assert sum(populations) == 50_000 and min(populations) >= 1500 and max(populations) <= 8000


def test_located_proposals_fall_in_their_district(built):
    campaign = built["campaign"]
    geometry = campaign.districts.set_index("district_id")["geometry"]
    located = campaign.proposals.dropna(subset=["latitude"])
    assert len(located) > 50
    for row in located.itertuples():
        assert geometry[row.district_id].contains(shapely.Point(row.longitude, row.latitude))


def test_the_shipped_territory_is_the_generated_city():
    shipped = (demo.GEO_DIR / demo.TERRITORY_FILE).read_text("utf-8")
    assert shipped == demo.territory_geojson(demo.city_districts())
    assert (demo.GEO_DIR / demo.POSTCODE_FILE).read_text("utf-8") == demo.postcode_table()


def test_a_demo_replaces_an_older_demo_but_never_real_data(tmp_path):
    real = tmp_path / "real.duckdb"
    with warehouse.writer(real) as con:
        con.execute("insert into phases values ('p1', 'Phase 1', '2026-01-01', '2026-01-31', true)")
    with pytest.raises(CerclesError, match="will not overwrite"):
        demo.build_demo(tmp_path / "files", real)
    assert real.exists()
    older = tmp_path / "older-demo.duckdb"
    with warehouse.writer(older) as con:
        con.execute("insert into warehouse_meta values (?, '1')", [demo.DEMO_MARKER])
    demo._clear_previous_demo(older)
    assert not older.exists()
    # A demo warehouse that later received a real export is real data too.
    with warehouse.writer(older) as con:
        con.execute("insert into warehouse_meta values (?, '1')", [demo.DEMO_MARKER])
        con.execute("insert into imports (import_id, file_name) values (1, 'decidim-export.csv')")
    with pytest.raises(CerclesError, match="will not overwrite"):
        demo._clear_previous_demo(older)


def test_sign_in_sheets_give_first_timers_and_people_on_both_channels(built, con):
    from dashboard import mobilisation
    from dashboard.metrics import run

    truth = built["campaign"].truth()
    ranked = mobilisation.meetings_ranked(con)
    first_timers = {
        meeting.removeprefix("sheet|meeting|"): count
        for meeting, count in zip(ranked["meeting_id"], ranked["first_timers"])
        if count
    }
    assert first_timers == truth["first_timers"]
    assert list(ranked["first_timers"]) == sorted(ranked["first_timers"], reverse=True)
    mix = run(con, "participants_by_channel_mix").iloc[0]
    assert mix["both_channels"] == truth["both_channels"] == demo.ONLINE_SIGNERS


def test_the_estimator_finds_the_door_to_door_effect_and_not_the_placebo(built, con):
    from dashboard import mobilisation

    operations = mobilisation.operations(con).set_index("district_id")
    # Mistral-Sud: the door-to-door of 29 Nov - 6 Dec brought RECRUITS new residents
    door_to_door = operations.loc["Q10"]
    assert door_to_door["n_after"] >= built["campaign"].truth()["door_to_door_recruits"]
    assert door_to_door["verdict"] == "hausse" and door_to_door["ci_low"] > 1
    # Centre-Ville: the market stand and leafleting of 18-25 Nov brought nobody in particular
    placebo = operations.loc["Q01"]
    assert placebo["verdict"] == "non concluant"
    assert placebo["ci_low"] < 1 < placebo["ci_high"]
    # the phoning has no place: kept, in no operation
    unknown = con.execute(
        "select count(*) from action_facts where district_id is null"
    ).fetchone()[0]
    assert unknown == 1 and len(operations) == len(demo.FIELD_ACTIONS) - 1 - 3


def test_the_demo_holds_two_campaigns_and_the_current_one_keeps_its_numbers(built, con):
    from dashboard import campaigns, metrics

    campaign = built["campaign"]
    truth, before = campaign.truth(), demo.generate_previous(campaign).truth()
    current = metrics.headline_metrics(con, metrics.Filters(campaign="Municipales 2026"))
    assert current["participants"] == truth["participants"]
    assert current["participants_by_circle"] == {
        str(c): n for c, n in truth["participants_by_circle"].items()
    }
    assert current["proposals"] == truth["proposals"]
    assert current["in_person_share"] == pytest.approx(truth["in_person_share"])
    assert current["median_days_to_answer"] == pytest.approx(truth["median_days_to_answer"], abs=1e-3)
    previous = metrics.headline_metrics(con, metrics.Filters(campaign="Municipales 2020"))
    assert previous["participants"] == before["participants"]
    assert previous["participants_by_circle"] == {
        str(c): n for c, n in before["participants_by_circle"].items()
    }
    assert previous["proposals"] == before["proposals"]
    # everything: the 2020 participants who did not come back, and both campaigns' proposals
    whole = metrics.headline_metrics(con)
    assert whole["participants"] == truth["participants"] + before["participants"] - before["returning"]
    assert whole["proposals"] == truth["proposals"] + before["proposals"]
    # of the 2020 participants, the returning ones took part in 2026
    retention = campaigns.campaigns_json(con)["retention"]
    came_back = sum(
        r["also_in_to"] for r in retention if r["from_campaign"] == "municipales_2020"
    )
    assert came_back == before["returning"]


def test_the_overview_draws_the_last_52_weeks_and_the_proposals_page_every_week(
    built, monkeypatch
):
    """The demo's data reach back to its 2020 campaign: years of weeks, of which the
    overview's two trends draw the same last 52."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CERCLES_WAREHOUSE", str(built["warehouse"]))

    def weeks_drawn(at) -> list[set]:
        return [
            {pd.Timestamp(x) for trace in json.loads(chart.proto.spec)["data"] for x in trace["x"]}
            for chart in at.get("plotly_chart")
        ]

    at = AppTest.from_file("../dashboard/app.py", default_timeout=60)
    at.run()
    assert not at.exception
    people, proposals = weeks_drawn(at)
    assert any("Les 52 dernières semaines" in caption.value for caption in at.caption)
    at.switch_page("views/proposals.py").run()
    every_week = max(weeks_drawn(at), key=len)  # the weekly chart: the page's longest axis
    assert len(every_week) > 100

    last = max(people | proposals)
    assert last >= max(every_week)  # people still came after the last proposal
    first = last - pd.Timedelta(weeks=51)
    assert min(people) == first  # someone new every week of the demo's last year
    assert proposals == {week for week in every_week if week >= first}
