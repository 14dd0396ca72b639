"""Who may do what beyond the visibility of cases: capabilities and ownership.

A capability is a named question about a user ("may view reports", "can be assigned
as lawyer"). Each is answered by model permissions, never by a group name, so the
role table (`casetracker.accounts.roles`) grants it to the roles and an administrator
may grant it to anyone else, directly or through a group of their own. The names form
a closed vocabulary: asking for a name that is not in it raises, so a typo in a check
fails loudly instead of quietly answering "no".

Which cases, persons and documents a user may see is not decided here but in
`casetracker.cases.selectors`, on top of these capabilities.
"""

from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Exists, Model, OuterRef, QuerySet

from casetracker.accounts.models import User

AnyUser = User | AnonymousUser
M = TypeVar("M", bound=Model)

# The custom permissions of User.Meta.permissions.
VIEW_REPORTS = "accounts.view_reports"
BE_ASSIGNED_AS_LAWYER = "accounts.be_assigned_as_lawyer"
# Case.Meta.permissions
VIEW_ALL_CASES = "cases.view_all_cases"
ASSIGN_LAWYERS = "cases.assign_lawyers"
# Person.Meta.permissions. Merging also opens the queue of possible duplicates.
ERASE_PERSON = "cases.erase_person"
MERGE_PERSONS = "cases.merge_person"
# Importing a detention list creates cases: whoever may add a case may import.
ADD_CASE = "cases.add_case"
# The hotline (app `intake`). Taking calls is adding intakes; Intake.Meta.permissions
# gives the rest.
ADD_INTAKE = "intake.add_intake"
CHANGE_INTAKE = "intake.change_intake"
VIEW_ALL_INTAKES = "intake.view_all_intakes"
ADD_DISPATCH = "intake.add_dispatch"


@dataclass(frozen=True)
class Capability:
    """A capability: every one of `permissions` is needed.

    `superusers_hold` says whether a superuser holds it without being given it. It is
    False for a capability that puts someone on a list rather than letting them act:
    "can be assigned as lawyer" offers the lawyers and coordinators in the pickers, not
    the administrators' accounts, unless an administrator is given the role.
    """

    name: str
    permissions: tuple[str, ...]
    superusers_hold: bool = True


CAPABILITIES: dict[str, Capability] = {
    capability.name: capability
    for capability in (
        Capability("view_reports", (VIEW_REPORTS,)),
        Capability("be_assigned_as_lawyer", (BE_ASSIGNED_AS_LAWYER,), superusers_hold=False),
        Capability("import_cases", (ADD_CASE,)),
        Capability("erase_persons", (ERASE_PERSON,)),
        # The queue of possible duplicates names persons of every case: seeing all is needed too.
        Capability("merge_persons", (MERGE_PERSONS, VIEW_ALL_CASES)),
        Capability("see_all_cases", (VIEW_ALL_CASES,)),
        Capability("assign_lawyers", (ASSIGN_LAWYERS,)),
        Capability("take_calls", (ADD_INTAKE,)),
        Capability("see_all_intakes", (VIEW_ALL_INTAKES,)),
        Capability("dispatch_lawyers", (ADD_DISPATCH,)),
        # Converting makes a person and a case out of the intake.
        Capability("convert_intakes", (CHANGE_INTAKE, ADD_CASE)),
    )
}


class UnknownCapability(ValueError):
    """A capability name outside CAPABILITIES."""


def capability_get(name: str) -> Capability:
    """The capability called `name`; UnknownCapability for any other name."""
    try:
        return CAPABILITIES[name]
    except KeyError:
        raise UnknownCapability(f"Unknown capability {name!r}; known: {', '.join(sorted(CAPABILITIES))}.") from None


def user_has_capability(user: AnyUser | None, name: str) -> bool:
    """Whether `user` (signed in and active) holds the capability `name`; raises on an unknown name."""
    capability = capability_get(name)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if capability.superusers_hold:
        # has_perms answers True for an active superuser, and caches the user's permissions.
        return user.has_perms(capability.permissions)
    return users_with_capability(name).filter(pk=user.pk).exists()


def users_with_capability(name: str) -> QuerySet[User]:
    """Active users given every permission of the capability, through a group or directly.

    A superuser is listed only when given it like anyone else (see Capability).
    """
    users = User.objects.filter(is_active=True)
    for permission in capability_get(name).permissions:
        app_label, codename = permission.split(".")
        held = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        # EXISTS rather than joins through both many-to-many tables: no duplicate rows, no DISTINCT.
        via_group = User.groups.through.objects.filter(user=OuterRef("pk"), group__permissions__in=held)
        direct = User.user_permissions.through.objects.filter(user=OuterRef("pk"), permission__in=held)
        users = users.filter(Exists(via_group) | Exists(direct))
    return users


# --- The capabilities by name -------------------------------------------------------------


def user_may_view_reports(user: AnyUser | None) -> bool:
    """Aggregate reports and their exports (analysts and coordinators)."""
    return user_has_capability(user, "view_reports")


def user_can_be_assigned_as_lawyer(user: AnyUser | None) -> bool:
    """Whether `user` may be chosen as a case's lawyer (lawyers and coordinators)."""
    return user_has_capability(user, "be_assigned_as_lawyer")


def users_assignable_as_lawyers() -> QuerySet[User]:
    """Who the admin, the API and the import accept as a case's lawyer."""
    return users_with_capability("be_assigned_as_lawyer")


def user_may_import(user: AnyUser | None) -> bool:
    """Detention lists (CSV, XLSX) through the admin and the API."""
    return user_has_capability(user, "import_cases")


def user_may_erase(user: AnyUser | None) -> bool:
    """Erasing a person's personal data (coordinators)."""
    return user_has_capability(user, "erase_persons")


def user_may_merge_persons(user: AnyUser | None) -> bool:
    """Merging duplicate persons and the queue of possible duplicates (coordinators)."""
    return user_has_capability(user, "merge_persons")


def user_sees_all_cases(user: AnyUser | None) -> bool:
    """Every case, not only assigned ones (coordinators)."""
    return user_has_capability(user, "see_all_cases")


def user_may_assign_lawyers(user: AnyUser | None) -> bool:
    """Choosing a case's lawyers (coordinators); others' choice is ignored or read-only."""
    return user_has_capability(user, "assign_lawyers")


def user_may_take_calls(user: AnyUser | None) -> bool:
    """Entering intakes from the hotline (Hotline volunteers and coordinators)."""
    return user_has_capability(user, "take_calls")


def user_sees_all_intakes(user: AnyUser | None) -> bool:
    """Every intake of every event and time, not only recent ones or one's stations (coordinators)."""
    return user_has_capability(user, "see_all_intakes")


def user_may_dispatch_lawyers(user: AnyUser | None) -> bool:
    """Sending a lawyer to a police station (coordinators)."""
    return user_has_capability(user, "dispatch_lawyers")


def user_may_convert_intakes(user: AnyUser | None) -> bool:
    """Turning intakes one may see into cases (lawyers for their stations, coordinators)."""
    return user_has_capability(user, "convert_intakes")


# --- Objects that belong to a user ------------------------------------------------------------


def owned_by(
    queryset: QuerySet[M], user: AnyUser | None, *, field: str = "requested_by", superusers_see_all: bool
) -> QuerySet[M]:
    """The rows of `queryset` whose `field` is `user`; nothing for a visitor or an inactive user.

    For files and jobs a user started (imports, summary batches, report exports) and
    their API tokens. Every caller says whether a superuser sees everyone's rows: some
    objects are a copy of data that only its requester chose to take out. Fetch one
    row through this queryset, so that a row of someone else answers 404.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if superusers_see_all and user.is_superuser:
        return queryset
    return queryset.filter(**{field: user})
