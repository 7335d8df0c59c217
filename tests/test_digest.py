"""`cercles digest`: the overview's "Cette semaine" as an HTML e-mail, on the metrics fixture
(tests/metric_fixtures.py), and sent to a real SMTP server started by the test.

The fixture's last activity is 2026-02-04, so the week is Monday 01-26 to Sunday 02-01:
  active   F (comment 01-26), H (attendance 01-31) = 2; the week before (01-19..01-25):
           A, B, C, E, G, H = 6
  new      F (first contribution 01-26) = 1; the week before: H, E, B, C, G = 5
  beyond   F and H are of circle 3: 2 / 2 = 100 %; the week before 5 / 6 (A is circle 1)
"""

import asyncio
import email
import html
import re
import shutil
from email import policy

import duckdb
import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from dashboard import cli, digest
from dashboard.browser import free_port
from dashboard.errors import CerclesError
from tests.metric_fixtures import build_fixture_warehouse

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("digest") / "cercles.duckdb")


def run_digest(*arguments, env=None):
    result = CliRunner().invoke(cli.main, ["digest", *map(str, arguments)], env=env)
    assert result.exit_code == 0, result.output
    return result


def digest_values(page: str) -> dict:
    """key -> (value, change) of the digest's three numbers."""
    values = dict(re.findall(r'class="value" data-key="(\w+)">([^<]*)<', page))
    changes = dict(re.findall(r'class="change" data-key="(\w+)">([^<]*)<', page))
    return {key: (html.unescape(values[key]), html.unescape(changes[key])) for key in values}


def items(page: str, kind: str) -> list[str]:
    found = re.findall(rf'<li class="{kind}">(.*?)</li>', page, flags=re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in found]


def test_the_digest_says_what_the_overview_says(fixture_file, tmp_path, monkeypatch):
    out = tmp_path / "digest.html"
    run_digest("--warehouse", fixture_file, "--out", out)
    page = out.read_text(encoding="utf-8")
    assert digest_values(page) == {
        "active": ("2", "−4 (semaine d'avant : 6)"),
        "new_participants": ("1", "−4 (semaine d'avant : 5)"),
        "beyond_first_circle_share": (
            f"100,0{NBSP}%",
            f"+16,7{NBSP}pt (semaine d'avant : 83,3{NBSP}%)",
        ),
    }
    assert "la semaine du 26/01/2026 au 01/02/2026" in page

    monkeypatch.setenv("CERCLES_WAREHOUSE", str(fixture_file))
    at = AppTest.from_file("../dashboard/app.py", default_timeout=60)
    at.run()
    assert not at.exception
    cards = {m.label: (m.value, m.delta) for m in at.metric}
    assert cards["Actifs cette semaine"] == ("2", "-4")
    assert cards["Nouveaux cette semaine"] == ("1", "-4")
    assert cards["Hors 1er cercle cette semaine"] == (f"100,0{NBSP}%", f"+16,7{NBSP}pt")
    # the same alerts and the same districts, in the same words
    shown = [w.value.replace("\\", "") for w in at.warning]
    assert shown == items(page, "alert")
    assert shown[0] == "Est décroche : 4 participants manquent par rapport à sa population."
    captions = [c.value.replace("\\", "").replace("**", "") for c in at.caption]
    for district in items(page, "district"):
        assert f"1. {district}" in captions


def test_a_chosen_week_in_english(fixture_file):
    result = run_digest("--warehouse", fixture_file, "--week", "2026-01-27", "--lang", "en")
    page = result.stdout
    # up to 01-27: the week of 01-19 to 01-25 (6 active, 5 new), against 01-12..01-18 (none)
    assert "the week of 2026-01-19 to 2026-01-25" in page
    assert digest_values(page)["active"] == ("6", "+6 (week before: 0)")
    assert digest_values(page)["new_participants"] == ("5", "+5 (week before: 0)")


def test_names_from_the_data_are_escaped(fixture_file, tmp_path):
    copy = tmp_path / "cercles.duckdb"
    shutil.copy(fixture_file, copy)
    con = duckdb.connect(str(copy))
    con.execute("update districts set name = '<script>alert(1)</script>' where district_id = 'est'")
    con.close()
    page = run_digest("--warehouse", copy).stdout
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # the name aiosmtpd calls
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), loop=asyncio.new_event_loop()
    )
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def test_send_mails_the_digest_through_a_real_smtp_server(fixture_file, smtp_server, tmp_path):
    controller, inbox = smtp_server
    env = {
        "CERCLES_SMTP_HOST": "127.0.0.1",
        "CERCLES_SMTP_PORT": str(controller.port),
        "CERCLES_SMTP_TLS": "none",
        "CERCLES_SMTP_FROM": "cercles@campagne.example",
        "CERCLES_SMTP_TO": "directrice@campagne.example, equipe@campagne.example",
        "CERCLES_SMTP_FILE": str(tmp_path / "absent.toml"),
    }
    result = run_digest("--warehouse", fixture_file, "--send", env=env)
    assert "sent to 2 recipient(s)" in result.stderr
    (envelope,) = inbox.envelopes
    assert envelope.mail_from == "cercles@campagne.example"
    assert envelope.rcpt_tos == ["directrice@campagne.example", "equipe@campagne.example"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "Cercles — la semaine du 26/01/2026 au 01/02/2026"
    page = message.get_body(("html",)).get_content()
    assert digest_values(page)["active"] == ("2", "−4 (semaine d'avant : 6)")
    text = message.get_body(("plain",)).get_content()
    assert "Actifs cette semaine: 2 −4 (semaine d'avant : 6)" in text
    assert "@" not in page.replace("campagne.example", "")  # no address beyond the headers


def test_smtp_settings_come_from_the_environment_or_a_private_file(tmp_path):
    settings = tmp_path / "smtp.toml"
    settings.write_text(
        'host = "smtp.example"\nport = 465\ntls = "ssl"\nuser = "cercles"\n'
        'password = "secret"\nfrom = "a@example.org"\nto = ["b@example.org"]\n',
        encoding="utf-8",
    )
    settings.chmod(0o644)
    with pytest.raises(CerclesError, match="others can read it"):
        digest.smtp_settings({"CERCLES_SMTP_FILE": str(settings)})
    settings.chmod(0o600)
    read = digest.smtp_settings(
        {"CERCLES_SMTP_FILE": str(settings), "CERCLES_SMTP_TO": "c@example.org,d@example.org"}
    )
    assert (read.host, read.port, read.tls, read.user, read.password) == (
        "smtp.example",
        465,
        "ssl",
        "cercles",
        "secret",
    )
    assert read.recipients == ("c@example.org", "d@example.org")  # the environment wins
    with pytest.raises(CerclesError, match="SMTP settings missing: host, from, to"):
        digest.smtp_settings({"CERCLES_SMTP_FILE": str(tmp_path / "none.toml")})


def test_send_without_settings_is_one_line_and_sends_nothing(fixture_file, tmp_path):
    result = CliRunner().invoke(
        cli.main,
        ["digest", "--warehouse", str(fixture_file), "--send"],
        env={"CERCLES_SMTP_FILE": str(tmp_path / "none.toml"), "CERCLES_SMTP_HOST": ""},
    )
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: SMTP settings missing")
    assert "Traceback" not in result.output
