"""The evaluation report's own words (French, English) and its stylesheet.

Labels shared with the dashboard come from `dashboard.i18n`; only what the report says and
the dashboard does not lives here.
"""

from dashboard.i18n import DEFAULT_LANGUAGE, REGISTERED, RESIDENTS, t

REPORT_LABELS = {
    "title": ("Bilan de la campagne", "Campaign evaluation report"),
    "subtitle": (
        "Participation en ligne et en présentiel, cercles et quartiers touchés, comparés aux "
        "campagnes de référence.",
        "Online and in-person participation, circles and districts reached, compared with "
        "reference campaigns.",
    ),
    "period": ("Période", "Period"),
    "period.all": ("toute la campagne", "the whole campaign"),
    "filters": ("Filtres", "Filters"),
    "filters.none": ("aucun (toutes les données)", "none (all data)"),
    "generated": ("Produit le {date} par Cercles", "Generated on {date} by Cercles"),
    "contents": ("Sommaire", "Contents"),
    "key_figures": ("Chiffres clés", "Key figures"),
    # benchmarks
    "benchmarks": ("Comparaison aux campagnes de référence", "Compared with reference campaigns"),
    "benchmarks.intro": (
        "Référence : une liste métropolitaine en 2020 (202 participants, 706 propositions dont "
        "deux tiers en atelier, 9 réunions de 40 à 150 personnes, 10 à 15 jours pour en faire "
        "un programme) ; modération : au plus 0,01 % sur 800 projets d'un éditeur (2016).",
        "Reference: a metropolitan list in 2020 (202 participants, 706 proposals, two thirds "
        "from workshops, 9 meetings of 40 to 150 people, 10 to 15 days to turn them into a "
        "programme); moderation: at most 0.01 % on 800 projects of one vendor (2016).",
    ),
    "previous": ("Par rapport à la campagne précédente ({previous})",
                 "Compared with the previous campaign ({previous})"),
    "previous.intro": (
        "La campagne précédente de la feuille « campagnes », sous les mêmes filtres.",
        "The previous campaign of the campagnes sheet, under the same filters.",
    ),
    "previous.participants": ("Participants", "Participants"),
    "previous.beyond_first_circle_share": ("Au-delà du premier cercle", "Beyond the first circle"),
    "previous.proposals": ("Propositions", "Proposals"),
    "previous.in_person_share": ("Part en présentiel", "In-person share"),
    "previous.median_days_to_answer": ("Délai médian de réponse", "Median days to answer"),
    "previous.meetings": ("Réunions", "Meetings"),
    "previous.retention": (
        "Sur {came} participants de {previous}, {stayed} ont participé à cette campagne ({share}).",
        "Of {came} participants of {previous}, {stayed} took part in this campaign ({share}).",
    ),
    "col.meaning": ("Ce qu'il mesure", "What it measures"),
    "col.this_campaign": ("Cette campagne", "This campaign"),
    "col.reference": ("Référence", "Reference"),
    "col.reading": ("Lecture", "Reading"),
    "bench.participants": ("Participants", "Participants"),
    "bench.proposals": ("Propositions", "Proposals"),
    "bench.in_person_share": ("Part des propositions en présentiel", "Share of proposals in person"),
    "bench.meetings": ("Réunions", "Meetings"),
    "bench.meeting_size": ("Taille des réunions (présents)", "Meeting size (headcount)"),
    "bench.synthesis_days": ("Durée de la synthèse", "Synthesis time"),
    "bench.moderation": ("Taux de modération", "Moderation rate"),
    "bench.above": ("au-dessus", "above"),
    "bench.below": ("en dessous", "below"),
    "bench.within": ("dans la fourchette", "within the range"),
    "bench.not_measured": ("non mesuré", "not measured"),
    "bench.significantly_above": ("nettement au-dessus (au-delà du hasard)",
                                  "significantly above (beyond chance)"),
    "bench.above_by_chance": ("au-dessus, mais dans la marge du hasard",
                              "above, but within chance"),
    "range": ("{low} à {high}", "{low} to {high}"),
    "range.people": ("{low} à {high} pers.", "{low} to {high} people"),
    "range.days": ("{low} à {high} j", "{low} to {high} d"),
    # timeline
    "timeline": ("Calendrier de la campagne", "Campaign timeline"),
    "timeline.intro": (
        "Les phases configurées, les réunions tenues et les volumes de chaque semaine.",
        "The configured phases, the meetings held and each week's volumes.",
    ),
    "timeline.no_phases": (
        "Aucune phase n'est configurée (feuille « phases ») : la campagne est lue d'un bloc.",
        "No phase is configured (sheet \"phases\"): the campaign is read as one block.",
    ),
    "col.starts": ("Début", "Start"),
    "col.ends": ("Fin", "End"),
    "col.restricted": ("Restreinte", "Restricted"),
    "col.days_long": ("Durée (jours)", "Length (days)"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "timeline.proposals": ("Propositions déposées et répondues par semaine",
                           "Proposals submitted and answered per week"),
    "timeline.meetings": ("Réunions : présents et propositions par semaine",
                          "Meetings: headcount and proposals per week"),
    # circles
    "circles": ("Cercles touchés", "Circles reached"),
    "circles.beyond": (
        "{share} des participants viennent au-delà du premier cercle (cercles 2 et 3).",
        "{share} of participants come from beyond the first circle (circles 2 and 3).",
    ),
    "circles.evolution": ("Participants cumulés par cercle", "Cumulative participants by circle"),
    # districts
    "districts": ("Quartiers", "Districts"),
    "districts.summary": (
        "Indice de dissimilarité de Duncan : {duncan}. Participants au quartier inconnu : "
        "{unknown}. Quartiers sous-représentés : {under}.",
        "Duncan dissimilarity index: {duncan}. Participants whose district is unknown: "
        "{unknown}. Under-reached districts: {under}.",
    ),
    "districts.map": ("Statut des quartiers", "District status"),
    "districts.table": ("Tous les quartiers", "Every district"),
    "districts.targets": ("Quartiers à travailler pendant le mandat",
                          "Districts to work on during the mandate"),
    "districts.targets_help": (
        "Les quartiers nettement sous-représentés, sous la limite à 99,8 % (alarme) puis à "
        "95 % (alerte), classés par participants manquants (attendus − observés).",
        "The districts clearly under-reached, below the 99.8 % limit (alarm) then the 95 % "
        "one (alert), ranked by missing participants (expected − observed).",
    ),
    "districts.no_targets": ("Aucun quartier nettement sous-représenté.",
                             "No district clearly under-reached."),
    "districts.privacy": (
        "Les effectifs de moins de {n} personnes s'affichent « < {n} » ; un second effectif "
        "est masqué quand le premier se déduirait du total, et les taux qui le révèleraient "
        "sont bornés.",
        "Counts under {n} persons read \"< {n}\"; a second count is hidden when the first could "
        "be worked out from the total, and the rates that would reveal it are bounded.",
    ),
    "districts.none": (
        "Aucun découpage en quartiers n'a été importé : la portée par quartier ne peut pas "
        "être mesurée.",
        "No district boundaries were imported: reach by district cannot be measured.",
    ),
    # moderation
    "moderation": ("Modération", "Moderation"),
    "moderation.summary": (
        "{moderated} contenus masqués sur {total} contenus écrits par des participants, "
        "soit {rate} (référence : au plus 0,01 %).",
        "{moderated} hidden items out of {total} written by participants: {rate} "
        "(benchmark: at most 0.01 %).",
    ),
    "moderation.unmeasured": (
        "{n} contenus viennent de sources qui ne peuvent pas révéler la modération ; ils sont "
        "laissés hors du taux.",
        "{n} items come from sources that cannot reveal moderation; they are left out of the rate.",
    ),
    "moderation.by_kind": ("Par type de contenu et canal", "By content kind and channel"),
    # proposals
    "proposals": ("Traitement des propositions", "Proposal throughput"),
    "proposals.summary": (
        "{answered} propositions répondues ; délai médian {median}, 9 sur 10 en moins de {p90}.",
        "{answered} proposals answered; median time {median}, 9 in 10 within {p90}.",
    ),
    "synthesis": ("Durée de la synthèse", "Synthesis time"),
    "synthesis.text": (
        "La collecte s'est close le {closed} ({phase}). La dernière réponse date du {last} : "
        "la synthèse a duré {days}. {after} propositions ont reçu leur réponse après la "
        "clôture, en médiane {median} après.",
        "Collection closed on {closed} ({phase}). The last answer came on {last}: the "
        "synthesis took {days}. {after} proposals were answered after the close, a median "
        "of {median} after it.",
    ),
    "synthesis.no_phase": ("dernière proposition déposée", "last proposal made"),
    "synthesis.none": ("Aucune proposition n'a reçu de réponse datée.",
                       "No proposal received a dated answer."),
    "lag.text": (
        "Propositions papier ou d'atelier publiées : {n} ; délai médian de saisie {median} "
        "(90 % en moins de {p90}).",
        "Paper or workshop proposals published: {n}; median transcription lag {median} "
        "(90 % within {p90}).",
    ),
    # channels
    "channels": ("En ligne et en présentiel", "Online and in person"),
    "mobilisation.summary": (
        "{actions} actions de terrain, {doors} portes ouvertes ; {rises} des {operations} "
        "opérations sont suivies d'une hausse des nouveaux participants de leur quartier.",
        "{actions} field actions, {doors} doors opened; {rises} of the {operations} "
        "operations are followed by a rise in their district's new participants.",
    ),
    "mobilisation.left_alone": (
        "Quartiers sous-représentés sans action de terrain depuis 21 jours : {names}.",
        "Under-reached districts without a field action for 21 days: {names}.",
    ),
    "channels.summary": (
        "{in_person} des propositions ont été faites en présentiel ({n_in} sur {n}).",
        "{in_person} of proposals were made in person ({n_in} of {n}).",
    ),
    "channels.meetings_text": (
        "{meetings} réunions, {headcount} présents comptés (jamais ajoutés aux participants).",
        "{meetings} meetings, {headcount} people counted (never added to participants).",
    ),
    "channels.meetings_by_district": ("Réunions par quartier", "Meetings by district"),
    "votes.text": (
        "Votes en ligne : {digital} ; votes papier : {paper} ({share} papier), sur {n} "
        "propositions dont l'export distingue les deux.",
        "Digital votes: {digital}; paper votes: {paper} ({share} paper), on {n} proposals "
        "whose export splits them.",
    ),
    "votes.digital_only": (
        "Votes en ligne : {digital}, sur {n} propositions ; les exports ne comptent pas de "
        "votes papier.",
        "Digital votes: {digital}, on {n} proposals; the exports count no paper votes.",
    ),
    # methods
    "methods": ("Méthodes et couverture", "Methods and coverage"),
    "methods.intro": (
        "Chaque chiffre vient d'une requête SQL du dossier queries/, la même que le tableau de "
        "bord : les nombres de ce bilan sont ceux du tableau de bord pour les mêmes filtres.",
        "Each number comes from one SQL query in queries/, the same as the dashboard's: this "
        "report's numbers are the dashboard's for the same filters.",
    ),
    "methods.synthesis": (
        "Jours entre la clôture de la collecte (fin de la phase ouverte, celle où le plus de "
        "propositions ont été faites, sinon la dernière proposition) et la dernière réponse ; 0 "
        "si tout était répondu avant.",
        "Days from the close of collection (end of the open phase, the one where most "
        "proposals were made, else the last proposal) to the last answer; 0 if everything was "
        "answered before.",
    ),
    "methods.meeting_size": (
        "Présents comptés par réunion (plus petite à plus grande), réunions avec un effectif.",
        "Headcount per meeting (smallest to largest), meetings with a headcount.",
    ),
    "methods.district": (
        "Quartier d'une personne : fichier des membres, sinon code postal du profil, sinon "
        "quartier de sa première contribution localisée. Attendus E = population × "
        "(participants localisés / population totale) ; limites de l'entonnoir : Poisson "
        "exactes à 95 % et 99,8 %.",
        "A person's district: roster, else profile postcode, else the district of their first "
        "located contribution. Expected E = population × (located participants / total "
        "population); funnel limits: exact Poisson at 95 % and 99.8 %.",
    ),
    "methods.coverage": ("Ce que chaque source a pu mesurer", "What each source could measure"),
    "methods.imports": ("Fichiers importés", "Imported files"),
    "col.definition": ("Définition", "Definition"),
    "col.sources": ("Sources", "Sources"),
    "col.items": ("Éléments", "Items"),
    "col.items_are": ("Éléments comptés", "Items counted"),
    "col.unmeasured": ("Non mesurables", "Not measurable"),
    "map.print_note": (
        "Polygones des quartiers colorés selon leur place dans l'entonnoir (sans fond de carte).",
        "District polygons coloured by their place on the funnel plot (no background map).",
    ),
    "not_available": ("non disponible", "not available"),
}


# The report's labels that name the districts' population, when it counts registered voters.
REPORT_REGISTERED_LABELS = {
    "methods.district": (
        "Quartier d'une personne : fichier des membres, sinon code postal du profil, sinon "
        "quartier de sa première contribution localisée. Attendus E = inscrits du quartier × "
        "(participants localisés / total des inscrits) ; limites de l'entonnoir : Poisson "
        "exactes à 95 % et 99,8 %.",
        "A person's district: roster, else profile postcode, else the district of their first "
        "located contribution. Expected E = the district's registered voters × (located "
        "participants / all registered voters); funnel limits: exact Poisson at 95 % and 99.8 %.",
    ),
}


def rt(key: str, lang: str = DEFAULT_LANGUAGE, denominator: str = RESIDENTS, **values) -> str:
    """The report's label for `key` in `lang`, else the dashboard's (`i18n.t`); worded for
    registered voters when the districts count them."""
    pair = REPORT_REGISTERED_LABELS.get(key) if denominator == REGISTERED else None
    pair = pair or REPORT_LABELS.get(key)
    if pair is None:
        return t(key, lang, denominator, **values)
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


STYLESHEET = """
:root { --ink: #1f2d3a; --muted: #5d6d7e; --line: #d5dbe1; --accent: #2c3e50;
        --alarm: #b2182b; --alert: #ef8a62; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
       color: var(--ink); margin: 0; background: #f4f6f8; font-size: 14px; line-height: 1.45; }
main { max-width: 780px; margin: 0 auto; padding: 28px 36px 48px; background: #fff; }
h1 { font-size: 28px; margin: 0 0 6px; color: var(--accent); }
h2 { font-size: 20px; margin: 34px 0 10px; padding-bottom: 4px;
     border-bottom: 2px solid var(--accent); color: var(--accent); }
h3 { font-size: 15px; margin: 20px 0 6px; }
p { margin: 6px 0 10px; }
.lead { color: var(--muted); font-size: 15px; }
.meta { color: var(--muted); font-size: 12px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 14px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.card .value { font-size: 21px; font-weight: bold; color: var(--accent); }
.card .label { font-size: 12px; font-weight: bold; }
.card .help { font-size: 10.5px; color: var(--muted); line-height: 1.3; margin-top: 3px; }
.table-box { overflow-x: auto; }  /* a wide table scrolls in its box on a phone */
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 12.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left;
         vertical-align: top; white-space: pre-line; }
th { background: #eef2f5; font-weight: bold; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.under td { background: #fdf0ee; }
.suppressed { color: var(--muted); font-style: italic; }
.note { font-size: 12px; color: var(--muted); }
figure { margin: 10px 0 16px; break-inside: avoid; page-break-inside: avoid; }
figure .plotly-graph-div { margin: 0 auto; }
figcaption { font-size: 12px; color: var(--muted); margin-top: 2px; }
nav ol { columns: 2; font-size: 13px; }
/* on a phone the page never scrolls sideways: two cards a row, a chart or table wider than
   the screen scrolls in its own box */
@media screen and (max-width: 720px) {
  main { padding: 18px 12px 32px; }
  .cards { grid-template-columns: repeat(2, 1fr); }
  figure { overflow-x: auto; }
}
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { background: #fff; font-size: 12px; }
  main { max-width: none; padding: 0; }
  .modebar-container, nav { display: none !important; }
  section { break-before: page; page-break-before: always; }
  section.first { break-before: auto; page-break-before: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, .card, .keep { break-inside: avoid; page-break-inside: avoid; }
  /* paper does not scroll: a wide table (the operations' ten columns) narrows to the page,
     its numbers' headers wrapping, rather than losing its last columns past the edge */
  table { font-size: 10.5px; }
  th, td { padding: 3px 4px; }
  th.n { white-space: normal; }
  a { color: inherit; text-decoration: none; }
}
"""
