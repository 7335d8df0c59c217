"""What every importer shares: reading a table file, the batch it produces, its summary.

An importer module exposes
    ENTITY_DETECTORS or detect(path, header) -> str | None   (entity name, or None: not mine)
    parse(path, entity, context) -> Batch
and never writes the warehouse itself: `load_batch` does, inside the single writer.
"""

import csv
import hashlib
import io
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from dashboard.errors import InputError
from dashboard.import_messages import summary_text
from dashboard.importers.common import detect_encoding, paris_to_utc
from dashboard.messages import Message, skipped_records, warning_records
from dashboard.warehouse import SOURCE_TABLES, source_rows

DELIMITERS = (";", ",", "\t")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# A header line longer than this is no export's (a Grand Débat header with every question is
# about 10 KB): such a file is refused by name instead of read whole as one line.
MAX_HEADER_BYTES = 1 << 20
# Python's csv module refuses fields over 128 KB by default: a header line up to the limit
# above is split whole.
csv.field_size_limit(max(csv.field_size_limit(), MAX_HEADER_BYTES))


@dataclass
class Batch:
    """The rows one source file contributes, by warehouse table, and what was skipped."""

    source_key: str
    platform: str
    entity: str
    file_name: str
    checksum: str | Future  # a Future while a large file is still being hashed
    host: str | None = None
    format_version: str | None = None
    rows_read: int = 0
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    skipped: Counter = field(default_factory=Counter)  # Message -> rows skipped for it
    warnings: list[Message] = field(default_factory=list)
    moderation_measurable: bool | None = None
    # Tables this import replaces wholesale (not per source_key), e.g. districts.
    replace_tables: tuple[str, ...] = ()
    # Set by importers that stream straight into DuckDB (large files) instead of `tables`;
    # called as loader(con, batch) inside the writer, and must call record_import itself.
    loader: Callable | None = None
    # Set when the loader reads what other files of the same import brought (sheets check
    # meeting ids across files): it runs once every file is parsed.
    after_every_file: bool = False
    # Set when the loader reads nothing another file brings and writes nothing another file's
    # loader reads (a Grand Débat theme): it runs on a connection of its own, beside the
    # writer, while the writer loads the other files.
    loads_beside: bool = False

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped.values())

    @property
    def rows_kept(self) -> int:
        return self.rows_read - self.rows_skipped

    def skip(self, code: str, count: int = 1, **params) -> None:
        """Count `count` rows left out for the reason `code` (a message code, see i18n)."""
        if count:
            self.skipped[Message.of(code, **params)] += int(count)

    def warn(self, code: str, **params) -> None:
        """Something the user should know about this file (a message code and its values)."""
        self.warnings.append(Message.of(code, **params))

    def skipped_codes(self) -> dict[str, int]:
        """Rows skipped per reason code (whatever the reason's values)."""
        counts = Counter()
        for message, n in self.skipped.items():
            counts[message.code] += n
        return dict(counts)

    def summary_line(self) -> str:
        """The file in one line, as the command line prints it (see import_messages)."""
        return summary_text(self, "en", cli=True)


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


_HASHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cercles-checksum")


def file_checksum_soon(path: Path) -> Future:
    """file_checksum on a thread of its own, for a file DuckDB reads itself: hashlib lets go
    of the GIL on each megabyte, so the writer starts on the file at once instead of waiting
    for its hash (about a second for a 1.4 GB Grand Débat theme). record_import waits for it."""
    return _HASHER.submit(file_checksum, path)


def first_line_too_long(path: Path) -> InputError:
    return InputError(path, "first_line_too_long", line=1, limit=MAX_HEADER_BYTES >> 20)


def detect_delimiter(header_line: str) -> str:
    """The delimiter that splits the header into the most fields, outside quotes."""
    counts = {}
    for delim in DELIMITERS:
        try:
            counts[delim] = len(next(csv.reader([header_line], delimiter=delim)))
        except (csv.Error, StopIteration):
            counts[delim] = 0
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 1 else ","


def sniff(path: Path, sample_bytes: int = 1 << 16) -> tuple[str, str, list[str]]:
    """(encoding, delimiter, header) of a text table, reading only its beginning."""
    with open(path, "rb") as fh:
        raw = fh.read(sample_bytes)
        if len(raw) == sample_bytes and b"\n" not in raw:  # the header goes on: read it whole
            raw += fh.read(MAX_HEADER_BYTES + 1 - len(raw))
            if len(raw) > MAX_HEADER_BYTES and b"\n" not in raw:
                raise first_line_too_long(path)
    if not raw.strip():
        raise InputError(path, "empty_file")
    if b"\x00" in raw[:4096]:
        raise InputError(path, "binary_file")
    encoding = detect_encoding(raw)
    text = raw.decode(encoding, errors="replace")
    header_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = detect_delimiter(header_line)
    header = next(csv.reader([header_line], delimiter=delimiter))
    return encoding, delimiter, [h.strip().lstrip("\ufeff") for h in header]


def read_header(path: Path) -> list[str]:
    """Column names of a CSV/TSV or Excel file (first sheet)."""
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return [str(c).strip() for c in read_excel(path, nrows=0).columns]
    return sniff(path)[2]


def read_excel(path: Path, nrows: int | None = None) -> pd.DataFrame:
    try:
        frame = pd.read_excel(path, dtype=str, nrows=nrows, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for damaged workbooks
        raise InputError(path, "excel_unreadable", detail=type(exc).__name__) from None
    return frame


def read_table(path: Path, skip: Callable[[str], bool] | None = None) -> pd.DataFrame:
    """Every cell as a string ('' when empty); header stripped; a `_line` column.

    `_line` is the physical line where the record starts in the file (1 = header), so that
    errors can point at it even when quoted cells span several lines. A record with more
    cells than the header, a duplicated column or an unclosed quote is an InputError.
    Columns whose name `skip` accepts (free text a reader never uses) are left out of the
    frame: still parsed and checked like the others, but not turned into strings.
    """
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        frame = read_excel(path)
        names = [str(c).strip() for c in frame.columns]
        # pandas renames a repeated header 'date' to 'date.1': that is a duplicated column
        for name in names:
            base, _, suffix = name.rpartition(".")
            if suffix.isdigit() and base in names:
                raise InputError(path, "duplicate_column", line=1, name=base)
        frame.columns = names
        frame["_line"] = range(2, len(frame) + 2)
        return _skipped(_check_columns(path, frame), skip)
    encoding, delimiter, header = sniff(path)
    raw = path.read_bytes()
    names = _unquoted_header(raw, encoding, delimiter, len(header)) if skip else None
    unread = [i for i, name in enumerate(names) if skip(name)] if names else []
    cells = _read_cells_fast(raw, delimiter, encoding, len(header), unread)
    if cells is None:
        cells, unread = _read_cells(path, raw, delimiter, encoding), []
    header = [str(c).strip().lstrip("\ufeff") for c in cells.iloc[0]]
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = [name or f"Unnamed: {i}" for i, name in zip(cells.columns, header)]
    frame = frame.fillna("")
    frame["_line"] = _data_lines(raw, len(frame))
    if unread:  # the left-out columns' names are checked too
        _check_columns(path, pd.DataFrame(columns=names))
    return _skipped(_check_columns(path, frame), skip)


def _skipped(frame: pd.DataFrame, skip) -> pd.DataFrame:
    """The frame without the columns `skip` accepts (those Arrow already left out are gone)."""
    if skip is None:
        return frame
    return frame.drop(columns=[c for c in frame.columns if c != "_line" and skip(c)])


def _unquoted_header(raw: bytes, encoding: str, delimiter: str, width: int) -> list[str] | None:
    """Column names as read_table names them, when the header line has no quote (so that
    splitting it is all parsing it does); None otherwise."""
    line = raw[: raw.find(b"\n")] if b"\n" in raw else raw
    if b'"' in line:
        return None
    cells = line.decode(encoding, errors="replace").removesuffix("\r").split(delimiter)
    if len(cells) != width:
        return None
    names = [cell.strip().lstrip("\ufeff") for cell in cells]
    return [name or f"Unnamed: {i}" for i, name in enumerate(names)]


def _read_cells(path: Path, raw: bytes, delimiter: str, encoding: str) -> pd.DataFrame:
    """Every record of a text table as strings, header row included (pandas' C parser)."""
    try:
        # header=None: the header fixes the width, so a longer record is an error naming its
        # line instead of silently becoming an index column.
        return pd.read_csv(
            io.BytesIO(raw),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
            encoding=encoding,
            encoding_errors="replace",
            engine="c",
        )
    except pd.errors.ParserError as exc:
        line, code, params = _parser_error(str(exc), raw)
        raise InputError(path, code, line=line, **params) from None
    except pd.errors.EmptyDataError:
        raise InputError(path, "no_header") from None


def _read_cells_fast(raw: bytes, delimiter: str, encoding: str, width: int,
                     unread=()) -> pd.DataFrame | None:
    """What `_read_cells` returns, read by Arrow's CSV reader; None whenever
    that reader objects or might read differently (the C parser then reads, and words errors).
    Columns at the `unread` positions are parsed (widths checked) but left out.

    Arrow refuses what the C parser would pad or reject (short or long records, invalid UTF-8),
    so a table it accepts with `width` text columns is the same table.
    """
    if encoding not in ("utf-8", "utf-8-sig") or width < 2 or not _plain_csv(raw, delimiter):
        return None  # a lone column reads blank-looking lines differently
    names = [f"f{i}" for i in range(width)]
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(raw),
            # One thread: as fast on two shared cores, and half the CPU of Arrow's thread pool.
            read_options=pa_csv.ReadOptions(column_names=names, use_threads=False),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, quote_char='"', double_quote=True, escape_char=False,
                newlines_in_values=True, ignore_empty_lines=True,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=False, quoted_strings_can_be_null=False,
                include_columns=[name for i, name in enumerate(names) if i not in set(unread)],
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    if table.num_rows == 0 or table.num_columns != width - len(unread):
        return None
    cells = table.to_pandas()
    cells.columns = [i for i in range(width) if i not in set(unread)]
    return cells


def _plain_csv(raw: bytes, delimiter: str) -> bool:
    """True when lines end in \\n or \\r\\n and every '"' opens a cell, closes it or doubles
    another inside it (RFC 4180): then Arrow and the C parser split cells alike, and no
    quote runs to the end of the file (which the C parser reports and Arrow accepts)."""
    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return False
    if b'"' not in raw:
        return True
    data = np.frombuffer(raw, dtype=np.uint8)
    quotes = np.flatnonzero(data == 34)
    if len(quotes) % 2:
        return False
    bounds = [ord(delimiter), 10, 13, 34]  # a doubled quote follows or precedes a quote
    opening, closing = quotes[0::2], quotes[1::2]
    opens_cell = (opening == 0) | np.isin(data[np.maximum(opening - 1, 0)], bounds)
    closes_cell = (closing == len(data) - 1) | np.isin(data[np.minimum(closing + 1, len(data) - 1)], bounds)
    return bool(opens_cell.all() and closes_cell.all())


def _data_lines(raw: bytes, records: int):
    """Physical line where each of `records` data records starts (see `_record_start_lines`)."""
    physical = raw.count(b"\n") + (not raw.endswith(b"\n"))
    if physical == records + 1 and records:
        return range(2, records + 2)  # a line per record and no blank line: nothing to follow
    starts = _record_start_lines(raw)
    return starts[:records] if len(starts) >= records else range(2, records + 2)


def _check_columns(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    names = [c for c in frame.columns if c != "_line"]
    seen = set()
    for name in names:
        if name in seen:
            raise InputError(path, "duplicate_column", line=1, name=name)
        seen.add(name)
    return frame


def _quote_and_newline_positions(data) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(bytes, newline offsets, offsets of newlines outside quotes) of a text table."""
    if isinstance(data, str):
        data = data.encode("utf-8", errors="replace")
    data = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    quotes = np.flatnonzero(data == 34)
    # A newline ends a record when an even number of quotes precede it.
    ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    return data, newlines, ends


def _record_start_lines(data, delimiter: str | None = None) -> list[int]:
    """Line number where each data record starts, following quotes across lines.

    Vectorised over the raw bytes (a loop over characters took 15 s for 500,000 rows): '"'
    and '\\n' are single bytes in UTF-8 and cp1252, so their offsets give the records' lines.
    """
    data, newlines, ends = _quote_and_newline_positions(data)
    starts = ends + 1
    while True:  # skip blank lines and carriage returns to the record's first character
        starts = starts[starts < len(data)]
        blank = (data[starts] == 10) | (data[starts] == 13)
        if not blank.any():
            break
        starts = starts + blank
    starts = starts[np.r_[True, np.diff(starts) > 0]] if len(starts) else starts  # sorted: dedupe
    return (np.searchsorted(newlines, starts) + 1).tolist()


def _parser_error(message: str, raw: bytes) -> tuple[int | None, str, dict]:
    """(physical line, message code, its values) for a pandas tokenizer error.

    pandas counts records, blank lines included, not physical lines: map them back.
    """
    import re

    _, newlines, ends = _quote_and_newline_positions(raw)
    record_lines = np.concatenate([[1], np.searchsorted(newlines, ends + 1) + 1])

    def physical(record: int) -> int | None:
        return int(record_lines[record]) if 0 <= record < len(record_lines) else None

    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if fields:
        return physical(int(fields.group(2)) - 1), "fields_mismatch", {
            "expected": int(fields.group(1)), "found": int(fields.group(3))}
    unclosed = re.search(r"EOF inside string starting at row (\d+)", message)
    if unclosed:
        return physical(int(unclosed.group(1))), "unclosed_quote", {}
    return None, "unparseable_table", {}


def empty_to_none(series: pd.Series) -> pd.Series:
    return series.where(series.str.strip() != "", None)


def parse_timestamps(series: pd.Series, path: Path, column: str, lines: pd.Series) -> pd.Series:
    """Platform timestamps ('2017-10-16 07:18:14 UTC', '2019-01-17 10:38:20 +0100', ISO)
    as naive UTC; an unreadable non-empty value is an error naming its line."""
    cleaned = series.fillna("").str.strip().str.replace(r"\s+UTC$", "+00:00", regex=True)
    parsed = pd.to_datetime(cleaned.where(cleaned != ""), errors="coerce", utc=True, format="mixed")
    bad = parsed.isna() & (cleaned != "")
    if bad.any():
        first = bad.idxmax()
        raise InputError(
            path, "impossible_date", line=int(lines[first]), column=column, value=series[first]
        )
    return parsed.dt.tz_localize(None)


# an offset or UTC after a time of day ('10:38:20 +0100', '07:18:14 UTC', 'T13:00:00Z'); a
# date alone ('2017-02-01') ends in digits after a dash, not an offset
ZONE_AT_END = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})$"


def parse_paris_timestamps(
    series: pd.Series, path: Path, column: str, lines: pd.Series
) -> pd.Series:
    """Timestamps written as Paris wall-clock time when they carry no offset (what French
    platforms write), as naive UTC; a value that names its offset or UTC is taken at its word,
    not shifted a second time."""
    parsed = parse_timestamps(series, path, column, lines)
    named_zone = series.fillna("").str.strip().str.contains(ZONE_AT_END, regex=True)
    return parsed.where(named_zone, paris_to_utc(parsed))


# One import line at a time: a loader beside the writer logs its file as the writer does.
_IMPORT_LOG = threading.Lock()


def record_import(con, batch: Batch) -> None:
    """Replace the source's rows with the batch's and log the import."""
    for table in batch.replace_tables:
        con.execute(f"delete from {table}")
    # A source's rows are only ever written after its line in imports (below): a source never
    # imported has none to delete, and nine scans of the largest tables are saved.
    [(imported,)] = con.execute(
        "select count(*) from imports where source_key = ?", [batch.source_key]
    ).fetchall()
    for table in SOURCE_TABLES if imported else ():
        con.execute(f"delete from {table} where {source_rows(table)}", [batch.source_key])
    for table, frame in batch.tables.items():
        if frame is None or frame.empty:
            continue
        frame = frame.copy()
        # contributions is a view: an export's own rows are stored in contribution_rows
        table = "contribution_rows" if table == "contributions" else table
        if table in SOURCE_TABLES:
            frame["source_key"] = batch.source_key
        con.register("batch_frame", frame)
        con.execute(f"insert into {table} by name select * from batch_frame")
        con.unregister("batch_frame")
    checksum = batch.checksum.result() if isinstance(batch.checksum, Future) else batch.checksum
    with _IMPORT_LOG:
        _log_import(con, batch, checksum)


def _log_import(con, batch: Batch, checksum: str) -> None:
    con.execute("delete from imports where source_key = ?", [batch.source_key])
    next_id = con.execute("select coalesce(max(import_id), 0) + 1 from imports").fetchone()[0]
    con.execute(
        "insert into imports values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            next_id,
            batch.source_key,
            batch.file_name,
            checksum,
            batch.platform,
            batch.host,
            batch.entity,
            batch.format_version,
            datetime.now(UTC).replace(tzinfo=None),
            batch.rows_read,
            batch.rows_kept,
            batch.rows_skipped,
            skipped_records(batch.skipped),
            warning_records(batch.warnings),
            batch.moderation_measurable,
        ],
    )
