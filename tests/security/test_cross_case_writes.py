"""No request to the case page reaches a record of another case, whatever id it carries.

Review finding (critical): a lawyer opened their own case page, put the id of another
lawyer's hearing into `hearings-0-id` and saved; django-nested-admin loaded that hearing,
overwrote it and moved it onto the lawyer's case (302). The same with every kind of
case record, and an extra row with a foreign id and DELETE=on deleted it.

The case page has no formsets now: each record is read, changed and deleted at its own
URL under its case (`records/<kind>/<id>/`) and looked up among that case's records. The
review's requests are sent here to those URLs, for every kind of record the page knows
(`RECORD_KINDS`: a new kind fails here until it has a TAMPER entry), against a record of
a case the lawyer cannot see and one of another case they can see; and the old formset
payload is still posted to the case's own form, which must ignore it.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.db import models
from django.urls import reverse

from casetracker.audit.models import AuditEvent
from casetracker.cases.admin.workspace.kinds import RECORD_KINDS
from casetracker.cases.models import Case, EvidenceClaim
from tests.admin_forms import change_form_data
from tests.conftest import client_for
from tests.factories import (
    CaseFactory,
    CaseNoteFactory,
    ChargeFactory,
    DetentionFactory,
    DocumentFactory,
    EvidenceClaimFactory,
    HearingFactory,
    make_user,
)

FRAGMENT = {"HTTP_X_WORKSPACE_FRAGMENT": "1"}

# What an attacker writes into a foreign record, per kind of record ("PWNED" as in the review).
TAMPER = {
    "detention": {"place": "PWNED"},
    "claim": {"system_name": "PWNED"},
    "charge": {"filed_at": "2020-01-01"},
    "hearing": {"judge": "PWNED"},
    "document": {"description": "PWNED"},
    "note": {"text": "PWNED"},
}

# The old page's formset prefixes (nested claims under the first detention row).
FORMSET_PREFIXES = {
    "detention": "detentions",
    "claim": "detentions-0-evidence_claims",
    "charge": "charges",
    "hearing": "hearings",
    "document": "documents",
    "note": "notes",
}

HOSTILE_IDS = ("999999999", "abc", "1e400", "99999999999999999999", "-1", "")


def test_every_kind_of_record_on_the_case_page_is_attacked_here():
    assert set(TAMPER) == set(RECORD_KINDS) == set(FORMSET_PREFIXES), "add a TAMPER entry for the new kind"


def full_case(lawyers) -> Case:
    case = CaseFactory(lawyers=lawyers)
    EvidenceClaimFactory(detention=DetentionFactory(case=case))
    ChargeFactory(case=case)
    HearingFactory(case=case, judge="Судья Иванова")
    DocumentFactory(case=case, description="Протокол задержания")
    CaseNoteFactory(case=case)
    return case


def record_of(case: Case, kind: str) -> models.Model:
    """The first record of `kind` in `case`."""
    return RECORD_KINDS[kind].records_of(case).order_by("pk").first()


def snapshot(record: models.Model) -> list[dict]:
    return list(type(record)._default_manager.filter(pk=record.pk).values())


def change_url(case: Case, kind: str, record_id) -> str:
    return reverse("admin:cases_case_record_change", args=[case.pk, kind, record_id])


def delete_url(case: Case, kind: str, record_id) -> str:
    return reverse("admin:cases_case_record_delete", args=[case.pk, kind, record_id])


def add_url(case: Case, kind: str) -> str:
    return reverse("admin:cases_case_record_add", args=[case.pk, kind])


def record_form_data(client, case: Case, kind: str, record: models.Model) -> dict[str, list[str]]:
    """What a browser posts from the form of `record`, unchanged."""
    return change_form_data(client, change_url(case, kind, record.pk), form_id=f"{kind}-{record.pk}-form")


def tampered(data: dict[str, list[str]], kind: str, own_pk, target_pk) -> dict[str, list[str]]:
    """The form data of the own record, renamed for the target record and with TAMPER written in."""
    own_prefix, target_prefix = f"{kind}-{own_pk}-", f"{kind}-{target_pk}-"
    renamed = {name.replace(own_prefix, target_prefix, 1): values for name, values in data.items()}
    for field, value in TAMPER[kind].items():
        renamed[f"{target_prefix}{field}"] = [value]
    return renamed


@dataclass
class Scenario:
    lawyer: object
    own: Case
    victims: dict  # "invisible" / "visible" -> a case whose records are attacked


@pytest.fixture
def scenario(db) -> Scenario:
    lawyer = make_user("Lawyer", username="attacker")
    victim_lawyer = make_user("Lawyer", username="victim")
    return Scenario(
        lawyer=lawyer,
        own=full_case([lawyer]),
        victims={"invisible": full_case([victim_lawyer]), "visible": full_case([lawyer])},
    )


ATTACKS = ("view", "change", "delete-page", "delete")


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("victim", ["invisible", "visible"])
@pytest.mark.parametrize("kind", list(TAMPER))
def test_a_foreign_record_id_in_the_url_of_an_own_case_is_not_found(scenario, kind, victim, attack):
    victim_case = scenario.victims[victim]
    victim_record = record_of(victim_case, kind)
    own_record = record_of(scenario.own, kind)
    before, own_before = snapshot(victim_record), snapshot(own_record)
    client = client_for(scenario.lawyer)

    if attack == "view":
        response = client.get(change_url(scenario.own, kind, victim_record.pk))
    elif attack == "change":
        data = tampered(record_form_data(client, scenario.own, kind, own_record), kind, own_record.pk, victim_record.pk)
        response = client.post(change_url(scenario.own, kind, victim_record.pk), data)
    elif attack == "delete-page":
        response = client.get(delete_url(scenario.own, kind, victim_record.pk))
    else:
        response = client.post(delete_url(scenario.own, kind, victim_record.pk))

    assert response.status_code == 404
    assert snapshot(victim_record) == before
    assert snapshot(own_record) == own_before
    page = response.content.decode()
    assert victim_case.reference not in page
    assert "Судья Иванова" not in page and "Протокол задержания" not in page


@pytest.mark.parametrize("kind", list(TAMPER))
def test_the_same_request_on_the_own_record_is_saved(scenario, kind):
    """The attack data is a valid form: the 404 above comes from the scoping, not from bad input."""
    own_record = record_of(scenario.own, kind)
    client = client_for(scenario.lawyer)
    data = tampered(record_form_data(client, scenario.own, kind, own_record), kind, own_record.pk, own_record.pk)

    response = client.post(change_url(scenario.own, kind, own_record.pk), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    own_record.refresh_from_db()
    field, value = next(iter(TAMPER[kind].items()))
    assert str(getattr(own_record, field)) == value


def test_a_refused_foreign_record_id_is_on_the_audit_trail(scenario):
    victim_case = scenario.victims["invisible"]
    victim_hearing = record_of(victim_case, "hearing")
    client = client_for(scenario.lawyer)

    client.post(change_url(scenario.own, "hearing", victim_hearing.pk), {f"hearing-{victim_hearing.pk}-judge": "PWNED"})

    refusal = AuditEvent.objects.get(action="refused", object_type="cases.hearing", object_id=str(victim_hearing.pk))
    assert refusal.user == scenario.lawyer
    assert refusal.case_reference == victim_case.reference


@pytest.mark.parametrize("victim", ["invisible", "visible"])
def test_a_new_claim_cannot_hang_under_a_foreign_detention(scenario, victim):
    foreign_detention = record_of(scenario.victims[victim], "detention")
    own_detention = record_of(scenario.own, "detention")
    claims_before = EvidenceClaim.objects.count()
    data = {
        "claim-new-method": "other",
        "claim-new-recognition_mode": "unknown",
        "claim-new-source": "detainee_account",
        "claim-new-reliability": "hearsay",
        "claim-new-system_name": "PWNED",
    }
    client = client_for(scenario.lawyer)
    url = add_url(scenario.own, "claim")

    in_the_url = client.post(f"{url}?detention={foreign_detention.pk}", data)
    in_the_body = client.post(url, {**data, "detention": foreign_detention.pk})
    # An own detention in the URL wins over a foreign one posted in the body or as a field.
    mixed = client.post(
        f"{url}?detention={own_detention.pk}",
        {**data, "detention": foreign_detention.pk, "claim-new-detention": foreign_detention.pk},
    )

    assert (in_the_url.status_code, in_the_body.status_code) == (404, 404)
    assert mixed.status_code == 302
    assert not foreign_detention.evidence_claims.filter(system_name="PWNED").exists()
    assert EvidenceClaim.objects.count() == claims_before + 1
    assert own_detention.evidence_claims.filter(system_name="PWNED").exists()


@pytest.mark.parametrize("kind", list(TAMPER))
def test_posted_case_id_and_detention_fields_are_ignored(scenario, kind):
    foreign_case = scenario.victims["invisible"]
    foreign_record = record_of(foreign_case, kind)
    foreign_before = snapshot(foreign_record)
    own_record = record_of(scenario.own, kind)
    client = client_for(scenario.lawyer)
    data = record_form_data(client, scenario.own, kind, own_record)
    prefix = f"{kind}-{own_record.pk}"
    foreign_detention = record_of(foreign_case, "detention")
    for name in (f"{prefix}-case", "case"):
        data[name] = [str(foreign_case.pk)]
    for name in (f"{prefix}-id", "id"):
        data[name] = [str(foreign_record.pk)]
    for name in (f"{prefix}-detention", "detention"):
        data[name] = [str(foreign_detention.pk)]

    response = client.post(change_url(scenario.own, kind, own_record.pk), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert snapshot(foreign_record) == foreign_before
    assert record_of(scenario.own, kind).pk == own_record.pk  # still in the own case, under its own id
    assert RECORD_KINDS[kind].records_of(foreign_case).count() == 1


# A new document needs a file: its add form is attacked in test_upload_content.
@pytest.mark.parametrize("kind", [kind for kind in TAMPER if kind != "document"])
def test_a_new_record_with_posted_case_and_id_fields_lands_in_the_case_of_the_url(scenario, kind):
    foreign_case = scenario.victims["invisible"]
    foreign_record = record_of(foreign_case, kind)
    foreign_before = snapshot(foreign_record)
    own_record = record_of(scenario.own, kind)
    client = client_for(scenario.lawyer)
    # The own record's form as a new one: the same valid values under the prefix "<kind>-new".
    data = tampered(record_form_data(client, scenario.own, kind, own_record), kind, own_record.pk, "new")
    data.update({f"{kind}-new-case": [str(foreign_case.pk)], f"{kind}-new-id": [str(foreign_record.pk)]})
    data["case"] = [str(foreign_case.pk)]
    url = add_url(scenario.own, kind)
    if kind == "claim":
        url += f"?detention={record_of(scenario.own, 'detention').pk}"

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert snapshot(foreign_record) == foreign_before
    assert RECORD_KINDS[kind].records_of(foreign_case).count() == 1
    assert RECORD_KINDS[kind].records_of(scenario.own).count() == 2


@pytest.mark.parametrize("form", ["change", "add"])
@pytest.mark.parametrize("victim", ["invisible", "visible"])
def test_the_old_formset_payload_posted_to_the_case_form_changes_nothing(scenario, victim, form):
    """The review's requests as they were sent: every formset, nested claims, rows marked for deletion."""
    victim_case = scenario.victims[victim]
    client = client_for(scenario.lawyer)
    change = reverse("admin:cases_case_change", args=[scenario.own.pk])
    url = change if form == "change" else reverse("admin:cases_case_add")
    data = change_form_data(client, f"{change}?edit=details" if form == "change" else url)
    if form == "add":
        data.update({"person": [str(scenario.own.person_id)], "opened_at": ["2021-02-01"], "status": ["intake"]})
    records = {kind: record_of(victim_case, kind) for kind in TAMPER}
    own_records = {kind: record_of(scenario.own, kind) for kind in TAMPER}
    before = [snapshot(record) for record in [*records.values(), *own_records.values()]]
    for kind, record in records.items():
        prefix = FORMSET_PREFIXES[kind]
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": ["2"],
                f"{prefix}-INITIAL_FORMS": ["2"],
                f"{prefix}-MIN_NUM_FORMS": ["0"],
                f"{prefix}-MAX_NUM_FORMS": ["1000"],
                f"{prefix}-0-id": [str(record.pk)],
                f"{prefix}-0-case": [str(scenario.own.pk)],
                f"{prefix}-0-detention": [str(own_records["detention"].pk)],
                **{f"{prefix}-0-{field}": [value] for field, value in TAMPER[kind].items()},
                f"{prefix}-1-id": [str(record.pk)],
                f"{prefix}-1-DELETE": ["on"],
            }
        )
    data["_save"] = ["Save"]

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]  # the case's own fields are saved
    assert [snapshot(record) for record in [*records.values(), *own_records.values()]] == before


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
@pytest.mark.parametrize("kind", ["hearing", "claim"])
def test_unknown_and_malformed_record_ids_are_not_found_never_server_errors(scenario, kind, hostile):
    client = client_for(scenario.lawyer)
    own_record = record_of(scenario.own, kind)
    before = snapshot(own_record)
    base = reverse("admin:cases_case_change", args=[scenario.own.pk])
    record_path = f"{base.removesuffix('change/')}records/{kind}/{hostile}/"
    data = {f"{kind}-{hostile}-{field}": value for field, value in TAMPER[kind].items()}

    responses = [
        client.get(record_path, follow=True),
        client.post(record_path, data, follow=True),
        client.post(f"{record_path}delete/", follow=True),
        client.post(f"/admin/cases/case/{hostile}/records/{kind}/{own_record.pk}/", data, follow=True),
    ]

    # Some of these paths are no record URL at all: the admin's catch-all redirects
    # them to a case page that does not exist. Either way the answer ends in a 404.
    assert [response.status_code for response in responses] == [404] * len(responses)
    assert snapshot(own_record) == before


@pytest.mark.parametrize("hostile", [*HOSTILE_IDS, "1 OR 1=1"])
def test_malformed_detention_of_a_new_claim_is_not_found(scenario, hostile):
    client = client_for(scenario.lawyer)
    url = add_url(scenario.own, "claim")
    query = urlencode({"detention": hostile})
    data = {"claim-new-method": "other", "detention": hostile}

    responses = [client.get(f"{url}?{query}"), client.post(f"{url}?{query}", data), client.post(url, data)]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert EvidenceClaim.objects.filter(detention__case=scenario.own).count() == 1


@pytest.mark.parametrize("hostile", ["²", "①"])
def test_a_digit_that_is_no_number_as_detention_of_a_new_claim_is_not_found(scenario, hostile):
    client = client_for(scenario.lawyer)
    url = add_url(scenario.own, "claim")

    responses = [client.get(url, {"detention": hostile}), client.post(url, {"detention": hostile})]

    assert [response.status_code for response in responses] == [404, 404]


def test_claim_cannot_move_between_detentions_of_the_same_case(lawyer):
    case = full_case([lawyer])
    first = case.detentions.get()
    second = DetentionFactory(case=case, place="Маяковская")
    moved = EvidenceClaimFactory(detention=second, system_name="Сфера")
    client = client_for(lawyer)
    data = record_form_data(client, case, "claim", moved)
    prefix = f"claim-{moved.pk}"
    data.update({f"{prefix}-detention": [str(first.pk)], "detention": [str(first.pk)]})
    data[f"{prefix}-system_name"] = ["Сфера-2"]

    response = client.post(f"{change_url(case, 'claim', moved.pk)}?detention={first.pk}", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    moved.refresh_from_db()
    assert (moved.detention_id, moved.system_name) == (second.pk, "Сфера-2")
    assert first.evidence_claims.count() == 1


def test_own_records_are_still_saved_and_audited_under_their_case(lawyer):
    """The scoping leaves the ordinary edit alone, and its events name the right case."""
    case = full_case([lawyer])
    hearing = case.hearings.get()
    claim = case.detentions.get().evidence_claims.get()
    note = case.notes.get()
    client = client_for(lawyer)
    hearing_data = record_form_data(client, case, "hearing", hearing)
    hearing_data[f"hearing-{hearing.pk}-judge"] = ["Судья Петрова"]
    claim_data = record_form_data(client, case, "claim", claim)
    claim_data[f"claim-{claim.pk}-system_name"] = ["Сфера"]

    responses = [
        client.post(change_url(case, "hearing", hearing.pk), hearing_data),
        client.post(change_url(case, "claim", claim.pk), claim_data, **FRAGMENT),
        client.post(delete_url(case, "note", note.pk)),
    ]

    assert [response.status_code for response in responses] == [302, 200, 302]
    assert responses[1]["X-Record-Saved"] == "1"
    hearing.refresh_from_db()
    claim.refresh_from_db()
    assert (hearing.judge, claim.system_name) == ("Судья Петрова", "Сфера")
    assert not case.notes.exists()
    events = (
        AuditEvent.objects.filter(action__in=["update", "delete"])
        .exclude(object_type="cases.case")
        .values_list("object_type", "case_reference")
    )
    assert set(events) == {
        ("cases.hearing", case.reference),
        ("cases.evidenceclaim", case.reference),
        ("cases.casenote", case.reference),
    }
    assert not AuditEvent.objects.filter(action="refused").exists()


@pytest.mark.parametrize("in_place", [False, True], ids=["form-page", "form-in-place"])
def test_deleting_a_detention_takes_its_claims_and_refuses_nothing(lawyer, in_place):
    case = full_case([lawyer])
    detention = case.detentions.get()
    claim = detention.evidence_claims.get()
    client = client_for(lawyer)
    confirmation = client.get(delete_url(case, "detention", detention.pk))
    assert claim.get_method_display() in confirmation.content.decode()  # the page names what goes with it

    response = client.post(delete_url(case, "detention", detention.pk), **(FRAGMENT if in_place else {}))

    assert response.status_code == (200 if in_place else 302)
    assert not case.detentions.exists()
    assert not type(claim).objects.filter(pk=claim.pk).exists()
    assert not AuditEvent.objects.filter(action="refused").exists()
    deleted = set(AuditEvent.objects.filter(action="delete").values_list("object_type", "object_id", "case_reference"))
    assert ("cases.detention", str(detention.pk), case.reference) in deleted
