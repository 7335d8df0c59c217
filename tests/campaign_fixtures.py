"""Two campaigns in one warehouse, small enough to count by hand.

On participer.exemple.fr (Decidim), campaigns `Municipales 2014` (01/01-31/03/2014, vote
23/03/2014) and `Municipales 2020` (01/01-31/03/2020, vote 15/03/2020); the mandate between
them is no campaign. The roster puts A and G in circle 1 and C in circle 2; everyone else is
circle 3. Platform accounts (user ids on participer.exemple.fr unless said):

    A #1     proposal 01/02/2014, comment 10/02/2020    -> both campaigns, same account
    B #2     comment 15/02/2014                         -> 2014
    C #3     proposal 20/02/2020                        -> 2020
    D #4     on autre.exemple.fr, comment 12/02/2020    -> none (another host)
    E #5     comment 01/06/2017                         -> none (between campaigns)
    G #6     comment 05/03/2020                         -> 2020
    Zoé #7   nickname zoe, comment 25/02/2020           -> 2020, and 2014 through the sheet:
             she signed the 20/02/2014 workshop R0 as "zoe" (a sign-in sheet, by date)
    Yann     signed the 01/02/2020 workshop R1 with his e-mail, nothing online -> 2020
"""

from pathlib import Path

import pandas as pd

from dashboard import warehouse
from dashboard.importers import import_paths
from dashboard.importers.base import Batch, record_import
from dashboard.privacy import pseudo

HOST, OTHER_HOST = "participer.exemple.fr", "autre.exemple.fr"
CAMPAGNES = (
    "libelle;debut;fin;vote;hote;espaces\r\n"
    "Municipales 2014;01/01/2014;31/03/2014;23/03/2014;https://participer.exemple.fr/;\r\n"
    "Municipales 2020;01/01/2020;31/03/2020;15/03/2020;participer.exemple.fr;\r\n"
)
REUNIONS = (
    "id_reunion;date;heure_debut;heure_fin;lieu;quartier;type;participants\r\n"
    "R0;20/02/2014;18h30;21h;Salle des fêtes;;présentiel;25\r\n"
    "R1;01/02/2020;18h30;21h;Salle des fêtes;;présentiel;30\r\n"
)
EMARGEMENT = "id_reunion;identifiant;code_postal\r\nR0;zoe;\r\nR1;yann@exemple.fr;\r\n"
ROSTER = (
    "Plateforme;Identifiant;Cercle\r\n"
    "participer.exemple.fr;1;1\r\n"
    "participer.exemple.fr;6;militant\r\n"
    "participer.exemple.fr;3;2\r\n"
)
NICKNAMES = {"7": "zoe"}

# key, host, user id, kind, day
CONTRIBUTIONS = [
    ("A", HOST, "1", "proposal", "2014-02-01"),
    ("A", HOST, "1", "comment", "2020-02-10"),
    ("B", HOST, "2", "comment", "2014-02-15"),
    ("C", HOST, "3", "proposal", "2020-02-20"),
    ("D", OTHER_HOST, "4", "comment", "2020-02-12"),
    ("E", HOST, "5", "comment", "2017-06-01"),
    ("G", HOST, "6", "comment", "2020-03-05"),
    ("Zoé", HOST, "7", "comment", "2020-02-25"),
]


def account(host: str, user_id: str) -> str:
    return pseudo(f"decidim|{host}|id:{user_id}")


def platform_batches() -> list[Batch]:
    """What the Decidim importer would write for the accounts above, one batch per host."""
    batches = []
    for host in (HOST, OTHER_HOST):
        rows = [row for row in CONTRIBUTIONS if row[1] == host]
        contributions = pd.DataFrame(
            {
                "contribution_id": [
                    f"decidim|{host}|{kind}|{n}" for n, (_, _, _, kind, _) in enumerate(rows)
                ],
                "kind": [kind for _, _, _, kind, _ in rows],
                "person_id": [account(host, uid) for _, _, uid, _, _ in rows],
                "created_at": pd.to_datetime([day for *_, day in rows]),
            }
        ).assign(
            author_kind="participant",
            channel="online",
            status="published",
            is_free_text=True,
            platform="decidim",
        )
        proposals = contributions[contributions["kind"] == "proposal"].rename(
            columns={"contribution_id": "proposal_id", "author_kind": "origin"}
        )[["proposal_id", "person_id", "origin", "channel", "created_at", "status", "platform"]]
        proposals = proposals.assign(published_at=proposals["created_at"], state="submitted")
        people = sorted({uid for _, h, uid, _, _ in rows})
        identities = pd.DataFrame(
            [("decidim", host, "id", pseudo(f"id:{uid}"), account(host, uid)) for uid in people]
            + [
                (
                    "decidim",
                    host,
                    "nickname",
                    pseudo(f"nickname:{NICKNAMES[uid]}"),
                    account(host, uid),
                )
                for uid in people
                if uid in NICKNAMES
            ],
            columns=["platform", "host", "identifier_kind", "identifier_hash", "person_id"],
        )
        persons = pd.DataFrame(
            {
                "person_id": [account(host, uid) for uid in people],
                "platform": "decidim",
                "host": host,
                "person_kind": "citizen",
            }
        )
        batch = Batch(
            source_key=f"decidim|{host}|everything",
            platform="decidim",
            entity="everything",
            file_name=f"{host}.csv",
            checksum="-",
            host=host,
        )
        batch.tables = {
            "identities": identities,
            "persons": persons,
            "contributions": contributions,
            "proposals": proposals,
        }
        batch.rows_read = len(rows)
        batches.append(batch)
    return batches


def two_campaigns(warehouse_file: Path, folder: Path) -> Path:
    """The warehouse above, its sheets imported through the ordinary importers."""
    with warehouse.writer(warehouse_file) as con:
        for batch in platform_batches():
            record_import(con, batch)
    folder.mkdir(parents=True, exist_ok=True)
    sheets = []
    for name, text in (
        ("campagnes", CAMPAGNES),
        ("reunions", REUNIONS),
        ("emargement", EMARGEMENT),
        ("adherents", ROSTER),
    ):
        sheets.append(folder / f"{name}.csv")
        sheets[-1].write_text(text, encoding="utf-8")
    import_paths(sheets, warehouse_file)
    return warehouse_file
