"""Official French territory files read as they are downloaded, with no column options:
IGN's IRIS contours, INSEE's population by IRIS, the national polling-station contours with
the ministry's registered voters, and the geo API's communes of a metropolis (fetched from a
local server standing in for the API). Sources of every extract: tests/fixtures/territory/
official/README.md.

Extracts, as worked out by hand from the files:
- IRIS (IGN GeoPackage and Shapefile): four communes of the Eurométropole de Strasbourg that
  are not split into IRIS, so each has one IRIS '<commune>0000' whose 4-character `iris` is
  '0000' for all four (not an id). INSEE's P21_POP: Kolbsheim 1021.9999999999 -> 1022,
  Osthoffen 814.9999999999 -> 815, Breuschwickersheim 1343.9999999999 -> 1344; Blaesheim is
  not in the table, a Strasbourg IRIS of the table is not in the contours.
- Polling stations: Digne-les-Bains (04070) stations 1-4 and Le Brusquet (04036) 1-2; the
  results give Inscrits 1012, 987, 1104, 876 (Digne 1-4), 943 (Digne 5, no contour) and 695
  (Le Brusquet 1); Le Brusquet 2 has no row.
- Geo API: the 33 communes of EPCI 246700488, Strasbourg 293 771 inhabitants.
"""

import http.server
import json
import re
import shutil
import socket
import threading
import urllib.parse
from pathlib import Path
from typing import ClassVar

import duckdb
import geopandas
import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest
from test_sheets import table as query

from dashboard import cli, communes, metrics, report, ui, warehouse
from dashboard.errors import CerclesError, InputError
from dashboard.importers import import_paths, territory
from dashboard.messages import Message
from tests.metric_fixtures import as_before_version_8, build_fixture_warehouse

OFFICIAL = Path(__file__).parent / "fixtures" / "territory" / "official"
IRIS_GPKG = OFFICIAL / "iris-ign.gpkg"
IRIS_SHP_ZIP = OFFICIAL / "iris-ign-shp.zip"
POPULATION_CSV = OFFICIAL / "base-ic-evol-struct-pop-2021-extrait.CSV"
POPULATION_XLSX = OFFICIAL / "base-ic-evol-struct-pop-2021-extrait.xlsx"
STATIONS = OFFICIAL / "contours-bureaux-de-vote-extrait-04.geojson"
RESULTS = OFFICIAL / "resultats-par-niveau-burvot-t1-extrait-04.txt"
EPCI = "246700488"
GEO_API_COMMUNES = OFFICIAL / f"geo-api-communes-epci-{EPCI}.geojson"


def no_population(*districts) -> Message:
    return Message.of("territory_no_population", n=len(districts), names=list(districts))


def no_registered(*districts) -> Message:
    return Message.of("territory_no_registered", n=len(districts), names=list(districts))


def districts(warehouse_file) -> list[tuple]:
    return [
        tuple(row)
        for row in query(
            warehouse_file,
            "select district_id, name, population, population_kind from districts order by 1",
        )
        .astype(object)
        .where(lambda f: f.notna(), None)
        .itertuples(index=False)
    ]


def test_ign_iris_geopackage_and_insee_population_csv_need_no_option(warehouse_file):
    batches = territory.import_territory(IRIS_GPKG, warehouse_file, population_file=POPULATION_CSV)
    assert batches[0].format_version == "EPSG:2154"  # IGN's Lambert-93, reprojected
    # code_iris, not `iris` ('0000' four times) nor `cleabs`
    assert districts(warehouse_file) == [
        ("670490000", "Blaesheim", None, "residents"),
        ("670650000", "Breuschwickersheim", 1344, "residents"),
        ("672470000", "Kolbsheim", 1022, "residents"),
        ("673630000", "Osthoffen", 815, "residents"),
    ]
    assert batches[0].warnings == [no_population("670490000")]


def test_ign_shapefile_zip_with_insee_xlsx_and_one_commune(warehouse_file):
    # the .xlsx has four title rows and a row of long labels above its header
    territory.import_territory(
        IRIS_SHP_ZIP, warehouse_file, population_file=POPULATION_XLSX, commune="67247"
    )
    assert districts(warehouse_file) == [("672470000", "Kolbsheim", 1022, "residents")]


def test_the_most_recent_census_population_is_taken(tmp_path, warehouse_file):
    table = tmp_path / "base-ic-evol-struct-pop-2021.csv"
    table.write_text("IRIS;COM;P15_POP;P21_POP\n672470000;67247;990.4;1021.6\n", encoding="utf-8")
    territory.import_territory(IRIS_GPKG, warehouse_file, population_file=table, commune="67247")
    assert districts(warehouse_file) == [("672470000", "Kolbsheim", 1022, "residents")]  # P21


def test_polling_stations_count_registered_voters_from_the_ministry_results(warehouse_file):
    batches = territory.import_territory(STATIONS, warehouse_file, population_file=RESULTS)
    assert districts(warehouse_file) == [
        ("04036_0001", "Le Brusquet – bureau 1", 695, "registered"),
        ("04036_0002", "Le Brusquet – bureau 2", None, "registered"),
        ("04070_0001", "Digne-les-Bains – bureau 1", 1012, "registered"),
        ("04070_0002", "Digne-les-Bains – bureau 2", 987, "registered"),
        ("04070_0003", "Digne-les-Bains – bureau 3", 1104, "registered"),
        ("04070_0004", "Digne-les-Bains – bureau 4", 876, "registered"),
    ]
    assert batches[0].warnings == [no_registered("04036_0002")]


def test_one_communes_polling_stations_are_kept(warehouse_file):
    territory.import_territory(STATIONS, warehouse_file, population_file=RESULTS, commune="04070")
    rows = districts(warehouse_file)
    assert [r[0] for r in rows] == ["04070_0001", "04070_0002", "04070_0003", "04070_0004"]
    assert sum(r[2] for r in rows) == 1012 + 987 + 1104 + 876 == 3979
    with pytest.raises(InputError) as error:
        territory.import_territory(STATIONS, warehouse_file, commune="67482")
    assert error.value.message == Message.of(
        "territory_commune_absent", commune="67482", found=["04036", "04070"]
    )


def test_geo_api_communes_of_a_metropolis_need_no_option(warehouse_file):
    territory.import_territory(GEO_API_COMMUNES, warehouse_file)
    rows = {r[0]: r for r in districts(warehouse_file)}
    assert len(rows) == 33
    assert rows["67482"] == ("67482", "Strasbourg", 293771, "residents")
    assert rows["67447"] == ("67447", "Schiltigheim", 34708, "residents")


def write_features(path, rows, crs="EPSG:4326") -> Path:
    layer = geopandas.read_file(IRIS_GPKG).to_crs(crs)
    geopandas.GeoDataFrame(rows, geometry=layer.geometry[: len(rows)].to_list(), crs=crs).to_file(
        path
    )
    return path


def test_a_guessed_id_is_unique_and_official_codes_come_first(tmp_path, warehouse_file):
    # an open-data IRIS file: `iris` is the code within the commune and repeats, `dcomiris` not
    opendata = write_features(
        tmp_path / "iris.geojson",
        [
            {"depcom": "67482", "iris": "0101", "dcomiris": "674820101", "nom_iris": "Cathédrale"},
            {"depcom": "67218", "iris": "0101", "dcomiris": "672180101", "nom_iris": "Centre"},
        ],
    )
    territory.import_territory(opendata, warehouse_file)
    assert [r[:2] for r in districts(warehouse_file)] == [
        ("672180101", "Centre"),
        ("674820101", "Cathédrale"),
    ]
    # Lausanne's districts: a number `NR` and a name `Quartier`
    lausanne = write_features(
        tmp_path / "quartiers.geojson",
        [{"NR": 1, "Quartier": "Centre"}, {"NR": 2, "Quartier": "Sous-Gare - Ouchy"}],
    )
    territory.import_territory(lausanne, warehouse_file)
    assert [r[:2] for r in districts(warehouse_file)] == [
        ("1", "Centre"),
        ("2", "Sous-Gare - Ouchy"),
    ]
    # an `id` that repeats is passed over for a unique `code`
    passed = write_features(
        tmp_path / "codes.geojson", [{"id": "x", "code": "A1"}, {"id": "x", "code": "A2"}]
    )
    territory.import_territory(passed, warehouse_file)
    assert [r[0] for r in districts(warehouse_file)] == ["A1", "A2"]
    # empty ids are no id either
    empty = write_features(
        tmp_path / "empty.geojson", [{"code": "", "nr": "7"}, {"code": "B", "nr": "8"}]
    )
    territory.import_territory(empty, warehouse_file)
    assert [r[0] for r in districts(warehouse_file)] == ["7", "8"]


def test_boundaries_and_their_population_uploaded_together_in_any_order(tmp_path):
    target = tmp_path / "w.duckdb"
    batches = import_paths([RESULTS, STATIONS], target)  # the table first, as a browser may send
    assert [(b.entity, b.rows_read) for b in batches] == [("population", 6), ("districts", 6)]
    assert batches[1].warnings == []  # the boundaries' "no population" no longer holds
    assert batches[0].warnings == [no_registered("04036_0002")]
    assert [r[2] for r in districts(target)] == [695, None, 1012, 987, 1104, 876]
    imported = query(target, "select entity, warnings from imports order by entity")
    assert imported["warnings"].map(json.loads).tolist() == [
        [],
        [{"code": "territory_no_registered", "n": 1, "names": ["04036_0002"]}],
    ]


def test_a_population_table_alone_needs_boundaries_first(tmp_path):
    target = tmp_path / "w.duckdb"
    with pytest.raises(InputError) as error:
        import_paths([POPULATION_XLSX], target)
    assert error.value.message == Message.of("territory_population_first")
    assert not target.exists()  # the warehouse keeps what it had: nothing
    import_paths([IRIS_GPKG], target)
    batches = import_paths([POPULATION_XLSX], target)  # later, on its own
    assert batches[0].format_version == "residents"
    assert [r[2] for r in districts(target)] == [None, 1344, 1022, 815]


# The geo API, served by a local server from a saved answer


class GeoApi(http.server.BaseHTTPRequestHandler):
    answer = GEO_API_COMMUNES.read_bytes()
    asked: ClassVar[list] = []  # (path, query) of each request

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        GeoApi.asked.append((url.path, dict(urllib.parse.parse_qsl(url.query))))
        wanted = url.path == "/communes" and "codeEpci=246700488" in url.query
        self.send_response(200 if wanted else 404)
        self.send_header("Content-Type", "application/geo+json")
        self.end_headers()
        self.wfile.write(self.answer if wanted else b"[]")

    def log_message(self, *args):
        pass


@pytest.fixture
def geo_api(monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GeoApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    GeoApi.asked = []
    monkeypatch.setenv("CERCLES_GEO_API", f"http://127.0.0.1:{server.server_address[1]}")
    yield GeoApi
    server.shutdown()
    server.server_close()


def test_territory_epci_fetches_the_communes_and_keeps_the_file(geo_api, tmp_path):
    target = tmp_path / "campagne" / "cercles.duckdb"
    result = CliRunner().invoke(cli.main, ["territory", "--epci", EPCI, "--warehouse", str(target)])
    assert result.exit_code == 0, result.output
    assert geo_api.asked == [
        (
            "/communes",
            {
                "codeEpci": EPCI,
                "format": "geojson",
                "geometry": "contour",
                "fields": "nom,code,population",
            },
        )
    ]
    kept = tmp_path / "campagne" / f"communes-epci-{EPCI}.geojson"
    assert kept.read_bytes() == GEO_API_COMMUNES.read_bytes()
    assert "33 rows read, 33 kept" in result.output
    assert len(districts(target)) == 33


def test_an_unknown_commune_is_one_line(geo_api, tmp_path):
    result = CliRunner().invoke(
        cli.main, ["territory", "--commune", "99999", "--warehouse", str(tmp_path / "w.duckdb")]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: the geo API answered HTTP 404 for http://127.0.0.1:")
    assert len(result.output.splitlines()) == 1


def test_offline_the_command_says_in_french_what_to_download_and_where(monkeypatch, tmp_path):
    with socket.socket() as probe:  # a port nothing listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("CERCLES_GEO_API", f"http://127.0.0.1:{port}")
    target = tmp_path / "w.duckdb"
    result = CliRunner().invoke(cli.main, ["territory", "--epci", EPCI, "--warehouse", str(target)])
    assert result.exit_code == 1
    kept = tmp_path / f"communes-epci-{EPCI}.geojson"
    assert result.output == (
        f"Error: Hors ligne : téléchargez à la main http://127.0.0.1:{port}/communes?codeEpci="
        f"{EPCI}&format=geojson&geometry=contour&fields=nom,code,population (API Découpage "
        f"administratif), enregistrez-le sous {kept}, puis lancez : cercles territory {kept}\n"
    )
    assert not target.exists() and not kept.exists()
    with pytest.raises(CerclesError) as error:  # the same line exists in English
        communes.fetch_communes(tmp_path, epci=EPCI)
    assert error.value.message.code == "geo_api_offline"
    assert error.value.text("en").startswith(f"Offline: download http://127.0.0.1:{port}/")


def test_the_territory_command_says_what_it_lacks_in_one_line(tmp_path):
    warehouse_file = str(tmp_path / "w.duckdb")
    for arguments, said in (
        ([], "give a boundaries file, or --epci CODE / --commune CODE to fetch communes"),
        ([str(STATIONS), "--epci", EPCI], "--epci fetches communes from the geo API: give it"),
    ):
        result = CliRunner().invoke(
            cli.main, ["territory", *arguments, "--warehouse", warehouse_file]
        )
        assert result.exit_code == 1 and result.output.startswith(f"Error: {said}")
        assert len(result.output.splitlines()) == 1
    with pytest.raises(CerclesError) as error:
        communes.fetch_communes(tmp_path, epci=EPCI, commune="67482")
    assert (
        error.value.text("fr")
        == "indiquez soit le code d'une intercommunalité, soit celui d'une commune"
    )
    assert not (tmp_path / "w.duckdb").exists()


def test_the_official_address_is_the_geo_api(monkeypatch):
    monkeypatch.delenv("CERCLES_GEO_API", raising=False)
    assert communes.communes_url(epci=EPCI) == (
        "https://geo.api.gouv.fr/communes?codeEpci=246700488&format=geojson&geometry=contour"
        "&fields=nom,code,population"
    )
    assert communes.communes_url(commune="67482").startswith(
        "https://geo.api.gouv.fr/communes?code=67482&"
    )


def test_a_version_3_warehouse_learns_its_districts_count_residents(tmp_path):
    path = build_fixture_warehouse(tmp_path / "cercles.duckdb")
    con = duckdb.connect(str(path))  # as version 3 left it: no population_kind
    con.execute("alter table districts drop column population_kind")
    con.execute("update warehouse_meta set value = '3' where key = 'schema_version'")
    as_before_version_8(con)
    con.close()
    with warehouse.writer(path):
        pass  # the next import (or the dashboard opening it) migrates it
    con = warehouse.connect_readonly(path)
    kinds = con.execute("select distinct population_kind from districts").fetchall()
    assert kinds == [("residents",)] and metrics.population_kind(con) == "residents"
    assert con.execute(
        "select value from warehouse_meta where key = 'schema_version'"
    ).fetchone() == (str(warehouse.SCHEMA_VERSION),)
    con.close()


# "inscrits" instead of "habitants" wherever the districts count registered voters


@pytest.fixture(scope="module")
def registered_warehouse(tmp_path_factory):
    """The metric fixture (district `est`: E = 4.0, O = 0; `port` without population) with
    its districts counting registered voters."""
    path = build_fixture_warehouse(tmp_path_factory.mktemp("inscrits") / "cercles.duckdb")
    con = duckdb.connect(str(path))
    con.execute("update districts set population_kind = 'registered'")
    con.close()
    return path


def page_text(at) -> str:
    parts = [
        e.value
        for kind in ("title", "caption", "markdown", "warning", "info")
        for e in getattr(at, kind)
    ]
    parts += [m.label for m in at.metric]
    parts += [" ".join(map(str, frame.value.columns)) for frame in at.dataframe]
    parts += [
        json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("plotly_chart")
    ]
    return "\n".join(parts)


def test_the_districts_page_says_inscrits(registered_warehouse, monkeypatch):
    monkeypatch.setenv("CERCLES_WAREHOUSE", str(registered_warehouse))
    at = AppTest.from_file("../dashboard/app.py", default_timeout=60)
    at.run()
    at.switch_page("views/districts.py").run()
    assert not at.exception
    at.selectbox(key="district_detail").select("port").run()
    text = page_text(at)
    assert "Nombre d'inscrits inconnu pour 1 quartier(s)" in text  # port
    assert metrics.REGISTERED_EXPLANATIONS["duncan_index"]["fr"] in text
    assert "Inscrits" in [m.label for m in at.metric] and "Pour 1 000 inscrits" in text
    assert "habitant" not in text and "Population" not in text
    # the small-count rule holds on polling stations too: Nord's 5 participants (A C F H I)
    at.selectbox(key="district_detail").select("nord").run()
    shown = {m.label: m.value for m in at.metric}
    assert shown["Participants"] == "< 11" and shown["Inscrits"] == "2\u202f000"
    overview = AppTest.from_file("../dashboard/app.py", default_timeout=60)
    overview.run()
    text = page_text(overview)
    assert "que leur nombre d'inscrits ne le laisse attendre" in text
    assert "habitant" not in text


def report_text(con, lang) -> str:
    """The report's words, without its scripts and styles."""
    html = report.build_report_html(con, lang=lang)
    return re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html, flags=re.DOTALL)


def test_the_report_says_inscrits(registered_warehouse):
    con = warehouse.connect_readonly(registered_warehouse)
    french = report_text(con, "fr")
    assert "Pour 1 000 inscrits" in french and "inscrits du quartier" in french
    assert "Inscrits" in french and "habitant" not in french.lower()
    english = report_text(con, "en")
    assert "Per 1,000 registered voters" in english and "resident" not in english.lower()


def test_the_data_page_takes_polling_stations_and_their_results(tmp_path, monkeypatch):
    target = tmp_path / "cercles.duckdb"
    shutil.copyfile(build_fixture_warehouse(tmp_path / "fixture.duckdb"), target)
    monkeypatch.setenv("CERCLES_WAREHOUSE", str(target))
    at = AppTest.from_file("../dashboard/app.py", default_timeout=60)
    at.run()
    at.switch_page("views/data.py").run()
    at.file_uploader(key="upload_files_0").set_value(
        [
            (RESULTS.name, RESULTS.read_bytes(), "text/plain"),
            (STATIONS.name, STATIONS.read_bytes(), "application/geo+json"),
        ]
    )
    at.button(key="import_button").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [line.value for line in at.text] == [
        f"{RESULTS.name} : Territoire, population ou inscrits, 6 lignes lues, 6 gardées, 0 écartée",
        f"{STATIONS.name} : Territoire, quartiers, 6 lignes lues, 6 gardées, 0 écartée",
    ]
    # Le Brusquet 2 has no row in the results: said once for the upload, once in the list
    unknown = "nombre d'inscrits inconnu pour 1 quartier (les taux n'y sont pas calculables) : "
    assert [w.value for w in at.warning] == [
        ui.verbatim(f"{unknown}04036_0002"),
        ui.verbatim(f"{RESULTS.name} : {unknown}04036_0002"),
    ]
    assert [r[3] for r in districts(target)] == ["registered"] * 6
    coverage = at.dataframe[1].value
    assert "quartiers dont le nombre d'inscrits est connu" in set(coverage["Éléments comptés"])
