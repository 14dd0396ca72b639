"""Russian translations of the case page's readability fixes (the add links of its records, the remove link).

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/cases/admin/inlines.py: a verb and its object in the accusative, which
    # the admin's "Добавить еще один %(verbose_name)s" could not give for every noun.
    "Add a detention": "Добавить задержание",
    "Add an evidence claim": "Добавить довод полиции об идентификации",
    "Add a charge": "Добавить обвинение",
    "Add a hearing": "Добавить заседание",
    "Add a document": "Добавить документ",
    "Add a note": "Добавить заметку",
    # templates/admin/cases/inlines/*.html: removes a row not saved yet.
    "Remove": "Убрать",
    # The same templates' other words, as the admin's own Russian catalogue has them
    # (the project's copies of the templates make them the project's strings too).
    "Change": "Изменить",
    "View": "Просмотреть",
    "View on site": "Смотреть на сайте",
    "Delete?": "Удалить?",
}
