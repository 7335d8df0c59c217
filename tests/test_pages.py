"""Every dashboard page, run with Streamlit's AppTest on the hand-worked fixture warehouse
(tests/metric_fixtures.py), asserting on what the user sees.

The fixture's numbers, worked out by hand there: 10 participants (circles 2 / 2 / 6),
8 proposals of which 3 in person, moderation 1 hidden of 5 measurable items, answers after
5, 7, 10 and 20 days, district `est` (E = 4.0, O = 0) under-reached, Duncan index 0.5.
"""

import base64
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import metrics, warehouse
from dashboard.i18n import format_int, format_percent
from tests.metric_fixtures import EXPECTED_HEADLINE, build_fixture_warehouse

REPO = Path(__file__).resolve().parent.parent

APP = "../dashboard/app.py"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("pages") / "cercles.duckdb")


@pytest.fixture
def open_app(fixture_file, monkeypatch):
    """open_app(page=None, **query) -> an AppTest that has run the page (French by default)."""

    def opener(page=None, warehouse_file=fixture_file, **query):
        monkeypatch.setenv("CERCLES_WAREHOUSE", str(warehouse_file))
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(f"views/{page}.py").run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return opener


def headline(fixture_file, **filters):
    con = warehouse.connect_readonly(fixture_file)
    return metrics.headline_metrics(con, metrics.Filters.from_strings(**filters))


def shown_metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def chart_texts(at) -> list[str]:
    """Each Plotly figure on the page as readable JSON (labels unescaped)."""
    return [
        json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
        for chart in at.get("plotly_chart")
    ]


def charts_of(at) -> list[dict]:
    """Each Plotly figure on the page as a dict."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def values(array) -> list:
    """A trace's x or y as a list, whether Plotly wrote it plainly or as typed binary."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def test_pages_live_outside_a_pages_folder():
    # Streamlit runs a session's first visit through a `pages/` folder beside the entry file
    # (its older multipage layout), which answers /vue-ensemble with "Page not found".
    app = Path(__file__).resolve().parent.parent / "dashboard"
    assert not (app / "pages").exists(), "put dashboard pages in dashboard/views/"
    assert (app / "views" / "overview.py").exists()


def test_an_empty_warehouse_welcomes_and_explains_how_to_import(open_app, tmp_path):
    at = open_app(warehouse_file=tmp_path / "nothing-yet.duckdb")
    assert at.title[0].value == "Bienvenue dans Cercles"
    text = " ".join(m.value for m in at.markdown)
    assert "cercles import" in text and "Données" in text
    assert not at.metric and not at.error


def test_an_older_warehouse_is_said_in_one_french_line_and_left_as_it_is(open_app, tmp_path):
    import duckdb

    path = tmp_path / "older.duckdb"
    with warehouse.writer(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("update warehouse_meta set value = 'older' where key = 'derived_with'")
    con.close()
    before = path.read_bytes()
    at = open_app(warehouse_file=path)
    assert [e.value for e in at.error] == [
        f"{path} : cet entrepôt a été construit par une version plus ancienne de Cercles ; "
        "lancez `cercles upgrade` (ou importez un fichier) pour le mettre à jour"]
    assert not at.metric and not at.title
    assert path.read_bytes() == before


def test_overview_cards_show_the_headline_metrics(open_app, fixture_file):
    at = open_app()
    expected = headline(fixture_file)
    assert expected["participants"] == EXPECTED_HEADLINE["participants"]
    cards = shown_metrics(at)
    assert cards["Participants"] == format_int(expected["participants"]) == "10"
    assert cards["Au-delà du 1er cercle"] == f"80,0{NBSP}%"  # 8 / 10
    assert cards["Propositions"] == "8"
    assert cards["Part en présentiel"] == f"37,5{NBSP}%"  # 3 / 8
    assert cards["Taux de modération"] == f"20,0{NBSP}%"  # 1 / 5
    assert cards["Délai médian de réponse"] == "8,5 j"  # (7 + 10) / 2
    assert cards["Quartiers sous-représentés"] == "1"  # est
    # every card has its one-line explanation under it
    captions = [c.value for c in at.caption]
    assert metrics.EXPLANATIONS["participants"]["fr"] in captions
    alerts = " ".join(w.value for w in at.warning)
    assert "Est décroche" in alerts and "0,01 %" in alerts
    assert len(at.get("plotly_chart")) >= 1


def test_a_period_starting_last_week_shows_newcomers_not_everyone(open_app):
    # From 01-26: F H I J took part. In the last complete week (01-26..02-01) F and H did,
    # only F is new (H came on 01-19), and no week before the period compares the other cards.
    at = open_app(since="2026-01-26")
    deltas = {m.label: m.delta for m in at.metric}
    assert shown_metrics(at)["Participants"] == "4"
    assert deltas["Participants"] == "+1"
    assert not deltas["Propositions"] and not deltas["Quartiers sous-représentés"]
    new_chart = next(
        c
        for c in charts_of(at)
        if "Nouveaux participants" in json.dumps(c["layout"]["title"], ensure_ascii=False)
    )
    by_circle = {trace["name"]: values(trace["y"]) for trace in new_chart["data"]}
    assert by_circle["Cercle 3 · grand public"] == [1, 2]  # F, then I J
    assert by_circle["Cercle 1 · militants"] == [0, 0]  # A and D came before the period


def test_the_channel_filter_changes_the_cards_and_the_url(open_app, fixture_file):
    at = open_app()
    at.selectbox(key="w_channel").select("in_person").run()
    assert not at.exception
    in_person = headline(fixture_file, channel="in_person")
    cards = shown_metrics(at)
    # P6, P7, P8 are the in-person proposals: all of them, so the share is 100 %
    assert cards["Propositions"] == "3"
    assert cards["Part en présentiel"] == f"100,0{NBSP}%"
    assert cards["Participants"] == format_int(in_person["participants"])
    assert in_person["participants"] < 10
    assert at.query_params["channel"] == "in_person"


def test_a_copied_link_reproduces_the_view_on_any_page(open_app):
    at = open_app("channels", channel="in_person", lang="en", since="2026-01-01")
    cards = shown_metrics(at)
    assert at.title[0].value == "Online / in person"
    assert cards["In-person share"] == "100.0%"
    assert cards["Proposals in person"] == "3" and cards["Proposals online"] == "0"
    assert at.selectbox(key="w_channel").value == "in_person"
    assert at.query_params["since"] == "2026-01-01"


def test_a_link_with_stale_values_falls_back_to_everything(open_app):
    at = open_app(district="gone", since="not-a-date", channel="by-pigeon")
    assert shown_metrics(at)["Participants"] == "10"
    assert "district" not in at.query_params and "channel" not in at.query_params


def test_the_language_switch_changes_labels_and_number_format(open_app):
    at = open_app()
    assert at.title[0].value == "Vue d'ensemble"
    at.segmented_control(key="w_lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    cards = shown_metrics(at)
    assert cards["Beyond the first circle"] == "80.0%"
    assert cards["Median time to answer"] == "8.5 d"
    assert at.selectbox(key="w_channel").label == "Channel"
    # the choice survives page switches (Streamlit once dropped it on the way)
    for page, title in (("moderation", "Moderation"), ("circles", "Circles")):
        at.switch_page(f"views/{page}.py").run()
        assert at.title[0].value == title
    assert at.query_params["lang"] == "en"


def test_circles_page_counts_each_circle_and_their_sources(open_app):
    at = open_app("circles")
    cards = shown_metrics(at)
    assert cards["Cercle 1 · militants"] == "2"  # A (roster), D (phase rule)
    assert cards["Cercle 2 · sympathisants"] == "2"  # B (roster), C (signal)
    assert cards["Cercle 3 · grand public"] == "6"
    sources = at.dataframe[0].value
    assert set(sources["Source"]) == {
        "fichier des membres",
        "signal de plateforme",
        "phase restreinte",
        "par défaut (grand public)",
    }
    assert len(at.get("plotly_chart")) >= 3
    assert "Semaine" in chart_texts(at)[0]


def test_districts_page_ranks_targets_and_hides_small_counts(open_app):
    at = open_app("districts")
    cards = shown_metrics(at)
    assert cards["Quartiers sous-représentés"] == "1"
    assert cards["Indice de dissimilarité"] == "0,50"
    captions = [c.value for c in at.caption]  # a volunteer is told what 0,50 means
    assert metrics.EXPLANATIONS["duncan_index"]["fr"] in captions
    targets = at.dataframe[0].value
    # only est misses anyone: E = 5 000 x 8 / 10 000 = 4.0, O = 0
    assert list(targets["Quartier"]) == ["Est"]
    assert list(targets["Participants manquants"]) == [4]
    assert list(targets["Statut"]) == ["sous-représenté (alarme)"]
    # one reason per row; M3 (Decidim, hybrid, 01-28) is est's last meeting
    assert list(targets["Pourquoi"]) == [
        "sous la limite à 99,8 % — 4 participants manquants, dernière réunion le 28/01/2026"]
    assert any("Seuls les quartiers nettement sous-représentés" in c.value for c in at.caption)
    assert any("Population inconnue pour 1" in w.value for w in at.warning)  # port
    assert "limite à 99,8 %" in chart_texts(at)[0]
    # nord has 5 participants (A C F H I): fewer than 11, so it reads "< 11"
    at.selectbox(key="district_detail").select("nord").run()
    assert shown_metrics(at)["Participants"] == "< 11"


def test_moderation_page_says_not_measurable_instead_of_zero(open_app):
    at = open_app("moderation")
    assert shown_metrics(at)["Taux de modération"] == f"20,0{NBSP}%"
    # no source of the fixture dates both the report and the hiding: said, not left blank
    assert any("non disponible" in c.value for c in at.caption)
    # the Decidim open data before 0.30 cannot reveal hidden content
    at = open_app("moderation", platform="decidim")
    assert shown_metrics(at)["Taux de modération"] == "non mesurable"
    assert any("non mesurable" in i.value for i in at.info)


def test_moderation_alerts_only_when_significantly_above_the_benchmark(
    open_app, fixture_file, tmp_path
):
    # The fixture: 1 hidden of 5 (I), lower limit 1 - 0.975^(1/5) = 0,505 %: an alert.
    overview = open_app()
    alerts = " ".join(w.value for w in overview.warning)
    assert "contenus masqués : 1 sur 5" in alerts and "au moins 0,505" in alerts
    page = open_app("moderation")
    assert any("de façon significative" in c.value for c in page.caption)
    hidden = next(c for c in charts_of(page) if c["layout"]["yaxis"]["title"]["text"]
                  == "Contenus masqués")
    assert (hidden["layout"]["yaxis"]["dtick"], hidden["layout"]["yaxis"]["tickformat"]) == (
        1, ",d")  # 1 hidden item: ticks 0, 1, never 0,5
    # F writes 995 more comments: 1 hidden of 1 000 = 0,1 %, ten times the benchmark, but
    # its lower limit 1 - 0.975^(1/1000) = 0,003 % is under 0,01 %: no alert
    copy = tmp_path / "cercles.duckdb"
    shutil.copyfile(fixture_file, copy)
    with warehouse.writer(copy) as con:
        con.execute(
            "insert into contribution_rows select contribution_rows.* replace (contribution_id "
            "|| '-' || n as contribution_id) from contribution_rows, range(995) as r(n) "
            "where contribution_id like '%|comment|8'"
        )
    overview = open_app(warehouse_file=copy)
    assert shown_metrics(overview)["Taux de modération"] == f"0,100{NBSP}%"
    assert "modération" not in " ".join(w.value for w in overview.warning)
    page = open_app("moderation", warehouse_file=copy)
    assert any(
        "Pas significativement" in c.value and "1 sur 1" in c.value and "0,003" in c.value
        for c in page.caption
    )
    # the weekly rates: comments of week 01-26 (F: 996) are drawn, the others rest on
    # fewer than 50 items (B's comment 01-21, I J 02-02..03) and are not
    rates = next(c for c in charts_of(page) if "par semaine" in c["layout"]["title"]["text"])
    drawn = {trace["name"]: values(trace["y"]) for trace in rates["data"]}
    assert list(drawn) == ["commentaire · en ligne"]  # B's proposal alone: never drawn
    assert [None if np.isnan(v) else v for v in drawn["commentaire · en ligne"]] == [
        None, 0.0, None]  # weeks 01-19 (1 item), 01-26 (0 hidden of 996), 02-02 (2 items)


def test_proposals_page_shows_time_to_answer_and_the_state_funnel(open_app):
    at = open_app("proposals")
    cards = shown_metrics(at)
    assert cards["Délai médian de réponse"] == "8,5 j"
    assert cards["Délai de réponse (90 %)"] == "17 j"  # 10 + 0.7 x (20 - 10)
    assert "9 sur 10 répondues en moins de 17 j" in [c.value for c in at.caption]
    assert any("retenue / intégrée" in text for text in chart_texts(at))
    # 8 proposals now: 3 submitted (P6 P8 P9), 1 evaluating (P3), 3 accepted, 1 withdrawn
    assert (
        "sur 8 propositions, 4 attendent une décision (3 sans réponse, 1 en évaluation), 3 sont "
        "retenues et 0 rejetées ; retirées par leur auteur : 1, à part"
    ) in " ".join(c.value for c in at.caption)


def test_channels_page_splits_proposals_and_people(open_app):
    at = open_app("channels")
    cards = shown_metrics(at)
    assert cards["Part en présentiel"] == f"37,5{NBSP}%"
    assert cards["Propositions en ligne"] == "5" and cards["Propositions en présentiel"] == "3"
    specs = " ".join(chart_texts(at))
    assert "seulement en ligne" in specs and "votes papier" in specs  # P9: 30 + 10 votes


def test_votes_that_no_export_counts_on_paper_are_said_not_drawn(open_app, fixture_file, tmp_path):
    copy = tmp_path / "cercles.duckdb"
    shutil.copyfile(fixture_file, copy)
    with warehouse.writer(copy) as con:  # P9 as a Decidim export has it: no paper count
        con.execute("update proposals set votes_paper = null")
    at = open_app("channels", warehouse_file=copy)
    assert any("Votes en ligne : 30, sur 1 propositions" in c.value for c in at.caption)
    assert "votes papier" not in " ".join(chart_texts(at))  # no 100 % pie


def test_report_page_previews_sections_and_benchmarks(open_app):
    at = open_app("report")
    assert at.title[0].value == "Bilan"
    benchmarks = at.dataframe[0].value
    assert list(benchmarks["Cette campagne"][:2]) == ["10", "8"]
    assert list(benchmarks["Référence"][:2]) == ["202", "706"]
    # the report's rows, readings included: synthesis time (not time to answer) against
    # 10-15 days, moderation 1 hidden of 5 (lower limit 0.51 % > 0.01 %)
    rows = benchmarks.set_index("Indicateur")
    assert rows.loc["Durée de la synthèse", "Référence"] == "10 à 15 j"
    assert rows.loc["Participants", "Lecture"] == "en dessous"  # 10 < 202
    assert rows.loc["Taux de modération", "Lecture"] == "nettement au-dessus (au-delà du hasard)"


def test_report_page_builds_the_report_through_its_hook(open_app, monkeypatch):
    from dashboard import report

    # chromium's PDF printing is the report's own business (tested there); keep this quick
    monkeypatch.setattr(report, "build_report_pdf", lambda *args, **kwargs: b"%PDF-1.7 test")
    at = open_app("report")
    at.button(key="build_report").click().run()
    assert not at.exception and not at.error
    labels = [button.label for button in at.get("download_button")]
    assert "Télécharger le bilan HTML" in labels and "Télécharger le bilan PDF" in labels


def test_data_page_lists_imports_and_imports_an_uploaded_roster(open_app, fixture_file, tmp_path):
    copy = tmp_path / "cercles.duckdb"
    shutil.copyfile(fixture_file, copy)
    at = open_app("data", warehouse_file=copy)
    assert len(at.dataframe[0].value) == 7
    coverage = at.dataframe[1].value  # what each metric rests on, said in French
    assert "contributions des participants" in set(coverage["Éléments comptés"])
    assert not coverage["Éléments comptés"].str.contains("proposals|items|with a").any()
    assert str(coverage["Personnes"].dtype) == "Int64"  # a count, never '10,0'
    roster = b"email;cercle\nmilitante@example.org;1\nvoisin@example.org;3\n"
    at.file_uploader(key="upload_files_0").set_value([("membres.csv", roster, "text/csv")])
    at.button(key="import_button").click().run()
    assert not at.exception
    # two addresses the fixture campaign does not know: nobody changes circle
    assert at.success[0].value == (
        "Import terminé : les chiffres principaux (participants, propositions, réunions, "
        "militants) n'ont pas changé.")
    assert "membres.csv : Fichier des membres, fichier des membres, 2 lignes lues, 2 gardées, "\
        "0 écartée" in [t.value for t in at.text]
    assert len(at.dataframe[0].value) == 8
    imported = at.dataframe[0].value
    assert "Fichier des membres" in set(imported["Plateforme"])  # not our code name "roster"
    assert "fichier des membres" in set(imported["Contenu"])


def test_a_broken_upload_is_one_line_not_a_traceback(open_app, fixture_file, tmp_path):
    copy = tmp_path / "cercles.duckdb"
    shutil.copyfile(fixture_file, copy)
    at = open_app("data", warehouse_file=copy)
    at.file_uploader(key="upload_files_0").set_value([("notes.csv", b"a;b\n1;2\n", "text/csv")])
    at.button(key="import_button").click().run()
    assert not at.exception
    message = re.sub(r"\\(.)", r"\1", at.error[0].value)  # drawn as text: punctuation escaped
    assert message.startswith(
        "Import impossible, rien n'a été modifié. notes.csv, ligne 1 : Cercles ne reconnaît pas "
        "ce fichier (colonnes : a, b).") and "\n" not in message
    assert "--" not in message  # no command-line option on the page
    assert len(at.dataframe[0].value) == 7
    # choosing another file clears the error of the previous one
    at.file_uploader(key="upload_files_1").set_value([("autre.csv", b"x\n", "text/csv")]).run()
    assert not at.error


def test_importing_with_no_file_chosen_says_what_to_do(open_app, fixture_file, tmp_path):
    copy = tmp_path / "cercles.duckdb"
    shutil.copyfile(fixture_file, copy)
    at = open_app("data", warehouse_file=copy)
    at.button(key="import_button").click().run()
    assert not at.exception and not at.error
    assert at.warning[0].value.startswith("Choisissez d'abord un fichier")


def test_an_upload_says_what_it_changed(open_app, tmp_path):
    at = open_app("data", warehouse_file=tmp_path / "first.duckdb")
    sms_vote = (REPO / "tests" / "fixtures" / "capcollectif" / "exporter" / "sms-vote"
                / "contributions_budget-participatif-idf-3_collecte-vote-par-sms.csv")
    at.file_uploader(key="upload_files_0").set_value(
        [(sms_vote.name, sms_vote.read_bytes(), "text/csv")])
    at.button(key="import_button").click().run()
    assert not at.exception
    # an empty warehouse, then 4 proposals by user5 and 3 votes by user1 and participant3:
    # 3 participants, 4 proposals; the newest row is a vote of 2022-03-01 00:02 Paris time
    assert at.success[0].value == (
        "Import terminé : +3 participants, +4 propositions, données jusqu'au 28/02/2022 "
        "(dernière contribution des fichiers).")


def test_formats_match_the_french_rules():
    assert format_percent(EXPECTED_HEADLINE["beyond_first_circle_share"]) == f"80,0{NBSP}%"


def test_dashboard_queries_list_imports_filter_choices_and_shapes():
    con = build_fixture_warehouse()
    imports = con.execute(warehouse.read_sql("imports_overview")).fetchdf()
    # seven imports, all logged at the same time: newest id first; blanks read as empty JSON
    assert list(imports["import_id"]) == [7, 6, 5, 4, 3, 2, 1]
    assert set(imports["warnings"]) == {"[]"} and set(imports["skipped_reasons"]) == {"[]"}
    choices = con.execute(warehouse.read_sql("filter_options")).fetchdf()
    offered = {kind: list(rows["value"]) for kind, rows in choices.groupby("filter")}
    assert offered["phase"] == ["p1", "p2"]  # calendar order
    assert offered["platform"] == ["capcollectif", "decidim", "sheet"]
    assert offered["district"] == ["est", "nord", "port", "sud"]  # by name: Est, Nord, ...
    # the fixture's districts have no display geometry: no shape, so no map (not an error)
    assert con.execute(warehouse.read_sql("district_shapes")).fetchdf().empty


def test_a_first_upload_turns_the_welcome_into_the_dashboard(open_app, tmp_path):
    at = open_app("data", warehouse_file=tmp_path / "first.duckdb")
    assert any("Aucun import" in i.value for i in at.info)
    roster = b"email;cercle\nmilitante@example.org;1\n"
    at.file_uploader(key="upload_files_0").set_value([("membres.csv", roster, "text/csv")])
    at.button(key="import_button").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Import terminé")
    assert any(t.value.startswith("membres.csv : Fichier des membres") for t in at.text)
    assert len(at.dataframe[0].value) == 1
    # the warehouse is no longer empty: the filters (and every page) are there
    assert at.selectbox(key="w_channel").label == "Canal"


def rate_card(cards: dict) -> str:
    return next(value for label, value in cards.items() if label.startswith("Pour 1"))


def test_districts_page_shows_bounds_not_figures_that_give_a_small_count_back(open_app):
    """Default threshold 11: nord (O = 5), sud (O = 3) and port (O = 1) are hidden, est
    (O = 0) is not. Sud: E = 8 x 3 000 / 10 000 = 2.4, population 3 000."""
    at = open_app("districts")
    at.selectbox(key="district_detail").select("sud").run()
    cards = shown_metrics(at)
    assert cards["Participants"] == "< 11"
    # rate < 11 x 1 000 / 3 000 = 3.67, never 3 x 1 000 / 3 000 = 1,0
    assert rate_card(cards) == "< 3,7"
    funnel = chart_texts(at)[0]
    # no dot for nord, sud or port: sud's at E = 2.4, O/E = 1.25 would give 2.4 x 1.25 = 3
    assert not re.search(r"\bSud\b|\bNord\b|\bPort\b", funnel)
    assert "1.25" not in funnel and "1,25" not in funnel and "%{y" not in funnel
    assert "Est</b><br>Attendus : 4,0<br>Observés / attendus : 0,00" in funnel  # O = 0 hides nobody
    unplaced = [c.value for c in at.caption if c.value.startswith("Ni sur ce graphique")]
    assert len(unplaced) == 1  # under the funnel plot (this fixture has no map)
    assert all(f"{name}\u00a0: " in unplaced[0] for name in ("Nord", "Sud", "Port"))


def test_a_hidden_under_reached_district_reads_bounds_in_targets_and_alert(
    open_app, fixture_file, tmp_path, monkeypatch
):
    """est given O = 1 (as if one resident had taken part) and threshold 3: E = 4.0,
    missing 3 would give O = 4 - 3 back; shown instead: missing > 4.0 - 3 = 1,0,
    O/E < 3 / 4 = 0,75, rate < 3 x 1 000 / 5 000 = 0,6. O = 2 would read the same."""
    copy = tmp_path / "cercles.duckdb"  # its own cache entry
    shutil.copyfile(fixture_file, copy)
    original = metrics.district_reach

    def one_in_est(con, filters=None):
        reach = original(con, filters or metrics.Filters())
        est = reach["district_id"] == "est"
        reach.loc[est, ["participants", "ratio", "missing_participants", "rate_per_1000"]] = [
            1, 0.25, 3.0, 0.2]
        return reach

    monkeypatch.setattr(metrics, "district_reach", one_in_est)
    monkeypatch.setenv("CERCLES_MIN_COUNT", "3")
    overview = open_app(warehouse_file=copy)
    alerts = [w.value for w in overview.warning]
    assert any("Est décroche : > 1 participants manquent" in a for a in alerts), alerts
    at = open_app("districts", warehouse_file=copy)
    targets = at.dataframe[0].value
    assert list(targets["Quartier"]) == ["Est"]
    assert list(targets["Participants manquants"]) == ["> 1"]  # 4.0 - 3 = 1,0: whole
    assert list(targets["Participants"]) == ["< 3"]
    at.selectbox(key="district_detail").select("est").run()
    cards = shown_metrics(at)
    assert cards["Participants"] == "< 3" and rate_card(cards) == "< 0,6"
    funnel = chart_texts(at)[0]
    assert "Est</b>" not in funnel and "0,25" not in funnel  # no dot: 4.0 x 0.25 = 1
    assert any("Est\u00a0: sous-représenté" in c.value for c in at.caption)


MOBILISATION_ACTIONS = (
    "date;type;quartier;portes_frappees;portes_ouvertes\r\n"
    "20/01/2026;porte-à-porte;Nord;50;20\r\n"
    "27/01/2026;porte-à-porte;nord;;\r\n"
    "01/02/2026;tractage;Est;;\r\n"
    "02/02/2026;phoning;Ailleurs;;\r\n"
)


@pytest.fixture
def with_actions(fixture_file, tmp_path):
    """The fixture warehouse plus four field actions (one whose place is unknown)."""
    from dashboard.importers import import_paths

    copy = tmp_path / "cercles.duckdb"
    shutil.copyfile(fixture_file, copy)
    sheet = tmp_path / "actions.csv"
    sheet.write_text(MOBILISATION_ACTIONS, encoding="utf-8")
    import_paths([sheet], copy)
    return copy


def test_mobilisation_page_shows_actions_operations_need_and_meetings(open_app, with_actions):
    at = open_app("mobilisation", warehouse_file=with_actions)
    assert at.title[0].value == "Mobilisation"
    cards = shown_metrics(at)
    assert cards["Actions de terrain"] == "4"
    assert cards["Portes ouvertes"] == "20"  # of 50 knocked, said in its explanation
    assert cards["Lieu inconnu"] == "1"  # "Ailleurs" is no district: kept, counted apart
    assert cards["Opérations suivies d'une hausse"] == "0"
    assert "sur 50 frappées" in " ".join(c.value for c in at.caption)
    tables = [frame.value for frame in at.dataframe]
    by_district = tables[0].set_index(["Quartier", "Type d'action"])["Actions"].to_dict()
    assert by_district == {("Nord", "porte-à-porte"): 2, ("Est", "tractage"): 1,
                           ("lieu inconnu", "phoning"): 1}
    operations = tables[1]
    # nord 20-27 Jan: A = 20 Jan - 9 Feb, B = 30 Dec - 19 Jan; nord's newcomers A (01-06) and
    # H (01-19) in B, C F I in A: 2 and 3, both under 11. The controls sud and port have
    # nobody new in B: c_B = 0, not computable. est: nobody lives there, n = 0 + 0.
    assert list(operations["Quartier"]) == ["Nord", "Est"]
    assert list(operations["n avant"]) == ["< 11", "0"]
    assert list(operations["Verdict"]) == ["non calculable", "non calculable"]
    assert any("association, pas une preuve" in c.value for c in at.caption)
    need = tables[2].set_index("Quartier")
    # reference day 4 Feb (M4): actions of 15 Jan - 4 Feb
    assert need.loc["Nord", "Actions (21 j)"] == 2 and need.loc["Est", "Actions (21 j)"] == 1
    assert need.loc["Est", "Statut"] == "sous-représenté (alarme)"
    meetings = tables[3]
    assert meetings["Primo-participants"].iloc[0] == "< 11"  # M1: G, a first-timer
    assert "Allons-nous là où est le besoin" in " ".join(s.value for s in at.header)
    specs = " ".join(chart_texts(at))
    assert "porte-à-porte" in specs and "Participants manquants" in specs
    # effort against need: est (0 participants) has its dot; nord, sud and port (5, 3 and 1,
    # hidden) have none, E less a dot's missing participants giving the count back
    (need_chart,) = [c for c in chart_texts(at) if '"text": "Participants manquants"' in c]
    assert "Est" in need_chart and not re.search(r"\b(Nord|Sud|Port)\b", need_chart)
    unplaced = [c.value for c in at.caption if c.value.startswith("Pas sur le graphique")]
    assert len(unplaced) == 1 and "Nord · Participants manquants" in unplaced[0]
    assert "Actions (21 j) : 2" in unplaced[0]  # nord's two door-to-door days
    assert len(at.get("download_button")) == 4  # every table downloads
    at = open_app("mobilisation", warehouse_file=with_actions, lang="en")
    assert shown_metrics(at)["Field actions"] == "4"
    assert any("association, not a proof" in c.value for c in at.caption)


def test_overview_alerts_an_under_reached_district_left_without_action(open_app, with_actions):
    # est is under-reached; its one action (1 Feb) is within 21 days of 4 Feb: no alert
    at = open_app(warehouse_file=with_actions)
    assert not any("aucune action de terrain" in w.value for w in at.warning)
    # seen from 1 March, the last action is 28 days old
    at = open_app(warehouse_file=with_actions, until="2026-03-01")
    shown = [w.value.replace("\\", "") for w in at.warning]  # without the Markdown escapes
    assert any("Est est sous-représenté et n'a eu aucune action de terrain depuis 21 jours"
               in w and "01/02/2026" in w for w in shown)


def test_an_unexpected_failure_during_an_upload_is_one_french_line(
    open_app, fixture_file, tmp_path, monkeypatch
):
    import dashboard.importers

    def broken(paths, warehouse_file, **options):
        raise KeyError("proposal_id")

    copy = tmp_path / "cercles.duckdb"
    shutil.copyfile(fixture_file, copy)
    at = open_app("data", warehouse_file=copy)
    monkeypatch.setattr(dashboard.importers, "import_paths", broken)
    at.file_uploader(key="upload_files_0").set_value([("p.csv", b"a;b\n1;2\n", "text/csv")])
    at.button(key="import_button").click().run()
    assert not at.exception
    message = re.sub(r"\\(.)", r"\1", at.error[0].value)
    assert message.startswith(
        "Import impossible, rien n'a été modifié. Erreur inattendue en lisant ces fichiers "
        "(KeyError)") and "\n" not in message
    assert len(at.dataframe[0].value) == 7  # the warehouse kept its seven imports
