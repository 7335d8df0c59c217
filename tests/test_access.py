"""Access to a shared dashboard: the page files have no address of their own, wrong passwords
are slowed down for the whole server (not per session), and signing in leads to the page a
shared link asked for. tests/test_browser_access.py drives the same through a real browser."""

import ast
import threading
import time
import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import auth
from tests.metric_fixtures import build_fixture_warehouse

APP = "../dashboard/app.py"
DASHBOARD = Path(auth.__file__).resolve().parent
PASSWORD = "cheval-batterie-agrafe"


def test_no_page_file_has_an_address_of_its_own():
    # Streamlit serves every file of a `pages/` folder beside the main script at its own
    # address, running it without app.py and its password check.
    assert not (DASHBOARD / "pages").exists()
    assert list((DASHBOARD / "views").glob("*.py")), "the page files moved, not vanished"


def test_wrong_passwords_wait_their_turn_across_sessions(monkeypatch):
    monkeypatch.setattr(auth, "WRONG_PASSWORD_DELAY", 0.5)
    # the hash check itself made instant, so that only the delay is timed
    monkeypatch.setattr(auth, "verify_password", lambda word, stored: word == PASSWORD)
    outcomes = []

    def guess(word):
        outcomes.append(auth.check_password(word, "stored"))

    # three sessions guess at once: one turn each, so three delays in a row, not one
    guesses = [threading.Thread(target=guess, args=(f"essai-{n}",)) for n in range(3)]
    started = time.monotonic()
    for thread in guesses:
        thread.start()
    for thread in guesses:
        thread.join()
    assert time.monotonic() - started >= 3 * 0.5
    assert outcomes == [False, False, False]

    started = time.monotonic()
    assert auth.check_password(PASSWORD, "stored")
    assert time.monotonic() - started < 0.5  # the right password is not held back


def test_the_sign_in_form_uses_the_shared_throttle(tmp_path, monkeypatch):
    monkeypatch.setenv("CERCLES_WAREHOUSE", str(build_fixture_warehouse(tmp_path / "c.duckdb")))
    monkeypatch.setenv("CERCLES_PASSWORD_HASH", auth.hash_password(PASSWORD))
    monkeypatch.setenv("CERCLES_PASSWORD_FILE", str(tmp_path / "password"))
    attempts = []
    monkeypatch.setattr(auth, "check_password", lambda *given: attempts.append(given) or False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key="password").input("pas-le-bon")
    at.button[0].click()
    at.run()
    assert [word for word, _ in attempts] == ["pas-le-bon"]
    assert "incorrect" in at.error[0].value and not at.metric


def test_the_page_asked_for_is_read_from_the_address():
    assert auth.page_in_url("http://127.0.0.1:8501/quartiers") == "quartiers"
    assert auth.page_in_url("https://campagne.example/cercles/bilan/") == "bilan"
    assert auth.page_in_url("http://127.0.0.1:8501/") == ""
    assert auth.page_in_url(None) == ""


def test_streamlit_own_table_export_is_off():
    # its toolbar "Download as CSV" and clipboard copy hand out raw cells ('=1+1'): the
    # settings file Streamlit reads beside app.py turns them off for every way of serving it
    settings = tomllib.loads((DASHBOARD / ".streamlit" / "config.toml").read_text())
    assert settings["client"]["disableDataExport"] is True
    packaged = tomllib.loads((DASHBOARD.parent / "pyproject.toml").read_text())
    assert ".streamlit/config.toml" in packaged["tool"]["setuptools"]["package-data"]["dashboard"]


def streamlit_calls(path: Path) -> list[tuple[str, int]]:
    """(st.<name>, line) of every Streamlit call written in a file."""
    return [
        (f"st.{node.func.attr}", node.lineno)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "st"
    ]


def test_every_table_goes_through_the_one_table_helper():
    # ui.table shows small counts as '< 11' and gives the formula-safe CSV; a page drawing
    # st.dataframe itself would skip both, and so would turning the export back on
    bypassing = {"st.dataframe", "st.data_editor", "st.table", "st.set_option"}
    files = [*DASHBOARD.glob("*.py"), *(DASHBOARD / "views").glob("*.py")]
    found = {
        f"{path.name}:{line} {name}"
        for path in files
        if path.name != "ui.py"
        for name, line in streamlit_calls(path)
        if name in bypassing
    }
    assert found == set()
    assert [name for name, _ in streamlit_calls(DASHBOARD / "ui.py")].count("st.dataframe") == 1
