"""Russian translations of the names of the apps that left `cases` (imports, demo data).

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/imports/apps.py
    "Imports": "Импорт",
    # casetracker/demo/apps.py
    "Demo data": "Демонстрационные данные",
}
