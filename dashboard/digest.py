"""The weekly digest: "Cette semaine" as a short HTML e-mail, and sending it over SMTP.

The numbers and sentences come from dashboard.weekly, as on the overview page, so the e-mail
and the dashboard say the same for the same reference day. The HTML is rendered by Jinja with
autoescaping on: district names, meeting titles and relay labels come from the data. Nothing
in it names a person: counts only, small counts of district slices read "< 11".

SMTP settings: environment variables CERCLES_SMTP_HOST, _PORT, _TLS (starttls, ssl or none),
_USER, _PASSWORD, _FROM, _TO (addresses separated by commas), else the same keys in a TOML
settings file outside the warehouse: $CERCLES_SMTP_FILE, default ~/.config/cercles/smtp.toml
(host, port, tls, user, password, from, to).
"""

import os
import smtplib
import ssl
import stat
import tomllib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import jinja2

from dashboard import objectives, weekly
from dashboard.errors import CerclesError
from dashboard.i18n import format_date, format_int, format_percent, t

TLS_MODES = ("starttls", "ssl", "none")
SETTING_KEYS = ("host", "port", "tls", "user", "password", "from", "to")

TEMPLATE = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(
    """<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body style="font-family: sans-serif; max-width: 40em; color: #222">
<h1 style="font-size: 1.3em">{{ title }}</h1>
<p style="color: #555">{{ period }}</p>
<table style="border-collapse: collapse">
{% for row in numbers %}
<tr><td style="padding: 2px 12px 2px 0">{{ row.label }}</td>
<td style="padding: 2px 12px 2px 0"><b class="value" data-key="{{ row.key }}">{{ row.value }}</b></td>
<td style="color: #555" class="change" data-key="{{ row.key }}">{{ row.change }}</td></tr>
{% endfor %}
</table>
<h2 style="font-size: 1.1em">{{ labels.objectives }}</h2>
{% if objectives %}
<ul>{% for line in objectives %}<li class="objective">{{ line }}</li>{% endfor %}</ul>
{% else %}<p>{{ labels.no_objective }}</p>{% endif %}
<h2 style="font-size: 1.1em">{{ labels.alerts }}</h2>
{% if alerts %}
<ul>{% for line in alerts %}<li class="alert">{{ line }}</li>{% endfor %}</ul>
{% else %}<p>{{ labels.no_alert }}</p>{% endif %}
<h2 style="font-size: 1.1em">{{ labels.districts }}</h2>
{% if districts %}
<ol>{% for name, reason in districts %}<li class="district"><b>{{ name }}</b> — {{ reason }}</li>{% endfor %}</ol>
{% else %}<p>{{ labels.no_district }}</p>{% endif %}
<h2 style="font-size: 1.1em">{{ labels.best }}</h2>
<p class="best">{{ best }}</p>
<p style="color: #777; font-size: 0.85em">{{ labels.footer }}</p>
</body>
</html>
"""
)


def digest_content(summary: dict, lang: str = "fr") -> dict:
    """The digest's words from a weekly.week_summary: subject, and every line of the message."""
    this_week, previous = summary["this_week"], summary["previous_week"]
    start, end = format_date(summary["week_start"], lang), format_date(summary["week_end"], lang)
    # a digest of one campaign says which, first (several may be sent to the same people)
    campaign = f"{summary['campaign']} — " if summary.get("campaign") else ""
    numbers = []
    for key, label, share in (
        ("active", "week.active", False),
        ("new_participants", "week.new", False),
        ("beyond_first_circle_share", "week.beyond", True),
    ):
        shown = (lambda v: format_percent(v, lang)) if share else (lambda v: format_int(v, lang))
        numbers.append(
            {
                "key": key,
                "label": t(label, lang),
                "value": shown(this_week[key]),
                "change": weekly.change_text(this_week[key], previous[key], lang, share)
                + " ("
                + t("week.before", lang, value=shown(previous[key]))
                + ")",
            }
        )
    return {
        "lang": lang,
        "subject": campaign + t("digest.subject", lang, start=start, end=end),
        "title": campaign
        + t("week.title", lang)
        + " — "
        + t("week.period", lang, start=start, end=end),
        "period": t("week.scope", lang, day=format_date(summary["reference_day"], lang)),
        "numbers": numbers,
        "objectives": [
            objectives.indicator_name(row["indicator"], lang, str, summary["denominator"])
            + " — "
            + objectives.objective_text(row, lang)
            for row in summary["objectives"].to_dict("records")
        ],
        "alerts": [
            weekly.alert_text(alert, lang, str, summary["denominator"])
            for alert in summary["alerts"]
        ],
        "districts": [
            (visit["name"], weekly.district_reason(visit, lang)) for visit in summary["districts"]
        ],
        "best": weekly.best_text(summary["best"], lang) or t("week.no_best", lang),
        "labels": {
            "objectives": t("week.objectives", lang),
            "no_objective": t("week.no_objective", lang),
            "alerts": t("overview.alerts", lang),
            "no_alert": t("overview.no_alert", lang),
            "districts": t("week.districts", lang),
            "no_district": t("week.no_district", lang),
            "best": t("week.best", lang),
            "footer": t("digest.footer", lang),
        },
    }


def digest_html(content: dict) -> str:
    return TEMPLATE.render(**content)


def digest_text(content: dict) -> str:
    """The same message as plain text (the e-mail's alternative part)."""
    lines = [content["title"], content["period"], ""]
    lines += [f"{row['label']}: {row['value']} {row['change']}" for row in content["numbers"]]
    labels = content["labels"]
    for heading, items, empty in (
        (labels["objectives"], content["objectives"], labels["no_objective"]),
        (labels["alerts"], content["alerts"], labels["no_alert"]),
        (
            labels["districts"],
            [f"{n} — {r}" for n, r in content["districts"]],
            labels["no_district"],
        ),
    ):
        lines += ["", heading] + ([f"- {item}" for item in items] or [empty])
    lines += ["", labels["best"], content["best"], "", labels["footer"]]
    return "\n".join(lines) + "\n"


@dataclass
class SmtpSettings:
    host: str
    port: int
    tls: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = ""
    recipients: tuple[str, ...] = ()


def settings_file() -> Path:
    default = Path.home() / ".config" / "cercles" / "smtp.toml"
    return Path(os.environ.get("CERCLES_SMTP_FILE", default)).expanduser()


def smtp_settings(environ=None) -> SmtpSettings:
    """The SMTP settings: each key from CERCLES_SMTP_<KEY>, else from the settings file.
    Raises CerclesError naming what is missing or wrong."""
    environ = os.environ if environ is None else environ
    values = {}
    path = Path(environ.get("CERCLES_SMTP_FILE") or settings_file()).expanduser()
    if path.exists():
        try:
            values = {str(k).lower(): v for k, v in tomllib.loads(path.read_text("utf-8")).items()}
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CerclesError(f"{path}: cannot read the SMTP settings ({exc})") from None
        if values.get("password") and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise CerclesError(
                f"{path}: holds a password but others can read it (chmod 600 {path})"
            )
    for key in SETTING_KEYS:
        if environ.get(f"CERCLES_SMTP_{key.upper()}"):
            values[key] = environ[f"CERCLES_SMTP_{key.upper()}"]
    missing = [key for key in ("host", "from", "to") if not values.get(key)]
    if missing:
        raise CerclesError(
            f"SMTP settings missing: {', '.join(missing)} (set CERCLES_SMTP_"
            f"{missing[0].upper()} or '{missing[0]}' in {path})"
        )
    tls = str(values.get("tls", "starttls")).lower()
    if tls not in TLS_MODES:
        raise CerclesError(f"SMTP tls '{tls}' must be one of {', '.join(TLS_MODES)}")
    try:
        port = int(
            values.get("port") or (465 if tls == "ssl" else 587 if tls == "starttls" else 25)
        )
    except ValueError:
        raise CerclesError(f"SMTP port '{values['port']}' is not a number") from None
    recipients = values["to"]
    if isinstance(recipients, str):
        recipients = [r for r in (part.strip() for part in recipients.split(",")) if r]
    return SmtpSettings(
        host=str(values["host"]),
        port=port,
        tls=tls,
        user=values.get("user") or None,
        password=values.get("password") or None,
        sender=str(values["from"]),
        recipients=tuple(recipients),
    )


def digest_message(content: dict, settings: SmtpSettings) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = content["subject"]
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message.set_content(digest_text(content))
    message.add_alternative(digest_html(content), subtype="html")
    return message


def send(message: EmailMessage, settings: SmtpSettings, timeout: float = 30) -> None:
    """Send through the SMTP server of the settings; one-line CerclesError on failure."""
    try:
        if settings.tls == "ssl":
            server = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with server:
            if settings.tls == "starttls":
                server.starttls(context=ssl.create_default_context())
            if settings.user:
                server.login(settings.user, settings.password or "")
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise CerclesError(
            f"cannot send the digest through {settings.host}:{settings.port} "
            f"({type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''})"
        ) from None
