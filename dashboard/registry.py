"""What Cercles measures, in one place: every query file of `queries/` and every computed
table, with what one row is, the dashboard pages and the report section that show it, and the
one-line explanation under each headline number.

Adding a metric: write `queries/<name>.sql` (header: what one row is; filters as `$since`,
`$until`, `$phase`, `$platform`, `$channel`, `$circle`, `$district`), add its entry to METRICS,
test it against values worked out by hand (tests/metric_fixtures.py). Pages read it with
`ui.metric("<name>")`; the benchmark times each page's entries, the report collects those with
a section, and tests/test_registry.py checks that the entries say what the pages really read.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    grain: str  # what one row is, and what it measures
    pages: tuple[str, ...] = ()  # dashboard/views/<page>.py that show it (the bench times them)
    report: str | None = None  # the evaluation report's section that shows it
    # "query": queries/<name>.sql run under the filters; "plain": the same without filters;
    # "computed": the function <name> of dashboard.metrics or dashboard.mobilisation (or
    # <module>.<function> of dashboard), which runs queries/<name>.sql when there is one
    # (`sql`) and adds what SQL does not do
    kind: str = "query"
    sql: bool = True


def _query(grain, *pages, report=None):
    return Metric(grain, tuple(pages), report)


def _plain(grain, *pages, report=None):
    return Metric(grain, tuple(pages), report, "plain")


def _computed(grain, *pages, report=None, sql=True):
    return Metric(grain, tuple(pages), report, "computed", sql)


METRICS = {
    # participants and circles
    "reach_by_circle": _query(
        "one row per circle: participants in the window",
        "circles",
        "districts",
        report="circles",
    ),
    "circle_sources": _query(
        "one row per circle and circle source: participants", "circles", report="circles"
    ),
    "new_participants_by_week": _query(
        "one row per week and circle: first-time participants, cumulative",
        "overview",
        "circles",
        report="timeline",
    ),
    "circles_by_phase": _query(
        "one row per phase and circle: participants", "circles", report="circles"
    ),
    "attendance": _query(
        "one row: meetings and anonymous headcounts, never added to participants",
        "circles",
        report="circles",
    ),
    "meeting_totals": _query(
        "one row: meetings and anonymous headcounts (attendance without identified attendees)"
    ),
    # districts
    "district_reach": _computed(
        "one row per district: O, E, O/E, rate, smoothed rate, missing participants, and the "
        "funnel limits and status",
        "districts",
        "mobilisation",
        "objectives",
        report="districts",
    ),
    "district_target_list": _computed(
        "one row per under-reached district, most missing participants first",
        "districts",
        report="districts",
        sql=False,
    ),
    "district_rates": _query(
        "one row per district: participants and their rate per 1,000 residents (district_reach "
        "without the comparison of districts)"
    ),
    "duncan_index": _query(
        "one row per district: participants and residents, what the Duncan dissimilarity "
        "index compares (metrics.duncan_index)"
    ),
    "unknown_district_share": _query("one row: participants whose home district is unknown"),
    "district_shapes": _plain(
        "one row per district: display outline (GeoJSON)",
        "districts",
        "mobilisation",
        report="districts",
    ),
    # moderation
    "moderation_rate": _query(
        "one row: moderated / (published + moderated), measurability, time to hide",
        "moderation",
        report="moderation",
    ),
    "moderation_by_week": _query(
        "one row per week, content kind and channel: published and moderated",
        "moderation",
        report="moderation",
    ),
    # proposals
    "proposals_by_week": _query(
        "one row per week: submitted, answered, open backlog at week's end",
        "overview",
        "proposals",
        report="timeline",
    ),
    "days_to_answer": _query(
        "one row: median and 90th percentile of days from publication to answer",
        "proposals",
        report="proposals",
    ),
    "proposal_state_funnel": _query(
        "one row per state: proposals", "proposals", report="proposals"
    ),
    "transcription_lag": _query(
        "one row: days from meeting to publication of in-person proposals",
        "proposals",
        report="proposals",
    ),
    # channels
    "proposals_by_channel": _query(
        "one row per channel and origin: proposals", "channels", report="channels"
    ),
    "participants_by_channel_mix": _query(
        "one row: participants online only, in person only, both",
        "channels",
        report="channels",
    ),
    "meetings_by_district": _query(
        "one row per district: meetings, headcount, proposals per meeting",
        "channels",
        report="channels",
    ),
    "meetings_by_week": _query(
        "one row per week: meetings, headcount, proposals per meeting",
        "channels",
        report="timeline",
    ),
    "votes_by_channel": _query(
        "one row: digital and paper votes where the export splits them",
        "channels",
        report="channels",
    ),
    # the evaluation report's own
    "campaign_phases": _query(
        "one row per phase: dates, proposals made, meetings and headcount", report="timeline"
    ),
    "meeting_sizes": _query(
        "one row: smallest, median and largest meeting headcount",
        "report",
        report="benchmarks",
    ),
    "synthesis_time": _query(
        "one row: days from the end of the open phase to the last answer",
        "report",
        report="benchmarks",
    ),
    # mobilisation (dashboard/mobilisation.py)
    "meetings_ranked": _query(
        "one row per meeting: headcount, identified, first-timers, circles 2-3",
        "mobilisation",
        report="mobilisation",
    ),
    "operations": _computed(
        "one row per operation: actions, doors, new participants before and after, and the "
        "rate ratio with its interval and verdict",
        "mobilisation",
        report="mobilisation",
    ),
    "field_effort": _query(
        "one row per district: actions and doors in the last 21 days", "mobilisation"
    ),
    "districts_without_action": _computed(
        "one row per under-reached district with no field action in 21 days",
        report="mobilisation",
        sql=False,
    ),
    "actions_by_week": _query(
        "one row per week, action type and district: actions and their counts",
        "mobilisation",
        report="mobilisation",
    ),
    # objectives, relays and the week (dashboard/objectives.py, dashboard/weekly.py)
    "objectives": _plain(
        "one row per open objective: its latest version and the target it replaced"
    ),
    "objective_history": _plain(
        "one row per objective version: target, deadline, start, closed, when and from where",
        "objectives",
    ),
    "objectives.standings": _computed(
        "one row per open objective as of the reference day: current value, progress, pace "
        "needed per week, projection and status",
        "objectives",
        "districts",
        "proposals",
        "channels",
        sql=False,
    ),
    "relays": _query(
        "one row per relay: persons brought, of whom took part, of whom circles 2-3", "circles"
    ),
    "week_participants": _query(
        "one row: active, new (first ever) and circles 2-3 participants of a week"
    ),
    "weekly.week_summary": _computed(
        "the week in five lines: participants against the week before, objectives, alerts, "
        "districts to go to, the best meeting or operation",
        "overview",
        sql=False,
    ),
    # several campaigns (the Comparer page)
    "campaign_list": _plain("one row per campaign of the campagnes sheet, oldest first", "compare"),
    "campaign_weeks": _plain(
        "one row per campaign and week counted from its vote (or start): participants, "
        "new participants, cumulative, proposals",
        "compare",
    ),
    "campaign_retention": _plain(
        "one row per ordered pair of campaigns and circle: participants of the first, of whom "
        "took part in the second",
        "compare",
    ),
    "first_circle_renewal": _plain(
        "one row per campaign after the first: circle-1 participants, of whom in the previous "
        "campaign, renewed",
        "compare",
    ),
    "campaign_headlines": _computed(
        "one row per campaign: its headline numbers under its filter", "compare", sql=False
    ),
    "campaign_districts": _computed(
        "one row per campaign and district: participants living there, per 1,000 residents",
        "compare",
        sql=False,
    ),
    # the data behind the numbers
    "coverage": _query(
        "one row per metric: the sources that could measure it and what it rests on",
        "data",
        report="methods",
    ),
    "imports_overview": _plain(
        "one row per imported file: source, rows kept and skipped, dates",
        "data",
        report="methods",
    ),
    "filter_options": _plain("one row per filter choice: campaigns, phases, platforms, districts"),
    "population_kind": _plain(
        "one row: what the districts' population counts, residents or registered voters "
        "(ui.denominator, the report's wording)"
    ),
    # computed from the queries above (dashboard/metrics.py, dashboard/mobilisation.py)
    "headline_metrics": _computed(
        "the headline numbers (EXPLANATIONS)",
        "districts",
        "proposals",
        "channels",
        "report",
        report="key_figures",
        sql=False,
    ),
    "overview_headline": _computed(
        "the headline numbers the overview's cards show (those of the weekly change)",
        "overview",
        sql=False,
    ),
    "week_over_week": _computed(
        "each headline number against the week before", "overview", sql=False
    ),
}


# The one-line explanation shown under each number, in French (default) and English.
EXPLANATIONS = {
    "participants": {
        "fr": "Personnes distinctes ayant contribué au moins une fois sur la période "
        "(proposition, commentaire, vote, débat, réponse, présence identifiée).",
        "en": "Distinct persons with at least one contribution in the period (proposal, "
        "comment, vote, debate, answer, identified attendance).",
    },
    "participants_by_circle": {
        "fr": "Participants par cercle : 1 militants, 2 sympathisants, 3 grand public.",
        "en": "Participants by circle: 1 activists, 2 sympathisers, 3 general public.",
    },
    "beyond_first_circle_share": {
        "fr": "Part des participants des cercles 2 et 3 : ce qu'on gagne au-delà des militants.",
        "en": "Share of participants from circles 2 and 3: how far we reach beyond activists.",
    },
    "proposals": {
        "fr": "Propositions faites sur la période, en ligne et en atelier (hors amendements "
        "et contenus masqués).",
        "en": "Proposals made in the period, online and in workshops (amendments and hidden "
        "content excluded).",
    },
    "proposals_by_channel": {
        "fr": "Propositions par canal : en ligne ou en présentiel (atelier, papier).",
        "en": "Proposals by channel: online or in person (workshop, paper sheet).",
    },
    "in_person_share": {
        "fr": "Part des propositions faites en présentiel.",
        "en": "Share of proposals made in person.",
    },
    "moderation_rate": {
        "fr": "Contenus masqués / (publiés + masqués) ; repère : 0,01 %. « Non mesurable » "
        "quand les exports ne peuvent pas révéler la modération.",
        "en": 'Hidden items / (published + hidden); benchmark 0.01 %. "Not measurable" when '
        "the exports cannot reveal moderation.",
    },
    "moderation_hidden_items": {
        "fr": "Contenus masqués par la modération, parmi ceux dont les sources révèlent la "
        "modération.",
        "en": "Items hidden by moderation, among those whose sources reveal moderation.",
    },
    "moderation_items": {
        "fr": "Contenus publiés + masqués sur lesquels le taux de modération est mesuré.",
        "en": "Published + hidden items the moderation rate is measured on.",
    },
    "moderation_lower_bound": {
        "fr": "Taux de modération le plus bas compatible avec les contenus masqués observés "
        "(borne basse exacte de Clopper-Pearson à 95 %).",
        "en": "Lowest moderation rate consistent with the hidden items seen (exact "
        "Clopper-Pearson 95 % lower limit).",
    },
    "moderation_above_benchmark": {
        "fr": "Oui quand la borne basse dépasse la référence de 0,01 % : le taux est alors "
        "nettement au-dessus, pas seulement par le hasard de quelques contenus masqués.",
        "en": "Yes when the lower limit exceeds the 0.01 % benchmark: the rate is then clearly "
        "above it, not just by the chance of a few hidden items.",
    },
    "median_days_to_answer": {
        "fr": "Délai médian entre publication et réponse, en jours, des propositions "
        "répondues sur la période.",
        "en": "Median days from publication to answer of the proposals answered in the period.",
    },
    "duncan_index": {
        "fr": "Écart entre la répartition des participants et celle des habitants par "
        "quartier (0 = identique, 1 = totalement différente).",
        "en": "Gap between where participants and residents live across districts "
        "(0 = same spread, 1 = entirely different).",
    },
    "under_reached_districts": {
        "fr": "Quartiers sous la limite basse à 95 % de l'entonnoir : moins de participants "
        "que leur population ne le laisse attendre.",
        "en": "Districts below the 95 % lower funnel limit: fewer participants than their "
        "population leads us to expect.",
    },
    "unknown_district_share": {
        "fr": "Part des participants dont le quartier de résidence est inconnu.",
        "en": "Share of participants whose home district is unknown.",
    },
    "attendance": {
        "fr": "Personnes comptées dans les réunions (non identifiées), jamais ajoutées "
        "aux participants.",
        "en": "Headcounts at meetings (anonymous), never added to participants.",
    },
    "meetings": {
        "fr": "Réunions tenues sur la période.",
        "en": "Meetings held in the period.",
    },
    "moderation_measurable": {
        "fr": "Oui quand au moins une source importée peut révéler les contenus masqués ; "
        "sinon le taux de modération n'est pas mesurable.",
        "en": "Yes when at least one imported source can reveal hidden content; otherwise the "
        "moderation rate cannot be measured.",
    },
    "moderation_benchmark": {
        "fr": "Taux de modération de référence : 0,01 % sur 800 projets d'un éditeur de "
        "plateformes (2016).",
        "en": "Reference moderation rate: 0.01 % over 800 projects of one platform vendor (2016).",
    },
    "p90_days_to_answer": {
        "fr": "Délai en jours sous lequel 90 % des propositions répondues sur la période ont eu "
        "leur réponse.",
        "en": "Days within which 90 % of the proposals answered in the period got their answer.",
    },
}


def query_grains() -> dict[str, str]:
    """{query file: what one row is} for the files run under the filters."""
    return {name: m.grain for name, m in METRICS.items() if m.kind != "plain" and m.sql}


def page_entries(page: str) -> tuple[tuple[str, str], ...]:
    """What `page` asks the warehouse for, as (kind, name): "run" a query under the filters,
    "computed" a function, "plain" a query without filters."""
    kinds = {"query": "run", "computed": "computed", "plain": "plain"}
    return tuple((kinds[m.kind], name) for name, m in METRICS.items() if page in m.pages)


def pages() -> list[str]:
    return sorted({page for m in METRICS.values() for page in m.pages})


def report_entries() -> dict[str, str]:
    """{name: kind} of everything the evaluation report collects."""
    return {name: m.kind for name, m in METRICS.items() if m.report}


# The explanations that name the districts' population, when it counts registered voters.
REGISTERED_EXPLANATIONS = {
    "duncan_index": {
        "fr": "Écart entre la répartition des participants et celle des inscrits par "
        "quartier (0 = identique, 1 = totalement différente).",
        "en": "Gap between where participants and registered voters are across districts "
        "(0 = same spread, 1 = entirely different).",
    },
    "under_reached_districts": {
        "fr": "Quartiers sous la limite basse à 95 % de l'entonnoir : moins de participants "
        "que leur nombre d'inscrits ne le laisse attendre.",
        "en": "Districts below the 95 % lower funnel limit: fewer participants than their "
        "registered voters lead us to expect.",
    },
}
