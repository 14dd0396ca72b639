"""Russian translations of the possible-duplicates queue and the merge of two person records.

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/cases/models/duplicates.py
    "merged": "объединены",
    "different persons": "разные люди",
    "saved person": "сохранённая запись",
    "possible duplicate": "возможный дубликат",
    "possible duplicates": "возможные дубликаты",
    "found at": "найдено",
    "saved by": "кем сохранено",
    "resolution": "решение",
    "resolved at": "когда решено",
    "resolved by": "кем решено",
    "Possible duplicate #%(pk)s": "Возможный дубликат №%(pk)s",
    # casetracker/cases/models/people.py
    "Can merge duplicate persons": "Может объединять повторяющиеся записи о людях",
    # casetracker/audit/models.py; the merge column of the queue
    "merge": "объединение",
    # casetracker/cases/duplicates/merge.py
    "A person cannot be merged with itself.": "Нельзя объединить запись саму с собой.",
    "One of the two persons no longer exists.": "Одной из двух записей больше нет.",
    "An erased person cannot be merged.": "Запись со стёртыми данными нельзя объединить.",
    "Unknown fields: %(names)s.": "Неизвестные поля: %(names)s.",
    "Each field takes the value of one of the two persons.": "Каждое поле получает значение одной из двух записей.",
    # casetracker/cases/admin/merge_forms.py
    "Record to keep": "Какую запись оставить",
    "keep #%(pk)s": "оставить №%(pk)s",
    "Its number stays; the other record is deleted once its cases have moved.": (
        "Её номер сохраняется; другая запись удаляется после переноса её дел."
    ),
    # casetracker/cases/admin/merge.py
    "Merge two records of one person?": "Объединить две записи об одном человеке?",
    "The two records are one now: #%(kept)s, with %(cases)s case(s) moved from #%(merged)s.": (
        "Две записи объединены в №%(kept)s; из №%(merged)s перенесено дел: %(cases)s."
    ),
    # casetracker/cases/admin/duplicates.py
    "open": "не решено",
    "Mark as different persons": "Отметить как разных людей",
    "already recorded": "уже была в базе",
    "saved": "сохранена",
    "Compare and merge…": "Сравнить и объединить…",
    "deleted": "удалена",
    # templates/admin/cases/dashboard.html
    "Possible duplicates": "Возможные дубликаты",
    "No possible duplicates to review.": "Возможных дубликатов для проверки нет.",
    # templates/admin/cases/possibleduplicate/merge.html
    "Merge": "Объединение",
    "Both records were saved with the same name (and birth date, where known). If they are one person, "
    "choose the record to keep and, for each field, the value to keep; the cases of the other record move "
    "to it and the other record is deleted. If they are two people, mark the entry as different persons "
    "in the list.": (
        "Обе записи сохранены с одним и тем же именем (и датой рождения, если она известна). Если это один "
        "человек, выберите, какую запись оставить, и для каждого поля — какое значение сохранить; дела другой "
        "записи перейдут к ней, а другая запись будет удалена. Если это разные люди, отметьте запись в списке "
        "как разных людей."
    ),
    "Field": "Поле",
    "Review the merge": "Проверить объединение",
    "Back to the list": "Вернуться к списку",
    # templates/admin/cases/possibleduplicate/merge_confirmation.html
    "Person #%(kept)s stays with the values below; every case of person #%(merged)s moves to it, and "
    "person #%(merged)s is deleted. This cannot be undone.": (
        "Запись №%(kept)s остаётся со значениями ниже; все дела записи №%(merged)s переходят к ней, "
        "а запись №%(merged)s удаляется. Это нельзя отменить."
    ),
    "Cases that move:": "Переходящие дела:",
    "The lawyers of either person's cases will see the merged record.": (
        "Юристы дел обеих записей будут видеть объединённую запись."
    ),
    "Yes, merge": "Да, объединить",
    "No, choose again": "Нет, выбрать заново",
}

RU_PLURAL = {
    # casetracker/cases/admin/duplicates.py
    "%(count)d entry was marked as two different persons.": (
        "%(count)d запись отмечена как два разных человека.",
        "%(count)d записи отмечены как два разных человека.",
        "%(count)d записей отмечены как два разных человека.",
        "%(count)d записи отмечены как два разных человека.",
    ),
    # templates/admin/cases/dashboard.html
    "%(counter)s pair of person records to compare": (
        "%(counter)s пара записей о людях для сравнения",
        "%(counter)s пары записей о людях для сравнения",
        "%(counter)s пар записей о людях для сравнения",
        "%(counter)s пары записей о людях для сравнения",
    ),
}
