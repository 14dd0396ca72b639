"""Russian translations of the upload content check's strings (an upload must be what its extension says).

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/cases/upload_content.py
    "Files of type “%(extension)s” cannot be checked, so they are not accepted.": (
        "Файлы типа «%(extension)s» нельзя проверить, поэтому они не принимаются."
    ),
    "The content of this file does not match its extension “%(extension)s”: it is %(detected)s. "
    "Upload the original file, or give it the extension of its real type.": (
        "Содержимое файла не соответствует его расширению «%(extension)s»: это %(detected)s. "
        "Загрузите исходный файл или дайте ему расширение его настоящего типа."
    ),
    "an empty file": "пустой файл",
    "data of no known type": "данные неизвестного типа",
}
