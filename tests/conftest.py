"""Shared fixtures: a throw-away warehouse and key per test, the real exports beside the repo."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
REAL_EXPORTS = REPO.parent / "shared" / "real-exports"


@pytest.fixture(autouse=True)
def isolated_key(tmp_path, monkeypatch):
    """Each test gets its own pseudonymisation key file and no inherited warehouse."""
    monkeypatch.delenv("CERCLES_KEY", raising=False)
    monkeypatch.delenv("CERCLES_WAREHOUSE", raising=False)
    monkeypatch.setenv("CERCLES_KEY_FILE", str(tmp_path / "keys" / "pseudonymisation.key"))
    from dashboard import privacy

    privacy._key.cache_clear()
    yield
    privacy._key.cache_clear()


@pytest.fixture
def warehouse_file(tmp_path):
    return tmp_path / "cercles.duckdb"


@pytest.fixture
def real_exports():
    if not REAL_EXPORTS.exists():
        pytest.fail(f"the real exports are expected at {REAL_EXPORTS}")
    return REAL_EXPORTS
