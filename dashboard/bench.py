"""`cercles bench`: the demo campaign grown to a national consultation, imported and timed.

The campaign is the demo's (`demo.write_campaign`: Decidim zip, roster, sheets, territory,
and its previous campaign with the campagnes sheet, so the campaign filter is timed too)
plus a scaled part written column by column with DuckDB `COPY`, never a Python object per row:
- a Grand Débat theme file (survey answers, the bulk: a national consultation);
- Decidim proposals and comments of a second instance, resampled from the demo's own rows;
- in-person sheets (meetings, paper proposals, sign-in lines);
- a roster putting a few of those persons in circles 1 and 2.
Authors are drawn so that persons are about a tenth of contributions, home postcodes follow
the demo's districts (population times reach), dates its phases. Everything goes through the
importers a user runs, then loaded again by DuckDB alone as plain text tables (what the import
is held against); then each page's queries are timed, and the headline metrics are
recomputed with plain pandas from the same rows for the comparison.
"""

from __future__ import annotations

import math
import os
import resource
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from dashboard import ALLOCATOR_ENV, demo, registry
from dashboard.warehouse import remove_database

BENCH_HOST = "consultation.bellerive-en-commun.fr"
WARM_RUNS = 5
# Share of the scaled contributions by kind (the demo's own rows stay as generated). A
# national consultation is mostly answers to its questionnaire (the Grand Débat: about two
# million); proposals and their comments, and the workshops, are a few percent.
MIX = {
    "survey_answers": 0.90,
    "decidim_proposals": 0.01,
    "decidim_comments": 0.03,
    "paper_proposals": 0.03,
    "sign_ins": 0.03,
}
CONTRIBUTIONS_PER_PERSON = 10
CONTRIBUTIONS_PER_MEETING = 5_000
ROSTER_SHARE = 0.04  # of each platform's persons listed in the campaign roster (circles 1-2)
OPEN_PHASE = ("2025-11-10", "2025-12-14")  # survey answers come in the open phase
BLANK_POSTCODE_SHARE = 0.08

# What each dashboard page asks the warehouse for, as dashboard/registry.py says (and
# tests/test_registry.py checks against the pages' code). APP_QUERIES run before every page
# (app.py: empty check, sidebar filter choices).
APP_QUERIES = (("plain", "imports_overview"), ("plain", "filter_options"))
PAGE_QUERIES = {page: registry.page_entries(page) for page in registry.pages()}
METRICS_COMMAND = "cercles metrics"  # timed like a page: headline_metrics alone
# Each filter alone, then the slowest pair of them, timed apart (median of FILTERED_RUNS warm
# runs, and cold): values from the bench's campaign. Dates: its last three weeks, and up to
# the end of its first phase's fifth week; the phase holding the most contributions, the
# districts where the fewest and the most participants live and the latest campaign of the
# campagnes sheet are found in the data (filter_values).
FILTERED_SINCE = "2025-11-24"
FILTERS = {
    "since": {"since": FILTERED_SINCE},
    "until": {"until": "2025-12-07"},
    "phase": {},
    "platform": {"platform": "decidim"},
    "channel": {"channel": "in_person"},
    "circle": {"circle": "3"},
    "least_populated_district": {},
    "most_populated_district": {},
    "campaign": {},
}
FILTERED_RUNS = 3


# Writing the scaled campaign ------------------------------------------------------------


def scaled_counts(events: int, demo_events: int) -> dict:
    """How many rows of each kind the scaled part writes so the total is about `events`."""
    extra = max(events - demo_events, 0)
    counts = {kind: int(extra * share) for kind, share in MIX.items()}
    counts["meetings"] = max(1, extra // CONTRIBUTIONS_PER_MEETING)
    return counts


def postcode_buckets() -> pd.DataFrame:
    """1,000 buckets of home postcodes: each district's share is population x reach (the
    demo's mix, Mistral-Sud barely reached), a postcode covering it, blanks for the unknown."""
    weights = demo.DISTRICTS["population"] * demo.DISTRICTS["reach"]
    shares = weights / weights.sum() * (1 - BLANK_POSTCODE_SHARE)
    postcode_of = {}
    for postcode, districts in demo.POSTCODE_AREAS.items():
        for district in districts:
            postcode_of.setdefault(district, postcode)
    codes = [""] * round(1000 * BLANK_POSTCODE_SHARE)
    for district, share in zip(demo.DISTRICTS["district_id"], shares):
        codes += [postcode_of[district]] * round(1000 * share)
    codes = (codes + [""] * 1000)[:1000]
    districts = demo.DISTRICTS.set_index("district_id")["name"]
    by_code = {code: ds[0] for code, ds in demo.POSTCODE_AREAS.items()}
    return pd.DataFrame({
        "bucket": np.arange(1000),
        "postcode": codes,
        "district_name": [districts[by_code[c]] if c else "" for c in codes],
    })


def _csv(con, select: str, path: Path, delimiter: str = ";") -> Path:
    con.execute(f"copy ({select}) to '{path}' (header, delimiter '{delimiter}', quote '\"')")
    return path


def _seconds_between(start: str, end: str) -> int:
    return int((pd.Timestamp(end) + pd.Timedelta(days=1) - pd.Timestamp(start)).total_seconds())


def write_scaled_campaign(folder: Path, events: int, seed: int = 2026,
                          questions: int = 2) -> dict[str, Path]:
    """Write the demo campaign plus its scaled part into folder; returns the files by name.
    `questions`: the Grand Débat file's questions per answer (see _write_survey_answers)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    campaign = demo.generate_campaign(seed)
    files = demo.write_campaign(campaign, folder, demo.generate_previous(campaign))
    demo_dir = folder / "demo-open-data"
    demo_dir.mkdir(exist_ok=True)
    import zipfile

    with zipfile.ZipFile(files[f"{demo.HOST}-open-data.zip"]) as archive:
        archive.extractall(demo_dir)
    demo_events = _demo_events(folder, demo_dir)
    counts = scaled_counts(events, demo_events)
    con = duckdb.connect()
    try:
        con.register("buckets", postcode_buckets())
        files.update(_write_survey_answers(con, folder, counts, seed, questions))
        files.update(_write_decidim(con, folder, demo_dir, counts, seed))
        files.update(_write_sheets(con, folder, counts, seed))
        files.update(_write_roster(con, folder, counts, seed))
    finally:
        con.close()
    return files


def _demo_events(folder: Path, demo_dir: Path) -> int:
    """Rows of the demo's files that become contributions (proposals, comments, debates,
    paper proposals, sign-in lines): what the scaled part adds to."""
    names = [f"{demo.HOST}-open-data-{e}.csv" for e in
             ("proposals", "proposal_comments", "meeting_comments", "debates", "debate_comments")]
    paths = [demo_dir / n for n in names] + [folder / "propositions_papier.csv",
                                             folder / "emargement.csv"]
    return sum(max(len(p.read_bytes().splitlines()) - 1, 0) for p in paths if p.exists())


def _persons(rows: int) -> int:
    return max(1, rows // CONTRIBUTIONS_PER_PERSON)


def _write_survey_answers(con, folder: Path, counts: dict, seed: int, questions: int = 2) -> dict:
    """A Grand Débat theme file. Its first two questions are short (a word or two, as the
    bench has always had them): rows of about 150 bytes. Any further question holds a text of
    about 60 to 190 characters, a quarter of them left empty: with 25 questions, rows of about
    2.4 KB. The official theme files ask 20 to 30 questions (28 in the real sample of
    `ORGANISATION_DE_LETAT_ET_DES_SERVICES_PUBLICS`), answered in free text."""
    rows = counts["survey_answers"]
    if not rows:
        return {}
    texts = "".join(f",\n{_text_answer(q, seed)}" for q in range(2, questions))
    persons = _persons(rows)
    span = _seconds_between(*OPEN_PHASE)
    # an author's zip code is a property of the author (hash of the author number)
    select = f"""
        with answers as (
            select
                i,
                hash(i, {seed}, 1) % {persons} as author,
                timestamp '{OPEN_PHASE[0]}' + to_seconds((hash(i, {seed}, 2) % {span})::bigint)
                    as created,
            from range({rows}) as t(i)
        )
        select
            'UHJvcG9zYWw6YmVuY2g' || i as "id",
            '9-' || i as "reference",
            'Contribution ' || i as "title",
            strftime(created, '%Y-%m-%d %H:%M:%S') as "createdAt",
            strftime(created, '%Y-%m-%d %H:%M:%S') as "publishedAt",
            '' as "updatedAt",
            case when hash(i, {seed}, 3) % 2000 = 0 then 'true' else 'false' end as "trashed",
            case when hash(i, {seed}, 3) % 2000 = 0 then 'invisible' else '' end
                as "trashedStatus",
            'VXNlcjo' || author as "authorId",
            case when author % 200 = 0 then 'Organisation à but non lucratif' else 'Citoyen' end
                as "authorType",
            buckets.postcode as "authorZipCode",
            'Réponse ' || i as "QUXV0: Que faudrait-il faire pour votre quartier ?",
            case when i % 3 = 0 then '' else 'Oui' end as "QUXV1: Êtes-vous d'accord ?"{texts}
        from answers
        join buckets on buckets.bucket = hash(author, {seed}, 4) % 1000
    """
    path = _csv(con, select, folder / "LA_VIE_DANS_NOS_QUARTIERS.csv", delimiter=",")
    return {path.name: path}


def _text_answer(q: int, seed: int) -> str:
    """The column of question q + 1 (q from 0): 1 to 5 times a phrase, a quarter left empty."""
    phrase = "il faut agir dans le quartier, "
    return (
        f"case when hash(i, {seed}, {100 + q}) % 4 = 0 then '' "
        f"else 'Réponse ' || i || ' à la question {q + 1} : ' "
        f"|| repeat('{phrase}', (1 + hash(i, {seed}, {200 + q}) % 5)::int) end"
        f' as "QUXV{q}: Question {q + 1} ?"'
    )


def _write_decidim(con, folder: Path, demo_dir: Path, counts: dict, seed: int) -> dict:
    """Proposals and comments of a second Decidim instance, resampled from the demo's rows
    (same columns, states, answers, points and origins), with new ids and authors."""
    n_proposals, n_comments = counts["decidim_proposals"], counts["decidim_comments"]
    if not n_proposals:
        return {}
    authors = _persons(n_proposals + n_comments)
    written = {}
    for entity, rows in (("proposals", n_proposals), ("proposal_comments", n_comments)):
        template = demo_dir / f"{demo.HOST}-open-data-{entity}.csv"
        con.execute(
            f"""
            create or replace temp table template as
            select row_number() over () - 1 as rn, *
            from read_csv('{template}', delim=';', header=true, all_varchar=true, quote='"',
                          escape='"')
            """
        )
        columns = [c for c in con.execute("select * from template limit 0").fetchdf().columns
                   if c != "rn"]
        size = con.execute("select count(*) from template").fetchone()[0]
        if entity == "proposals":
            # a participant proposal gets a scaled author; official and meeting ones keep theirs
            participant = "template.\"author/url\" like '%/profiles/%'"
            overrides = {
                "id": "(1000000 + i)::varchar",
                "author/id": f"case when {participant} then (2000000 + hash(i, {seed}, 5) "
                             f"% {authors})::varchar else template.\"author/id\" end",
                "author/url": f"case when {participant} then 'https://{BENCH_HOST}/profiles/u' "
                              f"|| (2000000 + hash(i, {seed}, 5) % {authors}) "
                              "else template.\"author/url\" end",
                "coauthorships_count": "'1'",
                "url": f"'https://{BENCH_HOST}/processes/{demo.SPACE_SLUG}/f/13/proposals/' "
                       "|| (1000000 + i)",
            }
        else:
            target = f"(1000000 + hash(i, {seed}, 7) % {n_proposals})"
            overrides = {
                "id": "(5000000 + i)::varchar",
                "author/id": f"(2000000 + hash(i, {seed}, 6) % {authors})::varchar",
                "commentable_id": f"{target}::varchar",
                "root_commentable_url": f"'https://{BENCH_HOST}/processes/{demo.SPACE_SLUG}"
                                        f"/f/13/proposals/' || {target}",
            }
        # every other text keeps the demo row's value, moved to the second instance's host
        expressions = [
            f'{overrides[c]} as "{c}"' if c in overrides
            else f'replace(template."{c}", \'{demo.HOST}\', \'{BENCH_HOST}\') as "{c}"'
            for c in columns
        ]
        select = f"""
            select {', '.join(expressions)}
            from range({rows}) as t(i)
            join template on template.rn = i % {size}
            order by i
        """
        path = _csv(con, select, folder / f"{BENCH_HOST}-open-data-{entity}.csv")
        written[path.name] = path
    return written


def _write_sheets(con, folder: Path, counts: dict, seed: int) -> dict:
    meetings, paper, sign_ins = counts["meetings"], counts["paper_proposals"], counts["sign_ins"]
    if not (paper or sign_ins):
        return {}
    days = (pd.Timestamp(OPEN_PHASE[1]) - pd.Timestamp("2025-10-06")).days + 1
    districts = " , ".join(f"'{n}'" for n in demo.DISTRICTS["name"])
    reunions = _csv(con, f"""
        select
            'BX' || i as id_reunion,
            strftime(date '2025-10-06' + (hash(i, {seed}, 8) % {days})::int, '%d/%m/%Y') as date,
            '18:30' as heure_debut,
            '21:00' as heure_fin,
            'Salle ' || i as lieu,
            [{districts}][(hash(i, {seed}, 9) % {len(demo.DISTRICTS)})::int + 1] as quartier,
            'présentiel' as type,
            40 + hash(i, {seed}, 10) % 111 as participants,
        from range({meetings}) as t(i)
    """, folder / "reunions-consultation.csv")
    themes = " , ".join(f"'{t}'" for t in demo.THEMES)
    propositions = _csv(con, f"""
        select
            'BX' || (i % {meetings}) as id_reunion,
            'Proposition papier ' || i as titre,
            [{themes}][(hash(i, {seed}, 11) % {len(demo.THEMES)})::int + 1] as theme,
            '' as quartier,
            '' as date_saisie,
        from range({paper}) as t(i)
    """, folder / "propositions_papier-consultation.csv")
    people = _persons(sign_ins)
    emargement = _csv(con, f"""
        select
            'BX' || (i % {meetings}) as id_reunion,
            'habitant' || (hash(i, {seed}, 12) % {people}) || '@example.org' as identifiant,
            buckets.postcode as code_postal,
        from range({sign_ins}) as t(i)
        join buckets on buckets.bucket = hash(hash(i, {seed}, 12) % {people}, {seed}, 13) % 1000
    """, folder / "emargement-consultation.csv")
    return {p.name: p for p in (reunions, propositions, emargement)}


def _write_roster(con, folder: Path, counts: dict, seed: int) -> dict:
    """Members and sympathisers among the scaled persons: Grand Débat accounts by user id,
    sign-in sheet persons by e-mail (a quarter of those listed are members)."""
    survey_persons = _persons(counts["survey_answers"]) if counts["survey_answers"] else 0
    sign_in_persons = _persons(counts["sign_ins"]) if counts["sign_ins"] else 0
    if not (survey_persons or sign_in_persons):
        return {}
    cut = int(ROSTER_SHARE * 1000)
    roster = _csv(con, f"""
        select '' as nom, '' as prenom, '' as email,
            case when hash(k, {seed}, 14) % 4 = 0 then 'militant' else 'sympathisant' end
                as circle,
            '' as postcode, '' as district,
            'granddebat' as platform, 'VXNlcjo' || k as platform_user,
        from range({survey_persons}) as t(k)
        where hash(k, {seed}, 15) % 1000 < {cut}
        union all
        select '', '', 'habitant' || k || '@example.org',
            case when hash(k, {seed}, 16) % 4 = 0 then 'militant' else 'sympathisant' end,
            '', '', '', '',
        from range({sign_in_persons}) as t(k)
        where hash(k, {seed}, 17) % 1000 < {cut}
    """, folder / "adherents-consultation.csv", delimiter=",")
    return {roster.name: roster}


# Importing and timing -------------------------------------------------------------------


def import_campaign(files: dict[str, Path], warehouse_file: Path) -> None:
    """Territory first (its own writer), then every export in one import, as `build_demo`."""
    from dashboard.importers import import_paths, territory

    territory.import_territory(
        files[demo.TERRITORY_FILE], warehouse_file, id_col="id", name_col="name",
        population_col="population", postcode_file=files[demo.POSTCODE_FILE],
    )
    others = [p for n, p in files.items() if n not in (demo.TERRITORY_FILE, demo.POSTCODE_FILE)]
    import_paths(others, warehouse_file)


def raw_load(files: dict[str, Path], database: Path) -> int:
    """DuckDB's own load of the same exports as plain text tables, what the import is held
    against: every file (a zip's entries unpacked first, as the import does) into one table of
    a fresh database file, CSV as text columns (`read_csv(all_varchar=true)`, delimiter and
    header sniffed, a file that is not UTF-8 read as latin-1, DuckDB's own single-byte
    encoding), JSON and GeoJSON as `read_json` reads them; written to disk as the warehouse
    is. The bench writes no workbook, and anything else is refused.
    Returns the number of tables loaded."""
    import zipfile

    from dashboard.importers.common import detect_encoding

    database = Path(database)
    remove_database(database)
    with tempfile.TemporaryDirectory(prefix="cercles-raw-", dir=database.parent) as unpacked:
        paths = []
        for path in map(Path, files.values()):
            if path.suffix.lower() == ".zip":
                with zipfile.ZipFile(path) as archive:
                    archive.extractall(unpacked)
                    paths += [Path(unpacked) / name for name in archive.namelist()]
            else:
                paths.append(path)
        con = duckdb.connect(str(database))
        try:
            con.execute("set enable_progress_bar = false")
            for number, path in enumerate(paths):
                suffix = path.suffix.lower()
                if suffix in (".csv", ".tsv", ".txt"):
                    with open(path, "rb") as head:
                        utf8 = detect_encoding(head.read(1 << 20)).startswith("utf-8")
                    encoding = "utf-8" if utf8 else "latin-1"
                    reader = f"read_csv($path, all_varchar=true, encoding='{encoding}')"
                elif suffix in (".json", ".geojson"):
                    reader = "read_json($path)"
                else:
                    raise ValueError(f"{path.name}: no plain text load for {suffix} files")
                con.execute(
                    f"create table raw_{number} as select * from {reader}", {"path": str(path)}
                )
            con.execute("checkpoint")
        finally:
            con.close()
    return len(paths)


def page_work(con, entries, filters=None) -> list:
    """Ask the warehouse for what a page shows, as the dashboard does, from nothing: no
    cached result, what one entry reads shared with the page's others only (as the
    dashboard's connection shares it, reads.SharedReads); returns each entry's result."""
    from dashboard import metrics
    from dashboard.reads import SharedReads
    from dashboard.warehouse import read_sql

    filters = filters or metrics.Filters()

    def read(kind, name, cursor):
        if kind == "run":
            return metrics.run(cursor, name, filters)
        if kind == "computed":
            return metrics.computation(name)(cursor, filters)
        return cursor.execute(read_sql(name)).fetchdf()

    # side by side, as the dashboard prefetches a page's reads (page_data.prefetch)
    return metrics.side_by_side(
        SharedReads(con), [partial(read, kind, name) for kind, name in entries]
    )


def timed_pages(warehouse_file: Path, runs: int = WARM_RUNS,
                filters=None) -> tuple[dict, dict, dict]:
    """(warm, cold, warm CPU) milliseconds per page under `filters` (none: the usual view):
    cold on a fresh connection, warm the median of `runs` later runs; CPU is this process's
    time over all threads (what a busy shared machine does not inflate). `cercles metrics`
    is timed as one more page."""
    from dashboard.warehouse import connect_readonly

    pages = _timed_pages()
    cold, warm, cpu = {}, {}, {}
    con = connect_readonly(warehouse_file)
    try:
        for name, entries in pages.items():
            cold[name] = _ms(lambda entries=entries: page_work(con, entries, filters))[0]
        for name, entries in pages.items():
            times = [_ms(lambda entries=entries: page_work(con, entries, filters))
                     for _ in range(runs)]
            warm[name] = statistics.median(wall for wall, _ in times)
            cpu[name] = statistics.median(used for _, used in times)
    finally:
        con.close()
    return warm, cold, cpu


def _timed_pages() -> dict:
    """What each timed page asks for: the app's own queries, then the page's."""
    pages = {name: APP_QUERIES + entries for name, entries in PAGE_QUERIES.items()}
    pages[METRICS_COMMAND] = (("computed", "headline_metrics"),)
    return pages


def slowest_page_once(warehouse_file: Path, filters) -> float:
    """Milliseconds of the slowest page under `filters`, each page run once."""
    from dashboard.warehouse import connect_readonly

    con = connect_readonly(warehouse_file)
    try:
        return max(_ms(lambda entries=entries: page_work(con, entries, filters))[0]
                   for entries in _timed_pages().values())
    finally:
        con.close()


def filter_values(warehouse_file: Path) -> dict[str, dict]:
    """FILTERS with the values the data decides: the phase of the most contributions, the
    home districts of the fewest and the most participants, the latest campaign (each left
    out when the warehouse has none)."""
    from dashboard.warehouse import connect_readonly

    con = connect_readonly(warehouse_file)
    try:
        districts = [row[0] for row in con.execute(
            "select home_district_id from participant_facts where home_district_id is not null"
            " group by 1 order by count(*), 1"
        ).fetchall()]
        campaign = con.execute(
            "select campaign_id from campaigns order by starts_on desc, campaign_id limit 1"
        ).fetchone()
        phase = con.execute(
            "select phase_id from contribution_facts where phase_id is not null"
            " group by 1 order by count(*) desc, 1 limit 1"
        ).fetchone()
    finally:
        con.close()
    found = {
        "phase": {"phase": phase[0]} if phase else {},
        "least_populated_district": {"district": districts[0]} if districts else {},
        "most_populated_district": {"district": districts[-1]} if districts else {},
        "campaign": {"campaign": campaign[0]} if campaign else {},
    }
    return {name: found.get(name, values) for name, values in FILTERS.items()
            if found.get(name, values)}


def timed_filters(warehouse_file: Path, runs: int = FILTERED_RUNS) -> dict:
    """Warm and cold milliseconds per page under each filter of filter_values alone, and under
    the slowest pair of them: every pair of two different filters is run once per page, the one
    whose slowest page is slowest is then timed as each filter is (`worst_pair`)."""
    from dashboard.metrics import Filters

    values = filter_values(warehouse_file)
    warm, cold = {}, {}
    for name, chosen in values.items():
        warm[name], cold[name], _ = timed_pages(warehouse_file, runs, Filters.from_strings(**chosen))
    pairs = [(a, b) for i, a in enumerate(values) for b in list(values)[i + 1:]
             if not values[a].keys() & values[b].keys()]
    slowest, worst = -1.0, None
    for a, b in pairs:
        tried = slowest_page_once(warehouse_file, Filters.from_strings(**values[a], **values[b]))
        if tried > slowest:
            slowest, worst = tried, (a, b)
    if worst:
        chosen = {**values[worst[0]], **values[worst[1]]}
        warm["worst_pair"], cold["worst_pair"], _ = timed_pages(
            warehouse_file, runs, Filters.from_strings(**chosen)
        )
        values["worst_pair"] = chosen
    return {"filters": values, "warm": warm, "cold": cold}


def _ms(work) -> tuple[float, float]:
    """(wall, CPU) milliseconds of work()."""
    started, used = time.perf_counter(), time.process_time()
    work()
    return (round((time.perf_counter() - started) * 1000, 1),
            round((time.process_time() - used) * 1000, 1))


# The same headline with plain pandas ----------------------------------------------------

WRITTEN_KINDS = ("proposal", "amendment", "comment", "debate", "argument", "survey_answer")


def load_frames(con) -> dict[str, pd.DataFrame]:
    """What a notebook analyst starts from, as pandas DataFrames: the base tables of
    contributions, proposals and moderation lists, the districts, and one row per person id
    with its circle and home district (the circle rules are the warehouse's, not redone)."""
    tables = {
        "contributions": "select contribution_id, source_key, person_id, author_kind, kind, "
                         "is_free_text, status from contributions",
        "proposals": "select proposal_id, source_key, channel, is_amendment, status, "
                     "created_at, published_at, answered_at from proposals",
        "persons": "select person_map.person_id, person_facts.person_id as canonical_id, circle, "
                   "home_district_id from person_map inner join person_facts using (person_key)",
        "measurable": "select source_key, moderation_measurable from source_moderation",
        "moderations": "select item_id, hidden_at from moderations",
        "districts": "select district_id, population from districts",
    }
    return {name: con.execute(sql).fetchdf() for name, sql in tables.items()}


def _first_per(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """One row per key, the first source in source_key order (as queries/derive/ keeps it)."""
    return frame.sort_values("source_key", kind="stable").drop_duplicates(key, keep="first")


def pandas_headline(frames: dict[str, pd.DataFrame]) -> dict:
    """Participants, by circle, beyond share, proposals by channel, in-person share,
    moderation rate, median days to answer and Duncan index, with pandas only."""
    from dashboard import metrics

    contributions = _first_per(frames["contributions"], "contribution_id").merge(
        frames["persons"], on="person_id", how="left"
    )
    is_person = contributions["canonical_id"].notna() & contributions["author_kind"].isin(
        ["participant", "user_group"]
    )
    persons = contributions[is_person].drop_duplicates("canonical_id")
    by_circle = persons["circle"].value_counts()
    counts = {str(c): int(by_circle.get(c, 0)) for c in (1, 2, 3)}
    participants = sum(counts.values())

    proposals = _first_per(frames["proposals"], "proposal_id")
    counted = proposals[
        ~proposals["is_amendment"].astype("boolean").fillna(False).astype(bool)
        & (proposals["status"].fillna("published") != "moderated")
    ]
    by_channel = counted["channel"].value_counts()
    channels = {c: int(by_channel.get(c, 0)) for c in ("online", "in_person")}
    total = sum(channels.values())

    moderations = frames["moderations"]
    hidden_ids = moderations.loc[moderations["hidden_at"].notna(), "item_id"].unique()
    written_kind = contributions["is_free_text"].astype("boolean").fillna(
        contributions["kind"].isin(WRITTEN_KINDS)
    ).astype(bool)
    measurable_sources = frames["measurable"].set_index("source_key")["moderation_measurable"]
    measurable = contributions["source_key"].map(measurable_sources).fillna(False).astype(bool)
    written = contributions[is_person & written_kind & measurable]
    moderated_written = (
        (written["status"] == "moderated") | written["contribution_id"].isin(hidden_ids)
    ).sum()
    hidden_only = len(pd.Index(hidden_ids).difference(frames["contributions"]["contribution_id"]))
    moderated = int(moderated_written) + hidden_only
    published = len(written) - int(moderated_written)

    made = counted["published_at"].fillna(counted["created_at"])
    days = (counted["answered_at"] - made).dt.total_seconds() / 86400.0
    answered = days[days >= 0]

    # every district with its participants; the index itself is the dashboard's arithmetic
    # on those rows (metrics.duncan_index: districts whose count is hidden count as one)
    territory = frames["districts"]
    observed = persons["home_district_id"].value_counts()
    spread = territory.assign(
        participants=territory["district_id"].map(observed).fillna(0).astype(int),
        computable=territory["population"].fillna(0) > 0,
    )
    duncan = metrics.duncan_index(spread)
    return {
        "participants": participants,
        "participants_by_circle": counts,
        "beyond_first_circle_share": (counts["2"] + counts["3"]) / participants
        if participants else None,
        "proposals_by_channel": channels,
        "in_person_share": channels["in_person"] / total if total else None,
        "moderation_rate": moderated / (published + moderated)
        if len(written) or hidden_only else None,
        "median_days_to_answer": float(answered.median()) if len(answered) else None,
        "duncan_index": duncan,
    }


def duckdb_headline(con) -> dict:
    """The same keys from the dashboard's own queries (headline_metrics)."""
    from dashboard import metrics

    headline = metrics.headline_metrics(con)
    return {key: headline[key] for key in (
        "participants", "participants_by_circle", "beyond_first_circle_share",
        "proposals_by_channel", "in_person_share", "moderation_rate",
        "median_days_to_answer", "duncan_index",
    )}


def same_numbers(left, right) -> bool:
    """Equal, floats to 1e-12 relative (sums in another order differ in the last bit)."""
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(same_numbers(left[k], right[k]) for k in left)
    if isinstance(left, float) or isinstance(right, float):
        return left is not None and right is not None and math.isclose(
            left, right, rel_tol=1e-12, abs_tol=1e-15)
    return left == right


def compare_with_pandas(warehouse_file: Path, runs: int = 3) -> dict:
    """Median seconds of the headline with DuckDB and with pandas, and whether they agree."""
    from dashboard.warehouse import connect_readonly

    con = connect_readonly(warehouse_file)
    try:
        frames = load_frames(con)  # outside the timing: the analyst's data already in memory
        duckdb_headline(con)  # first run apart: both sides timed warm
        duck = [_timed(lambda: duckdb_headline(con)) for _ in range(runs)]
        panda = [_timed(lambda: pandas_headline(frames)) for _ in range(runs)]
        agree = same_numbers(duck[-1][1], panda[-1][1])
    finally:
        con.close()
    duck_s = statistics.median(t for t, _ in duck)
    pandas_s = statistics.median(t for t, _ in panda)
    return {
        "duckdb_metrics_ms": round(duck_s * 1000, 1),
        "pandas_metrics_ms": round(pandas_s * 1000, 1),
        "pandas_ratio": round(pandas_s / duck_s, 1) if duck_s else None,
        "metrics_agree": agree,
        "headline": duck[-1][1],
        "pandas_headline": panda[-1][1],
    }


def _timed(work):
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def peak_rss_mb() -> float:
    """Peak resident memory of this program, in MB: Linux's VmHWM, which starts again when a
    process runs a new program, where ru_maxrss keeps the peak of the process that started
    it (the raw load, spawned, would report the bench's own peak). ru_maxrss elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed_raw_load(files: dict[str, Path], database: Path) -> dict:
    """raw_load in a fresh process, so that the memory DuckDB takes to load the files as text
    is not counted as Cercles' peak: its seconds, CPU seconds (all its threads) and peak
    memory in MB, measured inside it. DuckDB as it comes: its allocator keeps its own
    settings, not the ones Cercles sets for itself (ALLOCATOR_ENV in dashboard/__init__.py;
    with them the raw load at 10 M took 10.0 s against 10.55, three alternated runs)."""
    return in_own_process("raw_load", files, database, env={ALLOCATOR_ENV: ""})


def timed_import(files: dict[str, Path], warehouse_file: Path) -> dict:
    """import_campaign in a fresh process, as the raw load is timed and as `cercles import`
    runs: its memory is its own, not the generator's."""
    return in_own_process("import_campaign", files, warehouse_file)


def in_own_process(work: str, *args, env: dict[str, str] | None = None) -> dict:
    """`measured(work, *args)` in a fresh Python of its own: none of this one's memory, and
    `work`, a function of this module named, is the module's own, whatever this process did to
    it. A fresh interpreter rather than multiprocessing's spawn, which starts the child by
    running this process's main script again: after a Streamlit page ran in this process (the
    tests), that script is the dashboard's app.py, the child died on it, and a Pool started
    another for ever. A child that fails (killed for memory at 10 M, say) raises here, with the
    last line it wrote. `env`: variables set for the child."""
    import pickle
    import subprocess
    import sys

    with tempfile.TemporaryDirectory(prefix="cercles-measured-") as folder:
        result = Path(folder) / "figures.pickle"
        job = pickle.dumps({"work": work, "args": args, "result": str(result)})
        child = subprocess.run(
            [sys.executable, "-c", "from dashboard.bench import measured_from_stdin as m; m()"],
            input=job, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
                 **(env or {})},
        )
        if child.returncode or not result.exists():
            said = child.stderr.decode(errors="replace").strip().splitlines()
            last = said[-1] if said else f"exit status {child.returncode}"
            raise RuntimeError(f"{work} failed in its own process: {last}")
        return pickle.loads(result.read_bytes())


def measured_from_stdin() -> None:
    """The child's side of in_own_process: the job pickled on stdin, the figures to a file."""
    import pickle
    import sys

    job = pickle.loads(sys.stdin.buffer.read())
    figures = measured(job["work"], *job["args"])
    Path(job["result"]).write_bytes(pickle.dumps(figures))


def measured(work: str, *args) -> dict:
    """Seconds, CPU seconds (all threads) and this process's peak memory in MB of the
    function of this module named `work`, called with args."""
    started, used = time.perf_counter(), time.process_time()
    globals()[work](*args)
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - used,
        "peak_rss_mb": peak_rss_mb(),
    }


def timed_loads(files: dict[str, Path], warehouse_file: Path, raw_file: Path, pairs: int,
                say=lambda message: None) -> dict:
    """The import and the raw load of the same files, one after the other, `pairs` times: on
    this machine the same import took 34 to 42 s at 10 M within an hour, and its CPU seconds
    moved as much, so one pair is not a measurement of a ratio near 2. Each import starts from
    no warehouse, each raw load from no database; the last import's warehouse is kept."""
    runs = []
    for number in range(1, pairs + 1):
        remove_database(warehouse_file)
        say(f"importing ({number} of {pairs})")
        imported = timed_import(files, warehouse_file)
        say(f"loading the same files as plain text tables ({imported['seconds']:.1f} s to import)")
        raw = timed_raw_load(files, raw_file)
        remove_database(raw_file)
        runs.append((imported, raw))
    return paired_figures(runs)


def paired_figures(runs: list[tuple[dict, dict]]) -> dict:
    """The bench's import figures from (import, raw load) pairs, each measured by `measured`:
    medians of the seconds and CPU seconds, the ratio the median of each pair's own ratio (a
    pair shares the machine's speed of the moment; the ratio of the medians would not), the
    peaks the largest, and every pair as measured."""
    def median(figures: list[dict], key: str) -> float:
        return round(statistics.median(figure[key] for figure in figures), 1)

    imports, raws = [imported for imported, _ in runs], [raw for _, raw in runs]
    return {
        "import_seconds": median(imports, "seconds"),
        "import_cpu_seconds": median(imports, "cpu_seconds"),
        "raw_load_seconds": median(raws, "seconds"),
        "raw_load_cpu_seconds": median(raws, "cpu_seconds"),
        "import_ratio_to_raw": round(
            statistics.median(imported["seconds"] / raw["seconds"] for imported, raw in runs), 2
        ),
        "load_pairs": [
            {
                "import_seconds": round(imported["seconds"], 1),
                "raw_load_seconds": round(raw["seconds"], 1),
                "ratio": round(imported["seconds"] / raw["seconds"], 2),
            }
            for imported, raw in runs
        ],
        "raw_load_peak_rss_mb": max(raw["peak_rss_mb"] for raw in raws),
        "import_peak_rss_mb": max(imported["peak_rss_mb"] for imported in imports),
    }


def run_bench(events: int, keep: Path | None = None, seed: int = 2026, progress=None,
              with_pandas: bool = True, questions: int = 2, load_pairs: int = 3) -> dict:
    """Generate, import, time; returns the figures (see `cercles bench --json`)."""
    with tempfile.TemporaryDirectory(prefix="cercles-bench-") as tmp:
        folder = Path(keep) if keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        warehouse_file = folder / "bench.duckdb"
        say = progress or (lambda message: None)
        say(f"writing a campaign of about {events:,} contributions into {folder}")
        started = time.perf_counter()
        files = write_scaled_campaign(folder / "exports", events, seed, questions)
        generate_seconds = time.perf_counter() - started
        say(f"{generate_seconds:.1f} s to write the files; flushing them to disk")
        # The files on disk before either load is timed. Else the kernel writes them back
        # while the import runs, and not while the raw load after it does: at 10 M, imports
        # started right after the files were written took 40.2 and 42.0 s, against 35.8 to
        # 38.7 s once they were flushed.
        os.sync()
        loads = timed_loads(files, warehouse_file, folder / "raw-load.duckdb", load_pairs, say)
        say(f"timing the pages (the import {loads['import_ratio_to_raw']:.2f} times the raw load)")
        con = duckdb.connect(str(warehouse_file), read_only=True)
        try:
            contributions, persons, proposals = con.execute(
                "select (select count(*) from contributions), (select count(*) from person_facts),"
                " (select count(*) from proposals)"
            ).fetchone()
        finally:
            con.close()
        warm, cold, cpu = timed_pages(warehouse_file, runs=WARM_RUNS)
        say("timing the pages under each filter, and the slowest pair of filters")
        filtered = timed_filters(warehouse_file)
        # the import's process, or this one's timing the pages, before pandas holds its
        # own copy of the rows
        cercles_rss = max(loads["import_peak_rss_mb"], peak_rss_mb())
        comparison = {"pandas_ratio": None, "metrics_agree": None}
        if with_pandas:
            say("the same headline with pandas")
            comparison = compare_with_pandas(warehouse_file)
        return {
            "events": contributions,
            "events_asked": events,
            "questions_per_answer": questions,
            "exports_megabytes": round(sum(p.stat().st_size for p in files.values()) / 1e6, 1),
            "persons": persons,
            "proposals": proposals,
            "generate_seconds": round(generate_seconds, 1),
            **loads,
            "page_query_ms": warm,
            "cold_query_ms": cold,
            "page_query_cpu_ms": cpu,
            "slowest_page_ms": max(warm.values()),
            "filtered_values": filtered["filters"],
            "filtered_page_query_ms": filtered["warm"],
            "filtered_cold_query_ms": filtered["cold"],
            "slowest_filtered_page_ms": max(
                (ms for pages in filtered["warm"].values() for ms in pages.values()), default=None
            ),
            **{k: v for k, v in comparison.items() if k not in ("headline", "pandas_headline")},
            "peak_rss_mb": cercles_rss,
            "peak_rss_with_pandas_mb": peak_rss_mb(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "headline": comparison.get("headline"),
            "pandas_headline": comparison.get("pandas_headline"),
        }
