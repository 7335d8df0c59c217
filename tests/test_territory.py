"""The territory: boundaries in any CRS and format, population, postcodes, and import order.

Fixture: three 1 km districts drawn in Lambert-93 (EPSG:2154), ids with a leading zero.
    Centre 010530101  x 872-873 km, y 6570-6571 km   (ring written counter-clockwise)
    Gare   010530102  x 873-874 km, y 6570-6571 km
    Nord   010530103  x 872-874 km, y 6571-6572 km
"""

import json
import zipfile
from pathlib import Path

import geopandas
import pandas as pd
import pytest
import shapely
from test_roster import (
    CAPCO_HOST,
    HOST,
    OTHER_HOST,
    ROSTER_CSV,
    decidim_person,
    load,
    lon_lat,
    platform_exports,
)
from test_sheets import campaign_sheets
from test_sheets import table as query

from dashboard.errors import InputError
from dashboard.importers import import_paths, territory
from dashboard.privacy import pseudo

FIXTURES = Path(__file__).parent / "fixtures" / "territory"
QUARTIERS = FIXTURES / "quartiers_l93.geojson"
POPULATION = FIXTURES / "population.csv"
POSTCODES = FIXTURES / "codes_postaux.csv"
CENTRE, GARE, NORD = "010530101", "010530102", "010530103"


def districts(warehouse_file) -> pd.DataFrame:
    return query(warehouse_file, "select * from districts order by district_id")


def test_a_lambert93_geojson_is_reprojected_repaired_and_oriented(warehouse_file):
    batches = territory.import_territory(QUARTIERS, warehouse_file, population_file=POPULATION)
    assert batches[0].format_version == "EPSG:2154"
    table = districts(warehouse_file)
    assert table["district_id"].tolist() == [CENTRE, GARE, NORD]  # text, leading zero kept
    assert table["name"].tolist() == ["Centre", "Gare", "Nord"]
    geometry = shapely.from_wkb(table["geometry_wkb"].map(bytes).to_list())
    # Centre's middle, (872500, 6570500) in Lambert-93, is about 5.22 E, 46.20 N.
    middle = shapely.centroid(geometry[0])
    expected = lon_lat(872500, 6570500)
    assert middle.x == pytest.approx(expected[0], abs=1e-6)
    assert middle.y == pytest.approx(expected[1], abs=1e-6)
    assert 5.1 < expected[0] < 5.3 and 46.1 < expected[1] < 46.3
    for polygon in geometry:
        assert polygon.is_valid and not shapely.is_ccw(polygon.exterior)  # clockwise
    for row in table.itertuples():
        feature = json.loads(row.display_geojson)
        assert feature["type"] == "Feature" and feature["properties"] == {"id": row.district_id}
        shape = shapely.geometry.shape(feature["geometry"])
        assert not shapely.is_ccw(shape.exterior)
        full = shapely.from_wkb(bytes(row.geometry_wkb))
        assert shape.symmetric_difference(full).area < 0.01 * full.area  # rounded to ~1 m


def test_population_is_joined_on_the_id_and_missing_is_said(warehouse_file):
    batches = territory.import_territory(QUARTIERS, warehouse_file, population_file=POPULATION)
    table = districts(warehouse_file)
    # Centre "10530101" (Excel dropped the zero) -> 1200; Gare "2 345,6" -> 2346; Nord absent.
    assert table["population"].fillna(-1).tolist() == [1200, 2346, -1]
    assert [str(w) for w in batches[0].warnings] == [
        "no population for 1 district (rates cannot be computed there): 010530103"]


def test_a_shapefile_written_by_geopandas_gives_the_same_districts(warehouse_file, tmp_path):
    territory.import_territory(QUARTIERS, warehouse_file)
    from_geojson = districts(warehouse_file)
    layer = geopandas.read_file(QUARTIERS).assign(population=[10, 20, 30])
    layer.to_file(tmp_path / "iris.shp")
    second = tmp_path / "second.duckdb"
    territory.import_territory(tmp_path / "iris.shp", second)
    from_shapefile = districts(second)
    assert from_shapefile["district_id"].tolist() == from_geojson["district_id"].tolist()
    assert from_shapefile["population"].tolist() == [10, 20, 30]
    for a, b in zip(from_shapefile["geometry_wkb"], from_geojson["geometry_wkb"]):
        assert shapely.from_wkb(bytes(a)).equals_exact(shapely.from_wkb(bytes(b)), 1e-9)
    # Zipped, through the ordinary import (the browser upload's path).
    archive = tmp_path / "iris.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for part in tmp_path.glob("iris.*"):
            if part.suffix != ".zip":
                out.write(part, part.name)
    third = tmp_path / "third.duckdb"
    batches = import_paths([archive], third)
    assert (batches[0].platform, batches[0].entity, batches[0].rows_read) == ("territory", "districts", 3)
    assert districts(third)["population"].tolist() == [10, 20, 30]


def test_a_shapefile_uploaded_as_its_parts_is_one_territory(tmp_path, warehouse_file):
    geopandas.read_file(QUARTIERS).to_file(tmp_path / "iris.shp")
    parts = sorted(tmp_path.glob("iris.*"))
    assert {p.suffix for p in parts} >= {".shp", ".shx", ".dbf", ".prj"}
    batches = import_paths(parts, warehouse_file)
    assert [(b.file_name, b.rows_read) for b in batches] == [("iris.shp", 3)]


def test_a_self_crossing_ring_is_repaired(tmp_path, warehouse_file):
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    path = tmp_path / "bowtie.geojson"
    geopandas.GeoDataFrame({"id": ["B"]}, geometry=[bowtie], crs="EPSG:4326").to_file(path)
    territory.import_territory(path, warehouse_file)
    repaired = shapely.from_wkb(bytes(districts(warehouse_file)["geometry_wkb"][0]))
    assert repaired.is_valid and repaired.area == pytest.approx(0.5)  # two triangles of 0.25


def write_geojson(path, features, crs=None) -> Path:
    collection = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def square(district_id, x=0.0):
    return {"type": "Feature", "properties": {"code": district_id},
            "geometry": {"type": "Polygon",
                         "coordinates": [[[x, 0], [x, 1], [x + 1, 1], [x + 1, 0], [x, 0]]]}}


@pytest.mark.parametrize("features, options, message", [
    ([square("A"), square("A", 2)], {}, "district id 'A' appears twice (features 1 and 2)"),
    ([square("A")], {"id_col": "CODE_IRIS"}, "no column 'CODE_IRIS' (columns found: code)"),
    ([{"type": "Feature", "properties": {"nom": "x"}, "geometry": square("A")["geometry"]}], {},
     "cannot tell which column holds the district id (columns found: nom); name it with --id-col"),
    ([{"type": "Feature", "properties": {"code": "A"},
       "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [2, 2], [0, 0]]]}}], {},
     "district 'A' has no area left once its geometry is repaired"),
    ([{"type": "Feature", "properties": {"code": "A"}, "geometry": None}], {},
     "no geometry column"),
    ([], {}, "the file has no districts"),
])
def test_unusable_territories_fail_with_one_line(tmp_path, warehouse_file, features, options, message):
    path = write_geojson(tmp_path / "bad.geojson", features)
    with pytest.raises(InputError) as error:
        territory.import_territory(path, warehouse_file, **options)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert not warehouse_file.exists()


def test_an_empty_or_unreadable_file_is_refused(tmp_path, warehouse_file):
    empty = tmp_path / "vide.geojson"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="the file is empty"):
        territory.import_territory(empty, warehouse_file)
    unclosed = tmp_path / "ouvert.geojson"
    unclosed.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                        '"properties": {"code": "A"}, "geometry": {"type": "Polygon", '
                        '"coordinates": [[[0, 0], [0, 1]]]}}]}')
    with pytest.raises(InputError, match="cannot read this file as district boundaries .*closed"):
        territory.import_territory(unclosed, warehouse_file)


def test_postcodes_name_districts_by_id_or_name(warehouse_file):
    batches = territory.import_territory(QUARTIERS, warehouse_file, postcode_file=POSTCODES)
    assert batches[1].rows_kept == 4
    rows = query(warehouse_file, "select * from postcode_district order by postcode")
    # 01000 -> Centre (by name); 1001 -> 01001 -> Gare (by id); 01002 is in two districts.
    assert rows.values.tolist() == [["01000", CENTRE], ["01001", GARE]]


def campaign_files(tmp_path):
    return [ROSTER_CSV, *campaign_sheets(tmp_path)]


EXPECTED_PERSONS = {  # person -> circle, circle source, home district, its source
    "P1": (1, "roster", CENTRE, "roster"),          # roster postcode 01000 beats her Gare point
    "P2": (1, "roster", NORD, "roster"),            # roster district 'nord'
    "P3": (1, "phase", GARE, "profile"),            # 10 Feb restricted; sign-in postcode 1001
    "P4": (2, "signal", None, "unknown"),           # user group 7
    "P5": (2, "roster", NORD, "contribution"),      # profile 01002 is ambiguous; scope 'Nord'
    "P6": (1, "roster", NORD, "contribution"),      # roster beats group 7; point in Nord
    "Zoe": (2, "roster", CENTRE, "profile"),        # sign-in postcode 01000
}


def person_keys():
    return {
        "P1": decidim_person(HOST, 101), "P2": decidim_person(HOST, 102),
        "P3": decidim_person(HOST, 103), "P4": decidim_person(OTHER_HOST, 101),
        "P5": pseudo(f"capcollectif|{CAPCO_HOST}|id:VXNlcjp1c2VyNQ=="),
        "P6": decidim_person(OTHER_HOST, 104), "Zoe": pseudo("sheet|email:zoe@exemple.fr"),
    }


def import_everything(warehouse_file, tmp_path, territory_first: bool):
    def place_territory():
        territory.import_territory(QUARTIERS, warehouse_file, population_file=POPULATION,
                                   postcode_file=POSTCODES)

    if territory_first:
        place_territory()
        import_paths(list(reversed(campaign_files(tmp_path))), warehouse_file)
        load(warehouse_file, platform_exports())
    else:
        load(warehouse_file, platform_exports())
        import_paths(campaign_files(tmp_path), warehouse_file)
        place_territory()


def test_every_rule_gives_the_expected_circle_and_home_district(warehouse_file, tmp_path):
    import_everything(warehouse_file, tmp_path, territory_first=False)
    facts = query(warehouse_file, "select * from person_facts").set_index("person_id")
    canonical = query(warehouse_file, "select * from person_map").set_index("person_id")
    keys = {name: canonical.loc[key, "canonical_id"] for name, key in person_keys().items()}
    got = {
        name: tuple(None if pd.isna(v) else v for v in facts.loc[key, [
            "circle", "circle_source", "home_district_id", "home_district_source"]])
        for name, key in keys.items()
    }
    assert got == EXPECTED_PERSONS
    assert len(facts) == 7  # 'Chloe' and dora@ on the sheet are P3 and P5
    located = query(warehouse_file, "select contribution_id, district_id, district_source "
                    "from located_contributions() order by contribution_id")
    by_id = located.set_index("contribution_id")
    assert by_id.loc["decidim|participer.exemple.fr|proposal|1"].tolist() == [GARE, "point"]
    assert by_id.loc["decidim|autre.exemple.fr|comment|2"].tolist() == [NORD, "point"]
    assert by_id.loc["decidim|participer.exemple.fr|comment|1"].tolist() == [GARE, "scope"]
    paper = located[located["contribution_id"].str.startswith("sheet||proposal|")]
    # Plus de bancs (A1 -> Centre), Piste cyclable (typed 'Nord'), Jardin partagé (A2 -> Gare).
    assert paper[["district_id", "district_source"]].values.tolist() == [
        [CENTRE, "meeting"], [NORD, "scope"], [GARE, "meeting"]]


def test_the_territory_and_the_roster_may_come_before_or_after_the_exports(tmp_path):
    after, before = tmp_path / "after.duckdb", tmp_path / "before.duckdb"
    import_everything(after, tmp_path / "a", territory_first=False)
    import_everything(before, tmp_path / "b", territory_first=True)
    for sql in ("select * from person_facts order by person_id",
                "select * from contribution_facts order by all",
                "select * from point_districts order by latitude, longitude",
                "select * exclude (source_key) from proposal_facts order by proposal_id"):
        first, second = query(after, sql), query(before, sql)
        assert len(first) > 0, sql
        pd.testing.assert_frame_equal(first, second, check_like=True)


def test_a_new_territory_replaces_the_old_one(warehouse_file, tmp_path):
    territory.import_territory(QUARTIERS, warehouse_file, population_file=POPULATION)
    smaller = write_geojson(tmp_path / "deux.geojson", [square("X"), square("Y", 1)])
    batches = territory.import_territory(smaller, warehouse_file)
    assert districts(warehouse_file)["district_id"].tolist() == ["X", "Y"]
    assert batches[0].format_version == "EPSG:4326"  # GeoJSON's default


def test_a_projected_shapefile_without_its_prj_is_refused(tmp_path, warehouse_file):
    geopandas.read_file(QUARTIERS).to_file(tmp_path / "iris.shp")
    (tmp_path / "iris.prj").unlink()
    with pytest.raises(InputError, match=r"does not say in which system \(.prj file missing"):
        territory.import_territory(tmp_path / "iris.shp", warehouse_file)
