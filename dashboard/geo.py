"""Geometry with shapely (DuckDB's spatial extension needs the internet to install)."""

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
            select latitude, longitude from contributions
            union all select latitude, longitude from proposals
            union all select latitude, longitude from meetings
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
