"""The empty in-person sheets shipped in data/templates/, as CSV and .xlsx (with drop-down
lists and an `aide` tab saying what each column holds): what volunteers fill in, and what
dashboard/importers/sheets.py reads.

    python -m dashboard.sheet_templates    # writes them again after a column changed

tests/test_sheets.py checks that the shipped files are what this writes.
"""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from dashboard.importers.sheets import ACTION_TYPES, SHEET_COLUMNS

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"

COLUMN_HELP = {
    "id_reunion": "identifiant court de la réunion, le même dans les trois feuilles (ex. A3)",
    "date": "date de la réunion (JJ/MM/AAAA)",
    "heure_debut": "heure de début (18h30 ou 18:30)",
    "heure_fin": "heure de fin (21h ou 21:00)",
    "lieu": "salle ou adresse",
    "quartier": "quartier (nom ou code du découpage importé)",
    "type": "présentiel, en ligne ou hybride (vide : présentiel)",
    "participants": "nombre de personnes présentes (entier)",
    "titre": "titre de la proposition écrite sur papier",
    "theme": "thème de la proposition",
    "date_saisie": "date à laquelle la proposition a été saisie (vide : date de la réunion)",
    "etat": "facultatif : déposée, à l'étude, retenue (ou intégrée), écartée (ou rejetée), "
    "retirée (vide : déposée)",
    "date_reponse": "facultatif : date de la réponse de l'équipe (JJ/MM/AAAA), pas avant "
    "la réunion",
    "identifiant": "e-mail ou pseudo sur la plateforme de la personne présente",
    "code_postal": "code postal de la personne présente",
    "venu_par": "facultatif : le membre par qui la personne est venue (prénom ou code choisi "
    "par l'équipe, jamais un e-mail)",
    "phase": "nom de la phase (ex. Pré-propositions)",
    "debut": "premier jour de la phase (JJ/MM/AAAA)",
    "fin": "dernier jour de la phase, inclus (JJ/MM/AAAA)",
    "libelle": "nom de la campagne (ex. Municipales 2020)",
    "vote": "facultatif : date du scrutin (JJ/MM/AAAA), pour aligner les campagnes",
    "hote": "adresse de la plateforme (ex. participer.ville.fr) ; vide : toutes les sources",
    "espaces": "facultatif : identifiants des espaces participatifs sur cette plateforme, "
    "séparés par ; ou , (vide : tous)",
    "restreinte": "oui si la phase est ouverte à un cercle restreint (cercle 1), sinon non",
    "plateforme": "decidim, capcollectif (ou decidim:adresse.de.l.instance)",
    "groupe": "identifiant du groupe d'utilisateurs sur la plateforme",
    "cercle": "1 (militant), 2 (sympathisant) ou 3 (public)",
    "indicateur": "participants, participants_cercle_2, participants_cercle_3, "
    "beyond_first_circle_share, proposals, in_person_share, "
    "median_days_to_answer, meetings, ou participants_per_1000:<code du quartier>",
    "cible": "valeur visée (ex. 300 ; une part : 40 % ou 0,4 ; un délai : 10 jours au plus)",
    "echeance": "date à laquelle la cible doit être atteinte (JJ/MM/AAAA)",
    "latitude": "latitude du lieu (ex. 45,2051), avec la longitude, si ni quartier ni code postal",
    "longitude": "longitude du lieu (ex. 5,7803)",
    "benevoles": "nombre de bénévoles présents",
    "portes_frappees": "nombre de portes frappées",
    "portes_ouvertes": "nombre de portes qui se sont ouvertes",
    "conversations": "nombre de conversations",
    "contacts_recueillis": "nombre de personnes qui ont laissé leurs coordonnées",
    "tracts": "nombre de tracts distribués",
    "equipe": "nom de l'équipe (libre)",
}
OBJECTIVE_COLUMN_HELP = {
    "debut": "facultatif : premier jour compté (JJ/MM/AAAA ; vide : depuis le début)",
}
# help of a column that means something else in the actions sheet
ACTION_COLUMN_HELP = {
    "date": "date de l'action (JJ/MM/AAAA)",
    "type": "porte_a_porte, boitage, tractage, stand, reunion_publique, phoning, sms ou autre",
    "quartier": "quartier (nom ou code du découpage importé), sinon code postal ou coordonnées",
    "code_postal": "code postal du lieu de l'action",
}
SHEET_COLUMN_HELP = {"actions": ACTION_COLUMN_HELP, "objectifs": OBJECTIVE_COLUMN_HELP}
# the drop-down lists of the .xlsx templates
CHOICES = {
    "type": '"présentiel,en ligne,hybride"',
    "restreinte": '"oui,non"',
    "cercle": '"1,2,3"',
    "etat": '"déposée,à l\'étude,retenue,intégrée,écartée,rejetée,retirée"',
}


def write_templates(folder: Path = TEMPLATES) -> list[Path]:
    """The empty sheets, as CSV (UTF-8 with BOM, `;`, as French Excel opens it) and .xlsx."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet, columns in SHEET_COLUMNS.items():
        csv_path = folder / f"{sheet}.csv"
        csv_path.write_text(";".join(columns) + "\r\n", encoding="utf-8-sig")
        book = Workbook()
        table = book.active
        table.title = sheet
        table.append(columns)
        sheet_choices = (
            {**CHOICES, "type": f'"{",".join(ACTION_TYPES)}"'} if (sheet == "actions") else CHOICES
        )
        for cell in table[1]:
            cell.font = Font(bold=True)
            table.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
            if cell.value in sheet_choices:
                rule = DataValidation(
                    type="list", formula1=sheet_choices[cell.value], allow_blank=True
                )
                table.add_data_validation(rule)
                rule.add(f"{cell.column_letter}2:{cell.column_letter}2000")
        table.freeze_panes = "A2"
        guide = book.create_sheet("aide")
        guide.append(["colonne", "contenu"])
        helps = {**COLUMN_HELP, **SHEET_COLUMN_HELP.get(sheet, {})}
        for column in columns:
            guide.append([column, helps[column]])
        guide.column_dimensions["A"].width = 16
        guide.column_dimensions["B"].width = 80
        xlsx_path = folder / f"{sheet}.xlsx"
        book.save(xlsx_path)
        written += [csv_path, xlsx_path]
    return written


if __name__ == "__main__":
    for written in write_templates():
        print(written)
