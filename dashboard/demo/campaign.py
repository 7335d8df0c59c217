"""The demo campaign simulated: who takes part, where, when and how (online, in workshops,
in the field), seeded, with its own ground truth (`DemoCampaign`) that tests compare the
warehouse with."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.demo.city import (
    CITY,
    DISTRICTS,
    PLACES,
    POSTCODE_AREAS,
    STREETS,
    city_districts,
    points_in,
)

PHASES = pd.DataFrame(
    [
        ("Pré-propositions", "2025-10-06", "2025-11-09", True),
        ("Phase ouverte", "2025-11-10", "2025-12-14", False),
        ("Synthèse", "2025-12-15", "2026-02-22", False),
    ],
    columns=["name", "starts_on", "ends_on", "restricted"],
)

# 9 workshops: (district, day of the five-week open phase, theme); the first five are
# published on Decidim as meetings, the last four exist only on paper sheets.
WORKSHOPS = [
    ("Q01", 2, "Mobilité"),
    ("Q02", 9, "Logement"),
    ("Q03", 16, "Écologie"),
    ("Q07", 23, "Solidarités"),
    ("Q08", 30, "Jeunesse"),
    ("Q12", 5, "Démocratie locale"),
    ("Q04", 12, "Commerce"),
    ("Q09", 19, "Éducation"),
    ("Q05", 26, "Culture"),
]
DECIDIM_WORKSHOPS = 5
EXPORTED_AT = pd.Timestamp("2026-02-23 05:12:07")
MEETING_ANNOUNCED = pd.Timedelta(days=18, hours=3)  # published on Decidim this long before
SIGNED_WORKSHOPS = (5, 6, 7)  # paper workshops that kept a sign-in sheet
USER_GROUPS = (
    (1090, "Collectif Vélo Bellerive", "velo_bellerive"),
    (1091, "Locataires du Mistral", "locataires_mistral"),
)
SIGNAL_GROUP = 1090  # the campaign counts this collective's members as sympathisers

FIRST_NAMES = (
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Zoé",
    "Clara",
    "Emma",
    "Alice",
    "Margaux",
    "Lucie",
    "Sarah",
    "Nadia",
    "Yasmine",
    "Hélène",
    "Odile",
    "Agnès",
    "Brigitte",
    "Lucas",
    "Hugo",
    "Louis",
    "Nathan",
    "Théo",
    "Arthur",
    "Jules",
    "Mathis",
    "Karim",
    "Mehdi",
    "Youssef",
    "Bastien",
    "Gaël",
    "Olivier",
    "Thierry",
    "Pascal",
    "Gérard",
    "Rémi",
    "Loïc",
    "Antoine",
)
LAST_NAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Benali",
    "Haddad",
    "Nguyen",
    "Da Silva",
    "Ferreira",
    "Chevalier",
    "Brunet",
    "Masson",
)
MAIL_DOMAINS = ("example.org", "example.net", "example.com", "mail.example.org")

THEMES = {
    "Mobilité": (
        "Créer une piste cyclable sécurisée",
        "Rendre les bus gratuits le samedi",
        "Installer des arceaux à vélos",
        "Piétonniser la rue commerçante",
        "Ajouter un passage piéton éclairé",
        "Prolonger la ligne de bus jusqu'au soir",
    ),
    "Logement": (
        "Rénover les logements sociaux",
        "Encadrer les loyers des meublés",
        "Créer un habitat partagé pour les seniors",
        "Lutter contre les logements vacants",
    ),
    "Écologie": (
        "Planter des arbres dans les cours d'école",
        "Créer un jardin partagé",
        "Installer des composteurs collectifs",
        "Végétaliser la place centrale",
        "Éteindre l'éclairage public la nuit",
    ),
    "Solidarités": (
        "Ouvrir une épicerie solidaire",
        "Créer un repair café",
        "Renforcer l'aide aux devoirs",
        "Ouvrir un lieu d'accueil de jour",
    ),
    "Jeunesse": (
        "Rénover le terrain de sport",
        "Créer un conseil municipal des jeunes",
        "Ouvrir la MJC le dimanche",
        "Financer les projets de jeunes",
    ),
    "Démocratie locale": (
        "Créer un budget participatif",
        "Tenir des permanences d'élus dans les quartiers",
        "Publier les comptes rendus du conseil",
        "Créer des conseils de quartier tirés au sort",
    ),
    "Commerce": (
        "Soutenir le marché du dimanche",
        "Aider l'installation de commerces de proximité",
        "Créer une halle des producteurs locaux",
    ),
    "Éducation": (
        "Rénover l'école élémentaire",
        "Servir des repas bio à la cantine",
        "Sécuriser les abords des écoles",
        "Ouvrir les cours d'école le week-end",
    ),
    "Culture": (
        "Agrandir la médiathèque",
        "Organiser une fête de quartier",
        "Créer une résidence d'artistes",
        "Ouvrir un cinéma associatif",
    ),
}
COMMENT_STEMS = (
    "Tout à fait d'accord, c'est une attente forte dans le quartier.",
    "Bonne idée, mais quel serait le coût pour la commune ?",
    "Il faudrait associer les commerçants à la réflexion.",
    "Je soutiens, surtout pour les familles avec enfants.",
    "Attention à ne pas oublier les personnes âgées.",
    "On en parle depuis des années, il est temps d'agir.",
    "Pas convaincu : la priorité devrait être l'entretien de l'existant.",
    "Pourquoi ne pas commencer par une expérimentation d'un an ?",
    "Cela rejoint ce qui s'est dit à l'atelier de la semaine dernière.",
    "Merci pour cette proposition claire et concrète.",
    "Il manque un calendrier de mise en œuvre.",
    "Et pour le financement, une piste du côté de la métropole ?",
)
DEBATE_QUESTIONS = (
    "Faut-il piétonniser le centre-ville le week-end ?",
    "Quelle place pour la voiture dans les quartiers ?",
    "Comment associer les jeunes aux décisions de la commune ?",
    "Faut-il un marché couvert à Bellerive ?",
    "Quels services publics manquent dans votre quartier ?",
    "Comment rendre la rénovation des logements abordable ?",
    "Quelle priorité pour le budget participatif ?",
    "Comment mieux partager l'espace entre vélos et piétons ?",
    "Faut-il ouvrir les équipements sportifs le soir ?",
    "Comment lutter contre l'isolement des personnes âgées ?",
)
TROLL_STEMS = (
    "Vous êtes tous des incapables, ce site ne sert à rien !!!",
    "Achetez des abonnements pas chers sur ce lien, promo incroyable",
    "Encore une proposition idiote de bobos du centre-ville.",
    "Ce débat est truqué, tout est décidé d'avance, honte à vous.",
    "Spam spam spam cliquez ici pour gagner",
)


@dataclass
class DemoCampaign:
    """One generated campaign and its ground truth, counted from its own frames.

    people: one row per human the files mention (Decidim users, roster members, sign-in
    sheet attendees); proposals, comments (moderated ones flagged), debates, meetings (the
    9 workshops), attendance (sign-in sheet lines), roster (its lines).
    """

    seed: int
    districts: pd.DataFrame
    people: pd.DataFrame
    meetings: pd.DataFrame
    proposals: pd.DataFrame
    comments: pd.DataFrame
    debates: pd.DataFrame
    attendance: pd.DataFrame
    roster: pd.DataFrame
    actions: pd.DataFrame

    @property
    def participants(self) -> pd.DataFrame:
        """Persons the warehouse can see contributing: a published Decidim contribution,
        or an identified line on a sign-in sheet."""
        return self.people[self.people["participates"]]

    @property
    def participants_by_circle(self) -> dict[int, int]:
        counts = self.participants["circle"].value_counts()
        return {circle: int(counts.get(circle, 0)) for circle in (1, 2, 3)}

    @property
    def online_participants_by_circle(self) -> dict[int, int]:
        online = self.participants[self.participants["user_id"].notna()]
        counts = online["circle"].value_counts()
        return {circle: int(counts.get(circle, 0)) for circle in (1, 2, 3)}

    @property
    def programme_proposals(self) -> pd.DataFrame:
        """Proposals that count for the programme (amendments apart)."""
        return self.proposals[~self.proposals["is_amendment"]]

    @property
    def proposals_by_channel(self) -> dict[str, int]:
        counts = self.programme_proposals["channel"].value_counts()
        return {channel: int(counts.get(channel, 0)) for channel in ("online", "in_person")}

    @property
    def in_person_share(self) -> float:
        by_channel = self.proposals_by_channel
        return by_channel["in_person"] / sum(by_channel.values())

    @property
    def proposals_by_origin(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.programme_proposals["origin"].value_counts().items()}

    @property
    def moderated_comments(self) -> int:
        return int(self.comments["moderated"].sum())

    @property
    def published_as_imported(self) -> pd.Series:
        """published_at as the warehouse holds it: a paper proposal's date_saisie, else its
        meeting's start."""
        proposals = self.proposals
        sheet_start = proposals["meeting"].map(self.meetings.set_index("number")["start_at"])
        on_paper = proposals["typed_on"].fillna(sheet_start)
        return proposals["published_at"].where(proposals["origin"] != "paper", on_paper)

    @property
    def median_days_to_answer(self) -> float:
        programme = ~self.proposals["is_amendment"] & self.proposals["answered_at"].notna()
        delay = self.proposals["answered_at"] - self.published_as_imported
        return float((delay[programme].dt.total_seconds() / 86400).median())

    @property
    def answered_by_channel(self) -> dict[str, int]:
        answered = self.programme_proposals.dropna(subset=["answered_at"])
        counts = answered["channel"].value_counts()
        return {channel: int(counts.get(channel, 0)) for channel in ("online", "in_person")}

    @property
    def first_contribution_at(self) -> pd.Series:
        """Each participant's first contribution as the warehouse dates it: online ones at
        their creation, a sign-in at its workshop's start."""
        sheet_start = self.meetings.set_index("sheet_id")["start_at"]
        signed = self.attendance.dropna(subset=["person"])
        return (
            pd.concat(
                [
                    self.proposals[["person", "created_at"]].dropna(),
                    self.comments.loc[~self.comments["moderated"], ["person", "created_at"]],
                    pd.DataFrame(
                        {
                            "person": signed["person"],
                            "created_at": signed["sheet_id"].map(sheet_start),
                        }
                    ),
                ]
            )
            .groupby("person")["created_at"]
            .min()
        )

    @property
    def first_timers(self) -> dict[str, int]:
        """Per signed workshop: attendees whose first contribution ever is that workshop."""
        sheet_start = self.meetings.set_index("sheet_id")["start_at"]
        signed = self.attendance.dropna(subset=["person"]).drop_duplicates(["sheet_id", "person"])
        first = signed["person"].map(self.first_contribution_at)
        new = signed[first == signed["sheet_id"].map(sheet_start)]
        return {sheet: int(n) for sheet, n in new["sheet_id"].value_counts().items()}

    @property
    def both_channels(self) -> int:
        """Participants seen online (a visible proposal or comment) and on a sign-in sheet."""
        online = set(self.proposals["person"].dropna()) | set(
            self.comments.loc[~self.comments["moderated"], "person"].dropna()
        )
        return len(online & set(self.attendance["person"].dropna()))

    def truth(self) -> dict:
        """The headline numbers the demo was built to show, for tests and the report."""
        return {
            "participants": len(self.participants),
            "participants_by_circle": self.participants_by_circle,
            "online_participants_by_circle": self.online_participants_by_circle,
            "proposals": len(self.programme_proposals),
            "proposals_by_channel": self.proposals_by_channel,
            "proposals_by_origin": self.proposals_by_origin,
            "amendments": int(self.proposals["is_amendment"].sum()),
            "withdrawn": int(self.proposals["withdrawn"].sum()),
            "in_person_share": self.in_person_share,
            "meetings": len(self.meetings),
            "headcounts": [int(h) for h in self.meetings["headcount"]],
            "debates": len(self.debates),
            "published_comments": int((~self.comments["moderated"]).sum()),
            "moderated_comments": self.moderated_comments,
            "median_days_to_answer": self.median_days_to_answer,
            "answered_by_channel": self.answered_by_channel,
            "first_timers": self.first_timers,
            "both_channels": self.both_channels,
            "door_to_door_recruits": RECRUITS,
        }


# The field campaign ---------------------------------------------------------------------

FIELD_STREAM = 16
# Field actions as the team logs them: (day, type, district, place typed, doors knocked,
# doors opened, volunteers, leaflets). A door-to-door operation in Mistral-Sud (29 Nov -
# 6 Dec) that really brings residents to the platform, and a market stand with leafleting in
# Centre-Ville (18-25 Nov) that brings nobody: the placebo. Later actions are small ones.
FIELD_ACTIONS = [
    ("2025-11-18", "stand", "Q01", "Centre-Ville", None, None, 4, 350),
    ("2025-11-25", "tractage", "Q01", "Centre-Ville", None, None, 5, 600),
    ("2025-11-29", "porte_a_porte", "Q10", "Mistral-Sud", 240, 86, 8, 0),
    ("2025-12-03", "boitage", "Q10", "38477", None, None, 3, 900),
    ("2025-12-06", "porte_a_porte", "Q10", "Mistral-Sud", 310, 104, 11, 0),
    ("2025-12-10", "phoning", None, "", None, None, 6, 0),
    ("2026-01-10", "boitage", "Q06", "Les Coteaux", None, None, 2, 400),
    ("2026-01-17", "stand", "Q11", "Les Vergers", None, None, 3, 150),
    ("2026-02-14", "tractage", "Q02", "La Gare", None, None, 4, 500),
]
RECRUITS = 14  # Mistral-Sud residents whom the door-to-door brought to the platform
RECRUITED_FROM, RECRUITED_UNTIL = pd.Timestamp("2025-11-30"), pd.Timestamp("2025-12-13")
ONLINE_SIGNERS = 18  # platform participants who also sign a workshop's sheet (nickname)


def _field_actions(rng) -> pd.DataFrame:
    """The actions sheet: where is typed as a district name, or a postcode for the boîtage;
    the phoning has no place ("lieu inconnu"). Conversations and contacts follow the doors."""
    actions = pd.DataFrame(
        FIELD_ACTIONS,
        columns=[
            "day",
            "type",
            "district_id",
            "place",
            "knocked",
            "opened",
            "volunteers",
            "leaflets",
        ],
    )
    opened = actions["opened"].fillna(0).to_numpy(int)
    actions["conversations"] = np.where(opened > 0, (opened * rng.uniform(0.5, 0.7)).round(), 0)
    actions["contacts"] = np.where(opened > 0, (opened * rng.uniform(0.1, 0.2)).round(), 0)
    actions["team"] = np.where(actions["district_id"] == "Q10", "Équipe Sud", "Équipe centre")
    return actions


def _door_to_door_recruits(rng, people, proposals, districts):
    """Residents of Mistral-Sud met at their door who then open a Decidim account and post a
    proposal about their neighbourhood within a week of the door-to-door: the operation's
    real effect. Their proposals are located in Mistral-Sud (a point and its name)."""
    names = DISTRICTS.set_index("district_id")["name"]
    taken = set(people["name"])
    combos = [(f, la) for f in FIRST_NAMES for la in LAST_NAMES if f"{f} {la}" not in taken]
    picked = rng.choice(len(combos), size=RECRUITS, replace=False)
    start = int(people.index.max()) + 1
    recruits = pd.DataFrame(
        {
            "kind": "door_to_door",
            "circle": 3,
            "circle_source": "default",
            "on_roster": False,
            "has_account": True,
            "first_name": [combos[i][0] for i in picked],
            "last_name": [combos[i][1] for i in picked],
        },
        index=pd.RangeIndex(start, start + RECRUITS),
    )
    recruits["name"] = recruits["first_name"] + " " + recruits["last_name"]
    digits = rng.integers(10, 100, RECRUITS).astype(str)
    ascii_first = recruits["first_name"].map(_ascii).str.lower()
    ascii_last = recruits["last_name"].map(_ascii).str.lower().str.replace(" ", "", regex=False)
    recruits["nickname"] = ascii_first + "_" + ascii_last.str[:3] + digits + "_sud"
    recruits["email"] = ascii_first + "." + ascii_last + digits + "@example.org"
    recruits["user_id"] = pd.array(
        int(people["user_id"].max()) + 1 + np.arange(RECRUITS), dtype="Int64"
    )
    recruits["home_district"] = "Q10"
    recruits["group_id"] = pd.array([pd.NA] * RECRUITS, dtype="Int64")
    people = pd.concat([people, recruits])

    span = (RECRUITED_UNTIL - RECRUITED_FROM).total_seconds()
    created = RECRUITED_FROM + pd.to_timedelta(np.sort(rng.uniform(0, span, RECRUITS)), unit="s")
    inner = districts.set_index("district_id").loc["Q10", "geometry"].buffer(-0.0002)
    points = points_in(inner, RECRUITS, rng, decimals=6)
    rows = []
    for i, person in enumerate(recruits.index):
        theme, title = _title(rng)
        published = created[i].floor("s") + pd.Timedelta(seconds=int(rng.integers(60, 1800)))
        answered = published + pd.Timedelta(days=float(rng.lognormal(np.log(12), 0.55)))
        rows.append(
            {
                "person": person,
                "created_at": created[i].floor("s"),
                "origin": "participant",
                "channel": "online",
                "meeting": pd.NA,
                "published_at": published,
                "theme": theme,
                "title": title,
                "is_amendment": False,
                "coauthor": pd.NA,
                "district_id": "Q10",
                "latitude": points[i][1],
                "longitude": points[i][0],
                "scope": names["Q10"],
                "address": f"{int(rng.integers(1, 120))} {rng.choice(STREETS)}, {CITY}",
                "typed_on": pd.NaT,
                "decidim_id": int(proposals["decidim_id"].max()) + 1 + i,
                "amends_id": pd.NA,
                "withdrawn": False,
                "withdrawn_at": pd.NaT,
                "state": str(rng.choice(["accepted", "rejected", "evaluating"])),
                "answered_at": answered.floor("s"),
            }
        )
    proposals = pd.concat([proposals, pd.DataFrame(rows)], ignore_index=True)
    proposals["decidim_id"] = proposals["decidim_id"].astype("Int64")
    return people, proposals


def _online_sign_ins(rng, people, proposals, comments, meetings, attendance) -> pd.DataFrame:
    """Platform participants who also come to a signed workshop and sign its sheet with
    their Decidim nickname: they take part both online and in person. A few had not yet
    written anything online: the workshop is their first contribution (first-timers)."""
    first_online = (
        pd.concat(
            [
                proposals[["person", "created_at"]].dropna(),
                comments.loc[~comments["moderated"], ["person", "created_at"]],
            ]
        )
        .groupby("person")["created_at"]
        .min()
    )
    signed = meetings[meetings["number"].isin([i + 1 for i in SIGNED_WORKSHOPS])]
    online = people.index[(people["kind"] == "online") & people.index.isin(first_online.index)]
    signers = rng.choice(online, size=ONLINE_SIGNERS, replace=False)
    sheet_ids = rng.choice(signed["sheet_id"], size=ONLINE_SIGNERS)
    lines = pd.DataFrame(
        {
            "sheet_id": sheet_ids,
            "person": signers,
            "identifier": people.loc[signers, "nickname"].to_numpy(),
            "postcode": "",
        }
    )
    order = {s: i for i, s in enumerate(signed["sheet_id"])}
    sheet = pd.concat([attendance, lines], ignore_index=True)
    sheet["order"] = sheet["sheet_id"].map(order)
    return sheet.sort_values(["order"], kind="stable").drop(columns="order").reset_index(drop=True)


# The campaign -------------------------------------------------------------------------


def generate_campaign(seed: int = 2026) -> DemoCampaign:
    """A whole campaign, deterministic for a seed: people, workshops, proposals, comments."""
    rng = np.random.default_rng(seed)
    districts = city_districts()
    meetings = _meetings(rng, districts)
    people = _people(rng, districts, meetings)
    attendance = _sign_in_sheets(rng, people, meetings)
    _balance_online_homes(rng, people, districts)
    proposals, comments = _online_activity(rng, people, districts)
    online_count = int((~proposals["is_amendment"]).sum())
    workshops = _workshop_proposals(rng, meetings, districts, online_count)
    proposals = pd.concat([proposals, workshops], ignore_index=True)
    for column in ("created_at", "published_at", "typed_on"):
        proposals[column] = pd.to_datetime(proposals[column])
    proposals = _answer(rng, _number_proposals(proposals))
    comments = _number_comments(rng, comments, proposals, people, meetings)
    _coauthors(rng, proposals, comments)
    debates = _debates(rng, proposals, comments, districts)
    # The field campaign draws from its own generator, so the rest of the campaign is the
    # same with or without it.
    field = np.random.default_rng([seed, FIELD_STREAM])
    actions = _field_actions(field)
    people, proposals = _door_to_door_recruits(field, people, proposals, districts)
    attendance = _online_sign_ins(field, people, proposals, comments, meetings, attendance)
    people["participates"] = _participates(people, proposals, comments, attendance)
    roster = _roster(rng, people)
    return DemoCampaign(
        seed,
        districts,
        people,
        meetings,
        proposals,
        comments,
        debates,
        attendance,
        roster,
        actions,
    )


def _people(
    rng: np.random.Generator, districts: pd.DataFrame, meetings: pd.DataFrame
) -> pd.DataFrame:
    """Everyone the files will mention, with the circle the campaign would give them.

    Identified in-person attendees number about 30 % of the signed workshops' headcount.
    """
    signed = meetings[meetings["number"].isin([i + 1 for i in SIGNED_WORKSHOPS])]
    in_person = round(0.3 * signed["headcount"].sum())
    in_person_c1, in_person_c2 = round(0.15 * in_person), round(0.1 * in_person)
    groups = [  # (kind, circle, circle source, on roster, has a Decidim account, how many)
        ("online", 1, "roster", True, True, 60 + int(rng.integers(-4, 5))),
        ("online", 1, "phase", False, True, 8),
        ("online", 2, "roster", True, True, 42 + int(rng.integers(-4, 5))),
        ("online", 2, "signal", False, True, 16),
        ("online", 3, "default", False, True, 72 + int(rng.integers(-5, 6))),
        ("idle_user", 3, "default", False, True, 35),
        ("idle_user", 1, "roster", True, True, 10),
        ("idle_member", 1, "roster", True, False, 25),
        ("idle_member", 2, "roster", True, False, 30),
        ("in_person", 1, "roster", True, False, in_person_c1),
        ("in_person", 2, "roster", True, False, in_person_c2),
        ("in_person", 3, "default", False, False, in_person - in_person_c1 - in_person_c2),
    ]
    rows = []
    for kind, circle, source, on_roster, has_account, count in groups:
        rows += [(kind, circle, source, on_roster, has_account)] * count
    people = pd.DataFrame(
        rows, columns=["kind", "circle", "circle_source", "on_roster", "has_account"]
    )
    n = len(people)
    combos = np.array([(f, la) for f in FIRST_NAMES for la in LAST_NAMES], dtype=object)
    picked = combos[rng.choice(len(combos), size=n, replace=False)]
    people["first_name"], people["last_name"] = picked[:, 0], picked[:, 1]
    people["name"] = people["first_name"] + " " + people["last_name"]
    digits = rng.choice(np.arange(10, 100), size=n)
    ascii_first = people["first_name"].map(_ascii).str.lower()
    ascii_last = people["last_name"].map(_ascii).str.lower().str.replace(" ", "", regex=False)
    people["nickname"] = ascii_first + "_" + ascii_last.str[:3] + digits.astype(str)
    taken = people["nickname"].duplicated()  # nicknames are unique on a Decidim instance
    people.loc[taken, "nickname"] += "_" + people.index[taken].astype(str)
    people["email"] = (
        ascii_first
        + "."
        + ascii_last
        + digits.astype(str)
        + "@"
        + pd.Series(rng.choice(MAIL_DOMAINS, size=n))
    )
    # Decidim user ids are shuffled so that ids say nothing about circles.
    account = people["has_account"].to_numpy()
    ids = np.full(n, np.nan)
    ids[account] = 1100 + rng.permutation(int(account.sum()))
    people["user_id"] = pd.array(ids, dtype="Int64")
    weights = (districts["population"] * districts["reach"]).to_numpy(float)
    people["home_district"] = rng.choice(
        districts["district_id"], size=n, p=weights / weights.sum()
    )
    people["group_id"] = pd.array([pd.NA] * n, dtype="Int64")
    signal = people.index[people["circle_source"] == "signal"]
    people.loc[signal, "group_id"] = SIGNAL_GROUP
    core_cyclists = people.index[(people["kind"] == "online") & (people["circle"] == 1)][:4]
    people.loc[core_cyclists, "group_id"] = SIGNAL_GROUP  # the roster still wins for them
    mistral = people.index[(people["kind"] == "online") & (people["circle"] == 3)][:3]
    people.loc[mistral, ["group_id", "home_district"]] = (USER_GROUPS[1][0], "Q10")
    return people.sample(frac=1, random_state=rng.integers(1 << 31)).reset_index(drop=True)


def _balance_online_homes(rng, people: pd.DataFrame, districts: pd.DataFrame) -> None:
    """Draw online participants' homes so that, with the sign-in sheets' locals, known
    homes follow population x reach: the workshops' districts need fewer online people,
    and only the barely reached district stands out, not the luck of a small sample."""
    weights = (districts["population"] * districts["reach"]).to_numpy(float)
    online = people.index[
        (people["kind"] == "online") & (people["group_id"].fillna(0) != USER_GROUPS[1][0])
    ]
    signed_in = people[people["kind"] == "in_person"]["home_district"].value_counts()
    signed_in = signed_in.reindex(districts["district_id"], fill_value=0).to_numpy(float)
    known_online = 0.6  # share of online people whose home the data will reveal
    expected = (signed_in.sum() + known_online * len(online)) * weights / weights.sum()
    need = np.maximum(expected - signed_in, 0.05 * expected)
    # Largest-remainder quotas rather than independent draws: fewer lucky gaps.
    quota = need / need.sum() * len(online)
    counts = np.floor(quota).astype(int)
    counts[np.argsort(counts - quota)[: len(online) - counts.sum()]] += 1
    homes = np.repeat(districts["district_id"].to_numpy(), counts)
    people.loc[online, "home_district"] = rng.permutation(homes)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _phase_bounds() -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    return [
        (pd.Timestamp(row.starts_on), pd.Timestamp(row.ends_on) + pd.Timedelta(days=1))
        for row in PHASES.itertuples()
    ]


def _daytime(rng: np.random.Generator, days: np.ndarray) -> pd.DatetimeIndex:
    """Timestamps on the given days, mostly in the evening (local 18h-23h is 17h-22h UTC)."""
    hours = np.where(
        rng.random(len(days)) < 0.7, rng.uniform(17, 22, len(days)), rng.uniform(7, 17, len(days))
    )
    seconds = (hours * 3600).astype(int)
    return pd.DatetimeIndex(pd.to_datetime(days).normalize() + pd.to_timedelta(seconds, unit="s"))


def _uniform_days(rng, start: pd.Timestamp, end: pd.Timestamp, n: int) -> np.ndarray:
    span = max((end - start).days, 1)
    return (start + pd.to_timedelta(rng.integers(0, span, n), unit="D")).to_numpy()


def _meetings(rng: np.random.Generator, districts: pd.DataFrame) -> pd.DataFrame:
    """The 9 workshops: 40 to 150 people each, none in the barely reached district."""
    open_start = _phase_bounds()[1][0]
    rows = []
    for number, (district, offset, theme) in enumerate(WORKSHOPS, start=1):
        geometry = districts.set_index("district_id").loc[district, "geometry"]
        lon, lat = points_in(geometry.buffer(-0.0005), 1, rng, decimals=6)[0]
        day = open_start + pd.Timedelta(days=offset)
        start = day + pd.Timedelta(hours=17, minutes=30)  # 18:30 in Paris, winter time
        rows.append(
            {
                "number": number,
                "on_decidim": number <= DECIDIM_WORKSHOPS,
                "decidim_id": 30 + number if number <= DECIDIM_WORKSHOPS else None,
                "sheet_id": f"AT{number:02d}",
                "district_id": district,
                "district_name": districts.set_index("district_id").loc[district, "name"],
                "theme": theme,
                "title": f"Atelier « {theme} » – {districts.set_index('district_id').loc[district, 'name']}",
                "place": PLACES[district],
                "start_at": start,
                "end_at": start + pd.Timedelta(hours=2, minutes=30),
                "headcount": int(rng.integers(40, 151)),
                "latitude": lat,
                "longitude": lon,
            }
        )
    return pd.DataFrame(rows)


def _title(rng: np.random.Generator, theme: str | None = None) -> tuple[str, str]:
    theme = theme or str(rng.choice(list(THEMES)))
    return theme, str(rng.choice(THEMES[theme]))


def _online_activity(rng, people, districts):
    """Proposals and comments made on the platform, official proposals included.

    Phase 1 is restricted: only the campaign team's pre-proposals and circle-1 people
    (roster militants and the few invited through the phase rule) act there.
    """
    (p1_start, p1_end), (p2_start, p2_end), (p3_start, p3_end) = _phase_bounds()
    online = people[people["kind"] == "online"]
    n = len(online)
    in_phase1 = np.where(
        online["circle_source"] == "phase",
        True,
        np.where(online["circle"] == 1, rng.random(n) < 0.6, False),
    )
    late = rng.random(n) < 0.15
    join_day = np.where(
        in_phase1,
        _uniform_days(rng, p1_start, p1_end, n),
        np.where(
            late,
            _uniform_days(rng, p3_start, p3_end - pd.Timedelta(days=3), n),
            _uniform_days(rng, p2_start + pd.Timedelta(days=1), p2_end, n),
        ),
    )
    joined_at = _daytime(rng, join_day)
    first_is_proposal = (rng.random(n) < 0.4) & (joined_at < p2_end)
    activity = rng.lognormal(0, 0.9, n) * online["circle"].map({1: 2.0, 2: 1.2, 3: 0.8}).to_numpy()
    extra_proposals = rng.multinomial(150, activity / activity.sum())
    extra_proposals = np.where(joined_at < p2_end - pd.Timedelta(days=2), extra_proposals, 0)
    extra_comments = rng.multinomial(800, activity / activity.sum())

    authors, created, kinds = [], [], []
    for person, joined, first_prop, n_prop, n_comm in zip(
        online.index, joined_at, first_is_proposal, extra_proposals, extra_comments
    ):
        authors.append(person)
        created.append(joined)
        kinds.append("proposal" if first_prop else "comment")
        for kind, count, until in (("proposal", n_prop, p2_end), ("comment", n_comm, p3_end)):
            if count:
                span = max((until - joined).total_seconds() - 3600, 3600)
                created += list(joined + pd.to_timedelta(rng.uniform(3600, span, count), unit="s"))
                authors += [person] * count
                kinds += [kind] * count
    activity = pd.DataFrame(
        {"person": authors, "created_at": pd.to_datetime(created), "kind": kinds}
    )

    official_days = _uniform_days(
        rng, p1_start, p1_start + pd.Timedelta(days=12), 28 + int(rng.integers(-3, 4))
    )
    official = pd.DataFrame(
        {"person": pd.NA, "created_at": _daytime(rng, official_days), "kind": "proposal"}
    )
    official["origin"] = "official"
    participant_proposals = activity[activity["kind"] == "proposal"].assign(origin="participant")
    proposals = pd.concat([official, participant_proposals], ignore_index=True)
    proposals["channel"] = "online"
    proposals["meeting"] = pd.NA
    proposals["published_at"] = proposals["created_at"] + pd.to_timedelta(
        rng.integers(60, 1800, len(proposals)), unit="s"
    )
    themes_titles = [_title(rng) for _ in range(len(proposals))]
    proposals["theme"] = [t for t, _ in themes_titles]
    proposals["title"] = [t for _, t in themes_titles]
    proposals["is_amendment"] = False
    proposals["amends"] = pd.NA
    proposals["coauthor"] = pd.NA
    home = people["home_district"]
    proposals["district_id"] = proposals["person"].map(lambda p: home[p] if pd.notna(p) else None)
    _locate(rng, proposals, districts)

    # A few amendments, by militants and sympathisers, on proposals already published.
    amend_authors = rng.choice(online.index[online["circle"] < 3], size=10, replace=False)
    amend_rows = []
    for person in amend_authors:
        after = max(joined_at[online.index.get_loc(person)], p2_start)
        when = after + pd.Timedelta(hours=float(rng.uniform(2, 24 * 20)))
        when = min(when, p2_end - pd.Timedelta(hours=3))
        targets = proposals.index[(proposals["published_at"] < when) & ~proposals["is_amendment"]]
        target = int(rng.choice(targets))
        amend_rows.append(
            {
                "person": person,
                "created_at": when,
                "kind": "proposal",
                "origin": "participant",
                "channel": "online",
                "meeting": pd.NA,
                "published_at": when + pd.Timedelta(minutes=5),
                "theme": proposals.at[target, "theme"],
                "title": "Amendement : " + proposals.at[target, "title"],
                "is_amendment": True,
                "amends": target,
                "coauthor": pd.NA,
                "district_id": None,
                "latitude": np.nan,
                "longitude": np.nan,
                "scope": None,
                "address": None,
            }
        )
    # `amends` holds the row of the original; online rows keep their index in the concat.
    proposals = pd.concat([proposals, pd.DataFrame(amend_rows)], ignore_index=True)
    comments = activity[activity["kind"] == "comment"].drop(columns="kind").reset_index(drop=True)
    return proposals, comments


def _locate(rng, proposals: pd.DataFrame, districts: pd.DataFrame) -> None:
    """Half the proposals get a point in their district, a third only a scope name."""
    inner = {d: g.buffer(-0.0002) for d, g in zip(districts["district_id"], districts["geometry"])}
    names = districts.set_index("district_id")["name"]
    draw = rng.random(len(proposals))
    proposals["latitude"], proposals["longitude"] = np.nan, np.nan
    proposals["scope"], proposals["address"] = None, None
    for row in proposals.index:
        district = proposals.at[row, "district_id"]
        if district is None or pd.isna(district):
            district = str(rng.choice(districts["district_id"]))
            proposals.at[row, "district_id"] = district
        if draw[row] < 0.5:
            lon, lat = points_in(inner[district], 1, rng, decimals=6)[0]
            proposals.at[row, "latitude"], proposals.at[row, "longitude"] = lat, lon
            proposals.at[row, "address"] = (
                f"{int(rng.integers(1, 120))} {rng.choice(STREETS)}, {CITY}"
            )
            proposals.at[row, "scope"] = names[district]
        elif draw[row] < 0.83:
            proposals.at[row, "scope"] = names[district]
        else:
            proposals.at[row, "district_id"] = None


def _workshop_proposals(
    rng, meetings: pd.DataFrame, districts: pd.DataFrame, online_count: int
) -> pd.DataFrame:
    """Proposals written in the 9 workshops: created in a Decidim meeting by the team for
    the first five, on paper sheets typed in later for the other four. About twice the
    online proposals, shared out by headcount (the reference campaign's two thirds)."""
    names = districts.set_index("district_id")["name"]
    total = round(2 * online_count * rng.uniform(0.95, 1.08))
    weights = meetings["headcount"].to_numpy(float)
    per_meeting = rng.multinomial(total, weights / weights.sum())
    rows = []
    for meeting, count in zip(meetings.itertuples(), per_meeting):
        count = int(count)
        lag_days = rng.integers(1, 8, count) if meeting.on_decidim else rng.integers(3, 15, count)
        created = (
            meeting.end_at
            + pd.to_timedelta(lag_days, unit="D")
            + pd.to_timedelta(rng.integers(0, 8 * 3600, count), unit="s")
        )
        where = rng.random(count)
        for i in range(count):
            theme, title = _title(rng, meeting.theme if rng.random() < 0.6 else None)
            district = (
                meeting.district_id
                if where[i] < 0.6
                else (str(rng.choice(districts["district_id"])) if where[i] < 0.75 else None)
            )
            rows.append(
                {
                    "person": pd.NA,
                    "created_at": created[i],
                    "kind": "proposal",
                    "origin": "meeting" if meeting.on_decidim else "paper",
                    "channel": "in_person",
                    "meeting": meeting.number,
                    "published_at": created[i] + pd.Timedelta(minutes=1)
                    if meeting.on_decidim
                    else pd.NaT,
                    "typed_on": created[i].normalize() if rng.random() < 0.8 else pd.NaT,
                    "theme": theme,
                    "title": title,
                    "is_amendment": False,
                    "amends": pd.NA,
                    "coauthor": pd.NA,
                    "district_id": district,
                    "scope": names[district] if district else None,
                    "latitude": np.nan,
                    "longitude": np.nan,
                    "address": None,
                }
            )
    return pd.DataFrame(rows)


def _number_proposals(proposals: pd.DataFrame) -> pd.DataFrame:
    """Decidim ids in creation order; amendments keep pointing at their original."""
    proposals = proposals.sort_values(["created_at", "title"], kind="stable").reset_index()
    proposals = proposals.rename(columns={"index": "row"})
    decidim = proposals["origin"] != "paper"
    proposals["decidim_id"] = pd.array([pd.NA] * len(proposals), dtype="Int64")
    proposals.loc[decidim, "decidim_id"] = 201 + np.arange(int(decidim.sum()))
    id_of_row = proposals.set_index("row")["decidim_id"]
    proposals["amends_id"] = proposals["amends"].map(
        lambda r: id_of_row[r] if pd.notna(r) else pd.NA
    )
    proposals["withdrawn"] = False
    proposals["withdrawn_at"] = pd.NaT
    return proposals.drop(columns=["row", "amends", "kind"], errors="ignore")


def _answer(rng, proposals: pd.DataFrame) -> pd.DataFrame:
    """Answers a median 12 days after publication, none after the export; a few
    withdrawals. Official pre-proposals are integrated at the start of the synthesis.
    Paper proposals are answered alike from the day they were typed in, the answer's day
    written on the sheet (date_reponse)."""
    synthesis = _phase_bounds()[2][0]
    n = len(proposals)
    proposals["state"] = ""
    proposals["answered_at"] = pd.NaT
    paper = proposals["origin"] == "paper"
    participant = (proposals["origin"] == "participant") & ~proposals["is_amendment"]
    withdrawn = rng.choice(proposals.index[participant], size=6, replace=False)
    proposals.loc[withdrawn, "withdrawn"] = True
    proposals.loc[withdrawn, "withdrawn_at"] = proposals.loc[
        withdrawn, "published_at"
    ] + pd.to_timedelta(rng.uniform(2, 20, 6), unit="D")
    delay = pd.to_timedelta(rng.lognormal(np.log(12), 0.55, n) * 86400, unit="s")
    answered_at = proposals["published_at"].where(~paper, proposals["created_at"]) + delay
    answered_at[paper] = answered_at[paper].dt.floor("D")
    official = proposals["origin"] == "official"
    answered_at[official] = synthesis + pd.to_timedelta(
        rng.uniform(0, 10, int(official.sum())) * 86400, unit="s"
    )
    answerable = ~proposals["is_amendment"] & ~proposals["withdrawn"] & (answered_at < EXPORTED_AT)
    answerable &= ~official | (rng.random(n) < 0.85)
    state = rng.choice(["accepted", "rejected", "evaluating"], size=n, p=[0.5, 0.22, 0.28])
    state = np.where(official, "accepted", state)
    proposals.loc[answerable, "answered_at"] = answered_at[answerable].dt.floor("s")
    proposals.loc[answerable, "state"] = state[answerable]
    proposals.loc[proposals["is_amendment"], "state"] = "evaluating"
    # Proposal#state (0.28+): nil until an answer is published, but "not_answered" once withdrawn.
    proposals.loc[proposals["withdrawn"] & (proposals["state"] == ""), "state"] = "not_answered"
    return proposals


def _number_comments(rng, comments, proposals, people, meetings) -> pd.DataFrame:
    """Attach each comment to a proposal (or a Decidim meeting) already published when it
    was written, give Decidim ids in time order, and hide a few as moderators would."""
    phase1_end = _phase_bounds()[0][1]
    on_platform = proposals[proposals["decidim_id"].notna() & ~proposals["is_amendment"]]
    on_platform = on_platform.sort_values("published_at")
    published = on_platform["published_at"].to_numpy()
    comments = comments.sort_values("created_at", kind="stable").reset_index(drop=True)
    targets = []
    for when in comments["created_at"]:
        available = int(np.searchsorted(published, when.to_datetime64()))
        if when < phase1_end:  # restricted phase: the team's pre-proposals are all there is
            available = min(available, int((on_platform["origin"] == "official").sum()))
        recent = min(available - 1, int(rng.exponential(available / 3)))
        targets.append(
            int(on_platform["decidim_id"].iloc[available - 1 - recent]) if available else None
        )
    comments["proposal_id"] = pd.array(targets, dtype="Int64")
    comments = comments[comments["proposal_id"].notna()].reset_index(drop=True)
    comments["meeting_id"] = pd.array([pd.NA] * len(comments), dtype="Int64")
    # A few comments go under the Decidim meetings' pages instead (meeting_comments.csv).
    on_decidim = meetings[meetings["on_decidim"]]
    opened = (on_decidim["start_at"] - MEETING_ANNOUNCED).to_numpy()
    for row in comments.index[rng.random(len(comments)) < 0.04]:
        announced = on_decidim["decidim_id"][
            opened < comments.at[row, "created_at"].to_datetime64()
        ]
        if len(announced):
            comments.at[row, "meeting_id"] = int(rng.choice(announced))
            comments.at[row, "proposal_id"] = pd.NA
    comments["comment_id"] = 5001 + np.arange(len(comments))
    comments["depth"] = (rng.random(len(comments)) < 0.2).astype(int)
    comments["alignment"] = rng.choice([0, 1, -1], size=len(comments), p=[0.6, 0.3, 0.1])
    comments["body"] = rng.choice(COMMENT_STEMS, size=len(comments))
    group = people["group_id"]
    on_behalf = rng.random(len(comments)) < 0.3
    comments["user_group_id"] = [
        group[p] if flag and pd.notna(group[p]) else pd.NA
        for p, flag in zip(comments["person"], on_behalf)
    ]
    # Trolls are general-public people who also wrote visible things, so hiding their
    # comments does not hide them from the participant count.
    counts = comments["person"].value_counts()
    public = people.index[people["circle"] == 3]
    trolls = rng.choice(
        np.sort(counts[counts >= 3].index.intersection(public)), size=4, replace=False
    )
    hidden = np.sort(
        [
            int(
                rng.choice(
                    comments.index[(comments["person"] == troll) & comments["proposal_id"].notna()]
                )
            )
            for troll in trolls
        ]
    )
    comments["moderated"] = False
    comments.loc[hidden, "moderated"] = True
    comments.loc[hidden, "body"] = rng.choice(TROLL_STEMS, size=4, replace=False)
    comments["hidden_at"] = pd.NaT
    comments.loc[hidden, "hidden_at"] = comments.loc[hidden, "created_at"] + pd.to_timedelta(
        rng.uniform(3, 40, 4), unit="h"
    )
    comments["hidden_at"] = comments["hidden_at"].dt.floor("s")
    comments["report_count"] = 0
    comments.loc[hidden, "report_count"] = rng.integers(1, 5, 4)
    return comments


def _coauthors(rng, proposals: pd.DataFrame, comments: pd.DataFrame) -> None:
    """Eight open-phase proposals get a co-author who had already commented visibly, so
    that counting co-authors or not changes no participant count and no circle."""
    proposals["coauthor"] = pd.NA
    visible = comments[~comments["moderated"]]
    first_comment = visible.groupby("person")["created_at"].min().sort_index()
    candidates = proposals.index[
        (proposals["origin"] == "participant")
        & ~proposals["is_amendment"]
        & (proposals["created_at"] >= _phase_bounds()[1][0])
    ]
    for row in rng.choice(candidates, size=8, replace=False):
        earlier = first_comment[
            (first_comment < proposals.at[row, "created_at"])
            & (first_comment.index != proposals.at[row, "person"])
        ]
        proposals.at[row, "coauthor"] = int(rng.choice(earlier.index.astype(int)))


def _debates(rng, proposals, comments, districts) -> pd.DataFrame:
    """Ten debates of the open phase, two opened by the team, eight by people who had
    already taken part (so no count moves); some comments move under them."""
    (_, _), (p2_start, p2_end), _ = _phase_bounds()
    visible = comments[~comments["moderated"]]
    first_seen = pd.concat(
        [visible[["person", "created_at"]], proposals[["person", "created_at"]].dropna()]
    )
    first_seen = first_seen.groupby("person")["created_at"].min().sort_index()
    authors = rng.choice(first_seen.index[first_seen < p2_end - pd.Timedelta(days=10)], 8, False)
    opened = [
        max(first_seen[a], p2_start) + pd.Timedelta(hours=float(rng.uniform(2, 24 * 8)))
        for a in authors
    ]
    debates = pd.DataFrame(
        {
            "person": [pd.NA, pd.NA, *authors],
            "created_at": [
                p2_start + pd.Timedelta(hours=9),
                p2_start + pd.Timedelta(hours=10),
                *opened,
            ],
        }
    )
    debates["created_at"] = pd.to_datetime(debates["created_at"]).dt.floor("s")
    debates = debates.sort_values("created_at", kind="stable").reset_index(drop=True)
    debates["debate_id"] = 11 + np.arange(len(debates))
    debates["title"] = rng.choice(DEBATE_QUESTIONS, size=len(debates), replace=False)
    scoped = rng.random(len(debates)) < 0.5
    debates["district_id"] = np.where(
        scoped, rng.choice(districts["district_id"], len(debates)), None
    )
    comments["debate_id"] = pd.array([pd.NA] * len(comments), dtype="Int64")
    movable = comments.index[
        comments["proposal_id"].notna()
        & ~comments["moderated"]
        & (comments["created_at"] >= p2_start)
    ]
    for row in movable[rng.random(len(movable)) < 0.06]:
        open_then = debates["debate_id"][debates["created_at"] < comments.at[row, "created_at"]]
        if len(open_then):
            comments.at[row, "debate_id"] = int(rng.choice(open_then))
            comments.at[row, "proposal_id"] = pd.NA
    return debates


def _sign_in_sheets(rng, people, meetings) -> pd.DataFrame:
    """Sign-in sheet lines: every in-person attendee signs at least one sheet (most live in
    its district); a few sign two; some type their e-mail in capitals; two lines are
    illegible (no identifier)."""
    attendees = people.index[people["kind"] == "in_person"]
    signed = meetings[meetings["number"].isin([i + 1 for i in SIGNED_WORKSHOPS])]
    weights = signed["headcount"].to_numpy(float)
    first = rng.choice(signed["sheet_id"], size=len(attendees), p=weights / weights.sum())
    # A neighbourhood workshop mostly draws people who live there.
    sheet_district = signed.set_index("sheet_id")["district_id"]
    local = rng.random(len(attendees)) < 0.6
    people.loc[attendees[local], "home_district"] = sheet_district[first[local]].to_numpy()
    rows = [(sheet, person) for sheet, person in zip(first, attendees)]
    for person in rng.choice(attendees, size=len(attendees) // 7, replace=False):
        current = {s for s, p in rows if p == person}
        others = [s for s in signed["sheet_id"] if s not in current]
        rows.append((str(rng.choice(others)), person))
    sheet = pd.DataFrame(rows, columns=["sheet_id", "person"])
    sheet["identifier"] = people.loc[sheet["person"], "email"].to_numpy()
    shouting = rng.random(len(sheet)) < 0.1
    sheet.loc[shouting, "identifier"] = " " + sheet.loc[shouting, "identifier"].str.upper()
    postcodes = {d: code for code, ids in POSTCODE_AREAS.items() for d in ids}
    sheet["postcode"] = people.loc[sheet["person"], "home_district"].map(postcodes).to_numpy()
    sheet.loc[rng.random(len(sheet)) < 0.15, "postcode"] = ""
    blanks = pd.DataFrame(
        {
            "sheet_id": signed["sheet_id"].iloc[:2].to_numpy(),
            "person": pd.NA,
            "identifier": "",
            "postcode": "",
        }
    )
    sheet = pd.concat([sheet, blanks], ignore_index=True)
    order = {s: i for i, s in enumerate(signed["sheet_id"])}
    sheet["order"] = sheet["sheet_id"].map(order)
    return sheet.sort_values(["order"], kind="stable").drop(columns="order").reset_index(drop=True)


def _participates(people, proposals, comments, attendance) -> pd.Series:
    authors = set(proposals["person"].dropna().astype(int))
    authors |= set(comments.loc[~comments["moderated"], "person"].dropna().astype(int))
    authors |= set(attendance["person"].dropna().astype(int))
    return pd.Series(people.index.isin(list(authors)), index=people.index)


def _roster(rng, people) -> pd.DataFrame:
    """The campaign's member list: e-mail for everyone it knows, the Decidim nickname (or
    user id) for members it knows online, a district or a postcode for some."""
    members = people[people["on_roster"]].copy()
    postcodes = {d: code for code, ids in POSTCODE_AREAS.items() for d in ids}
    names = DISTRICTS.set_index("district_id")["name"]
    n = len(members)
    roster = pd.DataFrame(
        {
            "nom": members["last_name"].str.upper(),
            "prenom": members["first_name"],
            "email": members["email"].where((rng.random(n) < 0.75) | ~members["has_account"], ""),
            "circle": members["circle"].map({1: "militant", 2: "sympathisant"}),
            "postcode": "",
            "district": "",
            "platform": np.where(members["has_account"], "decidim", ""),
            "platform_user": "",
            "person": members.index,
        }
    )
    by_id = members["has_account"] & (rng.random(n) < 0.1)
    roster.loc[members["has_account"], "platform_user"] = members.loc[
        members["has_account"], "nickname"
    ]
    roster.loc[by_id, "platform_user"] = members.loc[by_id, "user_id"].astype(str)
    where = rng.random(n)
    roster.loc[where < 0.45, "district"] = members.loc[where < 0.45, "home_district"].map(names)
    with_code = (where >= 0.45) & (where < 0.8)
    roster.loc[with_code, "postcode"] = members.loc[with_code, "home_district"].map(postcodes)
    return roster.sort_values(["nom", "prenom"]).reset_index(drop=True)
