"""In-person sheets typed by the campaign team, from the templates shipped in data/templates/.

    reunions             meetings: date, hours, place, district, type, headcount
    propositions_papier  proposals written on paper in a meeting
    emargement           optional sign-in sheet: who attended (e-mail or platform nickname)
    phases               the campaign's phases (circle rule 3 and the phase filter)
    campagnes            the campaigns one warehouse holds (2014, 2020, the mandate...): dates,
                         vote, the platform host and participatory spaces they ran on
    signaux              platform user groups that say a person's circle (circle rule 2)
    actions              field actions: door-to-door, leafleting, stands, phoning... (when,
                         what, where, doors knocked and opened)

One file is one source: re-importing a file with the same name replaces what it brought, so
each workshop's sheet needs its own file name. `phases`, `signaux` and `campagnes` are settings:
a new one replaces the whole table. Sheets may be imported in any order: a paper proposal or
a sign-in line takes its date from its meeting whenever the meeting is (or becomes) known.
"""

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.errors import InputError
from dashboard.importers.base import Batch, file_checksum, read_table, record_import
from dashboard.importers.common import (
    BUILTIN_ALIASES,
    EMAIL,
    alias_files,
    as_list,
    blank_to_none,
    clean_postcodes,
    header_key,
    paris_of_utc_sql,
    paris_to_utc,
    parse_circles,
    parse_platforms,
    per_distinct,
    pick_columns,
    plain_text,
    read_alias_file,
    relay_labels,
)
from dashboard.privacy import content_ids, pseudonymise

SHEET_COLUMNS = {
    "reunions": ["id_reunion", "date", "heure_debut", "heure_fin", "lieu", "quartier", "type",
                 "participants"],
    "propositions_papier": ["id_reunion", "titre", "theme", "quartier", "date_saisie", "etat",
                            "date_reponse"],
    "emargement": ["id_reunion", "identifiant", "code_postal", "venu_par"],
    "phases": ["phase", "debut", "fin", "restreinte"],
    "campagnes": ["libelle", "debut", "fin", "vote", "hote", "espaces"],
    "signaux": ["plateforme", "groupe", "cercle"],
    "objectifs": ["indicateur", "cible", "echeance", "debut"],
    "actions": ["date", "type", "quartier", "code_postal", "latitude", "longitude", "benevoles",
                "portes_frappees", "portes_ouvertes", "conversations", "contacts_recueillis",
                "tracts", "equipe"],
}

# Columns a sheet must have to be recognised as that sheet (checked in this order).
REQUIRED = {
    "reunions": ("id_reunion", "date"),
    "propositions_papier": ("id_reunion", "titre"),
    "emargement": ("id_reunion", "identifiant"),
    "campagnes": ("libelle", "debut", "fin"),
    "phases": ("phase", "debut", "fin"),
    "signaux": ("plateforme", "groupe", "cercle"),
    "objectifs": ("indicateur", "cible", "echeance"),
    "actions": ("date", "type"),
}

ALIASES = {
    "id_reunion": ("id_reunion", "reunion", "reunion_id", "id_atelier", "atelier", "meeting_id"),
    "date": ("date", "date_reunion", "jour", "date_action", "action_date", "day"),
    "heure_debut": ("heure_debut", "debut", "heure", "horaire_debut"),
    "heure_fin": ("heure_fin", "fin", "horaire_fin"),
    "lieu": ("lieu", "adresse", "salle"),
    "quartier": ("quartier", "district", "secteur", "id_quartier", "nom_quartier",
                 "neighbourhood", "neighborhood"),
    "type": ("type", "type_reunion", "format", "modalite", "type_action", "type_d_action",
             "action_type", "action"),
    "participants": ("participants", "nombre_participants", "nombre_de_participants",
                     "nb_participants", "effectif", "presents", "headcount"),
    "titre": ("titre", "title", "proposition", "intitule"),
    "theme": ("theme", "thematique", "sujet"),
    "date_saisie": ("date_saisie", "date_de_saisie", "saisie", "saisie_le"),
    "etat": ("etat", "etat_proposition", "statut", "reponse", "suite_donnee", "state"),
    "date_reponse": ("date_reponse", "date_de_reponse", "repondu_le", "answered_at"),
    "identifiant": ("identifiant", "email", "e_mail", "courriel", "mail", "pseudo", "nickname"),
    "code_postal": ("code_postal", "cp", "postcode", "zip", "zip_code", "zipcode",
                    "postal_code"),
    "venu_par": ("venu_par", "relais", "relay", "amene_par", "invite_par"),
    "phase": ("phase", "nom", "name"),
    "debut": ("debut", "date_debut", "start"),
    "fin": ("fin", "date_fin", "end"),
    "libelle": ("libelle", "label", "campagne", "campaign", "intitule_campagne"),
    "vote": ("vote", "date_vote", "scrutin", "date_scrutin", "election", "vote_date"),
    "hote": ("hote", "host", "plateforme_hote", "site", "adresse_plateforme"),
    "espaces": ("espaces", "spaces", "espaces_participatifs", "participatory_spaces",
                "id_espaces", "space_ids"),
    "restreinte": ("restreinte", "restreint", "restricted", "cercle_restreint"),
    "plateforme": ("plateforme", "platform"),
    "groupe": ("groupe", "group", "id_groupe", "groupe_id", "user_group", "user_group_id"),
    "cercle": ("cercle", "circle"),
    "indicateur": ("indicateur", "indicator", "kpi"),
    "cible": ("cible", "target", "objectif", "valeur_cible"),
    "echeance": ("echeance", "deadline", "date_limite", "date_cible", "pour_le"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lng", "lon", "long"),
    "benevoles": ("benevoles", "nombre_de_benevoles", "nb_benevoles", "militants", "volunteers"),
    "portes_frappees": ("portes_frappees", "portes", "portes_toquees", "doors_knocked", "doors",
                        "knocked"),
    "portes_ouvertes": ("portes_ouvertes", "doors_opened", "opened", "doors_answered"),
    "conversations": ("conversations", "echanges", "discussions"),
    "contacts_recueillis": ("contacts_recueillis", "contacts", "contacts_collected",
                            "coordonnees_recueillies"),
    "tracts": ("tracts", "tracts_distribues", "leaflets", "flyers"),
    "equipe": ("equipe", "team", "groupe_local"),
}

ACTION_TYPES = ("porte_a_porte", "boitage", "tractage", "stand", "reunion_publique", "phoning",
                "sms", "autre")
# type of a field action, as plain_text() reads it (accents, case, _ and - dropped).
ACTION_TYPE_WORDS = {
    **{plain.replace("_", " "): plain for plain in ACTION_TYPES},
    "porte a porte": "porte_a_porte", "pap": "porte_a_porte", "door to door": "porte_a_porte",
    "door knocking": "porte_a_porte", "canvassing": "porte_a_porte",
    "canvass": "porte_a_porte",
    "boitage": "boitage", "boite aux lettres": "boitage", "letterbox": "boitage",
    "leafleting": "tractage", "tract": "tractage", "tracts": "tractage", "flyering": "tractage",
    "marche": "stand", "stall": "stand",
    "reunion publique": "reunion_publique", "reunion": "reunion_publique",
    "public meeting": "reunion_publique",
    "appels": "phoning", "telephone": "phoning", "phone": "phoning", "phone banking": "phoning",
    "texto": "sms", "textos": "sms", "text": "sms",
    "other": "autre",
}
ACTION_COUNTS = {"benevoles": "volunteers", "portes_frappees": "doors_knocked",
                 "portes_ouvertes": "doors_opened", "conversations": "conversations",
                 "contacts_recueillis": "contacts", "tracts": "leaflets"}

MEETING_TYPES = {
    "": "in_person", "presentiel": "in_person", "en presentiel": "in_person",
    "physique": "in_person", "en personne": "in_person", "in person": "in_person",
    "en ligne": "online", "visio": "online", "visioconference": "online",
    "distanciel": "online", "a distance": "online", "online": "online",
    "hybride": "hybrid", "mixte": "hybrid", "hybrid": "hybrid",
}
YES_NO = {"": False, "non": False, "no": False, "faux": False, "false": False, "0": False,
          "oui": True, "yes": True, "vrai": True, "true": True, "1": True, "x": True}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%y", "%d-%m-%Y",
                "%d.%m.%Y", "%Y/%m/%d")
SHEET_MEETING_PREFIX = "sheet|meeting|"
# etat of a paper proposal, as plain_text() reads it (accents and case dropped).
PAPER_STATES = {
    "": "submitted", "deposee": "submitted", "depose": "submitted", "soumise": "submitted",
    "a l'etude": "evaluating", "a l etude": "evaluating", "en cours d'etude": "evaluating",
    "a letude": "evaluating", "en etude": "evaluating",
    "retenue": "accepted", "retenu": "accepted", "integree": "accepted", "integre": "accepted",
    "acceptee": "accepted",
    "ecartee": "rejected", "ecarte": "rejected", "rejetee": "rejected", "rejete": "rejected",
    "retiree": "withdrawn", "retire": "withdrawn",
}


def detect(path: Path, header: list[str]) -> str | None:
    for sheet, required in REQUIRED.items():
        aliases = sheet_aliases(sheet)
        roles = pick_columns(header, {role: aliases[role] for role in required})
        if len(roles) == len(required):
            return sheet
    return None


def sheet_aliases(entity: str) -> dict:
    """Header aliases of a sheet; the actions sheet adds the team's own from the
    `[actions.headers]` section of cercles-aliases.toml (field tools name columns freely)."""
    if entity != "actions":
        return ALIASES
    extra = team_action_aliases()["headers"]
    return {role: names + extra.get(role, ()) for role, names in ALIASES.items()}


def team_action_aliases() -> dict:
    """{'headers': role -> header keys, 'types': typed word -> action type} read from the
    `[actions]` section of the user's alias files (see data/templates/LISEZMOI.md)."""
    files = tuple((str(f), f.stat().st_mtime_ns) for f in alias_files() if f != BUILTIN_ALIASES)
    return _team_action_aliases(files)


@lru_cache(maxsize=8)
def _team_action_aliases(files) -> dict:
    headers, types = {}, {}
    for name, _ in files:
        section = read_alias_file(name).get("actions", {})
        for role, labels in section.get("headers", {}).items():
            if role not in SHEET_COLUMNS["actions"]:
                raise InputError(name, "actions_alias_unknown_column", role=role,
                                 columns=SHEET_COLUMNS["actions"])
            keys = tuple(header_key(label) for label in as_list(labels))
            headers[role] = headers.get(role, ()) + keys
        for action_type, labels in section.get("values", {}).get("type", {}).items():
            if action_type not in ACTION_TYPES:
                raise InputError(name, "actions_alias_unknown_type", type=action_type,
                                 types=ACTION_TYPES)
            words = plain_text(pd.Series(as_list(labels), dtype="string"))
            types.update(dict.fromkeys(words, action_type))
    return {"headers": headers, "types": types}


def parse(path: Path, entity: str, context: dict) -> Batch:
    path = Path(path)
    frame = read_table(path)
    roles = pick_columns([c for c in frame.columns if c != "_line"], sheet_aliases(entity))
    missing = [role for role in REQUIRED[entity] if role not in roles]
    if missing:
        raise InputError(path, "sheet_missing_column", line=1, name=missing[0], sheet=entity)
    cells = frame.drop(columns="_line").astype("string").fillna("").apply(lambda c: c.str.strip())
    filled = (cells != "").any(axis=1)
    sheet = pd.DataFrame({role: cells.loc[filled, column] for role, column in roles.items()})
    for role in SHEET_COLUMNS[entity]:
        if role not in sheet:
            sheet[role] = ""
    sheet["_line"] = frame.loc[filled, "_line"].astype("int64")
    shared = entity in ("phases", "signaux", "objectifs", "campagnes")
    batch = Batch(
        source_key=f"sheet||{entity}" if shared else f"sheet||{entity}:{path.stem}",
        platform="sheet",
        entity=entity,
        file_name=path.name,
        checksum=file_checksum(path),
        rows_read=len(sheet),
    )
    PARSERS[entity](path, sheet.reset_index(drop=True), batch, context)
    return batch


def meeting_ids(values: pd.Series) -> pd.Series:
    """id_reunion as typed ('A3'); Excel's '3.0' for a number typed 3 is read back as '3'."""
    return values.str.replace(r"^(\d+)\.0$", r"\1", regex=True)


def parse_dates(sheet: pd.DataFrame, role: str, path: Path) -> pd.Series:
    """French or ISO dates; NaT where empty; an unreadable one is an error naming its line."""
    text = sheet[role]
    result = pd.Series(pd.NaT, index=sheet.index, dtype="datetime64[us]")
    for fmt in DATE_FORMATS:
        pending = result.isna() & (text != "")
        if not pending.any():
            break
        result[pending] = pd.to_datetime(text[pending], format=fmt, errors="coerce")
    _fail_on_first(path, sheet, role, result.isna() & (text != ""), "sheet_not_a_date")
    return result


def parse_times(sheet: pd.DataFrame, role: str, path: Path) -> pd.Series:
    """Time of day as a timedelta ('18h30', '18:30', '9h', '18:30:00'); NaT where empty."""
    text = sheet[role].str.lower().str.replace(" ", "", regex=False)
    parts = text.str.extract(r"^(\d{1,2})(?:[h:](\d{2})?)?(?::\d{2})?$")
    hours = pd.to_numeric(parts[0], errors="coerce")
    minutes = pd.to_numeric(parts[1], errors="coerce").fillna(0)
    bad = (text != "") & (hours.isna() | (hours > 23) | (minutes > 59))
    _fail_on_first(path, sheet, role, bad, "sheet_not_a_time")
    return pd.to_timedelta(hours * 60 + minutes, unit="min")


def _fail_on_first(path, sheet, role, bad: pd.Series, code: str, **params) -> None:
    """An error naming the first bad cell's line; `code` words what is wrong with its value."""
    if bad.any():
        first = bad.idxmax()
        raise InputError(path, code, line=int(sheet.at[first, "_line"]), column=role,
                         value=sheet.at[first, role], **params)


def _require(path, sheet, role) -> None:
    _fail_on_first(path, sheet, role, sheet[role] == "", "sheet_required_empty")


def parse_meetings(path, sheet, batch, context) -> None:
    _require(path, sheet, "id_reunion")
    _require(path, sheet, "date")
    ids = meeting_ids(sheet["id_reunion"])
    repeated = ids.duplicated()
    _fail_on_first(path, sheet.assign(id_reunion=ids), "id_reunion", repeated,
                   "sheet_repeated_meeting")
    day = parse_dates(sheet, "date", path)
    start = day + parse_times(sheet, "heure_debut", path).fillna(pd.Timedelta(0))
    end = day + parse_times(sheet, "heure_fin", path)
    end = end.where(~(end < start), end + pd.Timedelta(days=1))  # a meeting ending after midnight
    # volunteers write the Paris clock; the warehouse keeps UTC, as for the platforms
    start, end = paris_to_utc(start), paris_to_utc(end)
    kinds = plain_text(sheet["type"]).map(MEETING_TYPES)
    _fail_on_first(path, sheet, "type", kinds.isna(), "sheet_not_a_meeting_type")
    headcount = pd.to_numeric(sheet["participants"].str.replace(",", ".", regex=False),
                              errors="coerce")
    bad = (sheet["participants"] != "") & (
        headcount.isna() | (headcount < 0) | (headcount != headcount.round())
    )
    _fail_on_first(path, sheet, "participants", bad, "sheet_not_a_headcount")
    title = sheet["titre"].where(sheet["titre"] != "", ids) if "titre" in sheet else ids
    batch.tables["meetings"] = pd.DataFrame({
        "meeting_id": SHEET_MEETING_PREFIX + ids,
        "title": blank_to_none(title),
        "meeting_type": kinds,
        "start_at": start,
        "end_at": end,
        "latitude": np.nan,
        "longitude": np.nan,
        "scope_name": blank_to_none(sheet["quartier"]),
        "place": blank_to_none(sheet["lieu"]),
        "headcount": headcount.astype("Int64"),
        "contributions_count": pd.Series(pd.NA, index=sheet.index, dtype="Int64"),
        "platform": "sheet",
    })
    context.setdefault("sheet_meetings", set()).update(SHEET_MEETING_PREFIX + ids)
    batch.loader = lambda con, b: _load_meetings(con, b, path)


def parse_paper_proposals(path, sheet, batch, context) -> None:
    _require(path, sheet, "id_reunion")
    untitled = sheet["titre"] == ""
    batch.skip("sheet_no_title", int(untitled.sum()))
    sheet = sheet[~untitled]
    meeting = SHEET_MEETING_PREFIX + meeting_ids(sheet["id_reunion"])
    ids = f"sheet||proposal|{path.stem}:" + sheet["_line"].astype(str)
    typed_on = parse_dates(sheet, "date_saisie", path)
    state, answered_on = paper_answers(sheet, path)
    status = pd.Series(np.where(state == "withdrawn", "withdrawn", "published"), index=sheet.index)
    scope = blank_to_none(sheet["quartier"])
    no_time = pd.Series(pd.NaT, index=sheet.index, dtype="datetime64[us]")
    batch.tables["proposals"] = pd.DataFrame({
        "proposal_id": ids, "person_id": None, "origin": "meeting", "channel": "in_person",
        "state": state, "is_amendment": False,
        "created_at": no_time,  # the meeting's start, filled when the meeting is known
        "published_at": typed_on, "answered_at": answered_on, "meeting_id": meeting,
        "latitude": np.nan, "longitude": np.nan, "scope_name": scope,
        "status": status, "platform": "sheet",
    })
    batch.tables["contributions"] = meeting_contributions(ids, "proposal", None, "meeting",
                                                          scope, meeting).assign(status=status)
    _check_meetings_at_load(batch, path, meeting, sheet["_line"], context)


def paper_answers(sheet: pd.DataFrame, path: Path) -> tuple[pd.Series, pd.Series]:
    """state and answered_at of paper proposals from the optional etat and date_reponse.

    Empty etat is 'submitted' (sheets without the columns too); a dated answer needs an etat.
    """
    words = plain_text(sheet["etat"].str.replace("’", "'", regex=False))
    state = words.map(PAPER_STATES)
    _fail_on_first(path, sheet, "etat", state.isna(), "sheet_not_a_state")
    answered_on = parse_dates(sheet, "date_reponse", path)
    _fail_on_first(path, sheet, "etat", answered_on.notna() & (sheet["etat"] == ""),
                   "sheet_answer_without_state")
    return state, answered_on


def parse_sign_in(path, sheet, batch, context) -> None:
    _require(path, sheet, "id_reunion")
    who = sheet["identifiant"].str.lstrip("@")
    anonymous = who == ""
    batch.skip("sheet_anonymous_attendance", int(anonymous.sum()))
    sheet, who = sheet[~anonymous], who[~anonymous]
    # A person signs many sheets: each identifier is read and hashed once.
    signers = per_distinct(who, signer_keys)
    kind, value, person = signers["kind"], signers["value"], signers["person"]
    meeting = per_distinct(sheet["id_reunion"], lambda ids: SHEET_MEETING_PREFIX + meeting_ids(ids))
    # The lowercase identifier says the person (it fixes the kind) and compares faster.
    twice = pd.DataFrame({"value": value, "meeting": meeting}).duplicated()
    batch.skip("sheet_signed_twice", int(twice.sum()))
    sheet, kind, value, person, meeting = (s[~twice] for s in (sheet, kind, value, person, meeting))
    relay = relay_labels(sheet["venu_par"], batch)
    named = relay.notna()
    batch.tables["relay_mentions"] = pd.DataFrame({
        "person_id": person[named], "meeting_id": meeting[named], "relay": relay[named],
    })
    postcode = per_distinct(sheet["code_postal"], clean_postcodes)
    unreadable = int(((sheet["code_postal"] != "") & postcode.isna()).sum())
    if unreadable:
        batch.warn("sheet_unreadable_postcodes", n=unreadable)
    people = pd.DataFrame({"person_id": person, "kind": kind, "value": value,
                           "postcode": postcode})
    # Each person's smallest postcode (the earliest line among equals), else their first line.
    people = people.iloc[np.argsort(sort_ranks(people["postcode"]), kind="stable")]
    # in pseudonym order: the order of the sheet's lines (which carry names) would link them
    people = people.drop_duplicates("person_id").sort_values("person_id")
    batch.tables["persons"] = pd.DataFrame({
        "person_id": people["person_id"], "platform": "sheet", "host": None,
        "person_kind": "citizen", "profile_postcode": people["postcode"],
    })
    # Host-free pseudonyms, so a roster line or a platform account with the same e-mail or
    # nickname is the same person (queries/derive/ links them).
    batch.tables["identities"] = pd.concat([
        pd.DataFrame({"identifier_kind": people["kind"],
                      "identifier_hash": pseudonymise(people["kind"] + ":" + people["value"])}),
        pd.DataFrame({"identifier_kind": "id",
                      "identifier_hash": pseudonymise("id:sheet|" + people["kind"] + ":"
                                                      + people["value"])}),
    ]).assign(person_id=pd.concat([people["person_id"]] * 2), platform="sheet", host=None)
    # a line of the sign-in sheet is a person: neither its number nor the order is kept
    ids = content_ids("sheet||attendance|", f"{path.stem}:" + sheet["_line"].astype(str))
    batch.tables["contributions"] = meeting_contributions(
        ids, "attendance", person, "participant", None, meeting
    ).sort_values("contribution_id")
    _check_meetings_at_load(batch, path, meeting, sheet["_line"], context)


def signer_keys(who: pd.Series) -> pd.DataFrame:
    """Kind ('email' or 'nickname'), lowercase value and person pseudonym of identifiers."""
    is_email = who.str.fullmatch(EMAIL).fillna(False)
    kind = pd.Series(np.where(is_email, "email", "nickname"), index=who.index)
    value = who.str.lower()
    return pd.DataFrame({"kind": kind, "value": value,
                         "person": pseudonymise("sheet|" + kind + ":" + value)})


def sort_ranks(values: pd.Series) -> np.ndarray:
    """Integer ranks ordering text values as sort_values(na_position='last') does, so that a
    stable argsort of them sorts a large column of few distinct values cheaply."""
    codes, uniques = pd.factorize(values)
    ranks = np.empty(len(uniques) + 1, dtype=np.int64)
    ranks[np.argsort(np.asarray(uniques, dtype=object), kind="stable")] = np.arange(len(uniques))
    ranks[-1] = len(uniques)  # missing values (code -1) last
    return ranks[codes]


def meeting_contributions(ids, kind, person, author_kind, scope, meeting) -> pd.DataFrame:
    """contributions rows made in a sheet meeting, dated when the meeting is known."""
    return pd.DataFrame({
        "contribution_id": ids, "kind": kind, "person_id": person, "author_kind": author_kind,
        "channel": "in_person", "created_at": pd.Series(pd.NaT, index=ids.index,
                                                        dtype="datetime64[us]"),
        "status": "published",
        # Paper is not moderated on a platform: it stays out of the moderation rate.
        "is_free_text": False, "latitude": np.nan, "longitude": np.nan, "scope_name": scope,
        "meeting_id": meeting, "platform": "sheet",
    })


def _check_meetings_at_load(batch, path, meeting, lines, context) -> None:
    references = pd.DataFrame({"meeting_id": meeting, "line": lines})
    batch.loader = lambda con, b: _load_meeting_content(con, b, path, references, context)
    batch.after_every_file = True


def parse_phases(path, sheet, batch, context) -> None:
    _require(path, sheet, "phase")
    _require(path, sheet, "debut")
    _require(path, sheet, "fin")
    starts, ends = parse_dates(sheet, "debut", path), parse_dates(sheet, "fin", path)
    _fail_on_first(path, sheet, "fin", ends < starts, "sheet_phase_end_before_start")
    restricted = plain_text(sheet["restreinte"]).map(YES_NO)
    _fail_on_first(path, sheet, "restreinte", restricted.isna(), "sheet_not_yes_no")
    phase_ids = sheet["phase"].map(header_key)
    phase_ids = phase_ids.where(phase_ids != "", "phase_" + sheet["_line"].astype(str))
    _fail_on_first(path, sheet, "phase", phase_ids.duplicated(), "sheet_repeated_phase")
    order = starts.sort_values().index
    overlapping = (starts[order].iloc[1:].to_numpy() <= ends[order].iloc[:-1].to_numpy()).sum()
    if overlapping:
        batch.warn("phases_overlap")
    batch.tables["phases"] = pd.DataFrame({
        "phase_id": phase_ids, "name": sheet["phase"], "starts_on": starts.dt.date,
        "ends_on": ends.dt.date, "restricted": restricted.astype(bool),
    })
    batch.replace_tables = ("phases",)


def parse_campaigns(path, sheet, batch, context) -> None:
    """The campaigns: each a label, its first and last day, the vote it led to, and the
    platform host (and participatory space ids) its online contributions came from."""
    for role in ("libelle", "debut", "fin"):
        _require(path, sheet, role)
    starts, ends = parse_dates(sheet, "debut", path), parse_dates(sheet, "fin", path)
    _fail_on_first(path, sheet, "fin", ends < starts, "sheet_campaign_end_before_start")
    vote = parse_dates(sheet, "vote", path)
    hosts = parse_platforms(sheet["hote"])
    hosts.index = sheet.index
    _fail_on_first(path, sheet, "hote", (sheet["hote"] != "") & hosts["host"].isna(),
                   "sheet_not_a_host")
    campaign_ids = sheet["libelle"].map(header_key)
    campaign_ids = campaign_ids.where(campaign_ids != "", "campagne_" + sheet["_line"].astype(str))
    _fail_on_first(path, sheet, "libelle", campaign_ids.duplicated(), "sheet_repeated_campaign")
    spaces = pd.Series([space_ids(text) for text in sheet["espaces"]], index=sheet.index,
                       dtype=object)
    order = starts.sort_values().index
    if (starts[order].iloc[1:].to_numpy() <= ends[order].iloc[:-1].to_numpy()).any():
        batch.warn("campaigns_overlap")
    batch.tables["campaigns"] = pd.DataFrame({
        "campaign_id": campaign_ids, "label": sheet["libelle"], "starts_on": starts.dt.date,
        "ends_on": ends.dt.date, "vote_on": vote.dt.date.where(vote.notna(), None),
        "host": hosts["host"], "space_ids": spaces,
    })
    batch.replace_tables = ("campaigns",)


def space_ids(text: str) -> list[str] | None:
    """Participatory space ids typed in one cell, separated by `;` as asked or by `,` (a `;`
    CSV needs the cell in quotes, which Excel adds itself); None when there are none."""
    return [s.strip() for s in re.split("[;,]", text or "") if s.strip()] or None


def parse_signals(path, sheet, batch, context) -> None:
    _require(path, sheet, "groupe")
    platforms = parse_platforms(sheet["plateforme"])
    platforms.index = sheet.index
    unnamed = platforms["platform"].isna()
    _fail_on_first(path, sheet, "plateforme", unnamed,
                   "sheet_not_a_platform")
    circles = parse_circles(sheet["cercle"])
    _fail_on_first(path, sheet, "cercle", circles.isna(), "sheet_not_a_circle")
    batch.tables["circle_signals"] = pd.DataFrame({
        "platform": platforms["platform"], "host": platforms["host"],
        "user_group_id": pseudonymise("group:" + meeting_ids(sheet["groupe"])),
        "circle": circles.astype("int64"),
    })
    batch.replace_tables = ("circle_signals",)


def parse_objectives(path, sheet, batch, context) -> None:
    """Objectives: one per indicator; each row that differs from the indicator's latest
    version becomes a new version (dashboard/objectives.py keeps the history)."""
    from dashboard import objectives

    for role in ("indicateur", "cible", "echeance"):
        _require(path, sheet, role)
    indicators = sheet["indicateur"].map(objectives.indicator_key)
    _fail_on_first(path, sheet, "indicateur", indicators.isna(), "sheet_not_an_indicator",
                   names=objectives.INDICATORS)
    _fail_on_first(path, sheet.assign(indicateur=indicators), "indicateur",
                   indicators.duplicated(), "sheet_repeated_objective")
    targets = pd.Series([objectives.parse_target(text, key) for text, key
                         in zip(sheet["cible"], indicators)], index=sheet.index, dtype=object)
    _fail_on_first(path, sheet, "cible", targets.isna(), "sheet_not_a_target")
    deadlines, starts = parse_dates(sheet, "echeance", path), parse_dates(sheet, "debut", path)
    _fail_on_first(path, sheet, "debut", starts > deadlines, "sheet_start_after_deadline")
    frame = pd.DataFrame({
        "indicator": indicators, "target": targets.astype(float),
        "deadline": deadlines.dt.date, "starts_on": starts.dt.date.where(starts.notna(), None),
        "closed": False,
    })
    batch.loader = lambda con, b: _load_objectives(con, b, frame)


def _load_objectives(con, batch, frame) -> None:
    from dashboard import objectives

    unknown = con.execute(
        "select list(district) from (select unnest(?) as district) "
        "where district not in (select district_id from districts)",
        [[d for d in map(objectives.district_of, frame["indicator"]) if d is not None]],
    ).fetchone()[0]
    if unknown:
        batch.warn("objectives_unknown_districts", names=unknown)
    objectives.record_versions(con, frame, batch.file_name)
    record_import(con, batch)


def parse_actions(path, sheet, batch, context) -> None:
    """Field actions: kept even where no district can be found (they count as "lieu inconnu")."""
    _require(path, sheet, "date")
    _require(path, sheet, "type")
    day = parse_dates(sheet, "date", path)
    words = {**ACTION_TYPE_WORDS, **team_action_aliases()["types"]}
    kinds = plain_text(sheet["type"]).map(words)
    _fail_on_first(path, sheet, "type", kinds.isna(), "sheet_not_an_action_type",
                   types=ACTION_TYPES)
    counts = {column: whole_numbers(sheet, role, path) for role, column in ACTION_COUNTS.items()}
    opened, knocked = counts["doors_opened"], counts["doors_knocked"]
    _fail_on_first(path, sheet, "portes_ouvertes", opened > knocked,
                   "sheet_doors_opened_above_knocked")
    latitude = coordinates(sheet, "latitude", path, -90, 90)
    longitude = coordinates(sheet, "longitude", path, -180, 180)
    _fail_on_first(path, sheet, "latitude", latitude.isna() != longitude.isna(),
                   "sheet_coordinate_pair")
    postcode = per_distinct(sheet["code_postal"], clean_postcodes)
    _fail_on_first(path, sheet, "code_postal", (sheet["code_postal"] != "") & postcode.isna(),
                   "sheet_not_a_postcode")
    batch.tables["field_actions"] = pd.DataFrame({
        "action_id": f"sheet||action|{path.stem}:" + sheet["_line"].astype(str),
        "action_date": day.dt.date,
        "action_type": kinds,
        "scope_name": blank_to_none(sheet["quartier"]),
        "postcode": postcode,
        "latitude": latitude,
        "longitude": longitude,
        **counts,
        "team": blank_to_none(sheet["equipe"]),
    })


def whole_numbers(sheet: pd.DataFrame, role: str, path: Path) -> pd.Series:
    """A count typed on the sheet (empty: unknown); anything but a whole number >= 0 is an error."""
    numbers = pd.to_numeric(sheet[role].str.replace(r"[\s\u202f\u00a0]", "", regex=True),
                            errors="coerce")
    bad = (sheet[role] != "") & (numbers.isna() | (numbers < 0) | (numbers != numbers.round()))
    _fail_on_first(path, sheet, role, bad, "sheet_not_a_whole_number")
    return numbers.astype("Int64")


def coordinates(sheet: pd.DataFrame, role: str, path: Path, low: float, high: float) -> pd.Series:
    """Decimal degrees (a comma as decimal mark is fine); NaN where empty."""
    numbers = pd.to_numeric(sheet[role].str.replace(",", ".", regex=False), errors="coerce")
    bad = (sheet[role] != "") & (numbers.isna() | (numbers < low) | (numbers > high))
    _fail_on_first(path, sheet, role, bad, "sheet_not_a_coordinate", axis=role)
    return numbers.astype("float64")


PARSERS = {
    "reunions": parse_meetings,
    "propositions_papier": parse_paper_proposals,
    "emargement": parse_sign_in,
    "phases": parse_phases,
    "campagnes": parse_campaigns,
    "signaux": parse_signals,
    "actions": parse_actions,
    "objectifs": parse_objectives,
}


def _load_meetings(con, batch, path) -> None:
    """Meetings of this sheet; an id already defined by another sheet file is an error."""
    ids = batch.tables["meetings"]["meeting_id"].tolist()
    clash = con.execute(
        "select meeting_id, source_key from meetings "
        "where meeting_id in (select unnest(?)) and source_key <> ? limit 1",
        [ids, batch.source_key],
    ).fetchone()
    if clash:
        other = clash[1].split(":", 1)[-1]
        raise InputError(path, "sheet_meeting_elsewhere", column="id_reunion",
                         meeting=clash[0].removeprefix(SHEET_MEETING_PREFIX), sheet=other)
    record_import(con, batch)
    date_content_from_meetings(con)
    check_answers_after_meetings(con, batch, path)


def _load_meeting_content(con, batch, path, references, context) -> None:
    """Paper proposals or sign-ins, checked against the meetings known in this import.

    A meeting id unknown to the warehouse is an error when this import also brings meetings
    sheets (a typo), and a warning otherwise: sheets may come before their meetings.
    """
    known = set(context.get("sheet_meetings", ()))
    known |= {row[0] for row in con.execute(
        "select distinct meeting_id from meetings where meeting_id like ?",
        [SHEET_MEETING_PREFIX + "%"],
    ).fetchall()}
    unknown = references[~references["meeting_id"].isin(known)]
    if not unknown.empty:
        first = unknown.iloc[0]
        meeting = first["meeting_id"].removeprefix(SHEET_MEETING_PREFIX)
        if "sheet_meetings" in context:
            raise InputError(path, "sheet_unknown_meeting", line=int(first["line"]),
                             column="id_reunion", meeting=meeting)
        names = sorted(unknown["meeting_id"].str.removeprefix(SHEET_MEETING_PREFIX).unique())
        batch.warn("sheet_meetings_pending", n=len(unknown),
                   names=names[:5] + (["..."] if len(names) > 5 else []), line=int(first["line"]))
    date_from_known_meetings(con, batch)
    record_import(con, batch)
    date_content_from_meetings(con)
    check_answers_after_meetings(con, batch, path)


def check_answers_after_meetings(con, batch, path) -> None:
    """A paper proposal answered before the day of its meeting is a typo in date_reponse.

    Checked whenever the meeting and the answer are both known, whichever sheet came first.
    """
    early = con.execute(
        f"""
        select
            imports.source_key,
            imports.file_name,
            cast(regexp_extract(proposals.proposal_id, ':([0-9]+)$', 1) as integer) as line,
            proposals.answered_at
        from proposals
        inner join meetings on proposals.meeting_id = meetings.meeting_id
        inner join imports on proposals.source_key = imports.source_key
        where proposals.source_key like 'sheet||%'
            and proposals.answered_at < cast({paris_of_utc_sql('meetings.start_at')} as date)
        order by imports.file_name, line
        limit 1
        """
    ).fetchone()
    if early:
        source_key, file_name, line, answered_at = early
        raise InputError(path if source_key == batch.source_key else file_name,
                         "sheet_answer_before_meeting", line=line, column="date_reponse",
                         value=f"{answered_at:%d/%m/%Y}")


def date_from_known_meetings(con, batch) -> None:
    """Dates a batch's rows from the sheet meetings already in the warehouse, as
    `date_content_from_meetings` would after the insert, without rewriting them there."""
    starts = con.execute(
        "select meeting_id, start_at from meetings where meeting_id like ?",
        [SHEET_MEETING_PREFIX + "%"],
    ).df()
    starts = pd.Series(starts["start_at"].to_numpy(), index=pd.Index(starts["meeting_id"], dtype=object))
    starts = starts[~starts.index.duplicated()]
    for table, frame in batch.tables.items():
        if table not in ("proposals", "contributions") or frame.empty or starts.empty:
            continue
        start = per_distinct(frame["meeting_id"], lambda ids: pd.Series(
            starts.reindex(ids.astype(object).to_numpy()).to_numpy(), index=ids.index))
        known = start.notna().to_numpy()
        if not known.any():
            continue
        frame = frame.copy()
        if table == "proposals":  # created_at is still empty: published_at was not the meeting's
            frame["published_at"] = frame["published_at"].where(
                frame["published_at"].notna() | ~known, start.astype(frame["published_at"].dtype)
            )
        frame["created_at"] = frame["created_at"].where(~known, start.astype(frame["created_at"].dtype))
        batch.tables[table] = frame


def date_content_from_meetings(con) -> None:
    """Paper proposals and sign-ins take their meeting's start as their time.

    Run after every sheet load, so the result is the same whichever sheet came first. A
    published_at that was the meeting's time (no date_saisie) follows the meeting too.
    """
    con.execute(
        """
        update proposals
        set
            published_at = case
                when proposals.published_at is null
                    or proposals.published_at = proposals.created_at then meetings.start_at
                else proposals.published_at
            end,
            created_at = meetings.start_at
        from meetings
        where proposals.meeting_id = meetings.meeting_id
            and proposals.source_key like 'sheet||%'
            and meetings.meeting_id like 'sheet|meeting|%'
            -- only rows this changes: a second run, or rows dated before the insert, cost a scan
            and (proposals.created_at is distinct from meetings.start_at or proposals.published_at is null)
        """
    )
    con.execute(
        """
        update contribution_rows
        set created_at = meetings.start_at
        from meetings
        where contribution_rows.meeting_id = meetings.meeting_id
            and contribution_rows.source_key like 'sheet||%'
            and meetings.meeting_id like 'sheet|meeting|%'
            and contribution_rows.created_at is distinct from meetings.start_at
        """
    )
