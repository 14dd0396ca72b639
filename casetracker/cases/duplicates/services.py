"""Writes of the possible-duplicates queue: recording matches, and telling two persons apart."""

from collections.abc import Iterable

from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.utils import timezone

from casetracker.accounts.models import User
from casetracker.accounts.policy import user_may_merge_persons
from casetracker.audit.models import AuditAction
from casetracker.audit.services import audit_record
from casetracker.cases.duplicates.selectors import possible_duplicates_open
from casetracker.cases.models import DuplicateResolution, Person, PossibleDuplicate
from casetracker.cases.selectors import AnyUser, persons_visible_to

# Saved persons compared per statement: an import chunk of 1,000 takes two.
RECORD_BATCH = 500
RESOLVED_FIELDS = ("resolution", "resolved_at", "resolved_by")


def possible_duplicates_record(*, persons: Iterable[Person], user: AnyUser) -> None:
    """Queue each saved person's probable duplicates among the persons `user` cannot see.

    Called by every write path (admin, API, import) in the transaction of the save.
    One INSERT … SELECT per batch whether or not anything matches: the work, the
    number of queries and the response are the same whether or not the user's client
    is also somebody else's. A pair already in the queue, in either order and whatever
    its resolution, is not added again; erased persons are never compared.
    """
    pks = [person.pk for person in persons if person.pk is not None]
    if not pks:
        return
    found_at = connection.ops.adapt_datetimefield_value(timezone.now())
    found_by = user.pk if user.is_authenticated else None
    invisible_clause, invisible_params = _invisible_to(user)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), RECORD_BATCH):
            batch = pks[start : start + RECORD_BATCH]
            sql = _insert_pairs_sql(len(batch), invisible_clause)
            cursor.execute(sql, [found_at, found_by, *batch, *invisible_params])


def _invisible_to(user: AnyUser) -> tuple[str, list]:
    """SQL condition on the candidate `o` (and its parameters): a person `user` cannot see.

    NOT EXISTS of the visibility rule narrowed to `o`'s pk, not `o NOT IN (visible)`:
    the rule is then checked for the few candidates the name index found, instead of
    listing every person the user can see (for a coordinator, the whole table).
    """
    outer_pk = RawSQL(f"o.{_q('id')}", ())  # noqa: S611 -- a quoted column of the outer query
    visible = persons_visible_to(user).filter(pk=outer_pk).order_by().values("pk")
    try:
        sql, params = visible.query.sql_with_params()
    except EmptyResultSet:  # the user sees no person at all
        return "", []
    # The subquery names the person table without an alias; the outer query uses
    # aliases only, so its own columns resolve to the subquery's rows.
    return f"AND NOT EXISTS ({sql})", list(params)


def _insert_pairs_sql(count: int, invisible_clause: str) -> str:
    persons = _q(Person._meta.db_table)
    queue = _q(PossibleDuplicate._meta.db_table)
    pk, name, birth, erased = _q("id"), _q("full_name_index"), _q("name_birth_index"), _q("erased_at")
    person_id, other_id = _q("person_id"), _q("other_id")
    placeholders = ", ".join(["%s"] * count)
    # Same name, and the same birth date unless either has none, as `probable_duplicates`.
    # ON CONFLICT: two saves of the same pair at once add it once (PostgreSQL, SQLite).
    sql = f"""
        INSERT INTO {queue} ({person_id}, {other_id}, {_q("found_at")}, {_q("found_by_id")}, {_q("resolution")})
        SELECT s.{pk}, o.{pk}, %s, %s, ''
        FROM {persons} s INNER JOIN {persons} o ON o.{name} = s.{name} AND o.{pk} <> s.{pk}
        WHERE s.{pk} IN ({placeholders})
            AND s.{name} <> ''
            AND s.{erased} IS NULL AND o.{erased} IS NULL
            AND (s.{birth} = '' OR o.{birth} = '' OR o.{birth} = s.{birth})
            {invisible_clause}
            AND NOT EXISTS (
                SELECT 1 FROM {queue} d
                WHERE (d.{person_id} = s.{pk} AND d.{other_id} = o.{pk})
                    OR (d.{person_id} = o.{pk} AND d.{other_id} = s.{pk})
            )
        ON CONFLICT DO NOTHING
    """  # noqa: S608 -- quoted names, %s placeholders and Django's own compiled subquery only
    return sql


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def possible_duplicates_dismiss(
    *, entries: Iterable[PossibleDuplicate], user: User, request: HttpRequest | None = None
) -> int:
    """Mark open entries as two different persons; they are not queued again. Returns how many."""
    if not user_may_merge_persons(user):
        raise PermissionDenied
    pks = [entry.pk for entry in entries]
    with transaction.atomic():
        # Locked: a merge of the same pair at the same moment must not be overwritten.
        # of=self: PostgreSQL locks no row on the nullable side of the queue's joins.
        entries_to_lock = possible_duplicates_open(user).select_for_update(of=("self",)).filter(pk__in=pks)
        open_entries = list(entries_to_lock.order_by("pk"))
        now = timezone.now()
        for entry in open_entries:
            entry.resolution = DuplicateResolution.DISTINCT
            entry.resolved_at = now
            entry.resolved_by = user
            entry.save(update_fields=RESOLVED_FIELDS)
            audit_record(
                user=user, action=AuditAction.UPDATE, obj=entry, changed_fields=RESOLVED_FIELDS, request=request
            )
    return len(open_entries)
