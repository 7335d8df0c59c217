"""The demo campaign written as genuine export files: a Decidim 0.30 open-data zip (Ruby CSV
flattening as in `Decidim::Exporters::CSV`: nested keys joined with `/`, one column per
locale, lists joined with ", ", union of keys in first-seen order), a campaign roster and the
in-person sheets."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.demo.campaign import (
    MEETING_ANNOUNCED,
    PHASES,
    SIGNAL_GROUP,
    THEMES,
    USER_GROUPS,
    DemoCampaign,
)
from dashboard.demo.city import (
    CITY,
    DISTRICTS,
    GEO_DIR,
    POSTCODE_FILE,
    TERRITORY_FILE,
    city_districts,
    postcode_table,
    territory_geojson,
)
from dashboard.demo.previous import (
    CAMPAIGNS,
    PREVIOUS_SPACE_SLUG,
    PreviousCampaign,
    campagnes_sheet,
)
from dashboard.importers.common import PARIS

HOST = "participer.bellerive-en-commun.fr"
ORGANIZATION = "Bellerive en Commun"
ORGANIZATION_ID = 1
SPACE_SLUG = "programme-2026"
LOCALES = ("fr", "en")  # the instance's available locales (answers list every one)
ZIP_DATE = (2026, 2, 23, 5, 12, 8)  # fixed zip entry dates keep the files byte-identical
PROPOSALS_COMPONENT, MEETINGS_COMPONENT, DEBATES_COMPONENT = 13, 14, 15
PREVIOUS_COMPONENT = 5  # the proposals of the 2020 process
# How the team writes a paper proposal's answer in the etat column.
SHEET_STATES = {"accepted": "retenue", "rejected": "écartée", "evaluating": "à l'étude"}

# Writing the files --------------------------------------------------------------------


def _url(*parts) -> str:
    return f"https://{HOST}/" + "/".join(str(p) for p in parts)


def proposal_url(proposal_id) -> str:
    return _url("processes", SPACE_SLUG, "f", PROPOSALS_COMPONENT, "proposals", proposal_id)


def meeting_url(meeting_id) -> str:
    return _url("processes", SPACE_SLUG, "f", MEETINGS_COMPONENT, "meetings", meeting_id)


def debate_url(debate_id) -> str:
    return _url("processes", SPACE_SLUG, "f", DEBATES_COMPONENT, "debates", debate_id)


def profile_url(nickname) -> str:
    return _url("profiles", nickname)


def _stamp(value) -> str | None:
    """A Rails TimeWithZone as Ruby's CSV writes it: '2026-03-16 07:18:14 UTC'."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M:%S UTC")


def _translated(text, locales=("fr",)) -> dict:
    return {locale: (text if locale == "fr" else "") for locale in locales}


def _flatten(value, key=None) -> dict:
    """Decidim::Exporters::CSV#flatten: nested hashes become 'a/b' keys, arrays ', '."""
    if isinstance(value, dict):
        flat = {}
        for sub, inner in value.items():
            flat.update(_flatten(inner, f"{key}/{sub}" if key else str(sub)))
        return flat
    if isinstance(value, list):
        return {key: ", ".join(_ruby_str(v) for v in value if v is not None)}
    return {key: value}


def _ruby_str(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, np.integer):
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return _stamp(value)
    return str(value)


def _ruby_cell(value) -> str:
    """One cell as Ruby's CSV writes it: nil empty, "" quoted, quotes when needed."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = _ruby_str(value)
    if text == "" or any(c in text for c in ';"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def decidim_csv(records: list[dict]) -> bytes:
    """Serialized hashes as Decidim's open-data CSV: `;`, union of keys in first-seen order."""
    rows = [_flatten(record) for record in records]
    headers = list(dict.fromkeys(key for row in rows for key in row))
    lines = [";".join(_ruby_cell(h) for h in headers)]
    lines += [";".join(_ruby_cell(row.get(h)) for h in headers) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


DISTRICT_ROOT, THEME_ROOT = 100, 200  # taxonomy ids: 101.. districts, 201.. themes
TAXONOMIES_CREATED = pd.Timestamp("2025-09-22 08:40:11")


def district_taxonomy(district_id) -> int:
    return DISTRICT_ROOT + int(str(district_id)[1:])


def theme_taxonomy(theme) -> int:
    return THEME_ROOT + 1 + list(THEMES).index(theme)


def _taxonomies(district_id=None, theme=None, theme_first=False) -> dict:
    """0.30 taxonomies: {ids: [..], <taxonomy id>: {locale: name}}, in tagging order."""
    tags = []
    if district_id is not None and not pd.isna(district_id):
        name = DISTRICTS.set_index("district_id").at[district_id, "name"]
        tags.append((district_taxonomy(district_id), name))
    if theme is not None and not pd.isna(theme):
        tags.insert(0 if theme_first else len(tags), (theme_taxonomy(theme), theme))
    return {"ids": [t for t, _ in tags], **{t: _translated(name) for t, name in tags}}


def taxonomy_records(used: list[dict]) -> list[dict]:
    """`OpenDataTaxonomySerializer#serialize`: the two roots, their districts and themes;
    `used` are the serialized resources, for the taxonomization counts."""
    counts = pd.Series([t for record in used for t in record["taxonomies"]["ids"]]).value_counts()
    trees = (
        (
            DISTRICT_ROOT,
            "Quartiers",
            [
                (district_taxonomy(d), n)
                for d, n in zip(DISTRICTS["district_id"], DISTRICTS["name"])
            ],
        ),
        (THEME_ROOT, "Thèmes", [(theme_taxonomy(t), t) for t in THEMES]),
    )
    records = []
    for root, root_name, children in trees:
        nodes = [(root, root_name, None, 0, len(children))]
        nodes += [(tid, name, root, weight, 0) for weight, (tid, name) in enumerate(children)]
        for tid, name, parent, weight, children_count in nodes:
            records.append(
                {
                    "id": tid,
                    "name": _translated(name, LOCALES),
                    "parent_id": parent,
                    "weight": weight,
                    "children_count": children_count,
                    "taxonomizations_count": int(counts.get(tid, 0)),
                    "created_at": _stamp(TAXONOMIES_CREATED),
                    "updated_at": _stamp(TAXONOMIES_CREATED),
                    "filters_count": 1 if parent is None else 0,
                    "filter_items_count": 0 if parent is None else 1,
                    "part_of": [tid] if parent is None else [tid, parent],
                    "is_root": parent is None,
                }
            )
    return records


def proposal_records(campaign: DemoCampaign) -> list[dict]:
    """`OpenData`/`ProposalSerializer#serialize` (0.30) for every platform proposal."""
    user_id, name, nickname = (
        campaign.people[c].to_dict() for c in ("user_id", "name", "nickname")
    )
    meetings = campaign.meetings.set_index("number")
    proposals = campaign.proposals[campaign.proposals["decidim_id"].notna()]
    title_of = proposals.set_index("decidim_id")["title"]
    comment_counts = campaign.comments[~campaign.comments["moderated"]][
        "proposal_id"
    ].value_counts()
    participants = campaign.people.index[campaign.people["kind"] == "online"]
    rng = np.random.default_rng(campaign.seed + 1)
    records = []
    for p in proposals.itertuples():
        if p.origin == "official":
            author = {"id": [ORGANIZATION_ID], "name": [ORGANIZATION], "url": [_url("")]}
        elif p.origin == "meeting":
            meeting = meetings.loc[p.meeting]
            author = {
                "id": [int(meeting.decidim_id)],
                "name": [meeting.title],
                "url": [meeting_url(meeting.decidim_id)],
            }
        else:
            authors = [p.person] + ([p.coauthor] if pd.notna(p.coauthor) else [])
            author = {
                "id": [int(user_id[a]) for a in authors],
                "name": [name[a] for a in authors],
                "url": [profile_url(nickname[a]) for a in authors],
            }
        endorsers = rng.choice(participants, size=int(rng.poisson(1.2)), replace=False)
        answer = (
            ""
            if not p.state or p.state == "evaluating" or p.is_amendment
            else (
                "Merci : cette proposition nourrit le programme."
                if p.state == "accepted"
                else "Merci : cette proposition n'a pas été retenue à ce stade."
            )
        )
        created = p.created_at.floor("s")
        records.append(
            {
                "id": int(p.decidim_id),
                "author": author,
                "taxonomies": _taxonomies(
                    p.district_id if pd.notna(p.scope) else None,
                    p.theme if rng.random() < 0.7 else None,
                    theme_first=rng.random() < 0.5,
                ),
                "participatory_space": {"id": 7, "url": _url("processes", SPACE_SLUG)},
                "component": {"id": PROPOSALS_COMPONENT},
                "title": _translated(p.title),
                "body": _translated(f"{p.title}. Proposition pour le thème {p.theme.lower()}."),
                "address": p.address,
                "latitude": None if pd.isna(p.latitude) else float(p.latitude),
                "longitude": None if pd.isna(p.longitude) else float(p.longitude),
                "state": p.state,
                "state_published_at": _stamp(p.answered_at),
                "reference": f"BEC-PROP-{created:%Y-%m}-{int(p.decidim_id)}",
                "answer": _translated(answer, LOCALES),
                "answered_at": _stamp(p.answered_at),
                "votes": int(rng.poisson(6 if p.origin == "meeting" else 4)),
                "endorsements": {
                    "total_count": len(endorsers),
                    "user_endorsements": [name[e] for e in endorsers],
                },
                "comments": int(comment_counts.get(p.decidim_id, 0)),
                "attachments": 0,
                "follows_count": int(1 + rng.poisson(2)),
                "published_at": _stamp(p.published_at),
                "url": proposal_url(int(p.decidim_id)),
                "meeting_urls": [meeting_url(meetings.loc[p.meeting, "decidim_id"])]
                if p.origin == "meeting"
                else [],
                "related_proposals": [],
                "is_amend": bool(p.is_amendment),
                "original_proposal": {
                    "title": _translated(title_of[p.amends_id]) if p.is_amendment else None,
                    "url": proposal_url(int(p.amends_id)) if p.is_amendment else None,
                },
                "withdrawn": bool(p.withdrawn),
                "withdrawn_at": _stamp(p.withdrawn_at),
                "created_at": _stamp(created),
                "updated_at": _stamp(
                    max(created, p.answered_at) if pd.notna(p.answered_at) else p.published_at
                ),
                "created_in_meeting": p.origin == "meeting",
                "coauthorships_count": len(author["id"]),
                "cost": None,
                "cost_report": None,
                "execution_period": None,
            }
        )
    return records


COMMENTABLES = {  # comments file -> (column, commented class, url of the commented page)
    "proposals": ("proposal_id", "Decidim::Proposals::Proposal", proposal_url),
    "meetings": ("meeting_id", "Decidim::Meetings::Meeting", meeting_url),
    "debates": ("debate_id", "Decidim::Debates::Debate", debate_url),
}


def comment_records(campaign: DemoCampaign, on: str) -> list[dict]:
    """`CommentSerializer#serialize` for the visible comments on proposals, meetings or
    debates. Hidden comments are not there, as in Decidim: only in moderations.csv."""
    user_id, name = campaign.people["user_id"].to_dict(), campaign.people["name"].to_dict()
    column, commentable_type, url_of = COMMENTABLES[on]
    shown = campaign.comments[campaign.comments[column].notna() & ~campaign.comments["moderated"]]
    groups = {gid: group_name for gid, group_name, _ in USER_GROUPS}
    records = []
    for c in shown.itertuples():
        target = int(getattr(c, column))
        group = {"id": None, "name": _translated("", LOCALES)}
        if pd.notna(c.user_group_id):  # a group's name is a plain string, not translated
            group = {"id": int(c.user_group_id), "name": groups[int(c.user_group_id)]}
        records.append(
            {
                "id": int(c.comment_id),
                "created_at": _stamp(c.created_at.floor("s")),
                "body": c.body,
                "locale": "fr",
                "author": {"id": int(user_id[c.person]), "name": name[c.person]},
                "alignment": int(c.alignment),
                "depth": int(c.depth),
                "user_group": group,
                "commentable_id": target,
                "commentable_type": commentable_type,
                "root_commentable_url": url_of(target),
            }
        )
    return records


def debate_records(campaign: DemoCampaign) -> list[dict]:
    """`DebateSerializer#serialize` (0.30): author, taxonomies, last commenter."""
    user_id, name, nickname = (
        campaign.people[c].to_dict() for c in ("user_id", "name", "nickname")
    )
    visible = campaign.comments[
        ~campaign.comments["moderated"] & campaign.comments["debate_id"].notna()
    ]
    rng = np.random.default_rng(campaign.seed + 2)
    records = []
    for d in campaign.debates.itertuples():
        said = visible[visible["debate_id"] == d.debate_id].sort_values("created_at")
        if pd.isna(d.person):
            author = {"id": ORGANIZATION_ID, "name": ORGANIZATION, "url": _url("")}
        else:
            author = {
                "id": int(user_id[d.person]),
                "name": name[d.person],
                "url": profile_url(nickname[d.person]),
            }
        last = {}
        if len(said):
            who = said["person"].iloc[-1]
            last = {"id": int(user_id[who]), "name": name[who], "url": profile_url(nickname[who])}
        records.append(
            {
                "id": int(d.debate_id),
                "author": author,
                "title": _translated(d.title),
                "description": _translated(f"{d.title} Donnez votre avis et vos arguments."),
                "instructions": _translated(""),
                "start_time": None,
                "end_time": None,
                "information_updates": _translated(""),
                "taxonomies": _taxonomies(d.district_id),
                "participatory_space": {"id": 7, "url": _url("processes", SPACE_SLUG)},
                "component": {"id": DEBATES_COMPONENT},
                "reference": f"BEC-DEBA-{d.created_at:%Y-%m}-{int(d.debate_id)}",
                "comments": len(said),
                "follows_count": int(1 + rng.poisson(3)),
                "url": debate_url(int(d.debate_id)),
                "last_comment_at": _stamp(said["created_at"].iloc[-1].floor("s"))
                if len(said)
                else None,
                "last_comment_by": last,
                "comments_enabled": True,
                "created_at": _stamp(d.created_at),
                "updated_at": _stamp(d.created_at + pd.Timedelta(minutes=3)),
                "endorsements_count": int(rng.poisson(2)),
            }
        )
    return records


def meeting_records(campaign: DemoCampaign) -> list[dict]:
    """`MeetingSerializer#serialize` (0.30) for the workshops published on Decidim."""
    proposals = campaign.proposals
    comment_counts = campaign.comments["meeting_id"].value_counts()
    records = []
    for m in campaign.meetings[campaign.meetings["on_decidim"]].itertuples():
        made_here = proposals[
            (proposals["meeting"] == m.number) & (proposals["origin"] == "meeting")
        ]
        created = m.start_at - MEETING_ANNOUNCED
        records.append(
            {
                "id": int(m.decidim_id),
                "author": {"id": ORGANIZATION_ID, "name": ORGANIZATION, "url": _url("")},
                "participatory_space": {"id": 7, "url": _url("processes", SPACE_SLUG)},
                "taxonomies": _taxonomies(m.district_id, m.theme),
                "component": {"id": MEETINGS_COMPONENT},
                "title": _translated(m.title),
                "description": _translated(
                    f"Atelier ouvert à toutes et tous sur le thème {m.theme.lower()}."
                ),
                "start_time": _stamp(m.start_at),
                "end_time": _stamp(m.end_at),
                "attendees": int(m.headcount),
                "contributions": len(made_here),
                "organizations": "Comité de quartier, associations de parents d'élèves",
                "address": f"{m.place}, {CITY}",
                "location": _translated(m.place),
                "reference": f"BEC-MEET-{m.start_at:%Y-%m}-{int(m.decidim_id)}",
                "attachments": 0,
                "url": meeting_url(int(m.decidim_id)),
                "related_proposals": [proposal_url(int(i)) for i in made_here["decidim_id"]],
                "related_results": [],
                "published": True,
                "withdrawn": False,
                "withdrawn_at": None,
                "location_hints": _translated("Entrée accessible en fauteuil"),
                "created_at": _stamp(created),
                "updated_at": _stamp(m.end_at + pd.Timedelta(days=9)),
                "latitude": float(m.latitude),
                "longitude": float(m.longitude),
                "follows_count": int(m.headcount // 6),
                "private_meeting": False,
                "transparent": True,
                "registration_form_enabled": False,
                "comments": {
                    "start_time": None,
                    "end_time": None,
                    "enabled": True,
                    "count": int(comment_counts.get(m.decidim_id, 0)),
                },
                "online_meeting_url": "",
                "closing_visible": True,
                "closing_report": _translated(
                    f"{int(m.headcount)} personnes, {len(made_here)} propositions recueillies."
                ),
                "attending_organizations": "Comité de quartier, associations de parents d'élèves",
                "registration_url": "",
                "decidim_user_group_id": None,
                "decidim_author_type": "Decidim::Organization",
                "video_url": None,
                "audio_url": None,
                "closed_at": _stamp(m.end_at + pd.Timedelta(days=2)),
                "registration_terms": _translated(""),
                "available_slots": 0,
                "registrations_enabled": False,
                "customize_registration_email": False,
                "type_of_meeting": "in_person",
                "iframe_access_level": "all",
                "iframe_embed_type": "none",
                "reserved_slots": 0,
                "registration_type": "on_this_platform",
            }
        )
    return records


def moderation_records(campaign: DemoCampaign) -> list[dict]:
    """`OpenDataModerationSerializer#serialize`: the hidden comments."""
    hidden = campaign.comments[campaign.comments["moderated"]]
    reasons = ("offensive", "spam", "does_not_belong")
    records = []
    for number, c in enumerate(hidden.itertuples(), start=1):
        count = int(c.report_count)
        reason = reasons[number % len(reasons)]
        records.append(
            {
                "id": number,
                "hidden_at": _stamp(c.hidden_at),
                "report_count": count,
                "reported_url": proposal_url(int(c.proposal_id))
                + f"?commentId={int(c.comment_id)}#comment_{int(c.comment_id)}",
                "reportable_type": "Decidim::Comments::Comment",
                "reportable_id": int(c.comment_id),
                "reported_content": c.body,
                "reports": {
                    "reasons": [reason] * count,
                    "locale": ["fr"] * count,
                    "details": [""] * count,
                },
            }
        )
    return records


def user_records(campaign: DemoCampaign) -> list[dict]:
    """`OpenDataUserSerializer#serialize` for every Decidim account."""
    groups = {gid: name for gid, name, _ in USER_GROUPS}
    users = campaign.people[campaign.people["has_account"]].sort_values("user_id")
    return [
        {
            "id": int(u.user_id),
            "name": u.name,
            "nickname": u.nickname,
            "about": "",
            "avatar_url": "",
            "profile_url": profile_url(u.nickname),
            "direct_messages_enabled": True,
            "deleted": False,
            "badge": "",
            "groups": {
                "id": [int(u.group_id)] if pd.notna(u.group_id) else [],
                "name": [groups[int(u.group_id)]] if pd.notna(u.group_id) else [],
            },
        }
        for u in users.itertuples()
    ]


def previous_proposal_records(previous: PreviousCampaign) -> list[dict]:
    """The 2020 campaign's proposals, as the same serializer writes them: its own process."""
    authors = previous.people
    space = {"id": int(CAMPAIGNS.at[0, "space_id"]), "url": _url("processes", PREVIOUS_SPACE_SLUG)}
    records = []
    for p in previous.proposals.itertuples():
        author = authors.loc[p.author]
        created = p.created_at.floor("s")
        url = _url("processes", PREVIOUS_SPACE_SLUG, "f", PREVIOUS_COMPONENT, "proposals", p.decidim_id)
        answer = (
            "Merci : cette proposition nourrit le programme."
            if p.state == "accepted"
            else "Merci : cette proposition n'a pas été retenue à ce stade."
        )
        records.append(
            {
                "id": int(p.decidim_id),
                "author": {
                    "id": [int(author.user_id)],
                    "name": [author["name"]],
                    "url": [profile_url(author.nickname)],
                },
                "taxonomies": _taxonomies(None, p.theme),
                "participatory_space": space,
                "component": {"id": PREVIOUS_COMPONENT},
                "title": _translated(p.title),
                "body": _translated(f"{p.title}. Proposition pour le thème {p.theme.lower()}."),
                "address": None,
                "latitude": None,
                "longitude": None,
                "state": p.state,
                "state_published_at": _stamp(p.answered_at),
                "reference": f"BEC-PROP-{created:%Y-%m}-{int(p.decidim_id)}",
                "answer": _translated(answer, LOCALES),
                "answered_at": _stamp(p.answered_at),
                "votes": 0,
                "endorsements": {"total_count": 0, "user_endorsements": []},
                "comments": 0,
                "attachments": 0,
                "follows_count": 1,
                "published_at": _stamp(created),
                "url": url,
                "meeting_urls": [],
                "related_proposals": [],
                "is_amend": False,
                "original_proposal": {"title": None, "url": None},
                "withdrawn": False,
                "withdrawn_at": None,
                "created_at": _stamp(created),
                "updated_at": _stamp(p.answered_at),
                "created_in_meeting": False,
                "coauthorships_count": 1,
                "cost": None,
                "cost_report": None,
                "execution_period": None,
            }
        )
    return records


def former_user_records(previous: PreviousCampaign) -> list[dict]:
    """Accounts of 2020 participants who did not come back (the others are listed already)."""
    former = previous.people[previous.people["person"].isna()]
    return [
        {
            "id": int(u.user_id),
            "name": u.name,
            "nickname": u.nickname,
            "about": "",
            "avatar_url": "",
            "profile_url": profile_url(u.nickname),
            "direct_messages_enabled": True,
            "deleted": False,
            "badge": "",
            "groups": {"id": [], "name": []},
        }
        for u in former.itertuples()
    ]


def user_group_records(campaign: DemoCampaign) -> list[dict]:
    """`OpenDataUserGroupSerializer#serialize`."""
    people = campaign.people
    records = []
    for gid, name, nickname in USER_GROUPS:
        in_group = people["group_id"].fillna(0).astype(int) == gid
        members = people[in_group & people["has_account"]].sort_values("user_id")
        records.append(
            {
                "id": gid,
                "name": name,
                "nickname": nickname,
                "avatar_url": "",
                "profile_url": profile_url(nickname),
                "deleted": False,
                "badge": "verified",
                "members_count": len(members),
                "members": {
                    "id": [int(i) for i in members["user_id"]],
                    "name": list(members["name"]),
                },
            }
        )
    return records


OPEN_DATA_ENTITIES = (
    "proposals",
    "proposal_comments",
    "meetings",
    "meeting_comments",
    "debates",
    "debate_comments",
    "moderations",
    "users",
    "user_groups",
    "taxonomies",
)


def open_data_zip(campaign: DemoCampaign, previous: PreviousCampaign | None = None) -> bytes:
    """The `<host>-open-data.zip` of /open-data/download, one CSV per entity (the previous
    campaign's process too, when given: open data covers the whole instance)."""
    tables = {
        "taxonomies": [],
        "proposals": proposal_records(campaign)
        + (previous_proposal_records(previous) if previous else []),
        "proposal_comments": comment_records(campaign, "proposals"),
        "meetings": meeting_records(campaign),
        "meeting_comments": comment_records(campaign, "meetings"),
        "debates": debate_records(campaign),
        "debate_comments": comment_records(campaign, "debates"),
        "moderations": moderation_records(campaign),
        "users": user_records(campaign) + (former_user_records(previous) if previous else []),
        "user_groups": user_group_records(campaign),
    }
    tagged = tables["proposals"] + tables["meetings"] + tables["debates"]
    tables["taxonomies"] = taxonomy_records(tagged)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entity in OPEN_DATA_ENTITIES:
            info = zipfile.ZipInfo(f"{HOST}-open-data-{entity}.csv", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, decidim_csv(tables[entity]))
    return buffer.getvalue()


# Members who bring people, as the team names them; who brought whom follows the person's
# number (no random draw, so the rest of the campaign stays as it was).
RELAY_LABELS = ("Amina", "Bruno", "Chloé", "Dylan", "Farid", "Inès", "R-07")
# The director's objectives for the vote (first round on 15 March 2026), typed as she would.
OBJECTIVES = pd.DataFrame(
    [
        ("participants", "300", "15/03/2026", ""),
        ("beyond_first_circle_share", "71 %", "15/03/2026", ""),
        ("in_person_share", "60 %", "15/03/2026", ""),
        ("median_days_to_answer", "14", "15/03/2026", ""),
        ("meetings", "12", "14/12/2025", ""),
        ("participants_per_1000:Q10", "4", "15/03/2026", "10/11/2025"),
    ],
    columns=["indicateur", "cible", "echeance", "debut"],
)


def relays_of(persons: pd.Series, every: int) -> pd.Series:
    """The relay through whom each person came: one person in `every` came by themselves."""
    number = persons.astype(int)
    label = number.map(lambda n: RELAY_LABELS[n % len(RELAY_LABELS)])
    return label.where(number % every != 0, "")


def _sheet(frame: pd.DataFrame, sep: str = ";") -> str:
    return frame.to_csv(sep=sep, index=False, lineterminator="\r\n")


def roster_csv(campaign: DemoCampaign) -> bytes:
    """The members file as a CRM export: comma-separated UTF-8; names are ignored by Cercles."""
    columns = [
        "nom",
        "prenom",
        "email",
        "circle",
        "postcode",
        "district",
        "platform",
        "platform_user",
    ]
    roster = campaign.roster.assign(
        relais=relays_of(campaign.roster["person"], every=4).where(
            campaign.roster["circle"] == "sympathisant", ""
        )
    )
    return _sheet(roster[[*columns, "relais"]], sep=",").encode("utf-8")


def sheets(campaign: DemoCampaign) -> dict[str, bytes]:
    """The in-person templates as volunteers fill them in French Excel (cp1252 for the
    typed-in paper proposals, UTF-8 with BOM elsewhere), plus phases and signals."""
    paper = campaign.meetings[~campaign.meetings["on_decidim"]]
    # the campaign's times are UTC; volunteers write the Paris clock
    start, end = (
        paper[c].dt.tz_localize("UTC").dt.tz_convert(PARIS) for c in ("start_at", "end_at")
    )
    reunions = pd.DataFrame(
        {
            "id_reunion": paper["sheet_id"],
            "date": start.dt.strftime("%d/%m/%Y"),
            "heure_debut": start.dt.strftime("%H:%M"),
            "heure_fin": end.dt.strftime("%H:%M"),
            "lieu": paper["place"],
            "quartier": paper["district_name"],
            "type": "présentiel",
            "participants": paper["headcount"],
        }
    )
    sheet_id = campaign.meetings.set_index("number")["sheet_id"]
    written = campaign.proposals[campaign.proposals["origin"] == "paper"]
    propositions = pd.DataFrame(
        {
            "id_reunion": written["meeting"].map(sheet_id),
            "titre": written["title"],
            "theme": written["theme"],
            "quartier": written["scope"].fillna(""),
            "date_saisie": written["typed_on"].dt.strftime("%d/%m/%Y").fillna(""),
            "etat": written["state"].map(SHEET_STATES).fillna(""),
            "date_reponse": written["answered_at"].dt.strftime("%d/%m/%Y").fillna(""),
        }
    )
    emargement = campaign.attendance.rename(
        columns={"sheet_id": "id_reunion", "identifier": "identifiant", "postcode": "code_postal"}
    )
    phases = pd.DataFrame(
        {
            "phase": PHASES["name"],
            "debut": pd.to_datetime(PHASES["starts_on"]).dt.strftime("%d/%m/%Y"),
            "fin": pd.to_datetime(PHASES["ends_on"]).dt.strftime("%d/%m/%Y"),
            "restreinte": PHASES["restricted"].map({True: "oui", False: "non"}),
        }
    )
    signaux = pd.DataFrame(
        {"plateforme": ["decidim"], "groupe": [str(SIGNAL_GROUP)], "cercle": ["2"]}
    )
    bom = "\ufeff"
    return {
        "reunions.csv": (bom + _sheet(reunions)).encode("utf-8"),
        "propositions_papier.csv": _sheet(propositions).encode("cp1252"),
        "emargement.csv": (
            bom
            + _sheet(
                emargement.assign(venu_par=relays_of(emargement["person"].fillna(0), every=3))[
                    ["id_reunion", "identifiant", "code_postal", "venu_par"]
                ]
            )
        ).encode("utf-8"),
        "objectifs.csv": (bom + _sheet(OBJECTIVES)).encode("utf-8"),
        "phases.csv": (bom + _sheet(phases)).encode("utf-8"),
        "signaux.csv": (bom + _sheet(signaux)).encode("utf-8"),
        "actions.csv": (bom + _sheet(actions_sheet(campaign.actions))).encode("utf-8"),
    }


def actions_sheet(actions: pd.DataFrame) -> pd.DataFrame:
    """The actions template as the team fills it (the boîtage located by its postcode)."""
    by_postcode = actions["place"].str.fullmatch(r"\d{5}")

    def count(values):
        return values.map(lambda v: "" if pd.isna(v) or v == 0 else str(int(v)))

    return pd.DataFrame(
        {
            "date": pd.to_datetime(actions["day"]).dt.strftime("%d/%m/%Y"),
            "type": actions["type"],
            "quartier": actions["place"].where(~by_postcode, ""),
            "code_postal": actions["place"].where(by_postcode, ""),
            "latitude": "",
            "longitude": "",
            "benevoles": count(actions["volunteers"]),
            "portes_frappees": count(actions["knocked"]),
            "portes_ouvertes": count(actions["opened"]),
            "conversations": count(actions["conversations"]),
            "contacts_recueillis": count(actions["contacts"]),
            "tracts": count(actions["leaflets"]),
            "equipe": actions["team"],
        }
    )


def write_campaign(
    campaign: DemoCampaign, folder: Path, previous: PreviousCampaign | None = None
) -> dict[str, Path]:
    """Write every file into folder; returns them by role (territory, postcodes, exports...).
    With the previous campaign, its proposals join the open data and a campagnes sheet
    tells the two apart."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    contents = {
        TERRITORY_FILE: territory_geojson(campaign.districts).encode("utf-8"),
        POSTCODE_FILE: postcode_table().encode("utf-8"),
        f"{HOST}-open-data.zip": open_data_zip(campaign, previous),
        "adherents.csv": roster_csv(campaign),
        **sheets(campaign),
    }
    if previous is not None:
        contents["campagnes.csv"] = ("\ufeff" + _sheet(campagnes_sheet(HOST))).encode("utf-8")
    written = {}
    for name, data in contents.items():
        path = folder / name
        path.write_bytes(data)
        written[name] = path
    return written


def write_geo_folder(folder: Path = GEO_DIR) -> None:
    """Refresh the territory shipped in geo/ (the city does not depend on the seed)."""
    districts = city_districts()
    (folder / TERRITORY_FILE).write_text(territory_geojson(districts), encoding="utf-8")
    (folder / POSTCODE_FILE).write_text(postcode_table(), encoding="utf-8")
