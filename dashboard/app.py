"""Streamlit entry point: page config, language, shared filters (in the URL), navigation.

Pages are thin files in dashboard/views/: they ask the cached queries for data and draw it.
The folder must not be named `pages/`: Streamlit would serve each file of a `pages/` folder
beside this script at its own URL, without running this script (and its password check).
An empty warehouse gets a welcome page and the Données page (to upload a first export).
"""

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on the path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st

from dashboard import auth, ui
from dashboard.errors import CerclesError
from dashboard.i18n import t

PAGES = Path(__file__).resolve().parent / "views"

# (file, label key, url path, icon): the order of the sidebar menu.
PAGE_LIST = (
    ("overview.py", "nav.overview", "vue-ensemble", ":material/dashboard:"),
    ("objectives.py", "nav.objectives", "objectifs", ":material/flag:"),
    ("circles.py", "nav.circles", "cercles", ":material/radio_button_checked:"),
    ("districts.py", "nav.districts", "quartiers", ":material/map:"),
    ("mobilisation.py", "nav.mobilisation", "mobilisation", ":material/directions_walk:"),
    ("moderation.py", "nav.moderation", "moderation", ":material/shield:"),
    ("proposals.py", "nav.proposals", "propositions", ":material/lightbulb:"),
    ("channels.py", "nav.channels", "en-ligne-presentiel", ":material/groups:"),
    ("compare.py", "nav.compare", "comparer", ":material/compare_arrows:"),
    ("report.py", "nav.report", "bilan", ":material/description:"),
    ("data.py", "nav.data", "donnees", ":material/database:"),
)

# the dashboard/views/ file (registry page) each address runs; the root runs the first page
VIEW_OF_ADDRESS = {url: Path(file).stem for file, _, url, _ in PAGE_LIST}

st.set_page_config(page_title="Cercles", page_icon=":material/radio_button_checked:", layout="wide")
auth.require_password()  # a shared deployment's password, before anything else is drawn
# Values like "non mesurable" must fit a KPI card a quarter of the page wide, and labels like
# "Délai médian de réponse" wrap on a 1280 px screen instead of ending in "…"; explanations
# (captions) in a grey that keeps 4.5:1 against the page, not Streamlit's faded 3.7:1.
st.html(
    "<style>[data-testid='stMetricValue'] { font-size: 1.9rem; }"
    "[data-testid='stMetricLabel'] * { white-space: normal !important; overflow: visible; }"
    "[data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] * "
    f"{{ opacity: 1; color: {ui.MUTED_INK}; }}</style>"
)
lang = ui.language_switch()

try:
    empty = ui.warehouse_is_empty()
except CerclesError as exc:  # a warehouse of an older Cercles: the reader never upgrades it
    ui.page_language(lang)
    st.error(exc.text(lang), icon=":material/error:")
    st.stop()
ui.page_language(lang, charts=not empty)
if empty:
    pages = [
        st.Page(
            PAGES / "welcome.py",
            title=t("nav.welcome", lang),
            url_path="bienvenue",
            icon=":material/waving_hand:",
            default=True,
        ),
        st.Page(
            PAGES / "data.py",
            title=t("nav.data", lang),
            url_path="donnees",
            icon=":material/database:",
        ),
    ]
else:
    ui.sidebar_filters(ui.plain_query("filter_options"))
    # The first page is served at the root; its own address (/vue-ensemble) opens it too
    # through a hidden twin, instead of Streamlit's "Page not found".
    pages = [
        st.Page(
            PAGES / file,
            title=t(label, lang),
            url_path=url if index else "accueil",
            icon=icon,
            default=index == 0,
        )
        for index, (file, label, url, icon) in enumerate(PAGE_LIST)
    ]
    first_file, first_label, first_url, first_icon = PAGE_LIST[0]
    pages.append(
        st.Page(
            PAGES / first_file,
            title=t(first_label, lang),
            url_path=first_url,
            icon=first_icon,
            visibility="hidden",
        )
    )

current = st.navigation(pages)
auth.open_requested_page(pages, current)
if len(pages) > 2:
    ui.prefetch(VIEW_OF_ADDRESS.get(current.url_path, Path(PAGE_LIST[0][0]).stem))
current.run()
if len(pages) > 2:
    ui.warm_up()
