from casetracker.api.views.cases import CaseViewSet
from casetracker.api.views.documents import DocumentViewSet
from casetracker.api.views.people import EventViewSet, LegalArticleViewSet, PersonViewSet
from casetracker.api.views.records import (
    CaseNoteViewSet,
    ChargeViewSet,
    DetentionViewSet,
    EvidenceClaimViewSet,
    HearingViewSet,
)
from casetracker.api.views.tokens import ApiTokenViewSet

__all__ = [
    "ApiTokenViewSet",
    "CaseNoteViewSet",
    "CaseViewSet",
    "ChargeViewSet",
    "DetentionViewSet",
    "DocumentViewSet",
    "EventViewSet",
    "EvidenceClaimViewSet",
    "HearingViewSet",
    "LegalArticleViewSet",
    "PersonViewSet",
]
