"""The fixed inputs of the synthetic data set: cities, rallies, weights and sanctions.

Moscow and St Petersburg reuse the demo data set's stations, police units and courts
(`casetracker.demo.data`); the other cities and every weight are added here.
"""

import datetime as dt
from dataclasses import dataclass

from casetracker.cases.choices import Consent, EventKind, HearingOutcome, PlaceType
from casetracker.cases.choices import IdentificationMethod as Method
from casetracker.demo.data import CLAIMS, METRO_POLICE, METRO_STATIONS, MOSCOW, SPB, STREETS

FIRST_DAY = dt.date(2021, 1, 23)  # the first of the Navalny rallies
MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
# Days when rallies happened across the country: most detentions cluster around them.
WAVES = (
    dt.date(2021, 1, 23), dt.date(2021, 1, 31), dt.date(2021, 2, 2), dt.date(2021, 4, 21),
    dt.date(2022, 2, 24), dt.date(2022, 2, 27), dt.date(2022, 3, 6), dt.date(2022, 3, 13),
    dt.date(2022, 9, 21), dt.date(2022, 9, 24), dt.date(2024, 2, 17), dt.date(2024, 3, 17),
)  # fmt: skip
KINDS = (
    (EventKind.RALLY, "Акция"),
    (EventKind.PICKET, "Пикет"),
    (EventKind.MARCH, "Шествие"),
    (EventKind.OTHER, "Акция"),
)
SPB_STATIONS = (
    "Невский проспект", "Гостиный двор", "Площадь Восстания", "Сенная площадь", "Адмиралтейская",
    "Технологический институт", "Василеостровская", "Чернышевская", "Владимирская", "Горьковская",
)  # fmt: skip
SPB_METRO_POLICE = "УВД на метрополитене ГУ МВД России по г. Санкт-Петербургу и Ленинградской области"
SYSTEMS = ("Face ID", "Сфера", "Безопасный город")


@dataclass(frozen=True)
class Place:
    """A city as the generator needs it; Moscow and St Petersburg reuse the demo's units and courts."""

    city: str
    region: str
    weight: int  # share of people detained there
    squares: tuple[str, ...]
    streets: tuple[str, ...]
    police: tuple[str, ...]
    courts: tuple[str, ...]
    guard: str
    stations: tuple[str, ...] = ()
    metro_police: str = ""


def _regional(city: str, region: str, genitive: str, weight: int, squares: tuple[str, ...]) -> Place:
    return Place(
        city=city,
        region=region,
        weight=weight,
        squares=squares,
        streets=("улица Ленина", "проспект Мира"),
        police=(f"ОП № 1 УМВД России по г. {genitive}", f"ОП № 5 УМВД России по г. {genitive}"),
        courts=(f"Ленинский районный суд г. {genitive}", f"Центральный районный суд г. {genitive}"),
        guard=f"ОМОН Росгвардии по г. {genitive}",
    )


PLACES = (
    Place(MOSCOW.name, MOSCOW.name, 55, ("Пушкинская площадь", "Манежная площадь", "Комсомольская площадь"),
          STREETS, MOSCOW.police, MOSCOW.courts, MOSCOW.guard, METRO_STATIONS, METRO_POLICE),
    Place(SPB.name, SPB.name, 20, ("Сенатская площадь", "Сенная площадь", "Невский проспект"),
          ("Невский проспект", "Литейный проспект"), SPB.police, SPB.courts, SPB.guard, SPB_STATIONS, SPB_METRO_POLICE),
    _regional("Екатеринбург", "Свердловская область", "Екатеринбурга", 6, ("площадь Труда", "Плотинка")),
    _regional("Новосибирск", "Новосибирская область", "Новосибирска", 5, ("площадь Ленина",)),
    _regional("Казань", "Республика Татарстан", "Казани", 4, ("площадь Свободы",)),
    _regional("Нижний Новгород", "Нижегородская область", "Нижнего Новгорода", 4, ("площадь Минина",)),
    _regional("Краснодар", "Краснодарский край", "Краснодара", 3, ("Театральная площадь",)),
    _regional("Владивосток", "Приморский край", "Владивостока", 3, ("площадь Борцов за власть Советов",)),
)  # fmt: skip
# Where people are detained: (place type, weight) in cities with metro and without.
METRO_CITY_PLACES = ((PlaceType.METRO, 40), (PlaceType.AT_EVENT, 30), (PlaceType.STREET, 12), (PlaceType.HOME, 8),
                     (PlaceType.WORKPLACE, 4), (PlaceType.TRANSPORT, 4), (PlaceType.OTHER, 2))  # fmt: skip
OTHER_CITY_PLACES = ((PlaceType.AT_EVENT, 55), (PlaceType.STREET, 25), (PlaceType.HOME, 12),
                     (PlaceType.WORKPLACE, 4), (PlaceType.TRANSPORT, 2), (PlaceType.OTHER, 2))  # fmt: skip
# Metro stops are checked all day; a few are caught just after midnight, before the metro closes.
METRO_HOURS = (0, *range(6, 24))
METRO_HOUR_WEIGHTS = (3, 2, 6, 9, 9, 6, 4, 4, 4, 4, 4, 4, 5, 7, 9, 9, 7, 5, 3)
# Later detentions: days from the rally's footage to the detention (mostly within two weeks).
LAGS = (1, 2, 3, 4, 5, 6, 7, 10, 14, 21, 30, 45, 60, 90)
LAG_WEIGHTS = (14, 14, 12, 10, 8, 7, 7, 6, 6, 5, 4, 3, 2, 1)
# (code, number, part) of the usual charges with their weights; 20.2 part 8 is for repeat detainees.
CHARGES = ((("koap", "20.2", "5"), 60), (("koap", "20.2", "6.1"), 18), (("koap", "20.2.2", "1"), 5),
           (("koap", "20.2", "2"), 3), (("koap", "20.3.3", "1"), 3), (("koap", "20.6.1", "1"), 2))  # fmt: skip
CRIMINAL = ((("uk", "212.1", ""), 40), (("uk", "318", "1"), 30), (("uk", "207.3", "2"), 15), (("uk", "267", "1"), 15))
OTHER_FINES = {
    "20.2.2": (10_000, 20_000),
    "20.3.3": (30_000, 50_000),
    "20.6.1": (15_000, 30_000),
    "19.3": (2_000, 4_000),
}
OUTCOMES = ((HearingOutcome.FINE, 58), (HearingOutcome.ARREST, 16), (HearingOutcome.COMMUNITY_WORK, 4),
            (HearingOutcome.DISMISSED, 6), (HearingOutcome.RETURNED, 5), (HearingOutcome.POSTPONED, 6),
            (HearingOutcome.ACQUITTED, 2), ("", 3))  # fmt: skip
# Identification methods: the first claim depends on how the person was found.
LATER_METHODS = (Method.FACIAL_RECOGNITION_STREET, Method.CCTV_REVIEW, Method.EVENT_VIDEO,
                 Method.PASSPORT_PHOTO_MATCH, Method.SOCIAL_MEDIA_PHOTOS, Method.PHONE_DATA)  # fmt: skip
LATER_WEIGHTS = (35, 20, 15, 10, 10, 10)
AT_RALLY_METHODS = (Method.POLICE_TESTIMONY, Method.EVENT_VIDEO, Method.INFORMANT, Method.OTHER)
AT_RALLY_WEIGHTS = (70, 20, 5, 5)
ANY_METHODS = (Method.POLICE_TESTIMONY, Method.EVENT_VIDEO, Method.FACIAL_RECOGNITION_STREET, Method.CCTV_REVIEW,
               Method.SOCIAL_MEDIA_PHOTOS, Method.PASSPORT_PHOTO_MATCH, Method.PHONE_DATA, Method.INFORMANT,
               Method.OTHER)  # fmt: skip
ANY_WEIGHTS = (30, 20, 15, 12, 8, 6, 5, 2, 2)
# Methods that match a face or a frame against footage of a rally.
FOOTAGE_METHODS = {Method.FACIAL_RECOGNITION_METRO, Method.FACIAL_RECOGNITION_STREET, Method.CCTV_REVIEW,
                   Method.EVENT_VIDEO, Method.PASSPORT_PHOTO_MATCH}  # fmt: skip
# Source, reliability and "contested" of the demo's claim templates, by method.
TEMPLATES = {template["method"]: template for template in CLAIMS.values()}
CONSENTS = ((Consent.NONE, 5), (Consent.LEGAL_AID, 70), (Consent.ANONYMIZED, 20), (Consent.PUBLICATION, 5))
