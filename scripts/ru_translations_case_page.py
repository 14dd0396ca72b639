"""Russian translations of the case page's add links, and a word of its record forms.

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/cases/admin/workspace/kinds.py: a verb and its object in the accusative,
    # which the admin's "Добавить еще один %(verbose_name)s" could not give for every noun.
    "Add a detention": "Добавить задержание",
    "Add an evidence claim": "Добавить довод полиции об идентификации",
    "Add a charge": "Добавить обвинение",
    "Add a hearing": "Добавить заседание",
    "Add a document": "Добавить документ",
    "Add a note": "Добавить заметку",
    # templates/admin/cases/case/workspace/_record_form.html, as the admin's own catalogue has it.
    "Change": "Изменить",
}
