"""Russian translations of the aggregate report's figure catalogue
(casetracker/reports/statistics/catalogue.py) where its wording was chosen between two.

The page and the exports used to label two figures differently; the catalogue keeps one
wording each, and its translation lives here. Every other label of the catalogue is the
page's, translated in ru_translations_report_page.py.

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # "more than once" rather than "twice or more": the same count, said as people say it.
    "people detained more than once": "людей, задержанных более одного раза",
    # "earlier" rather than "older": footage from before the detention, not worn footage.
    "detentions identified from earlier footage": "задержаний по записям прошлых дней",
}
