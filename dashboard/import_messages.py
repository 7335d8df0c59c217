"""What the importers say (skip reasons, warnings) in the interface's language.

Importers speak English: the command line's language, and what the imports table keeps. The
Données page shows the same message in French; a message no pattern knows is shown as written.
"""

import json
import re

from dashboard.i18n import DEFAULT_LANGUAGE, entity_name, format_int, platform_name

# Rows a Cap Collectif export lists, as the reasons name them.
ROW_NAMES = {
    "proposal": "proposition",
    "comment": "commentaire",
    "opinion": "contribution",
    "argument": "argument",
    "opinion_source": "source",
    "version": "amendement",
    "opinion_vote": "vote sur une contribution",
    "version_vote": "vote sur un amendement",
    "draft": "en brouillon",
    "unpublished": "non publié(e)",
}

FRENCH = [
    # why rows were skipped
    ("comment vote row without vote id", "ligne de vote sur un commentaire sans identifiant de vote"),
    ("contribution without id or reference", "contribution sans identifiant ni référence"),
    ("event disabled (not shown on the platform)",
     "événement désactivé (non affiché sur la plateforme)"),
    ("event registration (not attendance, not counted)",
     "inscription à un événement (pas une présence, non comptée)"),
    ("event without id", "événement sans identifiant"),
    ("identifier already on an earlier line (first kept)",
     "identifiant déjà présent plus haut (la première ligne est gardée)"),
    ("no circle", "sans cercle"),
    ("no district", "sans quartier"),
    ("no e-mail and no platform user", "ni e-mail ni compte de plateforme"),
    ("no id", "sans identifiant"),
    ("no identifiant (anonymous attendance is the meeting's headcount)",
     "sans identifiant (une présence anonyme compte dans l'effectif de la réunion)"),
    ("no reported item", "aucun contenu signalé"),
    ("no titre", "sans titre"),
    ("not a 5-digit postcode", "pas un code postal à 5 chiffres"),
    ("participant without user id", "participant sans identifiant d'utilisateur"),
    ("platform user without platform", "compte de plateforme sans plateforme"),
    ("proposal without id", "proposition sans identifiant"),
    ("repeated contribution (same id)", "contribution répétée (même identifiant)"),
    ("repeated row of the same contribution", "ligne répétée de la même contribution"),
    ("reply draft or unpublished (never submitted)",
     "réponse en brouillon ou non publiée (jamais envoyée)"),
    ("reply without id", "réponse sans identifiant"),
    ("row that is not a contribution (news, unknown type)",
     "ligne qui n'est pas une contribution (actualité, type inconnu)"),
    ("row that is not a contribution (unknown type)",
     "ligne qui n'est pas une contribution (type inconnu)"),
    ("same id twice in the file", "même identifiant deux fois dans le fichier"),
    ("signed twice for the same meeting", "émargement en double pour la même réunion"),
    ("unknown circle", "cercle inconnu"),
    ("unpublished meeting", "réunion non publiée"),
    ("vote not published (unconfirmed)", "vote non publié (non confirmé)"),
    ("vote without id", "vote sans identifiant"),
    ("withdrawn meeting", "réunion retirée"),
    (r"(?P<row>\w+) (?P<state>\w+) \(never public\)",
     "{row} {state} (jamais public)"),
    (r"(?P<row>\w+) without id", "{row} sans identifiant"),
    # warnings
    ("no platform address found in this file or beside it: pass --host so that persons "
     "match across files of the same platform",
     "aucune adresse de plateforme dans ce fichier ni à côté : indiquez --host pour que les "
     "personnes soient reconnues d'un fichier à l'autre de la même plateforme"),
    (r"(?P<n>\d+) impossible zip codes ignored \(the rows are kept, without postcode\)",
     "{n} codes postaux impossibles ignorés (les lignes sont gardées, sans code postal)"),
    (r"unknown publication status (?P<names>.+) counted as published \(map it in (?P<file>.+)\)",
     "statut de publication inconnu {names} compté comme publié (à associer dans {file})"),
    (r"proposal status names not in the alias table, counted as evaluating: (?P<names>.+)",
     "états de proposition absents de la table des alias, comptés « à l'étude » : {names}"),
    (r"circle values not understood \(use 1, 2, 3, militant, sympathisant or public\): "
     r"(?P<names>.+)",
     "valeurs de cercle non comprises (utilisez 1, 2, 3, militant, sympathisant ou public) : "
     "{names}"),
    (r"(?P<n>\d+) identifiers are listed twice with different circles; the first line's "
     r"circle is kept",
     "{n} identifiants figurent deux fois avec des cercles différents ; le cercle de la "
     "première ligne est gardé"),
    (r"the file has (?P<n>\d+) layers: the first was read",
     "le fichier a {n} couches : la première a été lue"),
    ("the file declares no coordinate system: read as WGS84 longitude/latitude",
     "le fichier ne déclare pas de système de coordonnées : lu en longitude/latitude WGS84"),
    (r"no population for (?P<n>\d+) districts \(rates cannot be computed there\): (?P<names>.+)",
     "pas de population pour {n} quartiers (les taux n'y sont pas calculables) : {names}"),
    (r"(?P<n>\d+) population values are not numbers \(left empty\)",
     "{n} populations ne sont pas des nombres (laissées vides)"),
    (r"(?P<n>\d+) districts of the postcode table are not in the territory: (?P<names>.+)",
     "{n} quartiers de la table des codes postaux ne sont pas dans le territoire : {names}"),
    (r"the postcode table imported earlier names districts missing from this territory "
     r"\((?P<names>.+)\): import a new one with --postcodes",
     "la table des codes postaux importée avant nomme des quartiers absents de ce territoire "
     "({names}) : importez-en une nouvelle avec --postcodes"),
    (r"(?P<n>\d+) postcodes are not 5-digit French postcodes \(ignored\)",
     "{n} codes postaux ne sont pas des codes français à 5 chiffres (ignorés)"),
    ("phases overlap: a day in two phases counts in the earlier one",
     "des phases se chevauchent : un jour compris dans deux phases compte dans la première"),
    (r"(?P<n>\d+) lines refer to meetings no reunions sheet has defined yet \((?P<names>.+); "
     r"first at line (?P<line>\d+)\): they get their date and district when it is imported",
     "{n} lignes renvoient à des réunions qu'aucune feuille « reunions » ne définit encore "
     "({names} ; première à la ligne {line}) : elles prendront leur date et leur quartier "
     "quand elle sera importée"),
    (r"(?P<n>\d+) rows with an unknown authorType \(person kind left empty\)",
     "{n} lignes avec un authorType inconnu (type de personne laissé vide)"),
    (r"(?P<n>\d+) contributions without authorId \(counted as anonymous\)",
     "{n} contributions sans authorId (comptées comme anonymes)"),
    (r"Decidim '(?P<names>.+)' data is not used by Cercles: file skipped",
     "les données Decidim « {names} » ne servent pas à Cercles : fichier ignoré"),
    (r"rows from (?P<n>\d+) Decidim instances \((?P<names>.+)\): their persons are kept apart",
     "lignes de {n} instances Decidim ({names}) : leurs personnes restent distinctes"),
    ("hidden content is not in this export: moderation cannot be measured",
     "les contenus masqués ne sont pas dans cet export : la modération n'est pas mesurable"),
    ("no author columns in this export (Decidim before 0.27): proposal authors are unknown "
     "and count no participant",
     "pas de colonnes d'auteur dans cet export (Decidim avant 0.27) : les auteurs des "
     "propositions sont inconnus et ne comptent aucun participant"),
    ("no state column: proposal states are unknown",
     "pas de colonne d'état : les états des propositions sont inconnus"),
    (r"(?P<n>\d+) proposals with a custom state \((?P<names>.+)\) counted as evaluating",
     "{n} propositions à l'état personnalisé ({names}) comptées « à l'étude »"),
    (r"(?P<n>\d+) comments without an author id \(deleted accounts\?\)",
     "{n} commentaires sans identifiant d'auteur (comptes supprimés ?)"),
    ("no author columns in this export: debate authors are unknown",
     "pas de colonnes d'auteur dans cet export : les auteurs des débats sont inconnus"),
]
# Plain sentences match as written; the others are patterns with named parts.
PATTERNS = [(re.compile(english if "(?P<" in english else re.escape(english)), french)
            for english, french in FRENCH]


def in_language(message: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The importer's message in `lang` (as written when English or not known)."""
    if lang == "en":
        return message
    for pattern, french in PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            parts = match.groupdict()
            if "n" in parts:
                parts["n"] = format_int(int(parts["n"]), lang)
            for name in ("row", "state"):
                if name in parts:
                    parts[name] = ROW_NAMES.get(parts[name], parts[name])
            return french.format(**parts)
    return message


def reasons_text(skipped_reasons: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """An imports row's JSON of skip reasons as '12 sans identifiant; 3 ...'."""
    return "; ".join(f"{format_int(n, lang)} {in_language(reason, lang)}"
                     for reason, n in json.loads(skipped_reasons or "{}").items())


def warnings_text(warnings: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """An imports row's JSON list of warnings, each in `lang`, joined by ' · '."""
    return " · ".join(in_language(w, lang) for w in json.loads(warnings or "[]"))


def batch_summary(batch, lang: str = DEFAULT_LANGUAGE) -> str:
    """One imported file in a line: what it was, rows read, kept, skipped and why."""
    if lang == "en":
        return batch.summary_line()
    line = (f"{batch.file_name} : {platform_name(batch.platform, lang)}, "
            f"{entity_name(batch.entity, lang)}, {format_int(batch.rows_read, lang)} lignes lues, "
            f"{format_int(batch.rows_kept, lang)} gardées, "
            f"{format_int(batch.rows_skipped, lang)} écartées")
    if batch.skipped:
        line += " (" + reasons_text(json.dumps(dict(batch.skipped.most_common())), lang) + ")"
    return line
