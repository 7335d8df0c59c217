"""In-person sheets, filled in from the templates shipped in data/templates/ (CSV and Excel)."""

import re
from datetime import datetime
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from test_roster import HOST, decidim_person, load, platform_exports

from dashboard import importers, sheet_templates
from dashboard.errors import InputError
from dashboard.importers import import_paths, sheets
from dashboard.privacy import pseudo

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"

REUNIONS = [
    ["A1", "14/03/2026", "18h30", "21h", "Salle des fêtes", "Centre", "présentiel", "45"],
    ["A2", "2026-03-21", "10:00", "12:00", "Maison du quartier", "Gare", "Hybride", "60"],
]
PROPOSITIONS = [
    ["A1", "Plus de bancs", "cadre de vie", "", "20/03/2026"],
    ["A1", "Piste cyclable", "mobilité", "Nord", ""],
    ["A2", "Jardin partagé", "", "", ""],
    ["A2", "", "", "", ""],  # no titre: skipped
]
EMARGEMENT = [
    ["A1", "zoe@exemple.fr", "01000"],
    ["A1", "Chloe", "1001"],  # a Decidim nickname; the postcode lost its leading zero
    ["A1", "", ""],  # illegible: anonymous attendance
    ["A2", " ZOE@exemple.fr ", ""],
    ["A2", "dora@exemple.fr", ""],  # the Cap Collectif account's e-mail
]
PHASES = [["Pré-propositions", "01/02/2026", "28/02/2026", "oui"],
          ["Ouverte", "01/03/2026", "31/03/2026", "non"]]
SIGNAUX = [["decidim", "7", "2"]]
CAMPAIGN = {"reunions": REUNIONS, "propositions_papier": PROPOSITIONS, "emargement": EMARGEMENT,
            "phases": PHASES, "signaux": SIGNAUX}


def fill_template(sheet, rows, folder, fmt, name=None) -> Path:
    """The shipped template with rows typed in, as a volunteer would save it."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    target = Path(folder) / f"{name or sheet}.{fmt}"
    if fmt == "csv":
        header = (TEMPLATES / f"{sheet}.csv").read_text(encoding="utf-8-sig").strip()
        lines = [header] + [";".join(row) for row in rows]
        target.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
        return target
    book = openpyxl.load_workbook(TEMPLATES / f"{sheet}.xlsx")
    for row in rows:
        book.active.append([excel_cell(value) for value in row])
    book.save(target)
    return target


def excel_cell(value: str):
    """What Excel makes of a typed value: dates and whole numbers stop being text."""
    if re.fullmatch(r"\d\d/\d\d/\d{4}", value):
        return datetime.strptime(value, "%d/%m/%Y")
    if re.fullmatch(r"\d+", value):
        return int(value)
    return value


def campaign_sheets(folder, fmt="csv", only=None) -> list[Path]:
    return [fill_template(sheet, rows, folder, fmt) for sheet, rows in CAMPAIGN.items()
            if only is None or sheet in only]


def table(warehouse_file, sql) -> pd.DataFrame:
    con = duckdb.connect(str(warehouse_file), read_only=True)
    try:
        return con.execute(sql).fetchdf()
    finally:
        con.close()


def test_templates_are_shipped_as_csv_and_excel_with_the_documented_columns(tmp_path):
    for sheet, columns in sheets.SHEET_COLUMNS.items():
        raw = (TEMPLATES / f"{sheet}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), sheet  # French Excel reads UTF-8 only with a BOM
        assert raw.decode("utf-8-sig").strip().split(";") == columns
        book = openpyxl.load_workbook(TEMPLATES / f"{sheet}.xlsx")
        assert [c.value for c in book.active[1]] == columns
    # The shipped files are what write_templates produces (they cannot drift apart).
    sheet_templates.write_templates(tmp_path)
    for sheet in sheets.SHEET_COLUMNS:
        assert (tmp_path / f"{sheet}.csv").read_bytes() == (TEMPLATES / f"{sheet}.csv").read_bytes()


def test_the_templates_import_as_shipped_with_zero_rows(warehouse_file):
    shipped = sorted(TEMPLATES.glob("*.csv")) + sorted(TEMPLATES.glob("*.xlsx"))
    assert len(shipped) == 2 * len(sheets.SHEET_COLUMNS)  # each as .csv and .xlsx
    batches = import_paths(shipped, warehouse_file)
    assert {(b.platform, b.entity) for b in batches} == {("sheet", s) for s in sheets.SHEET_COLUMNS}
    assert all(b.rows_read == 0 and b.rows_skipped == 0 for b in batches)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_filled_in_campaign_lands_in_the_warehouse(warehouse_file, tmp_path, fmt):
    batches = import_paths(campaign_sheets(tmp_path, fmt), warehouse_file)
    summary = {b.entity: (b.rows_read, b.rows_kept) for b in batches}
    assert summary == {"reunions": (2, 2), "propositions_papier": (4, 3), "emargement": (5, 4),
                       "phases": (2, 2), "signaux": (1, 1)}
    meetings = table(warehouse_file, "select * from meetings order by meeting_id")
    assert meetings["meeting_id"].tolist() == ["sheet|meeting|A1", "sheet|meeting|A2"]
    assert meetings["meeting_type"].tolist() == ["in_person", "hybrid"]
    # the sheets say 18h30-21h on 14/03/2026 and 10h-12h on 21/03/2026, Paris winter time
    # (UTC+1, summer time starts on 29 March): stored in UTC, an hour earlier
    assert meetings["start_at"].tolist() == [pd.Timestamp("2026-03-14 17:30"),
                                             pd.Timestamp("2026-03-21 09:00")]
    assert meetings["end_at"].tolist() == [pd.Timestamp("2026-03-14 20:00"),
                                           pd.Timestamp("2026-03-21 11:00")]
    assert meetings["headcount"].tolist() == [45, 60]
    assert meetings["scope_name"].tolist() == ["Centre", "Gare"]
    assert meetings["place"].tolist() == ["Salle des fêtes", "Maison du quartier"]

    proposals = table(warehouse_file, "select * from proposals order by proposal_id")
    assert len(proposals) == 3
    assert set(proposals["origin"]) == {"meeting"} and set(proposals["channel"]) == {"in_person"}
    assert set(proposals["state"]) == {"submitted"} and proposals["person_id"].isna().all()
    # created = the meeting's start; published = date_saisie, else the meeting's start.
    assert proposals["created_at"].tolist() == [pd.Timestamp("2026-03-14 17:30")] * 2 + [
        pd.Timestamp("2026-03-21 09:00")]
    assert proposals["published_at"].tolist() == [
        pd.Timestamp("2026-03-20"), pd.Timestamp("2026-03-14 17:30"), pd.Timestamp("2026-03-21 09:00")]
    assert proposals["scope_name"].fillna("").tolist() == ["", "Nord", ""]
    lag = table(warehouse_file, "select transcription_lag_days from proposal_facts order by proposal_id")
    assert lag["transcription_lag_days"].tolist() == [6, 0, 0]  # 14 -> 20 March

    contributions = table(warehouse_file, "select * from contributions order by contribution_id")
    paper = contributions[contributions["kind"] == "proposal"]
    assert set(paper["author_kind"]) == {"meeting"} and paper["person_id"].isna().all()
    attendance = contributions[contributions["kind"] == "attendance"]
    # Zoé signed twice (two meetings), Chloe and Dora once; the blank line is skipped.
    zoe, chloe = pseudo("sheet|email:zoe@exemple.fr"), pseudo("sheet|nickname:chloe")
    assert sorted(attendance["person_id"].value_counts().tolist()) == [1, 1, 2]
    assert sorted(attendance.loc[attendance["person_id"] == zoe, "created_at"]) == [
        pd.Timestamp("2026-03-14 17:30"), pd.Timestamp("2026-03-21 09:00")]
    assert set(attendance["channel"]) == {"in_person"}

    persons = table(warehouse_file, "select * from persons order by person_id").set_index("person_id")
    assert persons.loc[zoe, "profile_postcode"] == "01000"
    assert persons.loc[chloe, "profile_postcode"] == "01001"
    identities = table(warehouse_file, "select * from identities")
    assert pseudo("email:zoe@exemple.fr") in set(identities["identifier_hash"])
    assert set(identities.loc[identities["person_id"] == zoe, "identifier_kind"]) == {"email", "id"}

    phases = table(warehouse_file, "select * from phases order by starts_on")
    assert phases["phase_id"].tolist() == ["pre_propositions", "ouverte"]
    assert phases["restricted"].tolist() == [True, False]
    assert phases["ends_on"].astype(str).tolist() == ["2026-02-28", "2026-03-31"]
    signals = table(warehouse_file, "select * from circle_signals")
    assert signals.values.tolist() == [["decidim", None, pseudo("group:7"), 2]]


def test_sheets_import_in_any_order_with_the_same_result(tmp_path):
    together = tmp_path / "together.duckdb"
    import_paths(campaign_sheets(tmp_path / "a"), together)
    apart = tmp_path / "apart.duckdb"
    files = campaign_sheets(tmp_path / "b")
    early = import_paths([f for f in files if f.stem in ("propositions_papier", "emargement")], apart)
    # Before their meetings: kept, with a warning that names the meetings.
    assert all("A1, A2" in " ".join(map(str, b.warnings)) for b in early)
    import_paths([f for f in files if f.stem not in ("propositions_papier", "emargement")], apart)
    for sql in ("select * exclude (source_key) from proposals order by proposal_id",
                "select * exclude (source_key) from contributions order by contribution_id",
                "select * from contribution_facts order by all",
                "select * from person_facts order by person_id"):
        pd.testing.assert_frame_equal(table(together, sql), table(apart, sql))


def test_re_importing_a_sheet_replaces_it_and_another_file_name_adds_to_it(warehouse_file, tmp_path):
    reunions, proposals = campaign_sheets(tmp_path, only=("reunions", "propositions_papier"))
    import_paths([reunions, proposals], warehouse_file)
    import_paths([proposals], warehouse_file)
    assert table(warehouse_file, "select count(*) as n from proposals")["n"][0] == 3
    second = fill_template("propositions_papier", [["A2", "Un marché", "", "", ""]], tmp_path,
                           "csv", name="propositions_atelier_a2")
    import_paths([second], warehouse_file)
    assert table(warehouse_file, "select count(*) as n from proposals")["n"][0] == 4


@pytest.mark.parametrize("headcount, shown", [("-3", "'-3'"), ("quarante", "'quarante'"),
                                              ("12.5", "'12.5'")])
def test_an_impossible_headcount_names_its_line_and_column(warehouse_file, tmp_path, headcount, shown):
    rows = [REUNIONS[0], ["A2", "21/03/2026", "", "", "", "", "", headcount]]
    path = fill_template("reunions", rows, tmp_path, "csv")
    with pytest.raises(InputError) as error:
        import_paths([path], warehouse_file)
    assert str(error.value) == (f"{path}, line 3, column 'participants': {shown} is not a number "
                                "of people (0 or more)")
    assert not warehouse_file.exists()  # nothing was written


def test_a_proposal_for_a_meeting_missing_from_the_same_import_is_an_error(warehouse_file, tmp_path):
    reunions = fill_template("reunions", REUNIONS, tmp_path, "csv")
    proposals = fill_template("propositions_papier", [PROPOSITIONS[0], ["A9", "Typo", "", "", ""]],
                              tmp_path, "csv")
    with pytest.raises(InputError, match=r"line 3, column 'id_reunion': id_reunion 'A9' is not a meeting"):
        import_paths([proposals, reunions], warehouse_file)


class ReadWhenAsked:
    """Stands for the import's reading thread: a file is read only when the writer asks for
    it, so a loader that ran before the files after it were read would miss their meetings."""

    def __init__(self, **_):
        pass

    def submit(self, work, *args):
        return ReadWhenAsked.Later(lambda: work(*args))

    def shutdown(self, **_):
        pass

    class Later:
        def __init__(self, work):
            self.work, self.done = work, None

        def result(self):
            self.done = self.done or self.work()
            return self.done


def test_a_sheet_checks_its_meetings_against_every_file_even_those_read_later(
    warehouse_file, tmp_path, monkeypatch
):
    monkeypatch.setattr(importers, "ThreadPoolExecutor", ReadWhenAsked)
    reunions = fill_template("reunions", REUNIONS, tmp_path, "csv")
    proposals = fill_template("propositions_papier", [PROPOSITIONS[0], ["A9", "Typo", "", "", ""]],
                              tmp_path, "csv")
    with pytest.raises(InputError, match=r"line 3, column 'id_reunion': id_reunion 'A9' is not a meeting"):
        import_paths([proposals, reunions], warehouse_file)
    first = fill_template("propositions_papier", PROPOSITIONS[:1], tmp_path, "csv")
    batches = import_paths([first, reunions], warehouse_file)
    assert [b.warnings for b in batches] == [[], []]  # its meeting came in the second file


def test_meetings_sheets_cannot_define_the_same_meeting_twice(warehouse_file, tmp_path):
    import_paths([fill_template("reunions", REUNIONS, tmp_path, "csv")], warehouse_file)
    other = fill_template("reunions", [REUNIONS[1]], tmp_path, "csv", name="reunions_gare")
    with pytest.raises(InputError, match="'A2' is already a meeting of the sheet 'reunions'"):
        import_paths([other], warehouse_file)


@pytest.mark.parametrize("sheet, row, column, message", [
    ("reunions", ["A1", "31/02/2026", "", "", "", "", "", ""], "date", "is not a date"),
    ("reunions", ["A1", "14/03/2026", "25h", "", "", "", "", ""], "heure_debut", "is not a time"),
    ("reunions", ["A1", "14/03/2026", "", "", "", "", "webinaire", ""], "type", "is not a meeting type"),
    ("phases", ["P", "01/03/2026", "01/02/2026", "non"], "fin", "is before the phase's debut"),
    ("phases", ["P", "01/03/2026", "02/03/2026", "peut-être"], "restreinte", "is neither oui nor non"),
    ("signaux", ["decidim", "7", "4"], "cercle", "is not a circle"),
])
def test_unreadable_cells_are_named(tmp_path, sheet, row, column, message):
    path = fill_template(sheet, [row], tmp_path, "csv")
    with pytest.raises(InputError, match=f"line 2, column '{column}': .* {message}"):
        sheets.parse(path, sheet, {})


def test_sign_ins_join_platform_accounts_and_settings_apply_rules_2_and_3(warehouse_file, tmp_path):
    load(warehouse_file, platform_exports())
    import_paths(campaign_sheets(tmp_path), warehouse_file)
    facts = table(warehouse_file, "select * from person_facts").set_index("person_id")
    p3, p4 = decidim_person(HOST, 103), decidim_person("autre.exemple.fr", 101)
    p5 = pseudo("capcollectif|consultation.exemple.fr|id:VXNlcjp1c2VyNQ==")
    person_map = table(warehouse_file, "select * from person_map").set_index("person_id")["canonical_id"]
    # 'Chloe' on the sheet is chloe's Decidim account; dora@ is the Cap Collectif account.
    assert person_map[pseudo("sheet|nickname:chloe")] == p3
    assert person_map[pseudo("sheet|email:dora@exemple.fr")] == person_map[p5]
    # 6 accounts + Zoé (sheet only) = 7 persons.
    assert len(facts) == 7
    assert facts.loc[p3, ["circle", "circle_source"]].tolist() == [1, "phase"]  # 10 Feb: restricted
    assert facts.loc[p4, ["circle", "circle_source"]].tolist() == [2, "signal"]  # group 7
    zoe = pseudo("sheet|email:zoe@exemple.fr")
    assert facts.loc[zoe, ["circle", "circle_source"]].tolist() == [3, "default"]


ANSWERED = [
    ["A1", "Plus de bancs", "", "", "20/03/2026", "Retenue", "02/04/2026"],
    ["A1", "Piste cyclable", "", "", "", "A L'ETUDE", "16/03/2026"],
    ["A2", "Jardin partagé", "", "", "", "écartée", ""],  # answered, date not written down
    ["A2", "Un marché", "", "", "", "intégrée", "31/03/2026"],
    ["A2", "Des bancs", "", "", "", "", ""],
    ["A2", "Un kiosque", "", "", "", "retirée", "21/03/2026"],  # the meeting's day is fine
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_paper_proposals_carry_the_answers_typed_in_etat_and_date_reponse(warehouse_file, tmp_path,
                                                                          fmt):
    reunions = fill_template("reunions", REUNIONS, tmp_path, fmt)
    proposals = fill_template("propositions_papier", ANSWERED, tmp_path, fmt)
    import_paths([proposals, reunions], warehouse_file)  # answers checked whatever the order
    found = table(warehouse_file, "select proposals.*, proposal_facts.days_to_answer "
                  "from proposals join proposal_facts using (proposal_id) "
                  "order by proposals.created_at, proposals.proposal_id")
    assert found["state"].tolist() == ["accepted", "evaluating", "rejected", "accepted",
                                       "submitted", "withdrawn"]
    assert found["status"].tolist() == ["published"] * 5 + ["withdrawn"]
    assert found["answered_at"].tolist() == [
        pd.Timestamp("2026-04-02"), pd.Timestamp("2026-03-16"), pd.NaT,
        pd.Timestamp("2026-03-31"), pd.NaT, pd.Timestamp("2026-03-21")]
    # From published_at (date_saisie, else the meeting's start, 18h30 and 10h Paris = 17:30
    # and 09:00 UTC): 20/03 -> 02/04 = 13 days; 14/03 17:30 -> 16/03 = 1 day 6h30 = 1.2708;
    # 21/03 09:00 -> 31/03 = 9 days 15h = 9.625; 21/03 09:00 -> 21/03 00:00 = -9h = -0.375
    # (answered on the meeting's day).
    days = found["days_to_answer"].round(4).tolist()
    assert days[0] == 13.0 and days[1] == 1.2708 and days[3] == 9.625 and days[5] == -0.375
    assert pd.isna(days[2]) and pd.isna(days[4])


def test_a_paper_proposal_sheet_without_answer_columns_still_imports(warehouse_file, tmp_path):
    old = tmp_path / "propositions_2025.csv"
    old.write_text("id_reunion;titre;theme;quartier;date_saisie\r\nA1;Plus de bancs;;;\r\n",
                   encoding="utf-8-sig")
    import_paths([fill_template("reunions", REUNIONS, tmp_path, "csv"), old], warehouse_file)
    found = table(warehouse_file, "select state, status, answered_at is null as open from proposals")
    assert found.values.tolist() == [["submitted", "published", True]]


@pytest.mark.parametrize("meetings_first", [True, False])
def test_an_answer_dated_before_its_meeting_names_the_line_and_column(warehouse_file, tmp_path,
                                                                      meetings_first):
    # A1 met on 14/03/2026: an answer on 13/03 is a typo, on 14/03 it is fine.
    rows = [["A1", "Plus de bancs", "", "", "", "retenue", "14/03/2026"],
            ["A1", "Piste cyclable", "", "", "", "écartée", "13/03/2026"]]
    reunions = fill_template("reunions", REUNIONS, tmp_path, "csv")
    proposals = fill_template("propositions_papier", rows, tmp_path, "csv")
    if meetings_first:
        import_paths([reunions], warehouse_file)
        to_import = [proposals]
    else:
        import_paths([proposals], warehouse_file)  # kept: its meeting is not known yet
        to_import = [reunions]
    with pytest.raises(InputError) as error:
        import_paths(to_import, warehouse_file)
    where = str(proposals) if meetings_first else proposals.name
    assert str(error.value) == (f"{where}, line 3, column 'date_reponse': '13/03/2026' is before "
                                "the day of the proposal's meeting")


def test_sheet_times_are_read_on_the_paris_clock_and_stored_in_utc(warehouse_file, tmp_path):
    # Summer time (UTC+2) from 29 March 2026: 18h30 on 10/06 is 16:30 UTC. A meeting from
    # 00h30 to 2h on 11/06 (22:30 to 00:00 UTC, starting on 10/06 in UTC) is on 11/06 for the
    # team: an answer dated 10/06 is before its day, one dated 11/06 is not.
    meetings = [["E1", "10/06/2026", "18h30", "21h", "", "", "", ""],
                ["N1", "11/06/2026", "0h30", "2h", "", "", "", ""]]
    reunions = fill_template("reunions", meetings, tmp_path, "csv")
    import_paths([reunions], warehouse_file)
    found = table(warehouse_file, "select start_at, end_at from meetings order by meeting_id")
    assert found.values.tolist() == [
        [pd.Timestamp("2026-06-10 16:30"), pd.Timestamp("2026-06-10 19:00")],
        [pd.Timestamp("2026-06-10 22:30"), pd.Timestamp("2026-06-11 00:00")]]
    fine = fill_template("propositions_papier", [["N1", "Bancs", "", "", "", "retenue",
                                                  "11/06/2026"]], tmp_path, "csv", name="ok")
    import_paths([fine], warehouse_file)
    early = fill_template("propositions_papier", [["N1", "Bancs", "", "", "", "retenue",
                                                   "10/06/2026"]], tmp_path, "csv", name="early")
    with pytest.raises(InputError, match="line 2, column 'date_reponse': '10/06/2026' is before"):
        import_paths([early], warehouse_file)


@pytest.mark.parametrize("row, column, message", [
    (["A1", "T", "", "", "", "peut-être", ""], "etat", "is not a proposal state"),
    (["A1", "T", "", "", "", "", "02/04/2026"], "etat", "is empty: a proposal with a date_reponse"),
    (["A1", "T", "", "", "", "retenue", "32/04/2026"], "date_reponse", "is not a date"),
])
def test_unreadable_answers_are_named(tmp_path, row, column, message):
    path = fill_template("propositions_papier", [PROPOSITIONS[0][:5] + ["", ""], row], tmp_path,
                         "csv")
    with pytest.raises(InputError, match=f"line 3, column '{column}': .*{message}"):
        sheets.parse(path, "propositions_papier", {})


# Text tables Arrow reads and the C parser reads, by what is hard in them.
TRICKY_TABLES = {
    "plain": b"a;b\n1;2\n3;4\n",
    "crlf and a BOM": b"\xef\xbb\xbfa;b\r\n1;2\r\n",
    "quoted newline": b'a;b\n1;"x\ny"\n3;4\n',
    "doubled quotes": b'a;b\n1;"say ""hi"""\n',
    "stray quote in a cell": b'a;b\n1;5" pouces\n3;4\n',
    "blank lines": b"a;b\n\n1;2\n\n3;4\n",
    "blank-looking line": b"a;b\n1;2\n  \n3;4\n",
    "short record": b"a;b\n1\n3;4\n",
    "long record": b"a;b\n1;2;3\n",
    "unclosed quote": b'a;b\n1;"x\n3;4\n',
    "lone carriage returns": b"a;b\r1;2\r",
    "one column, blank-looking line": b"a\n  \n1\n",
    "invalid utf-8 later on": b"a;b\n1;2\n" + b"x" * 70000 + b";\xe9\n",
}


@pytest.mark.parametrize("name", TRICKY_TABLES)
def test_a_text_table_reads_the_same_whichever_parser_reads_it(tmp_path, name):
    from dashboard.importers import base

    path = tmp_path / "table.csv"
    path.write_bytes(TRICKY_TABLES[name])
    raw = path.read_bytes()
    encoding, delimiter, header = base.sniff(path)
    fast = base._read_cells_fast(raw, delimiter, encoding, len(header))
    if fast is not None:  # Arrow only answers when it reads exactly what the C parser reads
        pd.testing.assert_frame_equal(fast, base._read_cells(path, raw, delimiter, encoding))
    try:
        whole = base.read_table(path)
    except InputError as error:  # the same error with the column left out
        with pytest.raises(InputError, match=re.escape(str(error).split(": ", 1)[1])):
            base.read_table(path, skip=lambda column: column == "b")
        return
    # Lines follow the physical file, past blank lines and cells spanning two lines.
    lines = {"plain": [2, 3], "blank lines": [3, 5], "quoted newline": [2, 4]}
    if name in lines:
        assert whole["_line"].tolist() == lines[name]
    left_out = base.read_table(path, skip=lambda column: column == "b")
    pd.testing.assert_frame_equal(left_out, whole.drop(columns=[c for c in whole if c == "b"]))


def test_a_left_out_column_named_twice_is_still_an_error(tmp_path):
    from dashboard.importers import base

    path = tmp_path / "table.csv"
    path.write_bytes(b"a;body;body\n1;x;y\n")
    with pytest.raises(InputError, match="column 'body' appears twice"):
        base.read_table(path, skip=lambda column: column == "body")


def test_a_person_signing_several_sheets_keeps_the_smallest_postcode(warehouse_file, tmp_path):
    rows = [
        ["A1", "zoe@exemple.fr", "38475"],
        ["A2", "zoe@exemple.fr", ""],
        ["A2", "ZOE@exemple.fr", "38471"],  # the same person twice in A2: skipped
        ["A1", "Chloe", ""],
        ["A2", "chloe", "38000"],
        ["A1", "leon@exemple.fr", ""],
    ]
    batches = import_paths([fill_template("reunions", REUNIONS, tmp_path, "csv"),
                            fill_template("emargement", rows, tmp_path, "csv")], warehouse_file)
    assert batches[1].skipped_codes() == {"sheet_signed_twice": 1}
    persons = table(warehouse_file, "select person_id, profile_postcode from persons "
                                    "where source_key like 'sheet||%'")
    postcodes = dict(zip(persons["person_id"], persons["profile_postcode"].astype(object)
                         .where(persons["profile_postcode"].notna(), None)))
    # Zoé gave 38475 (A1) and 38471 (A2, skipped line): the kept lines only say 38475.
    assert postcodes == {pseudo("sheet|email:zoe@exemple.fr"): "38475",
                         pseudo("sheet|nickname:chloe"): "38000",
                         pseudo("sheet|email:leon@exemple.fr"): None}


def test_sheet_content_imported_after_its_meetings_is_dated_by_them(warehouse_file, tmp_path):
    import_paths([fill_template("reunions", REUNIONS, tmp_path, "csv")], warehouse_file)
    import_paths([fill_template("propositions_papier", PROPOSITIONS, tmp_path, "csv"),
                  fill_template("emargement", EMARGEMENT, tmp_path, "csv")], warehouse_file)
    proposals = table(warehouse_file, "select created_at, published_at from proposals "
                                      "order by proposal_id")
    a1, a2 = datetime(2026, 3, 14, 17, 30), datetime(2026, 3, 21, 9, 0)  # 18h30, 10h Paris
    # Lines 2-4 of the sheet: A1 typed in on 20/03, A1 on its meeting's day, A2 likewise.
    assert proposals["created_at"].tolist() == [a1, a1, a2]
    assert proposals["published_at"].tolist() == [datetime(2026, 3, 20), a1, a2]
    sign_ins = table(warehouse_file, "select created_at from contributions "
                                     "where kind = 'attendance' order by created_at")
    assert sign_ins["created_at"].tolist() == [a1, a1, a2, a2]  # 4 named lines of 5
