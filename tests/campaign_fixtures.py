"""Two campaigns in one warehouse, small enough to count by hand.

On participer.exemple.fr (Decidim), campaigns `Municipales 2014` (01/01-31/03/2014, vote
23/03/2014) and `Municipales 2020` (01/01-31/03/2020, vote 15/03/2020); the mandate between
them is no campaign. The roster puts A, G and Hugo in circle 1 and C in circle 2; everyone else
is circle 3. Platform accounts (user ids on participer.exemple.fr unless said):

    A #1     proposal 01/02/2014, comment 10/02/2020    -> both campaigns, same account
    B #2     comment 15/02/2014                         -> 2014
    C #3     proposal 20/02/2020                        -> 2020
    D #4     on autre.exemple.fr, comment 12/02/2020    -> none (another host)
    E #5     comment 01/06/2017                         -> none (between campaigns)
    G #6     comment 05/03/2020                         -> 2020
    Zoé #7   nickname zoe, comment 25/02/2020           -> 2020, and 2014 through the sheet:
             she signed the 20/02/2014 workshop R0 as "zoe" (a sign-in sheet, by date)
    Yann     signed the 01/02/2020 workshop R1 with his e-mail, nothing online -> 2020
    Hugo #8  comment 01/03/2014                         -> 2014, and 2020 through the roster:
             in 2020 the city's consultation ran on Cap Collectif at the same address, where
             he wrote a comment on 10/03/2020 with another account (user9, e-mail
             hugo@exemple.fr); one roster line names #8 and that e-mail, circle 1. Nothing
             else links the two accounts: without the roster they are two persons.
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
    "Plateforme;Identifiant;Courriel;Cercle\r\n"
    "participer.exemple.fr;1;;1\r\n"
    "participer.exemple.fr;6;;militant\r\n"
    "participer.exemple.fr;3;;2\r\n"
    "participer.exemple.fr;8;hugo@exemple.fr;1\r\n"
)
NICKNAMES = {"7": "zoe"}

# key, platform, host, user id, kind, day
CONTRIBUTIONS = [
    ("A", "decidim", HOST, "1", "proposal", "2014-02-01"),
    ("A", "decidim", HOST, "1", "comment", "2020-02-10"),
    ("B", "decidim", HOST, "2", "comment", "2014-02-15"),
    ("C", "decidim", HOST, "3", "proposal", "2020-02-20"),
    ("D", "decidim", OTHER_HOST, "4", "comment", "2020-02-12"),
    ("E", "decidim", HOST, "5", "comment", "2017-06-01"),
    ("G", "decidim", HOST, "6", "comment", "2020-03-05"),
    ("Zoé", "decidim", HOST, "7", "comment", "2020-02-25"),
    ("Hugo", "decidim", HOST, "8", "comment", "2014-03-01"),
    ("Hugo", "capcollectif", HOST, "user9", "comment", "2020-03-10"),
]
EMAILS = {"user9": "hugo@exemple.fr"}  # what Cap Collectif's exports give beside the user id


def account(host: str, user_id: str, platform: str = "decidim") -> str:
    return pseudo(f"{platform}|{host}|id:{user_id}")


def platform_batches() -> list[Batch]:
    """What the Decidim and Cap Collectif importers would write for the accounts above, one
    batch per platform and host."""
    batches = []
    for platform, host in (("decidim", HOST), ("decidim", OTHER_HOST), ("capcollectif", HOST)):
        rows = [row[2:] for row in CONTRIBUTIONS if row[1:3] == (platform, host)]
        contributions = pd.DataFrame(
            {
                "contribution_id": [
                    f"{platform}|{host}|{kind}|{n}" for n, (_, _, kind, _) in enumerate(rows)
                ],
                "kind": [kind for _, _, kind, _ in rows],
                "person_id": [account(host, uid, platform) for _, uid, _, _ in rows],
                "created_at": pd.to_datetime([day for *_, day in rows]),
            }
        ).assign(
            author_kind="participant",
            channel="online",
            status="published",
            is_free_text=True,
            platform=platform,
        )
        proposals = contributions[contributions["kind"] == "proposal"].rename(
            columns={"contribution_id": "proposal_id", "author_kind": "origin"}
        )[["proposal_id", "person_id", "origin", "channel", "created_at", "status", "platform"]]
        proposals = proposals.assign(published_at=proposals["created_at"], state="submitted")
        people = sorted({uid for _, uid, _, _ in rows})
        named = [("id", uid, uid) for uid in people]
        named += [("nickname", NICKNAMES[uid], uid) for uid in people if uid in NICKNAMES]
        named += [("email", EMAILS[uid], uid) for uid in people if uid in EMAILS]
        identities = pd.DataFrame(
            [
                (platform, host, kind, pseudo(f"{kind}:{value}"), account(host, uid, platform))
                for kind, value, uid in named
            ],
            columns=["platform", "host", "identifier_kind", "identifier_hash", "person_id"],
        )
        persons = pd.DataFrame(
            {
                "person_id": [account(host, uid, platform) for uid in people],
                "platform": platform,
                "host": host,
                "person_kind": "citizen",
            }
        )
        batch = Batch(
            source_key=f"{platform}|{host}|everything",
            platform=platform,
            entity="everything",
            file_name=f"{platform}-{host}.csv",
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
