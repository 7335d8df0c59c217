"""The Objectifs page with Streamlit's AppTest on a copy of the metrics fixture: adding an
objective and changing it through the form (the single writer), the overview's card following.

Reference day: the fixture's last activity, 2026-02-04; the last complete week ends 02-01.
Participants: 10 now, 8 by 02-01 and 0 by 01-04: a gain of 8 / 4 = 2 a week. A deadline of
2026-03-04 leaves 4 weeks: projected 10 + 2 x 4 = 18.
  target 20: progress 10 / 20 = 50 %, needed (20 - 10) / 4 = 2,5 a week, 18 < 20: en retard
  target 18: progress 10 / 18 = 56 %, needed (18 - 10) / 4 = 2,0 a week, 18 >= 18: en bonne voie
"""

import json
import shutil
from datetime import date

import duckdb
import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from dashboard.cli import main
from tests.metric_fixtures import build_fixture_warehouse

APP = "../dashboard/app.py"


@pytest.fixture
def warehouse_file(tmp_path_factory, tmp_path):
    built = tmp_path_factory.getbasetemp() / "objectives-fixture.duckdb"
    if not built.exists():
        build_fixture_warehouse(built)
    copy = tmp_path / "cercles.duckdb"
    shutil.copy(built, copy)
    return copy


def open_page(page, monkeypatch, warehouse_file, **query):
    monkeypatch.setenv("CERCLES_WAREHOUSE", str(warehouse_file))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def save(at, indicator, target, deadline):
    at.selectbox(key="objective_indicator").set_value(indicator)
    at.number_input(key="objective_target").set_value(target)
    at.date_input(key="objective_deadline").set_value(deadline)
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]


def card_caption(at, label) -> str:
    """The objective line under the KPI card `label` on the overview."""
    captions = [c.value.replace("\\", "") for c in at.caption]
    lines = [c for c in captions if c.startswith("Objectif ")]
    assert len(lines) == 1, lines
    return lines[0]


def test_adding_then_changing_an_objective_and_the_card_follows(monkeypatch, warehouse_file):
    at = open_page("objectives", monkeypatch, warehouse_file)
    assert at.info[0].value == "Aucun objectif pour l'instant."
    save(at, "participants", 20.0, date(2026, 3, 4))
    assert at.success[0].value == "Objectif enregistré."
    assert "Objectif 20 d'ici le 04/03/2026 : 50\u00a0% atteint" in at.markdown[0].value.replace(
        "\\", ""
    )

    overview = open_page(None, monkeypatch, warehouse_file)
    line = card_caption(overview, "Participants")
    assert (
        "Objectif 20 d'ici le 04/03/2026 : 50\u00a0% atteint · 2,5 par semaine nécessaires" in line
    )
    assert "projection 18 · en retard" in line

    save(at, "participants", 18.0, date(2026, 3, 4))
    overview = open_page(None, monkeypatch, warehouse_file)
    line = card_caption(overview, "Participants")
    assert (
        "Objectif 18 d'ici le 04/03/2026 : 56\u00a0% atteint · 2,0 par semaine nécessaires" in line
    )
    assert "projection 18 · en bonne voie" in line
    assert f"cible changée le {date.today():%d/%m/%Y} (avant : 20)" in line

    con = duckdb.connect(str(warehouse_file), read_only=True)
    versions = con.execute(
        "select version, target, recorded_from from objective_versions order by version"
    ).fetchall()
    con.close()
    assert versions == [(1, 20.0, "dashboard"), (2, 18.0, "dashboard")]


def test_under_a_filter_objectives_ignore_the_card_line_says_it_is_the_whole_campaign(
    monkeypatch, warehouse_file
):
    # The district nord card counts nord's participants; the objective still reads the whole
    # campaign's 10 (50 % of 20), and says so. An end date is followed by the objective (as of
    # 2026-02-01: 8 participants, 40 %), so the line needs no word of warning then.
    at = open_page("objectives", monkeypatch, warehouse_file)
    save(at, "participants", 20.0, date(2026, 3, 4))
    whole = "Toute la campagne (seule la date de fin s'applique) · "
    for key, value in (("district", "nord"), ("platform", "decidim"), ("since", "2026-01-19")):
        overview = open_page(None, monkeypatch, warehouse_file, **{key: value})
        captions = [c.value.replace("\\", "") for c in overview.caption]
        lines = [c for c in captions if c.startswith(whole)]
        assert len(lines) == 1, (key, captions)
        assert lines[0].removeprefix(whole).startswith(
            "Objectif 20 d'ici le 04/03/2026 : 50\u00a0% atteint"
        ), key
    overview = open_page(None, monkeypatch, warehouse_file, until="2026-02-01")
    assert card_caption(overview, "Participants").startswith(
        "Objectif 20 d'ici le 04/03/2026 : 40\u00a0% atteint"
    )
    assert not [c for c in overview.caption if c.value.startswith(whole)]


def test_metrics_json_names_the_filters_its_objectives_do_not_follow(monkeypatch, warehouse_file):
    # the same rule on the command line: under a district and a start date the objective still
    # reads the campaign's 10 of 20, and the JSON names both filters; an end date is followed
    at = open_page("objectives", monkeypatch, warehouse_file)
    save(at, "participants", 20.0, date(2026, 3, 4))

    def printed(*options):
        result = CliRunner().invoke(
            main, ["metrics", "--json", "--warehouse", str(warehouse_file), *options]
        )
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        (objective,) = data["objectives"]
        return objective["current"], objective["progress"], data["objectives_ignored_filters"]

    assert printed("--district", "nord", "--since", "2026-01-19") == (
        10, 0.5, ["since", "district"]
    )
    assert printed("--platform", "decidim") == (10, 0.5, ["platform"])
    assert printed("--until", "2026-02-01") == (8, 0.4, [])
    assert printed() == (10, 0.5, [])


def test_a_share_is_typed_in_percent_and_closing_removes_the_card_line(monkeypatch, warehouse_file):
    at = open_page("objectives", monkeypatch, warehouse_file)
    save(at, "beyond_first_circle_share", 85.0, date(2026, 3, 4))
    # typed 85 for 85 % (80 % now: 8 / 10); the line says the share in percent
    assert "Objectif 85,0\u00a0% d'ici le 04/03/2026" in at.markdown[0].value.replace("\\", "")
    at.selectbox(key="objective_closing").set_value("beyond_first_circle_share")
    at.button[1].click().run()
    assert at.success[0].value == "Objectif clos."
    assert at.info[0].value == "Aucun objectif pour l'instant."
    overview = open_page(None, monkeypatch, warehouse_file)
    assert not [c for c in overview.caption if c.value.startswith("Objectif ")]


def test_a_bad_target_is_refused_in_french_and_nothing_is_written(monkeypatch, warehouse_file):
    at = open_page("objectives", monkeypatch, warehouse_file)
    save(at, "in_person_share", 150.0, date(2026, 3, 4))
    assert at.error[0].value.startswith("Enregistrement impossible : la cible doit être")
    con = duckdb.connect(str(warehouse_file), read_only=True)
    assert con.execute("select count(*) from objective_versions").fetchone()[0] == 0
    con.close()


def test_the_propositions_card_shows_its_ceiling_objective(monkeypatch, warehouse_file):
    # median days to answer 8.5 (answers after 5, 7, 10 and 20 days) for at most 10: reached,
    # progress 10 / 8.5 = 118 %
    at = open_page("objectives", monkeypatch, warehouse_file)
    save(at, "median_days_to_answer", 10.0, date(2026, 3, 4))
    proposals = open_page("proposals", monkeypatch, warehouse_file)
    line = card_caption(proposals, "Délai médian de réponse")
    assert line.startswith("Objectif 10 j d'ici le 04/03/2026 : 118\u00a0% atteint")
    assert line.endswith("· atteint")


def test_the_objective_dates_reach_back_to_a_2014_campaign(monkeypatch, warehouse_file):
    at = open_page("objectives", monkeypatch, warehouse_file)
    for key in ("objective_deadline", "objective_start"):
        assert str(at.date_input(key=key).proto.min) == "2000-01-01"
