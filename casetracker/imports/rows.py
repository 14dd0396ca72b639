"""One parsed row -> unsaved model instances, validated like the admin, in one pass.

The admin validates with `full_clean()`. Here each instance gets the same two steps
for the fields a file can fill: the model fields' own `clean()` (so the same messages
per field) and the model's `clean()` rules. `validate_unique`/`validate_constraints`
are left out on purpose: per row they would cost a query each; the service checks
`import_key` once per chunk and the database's unique constraints back it. The
instances built here are the ones the writer saves (nothing is built twice).
"""

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.models import User
from casetracker.cases import domain
from casetracker.cases.choices import ClaimSource, Reliability
from casetracker.cases.models import Charge, Detention, Event, EvidenceClaim, Hearing, LegalArticle, Person
from casetracker.imports.instances import InstanceFactory
from casetracker.imports.parsing import ParsedRow, RowError
from casetracker.protected.crypto import blind_index

# Hotline volunteers write down what the detainee tells them.
DEFAULT_SOURCE = ClaimSource.DETAINEE_ACCOUNT
DEFAULT_RELIABILITY = Reliability.REPORTED

PERSON_COLUMNS = {"region": "home_region"}
EVENT_COLUMNS = {"name": "event_name", "date": "event_date", "city": "event_city"}
FOOTAGE_EVENT_COLUMNS = {"name": "footage_event_name", "date": "footage_date", "city": "event_city"}
HEARING_COLUMNS = {"date": "hearing_date"}
HEARING_FIELDS = ("court", "hearing_date", "outcome", "fine_amount", "arrest_days")
CLAIM_FIELDS = ("system_name", "source", "reliability", "footage_event_name", "footage_date")
EventKey = tuple[str, dt.date, str]

# The model fields a row fills; every other field keeps its (valid) default. Relations
# (case, detention, event, created_by) are set by the writer from records it creates.
CLEANED_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Person: ("full_name", "birth_date", "gender", "region", "is_journalist", "phone", "email"),
    Detention: ("detained_at", "city", "region", "place_type", "place", "private_address", "press_vest"),
    Event: ("name", "date", "city"),
    EvidenceClaim: ("method", "system_name", "source", "reliability", "footage_date"),
    Hearing: ("court", "date", "outcome", "fine_amount", "arrest_days"),
}


PERSON = InstanceFactory(Person)
DETENTION = InstanceFactory(Detention)
CLAIM = InstanceFactory(EvidenceClaim)
CHARGE = InstanceFactory(Charge)
HEARING = InstanceFactory(Hearing)
GENDER_DEFAULT = Person._meta.get_field("gender").default


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
    """What building rows needs from the database, loaded in bulk once per import by the service."""

    user: User
    may_assign: bool
    articles: dict[tuple[str, str, str], LegalArticle]
    lawyers: dict[str, User | None]
    # An event's errors depend on its key only: checked once per distinct key, not per row.
    event_errors: dict[tuple[EventKey, str], list[tuple[str, str]]] = field(default_factory=dict)
    # Field.clean() results of repeated text values (see `_clean_field`), per field.
    cleaned: dict[models.Field, dict[str, tuple[object, list | None]]] = field(default_factory=dict)


def build_row(row: ParsedRow, ctx: RowContext) -> RowRecords:
    """The row's unsaved records; `errors` lists everything wrong with them (empty: importable)."""
    values = row.values
    errors = list(row.errors)
    person = PERSON(
        full_name=values.get("full_name", ""),
        birth_date=values.get("birth_date"),
        gender=values.get("gender") or GENDER_DEFAULT,
        region=values.get("home_region", ""),
        is_journalist=values.get("is_journalist", False),
        phone=values.get("phone", ""),
        email=values.get("email", ""),
        created_by_id=ctx.user.pk,
    )
    detention = DETENTION(
        detained_at=values.get("detained_at"),
        city=values.get("city", ""),
        region=values.get("region", ""),
        place_type=values.get("place_type", ""),
        place=values.get("place", ""),
        press_vest=values.get("press_vest", False),
    )
    # The file has one place column: a home or work address in it is stored encrypted.
    detention.keep_address_private()
    records = RowRecords(number=row.number, person=person, detention=detention, import_key=import_key(values))
    records.event_key = _event_key(values, "event_name", "event_date", "event_city", errors, row.number)
    records.footage_event_key = _event_key(
        values, "footage_event_name", "footage_date", "event_city", errors, row.number
    )
    if "method" in values:
        records.claim = CLAIM(
            method=values["method"],
            system_name=values.get("system_name", ""),
            source=values.get("source", DEFAULT_SOURCE),
            reliability=values.get("reliability", DEFAULT_RELIABILITY),
            footage_date=values.get("footage_date"),
        )
        # The object, not the id: clean() reads the (unsaved) detention's time, and
        # bulk_create copies its pk once it is saved.
        records.claim.detention = detention
    elif any(name in values for name in CLAIM_FIELDS):
        errors.append(RowError(row.number, "method", _("Needed with the other identification columns.")))
    if "article" in values:
        article = ctx.articles.get(values["article"])
        if article is None:
            errors.append(
                RowError(row.number, "article", _("Unknown article: a coordinator adds it under Legal articles."))
            )
        else:
            records.charge = CHARGE(article_id=article.pk)
    if any(name in values for name in HEARING_FIELDS):
        records.hearing = HEARING(
            court=values.get("court", ""),
            date=values.get("hearing_date"),
            outcome=values.get("outcome", ""),
            fine_amount=values.get("fine_amount"),
            arrest_days=values.get("arrest_days"),
        )
    records.lawyer = _lawyer(values, ctx, errors, row.number)
    if not errors:
        errors.extend(_model_errors(records, ctx, row.number))
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


def _model_errors(records: RowRecords, ctx: RowContext, number: int) -> list[RowError]:
    """The models' own rules, as the admin applies them, mapped to the file's columns."""
    errors: list[RowError] = []
    _append(errors, number, model_errors(records.person, ctx.cleaned), PERSON_COLUMNS)
    _append(errors, number, model_errors(records.detention, ctx.cleaned), {})
    birth_date, detained_at = records.person.birth_date, records.detention.detained_at
    if birth_date and detained_at and domain.local_date(detained_at) < birth_date:
        # Detention.clean() reads the birth date through the saved case; there is none yet.
        errors.append(RowError(number, "detained_at", _("The detention cannot be before the person's birth date.")))
    for key, columns in ((records.event_key, EVENT_COLUMNS), (records.footage_event_key, FOOTAGE_EVENT_COLUMNS)):
        if key is not None:
            cache_key = (key, columns["name"])
            if cache_key not in ctx.event_errors:
                name, date, city = key
                ctx.event_errors[cache_key] = _mapped(
                    model_errors(Event(name=name, date=date, city=city), ctx.cleaned), columns
                )
            errors.extend(RowError(number, column, message) for column, message in ctx.event_errors[cache_key])
    if records.claim is not None:
        _append(errors, number, model_errors(records.claim, ctx.cleaned), {})
    if records.hearing is not None:
        # Hearing.clean() also fills the default appeal deadline the writer stores.
        _append(errors, number, model_errors(records.hearing, ctx.cleaned), HEARING_COLUMNS)
    return errors


@functools.cache
def _fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    return tuple(model._meta.get_field(name) for name in CLEANED_FIELDS[model])


def model_errors(instance: models.Model, cleaned: dict | None = None) -> dict[str, list[str]]:
    """`full_clean()` without unique/constraint checks, for the fields a row fills: messages by field.

    The same steps as `Model.clean_fields()` (blank values of blank fields are skipped,
    each field's `clean()` converts and validates) followed by the model's `clean()`,
    so each field gets the messages the admin shows. `cleaned` memoizes field results
    across rows (see `_clean_field`).
    """
    errors: dict = {}
    for model_field in _fields(type(instance)):
        raw_value = getattr(instance, model_field.attname)
        if model_field.blank and raw_value in model_field.empty_values:
            continue
        value, error_list = _clean_field(model_field, raw_value, instance, cleaned)
        if error_list is None:
            setattr(instance, model_field.attname, value)
        else:
            errors[model_field.name] = error_list
    try:
        instance.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    return ValidationError(errors).message_dict if errors else {}


# Distinct values remembered per field: enough for cities, methods, courts, outcomes;
# a field whose every row differs (names, phones) stops being remembered.
MEMO_VALUES_PER_FIELD = 256


def _clean_field(model_field: models.Field, raw_value: object, instance: models.Model, cleaned: dict | None):
    """`model_field.clean(raw_value, instance)` as (value, None), or (None, its errors).

    Down a detention list the same city, station, method or court repeats on most rows,
    and a non-relational field's clean() depends on the value alone: each distinct text
    is cleaned once per import. Only `str` values are remembered: equal numbers can
    differ in what is validated (Decimal("1") == Decimal("1.000")).
    """
    memo = None
    if cleaned is not None and type(raw_value) is str:
        memo = cleaned.setdefault(model_field, {})
        if raw_value in memo:
            return memo[raw_value]
    try:
        result = (model_field.clean(raw_value, instance), None)
    except ValidationError as error:
        result = (None, error.error_list)
    if memo is not None and len(memo) < MEMO_VALUES_PER_FIELD:
        memo[raw_value] = result
    return result


def _mapped(messages: dict[str, list[str]], columns: dict[str, str]) -> list[tuple[str, str]]:
    return [
        ("" if name == NON_FIELD_ERRORS else columns.get(name, name), message)
        for name, field_messages in messages.items()
        for message in field_messages
    ]


def _append(errors: list[RowError], number: int, messages: dict[str, list[str]], columns: dict[str, str]) -> None:
    errors.extend(RowError(number, column, message) for column, message in _mapped(messages, columns))
