"""What an import says, in the reader's language: a file's summary line, its skip reasons
and warnings, from the batch just read or from the imports table (dashboard/messages.py)."""

import pandas as pd

from dashboard.i18n import DEFAULT_LANGUAGE, entity_name, message_text, platform_name
from dashboard.messages import Message, skipped_messages, warning_messages


def counted(message: Message, n: int) -> Message:
    return Message.of(message.code, **dict(message.params), n=n)


def reasons_text(skipped_reasons: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """An imports row's skip reasons as '12 lignes sans identifiant ; 3 ...'."""
    return _joined([m.text(lang) for m in skipped_messages(skipped_reasons)], lang)


def warnings_text(warnings: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """An imports row's warnings, each in `lang`, joined by ' · '."""
    return " · ".join(m.text(lang) for m in warning_messages(warnings))


def summary_text(batch, lang: str = DEFAULT_LANGUAGE, cli: bool = False) -> str:
    """One imported file in a line: what it was, rows read, kept, skipped and why."""
    what = f"{platform_name(batch.platform, lang)}, {entity_name(batch.entity, lang)}"
    if lang == "en" and cli:  # the command line names formats as the options do
        what = f"{batch.platform} {batch.entity}" + (
            f" ({batch.format_version})" if batch.format_version else ""
        )
    counts = ", ".join(
        message_text(code, {"n": n}, lang)
        for code, n in (
            ("rows_read", batch.rows_read),
            ("rows_kept", batch.rows_kept),
            ("rows_skipped", batch.rows_skipped),
        )
    )
    line = message_text(
        "file_summary", {"file": batch.file_name, "what": what, "counts": counts}, lang
    )
    if batch.skipped:
        reasons = [counted(m, n).text(lang, cli) for m, n in batch.skipped.most_common()]
        line += f" ({_joined(reasons, lang)})"
    return line


def _joined(parts: list[str], lang: str) -> str:
    return (" ; " if lang == "fr" else "; ").join(parts)


# Headline counts whose change an import reports, in this order.
CHANGED_COUNTS = ("participants", "proposals", "meetings")


def import_changes(before: dict, after: dict) -> list[Message]:
    """What an import changed in the headline numbers (metrics.headline_metrics before and
    after it): one signed count per number that moved, or 'nothing changed'."""
    changes = [
        Message.of(
            f"change_{name}", n=abs(after[name] - before[name]), delta=after[name] - before[name]
        )
        for name in CHANGED_COUNTS
        if after[name] != before[name]
    ]
    activists = after["participants_by_circle"]["1"] - before["participants_by_circle"]["1"]
    if activists:
        changes.append(Message.of("change_circle_1", n=abs(activists), delta=activists))
    return changes or [Message.of("no_change")]


def newest_contribution(batches) -> Message | None:
    """'data up to <day>': the newest contribution the imported files hold, when they hold any
    (exports carry no date of their own; streamed files are not looked into)."""
    days = [
        batch.tables["contributions"]["created_at"].max()
        for batch in batches
        if batch.tables.get("contributions") is not None
        and "created_at" in batch.tables["contributions"]
    ]
    days = [day for day in days if not pd.isna(day)]
    return Message.of("newest_contribution", date=max(days).date().isoformat()) if days else None
