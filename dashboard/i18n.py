"""Words and numbers in the user's language: French by default, English on request.

`t(key, lang)` returns the label; the number formatters write French numbers the way a
French reader expects them (narrow no-break space between thousands, decimal comma,
a no-break space before `%`).
"""

import pandas as pd

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

LABELS = {
    # app shell
    "app.title": ("Cercles", "Cercles"),
    "app.tagline": (
        "Allons-nous au-delà de nos propres militants ?",
        "Are we reaching beyond our own activists?",
    ),
    "lang.label": ("Langue", "Language"),
    "filters.header": ("Filtres", "Filters"),
    "filters.since": ("Depuis le", "From"),
    "filters.until": ("Jusqu'au", "Until"),
    "filters.phase": ("Phase", "Phase"),
    "filters.platform": ("Source", "Source"),
    "filters.channel": ("Canal", "Channel"),
    "filters.circle": ("Cercle", "Circle"),
    "filters.district": ("Quartier", "District"),
    "privacy.hidden_counts": (
        "Vue d'un quartier : les effectifs de 1 à {last} personnes sont masqués (« < {n} »), "
        "ainsi que les parts et écarts qui permettraient de les retrouver.",
        "District view: counts of 1 to {last} persons are hidden (\"< {n}\"), as are the "
        "shares and differences from which they would follow.",
    ),
    "filters.all": ("Tous", "All"),
    "filters.bad_period": (
        "La date de fin précède la date de début : elle est ignorée.",
        "The end date is before the start date: it is ignored.",
    ),
    "filters.link_help": (
        "Les filtres sont dans l'adresse de la page : copiez le lien pour partager cette vue.",
        "Filters live in the page address: copy the link to share this view.",
    ),
    "nav.overview": ("Vue d'ensemble", "Overview"),
    "nav.circles": ("Cercles", "Circles"),
    "nav.districts": ("Quartiers", "Districts"),
    "nav.moderation": ("Modération", "Moderation"),
    "nav.proposals": ("Propositions", "Proposals"),
    "nav.channels": ("En ligne / en présentiel", "Online / in person"),
    "nav.report": ("Bilan", "Evaluation"),
    "nav.data": ("Données", "Data"),
    "nav.welcome": ("Bienvenue", "Welcome"),
    # values
    # sources as the campaign knows them, not as our code names them ('sheet', 'roster')
    "platform.decidim": ("Decidim", "Decidim"),
    "platform.capcollectif": ("Cap Collectif", "Cap Collectif"),
    "platform.granddebat": ("Grand Débat (Cap Collectif)", "Grand Débat (Cap Collectif)"),
    "platform.sheet": ("Feuilles de réunion", "Meeting sheets"),
    "platform.roster": ("Fichier des membres", "Roster"),
    "platform.territory": ("Territoire", "Territory"),
    # what an imported file holds, for the imports table (unknown ones keep their code)
    "entity.proposals": ("propositions", "proposals"),
    "entity.proposal_comments": ("commentaires des propositions", "proposal comments"),
    "entity.meetings": ("réunions", "meetings"),
    "entity.meeting_comments": ("commentaires des réunions", "meeting comments"),
    "entity.debates": ("débats", "debates"),
    "entity.debate_comments": ("commentaires des débats", "debate comments"),
    "entity.moderations": ("contenus masqués", "hidden content"),
    "entity.users": ("profils des participants", "participant profiles"),
    "entity.user_groups": ("groupes", "user groups"),
    "entity.taxonomies": ("thèmes", "taxonomies"),
    "entity.roster": ("fichier des membres", "roster"),
    "entity.reunions": ("réunions", "meetings"),
    "entity.propositions_papier": ("propositions papier", "paper proposals"),
    "entity.emargement": ("feuille d'émargement", "sign-in sheet"),
    "entity.phases": ("phases", "phases"),
    "entity.signaux": ("signaux (groupes)", "signals (groups)"),
    "entity.districts": ("quartiers", "districts"),
    "entity.postcodes": ("codes postaux", "postcodes"),
    "channel.online": ("En ligne", "Online"),
    "channel.in_person": ("En présentiel", "In person"),
    "channel.both": ("les deux", "both"),
    "circle.1": ("Cercle 1 · militants", "Circle 1 · activists"),
    "circle.2": ("Cercle 2 · sympathisants", "Circle 2 · sympathisers"),
    "circle.3": ("Cercle 3 · grand public", "Circle 3 · general public"),
    "circle_source.roster": ("fichier des membres", "roster"),
    "circle_source.signal": ("signal de plateforme", "platform signal"),
    "circle_source.phase": ("phase restreinte", "restricted phase"),
    "circle_source.default": ("par défaut (grand public)", "default (general public)"),
    "status.alarm": ("sous-représenté (alarme)", "under-reached (alarm)"),
    "status.alert": ("sous-représenté (alerte)", "under-reached (alert)"),
    "status.in_line": ("dans la norme", "in line"),
    "status.over": ("sur-représenté", "over-reached"),
    "status.no_population": ("population inconnue", "population unknown"),
    "state.submitted": ("déposée", "submitted"),
    "state.evaluating": ("en évaluation", "evaluating"),
    "state.accepted": ("retenue / intégrée", "accepted / integrated"),
    "state.rejected": ("rejetée", "rejected"),
    "state.withdrawn": ("retirée", "withdrawn"),
    "origin.participant": ("participant", "participant"),
    "origin.user_group": ("groupe", "user group"),
    "origin.official": ("équipe de campagne", "campaign team"),
    "origin.meeting": ("réunion", "meeting"),
    "origin.organisation": ("organisation", "organisation"),
    "kind.proposal": ("proposition", "proposal"),
    "kind.comment": ("commentaire", "comment"),
    "kind.debate": ("débat", "debate"),
    "kind.survey_answer": ("réponse à une consultation", "survey answer"),
    "kind.argument": ("argument", "argument"),
    "kind.amendment": ("amendement", "amendment"),
    "votes.digital": ("votes en ligne", "digital votes"),
    "votes.paper": ("votes papier", "paper votes"),
    "not_measurable": ("non mesurable", "not measurable"),
    "not_measurable.long": (
        "non mesurable avec ces sources (l'export ne révèle pas les contenus masqués)",
        "not measurable from these sources (the export does not reveal hidden content)",
    ),
    "small_count": ("< {n}", "< {n}"),
    "unknown": ("inconnu", "unknown"),
    "none": ("aucun", "none"),
    # KPI cards
    "kpi.participants": ("Participants", "Participants"),
    "kpi.beyond_first_circle_share": ("Au-delà du 1er cercle", "Beyond the first circle"),
    "kpi.proposals": ("Propositions", "Proposals"),
    "kpi.in_person_share": ("Part en présentiel", "In-person share"),
    "kpi.moderation_rate": ("Taux de modération", "Moderation rate"),
    "kpi.median_days_to_answer": ("Délai médian de réponse", "Median time to answer"),
    "kpi.under_reached_districts": ("Quartiers sous-représentés", "Under-reached districts"),
    "kpi.duncan_index": ("Indice de dissimilarité", "Dissimilarity index"),
    "kpi.delta_week": (
        "Sous chaque chiffre : son évolution sur la dernière semaine complète (lundi–dimanche).",
        "Under each number: how it moved over the last complete week (Monday–Sunday).",
    ),
    "unit.days": ("{x} j", "{x} d"),
    # overview
    "overview.title": ("Vue d'ensemble", "Overview"),
    "overview.trends": ("Tendances", "Trends"),
    "overview.alerts": ("Alertes", "Alerts"),
    "overview.no_alert": ("Rien d'alarmant cette semaine.", "Nothing alarming this week."),
    "alert.backlog": (
        "Le stock de propositions sans réponse augmente : {before} → {after} en une semaine.",
        "The backlog of unanswered proposals is growing: {before} → {after} in a week.",
    ),
    "alert.district": (
        "{name} décroche : {missing} participants manquent par rapport à sa population.",
        "{name} is falling behind: {missing} participants missing for its population.",
    ),
    "alert.moderation": (
        "Taux de modération {rate}, au-dessus de la référence de 0,01 %.",
        "Moderation rate {rate}, above the 0.01 % benchmark.",
    ),
    # circles
    "circles.title": ("Cercles", "Circles"),
    "circles.intro": (
        "L'objectif : aller au-delà du premier cercle des militants.",
        "The goal: reaching beyond the first circle of activists.",
    ),
    "circles.new_per_week": ("Nouveaux participants par semaine", "New participants per week"),
    "circles.cumulative": ("Participants cumulés", "Cumulative participants"),
    "circles.by_phase": ("Participants par phase", "Participants by phase"),
    "circles.sources": ("D'où viennent les cercles", "Where circles come from"),
    "circles.sources_help": (
        (
            "Règle appliquée à chaque personne : fichier des membres, puis signaux de "
            "plateforme, puis phase restreinte, sinon grand public."
        ),
        (
            "Rule applied to each person: roster, then platform signals, then restricted "
            "phase, else general public."
        ),
    ),
    "circles.attendance": (
        "Présences anonymes en réunion (comptées à part, jamais ajoutées aux participants)",
        "Anonymous meeting attendance (shown apart, never added to participants)",
    ),
    # districts
    "districts.title": ("Quartiers", "Districts"),
    "districts.map": ("Carte", "Map"),
    "districts.map_measure": ("Afficher", "Show"),
    "districts.measure.rate": (
        "Participants pour 1 000 habitants",
        "Participants per 1,000 residents",
    ),
    "districts.measure.smoothed": ("Taux lissé (bayésien)", "Smoothed rate (Bayes)"),
    "districts.measure.status": ("Statut", "Status"),
    "districts.funnel": ("Diagramme en entonnoir", "Funnel plot"),
    "districts.funnel_help": (
        (
            "Chaque point est un quartier : représentation observée / attendue selon le nombre "
            "attendu. Sous les limites, l'écart n'est pas dû au hasard."
        ),
        (
            "Each dot is a district: observed / expected representation against the expected "
            "count. Below the limits, the gap is not chance."
        ),
    ),
    "districts.targets": ("Où aller ensuite", "Where to go next"),
    "districts.targets_help": (
        "Quartiers classés par participants manquants (attendus − observés).",
        "Districts ranked by missing participants (expected − observed).",
    ),
    "districts.detail": ("Détail d'un quartier", "District detail"),
    "districts.unknown_share": (
        "Part des participants dont le quartier est inconnu : {share}",
        "Share of participants whose district is unknown: {share}",
    ),
    "districts.no_territory": (
        (
            "Aucun découpage en quartiers importé : importez un fichier de territoire "
            "(GeoJSON, GeoPackage ou Shapefile zippé) depuis la page Données."
        ),
        (
            "No district boundaries imported: import a territory file (GeoJSON, GeoPackage "
            "or zipped Shapefile) from the Data page."
        ),
    ),
    "districts.no_population": (
        "Population inconnue pour {n} quartier(s) : leur taux ne peut pas être calculé.",
        "Population unknown for {n} district(s): their rate cannot be computed.",
    ),
    "districts.duncan": (
        "Indice de dissimilarité de Duncan : {d}",
        "Duncan dissimilarity index: {d}",
    ),
    "col.district": ("Quartier", "District"),
    "col.district_id": ("Code", "Code"),
    "col.population": ("Population", "Population"),
    "col.participants": ("Participants", "Participants"),
    "col.expected": ("Attendus", "Expected"),
    "col.ratio": ("Observés / attendus", "Observed / expected"),
    "col.rate": ("Pour 1 000 hab.", "Per 1,000 residents"),
    "col.smoothed": ("Taux lissé", "Smoothed rate"),
    "col.status": ("Statut", "Status"),
    "col.missing": ("Participants manquants", "Missing participants"),
    "col.last_meeting": ("Dernière réunion", "Last meeting"),
    "col.week": ("Semaine", "Week"),
    "col.count": ("Nombre", "Count"),
    "col.persons": ("Personnes", "Persons"),
    "col.share": ("Part", "Share"),
    "col.circle": ("Cercle", "Circle"),
    "col.phase": ("Phase", "Phase"),
    "col.source": ("Source", "Source"),
    "col.channel": ("Canal", "Channel"),
    "col.origin": ("Origine", "Origin"),
    "col.state": ("État", "State"),
    "col.kind": ("Type de contenu", "Content kind"),
    "col.days": ("Jours", "Days"),
    "col.rate_pct": ("Taux", "Rate"),
    "col.headcount": ("Présents", "Headcount"),
    "col.meetings": ("Réunions", "Meetings"),
    "col.proposals": ("Propositions", "Proposals"),
    "col.date": ("Date", "Date"),
    "funnel.limit95": ("limite à 95 %", "95 % limit"),
    "funnel.limit998": ("limite à 99,8 %", "99.8 % limit"),
    "funnel.target": ("représentation parfaite", "perfect representation"),
    # moderation
    "moderation.title": ("Modération", "Moderation"),
    "moderation.per_week": ("Taux de modération par semaine", "Moderation rate per week"),
    "moderation.published": ("Publiés", "Published"),
    "moderation.hidden_items": ("Contenus masqués", "Hidden items"),
    "moderation.by_kind": ("Par type de contenu et canal", "By content kind and channel"),
    "moderation.benchmark": ("Référence 0,01 %", "Benchmark 0.01 %"),
    "moderation.benchmark_card": ("Référence (2016)", "Benchmark (2016)"),
    "moderation.time_to_hide": (
        "Délai médian entre le premier signalement et le masquage : {x}",
        "Median time from first report to hiding: {x}",
    ),
    "moderation.time_to_hide_unknown": (
        "Délai entre le premier signalement et le masquage : non disponible, les exports "
        "importés ne datent pas à la fois le signalement et le masquage (les données ouvertes "
        "de Decidim ne datent pas les signalements).",
        "Time from first report to hiding: not available, the imported exports do not date "
        "both the report and the hiding (Decidim open data does not date reports).",
    ),
    # proposals
    "proposals.title": ("Propositions", "Proposals"),
    "proposals.throughput": (
        "Déposées et répondues par semaine",
        "Submitted and answered per week",
    ),
    "proposals.submitted": ("Déposées", "Submitted"),
    "proposals.answered": ("Répondues", "Answered"),
    "proposals.backlog": ("Stock sans réponse en fin de semaine", "Open backlog at week end"),
    "proposals.time_to_answer": ("Délai de réponse", "Time to answer"),
    "proposals.p90": ("9 sur 10 répondues en moins de {x}", "9 in 10 answered within {x}"),
    "proposals.funnel": ("Parcours des propositions", "Proposal states"),
    "proposals.funnel_withdrawn": (
        "Le parcours suit les {live} propositions en lice ; celles que leur auteur a retirées "
        "({withdrawn}) sont à part, sur {total} propositions au total.",
        "The funnel follows the {live} proposals still in play; those their author withdrew "
        "({withdrawn}) stand apart, of {total} proposals in all.",
    ),
    "proposals.lag": (
        "Délai de saisie des propositions faites en réunion (de la réunion à la publication)",
        "Transcription lag of proposals made in meetings (meeting to publication)",
    ),
    # channels
    "channels.title": ("En ligne / en présentiel", "Online / in person"),
    "channels.by_channel": ("Propositions par canal et origine", "Proposals by channel and origin"),
    "channels.people": ("Qui participe où", "Who takes part where"),
    "channels.meetings": ("Réunions", "Meetings"),
    "channels.online_only": ("seulement en ligne", "online only"),
    "channels.proposals_online": ("Propositions en ligne", "Proposals online"),
    "channels.proposals_in_person": ("Propositions en présentiel", "Proposals in person"),
    "channels.in_person_only": ("seulement en présentiel", "in person only"),
    "col.per_meeting": ("Propositions par réunion", "Proposals per meeting"),
    "proposals.lag_median": ("Délai médian de saisie", "Median transcription lag"),
    "proposals.lag_p90": ("Délai de saisie (90 %)", "Transcription lag (90 %)"),
    "channels.votes": ("Votes papier et en ligne", "Paper and digital votes"),
    "channels.no_votes": (
        "Les exports importés ne distinguent pas les votes papier des votes en ligne.",
        "The imported exports don't split paper and digital votes.",
    ),
    # report
    "report.title": ("Bilan", "Evaluation"),
    "report.intro": (
        (
            "Le bilan d'évaluation raconte toute la campagne et la compare aux campagnes de "
            "référence. Il contient :"
        ),
        (
            "The evaluation report tells the whole campaign and compares it with reference "
            "campaigns. It contains:"
        ),
    ),
    "report.sections": (
        (
            "Chiffres clés et comparaison aux références|Cercles touchés|Quartiers : carte, "
            "entonnoir et liste des cibles|Modération|Traitement des propositions|En ligne et "
            "en présentiel|Sources et couverture"
        ),
        (
            "Key figures against the benchmarks|Circles reached|Districts: map, funnel and "
            "target list|Moderation|Proposal throughput|Online and in person|Sources and coverage"
        ),
    ),
    "report.build": ("Produire le bilan (HTML et PDF)", "Build the report (HTML and PDF)"),
    "report.building": ("Production du bilan…", "Building the report…"),
    "report.download_html": ("Télécharger le bilan HTML", "Download the HTML report"),
    "report.download_pdf": ("Télécharger le bilan PDF", "Download the PDF report"),
    "report.unavailable": (
        "La production du bilan n'est pas encore disponible dans cette version.",
        "Building the report is not available in this version yet.",
    ),
    "report.benchmarks": ("Références", "Benchmarks"),
    # data
    "data.title": ("Données", "Data"),
    "data.imports": ("Imports", "Imports"),
    "data.coverage": ("Couverture des indicateurs", "Metric coverage"),
    "data.upload": ("Importer un fichier", "Import a file"),
    "data.upload_help": (
        (
            "Export Decidim ou Cap Collectif (zip ou CSV), fichier des membres, feuilles de "
            "réunion, ou découpage des quartiers (GeoJSON, GeoPackage, Shapefile zippé)."
        ),
        (
            "Decidim or Cap Collectif export (zip or CSV), roster, meeting sheets, or district "
            "boundaries (GeoJSON, GeoPackage, zipped Shapefile)."
        ),
    ),
    "data.import_button": ("Importer", "Import"),
    "data.importing": ("Import en cours…", "Importing…"),
    "data.imported": ("Import terminé :", "Import finished:"),
    "data.import_failed": ("Import impossible : {error}", "Import failed: {error}"),
    "data.warnings": ("Avertissements", "Warnings"),
    "data.no_imports": ("Aucun import pour l'instant.", "No import yet."),
    "col.file": ("Fichier", "File"),
    "col.platform": ("Plateforme", "Platform"),
    "col.host": ("Instance", "Host"),
    "col.entity": ("Contenu", "Content"),
    "col.format": ("Format", "Format"),
    "col.imported_at": ("Importé le", "Imported at"),
    "col.rows_read": ("Lignes lues", "Rows read"),
    "col.rows_kept": ("Gardées", "Kept"),
    "col.rows_skipped": ("Écartées", "Skipped"),
    "col.skipped_reasons": ("Raisons", "Reasons"),
    "col.warnings": ("Avertissements", "Warnings"),
    "col.moderation_measurable": ("Modération visible", "Moderation visible"),
    "col.metric": ("Indicateur", "Metric"),
    "col.sources": ("Sources qui le mesurent", "Sources measuring it"),
    "col.items": ("Éléments", "Items"),
    "col.items_are": ("Éléments comptés", "Items counted"),
    "col.unmeasured": ("Non mesurables", "Not measurable"),
    "kpi.district_reach": ("Portée par quartier", "Reach by district"),
    "kpi.votes_by_channel": ("Votes papier / en ligne", "Paper / digital votes"),
    "kpi.attendance": ("Présences en réunion", "Meeting attendance"),
    "col.coverage": ("Couverture", "Coverage"),
    # what the coverage table's items are, one per metric row of queries/coverage.sql
    "coverage.items.participants": (
        "contributions des participants",
        "contributions by participants",
    ),
    "coverage.items.district_reach": (
        "quartiers dont la population est connue",
        "districts with a population",
    ),
    "coverage.items.moderation_rate": (
        "contenus écrits, de sources qui révèlent la modération",
        "written items from sources that reveal moderation",
    ),
    "coverage.items.proposals": (
        "propositions (hors amendements et contenus masqués)",
        "proposals (amendments and hidden excluded)",
    ),
    "coverage.items.median_days_to_answer": (
        "propositions répondues, avec une date",
        "proposals answered with a date",
    ),
    "coverage.items.votes_by_channel": (
        "propositions dont les votes sont séparés papier / en ligne",
        "proposals whose votes are split digital/paper",
    ),
    "coverage.items.attendance": (
        "réunions dont le nombre de présents est connu",
        "meetings with a headcount",
    ),
    "download.csv": ("Télécharger (CSV)", "Download (CSV)"),
    # welcome
    "welcome.title": ("Bienvenue dans Cercles", "Welcome to Cercles"),
    "welcome.body": (
        (
            "L'entrepôt est vide : importez les exports de votre plateforme pour commencer.\n\n"
            "**Depuis le navigateur** : ouvrez la page **Données** et déposez un export "
            "Decidim (le zip de `/open-data/download`) ou Cap Collectif, votre fichier des "
            "membres, vos feuilles de réunion ou le découpage des quartiers.\n\n"
            "**En ligne de commande** :\n\n"
            "```\ncercles import export-decidim.zip membres.csv reunions.xlsx\n"
            "cercles territory quartiers.geojson\n```\n\n"
            "Pour découvrir l'outil sur une campagne fictive : `cercles demo`."
        ),
        (
            "The warehouse is empty: import your platform's exports to start.\n\n"
            "**From the browser**: open the **Data** page and drop a Decidim export (the zip "
            "from `/open-data/download`) or a Cap Collectif one, your roster, your meeting "
            "sheets or the district boundaries.\n\n"
            "**From the command line**:\n\n"
            "```\ncercles import decidim-export.zip roster.csv meetings.xlsx\n"
            "cercles territory districts.geojson\n```\n\n"
            "To try the tool on a fictional campaign: `cercles demo`."
        ),
    ),
    "empty.filtered": (
        "Aucune donnée pour ces filtres.",
        "No data for these filters.",
    ),
    "metrics.missing": (
        "Cet indicateur n'est pas encore disponible ({name}).",
        "This metric is not available yet ({name}).",
    ),
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The label for `key` in `lang` (French when unknown), with {placeholders} filled."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def coverage_items(metric: str, fallback: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """What a coverage row counts, in `lang`; the query's own (English) words if unknown."""
    key = f"coverage.items.{metric}"
    return t(key, lang) if key in LABELS else fallback


def platform_name(platform: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A source's name for the user ('Feuilles de réunion'); the code itself if unknown."""
    key = f"platform.{platform}"
    return t(key, lang) if key in LABELS else platform


def entity_name(entity: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """What an imported file holds, in words ('feuille d'émargement'); the code if unknown."""
    key = f"entity.{entity}"
    return t(key, lang) if key in LABELS else entity


def is_missing(value) -> bool:
    """None, NaN, NaT and pandas' NA alike."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_number(value, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """1234567.5 -> '1 234 567,5' in French (narrow no-break spaces), '1,234,567.5' in English.

    A hidden count (the text '< 11' of dashboard.privacy) reads as it is."""
    if isinstance(value, str) and value.startswith("<"):
        return value
    if is_missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def format_int(value, lang: str = DEFAULT_LANGUAGE) -> str:
    return format_number(value, lang, 0)


def format_percent(share, lang: str = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """A share in [0, 1] as a percentage: 0.4567 -> '45,7 %' (French) / '45.7%' (English)."""
    if is_missing(share):
        return "–"
    number = format_number(float(share) * 100, lang, decimals)
    return f"{number}%" if lang == "en" else f"{number}{NBSP}%"


def format_small_percent(share, lang: str = DEFAULT_LANGUAGE) -> str:
    """Percentages that can be tiny (moderation): enough decimals to tell 0.01 % from 0."""
    if is_missing(share):
        return "–"
    decimals = 1 if share >= 0.01 or share == 0 else 3
    return format_percent(share, lang, decimals)


def format_days(days, lang: str = DEFAULT_LANGUAGE) -> str:
    if is_missing(days):
        return "–"
    return t("unit.days", lang, x=format_number(days, lang, 0 if float(days).is_integer() else 1))


def format_date(value, lang: str = DEFAULT_LANGUAGE) -> str:
    if is_missing(value):
        return "–"
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    return value.strftime("%d/%m/%Y") if lang == "fr" else value.isoformat()


def plotly_separators(lang: str = DEFAULT_LANGUAGE) -> str:
    """Plotly's `separators` layout value: decimal mark then thousands mark."""
    return "," + NARROW_NBSP if lang == "fr" else ".,"


def sources_text(sources) -> str:
    """'decidim|host|a, decidim|host|b, sheet||x:y' as one line per platform and host."""
    if text_or_dash(sources) == "–":
        return "–"
    grouped = {}
    for source in str(sources).split(", "):
        platform, _, rest = source.partition("|")
        host, _, entity = rest.partition("|")
        key = " · ".join(part for part in (platform, host) if part)
        grouped.setdefault(key, []).append(entity.split(":")[0] or source)
    return "\n".join(f"{key}: {', '.join(entities)}" if key else ", ".join(entities)
                     for key, entities in grouped.items())


def text_or_dash(value) -> str:
    return "–" if value is None or pd.isna(value) or value == "" else str(value)
