from casetracker.cases.models.cases import Case, CaseNote
from casetracker.cases.models.court import Charge, Hearing, LegalArticle
from casetracker.cases.models.detentions import Detention, EvidenceClaim
from casetracker.cases.models.documents import Document
from casetracker.cases.models.duplicates import DuplicateResolution, PossibleDuplicate
from casetracker.cases.models.imports import ImportJob
from casetracker.cases.models.people import PERSON_DETAIL_FIELDS, Event, Person
from casetracker.cases.models.search import PersonSearchKey

__all__ = [
    "PERSON_DETAIL_FIELDS",
    "Case",
    "CaseNote",
    "Charge",
    "Detention",
    "Document",
    "DuplicateResolution",
    "Event",
    "EvidenceClaim",
    "Hearing",
    "ImportJob",
    "LegalArticle",
    "Person",
    "PersonSearchKey",
    "PossibleDuplicate",
]
