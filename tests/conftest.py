"""Shared fixtures: a throw-away warehouse and key per test, the real exports beside the repo."""

import os
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Real platform exports (not in the repository: they are published data, see their
# PROVENANCE.md); CERCLES_REAL_EXPORTS names another folder.
REAL_EXPORTS = REPO.parent / "shared" / "real-exports"


@pytest.fixture(autouse=True)
def isolated_key(tmp_path, monkeypatch):
    """Each test gets its own pseudonymisation key file and no inherited warehouse: not the
    environment's, nor the project's own (data/cercles.duckdb, where the demo goes), so that a
    command run without --warehouse finds none, as on a fresh clone."""
    monkeypatch.delenv("CERCLES_KEY", raising=False)
    monkeypatch.delenv("CERCLES_WAREHOUSE", raising=False)
    monkeypatch.setenv("CERCLES_KEY_FILE", str(tmp_path / "keys" / "pseudonymisation.key"))
    from dashboard import privacy, warehouse

    monkeypatch.setattr(warehouse, "DEFAULT_WAREHOUSE", tmp_path / "data" / "cercles.duckdb")

    privacy._key.cache_clear()
    yield
    privacy._key.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def warm_ups_finish():
    """The dashboard computes ahead in daemon threads (ui.warm_up); the test process waits for
    them before it exits: a DuckDB query still running when the interpreter stops aborts it."""
    yield
    for thread in threading.enumerate():
        if thread.name == "cercles-warm-up":
            thread.join()


@pytest.fixture
def warehouse_file(tmp_path):
    return tmp_path / "cercles.duckdb"


def real_exports_folder() -> Path:
    """The real exports folder; the test that asks is skipped, saying where it looked, when
    the folder is not there."""
    folder = Path(os.environ.get("CERCLES_REAL_EXPORTS") or REAL_EXPORTS)
    if not folder.is_dir():
        pytest.skip(f"no real exports at {folder} (set CERCLES_REAL_EXPORTS to their folder)")
    return folder


@pytest.fixture
def real_exports():
    return real_exports_folder()
