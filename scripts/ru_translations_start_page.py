"""Russian translations of the start page by role (templates/admin/start_page.html).

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    "Add case": "Добавить дело",
    "Hotline board": "Табло горячей линии",
    "Cases without a lawyer": "Дела без адвоката",
    "All cases": "Все дела",
    "Every open case has a lawyer.": "У каждого открытого дела есть адвокат.",
    "Deadlines of the next 7 days, by lawyer": "Сроки на ближайшие 7 дней по адвокатам",
    "No lawyer assigned": "Адвокат не назначен",
    "overdue": "просрочен",
    "No open deadlines in the next 7 days.": "Открытых сроков на ближайшие 7 дней нет.",
    "My agenda": "Мои сроки и заседания",
    "Mark filed or dismissed": "Отметить: подано или не подаётся",
    "Record the outcome": "Записать решение",
    "Nothing due in the next 30 days.": "На ближайшие 30 дней ничего нет.",
}
