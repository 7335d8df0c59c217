"""Importer messages on the French Données page: every skip reason and warning the importers
can write has a French wording, numbers formatted the French way, and unknown text passes."""

import ast
import importlib
import json
from pathlib import Path

from dashboard.import_messages import batch_summary, in_language, reasons_text, warnings_text
from dashboard.importers.base import Batch

IMPORTERS = Path(__file__).resolve().parent.parent / "dashboard" / "importers"


def written_messages() -> list[str]:
    """Each batch.skip(...) reason and batch.warnings.append(...) text of the importers, with
    '3' standing for every value an f-string puts in (a count, a name, a row type)."""
    messages = []
    for path in sorted(IMPORTERS.glob("*.py")):
        module = importlib.import_module(f"dashboard.importers.{path.stem}")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.args):
                continue
            is_skip = node.func.attr == "skip"
            is_warning = (node.func.attr == "append" and isinstance(node.func.value, ast.Attribute)
                          and node.func.value.attr == "warnings")
            if not (is_skip or is_warning):
                continue
            text = node.args[0]
            if isinstance(text, ast.Constant):
                messages.append(text.value)
            elif isinstance(text, ast.JoinedStr):
                messages.append("".join(part.value if isinstance(part, ast.Constant) else "3"
                                        for part in text.values))
            elif isinstance(text, ast.Name):
                messages.append(getattr(module, text.id))
    return messages


def test_every_importer_message_has_a_french_wording():
    messages = written_messages()
    assert len(messages) > 50
    untranslated = [m for m in messages if in_language(m, "fr") == m]
    assert untranslated == []
    assert all(in_language(m, "en") == m for m in messages)


def test_counts_and_names_are_carried_into_the_french_sentence():
    assert in_language("1234 impossible zip codes ignored (the rows are kept, without postcode)",
                       "fr") == ("1\u202f234 codes postaux impossibles ignorés "
                                 "(les lignes sont gardées, sans code postal)")
    assert in_language("opinion_vote unpublished (never public)", "fr") == (
        "vote sur une contribution non publié(e) (jamais public)")
    assert in_language("rows from 2 Decidim instances (a.fr, b.fr): their persons are kept apart",
                       "fr") == "lignes de 2 instances Decidim (a.fr, b.fr) : leurs personnes restent distinctes"
    assert in_language("an unclosed ring was closed", "fr") == "an unclosed ring was closed"


def test_the_imports_table_and_the_upload_summary_speak_french():
    reasons = json.dumps({"no id": 2, "same id twice in the file": 1})
    assert reasons_text(reasons, "fr") == "2 sans identifiant; 1 même identifiant deux fois dans le fichier"
    assert reasons_text(reasons, "en") == "2 no id; 1 same id twice in the file"
    warnings = json.dumps(["no state column: proposal states are unknown"])
    assert warnings_text(warnings, "fr") == "pas de colonne d'état : les états des propositions sont inconnus"
    batch = Batch(source_key="decidim|x|proposals", platform="decidim", entity="proposals",
                  file_name="p.csv", checksum="", rows_read=10)
    batch.skip("no id", 2)
    assert batch_summary(batch, "fr").startswith("p.csv : Decidim, ")
    assert batch_summary(batch, "fr").endswith("10 lignes lues, 8 gardées, 2 écartées (2 sans identifiant)")
    assert batch_summary(batch, "en") == batch.summary_line()
