"""No admin inline reaches a record of another parent, whatever id is posted.

Review finding (critical): django-nested-admin loaded every posted inline id with the
model's default manager, so a foreign `hearings-0-id` on the case page moved another
lawyer's hearing onto the attacker's case. The case page has no inlines any more (its
records: tests/security/test_cross_case_writes.py). Every inline left on an admin page
(a lawyer's profile on the user's page) has a parent-scoped formset
(`casetracker/audit/admin_formsets.py`), and the system check `audit.E001` refuses one
without it.

The walk below covers every registered admin and every inline at every nesting level:
a new admin with inlines fails here until it has a scenario.
"""

from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.core import checks
from django.db import models
from django.forms.models import _get_foreign_key

from casetracker.accounts.models import LawyerProfile
from casetracker.audit.admin_checks import STOCK_INLINES, inlines_are_parent_scoped
from casetracker.audit.models import AuditEvent
from casetracker.cases.models import Case, Detention
from tests.admin_forms import change_form_data
from tests.conftest import client_for
from tests.factories import make_user

# What an attacker writes into a foreign record, per inline model ("PWNED" as in the review).
TAMPER = {
    "accounts.lawyerprofile": {"bar_number": "PWNED"},
}


@dataclass(frozen=True)
class InlinePath:
    """An inline on an admin page: its form prefix (first row of each level) and model."""

    admin_model: type[models.Model]
    accessors: tuple[str, ...]  # from the page's object down to the inline's records
    model: type[models.Model]
    fk_name: str

    @property
    def prefix(self) -> str:
        return "-0-".join(self.accessors)

    def __str__(self) -> str:
        return f"{self.admin_model._meta.label_lower}:{self.prefix}"


def _inline_paths(parent_model, inline_classes, accessors=(), admin_model=None):
    for inline_class in inline_classes:
        if f"{inline_class.__module__}.{inline_class.__qualname__}" in STOCK_INLINES:
            continue  # another package's inline, attacked in its own test below
        fk = _get_foreign_key(parent_model, inline_class.model, fk_name=inline_class.fk_name)
        accessor = fk.remote_field.get_accessor_name(model=inline_class.model).replace("+", "")
        path = InlinePath(admin_model or parent_model, (*accessors, accessor), inline_class.model, fk.name)
        yield path
        nested = getattr(inline_class, "inlines", [])
        yield from _inline_paths(inline_class.model, nested, path.accessors, path.admin_model)


def every_inline_path() -> list[InlinePath]:
    paths = []
    for model, model_admin in admin.site._registry.items():
        paths.extend(_inline_paths(model, model_admin.inlines))
    return paths


INLINE_PATHS = every_inline_path()


def test_the_walk_finds_the_admin_sites_inlines_and_none_on_the_case_page():
    prefixes = {str(path) for path in INLINE_PATHS}
    assert "accounts.user:lawyer_profile" in prefixes
    assert not [path for path in INLINE_PATHS if path.admin_model is Case]
    assert not admin.site._registry[Case].get_inlines(None, None)
    assert all(path.model._meta.label_lower in TAMPER for path in INLINE_PATHS), "add a TAMPER entry"


def test_the_system_check_passes_on_the_admin_site():
    assert [error.id for error in inlines_are_parent_scoped(None)] == []
    assert inlines_are_parent_scoped in checks.registry.registry.get_checks()


def test_the_system_check_refuses_an_inline_with_a_stock_formset():
    """An inline like the old case page's (Django's own formset) stops the app with audit.E001."""

    class DetentionsInline(admin.TabularInline):
        model = Detention

    class CaseWithFormsetsAdmin(admin.ModelAdmin):
        inlines = [DetentionsInline]

    # A site like ours with the old case page on it (admin.site itself is left alone).
    site = admin.AdminSite(name="check")
    for model, model_admin in admin.site._registry.items():
        site.register(model, type(model_admin))
    site.unregister(Case)
    site.register(Case, CaseWithFormsetsAdmin)

    (error,) = inlines_are_parent_scoped(None, site=site)

    assert error.id == "audit.E001"
    assert error.obj is DetentionsInline
    assert "cases.Case" in error.msg and "DetentionsInline" in error.msg


def record_at(obj: models.Model, accessors: tuple[str, ...]) -> models.Model:
    """The first record reached from `obj` along the accessors (the first row of each formset)."""
    for accessor in accessors:
        related = getattr(obj, accessor)
        obj = related.order_by("pk").first() if hasattr(related, "order_by") else related
    return obj


def lawyer_with_profile(username: str):
    user = make_user("Lawyer", username=username)
    LawyerProfile.objects.create(user=user, bar_number=f"77/{user.pk}")
    return user


@dataclass
class Scenario:
    actor: object
    page_object: models.Model
    victims: dict  # "invisible" / "visible" -> the object whose records are attacked
    url: str
    refusal: str  # the message of a refused row


def scenario_for(path: InlinePath) -> Scenario:
    if path.admin_model._meta.label_lower == "accounts.user":
        superuser = make_user(None, username="root", is_superuser=True)
        own = lawyer_with_profile("own_lawyer")
        # The user admin is a superuser's: every user is visible to them.
        return Scenario(
            actor=superuser,
            page_object=own,
            victims={"visible": lawyer_with_profile("other_user")},
            url=f"/admin/accounts/user/{own.pk}/change/",
            refusal="This profile does not belong to this user.",
        )
    raise AssertionError(f"No scenario for the admin of {path.admin_model._meta.label}: add one to this test.")


def expected_case_reference(record) -> str:
    if hasattr(record, "detention"):
        return record.detention.case.reference
    return record.case.reference if hasattr(record, "case") else ""


def snapshot(model: type[models.Model], pk) -> list[dict]:
    return list(model._default_manager.filter(pk=pk).values())


def attack_data(scenario: Scenario, path: InlinePath, victim_record, attack: str) -> dict:
    client = client_for(scenario.actor)
    data = change_form_data(client, scenario.url, form_id=_form_id(path))
    own_record = record_at(scenario.page_object, path.accessors)
    if attack in {"move", "change"}:
        assert data[f"{path.prefix}-0-id"] == [str(own_record.pk)]
        data[f"{path.prefix}-0-id"] = [str(victim_record.pk)]
        if attack == "change":
            for field, value in TAMPER[path.model._meta.label_lower].items():
                data[f"{path.prefix}-0-{field}"] = [value]
    else:  # an extra row carrying the foreign id, marked for deletion
        total = int(data[f"{path.prefix}-TOTAL_FORMS"][0])
        data[f"{path.prefix}-TOTAL_FORMS"] = [str(total + 1)]
        data[f"{path.prefix}-INITIAL_FORMS"] = [str(int(data[f"{path.prefix}-INITIAL_FORMS"][0]) + 1)]
        parent = getattr(own_record, path.fk_name)
        data[f"{path.prefix}-{total}-id"] = [str(victim_record.pk)]
        data[f"{path.prefix}-{total}-{path.fk_name}"] = [str(parent.pk)]
        data[f"{path.prefix}-{total}-DELETE"] = ["on"]
    data["_save"] = ["Save"]
    return data


def _form_id(path: InlinePath) -> str:
    return f"{path.admin_model._meta.model_name}_form"


CASES = [
    pytest.param(path, victim, attack, id=f"{path}-{victim}-{attack}")
    for path in INLINE_PATHS
    for victim in ("invisible", "visible")
    for attack in ("move", "change", "delete")
    if not (victim == "invisible" and path.admin_model._meta.label_lower == "accounts.user")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "victim", "attack"), CASES)
def test_a_posted_foreign_id_changes_nothing(path, victim, attack):
    scenario = scenario_for(path)
    victim_record = record_at(scenario.victims[victim], path.accessors)
    own_record = record_at(scenario.page_object, path.accessors)
    before = snapshot(path.model, victim_record.pk)
    own_before = snapshot(path.model, own_record.pk)
    data = attack_data(scenario, path, victim_record, attack)

    response = client_for(scenario.actor).post(scenario.url, data)

    assert response.status_code == 200, f"expected the form again with an error, got {response.status_code}"
    assert snapshot(path.model, victim_record.pk) == before
    assert snapshot(path.model, own_record.pk) == own_before
    page = response.content.decode()
    assert scenario.refusal in page
    # The refused attempt is on the trail, filed under the case of the record it named.
    refusals = AuditEvent.objects.filter(action="refused")
    refusal = refusals.get(object_type=path.model._meta.label_lower, object_id=str(victim_record.pk))
    assert refusal.user == scenario.actor
    assert refusal.case_reference == expected_case_reference(victim_record)


@pytest.mark.django_db
def test_recovery_code_inline_of_django_otp_ignores_a_foreign_code(superuser):
    """django-otp's own inline keeps Django's stock formset (see STOCK_INLINES): prove it."""
    from django_otp.plugins.otp_static.models import StaticDevice

    victim = make_user("Lawyer", username="victim")
    device = StaticDevice.objects.create(user=victim, name="backup")
    token = device.token_set.create(token="victimcode1")
    data = {
        "user": str(superuser.pk),
        "name": "attack",
        "confirmed": "on",
        "token_set-TOTAL_FORMS": "2",
        "token_set-INITIAL_FORMS": "2",
        "token_set-MIN_NUM_FORMS": "0",
        "token_set-MAX_NUM_FORMS": "1000",
        "token_set-0-id": str(token.pk),
        "token_set-0-token": "PWNED",
        "token_set-1-id": str(token.pk),
        "token_set-1-DELETE": "on",
        "_save": "Save",
    }

    client_for(superuser).post("/admin/otp_static/staticdevice/add/", data)

    token.refresh_from_db()
    assert (token.device_id, token.token) == (device.pk, "victimcode1")
