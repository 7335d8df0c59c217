"""The demo's fictional city: its twelve districts (Voronoi cells around seeded centres, the
same for every campaign seed), residents, postcodes and places, written as the GeoJSON
territory and postcode table a campaign would import."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Polygon, mapping

REPO = Path(__file__).resolve().parent.parent.parent
GEO_DIR = REPO / "geo"

CITY = "Bellerive"
CITY_CENTER = (45.205, 5.78)  # lat, lon: the Grésivaudan valley, east of Grenoble
GEOMETRY_SEED = 38  # the city is the same for every --seed; only the campaign changes
TERRITORY_FILE = "bellerive-quartiers.geojson"
POSTCODE_FILE = "bellerive-codes-postaux.csv"

# id, name, residents, reach (how strongly the campaign reaches it); Q10 is the large
# district the campaign barely reaches, the finding the districts page should surface.
DISTRICTS = pd.DataFrame(
    [
        ("Q01", "Centre-Ville", 6200, 1.4),
        ("Q02", "La Gare", 4100, 1.1),
        ("Q03", "Les Tilleuls", 3300, 1.0),
        ("Q04", "Le Plateau", 5400, 1.0),
        ("Q05", "Champ-Fleuri", 2600, 0.9),
        ("Q06", "Les Coteaux", 1500, 1.3),
        ("Q07", "Bois-Joli", 3800, 1.0),
        ("Q08", "Le Port", 2900, 1.1),
        ("Q09", "La Croix-Rouge", 4600, 0.9),
        ("Q10", "Mistral-Sud", 7900, 0.08),
        ("Q11", "Les Vergers", 2200, 1.0),
        ("Q12", "Saint-Roch", 5500, 0.9),
    ],
    columns=["district_id", "name", "population", "reach"],
)

# A postcode covers one district or spans two (then it says nothing about the district).
POSTCODE_AREAS = {
    "38471": ["Q01"],
    "38472": ["Q02", "Q03"],
    "38473": ["Q04"],
    "38474": ["Q05", "Q06"],
    "38475": ["Q07", "Q08"],
    "38476": ["Q09"],
    "38477": ["Q10"],
    "38478": ["Q11", "Q12"],
}

PLACES = {
    "Q01": "Salle des fêtes, place de la Halle",
    "Q02": "Maison des associations, avenue de la Gare",
    "Q03": "Maison de quartier des Tilleuls",
    "Q04": "Gymnase du Plateau",
    "Q05": "École élémentaire Champ-Fleuri",
    "Q07": "Centre social Bois-Joli",
    "Q08": "Capitainerie du Port",
    "Q09": "MJC de la Croix-Rouge",
    "Q12": "Salle paroissiale Saint-Roch",
}
STREETS = (
    "rue des Lilas",
    "avenue de la Gare",
    "rue du Moulin",
    "chemin des Vignes",
    "place de la Halle",
    "rue des Écoles",
    "boulevard de l'Isère",
    "rue du Port",
    "allée des Tilleuls",
    "rue de la Fontaine",
    "impasse des Cerisiers",
    "quai du Canal",
)


# The city -----------------------------------------------------------------------------


def city_districts() -> pd.DataFrame:
    """The 12 districts with WGS84 polygons tiling the city, exterior rings clockwise.

    Voronoi cells of relaxed random seeds inside an irregular outline, in kilometres around
    CITY_CENTER, then converted to degrees on a 1e-6° grid (about 10 cm).
    """
    rng = np.random.default_rng(GEOMETRY_SEED)
    theta = np.linspace(0, 2 * np.pi, 120, endpoint=False)
    wobble = rng.uniform(0, 2 * np.pi, 2)
    radius = 3.0 * (1 + 0.13 * np.sin(2 * theta + wobble[0]) + 0.06 * np.sin(3 * theta + wobble[1]))
    outline = Polygon(np.c_[1.25 * radius * np.cos(theta), radius * np.sin(theta)])
    seeds = points_in(outline, len(DISTRICTS), rng)
    for _ in range(4):  # Lloyd relaxation: cells of comparable size, no slivers
        cells = _voronoi_cells(seeds, outline)
        seeds = np.array([[c.centroid.x, c.centroid.y] for c in cells])
    cells = _voronoi_cells(seeds, outline)
    # Centre-Ville is the central cell; the others follow clockwise from the north.
    central = int(np.argmin(np.hypot(seeds[:, 0], seeds[:, 1])))
    angles = np.mod(np.pi / 2 - np.arctan2(seeds[:, 1], seeds[:, 0]), 2 * np.pi)
    others = [i for i in np.argsort(angles) if i != central]
    order = [central, *others]
    lat0, lon0 = CITY_CENTER
    km_per_lon = 111.32 * np.cos(np.radians(lat0))

    def to_degrees(coords):
        return np.c_[lon0 + coords[:, 0] / km_per_lon, lat0 + coords[:, 1] / 110.574]

    polygons = [shapely.transform(cells[i], to_degrees) for i in order]
    polygons = shapely.orient_polygons(shapely.set_precision(polygons, 1e-6), exterior_cw=True)
    frame = DISTRICTS.copy()
    frame["geometry"] = list(polygons)
    return frame


def _voronoi_cells(seeds: np.ndarray, outline: Polygon) -> list[Polygon]:
    """The Voronoi cell of each seed, clipped to the outline, in the seeds' order."""
    diagram = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=outline)
    cells = list(diagram.geoms)
    ordered = []
    for x, y in seeds:
        cell = next(c for c in cells if shapely.contains_xy(c, x, y))
        ordered.append(cell.intersection(outline))
    return ordered


def points_in(polygon, n: int, rng: np.random.Generator, decimals: int | None = None) -> np.ndarray:
    """n random points strictly inside the polygon (rejection sampling), optionally rounded
    first so that rounding can never move a point out of it."""
    minx, miny, maxx, maxy = polygon.bounds
    found = np.empty((0, 2))
    while len(found) < n:
        xy = np.c_[rng.uniform(minx, maxx, 4 * n + 8), rng.uniform(miny, maxy, 4 * n + 8)]
        if decimals is not None:
            xy = np.round(xy, decimals)
        found = np.vstack([found, xy[shapely.contains_xy(polygon, xy[:, 0], xy[:, 1])]])
    return found[:n]


def territory_geojson(districts: pd.DataFrame) -> str:
    """The territory as a GeoJSON FeatureCollection (id, name, population properties)."""
    features = [
        {
            "type": "Feature",
            "properties": {
                "id": row.district_id,
                "name": row.name,
                "population": int(row.population),
            },
            "geometry": mapping(row.geometry),
        }
        for row in districts.itertuples()
    ]
    collection = {"type": "FeatureCollection", "name": f"{CITY} quartiers", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def postcode_table() -> str:
    lines = ["code_postal;quartier"]
    lines += [f"{code};{district}" for code, ids in POSTCODE_AREAS.items() for district in ids]
    return "\n".join(lines) + "\n"
