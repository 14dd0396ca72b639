"""The Russian translation is complete, compiled, and chosen by browser or switch."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

from casetracker.cases.choices import IdentificationMethod
from tests.conftest import client_for

PO_FILE = Path(settings.BASE_DIR) / "casetracker/locale/ru/LC_MESSAGES/django.po"


def test_russian_catalogue_has_no_untranslated_or_fuzzy_entries():
    text = PO_FILE.read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1]  # after the header entry, whose msgstr is legitimately ""
    # An empty msgstr not continued on the next line is an untranslated string.
    empty = re.findall(r'^msgid (".*")\n(?:msgid_plural .*\n)?msgstr(?:\[\d\])? ""\n(?!")', body + "\n", re.MULTILINE)
    assert empty == []
    assert "#, fuzzy" not in text
    assert body.count("msgid ") > 200


def test_compiled_catalogue_is_shipped_and_used():
    assert PO_FILE.with_suffix(".mo").exists()
    with translation.override("ru"):
        assert str(IdentificationMethod.FACIAL_RECOGNITION_METRO.label) == "распознавание лиц (метро)"


def test_language_follows_the_browser(lawyer):
    response = client_for(lawyer).get("/admin/", headers={"accept-language": "ru"})
    assert response.status_code == 200
    assert "Мои открытые дела" in response.content.decode()


def test_language_switch_overrides_the_browser(lawyer):
    client = client_for(lawyer)
    client.post("/i18n/setlang/", {"language": "ru", "next": "/admin/"})
    response = client.get("/admin/", headers={"accept-language": "en"})
    assert "Мои открытые дела" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert "My open cases" in client.get("/admin/").content.decode()
