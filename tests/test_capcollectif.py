"""Cap Collectif exports: every format fixture of the real exporter, counted independently
with the csv module, plus localised headers through the user alias file."""

import csv
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from dashboard.errors import InputError
from dashboard.importers import capcollectif, detect, import_paths, parse_file
from dashboard.messages import Message
from dashboard.privacy import content_id

FIXTURES = "capcollectif/format-fixtures"
COLLECT = "collect/contributions_appel-a-projets_collecte-des-propositions-avec-vote-simple"
CONSULTATION = "consultation/contributions_croissance-innovation-disruption_collecte-des-avis"
QUESTIONNAIRE = "questionnaire/contributions_projet-avec-administrateur-de-projet_questionnaire-step-anonymous-project-owner"
SELECTION = "selection/contributions_budget-avec-vote-limite_selection-avec-vote-budget-limite"
LOCAL = Path(__file__).parent / "fixtures" / "capcollectif"


def records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        delimiter = ";" if ";" in fh.readline() else ","
        fh.seek(0)
        return list(csv.DictReader(fh, delimiter=delimiter))


def types(rows: list[dict], column: str = "export_contribution_type") -> Counter:
    return Counter(r[column].removeprefix("export_contribution_type_") for r in rows)


def frame_counts(batch, table, column):
    return Counter(batch.tables[table][column])


@pytest.fixture
def fixtures(real_exports):
    return real_exports / FIXTURES


def test_every_fixture_is_recognised(fixtures):
    expected = {
        f"{COLLECT}.csv": "proposals",
        f"{COLLECT}_grouped.csv": "proposals",
        f"{COLLECT}_simplified.csv": "proposals",
        "collect/contributions_budget-participatif-rennes_collecte-des-propositions_simplified.csv": "proposals",
        "collect/participants_appel-a-projets_collecte-des-propositions-avec-vote-simple.csv": "participants",
        "collect/votes_appel-a-projets_collecte-des-propositions-avec-vote-simple_simplified.csv": "proposal_votes",
        f"{CONSULTATION}.csv": "consultation",
        f"{CONSULTATION}_grouped.csv": "consultation",
        "debate/contributions_debat-du-mois_pour-ou-contre-le-reconfinement.csv": "debate_arguments",
        "debate/votes_debat-du-mois_pour-ou-contre-le-reconfinement.csv": "debate_votes",
        "debate/participants_debat-du-mois_pour-ou-contre-le-reconfinement_simplified.csv": "participants",
        f"{QUESTIONNAIRE}.csv": "questionnaire",
        f"{QUESTIONNAIRE}_grouped.csv": "questionnaire",
        f"{QUESTIONNAIRE}_simplified.csv": "questionnaire",
        f"{SELECTION}.csv": "proposals",
        f"{SELECTION}_simplified.csv": "proposals",
        "selection/votes_budget-avec-vote-limite_selection-avec-vote-budget-limite_simplified.csv": "proposal_votes",
        "legacy/budget-participatif-rennes_collecte-des-propositions.csv": "proposals",
        "legacy/events.csv": "events",
        "legacy/participants-event-with-registrations.csv": "event_registrations",
        "users.csv": "users",
    }
    found = sorted(str(p.relative_to(fixtures)) for p in fixtures.rglob("*.csv"))
    assert len(found) == 28  # every file of the folder is either listed here or a participants list
    for name in found:
        module, entity = detect(fixtures / name)
        assert module is capcollectif, name
        assert entity == expected.get(name, "participants"), name


def test_collect_full_export(fixtures):
    path = fixtures / f"{COLLECT}.csv"
    rows = records(path)
    by_type = types(rows)  # proposal 1, proposal_vote 50, proposal_comment 2
    batch = parse_file(path)
    assert batch.rows_read == len(rows) == 53 and batch.rows_skipped == 0
    assert frame_counts(batch, "contributions", "kind") == {
        "proposal": by_type["proposal"], "vote": by_type["proposal_vote"], "comment": by_type["proposal_comment"]
    }
    (proposal,) = batch.tables["proposals"].to_dict("records")
    source = next(r for r in rows if r["export_contribution_type"] == "export_contribution_type_proposal")
    assert proposal["votes_digital"] == int(source["export_proposal_votes_digital_count"]) == 50
    assert proposal["votes_paper"] == 0
    assert proposal["scope_name"] == source["export_proposal_district_name"]
    assert proposal["state"] == "evaluating"  # 'En cours'
    assert proposal["status"] == "published"
    # 2017-02-01 14:00 in Paris (CET) is 13:00 UTC
    assert str(proposal["published_at"]) == "2017-02-01 13:00:00"
    assert batch.moderation_measurable is True
    voters = {r["export_proposal_votes_author_id"] for r in rows if r["export_proposal_votes_author_id"]}
    assert batch.tables["contributions"].query("kind == 'vote'")["person_id"].nunique() == len(voters)
    assert batch.host == "capco.dev"


def test_a_time_that_names_its_offset_is_not_shifted_twice(fixtures, tmp_path):
    # the exporter writes Paris wall-clock times; the same instant written with its offset
    # (or in UTC) must land on the same UTC time, 13:00, not an hour earlier
    text = (fixtures / f"{COLLECT}.csv").read_text(encoding="utf-8")
    for written in ("2017-02-01 14:00:00+01:00", "2017-02-01T13:00:00Z", "2017-02-01 13:00:00 UTC"):
        path = tmp_path / f"{COLLECT.rsplit('/', 1)[-1]}.csv"
        path.write_text(text.replace("2017-02-01 14:00:00", written), encoding="utf-8")
        (proposal,) = parse_file(path).tables["proposals"].to_dict("records")
        assert str(proposal["published_at"]) == "2017-02-01 13:00:00", written


def test_collect_grouped_and_simplified_variants(fixtures):
    grouped = fixtures / f"{COLLECT}_grouped.csv"
    by_type = types(records(grouped))  # proposal 1, proposal_vote 50
    batch = parse_file(grouped)
    assert frame_counts(batch, "contributions", "kind") == {
        "proposal": by_type["proposal"], "vote": by_type["proposal_vote"]
    }
    assert batch.moderation_measurable is False  # no publication status nor trash columns
    rennes = fixtures / "collect/contributions_budget-participatif-rennes_collecte-des-propositions_simplified.csv"
    rows = records(rennes)
    batch = parse_file(rennes)
    proposals = batch.tables["proposals"]
    assert len(proposals) == len(rows) == 8
    assert proposals["latitude"].notna().sum() == sum(1 for r in rows if r["export_proposal_address_lat"])
    assert proposals["votes_digital"].isna().all()  # this export has no vote columns
    states = Counter(proposals["state"])
    names = Counter(r["export_proposal_status_name"] for r in rows)
    assert states["accepted"] == names["Approuvé"]
    assert states["evaluating"] == names["En cours"]


def test_selection_export_and_votes_file(fixtures):
    rows = records(fixtures / f"{SELECTION}.csv")
    by_type = types(rows)  # proposal 2, proposal_vote 3
    batch = parse_file(fixtures / f"{SELECTION}.csv")
    assert len(batch.tables["proposals"]) == by_type["proposal"] == 2
    assert frame_counts(batch, "contributions", "kind")["vote"] == by_type["proposal_vote"] == 3
    votes = fixtures / "selection/votes_budget-avec-vote-limite_selection-avec-vote-budget-limite_simplified.csv"
    batch = parse_file(votes)
    assert len(batch.tables["contributions"]) == len(records(votes)) == 3


def test_consultation_contributions_with_trashed_arguments(fixtures):
    path = fixtures / f"{CONSULTATION}.csv"
    rows = records(path)
    by_type = types(rows)  # argument 159, opinion 40, opinion_source 35, opinion_vote 2
    trashed = sum(r["export_contribution_arguments_trashed"] == "Oui" for r in rows)  # 50
    batch = parse_file(path)
    assert frame_counts(batch, "contributions", "kind") == {
        "argument": by_type["argument"], "debate": by_type["opinion"],
        "comment": by_type["opinion_source"], "vote": by_type["opinion_vote"],
    }
    contributions = batch.tables["contributions"]
    assert (contributions["status"] == "moderated").sum() == trashed == 50
    assert contributions.query("status == 'moderated'")["moderated_at"].notna().all()
    assert batch.moderation_measurable is True
    grouped = fixtures / f"{CONSULTATION}_grouped.csv"
    by_type = types(records(grouped))  # argument 109, opinion 40, opinion_vote 2
    batch = parse_file(grouped)
    assert len(batch.tables["contributions"]) == sum(by_type.values()) == 151


def test_debate_arguments_and_votes(fixtures):
    arguments = fixtures / "debate/contributions_debat-du-mois_pour-ou-contre-le-reconfinement.csv"
    rows = records(arguments)
    batch = parse_file(arguments)
    contributions = batch.tables["contributions"]
    assert Counter(contributions["kind"]) == {"argument": len(rows)} == {"argument": 196}
    assert contributions["contribution_id"].nunique() == 196
    assert (contributions["status"] == "moderated").sum() == sum(
        1 for r in rows if r["export_contribution_argument_trashed_at"]
    )
    votes = fixtures / "debate/votes_debat-du-mois_pour-ou-contre-le-reconfinement.csv"
    batch = parse_file(votes)
    assert Counter(batch.tables["contributions"]["kind"]) == {"vote": len(records(votes))}


def test_questionnaire_replies_in_three_variants(fixtures):
    for suffix in ("", "_grouped", "_simplified"):
        path = fixtures / f"{QUESTIONNAIRE}{suffix}.csv"
        batch = parse_file(path)
        assert Counter(batch.tables["contributions"]["kind"]) == {"survey_answer": len(records(path))}
    grouped = parse_file(fixtures / f"{QUESTIONNAIRE}_grouped.csv")
    # participant1 gave zip code 75018 in the grouped export
    assert sorted(grouped.tables["persons"]["profile_postcode"].dropna()) == ["75018"]


def test_participants_users_and_their_postcodes(fixtures):
    path = fixtures / "collect/participants_appel-a-projets_collecte-des-propositions-avec-vote-simple.csv"
    rows = records(path)
    batch = parse_file(path)
    persons = batch.tables["persons"]
    assert len(persons) == len({r["export_participant_user_id"] for r in rows}) == 50
    assert persons["profile_postcode"].notna().sum() == sum(
        1 for r in rows if len(r["export_participant_zip_code"]) == 5
    )
    identities = batch.tables["identities"]
    assert Counter(identities["identifier_kind"]) == {
        "id": 50, "nickname": 50, "email": sum(1 for r in rows if r["export_participant_user_email"])
    }
    users = fixtures / "users.csv"
    rows = records(users)
    batch = parse_file(users)
    assert len(batch.tables["persons"]) == len(rows) == 256
    assert batch.tables["persons"]["user_group_ids"].notna().sum() == sum(
        1 for r in rows if r["export_participant_user_groups"]
    )


def test_legacy_proposal_export(fixtures):
    path = fixtures / "legacy/budget-participatif-rennes_collecte-des-propositions.csv"
    rows = records(path)
    proposal_rows = [r for r in rows if r["contribution_type"] == "proposal"]
    status = Counter(r["proposal_publicationStatus"] for r in proposal_rows)
    # TRASHED 51, TRASHED_NOT_VISIBLE 51, PUBLISHED 8, DRAFT 4, UNPUBLISHED 1
    batch = parse_file(path)
    proposals = batch.tables["proposals"]
    assert len(proposals) == len(proposal_rows) - status["DRAFT"] - status["UNPUBLISHED"] == 110
    assert Counter(proposals["status"]) == {
        "moderated": status["TRASHED"] + status["TRASHED_NOT_VISIBLE"], "published": status["PUBLISHED"]
    }
    comments = sum(1 for r in rows if r["contribution_type"] == "proposalComment")
    assert frame_counts(batch, "contributions", "kind")["comment"] == comments == 27
    assert len(batch.tables["moderations"]) == 1  # one reported proposal
    assert batch.format_version == "capcollectif legacy export"


def test_legacy_events_become_meetings(fixtures):
    path = fixtures / "legacy/events.csv"
    rows = records(path)
    batch = parse_file(path)
    meetings = batch.tables["meetings"]
    assert len(meetings) == len(rows) == 15
    located = sum(1 for r in rows if r["address"] or r["lat"] or r["zipCode"])
    assert (meetings["meeting_type"] == "in_person").sum() == located
    assert meetings["latitude"].notna().sum() == sum(1 for r in rows if r["lat"])


def test_event_registrations_are_not_counted_as_attendance(fixtures):
    path = fixtures / "legacy/participants-event-with-registrations.csv"
    batch = parse_file(path)
    assert (batch.rows_read, batch.rows_kept) == (len(records(path)), 0)


def test_the_whole_folder_imports_and_no_email_is_stored(fixtures, warehouse_file):
    batches = import_paths([fixtures], warehouse_file)
    assert len(batches) == 28
    con = duckdb.connect(str(warehouse_file), read_only=True)
    dump = " ".join(str(row) for table in ("contributions", "persons", "identities", "proposals")
                    for row in con.execute(f"select * from {table}").fetchall())
    assert "@" not in dump and "lbrunet" not in dump
    # the three variants of the collect step bring the same proposal: counted once
    hosts = con.execute(
        "select distinct split_part(proposal_id, '|', 2) from proposal_facts "
        "where proposal_id like 'capcollectif|%'"
    ).fetchall()
    ids = [content_id(f"capcollectif|{host}|proposal|proposal14") for (host,) in hosts]
    assert con.execute(
        "select count(*) from proposal_facts where list_contains(?, proposal_id)", [ids]
    ).fetchone()[0] == 1
    keys = con.execute("select count(distinct source_key), count(*) from imports").fetchone()
    assert keys == (28, 28)
    con.close()


def test_localised_headers_through_the_user_alias_file(tmp_path, monkeypatch, warehouse_file):
    (tmp_path / "cercles-aliases.toml").write_text(
        (LOCAL / "cercles-aliases.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    path = LOCAL / "contributions_budget-quartiers_depot.csv"
    rows = records(path)  # 3 proposals (one in the trash), 2 votes, French labels
    module, entity = detect(path)
    assert (module, entity) == (capcollectif, "proposals")
    (batch,) = import_paths([path], warehouse_file, options={"host": "jeparticipe.example.fr"})
    assert batch.source_key == "capcollectif|jeparticipe.example.fr|proposals:budget-quartiers_depot"
    con = duckdb.connect(str(warehouse_file), read_only=True)
    assert con.execute("select status, count(*) from proposals group by 1 order by 1").fetchall() == [
        ("moderated", 1), ("published", 2)
    ]
    assert con.execute("select sum(votes_paper), sum(votes_digital) from proposals").fetchone() == (
        sum(int(r["Votes papier"] or 0) for r in rows if r["Type de contribution"] == "Proposition"),
        sum(int(r["Votes numériques"] or 0) for r in rows if r["Type de contribution"] == "Proposition"),
    )
    assert con.execute("select count(*) from contributions where kind = 'vote'").fetchone() == (2,)
    con.close()


def test_localised_headers_without_aliases_get_a_helpful_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no cercles-aliases.toml here
    path = tmp_path / "export.csv"
    path.write_text("export_proposal_title,export_proposal_summary,Date de publication\nA,B,2020-01-01\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as error:
        detect(path)
    message = str(error.value)
    assert "Expected the columns of one of" in message and "proposal_published_at" in message
    assert "found [export_proposal_title, export_proposal_summary, Date de publication]" in message


def test_decidim_roster_and_sheet_files_are_not_claimed(tmp_path):
    samples = {
        "decidim.csv": "id;author/id;author/name;published_at;title/fr\n1;2;x;2020-01-01;t\n",
        "roster.csv": "email,platform,platform_user,circle,postcode\na@b.c,capcollectif,user1,1,75011\n",
        "reunions.csv": "id_reunion;date;heure_debut;heure_fin;lieu;quartier;type;participants\n1;2026-01-01;18:00;20:00;x;y;présentiel;40\n",
        "emargement.csv": "id_reunion;identifiant;code_postal\n1;a@b.c;75011\n",
    }
    for name, text in samples.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        header = next(csv.reader([text.splitlines()[0]], delimiter=";" if ";" in text else ","))
        assert capcollectif.detect(path, header) is None, name


def test_aliases_from_the_file_named_by_the_environment(tmp_path, monkeypatch):
    aliases = tmp_path / "mes-alias.toml"
    aliases.write_text('[headers]\nproposal_published_at = ["Publiée le"]\n'
                       'proposal_id = ["N° de proposition"]\n', encoding="utf-8")
    monkeypatch.setenv("CERCLES_ALIASES", str(aliases))
    path = tmp_path / "depot.csv"
    path.write_text("N° de proposition,Publiée le\np1,2026-03-02 10:00:00\n", encoding="utf-8")
    assert detect(path)[1] == "proposals"
    batch = parse_file(path, options={"host": "example.org"})
    assert batch.tables["proposals"]["proposal_id"].tolist() == [
        content_id("capcollectif|example.org|proposal|p1")]


def test_unknown_status_names_are_listed_in_the_warnings(tmp_path):
    path = tmp_path / "contributions_projet_etape_simplified.csv"
    path.write_text(
        "export_proposal_id,export_proposal_published_at,export_proposal_reference,export_proposal_status_name\n"
        "p1,2026-03-02 10:00:00,1-1,Approuvé\n"
        "p2,2026-03-02 11:00:00,1-2,En attente du jury\n"
        "p3,2026-03-02 12:00:00,1-3,\n",
        encoding="utf-8",
    )
    batch = parse_file(path, options={"host": "example.org"})
    assert batch.tables["proposals"]["state"].tolist() == ["accepted", "evaluating", "submitted"]
    assert Message.of("unknown_proposal_states", names=["En attente du jury"]) in batch.warnings
