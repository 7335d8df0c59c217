"""The communes of an intercommunality (or one commune) from the official geo API
(API Découpage administratif), as district boundaries with their population.

The file is kept beside the warehouse, so the territory can be imported again offline. With
no network, the user is told in one line which address to download by hand (in French on the
command line too: the volunteer who reads it may not read English).
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from dashboard.errors import CerclesError

GEO_API = "https://geo.api.gouv.fr"
TIMEOUT_SECONDS = 60  # an EPCI of 150 communes with contours is a few megabytes


def geo_api_base() -> str:
    """$CERCLES_GEO_API (a mirror, or a test's local server), else the official API."""
    return os.environ.get("CERCLES_GEO_API", GEO_API).rstrip("/")


def communes_url(epci: str | None = None, commune: str | None = None) -> str:
    """The API's GeoJSON of the communes (contour, name, code, population)."""
    query = {"codeEpci": epci} if epci else {"code": commune}
    query |= {"format": "geojson", "geometry": "contour", "fields": "nom,code,population"}
    return f"{geo_api_base()}/communes?{urllib.parse.urlencode(query, safe=',')}"


def communes_file(folder: Path, epci: str | None = None, commune: str | None = None) -> Path:
    return Path(folder) / (
        f"communes-epci-{epci}.geojson" if epci else f"commune-{commune}.geojson"
    )


def fetch_communes(folder: Path, epci: str | None = None, commune: str | None = None) -> Path:
    """Download the communes into `folder` and return the file; one line if it cannot."""
    if bool(epci) == bool(commune):
        raise CerclesError("geo_api_one_of")
    url = communes_url(epci, commune)
    target = communes_file(folder, epci, commune)
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise CerclesError("geo_api_http", status=exc.code, url=url) from None
    except (urllib.error.URLError, OSError):
        raise CerclesError("geo_api_offline", url=url, target=str(target)) from None
    try:
        features = json.loads(body)["features"]
    except (ValueError, KeyError, TypeError):
        raise CerclesError("geo_api_not_geojson", url=url) from None
    if not features:
        area = f"EPCI {epci}" if epci else f"commune {commune}"
        raise CerclesError("geo_api_no_commune", area=area, url=url)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(body)
    partial.replace(target)
    return target
