"""The demo city's previous campaign (2020): smaller, in a restricted circle, on the same
Decidim instance in its own participatory process, so that the Comparer page has something to
compare. Drawn from its own generator, after the current campaign, so the current one is the
same with or without it; its proposals carry no place, so nobody's home district moves.

Who took part: roster members of the current campaign who wrote online then too (their
first contribution of 2025 before any field operation's windows, and never on a sign-in sheet,
so first-timers and operations read the same), and former participants who did not come back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.demo.campaign import (
    FIRST_NAMES,
    LAST_NAMES,
    THEMES,
    DemoCampaign,
    _ascii,
    _daytime,
    _uniform_days,
)

PREVIOUS_STREAM = 2020
CAMPAIGNS = pd.DataFrame(
    [  # label, first day, last day, vote, participatory space
        ("Municipales 2020", "2019-10-01", "2020-03-15", "2020-03-15", 3),
        ("Municipales 2026", "2025-09-01", "2026-03-15", "2026-03-15", 7),
    ],
    columns=["label", "starts_on", "ends_on", "vote_on", "space_id"],
)
PREVIOUS_SPACE_SLUG = "programme-2020"
RETURNING = 30  # current roster members who took part in 2020 too
FORMER = 14  # 2020 participants who did not come back
PROPOSALS = 64
FIRST_DECIDIM_ID = 9001
FIRST_FORMER_USER = 2201
# the earliest window any field operation looks at (the stand of 18 Nov, 21 days before)
OPERATIONS_LOOK_FROM = pd.Timestamp("2025-10-28")


@dataclass
class PreviousCampaign:
    """people: one row per 2020 participant (returning ones keep their current row's index in
    `person`, former ones have none); proposals: one row each, by `author` (a row of people)."""

    people: pd.DataFrame
    proposals: pd.DataFrame

    def truth(self) -> dict:
        circles = self.people["circle"].value_counts()
        return {
            "participants": len(self.people),
            "participants_by_circle": {c: int(circles.get(c, 0)) for c in (1, 2, 3)},
            "proposals": len(self.proposals),
            "returning": int(self.people["person"].notna().sum()),
        }


def generate_previous(campaign: DemoCampaign) -> PreviousCampaign:
    rng = np.random.default_rng([campaign.seed, PREVIOUS_STREAM])
    people = campaign.people
    first = campaign.first_contribution_at
    signed = set(campaign.attendance["person"].dropna())
    eligible = people.index[
        (people["kind"] == "online")
        & (people["circle_source"] == "roster")
        & people["participates"]
        & ~people.index.isin(signed)
        & (people.index.map(first) < OPERATIONS_LOOK_FROM)
    ]
    returning = np.sort(rng.choice(eligible, size=min(RETURNING, len(eligible)), replace=False))
    back = people.loc[returning, ["user_id", "name", "nickname", "circle"]].assign(
        person=returning
    )
    former = _former_people(rng, people)
    everyone = pd.concat([back, former], ignore_index=True)
    # every participant wrote at least one proposal; the rest by the most active
    authors = np.concatenate(
        [np.arange(len(everyone)), rng.choice(len(everyone), PROPOSALS - len(everyone))]
    )
    start, vote = pd.Timestamp(CAMPAIGNS.at[0, "starts_on"]), pd.Timestamp(CAMPAIGNS.at[0, "vote_on"])
    created = _daytime(
        rng, _uniform_days(rng, start + pd.Timedelta(days=30), vote - pd.Timedelta(days=28), PROPOSALS)
    )
    themes = rng.choice(list(THEMES), size=PROPOSALS)
    proposals = pd.DataFrame(
        {
            "decidim_id": FIRST_DECIDIM_ID + np.arange(PROPOSALS),
            "author": authors,
            "created_at": created,
            "theme": themes,
            "title": [str(rng.choice(THEMES[theme])) for theme in themes],
            "state": rng.choice(["accepted", "rejected"], size=PROPOSALS, p=[0.7, 0.3]),
        }
    ).sort_values("created_at", kind="stable")
    proposals["decidim_id"] = FIRST_DECIDIM_ID + np.arange(PROPOSALS)
    proposals["answered_at"] = proposals["created_at"] + pd.to_timedelta(
        rng.integers(8, 20, PROPOSALS), unit="D"
    )
    return PreviousCampaign(everyone, proposals.reset_index(drop=True))


def _former_people(rng, people: pd.DataFrame) -> pd.DataFrame:
    """2020 participants who are not in the current campaign: new names and accounts."""
    taken = set(people["name"])
    names = [f"{f} {la}" for f in FIRST_NAMES for la in LAST_NAMES if f"{f} {la}" not in taken]
    picked = rng.choice(names, size=FORMER, replace=False)
    nicknames = [
        f"{_ascii(name.split(' ')[0]).lower()}_{index}_2020" for index, name in enumerate(picked)
    ]
    return pd.DataFrame(
        {
            "user_id": pd.array(FIRST_FORMER_USER + np.arange(FORMER), dtype="Int64"),
            "name": picked,
            "nickname": nicknames,
            "circle": 3,  # not on the current roster: general public by default
            "person": pd.array([pd.NA] * FORMER, dtype="Int64"),
        }
    )


def campagnes_sheet(host: str) -> pd.DataFrame:
    """The campagnes sheet of the demo: both campaigns on the instance, each its own
    participatory process."""
    day = "%d/%m/%Y"
    return pd.DataFrame(
        {
            "libelle": CAMPAIGNS["label"],
            "debut": pd.to_datetime(CAMPAIGNS["starts_on"]).dt.strftime(day),
            "fin": pd.to_datetime(CAMPAIGNS["ends_on"]).dt.strftime(day),
            "vote": pd.to_datetime(CAMPAIGNS["vote_on"]).dt.strftime(day),
            "hote": host,
            "espaces": CAMPAIGNS["space_id"].astype(str),
        }
    )

