"""Cap Collectif exports: the current exporter's CSVs (full, simplified and grouped variants of
collect, selection, consultation, debate and questionnaire steps; participants; users) and the
legacy proposal and events exports.

Headers are matched through the alias table `data/capcollectif_aliases.toml`, extended by the
user's `cercles-aliases.toml` (current folder) or the file named by $CERCLES_ALIASES.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from dashboard.errors import InputError
from dashboard.importers.base import Batch, file_checksum, parse_paris_timestamps, read_table
from dashboard.importers.common import (
    USER_ALIASES,
    alias_files,
    as_list,
    clean_postcodes,
    header_key,
    impossible_postcodes,
    person_keys,
    plain_ids,
    read_alias_file,
)
from dashboard.privacy import content_ids, pseudo

PLATFORM = "capcollectif"
UNKNOWN_HOST = "unknown-host"
# A link into a Cap Collectif platform, as exports write them (projects, profiles, events).
PLATFORM_URL = re.compile(
    r"https?://([A-Za-z0-9.-]+\.[A-Za-z]{2,})(?::\d+)?/(?:project|profile|consultations|events?)/"
)

# Entity -> the columns that make a file that entity (shown when a layout is not recognised).
EXPECTED_LAYOUTS = {
    "debate_arguments": "contribution_argument_author_id",
    "debate_votes": "vote_author_id + vote_published_at",
    "questionnaire": "contribution_id + contribution_published_at",
    "consultation": "contribution_type + contribution_id + contribution_author_id",
    "proposals": "proposal_id or proposal_reference + proposal_published_at",
    "proposal_votes": "proposal_votes_id + proposal_votes_author_id",
    "users": "participant_user_id + participant_user_groups",
    "participants": "participant_user_id",
    "events": "event_title + event_start_at + event_zip_code or event_internal_id",
    "event_registrations": "registration_user_email + registration_private",
}
CONTENT_ENTITIES = {"proposals", "consultation", "questionnaire", "debate_arguments"}
# A file with these is a step's contributions export, not a participants list.
CONTRIBUTION_MARKERS = {"contribution_type", "contribution_id", "proposal_id", "proposal_reference"}


@dataclass
class Aliases:
    """Normalised label -> canonical header, and per value group normalised label -> value."""

    headers: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    canonical: set = field(default_factory=set)

    def header(self, label: str) -> str | None:
        key = header_key(label)
        if key in self.headers:
            return self.headers[key]
        bare = key.removeprefix("export_")
        return bare if bare in self.canonical else None

    def value(self, group: str, series: pd.Series) -> pd.Series:
        """Canonical values of a column (None where the label is unknown or empty)."""
        table = self.values.get(group, {})
        keys = series.fillna("").map(header_key)
        return keys.map(table).where(keys.isin(table.keys()), None)


def load_aliases() -> Aliases:
    return _load_aliases(tuple((str(p), p.stat().st_mtime_ns) for p in alias_files()))


@lru_cache(maxsize=8)
def _load_aliases(files) -> Aliases:
    aliases = Aliases()
    for name, _ in files:
        table = read_alias_file(name)
        for canonical, labels in table.get("headers", {}).items():
            aliases.canonical.add(canonical)
            for label in [canonical, *as_list(labels)]:
                aliases.headers[header_key(label)] = canonical
        for group, mapping in table.get("values", {}).items():
            target = aliases.values.setdefault(group, {})
            for value, labels in mapping.items():
                for label in as_list(labels):
                    target[header_key(label)] = value
    return aliases


def canonical_headers(header: list[str], aliases: Aliases) -> dict[str, str]:
    """Raw header -> canonical field, for the headers the alias table knows (first one wins)."""
    mapping, taken = {}, set()
    for raw in header:
        canonical = aliases.header(raw)
        if canonical and canonical not in taken:
            mapping[raw] = canonical
            taken.add(canonical)
    return mapping


def entity_of(fields: set[str]) -> str | None:
    """Which export a set of canonical columns is (see EXPECTED_LAYOUTS), or None."""
    has = fields.__contains__
    if has("contribution_argument_author_id"):
        return "debate_arguments"
    if has("vote_author_id") and has("vote_published_at"):
        return "debate_votes"
    if has("contribution_id") and has("contribution_published_at"):
        return "questionnaire"
    if has("contribution_type") and has("contribution_id") and has("contribution_author_id"):
        return "consultation"
    if has("proposal_published_at") and (has("proposal_id") or has("proposal_reference")):
        return "proposals"
    if has("proposal_votes_id") and has("proposal_votes_author_id"):
        return "proposal_votes"
    if fields & CONTRIBUTION_MARKERS:
        return None
    if has("participant_user_id"):
        return "users" if has("participant_user_groups") else "participants"
    if has("event_title") and has("event_start_at") and (has("event_zip_code") or has("event_internal_id")):
        return "events"
    if has("registration_user_email") and has("registration_private"):
        return "event_registrations"
    return None


def detect(path: Path, header: list[str]) -> str | None:
    """The entity of a Cap Collectif export, None when the file is not one.

    A file whose headers carry Cap Collectif translation keys but match no known layout is an
    error that lists the layouts expected, rather than a silent "not recognised".
    """
    if not header or any("/" in h for h in header):
        return None  # Decidim flattens nested fields with '/'
    fields = set(canonical_headers(header, load_aliases()).values())
    raw = {header_key(h) for h in header}
    if "author_zip_code" in raw or "author_type" in raw:
        return None  # Grand Débat layout (granddebat importer)
    entity = entity_of(fields)
    if entity is None and sum(h.startswith("export_") for h in header) >= 2:
        raise InputError(path, "capcollectif_unknown_layout", line=1, **layout_params(header, fields))
    return entity


def layout_params(header: list[str], fields: set[str]) -> dict:
    """What the unknown-layout error shows: the layouts expected, the header found."""
    return {
        "expected": "; ".join(f"{entity}: {columns}" for entity, columns in EXPECTED_LAYOUTS.items()),
        "shown": header[:10] + (["..."] if len(header) > 10 else []),
        "known": sorted(fields) or ["–"],
        "file": USER_ALIASES,
    }


def instance_host(path: Path, frame: pd.DataFrame, options: dict) -> str:
    """--host, else the host of the first URL in the file, else in a sibling export."""
    if options.get("host"):
        return options["host"]
    host = _first_url_host(frame)
    if host:
        return host
    folder = Path(path).parent
    for sibling in (sorted(folder.glob("*.csv")) + sorted(folder.glob("*/*.csv")))[:60]:
        if sibling.resolve() == Path(path).resolve():
            continue
        try:
            with open(sibling, encoding="utf-8-sig", errors="replace") as fh:
                head = fh.read(1 << 16)
        except OSError:
            continue
        match = PLATFORM_URL.search(head)
        if match:
            return match.group(1).lower()
    return UNKNOWN_HOST


def _first_url_host(frame: pd.DataFrame) -> str | None:
    for column in ("proposal_link", "contribution_url", "contribution_argument_debate_url",
                   "vote_debate_url", "participant_profile_url"):
        if column not in frame:
            continue
        urls = frame[column][frame[column].str.startswith("http")]
        if len(urls):
            return urlparse(urls.iloc[0]).hostname
    return None


def parse(path: Path, entity: str, options: dict) -> Batch:
    path = Path(path)
    aliases = load_aliases()
    raw = read_table(path)
    mapping = canonical_headers([c for c in raw.columns if c != "_line"], aliases)
    frame = raw[list(mapping) + ["_line"]].rename(columns=mapping).reset_index(drop=True)
    if entity not in BUILDERS:
        raise InputError(path, "unknown_entity", entity=entity)
    host = instance_host(path, frame, options)
    step = step_name(path)
    batch = Batch(
        source_key=f"{PLATFORM}|{host}|{entity}:{step}",
        platform=PLATFORM,
        entity=entity,
        file_name=path.name,
        checksum=file_checksum(path),
        host=host,
        format_version="capcollectif legacy export" if is_legacy(raw.columns) else "capcollectif export",
        rows_read=len(frame),
    )
    if host == UNKNOWN_HOST:
        batch.warn("no_host")
    reader = Reader(path, frame, host, batch, aliases)
    BUILDERS[entity](reader)
    reader.finish()
    if entity in CONTENT_ENTITIES and not batch.moderation_measurable:
        batch.moderation_measurable = False  # this variant has no trash columns
    return batch


def is_legacy(columns) -> bool:
    """The legacy exporter wrote raw field paths (`proposal_publishedAt`, events' `_id`)."""
    return "_id" in columns or any(str(c).startswith(("proposal_", "contribution_type")) for c in columns)


def step_name(path: Path) -> str:
    """The export's project/step slug with its variant (_simplified, _grouped): the variants of
    one step overlap, and the derived tables count a contribution once whichever brought it."""
    return re.sub(r"^(contributions|participants|votes)_", "", Path(path).stem)


class Reader:
    """Turns one canonical frame into warehouse rows; collects accounts seen along the way."""

    def __init__(self, path, frame, host, batch, aliases):
        self.path, self.frame, self.host, self.batch, self.aliases = path, frame, host, batch, aliases
        self.contributions, self.proposals, self.meetings, self.moderations = [], [], [], []
        self.accounts = []
        self.user_groups = {}  # user id -> pseudonymised group ids (users export)

    # -- cells
    def col(self, name: str, rows=None) -> pd.Series:
        """A column's cells, stripped ('' where absent); ids as the current exporter writes them."""
        frame = self.frame if rows is None else self.frame[rows]
        if name not in frame:
            return pd.Series("", index=frame.index, dtype=object)
        cells = frame[name].fillna("").str.strip()
        return plain_ids(cells) if name.endswith("_id") else cells

    def times(self, name: str, rows=None) -> pd.Series:
        frame = self.frame if rows is None else self.frame[rows]
        if name not in frame:
            return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
        return parse_paris_timestamps(frame[name], self.path, name, frame["_line"])

    def numbers(self, name: str, rows=None, kind="float") -> pd.Series:
        text = self.col(name, rows)
        values = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
        # a typed word, or a negative count, is an error naming its line, never a silent blank
        bad = (values.isna() & (text != "")) | ((values < 0) & (kind == "int"))
        if bad.any():
            first = bad.idxmax()
            frame = self.frame if rows is None else self.frame[rows]
            raise InputError(self.path, "not_a_count" if kind == "int" else "not_a_number",
                             line=int(frame.loc[first, "_line"]), column=name, value=text[first])
        return values.round().astype("Int64") if kind == "int" else values

    def flag(self, name: str, rows=None) -> pd.Series:
        """True / False / None from 'Oui'/'Non'/1/0 cells."""
        return self.aliases.value("boolean", self.col(name, rows)).map(
            {"true": True, "false": False}
        )

    def contribution_kind(self) -> pd.Series:
        return self.aliases.value("contribution_type", self.col("contribution_type"))

    def item_id(self, kind: str, ids: pd.Series) -> pd.Series:
        if kind == "meeting":  # a public event of the organisation: its title is kept anyway
            return f"{PLATFORM}|{self.host}|{kind}|" + ids
        return content_ids(f"{PLATFORM}|{self.host}|{kind}|", ids)

    def person_ids(self, user_ids: pd.Series) -> pd.Series:
        return person_keys(PLATFORM, self.host, user_ids)

    # -- rows
    def account(self, user_id, username=None, email=None, kind_label=None, postcode=None):
        """Remember the accounts (authors, voters, participants) a set of rows names."""
        index = user_id.index
        empty = pd.Series("", index=index, dtype=object)
        self.accounts.append(pd.DataFrame({
            "user_id": user_id,
            "username": empty if username is None else username,
            "email": empty if email is None else email,
            "kind_label": empty if kind_label is None else kind_label,
            "postcode": empty if postcode is None else postcode,
        }))

    def add_contributions(self, kind, ids, user_ids, created_at, status="published",
                          moderated_at=None, is_free_text=False, **extra):
        frame = pd.DataFrame({
            "contribution_id": self.item_id(kind, ids),
            "kind": kind,
            "person_id": self.person_ids(user_ids),
            "author_kind": user_ids.map(lambda u: "participant" if u else "anonymous"),
            "user_group_id": None,
            "channel": "online",
            "created_at": created_at,
            "status": status,
            "moderated_at": moderated_at if moderated_at is not None else pd.NaT,
            "is_free_text": is_free_text,
            "platform": PLATFORM,
            **extra,
        })
        self.contributions.append(frame)
        return frame

    def finish(self) -> None:
        tables = self.batch.tables
        contributions = _concat(self.contributions)
        if not contributions.empty:
            before = len(contributions)
            contributions = contributions.drop_duplicates("contribution_id")
            self.batch.skip("repeated_contribution_row", before - len(contributions))
        tables["contributions"] = contributions
        tables["proposals"] = _concat(self.proposals)
        tables["meetings"] = _concat(self.meetings)
        tables["moderations"] = _concat(self.moderations)
        tables["persons"], tables["identities"] = self.persons_and_identities()

    def persons_and_identities(self):
        accounts = _concat(self.accounts)
        if accounts.empty:
            return pd.DataFrame(), pd.DataFrame()
        accounts = accounts[accounts["user_id"] != ""]
        postcode = clean_postcodes(accounts["postcode"])
        rejected = impossible_postcodes(accounts["postcode"], postcode)
        accounts = accounts.assign(
            postcode=postcode,
            person_kind=self.aliases.value("person_kind", accounts["kind_label"]),
        )
        if rejected:
            self.batch.warn("impossible_postcodes", n=rejected)
        persons = accounts.groupby("user_id", sort=False).agg(
            person_kind=("person_kind", "first"), profile_postcode=("postcode", "first")
        ).reset_index()
        persons["person_id"] = self.person_ids(persons["user_id"])
        persons = persons.assign(
            platform=PLATFORM, host=self.host,
            user_group_ids=persons["user_id"].map(self.user_groups),
        )
        identities = identity_rows(accounts, persons, self.host)
        return persons.drop(columns="user_id"), identities


def identity_rows(accounts: pd.DataFrame, persons: pd.DataFrame, host: str) -> pd.DataFrame:
    """id, nickname and e-mail identities (hashed, host-free) of each account."""
    person_of = dict(zip(persons["user_id"], persons["person_id"]))
    rows = []
    for kind, column, prefix in (("id", "user_id", "id:"), ("nickname", "username", "nickname:"),
                                 ("email", "email", "email:")):
        pairs = accounts[list(dict.fromkeys(["user_id", column]))].drop_duplicates()
        pairs = pairs[pairs[column].str.strip() != ""]
        if pairs.empty:
            continue
        values = pairs[column].str.strip()
        if kind != "id":
            values = values.str.lower()
        rows.append(pd.DataFrame({
            "platform": PLATFORM,
            "host": host,
            "identifier_kind": kind,
            "identifier_hash": [pseudo(prefix + v) for v in values],
            "person_id": pairs["user_id"].map(person_of).values,
        }))
    return _concat(rows).drop_duplicates()


def _concat(frames) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def publication_status(reader: Reader, column: str, rows) -> pd.Series:
    """published / moderated / withdrawn / unpublished / draft from a publication status column."""
    values = reader.aliases.value("publication_status", reader.col(column, rows))
    unknown = values.isna() & (reader.col(column, rows) != "")
    if unknown.any():
        names = sorted(set(reader.col(column, rows)[unknown]))[:5]
        reader.batch.warn("unknown_publication_status", names=names, file=USER_ALIASES)
    return values.fillna("published")


def keep_public(reader: Reader, status: pd.Series, what: str) -> pd.Series:
    """Rows whose content was public at some point; drafts and unpublished ones are skipped."""
    reader.batch.skip("draft", int((status == "draft").sum()), item=what)
    reader.batch.skip("unpublished", int((status == "unpublished").sum()), item=what)
    return ~status.isin(["draft", "unpublished"])


# -- collect and selection steps


def read_proposals(reader: Reader) -> None:
    kinds = reader.contribution_kind()
    has_type = "contribution_type" in reader.frame
    grouped = "participant_user_id" in reader.frame
    is_proposal = kinds.eq("proposal") if has_type else pd.Series(True, index=reader.frame.index)
    proposal_rows(reader, is_proposal, grouped)
    if has_type:
        vote_rows(reader, kinds.eq("proposal_vote"), grouped)
        # Comments on a proposal and on its news are both participation of their authors,
        # and so are votes on them (a comment id is unique across both, like a vote's).
        comment_rows(reader, kinds.eq("proposal_comment"), "proposal_comments")
        comment_rows(reader, kinds.eq("proposal_news_comment"), "proposal_news_comments")
        comment_vote_rows(reader, kinds.eq("proposal_comment_vote"), "proposal_comments_vote")
        comment_vote_rows(reader, kinds.eq("proposal_news_comment_vote"),
                          "proposal_news_comments_vote")
        reporting_rows(reader, kinds.eq("proposal_reporting"))
        # a news article is the organisers' writing, not participation
        reader.batch.skip("news_article", int(kinds.eq("proposal_news").sum()))
        other = ~kinds.isin(["proposal", "proposal_vote", "proposal_comment",
                             "proposal_news_comment", "proposal_comment_vote",
                             "proposal_news_comment_vote", "proposal_reporting",
                             "proposal_news"])
        reader.batch.skip("unknown_row_type", int(other.sum()))


def proposal_rows(reader: Reader, rows: pd.Series, grouped: bool) -> None:
    ids = reader.col("proposal_id", rows)
    if not ids.ne("").any():
        ids = reader.col("proposal_reference", rows).str.strip('"')
    has_status = "proposal_publication_status" in reader.frame
    has_trash = has_status or "proposal_trashed_at" in reader.frame
    status = publication_status(reader, "proposal_publication_status", rows)
    public = keep_public(reader, status, "proposal")
    trashed_at = reader.times("proposal_trashed_at", rows)
    status = status.where(~(trashed_at.notna() & status.eq("published")), "moderated")
    if has_trash:
        reader.batch.moderation_measurable = True
    author_column = "participant_user_id" if grouped else "proposal_author_id"
    authors = reader.col(author_column, rows)
    published_at = reader.times("proposal_published_at", rows)
    created_at = reader.times("proposal_created_at", rows).fillna(published_at)
    lat = reader.numbers("proposal_address_lat", rows)
    lng = reader.numbers("proposal_address_lng", rows)
    district = reader.col("proposal_district_name", rows).replace("", None)
    person_kind = reader.aliases.value(
        "person_kind", reader.col("participant_type" if grouped else "proposal_author_user_type_name", rows)
    )
    keep = public & (ids != "")
    reader.batch.skip("no_id", int((public & (ids == "")).sum()), item="proposal")
    ids, authors, status = ids[keep], authors[keep], status[keep]
    moderated_at = trashed_at[keep].where(status.eq("moderated"))
    contributions = reader.add_contributions(
        "proposal", ids, authors, created_at[keep], status=status, moderated_at=moderated_at,
        is_free_text=True, latitude=lat[keep], longitude=lng[keep], scope_name=district[keep],
        meeting_id=None,
    )
    reader.proposals.append(pd.DataFrame({
        "proposal_id": contributions["contribution_id"],
        "person_id": contributions["person_id"],
        "origin": person_kind[keep].map(
            lambda k: "organisation" if isinstance(k, str) and k.startswith("organisation") else "participant"
        ),
        "channel": "online",
        "state": proposal_state(reader, rows)[keep].where(~status.eq("withdrawn"), "withdrawn"),
        "is_amendment": False,
        "created_at": created_at[keep],
        "published_at": published_at[keep],
        "answered_at": pd.NaT,
        "meeting_id": None,
        "latitude": lat[keep],
        "longitude": lng[keep],
        "scope_name": district[keep],
        "votes_digital": reader.numbers("proposal_votes_digital_count", rows, "int")[keep],
        "votes_paper": reader.numbers("proposal_votes_paper_count", rows, "int")[keep],
        "status": status,
        "platform": PLATFORM,
    }))
    if grouped:
        account_columns(reader, rows, keep)
    else:
        reader.account(authors, reader.col("proposal_author_username", rows)[keep],
                       reader.col("proposal_author_email", rows)[keep],
                       reader.col("proposal_author_user_type_name", rows)[keep])


def proposal_state(reader: Reader, rows) -> pd.Series:
    names = reader.col("proposal_status_name", rows)
    states = reader.aliases.value("proposal_state", names)
    unknown = states.isna() & names.ne("")
    if unknown.any():
        listed = sorted(set(names[unknown]))[:8]
        reader.batch.warn("unknown_proposal_states", names=listed)
    return states.where(~unknown, "evaluating").fillna("submitted")


def account_columns(reader: Reader, rows=None, keep=None, id_column="participant_user_id") -> None:
    """Accounts from the participant_* columns of grouped and participants exports.

    `rows` selects rows of the file, `keep` (indexed like those rows) narrows them further.
    """
    def cells(column):
        values = reader.col(column, rows)
        return values if keep is None else values[keep]

    reader.account(cells(id_column), cells("participant_username"), cells("participant_user_email"),
                   cells("participant_type"), cells("participant_zip_code"))


def vote_rows(reader: Reader, rows: pd.Series, grouped: bool) -> None:
    ids = reader.col("proposal_votes_id", rows)
    voters = reader.col("participant_user_id" if grouped else "proposal_votes_author_id", rows)
    published = reader.flag("proposal_votes_published", rows)
    keep = (ids != "") & published.ne(False)
    reader.batch.skip("vote_unpublished", int((published == False).sum()))
    reader.batch.skip("no_id", int(((ids == "") & published.ne(False)).sum()), item="vote")
    created = reader.times("proposal_votes_published_at", rows).fillna(
        reader.times("proposal_votes_created_at", rows)
    )
    reader.add_contributions("vote", ids[keep], voters[keep], created[keep])
    if grouped:
        account_columns(reader, rows, keep)
    else:
        reader.account(voters[keep], reader.col("proposal_votes_author_username", rows)[keep])


def comment_rows(reader: Reader, rows: pd.Series, columns: str) -> None:
    """Comments whose cells are the `columns`_* ones (on proposals or on their news)."""
    ids = reader.col(f"{columns}_id", rows)
    authors = reader.col(f"{columns}_author_id", rows)
    status = publication_status(reader, f"{columns}_publication_status", rows)
    public = keep_public(reader, status, "comment")
    reader.batch.skip("no_id", int((public & (ids == "")).sum()), item="comment")
    keep = public & (ids != "")
    created = reader.times(f"{columns}_created_at", rows).fillna(
        reader.times(f"{columns}_published_at", rows)
    )
    reader.add_contributions("comment", ids[keep], authors[keep], created[keep],
                             status=status[keep], is_free_text=True)
    reader.account(authors[keep], reader.col(f"{columns}_author_username", rows)[keep],
                   reader.col(f"{columns}_author_email", rows)[keep])


def comment_vote_rows(reader: Reader, rows: pd.Series, columns: str) -> None:
    """Votes on comments, from the `columns`_* cells."""
    ids = reader.col(f"{columns}_id", rows)
    voters = reader.col(f"{columns}_author_id", rows)
    keep = ids != ""
    reader.batch.skip("no_id", int((~keep).sum()), item="comment_vote")
    created = reader.times(f"{columns}_created_at", rows).fillna(
        reader.times(f"{columns}_published_at", rows)
    )
    reader.add_contributions("vote", "comment:" + ids[keep], voters[keep], created[keep])
    reader.account(voters[keep], reader.col(f"{columns}_author_username", rows)[keep])


def reporting_rows(reader: Reader, rows: pd.Series) -> None:
    """Reports on a proposal: first report date and count, beside its trash date."""
    if not rows.any():
        return
    reported = pd.DataFrame({
        "item_id": reader.item_id("proposal", reader.col("proposal_id", rows)),
        "reported_at": reader.times("proposal_reportings_created_at", rows),
        "hidden_at": reader.times("proposal_trashed_at", rows),
    })
    moderations = reported.groupby("item_id").agg(
        first_reported_at=("reported_at", "min"), hidden_at=("hidden_at", "max"),
        report_count=("reported_at", "size"),
    ).reset_index()
    reader.moderations.append(moderations.assign(item_kind="proposal"))


def read_proposal_votes(reader: Reader) -> None:
    ids = reader.col("proposal_votes_id")
    voters = reader.col("proposal_votes_author_id")
    keep = ids != ""
    reader.batch.skip("no_id", int((~keep).sum()), item="vote")
    created = reader.times("proposal_votes_published_at").fillna(reader.times("proposal_votes_created_at"))
    reader.add_contributions("vote", ids[keep], voters[keep], created[keep])
    reader.account(voters[keep])


# -- consultation, questionnaire and debate steps

CONSULTATION_ITEMS = {
    # row type -> (warehouse kind, id prefix, column prefix, free text)
    "opinion": ("debate", "", "contribution", True),
    "argument": ("argument", "", "contribution_arguments", True),
    "opinion_source": ("comment", "source:", "contribution_sources", True),
    "version": ("amendment", "", "contribution_versions", True),
    "opinion_vote": ("vote", "opinion:", "contribution_votes", False),
    "version_vote": ("vote", "version:", "contribution_votes", False),
}


def read_consultation(reader: Reader) -> None:
    kinds = reader.contribution_kind()
    grouped = "participant_username" in reader.frame
    reader.batch.moderation_measurable = any(
        c.endswith(("_trashed", "_trashed_at")) for c in reader.frame.columns
    ) or None
    for row_type, (kind, prefix, columns, free_text) in CONSULTATION_ITEMS.items():
        rows = kinds.eq(row_type)
        if not rows.any():
            continue
        ids = reader.col(f"{columns}_id", rows)
        author_column = f"{columns}_author_id"
        authors = reader.col("contribution_author_id" if grouped or author_column not in reader.frame
                             else author_column, rows)
        published = reader.flag(f"{columns}_published", rows)
        trashed = reader.flag(f"{columns}_trashed", rows)
        trashed_at = reader.times(f"{columns}_trashed_at", rows)
        created = reader.times(f"{columns}_created_at", rows)
        unpublished = published.eq(False)
        reader.batch.skip("unpublished", int(unpublished.sum()), item=row_type)
        reader.batch.skip("no_id", int(((ids == "") & ~unpublished).sum()), item=row_type)
        keep = ~unpublished & (ids != "")
        moderated = (trashed.eq(True) | trashed_at.notna())[keep]
        reader.add_contributions(
            kind, prefix + ids[keep], authors[keep], created[keep],
            status=moderated.map({True: "moderated", False: "published"}),
            moderated_at=trashed_at[keep].where(moderated), is_free_text=free_text,
        )
        if grouped:
            account_columns(reader, rows, keep, id_column="contribution_author_id")
        else:
            reader.account(authors[keep], kind_label=reader.col("contribution_author_type_name", rows)[keep]
                           if row_type == "opinion" else None)
    reporting = kinds.eq("reporting")
    if reporting.any():
        reported = pd.DataFrame({
            "related": reader.col("contribution_reportings_related_id", reporting),
            "reported_at": reader.times("contribution_reportings_created_at", reporting),
        })
        first = reported.groupby("related").agg(
            first_reported_at=("reported_at", "min"), report_count=("reported_at", "size")
        ).reset_index()
        reader.moderations.append(pd.DataFrame({
            "item_id": reader.item_id("debate", first["related"]), "item_kind": "debate",
            "first_reported_at": first["first_reported_at"], "hidden_at": pd.NaT,
            "report_count": first["report_count"],
        }))
    handled = kinds.isin(list(CONSULTATION_ITEMS) + ["reporting"])
    reader.batch.skip("unknown_row_type", int((~handled).sum()))


def read_questionnaire(reader: Reader) -> None:
    kinds = reader.contribution_kind()
    grouped = "participant_user_id" in reader.frame
    ids = reader.col("contribution_id")
    authors = reader.col("participant_user_id" if grouped else "contribution_author_id")
    authors = authors.where(~kinds.eq("questionnaire_reply_anonymous"), "")
    draft = reader.flag("contribution_draft").eq(True) | reader.flag("contribution_published").eq(False)
    reader.batch.skip("reply_draft", int(draft.sum()))
    reader.batch.skip("no_id", int(((ids == "") & ~draft).sum()), item="reply")
    keep = ~draft & (ids != "")
    created = reader.times("contribution_published_at").fillna(reader.times("contribution_created_at"))
    reader.add_contributions("survey_answer", ids[keep], authors[keep], created[keep], is_free_text=True)
    if grouped:
        account_columns(reader, keep)
    else:
        reader.account(authors[keep], reader.col("contribution_author")[keep],
                       reader.col("contribution_author_email")[keep])


def read_debate_arguments(reader: Reader) -> None:
    """Debate arguments carry no id: one is derived from debate, author and date (hashed)."""
    authors = reader.col("contribution_argument_author_id")
    created = reader.times("contribution_argument_created_at").fillna(
        reader.times("contribution_argument_published_at")
    )
    trashed_at = reader.times("contribution_argument_trashed_at")
    reader.batch.moderation_measurable = "contribution_argument_trashed_at" in reader.frame or None
    keys = reader.col("contribution_argument_debate_url") + "|" + authors + "|" + created.astype(str)
    ids = keys.map(lambda k: pseudo(f"{PLATFORM}|{reader.host}|argument|{k}"))
    reader.add_contributions(
        "argument", ids, authors, created,
        status=trashed_at.notna().map({True: "moderated", False: "published"}),
        moderated_at=trashed_at, is_free_text=True,
    )
    reader.account(authors, reader.col("contribution_argument_author_username"),
                   reader.col("contribution_argument_author_email"),
                   reader.col("contribution_argument_author_user_type_name"),
                   reader.col("contribution_argument_author_zip_code"))


def read_debate_votes(reader: Reader) -> None:
    """One vote per account and debate: the id is derived from both (hashed)."""
    voters = reader.col("vote_author_id")
    keys = reader.col("vote_debate_url") + "|" + voters
    ids = keys.map(lambda k: pseudo(f"{PLATFORM}|{reader.host}|vote|{k}"))
    anonymous = voters == ""
    ids = ids.where(~anonymous, reader.frame["_line"].astype(str).radd("line:"))
    reader.add_contributions("vote", ids, voters, reader.times("vote_published_at"))
    reader.account(voters, reader.col("vote_author_username"), reader.col("vote_author_email"),
                   reader.col("vote_author_user_type_name"), reader.col("vote_author_zip_code"))


# -- accounts and events


def read_participants(reader: Reader) -> None:
    ids = reader.col("participant_user_id")
    reader.batch.skip("no_id", int((ids == "").sum()), item="participant")
    account_columns(reader, ids != "")


def read_users(reader: Reader) -> None:
    """The platform's user list: accounts, profile, and the groups they belong to."""
    read_participants(reader)
    ids = reader.col("participant_user_id")
    groups = reader.col("participant_user_groups").str.split(",")
    reader.user_groups = {
        user: [pseudo(f"group:{g.strip()}") for g in names if g.strip()]
        for user, names in zip(ids, groups) if user and any(g.strip() for g in names)
    }


def read_events(reader: Reader) -> None:
    ids = reader.col("event_id").where(reader.col("event_id") != "", reader.col("event_internal_id"))
    keep = ids != ""
    reader.batch.skip("no_id", int((~keep).sum()), item="event")
    enabled = reader.flag("event_enabled")
    reader.batch.skip("event_disabled", int((keep & enabled.eq(False)).sum()))
    keep &= enabled.ne(False)
    address = reader.col("event_address")
    lat, lng = reader.numbers("event_lat"), reader.numbers("event_lng")
    located = (address != "") | lat.notna() | reader.col("event_zip_code").ne("")
    place = (address + " " + reader.col("event_zip_code") + " " + reader.col("event_city")).str.strip()
    reader.meetings.append(pd.DataFrame({
        "meeting_id": reader.item_id("meeting", ids),
        "title": reader.col("event_title"),
        "meeting_type": located.map({True: "in_person", False: "online"}),
        "start_at": reader.times("event_start_at"),
        "end_at": reader.times("event_end_at"),
        "latitude": lat,
        "longitude": lng,
        "scope_name": None,
        "place": place.replace("", None),
        "headcount": pd.NA,
        "contributions_count": pd.NA,
        "platform": PLATFORM,
    })[keep])


def read_event_registrations(reader: Reader) -> None:
    """Registrations say who meant to come, not who came: they are not participation."""
    reader.batch.skip("event_registration", len(reader.frame))


BUILDERS = {
    "proposals": read_proposals,
    "proposal_votes": read_proposal_votes,
    "consultation": read_consultation,
    "questionnaire": read_questionnaire,
    "debate_arguments": read_debate_arguments,
    "debate_votes": read_debate_votes,
    "participants": read_participants,
    "users": read_users,
    "events": read_events,
    "event_registrations": read_event_registrations,
}
