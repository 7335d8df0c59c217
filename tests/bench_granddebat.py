"""Benchmark: import a generated 500,000-row Grand Débat theme file into a fresh warehouse.

    python tests/bench_granddebat.py [rows]

Prints the file size, the import time (parse + DuckDB load + derived tables), the part of it
spent streaming the file into the base tables (wall and CPU seconds: the loader runs on every
core, so CPU seconds say what it costs on a busy machine), and the peak resident memory.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_granddebat import expected_theme_counts, write_theme_file

from dashboard.importers import granddebat, import_paths


def main(rows: int) -> None:
    os.environ.setdefault("CERCLES_KEY", "benchmark")
    with tempfile.TemporaryDirectory(prefix="cercles-bench-") as tmp:
        path = write_theme_file(Path(tmp) / "LA_TRANSITION_ECOLOGIQUE.csv", rows)
        size_mb = path.stat().st_size / 1e6
        streamed = []
        load = granddebat.load

        def timed_load(*args):
            started, cpu = time.perf_counter(), time.process_time()
            load(*args)
            streamed.append((time.perf_counter() - started, time.process_time() - cpu))

        granddebat.load = timed_load
        started = time.perf_counter()
        (batch,) = import_paths([path], Path(tmp) / "cercles.duckdb")
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        expected = expected_theme_counts(rows)
        assert batch.rows_read == expected["contributions"], batch.summary_line()
        print(f"{rows} rows, {size_mb:.0f} MB file: imported in {seconds:.1f} s "
              f"(streaming into the base tables {streamed[0][0]:.1f} s, {streamed[0][1]:.1f} CPU s; "
              f"the rest is the derived tables and the atomic swap), peak memory {peak_mb:.0f} MB")
        print(batch.summary_line())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500_000)
