"""Cap Collectif's own exporter snapshots of each step kind (tests/fixtures/capcollectif/exporter,
see its README): what a campaign sees once they are imported, counted by hand from the files.

Legacy exports write every id in base64 ('UHJvcG9zYWw6cHJvcG9zYWwxMQ==' is
'Proposal:proposal11'), current ones the raw id: a legacy and a current export of one step
must name each proposal, comment, vote and person alike.
"""

from pathlib import Path

import duckdb
import pytest

from dashboard import metrics
from dashboard.importers import import_paths, parse_file
from dashboard.importers.common import plain_id
from dashboard.privacy import content_id

EXPORTER = Path(__file__).parent / "fixtures" / "capcollectif" / "exporter"
COLLECT_CURRENT = "contributions_budget-participatif-rennes_collecte-des-propositions-fermee.csv"
COLLECT_LEGACY = "budget-participatif-rennes_collecte-des-propositions-fermee.csv"


def imported(folder: str, warehouse_file) -> tuple[list, dict, dict]:
    """(batches, headline numbers, contributions per kind counted once) after importing a folder."""
    batches = import_paths([EXPORTER / folder], warehouse_file)
    con = duckdb.connect(str(warehouse_file), read_only=True)
    try:
        headline = metrics.headline_metrics(con)
        kinds = dict(
            con.execute("select kind, count(*) from contribution_facts group by kind").fetchall()
        )
    finally:
        con.close()
    return batches, headline, kinds


@pytest.mark.parametrize(
    "value, plain",
    [
        ("UHJvcG9zYWw6cHJvcG9zYWwxMQ==", "proposal11"),  # Proposal:proposal11
        ("VXNlcjp1c2VyQWRtaW4=", "userAdmin"),  # User:userAdmin
        ("Q29tbWVudDpwcm9wb3NhbENvbW1lbnQ1MA==", "proposalComment50"),  # Comment:proposalComment50
        ("proposal11", "proposal11"),  # current ids are left alone
        ("1052", "1052"),  # a number that happens to be base64 of no 'Type:id'
        ("abcdefgh", "abcdefgh"),  # base64-looking text that decodes to no 'Type:id'
        ("0f8e1c4a-5b2d-4f6e-9a7b-3c1d2e4f5a6b", "0f8e1c4a-5b2d-4f6e-9a7b-3c1d2e4f5a6b"),
    ],
)
def test_legacy_global_ids_are_read_as_the_raw_ids_current_exports_write(value, plain):
    assert plain_id(value) == plain


def test_legacy_and_current_exports_of_one_collect_step_name_the_same_comments():
    legacy = parse_file(EXPORTER / "collect" / COLLECT_LEGACY)
    current = parse_file(EXPORTER / "collect" / COLLECT_CURRENT)
    assert legacy.format_version == "capcollectif legacy export"
    comments = [
        set(b.tables["contributions"].query("kind == 'comment'")["contribution_id"])
        for b in (legacy, current)
    ]
    # proposalComment50 ... proposalComment55, written by user1, in both files
    assert (
        comments[0]
        == comments[1]
        == {content_id(f"capcollectif|capco.dev|comment|proposalComment{n}") for n in range(50, 56)}
    )
    assert set(legacy.tables["persons"]["person_id"]) <= set(current.tables["persons"]["person_id"])
    # 8 rows each: the proposal (unpublished: never public), 6 comments, a comment vote whose
    # legacy row is empty (no vote id) and whose current row names vote 910050 by user50.
    assert legacy.skipped_codes() == {"unpublished": 1, "no_id": 1}
    assert current.skipped_codes() == {"unpublished": 1}


def test_collect_step_legacy_and_current_count_each_comment_once(warehouse_file):
    _, headline, kinds = imported("collect", warehouse_file)
    # proposal36 never public: 0 proposals; 6 comments by user1 and 1 vote by user50, once
    assert headline["proposals"] == 0
    assert kinds == {"comment": 6, "vote": 1}
    assert headline["participants"] == 2  # user1, user50


def test_selection_step_legacy_and_current_count_each_proposal_once(warehouse_file):
    batches, headline, kinds = imported("selection", warehouse_file)
    assert sorted(b.format_version for b in batches) == [
        "capcollectif export",
        "capcollectif legacy export",
    ]
    # legacy: proposal11, proposal105 and vote 1052; current simplified: proposal105, proposal11.
    # Without decoding the legacy ids: 4 proposals and 2 persons for userAdmin.
    assert headline["proposals"] == 2
    assert kinds == {"proposal": 2, "vote": 1}
    assert headline["participants"] == 1  # userAdmin wrote both and voted


def test_sms_vote_step_counts_a_vote_once_whichever_file_lists_it(warehouse_file):
    batches, headline, kinds = imported("sms-vote", warehouse_file)
    assert [(b.entity, b.rows_read, b.rows_kept) for b in batches] == [
        ("proposals", 7, 7),
        ("proposal_votes", 3, 3),
    ]
    # 4 proposals by user5; votes 2067 and 2068 by user1, 2069 by participant3, in both files
    assert headline["proposals"] == 4
    assert kinds == {"proposal": 4, "vote": 3}
    assert headline["participants"] == 3  # user5, user1, participant3


def test_archiving_step_keeps_its_archived_proposal(warehouse_file):
    _, headline, kinds = imported("archived", warehouse_file)
    # proposalArchivingStepNotArchived and proposalArchivingStepArchived, both by user1 and public
    assert headline["proposals"] == 2 and kinds == {"proposal": 2}
    assert headline["participants"] == 1


def test_comments_on_proposal_news_and_their_votes_are_participation(warehouse_file):
    (batch,), headline, kinds = imported("news", warehouse_file)
    # 19 rows: 2 proposals (user5), 2 news articles (skipped: the organisers' writing), 5
    # comments on the news (user6), 5 reports on lePetitCafe (moderation), 5 votes on the
    # news comments (user56 ... user60) -> 17 kept, 2 skipped
    assert (batch.rows_read, batch.rows_kept, batch.skipped_codes()) == (
        19,
        17,
        {"news_article": 2},
    )
    assert kinds == {"proposal": 2, "comment": 5, "vote": 5}
    assert headline["participants"] == 7  # user5, user6, user56 ... user60
    moderations = batch.tables["moderations"]
    assert moderations["report_count"].tolist() == [5]


def test_a_roster_copying_a_legacy_user_id_finds_the_person_of_a_current_export(
    warehouse_file, tmp_path
):
    roster = tmp_path / "membres.csv"
    # VXNlcjp1c2VyNQ== is User:user5, the author of the 4 SMS-vote proposals
    roster.write_text(
        "plateforme;identifiant;cercle\ncapcollectif;VXNlcjp1c2VyNQ==;1\n", encoding="utf-8"
    )
    import_paths([EXPORTER / "sms-vote", roster], warehouse_file)
    con = duckdb.connect(str(warehouse_file), read_only=True)
    try:
        circles = metrics.headline_metrics(con)["participants_by_circle"]
    finally:
        con.close()
    assert circles["1"] == 1  # user5; user1 and participant3 are not on the roster
