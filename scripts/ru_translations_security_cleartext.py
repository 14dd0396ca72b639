"""Russian translations of the strings added when summaries, document names and home addresses were encrypted.

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/cases/models/detentions.py
    "address (home or work)": "адрес (дом или работа)",
    "A public place, e.g. a metro station or a square. Left empty for a detention at home or at work.": (
        "Общественное место, например станция метро или площадь. Для задержания дома или на работе не заполняется."
    ),
    "Only for a detention at home or at work. Stored encrypted; never shown in reports or redacted summaries.": (
        "Только для задержания дома или на работе. Хранится в зашифрованном виде; "
        "не попадает ни в отчёты, ни в обезличенные сводки."
    ),
    "A detention at home or at work has no public place: give the address once, under “address (home or work)”.": (
        "У задержания дома или на работе нет общественного места: укажите адрес один раз, "
        "в поле «адрес (дом или работа)»."
    ),
    "Only a detention at home or at work has an address here; put the public place under “place”.": (
        "Адрес здесь указывается только для задержания дома или на работе; общественное место — в поле «место»."
    ),
    # casetracker/api/serializers/records.py
    "The public place (a metro station, a square, a street): required for every place type but home and "
    "workplace, and empty for those. Reports show it. For a home or workplace detention an address sent here "
    "while private_address is empty is moved there and stored encrypted.": (
        "Общественное место (станция метро, площадь, улица): обязательно для всех типов места, кроме home и "
        "workplace, а для них остаётся пустым. Показывается в отчётах. Адрес, присланный здесь для задержания "
        "дома или на работе при пустом private_address, переносится туда и хранится в зашифрованном виде."
    ),
    "The address of a detention at home or at work (place_type home or workplace only). "
    "Stored encrypted; never in reports or redacted summaries.": (
        "Адрес задержания дома или на работе (только для place_type home или workplace). "
        "Хранится в зашифрованном виде; не попадает ни в отчёты, ни в обезличенные сводки."
    ),
    # casetracker/api/serializers/cases.py, documents.py
    "Short summary of the case. Stored encrypted.": "Краткое описание дела. Хранится в зашифрованном виде.",
    "Short description of the document. Stored encrypted.": (
        "Краткое описание документа. Хранится в зашифрованном виде."
    ),
    "Name of the uploaded file. Stored encrypted.": "Имя загруженного файла. Хранится в зашифрованном виде.",
}
