"""The shared filters and the interface language: drawn in the sidebar, started from the page
address on a session's first run and mirrored back into it, so a copied link reproduces the
view. `current_filters` gives them as the metrics runner reads them."""

import json
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import page_data
from dashboard.i18n import (
    DEFAULT_LANGUAGE,
    REGISTERED_LABELS,
    RESIDENTS,
    platform_name,
    t,
)

ALL = ""  # the "all" choice of a filter (None would show as an empty selectbox)
# The first day a date picker offers: its default floor, ten years back, would refuse the
# dates of a 2014 campaign.
EARLIEST_DAY = date(2000, 1, 1)
FILTER_KEYS = ("campaign", "since", "until", "phase", "platform", "channel", "circle", "district")


def lang() -> str:
    return st.session_state.get("lang") or DEFAULT_LANGUAGE


def tr(key: str, **values) -> str:
    """`t` in the session's language, worded for what the districts' population counts (asked
    of the warehouse only for the labels that name it)."""
    return t(key, lang(), denominator() if key in REGISTERED_LABELS else RESIDENTS, **values)


def denominator() -> str:
    """'registered' when the districts count registered voters (polling stations), else
    'residents': the word every label uses for the districts' population."""
    return page_data.plain_query("population_kind")["population_kind"].iloc[0]


def from_url(key: str, allowed=None, parse=str) -> None:
    """Widget keyword arguments that start a widget from the URL on a session's first run.

    A shared link (`?channel=in_person&lang=en`) sets the widget's state once; afterwards
    the widget is the truth and `write_url` mirrors it. Values that are not allowed (an
    option that no longer exists, a date that doesn't parse) are ignored.
    """
    restored = st.session_state.setdefault("_restored_from_url", set())
    if key not in restored:
        restored.add(key)
        raw = st.query_params.get(key)
        if raw not in (None, ""):
            try:
                value = parse(raw)
            except ValueError:
                value = None
            if value is not None and (allowed is None or value in allowed):
                st.session_state[key] = value


def write_url(defaults: dict) -> None:
    """Mirror the widgets in the page address, leaving defaults out, so a copied link
    reproduces the view (dates as YYYY-MM-DD, options by their value, never their label)."""
    for key, default in defaults.items():
        value = st.session_state.get(key)
        if isinstance(value, date):
            value = value.isoformat()
        if value in (None, ALL) or value == default:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != str(value):
            st.query_params[key] = str(value)


def kept(key: str) -> dict:
    """Widget arguments for a widget whose value lives in session_state[key].

    Streamlit may drop a widget's own state on a page switch; the value kept under `key`
    survives it, and the widget (key `w_<key>`) is started from it on every run.
    """
    widget = f"w_{key}"
    st.session_state[widget] = st.session_state.get(key)

    def keep():
        st.session_state[key] = st.session_state[widget]

    return {"key": widget, "on_change": keep}


@cache
def chart_code_file() -> str | None:
    """The file of Streamlit's front end that draws Plotly charts (4.7 MB, named after its
    content), or None when this Streamlit has none."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    found = sorted(folder.glob("PlotlyChart.*.js"))
    return found[0].name if found else None


def chart_code_preload() -> str:
    """JavaScript that has the browser fetch and start Streamlit's chart code now, beside its
    own entry file. The browser asks for it only when the first chart arrives (at the end of
    the overview) and then spends a second or more loading it before drawing any chart;
    asked for as the page opens, it loads while the page is computed and sent."""
    name = chart_code_file()
    if name is None:
        return ""
    return (
        "const entry = document.querySelector(\"script[type=module][src*='/static/js/index.']\");"
        f"if (entry) import(new URL({json.dumps(name)}, entry.src).href).catch(() => {{}});"
    )


def page_language(language: str, charts: bool = False) -> None:
    """Say the interface language on <html lang>: Streamlit writes "en" whatever the page
    says, and screen readers read French with English rules. With `charts`, the page will
    draw charts: have their code loaded at once (`chart_code_preload`), in the same element
    (each element takes its own room at the top of the page)."""
    preload = chart_code_preload() if charts else ""
    st.html(
        f"<script>document.documentElement.lang = '{language}';{preload}</script>",
        unsafe_allow_javascript=True,
    )


def language_switch() -> str:
    from_url("lang", allowed=("fr", "en"))
    if st.session_state.get("lang") not in ("fr", "en"):
        st.session_state["lang"] = DEFAULT_LANGUAGE
    st.sidebar.segmented_control(
        t("lang.label", lang()),
        ["fr", "en"],
        format_func=str.upper,
        required=True,
        **kept("lang"),
    )
    write_url({"lang": DEFAULT_LANGUAGE})
    return lang()


def sidebar_filters(choices: pd.DataFrame) -> dict:
    """Draw the shared filters, started from and mirrored in the URL; return them as text."""
    language = lang()
    bar = st.sidebar
    # bold text, not a heading: the page's own title must be the first heading (h1)
    bar.markdown(f"**{t('filters.header', language)}**", help=t("filters.link_help", language))
    date_format = "DD/MM/YYYY" if language == "fr" else "YYYY-MM-DD"
    everything = t("filters.all", language)

    def choice(key, values, labels):
        from_url(key, allowed=values)
        if st.session_state.get(key) not in values:
            st.session_state[key] = ALL  # nothing chosen, or a district that no longer exists
        bar.selectbox(
            t(f"filters.{key}", language),
            [ALL, *values],
            format_func=lambda v: everything if v == ALL else labels.get(v, v),
            help=t(f"filters.{key}_help", language) if key == "campaign" else None,
            **kept(key),
        )

    def offered(kind):
        rows = choices[choices["filter"] == kind]
        return list(rows["value"]), dict(zip(rows["value"], rows["label"]))

    campaigns = offered("campaign")
    if campaigns[0]:  # one campaign holding everything needs no choice
        choice("campaign", *campaigns)
    else:
        st.session_state["campaign"] = ALL
    for key in ("since", "until"):
        from_url(key, parse=date.fromisoformat)
        bar.date_input(
            t(f"filters.{key}", language),
            min_value=EARLIEST_DAY,
            format=date_format,
            **kept(key),
        )
    choice("phase", *offered("phase"))
    platforms, _ = offered("platform")
    choice("platform", platforms, {p: platform_name(p, language) for p in platforms})
    choice(
        "channel",
        ["online", "in_person"],
        {c: t(f"channel.{c}", language) for c in ("online", "in_person")},
    )
    choice("circle", ["1", "2", "3"], {c: t(f"circle.{c}", language) for c in "123"})
    choice("district", *offered("district"))
    chosen = current_filters()
    if st.session_state.get("since") and st.session_state.get("until") and not chosen["until"]:
        bar.warning(t("filters.bad_period", language))
    write_url(dict.fromkeys(FILTER_KEYS))
    return chosen


def current_filters() -> dict:
    """The filters as the metrics runner wants them: ISO dates and plain strings, or None."""
    chosen = {}
    for key in FILTER_KEYS:
        value = st.session_state.get(key)
        if isinstance(value, date):
            value = value.isoformat()
        chosen[key] = value if value not in ("", None) else None
    if chosen["since"] and chosen["until"] and chosen["since"] > chosen["until"]:
        chosen["until"] = None  # an empty period is a slip of the date picker, not a question
    return chosen
