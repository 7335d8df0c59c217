"""District boundaries (GeoJSON, GeoPackage, Shapefile, zipped Shapefile; any CRS), their
population, and an optional postcode-to-district table.

Geometry is reprojected to WGS84, repaired, oriented clockwise and stored twice: in full (WKB)
for point-in-polygon, and simplified (a GeoJSON Feature with only `id`) for the map. A new
territory replaces the previous one; every derived district (points, persons, contributions)
is recomputed by the writer, so the territory may come before or after the exports.
"""

import re
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import warehouse
from dashboard.errors import InputError
from dashboard.geo import WGS84, display_features, normalise_postcodes, repair_polygons
from dashboard.importers.base import Batch, file_checksum, read_table, record_import
from dashboard.importers.roster import column_key, pick_columns, plain_text
from dashboard.messages import Message

GEO_SUFFIXES = (".geojson", ".gpkg", ".shp")
ID_COLUMNS = ("code_iris", "iris", "dcomiris", "district_id", "id", "code", "code_quartier",
              "id_quartier", "code_insee", "insee")
NAME_COLUMNS = ("nom_iris", "lib_iris", "libiris", "name", "nom", "libelle", "nom_quartier",
                "quartier", "district", "label")
POPULATION_COLUMNS = ("population", "pop", "p21_pop", "p20_pop", "p19_pop", "p18_pop",
                      "p17_pop", "pop_tot", "ptot", "habitants", "nb_habitants")
POSTCODE_ALIASES = {
    "postcode": ("postcode", "code_postal", "cp", "zip", "zipcode"),
    "district": ("district", "quartier", "district_id", "code_iris", "iris", "nom_quartier"),
}
SHOWN = 8  # district ids named in a warning before "and N more"


def detect(path: Path, header: list[str]) -> str | None:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in GEO_SUFFIXES or (suffix == ".zip" and _holds_shapefile(path)):
        return "districts"
    if suffix == ".json" and _is_geojson(path):
        return "districts"
    roles = pick_columns(header, POSTCODE_ALIASES)
    if len(roles) == 2 and len(header) <= 4:
        return "postcodes"
    return None


def parse(path: Path, entity: str, context: dict) -> Batch:
    if entity == "postcodes":
        return read_postcodes(path)
    return read_districts(
        path,
        id_col=context.get("id_col"),
        name_col=context.get("name_col"),
        population_col=context.get("population_col"),
    )


def import_territory(path, warehouse_file, id_col=None, name_col=None, population_col=None,
                     population_file=None, postcode_file=None) -> list[Batch]:
    """Replace the territory (and the postcode table when one is given) in one import."""
    districts = read_districts(path, id_col, name_col, population_col, population_file)
    batches = [districts]
    if postcode_file:
        batches.append(read_postcodes(postcode_file, districts.tables["districts"]))
    with warehouse.writer(warehouse.warehouse_path(warehouse_file)) as con:
        if not postcode_file:
            _warn_stale_postcodes(con, districts)
        for batch in batches:
            record_import(con, batch)
    return batches


def read_districts(path, id_col=None, name_col=None, population_col=None,
                   population_file=None) -> Batch:
    """One districts row per feature: id (text), name, population, full and display geometry."""
    path = Path(path)
    layer = _read_layer(path)
    columns = [c for c in layer.columns if c != layer.geometry.name]
    ids_column = _column(path, columns, id_col, ID_COLUMNS, "district_id", "--id-col")
    names_column = _column(path, columns, name_col, NAME_COLUMNS, None, "--name-col")
    ids = _district_ids(path, layer[ids_column], ids_column)
    batch = Batch(
        source_key="territory||districts",
        platform="territory",
        entity="districts",
        file_name=path.name,
        checksum=file_checksum(path),
        format_version=layer.crs.to_string() if layer.crs else "no CRS",
        rows_read=len(layer),
        replace_tables=("districts",),
    )
    batch.warnings += [Message.of("gdal_remark", text=r) for r in layer.attrs.get("remarks", [])]
    if layer.attrs.get("layers"):
        batch.warn("territory_layers", n=layer.attrs["layers"])
    if layer.crs is None:
        batch.warn("territory_no_crs")
    elif not layer.crs.equals(WGS84):
        layer = layer.to_crs(WGS84)
    geometry = repair_polygons(layer.geometry.to_numpy())
    broken = pd.isna(pd.Series(geometry, dtype=object))
    if broken.any():
        first = int(np.flatnonzero(broken.to_numpy())[0])
        raise InputError(path, "territory_no_area", district=ids.iloc[first])
    if population_file:
        population = _population_from_table(population_file, ids, population_col, batch)
    else:
        population_column = _column(path, columns, population_col, POPULATION_COLUMNS, None,
                                    "--population-col", pattern=r"p\d{2}_pop")
        population = (
            _population_numbers(layer[population_column], batch) if population_column
            else pd.Series(pd.NA, index=ids.index, dtype="Int64")
        )
    missing = ids[population.isna().to_numpy()].tolist()
    if missing:
        batch.warn("territory_no_population", n=len(missing), names=_listed(missing))
    batch.tables["districts"] = pd.DataFrame({
        "district_id": ids.to_numpy(),
        "name": (layer[names_column].astype("string").fillna("").str.strip()
                 .where(lambda n: n != "", ids.to_numpy()).to_numpy()
                 if names_column else ids.to_numpy()),
        "population": population.to_numpy(),
        "geometry_wkb": [bytes(wkb) for wkb in _to_wkb(geometry)],
        "display_geojson": display_features(ids.to_numpy(), geometry),
    })
    return batch


def read_postcodes(path, districts: pd.DataFrame | None = None) -> Batch:
    """postcode_districts rows; the district may be given by id or by name."""
    path = Path(path)
    frame = read_table(path)
    roles = pick_columns([c for c in frame.columns if c != "_line"], POSTCODE_ALIASES)
    for role, french in (("postcode", "code_postal"), ("district", "quartier")):
        if role not in roles:
            found = ", ".join(c for c in frame.columns if c != "_line")
            raise InputError(path, "postcodes_missing_column", line=1, role=role,
                             french=french, found=found)
    batch = Batch(
        source_key="territory||postcodes",
        platform="territory",
        entity="postcodes",
        file_name=path.name,
        checksum=file_checksum(path),
        rows_read=len(frame),
        replace_tables=("postcode_districts",),
    )
    postcode = normalise_postcodes(frame[roles["postcode"]])
    district = frame[roles["district"]].astype("string").fillna("").str.strip()
    district = district.str.replace(r"^(\d+)\.0$", r"\1", regex=True)
    batch.skip("postcode_invalid", int(postcode.isna().sum()))
    batch.skip("postcode_no_district", int((postcode.notna() & (district == "")).sum()))
    table = pd.DataFrame({"postcode": postcode, "district_id": district.astype(object)})
    table = table[postcode.notna() & (district != "")]
    if districts is not None and not table.empty:
        table["district_id"] = _resolve_districts(table["district_id"], districts, batch)
    batch.tables["postcode_districts"] = table.drop_duplicates().reset_index(drop=True)
    return batch


def _read_layer(path: Path):
    import geopandas
    import pyogrio

    if not path.exists():
        raise InputError(path, "no_such_file")
    if path.stat().st_size == 0:
        raise InputError(path, "empty_file")
    source = f"zip://{path}" if path.suffix.lower() == ".zip" else str(path)
    try:
        with warnings.catch_warnings(record=True) as noticed:
            warnings.simplefilter("always")
            layers = pyogrio.list_layers(source)
            layer = geopandas.read_file(source, engine="pyogrio")
    except Exception as exc:  # noqa: BLE001 - GDAL reports unreadable files with many error types
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(path, "territory_unreadable", detail=message) from None
    if not isinstance(layer, geopandas.GeoDataFrame) or layer.geometry.isna().all():
        if len(layer) == 0:
            raise InputError(path, "territory_no_districts")
        raise InputError(path, "territory_no_geometry")
    if len(layer) == 0:
        raise InputError(path, "territory_no_districts")
    if len(layers) > 1:
        layer.attrs["layers"] = len(layers)
    # GDAL's remarks (e.g. an unclosed ring it closed) become the import's warnings.
    layer.attrs["remarks"] = sorted({str(w.message).split(". ")[0] for w in noticed})
    if layer.crs is None:
        minx, miny, maxx, maxy = layer.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise InputError(path, "territory_projected_no_crs")
    return layer.reset_index(drop=True)


def _column(path, columns, chosen, candidates, required_what, option, pattern=None):
    """The column named by the user (exact, else same key), else the first known candidate."""
    keys = {column_key(c): c for c in reversed(columns)}
    if chosen:
        if chosen in columns:
            return chosen
        if column_key(chosen) in keys:
            return keys[column_key(chosen)]
        raise InputError(path, "column_not_found", name=chosen, found=columns)
    for candidate in candidates:
        if candidate in keys:
            return keys[candidate]
    if pattern:
        for key, column in keys.items():
            if re.fullmatch(pattern, key):
                return column
    if required_what:
        raise InputError(path, "territory_column_unknown", item=required_what, found=columns,
                         option=option)
    return None


def _district_ids(path, values: pd.Series, column: str) -> pd.Series:
    """Ids as text, leading zeros kept: INSEE IRIS codes are 9 characters even when numeric."""
    ids = values.astype("string").fillna("").str.strip().str.replace(r"^(\d+)\.0$", r"\1", regex=True)
    if "iris" in column_key(column):
        ids = ids.where(~ids.str.fullmatch(r"\d{8}"), "0" + ids)
    if (ids == "").any():
        first = int(np.flatnonzero((ids == "").to_numpy())[0])
        raise InputError(path, "territory_feature_no_id", column=column, feature=first + 1)
    repeated = ids[ids.duplicated(keep=False)]
    if not repeated.empty:
        where = repeated.index[repeated == repeated.iloc[0]].tolist()
        raise InputError(path, "territory_duplicate_id", column=column, district=repeated.iloc[0],
                         first=where[0] + 1, second=where[1] + 1)
    return ids.astype(object)


def _population_numbers(values: pd.Series, batch: Batch) -> pd.Series:
    """Whole numbers of residents (INSEE gives decimals); None where absent or unreadable."""
    text = values.astype("string").fillna("").str.replace(r"[\s\u202f\u00a0]", "", regex=True)
    numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    unreadable = int(((text != "") & (numbers.isna() | (numbers < 0))).sum())
    if unreadable:
        batch.warn("territory_population_unreadable", n=unreadable)
    return numbers.where(numbers >= 0).round().astype("Int64").reset_index(drop=True)


def _population_from_table(population_file, ids: pd.Series, population_col, batch) -> pd.Series:
    """Population joined on the district id from a separate CSV/Excel table."""
    path = Path(population_file)
    table = read_table(path)
    columns = [c for c in table.columns if c != "_line"]
    id_column = _column(path, columns, None, ID_COLUMNS, "district_id", "a column named id")
    pop_column = _column(path, columns, population_col, POPULATION_COLUMNS, "population",
                         "--population-col", pattern=r"p\d{2}_pop")
    keys = table[id_column].astype("string").str.strip().str.replace(r"^(\d+)\.0$", r"\1", regex=True)
    width = ids.str.len()
    if width.nunique() == 1 and ids.str.fullmatch(r"\d+").all():
        keys = keys.str.zfill(int(width.iloc[0]))  # Excel dropped the leading zero
    numbers = _population_numbers(table[pop_column], batch)
    by_id = pd.Series(numbers.to_numpy(), index=keys.to_numpy())
    by_id = by_id[~by_id.index.duplicated()]
    return pd.Series(ids.map(by_id).to_numpy(), dtype="Int64")


def _resolve_districts(values: pd.Series, districts: pd.DataFrame, batch: Batch) -> pd.Series:
    """District ids from ids or names (accents and case ignored); unknown ones kept and warned."""
    by_key = pd.concat([
        pd.Series(districts["district_id"].to_numpy(), index=plain_text(districts["name"]).to_numpy()),
        pd.Series(districts["district_id"].to_numpy(),
                  index=plain_text(districts["district_id"]).to_numpy()),
    ])
    by_key = by_key[~by_key.index.duplicated()]
    resolved = plain_text(values).map(by_key)
    unknown = sorted(set(values[resolved.isna()]))
    if unknown:
        batch.warn("postcodes_unknown_districts", n=len(unknown), names=_listed(unknown))
    return resolved.astype(object).where(resolved.notna(), values)


def _warn_stale_postcodes(con, batch: Batch) -> None:
    known = set(batch.tables["districts"]["district_id"])
    known |= set(plain_text(batch.tables["districts"]["name"]))
    rows = con.execute("select distinct district_id from postcode_districts").fetchall()
    stale = sorted(d for (d,) in rows if d not in known and plain_text(pd.Series([d]))[0] not in known)
    if stale:
        batch.warn("postcodes_stale", n=len(stale), names=_listed(stale))


def _listed(values: list) -> list[str]:
    """The first values of a long list, '...' standing for the rest (the count says how many)."""
    return [str(v) for v in values[:SHOWN]] + (["..."] if len(values) > SHOWN else [])


def _to_wkb(geometry: np.ndarray) -> np.ndarray:
    import shapely

    return shapely.to_wkb(geometry)


def _holds_shapefile(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.lower().endswith(".shp") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def _is_geojson(path: Path) -> bool:
    with open(path, "rb") as fh:
        start = fh.read(1 << 16)
    return b'"FeatureCollection"' in start or b'"Feature"' in start
