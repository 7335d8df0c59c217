"""The Données page's upload: the files a volunteer drops are imported through the single
writer, then what changed (or, in plain words, why nothing did) is said; and the table of
past imports, worded in the session's language."""

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import ui
from dashboard.i18n import entity_name, platform_name
from dashboard.page_data import clear_caches, headline, warehouse_file
from dashboard.page_filters import lang, tr


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
        st.error(tr("data.import_failed", error=ui.verbatim(outcome["error"].text(lang()))))
    else:
        said = [m.text(lang()) for m in outcome["changes"]]
        if outcome["newest"]:
            said.append(outcome["newest"].text(lang()))
        st.success(tr("data.imported", changes=", ".join(said)))
        for batch in outcome["batches"]:
            st.text(summary_text(batch, lang()))
            for warning in batch.warnings:
                st.warning(ui.verbatim(warning.text(lang())), icon=":material/warning:")
