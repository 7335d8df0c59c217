"""The Comparer page (AppTest) on the two-campaign fixture counted by hand
(tests/campaign_fixtures.py), and the campaign filter in the sidebar and the address."""

import pytest
from campaign_fixtures import two_campaigns
from streamlit.testing.v1 import AppTest

APP = "../dashboard/app.py"


@pytest.fixture(scope="module")
def campaigns_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare")
    return two_campaigns(folder / "cercles.duckdb", folder / "sheets")


def run_app(monkeypatch, warehouse_file, page=None, **query):
    monkeypatch.setenv("CERCLES_WAREHOUSE", str(warehouse_file))
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_compare_page_puts_the_campaigns_side_by_side(monkeypatch, campaigns_file):
    at = run_app(monkeypatch, campaigns_file, "compare")
    side = at.dataframe[0].value.set_index("Chiffre")
    # 2014: A, B, Zoé, Hugo; 2020: A, C, G, Zoé, Yann, Hugo (tests/campaign_fixtures.py)
    assert side.at["Participants", "Municipales 2014"] == "4"
    assert side.at["Participants", "Municipales 2020"] == "6"
    assert side.at["Cercle 1 · militants", "Municipales 2020"] == "3"  # A, G, Hugo
    assert side.at["Au-delà du premier cercle", "Municipales 2020"] == "50,0\u00a0%"  # 3 of 6
    assert all(side["Ce qu'il mesure"].str.len() > 20)  # every number explained
    texts = [m.value for m in at.markdown]
    # of 2014's 4 participants, A, Zoé and Hugo came back in 2020
    assert any(
        "Sur 4 participants de Municipales 2014, 3 ont participé à Municipales 2020" in t
        for t in texts
    )
    retention = at.dataframe[1].value
    assert len(retention) == 6
    # renewal: G is new in 2020's circle 1, A and Hugo were already there: 1 of 3
    cards = {m.label: m.value for m in at.metric}
    assert cards["Militants nouveaux · Municipales 2020"] == "33,3\u00a0%"
    assert cards["Militants déjà là · Municipales 2014"] == "2"
    figure = at.get("plotly_chart")[0].proto.spec
    assert "Municipales 2014" in figure and "Semaines avant le vote" in figure


def test_the_campaign_filter_lives_in_the_sidebar_and_the_address(monkeypatch, campaigns_file):
    at = run_app(monkeypatch, campaigns_file, campaign="municipales_2014")
    chosen = at.sidebar.selectbox(key="w_campaign")
    assert chosen.value == "municipales_2014"
    cards = {m.label: m.value for m in at.metric}
    assert cards["Participants"] == "4"  # A, B, Zoé and Hugo
    chosen.set_value("municipales_2020").run()
    assert at.query_params["campaign"] == "municipales_2020"
    assert {m.label: m.value for m in at.metric}["Participants"] == "6"


def test_with_one_campaign_the_page_says_what_to_import(monkeypatch, tmp_path):
    from tests.metric_fixtures import build_fixture_warehouse

    at = run_app(monkeypatch, build_fixture_warehouse(tmp_path / "one.duckdb"), "compare")
    assert "au moins deux campagnes" in at.info[0].value
    assert not at.sidebar.get("selectbox") or all(
        box.label != "Campagne" for box in at.sidebar.selectbox
    )


def test_the_page_says_its_curves_ignore_the_other_filters_when_one_is_set(
    monkeypatch, campaigns_file
):
    whole = "portent sur les campagnes entières"
    at = run_app(monkeypatch, campaigns_file, "compare")
    assert not any(whole in box.value for box in at.info)
    at = run_app(monkeypatch, campaigns_file, "compare", circle="3")
    assert any(whole in box.value for box in at.info)


def save_campaign(at, label, starts_on, ends_on, host=""):
    at.text_input(key="campaign_label").input(label)
    at.date_input(key="campaign_start").set_value(starts_on)
    at.date_input(key="campaign_end").set_value(ends_on)
    at.text_input(key="campaign_host").input(host)
    next(b for b in at.button if b.label == "Enregistrer la campagne").click().run()
    assert not at.exception, [e.message for e in at.exception]


def test_a_campaign_added_by_the_form_is_in_the_filter_and_compared(monkeypatch, tmp_path):
    from datetime import date

    warehouse_file = two_campaigns(tmp_path / "cercles.duckdb", tmp_path / "sheets")
    at = run_app(monkeypatch, warehouse_file, "compare")
    # the mandate between the two campaigns: E's comment of 01/06/2017, nothing else
    save_campaign(
        at, "Mandat 2014-2020", date(2014, 4, 1), date(2019, 12, 31), "participer.exemple.fr"
    )
    assert at.success[0].value == "Campagne enregistrée."
    options = at.sidebar.selectbox(key="w_campaign").options
    assert "Mandat 2014-2020" in options
    side = at.dataframe[0].value.set_index("Chiffre")
    assert side.at["Participants", "Mandat 2014-2020"] == "1"

    # the end before the start: said in one line, nothing written
    save_campaign(at, "Mandat 2014-2020", date(2014, 4, 1), date(2014, 1, 1))
    assert at.error[0].value == "Enregistrement impossible : la fin est avant le début"
    assert len(at.sidebar.selectbox(key="w_campaign").options) == 4  # everything and 3 campaigns

    # the same label changes that campaign: from 01/01/2017 to 31/05/2017 E is no longer in it
    save_campaign(at, "Mandat 2014-2020", date(2017, 1, 1), date(2017, 5, 31))
    at.sidebar.selectbox(key="w_campaign").set_value("mandat_2014_2020").run()
    at.switch_page("views/overview.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Participants"] == "0"


def test_the_sidebar_dates_reach_back_to_a_2014_campaign(monkeypatch, campaigns_file):
    from datetime import date

    at = run_app(monkeypatch, campaigns_file)
    at.sidebar.date_input(key="w_since").set_value(date(2014, 1, 1)).run()
    at.sidebar.date_input(key="w_until").set_value(date(2014, 3, 31)).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.query_params["since"] == "2014-01-01"
    # A (01/02/2014), B (15/02), Zoé (workshop of 20/02) and Hugo (01/03)
    assert {m.label: m.value for m in at.metric}["Participants"] == "4"
