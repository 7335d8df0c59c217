"""Mobilisation on hand-worked fixtures: field actions, operations and their effect, effort
beside need, meetings ranked by first-timers.

The operations fixture: four districts a, b, c, d (squares side by side, longitude 0-1 ... 3-4,
1,000 residents each). Each newcomer is one person with one comment scoped to their district,
so their home district is that district and their first contribution ever that day (2026):
  a  02-20 | 03-02 03-03 03-05 03-08 03-11 03-14 03-20 03-27 03-30 04-05 (11 persons)
  b  nobody
  c  01-25 02-03 02-10 02-27 03-03 03-15 03-26 04-02 04-10 (9)
  d  02-05 02-15 03-08 04-01 04-15 (5)
Field actions (the sheet's place: district name, id, point or postcode):
  a "A"   03-01 (100 doors knocked, 40 opened), 03-10 (80, 30), 03-24 (60, 20), 04-08
  b "b"   03-05, and a point in b (lat 0.5, lon 1.5) 03-06
  d       postcode 38004 (d) 06-01
  ?       "Nulle part" 03-20: no district, "lieu inconnu"
Operations (an action within 14 days of the previous one stays in the operation):
  op1 a 03-01..03-24 (gaps 9 and 14 days): A = 03-01..04-06 (37 days), B = 01-23..02-28;
      controls c, d (b acts on 03-05). n_B = 1, n_A = 10; c_B = 4 + 2 = 6, c_A = 4 + 2 = 6.
  op2 a 04-08 (15 days after 03-24): A = 04-08..04-21, B = 03-25..04-07; controls b, c, d.
      n_B = 3 (03-27 03-30 04-05), n_A = 0; c_B = 2 + 1 = 3 (c 03-26 04-02, d 04-01),
      c_A = 1 + 1 = 2 (c 04-10, d 04-15).
  op3 b 03-05..03-06: A = 03-05..03-19, B = 02-18..03-04 (15 days each); controls c, d.
      n = 0 and 0; c_B = 2 (c 02-27 03-03), c_A = 2 (c 03-15, d 03-08).
  op4 d 06-01: A = 06-01..06-14, B = 05-18..05-31; nobody new anywhere: c = 0.
"""

import json
import re
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner
from scipy.stats import binomtest

from dashboard import mobilisation, warehouse
from dashboard.cli import main
from dashboard.errors import InputError
from dashboard.importers import import_paths, parse_file
from dashboard.metrics import Filters, run
from tests.metric_fixtures import _insert, build_fixture_warehouse
from tests.test_report import Numbers

NEWCOMERS = {
    "a": [
        "02-20",
        "03-02",
        "03-03",
        "03-05",
        "03-08",
        "03-11",
        "03-14",
        "03-20",
        "03-27",
        "03-30",
        "04-05",
    ],
    "c": ["01-25", "02-03", "02-10", "02-27", "03-03", "03-15", "03-26", "04-02", "04-10"],
    "d": ["02-05", "02-15", "03-08", "04-01", "04-15"],
}
ACTIONS = [  # date, type, quartier, code_postal, latitude, longitude, knocked, opened
    ("01/03/2026", "porte-à-porte", "A", "", "", "", "100", "40"),
    ("10/03/2026", "Porte à porte", "A", "", "", "", "80", "30"),
    ("24/03/2026", "PAP", "A", "", "", "", "60", "20"),
    ("08/04/2026", "stand", "A", "", "", "", "", ""),
    ("05/03/2026", "tractage", "b", "", "", "", "", ""),
    ("06/03/2026", "boîtage", "", "", "0,5", "1,5", "", ""),
    ("01/06/2026", "phoning", "", "38004", "", "", "", ""),
    ("20/03/2026", "sms", "Nulle part", "", "", "", "", ""),
]
HEADER = "date;type;quartier;code_postal;latitude;longitude;portes_frappees;portes_ouvertes"


def actions_sheet(folder, rows=ACTIONS, header=HEADER, name="actions_terrain.csv"):
    path = folder / name
    lines = [header] + [";".join(row) for row in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


@pytest.fixture
def operations_warehouse(tmp_path, warehouse_file):
    """The operations fixture: territory and contributions inserted, actions imported
    through the sheet importer (so its district resolution is the real one)."""
    con = duckdb.connect(str(warehouse_file))
    warehouse.migrate(con)
    _insert(
        con,
        "districts",
        "district_id, name, population, geometry_wkb",
        [(key, key.upper(), 1000, shapely.box(x, 0, x + 1, 1).wkb) for x, key in enumerate("abcd")],
    )
    _insert(con, "postcode_districts", "postcode, district_id", [("38004", "d")])
    _insert(
        con,
        "contribution_rows",
        "contribution_id, source_key, kind, person_id, author_kind, "
        "channel, created_at, status, scope_name, platform",
        [
            (
                f"x|comment|{district}{i}",
                "x|comments",
                "comment",
                f"{district}{i}",
                "participant",
                "online",
                f"2026-{day} 12:00",
                "published",
                district.upper(),
                "decidim",
            )
            for district, days in NEWCOMERS.items()
            for i, day in enumerate(days)
        ],
    )
    warehouse.refresh_derived(con)
    con.execute("checkpoint")
    con.close()
    import_paths([actions_sheet(tmp_path)], warehouse_file)
    return warehouse.connect_readonly(warehouse_file)


def test_actions_sheet_keeps_every_action_and_finds_its_district(operations_warehouse):
    con = operations_warehouse
    facts = con.execute(
        "select action_date::varchar, action_type, district_id, district_source from action_facts "
        "order by action_date, action_type"
    ).fetchall()
    assert facts == [
        ("2026-03-01", "porte_a_porte", "a", "scope"),
        ("2026-03-05", "tractage", "b", "scope"),  # the id typed in lowercase
        ("2026-03-06", "boitage", "b", "point"),
        ("2026-03-10", "porte_a_porte", "a", "scope"),
        ("2026-03-20", "sms", None, None),  # kept: "lieu inconnu"
        ("2026-03-24", "porte_a_porte", "a", "scope"),
        ("2026-04-08", "stand", "a", "scope"),
        ("2026-06-01", "phoning", "d", "postcode"),
    ]


def test_operations_grouping_windows_and_counts(operations_warehouse):
    ops = mobilisation.operations(operations_warehouse)
    rows = [
        (
            r.district_id,
            str(r.first_date)[:10],
            str(r.last_date)[:10],
            r.actions,
            str(r.before_start)[:10],
            str(r.after_end)[:10],
            r.n_before,
            r.n_after,
            r.c_before,
            r.c_after,
            r.control_districts,
        )
        for r in ops.itertuples()
    ]
    assert rows == [
        ("a", "2026-03-01", "2026-03-24", 3, "2026-01-23", "2026-04-06", 1, 10, 6, 6, 2),
        ("b", "2026-03-05", "2026-03-06", 2, "2026-02-18", "2026-03-19", 0, 0, 2, 2, 2),
        ("a", "2026-04-08", "2026-04-08", 1, "2026-03-25", "2026-04-21", 3, 0, 3, 2, 3),
        ("d", "2026-06-01", "2026-06-01", 1, "2026-05-18", "2026-06-14", 0, 0, 0, 0, 3),
    ]
    op1 = ops.iloc[0]
    assert (op1["doors_knocked"], op1["doors_opened"]) == (240, 90)
    assert list(ops["action_types"]) == ["porte_a_porte", "boitage,tractage", "stand", "phoning"]
    assert op1["new_per_100_doors"] == pytest.approx(10 * 100 / 90)


def test_rate_ratio_interval_and_verdicts(operations_warehouse):
    ops = mobilisation.operations(operations_warehouse).set_index(["district_id", "first_date"])
    op1 = ops.loc[("a", np.datetime64("2026-03-01"))]
    # RR = (10 / 1) / (6 / 6) = 10; excess = 10 - 1 x 6 / 6 = 9
    assert op1["rate_ratio"] == pytest.approx(10.0)
    assert op1["excess"] == pytest.approx(9.0)
    # interval: Clopper-Pearson for 10 of 11, as odds, divided by 6 / 6
    exact = binomtest(10, 11).proportion_ci(confidence_level=0.95, method="exact")
    assert op1["ci_low"] == pytest.approx(exact.low / (1 - exact.low))
    assert op1["ci_high"] == pytest.approx(exact.high / (1 - exact.high))
    # pL is the beta(0.025; 10, 2) quantile, 0.5872: odds 0.5872 / 0.4128 = 1.4225 > 1
    assert exact.low == pytest.approx(0.5872, abs=1e-4)
    assert op1["ci_low"] == pytest.approx(1.4225, abs=1e-3)
    assert op1["verdict"] == "hausse"
    op2 = ops.loc[("a", np.datetime64("2026-04-08"))]
    # RR = (0 / 3) / (2 / 3) = 0; interval for 0 of 3: [0, pU] as odds / (2 / 3)
    exact = binomtest(0, 3).proportion_ci(method="exact")
    assert op2["rate_ratio"] == 0
    assert op2["ci_low"] == 0
    assert op2["ci_high"] == pytest.approx(exact.high / (1 - exact.high) / (2 / 3))
    assert op2["verdict"] == "non concluant"
    assert op2["excess"] == pytest.approx(-2.0)  # 0 - 3 x 2 / 3
    op3 = ops.loc[("b", np.datetime64("2026-03-05"))]
    assert op3["verdict"] == "non calculable"  # n_A + n_B = 0
    assert op3["excess"] == 0 and np.isnan(op3["rate_ratio"])
    op4 = ops.loc[("d", np.datetime64("2026-06-01"))]
    assert op4["verdict"] == "non calculable" and np.isnan(op4["excess"])  # c_B = 0


def test_effect_of_counts_by_hand_and_against_scipy():
    # 2 after, 20 before, controls steady: RR = (2 / 20) / 1 = 0.1, upper odds < 1: baisse
    effect = mobilisation.operation_effect(n_before=20, n_after=2, c_before=10, c_after=10)
    exact = binomtest(2, 22).proportion_ci(method="exact")
    assert effect["rate_ratio"] == pytest.approx(0.1)
    assert effect["ci_high"] == pytest.approx(exact.high / (1 - exact.high))
    assert effect["verdict"] == "baisse"
    assert effect["excess"] == pytest.approx(-18.0)  # 2 - 20 x 10 / 10
    # controls doubled: the district's own doubling is no effect
    effect = mobilisation.operation_effect(n_before=10, n_after=20, c_before=50, c_after=100)
    assert effect["rate_ratio"] == pytest.approx(1.0) and effect["verdict"] == "non concluant"
    assert effect["excess"] == pytest.approx(0.0)
    # nobody before: the ratio and its upper bound are unbounded, the lower one is not
    effect = mobilisation.operation_effect(n_before=0, n_after=12, c_before=7, c_after=7)
    assert effect["rate_ratio"] == np.inf and effect["ci_high"] == np.inf
    low = binomtest(12, 12).proportion_ci(method="exact").low  # 0.025^(1/12) = 0.7354
    assert low == pytest.approx(0.025 ** (1 / 12))
    assert effect["ci_low"] == pytest.approx(low / (1 - low)) and effect["verdict"] == "hausse"
    for counts in ((3, 4, 0, 5), (3, 4, 5, 0), (0, 0, 5, 5)):
        assert mobilisation.operation_effect(*counts)["verdict"] == "non calculable"
    for successes, trials in ((0, 5), (3, 9), (9, 9)):
        exact = binomtest(successes, trials).proportion_ci(method="exact")
        assert mobilisation.clopper_pearson(successes, trials) == pytest.approx(
            (exact.low, exact.high)
        )


def test_operations_filters(operations_warehouse):
    con = operations_warehouse
    ops = mobilisation.operations(con, Filters(district="a"))
    assert list(ops["first_date"].astype(str).str[:10]) == ["2026-03-01", "2026-04-08"]
    ops = mobilisation.operations(con, Filters(since=date(2026, 3, 2), until=date(2026, 5, 1)))
    assert list(ops["district_id"]) == ["b", "a"]  # by first action: 03-05 and 04-08
    # circle 1 has nobody: every count is 0
    ops = mobilisation.operations(con, Filters(circle=1))
    assert ops[["n_before", "n_after", "c_before", "c_after"]].to_numpy().sum() == 0


def test_effort_and_need_over_the_last_21_days(operations_warehouse):
    con = operations_warehouse
    # reference 03-24: actions dated 03-04..03-24 count
    effort = mobilisation.effort_and_need(con, Filters(until=date(2026, 3, 24)))
    effort = effort.set_index(effort["district_id"].fillna("?"))
    assert effort["actions_21d"].to_dict() == {"a": 2, "b": 2, "c": 0, "d": 0, "?": 1}
    assert effort.loc["a", ["doors_knocked_21d", "doors_opened_21d"]].tolist() == [140, 50]
    assert str(effort.loc["a", "last_action_date"])[:10] == "2026-03-24"
    # by 03-24, 8 + 6 + 3 = 17 participants (a, c, d), none in b: E = 1,000 x 17 / 4,000
    assert effort.loc["b", "expected"] == pytest.approx(4.25)
    assert effort.loc["b", "under_reached"] and not effort.loc["b", "needs_action"]
    # on 05-01 b's last action (03-06) is 56 days old: the alert; all 25 in: E = 6.25
    late = mobilisation.districts_without_action(con, Filters(until=date(2026, 5, 1)))
    assert list(late["district_id"]) == ["b"]
    assert late.loc[0, "missing_participants"] == pytest.approx(6.25)
    # a warehouse without any field action raises no such alert (est is under-reached there)
    assert mobilisation.districts_without_action(build_fixture_warehouse()).empty


def test_effort_without_end_date_counts_to_the_overview_reference_day(operations_warehouse):
    from dashboard.metrics import last_activity_day

    # the last action (06-01, d) comes after every contribution (04-15): the 21 days end then
    effort = run(operations_warehouse, "field_effort")
    assert set(effort["reference_day"].astype(str).str[:10]) == {"2026-06-01"}
    assert effort.set_index("district_id").loc["d", "actions_21d"] == 1
    # the metrics fixture: last contribution 02-03, last meeting 02-04, no action; a proposal
    # answered on 02-20 is activity too, as for the overview and the objectives
    con = build_fixture_warehouse()
    con.execute(
        "update proposals set answered_at = timestamp '2026-02-20 10:00'"
        " where answered_at = (select max(answered_at) from proposals)"
    )
    warehouse.refresh_derived(con)
    assert last_activity_day(con) == date(2026, 2, 20)
    assert set(run(con, "field_effort")["reference_day"].astype(str).str[:10]) == {"2026-02-20"}


def test_actions_by_week_type_and_district(operations_warehouse):
    weeks = mobilisation.actions_by_week(operations_warehouse)
    # 8 actions; weeks start on Monday: 03-01 is a Sunday (week of 02-23)
    assert weeks["actions"].sum() == 8
    unknown = weeks[weeks["district_id"].isna()]
    assert unknown[["action_type", "actions"]].values.tolist() == [["sms", 1]]
    first = weeks.iloc[0]
    assert (
        str(first["week"])[:10],
        first["action_type"],
        first["district_id"],
        first["doors_knocked"],
    ) == ("2026-02-23", "porte_a_porte", "a", 100)
    by_type = weeks.groupby("action_type")["actions"].sum().to_dict()
    assert by_type == {
        "boitage": 1,
        "phoning": 1,
        "porte_a_porte": 3,
        "sms": 1,
        "stand": 1,
        "tractage": 1,
    }


def test_meetings_ranked_by_first_timers_on_the_metrics_fixture():
    # M1 (sud, 40): G signed in, her first contribution ever: 1 first-timer, circle 3; P7 P8
    # M2 (nord, 25): H signed in after an online vote on 01-19: not a first-timer
    # M3 (est, Decidim, no headcount): P6 made there; M4 (online, 12): nothing
    con = build_fixture_warehouse()
    ranked = mobilisation.meetings_ranked(con)
    rows = (
        ranked[
            [
                "meeting_id",
                "headcount",
                "identified",
                "first_timers",
                "beyond_first_circle",
                "proposals",
            ]
        ]
        .fillna(-1)
        .values.tolist()
    )
    assert rows == [
        ["sheet|meeting|1", 40, 1, 1, 1, 2],
        ["sheet|meeting|2", 25, 1, 0, 1, 0],
        ["decidim|demo.example|meeting|3", -1, 0, 0, 0, 1],
        ["decidim|demo.example|meeting|4", 12, 0, 0, 0, 0],
    ]
    assert list(mobilisation.meetings_ranked(con, Filters(district="nord"))["meeting_id"]) == [
        "sheet|meeting|2"
    ]
    # the person counts are a district slice: 1 reads "< 11" when shown
    shown = mobilisation.shown_meetings(ranked)
    assert shown["identified"].tolist()[:2] == ["< 11", "< 11"]


def test_shown_operations_hide_small_counts_and_what_gives_them_back(operations_warehouse):
    shown = mobilisation.shown_operations(mobilisation.operations(operations_warehouse))
    op1 = shown.iloc[0]
    # n_B = 1 and n_A = 10: both hidden (the ratio would give one from the other), with the
    # excess, the yield per 100 doors, the rate ratio and its interval; the verdict stays
    assert (op1["n_before"], op1["n_after"], op1["excess"]) == ("< 11", "< 11", None)
    assert op1["new_per_100_doors"] is None
    assert (op1["c_before"], op1["c_after"]) == ("< 11", "< 11")  # 6 and 6
    assert op1[["rate_ratio", "ci_low", "ci_high"]].isna().all()
    assert op1["verdict"] == "hausse" and op1["effect_hidden"]
    # b: nobody new (0 is shown), controls 2 and 2 hidden; nothing to compute, nothing hidden
    zeros = shown.iloc[1]
    assert (zeros["n_before"], zeros["n_after"]) == (0, 0)
    assert zeros["verdict"] == "non calculable" and not zeros["effect_hidden"]
    # the unprotected frame keeps every figure, for the verdict and the week's best
    assert mobilisation.operations(operations_warehouse).iloc[0]["rate_ratio"] == 10


def candidate_counts(shown_row, largest=40) -> set:
    """Every (n_before, n_after, c_before, c_after) that fits all an operation shows: each
    count as shown, a hidden control count from 1 to 10, hidden district counts from 0 to
    `largest` with at least one of them from 1 to 10; the verdict; and the rate ratio and
    interval when they are shown."""
    def options(column, hidden):
        value = shown_row[column]
        return hidden if isinstance(value, str) else [int(value)]

    found = set()
    for n_before in options("n_before", range(largest)):
        for n_after in options("n_after", range(largest)):
            if isinstance(shown_row["n_before"], str) and not (
                0 < n_before < 11 or 0 < n_after < 11
            ):
                continue
            for c_before in options("c_before", range(1, 11)):
                for c_after in options("c_after", range(1, 11)):
                    effect = mobilisation.operation_effect(n_before, n_after, c_before, c_after)
                    if effect["verdict"] != shown_row["verdict"]:
                        continue
                    if pd.notna(shown_row["rate_ratio"]) and not all(
                        effect[key] == pytest.approx(shown_row[key], rel=1e-3)
                        for key in ("rate_ratio", "ci_low", "ci_high")
                    ):
                        continue
                    found.add((n_before, n_after, c_before, c_after))
    return found


def test_no_hidden_count_of_an_operation_can_be_worked_out_from_what_it_shows(
    operations_warehouse,
):
    # Shown, op1's rate ratio (10.0) and interval (1.42 to unbounded) would leave one pair of
    # district counts possible whatever its hidden controls: 1 before and 10 after, given
    # back. Without them, its verdict fits many.
    operations = mobilisation.operations(operations_warehouse)
    shown = mobilisation.shown_operations(operations)
    leaky = shown.iloc[0].copy()
    for key in ("rate_ratio", "ci_low", "ci_high"):
        leaky[key] = operations.iloc[0][key]
    assert {counts[:2] for counts in candidate_counts(leaky)} == {(1, 10)}
    for index in range(len(shown)):
        if shown.iloc[index]["effect_hidden"]:
            district_counts = {counts[:2] for counts in candidate_counts(shown.iloc[index])}
            assert len(district_counts) > 10, index


HIDDEN_NOTE = (
    "Opérations dont un compte est sous 11 : 2. Leur rapport de taux, leur intervalle et leur "
    "excédent ne sont pas affichés, ni dans le graphique"
)


def test_every_route_shows_the_verdict_of_a_hidden_operation_and_not_its_ratio(
    operations_warehouse, warehouse_file, monkeypatch
):
    # op1 (a, 1 before and 10 after: hausse) and op2 (a, 3 before and 0 after: non concluant)
    # have a ratio and a count under 11; op3 and op4 have no ratio to compute
    from streamlit.testing.v1 import AppTest

    from dashboard import report

    verdicts = ["hausse", "non calculable", "non concluant", "non calculable"]
    # the report (HTML, and the PDF printed from it)
    page = report.build_report_html(operations_warehouse, Filters(), "fr")
    operations_warehouse.close()
    found = Numbers(page)
    rows = ["a:0", "b:1", "a:2", "d:3"]
    assert [found.cells[("operations", row, "rate_ratio")] for row in rows] == [None] * 4
    table = page[page.index('data-table="operations"'):]
    table = table[: table.index("</table>")]
    assert re.findall(r'data-col="verdict"[^>]*>([^<]*)<', table) == verdicts
    assert re.findall(r'data-col="rate_ratio"[^>]*>([^<]*)<', table) == ["–"] * 4
    assert "10,00" not in table and "1,42" not in table
    assert "operations-forest" not in page  # no ratio left to draw
    assert HIDDEN_NOTE in page and "sur 2 opérations au rapport calculable" in page
    # the page: the table and its download (one frame), the chart, the note
    monkeypatch.setenv("CERCLES_WAREHOUSE", str(warehouse_file))
    at = AppTest.from_file("../dashboard/app.py", default_timeout=60)
    at.run()
    at.switch_page("views/mobilisation.py").run()
    assert not at.exception, [e.message for e in at.exception]
    operations = [frame.value for frame in at.dataframe][1]
    assert operations["Verdict"].tolist() == verdicts
    assert set(operations["Rapport de taux"]) == set(operations["Intervalle à 95 %"]) == {"–"}
    assert set(operations["Excédent"]) == {"–"}
    assert any(c.value.startswith(HIDDEN_NOTE) for c in at.caption)
    assert "Rapport de taux et intervalle" not in " ".join(
        str(chart.proto.spec) for chart in at.get("plotly_chart")
    )
    # the JSON: the verdicts, and null where the page shows "–"
    result = CliRunner().invoke(main, ["metrics", "--json", "--warehouse", str(warehouse_file)])
    printed = json.loads(result.output)["operations"]
    assert [op["verdict"] for op in printed] == verdicts
    assert {op[key] for op in printed for key in ("rate_ratio", "ci_low", "ci_high", "excess")} == {
        None
    }


def test_metrics_json_has_meetings_ranked_and_operations(operations_warehouse, warehouse_file):
    operations_warehouse.close()
    result = CliRunner().invoke(main, ["metrics", "--json", "--warehouse", str(warehouse_file)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["meetings_ranked"] == []
    assert [list(op) for op in data["operations"]] == [list(mobilisation.OPERATION_KEYS)] * 4
    op1 = data["operations"][0]
    assert op1["first_date"] == "2026-03-01" and op1["last_date"] == "2026-03-24"
    assert (op1["actions"], op1["doors_knocked"], op1["doors_opened"]) == (3, 240, 90)
    assert (op1["n_before"], op1["n_after"], op1["verdict"]) == ("< 11", "< 11", "hausse")
    assert data["operations"][3]["rate_ratio"] is None  # non calculable: null


def test_actions_sheet_errors_name_file_line_and_column(tmp_path):
    cases = [
        (("01/03/2026", "randonnée", "A", "", "", "", "", ""), 2, "type", "not an action type"),
        (("32/03/2026", "stand", "A", "", "", "", "", ""), 2, "date", "not a date"),
        (
            ("01/03/2026", "stand", "A", "", "", "", "12", "15"),
            2,
            "portes_ouvertes",
            "more than the portes_frappees",
        ),
        (
            ("01/03/2026", "stand", "A", "", "", "", "douze", ""),
            2,
            "portes_frappees",
            "not a whole number",
        ),
        (("01/03/2026", "stand", "", "", "45,2", "", "", ""), 2, "latitude", "longitude"),
        (("01/03/2026", "stand", "", "123", "", "", "", ""), 2, "code_postal", "postcode"),
    ]
    for row, line, column, message in cases:
        path = actions_sheet(tmp_path, [ACTIONS[0], row][1:])
        with pytest.raises(InputError) as error:
            parse_file(path)
        text = str(error.value)
        assert f"line {line}" in text and f"'{column}'" in text and message in text, text
        assert "actions_terrain.csv" in text


def test_a_team_maps_its_own_columns_and_types_in_cercles_aliases(tmp_path, monkeypatch):
    aliases = tmp_path / "cercles-aliases.toml"
    aliases.write_text(
        "[actions.headers]\n"
        'date = ["Jour de l\'action"]\n'
        'type = ["Activité"]\n'
        'portes_ouvertes = ["Ouvertures"]\n'
        "[actions.values.type]\n"
        'porte_a_porte = ["Tournée portes"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CERCLES_ALIASES", str(aliases))
    path = actions_sheet(
        tmp_path,
        [("02/03/2026", "Tournée portes", "A", "", "", "", "", "7")],
        header="Jour de l'action;Activité;Quartier;CP;lat;lng;Portes;Ouvertures",
        name="export_terrain.csv",
    )
    batch = parse_file(path)
    assert batch.entity == "actions"
    action = batch.tables["field_actions"].iloc[0]
    assert (action["action_type"], action["doors_opened"]) == ("porte_a_porte", 7)
    aliases.write_text('[actions.headers]\nportes = ["X"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="not a column of the actions sheet"):
        parse_file(path)


def test_reimporting_an_actions_sheet_replaces_it(operations_warehouse, tmp_path, warehouse_file):
    operations_warehouse.close()
    import_paths([actions_sheet(tmp_path, ACTIONS[:2])], warehouse_file)
    con = warehouse.connect_readonly(warehouse_file)
    assert con.execute("select count(*) from action_facts").fetchone()[0] == 2


def test_each_query_has_the_grain_its_header_says(operations_warehouse):
    con = operations_warehouse
    # one row per district of the territory, plus "lieu inconnu" (it has an action)
    assert len(run(con, "field_effort")) == 4 + 1
    # one row per operation
    assert len(run(con, "operations")) == 4
    # one row per week, type and district: no repeats
    weeks = run(con, "actions_by_week")
    assert not weeks.duplicated(["week", "action_type", "district_id"]).any()
    # one row per meeting held
    assert len(run(build_fixture_warehouse(), "meetings_ranked")) == 4


def test_the_week_best_meeting_and_operation(operations_warehouse):
    from datetime import date as day

    # week of 2 to 8 March: op1 (a, 1-24 March, hausse, excess 9) is under way; op3 (b,
    # 5-6 March) too, but not computable; no meeting in this fixture
    best = mobilisation.week_best(operations_warehouse, day(2026, 3, 8))
    assert best["meeting"] is None
    assert best["operation"]["district_id"] == "a" and best["operation"]["excess"] == 9.0
    assert list(best["operation"]) == list(mobilisation.OPERATION_KEYS)
    # week of 13 to 19 April: only op2 (non concluant): nothing to praise
    assert mobilisation.week_best(operations_warehouse, day(2026, 4, 19))["operation"] is None
    # the metrics fixture: M1 (24 January) brought G, a first-timer; counts as computed
    best = mobilisation.week_best(build_fixture_warehouse(), day(2026, 1, 25))
    assert best["meeting"]["meeting_id"] == "sheet|meeting|1"
    assert best["meeting"]["first_timers"] == 1 and best["operation"] is None
    # M2 (31 January) had no first-timer: no best meeting that week
    assert mobilisation.week_best(build_fixture_warehouse(), day(2026, 2, 1))["meeting"] is None


def test_the_week_best_operation_is_chosen_by_what_is_shown(monkeypatch):
    from datetime import date as day

    # two rises under way, controls steady (40 and 40): x brought 30 new participants after
    # and 4 before, an excess of 26 hidden with its 4; y 30 and 12, an excess of 18 shown.
    # y is the week's best: choosing x would say its hidden excess is the larger
    def operation(district, n_before, n_after):
        effect = mobilisation.operation_effect(n_before, n_after, 40, 40)
        return {"district_id": district, "first_date": pd.Timestamp("2026-03-02"),
                "last_date": pd.Timestamp("2026-03-06"), "actions": 2, "doors_knocked": 0,
                "doors_opened": 0, "n_before": n_before, "n_after": n_after,
                "c_before": 40, "c_after": 40, **effect}

    def best(*operations):
        frame = pd.DataFrame(list(operations))
        assert set(frame["verdict"]) == {"hausse"}
        monkeypatch.setattr(mobilisation, "operations", lambda con, filters=None: frame)
        return mobilisation.week_best(None, day(2026, 3, 8))["operation"]

    monkeypatch.setattr(mobilisation, "operations_under_way", lambda *args: True)
    monkeypatch.setattr(mobilisation, "meetings_ranked", lambda con, filters=None: pd.DataFrame())
    assert best(operation("x", 4, 30), operation("y", 12, 30))["district_id"] == "y"
    # both shown (x 11 before: excess 19): the larger excess wins
    assert best(operation("x", 11, 30), operation("y", 12, 30))["district_id"] == "x"


def test_an_operation_is_under_way_in_a_week_exactly_when_operations_says_so(operations_warehouse):
    # every week of January to July: op1's gap of 14 days (10 to 24 March) spans the week of
    # 16 to 22 March without an action in it; op2 (8 April) starts 15 days after op1's end
    from datetime import date as day
    from datetime import timedelta

    ops = mobilisation.operations(operations_warehouse)
    first = [d.date() for d in pd.to_datetime(ops["first_date"])]
    last = [d.date() for d in pd.to_datetime(ops["last_date"])]
    under_way = set()
    for week in range(30):
        week_ending = day(2026, 1, 4) + timedelta(weeks=week)
        week_start = week_ending - timedelta(days=6)
        expected = any(f <= week_ending and l >= week_start for f, l in zip(first, last))
        found = mobilisation.operations_under_way(operations_warehouse, week_start, week_ending)
        assert found == expected, week_ending
        if found:
            under_way.add(week_ending)
    assert day(2026, 3, 22) in under_way and day(2026, 4, 5) not in under_way
    assert not mobilisation.operations_under_way(build_fixture_warehouse(), day(2026, 1, 19),
                                                 day(2026, 1, 25))
