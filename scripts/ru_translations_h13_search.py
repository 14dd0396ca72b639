"""Russian translations of the search by a word of the name or by phone number (issue 13, "Finding people").

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/cases/admin/case.py: the case list's search box.
    "Reference, place, city or event; a person by any whole word of the name (several words: all of them, "
    "in any order) or by phone number. Names are encrypted: part of a word finds nothing.": (
        "Номер дела, место, город или акция; лицо — по любому слову имени целиком (несколько слов — все сразу, "
        "в любом порядке) или по номеру телефона. Имена зашифрованы: часть слова ничего не найдёт."
    ),
    # casetracker/cases/admin/reference.py: the person list's search box.
    "Any whole word of the name (several words: all of them, in any order), a phone number, or a case "
    "reference. Names are encrypted: part of a word finds nothing.": (
        "Любое слово имени целиком (несколько слов — все сразу, в любом порядке), номер телефона или номер дела. "
        "Имена зашифрованы: часть слова ничего не найдёт."
    ),
    # casetracker/cases/admin/scoping.py: under a person picker (the case form).
    "Type any whole word of the name (several words: all of them, in any order) or a phone number; "
    "names are encrypted, so part of a word finds nothing.": (
        "Введите любое слово имени целиком (несколько слов — все сразу, в любом порядке) или номер телефона; "
        "имена зашифрованы, поэтому часть слова ничего не найдёт."
    ),
    # casetracker/api/filters.py: the API's search parameters.
    "Whole words of the name: persons whose name has all of them, in any order (case and “ё” ignored); "
    "names are encrypted, so part of a word finds nothing.": (
        "Слова имени целиком: лица, в имени которых есть все они, в любом порядке (регистр и «ё» не учитываются); "
        "имена зашифрованы, поэтому часть слова ничего не найдёт."
    ),
    "Phone number, in any format (+7 and 8 before ten digits are the same number).": (
        "Номер телефона в любой записи (+7 и 8 перед десятью цифрами — один и тот же номер)."
    ),
    "Enter a phone number of 10 to 15 digits.": "Введите номер телефона из 10–15 цифр.",
    "Part of the reference, or of a detention's place, city or event name; or the person: any whole word "
    "of the name (several words: all of them, in any order) or a phone number.": (
        "Часть номера дела, места или города задержания, названия акции; или лицо: любое слово имени целиком "
        "(несколько слов — все сразу, в любом порядке) или номер телефона."
    ),
}
