"""No one can be read back from a warehouse: the demo campaign, built from genuine export
files that carry names, e-mails, nicknames and user ids, leaves none of them in any text
column, in the import summaries, or anywhere in the file's bytes; person keys are keyed
pseudonyms whose key stays outside. Small counts share one threshold.
"""

import csv
import io
import os
import re
import stat
import zipfile

import duckdb
import pandas as pd
import pytest

from dashboard import demo, funnel, privacy, ui
from tests.metric_fixtures import build_fixture_warehouse

SEED = 2026
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
PSEUDONYM = re.compile(r"^[0-9a-f]{32}$")
PSEUDONYM_COLUMNS = ("person_id", "identifier_hash", "user_group_id", "user_group_ids")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo campaign imported with its own key, and its ground truth (who is who)."""
    folder = tmp_path_factory.mktemp("privacy")
    key = folder / "keys" / "pseudonymisation.key"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("CERCLES_KEY", raising=False)
        patch.delenv("CERCLES_WAREHOUSE", raising=False)
        patch.setenv("CERCLES_KEY_FILE", str(key))
        privacy._key.cache_clear()
        batches = demo.build_demo(folder / "files", folder / "w.duckdb", seed=SEED)
        key_bytes = privacy.secret_key()
        privacy._key.cache_clear()
    return {
        "warehouse": folder / "w.duckdb",
        "files": folder / "files",
        "key": key,
        "key_bytes": key_bytes,
        "batches": batches,
        "campaign": demo.generate_campaign(SEED),
    }


def text_cells(warehouse_file) -> dict[str, set[str]]:
    """'table.column' -> distinct values of every VARCHAR and VARCHAR[] column."""
    con = duckdb.connect(str(warehouse_file), read_only=True)
    columns = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where data_type in ('VARCHAR', 'VARCHAR[]') order by all"
    ).fetchall()
    cells = {}
    for table, column, kind in columns:
        value = f'unnest("{column}")' if kind == "VARCHAR[]" else f'"{column}"'
        rows = con.execute(f'select distinct {value} from "{table}"').fetchall()
        cells[f"{table}.{column}"] = {row[0] for row in rows if row[0] is not None}
    con.close()
    return cells


def people_words(campaign) -> dict[str, set[str]]:
    """What would identify a demo person, as the exports and the roster write it."""
    people = campaign.people
    accounts = people[people["user_id"].notna()]
    return {
        "name": set(people["name"]) | set(people["last_name"].str.upper() + " " + people["first_name"]),
        "email": set(people["email"].dropna()),
        "nickname": set(accounts["nickname"]),
        "user id": {str(int(uid)) for uid in accounts["user_id"]},
    }


def finder(words) -> re.Pattern:
    """One case-insensitive pattern matching any of the words as a whole word."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w)
    return re.compile(rf"(?<![\w@.])(?:{alternatives})(?![\w@])", re.IGNORECASE)


def test_the_demo_files_do_carry_identities(built):
    """The scan below is only worth something if the inputs had something to leak."""
    words = people_words(built["campaign"])
    assert len(words["name"]) > 200 and len(words["email"]) > 100 and len(words["nickname"]) > 100
    exported = "".join(p.read_text(encoding="utf-8", errors="replace")
                       for p in built["files"].rglob("*.csv"))
    assert EMAIL.search(exported)
    assert finder(words["nickname"]).search(exported)


def test_no_email_name_or_nickname_in_any_text_column(built):
    words = people_words(built["campaign"])
    names, nicknames = finder(words["name"]), finder(words["nickname"])
    emails = finder(words["email"])
    leaks = []
    scanned = 0
    for column, values in text_cells(built["warehouse"]).items():
        for value in values:
            scanned += 1
            for what, pattern in (("e-mail", EMAIL), ("e-mail", emails), ("name", names),
                                  ("nickname", nicknames)):
                if pattern.search(value):
                    leaks.append(f"{column}: a {what}")
    print(f"scanned {scanned} distinct text values")
    assert scanned > 1000
    assert leaks == []


def test_person_keys_are_pseudonyms_never_platform_ids(built):
    user_ids = people_words(built["campaign"])["user id"]
    for column, values in text_cells(built["warehouse"]).items():
        if column.split(".")[1] in PSEUDONYM_COLUMNS or column.endswith("person_id"):
            assert all(PSEUDONYM.match(v) for v in values), column
            assert not values & user_ids, column


CONTENT_ID = re.compile(r"^(decidim|capcollectif|granddebat)\|[^|]*\|[a-z_]+\|[0-9a-f]{32}$")


def test_platform_content_ids_are_pseudonyms_and_the_roster_keeps_no_line(built):
    """A Decidim proposal or comment id opens a public page naming its author: only its keyed
    pseudonym is stored. Meetings, public events of the organisation, keep theirs."""
    con = duckdb.connect(str(built["warehouse"]), read_only=True)
    platform = "split_part({0}, '|', 1) in ('decidim', 'capcollectif', 'granddebat')"
    checked = 0
    for table, column in (("contributions", "contribution_id"), ("proposals", "proposal_id"),
                          ("moderations", "item_id")):
        ids = [row[0] for row in con.execute(
            f"select {column} from {table} where {platform.format(column)}").fetchall()]
        assert [i for i in ids if not CONTENT_ID.match(i)] == [], table
        checked += len(ids)
    assert checked > 1000
    # a sign-in sheet's line is a person: attendance ids keep neither its number nor its order
    signed = [row[0] for row in con.execute(
        "select contribution_id from contribution_rows where kind = 'attendance' "
        "and contribution_id like 'sheet|%' order by rowid").fetchall()]
    assert len(signed) > 50 and signed == sorted(signed)
    assert all(re.fullmatch(r"sheet\|\|attendance\|[0-9a-f]{32}", i) for i in signed)
    # the demo's Decidim proposals: each stored id is the keyed pseudonym of the export's id
    (archive,) = built["files"].glob("*open-data.zip")
    with zipfile.ZipFile(archive) as opened:
        (name,) = [n for n in opened.namelist() if n.endswith("-proposals.csv")]
        rows = list(csv.DictReader(io.StringIO(opened.read(name).decode("utf-8-sig")),
                                   delimiter=";"))
    host = archive.name.removesuffix("-open-data.zip")
    stored = {row[0] for row in con.execute("select proposal_id from proposals").fetchall()}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CERCLES_KEY_FILE", str(built["key"]))
        privacy._key.cache_clear()
        pseudonyms = {privacy.content_id(f"decidim|{host}|proposal|{r['id']}") for r in rows}
        privacy._key.cache_clear()
    assert len(rows) > 500 and pseudonyms <= stored
    assert not {f"decidim|{host}|proposal|{r['id']}" for r in rows} & stored
    columns = [row[0] for row in con.execute(
        "select column_name from information_schema.columns where table_name = 'roster_entries'"
    ).fetchall()]
    assert "line_number" not in columns
    con.close()


def test_identity_hashes_are_the_keyed_hmac_of_the_identifiers(built):
    """The roster's e-mails are in the warehouse only as HMACs under the key kept outside."""
    import hashlib
    import hmac

    con = duckdb.connect(str(built["warehouse"]), read_only=True)
    stored = {row[0] for row in con.execute(
        "select identifier_hash from roster_entries where identifier_kind = 'email'").fetchall()}
    con.close()
    roster_emails = set(built["campaign"].roster["email"].replace("", None).dropna())
    keyed = {hmac.new(built["key_bytes"], f"email:{e.strip().lower()}".encode(),
                      hashlib.sha256).hexdigest()[:32] for e in roster_emails}
    assert stored and stored <= keyed
    unkeyed = {hashlib.sha256(f"email:{e.strip().lower()}".encode()).hexdigest()[:32]
               for e in roster_emails}
    assert not stored & unkeyed  # without the key, a dictionary of e-mails finds nobody


def test_the_key_never_enters_the_warehouse(built):
    assert stat.S_IMODE(os.stat(built["key"]).st_mode) == 0o600
    assert built["key"].parent != built["warehouse"].parent
    raw = built["warehouse"].read_bytes()
    assert built["key_bytes"].hex().encode() not in raw
    assert built["key"].read_text().strip().encode() not in raw
    assert b"from_hex(" not in raw  # the SQL pseudo() macro is temporary, never stored


def test_import_summaries_name_no_one(built):
    words = people_words(built["campaign"])
    lines = [b.summary_line() for b in built["batches"]]
    lines += [w for b in built["batches"] for w in b.warnings]
    text = "\n".join(lines)
    assert len(lines) >= 8
    assert not EMAIL.search(text)
    assert not finder(words["name"]).search(text)
    assert not finder(words["nickname"]).search(text)


def test_the_environment_key_replaces_the_file(monkeypatch, tmp_path):
    monkeypatch.setenv("CERCLES_KEY", "une phrase secrète de la campagne")
    privacy._key.cache_clear()
    from_env = privacy.pseudo("email:ana@exemple.fr")
    assert not privacy.key_file().exists()  # nothing written when the key comes from outside
    monkeypatch.setenv("CERCLES_KEY", "une autre")
    privacy._key.cache_clear()
    assert privacy.pseudo("email:ana@exemple.fr") != from_env
    privacy._key.cache_clear()


# Small counts: one threshold ($CERCLES_MIN_COUNT) for the dashboard, downloads and the report.


def test_one_threshold_serves_every_view(monkeypatch):
    assert privacy.min_count() == ui.min_count() == 11
    monkeypatch.setenv("CERCLES_MIN_COUNT", "5")
    assert privacy.min_count() == ui.min_count() == 5
    monkeypatch.setenv("CERCLES_MIN_COUNT", "beaucoup")
    assert privacy.min_count() == 11
    monkeypatch.setenv("CERCLES_MIN_COUNT", "0")
    assert privacy.min_count() == 1  # 0 would hide nothing anyway; never negative


def test_one_small_district_hides_a_second_so_the_total_gives_nothing_away():
    districts = pd.DataFrame({"district": ["a", "b", "c", "d"], "participants": [3, 40, 12, 25]})
    shown = privacy.suppress_small_counts(districts, ["participants"])
    # 3 < 11 hidden; alone it would be total (80) - 40 - 12 - 25: the next smallest, 12, goes too
    assert list(shown["participants"]) == ["< 11", "40", "< 11", "25"]


def test_two_small_districts_need_no_second_suppression():
    districts = pd.DataFrame({"participants": [3, 40, 5, 25, 0]})
    shown = privacy.suppress_small_counts(districts, ["participants"])
    # 3 and 5 hidden: the total only gives their sum (8); 0 reveals nobody and stays
    assert list(shown["participants"]) == ["< 11", "40", "< 11", "25", "0"]


def test_counts_derived_from_a_hidden_count_are_hidden_with_it():
    targets = pd.DataFrame({"participants": [4, 30, 13], "expected": [24.0, 30.0, 20.0],
                            "missing_participants": [20.0, 0.0, 7.0]})
    shown = privacy.suppress_small_counts(targets, ["participants"],
                                          linked=["missing_participants"])
    # 4 is hidden, 13 with it (secondary); expected - missing would give both back
    assert list(shown["participants"]) == ["< 11", "30", "< 11"]
    assert list(shown["missing_participants"]) == ["< 11", "0", "< 11"]
    assert privacy.is_small_count(4) and not privacy.is_small_count(0)
    assert not privacy.is_small_count(None) and not privacy.is_small_count(float("nan"))


def test_the_fixture_district_view_hides_small_counts(tmp_path):
    """The hand-worked fixture: nord 5 participants (A C F H I), sud 3 (B E G), port 1 (J),
    est 0: every non-zero district count is below 11, est shows its 0."""
    from dashboard import metrics

    con = duckdb.connect(str(build_fixture_warehouse(tmp_path / "w.duckdb")), read_only=True)
    reach = metrics.district_reach(con)
    shown = privacy.suppress_small_counts(reach, ["participants"])
    counts = dict(zip(reach["district_id"], reach["participants"]))
    assert counts["est"] == 0
    for district, value in zip(reach["district_id"], shown["participants"]):
        assert value == ("0" if counts[district] == 0 else "< 11"), district


def test_figures_derived_from_a_hidden_district_count_read_as_bounds():
    # the demo's Mistral-Sud: O = 3 of E = 30.65 (population 12,000), threshold 11
    bound = privacy.count_bound
    assert bound("participants", 30.65, 12000, threshold=11) == 11
    assert bound("missing_participants", 30.65, 12000, threshold=11) == pytest.approx(19.65)
    assert bound("ratio", 30.65, 12000, threshold=11) == pytest.approx(11 / 30.65)  # 0.3589
    assert bound("rate_per_1000", 30.65, 12000, threshold=11) == pytest.approx(11000 / 12000)
    # E <= threshold: E - O > E - 11 would say nothing true and useful; no E or population
    assert bound("missing_participants", 8.0, 3000, threshold=11) is None
    assert bound("ratio", None, 3000, threshold=11) is None
    assert bound("rate_per_1000", 2.0, float("nan"), threshold=11) is None

    def two(v):
        return f"{v:.2f}".replace(".", ",")

    assert privacy.bound_text("small", "ratio", 11 / 30.65, "0,10", two) == "< 0,36"
    assert privacy.bound_text("small", "missing_participants", 19.65, "28", two) == "> 19,65"
    assert privacy.bound_text("complementary", "ratio", None, "1,20", two) == "–"
    assert privacy.bound_text(None, "ratio", None, "1,20", two) == "1,20"


def test_bounds_in_whole_persons_stay_true():
    # missing > 19.65 is still true as "> 19" (19 < 19.65 < E - O); "> 20" would not be
    # proven. Bounds from below round up: < 3.2 -> < 4.
    assert privacy.whole_bound("missing_participants", 19.65) == 19
    assert privacy.whole_bound("missing_participants", 20.0) == 20
    assert privacy.whole_bound("participants", 3.2) == 4
    assert privacy.whole_bound("missing_participants", None) is None


def test_each_target_says_why_in_one_line():
    from dashboard import charts

    row = {"status": funnel.ALARM, "missing_participants": 20.4, "expected": 30.65,
           "population": 12000, "last_meeting_at": pd.Timestamp("2025-11-12 17:30")}
    assert charts.target_reason(row, None, 11, "fr") == (
        "sous la limite à 99,8 % — 20 participants manquants, dernière réunion le 12/11/2025")
    # its count hidden: missing > 30.65 - 11 = 19.65, said in whole persons
    no_meeting = dict(row, last_meeting_at=pd.NaT, status=funnel.ALERT)
    assert charts.target_reason(no_meeting, "small", 11, "en") == (
        "below the 95 % limit — more than 19 participants missing, no meeting in the period")
    # E = 6.08 <= 11: no bound holds, the missing count is not said at all
    small = dict(row, expected=6.08, missing_participants=5.08)
    assert charts.target_reason(small, "small", 11, "fr") == (
        "sous la limite à 99,8 % — dernière réunion le 12/11/2025")


def test_no_bound_shown_for_a_hidden_district_depends_on_its_count():
    """Whatever the hidden O (1..10), every displayed figure is the same string, so neither
    E - missing nor E x O/E nor rate x population / 1,000 gives O back."""
    def shown(observed):
        reach = pd.DataFrame({
            "district_id": ["mistral", "centre"], "participants": [observed, 400],
            "expected": [30.65, 372.35], "population": [12000, 145000],
            "missing_participants": [30.65 - observed, 0.0],
            "ratio": [observed / 30.65, 400 / 372.35],
            "rate_per_1000": [observed * 1000 / 12000, 400 * 1000 / 145000],
        })
        hidden = privacy.hidden_districts(reach, threshold=11)
        # one small count only: the smallest shown one (centre) is hidden as complementary
        assert hidden == {"mistral": "small", "centre": "complementary"}
        fmt = {c: (lambda v: f"{v:.2f}") for c in privacy.COUNT_BOUND_SIGNS}
        return privacy.bound_district_figures(reach, hidden, fmt, threshold=11)

    first = shown(1)
    assert list(first.loc[0, list(privacy.COUNT_BOUND_SIGNS)]) == [
        "< 11.00", "> 19.65", "< 0.36", "< 0.92"]  # 11; 30.65-11; 11/30.65; 11000/12000
    assert list(first.loc[1, list(privacy.COUNT_BOUND_SIGNS)]) == ["–"] * 4
    for observed in range(2, 11):
        assert shown(observed).equals(first), observed


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_warehouse_its_working_copy_the_report_and_the_key_are_private(tmp_path):
    from pathlib import Path

    from dashboard import report, warehouse
    from dashboard.metrics import Filters

    umask = os.umask(0o022)  # the usual umask, which leaves new files readable by everyone
    try:
        warehouse_file = tmp_path / "cercles.duckdb"
        with warehouse.writer(warehouse_file) as con:
            work = Path(f"{warehouse_file}.importing")
            con.execute("create table notes as select 'x' as note")
            assert mode(work) == 0o600
            for companion in (Path(f"{work}.wal"), Path(f"{warehouse_file}.lock")):
                assert not companion.exists() or mode(companion) == 0o600
        assert mode(warehouse_file) == 0o600
        os.chmod(warehouse_file, 0o644)  # as an older Cercles left it
        with warehouse.writer(warehouse_file):
            pass
        assert mode(warehouse_file) == 0o600

        out = tmp_path / "bilan.html"
        out.write_text("an older report")
        os.chmod(out, 0o644)
        report.build_report(build_fixture_warehouse(), Filters(), "fr", out=out)
        assert mode(out) == 0o600

        privacy._key.cache_clear()
        privacy.secret_key()
        assert mode(privacy.key_file()) == 0o600
        assert mode(privacy.key_file().parent) == 0o700
    finally:
        os.umask(umask)


def test_threads_asking_for_a_new_key_at_once_all_get_the_one_written(monkeypatch, tmp_path):
    # the import's parsing thread and its writer may both be first to need the key: one key
    # file is written, whole, and every thread reads that one (never an error, never "")
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.delenv("CERCLES_KEY", raising=False)
    path = tmp_path / "keys" / "pseudonymisation.key"
    monkeypatch.setenv("CERCLES_KEY_FILE", str(path))
    privacy._key.cache_clear()
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = list(pool.map(lambda _: privacy._key(None, str(path)), range(32)))
    # a process that looked before another wrote the key, and then creates its own: it
    # keeps the one already there
    privacy._key.cache_clear()
    monkeypatch.setattr(privacy.Path, "exists", lambda self: False)
    keys.append(privacy._key(None, str(path)))
    monkeypatch.undo()
    privacy._key.cache_clear()
    assert len(set(keys)) == 1 and keys[0] == bytes.fromhex(path.read_text())
    assert len(keys[0]) == 32
    assert sorted(p.name for p in path.parent.iterdir()) == ["pseudonymisation.key"]
