"""Objectifs: where each objective stands, a form to add, change or close one (written by the
single writer, as an import is), and every version ever recorded."""

import streamlit as st

from dashboard import objectives, ui
from dashboard.errors import CerclesError

lang = ui.lang()
denominator = ui.denominator()  # residents, or registered voters for polling stations
st.title(ui.tr("objectives.title"))
st.caption(ui.tr("objectives.intro"))

standings = ui.computed("objectives.standings")
if standings.empty:
    st.info(ui.tr("objectives.none"))
else:
    for row in standings.to_dict("records"):
        st.markdown(
            f"**{objectives.indicator_name(row['indicator'], lang, ui.verbatim, denominator)}** — "
            + objectives.objective_text(row, lang)
        )
    ui.table(
        objectives.readable(standings[list(objectives.JSON_KEYS)], lang, denominator),
        "objectives",
        labels={c: ui.tr(f"col.{c}") for c in objectives.JSON_KEYS},
    )
st.caption(ui.tr("objectives.method"))

st.header(ui.tr("objectives.form"))
choices = [*objectives.INDICATORS, objectives.DISTRICT_PREFIX]
districts = ui.computed("district_reach")
district_names = dict(zip(districts["district_id"], districts["name"]))
with st.form("objective", border=True):
    indicator = st.selectbox(
        ui.tr("objectives.indicator"),
        choices,
        format_func=lambda i: (
            ui.tr("indicator.participants_per_1000", district="…")
            if i == objectives.DISTRICT_PREFIX
            else objectives.indicator_name(i, lang, str, denominator)
        ),
        key="objective_indicator",
    )
    district = st.selectbox(
        ui.tr("objectives.district"),
        list(district_names),
        format_func=lambda d: str(district_names.get(d, d)),
        key="objective_district",
    )
    target = st.number_input(
        ui.tr("objectives.target"),
        min_value=0.0,
        value=None,
        step=1.0,
        help=ui.tr("objectives.target_help"),
        key="objective_target",
    )
    deadline = st.date_input(
        ui.tr("objectives.deadline"),
        value=None,
        min_value=ui.EARLIEST_DAY,
        format="DD/MM/YYYY",
        key="objective_deadline",
    )
    starts_on = st.date_input(
        ui.tr("objectives.start"),
        value=None,
        min_value=ui.EARLIEST_DAY,
        format="DD/MM/YYYY",
        key="objective_start",
    )
    saved = st.form_submit_button(ui.tr("objectives.save"), type="primary")


def record(save, said) -> None:
    """Write through `save` (a call of objectives.save_objective), keep what to say after the
    rerun (`said(versions written)`, or the error), and show the warehouse as it now is."""
    try:
        outcome = ("ok", ui.tr(said(save())))
    except CerclesError as exc:
        outcome = ("error", ui.tr("objectives.failed", error=exc.text(lang)))
    st.session_state["objective_outcome"] = outcome
    ui.clear_caches()
    st.rerun()


if saved:
    key = indicator + (district or "") if indicator == objectives.DISTRICT_PREFIX else indicator
    value = target / 100 if target is not None and indicator in objectives.SHARES else target
    problem = (
        "objectives.bad_target"
        if not value or value <= 0 or (indicator in objectives.SHARES and value > 1)
        else "objectives.no_deadline"
        if deadline is None
        else "objectives.bad_start"
        if starts_on and starts_on > deadline
        else None
    )
    if problem:  # the form's own check, said before anything is written
        st.session_state["objective_outcome"] = (
            "error",
            ui.tr("objectives.failed", error=ui.tr(problem)),
        )
        st.rerun()
    record(
        lambda: objectives.save_objective(ui.warehouse_file(), key, value, deadline, starts_on),
        lambda written: "objectives.saved" if written else "objectives.unchanged",
    )

if not standings.empty:
    with st.form("close-objective", border=True):
        st.markdown("**" + ui.tr("objectives.close_form") + "**")
        closing = st.selectbox(
            ui.tr("objectives.indicator"),
            list(standings["indicator"]),
            format_func=lambda i: objectives.indicator_name(i, lang, str, denominator),
            key="objective_closing",
        )
        close = st.form_submit_button(ui.tr("objectives.close"))
    if close and closing:
        record(
            lambda: objectives.save_objective(
                ui.warehouse_file(), closing, None, None, closed=True
            ),
            lambda _: "objectives.closed",
        )

outcome = st.session_state.pop("objective_outcome", None)
if outcome:
    (st.success if outcome[0] == "ok" else st.error)(outcome[1])

st.header(ui.tr("objectives.history"))
history = ui.plain_query("objective_history")
if not history.empty:
    ui.table(
        objectives.readable(history, lang, denominator),
        "objective-history",
        labels={c: ui.tr(f"col.{c}") for c in history.columns},
    )
