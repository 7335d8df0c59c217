"""`cercles import` as a volunteer sees it: one summary line per file, one line per error."""

import io
import re

from click.testing import CliRunner
from test_sheets import EMARGEMENT, PROPOSITIONS, REUNIONS, fill_template

from dashboard import cli


def test_import_prints_one_summary_line_per_file_and_plain_progress_off_a_terminal(tmp_path):
    files = [fill_template("reunions", REUNIONS, tmp_path, "csv"),
             fill_template("propositions_papier", PROPOSITIONS, tmp_path, "csv")]
    result = CliRunner().invoke(cli.main, ["import", *map(str, files), "--warehouse",
                                           str(tmp_path / "w.duckdb")])
    assert result.exit_code == 0, result.output
    summaries = result.stdout.splitlines()
    assert len(summaries) == 2  # 2 files, no warnings
    assert "reunions.csv" in summaries[0] and "propositions_papier.csv" in summaries[1]
    # stderr is not a terminal here: the plain lines, files then the write.
    assert result.stderr.splitlines() == ["[0/2] reunions.csv", "[1/2] propositions_papier.csv",
                                          "[2/2] writing the warehouse"]


def test_an_import_error_is_one_line_after_the_progress(tmp_path):
    bad = fill_template("emargement", EMARGEMENT, tmp_path, "csv")
    wrong = fill_template("reunions", [REUNIONS[0][:1] + ["31/02/2026"] + REUNIONS[0][2:]],
                          tmp_path, "csv")
    result = CliRunner().invoke(cli.main, ["import", str(bad), str(wrong), "--warehouse",
                                           str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "[0/2] emargement.csv", "[1/2] reunions.csv",
        f"Error: {wrong}, line 2, column 'date': '31/02/2026' is not a date (JJ/MM/AAAA)"]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_the_progress_is_a_bar_over_the_files_and_the_write():
    screen = Terminal()
    with cli.ImportProgress(screen) as progress:
        for index, name in enumerate(["a.csv", "b.csv"]):
            progress(index, 2, name)
        progress(2, 2, "writing the warehouse")
    shown = screen.getvalue()
    frames = [frame for frame in re.sub(r"\x1b\[\?25[lh]", "", shown).split("\r") if frame]
    # One frame per step: 2 files + the write, then done; then the line ends.
    assert [frame.split("  [")[0] for frame in frames] == [
        "reading a.csv", "reading b.csv", "writing the warehouse", "writing the warehouse"]
    assert [frame.split("]  ")[1][:3] for frame in frames] == ["0/3", "1/3", "2/3", "3/3"]
    assert shown.endswith("\n") and "[0/2]" not in shown


def test_a_failure_ends_the_bar_line_so_the_error_gets_its_own():
    screen = Terminal()
    try:
        with cli.ImportProgress(screen) as progress:
            progress(0, 2, "a.csv")
            raise ValueError("bad cell")
    except ValueError:
        pass
    assert screen.getvalue().endswith("\n") and "1/3" not in screen.getvalue()
