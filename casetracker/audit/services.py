"""Writing the audit trail.

Every interface (admin, API, PDF, exports, downloads, commands, tasks) calls
`audit_record` itself, inside the transaction of the change it records: a signal would
miss bulk updates and cascades, and a change that rolls back leaves no event behind.
"""

import re
from collections.abc import Iterable
from typing import Protocol

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.forms import BaseForm
from django.http import HttpRequest
from django.urls import reverse

from casetracker.audit.ip import client_ip
from casetracker.audit.models import AuditAction, AuditEvent, AuditSource


class CaseLike(Protocol):
    """What the trail needs of a case: its reference (the domain's Case has it)."""

    reference: str | None


# A field name, or a dotted path to one ("detentions.narrative"); anything else is
# probably a value passed by mistake, and values never enter the trail.
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\Z")
# Formset bookkeeping fields, not fields of the record.
FORM_ONLY_FIELDS = frozenset({"DELETE", "ORDER"})


def audit_record(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: object = None,
    case: CaseLike | None = None,
    case_reference: str = "",
    changed_fields: Iterable[str] = (),
    request: HttpRequest | None = None,
    source: AuditSource | str = "",
    username: str = "",
    copy_label: str = "",
) -> AuditEvent:
    """Append one event to the audit trail and return it.

    The object is identified by `obj` (its type, pk and, for case records, the case
    reference) or by `object_type`/`object_id`/`case_reference` when it is already
    gone. `request` supplies the IP address and, unless `source` is given, the source.
    `username` names the account tried in a failed login (with `user=None`).
    `copy_label` is the label printed on an anonymized case summary. Raises
    ValueError on an unknown action or source and on anything in `changed_fields` that
    is not a field name.
    """
    action = AuditAction(action)
    if obj is not None:
        if obj.pk is None and object_id is None:
            raise ValueError("Record the audit event before the object is deleted: it has no pk any more.")
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
        if case is None and not case_reference:
            case = case_of(obj)
    if case is not None and not case_reference:
        case_reference = case.reference or ""
    actor = user if user is not None and user.is_authenticated else None
    if actor is not None:
        username = actor.get_username()
    return AuditEvent.objects.create(
        user=actor,
        username=username[:150],
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        case_reference=case_reference,
        changed_fields=_field_names(changed_fields),
        ip_address=client_ip(request) if request is not None else None,
        source=_source(source, request),
        path=request.path[:255] if request is not None else "",
        copy_label=copy_label,
    )


def audit_changed_fields(form: BaseForm) -> list[str]:
    """The names of the fields a bound form changed (never their values)."""
    return [name for name in form.changed_data if name not in FORM_ONLY_FIELDS]


def case_of(obj: models.Model) -> CaseLike | None:
    """The case a record belongs to, as the record itself says (its `audit_case`).

    None for anything that is not one case's record, e.g. a person (who may have several).
    The domain provides `audit_case`, so the trail needs no knowledge of its models.
    """
    return getattr(obj, "audit_case", None)


def _field_names(names: Iterable[str]) -> list[str]:
    result = []
    for name in names:
        if not isinstance(name, str) or not FIELD_NAME.match(name):
            # Do not echo it: it may be exactly the personal value we must not store.
            raise ValueError("changed_fields holds field names only, and got something that is not one.")
        if name not in result:
            result.append(name)
    return result


def _source(source: AuditSource | str, request: HttpRequest | None) -> str:
    if source:
        return AuditSource(source)
    if request is None:
        return ""
    if request.path.startswith(reverse("admin:index")):
        return AuditSource.ADMIN
    if request.path.startswith("/api/"):
        return AuditSource.API
    return AuditSource.WEB
