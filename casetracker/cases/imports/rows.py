"""One parsed row -> unsaved model instances, validated like the admin (full_clean)."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.models import User
from casetracker.cases import domain
from casetracker.cases.choices import ClaimSource, Reliability
from casetracker.cases.crypto import blind_index
from casetracker.cases.imports.parsing import ParsedRow, RowError
from casetracker.cases.models import Charge, Detention, Event, EvidenceClaim, Hearing, LegalArticle, Person

# Hotline volunteers write down what the detainee tells them.
DEFAULT_SOURCE = ClaimSource.DETAINEE_ACCOUNT
DEFAULT_RELIABILITY = Reliability.REPORTED

PERSON_COLUMNS = {"region": "home_region"}
EVENT_COLUMNS = {"name": "event_name", "date": "event_date", "city": "event_city"}
HEARING_COLUMNS = {"date": "hearing_date"}
HEARING_FIELDS = ("court", "hearing_date", "outcome", "fine_amount", "arrest_days")
CLAIM_FIELDS = ("system_name", "source", "reliability", "footage_event_name", "footage_date")
EventKey = tuple[str, dt.date, str]


@dataclass
class RowRecords:
    number: int
    person: Person
    detention: Detention
    import_key: str
    event_key: EventKey | None = None
    footage_event_key: EventKey | None = None
    footage_event: Event | None = None
    claim: EvidenceClaim | None = None
    charge: Charge | None = None
    hearing: Hearing | None = None
    lawyer: User | None = None
    errors: list[RowError] = field(default_factory=list)


def import_key(values: dict) -> str:
    """A keyed hash of who, when and where: equal rows give equal keys, the key reveals nothing."""
    name = blind_index.normalize_name(values.get("full_name", ""))
    birth = values.get("birth_date")
    moment = values.get("detained_at")
    place = blind_index.normalize_name(values.get("place", ""))
    when = moment.astimezone(dt.UTC).isoformat() if moment else ""
    return blind_index._digest(f"import:{name}|{birth.isoformat() if birth else ''}|{when}|{place}")


@dataclass
class RowContext:
    """What building rows needs from the database, loaded once per chunk by the service."""

    user: User
    may_assign: bool
    articles: dict[tuple[str, str, str], LegalArticle]
    lawyers: dict[str, User]


def build_row(row: ParsedRow, ctx: RowContext, *, validate: bool) -> RowRecords:
    values = row.values
    errors = list(row.errors)
    person = Person(
        full_name=values.get("full_name", ""),
        birth_date=values.get("birth_date"),
        gender=values.get("gender") or Person._meta.get_field("gender").default,
        region=values.get("home_region", ""),
        is_journalist=values.get("is_journalist", False),
        phone=values.get("phone", ""),
        email=values.get("email", ""),
        created_by=ctx.user,
    )
    detention = Detention(
        detained_at=values.get("detained_at"),
        city=values.get("city", ""),
        region=values.get("region", ""),
        place_type=values.get("place_type", ""),
        place=values.get("place", ""),
        press_vest=values.get("press_vest", False),
    )
    records = RowRecords(number=row.number, person=person, detention=detention, import_key=import_key(values))
    records.event_key = _event_key(values, "event_name", "event_date", "event_city", errors, row.number)
    records.footage_event_key = _event_key(
        values, "footage_event_name", "footage_date", "event_city", errors, row.number
    )
    if "method" in values:
        records.claim = EvidenceClaim(
            detention=detention,
            method=values["method"],
            system_name=values.get("system_name", ""),
            source=values.get("source", DEFAULT_SOURCE),
            reliability=values.get("reliability", DEFAULT_RELIABILITY),
            footage_date=values.get("footage_date"),
        )
    elif any(name in values for name in CLAIM_FIELDS):
        errors.append(RowError(row.number, "method", _("Needed with the other identification columns.")))
    if "article" in values:
        article = ctx.articles.get(values["article"])
        if article is None:
            errors.append(
                RowError(row.number, "article", _("Unknown article: a coordinator adds it under Legal articles."))
            )
        else:
            records.charge = Charge(article=article)
    if any(name in values for name in HEARING_FIELDS):
        records.hearing = Hearing(
            court=values.get("court", ""),
            date=values.get("hearing_date"),
            outcome=values.get("outcome", ""),
            fine_amount=values.get("fine_amount"),
            arrest_days=values.get("arrest_days"),
        )
    records.lawyer = _lawyer(values, ctx, errors, row.number)
    if validate and not errors:
        errors.extend(_full_clean(records, values, row.number))
    records.errors = errors
    return records


def _event_key(values: dict, name_column: str, date_column: str, city_column: str, errors, number) -> EventKey | None:
    name = values.get(name_column)
    if not name:
        return None
    date = values.get(date_column)
    if date is None:
        errors.append(RowError(number, date_column, _("Needed with %(column)s.") % {"column": name_column}))
        return None
    return name, date, values.get(city_column) or values.get("city", "")


def _lawyer(values: dict, ctx: RowContext, errors: list[RowError], number: int) -> User | None:
    username = values.get("lawyer")
    if not username:
        return None if ctx.may_assign else ctx.user
    if not ctx.may_assign and username != ctx.user.get_username():
        errors.append(RowError(number, "lawyer", _("Only coordinators assign other lawyers.")))
        return None
    lawyer = ctx.lawyers.get(username)
    if lawyer is None:
        errors.append(RowError(number, "lawyer", _("No active lawyer has this username.")))
    return lawyer


def _full_clean(records: RowRecords, values: dict, number: int) -> list[RowError]:
    """The models' own rules, as the admin applies them, mapped to the file's columns."""
    errors: list[RowError] = []
    # created_by is the importing user: no query per row to check that it exists.
    _clean(records.person, errors, number, PERSON_COLUMNS, exclude=["created_by"])
    # Relations are set when writing; uniqueness (events) is handled by get-or-create.
    _clean(records.detention, errors, number, {}, exclude=["case", "event"])
    birth_date, detained_at = records.person.birth_date, records.detention.detained_at
    if birth_date and detained_at and domain.local_date(detained_at) < birth_date:
        # Detention.clean() reads the birth date through the saved case; there is none yet.
        errors.append(RowError(number, "detained_at", _("The detention cannot be before the person's birth date.")))
    if records.event_key:
        name, date, city = records.event_key
        _clean(Event(name=name, date=date, city=city), errors, number, EVENT_COLUMNS)
    if records.claim is not None:
        _clean(records.claim, errors, number, {}, exclude=["detention", "footage_event"])
    if records.hearing is not None:
        _clean(records.hearing, errors, number, HEARING_COLUMNS, exclude=["case"])
    return errors


def _clean(instance, errors: list[RowError], number: int, columns: dict[str, str], exclude=()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            column = "" if field_name == NON_FIELD_ERRORS else columns.get(field_name, field_name)
            errors.extend(RowError(number, column, message) for message in messages)
