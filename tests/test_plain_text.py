"""Text that comes from the data (district and phase names, file names, importers' warnings
and error lines) is drawn as text: never as Markdown (an image that makes the browser fetch
a URL, bold, a link) nor as HTML in a chart. tests/test_browser_access.py checks the same
in a real browser."""

import json
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import ui
from dashboard.importers import import_paths
from tests.metric_fixtures import build_fixture_warehouse
from tests.test_pages import MOBILISATION_ACTIONS

APP = "../dashboard/app.py"
TRACKER = "![img](http://127.0.0.1:9/track.png)"
DISTRICT = f"{TRACKER} **gras** <i>penché</i>"  # the fixture's under-reached `est`
PHASE = '<a href="http://evil.example">Phase piégée</a>'
FILE = "**membres** [lien](http://evil.example).csv"
WARNING = "line 3: `code` <b>x</b> :red[rouge] $x$ _souligné_"
HOSTILE = [TRACKER, "**gras**", "**membres**", "[lien](", "<b>x</b>", "<a href", ":red[", "$x$",
           "<i>penché"]  # fmt: skip
TAGS = ["<a href", "<i>penché"]  # what Plotly would read as HTML
# every page file but the empty warehouse's welcome: a new page is checked without a word here
PAGES = sorted(
    p.stem for p in (Path(ui.__file__).parent / "views").glob("*.py") if p.stem != "welcome"
)


def test_verbatim_escapes_every_markdown_sign():
    joiner = "\u2060"  # invisible: keeps Markdown from making links and emoji of the rest
    assert ui.verbatim("**gras**") == r"\*\*gras\*\*"
    assert ui.verbatim(TRACKER) == (
        rf"\!\[img\]\(http\:{joiner}\/\/127\.0\.0\.1\:{joiner}9\/track\.png\)"
    )
    assert ui.verbatim("<b>x</b>") == r"\<b\>x\<\/b\>"
    assert ui.verbatim("a\\b $x$ # titre") == r"a\\b \$x\$ \# titre"
    assert ui.verbatim("Www.x.fr a@b.fr :smile: ligne 1 : ok") == (
        rf"Www{joiner}\.x\.fr a\@{joiner}b\.fr \:{joiner}smile\: ligne 1 \: ok"
    )
    assert ui.verbatim("Les Tilleuls é 12") == "Les Tilleuls é 12"  # no sign, no change
    assert ui.verbatim("ligne 1\n\n# ligne 2") == r"ligne 1 \# ligne 2"  # one line stays one
    assert ui.verbatim(None) == "None" and ui.verbatim(12) == "12"


def test_chart_text_escapes_the_html_plotly_reads():
    assert ui.chart_text(PHASE) == '&lt;a href="http://evil.example"&gt;Phase piégée&lt;/a&gt;'
    assert ui.chart_text("Sud & Port") == "Sud &amp; Port"


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory):
    """The hand-worked fixture with field actions, its names replaced by what an attacker
    would put in a file."""
    folder = tmp_path_factory.mktemp("plain")
    path = build_fixture_warehouse(folder / "cercles.duckdb")
    (folder / "actions.csv").write_text(MOBILISATION_ACTIONS, encoding="utf-8")
    import_paths([folder / "actions.csv"], path)
    con = duckdb.connect(str(path))
    con.execute("update districts set name = ? where district_id = 'est'", [DISTRICT])
    con.execute("update phases set name = ?", [PHASE])
    con.execute(
        "update imports set file_name = ?, warnings = ? where rowid = (select min(rowid) from "
        "imports)",
        [FILE, json.dumps([WARNING])],
    )
    con.close()
    return path


def drawn_as_markdown(at: AppTest) -> list[str]:
    """Every text the page hands to Streamlit's Markdown: bodies, titles, alerts, captions,
    card and widget labels."""
    texts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "warning", "info",
                 "success", "error", "toast"):  # fmt: skip
        texts += [element.value for element in at.get(kind)]
    for kind in ("metric", "selectbox", "button", "text_input", "date_input", "radio"):
        texts += [element.label for element in at.get(kind)]
    return texts


def run_page(warehouse, monkeypatch, page: str) -> AppTest:
    monkeypatch.setenv("CERCLES_WAREHOUSE", str(warehouse))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page != "overview":
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_no_page_draws_data_as_markdown(hostile_warehouse, monkeypatch, page):
    at = run_page(hostile_warehouse, monkeypatch, page)
    texts = drawn_as_markdown(at)
    assert texts, "the page drew something"
    leaks = [text for text in texts if any(sign in text for sign in HOSTILE)]
    assert leaks == []
    for chart in at.get("plotly_chart"):
        figure = json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
        assert not [tag for tag in TAGS if tag in figure]


def test_the_alert_and_the_warning_name_the_district_and_the_file_literally(
    hostile_warehouse, monkeypatch
):
    overview = run_page(hostile_warehouse, monkeypatch, "overview")
    alerts = " ".join(element.value for element in overview.warning)
    assert ui.verbatim(DISTRICT) in alerts  # shown, as text

    districts = run_page(hostile_warehouse, monkeypatch, "districts")
    figures = [
        json.dumps(json.loads(c.proto.spec), ensure_ascii=False)
        for c in districts.get("plotly_chart")
    ]
    assert any(f"<b>{ui.chart_text(DISTRICT)}</b>" in figure for figure in figures)  # hover

    data = run_page(hostile_warehouse, monkeypatch, "data")
    warnings = " ".join(element.value for element in data.warning)
    assert ui.verbatim(f"{FILE} : {WARNING}") in warnings
