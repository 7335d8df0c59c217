"""Geometry with shapely (DuckDB's spatial extension needs the internet to install)."""

import json

import numpy as np
import pandas as pd
import shapely


def locate_points(con) -> None:
    """Fill point_districts: the district containing each distinct located point."""
    districts = con.execute(
        "select district_id, geometry_wkb from districts where geometry_wkb is not null"
    ).fetchdf()
    con.execute("delete from point_districts")
    if districts.empty:
        return
    points = con.execute(
        """
        select distinct latitude, longitude from (
            select latitude, longitude from contribution_rows
            union all select latitude, longitude from proposals
            union all select latitude, longitude from meetings
            union all select latitude, longitude from field_actions
        ) where latitude is not null and longitude is not null
        """
    ).fetchdf()
    if points.empty:
        return
    located = points_in_districts(
        points["longitude"].to_numpy(), points["latitude"].to_numpy(), districts
    )
    points["district_id"] = located
    found = points[points["district_id"].notna()]  # noqa: F841 - read by DuckDB below
    con.execute("insert into point_districts select latitude, longitude, district_id from found")


def points_in_districts(lon: np.ndarray, lat: np.ndarray, districts: pd.DataFrame) -> np.ndarray:
    """District id containing each (lon, lat) point, None outside every district."""
    geoms = shapely.from_wkb(districts["geometry_wkb"].map(bytes).to_numpy())
    tree = shapely.STRtree(geoms)
    pts = shapely.points(lon, lat)
    point_idx, geom_idx = tree.query(pts, predicate="intersects")
    result = np.full(len(pts), None, dtype=object)
    ids = districts["district_id"].to_numpy()
    # A point on a shared border belongs to the first district listed, deterministically.
    order = np.lexsort((geom_idx, point_idx))
    point_idx, geom_idx = point_idx[order], geom_idx[order]
    first = np.unique(point_idx, return_index=True)[1]
    result[point_idx[first]] = ids[geom_idx[first]]
    return result


WGS84 = "EPSG:4326"
DISPLAY_DECIMALS = 5  # about one metre: finer detail is invisible on a district map
POLYGONAL = ("Polygon", "MultiPolygon")


def repair_polygons(geoms: np.ndarray) -> np.ndarray:
    """Valid polygonal geometries, outer rings clockwise; None where nothing areal remains."""
    geoms = np.asarray(geoms, dtype=object)
    invalid = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
    if invalid.any():
        geoms = geoms.copy()
        geoms[invalid] = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
    repaired = np.array([_polygonal_part(g) for g in geoms], dtype=object)
    present = ~shapely.is_missing(repaired)
    repaired[present] = shapely.orient_polygons(repaired[present], exterior_cw=True)
    return repaired


def _polygonal_part(geom):
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in POLYGONAL:
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in POLYGONAL and not p.is_empty]
    return shapely.union_all(parts) if parts else None


def display_features(ids: np.ndarray, geoms: np.ndarray) -> list[str]:
    """A light GeoJSON Feature per district (simplified, rounded, clockwise, `id` only)."""
    areas = shapely.area(geoms)
    # Tolerance relative to a typical district's size: the map loses nothing visible.
    tolerance = max(float(np.sqrt(np.median(areas))) / 300, 1e-6) if len(geoms) else 1e-6
    try:
        simplified = shapely.coverage_simplify(geoms, tolerance)
    except shapely.errors.GEOSException:  # not a clean coverage: simplify each on its own
        simplified = shapely.simplify(geoms, tolerance, preserve_topology=True)
    simplified = np.where(shapely.is_empty(simplified), geoms, simplified)
    rounded = shapely.transform(simplified, lambda xy: np.round(xy, DISPLAY_DECIMALS))
    rounded = np.where(shapely.is_valid(rounded), rounded, simplified)
    oriented = shapely.orient_polygons(rounded, exterior_cw=True)
    return [
        f'{{"type": "Feature", "properties": {{"id": {json.dumps(str(i))}}}, "geometry": {g}}}'
        for i, g in zip(ids, shapely.to_geojson(oriented))
    ]
