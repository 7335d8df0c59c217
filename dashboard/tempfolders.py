"""Temporary folders that hold export files while they are imported: unzipped exports and
uploads carry names and e-mails, so none may outlive its process.

A folder is named `cercles-<kind>-<pid>-<random>` in the system temporary directory and made
mode 0700 (mkdtemp). It is removed when its `with` block ends, however it ends; a process
killed outright (SIGKILL, power cut) cannot, so `sweep()` removes the folders of processes
that no longer run: at each import, when the dashboard starts, and by `cercles forget`.
"""

import os
import shutil
import signal
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

KINDS = ("import", "upload", "json")
# Folders named before the process id was part of the name: gone once this old.
UNOWNED_AFTER_SECONDS = 3600


@contextmanager
def private_folder(kind: str, parent: Path | None = None):
    """A new folder of this process, removed with everything in it when the block ends."""
    folder = Path(tempfile.mkdtemp(prefix=f"cercles-{kind}-{os.getpid()}-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep(base: Path | None = None) -> list[Path]:
    """Remove this user's Cercles folders whose process is gone; returns those removed."""
    base = Path(tempfile.gettempdir() if base is None else base)
    removed = []
    for kind in KINDS:
        for folder in base.glob(f"cercles-{kind}-*"):
            if folder.is_dir() and _owned_by_me(folder) and not _still_used(folder, kind):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def _owned_by_me(folder: Path) -> bool:
    try:
        return folder.stat().st_uid == os.getuid()
    except OSError:
        return False


def _still_used(folder: Path, kind: str) -> bool:
    owner = folder.name[len(f"cercles-{kind}-") :].split("-")[0]
    if not owner.isdigit():  # an older name without the process id
        return time.time() - folder.stat().st_mtime < UNOWNED_AFTER_SECONDS
    try:
        os.kill(int(owner), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: not ours to judge
    return True


def stop_cleanly_on_terminate() -> None:
    """SIGTERM and SIGHUP (a service manager, a closed terminal) interrupt like Ctrl+C, so
    every `finally` runs and the temporary folders go; only SIGKILL leaves them to sweep()."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers (and only it runs the CLI)
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, interrupt)
