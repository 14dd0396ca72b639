"""Russian translations of the report filters (casetracker/reports/statistics/filters.py)."""

RU = {
    "Enter 1 or 0 (or true or false).": "Введите 1 или 0 (или true или false).",
    "from": "с",
    "to": "по",
    "Detention date, inclusive.": "Дата задержания, включительно.",
    "hearing outcome": "решение суда",
    "publication mode": "режим публикации",
    "Hide every count below the publication threshold.": "Скрыть все числа ниже порога публикации.",
    "The end of the period cannot be before its start.": "Конец периода не может быть раньше его начала.",
    "The per-week and per-month tables give these numbers.": "Эти числа есть в таблицах по неделям и по месяцам.",
}
