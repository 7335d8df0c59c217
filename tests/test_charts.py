"""Figure builders, French number formatting, safe CSV and small-count suppression:
the dashboard's pure parts, tested without Streamlit."""

import csv
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard import charts, i18n, ui

DASHBOARD = Path(i18n.__file__).parent

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[2.0, 48.0], [2.0, 48.01], [2.01, 48.01], [2.01, 48.0], [2.0, 48.0]]],
}
SQUARE_EAST = {
    "type": "Polygon",
    "coordinates": [[[2.01, 48.0], [2.01, 48.01], [2.02, 48.01], [2.02, 48.0], [2.01, 48.0]]],
}


def reach_rows():
    # Two districts: A 2 000 residents, 8 participants, E = 20 -> O/E 0.4; B 3 000, 42, E = 30.
    return pd.DataFrame(
        {
            "district_id": ["A", "B"],
            "name": ["Les Tilleuls", "Centre"],
            "population": [2000, 3000],
            "participants": [8, 42],
            "expected": [20.0, 30.0],
            "ratio": [0.4, 1.4],
            "rate_per_1000": [4.0, 14.0],
            "smoothed_rate_per_1000": [5.0, 13.5],
            "status": ["under-reached (alarm)", "over-reached"],
        }
    )


def test_french_numbers_use_narrow_spaces_and_decimal_commas():
    assert i18n.format_int(1234567, "fr") == "1\u202f234\u202f567"
    assert i18n.format_int(1234567, "en") == "1,234,567"
    assert i18n.format_number(1234.5, "fr", 1) == "1\u202f234,5"
    assert i18n.format_percent(0.4567, "fr") == "45,7\u00a0%"
    assert i18n.format_percent(0.4567, "en") == "45.7%"
    # 1 hidden item out of 10 000: 0.01 % needs more than one decimal to be seen
    assert i18n.format_small_percent(0.0001, "fr") == "0,010\u00a0%"
    assert i18n.format_days(12.0, "fr") == "12 j"
    assert i18n.format_days(12.5, "en") == "12.5 d"
    assert i18n.format_int(None, "fr") == "–"
    assert i18n.format_percent(float("nan"), "fr") == "–"


# Labels whose French and English are rightly the same: names, and words both languages share.
SAME_IN_BOTH = {
    "app.title", "filters.phase", "filters.platform", "nav.mobilisation", "platform.decidim",
    "platform.capcollectif", "platform.granddebat", "entity.phases", "origin.participant",
    "origin.organisation", "kind.argument", "small_count", "kpi.participants",
    "indicator.participants", "col.version",
    "mobilisation.title", "action.phoning", "col.actions", "col.verdict", "col.district_id",
    "col.population", "col.participants", "col.phase", "col.source", "col.date", "data.imports",
    "col.format", "msg.as_written", "msg.change_participants.one",
    "msg.change_participants.other", "item.opinion.one", "item.opinion.other",
    "item.contribution.one", "item.contribution.other", "item.argument.one",
    "item.argument.other", "item.opinion_source.one", "item.opinion_source.other",
    "item.vote.one", "item.vote.other", "item.participant.one", "item.participant.other",
    "bench.participants", "col.sources", "compare.number.participants", "previous.participants",
}
# t("key"), tr("key"), rt("key") with a literal key, anywhere in the dashboard's code
LABEL_CALL = re.compile(r"""\b(?:t|tr|rt)\(\s*["']([a-z_0-9]+(?:\.[a-z_0-9]+)+)["']""")


def label_problems(tables: dict, code: dict[str, str], same_in_both: set) -> list[str]:
    """What is wrong with bilingual tables ({name: {key: (fr, en)} or {key: {'fr', 'en'}}})
    and the keys `code` ({file name: source}) asks for: each problem as one line."""
    problems = []
    for name, table in tables.items():
        for key, texts in table.items():
            pair = (texts.get("fr"), texts.get("en")) if isinstance(texts, dict) else texts
            if len(pair) != 2 or not all(isinstance(x, str) and x.strip() for x in pair):
                problems.append(f"{name}[{key}]: not a French and an English text")
            elif pair[0] == pair[1] and key not in same_in_both:
                problems.append(f"{name}[{key}]: the same in French and English")
    known = set().union(*tables.values())
    for file_name, source in code.items():
        problems += [f"{file_name}: no label {key}" for key in LABEL_CALL.findall(source)
                     if key not in known]
    return problems


def test_every_label_is_in_both_languages_and_every_key_the_code_asks_for_exists():
    from dashboard import registry, report_text

    tables = {
        "LABELS": i18n.LABELS, "REGISTERED_LABELS": i18n.REGISTERED_LABELS,
        "REPORT_LABELS": report_text.REPORT_LABELS,
        "REPORT_REGISTERED_LABELS": report_text.REPORT_REGISTERED_LABELS,
        "EXPLANATIONS": registry.EXPLANATIONS,
        "REGISTERED_EXPLANATIONS": registry.REGISTERED_EXPLANATIONS,
    }
    code = {str(p): p.read_text(encoding="utf-8") for p in DASHBOARD.rglob("*.py")}
    assert label_problems(tables, code, SAME_IN_BOTH) == []
    # the variants replace labels that exist, and every key asks for something
    assert set(i18n.REGISTERED_LABELS) <= set(i18n.LABELS)
    assert len(LABEL_CALL.findall(code[str(DASHBOARD / "views" / "overview.py")])) > 5
    assert i18n.t("nav.overview", "fr") == "Vue d'ensemble"
    assert i18n.t("nav.overview", "en") == "Overview"


def test_the_label_check_finds_a_missing_an_empty_and_an_untranslated_label():
    tables = {
        "A": {"ok": ("Bonjour", "Hello"), "copied": ("Quartier", "Quartier"),
              "empty": ("Quartier", ""), "one": ("Quartier",), "name": ("Decidim", "Decidim")},
        "B": {"half": {"fr": "Participants distincts"}},
    }
    code = {"page.py": 'st.title(tr("ok")); st.caption(ui.tr("gone.away")); t(f"x.{y}")'}
    assert label_problems(tables, code, {"name"}) == [
        "A[copied]: the same in French and English",
        "A[empty]: not a French and an English text",
        "A[one]: not a French and an English text",
        "B[half]: not a French and an English text",
        "page.py: no label gone.away",
    ]


def test_csv_download_neutralises_spreadsheet_formulas():
    frame = pd.DataFrame(
        {
            "title": ['=HYPERLINK("http://x")', "+33 6", "-rm", "@SUM(A1)", "\tTab", "\rCR", "ok"],
            "count": [1, 2, 3, 4, 5, 6, -7],
        }
    )
    text = ui.safe_csv(frame).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("http://x")',
        "'+33 6",
        "'-rm",
        "'@SUM(A1)",
        "'\tTab",
        "'\rCR",
        "ok",
    ]
    # numbers stay numbers: a negative count is not text a spreadsheet would evaluate
    assert rows[-1][1] == "-7"


def test_french_csv_uses_semicolons_and_decimal_commas():
    frame = pd.DataFrame({"quartier": ["Est"], "attendus": [4.25]})
    assert ui.safe_csv(frame, "fr").decode("utf-8-sig") == "quartier;attendus\r\nEst;4,25\r\n"
    assert ui.safe_csv(frame, "en").decode("utf-8-sig") == "quartier,attendus\r\nEst,4.25\r\n"


def test_small_person_counts_read_below_the_threshold(monkeypatch):
    frame = pd.DataFrame({"district": ["A", "B", "C"], "participants": [0, 7, 11]})
    shown = ui.suppress_small_counts(frame, ["participants"])
    # 0 reveals nobody, 7 < 11 is hidden, and 11 too (secondary suppression: else 7 = total - 11)
    assert list(shown["participants"]) == ["0", "< 11", "< 11"]
    monkeypatch.setenv("CERCLES_MIN_COUNT", "5")
    assert list(ui.suppress_small_counts(frame, ["participants"])["participants"]) == [0, 7, 11]
    assert "< 11" in ui.safe_csv(ui.suppress_small_counts(frame, ["participants"], 11)).decode()


def test_map_is_drawn_offline_on_a_blank_background():
    shapes = pd.DataFrame(
        {
            "district_id": ["A", "B"],
            "display_geojson": [
                json.dumps(SQUARE),
                json.dumps({"type": "Feature", "properties": {}, "geometry": SQUARE_EAST}),
            ],
        }
    )
    geojson = charts.feature_collection(shapes)
    assert [f["id"] for f in geojson["features"]] == ["A", "B"]
    # 18 and 42 participants: both shown, both coloured by their rate
    figure = charts.district_map(reach_rows().assign(participants=[18, 42]), geojson, "rate", "fr")
    assert figure.data[0].type == "choroplethmap"
    assert (
        figure.layout.map.style == charts.BLANK_MAP_STYLE and "glyphs" not in charts.BLANK_MAP_STYLE
    )
    assert list(figure.data[0].z) == [4.0, 14.0]
    assert figure.layout.coloraxis.colorbar.title.text == "Pour 1 000 hab."
    # centred between the two squares
    assert figure.layout.map.center.lon == pytest.approx(2.01)
    # framed for a phone: 0.02 degrees of longitude in 290 px, 512 * 2^z px for 360 degrees:
    # z = log2(290 * 360 / (512 * 0.02)) = 13.32 (the 0.01 degrees of latitude fit 520 px
    # up to z = 14.58)
    assert figure.layout.map.zoom == pytest.approx(13.316, abs=1e-3)
    # the names are written on the map, inside their districts
    labels = figure.data[-1]
    assert labels.mode == "text" and list(labels.text) == ["Les Tilleuls", "Centre"]
    assert 2.0 < labels.lon[0] < 2.01 < labels.lon[1] < 2.02
    assert "Pour 1 000 hab.\u00a0: %{z:,.2~f}" in figure.data[0].hovertemplate
    # 8 participants in A: hidden, and B's 42 with them (the total less B would give A's);
    # neither rate is drawn (x the residents, it gives the count), both districts are grey
    hidden = charts.district_map(reach_rows(), geojson, "rate", "fr")
    assert np.isnan(hidden.data[0].z).all()
    grey = hidden.data[1]
    assert (grey.type, list(grey.locations), grey.name) == (
        "choroplethmap", ["A", "B"], "Nombre de participants masqué"
    )
    assert set(grey.z) == {0} and grey.colorscale[0][1] == grey.colorscale[1][1] == "#bdbdbd"
    assert hidden.data[-1].mode == "text"  # the names stay on top
    # the status map colours every district: a status only bounds a count
    status = charts.district_map(reach_rows(), geojson, "status", "en")
    assert {trace.name for trace in status.data if trace.type == "choroplethmap"} == {
        "under-reached (alarm)",
        "over-reached",
    }


def test_funnel_plot_has_both_limit_pairs_and_a_point_per_district_whose_count_is_shown():
    figure = charts.funnel_plot(reach_rows(), "fr")
    limit_traces = [t for t in figure.data if t.mode == "lines"]
    points = [t for t in figure.data if t.mode == "markers"]
    assert len(limit_traces) == 4  # lower and upper at 95 % and 99.8 %
    # A's 8 participants are hidden (E x O/E = 20 x 0.4 would give them back), and B's 42
    # with them (the total less B would give A's): no dot; with 18 and 42, both dots
    assert points == []
    assert charts.unplaced_note(reach_rows(), "fr").startswith(
        "Ni sur ce graphique ni colorés sur les cartes des taux : "
        "Les Tilleuls\u00a0: sous-représenté (alarme) ; Centre\u00a0: sur-représenté. Leur "
        "nombre de participants est masqué (moins de 11,"
    )
    shown = reach_rows().assign(participants=[18, 42])
    placed = [t for t in charts.funnel_plot(shown, "fr").data if t.mode == "markers"]
    assert sorted((x, y) for t in placed for x, y in zip(t.x, t.y)) == [(20.0, 0.4), (30.0, 1.4)]
    assert charts.unplaced_note(shown, "fr") is None
    assert figure.layout.xaxis.title.text == "Attendus"
    assert figure.layout.yaxis.title.text == "Observés / attendus"
    # the 99.8 % band is wider than the 95 % band at the same E
    low95 = limit_traces[0].y[10]
    low998 = limit_traces[2].y[10]
    assert low998 < low95 < 1
    assert figure.layout.separators == ",\u202f"


def test_charts_are_labelled_in_the_chosen_language():
    weeks = pd.DataFrame(
        {
            "week": pd.to_datetime(["2026-03-02", "2026-03-02", "2026-03-09"]),
            "circle": [1, 3, 3],
            "new_participants": [4, 2, 5],
        }
    )
    french = charts.circles_per_week(weeks, "new_participants", "fr")
    english = charts.circles_per_week(weeks, "new_participants", "en")
    assert french.layout.xaxis.title.text == "Semaine"
    assert english.layout.xaxis.title.text == "Week"
    assert {t.name for t in french.data} == {"Cercle 1 · militants", "Cercle 3 · grand public"}
    assert english.layout.separators == ".,"


def test_proposal_states_are_one_bar_split_by_state_withdrawn_last():
    states = pd.DataFrame(
        {
            "state": ["accepted", "submitted", "withdrawn", "evaluating"],
            "proposals": [3, 10, 1, 6],
            "is_open": [False, True, False, True],
        }
    )
    figure = charts.proposal_states(states, "fr")
    # states side by side, never nested: waiting, decided, then withdrawn
    assert [trace.name for trace in figure.data] == [
        "déposée", "en évaluation", "retenue / intégrée", "rejetée", "retirée"]
    assert [trace.x[0] for trace in figure.data] == [10, 6, 3, 0, 1]
    assert figure.layout.barmode == "stack"
    assert len({trace.marker.color for trace in figure.data}) == 5
    assert figure.data[0].customdata[0][0] == pytest.approx(0.5)  # 10 of 20
    assert figure.data[0].hovertemplate.startswith("<b>déposée</b><br>Propositions\u00a0: ")
    # the sentence under it: 20 proposals, 10 + 6 = 16 waiting
    summary = charts.proposal_states_summary(states, "fr")
    assert "sur 20 propositions, 16 attendent une décision (10 sans réponse, 6 en évaluation)" in (
        summary)
    assert "3 sont retenues et 0 rejetées ; retirées par leur auteur : 1, à part" in summary


def test_count_bars_have_whole_number_ticks():
    weeks = pd.DataFrame({"week": ["a", "a", "b"], "kind": ["x", "y", "x"], "n": [1, 1, 0]})
    small = charts.bars(weeks, "week", "n", "fr", color="kind", barmode="stack", counts=True)
    # tallest stack 2: one tick per item, written without decimals
    assert (small.layout.yaxis.dtick, small.layout.yaxis.tickformat) == (1, ",d")
    large = charts.bars(weeks.assign(n=[30, 1, 0]), "week", "n", "fr", counts=True)
    assert large.layout.yaxis.dtick is None and large.layout.yaxis.tickformat == ",d"


def test_tables_show_numbers_dates_and_shares_the_french_way():
    frame = pd.DataFrame(
        {"n": [1234], "x": [29.94], "taux": [0.0035], "semaine": pd.to_datetime(["2026-01-05"])}
    )
    html = ui.styled(frame, "fr", ["taux"]).to_html()
    for text in ("1\u202f234", "29,9", "0,350\u00a0%", "05/01/2026"):
        assert text in html


def test_source_keys_read_as_one_line_per_platform_and_host():
    from dashboard.i18n import sources_text

    # two Decidim entities of one host, then a sheet whose key has no host
    keys = "decidim|ville.fr|proposals, decidim|ville.fr|proposal_comments, sheet||reunions:r1"
    assert sources_text(keys) == "decidim · ville.fr: proposals, proposal_comments\nsheet: reunions"
    assert sources_text(None) == "–"


def test_series_keep_one_colour_and_tooltips_speak_the_language():
    import streamlit  # noqa: F401 - the dashboard's process: plotly's default template swapped

    weeks = pd.DataFrame(
        {
            "week": pd.to_datetime(["2026-03-02", "2026-03-09"]),
            "submitted": [1234, 5],
            "answered": [2, 3],
        }
    )
    names = {"submitted": "Déposées", "answered": "Répondues"}
    figure = charts.bars(
        weeks, "week", ["submitted", "answered"], "fr", None, "Semaine", "Propositions", names=names
    )
    colours = {trace.name: trace.marker.color for trace in figure.data}
    assert colours == {"Déposées": "#2471a3", "Répondues": "#27ae60"}  # SERIES_COLOURS
    assert figure.layout.template.layout.colorway == tuple(charts.PALETTE)
    assert figure.data[0].hovertemplate == (
        "<b>%{fullData.name}</b><br>Semaine\u00a0: %{x|%d/%m/%y}<br>"
        "Propositions\u00a0: %{y:,.2~f}<extra></extra>"
    )
    english = charts.lines(
        weeks, "week", ["answered"], "en", None, "Week", "Proposals", names={"answered": "Answered"}
    )
    # one series: no name line; the same colour as the French 'Répondues'
    assert english.data[0].hovertemplate.startswith("Week: %{x|%Y-%m-%d}<br>Proposals: ")
    assert english.data[0].line.color == "#27ae60"
    # 'commentaire · en ligne' is a comment; a second comment series takes a spare colour
    moderation = pd.DataFrame(
        {"week": [1, 2], "commentaire · en ligne": [0.1, 0.2], "commentaire · x": [0.3, 0.1]}
    )
    lines = charts.lines(moderation, "week", ["commentaire · en ligne", "commentaire · x"], "fr")
    assert [t.line.color for t in lines.data] == ["#d35400", "#2471a3"]
    ring = charts.pie(
        pd.DataFrame({"mix": ["online_only", "both_channels"], "n": [3, 1]}),
        "mix",
        "n",
        "fr",
        labels={"online_only": "seulement en ligne", "both_channels": "les deux"},
        value_label="Personnes",
    )
    assert list(ring.data[0].marker.colors) == ["#2980b9", "#8e44ad"]
    assert "Personnes\u00a0: %{value:,.0f}" in ring.data[0].hovertemplate


def test_every_chart_says_in_one_sentence_where_it_peaks():
    weeks = pd.DataFrame(
        {
            "week": pd.to_datetime(["2025-11-17", "2025-11-24", "2025-12-01"]),
            "submitted": [120, 151, 90],
            "answered": [30, 60, 158],
        }
    )
    names = {"submitted": "Déposées", "answered": "Répondues"}
    bars = charts.bars(weeks, "week", ["submitted", "answered"], "fr", names=names)
    # the highest bar of both series: 158 answered in the week of 01/12/2025
    assert charts.summary(bars, "fr") == (
        "En bref : le plus haut, Répondues\u00a0: 158 (01/12/2025).")
    one = charts.lines(weeks, "week", "submitted", "en", y_label="Proposals")
    assert charts.summary(one, "en") == "In short: the highest, Proposals: 151 (2025-11-24)."
    rates = charts.lines(weeks.assign(rate=[0.0, 0.02, 0.0125]), "week", "rate", "fr",
                         y_label="Taux", percent=True)
    assert charts.summary(rates, "fr") == "En bref : le plus haut, Taux\u00a0: 2,0\u00a0% (24/11/2025)."
    pie = charts.pie(pd.DataFrame({"mix": ["en ligne", "les deux"], "n": [30, 10]}), "mix", "n",
                     "fr")
    assert charts.summary(pie, "fr") == "En bref : la plus grande part, en ligne (75,0\u00a0%)."
    # the funnel plot's labelled dots say nothing here: their values are bounded elsewhere
    assert charts.summary(charts.funnel_plot(reach_rows(), "fr"), "fr") is None


def test_the_rate_ratio_chart_is_said_in_one_sentence():
    operations = pd.DataFrame(
        {"verdict": ["hausse", "non concluant", "non calculable", "non concluant", "baisse"]}
    )
    # the non-computable one is not drawn, so not counted: 4 = 1 rise + 1 fall + 2 unclear
    assert charts.operations_summary(operations, "fr") == (
        "En bref : sur 4 opérations au rapport calculable, 1 en hausse, 1 en baisse, "
        "2 non concluantes."
    )
    assert charts.operations_summary(operations.iloc[[2]], "en") is None


def test_a_figure_asked_again_is_a_copy_equal_to_a_fresh_build(monkeypatch):
    # The weekly bars of two circles: built once, then asked again with equal rows.
    rows = pd.DataFrame(
        {
            "week": pd.to_datetime(["2026-03-02", "2026-03-02", "2026-03-09"]),
            "circle": [1, 2, 1],
            "new_participants": [4, 7, 5],
        }
    )
    monkeypatch.setattr(charts, "_built", charts.OrderedDict())
    build = charts.circles_per_week.__wrapped__  # the builder itself, nothing remembered

    def drawn(figure):  # what the browser receives
        return json.loads(figure.to_json())

    first = charts.circles_per_week(rows, "new_participants", "fr", title="Nouveaux")
    first.update_layout(title="changed by its page")  # a page's change stays its own
    again = charts.circles_per_week(rows.copy(), "new_participants", "fr", title="Nouveaux")
    fresh = build(rows, "new_participants", "fr", title="Nouveaux")
    assert len(charts._built) == 1  # built once
    assert drawn(again) == drawn(fresh)
    assert again.layout.title.text == "Nouveaux"
    assert [list(trace.y) for trace in again.data] == [[4, 5], [7]]
    # other rows or another language: another figure, built
    other = charts.circles_per_week(rows, "new_participants", "en", title="New")
    assert other.layout.xaxis.title.text == "Week"
    assert drawn(other) == drawn(build(rows, "new_participants", "en", title="New"))
    assert len(charts._built) == 2


def test_a_chart_on_screen_reads_as_plotly_own_updates_would_set_it():
    """ui.on_screen sets the separators and text colours on a copy of the layout, unchecked:
    what the browser receives is what Plotly's update_layout and update_xaxes/yaxes give,
    for one pair of axes, two, none (a pie) and a map's colour scale."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    def by_plotly(figure, language):  # the checked way, ten times slower
        figure.update_layout(
            separators=i18n.plotly_separators(language),
            font_color=ui.INK,
            legend_font_color=ui.INK,
            legend_title_font_color=ui.INK,
            title_font_color=ui.INK,
        )
        for axes in (figure.update_xaxes, figure.update_yaxes):
            axes(tickfont_color=ui.MUTED_INK, title_font_color=ui.INK)
        if figure.layout.coloraxis.colorscale is not None:
            figure.update_layout(
                coloraxis_colorbar_tickfont_color=ui.MUTED_INK,
                coloraxis_colorbar_title_font_color=ui.INK,
            )
        return figure

    rows = pd.DataFrame({"week": ["2026-03-02", "2026-03-09"], "submitted": [3, 8]})
    two_axes = make_subplots(rows=1, cols=2)
    two_axes.add_bar(x=["a", "b"], y=[1, 2], row=1, col=1)
    two_axes.add_bar(x=["a", "b"], y=[3, 4], row=1, col=2)
    geojson = charts.feature_collection(
        pd.DataFrame({"district_id": ["A"], "display_geojson": [json.dumps(SQUARE)]})
    )
    builds = [
        lambda: charts.lines(rows, "week", ["submitted"], "fr", title="Déposées"),
        lambda: go.Figure(two_axes),
        lambda: charts.pie(
            pd.DataFrame({"channel": ["online", "in_person"], "n": [2, 5]}), "channel", "n", "en"
        ),
        lambda: charts.district_map(reach_rows().head(1), geojson, "rate", "fr"),
    ]
    for build in builds:
        for language in ("fr", "en"):
            figure = build()
            shown = ui.on_screen(figure, language)
            assert json.loads(shown.to_json()) == json.loads(by_plotly(build(), language).to_json())
            assert shown is not figure
    # a copy: the figure it was given keeps its own layout
    original = charts.lines(rows, "week", ["submitted"], "fr", title="Déposées")
    ui.on_screen(original, "fr")
    assert original.layout.font.color is None
