"""Bad input never reaches the user as a traceback: each file of the corpus below (built in the
test, nothing committed) ends in one `Error:` line naming the file (and line and column when
they exist) with exit code 1 and the warehouse exactly as it was, or imports with a counted
skip or a warning shown in the summary.

The warehouse under test is the hand-worked fixture campaign (tests/metric_fixtures.py).
"""

import csv
import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from dashboard.cli import main
from tests.metric_fixtures import build_fixture_warehouse

REPO = Path(__file__).resolve().parent.parent
DECIDIM_PROPOSALS = (REPO / "tests" / "fixtures" / "decidim" / "v030"
                     / "concertation.exemple-ville.fr-open-data-proposals.csv")
MEETINGS_HEADER = "id_reunion;date;heure_debut;heure_fin;lieu;quartier;type;participants\n"
MEETING = "A1;12/03/2026;18h30;21h;Salle des fêtes;Nord;présentiel;40\n"
SQUARE = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]


def feature_collection(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties, "geometry": geometry}
        for properties, geometry in features
    ]})


def zipped(**entries) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


def password_protected_zip() -> bytes:
    """A zip whose entry says it is encrypted (the flag a password-protected zip carries)."""
    data = bytearray(zipped(**{"reunions.csv": MEETINGS_HEADER + MEETING}))
    data[data.find(b"PK\x03\x04") + 6] |= 1  # local header general-purpose flag
    data[data.find(b"PK\x01\x02") + 8] |= 1  # central directory copy of the flag
    return bytes(data)


def traversal_zip(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(name), MEETINGS_HEADER + MEETING)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """100 MB of zeros in ~100 KB: a ratio far beyond any export."""
    return zipped(**{"reunions.csv": b"\0" * (100 << 20)})


def spread_zip_bomb() -> bytes:
    """Zeros under the per-entry size check (a bomb of 40 entries of 63 MB, scaled down to
    3 of 30 MB): 90 MB from about 90 KB, refused by the archive's total ratio."""
    return zipped(**{f"reunions{i}.csv": b"\0" * (30 << 20) for i in range(3)})


def many_entries_zip() -> bytes:
    """1,001 one-line sheets: more entries than any export (a Decidim zip holds about 15)."""
    return zipped(**{f"r{i}/reunions.csv": MEETINGS_HEADER + MEETING for i in range(1001)})


def long_header(size: int) -> bytes:
    """A CSV whose one header line is `size` bytes or more (columns of 12 characters)."""
    return (";".join(f"colonne{i:05d}" for i in range(size // 13 + 1)) + "\n1;2\n").encode()


def decidim_proposals(change=None, duplicate_first=False, drop_id=False) -> bytes:
    """The v0.30 proposals fixture with one cell changed: change = (column, row, value)."""
    rows = list(csv.reader(io.StringIO(DECIDIM_PROPOSALS.read_text(encoding="utf-8-sig")),
                           delimiter=";"))
    if change:
        column, row, value = change
        rows[row][rows[0].index(column)] = value
    if duplicate_first:
        rows.append(list(rows[1]))
    if drop_id:
        rows = [row[1:] for row in rows]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


CAP_FILE = "contributions_quartiers_depot.csv"


def cap_proposals(votes="3", lat="48.2", published="2026-02-02 10:00:00") -> bytes:
    """A Cap Collectif proposals export (translation-key headers); its second row varies."""
    return (
        "export_proposal_id,export_proposal_published_at,export_proposal_title,"
        "export_proposal_author_id,export_proposal_votes_digital_count,export_proposal_address_lat\n"
        "proposal1,2026-02-01 10:00:00,Un banc,user1,12,48.1\n"
        f"proposal2,{published},Une piste,user2,{votes},{lat}\n"
    ).encode()


# (case, command, file name, content, what the one error line must say)
ERRORS = [
    ("empty file", "import", "reunions.csv", b"", ["the file is empty"]),
    ("only blank lines", "import", "reunions.csv", b"\r\n\n  \n", ["the file is empty"]),
    ("binary garbage", "import", "export.csv", bytes(range(256)) * 16, ["binary content"]),
    ("garbage without a NUL byte", "import", "export.csv", bytes(range(1, 256)) * 16,
     ["line 1", "not a file Cercles recognises"]),
    ("damaged Excel file", "import", "reunions.xlsx", b"PK\x03\x04 not really a workbook",
     ["cannot read this Excel file"]),
    ("truncated zip", "import", "export.zip",
     zipped(**{"reunions.csv": MEETINGS_HEADER + MEETING * 2000})[:600],
     ["not a readable zip file"]),
    ("not a zip at all", "import", "export.zip", b"hello", ["not a readable zip file"]),
    ("password-protected zip", "import", "export.zip", password_protected_zip(),
     ["password-protected"]),
    ("zip entry climbing out", "import", "export.zip", traversal_zip("../../evil.csv"),
     ["'../../evil.csv' points outside the archive"]),
    ("zip entry with an absolute path", "import", "export.zip", traversal_zip("/tmp/evil.csv"),
     ["points outside the archive"]),
    ("zip bomb", "import", "export.zip", zip_bomb, ["would unpack to", "times its size"]),
    ("zip bomb spread over entries", "import", "export.zip", spread_zip_bomb,
     ["would unpack to", "times its size"]),
    ("zip of 1,001 entries", "import", "export.zip", many_entries_zip,
     ["the zip holds 1,001 entries, more than the 1,000"]),
    ("header line over 1 MB", "import", "export.csv", long_header(1 << 20),
     ["line 1", "longer than 1 MB"]),
    ("header line over 128 KB", "import", "export.csv", long_header(200_000),
     ["line 1", "not a file Cercles recognises (header: colonne00000"]),
    ("zip without a table", "import", "export.zip", zipped(**{"notes.txt.md": "hello"}),
     ["no table file"]),
    ("wrong delimiter: commas, a comma unquoted in a cell", "import", "reunions.csv",
     (MEETINGS_HEADER.replace(";", ",")
      + "A1,12/03/2026,18h30,21h,Salle des fêtes, 2 rue Haute,Nord,présentiel,40\n").encode(),
     ["line 2", "expected 8 fields like the header, found 9"]),
    ("a record wider than the header", "import", "reunions.csv",
     (MEETINGS_HEADER + MEETING + "A2;13/03/2026;18h;20h;Salle;Sud;présentiel;30;oups\n").encode(),
     ["line 3", "expected 8 fields"]),
    ("a quote never closed", "import", "reunions.csv",
     (MEETINGS_HEADER + MEETING + 'A2;13/03/2026;18h;20h;"Salle;Sud;présentiel;30\n'
      + MEETING.replace("A1", "A3")).encode(),
     ["line 3", "quote opened here is never closed"]),
    ("duplicated column", "import", "reunions.csv",
     (MEETINGS_HEADER.strip() + ";date\n" + MEETING.strip() + ";12/03/2026\n").encode(),
     ["line 1", "column 'date' appears twice"]),
    ("missing required column", "import", "reunions.csv",
     b"id_reunion;heure_debut;lieu\nA1;18h;Salle\n",
     ["line 1", "not a file Cercles recognises", "id_reunion, heure_debut, lieu"]),
    ("impossible date in a sheet", "import", "reunions.csv",
     (MEETINGS_HEADER + MEETING.replace("12/03/2026", "31/02/2026")).encode(),
     ["line 2", "column 'date'", "'31/02/2026' is not a date"]),
    ("impossible date in Decidim", "import", DECIDIM_PROPOSALS.name,
     decidim_proposals(("published_at", 2, "2026-13-45 10:00:00 UTC")),
     ["line 3", "column 'published_at'", "impossible date"]),
    ("negative headcount", "import", "reunions.csv",
     (MEETINGS_HEADER + MEETING.replace(";40", ";-4")).encode(),
     ["line 2", "column 'participants'", "'-4'"]),
    ("non-numeric headcount", "import", "reunions.csv",
     (MEETINGS_HEADER + MEETING.replace(";40", ";beaucoup")).encode(),
     ["line 2", "column 'participants'", "'beaucoup'"]),
    ("non-numeric votes in Decidim", "import", DECIDIM_PROPOSALS.name,
     decidim_proposals(("votes", 2, "douze")),
     ["line 3", "column 'votes'", "'douze' is not a count"]),
    ("negative votes in Decidim", "import", DECIDIM_PROPOSALS.name,
     decidim_proposals(("votes", 2, "-3")),
     ["line 3", "column 'votes'", "'-3' is not a count (0 or more)"]),
    ("negative votes in Cap Collectif", "import", CAP_FILE, cap_proposals(votes="-3"),
     ["line 3", "column 'proposal_votes_digital_count'", "'-3' is not a count"]),
    ("non-numeric votes in Cap Collectif", "import", CAP_FILE, cap_proposals(votes="douze"),
     ["line 3", "column 'proposal_votes_digital_count'", "'douze' is not a count"]),
    ("non-numeric latitude in Cap Collectif", "import", CAP_FILE, cap_proposals(lat="nord"),
     ["line 3", "column 'proposal_address_lat'", "'nord' is not a number"]),
    ("impossible date in Cap Collectif", "import", CAP_FILE,
     cap_proposals(published="2026-02-30 10:00:00"),
     ["line 3", "column 'proposal_published_at'", "impossible date"]),
    ("duplicate meeting id", "import", "reunions.csv",
     (MEETINGS_HEADER + MEETING + MEETING).encode(),
     ["line 3", "column 'id_reunion'", "'A1'"]),
    ("cp1252 file with a wrong date", "import", "reunions.csv",
     (MEETINGS_HEADER + MEETING.replace("12/03/2026", "12/13/2026")).encode("cp1252"),
     ["line 2", "column 'date'"]),
    ("no such file", "import", None, None, ["no such file"]),
    ("unclosed polygon", "territory", "quartiers.geojson",
     feature_collection(({"id": "A", "name": "A", "population": 100},
                         {"type": "Polygon", "coordinates": [SQUARE[0][:-1]]})).encode(),
     ["closed linestring"]),
    ("a line for a district", "territory", "quartiers.geojson",
     feature_collection(({"id": "A", "name": "A", "population": 100},
                         {"type": "LineString", "coordinates": SQUARE[0][:2]})).encode(),
     ["district 'A' has no area"]),
    ("truncated GeoJSON", "territory", "quartiers.geojson",
     b'{"type":"FeatureCollection","features":[{"type":"Fea', ["cannot read this file"]),
    ("duplicate district ids", "territory", "quartiers.geojson",
     feature_collection(({"id": "A", "population": 5}, {"type": "Polygon", "coordinates": SQUARE}),
                        ({"id": "A", "population": 5}, {"type": "Polygon", "coordinates": SQUARE})
                        ).encode(),
     ["column 'id'", "district id 'A' appears twice"]),
    ("no district id", "territory", "quartiers.geojson",
     feature_collection(({"foo": "A"}, {"type": "Polygon", "coordinates": SQUARE})).encode(),
     ["cannot tell which column holds the district id"]),
    ("no districts", "territory", "quartiers.geojson", feature_collection().encode(),
     ["no districts"]),
    ("a table for boundaries", "territory", "quartiers.csv",
     (MEETINGS_HEADER + MEETING).encode(), ["no geometry column"]),
]


def contents_checksum(warehouse_file: Path) -> str:
    """A digest of every row of every table, in a stable order."""
    con = duckdb.connect(str(warehouse_file), read_only=True)
    try:
        digest = hashlib.sha256()
        tables = [row[0] for row in con.execute(
            "select table_name from information_schema.tables order by table_name").fetchall()]
        for table in tables:
            digest.update(table.encode())
            for row in con.execute(f'select * from "{table}" order by all').fetchall():
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        con.close()


def message_lines(result) -> list[str]:
    """What the user reads, without the progress lines ([1/3] file.csv)."""
    return [line for line in result.output.splitlines() if line and not line.startswith("[")]


@pytest.fixture
def filled_warehouse(tmp_path):
    return build_fixture_warehouse(tmp_path / "cercles.duckdb")


@pytest.mark.parametrize("case, command, name, content, expected", ERRORS,
                         ids=[case[0] for case in ERRORS])
def test_bad_input_is_one_error_line_and_changes_nothing(
    tmp_path, filled_warehouse, case, command, name, content, expected
):
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = folder / (name or "missing.csv")
    if name:
        path.write_bytes(content() if callable(content) else content)
    before = contents_checksum(filled_warehouse)

    result = CliRunner().invoke(main, [command, str(path), "--warehouse", str(filled_warehouse)])

    lines = message_lines(result)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a crash would be the exception itself
    assert "Traceback" not in result.output
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: {path}"), lines[0]
    for fragment in expected:
        assert fragment in lines[0], lines[0]
    assert "unexpected" not in lines[0]
    assert contents_checksum(filled_warehouse) == before
    assert not (filled_warehouse.parent / f"{filled_warehouse.name}.importing").exists()


def import_one(tmp_path, warehouse_file, name, content, command="import"):
    path = tmp_path / "corpus" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content)
    result = CliRunner().invoke(main, [command, str(path), "--warehouse", str(warehouse_file)])
    assert result.exit_code == 0, result.output
    return message_lines(result)


def test_roster_rows_without_identifier_are_counted_skips(tmp_path, warehouse_file):
    roster = "email;cercle\nana@exemple.fr;1\n;2\n  ;3\nANA@exemple.fr;2\n"
    summary, warning = import_one(tmp_path, warehouse_file, "adherents.csv", roster.encode())
    # 4 lines: ana kept; 2 without any identifier; ANA@ is ana again (first line kept)
    assert "4 rows read, 1 kept, 3 skipped" in summary
    assert "2 lines with no e-mail and no platform user" in summary
    assert "1 person already listed on an earlier line" in summary
    assert "listed twice with different circles" in warning and "ana" not in warning.lower()


def test_the_cap_collectif_file_of_the_corpus_imports_when_sound(tmp_path, warehouse_file):
    lines = import_one(tmp_path, warehouse_file, CAP_FILE, cap_proposals())
    assert "2 rows read, 2 kept, 0 skipped" in lines[0]


def test_duplicate_and_missing_ids_in_decidim_are_counted_skips(tmp_path, warehouse_file):
    lines = import_one(tmp_path, warehouse_file, DECIDIM_PROPOSALS.name,
                       decidim_proposals(duplicate_first=True))
    # the fixture's 6 proposals, the first one repeated at the end
    assert "7 rows read, 6 kept, 1 skipped (1 row repeating an earlier one (same id" in lines[0]
    lines = import_one(tmp_path, warehouse_file, DECIDIM_PROPOSALS.name,
                       decidim_proposals(drop_id=True))
    assert "6 rows read, 0 kept, 6 skipped (6 rows without id)" in lines[0]


def test_territory_without_population_imports_with_a_warning(tmp_path, warehouse_file):
    territory = feature_collection(
        ({"id": "A", "name": "A"}, {"type": "Polygon", "coordinates": SQUARE}),
        ({"id": "B", "name": "B", "population": "beaucoup"},
         {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]}),
    )
    lines = import_one(tmp_path, warehouse_file, "quartiers.geojson", territory.encode(),
                       command="territory")
    assert "2 rows read, 2 kept" in lines[0]
    assert any("no population for 2 districts" in line and "A, B" in line for line in lines)
    assert any("1 population value is not a number" in line for line in lines)


def test_a_self_crossing_polygon_is_repaired_not_refused(tmp_path, warehouse_file):
    bowtie = feature_collection(({"id": "A", "name": "A", "population": 10}, {
        "type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}))
    lines = import_one(tmp_path, warehouse_file, "quartiers.geojson", bowtie.encode(),
                       command="territory")
    assert "1 row read, 1 kept" in lines[0]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_french_excel_encodings_keep_their_accents(tmp_path, warehouse_file, encoding):
    sheet = MEETINGS_HEADER + MEETING.replace("Nord", "Fontaine-Rivière")
    import_one(tmp_path, warehouse_file, "reunions.csv", sheet.encode(encoding))
    con = duckdb.connect(str(warehouse_file), read_only=True)
    assert con.execute("select scope_name from meetings").fetchall() == [("Fontaine-Rivière",)]


def test_a_zip_export_with_a_folder_inside_imports(tmp_path, warehouse_file):
    archive = zipped(**{"export__reunions.csv": MEETINGS_HEADER + MEETING})
    lines = import_one(tmp_path, warehouse_file, "export.zip", archive)
    assert "reunions.csv: sheet reunions, 1 row read, 1 kept, 0 skipped" in lines[0]


def test_reading_a_50_mb_table_stays_fast(tmp_path):
    """Line numbers come from a vectorised scan of the bytes, not a loop over characters."""
    import time

    from dashboard.importers.base import _record_start_lines, read_table

    path = tmp_path / "big.csv"
    record = '{0};"Titre {0}";"Un texte, avec ""guillemets""\net une seconde ligne é";{1}\n'
    with open(path, "w", encoding="utf-8") as out:
        out.write("id;title;body;votes\n")
        out.writelines(record.format(i, i % 97) for i in range(640_000))
    size = os.path.getsize(path)
    started = time.perf_counter()
    lines = _record_start_lines(path.read_bytes())
    scan = time.perf_counter() - started
    frame = read_table(path)
    total = time.perf_counter() - started
    print(f"{size / 1e6:.0f} MB, {len(frame)} records: line scan {scan:.2f} s, "
          f"read_table {total - scan:.2f} s")
    assert size > 50e6
    assert len(frame) == 640_000 and lines[-1] == 2 * 640_000  # each record spans 2 lines
    assert frame["_line"].iloc[1] == 4
    assert scan < 10  # the character loop took 8 s for this under load; the scan ~0.1-1 s


def one_line_geojson(districts: int = 40, points: int = 1000) -> bytes:
    """District boundaries as GIS tools write them: one line, detailed rings (~0.8 MB)."""
    import math

    features = []
    for number in range(districts):
        x, y = number % 8, number // 8
        ring = [[round(x + 0.5 + 0.4 * math.cos(2 * math.pi * k / points), 6),
                 round(y + 0.5 + 0.4 * math.sin(2 * math.pi * k / points), 6)]
                for k in range(points)]
        features.append(({"id": f"Q{number}", "name": f"Quartier {number}",
                          "population": 1000 + number},
                         {"type": "Polygon", "coordinates": [ring + [ring[0]]]}))
    return feature_collection(*features).replace(" ", "").encode()


def test_a_one_line_geojson_imports_as_a_territory_through_import(tmp_path, warehouse_file):
    content = one_line_geojson()
    assert content.count(b"\n") == 0 and len(content) > 700_000  # over the csv module's 128 KB
    lines = import_one(tmp_path, warehouse_file, "quartiers.geojson", content)
    assert "territory districts" in lines[0] and "40 rows read, 40 kept" in lines[0]


def test_a_one_line_geojson_imports_through_the_upload(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    warehouse_file = build_fixture_warehouse(tmp_path / "cercles.duckdb")
    monkeypatch.setenv("CERCLES_WAREHOUSE", str(warehouse_file))
    at = AppTest.from_file("../dashboard/app.py", default_timeout=120)
    at.run()
    at.switch_page("views/data.py").run()
    at.file_uploader(key="upload_files_0").set_value(
        [("quartiers.geojson", one_line_geojson(), "application/geo+json")])
    at.button(key="import_button").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success
    assert any(t.value.startswith("quartiers.geojson : ") for t in at.text), [
        t.value for t in at.text]


def test_an_archive_refused_whole_writes_nothing(tmp_path):
    from dashboard.errors import InputError
    from dashboard.importers import unzip_safely

    archive = tmp_path / "export.zip"
    archive.write_bytes(spread_zip_bomb())
    with pytest.raises(InputError, match="times its size"):
        unzip_safely(archive, tmp_path / "unpacked")
    assert not (tmp_path / "unpacked").exists()  # refused from the directory, before any byte


def test_two_entries_with_one_name_in_two_folders_stay_apart(tmp_path):
    from dashboard.importers import unzip_safely

    archive = tmp_path / "export.zip"
    other = MEETING.replace("A1", "B2")
    archive.write_bytes(zipped(**{"nord/reunions.csv": MEETINGS_HEADER + MEETING,
                                  "sud/reunions.csv": MEETINGS_HEADER + other}))
    files = unzip_safely(archive, tmp_path / "unpacked")
    assert sorted(f.read_text() for f in files) == sorted(
        [MEETINGS_HEADER + MEETING, MEETINGS_HEADER + other])


def test_a_refused_archive_reads_as_one_french_line_on_the_upload(tmp_path):
    from dashboard.errors import InputError
    from dashboard.importers import unzip_safely

    archive = tmp_path / "export.zip"
    archive.write_bytes(many_entries_zip())
    with pytest.raises(InputError) as refused:
        unzip_safely(archive, tmp_path / "unpacked")
    french = refused.value.text("fr")
    assert french.startswith("export.zip") and "\n" not in french
    assert "le zip contient 1\u202f001 fichiers, plus que les 1\u202f000" in french
    assert str(refused.value) == (
        f"{archive}: the zip holds 1,001 entries, more than the 1,000 Cercles accepts")
