"""The fixed inputs of the demo data set: accounts, cities, rallies, names and sanctions."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from casetracker.cases.choices import CaseStatus, EventKind, Gender, RecognitionMode, Reliability
from casetracker.cases.choices import ClaimSource as Source
from casetracker.cases.choices import IdentificationMethod as Method

# Moscow and St Petersburg share this zone; detention times are local wall-clock times.
MSK = ZoneInfo("Europe/Moscow")
SEED = 2021
REFERENCE_PREFIX = "DEMO-"
LEGAL_ARTICLES_FIXTURE = "fixtures/legal_articles.json"


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str | None  # a group name from accounts.roles; None makes a superuser
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class City:
    name: str
    guard: str  # the unit that detains at rallies
    investigators: str
    police: tuple[str, ...]  # stations where detainees are held
    courts: tuple[str, ...]
    appeal_court: str
    suburbs: str  # region of residence of some detainees


@dataclass(frozen=True)
class DemoEvent:
    key: str
    label: str
    date: dt.date
    city: City
    place: str
    kind: str

    @property
    def name(self) -> str:
        return f"{self.label} ({self.place})"


MOSCOW = City(
    name="Москва",
    guard="ОМОН ГУ Росгвардии по г. Москве",
    investigators="ГСУ СК России по г. Москве",
    police=tuple(
        f"ОМВД России по {district} г. Москвы"
        for district in ("Тверскому району", "Мещанскому району", "Басманному району", "району Хамовники")
    ),
    courts=tuple(
        f"{name} районный суд г. Москвы"
        for name in ("Тверской", "Мещанский", "Басманный", "Пресненский", "Симоновский")
    ),
    appeal_court="Московский городской суд",
    suburbs="Московская область",
)
SPB = City(
    name="Санкт-Петербург",
    guard="ОМОН ГУ Росгвардии по г. Санкт-Петербургу и Ленинградской области",
    investigators="ГСУ СК России по г. Санкт-Петербургу",
    police=tuple(
        f"УМВД России по {district} району г. Санкт-Петербурга"
        for district in ("Центральному", "Адмиралтейскому", "Василеостровскому")
    ),
    courts=tuple(f"{name} районный суд Санкт-Петербурга" for name in ("Дзержинский", "Смольнинский", "Куйбышевский")),
    appeal_court="Санкт-Петербургский городской суд",
    suburbs="Ленинградская область",
)
EVENTS = (
    DemoEvent("msk-0123", "Акция 23 января", dt.date(2021, 1, 23), MOSCOW, "Пушкинская площадь", EventKind.RALLY),
    DemoEvent("spb-0123", "Акция 23 января", dt.date(2021, 1, 23), SPB, "Сенатская площадь", EventKind.RALLY),
    DemoEvent("msk-0131", "Шествие 31 января", dt.date(2021, 1, 31), MOSCOW, "Комсомольская площадь", EventKind.MARCH),
    DemoEvent("spb-0131", "Шествие 31 января", dt.date(2021, 1, 31), SPB, "Сенная площадь", EventKind.MARCH),
    DemoEvent("msk-0202", "Акция 2 февраля", dt.date(2021, 2, 2), MOSCOW, "Манежная площадь", EventKind.RALLY),
    DemoEvent("spb-0202", "Акция 2 февраля", dt.date(2021, 2, 2), SPB, "Невский проспект", EventKind.RALLY),
    DemoEvent("msk-0214", "Акция 14 февраля", dt.date(2021, 2, 14), MOSCOW, "фонарики во дворах", EventKind.OTHER),
)  # fmt: skip
METRO_POLICE = "УВД на Московском метрополитене ГУ МВД России по г. Москве"
METRO_STATIONS = (
    "Курская", "Комсомольская", "Площадь Революции", "Тверская", "Пушкинская", "Чистые пруды",
    "Охотный Ряд", "Китай-город", "Парк культуры", "Белорусская", "Таганская", "Маяковская",
    "Кузнецкий Мост", "Проспект Мира", "Новокузнецкая", "Сокол", "Выхино", "Марьино",
    "Текстильщики", "Щёлковская", "Юго-Западная", "Медведково", "Кунцевская", "Ботанический сад",
)  # fmt: skip
STREETS = ("Профсоюзная улица", "Ленинградский проспект", "улица Покровка", "Большая Дорогомиловская улица")

FIRST_NAMES = {
    Gender.MALE: (
        "Александр", "Алексей", "Андрей", "Артём", "Борис", "Вадим", "Виктор", "Глеб", "Григорий",
        "Денис", "Дмитрий", "Егор", "Иван", "Игорь", "Кирилл", "Константин", "Максим", "Матвей",
        "Михаил", "Никита", "Олег", "Павел", "Роман", "Семён", "Сергей", "Тимофей", "Фёдор", "Ярослав",
    ),
    Gender.FEMALE: (
        "Алина", "Анастасия", "Анна", "Валерия", "Вера", "Дарья", "Евгения", "Екатерина", "Елена",
        "Елизавета", "Ирина", "Ксения", "Любовь", "Марина", "Мария", "Надежда", "Ольга", "Полина",
        "Светлана", "Софья", "Таисия", "Ульяна", "Юлия",
    ),
}  # fmt: skip
# The father's name gives the patronymic: (male form, female form).
PATRONYMICS = (
    ("Александрович", "Александровна"), ("Андреевич", "Андреевна"), ("Борисович", "Борисовна"),
    ("Викторович", "Викторовна"), ("Геннадьевич", "Геннадьевна"), ("Дмитриевич", "Дмитриевна"),
    ("Евгеньевич", "Евгеньевна"), ("Игоревич", "Игоревна"), ("Константинович", "Константиновна"),
    ("Львович", "Львовна"), ("Михайлович", "Михайловна"), ("Николаевич", "Николаевна"),
    ("Олегович", "Олеговна"), ("Павлович", "Павловна"), ("Романович", "Романовна"),
    ("Сергеевич", "Сергеевна"), ("Юрьевич", "Юрьевна"), ("Ильич", "Ильинична"),
)  # fmt: skip
# Male forms; `builders._surname` derives the female ones.
SURNAMES = (
    "Аксёнов", "Белов", "Воронин", "Гаврилов", "Горелов", "Давыдов", "Ершов", "Жуков", "Зайцев",
    "Игнатьев", "Казаков", "Карпов", "Клименко", "Колесников", "Комаров", "Крылов", "Кудрявцев",
    "Лаптев", "Ларин", "Мартынов", "Мельников", "Некрасов", "Никитин", "Новиков", "Орлов", "Осипов",
    "Панов", "Пестов", "Полянский", "Потапов", "Рогов", "Родионов", "Рыбаков", "Савельев", "Седов",
    "Соболев", "Сорокин", "Суханов", "Тарасов", "Третьяков", "Уваров", "Фадеев", "Филатов", "Фомин",
    "Харитонов", "Цветков", "Черных", "Чистяков", "Шестаков", "Шубин", "Щербаков", "Юдин", "Ястребов",
    "Белецкий", "Вишневский", "Заречный", "Ковальчук",
)  # fmt: skip

# How the police claim they identified someone: templates for EvidenceClaim fields.
CLAIMS = {
    "testimony": {
        "method": Method.POLICE_TESTIMONY,
        "source": Source.OFFICIAL_DOCUMENT,
        "reliability": Reliability.DOCUMENTED,
        "notes": "Рапорты двух сотрудников с совпадающим текстом.",
    },
    "video": {
        "method": Method.EVENT_VIDEO,
        "source": Source.COURT_RECORD,
        "reliability": Reliability.DOCUMENTED,
        "notes": "В деле — стоп-кадр с видеозаписи акции.",
    },
    "street_camera": {
        "method": Method.FACIAL_RECOGNITION_STREET,
        "source": Source.POLICE_STATEMENT,
        "reliability": Reliability.REPORTED,
        "system_name": "Безопасный город",
        "recognition_mode": RecognitionMode.LIVE,
        "contested": True,
    },
    "passport": {
        "method": Method.PASSPORT_PHOTO_MATCH,
        "source": Source.POLICE_STATEMENT,
        "reliability": Reliability.REPORTED,
        "contested": True,
        "notes": "Кадр с акции сопоставлен с фотографией из паспортной базы.",
    },
    "social": {
        "method": Method.SOCIAL_MEDIA_PHOTOS,
        "source": Source.COURT_RECORD,
        "reliability": Reliability.DOCUMENTED,
        "contested": True,
        "notes": "В деле — распечатки снимков из профиля в соцсети.",
    },
}
# Officers' words at the turnstile reach the lawyer in different ways.
METRO_SOURCES = (
    (Source.DETAINEE_ACCOUNT, Reliability.REPORTED),
    (Source.POLICE_STATEMENT, Reliability.REPORTED),
    (Source.OFFICIAL_DOCUMENT, Reliability.DOCUMENTED),
    (Source.OVERHEARD, Reliability.HEARSAY),
)
# Criminal cases: (event, article, status, claim, summary).
CRIMINAL = (
    ("msk-0123", ("uk", "318", "1"), CaseStatus.IN_COURT, "video", "Обвинение: удар по шлему сотрудника на акции."),
    ("msk-0123", ("uk", "318", "1"), CaseStatus.ACTIVE, "video", "Обвинение: толкнул сотрудника; идет следствие."),
    ("msk-0123", ("uk", "267", "1"), CaseStatus.IN_COURT, "video", "Обвинение: перекрытие движения на Тверской улице."),
    ("msk-0123", ("uk", "236", "1"), CaseStatus.IN_COURT, "social", "«Санитарное дело»: призывы выйти на акцию."),
    ("spb-0131", ("uk", "212", "2"), CaseStatus.ACTIVE, "video", "Обвинение: участие в массовых беспорядках."),
)
# Court tracks cycle over the administrative cases; 13 is coprime with the 4 that
# assigns lawyers (`RecordBuilder._plan`), so every track reaches both demo lawyers.
TRACKS = (
    "fine", "arrest", "community_work", "appeal", "fine", "returned", "arrest",
    "echr", "deadline", "fine", "acquitted", "postponed", "intake",
)  # fmt: skip
# The 2021 sanctions of KoAP art. 20.2, by part: fines in roubles and the longest arrest.
FINES = {"5": (10_000, 10_000, 15_000, 20_000), "6.1": (10_000, 15_000, 20_000), "8": (150_000, 200_000, 300_000)}
MAX_ARREST_DAYS = {"6.1": 15, "8": 30}
