"""Choice values are a contract: the API, the exports, the imports and stored rows use them.

Never change a value once released; labels may change.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("unknown")


class Consent(models.TextChoices):
    NONE = "none", _("no consent")
    LEGAL_AID = "legal_aid", _("legal aid only")
    ANONYMIZED = "anonymized", _("anonymized statistics")
    PUBLICATION = "publication", _("publication")


class EventKind(models.TextChoices):
    RALLY = "rally", _("rally")
    PICKET = "picket", _("picket")
    MARCH = "march", _("march")
    OTHER = "other", _("other")


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("intake")
    ACTIVE = "active", _("active")
    IN_COURT = "in_court", _("in court")
    APPEAL = "appeal", _("appeal")
    ECHR = "echr", _("ECHR")
    CLOSED = "closed", _("closed")


OPEN_CASE_STATUSES = [s for s in CaseStatus.values if s != CaseStatus.CLOSED]


class PlaceType(models.TextChoices):
    METRO = "metro", _("metro")
    STREET = "street", _("street")
    HOME = "home", _("home")
    WORKPLACE = "workplace", _("workplace")
    AT_EVENT = "at_event", _("at the event")
    TRANSPORT = "transport", _("transport")
    OTHER = "other", _("other")


# A detention at home or at work names the person's address: it is kept in the
# encrypted `private_address`, never in `place`, which reports read in clear.
PRIVATE_PLACE_TYPES = (PlaceType.HOME, PlaceType.WORKPLACE)


class PresentAtEvent(models.TextChoices):
    YES = "yes", _("yes")
    NEARBY = "nearby", _("nearby")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("unknown")


class IdentificationMethod(models.TextChoices):
    FACIAL_RECOGNITION_METRO = "facial_recognition_metro", _("facial recognition (metro)")
    FACIAL_RECOGNITION_STREET = "facial_recognition_street", _("facial recognition (street)")
    CCTV_REVIEW = "cctv_review", _("CCTV review")
    PASSPORT_PHOTO_MATCH = "passport_photo_match", _("passport photo match")
    SOCIAL_MEDIA_PHOTOS = "social_media_photos", _("social media photos")
    PHONE_DATA = "phone_data", _("phone data")
    POLICE_TESTIMONY = "police_testimony", _("police testimony")
    INFORMANT = "informant", _("informant")
    EVENT_VIDEO = "event_video", _("event video")
    OTHER = "other", _("other")


FACIAL_RECOGNITION_METHODS = [
    IdentificationMethod.FACIAL_RECOGNITION_METRO,
    IdentificationMethod.FACIAL_RECOGNITION_STREET,
]


class RecognitionMode(models.TextChoices):
    LIVE = "live", _("live")
    RETROSPECTIVE = "retrospective", _("retrospective")
    UNKNOWN = "unknown", _("unknown")


class ClaimSource(models.TextChoices):
    OFFICIAL_DOCUMENT = "official_document", _("official document")
    POLICE_STATEMENT = "police_statement", _("police statement")
    COURT_RECORD = "court_record", _("court record")
    DETAINEE_ACCOUNT = "detainee_account", _("detainee's account")
    OVERHEARD = "overheard", _("overheard")


class Reliability(models.TextChoices):
    DOCUMENTED = "documented", _("documented")
    REPORTED = "reported", _("reported")
    HEARSAY = "hearsay", _("hearsay")


class LegalCode(models.TextChoices):
    KOAP = "koap", _("KoAP (administrative code)")
    UK = "uk", _("UK (criminal code)")


class HearingOutcome(models.TextChoices):
    FINE = "fine", _("fine")
    ARREST = "arrest", _("administrative arrest")
    COMMUNITY_WORK = "community_work", _("community work")
    ACQUITTED = "acquitted", _("acquitted")
    DISMISSED = "dismissed", _("dismissed")
    RETURNED = "returned", _("returned to police")
    POSTPONED = "postponed", _("postponed")


class DocumentKind(models.TextChoices):
    PROTOCOL = "protocol", _("police protocol")
    COURT_DECISION = "court_decision", _("court decision")
    PHOTO = "photo", _("photo")
    VIDEO = "video", _("video")
    MEDICAL = "medical", _("medical record")
    OTHER = "other", _("other")
