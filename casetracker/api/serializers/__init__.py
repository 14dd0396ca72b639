from casetracker.api.serializers.cases import CaseSerializer
from casetracker.api.serializers.documents import DocumentSerializer
from casetracker.api.serializers.people import EventSerializer, LegalArticleSerializer, PersonSerializer
from casetracker.api.serializers.records import (
    CaseNoteSerializer,
    ChargeSerializer,
    DetentionSerializer,
    EvidenceClaimSerializer,
    HearingSerializer,
)
from casetracker.api.serializers.tokens import ApiTokenSerializer, NewApiTokenSerializer

__all__ = [
    "ApiTokenSerializer",
    "CaseNoteSerializer",
    "CaseSerializer",
    "ChargeSerializer",
    "DetentionSerializer",
    "DocumentSerializer",
    "EventSerializer",
    "EvidenceClaimSerializer",
    "HearingSerializer",
    "LegalArticleSerializer",
    "NewApiTokenSerializer",
    "PersonSerializer",
]
