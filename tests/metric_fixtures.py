"""A small hand-built campaign whose every metric is worked out by hand (see EXPECTED_HEADLINE).

Use it from any test:  `from tests.metric_fixtures import build_fixture_warehouse`
`build_fixture_warehouse()` returns an in-memory connection with derived tables built;
`build_fixture_warehouse(path)` writes the same warehouse to a file (closed on return) for
CLI and Streamlit AppTests, and returns the path.

The territory: four square districts side by side (longitude 0-1, 1-2, 2-3, 3-4, latitude 0-1)
  nord  Nord  population 2,000
  sud   Sud   population 3,000
  est   Est   population 5,000   large, nobody lives there among participants
  port  Port  population NULL    rates cannot be computed
Phases: p1 "Pré-propositions" 2026-01-05..2026-01-18 (restricted), p2 "Ouverte"
2026-01-19..2026-02-15. Sources: Decidim open data of demo.example (before 0.30: cannot reveal
moderation, no moderations list), Cap Collectif cap.example (trashed columns: can reveal it),
in-person sheets.

The ten participants (circle, how; home district, how):
  A  1 roster          nord  roster district; her proposal P1 lies in sud (scope "Sud")
  B  2 roster (e-mail) sud   Cap Collectif profile postcode 75002
  C  2 signal (group)  nord  earliest located contribution (comment scoped "Nord")
  D  1 phase rule      ?     first contribution in the restricted phase, never located
  E  3 default         sud   proposal P3 with only a scope name (" SUD ")
  F  3 default         nord  comment with a point inside nord
  G  3 default         sud   identified attendance at meeting M1 (in sud), in person only
  H  3 default         nord  online vote, then attendance at M2 (point in nord): both channels
  I  3 default         nord  his only contribution, a comment scoped "Nord", was moderated
  J  3 default         port  comment scoped "Port"
Not persons: the official proposal P5, the meeting-created P6, the paper proposals P7, P8.

Proposals (made = published, else created; amendment P2 excluded everywhere):
  P1 A online  participant accepted   made 01-06 10:00 answered 01-16 10:00 (10 days) sud
  P2 A online  amendment   submitted  made 01-20
  P3 E online  participant evaluating made 01-20 09:00 answered 01-27 09:00 (7 days)  sud
  P4 E online  participant withdrawn  made 01-23
  P5 - online  official    accepted   made 01-05 10:00 answered 01-25 10:00 (20 days)
  P6 - in_pers meeting     submitted  made 01-30 in M3 (Decidim, est, held 01-28): lag 2 days
  P7 - in_pers meeting     accepted   paper, M1 (01-24), typed 01-29: lag 5, answered 02-03 (5 days)
  P8 - in_pers meeting     submitted  paper, M1, no typing date: created at the meeting 01-24
  P9 B online  participant submitted  made 01-21 12:00, votes 30 digital + 10 paper
Meetings: M1 sheet 01-24 sud headcount 40; M2 sheet 01-31 nord (point) 25; M3 Decidim hybrid
01-28 est (scope), no headcount; M4 Decidim online 02-04, no district, 12.
"""

from pathlib import Path

import duckdb
import shapely

from dashboard import warehouse

DECIDIM = "decidim|demo.example"
CAP = "capcollectif|cap.example"

EXPECTED_HEADLINE = {
    "participants": 10,
    "participants_by_circle": {"1": 2, "2": 2, "3": 6},  # A D | B C | E F G H I J
    "beyond_first_circle_share": 0.8,  # 8 / 10
    "proposals": 8,  # P1 P3 P4 P5 P6 P7 P8 P9 (not the amendment P2)
    "proposals_by_channel": {"online": 5, "in_person": 3},  # P1 P3 P4 P5 P9 | P6 P7 P8
    "in_person_share": 0.375,  # 3 / 8
    "moderation_rate": 0.2,  # Cap Collectif written items B B F I J: 1 moderated (I) / 5
    "moderation_measurable": True,
    "moderation_benchmark": 0.0001,
    "moderation_hidden_items": 1,  # I
    "moderation_items": 5,
    # exact 95 % lower limit of 1 in 5 (k = 1): 1 - 0.975^(1/5) = 1 - exp(ln 0.975 / 5)
    # = 1 - exp(-0.02531781 / 5) = 1 - 0.99494924 = 0.00505076, above 0.0001: significant
    "moderation_lower_bound": 0.0050507634,  # (rounded to ten decimals)
    "moderation_above_benchmark": True,
    "median_days_to_answer": 8.5,  # answered 5, 7, 10, 20 days: (7 + 10) / 2
    "p90_days_to_answer": 17.0,  # position 0.9 x 3 = 2.7: 10 + 0.7 x (20 - 10)
    "duncan_index": 0.5,  # 1/2 (|5/8 - .2| + |3/8 - .3| + |0 - .5|) = 1/2 (.425 + .075 + .5)
    "under_reached_districts": ["est"],  # O = 0 for E = 4.0: below the 99.8 % lower limit
    "unknown_district_share": 0.1,  # D / 10
    "meetings": 4,
    "attendance": 77,  # 40 + 25 + 12 headcounts, never added to participants
    "suppressed": [],  # no district chosen: no small-count rule to apply
}


def _insert(con, table: str, columns: str, rows: list[tuple]) -> None:
    marks = ", ".join("?" for _ in columns.split(","))
    con.executemany(f"insert into {table} ({columns}) values ({marks})", rows)


def fill_fixture(con) -> None:
    """Insert the fixture campaign's rows into the base tables of a migrated warehouse."""
    squares = {"nord": 0, "sud": 1, "est": 2, "port": 3}
    populations = {"nord": 2000, "sud": 3000, "est": 5000, "port": None}
    _insert(con, "districts", "district_id, name, population, geometry_wkb", [
        (key, key.capitalize(), populations[key], shapely.box(x, 0, x + 1, 1).wkb)
        for key, x in squares.items()
    ])
    _insert(con, "postcode_districts", "postcode, district_id", [
        ("75002", "sud"), ("75003", "sud"), ("75003", "nord"),  # 75003 is ambiguous: no evidence
    ])
    _insert(con, "phases", "phase_id, name, starts_on, ends_on, restricted", [
        ("p1", "Pré-propositions", "2026-01-05", "2026-01-18", True),
        ("p2", "Ouverte", "2026-01-19", "2026-02-15", False),
    ])
    _insert(con, "imports", "import_id, source_key, platform, host, entity, imported_at, "
            "moderation_measurable", [
        (1, f"{DECIDIM}|proposals", "decidim", "demo.example", "proposals", "2026-02-05", False),
        (2, f"{DECIDIM}|comments", "decidim", "demo.example", "comments", "2026-02-05", False),
        (3, f"{DECIDIM}|meetings", "decidim", "demo.example", "meetings", "2026-02-05", False),
        (4, f"{CAP}|contributions", "capcollectif", "cap.example", "contributions",
         "2026-02-05", True),
        (5, "sheet||reunions:r", "sheet", None, "reunions", "2026-02-05", False),
        (6, "sheet||emargement:e", "sheet", None, "emargement", "2026-02-05", False),
        (7, "sheet||propositions_papier:p", "sheet", None, "propositions_papier",
         "2026-02-05", False),
    ])
    _insert(con, "identities", "source_key, platform, host, identifier_kind, identifier_hash, "
            "person_id", [
        (f"{DECIDIM}|proposals", "decidim", "demo.example", "id", "h:id:a", "pA"),
        (f"{DECIDIM}|proposals", "decidim", "demo.example", "nickname", "h:nick:alice", "pA"),
        (f"{CAP}|contributions", "capcollectif", "cap.example", "id", "h:id:b", "pB"),
        (f"{CAP}|contributions", "capcollectif", "cap.example", "email", "h:email:b", "pB"),
    ] + [
        (f"{DECIDIM}|comments", "decidim", "demo.example", "id", f"h:id:{p}", f"p{p.upper()}")
        for p in "cdeh"
    ] + [
        (f"{CAP}|contributions", "capcollectif", "cap.example", "id", f"h:id:{p}", f"p{p.upper()}")
        for p in "fij"
    ] + [
        ("sheet||emargement:e", "sheet", None, "email", "h:email:g", "pG"),
    ])
    _insert(con, "persons", "source_key, person_id, platform, host, person_kind, "
            "profile_postcode", [
        (f"{CAP}|contributions", "pB", "capcollectif", "cap.example", "citizen", "75002"),
    ])
    _insert(con, "roster_entries", "source_key, identifier_kind, platform, host, "
            "identifier_hash, circle, postcode, district_name", [
        ("roster||roster", "nickname", "decidim", None, "h:nick:alice", 1, None, "Nord"),
        ("roster||roster", "email", None, None, "h:email:b", 2, None, None),
    ])
    _insert(con, "circle_signals", "platform, host, user_group_id, circle", [
        ("decidim", None, "g1", 2),
    ])
    meetings = [
        ("sheet||reunions:r", "sheet|meeting|1", "in_person", "2026-01-24 14:00", None, None,
         "Sud", 40, "sheet"),
        ("sheet||reunions:r", "sheet|meeting|2", "in_person", "2026-01-31 10:00", 0.2, 0.5,
         None, 25, "sheet"),
        (f"{DECIDIM}|meetings", f"{DECIDIM}|meeting|3", "hybrid", "2026-01-28 18:00", None,
         None, "Est", None, "decidim"),
        (f"{DECIDIM}|meetings", f"{DECIDIM}|meeting|4", "online", "2026-02-04 18:00", None,
         None, None, 12, "decidim"),
    ]
    _insert(con, "meetings", "source_key, meeting_id, meeting_type, start_at, latitude, "
            "longitude, scope_name, headcount, platform", meetings)

    d_prop, d_com, cap = f"{DECIDIM}|proposals", f"{DECIDIM}|comments", f"{CAP}|contributions"
    m1, m2, m3 = "sheet|meeting|1", "sheet|meeting|2", f"{DECIDIM}|meeting|3"
    paper = "sheet||propositions_papier:p"
    # id, source, kind, person, author_kind, group, channel, created, status, moderated_at,
    # free text, lat, lon, scope, meeting, platform
    contributions = [
        (f"{DECIDIM}|proposal|1", d_prop, "proposal", "pA", "participant", None, "online",
         "2026-01-06 10:00", "published", None, True, None, None, "Sud", None, "decidim"),
        (f"{DECIDIM}|amendment|2", d_prop, "amendment", "pA", "participant", None, "online",
         "2026-01-20 10:00", "published", None, True, None, None, None, None, "decidim"),
        (f"{CAP}|comment|3", cap, "comment", "pB", "participant", None, "online",
         "2026-01-21 10:00", "published", None, True, None, None, None, None, "capcollectif"),
        (f"{DECIDIM}|comment|4", d_com, "comment", "pC", "participant", "g1", "online",
         "2026-01-22 10:00", "published", None, True, None, None, "Nord", None, "decidim"),
        (f"{DECIDIM}|comment|5", d_com, "comment", "pD", "participant", None, "online",
         "2026-01-07 10:00", "published", None, True, None, None, None, None, "decidim"),
        (f"{DECIDIM}|proposal|3", d_prop, "proposal", "pE", "participant", None, "online",
         "2026-01-20 09:00", "published", None, True, None, None, " SUD ", None, "decidim"),
        (f"{DECIDIM}|proposal|4", d_prop, "proposal", "pE", "participant", None, "online",
         "2026-01-23 10:00", "withdrawn", None, True, None, None, None, None, "decidim"),
        (f"{CAP}|comment|8", cap, "comment", "pF", "participant", None, "online",
         "2026-01-26 10:00", "published", None, True, 0.5, 0.5, None, None, "capcollectif"),
        ("sheet||attendance|e:2", "sheet||emargement:e", "attendance", "pG", "participant",
         None, "in_person", "2026-01-24 14:00", "published", None, False, None, None, None, m1,
         "sheet"),
        (f"{DECIDIM}|vote|10", d_prop, "vote", "pH", "participant", None, "online",
         "2026-01-19 10:00", "published", None, False, None, None, None, None, "decidim"),
        ("sheet||attendance|e:3", "sheet||emargement:e", "attendance", "pH", "participant",
         None, "in_person", "2026-01-31 10:00", "published", None, False, None, None, None, m2,
         "sheet"),
        (f"{CAP}|comment|12", cap, "comment", "pI", "participant", None, "online",
         "2026-02-02 10:00", "moderated", "2026-02-03 00:00", True, None, None, "Nord", None,
         "capcollectif"),
        (f"{CAP}|comment|13", cap, "comment", "pJ", "participant", None, "online",
         "2026-02-03 10:00", "published", None, True, None, None, "Port", None, "capcollectif"),
        (f"{DECIDIM}|proposal|5", d_prop, "proposal", None, "official", None, "online",
         "2026-01-05 10:00", "published", None, True, None, None, None, None, "decidim"),
        (f"{DECIDIM}|proposal|6", d_prop, "proposal", None, "meeting", None, "in_person",
         "2026-01-28 18:00", "published", None, True, None, None, None, m3, "decidim"),
        ("sheet||proposal|p:2", paper, "proposal", None, "meeting", None, "in_person",
         "2026-01-24 14:00", "published", None, False, None, None, "Sud", m1, "sheet"),
        ("sheet||proposal|p:3", paper, "proposal", None, "meeting", None, "in_person",
         "2026-01-24 14:00", "published", None, False, None, None, None, m1, "sheet"),
        (f"{CAP}|proposal|9", cap, "proposal", "pB", "participant", None, "online",
         "2026-01-21 12:00", "published", None, True, None, None, None, None, "capcollectif"),
    ]
    _insert(con, "contribution_rows", "contribution_id, source_key, kind, person_id, author_kind, "
            "user_group_id, channel, created_at, status, moderated_at, is_free_text, latitude, "
            "longitude, scope_name, meeting_id, platform", contributions)

    # id, source, person, origin, channel, state, amendment, created, published, answered,
    # meeting, scope, votes digital, votes paper, status, platform
    proposals = [
        (f"{DECIDIM}|proposal|1", d_prop, "pA", "participant", "online", "accepted", False,
         "2026-01-06 10:00", "2026-01-06 10:00", "2026-01-16 10:00", None, "Sud", None, None,
         "published", "decidim"),
        (f"{DECIDIM}|amendment|2", d_prop, "pA", "participant", "online", "submitted", True,
         "2026-01-20 10:00", "2026-01-20 10:00", None, None, None, None, None, "published",
         "decidim"),
        (f"{DECIDIM}|proposal|3", d_prop, "pE", "participant", "online", "evaluating", False,
         "2026-01-20 09:00", "2026-01-20 09:00", "2026-01-27 09:00", None, " SUD ", None, None,
         "published", "decidim"),
        (f"{DECIDIM}|proposal|4", d_prop, "pE", "participant", "online", "withdrawn", False,
         "2026-01-23 10:00", "2026-01-23 10:00", None, None, None, None, None, "withdrawn",
         "decidim"),
        (f"{DECIDIM}|proposal|5", d_prop, None, "official", "online", "accepted", False,
         "2026-01-05 10:00", "2026-01-05 10:00", "2026-01-25 10:00", None, None, None, None,
         "published", "decidim"),
        (f"{DECIDIM}|proposal|6", d_prop, None, "meeting", "in_person", "submitted", False,
         "2026-01-28 18:00", "2026-01-30 09:00", None, m3, None, None, None, "published",
         "decidim"),
        ("sheet||proposal|p:2", paper, None, "meeting", "in_person", "accepted", False,
         "2026-01-24 14:00", "2026-01-29 00:00", "2026-02-03 00:00", m1, "Sud", None, None,
         "published", "sheet"),
        ("sheet||proposal|p:3", paper, None, "meeting", "in_person", "submitted", False,
         "2026-01-24 14:00", None, None, m1, None, None, None, "published", "sheet"),
        (f"{CAP}|proposal|9", cap, "pB", "participant", "online", "submitted", False,
         "2026-01-21 12:00", "2026-01-21 12:00", None, None, None, 30, 10, "published",
         "capcollectif"),
    ]
    _insert(con, "proposals", "proposal_id, source_key, person_id, origin, channel, state, "
            "is_amendment, created_at, published_at, answered_at, meeting_id, scope_name, "
            "votes_digital, votes_paper, status, platform", proposals)


def build_fixture_warehouse(path: Path | str | None = None):
    """The fixture campaign with derived tables built: a connection, or a file at `path`."""
    con = duckdb.connect(str(path) if path else ":memory:")
    warehouse.migrate(con)
    fill_fixture(con)
    warehouse.refresh_derived(con)
    if path is None:
        return con
    con.execute("checkpoint")
    con.close()
    return Path(path)


def as_before_version_8(con) -> None:
    """Give a warehouse the layout of versions 1 to 7: contributions and contribution_facts
    tables of every row."""
    con.execute("create table contributions_before as select * from contributions")
    con.execute("drop view contributions")
    con.execute("drop table contribution_rows; drop table survey_answers; drop table survey_authors")
    con.execute("alter table contributions_before rename to contributions")
    con.execute("create table facts_before as select * from contribution_facts")
    con.execute("drop view contribution_facts")
    con.execute("alter table facts_before rename to contribution_facts")
