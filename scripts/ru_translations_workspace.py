"""Russian translations of the case page as a workspace (casetracker/cases/admin/workspace/, its templates).

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # The record facts (presenters.py).
    "Where": "Где",
    "Police": "Полиция",
    "Released": "Освобождён(а)",
    "not recorded": "не записано",
    "Event": "Акция",
    "present": "присутствие",
    "Minor at detention": "Несовершеннолетний при задержании",
    "Also": "Также",
    "Narrative": "Обстоятельства",
    "Recognition": "Распознавание",
    "camera": "камера",
    "Footage": "Запись",
    "Source": "Источник",
    "Notes": "Заметки",
    "Filed on": "Составлено",
    "Judge": "Судья",
    "Outcome": "Решение",
    "not decided yet": "ещё не вынесено",
    "Decision received": "Постановление получено",
    "Description": "Описание",
    "Uploaded": "Загружен",
    "Integrity": "Целостность",
    "verified": "проверена",
    "the stored file has changed": "хранимый файл изменился",
    "Edit": "Изменить",
    "Delete": "Удалить",
    "Delete this record? This cannot be undone.": "Удалить эту запись? Это нельзя отменить.",
    "Evidence claims": "Доводы полиции об идентификации",
    "No evidence claim recorded.": "Доводов полиции не записано.",
    # The sections.
    "Detentions": "Задержания",
    "No detention recorded.": "Задержаний не записано.",
    "Charges": "Обвинения",
    "No charge recorded.": "Обвинений не записано.",
    "Hearings": "Заседания",
    "No hearing recorded.": "Заседаний не записано.",
    "Documents": "Документы",
    "No document uploaded.": "Документы не загружены.",
    "No note yet.": "Заметок пока нет.",
    # The record forms and their messages (views.py, templates).
    "“%(record)s” was saved.": "Запись «%(record)s» сохранена.",
    "Change %(record)s": "Изменить: %(record)s",
    "Add %(record)s": "Добавить: %(record)s",
    "“%(record)s” was deleted.": "Запись «%(record)s» удалена.",
    "Delete %(record)s": "Удалить: %(record)s",
    "Delete the %(name)s “%(record)s” from this case? This cannot be undone.": (
        "Удалить запись «%(record)s» (%(name)s) из дела? Это нельзя отменить."
    ),
    "Its evidence claims go with it:": "Вместе с ним удаляются доводы полиции:",
    "Yes, delete it": "Да, удалить",
    "Add": "Добавить",
    "Save": "Сохранить",
    "Cancel": "Отмена",
    "The record was not saved: the server could not be reached. Your input is kept; try again.": (
        "Запись не сохранена: сервер недоступен. Введённое сохранилось на странице, попробуйте ещё раз."
    ),
    "The record was not saved (the server answered %%(status)s). Your input is kept; try again.": (
        "Запись не сохранена (ответ сервера: %%(status)s). Введённое сохранилось на странице, попробуйте ещё раз."
    ),
    # The timeline (casetracker/cases/workspace.py).
    "Detained": "Задержание",
    "Charged": "Обвинение",
    "Hearing": "Заседание",
    "Document": "Документ",
    "Note": "Заметка",
    "Nothing recorded yet.": "Пока ничего не записано.",
    # The case's own facts.
    "History": "История",
    "born": "род.",
    "Lawyers": "Адвокаты",
    "none assigned": "не назначены",
    "Summary": "Сводка",
    "Edit case details": "Изменить данные дела",
}

RU_PLURAL = {
    "Please correct the error below.": (
        "Исправьте ошибку ниже.",
        "Исправьте ошибки ниже.",
        "Исправьте ошибки ниже.",
        "Исправьте ошибки ниже.",
    ),
    "%(days)d day before the detention": (
        "за %(days)d день до задержания",
        "за %(days)d дня до задержания",
        "за %(days)d дней до задержания",
        "за %(days)d дня до задержания",
    ),
    "%(days)d day": ("%(days)d сутки", "%(days)d суток", "%(days)d суток", "%(days)d суток"),
}
