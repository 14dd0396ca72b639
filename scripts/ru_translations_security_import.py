"""Russian translations of the import's refusals of hostile files (ZIP and XML bombs, huge lines).

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/imports/package.py
    "The workbook unpacks to %(size)s MB in all; at most %(limit)s MB is accepted.": (
        "Книга в распакованном виде занимает %(size)s МБ; допускается не более %(limit)s МБ."
    ),
    "The workbook's part %(part)s is encrypted or packed in a way XLSX files never use.": (
        "Часть книги %(part)s зашифрована или сжата способом, которым файлы XLSX не пользуются."
    ),
    "The workbook's part %(part)s unpacks to %(size)s MB; at most %(limit)s MB is accepted.": (
        "Часть книги %(part)s в распакованном виде занимает %(size)s МБ; допускается не более %(limit)s МБ."
    ),
    "The workbook's part %(part)s unpacks to %(ratio)s times its packed size (at most %(limit)s): "
    "it is padded to exhaust the server (a “zip bomb”).": (
        "Часть книги %(part)s распаковывается в %(ratio)s раз больше сжатого размера (допускается не более "
        "%(limit)s): она раздута, чтобы исчерпать ресурсы сервера («zip-бомба»)."
    ),
    "The workbook's part %(part)s declares a DTD or XML entities, which XLSX files never contain "
    "(an entity expansion attack).": (
        "Часть книги %(part)s объявляет DTD или XML-сущности, которых в файлах XLSX не бывает "
        "(атака раскрытием сущностей)."
    ),
    "The workbook's part %(part)s does not start like an XLSX part.": (
        "Часть книги %(part)s начинается не так, как части файла XLSX."
    ),
    "The workbook's part %(part)s holds a text longer than %(limit)s MB; "
    "a spreadsheet cell holds at most 32,767 characters.": (
        "Часть книги %(part)s содержит текст длиннее %(limit)s МБ; ячейка таблицы вмещает не более 32 767 символов."
    ),
    "The workbook's part %(part)s does not match its ZIP directory (size or checksum).": (
        "Часть книги %(part)s не совпадает с оглавлением ZIP-архива (размер или контрольная сумма)."
    ),
    "The workbook has %(count)s parts in its ZIP directory; at most %(limit)s are accepted.": (
        "В оглавлении ZIP-архива книги %(count)s частей; допускается не более %(limit)s."
    ),
    # casetracker/imports/parsing.py
    "Line %(line)s is longer than %(limit)s characters: the file is not a detention list.": (
        "Строка %(line)s длиннее %(limit)s символов: это не список задержаний."
    ),
    # casetracker/imports/services.py
    "The file has more than %(max)s rows; at most %(max)s can be imported at once. Split it.": (
        "В файле больше %(max)s строк; за один раз можно импортировать не более %(max)s. Разделите его."
    ),
}
