"""Valid request bodies per resource, for the permission matrix and the scoping tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import LegalArticleFactory

# A harmless change per resource (PATCH).
CHANGES = {
    "cases": {"summary": "Задержан у метро после акции."},
    "persons": {"region": "Тверская область"},
    "detentions": {"authority": "ОМВД по Тверскому району"},
    "evidence-claims": {"system_name": "Сфера"},
    "charges": {"filed_at": "2021-02-02"},
    "hearings": {"judge": "Иванова А. А."},
    "documents": {"description": "Копия протокола"},
    "notes": {"text": "Подана жалоба."},
}

CASE_RECORDS = ["detentions", "charges", "hearings", "documents", "notes"]
NESTED = [*CASE_RECORDS, "evidence-claims"]


def new_record(resource: str, tree: dict) -> tuple[dict, str]:
    """(body, format) creating a `resource` record on the case of `tree`."""
    case = tree["cases"].pk
    if resource == "detentions":
        body = {
            "case": case,
            "detained_at": "2021-01-31T14:05:00+03:00",
            "city": "Москва",
            "region": "Москва",
            "place_type": "metro",
            "place": "Охотный ряд",
        }
    elif resource == "evidence-claims":
        body = {
            "detention": tree["detentions"].pk,
            "method": "facial_recognition_street",
            "source": "court_record",
            "reliability": "documented",
        }
    elif resource == "charges":
        body = {"case": case, "article": LegalArticleFactory(number="19.3", part="1").pk}
    elif resource == "hearings":
        body = {
            "case": case,
            "court": "Мещанский районный суд",
            "date": "2021-02-05",
            "outcome": "arrest",
            "arrest_days": 7,
        }
    elif resource == "documents":
        upload = SimpleUploadedFile("decision.pdf", b"%PDF-1.4 decision\n", content_type="application/pdf")
        return {"case": case, "kind": "court_decision", "file": upload}, "multipart"
    elif resource == "notes":
        body = {"case": case, "text": "Связаться с адвокатом."}
    else:
        raise ValueError(resource)
    return body, "json"
