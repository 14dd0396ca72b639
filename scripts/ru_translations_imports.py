"""Russian translations of the bulk import's strings (progress of the writing, file expiry, visibility).

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/imports/services.py
    "The uploaded file has been deleted: uploads are kept only for a while. Upload it again.": (
        "Загруженный файл удалён: загрузки хранятся недолго. Загрузите его снова."
    ),
    "Not imported: already recorded in a case you cannot see. A coordinator can give you access.": (
        "Не импортировано: уже записано в деле, к которому у вас нет доступа. Координатор может дать вам доступ."
    ),
    # casetracker/cases/models/imports.py
    "rows written": "записано строк",
    "file deleted at": "файл удалён",
    # casetracker/api/serializers/imports.py
    "When the uploaded file will be deleted (CASETRACKER_IMPORT_TTL_HOURS after the upload); "
    "a dry run must be confirmed before then. Null once the file is deleted.": (
        "Когда загруженный файл будет удалён (через CASETRACKER_IMPORT_TTL_HOURS после загрузки); "
        "пробный прогон нужно подтвердить до этого. null, когда файл уже удалён."
    ),
    "Rows written (created or skipped) so far by an import that is not a dry run; "
    "nothing is visible in the cases until the import is done.": (
        "Сколько строк уже записано (создано или пропущено) импортом, который не пробный; "
        "в делах ничего не видно, пока импорт не завершён."
    ),
    "When the uploaded file was deleted: at once after an import or an error, "
    "after CASETRACKER_IMPORT_TTL_HOURS for a dry run. The job and its counts stay.": (
        "Когда загруженный файл был удалён: сразу после импорта или ошибки, у пробного прогона — "
        "через CASETRACKER_IMPORT_TTL_HOURS. Задание и его счётчики остаются."
    ),
    "pending, validating (a dry run, or an import that found an error and only checks the rest), "
    "writing (an import), done, invalid (nothing written) or failed.": (
        "pending (ожидает), validating (пробный прогон или импорт, который нашёл ошибку и только "
        "проверяет остальное), writing (импорт), done (готово), invalid (ничего не записано) "
        "или failed (сбой)."
    ),
    # templates/admin/cases/case/import_job.html
    "%(written)s written": "записано %(written)s",
    "The uploaded file is kept until %(time)s: confirm before then, or upload it again.": (
        "Загруженный файл хранится до %(time)s: подтвердите импорт до этого времени или загрузите файл снова."
    ),
    "Upload a file": "Загрузить файл",
}
