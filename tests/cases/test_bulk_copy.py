"""COPY (bulk_copy.ModelRows + CopySink) stores exactly what bulk_create stores."""

import datetime as dt
import decimal

import pytest
from django.db import IntegrityError, connection, models, transaction

from casetracker.audit.models import AuditEvent
from casetracker.cases.models import Case, Charge, Detention, EvidenceClaim, Hearing, Person
from casetracker.protected.bulk_copy import CopySink, ModelRows, passthrough_types
from casetracker.protected.crypto.fields import EncryptedFieldMixin
from casetracker.protected.crypto.keys import TOKEN_PREFIX
from tests.factories import CaseFactory, DetentionFactory, EventFactory, LegalArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

# The models the import writes by COPY.
MODELS = [Person, Case, Case.lawyers.through, Detention, EvidenceClaim, Charge, Hearing, AuditEvent]
SAMPLES = {str: ["", "Пушкинская", 'a,b\n"c"'], int: [0, 7, 2**40], bool: [True, False], type(None): [None]}
MOMENT = dt.datetime(2021, 2, 4, 5, 15, 30, 123456, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "field",
    [field for model in MODELS for field in model._meta.concrete_fields if passthrough_types(field)],
    ids=str,
)
def test_passthrough_values_are_what_get_db_prep_save_returns(field):
    for kind in passthrough_types(field):
        for value in SAMPLES[kind]:
            prepared = field.get_db_prep_save(value, connection)
            assert prepared == value and type(prepared) is type(value)


def test_encrypted_and_typed_fields_are_never_passed_through():
    assert not passthrough_types(Person._meta.get_field("full_name"))  # encrypted: always prepared
    assert not passthrough_types(Detention._meta.get_field("detained_at"))
    assert not passthrough_types(Hearing._meta.get_field("fine_amount"))


def _instances(model):
    """Two equal unsaved instances per call: one for bulk_create, one for COPY."""
    user = UserFactory()
    if model is Person:
        values = {"full_name": 'Иванов, "Пётр"', "birth_date": None, "phone": "", "created_by_id": user.pk}
    elif model is Case:
        values = {"person_id": CaseFactory().person_id, "opened_at": dt.date(2021, 2, 4), "summary": "a\tb"}
    elif model is Case.lawyers.through:
        values = {"case_id": CaseFactory().pk, "user_id": user.pk}
    elif model is Detention:
        values = {
            "case_id": CaseFactory().pk,
            "detained_at": MOMENT,
            "place": "ул. Ленина, 1",
            "event_id": EventFactory().pk,
            "is_minor": None,
            "import_key": "k" * 32,
        }
    elif model is EvidenceClaim:
        values = {"detention_id": DetentionFactory().pk, "method": "cctv_review", "footage_date": dt.date(2021, 1, 23)}
    elif model is Charge:
        values = {"case_id": CaseFactory().pk, "article_id": LegalArticleFactory().pk}
    elif model is Hearing:
        values = {"case_id": CaseFactory().pk, "court": "суд", "date": dt.date(2021, 3, 1)}
        values["fine_amount"] = decimal.Decimal("10000.50")
    else:
        assert model is AuditEvent
        values = {"user_id": user.pk, "action": "create", "object_id": "5", "changed_fields": ["status", "ё"]}
    if model is Case:  # the unique columns differ (and are not compared)
        return [model(**values, reference=f"CT-2021-X{n}") for n in range(2)]
    if model is Case.lawyers.through:
        return [model(**values), model(**{**values, "user_id": UserFactory().pk})]
    if model is AuditEvent:  # created_at: default=timezone.now, per instance
        values["created_at"] = MOMENT
    return [model(**values) for _n in range(2)]


def _raw_row(model, pk):
    columns = [field.column for field in model._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {model._meta.db_table} WHERE id = %s",  # noqa: S608 - model names
            [pk],
        )
        return dict(zip(model._meta.concrete_fields, cursor.fetchone(), strict=True))


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_copy_stores_what_bulk_create_stores(model):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    by_insert, by_copy = _instances(model)
    model.objects.bulk_create([by_insert])
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [model._meta.db_table])
        by_copy.pk = cursor.fetchone()[0]
    if model is Detention:
        by_insert.import_key = ""  # the unique key: one of them keeps it
        model.objects.filter(pk=by_insert.pk).update(import_key="")
    table, sink = ModelRows(model), CopySink()
    sink.write(model._meta.db_table, table.fields, table.rows([by_copy]))
    sink.close()
    inserted, copied = _raw_row(model, by_insert.pk), _raw_row(model, by_copy.pk)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in ("reference", "import_key") or field.attname == "user_id":
            continue
        if isinstance(field, EncryptedFieldMixin) and inserted[field] is not None:
            # A fresh IV per value: equal after decryption.
            assert copied[field].startswith(f"{TOKEN_PREFIX}:")
            assert field.from_db_value(copied[field], None, connection) == getattr(by_insert, field.attname)
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            assert abs(copied[field] - inserted[field]) < dt.timedelta(minutes=1)
        else:
            assert copied[field] == inserted[field], field.name
    assert model.objects.get(pk=by_copy.pk)  # and Django reads the row back


def test_copy_raises_django_integrity_error_for_a_duplicate_key():
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    DetentionFactory(import_key="k" * 32)
    duplicate = Detention(case_id=CaseFactory().pk, detained_at=MOMENT, import_key="k" * 32, pk=10**9)
    table = ModelRows(Detention)
    with pytest.raises(IntegrityError), transaction.atomic():
        sink = CopySink()
        sink.write(Detention._meta.db_table, table.fields, table.rows([duplicate]))
        sink.close()


def test_rows_refuse_an_empty_string_for_a_nullable_text_column():
    # CSV cannot tell it from NULL: refused rather than stored differently from bulk_create.
    case = Case(pk=1, person_id=1, reference="")
    with pytest.raises(ValueError, match=r"nullable cases\.Case\.reference"):
        ModelRows(Case).rows([case])


def test_json_values_are_copied_as_json_text():
    if connection.vendor != "postgresql":
        pytest.skip("the Jsonb adapter is PostgreSQL's")
    event = AuditEvent(pk=1, changed_fields=["ё", {"a": None}])
    row = dict(zip(ModelRows(AuditEvent).fields, ModelRows(AuditEvent).rows([event])[0], strict=True))
    assert row[AuditEvent._meta.get_field("changed_fields")] == '["\\u0451", {"a": null}]'
    assert isinstance(AuditEvent._meta.get_field("changed_fields"), models.JSONField)
