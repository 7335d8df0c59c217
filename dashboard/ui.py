"""What every page shares: the warehouse connection, cached queries, the sidebar filters
(bound to the URL), KPI cards, tables with a safe CSV download, charts with a PNG button.

Pure helpers (`safe_csv`, `suppress_small_counts`, `min_count`) take and return data so
plain pytest covers them; the rest draws with Streamlit.
"""

import html
import re
import string
import threading
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import charts, privacy, warehouse
from dashboard.i18n import (
    DEFAULT_LANGUAGE,
    NARROW_NBSP,
    REGISTERED_LABELS,
    RESIDENTS,
    entity_name,
    format_date,
    format_int,
    format_small_percent,
    platform_name,
    plotly_separators,
    t,
)

ALL = ""  # the "all" choice of a filter (None would show as an empty selectbox)
# Text that explains (captions, chart ticks and legends): 6.9:1 on white, 6.2:1 on the
# sidebar's grey, where Streamlit's faded grey gives 3.7:1 (WCAG asks 4.5:1).
MUTED_INK = "#5c5955"
INK = "#2f2d2b"
FILTER_KEYS = ("since", "until", "phase", "platform", "channel", "circle", "district")
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


def chart_text(text) -> str:
    """Text from the data as a Plotly label or hover shows it literally: Plotly reads a few
    HTML tags there ('<a href>' would make a district name a link)."""
    return html.escape(str(text), quote=False)


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


def lang() -> str:
    return st.session_state.get("lang") or DEFAULT_LANGUAGE


def tr(key: str, **values) -> str:
    """`t` in the session's language, worded for what the districts' population counts (asked
    of the warehouse only for the labels that name it)."""
    return t(key, lang(), denominator() if key in REGISTERED_LABELS else RESIDENTS, **values)


def denominator() -> str:
    """'registered' when the districts count registered voters (polling stations), else
    'residents': the word every label uses for the districts' population."""
    return plain_query("population_kind")["population_kind"].iloc[0]


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


def page_language(language: str) -> None:
    """Say the interface language on <html lang>: Streamlit writes "en" whatever the page
    says, and screen readers read French with English rules."""
    st.html(
        f"<script>document.documentElement.lang = '{language}';</script>",
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
    for key in ("since", "until"):
        from_url(key, parse=date.fromisoformat)
        bar.date_input(t(f"filters.{key}", language), format=date_format, **kept(key))
    everything = t("filters.all", language)

    def choice(key, values, labels):
        from_url(key, allowed=values)
        if st.session_state.get(key) not in values:
            st.session_state[key] = ALL  # nothing chosen, or a district that no longer exists
        bar.selectbox(
            t(f"filters.{key}", language),
            [ALL, *values],
            format_func=lambda v: everything if v == ALL else labels.get(v, v),
            **kept(key),
        )

    def offered(kind):
        rows = choices[choices["filter"] == kind]
        return list(rows["value"]), dict(zip(rows["value"], rows["label"]))

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


def warehouse_file() -> Path:
    return warehouse.warehouse_path()


def data_version() -> tuple:
    """(path, file identity): changes when an import swaps the warehouse file in."""
    path = warehouse_file()
    return (str(path), warehouse.warehouse_version(path))


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(path: str, version):
    return warehouse.connect_readonly(Path(path))


def cursor():
    """A cursor of this process's read-only connection to the current warehouse."""
    path, version = data_version()
    return _connection(path, version).cursor()


def query_exists(name: str) -> bool:
    from dashboard import metrics

    return name in metrics.QUERIES and (warehouse.QUERIES_DIR / f"{name}.sql").exists()


@st.cache_data(max_entries=512, show_spinner=False)
def _compute(path: str, version, what: str, name: str | None, filter_items: tuple):
    from dashboard import metrics

    con = _connection(path, version).cursor()
    filters = metrics.Filters.from_strings(**dict(filter_items))
    if what == "run":
        return metrics.run(con, name, filters)
    return metrics.computation(what)(con, filters)


@st.cache_data(max_entries=64, show_spinner=False)
def _run_plain(path: str, version, name: str) -> pd.DataFrame:
    return _connection(path, version).cursor().execute(warehouse.read_sql(name)).fetchdf()


def metric(name: str, filters: dict | None = None) -> pd.DataFrame | None:
    """The result of queries/<name>.sql under the filters, or None when that query is missing."""
    if not query_exists(name):
        return None
    return _compute(*data_version(), "run", name, _filter_items(filters))


def computed(what: str, filters: dict | None = None):
    """A metrics function (headline_metrics, week_over_week, district_reach,
    district_target_list) on the current warehouse under the filters, cached."""
    return _compute(*data_version(), what, None, _filter_items(filters))


def headline(filters: dict | None = None) -> dict:
    return computed("headline_metrics", filters)


def _filter_items(filters: dict | None) -> tuple:
    filters = current_filters() if filters is None else filters
    return tuple(sorted(filters.items()))


def plain_query(name: str) -> pd.DataFrame:
    """A filter-free query of the dashboard's own (imports, filter choices)."""
    return _run_plain(*data_version(), name)


_warmed: set = set()
_warm_lock = threading.Lock()
# What the pages ask for, so the next click finds it cached.
WARM_FUNCTIONS = ("headline_metrics", "week_over_week", "district_reach", "district_target_list")


def warm_up() -> None:
    """Once per warehouse version and filters, compute in a background thread what every
    page will ask for, so that after the first page a click only has to draw."""
    path, version = data_version()
    items = _filter_items(None)
    with _warm_lock:
        if (path, version, items) in _warmed:
            return
        _warmed.add((path, version, items))

    def work():
        from dashboard import metrics

        try:
            for what in WARM_FUNCTIONS:
                _compute(path, version, what, None, items)
            for name in metrics.QUERIES:
                if query_exists(name):
                    _compute(path, version, "run", name, items)
            _run_plain(path, version, "district_shapes")
        except Exception:  # noqa: BLE001, S110 - the page that needs it shows the error itself
            pass

    threading.Thread(target=work, name="cercles-warm-up", daemon=True).start()


def warehouse_is_empty() -> bool:
    return plain_query("imports_overview").empty


def clear_caches() -> None:
    """After an import: forget cached results and connections so the new data shows."""
    _compute.clear()
    _run_plain.clear()
    _connection.clear()


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


def chart(figure, name: str, key: str | None = None, describe: bool = True) -> None:
    """A Plotly chart whose toolbar downloads a PNG named after the chart, and under it one
    sentence saying what it shows at its highest (its text alternative), unless `describe`
    is False because the page says it in its own words."""
    figure.update_layout(
        separators=plotly_separators(lang()),
        font_color=INK,
        legend_font_color=INK,
        legend_title_font_color=INK,
        title_font_color=INK,
    )
    # Streamlit's chart theme greys ticks and axis titles at 3.7:1; these keep 6.9:1
    for axes in (figure.update_xaxes, figure.update_yaxes):
        axes(tickfont_color=MUTED_INK, title_font_color=INK)
    if figure.layout.coloraxis.colorscale is not None:  # the map's colour scale
        figure.update_layout(
            coloraxis_colorbar_tickfont_color=MUTED_INK, coloraxis_colorbar_title_font_color=INK
        )
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


def imports_for_display(imports: pd.DataFrame) -> pd.DataFrame:
    """The imports table with readable reasons/warnings and headers in the session's language."""
    from dashboard.import_messages import reasons_text, warnings_text

    shown = imports.assign(
        platform=imports["platform"].map(lambda p: platform_name(p, lang())),
        entity=imports["entity"].map(lambda e: entity_name(e, lang())),
        skipped_reasons=imports["skipped_reasons"].map(lambda r: reasons_text(r, lang())),
        warnings=imports["warnings"].map(lambda w: warnings_text(w, lang())),
    )
    columns = [
        "file_name",
        "platform",
        "host",
        "entity",
        "format_version",
        "imported_at",
        "rows_read",
        "rows_kept",
        "rows_skipped",
        "skipped_reasons",
        "warnings",
        "moderation_measurable",
    ]
    labels = {c: tr(f"col.{c}") for c in columns}
    labels.update(file_name=tr("col.file"), format_version=tr("col.format"))
    return shown[columns].rename(columns=labels)


def upload_form() -> None:
    """File uploader + Import button: saves the files to a temporary folder, imports them as
    the single writer, clears the caches so every page shows the new data, and says what
    changed (or, in plain French, why nothing did and what to do)."""
    round_ = st.session_state.setdefault("upload_round", 0)
    with st.container(border=True):
        files = st.file_uploader(
            tr("data.upload"),
            accept_multiple_files=True,
            key=f"upload_files_{round_}",  # a new key empties the uploader after an import
            help=tr("data.upload_help"),
            label_visibility="collapsed",
            # a new choice of files: the previous import's result no longer applies
            on_change=lambda: st.session_state.pop("import_outcome", None),
        )
        st.caption(tr("data.upload_help"))
        if st.button(tr("data.import_button"), type="primary", key="import_button"):
            st.session_state["import_outcome"] = (
                import_uploaded(files) if files else {"kind": "empty"}
            )
            if files:
                st.session_state["upload_round"] = round_ + 1
                clear_caches()
                st.rerun()
    show_import_outcome(st.session_state.get("import_outcome"))


def import_uploaded(files) -> dict:
    """Import the uploaded files; the outcome to show: what changed, or the one-line error."""
    import dataclasses

    from dashboard import tempfolders
    from dashboard.errors import CerclesError
    from dashboard.import_messages import import_changes, newest_contribution
    from dashboard.importers import import_paths

    before = headline({})
    with (
        st.spinner(tr("data.importing")),
        tempfolders.private_folder("upload") as folder,  # removed on every exit, else swept
    ):
        paths = []
        for uploaded in files:
            path = folder / (Path(uploaded.name).name or "upload")
            path.write_bytes(uploaded.getbuffer())
            paths.append(path)
        try:
            batches = import_paths(paths, warehouse_file())
        except CerclesError as exc:
            return {"kind": "error", "error": exc}
        except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
            detail = type(exc).__name__
            return {"kind": "error", "error": CerclesError("unexpected_error", detail=detail)}
    clear_caches()
    return {
        "kind": "ok",
        "changes": import_changes(before, headline({})),
        "newest": newest_contribution(batches),
        # what the summaries need, not the rows
        "batches": [dataclasses.replace(batch, tables={}, loader=None) for batch in batches],
    }


def show_import_outcome(outcome: dict | None) -> None:
    """The last import's result, worded now (the language may have changed since)."""
    from dashboard.import_messages import summary_text

    if not outcome:
        return
    if outcome["kind"] == "empty":
        st.warning(tr("data.no_file"))
    elif outcome["kind"] == "error":
        st.error(tr("data.import_failed", error=verbatim(outcome["error"].text(lang()))))
    else:
        said = [m.text(lang()) for m in outcome["changes"]]
        if outcome["newest"]:
            said.append(outcome["newest"].text(lang()))
        st.success(tr("data.imported", changes=", ".join(said)))
        for batch in outcome["batches"]:
            st.text(summary_text(batch, lang()))
            for warning in batch.warnings:
                st.warning(verbatim(warning.text(lang())), icon=":material/warning:")


def report_builder():
    """dashboard.report.build_report once the report module exists, else None."""
    import importlib

    try:
        module = importlib.import_module("dashboard.report")
    except ModuleNotFoundError:
        return None
    return getattr(module, "build_report", None)


def build_report_files(builder) -> dict:
    """Run the report builder for the current filters and language; {'html'|'pdf': bytes}.

    The builder's parameters are matched by name (con, filters, lang, out), so the report
    module keeps its own signature.
    """
    import inspect
    import tempfile

    from dashboard import metrics

    wanted = inspect.signature(builder).parameters
    outputs = {}
    with tempfile.TemporaryDirectory(prefix="cercles-report-") as folder:
        for kind in ("html", "pdf"):
            out = Path(folder) / f"bilan.{kind}"
            offered = {
                "con": cursor(),
                "filters": metrics.Filters.from_strings(**current_filters()),
                "lang": lang(),
                "out": out,
                "path": out,
                "out_path": out,
                "warehouse_file": warehouse_file(),
            }
            try:
                result = builder(**{k: v for k, v in offered.items() if k in wanted})
            except Exception as exc:  # noqa: BLE001 - a failed export is one line, not a page crash
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                st.error(f"{kind.upper()}: {type(exc).__name__}: {verbatim(first)}")
                continue
            if isinstance(result, (bytes, str)) and not out.exists():
                outputs[kind] = result.encode() if isinstance(result, str) else result
            elif out.exists():
                outputs[kind] = out.read_bytes()
    return outputs
