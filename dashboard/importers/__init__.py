"""Import files into the warehouse: detect what each file is, parse it, load it atomically.

One call of `import_paths` is one all-or-nothing writer transaction: if any file fails, the
warehouse keeps exactly what it had.
"""

import importlib
import zipfile
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

from dashboard import tempfolders, warehouse
from dashboard.errors import CerclesError, InputError
from dashboard.importers.base import Batch, read_header, record_import
from dashboard.privacy import register_sql_pseudo

# Tried in this order; the first module whose detect() claims a file wins.
IMPORTER_MODULES = ("decidim", "capcollectif", "granddebat", "roster", "sheets", "territory")
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json")
GEO_SUFFIXES = (".geojson", ".gpkg", ".shp")
SHAPEFILE_PARTS = (".shx", ".dbf", ".prj", ".cpg", ".sbn", ".sbx", ".qix")
MAX_ZIP_ENTRY_BYTES = 4 << 30  # a campaign export is far below this; a zip bomb is not
MAX_ZIP_RATIO = 200
# A whole archive: a Decidim open-data zip holds about 15 files, the Grand Débat's four themes
# unpack to about 1.5 GB; a bomb spreads its size over many entries or many small files.
MAX_ZIP_ENTRIES = 1_000
MAX_ZIP_TOTAL_BYTES = 16 << 30
LARGE_ZIP_BYTES = 64 << 20  # below this unpacked, any compression ratio is harmless


def importer(name: str):
    return importlib.import_module(f"dashboard.importers.{name}")


def available_importers(platform: str | None = None):
    names = IMPORTER_MODULES if platform is None else (platform,)
    modules = []
    for name in names:
        try:
            modules.append(importer(name))
        except ModuleNotFoundError:
            if platform is not None:
                raise CerclesError("unknown_platform", platform=platform,
                                   known=IMPORTER_MODULES) from None
    return modules


def detect(path: Path, platform: str | None = None):
    """(module, entity) that can read this file, or an InputError listing what was seen."""
    if platform is None:
        territory = importer("territory")
        if territory.detect(path, []) == "districts":
            # boundaries are no table: a one-line GeoJSON would only trouble the table sniffers
            return territory, "districts"
    geographic = path.suffix.lower() in GEO_SUFFIXES or (
        path.suffix.lower() == ".zip" and _is_shapefile_zip(path)
    )
    unreadable = None
    try:
        header = [] if geographic else read_header(path)
    except InputError as exc:
        # An empty file may still be claimed by its name: Decidim zips hold one per unused entity.
        header, unreadable = [], exc
    for module in available_importers(platform):
        entity = module.detect(path, header)
        if entity:
            return module, entity
    if unreadable:
        raise unreadable
    shown = ", ".join(header[:8]) + (", ..." if len(header) > 8 else "")
    raise InputError(path, "not_recognised", line=1, header=shown or "–")


def expand(paths, workdir: Path) -> list[Path]:
    """Files to import: zips are unpacked safely into workdir, folders are walked."""
    files = []
    for path in map(Path, paths):
        if not path.exists():
            raise CerclesError("no_such_path", path=str(path))
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and _importable(p)))
        elif path.suffix.lower() == ".zip" and not _is_shapefile_zip(path):
            files.extend(unzip_safely(path, workdir / path.stem))
        else:
            files.append(path)
    # A shapefile uploaded as its parts: the .shp reads its .dbf/.shx/.prj itself.
    shapefiles = {f.with_suffix("") for f in files if f.suffix.lower() == ".shp"}
    return [f for f in files if f.suffix.lower() not in SHAPEFILE_PARTS
            or f.with_suffix("") not in shapefiles]


def _importable(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES + GEO_SUFFIXES + (".zip",)


def _is_shapefile_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(n.lower().endswith(".shp") for n in archive.namelist())
    except zipfile.BadZipFile:
        return False


def unzip_safely(path: Path, target: Path) -> list[Path]:
    """Extract table files of a zip, refusing traversal, encryption and zip bombs.

    The whole archive is checked from its directory before anything is written: entry count,
    total unpacked size and ratio, then each entry. Entries keep their folders, so two files
    with one name in different folders stay apart.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise InputError(path, "zip_unreadable") from None
    extracted = []
    with archive:
        check_archive_size(path, archive.infolist())
        for info in archive.infolist():
            name = info.filename
            if info.is_dir():
                continue
            if name.startswith("/") or ".." in Path(name).parts:
                raise InputError(path, "zip_outside", entry=name)
            if info.flag_bits & 0x1:
                raise InputError(path, "zip_encrypted", entry=name)
            if info.file_size > MAX_ZIP_ENTRY_BYTES or (
                info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO
                and info.file_size > 64 << 20
            ):
                raise InputError(path, "zip_too_large", entry=name)
            if not _importable(Path(name)) or Path(name).name.startswith("."):
                continue
            out = target / name
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as src, open(out, "wb") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
            except (zipfile.BadZipFile, EOFError, OSError) as exc:
                raise InputError(path, "zip_damaged", entry=name, detail=str(exc)) from None
            extracted.append(out)
    if not extracted:
        raise InputError(path, "zip_no_table")
    return extracted


def check_archive_size(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive whose directory announces too many entries or too much data."""
    if len(entries) > MAX_ZIP_ENTRIES:
        raise InputError(path, "zip_too_many_entries", entries=len(entries),
                         limit=MAX_ZIP_ENTRIES)
    unpacked = sum(info.file_size for info in entries)
    if unpacked > MAX_ZIP_TOTAL_BYTES:
        raise InputError(path, "zip_too_big", gb=unpacked >> 30, limit=MAX_ZIP_TOTAL_BYTES >> 30)
    packed = sum(info.compress_size for info in entries)
    if unpacked > LARGE_ZIP_BYTES and unpacked > MAX_ZIP_RATIO * max(packed, 1):
        raise InputError(path, "zip_ratio", ratio=unpacked // max(packed, 1), limit=MAX_ZIP_RATIO)


def parse_file(path: Path, platform: str | None = None, options: dict | None = None) -> Batch:
    module, entity = detect(path, platform)
    return module.parse(path, entity, options if options is not None else {})


def import_paths(paths, warehouse_file, platform=None, options=None, progress=None) -> list[Batch]:
    """Parse every file and load them all, in order, in one writer transaction. Returns the
    batches.

    Zips are unpacked, and files transcoded, into a private folder removed however the import
    ends; folders that killed imports left behind are removed first.
    """
    tempfolders.sweep()
    with tempfolders.private_folder("import") as tmp:
        files = beside_first(expand(paths, tmp), platform)
        if not files:
            raise CerclesError("nothing_to_import")
        batches = []
        # one context per import: sheets check meetings across files
        options = dict(options or {}, workdir=tmp)
        # Files are parsed one after another in a second thread while the writer loads the
        # ones already parsed, in the same order (a theme file first, see beside_first):
        # reading a file in Python overlaps DuckDB writing the previous one (a large theme
        # file), on another core. A loader that reads what other files brought (sheets
        # naming meetings) loads once every other file has, rather than holding back the
        # files after it until the last is parsed: a sign-in sheet listed before a large
        # theme file kept the theme from loading beside the parsing. Population tables load
        # last.
        reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cercles-parse")
        try:
            parsing = [reader.submit(parse_file, path, platform, options) for path in files]

            def parsed(index: int) -> Batch:
                """The batch of files[index], its progress said once, as it is waited for."""
                if index == len(batches):
                    if progress:
                        progress(index, len(files), files[index].name)
                    batches.append(parsing[index].result())
                return batches[index]

            with warehouse.writer(warehouse.warehouse_path(warehouse_file)) as con:
                after_all, population = [], []  # a population table joins the boundaries
                with warehouse.any_row_order(con):
                    with Beside(con) as beside:
                        for index in range(len(files)):
                            batch = parsed(index)
                            if batch.after_every_file:
                                after_all.append(batch)
                            elif batch.entity == "population":
                                population.append(batch)
                            elif batch.loads_beside:
                                beside.start(batch)
                            else:
                                load(con, batch)
                        for batch in after_all:
                            load(con, batch)
                    for batch in population:
                        load(con, batch)
                if progress:
                    progress(len(files), len(files), "writing the warehouse")
        finally:
            reader.shutdown(wait=True, cancel_futures=True)  # before its files are removed
    return batches


def beside_first(files: list[Path], platform: str | None = None) -> list[Path]:
    """The files whose batches load beside the writer (a Grand Débat theme) first, the others
    in their order: the longest load of an import starts at once, rather than once the files
    listed before it are read (at 1 M, the demo's dozen small files listed before the theme
    held it back half a second). Such a load reads and writes only its own rows: when it runs
    changes nothing else. Telling them is reading each file's header once more (parse_file
    reads it again), 8 ms for the 28 files of the 1 M bench."""
    def loads_beside(path: Path) -> bool:
        try:
            module, entity = detect(path, platform)
        except CerclesError:
            return False  # its parse says why, in its turn
        return entity in getattr(module, "BESIDE_ENTITIES", ())

    return sorted(files, key=lambda path: not loads_beside(path))


def load(con, batch: Batch) -> None:
    (batch.loader or record_import)(con, batch)


class Beside:
    """Loads a batch whose loader reads only what it writes (`Batch.loads_beside`) on a
    connection of its own while the writer loads the other files: at 10 M a Grand Débat theme
    reads and writes for 15 s, and the other files' rows would wait for it on one core.

    Each statement of an import commits on the private copy of the warehouse and DuckDB lets
    two connections append to the same tables; the copy is swapped in only once both are done.
    One such batch at a time. Leaving the block waits for it and raises what it raised; when
    the writer failed, the batch beside is interrupted first."""

    def __init__(self, con):
        self.con, self.cursor, self.running = con, None, None
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cercles-beside")

    def __enter__(self):
        return self

    def start(self, batch: Batch) -> None:
        self.wait()
        if self.cursor is None:
            self.cursor = self.con.cursor()
            register_sql_pseudo(self.cursor)
        self.running = self.thread.submit(load, self.cursor, batch)

    def wait(self) -> None:
        running, self.running = self.running, None
        if running is not None:
            running.result()

    def __exit__(self, kind, error, trace):
        try:
            if error is not None and self.running is not None:
                self.cursor.interrupt()
                wait([self.running])
            else:
                self.wait()
        finally:
            self.thread.shutdown(wait=True)
            if self.cursor is not None:
                self.cursor.close()
