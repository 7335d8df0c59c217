"""The `cercles` command. Every failure the user can cause ends in one line, not a traceback."""

import json
import os
import sys
from functools import wraps
from pathlib import Path

import click

from dashboard.errors import CerclesError

# app.py behind the HTTP gate that keeps downloads and metrics to signed-in browsers
SERVER_FILE = Path(__file__).resolve().parent / "server.py"

warehouse_option = click.option(
    "--warehouse",
    "warehouse_file",
    envvar="CERCLES_WAREHOUSE",
    type=click.Path(dir_okay=False),
    default=None,
    help="Warehouse file (default: $CERCLES_WAREHOUSE, else data/cercles.duckdb).",
)


INTERRUPTED = "interrupted; the warehouse keeps what it had"


def friendly(command):
    """Turn CerclesError (and anything unexpected) into a one-line message and exit code 1."""

    @wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CerclesError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            raise click.ClickException(INTERRUPTED) from None
        except Exception as exc:  # the promise is: never a traceback
            if isinstance(exc, RuntimeError) and str(exc).startswith("Query interrupted"):
                # Ctrl+C or SIGTERM while DuckDB runs a query: DuckDB stops it and raises this
                raise click.ClickException(INTERRUPTED) from None
            if os.environ.get("CERCLES_DEBUG"):
                raise
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise click.ClickException(
                f"unexpected {type(exc).__name__}: {message} (set CERCLES_DEBUG=1 for details)"
            ) from None

    return run


@click.group()
@click.version_option(package_name="cercles")
def main():
    """Cercles: are we reaching beyond our own circle? Import exports, then look."""


def _progress(index, total, name):
    click.echo(f"[{index}/{total}] {name}", err=True)


class ImportProgress:
    """`import_paths` progress on stderr: a bar over the files read and the final write when
    stderr is a terminal, else the plain `[i/n] name` lines (logs, pipes, CI)."""

    def __init__(self, stream=None):
        self.stream = click.get_text_stream("stderr") if stream is None else stream
        self.interactive = self.stream.isatty()
        self.bar = None

    def __call__(self, index, total, name):
        if not self.interactive:
            _progress(index, total, name)
            return
        if self.bar is None:
            # One step per file read, plus one for writing the warehouse.
            self.bar = click.progressbar(length=total + 1, file=self.stream, show_pos=True,
                                         show_eta=False)
        self.bar.label = name if index == total else f"reading {name}"
        if not self.bar.entered:
            self.bar.__enter__()
        self.bar.update(index - self.bar.pos)

    def __enter__(self):
        return self

    def __exit__(self, *failure):
        if self.bar is not None:
            if failure[0] is None:
                self.bar.update(self.bar.length - self.bar.pos)
            self.bar.__exit__(*failure)  # ends the bar's line, so an error starts its own


def echo_batches(batches):
    for batch in batches:
        click.echo(batch.summary_line())
        for warning in batch.warnings:
            click.echo(f"  warning: {warning}")


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--platform", default=None, help="Force the format: decidim, capcollectif, "
              "granddebat, roster, sheets.")
@click.option("--host", default=None, help="Platform instance host when the files don't say it.")
@warehouse_option
@friendly
def import_command(paths, platform, host, warehouse_file):
    """Import platform exports, a roster or in-person sheets (files, folders or zips)."""
    from dashboard.importers import import_paths
    from dashboard.tempfolders import stop_cleanly_on_terminate

    stop_cleanly_on_terminate()

    with ImportProgress() as progress:
        batches = import_paths(paths, warehouse_file, platform=platform,
                               options={"host": host}, progress=progress)
    echo_batches(batches)


@main.command()
@click.argument("path", type=click.Path(), required=False)
@click.option("--epci", default=None,
              help="Without PATH: fetch this intercommunality's communes (SIREN code, e.g. "
              "246700488) from the official geo API; the file is kept beside the warehouse.")
@click.option("--commune", default=None,
              help="With PATH: keep this commune's IRIS or polling stations (INSEE code). "
              "Without PATH: fetch this one commune from the geo API.")
@click.option("--id-col", default=None, help="Column with the district id (e.g. CODE_IRIS).")
@click.option("--name-col", default=None, help="Column with the district name (e.g. NOM_IRIS).")
@click.option("--population-col", default=None,
              help="Column with the population (or the registered voters).")
@click.option("--population-file", default=None, type=click.Path(),
              help="Separate table joined on the district code: INSEE's population by IRIS "
              "(CSV or .xlsx), the ministry's results by polling station (Inscrits), or any "
              "CSV/Excel with id and population columns.")
@click.option("--postcodes", "postcode_file", default=None, type=click.Path(),
              help="Optional postcode-to-district table (columns postcode, district).")
@warehouse_option
@friendly
def territory(path, epci, commune, id_col, name_col, population_col, population_file,
              postcode_file, warehouse_file):
    """Import district boundaries (GeoJSON, GeoPackage, Shapefile; any CRS), or fetch an
    intercommunality's communes with --epci."""
    from dashboard import communes
    from dashboard.importers import territory as territory_importer
    from dashboard.warehouse import warehouse_path

    if path is None:
        if not (epci or commune):
            raise CerclesError("territory_no_source")
        try:
            path = communes.fetch_communes(warehouse_path(warehouse_file).parent, epci, commune)
        except CerclesError as exc:
            if exc.message.code == "geo_api_offline":  # what to download by hand, in French
                raise CerclesError("as_written", text=exc.text("fr")) from None
            raise
        click.echo(f"{path} (from {communes.communes_url(epci, commune)})")
        commune = None  # the file holds that commune only
    elif epci:
        raise CerclesError("territory_epci_with_file")
    batches = territory_importer.import_territory(
        path, warehouse_file, id_col=id_col, name_col=name_col,
        population_col=population_col, population_file=population_file,
        postcode_file=postcode_file, commune=commune,
    )
    echo_batches(batches)


@main.command()
@click.option("--port", default=8501, show_default=True)
@click.option("--host", "address", default="127.0.0.1", show_default=True,
              help="Address to bind; 0.0.0.0 exposes the dashboard to the network.")
@warehouse_option
@friendly
def serve(port, address, warehouse_file):
    """Serve the dashboard (read-only) in the browser."""
    from dashboard.tempfolders import sweep
    from dashboard.warehouse import upgrade, warehouse_path

    sweep()  # uploads a killed server left half-imported
    if upgrade(warehouse_path(warehouse_file)):
        click.echo("Warehouse brought up to date for this version of Cercles")
    env = dict(os.environ, CERCLES_WAREHOUSE=str(warehouse_path(warehouse_file)))
    click.echo(f"Cercles: http://{address}:{port}  (Ctrl+C to stop)")
    from dashboard.auth import stored_hash

    if address not in ("127.0.0.1", "localhost", "::1") and not stored_hash():
        click.echo("Warning: the dashboard is open to the network without a password "
                   "(set one with `cercles password`)", err=True)
    command = [
        sys.executable, "-m", "streamlit", "run", str(SERVER_FILE),
        "--server.address", address, "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
    ]
    # Streamlit replaces this process, so Ctrl+C or a service manager's SIGTERM reaches it
    # directly and never leaves an orphan server holding the port.
    os.execve(sys.executable, command, env)


@main.command("upgrade")
@warehouse_option
@friendly
def upgrade_command(warehouse_file):
    """Bring a warehouse built by an older Cercles up to date (the dashboard only reads)."""
    from dashboard.warehouse import upgrade, warehouse_path

    path = warehouse_path(warehouse_file)
    if not path.exists():
        raise CerclesError("warehouse_missing", path=str(path))
    click.echo(f"{path}: " + ("brought up to date" if upgrade(path) else "already up to date"))


@main.command()
@click.option("--out", "folder", default=None, type=click.Path(file_okay=False),
              help="Folder for the generated exports (default: data/demo).")
@click.option("--seed", default=2026, show_default=True)
@click.option("--no-serve", is_flag=True, help="Stop after the import.")
@click.option("--port", default=8501, show_default=True)
@warehouse_option
@friendly
def demo(folder, seed, no_serve, port, warehouse_file):
    """Build a demo campaign as real export files, import them, and serve the dashboard."""
    from dashboard import demo as demo_campaign

    batches = demo_campaign.build_demo(folder, warehouse_file, seed=seed, progress=_progress)
    echo_batches(batches)
    if not no_serve:
        click.get_current_context().invoke(serve, port=port, address="127.0.0.1",
                                           warehouse_file=warehouse_file)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--campaign", default=None,
              help="A campaign of the campagnes sheet (its label or id): its dates and sources.")
@click.option("--since", default=None, help="Start date (YYYY-MM-DD).")
@click.option("--until", default=None, help="End date (YYYY-MM-DD), inclusive.")
@click.option("--phase", default=None)
@click.option("--platform", default=None)
@click.option("--channel", type=click.Choice(["online", "in_person"]), default=None)
@click.option("--circle", type=click.Choice(["1", "2", "3"]), default=None)
@click.option("--district", default=None)
@warehouse_option
@friendly
def metrics(as_json, campaign, since, until, phase, platform, channel, circle, district,
            warehouse_file):
    """Print the headline metrics."""
    from dashboard import metrics as metric_runner
    from dashboard.warehouse import connect_readonly, warehouse_path

    filters = metric_runner.Filters.from_strings(
        since=since, until=until, phase=phase, platform=platform, channel=channel,
        circle=circle, district=district, campaign=campaign,
    )
    con = connect_readonly(warehouse_path(warehouse_file))
    known_campaign(con, filters.campaign)
    headline = metric_runner.headline_metrics(con, filters)
    if as_json:
        from dashboard.campaigns import campaigns_json
        from dashboard.mobilisation import mobilisation_json
        from dashboard.objectives import IGNORED_FILTERS, objectives_json

        headline.update(mobilisation_json(con, filters))
        # objectives count the whole campaign up to the end date: the filters given that
        # they do not follow are named, as the dashboard's cards say it in words
        headline.update(objectives=objectives_json(con, filters),
                        objectives_ignored_filters=[
                            name for name in IGNORED_FILTERS
                            if getattr(filters, name) is not None
                        ],
                        relays=relays_json(con, filters))
        headline.update(campaigns_json(con))
        click.echo(json.dumps(headline, ensure_ascii=False, default=str))
    else:
        for key, value in headline.items():
            click.echo(f"{key}: {value}")


def known_campaign(con, campaign: str | None) -> None:
    """--campaign names a campaign of the campagnes sheet, or the command stops saying so (a
    mistyped label would otherwise read as a campaign where nothing happened)."""
    from dashboard.metrics import find_campaign

    if campaign is None or find_campaign(con, campaign):
        return
    labels = [
        label
        for (label,) in con.execute("select label from campaigns order by starts_on").fetchall()
    ]
    known = ", ".join(f"'{label}'" for label in labels) or "none: import a campagnes sheet"
    raise CerclesError(f"--campaign: no campaign is called '{campaign}' (campaigns: {known})")


def relays_json(con, filters) -> list[dict]:
    """`relays` of `cercles metrics --json`: one object per relay, counts only."""
    from dashboard import metrics as metric_runner

    frame = metric_runner.run(con, "relays", filters)
    return [
        {key: _json_count(value) if key != "relay" else value for key, value in row.items()}
        for row in frame[["relay", "brought", "participated", "beyond_first_circle"]]
        .astype(object).to_dict("records")
    ]


def _json_count(value):
    """A count as a JSON number; a count the small-count rule hid stays '< 11' (a column
    with a hidden cell comes back as text, so its shown counts are turned back into numbers)."""
    if hasattr(value, "item"):
        value = value.item()
    return int(value) if isinstance(value, str) and value.isdigit() else value


@main.command()
@click.option("--week", default=None,
              help="A day (YYYY-MM-DD): the last complete Monday-Sunday week up to it, as the "
                   "dashboard shows with that end date (default: the last activity).")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False),
              help="Write the HTML message to this file.")
@click.option("--send", "send_it", is_flag=True,
              help="Mail it through the SMTP settings (CERCLES_SMTP_* or ~/.config/cercles/smtp.toml).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--campaign", default=None,
              help="A campaign of the campagnes sheet (its label or id): the week within it "
                   "(by default its last week).")
@warehouse_option
@friendly
def digest(week, out, send_it, lang, campaign, warehouse_file):
    """Write (and send) the weekly digest: the week in five lines, as on the overview."""
    from datetime import date

    from dashboard import digest as weekly_digest
    from dashboard.metrics import Filters
    from dashboard.warehouse import connect_readonly, warehouse_path
    from dashboard.weekly import week_summary

    try:
        until = date.fromisoformat(week) if week else None
    except ValueError:
        raise CerclesError(f"--week: '{week}' is not a date (expected YYYY-MM-DD)") from None
    filters = Filters(until=until, campaign=(campaign or "").strip() or None)
    settings = weekly_digest.smtp_settings() if send_it else None  # fail before any work
    con = connect_readonly(warehouse_path(warehouse_file))
    known_campaign(con, filters.campaign)
    content = weekly_digest.digest_content(week_summary(con, filters), lang)
    html = weekly_digest.digest_html(content)
    if out:
        Path(out).write_text(html, encoding="utf-8")
        click.echo(f"digest written to {out}", err=True)
    if send_it:
        weekly_digest.send(weekly_digest.digest_message(content, settings), settings)
        click.echo(f"digest sent to {len(settings.recipients)} recipient(s) through "
                   f"{settings.host}:{settings.port}", err=True)
    if not out and not send_it:
        click.echo(html)


@main.command()
@click.option("--out", "out", default="bilan.html", show_default=True, type=click.Path(),
              help="bilan.html or bilan.pdf (format from the suffix); a folder gets both.")
@click.option("--pdf", "with_pdf", is_flag=True, help="Also write the PDF beside the HTML.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@warehouse_option
@friendly
def report(out, with_pdf, lang, warehouse_file, **filter_values):
    """Write the evaluation report: one self-contained HTML file and/or its PDF."""
    import time

    from dashboard import metrics as metric_runner
    from dashboard import report as evaluation
    from dashboard.warehouse import connect_readonly, warehouse_path

    filters = metric_runner.Filters.from_strings(**filter_values)
    target = Path(out)
    if target.is_dir() or not target.suffix:
        target.mkdir(parents=True, exist_ok=True)
        targets = [target / "bilan.html", target / "bilan.pdf"]
    elif target.suffix.lower() == ".pdf":
        targets = [target]
    else:
        targets = [target] + ([target.with_suffix(".pdf")] if with_pdf else [])
    con = connect_readonly(warehouse_path(warehouse_file))
    known_campaign(con, filters.campaign)
    for path in targets:
        started = time.perf_counter()
        evaluation.build_report(con, filters, lang, out=path)
        click.echo(f"{path} ({path.stat().st_size / 1e6:.1f} MB, "
                   f"{time.perf_counter() - started:.1f} s)")


# The report takes exactly the filters of `cercles metrics`.
report.params[-1:-1] = [
    param for param in metrics.params
    if param.name in (
        "campaign", "since", "until", "phase", "platform", "channel", "circle", "district",
    )
]


@main.command()
@click.option("--remove", is_flag=True, help="Open the dashboard again (delete the stored hash).")
@friendly
def password(remove):
    """Ask for a password before the dashboard shows anything (a salted hash is stored)."""
    from dashboard import auth

    if remove:
        removed = auth.remove_password()
        click.echo(f"Password removed from {auth.password_file()}" if removed
                   else "No password file was set.")
        if os.environ.get("CERCLES_PASSWORD_HASH"):
            click.echo("CERCLES_PASSWORD_HASH is still set in the environment.")
        return
    secret = click.prompt("New dashboard password", hide_input=True, confirmation_prompt=True)
    if len(secret) < 8:
        raise CerclesError("choose a password of at least 8 characters")
    path = auth.set_password(secret)
    click.echo(f"Password hash stored in {path}; restart `cercles serve` if it is running.")


@main.command()
@click.option("--yes", is_flag=True, help="Delete without asking.")
@warehouse_option
@friendly
def forget(yes, warehouse_file):
    """Delete the campaign's data: the warehouse file and the pseudonymisation key."""
    from dashboard import privacy, tempfolders, warehouse

    target = warehouse.warehouse_path(warehouse_file)
    key = None if os.environ.get("CERCLES_KEY") else privacy.key_file()
    if not yes:
        click.confirm(f"Delete {target} and the key {key or '(CERCLES_KEY)'} for good?",
                      abort=True)
    removed = warehouse.delete_warehouse(target)
    removed += tempfolders.sweep()  # exports unpacked by imports that were killed
    if key is not None and key.exists():
        key.unlink()
        removed.append(key)
    for path in removed:
        click.echo(f"deleted {path}")
    if key is None:
        click.echo("The key comes from CERCLES_KEY: remove it from your environment too.")
    click.echo("Delete the export files you imported as well: they hold names and e-mails.")


@main.command()
@click.option("--events", default=100_000, show_default=True,
              help="Contributions to generate (persons are about a tenth).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on the last line.")
@click.option("--keep", "keep", default=None, type=click.Path(file_okay=False),
              help="Keep the generated exports and warehouse in this folder.")
@click.option("--seed", default=2026, show_default=True)
@click.option("--no-pandas", is_flag=True, help="Skip the pandas comparison (it holds every row).")
@click.option("--questions", default=2, show_default=True, type=click.IntRange(2, 200),
              help="Questions per Grand Débat answer; beyond two, free texts as in the official "
                   "files, which ask 20 to 30 (25: rows of about 2.4 KB).")
@click.option("--browser", is_flag=True,
              help="Instead: time the dashboard on --warehouse in chromium against a one-chart "
                   "Streamlit page (first load, page switches, a filter change).")
@click.option("--runs", default=5, show_default=True, help="Visits per app with --browser.")
@click.option("--loads", default=3, show_default=True, type=click.IntRange(1, 20),
              help="Times the import and the raw load are each run, one after the other "
                   "(medians reported, the ratio the median of each pair's).")
@warehouse_option
@friendly
def bench(events, as_json, keep, seed, no_pandas, questions, browser, runs, loads,
          warehouse_file):
    """Benchmark: a campaign of N contributions imported, each page's queries timed, pandas compared."""
    def say(message):
        click.echo(message, err=True)

    if browser:
        from dashboard.bench_browser import run_browser_bench
        from dashboard.warehouse import connect_readonly, warehouse_path

        path = warehouse_path(warehouse_file)
        connect_readonly(path).close()  # missing or too old: said in one line, not timed out
        figures = run_browser_bench(path, runs=runs, progress=say)
    else:
        from dashboard import bench as benchmark

        figures = benchmark.run_bench(events, keep=keep, seed=seed, with_pandas=not no_pandas,
                                      progress=say, questions=questions, load_pairs=loads)
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, default=str))
        return
    for key, value in figures.items():
        click.echo(f"{key}: {value}")


if __name__ == "__main__":  # python -m dashboard.cli, as well as the cercles command
    main()
