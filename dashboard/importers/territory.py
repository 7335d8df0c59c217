"""District boundaries (GeoJSON, GeoPackage, Shapefile, zipped Shapefile; any CRS), their
population, and an optional postcode-to-district table.

Official French files are read as they are downloaded: IGN's IRIS contours, INSEE's
population by IRIS (CSV, or .xlsx with its title rows), the national polling-station contours
with the Interior ministry's results by polling station for their registered voters, and the
geo API's communes. The districts' count is residents or, for polling stations, registered
voters ("inscrits"): `population_kind` says which, and the interface words it accordingly.

Geometry is reprojected to WGS84, repaired, oriented clockwise and stored twice: in full (WKB)
for point-in-polygon, and simplified (a GeoJSON Feature with only `id`) for the map. A new
territory replaces the previous one; every derived district (points, persons, contributions)
is recomputed by the writer, so the territory may come before or after the exports.
"""

import csv
import re
import warnings
import zipfile
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import warehouse
from dashboard.errors import InputError
from dashboard.geo import WGS84, display_features, repair_polygons
from dashboard.i18n import REGISTERED, RESIDENTS
from dashboard.importers.base import (
    EXCEL_SUFFIXES,
    Batch,
    file_checksum,
    read_table,
    record_import,
    sniff,
)
from dashboard.importers.common import clean_postcodes, header_key, pick_columns, plain_text
from dashboard.messages import Message, warning_records

GEO_SUFFIXES = (".geojson", ".gpkg", ".shp")
# Official codes first (IRIS, polling station, commune), then what hand-made files use. A
# guessed id must be unique and non-empty: an IRIS file's `iris` (the code within the commune)
# or `INSEE_COM` repeat, its 9-character `CODE_IRIS` does not.
ID_COLUMNS = ("code_iris", "dcomiris", "code_bureau_vote", "codebureauvote", "district_id", "id",
              "code", "code_quartier", "id_quartier", "nr", "numero", "no", "iris", "code_insee",
              "insee", "insee_com", "id_bv")
NAME_COLUMNS = ("nom_iris", "lib_iris", "libiris", "name", "nom", "libelle", "nom_quartier",
                "quartier", "district", "label")
POPULATION_COLUMNS = ("population", "pop", "pop_tot", "ptot", "habitants", "nb_habitants",
                      "inscrits", "nb_inscrits", "electeurs_inscrits", "nombre_d_inscrits")
POPULATION_PATTERN = r"p(\d{2})_pop"  # INSEE's census population, PYY_POP (most recent wins)
REGISTERED_COLUMNS = ("inscrits", "nb_inscrits", "electeurs_inscrits", "nombre_d_inscrits")
COMMUNE_COLUMNS = ("insee_com", "code_insee", "codecommune", "code_commune", "depcom",
                   "code_com", "com", "insee")
# A population table's own key: INSEE's `IRIS` (9 characters) or `CODGEO`, never `COM`.
TABLE_ID_COLUMNS = ("code_iris", "dcomiris", "iris", "code_bureau_vote", "codebureauvote",
                    "codgeo", "code", "district_id", "id", "code_insee", "insee")
# The ministry's results by polling station: commune and station codes make the national
# contours' `codeBureauVote` ('04070_0001'); older files split the commune code.
RESULTS_DEPARTMENT = ("code_du_departement", "code_departement")
RESULTS_COMMUNE = ("code_de_la_commune", "code_commune")
RESULTS_STATION = ("code_du_b_vote", "code_bv", "code_bureau_de_vote")
BUREAU_IDS = ("code_bureau_vote", "codebureauvote")  # codeBureauVote, CODEBUREAUVOTE
STATION_NUMBERS = ("numero_bureau_vote", "numerobureauvote")  # numeroBureauVote
HEADER_SEARCH_ROWS = 20  # INSEE's .xlsx files put ~5 title rows above the header
# the warnings for districts left without a count, worded for what is counted
NO_COUNT = ("territory_no_population", "territory_no_registered")
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
    if _denominator_column(header) or (
        suffix in EXCEL_SUFFIXES and _excel_header(path) is not None
    ):
        return "population"
    return None


def parse(path: Path, entity: str, context: dict) -> Batch:
    if entity == "postcodes":
        return read_postcodes(path)
    if entity == "population":
        batch = read_population(path)
        batch.loader = partial(load_population, imported_with=context)
        return batch
    context["districts"] = read_districts(
        path,
        id_col=context.get("id_col"),
        name_col=context.get("name_col"),
        population_col=context.get("population_col"),
    )
    return context["districts"]


def import_territory(path, warehouse_file, id_col=None, name_col=None, population_col=None,
                     population_file=None, postcode_file=None, commune=None) -> list[Batch]:
    """Replace the territory (and the postcode table when one is given) in one import."""
    districts = read_districts(path, id_col, name_col, population_col, population_file, commune)
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
                   population_file=None, commune=None) -> Batch:
    """One districts row per feature: id (text), name, population, full and display geometry."""
    path = Path(path)
    layer = _read_layer(path)
    columns = [c for c in layer.columns if c != layer.geometry.name]
    ids_column = id_col and _column(path, columns, id_col, ID_COLUMNS, "district_id", "--id-col")
    ids_column = ids_column or _guess_id_column(path, layer, columns)
    if commune:
        layer = _keep_commune(path, layer, columns, ids_column, commune)
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
    # polling stations are counted in registered voters, whatever file brings the numbers
    kind = REGISTERED if header_key(ids_column) in BUREAU_IDS else RESIDENTS
    if population_file:
        table = read_population(population_file, population_col)
        population = _joined_population(ids, table.tables["population"])
        batch.warnings += table.warnings
        kind = REGISTERED if REGISTERED in (kind, table.format_version) else RESIDENTS
    else:
        population_column = _population_column(path, columns, population_col)
        population = (
            _population_numbers(layer[population_column], batch) if population_column
            else pd.Series(pd.NA, index=ids.index, dtype="Int64")
        )
        if population_column and header_key(population_column) in REGISTERED_COLUMNS:
            kind = REGISTERED
    missing = ids[population.isna().to_numpy()].tolist()
    if missing:
        batch.warn(
            "territory_no_registered" if kind == REGISTERED else "territory_no_population",
            n=len(missing),
            names=_listed(missing),
        )
    batch.tables["districts"] = pd.DataFrame({
        "district_id": ids.to_numpy(),
        "name": _district_names(layer, columns, names_column, ids),
        "population": population.to_numpy(),
        "population_kind": kind,
        "geometry_wkb": [bytes(wkb) for wkb in _to_wkb(geometry)],
        "display_geojson": display_features(ids.to_numpy(), geometry),
    })
    return batch


def read_population(path, population_col=None) -> Batch:
    """A population table (INSEE by IRIS, ministry results by polling station, or any table
    with an id and a count): its rows as `population` (district_id, population), loaded onto
    the districts already imported. `format_version` is the count's kind."""
    path = Path(path)
    frame, header_line = _read_counts_table(path)
    columns = [c for c in frame.columns if c != "_line"]
    count_column = _population_column(path, columns, population_col)
    if not count_column:
        raise InputError(path, "territory_count_unknown", line=header_line, found=columns)
    keys = _table_keys(path, frame, columns, header_line)
    batch = Batch(
        source_key="territory||population",
        platform="territory",
        entity="population",
        file_name=path.name,
        checksum=file_checksum(path),
        format_version=REGISTERED if header_key(count_column) in REGISTERED_COLUMNS else RESIDENTS,
        rows_read=len(frame),
        loader=load_population,
    )
    numbers = _population_numbers(frame[count_column], batch)
    batch.skip("territory_no_code", int((keys == "").sum()))
    table = pd.DataFrame({"district_id": keys.to_numpy(), "population": numbers.to_numpy()})
    batch.tables["population"] = table[keys.to_numpy() != ""].drop_duplicates("district_id")
    return batch


def load_population(con, batch: Batch, imported_with: dict | None = None) -> None:
    """Give the imported districts the table's counts (a newer table replaces an older one's).

    Boundaries imported in the same upload said they had no population: no longer true."""
    districts = con.execute("select district_id from districts").fetchdf()
    if districts.empty:
        raise InputError(batch.file_name, "territory_population_first")
    counts = _joined_population(districts["district_id"].astype(str), batch.tables["population"])
    found = districts.assign(population=counts.astype(object).where(counts.notna(), None))
    missing = found.loc[counts.isna().to_numpy(), "district_id"].tolist()
    if missing:
        batch.warn(
            "territory_no_registered"
            if batch.format_version == REGISTERED
            else "territory_no_population",
            n=len(missing),
            names=_listed(missing),
        )
    con.register("district_counts", found)
    con.execute(
        "update districts set population = district_counts.population, population_kind = ? "
        "from district_counts where districts.district_id = district_counts.district_id",
        [batch.format_version],
    )
    con.unregister("district_counts")
    record_import(con, replace(batch, tables={}, loader=None))
    districts = (imported_with or {}).get("districts")
    if districts is not None:
        districts.warnings[:] = [w for w in districts.warnings
                                 if w.code not in NO_COUNT]
        con.execute("update imports set warnings = ? where source_key = ?",
                    [warning_records(districts.warnings), districts.source_key])


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
    postcode = clean_postcodes(frame[roles["postcode"]])
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
    source = _zip_source(path) if path.suffix.lower() == ".zip" else str(path)
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


def _column(path, columns, chosen, candidates, required_what, option):
    """The column named by the user (exact, else same key), else the first known candidate."""
    keys = {header_key(c): c for c in reversed(columns)}
    if chosen:
        if chosen in columns:
            return chosen
        if header_key(chosen) in keys:
            return keys[header_key(chosen)]
        raise InputError(path, "column_not_found", name=chosen, found=columns)
    for candidate in candidates:
        if candidate in keys:
            return keys[candidate]
    if required_what:
        raise InputError(path, "territory_column_unknown", item=required_what, found=columns,
                         option=option)
    return None


def _guess_column(frame, columns, candidates) -> str | None:
    """The first candidate column whose values are unique and non-empty (a usable id)."""
    keys = {header_key(c): c for c in reversed(columns)}
    for candidate in candidates:
        column = keys.get(candidate)
        if column is not None:
            values = _code_text(frame[column])
            if not (values == "").any() and values.is_unique:
                return column
    return None


def _guess_id_column(path, layer, columns) -> str:
    """A unique, non-empty id column; when no candidate is, the first one present, so that
    the user reads which id repeats or is missing."""
    column = _guess_column(layer, columns, ID_COLUMNS)
    return column or _column(path, columns, None, ID_COLUMNS, "district_id", "--id-col")


def _keep_commune(path, layer, columns, ids_column, commune: str):
    """Only the features of one commune (INSEE code), e.g. a city's IRIS or polling stations."""
    keys = {header_key(c): c for c in reversed(columns)}
    column = next((keys[k] for k in COMMUNE_COLUMNS if k in keys), None)
    if column is not None:
        communes = _code_text(layer[column]).str.zfill(5)
    elif header_key(ids_column) in ("code_iris", "dcomiris", *BUREAU_IDS, "code"):
        communes = _code_text(layer[ids_column]).str.zfill(5).str[:5]
    else:
        raise InputError(path, "territory_no_commune_column", commune=commune, found=columns)
    kept = layer[(communes == str(commune).strip().zfill(5)).to_numpy()]
    if kept.empty:
        found = sorted(set(communes))
        raise InputError(path, "territory_commune_absent", commune=commune,
                         found=_listed(found))
    return kept.reset_index(drop=True)


def _district_names(layer, columns, names_column, ids: pd.Series) -> np.ndarray:
    """The name column, else a polling station's commune and number; names that repeat across
    communes (two 'Centre' IRIS) get their commune's name after them."""
    keys = {header_key(c): c for c in columns}
    commune = next((keys[k] for k in ("nom_commune", "nomcommune", "nom_com", "libcom")
                    if k in keys), None)
    if names_column:
        names = layer[names_column].astype("string").fillna("").str.strip()
    elif commune and (station := next((keys[k] for k in STATION_NUMBERS if k in keys), None)):
        number = _code_text(layer[station]).str.lstrip("0")
        names = layer[commune].astype("string").fillna("").str.strip() + " – bureau " + number
    else:
        names = pd.Series([""] * len(ids), dtype="string")
    names = names.reset_index(drop=True)
    if commune and names_column and names[names != ""].duplicated(keep=False).any():
        communes = layer[commune].astype("string").fillna("").str.strip().reset_index(drop=True)
        repeated = names.duplicated(keep=False) & (names != "") & (communes != "")
        names = names.where(~repeated, names + " (" + communes + ")")
    return names.where(names != "", pd.Series(ids.to_numpy())).to_numpy()


def _district_ids(path, values: pd.Series, column: str) -> pd.Series:
    """Ids as text, leading zeros kept: INSEE IRIS codes are 9 characters even when numeric."""
    ids = values.astype("string").fillna("").str.strip().str.replace(r"^(\d+)\.0$", r"\1", regex=True)
    if "iris" in header_key(column):
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


def _joined_population(ids: pd.Series, table: pd.DataFrame) -> pd.Series:
    """Each district's count from a (district_id, population) table, matched on the code."""
    keys = table["district_id"].astype("string")
    width = ids.str.len()
    if width.nunique() == 1 and ids.str.fullmatch(r"\d+").all():
        keys = keys.str.zfill(int(width.iloc[0]))  # Excel dropped the leading zero
    by_id = pd.Series(table["population"].to_numpy(), index=keys.to_numpy())
    by_id = by_id[~by_id.index.duplicated()]
    return pd.Series(ids.map(by_id).to_numpy(), dtype="Int64")


def _read_counts_table(path: Path) -> tuple[pd.DataFrame, int]:
    """A table's cells as text from its header row on, and that row's line number.

    INSEE's .xlsx files start with title rows, and the ministry's results give each
    candidate cells beyond the header: both are read as they come, not refused."""
    if not path.exists():
        raise InputError(path, "no_such_file")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        rows = _excel_rows(path)
    else:
        encoding, delimiter, _ = sniff(path)
        with open(path, encoding=encoding, errors="replace", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=delimiter))
    start = _header_row(rows)
    header = [str(c).strip().lstrip("\ufeff") for c in rows[start]]
    width = len(header)
    cells = [(row + [""] * width)[:width] for row in rows[start + 1:] if any(row)]
    frame = pd.DataFrame(cells, columns=header, dtype=object).fillna("")
    frame["_line"] = range(start + 2, start + 2 + len(frame))
    return frame, start + 1


def _excel_rows(path: Path, nrows: int | None = None) -> list[list[str]]:
    try:
        sheet = pd.read_excel(path, header=None, dtype=str, keep_default_na=False, nrows=nrows)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for damaged workbooks
        raise InputError(path, "excel_unreadable", detail=type(exc).__name__) from None
    return sheet.fillna("").astype(str).values.tolist()


def _header_row(rows: list[list[str]]) -> int:
    """The first row naming a count column (after INSEE's title rows), else the first row."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _denominator_column([str(c) for c in row]):
            return index
    return 0


def _excel_header(path: Path) -> list[str] | None:
    """The header of an Excel population table whose title rows hide it, else None."""
    try:
        rows = _excel_rows(path, nrows=HEADER_SEARCH_ROWS)
    except InputError:
        return None
    start = _header_row(rows)
    return rows[start] if rows and _denominator_column(rows[start]) else None


def _denominator_column(header: list[str]) -> str | None:
    """The count column of a population table: INSEE's PYY_POP or the ministry's Inscrits,
    beside a code to join on; None for any other table."""
    keys = {header_key(c): c for c in header}
    count = next((keys[k] for k in keys if re.fullmatch(POPULATION_PATTERN, k)), None)
    if count is None and any(k in keys for k in RESULTS_STATION):
        count = next((keys[k] for k in REGISTERED_COLUMNS if k in keys), None)
    has_code = any(k in keys for k in TABLE_ID_COLUMNS + RESULTS_STATION)
    return count if has_code else None


def _population_column(path, columns, chosen) -> str | None:
    """The named column, else INSEE's most recent PYY_POP, else a known population name."""
    if chosen:
        return _column(path, columns, chosen, (), None, "--population-col")
    keys = {header_key(c): c for c in columns}
    census = sorted((m.group(1), keys[k]) for k in keys if (m := re.fullmatch(POPULATION_PATTERN, k)))
    if census:
        return census[-1][1]
    return _column(path, columns, None, POPULATION_COLUMNS, None, "--population-col")


def _table_keys(path, frame: pd.DataFrame, columns, header_line) -> pd.Series:
    """Each row's district code: the ministry's commune + station, else the table's id."""
    keys = {header_key(c): c for c in columns}
    station = next((keys[k] for k in RESULTS_STATION if k in keys), None)
    commune = next((keys[k] for k in RESULTS_COMMUNE if k in keys), None)
    if station and commune and not keys.keys() & set(BUREAU_IDS):
        department = next((keys[k] for k in RESULTS_DEPARTMENT if k in keys), None)
        communes = _code_text(frame[commune])
        if department:  # '04' + '70' -> '04070'; a 5-character code is kept as it is
            short = communes.str.len() <= 3
            communes = communes.where(~short, _code_text(frame[department]).str.zfill(2)
                                      + communes.str.zfill(3))
        stations = _code_text(frame[station]).str.zfill(4)
        present = (communes != "") & (stations != "")
        return (communes + "_" + stations).where(present, "")
    column = _guess_column(frame, columns, TABLE_ID_COLUMNS)
    if column is None:
        raise InputError(path, "territory_table_no_code", line=header_line, found=columns)
    return _code_text(frame[column])


def _code_text(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna("").str.strip().str.replace(r"^(\d+)\.0$", r"\1", regex=True)


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


def _zip_source(path: Path) -> str:
    """GDAL's name for the shapefile in a zip, in a folder or not (IGN's are in folders)."""
    try:
        with zipfile.ZipFile(path) as archive:
            inner = next((n for n in archive.namelist() if n.lower().endswith(".shp")), None)
    except (zipfile.BadZipFile, OSError):
        inner = None
    return f"zip://{path}!{inner}" if inner else f"zip://{path}"


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
