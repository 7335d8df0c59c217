"""Access to a shared dashboard: the page files have no address of their own, wrong passwords
are slowed down for the whole server (not per session), and signing in leads to the page a
shared link asked for. tests/test_browser_access.py drives the same through a real browser."""

import ast
import asyncio
import os
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard.cli import main
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


def test_the_served_dashboard_watches_no_file_and_compiles_pages_as_written(tmp_path):
    """Streamlit's file watcher resolves the path of every loaded module after each run, on
    the thread that serves every browser; a served dashboard never reloads its code. Its
    "magic" rewrites each page's syntax tree before compiling it, for bare values no page
    writes (test_no_page_writes_a_bare_value). Read as Streamlit reads its settings for the
    script `cercles serve` runs, from another folder."""
    ask = (
        "from streamlit import config; "
        f"config._main_script_path = {str(DASHBOARD / 'server.py')!r}; "
        "config.get_config_options(force_reparse=True); "
        "print(config.get_option('server.fileWatcherType'), "
        "config.get_option('client.disableDataExport'), "
        "config.get_option('runner.magicEnabled'))"
    )
    read = subprocess.run(
        [sys.executable, "-c", ask], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert read.stdout.split() == ["none", "True", "False"]


def test_no_page_writes_a_bare_value():
    """With Streamlit's magic off, a bare value on its own line (`frame`, `"text"`) would show
    nothing: every page draws through st.* calls (a file's docstring aside)."""
    bare = []
    scripts = [DASHBOARD / name for name in ("app.py", "server.py", "one_chart_page.py")]
    for path in [*scripts, *sorted((DASHBOARD / "views").glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0])
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
            and ast.get_docstring(node) is not None
        }
        bare += [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr)
            and not isinstance(node.value, ast.Call)
            and id(node) not in docstrings
        ]
    assert bare == []


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


def ask(path: str, cookie: str | None = None) -> tuple[int, list]:
    """(status, headers) of one GET through the gate, in front of an app answering 200."""
    sent = []

    async def streamlit(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"campaign data"})

    async def record(message):
        sent.append(message)

    headers = [(b"cookie", f"other=1; {auth.BROWSER_COOKIE}={cookie}".encode())] if cookie else []
    scope = {"type": "http", "path": path, "root_path": "", "headers": headers}
    asyncio.run(auth.SignedInBrowsersOnly(streamlit)(scope, None, record))
    return sent[0]["status"], sent[0]["headers"]


def test_downloads_and_metrics_answer_only_a_signed_in_browser(monkeypatch):
    monkeypatch.setenv("CERCLES_PASSWORD_HASH", auth.hash_password(PASSWORD))
    guarded = ["/media/2fbded1f30eb2906dd9093e0165d1b55.csv", "/_stcore/metrics",
               "/_stcore/upload_file/session/file"]  # fmt: skip
    assert [ask(path)[0] for path in guarded] == [403, 403, 403]
    assert [ask(path, "a-guess")[0] for path in guarded] == [403, 403, 403]

    status, headers = ask("/quartiers")  # the page itself opens, on the sign-in form
    assert status == 200
    cookie = dict(headers)[b"set-cookie"].decode()
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    browser = cookie.split(";")[0].split("=", 1)[1]
    assert [ask(path, browser)[0] for path in guarded] == [403, 403, 403]

    auth.sign_in_browser(browser)  # what signing in on the page does
    assert [ask(path, browser)[0] for path in guarded] == [200, 200, 200]
    assert ask("/media/x.csv", "another-browser")[0] == 403
    assert b"set-cookie" not in dict(ask("/", browser)[1])  # a browser keeps its cookie

    monkeypatch.setattr(auth, "SIGNED_IN_HOURS", -1)  # as if signed in 13 hours ago
    auth.sign_in_browser(browser)
    assert ask("/media/x.csv", browser)[0] == 403  # a sign-in does not last for ever


def test_without_a_password_nothing_is_held_back():
    assert ask("/media/x.csv")[0] == 200 and ask("/_stcore/metrics")[0] == 200


def test_serve_runs_the_app_behind_the_gate(monkeypatch):
    launched = []
    monkeypatch.setattr(os, "execve", lambda path, command, env: launched.append(command))
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert Path(launched[0][launched[0].index("run") + 1]).name == "server.py"
    server = (DASHBOARD / "server.py").read_text(encoding="utf-8")
    assert 'st.App("app.py", middleware=[Middleware(SignedInBrowsersOnly)])' in server
