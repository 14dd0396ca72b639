"""A small fixed data set whose report figures are computed by hand in the docstring.

Detentions (Moscow time):
  D1 case C1 (P1)  2021-01-23 14:00  Москва/Москва          at_event "Пушкинская площадь"  event A
  D2 case C1 (P1)  2021-02-01 00:30  Москва/Москва          metro "Тверская"               event A
     (00:30 Moscow time on 1 February is still 31 January in UTC)
  D3 case C2 (P2)  2021-01-31 12:00  Санкт-Петербург        street "Невский проспект"      event B
     (P2 is a journalist)
  D4 case C3 (P3)  2021-02-05 10:00  Москва/Москва          metro "Тверская"               no event
     (P3 born 2005-06-01: a minor)
  D5 case C4 (P4)  2021-03-10 09:00  Московская область/Химки street "Ленинградская улица" no event
     (press vest)

Evidence claims (footage lag in days):
  D1 police_testimony; D2 facial_recognition_metro (footage of A, 2021-01-23: lag 9),
  D2 cctv_review (no footage date), D2 social_media_photos (2021-01-30: lag 2),
  D3 facial_recognition_street (2021-01-30: lag 1), D4 facial_recognition_metro
  (2021-01-31: lag 5), D4 passport_photo_match (2021-02-05: lag 0, not delayed).
  Delayed claims: 9, 2, 1, 5 -> median 3.5, max 9; delayed detentions D2, D3, D4.

Hearings: C1 fine 15,000 and postponed; C2 arrest 10 days; C3 fine 10,000.50; C4 none.
Charges: C1 and C2 koap 20.2 part 5; C3 koap 20.2.2; C4 koap 19.3 part 1.
"""

import datetime as dt
from decimal import Decimal

from casetracker.cases import choices
from tests.factories import (
    MOSCOW,
    CaseFactory,
    ChargeFactory,
    DetentionFactory,
    EventFactory,
    EvidenceClaimFactory,
    HearingFactory,
    LegalArticleFactory,
    PersonFactory,
)

M = choices.IdentificationMethod

EXPECTED = {
    "detentions": 5,
    "people": 4,
    "repeat_detained_people": 1,
    "cases": 4,
    "by_month": {"2021-01": 2, "2021-02": 2, "2021-03": 1},
    "by_region": {"Москва": 3, "Санкт-Петербург": 1, "Московская область": 1},
    "by_city": {"Москва": 3, "Санкт-Петербург": 1, "Химки": 1},
    "by_place_type": {"at_event": 1, "metro": 2, "street": 2},
    "by_event": {"Акция A": 2, "Акция B": 1},
    "by_method": {
        "police_testimony": 1,
        "facial_recognition_metro": 2,
        "cctv_review": 1,
        "social_media_photos": 1,
        "facial_recognition_street": 1,
        "passport_photo_match": 1,
    },
    "facial_recognition": 3,
    "delayed_identification": 3,
    "footage_lag_days": {"median": 3.5, "max": 9},
    "journalists": 2,
    "minors": 1,
    "outcomes": {"fine": 2, "postponed": 1, "arrest": 1},
    "fines_total": 25000.5,
    "arrest_days_total": 10,
    "by_article": {"koap 20.2 part 5": 2, "koap 20.2.2": 1, "koap 19.3 part 1": 1},
}


def moscow(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=MOSCOW)


def build_report_data() -> dict:
    """Create the data set above; returns its objects by the names used there."""
    event_a = EventFactory(name="Акция A", date=dt.date(2021, 1, 23), city="Москва")
    event_b = EventFactory(name="Акция B", date=dt.date(2021, 1, 31), city="Санкт-Петербург")
    p1, p2 = PersonFactory(), PersonFactory(is_journalist=True)
    p3, p4 = PersonFactory(birth_date=dt.date(2005, 6, 1)), PersonFactory()
    c1, c2, c3, c4 = (CaseFactory(person=person) for person in (p1, p2, p3, p4))
    moscow_city = {"region": "Москва", "city": "Москва"}
    d1 = DetentionFactory(
        case=c1, detained_at=moscow(2021, 1, 23, 14), place_type="at_event", place="Пушкинская площадь",
        event=event_a, **moscow_city,
    )  # fmt: skip
    d2 = DetentionFactory(
        case=c1, detained_at=moscow(2021, 2, 1, 0, 30), place_type="metro", place="Тверская", event=event_a,
        **moscow_city,
    )  # fmt: skip
    d3 = DetentionFactory(
        case=c2, detained_at=moscow(2021, 1, 31, 12), region="Санкт-Петербург", city="Санкт-Петербург",
        place_type="street", place="Невский проспект", event=event_b,
    )  # fmt: skip
    d4 = DetentionFactory(
        case=c3, detained_at=moscow(2021, 2, 5, 10), place_type="metro", place="Тверская", **moscow_city
    )
    d5 = DetentionFactory(
        case=c4, detained_at=moscow(2021, 3, 10, 9), region="Московская область", city="Химки",
        place_type="street", place="Ленинградская улица", press_vest=True,
    )  # fmt: skip
    EvidenceClaimFactory(detention=d1, method=M.POLICE_TESTIMONY)
    EvidenceClaimFactory(detention=d2, method=M.FACIAL_RECOGNITION_METRO, footage_event=event_a)
    EvidenceClaimFactory(detention=d2, method=M.CCTV_REVIEW)
    EvidenceClaimFactory(detention=d2, method=M.SOCIAL_MEDIA_PHOTOS, footage_date=dt.date(2021, 1, 30))
    EvidenceClaimFactory(detention=d3, method=M.FACIAL_RECOGNITION_STREET, footage_date=dt.date(2021, 1, 30))
    EvidenceClaimFactory(detention=d4, method=M.FACIAL_RECOGNITION_METRO, footage_date=dt.date(2021, 1, 31))
    EvidenceClaimFactory(detention=d4, method=M.PASSPORT_PHOTO_MATCH, footage_date=dt.date(2021, 2, 5))
    HearingFactory(case=c1, outcome="fine", fine_amount=Decimal("15000"))
    HearingFactory(case=c1, outcome="postponed", fine_amount=None)
    HearingFactory(case=c2, outcome="arrest", fine_amount=None, arrest_days=10)
    HearingFactory(case=c3, outcome="fine", fine_amount=Decimal("10000.50"))
    koap_20_2_5 = LegalArticleFactory(code="koap", number="20.2", part="5")
    ChargeFactory(case=c1, article=koap_20_2_5)
    ChargeFactory(case=c2, article=koap_20_2_5)
    ChargeFactory(case=c3, article=LegalArticleFactory(code="koap", number="20.2.2", part=""))
    ChargeFactory(case=c4, article=LegalArticleFactory(code="koap", number="19.3", part="1"))
    return {
        "events": {"A": event_a, "B": event_b},
        "cases": {"C1": c1, "C2": c2, "C3": c3, "C4": c4},
        "detentions": {"D1": d1, "D2": d2, "D3": d3, "D4": d4, "D5": d5},
    }
