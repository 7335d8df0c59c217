"""Several campaigns in one warehouse: the campagnes sheet and the campaign filter, checked
against the two-campaign fixture counted by hand (tests/campaign_fixtures.py)."""

import json
import re
from datetime import date

import pandas as pd
import pytest
from campaign_fixtures import HOST, ROSTER, account, two_campaigns
from metric_fixtures import as_before_version_8

from dashboard import campaigns, metrics, report, warehouse
from dashboard.errors import InputError
from dashboard.importers import import_paths, sheets
from dashboard.metrics import Filters
from dashboard.warehouse import read_sql


def plain(con, name):
    return con.execute(read_sql(name)).fetchdf()


@pytest.fixture
def campaigns_warehouse(warehouse_file, tmp_path):
    two_campaigns(warehouse_file, tmp_path / "sheets")
    con = warehouse.connect_readonly(warehouse_file)
    yield con
    con.close()


def test_the_campagnes_sheet_gives_dates_vote_and_host(campaigns_warehouse):
    # queries/campaign_list.sql, what the Comparer page and the JSON list: oldest first
    rows = campaigns_warehouse.execute(read_sql("campaign_list")).fetchall()
    assert rows == [
        # the host typed as a URL is read as its host
        (
            "municipales_2014",
            "Municipales 2014",
            date(2014, 1, 1),
            date(2014, 3, 31),
            date(2014, 3, 23),
            "participer.exemple.fr",
            None,
        ),
        (
            "municipales_2020",
            "Municipales 2020",
            date(2020, 1, 1),
            date(2020, 3, 31),
            date(2020, 3, 15),
            "participer.exemple.fr",
            None,
        ),
    ]


@pytest.mark.parametrize(
    ("campaign", "participants", "proposals", "meetings"),
    [
        # A, B, C, D, E, G, Zoé (one person: her account and her sheet nickname), Yann and
        # Hugo (one person: his two accounts are on one roster line); A's and C's proposals;
        # workshops R0 and R1
        (None, 9, 2, 2),
        # A (proposal 01/02/2014), B (comment 15/02/2014), Zoé (workshop R0 on 20/02/2014),
        # Hugo (comment 01/03/2014)
        ("Municipales 2014", 4, 1, 1),
        # A (comment 10/02), C (proposal 20/02), Zoé (comment 25/02), G (comment 05/03),
        # Hugo (Cap Collectif comment 10/03, same host) and Yann (workshop R1 on 01/02, in
        # person: by date); D's comment is on another host, E's in 2017 between the campaigns
        ("municipales_2020", 6, 1, 1),
        ("Municipales 1995", 0, 0, 0),  # no such campaign: nothing
    ],
)
def test_the_campaign_filter_keeps_its_dates_and_sources(
    campaigns_warehouse, campaign, participants, proposals, meetings
):
    headline = metrics.headline_metrics(campaigns_warehouse, Filters(campaign=campaign))
    assert headline["participants"] == participants
    assert headline["proposals"] == proposals
    assert headline["meetings"] == meetings


def test_a_campaign_and_a_period_intersect(campaigns_warehouse):
    # 2020 campaign from 15/02/2020: C (20/02), Zoé (25/02), G (05/03) and Hugo (10/03);
    # circles 2, 3, 1 and 1
    filters = Filters(campaign="municipales_2020", since=date(2020, 2, 15))
    headline = metrics.headline_metrics(campaigns_warehouse, filters)
    assert headline["participants_by_circle"] == {"1": 2, "2": 1, "3": 1}


def test_space_ids_narrow_a_campaign_to_its_spaces(warehouse_file, tmp_path):
    two_campaigns(warehouse_file, tmp_path / "sheets")
    with warehouse.writer(warehouse_file) as con:
        # C's 2020 proposal is in space 7; the comments say no space (kept by host and date)
        con.execute("update proposals set space_id = '7' where created_at = '2020-02-20'")
        con.execute("update contribution_rows set space_id = '7' where created_at = '2020-02-20'")
        con.execute("update campaigns set space_ids = ['8'] where campaign_id = 'municipales_2020'")
    con = warehouse.connect_readonly(warehouse_file)
    headline = metrics.headline_metrics(con, Filters(campaign="municipales_2020"))
    con.close()
    # A, G, Zoé, Hugo (comments without a space) and Yann (in person); C's proposal is
    # elsewhere
    assert headline["participants"] == 5
    assert headline["proposals"] == 0


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (["2020", "01/03/2020", "01/02/2020", "", "", ""], "fin", "before the campaign's debut"),
        (["2020", "01/01/2020", "bientôt", "", "", ""], "fin", "not a date"),
        (
            ["2020", "01/01/2020", "31/03/2020", "", "pas une adresse", ""],
            "hote",
            "is not a platform host",
        ),
    ],
)
def test_a_bad_campagnes_line_is_named(tmp_path, row, column, words):
    path = tmp_path / "campagnes.csv"
    path.write_text("libelle;debut;fin;vote;hote;espaces\n" + ";".join(row) + "\n")
    with pytest.raises(InputError) as caught:
        sheets.parse(path, "campagnes", {})
    assert caught.value.line == 2
    assert words in str(caught.value)


def test_overlapping_campaigns_are_said_and_spaces_are_split(tmp_path):
    path = tmp_path / "campaigns.csv"
    path.write_text(
        "label;start;end;host;spaces\n"
        "Campagne;01/01/2020;31/03/2020;participer.exemple.fr;\n"
        'Budget participatif;01/03/2020;30/06/2020;participer.exemple.fr;" 12 ;14"\n'
        "Mandat;01/07/2020;31/12/2020;;12, 15\n"
    )
    batch = sheets.parse(path, "campagnes", {})
    assert [m.code for m in batch.warnings] == ["campaigns_overlap"]
    assert batch.tables["campaigns"]["space_ids"].tolist() == [None, ["12", "14"], ["12", "15"]]


def test_retention_counts_who_took_part_in_both(campaigns_warehouse):
    retention = plain(campaigns_warehouse, "campaign_retention")
    rows = {
        (r.from_campaign[-4:], r.to_campaign[-4:], r.circle): (r.participants, r.also_in_to)
        for r in retention.itertuples()
    }
    assert rows == {
        # 2014: A and Hugo (circle 1, roster), B and Zoé (circle 3). In 2020: A (same
        # account), Hugo (his 2020 Cap Collectif account is on his roster line) and Zoé (her
        # 2020 account is the nickname she signed the 2014 workshop with); B is gone.
        ("2014", "2020", 1): (2, 2),
        ("2014", "2020", 2): (0, 0),
        ("2014", "2020", 3): (2, 1),
        # 2020: A, G and Hugo (circle 1), C (circle 2), Zoé and Yann (circle 3); in 2014: A,
        # Hugo and Zoé
        ("2020", "2014", 1): (3, 2),
        ("2020", "2014", 2): (1, 0),
        ("2020", "2014", 3): (2, 1),
    }
    shares = retention.set_index(["from_campaign", "circle"])["retention"]
    assert shares[("municipales_2014", 3)] == 0.5  # 1 of 2
    assert pd.isna(shares[("municipales_2014", 2)])  # nobody to keep


def test_two_accounts_on_one_roster_line_are_one_person_in_both_campaigns(warehouse_file, tmp_path):
    two_campaigns(warehouse_file, tmp_path / "sheets")
    con = warehouse.connect_readonly(warehouse_file)
    keys = dict(con.execute("select person_id, person_key from person_map").fetchall())
    in_2014, in_2020 = account(HOST, "8"), account(HOST, "user9", "capcollectif")
    assert keys[in_2014] == keys[in_2020]
    facts = "select circle, circle_source from person_facts where person_key = ?"
    assert con.execute(facts, [keys[in_2014]]).fetchone() == (1, "roster")
    con.close()

    # The same roster with no e-mail on Hugo's line: his 2020 account is no one the roster
    # knows (circle 3), and nothing else links it to #8.
    roster_file = tmp_path / "sheets" / "adherents.csv"
    roster_file.write_text(ROSTER.replace("hugo@exemple.fr", ""), encoding="utf-8")
    import_paths([roster_file], warehouse_file)
    con = warehouse.connect_readonly(warehouse_file)
    keys = dict(con.execute("select person_id, person_key from person_map").fetchall())
    assert keys[in_2014] != keys[in_2020]
    retention = plain(con, "campaign_retention").set_index(["from_campaign", "circle"])
    # 2014's circle 1: A and Hugo #8; in 2020 only A took part as someone of the roster
    assert retention.loc[("municipales_2014", 1), ["participants", "also_in_to"]].tolist() == [
        2,
        1,
    ]
    # 2020's circle 1: A (in 2014 too) and G (new): 1 renewed of 2
    renewal = plain(con, "first_circle_renewal").iloc[0]
    assert renewal[["first_circle", "from_previous", "renewed"]].tolist() == [2, 1, 1]
    # 2020: A, C, G, Zoé, Yann and Hugo's Cap Collectif account, now in circle 3
    assert metrics.headline_metrics(con, Filters(campaign="municipales_2020"))[
        "participants_by_circle"
    ] == {"1": 2, "2": 1, "3": 3}
    con.close()


def test_a_version_6_warehouse_upgrades_and_its_relay_lines_keep_their_key(
    warehouse_file, tmp_path
):
    import duckdb

    two_campaigns(warehouse_file, tmp_path / "sheets")
    con = duckdb.connect(str(warehouse_file))  # as version 6 left it: keys of relay lines only
    con.execute("alter table roster_entries rename column member_key to relay_member")
    hugo = "select relay_member from roster_entries where identifier_kind = 'email'"
    con.execute(f"update roster_entries set relay = 'Léa' where relay_member = ({hugo})")
    con.execute("update roster_entries set relay_member = null where relay is null")
    con.execute("update warehouse_meta set value = '6' where key = 'schema_version'")
    as_before_version_8(con)
    con.execute("update warehouse_meta set value = 'older' where key = 'derived_with'")
    con.close()

    assert warehouse.upgrade(warehouse_file) is True  # what `cercles upgrade` does
    con = warehouse.connect_readonly(warehouse_file)
    columns = {
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns where table_name = 'roster_entries'"
        ).fetchall()
    }
    assert "member_key" in columns and "relay_member" not in columns
    # Hugo's line had a relay, so its key: his two accounts are one person; A's, C's and G's
    # lines have none until the roster is imported again (each names one account anyway)
    assert con.execute("select count(member_key) from roster_entries").fetchone() == (2,)
    keys = dict(con.execute("select person_id, person_key from person_map").fetchall())
    assert keys[account(HOST, "8")] == keys[account(HOST, "user9", "capcollectif")]
    assert metrics.headline_metrics(con, Filters(campaign="municipales_2020"))["participants"] == 6
    # Léa brought Hugo (one person), who took part
    relays = metrics.run_unprotected(con, "relays")
    assert relays[["relay", "brought", "participated"]].values.tolist() == [["Léa", 1, 1]]
    con.close()


def test_the_first_circle_renews_by_who_was_not_there_before(campaigns_warehouse):
    renewal = plain(campaigns_warehouse, "first_circle_renewal")
    # 2020's circle 1: A and Hugo (in 2014 too, Hugo with his other account) and G (new):
    # 1 renewed of 3. Were Hugo's accounts two persons, his 2020 one would count as new.
    assert renewal.to_dict("records") == [
        {
            "campaign_id": "municipales_2020",
            "previous_campaign": "municipales_2014",
            "first_circle": 3,
            "from_previous": 2,
            "renewed": 1,
            "renewal_share": 1 / 3,
        }
    ]


def test_weeks_are_counted_back_from_the_vote(campaigns_warehouse):
    weeks = plain(campaigns_warehouse, "campaign_weeks").set_index(["campaign_id", "week"])
    # week = floor((day - vote) / 7). 2014 (vote 23/03): 01/01 is 81 days before -> week -12,
    # 31/03 is 8 days after -> week 1: 14 weeks. A 01/02 (-50 days -> -8), B 15/02 (-36 -> -6),
    # Zoé 20/02 (-31 -> -5), Hugo 01/03 (-22 -> -4).
    in_2014 = weeks.loc["municipales_2014"]
    assert list(in_2014.index) == list(range(-12, 2))
    assert in_2014["new_participants"][in_2014["new_participants"] > 0].to_dict() == {
        -8: 1,
        -6: 1,
        -5: 1,
        -4: 1,
    }
    assert in_2014.at[-8, "proposals"] == 1  # A's proposal
    assert in_2014.at[1, "cumulative"] == 4
    # 2020 (vote 15/03, 2020 a leap year): Yann 01/02 (-43 days -> -7), A 10/02 (-34 -> -5),
    # C 20/02 (-24 -> -4), Zoé 25/02 (-19 -> -3), G 05/03 (-10 -> -2), Hugo 10/03 (-5 -> -1);
    # 01/01 -> -11, 31/03 -> 2
    in_2020 = weeks.loc["municipales_2020"]
    assert list(in_2020.index) == list(range(-11, 3))
    assert in_2020["participants"][in_2020["participants"] > 0].to_dict() == {
        -7: 1,
        -5: 1,
        -4: 1,
        -3: 1,
        -2: 1,
        -1: 1,
    }
    assert in_2020["cumulative"].tolist()[-1] == 6
    assert set(weeks["aligned_to"]) == {"vote"}


def test_without_a_vote_weeks_count_from_the_start(warehouse_file, tmp_path):
    two_campaigns(warehouse_file, tmp_path / "sheets")
    with warehouse.writer(warehouse_file) as con:
        con.execute("update campaigns set vote_on = null where campaign_id = 'municipales_2014'")
    con = warehouse.connect_readonly(warehouse_file)
    weeks = plain(con, "campaign_weeks")
    con.close()
    in_2014 = weeks[weeks["campaign_id"] == "municipales_2014"].set_index("week")
    # from 01/01/2014: A 01/02 (31 days -> week 4), B 15/02 (45 -> 6), Zoé 20/02 (50 -> 7),
    # Hugo 01/03 (59 -> 8); 31/03 is day 89 -> week 12
    assert list(in_2014.index) == list(range(13))
    assert in_2014["new_participants"][in_2014["new_participants"] > 0].to_dict() == {
        4: 1,
        6: 1,
        7: 1,
        8: 1,
    }
    assert set(in_2014["aligned_to"]) == {"start"}


def test_campaign_headlines_side_by_side(campaigns_warehouse):
    side = campaigns.campaign_headlines(campaigns_warehouse).set_index("campaign_id")
    # 2014: A, Hugo (1), B, Zoé (3)
    assert side.loc[
        "municipales_2014", ["participants", "participants_1", "participants_3"]
    ].tolist() == [4, 2, 2]
    # 2020: A, G, Hugo (1), C (2), Zoé, Yann (3); beyond the first circle 3 of 6
    assert side.loc[
        "municipales_2020", ["participants_1", "participants_2", "participants_3"]
    ].tolist() == [3, 1, 2]
    assert side.at["municipales_2020", "beyond_first_circle_share"] == 3 / 6
    assert (
        campaigns.previous_campaign(campaigns_warehouse, Filters(campaign="Municipales 2020"))
        == "municipales_2014"
    )
    assert (
        campaigns.previous_campaign(campaigns_warehouse, Filters(campaign="municipales_2014"))
        is None
    )


def test_metrics_json_lists_campaigns_and_retention(campaigns_warehouse):
    data = campaigns.campaigns_json(campaigns_warehouse)
    assert [c["campaign_id"] for c in data["campaigns"]] == ["municipales_2014", "municipales_2020"]
    assert data["campaigns"][1]["vote_on"] == "2020-03-15"
    assert data["campaigns"][1]["participants"] == 6
    assert len(data["retention"]) == 6
    assert {
        "from_campaign": "municipales_2014",
        "to_campaign": "municipales_2020",
        "circle": 3,
        "participants": 2,
        "also_in_to": 1,
        "retention": 0.5,
    } in data["retention"]


def test_the_report_compares_the_campaign_with_the_previous_one(campaigns_warehouse):
    page = report.build_report_html(campaigns_warehouse, Filters(campaign="municipales_2020"))
    assert "Par rapport à la campagne précédente (Municipales 2014)" in page
    rows = re.findall(r"<tr data-previous=\"participants\">(.*?)</tr>", page)
    # 6 participants in 2020 against 4 in 2014
    assert re.findall(r'data-value="(\d+)"', rows[0]) == ["6", "4"]
    # of 2014's A, B, Zoé and Hugo, A, Zoé and Hugo came back
    assert "Sur 4 participants de Municipales 2014, 3 ont participé à cette campagne" in page
    # the cover states the campaign's own dates
    assert "01/01/2020 – 31/03/2020" in page
    first = report.build_report_html(campaigns_warehouse, Filters(campaign="municipales_2014"))
    assert "campagne précédente" not in first  # nothing before 2014


def test_the_command_line_takes_a_campaign_and_lists_the_campaigns(
    campaigns_warehouse, warehouse_file
):
    from click.testing import CliRunner

    from dashboard.cli import main

    result = CliRunner().invoke(
        main,
        ["metrics", "--json", "--campaign", "Municipales 2014", "--warehouse", str(warehouse_file)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["participants"] == 4  # A, B, Zoé and Hugo
    assert [c["label"] for c in data["campaigns"]] == ["Municipales 2014", "Municipales 2020"]
    assert len(data["retention"]) == 6


def test_without_campaigns_there_is_nothing_to_compare(warehouse_file):
    from campaign_fixtures import platform_batches

    from dashboard.importers.base import record_import

    with warehouse.writer(warehouse_file) as con:
        for batch in platform_batches():
            record_import(con, batch)
    con = warehouse.connect_readonly(warehouse_file)
    assert campaigns.campaign_headlines(con).empty
    assert campaigns.campaign_districts(con).empty
    assert campaigns.campaigns_json(con) == {}
    # one campaign holding everything: the accounts of A, B, C, D, E, G and Zoé, and Hugo's
    # two accounts, which only the roster says are one person
    assert metrics.headline_metrics(con)["participants"] == 9
    con.close()


def test_an_objective_reads_its_number_within_the_campaign_chosen(warehouse_file, tmp_path):
    from dashboard import objectives

    two_campaigns(warehouse_file, tmp_path / "sheets")
    objectives.save_objective(warehouse_file, "participants", 10, date(2020, 3, 31))
    con = warehouse.connect_readonly(warehouse_file)
    # 2020 campaign: A, C, Zoé, G, Hugo and Yann (as the campaign filter test counts): 6 of 10
    (row,) = objectives.standings(con, Filters(campaign="municipales_2020")).to_dict("records")
    assert row["current"] == 6 and row["progress"] == 0.6
    # no campaign chosen: the 9 persons of the whole warehouse up to its last activity
    (row,) = objectives.standings(con, Filters()).to_dict("records")
    assert row["current"] == 9


def digest_numbers(page: str) -> dict:
    """key -> (value, change) of the digest's three numbers, as the e-mail writes them."""
    import html

    values = dict(re.findall(r'class="value" data-key="(\w+)">([^<]*)<', page))
    changes = dict(re.findall(r'class="change" data-key="(\w+)">([^<]*)<', page))
    return {key: (html.unescape(values[key]), html.unescape(changes[key])) for key in values}


def test_the_digest_of_a_campaign_says_what_the_overview_says_of_it(
    campaigns_warehouse, warehouse_file, monkeypatch
):
    from click.testing import CliRunner
    from streamlit.testing.v1 import AppTest

    from dashboard.cli import main

    def digest(*options):
        arguments = ["digest", "--warehouse", str(warehouse_file), *options]
        result = CliRunner().invoke(main, arguments)
        assert result.exit_code == 0, result.output
        return result.stdout

    # The week of 10/02 to 16/02/2020 (a Sunday). Within Municipales 2020: A (comment 10/02),
    # circle 1, new to the campaign; D's comment of 12/02 is on another host. The week before
    # (03/02-09/02): nobody.
    page = digest("--week", "2020-02-16", "--campaign", "Municipales 2020")
    nbsp = "\u00a0"
    assert digest_numbers(page) == {
        "active": ("1", "+1 (semaine d'avant : 0)"),
        "new_participants": ("1", "+1 (semaine d'avant : 0)"),
        "beyond_first_circle_share": (f"0,0{nbsp}%", "– (semaine d'avant : –)"),
    }
    assert "Municipales 2020 — Cercles — la semaine du 10/02/2020 au 16/02/2020" in page
    # every campaign: A and D (circle 3, whose first contribution ever it is): 1 of 2 beyond
    assert digest_numbers(digest("--week", "2020-02-16"))["beyond_first_circle_share"][0] == (
        f"50,0{nbsp}%"
    )

    monkeypatch.setenv("CERCLES_WAREHOUSE", str(warehouse_file))
    at = AppTest.from_file("../dashboard/app.py", default_timeout=60)
    at.query_params["campaign"] = "municipales_2020"
    at.query_params["until"] = "2020-02-16"
    at.run()
    assert not at.exception
    cards = {m.label: (m.value, m.delta) for m in at.metric}
    assert cards["Actifs cette semaine"] == ("1", "+1")
    assert cards["Nouveaux cette semaine"] == ("1", "+1")
    assert cards["Hors 1er cercle cette semaine"] == (f"0,0{nbsp}%", "")  # nothing to compare

    # Without --week, a finished campaign's digest is its last week: 2014 ended on 31/03/2014
    # (a Monday), so the week of 24/03 to 30/03/2014, where nothing happened.
    page = digest("--campaign", "municipales_2014")
    assert "la semaine du 24/03/2014 au 30/03/2014" in page
    assert digest_numbers(page)["active"] == ("0", "±0 (semaine d'avant : 0)")


@pytest.mark.parametrize("command", ["digest", "metrics", "report"])
def test_an_unknown_campaign_is_said_in_one_line(campaigns_warehouse, warehouse_file, command):
    from click.testing import CliRunner

    from dashboard.cli import main

    arguments = [command, "--campaign", "Municipales 1995", "--warehouse", str(warehouse_file)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: --campaign: no campaign is called 'Municipales 1995' "
        "(campaigns: 'Municipales 2014', 'Municipales 2020')"
    ]


def test_a_campaign_saved_from_the_dashboard_reads_as_a_sheet_line(warehouse_file, tmp_path):
    from dashboard.errors import CerclesError

    two_campaigns(warehouse_file, tmp_path / "sheets")
    saved = campaigns.save_campaign(
        warehouse_file,
        " Budget  participatif ",
        date(2021, 1, 1),
        date(2021, 6, 30),
        host="https://participer.exemple.fr/processes",
        spaces="12; 14",
    )
    assert saved == "budget_participatif"
    # a typed host that is no host: said, and the warehouse keeps what it had
    with pytest.raises(CerclesError) as caught:
        campaigns.save_campaign(
            warehouse_file, "Mandat", date(2021, 1, 1), date(2021, 6, 30), host="pas une adresse"
        )
    assert caught.value.text("fr") == (
        "« pas une adresse » n'est pas une adresse de plateforme (ex. participer.ville.fr)"
    )
    con = warehouse.connect_readonly(warehouse_file)
    rows = con.execute(read_sql("campaign_list")).fetchall()
    con.close()
    assert [row[0] for row in rows] == [
        "municipales_2014",
        "municipales_2020",
        "budget_participatif",
    ]
    assert rows[2][1:] == (
        "Budget participatif",
        date(2021, 1, 1),
        date(2021, 6, 30),
        None,
        "participer.exemple.fr",
        ["12", "14"],
    )


def test_grand_debat_answers_belong_to_the_campaigns_of_their_day_and_host(
    warehouse_file, tmp_path
):
    # 200 answers from 09:00:00 to 09:03:19 on 22 January 2019 (Paris), by 100 authors
    # (test_granddebat.write_theme_file): the campaign on granddebat.fr holding that day has
    # them all, the one on another host or on other days none
    from test_granddebat import write_theme_file

    theme = write_theme_file(tmp_path / "LA_TRANSITION_ECOLOGIQUE.csv", 200)
    sheet = tmp_path / "campagnes.csv"
    sheet.write_text(
        "libelle;debut;fin;vote;hote;espaces\r\n"
        "Grand débat;15/01/2019;15/03/2019;;granddebat.fr;\r\n"
        "Ailleurs;15/01/2019;15/03/2019;;participer.exemple.fr;\r\n"
        "Plus tard;23/01/2019;15/03/2019;;granddebat.fr;\r\n",
        encoding="utf-8",
    )
    import_paths([theme, sheet], warehouse_file)
    con = warehouse.connect_readonly(warehouse_file)
    rows = con.execute(
        "select campaign_ids, count(*), count(distinct person_key) from contribution_facts"
        " where kind = 'survey_answer' group by all"
    ).fetchall()
    assert rows == [(["grand_debat"], 200, 100)]
    for campaign, participants in (("grand_debat", 100), ("ailleurs", 0), ("plus_tard", 0)):
        headline = metrics.headline_metrics(con, Filters(campaign=campaign))
        assert headline["participants"] == participants, campaign
    con.close()
