"""What importers say is a code and its values (dashboard/messages.py), worded by the
translation layer: every code the importers write has a French and an English wording that
its values fill, counts agree with their nouns, and the interface never names a command-line
option. Older warehouses' English sentences are shown as they were written."""

import ast
import json
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from dashboard.errors import InputError
from dashboard.i18n import LABELS, message_text
from dashboard.import_messages import (
    import_changes,
    newest_contribution,
    reasons_text,
    summary_text,
    warnings_text,
)
from dashboard.importers import capcollectif
from dashboard.importers.base import Batch
from dashboard.messages import Message, skipped_records, warning_records

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"
SOURCES = [
    *sorted((DASHBOARD / "importers").glob("*.py")),
    DASHBOARD / "warehouse.py",
    DASHBOARD / "communes.py",
]
# Calls whose first text argument (second for InputError, fifth for _fail_on_first) is a code.
CODE_ARGUMENT = {
    "skip": 0,
    "warn": 0,
    "CerclesError": 0,
    "InputError": 1,
    "of": 0,
    "_fail_on_first": 4,
}


def written_codes() -> list[tuple[str, set[str], bool, str]]:
    """(code, keyword names, counted, where) for every message the importers write. A skip is
    counted (its wording gets `n`); `**values` calls cannot be checked and are left out."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", None)
            )
            if name not in CODE_ARGUMENT or len(node.args) <= CODE_ARGUMENT[name]:
                continue
            argument = node.args[CODE_ARGUMENT[name]]
            options = (
                [argument.body, argument.orelse] if isinstance(argument, ast.IfExp) else [argument]
            )
            keywords = {k.arg for k in node.keywords if k.arg}
            if name == "InputError":
                keywords -= {"line", "column"}  # where the error is, not what it says
            if any(k.arg is None for k in node.keywords):
                keywords.add("*")
            if name == "_fail_on_first":
                keywords.add("value")
            for option in options:
                if isinstance(option, ast.Name):
                    continue  # a code passed on (Batch.skip -> Message.of)
                assert isinstance(option, ast.Constant), (
                    f"{path.name}:{node.lineno}: code not a literal"
                )
                found.append((option.value, keywords, name == "skip", f"{path.name}:{node.lineno}"))
    return found


def wordings(code: str) -> list[str]:
    keys = [
        k
        for k in (f"msg.{code}", f"msg.{code}.one", f"msg.{code}.other", f"msg.{code}.cli")
        if k in LABELS
    ]
    return [text for key in keys for text in LABELS[key]]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_code_the_importers_write_has_french_and_english_wordings_its_values_fill():
    written = written_codes()
    assert len({code for code, *_ in written}) > 80
    for code, keywords, counted, where in written:
        texts = wordings(code)
        assert texts, f"{where}: no wording for '{code}'"
        assert (f"msg.{code}" in LABELS) != (f"msg.{code}.one" in LABELS), code
        if f"msg.{code}.one" in LABELS:
            assert f"msg.{code}.other" in LABELS, code
        given = keywords | ({"n"} if counted else set())
        if "*" not in keywords:
            for text in texts:
                assert placeholders(text) <= given, (
                    f"{where}: '{code}' needs {placeholders(text) - given}"
                )


def test_every_kind_of_row_a_reason_names_has_singular_and_plural_words():
    items = {
        "row",
        "contribution",
        "proposal",
        "vote",
        "comment_vote",
        "reply",
        "participant",
        "event",
        "comment",
        "news_comment",
        *capcollectif.CONSULTATION_ITEMS,
    }
    for item in items:
        for form in ("one", "other"):
            assert f"item.{item}.{form}" in LABELS, item


def test_the_interface_never_names_a_command_line_option():
    flags = re.compile(r"(?<![\w-])--[a-z]")
    for key, (french, english) in LABELS.items():
        assert not flags.search(french) or key.endswith(".cli"), key
        assert not flags.search(english) or key.endswith(".cli"), key


@pytest.mark.parametrize(
    "n, french, english",
    [
        (0, "0 ligne sans identifiant", "0 rows without id"),
        (1, "1 ligne sans identifiant", "1 row without id"),
        (12, "12 lignes sans identifiant", "12 rows without id"),
        (1234, "1\u202f234 lignes sans identifiant", "1,234 rows without id"),
    ],
)
def test_counts_agree_with_their_nouns_in_both_languages(n, french, english):
    message = Message.of("no_id", item="row", n=n)
    assert (message.text("fr"), message.text("en")) == (french, english)


def test_a_file_summary_has_its_plurals_right():
    batch = Batch(
        source_key="capcollectif|x|proposals",
        platform="capcollectif",
        entity="proposals",
        file_name="p.csv",
        checksum="",
        rows_read=19,
    )
    batch.skip("news_article", 2)
    batch.skip("no_id", 1, item="vote")
    # 19 read, 2 + 1 = 3 skipped, 16 kept
    assert summary_text(batch, "fr") == (
        "p.csv : Cap Collectif, propositions, 19 lignes lues, 16 gardées, 3 écartées "
        "(2 actualités publiées par les organisateurs (pas une participation) ; "
        "1 vote sans identifiant)"
    )
    assert batch.summary_line() == (
        "p.csv: capcollectif proposals, 19 rows read, 16 kept, 3 skipped "
        "(2 news articles published by the organisers (not participation); 1 vote without id)"
    )
    single = Batch(
        source_key="k",
        platform="sheet",
        entity="reunions",
        file_name="r.csv",
        checksum="",
        rows_read=1,
    )
    assert summary_text(single, "fr").endswith("1 ligne lue, 1 gardée, 0 écartée")
    assert single.summary_line().endswith("1 row read, 1 kept, 0 skipped")


def test_the_imports_table_keeps_codes_and_values_and_words_them_in_the_reader_language():
    batch = Batch(
        source_key="k", platform="decidim", entity="proposals", file_name="p.csv", checksum=""
    )
    batch.skip("no_id", 2, item="row")
    batch.skip("no_id", 1, item="row")
    batch.warn("decidim_custom_states", n=3, names=["a", "b"])
    stored_reasons, stored_warnings = (
        skipped_records(batch.skipped),
        warning_records(batch.warnings),
    )
    assert json.loads(stored_reasons) == [{"code": "no_id", "item": "row", "n": 3}]
    assert json.loads(stored_warnings) == [
        {"code": "decidim_custom_states", "n": 3, "names": ["a", "b"]}
    ]
    assert reasons_text(stored_reasons, "fr") == "3 lignes sans identifiant"
    assert reasons_text(stored_reasons, "en") == "3 rows without id"
    assert warnings_text(stored_warnings, "fr") == (
        "3 propositions à l'état personnalisé (a, b) comptées « à l'étude »"
    )


def test_an_older_warehouse_english_sentences_are_shown_as_written():
    assert reasons_text(json.dumps({"no id": 2, "same id twice in the file": 1}), "fr") == (
        "2 no id ; 1 same id twice in the file"
    )
    assert warnings_text(json.dumps(["no state column: proposal states are unknown"]), "fr") == (
        "no state column: proposal states are unknown"
    )


def test_a_read_error_names_the_file_line_and_column_in_the_reader_language(tmp_path):
    error = InputError(
        tmp_path / "reunions.csv", "sheet_not_a_date", line=3, column="date", value="32/01/2026"
    )
    assert (
        error.text("fr")
        == "reunions.csv, ligne 3, colonne « date » : « 32/01/2026 » n'est pas une date (JJ/MM/AAAA)"
    )
    assert (
        str(error)
        == f"{tmp_path / 'reunions.csv'}, line 3, column 'date': '32/01/2026' is not a date (JJ/MM/AAAA)"
    )
    unknown = InputError("notes.txt", "not_recognised", line=1, header="a, b")
    assert "--platform" in str(unknown) and "--" not in unknown.text("fr") + unknown.text("en")


def test_a_code_without_wording_is_shown_as_it_is():
    assert message_text("a sentence only the command line shows", {}, "fr") == (
        "a sentence only the command line shows"
    )
    # a skip reason not yet worded still says how many rows it left out
    assert (
        message_text("rows from the future", {"n": 1234}, "fr") == "1\u202f234 rows from the future"
    )


def headline(participants, proposals, meetings, activists):
    return {
        "participants": participants,
        "proposals": proposals,
        "meetings": meetings,
        "participants_by_circle": {"1": activists, "2": 0, "3": 0},
    }


def test_an_import_says_which_headline_numbers_moved_and_by_how_much():
    # 262 -> 265 participants, 676 -> 676 proposals, 3 -> 4 meetings, 77 -> 76 activists
    changes = import_changes(headline(262, 676, 3, 77), headline(265, 676, 4, 76))
    assert [m.text("fr") for m in changes] == [
        "+3 participants",
        "+1 réunion",
        "-1 militant (cercle 1)",
    ]
    assert [m.text("en") for m in changes] == [
        "+3 participants",
        "+1 meeting",
        "-1 activist (circle 1)",
    ]
    assert [m.code for m in import_changes(headline(1, 2, 3, 4), headline(1, 2, 3, 4))] == [
        "no_change"
    ]


def test_the_newest_contribution_of_the_imported_files_dates_the_data():
    batches = [
        Batch(source_key=k, platform="x", entity="y", file_name="f", checksum="")
        for k in ("a", "b", "c")
    ]
    batches[0].tables["contributions"] = pd.DataFrame(
        {"created_at": pd.to_datetime(["2026-03-01 10:00", "2026-03-12 09:00"])}
    )
    batches[1].tables["contributions"] = pd.DataFrame(
        {"created_at": pd.to_datetime(["2026-03-11 23:59"])}
    )
    # c holds no contribution (a roster, a territory): it dates nothing
    assert newest_contribution(batches).text("fr") == (
        "données jusqu'au 12/03/2026 (dernière contribution des fichiers)"
    )
    assert newest_contribution(batches[2:]) is None
