"""What every page draws with: KPI cards with their explanation, charts with a PNG button and a
sentence for those who cannot see them, tables with a formula-safe CSV download, and text from
the data shown literally. Pages import this module alone: it also hands them what they read
(dashboard/page_data.py), the filters and language (dashboard/page_filters.py) and the
upload (dashboard/uploads.py).

Pure helpers (`safe_csv`, `suppress_small_counts`, `min_count`) take and return data so
plain pytest covers them; the rest draws with Streamlit.
"""

import re
import string
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, privacy
from dashboard.charts import chart_text  # noqa: F401 - for pages
from dashboard.i18n import (
    NARROW_NBSP,
    format_date,
    format_int,
    format_small_percent,
    plotly_separators,
)
from dashboard.page_data import (  # noqa: F401 - what pages read, through ui
    clear_caches,
    computed,
    cursor,
    headline,
    metric,
    plain_query,
    prefetch,
    query_exists,
    warehouse_file,
    warehouse_is_empty,
    warm_up,
)
from dashboard.page_filters import (  # noqa: F401 - the filters and language, through ui
    ALL,
    EARLIEST_DAY,
    FILTER_KEYS,
    current_filters,
    denominator,
    lang,
    language_switch,
    page_language,
    sidebar_filters,
    tr,
)

# Text that explains (captions, chart ticks and legends): 6.9:1 on white, 6.2:1 on the
# sidebar's grey, where Streamlit's faded grey gives 3.7:1 (WCAG asks 4.5:1).
MUTED_INK = "#5c5955"


INK = "#2f2d2b"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Markdown gives a meaning to ASCII punctuation only, and lets a backslash cancel it on any
MARKDOWN_SIGNS = re.compile("([" + re.escape(string.punctuation) + "])")


# ...but still turns bare addresses (http://, www., a@b.fr) into links and ':smile:' into
# emoji; an invisible word joiner after a ':' or '@' glued to the next sign, and inside
# 'www.', stops that ('ligne 1 : ...' is left alone)
WORD_JOINER = "\u2060"


BARE_LINKS = re.compile(r"(?<=\\[:@])(?=\S)|(?i:(?<=www)(?=\\\.))")
DEFAULT_MIN_COUNT = privacy.DEFAULT_MIN_COUNT


def min_count() -> int:
    """Smallest person count shown as is: the one setting of dashboard.privacy."""
    return privacy.min_count()


def suppress_small_counts(
    frame: pd.DataFrame, columns, threshold: int | None = None, linked=()
) -> pd.DataFrame:
    """A copy where small person counts in `columns` read '< threshold', with secondary
    suppression and `linked` derived columns hidden too (see dashboard.privacy)."""
    return privacy.suppress_small_counts(frame, columns, threshold, linked)


def verbatim(text) -> str:
    """Text from the data (a district, a file name, an error line) as Streamlit's Markdown
    shows it literally: '**x**' stays two stars, '![i](url)' is no image, '<b>' no tag, an
    address no link; line breaks become spaces (one line stays one line)."""
    escaped = MARKDOWN_SIGNS.sub(r"\\\1", " ".join(str(text).split()))
    return BARE_LINKS.sub(WORD_JOINER, escaped)


def neutralise_formula(value):
    """A cell a spreadsheet would run as a formula gets a leading quote; others are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame, language: str = "en") -> bytes:
    """CSV bytes (UTF-8 with BOM, so Excel reads accents) safe against formula injection.

    In French, `;` between fields and decimal commas, as French spreadsheets expect.
    """
    cleaned = frame.copy()
    cleaned.columns = [neutralise_formula(str(c)) for c in cleaned.columns]
    for column in cleaned.columns:
        if cleaned[column].dtype == object or pd.api.types.is_string_dtype(cleaned[column]):
            cleaned[column] = cleaned[column].map(neutralise_formula)
    french = language == "fr"
    return cleaned.to_csv(
        index=False,
        lineterminator="\r\n",
        sep=";" if french else ",",
        decimal="," if french else ".",
    ).encode("utf-8-sig")


def _is_date_column(series: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(series):
        return True
    first = series.dropna().head(1)
    return len(first) == 1 and isinstance(first.iloc[0], date)


def styled(frame: pd.DataFrame, language: str, percent_columns=()):
    """The table as shown: numbers written the language's way, dates as dates, shares as
    percentages, blanks as a dash. Values underneath stay numbers, so sorting still works."""
    dates = {
        column: (lambda v: format_date(v, language))
        for column in frame.columns
        if _is_date_column(frame[column])
    }
    shares = {
        column: (lambda v: format_small_percent(v, language))
        for column in percent_columns
        if column in frame.columns
    }
    formatters = {**dates, **shares}
    numbers = frame.style.format(
        precision=1,
        decimal="," if language == "fr" else ".",
        thousands=NARROW_NBSP if language == "fr" else ",",
        na_rep="–",
    )
    # a second pass, so the separators above don't rewrite the dates and percentages
    return (
        numbers.format(formatters, subset=list(formatters), na_rep="–") if formatters else numbers
    )


def missing_query(name: str) -> None:
    st.info(tr("metrics.missing", name=name))


def no_data() -> None:
    st.info(tr("empty.filtered"))


def kpi_card(
    column, label: str, value: str, delta: str | None, explanation: str, delta_color: str = "normal"
) -> None:
    """One KPI: value, week-over-week change, and the one-line explanation under it."""
    with column:
        st.metric(
            label,
            value,
            delta=delta,
            delta_color="off" if delta == "±0" else delta_color,
            delta_arrow="off" if delta == "±0" else "auto",
            border=True,
            help=explanation,
        )
        st.caption(explanation)


def objective_lines(standings: pd.DataFrame) -> dict:
    """Each indicator's objective (objectives.standings) in one line: progress, pace needed
    per week, projection and status; read once per page, for objective_caption. Under a
    filter the objectives ignore (a district, say), the card shows the filtered number and
    the line says that it stands for the whole campaign."""
    from dashboard import objectives

    filters = current_filters()
    whole = any(filters.get(key) for key in objectives.IGNORED_FILTERS)
    prefix = tr("objectives.whole_campaign") + " · " if whole else ""
    return {
        row["indicator"]: prefix + objectives.objective_text(row, lang())
        for row in standings.to_dict("records")
    }


def objective_caption(column, lines: dict, indicator: str) -> None:
    """Under a KPI card, its indicator's objective when one is set (objective_lines)."""
    if indicator in lines:
        with column:
            st.caption(lines[indicator])


def chart(figure, name: str, key: str | None = None, describe: bool = True) -> None:
    """A Plotly chart whose toolbar downloads a PNG named after the chart, and under it one
    sentence saying what it shows at its highest (its text alternative), unless `describe`
    is False because the page says it in its own words."""
    figure = on_screen(figure, lang())
    st.plotly_chart(
        figure,
        key=key or f"chart-{name}",
        config={
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": f"cercles-{name}", "scale": 2},
        },
    )
    sentence = charts.summary(figure, lang()) if describe else None
    if sentence:
        st.caption(sentence)


# The text colours a chart takes on screen, by property path. Streamlit's chart theme greys
# ticks and axis titles at 3.7:1; these keep 6.9:1.
SCREEN_TEXT = {
    "font.color": INK,
    "legend.font.color": INK,
    "legend.title.font.color": INK,
    "title.font.color": INK,
}
AXIS_TEXT = {"tickfont.color": MUTED_INK, "title.font.color": INK}
COLOUR_BAR_TEXT = {  # the map's colour scale
    "coloraxis.colorbar.tickfont.color": MUTED_INK,
    "coloraxis.colorbar.title.font.color": INK,
}


def on_screen(figure, language: str):
    """A copy of the figure with the language's number separators and the screen's text
    colours (on every x and y axis it has, or the first of each when it has none, as
    Plotly's update_xaxes does). Set unchecked, as charts.unkept_figure builds, on copies of
    the layout's parts it changes (the rest, its template above all, is left shared): the
    figure was checked when built, and Plotly's update_layout would check it all again
    (10 ms a chart; 1.5 this way)."""
    layout = dict(figure._layout)
    settings = {"separators": plotly_separators(language), **SCREEN_TEXT}
    for prefix in ("xaxis", "yaxis"):
        axes = [name for name in layout if re.fullmatch(prefix + r"\d*", name)] or [prefix]
        settings.update(
            {f"{axis}.{path}": value for axis in axes for path, value in AXIS_TEXT.items()}
        )
    if layout.get("coloraxis", {}).get("colorscale") is not None:
        settings.update(COLOUR_BAR_TEXT)
    for path, value in settings.items():
        *parents, last = path.split(".")
        properties = layout
        for part in parents:
            properties[part] = dict(properties.get(part, {}))
            properties = properties[part]
        properties[last] = value
    return go.Figure({"data": figure._data, "layout": layout}, _validate=False)


def table(
    frame: pd.DataFrame,
    name: str,
    labels: dict | None = None,
    person_columns=(),
    key: str | None = None,
    percent_columns=(),
) -> None:
    """A table shown with translated headers and a formula-safe CSV download.

    `person_columns` are person counts: under the privacy threshold they read '< 11' on
    screen and in the download alike. `percent_columns` (shares in [0, 1], named after
    relabelling) read as percentages on screen.
    """
    shown = suppress_small_counts(frame, person_columns)
    if labels:
        shown = shown.rename(columns=labels)
    st.dataframe(styled(shown, lang(), percent_columns), hide_index=True, placeholder="–")
    st.download_button(
        tr("download.csv"),
        safe_csv(shown, lang()),
        file_name=f"cercles-{name}.csv",
        mime="text/csv",
        key=key or f"csv-{name}",
        on_click="ignore",
        icon=":material/download:",
    )


def hidden_counts_note(filters: dict | None = None) -> None:
    """Under a district filter, say once that small counts and what gives them back are hidden."""
    filters = current_filters() if filters is None else filters
    if filters.get("district"):
        st.caption(tr("privacy.hidden_counts", n=min_count(), last=min_count() - 1))


def count_text(value) -> str:
    """A person count for district views: '< 11' when small, French-formatted otherwise."""
    threshold = min_count()
    if value is not None and 0 < value < threshold:
        return f"< {threshold}"
    return format_int(value, lang())


from dashboard.uploads import imports_for_display, upload_form  # noqa: F401 - for pages
