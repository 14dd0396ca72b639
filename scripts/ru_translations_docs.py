"""Russian translations of the strings changed when the README's guides moved into docs/.

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/imports/admin_views.py
    "A .csv (UTF-8) or .xlsx file with the columns listed in the user guide (docs/guide/imports.md).": (
        "Файл .csv (UTF-8) или .xlsx со столбцами, перечисленными в руководстве пользователя (docs/guide/imports.md)."
    ),
}
