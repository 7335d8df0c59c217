"""The campaign's roster: which circle each member belongs to, pseudonymised line by line.

Only identifier pseudonyms, the line's key (a keyed pseudonym of its identifiers together),
the circle, the postcode, the district and the relay label (the member through whom the
person came) are kept; names, phone numbers and every other column of the member list are
never read into the warehouse. Matching a roster line to platform accounts (circle rule 1,
and the accounts one line names being one person) and the home district happen in
queries/derive/, so the roster may be imported before or after the exports.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.errors import InputError
from dashboard.importers.base import Batch, file_checksum, read_table
from dashboard.importers.common import (
    EMAIL,
    blank_to_none,
    clean_postcodes,
    parse_circles,
    parse_platforms,
    pick_columns,
    plain_id,
    relay_labels,
)
from dashboard.privacy import pseudonymise

COLUMN_ALIASES = {
    "email": (
        "email",
        "e_mail",
        "mail",
        "courriel",
        "adresse_mail",
        "adresse_e_mail",
        "adresse_email",
        "adresse_electronique",
    ),
    "platform": ("platform", "plateforme"),
    "platform_user": (
        "platform_user",
        "identifiant",
        "utilisateur",
        "user",
        "user_id",
        "pseudo",
        "nickname",
        "login",
    ),
    "circle": ("circle", "cercle"),
    "postcode": ("postcode", "code_postal", "cp", "zip", "zipcode", "zip_code", "postal_code"),
    "district": ("district", "quartier", "district_name"),
    "relay": ("relais", "relay", "venu_par", "amene_par", "recrute_par"),
}

# Platform user ids: Decidim's numbers, Cap Collectif's base64 global ids ("User:...") and uuids.
USER_ID = r"\d+|VXNlcj[A-Za-z0-9+/=]*|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def identifier_kind(users: pd.Series) -> pd.Series:
    """'id' for platform user ids, 'nickname' for anything else typed."""
    matched = users.str.fullmatch(USER_ID).fillna(False).to_numpy(dtype=bool)
    return pd.Series(np.where(matched, "id", "nickname"), index=users.index, dtype=object)


def identity_hashes(kind: pd.Series, value: pd.Series) -> pd.Series:
    """The host-free identity pseudonyms of the common convention (kind:value)."""
    keyed = kind + ":" + value.where(kind == "id", value.str.lower())
    return pseudonymise(keyed)


def detect(path: Path, header: list[str]) -> str | None:
    roles = pick_columns(header, COLUMN_ALIASES)
    if "circle" in roles and ("email" in roles or "platform_user" in roles):
        return "roster"
    return None


def parse(path: Path, entity: str, context: dict) -> Batch:
    """roster_entries rows, one per identifier of each kept line; skips counted with reasons."""
    path = Path(path)
    frame = read_table(path)
    roles = pick_columns([c for c in frame.columns if c != "_line"], COLUMN_ALIASES)
    if "circle" not in roles:
        raise InputError(path, "roster_no_circle_column", line=1)
    if "email" not in roles and "platform_user" not in roles:
        raise InputError(path, "roster_no_identifier_column", line=1)
    frame = frame[frame.drop(columns="_line").apply(lambda c: c.str.strip() != "").any(axis=1)]
    batch = Batch(
        source_key=f"roster||{path.stem}",
        platform="roster",
        entity="roster",
        file_name=path.name,
        checksum=file_checksum(path),
        rows_read=len(frame),
    )

    def column(role):
        return frame[roles[role]] if role in roles else pd.Series("", index=frame.index)

    emails = column("email").astype("string").str.strip().str.lower()
    users = column("platform_user").astype("string").str.strip().str.lstrip("@")
    # An e-mail typed in the `identifiant` column is an e-mail.
    typed_email = users.str.fullmatch(EMAIL).fillna(False) & ~emails.str.fullmatch(EMAIL).fillna(
        False
    )
    emails = emails.where(~typed_email, users.str.lower())
    users = users.where(~typed_email, "")
    emails = emails.where(emails.str.fullmatch(EMAIL).fillna(False))
    users = users.where(users != "")
    platforms = parse_platforms(column("platform"))
    platforms.index = frame.index
    circles = parse_circles(column("circle"))
    no_platform = users.notna() & platforms["platform"].isna() & platforms["host"].isna()

    has_identifier = emails.notna() | (users.notna() & ~no_platform)
    user_alone = ~has_identifier & users.notna() & no_platform
    circle_given = column("circle").astype("string").str.strip() != ""
    batch.skip("roster_no_identifier", int((~has_identifier & ~user_alone).sum()))
    batch.skip("roster_user_without_platform", int(user_alone.sum()))
    batch.skip("roster_no_circle", int((has_identifier & ~circle_given).sum()))
    unknown = has_identifier & circle_given & circles.isna()
    batch.skip("roster_unknown_circle", int(unknown.sum()))
    if unknown.any():
        values = sorted(set(column("circle")[unknown].str.strip()))[:5]
        batch.warn("roster_circle_values", names=values)
    keep = has_identifier & circles.notna()

    common = pd.DataFrame(
        {
            "line_number": frame["_line"].astype("int64"),
            "circle": circles,
            "postcode": clean_postcodes(column("postcode")),
            "district_name": blank_to_none(column("district")),
            "relay": relay_labels(column("relay"), batch),
        }
    )
    # The rows of one line (an e-mail and a platform account) are one person: a keyed
    # pseudonym of the line's identifiers together, never its position, links them.
    common["member_key"] = pseudonymise(
        "member:"
        + emails.fillna("").astype(str)
        + "|"
        + column("platform").astype(str).str.strip().str.lower()
        + "|"
        + users.fillna("").astype(str)
    ).where(keep, None)
    by_email = common[keep & emails.notna()].assign(
        identifier_kind="email",
        platform=None,
        host=None,
        identifier_hash=pseudonymise("email:" + emails[keep & emails.notna()].astype(object)),
    )
    with_user = keep & users.notna() & ~no_platform
    kinds = identifier_kind(users[with_user])
    by_user = common[with_user].assign(
        identifier_kind=kinds,
        platform=platforms.loc[with_user, "platform"],
        host=platforms.loc[with_user, "host"],
        # Cap Collectif ids copied from a legacy export ('VXNlcjp1c2VyNQ==') as its exports now
        # write them ('user5'), like the importer stores them.
        identifier_hash=identity_hashes(kinds, users[with_user].astype(object).map(plain_id)),
    )
    entries = pd.concat([by_email, by_user]).sort_values("line_number", kind="stable")
    entries = _drop_repeated_identifiers(entries, batch)
    # no line number, and rows in pseudonym order: a line of the roster file is a person
    batch.tables["roster_entries"] = (
        entries[
            [
                "identifier_kind",
                "platform",
                "host",
                "identifier_hash",
                "circle",
                "postcode",
                "district_name",
                "relay",
                "member_key",
            ]
        ]
        .sort_values("identifier_hash")
        .reset_index(drop=True)
    )
    return batch


def _drop_repeated_identifiers(entries: pd.DataFrame, batch: Batch) -> pd.DataFrame:
    """Keep the first line of an identifier listed twice; a line left with nothing is a skip."""
    key = ["identifier_kind", "platform", "host", "identifier_hash"]
    repeated = entries.fillna({"platform": "", "host": ""}).duplicated(key, keep="first")
    if not repeated.any():
        return entries
    kept_lines = set(entries.loc[~repeated, "line_number"])
    dropped_lines = set(entries.loc[repeated, "line_number"]) - kept_lines
    batch.skip("roster_repeated_identifier", len(dropped_lines))
    conflicting = (
        entries.fillna({"platform": "", "host": ""}).groupby(key)["circle"].nunique() > 1
    ).sum()
    if conflicting:
        batch.warn("roster_conflicting_circles", n=int(conflicting))
    return entries[~repeated]
