"""Reads. Who may see what is decided here and nowhere else.

Every interface (admin, API, PDF, exports, downloads, tasks) obtains cases, persons
and documents through these functions, so a case a user may not see does not exist
for them anywhere.
"""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from casetracker.accounts.policy import AnyUser, user_sees_all_cases
from casetracker.cases.choices import OPEN_CASE_STATUSES, HearingOutcome
from casetracker.cases.models import (
    Case,
    CaseNote,
    Detention,
    Document,
    EvidenceClaim,
    Person,
    PersonSearchKey,
)
from casetracker.protected.crypto import blind_index

APPEALABLE_OUTCOMES = [HearingOutcome.FINE, HearingOutcome.ARREST, HearingOutcome.COMMUNITY_WORK]


def cases_visible_to(user: AnyUser) -> QuerySet[Case]:
    """The cases `user` may see: all for coordinators and superusers, assigned ones for lawyers."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    if user_sees_all_cases(user):
        return Case.objects.all()
    if user.has_perm("cases.view_case"):
        return Case.objects.filter(lawyers=user)
    return Case.objects.none()


def get_case_for_user(user: AnyUser, pk: object) -> Case:
    """The case with this pk if `user` may see it; Http404 otherwise (never 403)."""
    return get_object_or_404(cases_visible_to(user), pk=pk)


def persons_visible_to(user: AnyUser) -> QuerySet[Person]:
    """Persons of visible cases, plus caseless persons the user created."""
    if not user.is_authenticated or not user.is_active or not user.has_perm("cases.view_person"):
        return Person.objects.none()
    if user_sees_all_cases(user):
        return Person.objects.all()
    visible_case_persons = cases_visible_to(user).values("person_id")
    # NOT EXISTS rather than a LEFT JOIN on cases: the join needs a DISTINCT over every
    # person row, which made a lawyer's person list scan and sort the whole table.
    own_caseless = Q(created_by=user) & ~Exists(Case.objects.filter(person=OuterRef("pk")))
    return Person.objects.filter(Q(pk__in=visible_case_persons) | own_caseless)


def persons_named(name: str) -> QuerySet[Person]:
    """Persons whose name equals `name` (ignoring case, spacing, "ё"), via the blind index.

    Not scoped: combine with a visibility selector.
    """
    digest = blind_index.name_index(name)
    return Person.objects.filter(full_name_index=digest) if digest else Person.objects.none()


def person_match(candidates: list[Person], *, name_birth_digest: str) -> Person | None:
    """The candidate (same name) taken as the same person: same name and birth date first.

    Either side without a birth date: the same name is taken as the same person. The
    import and the hotline's conversion both decide by this rule.
    """
    for candidate in candidates:
        if name_birth_digest and candidate.name_birth_index == name_birth_digest:
            return candidate
    for candidate in candidates:
        if not name_birth_digest or not candidate.name_birth_index:
            return candidate
    return None


def person_matching_visible_to(user: AnyUser, *, full_name: str, birth_date: dt.date | None = None) -> Person | None:
    """The person `user` can see whom a new record of this name (and birth date) is, by `person_match`."""
    digest = blind_index.name_index(full_name)
    if not digest:
        return None
    candidates = list(
        persons_visible_to(user)
        .filter(full_name_index=digest, erased_at__isnull=True)
        .only("pk", "full_name_index", "name_birth_index")
        .order_by("pk")
    )
    return person_match(candidates, name_birth_digest=blind_index.name_birth_index(full_name, birth_date))


def persons_matching(term: str) -> QuerySet[Person]:
    """Persons a search box's `term` finds: by phone number, or by every whole word of the name.

    A term that is a phone number (10 to 15 digits, written with spaces, dashes,
    brackets or a "+") is looked up as one; any other term finds the persons whose name
    has all of its words (of two letters or more) in any order, ignoring case and "ё",
    or whose whole name it is. Both through blind indexes: no partial words. Not scoped:
    combine with a visibility selector. One subquery, whatever the number of words.
    """
    phone = blind_index.phone_search_index(term)
    if phone:
        return Person.objects.filter(pk__in=PersonSearchKey.objects.filter(digest=phone).values("person_id"))
    exact = blind_index.name_index(term)
    if not exact:
        return Person.objects.none()
    matches = Q(full_name_index=exact)
    words = blind_index.name_word_indexes(term)
    if words:
        having_all = (
            PersonSearchKey.objects.filter(digest__in=words)
            .values("person_id")
            .annotate(found=Count("pk"))
            .filter(found=len(words))
            .values("person_id")
        )
        matches |= Q(pk__in=having_all)
    return Person.objects.filter(matches)


def probable_duplicates(
    *, full_name: str, birth_date: dt.date | None, exclude_pk: int | None = None
) -> QuerySet[Person]:
    """Persons with the same name and birth date (or the same name when either lacks a birth date).

    Not scoped: a warning shown to a user takes `probable_duplicates_visible_to`.
    """
    return _same_person_among(Person.objects.all(), full_name=full_name, birth_date=birth_date, exclude_pk=exclude_pk)


def probable_duplicates_visible_to(
    user: AnyUser, *, full_name: str, birth_date: dt.date | None, exclude_pk: int | None = None
) -> QuerySet[Person]:
    """The probable duplicates `user` may see: the only ones a warning may name, link or count.

    A warning that counted the others would tell a lawyer whether someone is a client
    of a colleague; those go to the coordinators' queue when the person is saved
    (`casetracker.cases.duplicates.services.possible_duplicates_record`). One query
    whatever the invisible rows are.
    """
    return _same_person_among(
        persons_visible_to(user), full_name=full_name, birth_date=birth_date, exclude_pk=exclude_pk
    )


def _same_person_among(
    persons: QuerySet[Person], *, full_name: str, birth_date: dt.date | None, exclude_pk: int | None
) -> QuerySet[Person]:
    name_digest = blind_index.name_index(full_name)
    if not name_digest:
        return Person.objects.none()
    same_name = persons.filter(full_name_index=name_digest)
    if birth_date is not None:
        birth_digest = blind_index.name_birth_index(full_name, birth_date)
        same_name = same_name.filter(Q(name_birth_index=birth_digest) | Q(name_birth_index=""))
    return same_name.exclude(pk=exclude_pk) if exclude_pk else same_name


def documents_visible_to(user: AnyUser) -> QuerySet[Document]:
    return Document.objects.filter(case__in=cases_visible_to(user))


def get_document_for_user(user: AnyUser, pk: object) -> Document:
    return get_object_or_404(documents_visible_to(user).select_related("case"), pk=pk)


def detentions_visible_to(user: AnyUser) -> QuerySet[Detention]:
    return Detention.objects.filter(case__in=cases_visible_to(user))


def notes_visible_to(user: AnyUser) -> QuerySet[CaseNote]:
    return CaseNote.objects.filter(case__in=cases_visible_to(user))


def case_list_queryset(user: AnyUser) -> QuerySet[Case]:
    """Visible cases with what the change list shows, in a fixed number of queries."""
    first_detention = Detention.objects.filter(case=OuterRef("pk")).order_by("detained_at", "pk")
    # Correlated subqueries rather than Min() over a join: with no aggregate there is no
    # GROUP BY over every visible case, so the database computes them only for the page's
    # rows, and the paginator's COUNT and the date hierarchy drop them altogether.
    # Only what the list shows of the detentions and claims: loading whole rows would
    # decrypt every narrative and address of the page for nothing.
    detentions = Detention.objects.only("pk", "case_id").prefetch_related(
        Prefetch("evidence_claims", queryset=EvidenceClaim.objects.only("pk", "detention_id", "method"))
    )
    return (
        cases_visible_to(user)
        .select_related("person")
        .prefetch_related("lawyers", Prefetch("detentions", queryset=detentions))
        .annotate(
            first_detained_at=Subquery(first_detention.values("detained_at")[:1]),
            first_detention_city=Subquery(first_detention.values("city")[:1]),
        )
    )


def cases_without_lawyer(user: AnyUser) -> QuerySet[Case]:
    """Open visible cases nobody is assigned to, oldest first: the coordinator's to hand out."""
    if not user.is_authenticated:
        return Case.objects.none()
    return (
        cases_visible_to(user)
        .filter(status__in=OPEN_CASE_STATUSES, lawyers__isnull=True)
        .select_related("person")
        .order_by("opened_at", "pk")
    )


def open_cases_of_lawyer(user: AnyUser) -> QuerySet[Case]:
    """The user's own open cases, for the dashboard (coordinators see theirs too)."""
    if not user.is_authenticated:
        return Case.objects.none()
    return (
        cases_visible_to(user)
        .filter(lawyers=user, status__in=OPEN_CASE_STATUSES)
        .select_related("person")
        .order_by("-opened_at", "-pk")
    )
