"""`cercles demo`: a fictional city and its campaign, written as genuine export files.

The generator is seeded (numpy Generator) and keeps its own ground truth (`DemoCampaign`),
so tests compare the warehouse with what was generated, never with what the importers read.
Files follow the real formats: a Decidim 0.30 open-data zip (Ruby CSV flattening as in
`Decidim::Exporters::CSV`: nested keys joined with `/`, one column per locale, lists joined
with ", ", union of keys in first-seen order), a campaign roster, the in-person sheets and a
GeoJSON territory. `build_demo` then imports them through the importers a user would use.

    city.py      the districts, their outlines, residents, postcodes and places
    campaign.py  the campaign simulated, with its ground truth (DemoCampaign)
    exports.py   the campaign written as a Decidim open-data zip, a roster and paper sheets
"""

from __future__ import annotations

from pathlib import Path

from dashboard.demo.campaign import (
    EXPORTED_AT,
    FIELD_ACTIONS,
    ONLINE_SIGNERS,
    PHASES,
    THEMES,
    DemoCampaign,
    generate_campaign,
)
from dashboard.demo.city import (
    DISTRICTS,
    GEO_DIR,
    POSTCODE_AREAS,
    POSTCODE_FILE,
    REPO,
    TERRITORY_FILE,
    city_districts,
    postcode_table,
    territory_geojson,
)
from dashboard.demo.exports import (
    HOST,
    OPEN_DATA_ENTITIES,
    SPACE_SLUG,
    decidim_csv,
    write_campaign,
    write_geo_folder,
)
from dashboard.demo.previous import CAMPAIGNS, PreviousCampaign, generate_previous
from dashboard.errors import CerclesError

__all__ = [  # what the command line, the benchmark and the tests use
    "CAMPAIGNS",
    "DISTRICTS",
    "EXPORTED_AT",
    "FIELD_ACTIONS",
    "GEO_DIR",
    "HOST",
    "ONLINE_SIGNERS",
    "OPEN_DATA_ENTITIES",
    "PHASES",
    "POSTCODE_AREAS",
    "POSTCODE_FILE",
    "REPO",
    "SPACE_SLUG",
    "TERRITORY_FILE",
    "THEMES",
    "DemoCampaign",
    "PreviousCampaign",
    "build_demo",
    "city_districts",
    "decidim_csv",
    "generate_campaign",
    "generate_previous",
    "postcode_table",
    "territory_geojson",
    "write_campaign",
    "write_geo_folder",
]

DEFAULT_FOLDER = REPO / "data" / "demo"


# Building the demo warehouse ----------------------------------------------------------


DEMO_MARKER = "demo_seed"


def build_demo(folder=None, warehouse_file=None, seed: int = 2026, progress=None) -> list:
    """Generate the campaign, write its files into folder (default data/demo/), import
    them through the ordinary importers, and return the import batches.

    Two writer transactions: the territory, then everything else. A previous demo warehouse
    is deleted first; a warehouse holding anything else is never touched.
    """
    from dashboard import warehouse
    from dashboard.importers import import_paths, territory

    folder = Path(folder) if folder else DEFAULT_FOLDER
    target = warehouse.warehouse_path(warehouse_file)
    _clear_previous_demo(target)
    if progress:
        progress(0, 1, f"demo campaign (seed {seed}): writing its files into {folder}")
    campaign = generate_campaign(seed)
    files = write_campaign(campaign, folder, generate_previous(campaign))
    with warehouse.writer(target) as con:
        con.execute("insert or replace into warehouse_meta values (?, ?)", [DEMO_MARKER, str(seed)])
    if progress:
        progress(1, 1, f"territory {TERRITORY_FILE}")
    batches = list(
        territory.import_territory(
            files[TERRITORY_FILE],
            target,
            id_col="id",
            name_col="name",
            population_col="population",
            postcode_file=files[POSTCODE_FILE],
        )
    )
    others = [path for name, path in files.items() if name not in (TERRITORY_FILE, POSTCODE_FILE)]
    batches += import_paths(others, target, progress=progress)
    return batches


def demo_file_names() -> set[str]:
    """Every file name a demo import records (zip entries included)."""
    names = {TERRITORY_FILE, POSTCODE_FILE, "adherents.csv", f"{HOST}-open-data.zip"}
    names |= {
        f"{sheet}.csv"
        for sheet in (
            "reunions",
            "propositions_papier",
            "emargement",
            "phases",
            "signaux",
            "actions",
            "objectifs",
            "campagnes",
        )
    }
    names |= {f"{HOST}-open-data-{entity}.csv" for entity in OPEN_DATA_ENTITIES}
    return names


def _clear_previous_demo(target: Path) -> None:
    """Delete a warehouse that only ever received the demo; refuse anything else."""
    if not target.exists():
        return
    import duckdb

    try:
        con = duckdb.connect(str(target), read_only=True)
        try:
            marked = con.execute(
                "select count(*) from warehouse_meta where key = ?", [DEMO_MARKER]
            ).fetchone()[0]
            imported = {
                row[0] for row in con.execute("select distinct file_name from imports").fetchall()
            }
        finally:
            con.close()
    except duckdb.Error:
        marked, imported = 0, set()
    if not marked or not imported <= demo_file_names():
        raise CerclesError(
            f"{target} holds data that is not the demo's; the demo will not overwrite it "
            "(choose another file with --warehouse)"
        )
    target.unlink()
