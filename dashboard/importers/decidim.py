"""Decidim open data (the `/open-data/download` zip or its CSVs), every layout from 2018 to 0.30.

The files are the open-data serializers' nested hashes flattened with '/' (`author/url`,
`title/fr`), arrays joined with ', ' (co-authors, `taxonomies/ids`). One module reads them
all: columns that a version lacks simply yield unknowns, never errors. Persons are keyed by
the instance host, so two Decidim instances never merge their user ids; names are never read
into the warehouse, nicknames only as keyed hashes.
"""

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.errors import InputError
from dashboard.importers.base import (
    Batch,
    file_checksum,
    parse_timestamps,
    read_table,
)
from dashboard.importers.common import per_distinct, person_keys
from dashboard.privacy import content_ids, pseudonymise

PLATFORM = "decidim"
OPEN_DATA_FILE = re.compile(r"^(?P<host>[a-z0-9][a-z0-9.-]*)-open-data-(?P<entity>[a-z_]+)\.csv$", re.IGNORECASE)
URL_HOST = r"^\s*https?://([^/:?#\s]+)"
LOCALES = ("fr", "en", "ca", "es")

CONTENT_ENTITIES = ("proposals", "meetings", "debates")
ACCOUNT_ENTITIES = ("users", "user_groups")
# What a commented or reported Decidim class is called in contribution ids.
RESOURCE_KINDS = {
    "Decidim::Proposals::Proposal": "proposal",
    "Decidim::Proposals::CollaborativeDraft": "collaborative_draft",
    "Decidim::Comments::Comment": "comment",
    "Decidim::Debates::Debate": "debate",
    "Decidim::Meetings::Meeting": "meeting",
    "Decidim::Budgets::Project": "project",
    "Decidim::Accountability::Result": "result",
    "Decidim::Blogs::Post": "post",
}
STATES = {
    "accepted": "accepted",
    "integrated": "accepted",
    "implemented": "accepted",
    "rejected": "rejected",
    "evaluating": "evaluating",
    "withdrawn": "withdrawn",
    "not_answered": "submitted",
    "published": "submitted",
    "": "submitted",
}
MEETING_TYPES = {"in_person": "in_person", "online": "online", "hybrid": "hybrid"}
# Root taxonomy names that say "where" (scopes migrated to 0.30 keep such a root).
TERRITORIAL_ROOT = re.compile(
    r"scope|area|territo|quartier|district|secteur|arrondissement|commune|zone|barri|[àáa]mbit",
    re.IGNORECASE,
)
LOOKUP_ENTITIES = ("taxonomies",)
# Free text no reader uses (bodies, official answers, descriptions): left out when reading.
UNREAD_FIELDS = ("body", "answer", "description")


def detect(path, header) -> str | None:
    """The Decidim entity a file holds, from its open-data file name or its columns."""
    named = OPEN_DATA_FILE.match(Path(path).name)
    if named:
        return named["entity"].lower()
    return entity_from_columns(set(header))


def entity_from_columns(columns: set[str]) -> str | None:
    def has(prefix):
        return any(c == prefix or c.startswith(prefix + "/") for c in columns)

    if {"commentable_id", "commentable_type"} <= columns:
        return "comments"
    if {"reportable_type", "reportable_id"} <= columns:
        return "moderations"
    if {"parent_id", "is_root"} <= columns or "taxonomizations_count" in columns:
        return "taxonomies"
    if {"nickname", "profile_url"} <= columns:
        return "user_groups" if has("members_count") or has("members") else "users"
    flattened = any("/" in c for c in columns)
    if "id" not in columns or not flattened:
        return None
    if "start_time" in columns and ({"attendees", "type_of_meeting"} & columns or has("location")):
        return "meetings"
    if has("body") and {"supports", "votes", "is_amend", "meeting_urls", "state"} & columns:
        return "proposals"
    if has("title") and has("description") and not has("body") and (
        "comments" in columns or has("instructions") or has("conclusions") or "last_comment_at" in columns
    ) and not {"progress", "budget_amount", "start_date"} & columns:
        return "debates"
    if {"component/id", "participatory_space/id", "participatory_space/url"} & columns:
        return "other"
    return None


def parse(path, entity, options) -> Batch:
    """Read one Decidim open-data file into warehouse rows (nothing is written here)."""
    path = Path(path)
    options = options or {}
    named = OPEN_DATA_FILE.match(path.name)
    file_host = named["host"].lower() if named else None
    entity_kind = "comments" if entity.endswith("_comments") else entity
    readers = {
        "proposals": read_proposals,
        "comments": read_comments,
        "meetings": read_meetings,
        "debates": read_debates,
        "moderations": read_moderations,
        "users": read_users,
        "user_groups": read_user_groups,
    }
    fallback_host = file_host or (options.get("host") or "unknown").lower()
    if entity_kind not in readers:
        batch = rowless_batch(path, entity, fallback_host)
        if entity not in LOOKUP_ENTITIES:  # taxonomies are read beside the files that use them
            batch.warn("decidim_unused_entity", entity=entity)
        return batch
    if is_blank(path):
        return rowless_batch(path, entity, fallback_host)
    frame = read_table(path, skip=lambda column: column.split("/")[0] in UNREAD_FIELDS)
    columns = set(frame.columns)
    context = ReadContext(path, frame, file_host, options.get("host"))
    if entity_kind == "comments":
        entity = comments_entity(frame, entity)
    batch = Batch(
        source_key="",
        platform=PLATFORM,
        entity=entity,
        file_name=path.name,
        checksum=file_checksum(path),
        host=context.batch_host(),
        format_version=format_version(entity_kind, columns, path),
        rows_read=len(frame),
    )
    batch.source_key = f"{PLATFORM}|{batch.host}|{entity}"
    readers[entity_kind](context, batch)
    hosts = context.hosts.dropna().unique() if len(frame) else []
    if len(hosts) > 1:
        batch.warn("decidim_several_hosts", n=len(hosts), names=sorted(hosts))
    if entity_kind in ("proposals", "comments", "meetings", "debates"):
        batch.moderation_measurable = False
        if batch.format_version != "decidim 0.30":
            batch.warn("moderation_not_measurable")
    return batch


class ReadContext:
    """The frame being read, where its rows come from, and errors that point at lines."""

    def __init__(self, path: Path, frame: pd.DataFrame, file_host: str | None, option_host):
        self.path, self.frame, self.file_host = path, frame, file_host
        self.option_host = option_host.lower() if option_host else None
        # The file name gives the host: the urls are then only read if someone asks.
        self._url_hosts = None if file_host else self._hosts_in_urls()
        if file_host:
            self.hosts = pd.Series(file_host, index=frame.index, dtype=object)
        else:
            self.hosts = self._url_hosts.fillna(self.option_host or "unknown")

    def _hosts_in_urls(self) -> pd.Series:
        url_hosts = pd.Series(None, index=self.frame.index, dtype=object)
        for column in ("url", "root_commentable_url", "reported_url", "profile_url",
                       "author/url", "participatory_space/url"):
            if column in self.frame:
                found = per_distinct(
                    self.frame[column], lambda urls: urls.str.extract(URL_HOST, expand=False).str.lower()
                )
                url_hosts = url_hosts.fillna(found)
        return url_hosts

    @property
    def url_hosts(self) -> pd.Series:
        """The host each row's urls name (None where none does)."""
        if self._url_hosts is None:
            self._url_hosts = self._hosts_in_urls()
        return self._url_hosts

    def batch_host(self) -> str:
        if self.file_host:
            return self.file_host
        seen = self.url_hosts.dropna()
        if len(seen):
            return seen.value_counts().index[0]
        return self.option_host or "unknown"

    def text(self, column: str) -> pd.Series:
        if column in self.frame:
            return self.frame[column].fillna("").str.strip()
        return pd.Series("", index=self.frame.index, dtype=object)

    def has(self, column: str) -> bool:
        return column in self.frame

    def space_ids(self) -> pd.Series:
        """The participatory space each row belongs to (None where the export does not say)."""
        spaces = self.text("participatory_space/id")
        return spaces.astype(object).where(spaces != "", None)

    def first_of_list(self, column: str) -> pd.Series:
        """First element of a ', '-joined array cell (Decidim co-authors)."""
        cells = self.text(column)
        listed = cells.str.contains(",", regex=False)
        if not listed.any():
            return cells
        return cells.where(~listed, cells[listed].str.split(",").str[0].fillna("").str.strip())

    def timestamps(self, column: str) -> pd.Series:
        if column not in self.frame:
            return pd.Series(pd.NaT, index=self.frame.index, dtype="datetime64[ns]")
        try:  # a campaign's timestamps repeat (imports, answers by batch): each parsed once
            return per_distinct(self.frame[column], lambda cells: self._timestamps(cells, column))
        except InputError:  # read again row by row, to name the first bad line
            return self._timestamps(self.frame[column], column, self.frame["_line"])

    def _timestamps(self, cells: pd.Series, column: str, lines=None) -> pd.Series:
        values = cells.fillna("").str.strip().str.lstrip("'")
        # Fast path for the usual '2017-10-16 07:18:14 UTC'; anything else takes the general parser.
        utc = values.str.removesuffix(" UTC")
        if (values.str.endswith(" UTC") | (values == "")).all():
            parsed = pd.to_datetime(utc.where(utc != ""), format="%Y-%m-%d %H:%M:%S", errors="coerce")
            if not (parsed.isna() & (utc != "")).any():
                return parsed
        return parse_timestamps(values, self.path, column,
                                pd.Series(0, index=cells.index) if lines is None else lines)

    def numbers(self, column: str) -> pd.Series:
        text = self.text(column)
        try:
            return per_distinct(text, lambda cells: self._numbers(cells, column))
        except InputError:  # read again row by row, to name the first bad line
            return self._numbers(text, column, self.frame["_line"])

    def _numbers(self, cells: pd.Series, column: str, lines=None) -> pd.Series:
        text = cells.str.lstrip("'")
        parsed = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = parsed.isna() & (text != "")
        if column not in ("latitude", "longitude"):  # every other number is a count
            bad |= parsed < 0
        if bad.any():
            first = bad.idxmax()
            raise InputError(self.path, "not_a_number" if column in ("latitude", "longitude")
                             else "not_a_count", line=None if lines is None else int(lines[first]),
                             column=column, value=text[first])
        return parsed.astype("float64")

    def flag(self, column: str) -> pd.Series:
        return self.text(column).str.lower().isin(["true", "t", "1", "yes"])

    def localised(self, base: str, rows=None) -> pd.Series:
        """The first non-empty translation of a field (`title`, `title/fr`, ...), of every
        row or of the `rows` of a mask (the others are left empty)."""
        own = [c for c in self.frame.columns if c.startswith(base + "/") and "machine_translation" not in c
               and c.count("/") == base.count("/") + 1]
        ordered = [base] + [f"{base}/{loc}" for loc in LOCALES] + sorted(own)
        present = [column for column in dict.fromkeys(ordered) if column in self.frame]
        frame = self.frame if rows is None else self.frame.loc[rows, present]
        result = pd.Series("", index=frame.index, dtype=object)
        for column in present:
            result = result.where(result != "", frame[column].fillna("").str.strip())
        return result if rows is None else result.reindex(self.frame.index, fill_value="")

    def scope_names(self) -> pd.Series:
        """The scope (<= 0.29) or the taxonomy (0.30) that says where a resource is.

        Of several taxonomies, the first under a territorial root of taxonomies.csv (scopes,
        districts...) when that file is beside this one, else the first listed.
        """
        names = self.localised("scope/name")
        if "taxonomies/ids" in self.frame:
            territorial = territorial_taxonomies(self.path.parent)
            # A file lists a few combinations of taxonomies: each is chosen from once.
            chosen = per_distinct(self.text("taxonomies/ids"), lambda lists: chosen_taxonomy(lists, territorial))
            codes, taxonomy_ids = pd.factorize(chosen)
            unnamed = (names == "").to_numpy()
            for code, taxonomy_id in enumerate(taxonomy_ids):
                rows = unnamed & (codes == code)
                if rows.any():
                    names = names.where(~rows, self.localised(f"taxonomies/{taxonomy_id}", rows))
        return names.where(names != "", None)

    def ids(self, batch: Batch, column: str = "id") -> pd.Series:
        """Resource ids; rows without one or repeating one are skipped with a reason."""
        ids = self.text(column).str.lstrip("'")
        missing = ids == ""
        batch.skip("no_id", int(missing.sum()), item="row")
        one_host = self.hosts.nunique() <= 1  # then the id alone says a row repeats another
        duplicate = (ids if one_host else self.hosts + "|" + ids).duplicated() & ~missing
        batch.skip("repeated_id", int(duplicate.sum()), item="row")
        keep = ~missing & ~duplicate
        if keep.all():  # the usual export: no copy of a wide frame
            return ids
        self.frame = self.frame[keep]
        self.hosts = self.hosts[keep]
        if self._url_hosts is not None:
            self._url_hosts = self._url_hosts[keep]
        return ids[keep]


def chosen_taxonomy(lists: pd.Series, territorial: list[str]) -> pd.Series:
    """Of each ', '-joined list of taxonomy ids, the first territorial one, else the first."""
    listed = lists.str.split(r"\s*,\s*").explode()
    listed = listed[listed.fillna("") != ""]
    where = listed.isin(territorial)
    chosen = listed[where].groupby(level=0).first()
    return chosen.combine_first(listed.groupby(level=0).first()).reindex(lists.index)


def rowless_batch(path: Path, entity: str, host: str) -> Batch:
    """The import record of a file that brings no rows: an unused entity or an empty export.

    An empty list of hidden items still says something: nothing was hidden.
    """
    batch = Batch(
        source_key=f"{PLATFORM}|{host}|{entity}",
        platform=PLATFORM,
        entity=entity,
        file_name=path.name,
        checksum=file_checksum(path),
        host=host,
    )
    if entity == "moderations":
        batch.format_version, batch.moderation_measurable = "decidim 0.30", True
    return batch


def is_blank(path: Path) -> bool:
    """Decidim writes a bare newline for an entity the platform has none of."""
    with open(path, "rb") as fh:
        start = fh.read(64)
    return len(start) < 64 and not start.replace(b"\xef\xbb\xbf", b"").strip()


def format_version(entity: str, columns: set[str], path: Path) -> str:
    """'decidim 0.30', '0.28', '0.27' or '<0.27', from the columns the serializers changed."""
    if entity in ("moderations",) + ACCOUNT_ENTITIES or any(c.startswith("taxonomies/") for c in columns):
        return "decidim 0.30"
    if entity == "proposals":
        if "author/url" not in columns:
            return "decidim <0.27"
        if {"withdrawn_at", "created_in_meeting"} & columns or "votes" in columns:
            return "decidim 0.28"
        return "decidim 0.27"
    if entity == "meetings":
        if {"type_of_meeting", "author/id", "withdrawn"} & columns:
            return "decidim 0.28"
        return "decidim 0.27" if "published" in columns else "decidim <0.27"
    if entity == "debates":
        return "decidim 0.27" if "author/url" in columns else "decidim <0.27"
    if entity == "comments":
        if has_sibling(path.parent, "moderations"):
            return "decidim 0.30"
        return "decidim 0.27" if "locale" in columns else "decidim <0.27"
    return "decidim"


def has_sibling(folder: Path, entity: str) -> bool:
    return any(folder.glob(f"*-open-data-{entity}.csv")) or (folder / f"{entity}.csv").exists()


def group_keys(group_ids: pd.Series) -> pd.Series:
    raw = ("group:" + group_ids).where(group_ids != "", None)
    return pseudonymise(raw)


def identity_rows(hosts, user_ids, nicknames=None, persons=None) -> pd.DataFrame:
    """'id' identities for every known user id, 'nickname' ones where a nickname pairs with it.

    `persons`, when given, are the rows' person_keys already computed (not hashed twice).
    """
    pairs = pd.DataFrame({
        "host": hosts,
        "user_id": user_ids,
        "nickname": "" if nicknames is None else nicknames.fillna("").str.strip().str.lower(),
    })
    if persons is not None:
        pairs["person_id"] = persons  # a function of host and user id: not compared
    pairs = pairs[pairs["user_id"] != ""].drop_duplicates(["host", "user_id", "nickname"], ignore_index=True)
    persons = (pairs.pop("person_id") if persons is not None
               else person_keys(PLATFORM, pairs["host"], pairs["user_id"]))
    frames = [pd.DataFrame({
        "platform": PLATFORM,
        "host": pairs["host"],
        "identifier_kind": "id",
        "identifier_hash": pseudonymise("id:" + pairs["user_id"]),
        "person_id": persons,
    })]
    named = pairs["nickname"] != ""
    frames.append(pd.DataFrame({
        "platform": PLATFORM,
        "host": pairs["host"][named],
        "identifier_kind": "nickname",
        "identifier_hash": pseudonymise("nickname:" + pairs["nickname"][named]),
        "person_id": persons[named],
    }))
    return pd.concat(frames, ignore_index=True).drop_duplicates(ignore_index=True)


@lru_cache(maxsize=16)
def _group_nicknames(folder: str, stamp: float) -> dict[str, str]:
    """nickname -> user group id, from a user_groups file beside the one being read."""
    found = {}
    for path in sorted(Path(folder).glob("*user_groups.csv")):
        table = read_table(path)
        if {"id", "nickname"} <= set(table.columns):
            for nickname, group_id in zip(table["nickname"], table["id"]):
                if nickname.strip():
                    found[nickname.strip().lower()] = group_id.strip()
    return found


def group_nicknames(folder: Path) -> dict[str, str]:
    stamp = max((p.stat().st_mtime for p in folder.glob("*user_groups.csv")), default=0.0)
    return _group_nicknames(str(folder), stamp)


def territorial_taxonomies(folder: Path) -> list[str]:
    """Ids of the taxonomies under a root named like a territory, from a taxonomies file beside."""
    stamp = max((p.stat().st_mtime for p in folder.glob("*taxonomies.csv")), default=0.0)
    return _territorial_taxonomies(str(folder), stamp)


@lru_cache(maxsize=16)
def _territorial_taxonomies(folder: str, stamp: float) -> list[str]:
    found = []
    for path in sorted(Path(folder).glob("*taxonomies.csv")):
        if is_blank(path):
            continue
        table = read_table(path)
        if not {"id", "parent_id"} <= set(table.columns):
            continue
        context = ReadContext(path, table, None, None)
        parents = dict(zip(table["id"].str.strip(), table["parent_id"].str.strip()))
        names = dict(zip(table["id"].str.strip(), context.localised("name")))
        for taxonomy_id in parents:
            root, depth = taxonomy_id, 0
            while parents.get(root) and depth < 5:  # Decidim nests three levels at most
                root, depth = parents[root], depth + 1
            if root != taxonomy_id and TERRITORIAL_ROOT.search(names.get(root, "")):
                found.append(taxonomy_id)
    return found


def read_proposals(context: ReadContext, batch: Batch) -> None:
    ids = context.ids(batch)
    hosts = context.hosts
    author_ids = context.first_of_list("author/id").str.lstrip("'")
    author_urls = context.first_of_list("author/url")
    read = per_distinct(author_urls, lambda urls: pd.DataFrame({
        "nickname": urls.str.extract(r"/profiles/([^/?#\s]+)", expand=False),
        "meeting": urls.str.extract(r"/meetings/(\d+)", expand=False),
        "root": urls.str.match(r"^https?://[^/]+/?$"),
    }))
    nickname, url_meeting, is_root = read["nickname"], read["meeting"], read["root"]
    meeting_urls = context.text("meeting_urls")
    linked = meeting_urls[meeting_urls != ""].str.findall(r"/meetings/(\d+)").explode()
    linked_meeting = linked.groupby(level=0).first().reindex(ids.index)
    # Up to 0.27 a proposal made in a meeting names the site root as its author's url, the
    # meeting's id as its author id, and links that meeting.
    author_is_linked = (linked == author_ids.reindex(linked.index)).groupby(level=0).any()
    meeting_as_root = is_root & (author_ids != "") & author_is_linked.reindex(ids.index, fill_value=False)
    created_in_meeting = context.flag("created_in_meeting")

    groups = group_nicknames(context.path.parent)
    nick_lower = nickname.fillna("").str.lower()
    # A group's profile url shared by several member ids is a user group even without a list.
    ids_per_nickname = pd.DataFrame({"n": nick_lower, "a": author_ids}).groupby("n")["a"].transform("nunique")
    is_group = nickname.notna() & (nick_lower.isin(list(groups)) | (ids_per_nickname > 1))

    has_authors = context.has("author/url") or context.has("author/id")
    origin = pd.Series(np.select(
        [
            created_in_meeting | url_meeting.notna() | meeting_as_root,
            is_group,
            nickname.notna() | ((author_urls == "") & (author_ids != "")),
            is_root,
        ],
        ["meeting", "user_group", "participant", "official"],
        default="",
    ), index=ids.index).where(lambda s: s != "", None)
    if not has_authors:
        batch.warn("decidim_no_proposal_authors")
    meeting_ref = url_meeting.fillna(author_ids.where(meeting_as_root)).fillna(linked_meeting)
    meeting_id = (PLATFORM + "|" + hosts + "|meeting|" + meeting_ref).where(origin == "meeting", None)
    person_id = person_keys(PLATFORM, hosts, author_ids).where(
        origin.isin(["participant", "user_group"]), None)
    group_id = group_keys(nick_lower.map(groups).astype(object).fillna("")).where(is_group, None)

    state, answered_at = proposal_states(context, batch)
    is_amendment = context.flag("is_amend")
    created_at = context.timestamps("created_at")
    published_at = context.timestamps("published_at")
    created_at = created_at.fillna(published_at)
    votes = context.numbers("votes") if context.has("votes") else context.numbers("supports")
    latitude, longitude = context.numbers("latitude"), context.numbers("longitude")
    scope = context.scope_names()
    proposal_id = content_ids(PLATFORM + "|" + hosts + "|proposal|", ids)
    channel = np.where(origin == "meeting", "in_person", "online")
    status = np.where(state == "withdrawn", "withdrawn", "published")

    batch.tables["proposals"] = pd.DataFrame({
        "proposal_id": proposal_id,
        "person_id": person_id,
        "origin": origin,
        "channel": channel,
        "state": state,
        "is_amendment": is_amendment,
        "created_at": created_at,
        "published_at": published_at,
        "answered_at": answered_at,
        "meeting_id": meeting_id,
        "latitude": latitude,
        "longitude": longitude,
        "scope_name": scope,
        "votes_digital": votes.astype("Int64"),
        "votes_paper": pd.Series(pd.NA, index=ids.index, dtype="Int64"),
        "status": status,
        "platform": PLATFORM,
        "space_id": context.space_ids(),
    })
    batch.tables["contributions"] = pd.DataFrame({
        "contribution_id": proposal_id,
        "kind": np.where(is_amendment, "amendment", "proposal"),
        "person_id": person_id,
        "author_kind": origin,
        "user_group_id": group_id,
        "channel": channel,
        "created_at": created_at,
        "status": status,
        "moderated_at": pd.Series(pd.NaT, index=ids.index, dtype="datetime64[ns]"),
        "is_free_text": True,
        "latitude": latitude,
        "longitude": longitude,
        "scope_name": scope,
        "meeting_id": meeting_id,
        "platform": PLATFORM,
        "space_id": context.space_ids(),
    })
    batch.tables["identities"] = coauthor_identities(context, hosts, groups)


def coauthor_identities(context: ReadContext, hosts: pd.Series, groups: dict) -> pd.DataFrame:
    """Identities of every co-author; a profile nickname pairs with the id in the same place."""
    if not context.has("author/id"):
        return pd.DataFrame()
    ids, urls = context.text("author/id"), context.text("author/url")
    # Most proposals have one author: only the co-authored ones are split into lists.
    listed = ids.str.contains(",", regex=False) | urls.str.contains(",", regex=False)
    single = pd.DataFrame({"host": hosts[~listed], "id": ids[~listed], "url": urls[~listed]})
    authors = pd.DataFrame({
        "host": hosts[listed],
        "id": ids[listed].str.split(r"\s*,\s*"),
        "url": urls[listed].str.split(r"\s*,\s*"),
    })
    same_length = authors["id"].str.len() == authors["url"].str.len()
    paired = pd.concat([single, authors[same_length].explode(["id", "url"])]).sort_index(kind="stable")
    alone = authors[~same_length].drop(columns="url").explode("id").assign(url="")
    authors = pd.concat([paired, alone], ignore_index=True).fillna("")
    authors["id"] = per_distinct(authors["id"], lambda cells: cells.str.strip().str.lstrip("'"))
    nickname = per_distinct(authors["url"], lambda cells: cells.str.extract(r"/profiles/([^/?#\s]+)", expand=False))
    lower = nickname.fillna("").str.lower()
    is_profile = nickname.notna() & ~lower.isin(list(groups))
    # A profile url shared by several ids is a group's: its nickname names none of them.
    ids_per_profile = pd.DataFrame({"n": lower, "id": authors["id"]}).drop_duplicates()["n"].value_counts()
    shared = lower.map(ids_per_profile) > 1
    authors = authors[is_profile | (authors["url"] == "")]
    nickname = nickname[authors.index].where(~shared[authors.index], None)
    return identity_rows(authors["host"], authors["id"], nickname)


def proposal_states(context: ReadContext, batch: Batch) -> tuple[pd.Series, pd.Series]:
    """State (submitted, evaluating, accepted, rejected, withdrawn) and when it was answered."""
    index = context.frame.index
    withdrawn = context.flag("withdrawn") | (context.text("withdrawn_at") != "")
    if not context.has("state"):
        batch.warn("decidim_no_state")
        state = pd.Series(None, index=index, dtype=object).where(~withdrawn, "withdrawn")
        return state, pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    raw = context.text("state").str.lower()
    state = raw.map(STATES)
    unknown = state.isna()
    if unknown.any():
        batch.warn("decidim_custom_states", n=int(unknown.sum()),
                   names=sorted(raw[unknown].unique())[:5])
        state = state.fillna("evaluating")
    state = state.where(~withdrawn, "withdrawn")
    answered = context.timestamps("state_published_at").fillna(context.timestamps("answered_at"))
    answered = answered.where(state.isin(["accepted", "rejected", "evaluating", "withdrawn"]))
    return state, answered


def comments_entity(frame: pd.DataFrame, entity: str) -> str:
    """`proposal_comments`, `debate_comments`...: what the comments of a generic file are on."""
    if entity != "comments" or frame.empty:
        return entity
    sample = frame.head(5000)  # the majority of a sample names what a whole file comments on
    segment = sample.get("root_commentable_url", pd.Series(dtype=object)).str.extract(
        r"/([a-z_]+)/\d+/?(?:[?#].*)?$", expand=False
    ).dropna()
    if len(segment):
        plural = segment.value_counts().index[0]
        return f"{plural.removesuffix('s')}_comments"
    kinds = sample["commentable_type"].map(RESOURCE_KINDS).dropna()
    kinds = kinds[kinds != "comment"]
    return f"{kinds.value_counts().index[0]}_comments" if len(kinds) else entity


def read_comments(context: ReadContext, batch: Batch) -> None:
    ids = context.ids(batch)
    hosts = context.hosts
    author_ids = context.text("author/id").str.lstrip("'")
    group_ids = context.text("user_group/id").str.lstrip("'")
    person_id = person_keys(PLATFORM, hosts, author_ids)
    author_kind = np.select(
        [author_ids == "", group_ids != ""], ["anonymous", "user_group"], default="participant"
    )
    anonymous = int((author_ids == "").sum())
    if anonymous:
        batch.warn("decidim_anonymous_comments", n=anonymous)
    empty = pd.Series(index=ids.index, dtype="float64")
    batch.tables["contributions"] = pd.DataFrame({
        "contribution_id": content_ids(PLATFORM + "|" + hosts + "|comment|", ids),
        "kind": "comment",
        "person_id": person_id,
        "author_kind": author_kind,
        "user_group_id": group_keys(group_ids),
        "channel": "online",
        "created_at": context.timestamps("created_at"),
        "status": "published",
        "moderated_at": pd.Series(pd.NaT, index=ids.index, dtype="datetime64[ns]"),
        "is_free_text": True,
        "latitude": empty,
        "longitude": empty,
        "scope_name": pd.Series(None, index=ids.index, dtype=object),
        "meeting_id": pd.Series(None, index=ids.index, dtype=object),
        "platform": PLATFORM,
    })
    batch.tables["identities"] = identity_rows(hosts, author_ids, persons=person_id)


def read_debates(context: ReadContext, batch: Batch) -> None:
    ids = context.ids(batch)
    hosts = context.hosts
    author_ids = context.text("author/id").fillna("")
    if context.has("author_id"):
        author_ids = author_ids.where(author_ids != "", context.text("author_id"))
    author_ids = author_ids.str.lstrip("'")
    author_urls = context.text("author/url")
    nickname = author_urls.str.extract(r"/profiles/([^/?#\s]+)", expand=False)
    is_root = author_urls.str.match(r"^https?://[^/]+/?$")
    if context.has("author/url"):
        # 0.27+: the organisation's debates name the site root; an empty author was deleted.
        author_kind = np.select([is_root, author_ids != ""], ["official", "participant"], "anonymous")
    elif context.has("author_id"):
        # Early layouts leave official debates without an author.
        author_kind = np.where(author_ids != "", "participant", "official")
    else:
        author_kind = np.full(len(ids), None, dtype=object)
        batch.warn("decidim_no_debate_authors")
    author_kind = pd.Series(author_kind, index=ids.index)
    person_id = person_keys(PLATFORM, hosts, author_ids).where(author_kind == "participant", None)
    created_at = context.timestamps("created_at").fillna(context.timestamps("start_time"))
    empty = pd.Series(index=ids.index, dtype="float64")
    batch.tables["contributions"] = pd.DataFrame({
        "contribution_id": content_ids(PLATFORM + "|" + hosts + "|debate|", ids),
        "kind": "debate",
        "person_id": person_id,
        "author_kind": author_kind,
        "user_group_id": pd.Series(None, index=ids.index, dtype=object),
        "channel": "online",
        "created_at": created_at,
        "status": "published",
        "moderated_at": pd.Series(pd.NaT, index=ids.index, dtype="datetime64[ns]"),
        "is_free_text": True,
        "latitude": empty,
        "longitude": empty,
        "scope_name": context.scope_names(),
        "meeting_id": pd.Series(None, index=ids.index, dtype=object),
        "platform": PLATFORM,
    })
    participant = author_kind == "participant"
    batch.tables["identities"] = identity_rows(
        hosts[participant], author_ids[participant], nickname[participant]
    )


def read_meetings(context: ReadContext, batch: Batch) -> None:
    ids = context.ids(batch)
    withdrawn = context.flag("withdrawn") | (context.text("withdrawn_at") != "")
    unpublished = context.text("published").str.lower() == "false"
    batch.skip("meeting_withdrawn", int(withdrawn.sum()))
    batch.skip("meeting_unpublished", int((unpublished & ~withdrawn).sum()))
    hosts = context.hosts
    address = context.text("address")
    place = address.where(address != "", context.localised("location"))
    declared = context.text("type_of_meeting").str.lower().map(MEETING_TYPES)
    # Before 0.28 the type is not exported: a meeting with an address met somewhere.
    meeting_type = declared.where(declared.notna(), np.where(place != "", "in_person", None))
    attendees = context.numbers("attendees")
    contributions = context.numbers("contributions")
    closed = context.text("closed_at") != ""
    if not context.has("closed_at"):
        # 0.27 exports 0 for meetings that nobody closed: an unreported count is unknown.
        closed = (attendees > 0) | (contributions > 0) | (context.text("organizations") != "")
    meetings = pd.DataFrame({
        "meeting_id": PLATFORM + "|" + hosts + "|meeting|" + ids,
        "title": context.localised("title"),
        "meeting_type": meeting_type,
        "start_at": context.timestamps("start_time"),
        "end_at": context.timestamps("end_time"),
        "latitude": context.numbers("latitude"),
        "longitude": context.numbers("longitude"),
        "scope_name": context.scope_names(),
        "place": place.where(place != "", None),
        "headcount": attendees.where(closed).astype("Int64"),
        "contributions_count": contributions.where(closed).astype("Int64"),
        "platform": PLATFORM,
        "space_id": context.space_ids(),
    })
    batch.tables["meetings"] = meetings[~withdrawn & ~unpublished]


def read_moderations(context: ReadContext, batch: Batch) -> None:
    ids = context.ids(batch)
    hosts = context.hosts
    types = context.text("reportable_type")
    kinds = types.map(RESOURCE_KINDS).fillna(
        types.str.split("::").str[-1].fillna("").str.replace(r"(?<!^)(?=[A-Z])", "_", regex=True).str.lower()
    )
    reportable_ids = context.text("reportable_id").str.lstrip("'")
    missing = (reportable_ids == "") | (kinds == "")
    batch.skip("moderation_no_item", int(missing.sum()))
    batch.tables["moderations"] = pd.DataFrame({
        "item_id": content_ids(PLATFORM + "|" + hosts + "|" + kinds + "|", reportable_ids),
        "item_kind": kinds,
        "first_reported_at": pd.Series(pd.NaT, index=ids.index, dtype="datetime64[ns]"),
        "hidden_at": context.timestamps("hidden_at"),
        "report_count": context.numbers("report_count").astype("Int64"),
    })[~missing]
    batch.moderation_measurable = True


def read_users(context: ReadContext, batch: Batch) -> None:
    ids = context.ids(batch)
    hosts = context.hosts
    memberships = context.text("groups/id").str.split(r"\s*,\s*").explode().str.strip()
    memberships = group_keys(memberships.fillna("")).dropna()
    groups = memberships.groupby(level=0).agg(list).reindex(ids.index)
    groups = groups.map(lambda found: found if isinstance(found, list) else [])
    batch.tables["persons"] = pd.DataFrame({
        "person_id": person_keys(PLATFORM, hosts, ids),
        "platform": PLATFORM,
        "host": hosts,
        "person_kind": "citizen",
        "profile_postcode": pd.Series(None, index=ids.index, dtype=object),
        "user_group_ids": groups,
    })
    batch.tables["identities"] = identity_rows(hosts, ids, context.text("nickname"))


def read_user_groups(context: ReadContext, batch: Batch) -> None:
    ids = context.ids(batch)
    hosts = context.hosts
    group_id = group_keys(ids)
    accounts = pd.DataFrame({
        "person_id": person_keys(PLATFORM, hosts, ids),
        "platform": PLATFORM,
        "host": hosts,
        "person_kind": "user_group",
        "profile_postcode": None,
        "user_group_ids": group_id.map(lambda g: [g]),
    })
    # Members carry the group as a circle signal even when users.csv is not imported.
    members = pd.DataFrame({
        "host": hosts,
        "member": context.text("members/id").str.split(r"\s*,\s*"),
        "group": group_id,
    }).explode("member").fillna("")
    members["member"] = members["member"].str.strip()
    members = members[members["member"] != ""]
    member_rows = pd.DataFrame({
        "person_id": person_keys(PLATFORM, members["host"], members["member"]),
        "platform": PLATFORM,
        "host": members["host"],
        "person_kind": "citizen",
        "profile_postcode": None,
        "user_group_ids": members["group"].map(lambda g: [g]),
    })
    batch.tables["persons"] = pd.concat([accounts, member_rows], ignore_index=True)
    batch.tables["identities"] = pd.concat([
        identity_rows(hosts, ids, context.text("nickname")),
        identity_rows(members["host"], members["member"]),
    ], ignore_index=True)
