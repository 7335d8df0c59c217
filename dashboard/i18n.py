"""Words and numbers in the user's language: French by default, English on request.

`t(key, lang)` returns the label; the number formatters write French numbers the way a
French reader expects them (narrow no-break space between thousands, decimal comma,
a no-break space before `%`).
"""

from datetime import date

import pandas as pd

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
# What the districts' population counts: residents, or registered voters (polling stations).
RESIDENTS, REGISTERED = "residents", "registered"
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
    "filters.campaign": ("Campagne", "Campaign"),
    "filters.campaign_help": (
        "Les dates de la campagne et ses sources (sa plateforme, et les feuilles de terrain "
        "par date), comme les décrit la feuille « campagnes ».",
        "The campaign's dates and sources (its platform, and the field sheets by date), as "
        "the campagnes sheet describes them.",
    ),
    "compare.title": ("Comparer", "Compare"),
    "compare.intro": (
        "Les campagnes de la feuille « campagnes » côte à côte : ont-elles touché plus loin "
        "que la précédente, et qui est resté d'une campagne à l'autre ?",
        "The campaigns of the campagnes sheet side by side: did each reach further than the "
        "one before, and who stayed from one campaign to the next?",
    ),
    "compare.needs_two": (
        "Il faut au moins deux campagnes pour comparer : importez une feuille « campagnes » "
        "(modèle dans data/templates/) qui en décrit plusieurs, ou ajoutez-les ci-dessous.",
        "Comparing needs at least two campaigns: import a campagnes sheet (template in "
        "data/templates/) that describes several, or add them below.",
    ),
    "compare.side_by_side": ("Côte à côte", "Side by side"),
    "compare.side_by_side_help": (
        "Chaque chiffre sous le filtre de sa campagne ; les autres filtres (dates, canal, "
        "cercle, quartier…) s'appliquent aussi.",
        "Each number under its campaign's filter; the other filters (dates, channel, circle, "
        "district…) apply too.",
    ),
    "compare.col.number": ("Chiffre", "Number"),
    "compare.col.explanation": ("Ce qu'il mesure", "What it measures"),
    "compare.number.participants": ("Participants", "Participants"),
    "compare.number.beyond_first_circle_share": (
        "Au-delà du premier cercle", "Beyond the first circle"
    ),
    "compare.number.proposals": ("Propositions", "Proposals"),
    "compare.number.in_person_share": ("Part en présentiel", "In-person share"),
    "compare.number.moderation_rate": ("Taux de modération", "Moderation rate"),
    "compare.number.median_days_to_answer": (
        "Délai médian de réponse", "Median days to answer"
    ),
    "compare.number.meetings": ("Réunions", "Meetings"),
    "compare.number.duncan_index": ("Indice de Duncan", "Duncan index"),
    "compare.weeks": ("Semaine après semaine", "Week by week"),
    "compare.cumulative": (
        "Participants cumulés de chaque campagne", "Each campaign's participants so far"
    ),
    "compare.week_vote": ("Semaines avant le vote (0 : semaine du vote)",
                          "Weeks before the vote (0: the vote's week)"),
    "compare.week_start": ("Semaines depuis le début", "Weeks since the start"),
    "compare.week_mixed": ("Semaines (avant le vote, ou depuis le début)",
                           "Weeks (before the vote, or since the start)"),
    "compare.whole_campaigns": (
        "Les courbes, la fidélité et le renouvellement ci-dessous portent sur les campagnes "
        "entières : les filtres de dates, phase, source, canal, cercle et quartier ne s'y "
        "appliquent pas.",
        "The curves, retention and renewal below are of whole campaigns: the date, phase, "
        "source, channel, circle and district filters do not apply to them.",
    ),
    "compare.weeks_help_vote": (
        "Personnes ayant participé à la campagne depuis son début, semaine par semaine ; "
        "la semaine −1 est celle des 7 jours qui précèdent le jour du vote.",
        "Persons who took part in the campaign since it began, week by week; week −1 is the "
        "7 days before election day.",
    ),
    "compare.weeks_help_start": (
        "Personnes ayant participé à la campagne depuis son début, semaine par semaine ; "
        "la semaine 0 est celle de ses 7 premiers jours.",
        "Persons who took part in the campaign since it began, week by week; week 0 is its "
        "first 7 days.",
    ),
    "compare.weeks_help_mixed": (
        "Personnes ayant participé depuis le début de la campagne ; alignées sur le vote "
        "quand la campagne a une date de vote (−1 : les 7 jours avant), sinon sur son début.",
        "Persons who took part since the campaign began; aligned on the vote when the "
        "campaign has a vote date (−1: the 7 days before), otherwise on its start.",
    ),
    "compare.retention": ("Qui reste d'une campagne à l'autre", "Who stays from one campaign to another"),
    "compare.retention_help": (
        "Des participants de la première campagne, combien ont participé à la seconde, par "
        "cercle. Une personne est la même quand elle garde son compte sur la plateforme ou "
        "qu'une feuille d'émargement la relie à son compte (même e-mail ou pseudo).",
        "Of the first campaign's participants, how many took part in the second, by circle. "
        "A person is the same when they keep their platform account, or when a sign-in "
        "sheet links them to it (same e-mail or nickname).",
    ),
    "compare.retention_line": (
        "Sur {came} participants de {source}, {stayed} ont participé à {target} ({share}).",
        "Of {came} participants of {source}, {stayed} took part in {target} ({share}).",
    ),
    "compare.col.from": ("Campagne", "Campaign"),
    "compare.col.to": ("Puis", "Then"),
    "compare.col.also_in_to": ("Présents ensuite", "Also there"),
    "compare.col.retention": ("Part restée", "Share who stayed"),
    "compare.renewal": ("Renouvellement du premier cercle", "Renewal of the first circle"),
    "compare.renewal_share": ("Militants nouveaux · {campaign}", "New activists · {campaign}"),
    "compare.renewal_help": (
        "{renewed} des {first_circle} participants du cercle 1 n'avaient pas participé à "
        "{previous}.",
        "{renewed} of the {first_circle} circle-1 participants had not taken part in "
        "{previous}.",
    ),
    "compare.from_previous": ("Militants déjà là · {previous}", "Activists already in · {previous}"),
    "compare.from_previous_help": (
        "Participants du cercle 1 qui avaient déjà participé à la campagne précédente.",
        "Circle-1 participants who had already taken part in the previous campaign.",
    ),
    "compare.form": ("Ajouter ou modifier une campagne", "Add or change a campaign"),
    "compare.form_help": (
        "Un libellé déjà listé modifie cette campagne ; un nouveau libellé en ajoute une. "
        "Sans hôte, la campagne prend toutes les sources de ses dates. Importer une feuille "
        "campagnes remplace toutes les campagnes, celles d'ici comprises.",
        "A label already listed changes that campaign; a new label adds one. Without a host, "
        "the campaign takes every source of its dates. Importing a campagnes sheet replaces "
        "every campaign, those added here included.",
    ),
    "compare.field.label": ("Libellé", "Label"),
    "compare.field.starts_on": ("Début", "Start"),
    "compare.field.ends_on": ("Fin (incluse)", "End (inclusive)"),
    "compare.field.vote_on": ("Jour du vote (facultatif)", "Election day (optional)"),
    "compare.field.host": ("Hôte de la plateforme (facultatif)", "Platform host (optional)"),
    "compare.field.host_help": (
        "L'adresse de la plateforme, par ex. participer.ville.fr.",
        "The platform's address, e.g. participer.ville.fr.",
    ),
    "compare.field.space_ids": ("Espaces participatifs (facultatif)",
                                "Participatory spaces (optional)"),
    "compare.field.space_ids_help": (
        "Identifiants des espaces de cet hôte, séparés par « ; » ou « , » ; vide : tous.",
        "Ids of the host's spaces, separated by ';' or ','; empty: all of them.",
    ),
    "compare.save": ("Enregistrer la campagne", "Save the campaign"),
    "compare.saved": ("Campagne enregistrée.", "Campaign saved."),
    "compare.save_failed": ("Enregistrement impossible : {error}", "Could not save: {error}"),
    "compare.districts": ("Par quartier", "By district"),
    "compare.districts_help": (
        "Participants habitant chaque quartier, par campagne ; les petits effectifs sont masqués.",
        "Participants living in each district, by campaign; small counts are hidden.",
    ),
    "filters.phase": ("Phase", "Phase"),
    "filters.platform": ("Source", "Source"),
    "filters.channel": ("Canal", "Channel"),
    "filters.circle": ("Cercle", "Circle"),
    "filters.district": ("Quartier", "District"),
    "privacy.hidden_counts": (
        "Vue d'un quartier : les effectifs de 1 à {last} personnes sont masqués (« < {n} »), "
        "ainsi que les parts et écarts qui permettraient de les retrouver.",
        'District view: counts of 1 to {last} persons are hidden ("< {n}"), as are the '
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
    "nav.mobilisation": ("Mobilisation", "Mobilisation"),
    "nav.compare": ("Comparer", "Compare"),
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
    "entity.campagnes": ("campagnes", "campaigns"),
    "entity.signaux": ("signaux (groupes)", "signals (groups)"),
    "entity.actions": ("actions de terrain", "field actions"),
    "entity.districts": ("quartiers", "districts"),
    "entity.postcodes": ("codes postaux", "postcodes"),
    "entity.population": ("population ou inscrits", "population or registered voters"),
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
        "Sous chaque chiffre : son évolution sur la dernière semaine complète (lundi–dimanche) ; "
        "sous les participants, les nouveaux venus de cette semaine (première contribution, "
        "toutes périodes confondues). Pas d'évolution quand la période commence cette semaine.",
        "Under each number: how it moved over the last complete week (Monday–Sunday); under "
        "participants, the newcomers of that week (first contribution ever). No change when the "
        "period starts that week.",
    ),
    "unit.days": ("{x} j", "{x} d"),
    # overview
    "overview.title": ("Vue d'ensemble", "Overview"),
    "overview.trends": ("Tendances", "Trends"),
    "overview.trends_span": (
        "Les {weeks} dernières semaines des données retenues par les filtres ; les pages "
        "Cercles et Propositions montrent toutes les semaines.",
        "The last {weeks} weeks of the data the filters keep; the Circles and Proposals pages "
        "show every week.",
    ),
    "overview.alerts": ("Alertes", "Alerts"),
    "overview.no_alert": ("Rien d'alarmant cette semaine.", "Nothing alarming this week."),
    "alert.backlog": (
        "Les propositions en attente de décision augmentent : {before} → {after} en une semaine.",
        "Proposals awaiting a decision are growing: {before} → {after} in a week.",
    ),
    "alert.district": (
        "{name} décroche : {missing} participants manquent par rapport à sa population.",
        "{name} is falling behind: {missing} participants missing for its population.",
    ),
    "alert.no_action": (
        "{name} est sous-représenté et n'a eu aucune action de terrain depuis 21 jours "
        "(dernière : {last}).",
        "{name} is under-reached and has had no field action for 21 days (last: {last}).",
    ),
    "alert.never": ("jamais", "never"),
    "alert.moderation": (
        "Taux de modération {rate} (contenus masqués : {hidden} sur {items}) : nettement "
        "au-dessus de la référence de 0,01 % (au moins {lower} avec 95 % de confiance).",
        "Moderation rate {rate} (hidden items: {hidden} of {items}): clearly above the 0.01 % "
        "benchmark (at least {lower} with 95 % confidence).",
    ),
    "moderation.significant": (
        "Au-dessus de la référence de façon significative : contenus masqués {hidden} sur "
        "{items}, le taux est d'au moins {lower} (borne basse exacte à 95 %).",
        "Significantly above the benchmark: hidden items {hidden} of {items}, the rate is at "
        "least {lower} (exact 95 % lower limit).",
    ),
    "moderation.not_significant": (
        "Pas significativement au-dessus de la référence : contenus masqués {hidden} sur "
        "{items}, le taux pourrait n'être que de {lower} (borne basse exacte à 95 %), pas "
        "au-dessus de 0,01 %. Pas d'alerte.",
        "Not significantly above the benchmark: hidden items {hidden} of {items}, the rate "
        "could be as low as {lower} (exact 95 % lower limit), not above 0.01 %. No alert.",
    ),
    "moderation.small_weeks": (
        "Taux hebdomadaires tracés seulement pour les semaines d'au moins {n} contenus (publiés "
        "+ masqués) du même type et canal : en dessous, un seul contenu masqué ferait un pic "
        "qui ne veut rien dire. Toutes les semaines restent dans le tableau.",
        "Weekly rates are drawn only for weeks with at least {n} items (published + hidden) of "
        "the same kind and channel: below that, a single hidden item would make a meaningless "
        "spike. Every week stays in the table.",
    ),
    # mobilisation
    "mobilisation.title": ("Mobilisation", "Mobilisation"),
    "mobilisation.intro": (
        "Ce que l'équipe a fait sur le terrain, et si cela a amené de nouvelles personnes "
        "au-delà du premier cercle.",
        "What the team did on the ground, and whether it brought new people beyond the "
        "first circle.",
    ),
    "mobilisation.no_actions": (
        "Aucune action de terrain importée : remplissez la feuille « actions » "
        "(data/templates/actions.csv) et importez-la depuis la page Données.",
        'No field action imported yet: fill in the "actions" sheet '
        "(data/templates/actions.csv) and import it from the Data page.",
    ),
    "mobilisation.kpi.actions": ("Actions de terrain", "Field actions"),
    "mobilisation.kpi.actions_help": (
        "Actions de la feuille « actions » sur la période (porte-à-porte, tractage, stand…).",
        'Actions of the "actions" sheet in the period (door-to-door, leafleting, stands…).',
    ),
    "mobilisation.kpi.doors": ("Portes ouvertes", "Doors opened"),
    "mobilisation.kpi.doors_help": (
        "Portes qui se sont ouvertes lors du porte-à-porte, sur {knocked} frappées.",
        "Doors that opened during door-to-door, out of {knocked} knocked.",
    ),
    "mobilisation.kpi.rises": ("Opérations suivies d'une hausse", "Operations followed by a rise"),
    "mobilisation.kpi.rises_help": (
        "Opérations dont l'intervalle du rapport de taux est tout entier au-dessus de 1, "
        "sur {operations}.",
        "Operations whose rate-ratio interval lies wholly above 1, out of {operations}.",
    ),
    "mobilisation.kpi.unknown": ("Lieu inconnu", "Place unknown"),
    "mobilisation.kpi.unknown_help": (
        "Actions dont ni le quartier, ni le point, ni le code postal ne désignent un quartier.",
        "Actions whose district, point or postcode names no district.",
    ),
    "mobilisation.map": ("Où l'équipe est allée", "Where the team went"),
    "mobilisation.map_help": (
        "Nombre d'actions de terrain par quartier sur la période.",
        "Number of field actions per district in the period.",
    ),
    "mobilisation.timeline": ("Actions par semaine", "Actions per week"),
    "mobilisation.timeline_help": (
        "Actions de terrain par semaine (du lundi), par type.",
        "Field actions per week (from Monday), by type.",
    ),
    "mobilisation.operations": ("Opérations et leur effet", "Operations and their effect"),
    "mobilisation.operations_help": (
        "Une opération = les actions d'un quartier espacées de 14 jours au plus. On compare "
        "les nouveaux participants du quartier (1re contribution) après (A : de la 1re action "
        "à la dernière + 13 jours) et avant (B : même durée) à ceux des quartiers sans "
        "action. Rapport de taux = (n_A / n_B) / (c_A / c_B), avec son intervalle à 95 % "
        "(Clopper-Pearson). C'est une association, pas une preuve : tout ce qui a changé "
        "dans le quartier ces semaines-là compte aussi.",
        "An operation = a district's actions 14 days apart at most. Its new participants "
        "(first contribution) after (A: first action to last + 13 days) and before (B: as "
        "long) are compared with those of districts without action. Rate ratio = "
        "(n_A / n_B) / (c_A / c_B), with its 95 % interval (Clopper-Pearson). This is an "
        "association, not a proof: anything else that changed in the district those weeks "
        "counts too.",
    ),
    "mobilisation.columns_help": (
        "n avant / après : nouveaux participants du quartier en B et en A ; c avant / après : "
        "les mêmes dans les quartiers témoins ; excédent = n_A − n_B × c_A / c_B ; pour 100 "
        "portes = n_A pour 100 portes ouvertes.",
        "n before / after: the district's new participants in B and A; c before / after: the "
        "same in the control districts; excess = n_A − n_B × c_A / c_B; per 100 doors = n_A "
        "per 100 doors opened.",
    ),
    "mobilisation.effect_hidden": (
        "Opérations dont un compte est sous {min} : {n}. Leur rapport de taux, leur intervalle "
        "et leur excédent ne sont pas affichés, ni dans le graphique : avec les autres "
        "colonnes, ils redonneraient ce compte. Leur verdict reste.",
        "Operations with a count under {min}: {n}. Their rate ratio, interval and excess are "
        "not shown, in the chart either: with the other columns they would give that count "
        "back. Their verdict stays.",
    ),
    "mobilisation.need_unplaced": (
        "Pas sur le graphique, leur nombre de participants étant masqué (leur position le "
        "redonnerait) : {districts}.",
        "Not on the chart, their participant count being hidden (their position would give it "
        "back): {districts}.",
    ),
    "mobilisation.forest": (
        "Rapport de taux et intervalle à 95 % (échelle log)",
        "Rate ratio and 95 % interval (log scale)",
    ),
    "mobilisation.need": ("Allons-nous là où est le besoin ?", "Are we going where the need is?"),
    "mobilisation.need_help": (
        "Par quartier : actions et portes des 21 derniers jours (jusqu'au {day}) face aux "
        "participants manquants. Un quartier sous-représenté sans action est en rouge en bas "
        "à droite.",
        "Per district: actions and doors of the last 21 days (up to {day}) against missing "
        "participants. An under-reached district without action sits red, bottom right.",
    ),
    "mobilisation.under_reached": ("Sous-représenté", "Under-reached"),
    "mobilisation.other_districts": ("Autres quartiers", "Other districts"),
    "mobilisation.unknown_place": ("lieu inconnu", "place unknown"),
    "mobilisation.meetings": (
        "Quelle réunion a amené le plus de nouvelles personnes ?",
        "Which meeting brought the most new people?",
    ),
    "mobilisation.meetings_help": (
        "Présents : effectif compté ; identifiés : émargements ; primo-participants : "
        "identifiés dont c'est la toute première contribution ; cercles 2–3 : identifiés "
        "sympathisants ou grand public ; propositions faites sur place.",
        "Headcount: people counted; identified: sign-ins; first-timers: identified attendees "
        "for whom it is the very first contribution; circles 2–3: identified sympathisers "
        "or general public; proposals made there.",
    ),
    "verdict.hausse": ("hausse", "rise"),
    "verdict.baisse": ("baisse", "fall"),
    "verdict.non concluant": ("non concluant", "inconclusive"),
    "verdict.non calculable": ("non calculable", "not computable"),
    "action.porte_a_porte": ("porte-à-porte", "door-to-door"),
    "action.boitage": ("boîtage", "letterboxing"),
    "action.tractage": ("tractage", "leafleting"),
    "action.stand": ("stand", "stall"),
    "action.reunion_publique": ("réunion publique", "public meeting"),
    "action.phoning": ("phoning", "phoning"),
    "action.sms": ("SMS", "text messages"),
    "action.autre": ("autre", "other"),
    "col.action_type": ("Type d'action", "Action type"),
    "col.volunteers": ("Bénévoles", "Volunteers"),
    "col.leaflets": ("Tracts", "Leaflets"),
    "col.actions": ("Actions", "Actions"),
    "col.actions_21d": ("Actions (21 j)", "Actions (21 d)"),
    "col.doors_knocked": ("Portes frappées", "Doors knocked"),
    "col.doors_opened": ("Portes ouvertes", "Doors opened"),
    "col.doors_knocked_21d": ("Portes frappées (21 j)", "Doors knocked (21 d)"),
    "col.doors_opened_21d": ("Portes ouvertes (21 j)", "Doors opened (21 d)"),
    "col.last_action": ("Dernière action", "Last action"),
    "col.first_date": ("Première action", "First action"),
    "col.last_date": ("Dernière action", "Last action"),
    "col.n_before": ("n avant", "n before"),
    "col.n_after": ("n après", "n after"),
    "col.c_before": ("c avant", "c before"),
    "col.c_after": ("c après", "c after"),
    "col.rate_ratio": ("Rapport de taux", "Rate ratio"),
    "col.interval": ("Intervalle à 95 %", "95 % interval"),
    "col.verdict": ("Verdict", "Verdict"),
    "col.excess": ("Excédent", "Excess"),
    "col.per_100_doors": ("Pour 100 portes", "Per 100 doors"),
    "col.meeting": ("Réunion", "Meeting"),
    "col.identified": ("Identifiés", "Identified"),
    "col.first_timers": ("Primo-participants", "First-timers"),
    "col.beyond_first_circle": ("Cercles 2–3", "Circles 2–3"),
    # the week ("Cette semaine" and the digest)
    "week.title": ("Cette semaine", "This week"),
    "week.period": ("Semaine du {start} au {end}", "Week of {start} to {end}"),
    "week.scope": (
        "Toute la campagne, semaine complète (lundi–dimanche) la plus récente jusqu'au {day} ; "
        "chaque chiffre comparé à la semaine d'avant.",
        "The whole campaign, the latest complete week (Monday–Sunday) up to {day}; each "
        "number against the week before.",
    ),
    "week.active": ("Actifs cette semaine", "Active this week"),
    "week.active_help": (
        "Personnes ayant contribué au moins une fois dans la semaine.",
        "Persons with at least one contribution in the week.",
    ),
    "week.new": ("Nouveaux cette semaine", "New this week"),
    "week.new_help": (
        "Personnes dont la toute première contribution (à la campagne choisie, s'il y en a "
        "une) date de cette semaine.",
        "Persons whose first contribution ever (to the chosen campaign, if any) was this week.",
    ),
    "week.beyond": ("Hors 1er cercle cette semaine", "Beyond 1st circle this week"),
    "week.beyond_help": (
        "Part des participants actifs de la semaine qui sont des cercles 2 et 3.",
        "Share of the week's active participants from circles 2 and 3.",
    ),
    "week.before": ("semaine d'avant : {value}", "week before: {value}"),
    "week.objectives": ("Objectifs", "Objectives"),
    "week.no_objective": (
        "Aucun objectif fixé : ajoutez-en sur la page Objectifs ou importez une feuille "
        "« objectifs ».",
        "No objective set: add some on the Objectives page or import an \"objectifs\" sheet.",
    ),
    "week.districts": ("Trois quartiers où aller", "Three districts to go to"),
    "week.no_district": ("Aucun quartier nettement sous-représenté.",
                         "No district clearly under-reached."),
    "week.no_action": ("aucune action de terrain depuis {days} jours",
                       "no field action for {days} days"),
    "week.actions": ("{n} actions de terrain en {days} jours", "{n} field actions in {days} days"),
    "week.best": ("Le meilleur de la semaine", "Best of the week"),
    "week.best_meeting": (
        "Réunion « {title} » du {date} : {first_timers} nouveaux venus parmi {identified} "
        "présents identifiés.",
        "Meeting \"{title}\" on {date}: {first_timers} first-timers among {identified} "
        "identified attendees.",
    ),
    "week.best_operation": (
        "Opération de terrain à {district} du {first} au {last} : {excess} nouveaux "
        "participants de plus que sans elle (une association, pas une preuve).",
        "Field operation in {district} from {first} to {last}: {excess} more new participants "
        "than without it (an association, not a proof).",
    ),
    "week.no_best": ("Ni réunion avec des nouveaux venus ni opération mesurée cette semaine.",
                     "No meeting with first-timers nor measured operation this week."),
    # objectives
    "nav.objectives": ("Objectifs", "Objectives"),
    "objectives.title": ("Objectifs", "Objectives"),
    "objectives.intro": (
        "Fixez une cible par indicateur et une échéance. Chaque changement est gardé : une "
        "cible modifiée reste visible comme telle. Les objectifs portent sur toute la "
        "campagne, à la date de référence (la date de fin choisie, sinon la dernière activité).",
        "Set a target for an indicator and a deadline. Every change is kept: a changed target "
        "stays visible as such. Objectives cover the whole campaign, as of the reference day "
        "(the end date chosen, else the last activity).",
    ),
    "objectives.method": (
        "Progression = valeur actuelle / cible ; rythme nécessaire = (cible − valeur) / "
        "semaines restantes ; projection = valeur + gain hebdomadaire moyen des 4 dernières "
        "semaines complètes × semaines restantes. Pour un plafond (délai de réponse), tout "
        "s'inverse : la progression est cible / valeur.",
        "Progress = current value / target; pace needed = (target − value) / weeks left; "
        "projection = value + mean weekly gain over the last 4 complete weeks × weeks left. "
        "For a ceiling (time to answer) everything reverses: progress is target / value.",
    ),
    "objectives.none": ("Aucun objectif pour l'instant.", "No objective yet."),
    "objectives.form": ("Ajouter ou modifier un objectif", "Add or change an objective"),
    "objectives.indicator": ("Indicateur", "Indicator"),
    "objectives.district": ("Quartier (pour les participants pour 1 000 habitants)",
                            "District (for participants per 1,000 residents)"),
    "objectives.target": ("Cible", "Target"),
    "objectives.target_help": (
        "Un nombre ; une part en % (40 pour 40 %) ; un délai en jours (au plus).",
        "A number; a share in % (40 for 40 %); a time in days (at most).",
    ),
    "objectives.deadline": ("Échéance", "Deadline"),
    "objectives.start": ("Compter à partir du (facultatif)", "Count from (optional)"),
    "objectives.save": ("Enregistrer", "Save"),
    "objectives.close_form": ("Clore un objectif", "Close an objective"),
    "objectives.close": ("Clore", "Close"),
    "objectives.saved": ("Objectif enregistré.", "Objective saved."),
    "objectives.unchanged": ("Rien n'a changé : objectif identique.",
                             "Nothing changed: same objective."),
    "objectives.closed": ("Objectif clos.", "Objective closed."),
    "objectives.bad_target": ("la cible doit être un nombre positif (une part : au plus 100)",
                              "the target must be a positive number (a share: at most 100)"),
    "objectives.no_deadline": ("il faut une échéance", "a deadline is needed"),
    "objectives.bad_start": ("le début est après l'échéance", "the start is after the deadline"),
    "objectives.failed": ("Enregistrement impossible : {error}", "Could not save: {error}"),
    "objectives.history": ("Historique des objectifs", "Objective history"),
    "objectives.line": (
        "Objectif {target} d'ici le {deadline} : {progress} atteint · {needed} par semaine "
        "nécessaires · projection {projected} · {status}",
        "Objective {target} by {deadline}: {progress} done · {needed} needed per week · "
        "projected {projected} · {status}",
    ),
    "objectives.whole_campaign": (
        "Toute la campagne (seule la date de fin s'applique)",
        "Whole campaign (only the end date applies)",
    ),
    "objectives.changed": ("cible changée le {date} (avant : {previous})",
                           "target changed on {date} (was {previous})"),
    "objectives.hidden": (
        "moins de {n} participants dans ce quartier : valeur, rythme et projection masqués",
        "fewer than {n} participants in this district: value, pace and projection hidden",
    ),
    "objectives.status.atteint": ("atteint", "reached"),
    "objectives.status.en bonne voie": ("en bonne voie", "on track"),
    "objectives.status.en retard": ("en retard", "behind"),
    "objectives.status.échu": ("échu", "overdue"),
    "objectives.status.none": ("projection impossible (pas encore 4 semaines de données)",
                               "no projection (not yet 4 weeks of data)"),
    "indicator.participants": ("Participants", "Participants"),
    "indicator.participants_cercle_2": ("Participants du cercle 2", "Circle 2 participants"),
    "indicator.participants_cercle_3": ("Participants du cercle 3", "Circle 3 participants"),
    "indicator.beyond_first_circle_share": ("Au-delà du 1er cercle", "Beyond first circle"),
    "indicator.proposals": ("Propositions", "Proposals"),
    "indicator.in_person_share": ("Part en présentiel", "In-person share"),
    "indicator.median_days_to_answer": ("Délai médian de réponse (plafond)",
                                        "Median days to answer (ceiling)"),
    "indicator.meetings": ("Réunions", "Meetings"),
    "indicator.participants_per_1000": ("Participants pour 1 000 habitants : {district}",
                                        "Participants per 1,000 residents: {district}"),
    "col.indicator": ("Indicateur", "Indicator"),
    "col.objective": ("Objectif (pour 1 000 hab.)", "Objective (per 1,000)"),
    "col.target": ("Cible", "Target"),
    "col.deadline": ("Échéance", "Deadline"),
    "col.current": ("Valeur actuelle", "Current value"),
    "col.progress": ("Progression", "Progress"),
    "col.needed_per_week": ("Nécessaire par semaine", "Needed per week"),
    "col.projected": ("Projection", "Projected"),
    "col.version": ("Version", "Version"),
    "col.starts_on": ("Début", "Start"),
    "col.closed": ("Clos", "Closed"),
    "col.recorded_at": ("Enregistré le", "Recorded on"),
    "col.recorded_from": ("Origine", "From"),
    # relays
    "relays.title": ("Relais", "Relays"),
    "relays.intro": (
        "Les membres par qui des personnes sont venues (colonne « relais » du fichier des "
        "membres, « venu_par » des feuilles d'émargement). Une personne compte une fois : "
        "le relais du fichier des membres, sinon celui de son premier émargement. Jamais de "
        "liste de personnes.",
        "The members through whom persons came (the roster's \"relais\" column, the sign-in "
        "sheets' \"venu_par\"). A person counts once: the roster's relay, else that of their "
        "first sign-in. Never a list of persons.",
    ),
    "relays.none": (
        "Aucun relais renseigné : ajoutez une colonne « relais » au fichier des membres ou "
        "« venu_par » aux feuilles d'émargement.",
        "No relay given: add a \"relais\" column to the roster or \"venu_par\" to the "
        "sign-in sheets.",
    ),
    "col.relay": ("Relais", "Relay"),
    "relays.brought": ("Personnes amenées", "Persons brought"),
    "relays.participated": ("dont ont participé", "of whom took part"),
    "relays.beyond_first_circle": ("dont cercles 2–3", "of whom circles 2–3"),
    # the digest
    "digest.subject": ("Cercles — la semaine du {start} au {end}",
                       "Cercles — the week of {start} to {end}"),
    "digest.footer": (
        "Message écrit par Cercles à partir de l'entrepôt de la campagne : des effectifs "
        "seulement, jamais de nom ni d'adresse.",
        "Written by Cercles from the campaign's warehouse: counts only, never a name or an "
        "address.",
    ),
    # circles
    "circles.title": ("Cercles", "Circles"),
    "circles.intro": (
        "L'objectif : aller au-delà du premier cercle des militants.",
        "The goal: reaching beyond the first circle of activists.",
    ),
    "circles.new_per_week": ("Nouveaux participants par semaine", "New participants per week"),
    "circles.new_help": (
        "Nouveau : première contribution de la personne, toutes périodes confondues ; les dates "
        "choisissent seulement les semaines montrées. Le cumul part de tous les participants "
        "venus avant.",
        "New: the person's first contribution ever; the dates only choose which weeks are "
        "shown. The cumulative curve starts from everyone who came before.",
    ),
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
    "districts.unplaced": (
        "Ni sur ce graphique ni colorés sur les cartes des taux : {names}. Leur nombre de "
        "participants est masqué (moins de {n}, ou pour qu'un autre ne se déduise pas d'un "
        "total), et leur position le redonnerait ; leur statut, donné ici, est aussi sur la "
        "carte par statut.",
        "Neither on this chart nor coloured on the rate maps: {names}. Their participant count "
        "is hidden (under {n}, or so that another cannot be worked out from a total), and "
        "their position would give it back; their status, given here, is also on the status "
        "map.",
    ),
    "map.hidden": ("Nombre de participants masqué", "Participant count hidden"),
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
        "Quartiers nettement sous-représentés (alarme, puis alerte), classés par participants "
        "manquants (attendus − observés).",
        "Districts clearly under-reached (alarm, then alert), ranked by missing participants "
        "(expected − observed).",
    ),
    "districts.targets_rule": (
        "Seuls les quartiers nettement sous-représentés sont des cibles : sous la limite basse "
        "à 99,8 % du diagramme en entonnoir (alarme) d'abord, puis sous celle à 95 % (alerte), "
        "chacun classé par participants manquants (attendus − observés, en personnes entières). "
        "Attendus et observés ne comptent que les participants des filtres choisis (dates, "
        "phase, source, canal, cercle) : le classement dit où ce public-là manque.",
        "Only districts clearly under-reached are targets: below the funnel plot's 99.8 % lower "
        "limit (alarm) first, then below the 95 % one (alert), each ranked by missing "
        "participants (expected − observed, in whole persons). Expected and observed count only "
        "the participants of the chosen filters (dates, phase, source, channel, circle): the "
        "ranking says where that public is missing.",
    ),
    "districts.in_line_short": (
        "Sous l'attendu mais dans la norme (écart compatible avec le hasard, pas des cibles) : "
        "{names}.",
        "Short of expected but in line (a gap within chance, not targets): {names}.",
    ),
    "districts.no_targets_now": (
        "Aucun quartier nettement sous-représenté avec ces filtres.",
        "No district clearly under-reached with these filters.",
    ),
    "col.reason": ("Pourquoi", "Why"),
    "summary.peak": ("En bref : le plus haut, {name}{value} ({where}).",
                     "In short: the highest, {name}{value} ({where})."),
    "summary.operations": (
        "En bref : sur {total} opérations au rapport calculable, {rising} en hausse, "
        "{falling} en baisse, {unclear} non concluantes.",
        "In short: of {total} operations with a computable ratio, {rising} rising, "
        "{falling} falling, {unclear} inconclusive.",
    ),
    "summary.pie": ("En bref : la plus grande part, {name} ({share}).",
                    "In short: the largest share, {name} ({share})."),
    "reason.alarm": ("sous la limite à 99,8 %", "below the 99.8 % limit"),
    "reason.alert": ("sous la limite à 95 %", "below the 95 % limit"),
    "reason.missing": ("{n} participants manquants", "{n} participants missing"),
    "reason.missing_more": ("plus de {n} participants manquants", "more than {n} participants missing"),
    "reason.no_meeting": ("aucune réunion sur la période", "no meeting in the period"),
    "reason.last_meeting": ("dernière réunion le {date}", "last meeting on {date}"),
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
    "proposals.backlog": (
        "En attente de décision en fin de semaine",
        "Awaiting a decision at week end",
    ),
    "proposals.backlog_help": (
        "En attente de décision : propositions sans réponse ou « en évaluation », ni retenues "
        "ni rejetées ; les retirées n'y sont jamais.",
        "Awaiting a decision: proposals not answered or \"evaluating\", neither accepted nor "
        "rejected; withdrawn ones never are.",
    ),
    "proposals.time_to_answer": ("Délai de réponse", "Time to answer"),
    "proposals.p90": ("9 sur 10 répondues en moins de {x}", "9 in 10 answered within {x}"),
    "proposals.funnel": ("Où en sont les propositions", "Where the proposals stand"),
    "proposals.states_summary": (
        "Chaque proposition compte une fois, dans son état actuel : sur {total} propositions, "
        "{open} attendent une décision ({submitted} sans réponse, {evaluating} en évaluation), "
        "{accepted} sont retenues et {rejected} rejetées ; retirées par leur auteur : "
        "{withdrawn}, à part (en gris au bout de la barre), jamais en attente.",
        "Each proposal counts once, in its state now: of {total} proposals, {open} await a "
        "decision ({submitted} not answered, {evaluating} evaluating), {accepted} are accepted "
        "and {rejected} rejected; withdrawn by their author: {withdrawn}, apart (grey at the "
        "end of the bar), never awaiting.",
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
    "report.benchmarks": ("Références", "Benchmarks"),
    # data
    "data.title": ("Données", "Data"),
    "data.imports": ("Imports", "Imports"),
    "data.coverage": ("Couverture des indicateurs", "Metric coverage"),
    "data.upload": ("Importer un fichier", "Import a file"),
    "data.upload_help": (
        (
            "Export Decidim ou Cap Collectif (zip ou CSV), fichier des membres, feuilles de "
            "réunion, actions de terrain, ou découpage des quartiers (GeoJSON, GeoPackage, "
            "Shapefile zippé) avec sa population (Insee par IRIS, inscrits par bureau de vote), "
            "déposés ensemble."
        ),
        (
            "Decidim or Cap Collectif export (zip or CSV), roster, meeting sheets, field "
            "actions, or district boundaries (GeoJSON, GeoPackage, zipped Shapefile) with their "
            "population (INSEE by IRIS, registered voters by polling station), dropped together."
        ),
    ),
    "data.import_button": ("Importer", "Import"),
    "data.importing": ("Import en cours…", "Importing…"),
    "data.imported": ("Import terminé : {changes}.", "Import finished: {changes}."),
    "data.import_failed": (
        "Import impossible, rien n'a été modifié. {error}",
        "Import failed, nothing was changed. {error}",
    ),
    "data.no_file": (
        "Choisissez d'abord un fichier : glissez-le dans le cadre ci-dessus (ou cliquez sur "
        "« Upload »), puis cliquez sur Importer.",
        "Choose a file first: drop it in the box above (or click “Upload”), then click Import.",
    ),
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


# The labels that name the districts' population, when it counts registered voters.
REGISTERED_LABELS = {
    "status.no_population": ("inscrits inconnus", "registered voters unknown"),
    "alert.district": (
        "{name} décroche : {missing} participants manquent par rapport à ses inscrits.",
        "{name} is falling behind: {missing} participants missing for its registered voters.",
    ),
    "districts.measure.rate": (
        "Participants pour 1 000 inscrits",
        "Participants per 1,000 registered voters",
    ),
    "districts.no_population": (
        "Nombre d'inscrits inconnu pour {n} quartier(s) : leur taux ne peut pas être calculé.",
        "Registered voters unknown for {n} district(s): their rate cannot be computed.",
    ),
    "col.population": ("Inscrits", "Registered voters"),
    "col.rate": ("Pour 1 000 inscrits", "Per 1,000 registered voters"),
    "indicator.participants_per_1000": (
        "Participants pour 1 000 inscrits : {district}",
        "Participants per 1,000 registered voters: {district}",
    ),
    "col.objective": ("Objectif (pour 1 000 inscrits)", "Objective (per 1,000 registered)"),
    "coverage.items.district_reach": (
        "quartiers dont le nombre d'inscrits est connu",
        "districts with a count of registered voters",
    ),
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, denominator: str = RESIDENTS, **values) -> str:
    """The label for `key` in `lang` (French when unknown), with {placeholders} filled;
    worded for registered voters instead of residents when the districts count them."""
    pair = REGISTERED_LABELS.get(key) if denominator == REGISTERED else None
    pair = pair or LABELS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def plural_form(n, lang: str = DEFAULT_LANGUAGE) -> str:
    """'one' or 'other': French says '0 ligne', '1 ligne', '2 lignes'; English '1 row', '0 rows'."""
    n = abs(float(n))
    return "one" if (n < 2 if lang == "fr" else n == 1) else "other"


def message_text(code: str, params: dict, lang: str = DEFAULT_LANGUAGE, cli: bool = False) -> str:
    """An importer's message (`msg.<code>`, see IMPORT_MESSAGES) in `lang`.

    A count `n` picks the `.one` or `.other` wording; `cli` prefers a `.cli` wording (English,
    naming command-line options) where there is one. Numbers are written the `lang` way, lists
    joined with commas, an `item` (a kind of row) named in words. A code without wording is
    shown as it is.
    """
    key = f"msg.{code}"
    if cli and f"{key}.cli" in LABELS:
        key += ".cli"
    elif f"{key}.one" in LABELS:
        key += "." + plural_form(params.get("n", 0), lang)
    if key not in LABELS:  # a sentence only the command line shows, or a reason yet unworded
        return f"{format_number(params['n'], lang)} {code}" if "n" in params else code
    values = {}
    for name, value in params.items():
        if isinstance(value, bool) or value is None:
            values[name] = str(value)
        elif name == "delta":  # a change: always signed
            values[name] = ("+" if value > 0 else "") + format_number(value, lang)
        elif name == "date":  # an ISO date, written the `lang` way
            values[name] = format_date(date.fromisoformat(str(value)[:10]), lang)
        elif isinstance(value, (int, float)):
            values[name] = format_number(value, lang, 0 if float(value).is_integer() else 1)
        elif isinstance(value, (list, tuple)):
            values[name] = ", ".join(map(str, value))
        elif name == "item":  # a kind of row, agreeing with the count
            form = f"item.{value}.{plural_form(params.get('n', 0), lang)}"
            values[name] = t(form, lang) if form in LABELS else str(value)
        else:
            values[name] = str(value)
    return t(key, lang, **values)


def coverage_items(metric: str, fallback: str, lang: str = DEFAULT_LANGUAGE,
                   denominator: str = RESIDENTS) -> str:
    """What a coverage row counts, in `lang`; the query's own (English) words if unknown."""
    key = f"coverage.items.{metric}"
    return t(key, lang, denominator) if key in LABELS else fallback


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
    return "\n".join(
        f"{key}: {', '.join(entities)}" if key else ", ".join(entities)
        for key, entities in grouped.items()
    )


def text_or_dash(value) -> str:
    return "–" if value is None or pd.isna(value) or value == "" else str(value)


# What importers say (dashboard/messages.py): `msg.<code>`, with `.one`/`.other` wordings when
# a count `n` comes first, and a `.cli` wording where the command line has an option to offer.
# `{item}` is a kind of row (`item.<kind>.one/other`), agreeing with the count.
IMPORT_MESSAGES = {
    "error.where": ("{where} : {message}", "{where}: {message}"),
    "error.line": ("ligne {line}", "line {line}"),
    "error.column": ("colonne « {column} »", "column '{column}'"),
    "msg.as_written": ("{text}", "{text}"),
    # what an import changed, and what it brought
    "msg.change_participants.one": ("{delta} participant", "{delta} participant"),
    "msg.change_participants.other": ("{delta} participants", "{delta} participants"),
    "msg.change_proposals.one": ("{delta} proposition", "{delta} proposal"),
    "msg.change_proposals.other": ("{delta} propositions", "{delta} proposals"),
    "msg.change_meetings.one": ("{delta} réunion", "{delta} meeting"),
    "msg.change_meetings.other": ("{delta} réunions", "{delta} meetings"),
    "msg.change_circle_1.one": ("{delta} militant (cercle 1)", "{delta} activist (circle 1)"),
    "msg.change_circle_1.other": ("{delta} militants (cercle 1)", "{delta} activists (circle 1)"),
    "msg.no_change": (
        "les chiffres principaux (participants, propositions, réunions, militants) n'ont pas "
        "changé",
        "the main numbers (participants, proposals, meetings, activists) did not change",
    ),
    "msg.newest_contribution": (
        "données jusqu'au {date} (dernière contribution des fichiers)",
        "data up to {date} (the files' last contribution)",
    ),
    "msg.unexpected_error": (
        "Erreur inattendue en lisant ces fichiers ({detail}) : vérifiez que ce sont bien des "
        "exports de plateforme, le fichier des membres, des feuilles de réunion ou un "
        "découpage de quartiers",
        "Unexpected error while reading these files ({detail}): check they are platform "
        "exports, the roster, meeting sheets or district boundaries",
    ),
    # the summary of one file
    "msg.file_summary": ("{file} : {what}, {counts}", "{file}: {what}, {counts}"),
    "msg.rows_read.one": ("{n} ligne lue", "{n} row read"),
    "msg.rows_read.other": ("{n} lignes lues", "{n} rows read"),
    "msg.rows_kept.one": ("{n} gardée", "{n} kept"),
    "msg.rows_kept.other": ("{n} gardées", "{n} kept"),
    "msg.rows_skipped.one": ("{n} écartée", "{n} skipped"),
    "msg.rows_skipped.other": ("{n} écartées", "{n} skipped"),
    # kinds of rows, for {item}
    "item.row.one": ("ligne", "row"),
    "item.row.other": ("lignes", "rows"),
    "item.proposal.one": ("proposition", "proposal"),
    "item.proposal.other": ("propositions", "proposals"),
    "item.comment.one": ("commentaire", "comment"),
    "item.comment.other": ("commentaires", "comments"),
    "item.news_comment.one": ("commentaire d'actualité", "news comment"),
    "item.news_comment.other": ("commentaires d'actualité", "news comments"),
    "item.opinion.one": ("contribution", "contribution"),
    "item.opinion.other": ("contributions", "contributions"),
    "item.contribution.one": ("contribution", "contribution"),
    "item.contribution.other": ("contributions", "contributions"),
    "item.argument.one": ("argument", "argument"),
    "item.argument.other": ("arguments", "arguments"),
    "item.opinion_source.one": ("source", "source"),
    "item.opinion_source.other": ("sources", "sources"),
    "item.version.one": ("amendement", "amendment"),
    "item.version.other": ("amendements", "amendments"),
    "item.opinion_vote.one": ("vote sur une contribution", "vote on a contribution"),
    "item.opinion_vote.other": ("votes sur une contribution", "votes on a contribution"),
    "item.version_vote.one": ("vote sur un amendement", "vote on an amendment"),
    "item.version_vote.other": ("votes sur un amendement", "votes on an amendment"),
    "item.vote.one": ("vote", "vote"),
    "item.vote.other": ("votes", "votes"),
    "item.comment_vote.one": ("vote sur un commentaire", "vote on a comment"),
    "item.comment_vote.other": ("votes sur un commentaire", "votes on a comment"),
    "item.reply.one": ("réponse", "reply"),
    "item.reply.other": ("réponses", "replies"),
    "item.participant.one": ("participant", "participant"),
    "item.participant.other": ("participants", "participants"),
    "item.event.one": ("événement", "event"),
    "item.event.other": ("événements", "events"),
    "item.district_id.one": ("l'identifiant des quartiers", "district id"),
    "item.district_id.other": ("l'identifiant des quartiers", "district id"),
    "item.population.one": ("la population", "population"),
    "item.population.other": ("la population", "population"),
    # why rows were left out (every importer)
    "msg.no_id.one": ("{n} {item} sans identifiant", "{n} {item} without id"),
    "msg.no_id.other": ("{n} {item} sans identifiant", "{n} {item} without id"),
    "msg.repeated_id.one": (
        "{n} {item} qui répète une ligne précédente (même identifiant, la première est gardée)",
        "{n} {item} repeating an earlier one (same id, the first is kept)",
    ),
    "msg.repeated_id.other": (
        "{n} {item} qui répètent une ligne précédente (même identifiant, la première est gardée)",
        "{n} {item} repeating an earlier one (same id, the first is kept)",
    ),
    "msg.no_id_or_reference.one": (
        "{n} contribution sans identifiant ni référence",
        "{n} contribution without id or reference",
    ),
    "msg.no_id_or_reference.other": (
        "{n} contributions sans identifiant ni référence",
        "{n} contributions without id or reference",
    ),
    "msg.repeated_contribution_row.one": (
        "{n} ligne qui répète une contribution déjà lue (comptée une fois)",
        "{n} row repeating a contribution already read (counted once)",
    ),
    "msg.repeated_contribution_row.other": (
        "{n} lignes qui répètent une contribution déjà lue (comptée une fois)",
        "{n} rows repeating a contribution already read (counted once)",
    ),
    "msg.draft.one": (
        "{n} {item} en brouillon, jamais visible du public",
        "{n} {item} still a draft, never public",
    ),
    "msg.draft.other": (
        "{n} {item} en brouillon, jamais visibles du public",
        "{n} {item} still drafts, never public",
    ),
    "msg.unpublished.one": (
        "{n} {item} jamais visible du public (non publié sur la plateforme)",
        "{n} {item} never public (not published on the platform)",
    ),
    "msg.unpublished.other": (
        "{n} {item} jamais visibles du public (non publiés sur la plateforme)",
        "{n} {item} never public (not published on the platform)",
    ),
    "msg.vote_unpublished.one": (
        "{n} vote non confirmé par son auteur (non compté par la plateforme)",
        "{n} vote its author never confirmed (not counted by the platform)",
    ),
    "msg.vote_unpublished.other": (
        "{n} votes non confirmés par leur auteur (non comptés par la plateforme)",
        "{n} votes their authors never confirmed (not counted by the platform)",
    ),
    "msg.reply_draft.one": (
        "{n} réponse en brouillon ou non publiée (jamais envoyée)",
        "{n} reply draft or unpublished (never submitted)",
    ),
    "msg.reply_draft.other": (
        "{n} réponses en brouillon ou non publiées (jamais envoyées)",
        "{n} replies draft or unpublished (never submitted)",
    ),
    "msg.unknown_row_type.one": (
        "{n} ligne d'un type que Cercles ne connaît pas (pas une contribution)",
        "{n} row of a type Cercles does not know (not a contribution)",
    ),
    "msg.unknown_row_type.other": (
        "{n} lignes d'un type que Cercles ne connaît pas (pas des contributions)",
        "{n} rows of a type Cercles does not know (not contributions)",
    ),
    "msg.news_article.one": (
        "{n} actualité publiée par les organisateurs (pas une participation)",
        "{n} news article published by the organisers (not participation)",
    ),
    "msg.news_article.other": (
        "{n} actualités publiées par les organisateurs (pas une participation)",
        "{n} news articles published by the organisers (not participation)",
    ),
    "msg.event_disabled.one": (
        "{n} événement désactivé (non affiché sur la plateforme)",
        "{n} event disabled (not shown on the platform)",
    ),
    "msg.event_disabled.other": (
        "{n} événements désactivés (non affichés sur la plateforme)",
        "{n} events disabled (not shown on the platform)",
    ),
    "msg.event_registration.one": (
        "{n} inscription à un événement (une inscription n'est pas une présence)",
        "{n} event registration (registering is not attending)",
    ),
    "msg.event_registration.other": (
        "{n} inscriptions à un événement (une inscription n'est pas une présence)",
        "{n} event registrations (registering is not attending)",
    ),
    "msg.meeting_withdrawn.one": ("{n} réunion retirée", "{n} withdrawn meeting"),
    "msg.meeting_withdrawn.other": ("{n} réunions retirées", "{n} withdrawn meetings"),
    "msg.meeting_unpublished.one": ("{n} réunion non publiée", "{n} unpublished meeting"),
    "msg.meeting_unpublished.other": ("{n} réunions non publiées", "{n} unpublished meetings"),
    "msg.moderation_no_item.one": (
        "{n} ligne qui ne dit pas quel contenu a été masqué",
        "{n} row that does not say which content was hidden",
    ),
    "msg.moderation_no_item.other": (
        "{n} lignes qui ne disent pas quel contenu a été masqué",
        "{n} rows that do not say which content was hidden",
    ),
    "msg.roster_no_identifier.one": (
        "{n} ligne sans e-mail ni compte de plateforme",
        "{n} line with no e-mail and no platform user",
    ),
    "msg.roster_no_identifier.other": (
        "{n} lignes sans e-mail ni compte de plateforme",
        "{n} lines with no e-mail and no platform user",
    ),
    "msg.roster_user_without_platform.one": (
        "{n} compte de plateforme sans le nom de la plateforme",
        "{n} platform user without the platform's name",
    ),
    "msg.roster_user_without_platform.other": (
        "{n} comptes de plateforme sans le nom de la plateforme",
        "{n} platform users without the platform's name",
    ),
    "msg.roster_no_circle.one": ("{n} ligne sans cercle", "{n} line without a circle"),
    "msg.roster_no_circle.other": ("{n} lignes sans cercle", "{n} lines without a circle"),
    "msg.roster_unknown_circle.one": (
        "{n} ligne dont le cercle n'est pas compris",
        "{n} line whose circle is not understood",
    ),
    "msg.roster_unknown_circle.other": (
        "{n} lignes dont le cercle n'est pas compris",
        "{n} lines whose circle is not understood",
    ),
    "msg.roster_repeated_identifier.one": (
        "{n} personne déjà listée plus haut (la première ligne est gardée)",
        "{n} person already listed on an earlier line (the first is kept)",
    ),
    "msg.roster_repeated_identifier.other": (
        "{n} personnes déjà listées plus haut (la première ligne est gardée)",
        "{n} persons already listed on an earlier line (the first is kept)",
    ),
    "msg.sheet_no_title.one": ("{n} proposition sans titre", "{n} proposal without a titre"),
    "msg.sheet_no_title.other": ("{n} propositions sans titre", "{n} proposals without a titre"),
    "msg.sheet_anonymous_attendance.one": (
        "{n} présence sans identifiant (elle compte dans l'effectif de la réunion)",
        "{n} attendance without identifiant (the meeting's headcount counts it)",
    ),
    "msg.sheet_anonymous_attendance.other": (
        "{n} présences sans identifiant (elles comptent dans l'effectif de la réunion)",
        "{n} attendances without identifiant (the meeting's headcount counts them)",
    ),
    "msg.sheet_signed_twice.one": (
        "{n} émargement en double pour la même réunion",
        "{n} person signed twice for the same meeting",
    ),
    "msg.sheet_signed_twice.other": (
        "{n} émargements en double pour la même réunion",
        "{n} persons signed twice for the same meeting",
    ),
    "msg.postcode_invalid.one": (
        "{n} ligne dont le code postal n'a pas 5 chiffres",
        "{n} line whose postcode is not 5 digits",
    ),
    "msg.postcode_invalid.other": (
        "{n} lignes dont le code postal n'a pas 5 chiffres",
        "{n} lines whose postcode is not 5 digits",
    ),
    "msg.postcode_no_district.one": (
        "{n} code postal sans quartier",
        "{n} postcode without a district",
    ),
    "msg.postcode_no_district.other": (
        "{n} codes postaux sans quartier",
        "{n} postcodes without a district",
    ),
    # what to know about a file
    "msg.no_host": (
        "aucune adresse de plateforme dans ce fichier ni à côté : importez-le avec un autre "
        "export de la même plateforme (qui contient des liens) pour que les personnes soient "
        "reconnues d'un fichier à l'autre",
        "no platform address in this file or beside it: import it together with another "
        "export of the same platform (one with links) so that persons match across files",
    ),
    "msg.no_host.cli": (
        "aucune adresse de plateforme dans ce fichier ni à côté : indiquez --host",
        "no platform address found in this file or beside it: pass --host so that persons "
        "match across files of the same platform",
    ),
    "msg.impossible_postcodes.one": (
        "{n} code postal impossible ignoré (la ligne est gardée, sans code postal)",
        "{n} impossible zip code ignored (the row is kept, without postcode)",
    ),
    "msg.impossible_postcodes.other": (
        "{n} codes postaux impossibles ignorés (les lignes sont gardées, sans code postal)",
        "{n} impossible zip codes ignored (the rows are kept, without postcode)",
    ),
    "msg.unknown_publication_status": (
        "statut de publication inconnu ({names}) compté comme publié : ajoutez-le dans {file}",
        "unknown publication status {names} counted as published (map it in {file})",
    ),
    "msg.unknown_proposal_states": (
        "états de proposition absents de la table des alias, comptés « à l'étude » : {names}",
        "proposal status names not in the alias table, counted as evaluating: {names}",
    ),
    "msg.roster_circle_values": (
        "valeurs de cercle non comprises (utilisez 1, 2, 3, militant, sympathisant ou public) "
        ": {names}",
        "circle values not understood (use 1, 2, 3, militant, sympathisant or public): {names}",
    ),
    "msg.roster_conflicting_circles.one": (
        "{n} personne figure deux fois avec des cercles différents : le cercle de la première "
        "ligne est gardé",
        "{n} identifier is listed twice with different circles; the first line's circle is kept",
    ),
    "msg.roster_conflicting_circles.other": (
        "{n} personnes figurent deux fois avec des cercles différents : le cercle de la "
        "première ligne est gardé",
        "{n} identifiers are listed twice with different circles; the first line's circle is kept",
    ),
    "msg.sheet_unreadable_postcodes.one": (
        "{n} code postal n'est pas un code français à 5 chiffres (ignoré)",
        "{n} postcode is not a 5-digit French postcode (ignored)",
    ),
    "msg.sheet_unreadable_postcodes.other": (
        "{n} codes postaux ne sont pas des codes français à 5 chiffres (ignorés)",
        "{n} postcodes are not 5-digit French postcodes (ignored)",
    ),
    "msg.campaigns_overlap": (
        "des campagnes se chevauchent : ce qu'elles partagent (mêmes jours, même source) "
        "compte dans chacune",
        "campaigns overlap: what they share (same days, same source) counts in each of them",
    ),
    "msg.sheet_campaign_end_before_start": (
        "« {value} » est avant le début de la campagne",
        "'{value}' is before the campaign's debut",
    ),
    "msg.sheet_repeated_campaign": (
        "« {value} » nomme une campagne déjà listée",
        "'{value}' names a campaign already listed",
    ),
    "msg.campaign_no_label": ("il faut un libellé", "a label is needed"),
    "msg.campaign_no_dates": ("il faut un début et une fin", "a start and an end are needed"),
    "msg.campaign_end_before_start": ("la fin est avant le début", "the end is before the start"),
    "msg.sheet_not_a_host": (
        "« {value} » n'est pas une adresse de plateforme (ex. participer.ville.fr)",
        "'{value}' is not a platform host (e.g. participer.ville.fr)",
    ),
    "msg.phases_overlap": (
        "des phases se chevauchent : un jour compris dans deux phases compte dans la première",
        "phases overlap: a day in two phases counts in the earlier one",
    ),
    "msg.sheet_meetings_pending.one": (
        "{n} ligne renvoie à une réunion qu'aucune feuille « reunions » ne définit encore "
        "({names} ; ligne {line}) : elle prendra sa date et son quartier quand la feuille "
        "sera importée",
        "{n} line refers to a meeting no reunions sheet has defined yet ({names}; line "
        "{line}): it gets its date and district when that sheet is imported",
    ),
    "msg.sheet_meetings_pending.other": (
        "{n} lignes renvoient à des réunions qu'aucune feuille « reunions » ne définit encore "
        "({names} ; première à la ligne {line}) : elles prendront leur date et leur quartier "
        "quand la feuille sera importée",
        "{n} lines refer to meetings no reunions sheet has defined yet ({names}; first at "
        "line {line}): they get their date and district when that sheet is imported",
    ),
    "msg.gdal_remark": ("remarque du lecteur de cartes : {text}", "map reader's remark: {text}"),
    "msg.territory_layers.one": (
        "le fichier a {n} couche : elle a été lue",
        "the file has {n} layer: it was read",
    ),
    "msg.territory_layers.other": (
        "le fichier a {n} couches : la première a été lue",
        "the file has {n} layers: the first was read",
    ),
    "msg.territory_no_crs": (
        "le fichier ne dit pas son système de coordonnées : lu en longitude/latitude (WGS84)",
        "the file declares no coordinate system: read as WGS84 longitude/latitude",
    ),
    "msg.territory_no_population.one": (
        "pas de population pour {n} quartier (les taux n'y sont pas calculables) : {names}",
        "no population for {n} district (rates cannot be computed there): {names}",
    ),
    "msg.territory_no_population.other": (
        "pas de population pour {n} quartiers (les taux n'y sont pas calculables) : {names}",
        "no population for {n} districts (rates cannot be computed there): {names}",
    ),
    "msg.territory_population_unreadable.one": (
        "{n} population n'est pas un nombre (laissée vide)",
        "{n} population value is not a number (left empty)",
    ),
    "msg.territory_population_unreadable.other": (
        "{n} populations ne sont pas des nombres (laissées vides)",
        "{n} population values are not numbers (left empty)",
    ),
    "msg.postcodes_unknown_districts.one": (
        "{n} quartier de la table des codes postaux n'est pas dans le territoire : {names}",
        "{n} district of the postcode table is not in the territory: {names}",
    ),
    "msg.postcodes_unknown_districts.other": (
        "{n} quartiers de la table des codes postaux ne sont pas dans le territoire : {names}",
        "{n} districts of the postcode table are not in the territory: {names}",
    ),
    "msg.postcodes_stale.one": (
        "la table des codes postaux importée avant nomme un quartier absent de ce territoire "
        "({names}) : importez une nouvelle table des codes postaux",
        "the postcode table imported earlier names a district missing from this territory "
        "({names}): import a new postcode table",
    ),
    "msg.postcodes_stale.other": (
        "la table des codes postaux importée avant nomme {n} quartiers absents de ce "
        "territoire ({names}) : importez une nouvelle table des codes postaux",
        "the postcode table imported earlier names {n} districts missing from this territory "
        "({names}): import a new postcode table",
    ),
    "msg.postcodes_stale.cli": (
        "la table des codes postaux importée avant nomme des quartiers absents de ce "
        "territoire ({names}) : importez-en une nouvelle avec --postcodes",
        "the postcode table imported earlier names districts missing from this territory "
        "({names}): import a new one with --postcodes",
    ),
    "msg.granddebat_unknown_author_type.one": (
        "{n} ligne avec un authorType inconnu (type de personne laissé vide)",
        "{n} row with an unknown authorType (person kind left empty)",
    ),
    "msg.granddebat_unknown_author_type.other": (
        "{n} lignes avec un authorType inconnu (type de personne laissé vide)",
        "{n} rows with an unknown authorType (person kind left empty)",
    ),
    "msg.granddebat_anonymous.one": (
        "{n} contribution sans authorId (comptée comme anonyme)",
        "{n} contribution without authorId (counted as anonymous)",
    ),
    "msg.granddebat_anonymous.other": (
        "{n} contributions sans authorId (comptées comme anonymes)",
        "{n} contributions without authorId (counted as anonymous)",
    ),
    "msg.decidim_unused_entity": (
        "les données Decidim « {entity} » ne servent pas à Cercles : fichier ignoré",
        "Decidim '{entity}' data is not used by Cercles: file skipped",
    ),
    "msg.decidim_several_hosts.one": (
        "lignes d'{n} instance Decidim ({names})",
        "rows from {n} Decidim instance ({names})",
    ),
    "msg.decidim_several_hosts.other": (
        "lignes de {n} instances Decidim ({names}) : leurs personnes restent distinctes",
        "rows from {n} Decidim instances ({names}): their persons are kept apart",
    ),
    "msg.moderation_not_measurable": (
        "les contenus masqués ne sont pas dans cet export : la modération n'est pas mesurable",
        "hidden content is not in this export: moderation cannot be measured",
    ),
    "msg.decidim_no_proposal_authors": (
        "pas de colonnes d'auteur dans cet export (Decidim avant 0.27) : les auteurs des "
        "propositions sont inconnus et ne comptent aucun participant",
        "no author columns in this export (Decidim before 0.27): proposal authors are unknown "
        "and count no participant",
    ),
    "msg.decidim_no_state": (
        "pas de colonne d'état : les états des propositions sont inconnus",
        "no state column: proposal states are unknown",
    ),
    "msg.decidim_custom_states.one": (
        "{n} proposition à l'état personnalisé ({names}) comptée « à l'étude »",
        "{n} proposal with a custom state ({names}) counted as evaluating",
    ),
    "msg.decidim_custom_states.other": (
        "{n} propositions à l'état personnalisé ({names}) comptées « à l'étude »",
        "{n} proposals with a custom state ({names}) counted as evaluating",
    ),
    "msg.decidim_anonymous_comments.one": (
        "{n} commentaire sans identifiant d'auteur (compte supprimé ?)",
        "{n} comment without an author id (deleted account?)",
    ),
    "msg.decidim_anonymous_comments.other": (
        "{n} commentaires sans identifiant d'auteur (comptes supprimés ?)",
        "{n} comments without an author id (deleted accounts?)",
    ),
    "msg.decidim_no_debate_authors": (
        "pas de colonnes d'auteur dans cet export : les auteurs des débats sont inconnus",
        "no author columns in this export: debate authors are unknown",
    ),
    # why a file cannot be read (one line, naming the file, line and column)
    "msg.empty_file": ("le fichier est vide", "the file is empty"),
    "msg.binary_file": (
        "ce n'est pas un tableau (CSV, Excel) ni une carte : enregistrez-le en CSV ou en Excel "
        "(.xlsx) et réessayez",
        "this is not a table (CSV, Excel) nor a map: save it as CSV or Excel (.xlsx) and try again",
    ),
    "msg.binary_file.cli": (
        "ce n'est pas un tableau texte (contenu binaire)",
        "this is not a text table (binary content)",
    ),
    "msg.excel_unreadable": (
        "ce fichier Excel ne s'ouvre pas ({detail}) : ouvrez-le dans Excel, enregistrez-le de "
        "nouveau et réessayez",
        "cannot read this Excel file ({detail})",
    ),
    "msg.duplicate_column": (
        "la colonne « {name} » figure deux fois dans l'en-tête : renommez l'une des deux",
        "column '{name}' appears twice in the header",
    ),
    "msg.fields_mismatch": (
        "{found} cellules au lieu de {expected} comme l'en-tête (mauvais séparateur, ou une "
        "cellule contient le séparateur sans guillemets ?)",
        "expected {expected} fields like the header, found {found} (wrong delimiter, or a "
        "cell with the delimiter not in quotes?)",
    ),
    "msg.unclosed_quote": (
        "un guillemet ouvert ici n'est jamais fermé",
        "a quote opened here is never closed",
    ),
    "msg.unparseable_table": (
        "ce tableau ne se lit pas (guillemets mal appariés ?)",
        "cannot parse this table (unbalanced quotes?)",
    ),
    "msg.no_header": ("le fichier n'a pas de ligne d'en-tête", "the file has no header line"),
    "msg.impossible_date": ("date impossible « {value} »", "impossible date '{value}'"),
    "msg.not_a_number": ("« {value} » n'est pas un nombre", "'{value}' is not a number"),
    "msg.not_a_count": (
        "« {value} » n'est pas un nombre entier positif ou nul",
        "'{value}' is not a count (0 or more)",
    ),
    "msg.file_unreadable": (
        "ce fichier ne se lit pas ({detail})",
        "cannot read this file ({detail})",
    ),
    "msg.unknown_platform": (
        "plateforme inconnue « {platform} » (connues : {known})",
        "unknown platform '{platform}' (known: {known})",
    ),
    "msg.not_recognised": (
        "Cercles ne reconnaît pas ce fichier (colonnes : {header}). Envoyez un export Decidim "
        "ou Cap Collectif tel que la plateforme le donne, le fichier des membres, une feuille "
        "de réunion ou un découpage de quartiers (modèles fournis avec Cercles, dossier "
        "data/templates)",
        "Cercles does not recognise this file (columns: {header}). Send a Decidim or Cap "
        "Collectif export as the platform gives it, the roster, a meeting sheet or district "
        "boundaries (templates come with Cercles, folder data/templates)",
    ),
    "msg.not_recognised.cli": (
        "fichier non reconnu (en-tête : {header}) ; utilisez --platform pour dire ce que c'est",
        "not a file Cercles recognises (header: {header}); use --platform to say what it is",
    ),
    "msg.no_such_path": ("{path} : fichier introuvable", "{path}: no such file"),
    "msg.no_such_file": ("fichier introuvable", "no such file"),
    "msg.nothing_to_import": (
        "rien à importer : aucun tableau (CSV, Excel) ni carte dans ce qui a été envoyé",
        "nothing to import: no table file found",
    ),
    "msg.zip_unreadable": (
        "ce zip ne s'ouvre pas (incomplet ou abîmé ?) : téléchargez-le de nouveau",
        "not a readable zip file (truncated or damaged?)",
    ),
    "msg.zip_outside": (
        "le zip contient « {entry} », qui pointe hors de l'archive : refusé",
        "zip entry '{entry}' points outside the archive",
    ),
    "msg.zip_encrypted": (
        "« {entry} » est protégé par un mot de passe : envoyez le fichier sans mot de passe",
        "zip entry '{entry}' is password-protected",
    ),
    "msg.zip_too_large": (
        "« {entry} » est d'une taille invraisemblable une fois décompressé : refusé",
        "zip entry '{entry}' is implausibly large",
    ),
    "msg.zip_damaged": (
        "« {entry} » est abîmé dans le zip ({detail}) : téléchargez-le de nouveau",
        "zip entry '{entry}' is damaged ({detail})",
    ),
    "msg.zip_too_many_entries": (
        "le zip contient {entries} fichiers, plus que les {limit} qu'accepte Cercles : "
        "envoyez l'export tel que la plateforme le donne",
        "the zip holds {entries} entries, more than the {limit} Cercles accepts",
    ),
    "msg.zip_too_big": (
        "le zip ferait {gb} Go une fois décompressé, plus que les {limit} Go qu'accepte Cercles",
        "the zip would unpack to {gb} GB, more than the {limit} GB Cercles accepts",
    ),
    "msg.zip_ratio": (
        "le zip ferait {ratio} fois sa taille une fois décompressé, bien plus que les {limit} "
        "fois d'un vrai export : refusé",
        "the zip would unpack to {ratio} times its size, more than the {limit} times of a real "
        "export",
    ),
    "msg.first_line_too_long": (
        "la première ligne dépasse {limit} Mo : ce n'est pas un tableau que Cercles sait lire",
        "the first line is longer than {limit} MB: not a table Cercles reads",
    ),
    "msg.zip_no_table": (
        "le zip ne contient aucun tableau (.csv, .xlsx, .json)",
        "the zip contains no table file (.csv, .xlsx, .json)",
    ),
    "msg.import_running": (
        "un autre import est en cours : réessayez quand il sera terminé",
        "another import is running on this warehouse; try again when it ends",
    ),
    "msg.import_running.cli": (
        "{path} : un autre import est en cours ; réessayez quand il sera terminé",
        "{path}: another import is running on this warehouse; try again when it ends",
    ),
    "msg.derived_check_failed": (
        "Import annulé : le contrôle « {rule} » échoue sur {failures} ligne(s) des tables "
        "calculées ; l'entrepôt garde ses données d'avant. Signalez-le à l'équipe de Cercles.",
        "Import cancelled: the check '{rule}' fails on {failures} row(s) of the derived "
        "tables; the warehouse keeps what it had. Please report it to the Cercles team.",
    ),
    "msg.schema_too_new": (
        "cet entrepôt de données vient d'une version plus récente de Cercles (schéma "
        "{version}, celle-ci lit jusqu'au {supported}) : mettez Cercles à jour",
        "this warehouse uses schema version {version}, newer than this Cercles ({supported}): "
        "upgrade Cercles",
    ),
    "msg.warehouse_missing": (
        "{path} : pas encore d'entrepôt de données ; importez d'abord des exports (page Données)",
        "{path}: no warehouse yet; import exports first (Données page)",
    ),
    "msg.warehouse_missing.cli": (
        "{path} : pas encore d'entrepôt de données ; importez d'abord des exports "
        "(cercles import FICHIERS)",
        "{path}: no warehouse yet; import exports first (cercles import FILES)",
    ),
    "msg.warehouse_outdated": (
        "{path} : cet entrepôt a été construit par une version plus ancienne de Cercles ; "
        "lancez `cercles upgrade` (ou importez un fichier) pour le mettre à jour",
        "{path}: this warehouse was built by an older Cercles; run `cercles upgrade` (or "
        "import a file) to bring it up to date",
    ),
    "msg.warehouse_unreadable": (
        "{path} : l'entrepôt de données ne s'ouvre pas ({detail})",
        "{path}: cannot open the warehouse ({detail})",
    ),
    "msg.delete_while_importing": (
        "{path} : un import est en cours ; réessayez quand il sera terminé",
        "{path}: an import is running; try again when it ends",
    ),
    "msg.alias_file_unreadable": (
        "ce fichier d'alias ne se lit pas ({detail})",
        "cannot read this alias file ({detail})",
    ),
    "msg.capcollectif_unknown_layout": (
        "export Cap Collectif dont les colonnes ne correspondent à aucun export connu "
        "(colonnes : {shown} ; reconnues : {known}). Envoyez l'export tel que la plateforme "
        "le donne, ou ajoutez vos intitulés de colonnes dans {file}",
        "Cap Collectif export with an unknown header layout. Expected the columns of one of "
        "[{expected}]; found [{shown}] (recognised: {known}). Add your labels to {file} (see "
        "data/capcollectif_aliases.toml)",
    ),
    "msg.unknown_entity": (
        "contenu Cap Collectif inconnu « {entity} »",
        "unknown Cap Collectif entity '{entity}'",
    ),
    "msg.granddebat_layout": (
        "pas un fichier du Grand Débat : colonnes attendues {columns}",
        "not a Grand Débat file: expected the columns {columns}",
    ),
    "msg.granddebat_json_unreadable": (
        "pas un fichier JSON du Grand Débat (premier objet illisible)",
        "not a Grand Débat JSON file (no readable first object)",
    ),
    "msg.granddebat_json_no_keys": (
        "pas un fichier JSON du Grand Débat (aucune clé d'objet)",
        "not a Grand Débat JSON file (no object keys found)",
    ),
    "msg.granddebat_bad_date.one": (
        "date impossible « {value} » dans l'enregistrement {record}",
        "impossible date '{value}' in record {record} ({n} such record)",
    ),
    "msg.granddebat_bad_date.other": (
        "date impossible « {value} » dans l'enregistrement {record} ({n} enregistrements "
        "dans ce cas)",
        "impossible date '{value}' in record {record} ({n} such records)",
    ),
    "msg.granddebat_bad_event_dates.one": (
        "{n} événement a un startAt impossible",
        "{n} event has an impossible startAt",
    ),
    "msg.granddebat_bad_event_dates.other": (
        "{n} événements ont un startAt impossible",
        "{n} events have an impossible startAt",
    ),
    "msg.roster_no_circle_column": (
        "pas de colonne de cercle (cercle) : ajoutez-la (1, 2, 3, militant, sympathisant ou "
        "public)",
        "no circle column (cercle)",
    ),
    "msg.roster_no_identifier_column": (
        "pas de colonne d'identifiant : ajoutez email, ou plateforme + identifiant de plateforme",
        "no identifier column (email, or platform + platform_user)",
    ),
    "msg.sheet_missing_column": (
        "pas de colonne « {name} » : elle est requise dans une feuille {sheet} (voir les modèles)",
        "no '{name}' column for a {sheet} sheet",
    ),
    "msg.sheet_not_a_date": (
        "« {value} » n'est pas une date (JJ/MM/AAAA)",
        "'{value}' is not a date (JJ/MM/AAAA)",
    ),
    "msg.sheet_not_a_time": (
        "« {value} » n'est pas une heure (18h30 ou 18:30)",
        "'{value}' is not a time (18h30 or 18:30)",
    ),
    "msg.sheet_required_empty": (
        "cellule vide : cette colonne est obligatoire",
        "'{value}' is empty: this column is required",
    ),
    "msg.sheet_repeated_meeting": (
        "« {value} » figure déjà plus haut : une ligne par réunion",
        "'{value}' appears on an earlier line: each meeting once",
    ),
    "msg.sheet_not_a_meeting_type": (
        "« {value} » n'est pas un type de réunion (présentiel, en ligne ou hybride)",
        "'{value}' is not a meeting type (présentiel, en ligne or hybride)",
    ),
    "msg.sheet_not_a_headcount": (
        "« {value} » n'est pas un nombre de personnes (0 ou plus)",
        "'{value}' is not a number of people (0 or more)",
    ),
    "msg.sheet_not_a_state": (
        "« {value} » n'est pas un état de proposition (déposée, à l'étude, retenue, intégrée, "
        "écartée, rejetée ou retirée)",
        "'{value}' is not a proposal state (déposée, à l'étude, retenue, intégrée, écartée, "
        "rejetée or retirée)",
    ),
    "msg.sheet_answer_without_state": (
        "état vide : une proposition avec une date_reponse a besoin de son état",
        "'{value}' is empty: a proposal with a date_reponse needs its etat",
    ),
    "msg.sheet_phase_end_before_start": (
        "« {value} » est avant le début de la phase",
        "'{value}' is before the phase's debut",
    ),
    "msg.sheet_not_an_indicator": (
        "« {value} » n'est pas un indicateur ({names}, ou participants_per_1000:<code du "
        "quartier>)",
        "'{value}' is not an indicator ({names}, or participants_per_1000:<district id>)",
    ),
    "msg.sheet_repeated_objective": (
        "« {value} » figure déjà plus haut : un objectif par indicateur",
        "'{value}' appears on an earlier line: one objective each",
    ),
    "msg.sheet_not_a_target": (
        "« {value} » n'est pas une cible positive (une part : 40 % ou 0,4)",
        "'{value}' is not a positive number (a share: 40 % or 0,4)",
    ),
    "msg.sheet_start_after_deadline": (
        "« {value} » est après l'échéance",
        "'{value}' is after the echeance",
    ),
    "msg.objective_no_deadline": ("il faut une échéance", "a deadline is needed"),
    "msg.objectives_unknown_districts": (
        "des objectifs nomment des quartiers absents du découpage : {names}",
        "objectives name districts the territory does not have: {names}",
    ),
    "msg.relay_looks_like_email.one": (
        "{n} libellé de relais ressemble à une adresse e-mail et n'a pas été gardé "
        "(utilisez un prénom ou un code)",
        "{n} relay label looks like an e-mail address and was not kept (use a first name or "
        "a code)",
    ),
    "msg.relay_looks_like_email.other": (
        "{n} libellés de relais ressemblent à des adresses e-mail et n'ont pas été gardés "
        "(utilisez un prénom ou un code)",
        "{n} relay labels look like e-mail addresses and were not kept (use a first name or "
        "a code)",
    ),
    "msg.sheet_not_yes_no": ("« {value} » n'est ni oui ni non", "'{value}' is neither oui nor non"),
    "msg.sheet_repeated_phase": (
        "« {value} » nomme une phase déjà listée",
        "'{value}' names a phase already listed",
    ),
    "msg.sheet_not_a_platform": (
        "« {value} » n'est pas un nom de plateforme (decidim, capcollectif, ou decidim:adresse)",
        "'{value}' is not a platform name (decidim, capcollectif, or decidim:host)",
    ),
    "msg.sheet_not_a_circle": (
        "« {value} » n'est pas un cercle (1, 2 ou 3)",
        "'{value}' is not a circle (1, 2 or 3)",
    ),
    "msg.sheet_not_an_action_type": (
        "« {value} » n'est pas un type d'action ({types})",
        "'{value}' is not an action type ({types})",
    ),
    "msg.sheet_doors_opened_above_knocked": (
        "« {value} » dépasse les portes_frappees de la ligne",
        "'{value}' is more than the portes_frappees of the line",
    ),
    "msg.sheet_coordinate_pair": (
        "« {value} » vient sans sa longitude (ou l'inverse) : donnez les deux ou aucune",
        "'{value}' comes without its longitude (or the reverse): give both or neither",
    ),
    "msg.sheet_not_a_postcode": (
        "« {value} » n'est pas un code postal français à 5 chiffres",
        "'{value}' is not a 5-digit French postcode",
    ),
    "msg.sheet_not_a_whole_number": (
        "« {value} » n'est pas un nombre entier (0 ou plus)",
        "'{value}' is not a whole number (0 or more)",
    ),
    "msg.sheet_not_a_coordinate": (
        "« {value} » n'est pas une {axis} en degrés décimaux",
        "'{value}' is not a {axis} in decimal degrees",
    ),
    "msg.actions_alias_unknown_column": (
        "[actions.headers] « {role} » n'est pas une colonne de la feuille des actions ({columns})",
        "[actions.headers] '{role}' is not a column of the actions sheet ({columns})",
    ),
    "msg.actions_alias_unknown_type": (
        "[actions.values.type] « {type} » n'est pas un type d'action ({types})",
        "[actions.values.type] '{type}' is not an action type ({types})",
    ),
    "msg.sheet_meeting_elsewhere": (
        "la réunion « {meeting} » est déjà dans la feuille « {sheet} » (si ce fichier la "
        "remplace, donnez-lui le même nom de fichier)",
        "id_reunion '{meeting}' is already a meeting of the sheet '{sheet}' (if this file "
        "replaces it, give it the same file name)",
    ),
    "msg.sheet_unknown_meeting": (
        "« {meeting} » n'est pas une réunion des feuilles « reunions »",
        "id_reunion '{meeting}' is not a meeting of the reunions sheets",
    ),
    "msg.sheet_answer_before_meeting": (
        "« {value} » est avant le jour de la réunion de la proposition",
        "'{value}' is before the day of the proposal's meeting",
    ),
    "msg.territory_no_area": (
        "le quartier « {district} » n'a plus de surface une fois sa géométrie réparée (vide, "
        "une ligne ou un point ?)",
        "district '{district}' has no area left once its geometry is repaired (empty, a line "
        "or a point?)",
    ),
    "msg.postcodes_missing_column": (
        "pas de colonne {french} (colonnes trouvées : {found})",
        "no {role} column ({role} or {french}; columns found: {found})",
    ),
    "msg.territory_unreadable": (
        "ce fichier ne se lit pas comme un découpage de quartiers ({detail})",
        "cannot read this file as district boundaries ({detail})",
    ),
    "msg.territory_no_districts": (
        "le fichier ne contient aucun quartier",
        "the file has no districts",
    ),
    "msg.territory_no_geometry": (
        "pas de géométrie : ce fichier n'a pas de contours de quartiers",
        "no geometry column: this file has no district boundaries",
    ),
    "msg.territory_projected_no_crs": (
        "les coordonnées sont projetées mais le fichier ne dit pas dans quel système (le "
        "fichier .prj manque-t-il au shapefile ?)",
        "the coordinates are projected but the file does not say in which system (.prj file "
        "missing from the shapefile?)",
    ),
    "msg.column_not_found": (
        "pas de colonne « {name} » (colonnes trouvées : {found})",
        "no column '{name}' (columns found: {found})",
    ),
    "msg.territory_column_unknown": (
        "impossible de savoir quelle colonne contient {item} (colonnes trouvées : {found}) : "
        "renommez-la « id » ou « population »",
        "cannot tell which column holds the {item} (columns found: {found}); rename it 'id' "
        "or 'population'",
    ),
    "msg.territory_column_unknown.cli": (
        "impossible de savoir quelle colonne contient {item} (colonnes trouvées : {found}) ; "
        "indiquez-la avec {option}",
        "cannot tell which column holds the {item} (columns found: {found}); name it with {option}",
    ),
    "msg.territory_feature_no_id": (
        "l'élément {feature} n'a pas d'identifiant de quartier",
        "feature {feature} has no district id",
    ),
    "msg.territory_duplicate_id": (
        "l'identifiant de quartier « {district} » figure deux fois (éléments {first} et "
        "{second}) : les identifiants doivent être uniques",
        "district id '{district}' appears twice (features {first} and {second}); ids must be "
        "unique",
    ),
    "msg.territory_count_unknown": (
        "impossible de savoir quelle colonne contient la population ou les inscrits (colonnes "
        "trouvées : {found}) : renommez-la « population » ou « inscrits »",
        "cannot tell which column holds the population or the registered voters (columns "
        "found: {found}); rename it 'population' or 'inscrits'",
    ),
    "msg.territory_count_unknown.cli": (
        "impossible de savoir quelle colonne contient la population ou les inscrits (colonnes "
        "trouvées : {found}) ; indiquez-la avec --population-col",
        "cannot tell which column holds the population or the registered voters (columns "
        "found: {found}); name it with --population-col",
    ),
    "msg.territory_table_no_code": (
        "impossible de savoir quelle colonne contient le code des quartiers (colonnes "
        "trouvées : {found}) : nommez-la comme IRIS, CODE_IRIS ou codeBureauVote",
        "cannot tell which column holds the district code (columns found: {found}); name it "
        "like IRIS, CODE_IRIS or codeBureauVote",
    ),
    "msg.territory_population_first": (
        "aucun découpage en quartiers auquel donner cette population : importez d'abord les "
        "contours (ou dans le même envoi)",
        "no district boundaries to give this population to: import the boundaries first (or "
        "in the same upload)",
    ),
    "msg.territory_no_commune_column": (
        "pas de colonne de code commune pour garder la commune {commune} (colonnes trouvées : "
        "{found})",
        "no commune code column to keep commune {commune} (columns found: {found})",
    ),
    "msg.territory_commune_absent": (
        "aucun quartier de la commune {commune} dans ce fichier (communes trouvées : {found})",
        "no district of commune {commune} in this file (communes found: {found})",
    ),
    "msg.territory_no_code.one": (
        "{n} ligne sans code de quartier",
        "{n} row without a district code",
    ),
    "msg.territory_no_code.other": (
        "{n} lignes sans code de quartier",
        "{n} rows without a district code",
    ),
    "msg.territory_no_registered.one": (
        "nombre d'inscrits inconnu pour {n} quartier (les taux n'y sont pas calculables) : "
        "{names}",
        "registered voters unknown for {n} district (rates cannot be computed there): {names}",
    ),
    "msg.territory_no_registered.other": (
        "nombre d'inscrits inconnu pour {n} quartiers (les taux n'y sont pas calculables) : "
        "{names}",
        "registered voters unknown for {n} districts (rates cannot be computed there): {names}",
    ),
    "msg.territory_no_source": (
        "indiquez un fichier de contours, ou le code d'une intercommunalité ou d'une commune "
        "dont télécharger les communes depuis l'API Découpage administratif",
        "give a boundaries file, or the code of an intercommunality or a commune whose "
        "communes to fetch from the geo API",
    ),
    "msg.territory_no_source.cli": (
        "indiquez un fichier de contours, ou --epci CODE / --commune CODE pour télécharger les "
        "communes depuis l'API Découpage administratif",
        "give a boundaries file, or --epci CODE / --commune CODE to fetch communes from the geo "
        "API",
    ),
    "msg.territory_epci_with_file": (
        "le code d'une intercommunalité fait télécharger ses communes : donnez-le sans fichier",
        "an intercommunality's code fetches its communes: give it without a file",
    ),
    "msg.territory_epci_with_file.cli": (
        "--epci télécharge les communes depuis l'API Découpage administratif : indiquez-le sans "
        "fichier",
        "--epci fetches communes from the geo API: give it without a file",
    ),
    "msg.geo_api_one_of": (
        "indiquez soit le code d'une intercommunalité, soit celui d'une commune",
        "give either an intercommunality's code or a commune's",
    ),
    "msg.geo_api_one_of.cli": (
        "indiquez soit --epci CODE, soit --commune CODE",
        "give either --epci CODE or --commune CODE",
    ),
    "msg.geo_api_http": (
        "l'API Découpage administratif a répondu HTTP {status} pour {url}",
        "the geo API answered HTTP {status} for {url}",
    ),
    "msg.geo_api_offline": (
        "Hors ligne : téléchargez à la main {url} (API Découpage administratif), "
        "enregistrez-le sous {target}, puis lancez : cercles territory {target}",
        "Offline: download {url} (API Découpage administratif) by hand, save it as {target}, "
        "then run: cercles territory {target}",
    ),
    "msg.geo_api_not_geojson": (
        "la réponse de l'API Découpage administratif n'est pas du GeoJSON ({url})",
        "the geo API's answer is not GeoJSON ({url})",
    ),
    "msg.geo_api_no_commune": (
        "l'API Découpage administratif ne connaît aucune commune pour {area} ({url})",
        "the geo API knows no commune for {area} ({url})",
    ),
}
LABELS.update(IMPORT_MESSAGES)
