"""Unpacked exports never outlive their import: the private folder goes however the import
ends (error, Ctrl+C, SIGTERM), and what a SIGKILL leaves is swept by the next import, by
`cercles serve` and by `cercles forget`.
"""

import io
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile

import pytest
from click.testing import CliRunner

from dashboard import tempfolders
from dashboard.cli import main
from dashboard.errors import CerclesError
from dashboard.importers import import_paths
from tests.metric_fixtures import build_fixture_warehouse

PAPER_HEADER = "id_reunion;titre;theme;quartier;date_saisie\n"
DEAD_PID = 2**30  # no such process


@pytest.fixture
def temp_dir(tmp_path, monkeypatch):
    """This test's own system temporary directory, for this process and its children."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def leftovers(temp_dir) -> list[str]:
    return sorted(p.name for p in temp_dir.glob("cercles-*"))


def big_zipped_sheet(path, rows: int = 300_000):
    """A zip of a paper sheet large enough that importing it takes seconds."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "p.csv",
            PAPER_HEADER + "".join(f"1;Proposition {i};Mobilité;Sud;\n" for i in range(rows)),
        )
    path.write_bytes(buffer.getvalue())
    return path


def start_import(archive, warehouse_file, temp_dir):
    command = [
        sys.executable,
        "-c",
        "from dashboard.cli import main; main()",
        "import",
        str(archive),
        "--warehouse",
        str(warehouse_file),
    ]
    job = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, TMPDIR=str(temp_dir)),
    )
    started = time.monotonic()
    unpacked = []
    while not unpacked and job.poll() is None and time.monotonic() - started < 120:
        unpacked = list(temp_dir.glob("cercles-import-*/big/p.csv"))
        time.sleep(0.05)
    assert unpacked, job.communicate()[0]
    return job, unpacked[0].parent.parent


def test_a_killed_import_leaves_its_folder_and_the_next_import_sweeps_it(tmp_path, temp_dir):
    warehouse_file = build_fixture_warehouse(tmp_path / "cercles.duckdb")
    job, folder = start_import(big_zipped_sheet(tmp_path / "big.zip"), warehouse_file, temp_dir)
    assert folder.name.startswith(f"cercles-import-{job.pid}-")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # only its user can read the exports
    job.send_signal(signal.SIGKILL)
    job.wait(30)
    assert folder.exists()  # a SIGKILL runs no cleanup ...

    sheet = tmp_path / "p.csv"
    sheet.write_text(PAPER_HEADER + "1;Un banc;Cadre de vie;Sud;\n", encoding="utf-8")
    import_paths([sheet], warehouse_file)  # ... the next import removes it

    assert leftovers(temp_dir) == []


def test_a_terminated_import_removes_its_folder_itself(tmp_path, temp_dir):
    warehouse_file = build_fixture_warehouse(tmp_path / "cercles.duckdb")
    job, folder = start_import(big_zipped_sheet(tmp_path / "big.zip"), warehouse_file, temp_dir)
    job.send_signal(signal.SIGTERM)
    output = job.communicate(timeout=60)[0].decode()
    assert job.returncode == 1, output
    assert "interrupted; the warehouse keeps what it had" in output
    assert not folder.exists()
    assert leftovers(temp_dir) == []


def test_a_failed_import_removes_its_folder(tmp_path, temp_dir):
    broken = tmp_path / "export.zip"
    broken.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(CerclesError):
        import_paths([broken], tmp_path / "cercles.duckdb")
    assert leftovers(temp_dir) == []


def test_sweep_removes_only_folders_of_processes_that_are_gone(temp_dir):
    dead_import = temp_dir / f"cercles-import-{DEAD_PID}-abc"
    dead_upload = temp_dir / f"cercles-upload-{DEAD_PID}-def"
    live_upload = temp_dir / f"cercles-upload-{os.getpid()}-ghi"
    unrelated = temp_dir / f"other-import-{DEAD_PID}-x"
    for folder in (dead_import, dead_upload, live_upload, unrelated):
        folder.mkdir()
        (folder / "membres.csv").write_text("email\nmilitante@example.org\n")

    assert sorted(tempfolders.sweep()) == sorted([dead_import, dead_upload])

    assert live_upload.exists() and unrelated.exists()  # a running upload, not ours


def test_forget_sweeps_what_killed_imports_left(tmp_path, temp_dir):
    warehouse_file = build_fixture_warehouse(tmp_path / "cercles.duckdb")
    left = temp_dir / f"cercles-import-{DEAD_PID}-abc"
    left.mkdir()
    result = CliRunner().invoke(main, ["forget", "--yes", "--warehouse", str(warehouse_file)])
    assert result.exit_code == 0, result.output
    assert f"deleted {left}" in result.output
    assert not left.exists()


def test_the_private_folder_goes_on_every_exit(temp_dir):
    with pytest.raises(KeyboardInterrupt), tempfolders.private_folder("upload") as folder:
        (folder / "membres.csv").write_text("email\n")
        raise KeyboardInterrupt
    assert leftovers(temp_dir) == []


def test_a_query_duckdb_stopped_on_a_signal_is_said_as_an_interruption():
    # a signal while DuckDB runs a query reaches Python as this RuntimeError, not as
    # KeyboardInterrupt (the loader thread makes that the usual case)
    import click

    from dashboard.cli import friendly

    def loading():
        raise RuntimeError("Query interrupted")

    with pytest.raises(click.ClickException, match="interrupted; the warehouse keeps what it had"):
        friendly(loading)()
