"""Russian translations of the anonymized case summary and of the refused empty batch of summaries.

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # templates/reports/case_summary.html (the anonymized copy, `?redacted=1`)
    "Anonymized copy": "Обезличенная копия",
    "copy %(label)s": "копия %(label)s",
    "ANONYMIZED COPY": "ОБЕЗЛИЧЕННАЯ КОПИЯ",
    "Anonymized case summary": "Обезличенная сводка по делу",
    "Anonymized copy: it contains no personal data beyond what is listed here. The person is named by a "
    "pseudonym; the time of detention, the station or address, police units, courts, judges, lawyers, the "
    "case reference, the dates of charges and hearings, document names and hashes, notes and narratives are "
    "left out.": (
        "Обезличенная копия: в ней нет персональных данных сверх перечисленного здесь. Лицо названо псевдонимом; "
        "время задержания, станция или адрес, отделы полиции, суды, судьи, адвокаты, номер дела, даты обвинений "
        "и заседаний, названия и хеши документов, заметки и описания обстоятельств не включены."
    ),
    # templates/reports/case_summary.html and casetracker/audit/models.py
    "copy label": "метка копии",
    # casetracker/reports/summaries/admin_actions.py
    "None of the selected cases is available to you: no summary was made.": (
        "Ни одно из выбранных дел вам не доступно: сводка не создана."
    ),
    # templates/reports/batch_status.html
    "None of the selected cases is available to you any more: no summary was made.": (
        "Ни одно из выбранных дел вам больше не доступно: сводка не создана."
    ),
}
