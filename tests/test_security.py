"""Access: the dashboard listens on localhost unless told otherwise, a shared deployment can
ask for a password (only a salted scrypt hash is stored), CSV downloads cannot run formulas,
and `cercles forget` deletes a campaign's data."""

import csv
import io
import os
import stat

import pandas as pd
import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from dashboard import auth, privacy, ui, warehouse
from dashboard.cli import main
from tests.metric_fixtures import build_fixture_warehouse

APP = "../dashboard/app.py"
PASSWORD = "cheval-batterie-agrafe"


@pytest.fixture(autouse=True)
def isolated_password(tmp_path, monkeypatch):
    monkeypatch.delenv("CERCLES_PASSWORD_HASH", raising=False)
    monkeypatch.setenv("CERCLES_PASSWORD_FILE", str(tmp_path / "config" / "password"))


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("security") / "cercles.duckdb")


def test_only_a_salted_hash_is_stored():
    first, second = auth.hash_password(PASSWORD), auth.hash_password(PASSWORD)
    assert first != second  # a fresh salt each time
    assert PASSWORD not in first and first.startswith("scrypt$")
    assert auth.verify_password(PASSWORD, first) and auth.verify_password(PASSWORD, second)
    assert not auth.verify_password("cheval-batterie-agrafE", first)
    assert not auth.verify_password(PASSWORD, "")
    assert not auth.verify_password(PASSWORD, "md5$abc")
    assert not auth.verify_password(PASSWORD, "scrypt$x$8$1$00$00")


def test_cercles_password_stores_the_hash_privately_and_can_remove_it():
    result = CliRunner().invoke(main, ["password"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    path = auth.password_file()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert auth.verify_password(PASSWORD, auth.stored_hash())
    assert PASSWORD not in path.read_text()

    short = CliRunner().invoke(main, ["password"], input="court\ncourt\n")
    assert short.exit_code == 1 and "at least 8 characters" in short.output

    removed = CliRunner().invoke(main, ["password", "--remove"])
    assert removed.exit_code == 0 and not path.exists() and auth.stored_hash() is None


def test_the_environment_hash_wins_over_the_file(monkeypatch):
    auth.set_password("celui-du-fichier")
    monkeypatch.setenv("CERCLES_PASSWORD_HASH", auth.hash_password(PASSWORD))
    assert auth.verify_password(PASSWORD, auth.stored_hash())


def open_app(fixture_file, monkeypatch) -> AppTest:
    monkeypatch.setenv("CERCLES_WAREHOUSE", str(fixture_file))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key="password").input(password)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def nothing_of_the_campaign_shows(at: AppTest) -> bool:
    return not at.metric and not at.dataframe and not at.sidebar.selectbox and not at.get(
        "plotly_chart")


def test_a_wrong_password_shows_nothing(fixture_file, monkeypatch):
    monkeypatch.setenv("CERCLES_PASSWORD_HASH", auth.hash_password(PASSWORD))
    at = open_app(fixture_file, monkeypatch)
    assert [t.value for t in at.title] == ["Cercles"]
    assert nothing_of_the_campaign_shows(at)

    sign_in(at, "pas-le-bon")

    assert "incorrect" in at.error[0].value
    assert nothing_of_the_campaign_shows(at)


def test_the_right_password_opens_the_pages(fixture_file, monkeypatch):
    monkeypatch.setenv("CERCLES_PASSWORD_HASH", auth.hash_password(PASSWORD))
    at = sign_in(open_app(fixture_file, monkeypatch), PASSWORD)
    assert at.metric, "the overview's KPI cards"
    assert not at.error
    labels = {m.label: m.value for m in at.metric}
    assert labels.get("Participants") == "10"  # the fixture's 10 participants
    at.run()  # the session stays signed in
    assert at.metric


def test_without_a_password_the_pages_open_directly(fixture_file, monkeypatch):
    at = open_app(fixture_file, monkeypatch)
    assert at.metric and not at.text_input


def test_serve_binds_to_localhost_by_default(monkeypatch):
    launched = []
    monkeypatch.setattr(os, "execve", lambda path, command, env: launched.append(command))
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    command = launched[0]
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert "Warning" not in result.output

    exposed = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert "open to the network without a password" in exposed.output
    auth.set_password(PASSWORD)
    protected = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert "Warning" not in protected.output


def test_csv_downloads_cannot_run_formulas():
    frame = pd.DataFrame({
        "=cmd|' /C calc'!A0": ["=HYPERLINK(\"http://evil.example\",\"clic\")", "+33 6 12", "-2+3",
                               "@SUM(A1:A9)", "\tcaché", "\r=1+1", "Gare", "a=b"],
        "participants": [12, -3, 0, 40, 11, 25, 13, 14],
    })
    text = ui.safe_csv(frame).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, cells = rows[0], [row[0] for row in rows[1:]]
    assert header[0].startswith("'=")
    assert cells[:6] == ["'=HYPERLINK(\"http://evil.example\",\"clic\")", "'+33 6 12", "'-2+3",
                         "'@SUM(A1:A9)", "'\tcaché", "'\r=1+1"]
    assert cells[6:] == ["Gare", "a=b"]  # ordinary text untouched
    assert [row[1] for row in rows[1:]][:2] == ["12", "-3"]  # numbers stay numbers
    assert len(rows) == 9  # the stray CR stayed inside its quoted cell


def test_csv_downloads_of_district_counts_are_suppressed():
    frame = pd.DataFrame({"district": ["Nord", "Sud", "Est", "Port"],
                          "participants": [4, 15, 30, 0], "missing": [20.0, 5.0, 0.0, 3.0]})
    shown = ui.suppress_small_counts(frame, ["participants"], linked=["missing"])
    rows = list(csv.reader(io.StringIO(ui.safe_csv(shown).decode("utf-8-sig"), newline="")))
    # 4 < 11 hidden; 15 (smallest other non-zero) hidden too, else 4 = total - 15 - 30;
    # their missing participants would give them back (E - missing): hidden as well
    assert [row[1:] for row in rows[1:]] == [["< 11", "< 11"], ["< 11", "< 11"], ["30", "0"],
                                             ["0", "3"]]


def test_forget_deletes_the_warehouse_and_the_key(tmp_path):
    target = build_fixture_warehouse(tmp_path / "campagne.duckdb")
    privacy.pseudo("x")  # creates the key file
    key = privacy.key_file()
    assert key.exists()

    with warehouse.writer(target):  # an import running: refused
        busy = CliRunner().invoke(main, ["forget", "--yes", "--warehouse", str(target)])
    assert busy.exit_code == 1 and "an import is running" in busy.output and target.exists()

    result = CliRunner().invoke(main, ["forget", "--yes", "--warehouse", str(target)])
    assert result.exit_code == 0, result.output
    assert not target.exists() and not key.exists()
    assert not list(tmp_path.glob("campagne.duckdb*"))
