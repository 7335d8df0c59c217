"""Several campaigns side by side: their headline numbers, districts, aligned weeks, who
stays from one to the next and how the first circle renews (the Comparer page, the report's
comparison with the previous campaign, `cercles metrics --json`).

Nothing here draws: each function takes a connection and filters and returns data.
"""

from dataclasses import replace
from datetime import date

import pandas as pd

from dashboard import metrics, privacy, warehouse
from dashboard.errors import CerclesError
from dashboard.importers.common import header_key, parse_platforms
from dashboard.importers.sheets import space_ids
from dashboard.metrics import Filters
from dashboard.warehouse import read_sql

# The headline numbers compared, in the order shown.
COMPARED = (
    "participants",
    "participants_1",
    "participants_2",
    "participants_3",
    "beyond_first_circle_share",
    "proposals",
    "in_person_share",
    "moderation_rate",
    "median_days_to_answer",
    "meetings",
    "duncan_index",
)
SHARES = ("beyond_first_circle_share", "in_person_share", "moderation_rate", "duncan_index")


def campaign_list(con) -> pd.DataFrame:
    """The campaigns of the campagnes sheet, oldest first (none: an empty frame)."""
    return con.execute(read_sql("campaign_list")).fetchdf()


def save_campaign(
    warehouse_file,
    label: str,
    starts_on: date | None,
    ends_on: date | None,
    vote_on: date | None = None,
    host: str = "",
    spaces: str = "",
) -> str:
    """Add a campaign from the dashboard, or change the one with the same label (its id is the
    label's key, as the campagnes sheet gives it), through the single writer: a private copy
    swapped in atomically, the campaign filter rebuilt, as an import does. `host` is a host or
    an address, `spaces` space ids separated by `;` or `,`. Returns the campaign's id."""
    label = " ".join(str(label or "").split())
    host = str(host or "").strip()
    found_host = parse_platforms(pd.Series([host]))["host"].iloc[0]
    if not header_key(label):
        raise CerclesError("campaign_no_label")
    if starts_on is None or ends_on is None:
        raise CerclesError("campaign_no_dates")
    if ends_on < starts_on:
        raise CerclesError("campaign_end_before_start")
    if host and found_host is None:
        raise CerclesError("sheet_not_a_host", value=host)
    campaign_id = header_key(label)
    with warehouse.writer(warehouse.warehouse_path(warehouse_file)) as con:
        con.execute("delete from campaigns where campaign_id = ?", [campaign_id])
        con.execute(
            "insert into campaigns (campaign_id, label, starts_on, ends_on, vote_on, host,"
            " space_ids) values (?, ?, ?, ?, ?, ?, ?)",
            [campaign_id, label, starts_on, ends_on, vote_on, found_host, space_ids(spaces)],
        )
    return campaign_id


def campaign_headlines(con, filters: Filters | None = None) -> pd.DataFrame:
    """One row per campaign: its headline numbers (metrics.headline_metrics under its filter,
    the other filters kept), oldest campaign first."""
    campaigns = campaign_list(con)
    windows = [replace(filters or Filters(), campaign=c) for c in campaigns["campaign_id"]]
    rows = []
    headlines = metrics._headlines(con, windows) if windows else []
    for campaign, headline in zip(campaigns.itertuples(), headlines):
        by_circle = headline["participants_by_circle"]
        rows.append(
            {
                "campaign_id": campaign.campaign_id,
                "label": campaign.label,
                **{key: headline[key] for key in COMPARED if key in headline},
                **{f"participants_{c}": by_circle[c] for c in ("1", "2", "3")},
            }
        )
    return pd.DataFrame(rows, columns=["campaign_id", "label", *COMPARED])


def campaign_districts(con, filters: Filters | None = None) -> pd.DataFrame:
    """One row per campaign and district: participants living there and per 1,000 residents,
    person counts under the small-count threshold hidden within each campaign (a district
    slice, as on the Quartiers page)."""
    frames = []
    for campaign in campaign_list(con)["campaign_id"]:
        reach = metrics.run_unprotected(
            con, "district_reach", replace(filters or Filters(), campaign=campaign)
        )
        shown = privacy.suppress_small_counts(
            reach[["district_id", "name", "participants", "rate_per_1000"]],
            ["participants"],
            linked=["rate_per_1000"],
        )
        frames.append(shown.assign(campaign_id=campaign))
    if not frames:
        return pd.DataFrame(
            columns=["campaign_id", "district_id", "name", "participants", "rate_per_1000"]
        )
    return pd.concat(frames, ignore_index=True)[
        ["campaign_id", "district_id", "name", "participants", "rate_per_1000"]
    ]


def previous_campaign(con, filters: Filters) -> str | None:
    """The campaign that started last before the chosen one (filters.campaign), or None."""
    if not filters.campaign:
        return None
    found = con.execute(
        """
        with chosen as (
            select starts_on, campaign_id from campaigns
            where campaign_id = $campaign or label = $campaign
            order by campaign_id limit 1
        )
        select campaigns.campaign_id
        from campaigns, chosen
        where (campaigns.starts_on, campaigns.campaign_id) < (chosen.starts_on, chosen.campaign_id)
        order by campaigns.starts_on desc, campaigns.campaign_id desc
        limit 1
        """,
        {"campaign": filters.campaign},
    ).fetchone()
    return found[0] if found else None


def comparison_with_previous(con, filters: Filters) -> dict | None:
    """The chosen campaign against the one before it (the evaluation report): the previous
    campaign's label and headline numbers under the same other filters, and of its
    participants how many took part in the chosen one. None without a campaign chosen or
    without a previous campaign."""
    previous = previous_campaign(con, filters)
    if previous is None:
        return None
    chosen = metrics.within_phase(con, replace(filters, phase=None)).campaign
    listed = campaign_list(con).set_index("campaign_id")
    retention = con.execute(read_sql("campaign_retention")).fetchdf()
    pair = retention[
        (retention["from_campaign"] == previous) & (retention["to_campaign"] == chosen)
    ]
    return {
        "label": listed.at[previous, "label"],
        "headline": metrics.headline_metrics(con, replace(filters, campaign=previous)),
        "participants": int(pair["participants"].sum()),
        "also_in_this_one": int(pair["also_in_to"].sum()),
    }


def campaigns_json(con) -> dict:
    """`campaigns` and `retention` for `cercles metrics --json` when the warehouse holds
    several campaigns (nothing otherwise)."""
    campaigns = campaign_list(con)
    if len(campaigns) < 2:
        return {}
    headlines = campaign_headlines(con).set_index("campaign_id")
    listed = []
    for campaign in campaigns.itertuples():
        numbers = headlines.loc[campaign.campaign_id]
        listed.append(
            {
                "campaign_id": campaign.campaign_id,
                "label": campaign.label,
                "starts_on": _day(campaign.starts_on),
                "ends_on": _day(campaign.ends_on),
                "vote_on": _day(campaign.vote_on),
                **{key: metrics._number(numbers[key]) for key in COMPARED},
            }
        )
    retention = con.execute(read_sql("campaign_retention")).fetchdf()
    return {
        "campaigns": listed,
        "retention": [
            {
                "from_campaign": row.from_campaign,
                "to_campaign": row.to_campaign,
                "circle": int(row.circle),
                "participants": int(row.participants),
                "also_in_to": int(row.also_in_to),
                "retention": metrics._number(row.retention),
            }
            for row in retention.itertuples()
        ],
    }


def _day(value) -> str | None:
    """A date as YYYY-MM-DD (None when missing)."""
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()
