"""Russian translations of the aggregate report page, its charts and its PDF.

Merged into the catalogue by scripts/fill_translations.py (`make messages`).
"""

# ruff: noqa: E501 -- one msgid per line reads better than wrapped strings

RU = {
    # Page and PDF
    "Aggregate report": "Сводный отчёт",
    "Aggregate report — no personal data": "Сводный отчёт — без персональных данных",
    "Filters": "Фильтры",
    "Show": "Показать",
    "Reset filters": "Сбросить фильтры",
    "All detentions (no filter).": "Все задержания (без фильтров).",
    "Please correct the filters above.": "Исправьте фильтры выше.",
    "all": "все",
    "Headline figures": "Основные показатели",
    "Show the table": "Показать таблицу",
    "No data": "Нет данных",
    "Chart: %(title)s. The table beside it has the same numbers.": "Диаграмма: %(title)s. Те же числа — в таблице рядом.",
    "Publication mode: every count from 1 to %(below)s is hidden and shown as “&lt; %(k)s”, and so are medians and totals that fewer than %(k)s records stand behind, so that no small group can be singled out.": "Режим публикации: каждое число от 1 до %(below)s скрыто и показано как «&lt; %(k)s», как и медианы и суммы, за которыми меньше %(k)s записей, — чтобы нельзя было выделить небольшую группу людей.",
    "“&lt; %(k)s”: hidden in publication mode (fewer than %(k)s).": "«&lt; %(k)s»: скрыто в режиме публикации (меньше %(k)s).",
    # Headline figures
    "people detained": "задержанных людей",
    "detentions with facial recognition": "задержаний с распознаванием лиц",
    "days from footage to detention, median": "дней от записи до задержания, медиана",
    "days from footage to detention, maximum": "дней от записи до задержания, максимум",
    "detentions of journalists or people in press vests": "задержаний журналистов или людей в жилетах «Пресса»",
    "detentions of minors": "задержаний несовершеннолетних",
    "fines, roubles in total": "штрафы, всего рублей",
    "days of administrative arrest in total": "суток административного ареста всего",
    # Sections, columns and chart titles
    "Detentions per day": "Задержания по дням",
    "Detentions per week": "Задержания по неделям",
    "Detentions per month": "Задержания по месяцам",
    "Detentions by region": "Задержания по регионам",
    "Detentions by city": "Задержания по городам",
    "Detentions by place type": "Задержания по типу места",
    "Detentions by identification method": "Задержания по способу идентификации",
    "Facial recognition over time": "Распознавание лиц по месяцам",
    "Days from footage to detention": "Дни от записи до задержания",
    "Hearing outcomes": "Решения судов",
    "Top metro stations by facial-recognition detentions": "Станции метро с наибольшим числом задержаний по распознаванию лиц",
    "Detentions by event": "Задержания по акциям",
    "Charges by article": "Обвинения по статьям",
    "day": "день",
    "week (Monday)": "неделя (понедельник)",
    "month": "месяц",
    "days": "дни",
    "metro station": "станция метро",
    # Section notes
    "A detention with claims of several methods is counted once under each.": "Задержание, в котором названо несколько способов, учтено под каждым из них.",
    "Detentions with at least one claim of facial recognition (metro or street).": "Задержания, в которых полиция хотя бы раз ссылается на распознавание лиц (в метро или на улице).",
    "Evidence claims whose footage is at least one day older than the detention.": "Доводы полиции, чья запись сделана хотя бы на день раньше задержания.",
    "Hearings of the cases of the selected detentions.": "Заседания по делам выбранных задержаний.",
    "The ten metro stations with the most detentions with a facial-recognition claim.": "Десять станций метро с наибольшим числом задержаний, в которых полиция ссылается на распознавание лиц.",
    "Charges of the cases of the selected detentions.": "Обвинения по делам выбранных задержаний.",
    # Admin index link
    "Reports": "Отчёты",
    "Aggregate figures and charts: detentions, identification methods, outcomes.": "Сводные числа и диаграммы: задержания, способы идентификации, решения судов.",
}

# Forms: one (1, 21), few (2–4), many (5–20), other (fractions).
RU_PLURAL = {
    "%(counter)s row has fewer than %(k)s and is hidden; it is left out of the chart.": [
        "%(counter)s строка меньше %(k)s и скрыта; на диаграмме её нет.",
        "%(counter)s строки меньше %(k)s и скрыты; на диаграмме их нет.",
        "%(counter)s строк меньше %(k)s и скрыты; на диаграмме их нет.",
        "%(counter)s строки меньше %(k)s и скрыты; на диаграмме их нет.",
    ],
}
