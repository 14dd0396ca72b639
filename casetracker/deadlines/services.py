"""Writes of deadlines: the recount from a case's hearings, marking one done or dismissed,
and the calendar feeds' secrets."""

import datetime as dt
import hashlib
import secrets
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.models import User
from casetracker.audit.models import AuditAction, AuditSource
from casetracker.audit.services import audit_record
from casetracker.cases import domain
from casetracker.cases.choices import HearingOutcome, LegalCode
from casetracker.cases.models import Charge, Detention, Document, Hearing
from casetracker.deadlines import rules
from casetracker.deadlines.models import CalendarFeed, Deadline, DeadlineStatus
from casetracker.deadlines.rules import DeadlineKind, Rule

# Decisions the defence appeals: a penalty was imposed.
APPEALABLE_OUTCOMES = frozenset([HearingOutcome.FINE, HearingOutcome.ARREST, HearingOutcome.COMMUNITY_WORK])
RECOUNT_CHUNK = 2000


@dataclass(frozen=True)
class Counted:
    kind: str
    rule: Rule
    due_on: dt.date
    provisional: bool


@dataclass(frozen=True)
class CaseFacts:
    """What the rules read about a hearing's case besides the hearing itself."""

    criminal: bool
    election_offence: bool
    facts_on: dt.date | None


def hearing_deadlines(hearing: Hearing, facts: CaseFacts, settled: dict[str, str]) -> list[Counted]:
    """The deadlines a decided hearing starts, by the rules in force on their triggers.

    `settled` maps a kind to the status of a deadline of this hearing already done or
    dismissed: an appeal that was filed means the decision is not in force when its term
    ends, so nothing counted from its entry into force is due yet.
    """
    if hearing.outcome not in APPEALABLE_OUTCOMES or hearing.date is None:
        return []
    counted = []
    if facts.criminal:
        appeal_rule = rules.rule_for(DeadlineKind.UPK_APPEAL, hearing.date)
        if appeal_rule is None:
            return []
        appeal = Counted(DeadlineKind.UPK_APPEAL, appeal_rule, appeal_rule.due_on(hearing.date), False)
    else:
        appeal = _koap_appeal(hearing, facts)
    counted.append(appeal)
    if settled.get(appeal.kind) == DeadlineStatus.DONE:
        return counted
    # KoAP art. 31.1 part 1, UPK art. 390 part 1: in force the day after the term ends unappealed.
    in_force_on = appeal.due_on + dt.timedelta(days=1)
    provisional = appeal.provisional
    if facts.criminal:
        cassation = rules.rule_for(DeadlineKind.CASSATION, in_force_on, key_prefix="upk_")
        if cassation is not None:
            counted.append(Counted(DeadlineKind.CASSATION, cassation, cassation.due_on(in_force_on), provisional))
    elif hearing.outcome == HearingOutcome.FINE:
        payment = rules.RULES_BY_KEY["koap_32_2_1"]
        counted.append(Counted(DeadlineKind.FINE_PAYMENT, payment, payment.due_on(in_force_on), provisional))
    facts_on = facts.facts_on or hearing.date
    if facts_on <= rules.ECHR_RUSSIA_CEASED:
        echr = rules.rule_for(DeadlineKind.ECHR, in_force_on)
        counted.append(Counted(DeadlineKind.ECHR, echr, echr.due_on(in_force_on), provisional))
    else:
        un_hrc = rules.RULES_BY_KEY["un_hrc_99c"]
        counted.append(Counted(DeadlineKind.UN_HRC, un_hrc, un_hrc.due_on(in_force_on), provisional))
    return counted


def _koap_appeal(hearing: Hearing, facts: CaseFacts) -> Counted:
    received = hearing.decision_received_on or hearing.date
    provisional = hearing.decision_received_on is None
    counted_by_part_1 = {rules.koap_appeal_due(received), rules.koap_appeal_due(hearing.date)}
    set_by_hand = hearing.appeal_deadline is not None and hearing.appeal_deadline not in counted_by_part_1
    rule = rules.koap_appeal_rule(received, election_offence=facts.election_offence and not set_by_hand)
    due_on = hearing.appeal_deadline if set_by_hand else rule.due_on(received)
    return Counted(DeadlineKind.KOAP_APPEAL, rule, due_on, provisional and not set_by_hand)


def _case_facts(case_ids: Collection[int], ignore_charge_ids: Collection[int]) -> dict[int, CaseFacts]:
    criminal, election = set(), set()
    charges = Charge.objects.filter(case_id__in=case_ids).exclude(pk__in=ignore_charge_ids)
    for case_id, code, number in charges.values_list("case_id", "article__code", "article__number"):
        if code == LegalCode.UK:
            criminal.add(case_id)
        elif number in rules.KOAP_ELECTION_ARTICLES:
            election.add(case_id)
    first_detained = dict(
        Detention.objects.filter(case_id__in=case_ids)
        .values("case_id")
        .annotate(first=models.Min("detained_at"))
        .values_list("case_id", "first")
    )
    return {
        case_id: CaseFacts(
            criminal=case_id in criminal,
            election_offence=case_id in election,
            facts_on=domain.local_date(first_detained[case_id]) if first_detained.get(case_id) else None,
        )
        for case_id in case_ids
    }


def deadlines_recount(*, case_ids: Iterable[int], ignore_charge_ids: Collection[int] = ()) -> None:
    """Count again the deadlines of every hearing of these cases and store the difference.

    Open deadlines follow their hearing (a new receipt date, another outcome); one the
    rules no longer give goes. A deadline done or dismissed is never changed or removed:
    it is the record of what the defence did.
    """
    case_ids = sorted(set(case_ids))
    for start in range(0, len(case_ids), RECOUNT_CHUNK):
        _recount_chunk(case_ids[start : start + RECOUNT_CHUNK], ignore_charge_ids)


def _recount_chunk(case_ids: Sequence[int], ignore_charge_ids: Collection[int]) -> None:
    facts = _case_facts(case_ids, ignore_charge_ids)
    hearings = Hearing.objects.filter(case_id__in=case_ids).only(
        "pk", "case_id", "date", "outcome", "decision_received_on", "appeal_deadline"
    )
    existing: dict[int, dict[str, Deadline]] = defaultdict(dict)
    for deadline in Deadline.objects.filter(case_id__in=case_ids, hearing__isnull=False):
        existing[deadline.hearing_id][deadline.kind] = deadline
    new, changed, stale = [], [], []
    for hearing in hearings:
        current = existing.pop(hearing.pk, {})
        settled = {kind: d.status for kind, d in current.items() if d.status != DeadlineStatus.OPEN}
        wanted = {c.kind: c for c in hearing_deadlines(hearing, facts[hearing.case_id], settled)}
        for kind, deadline in current.items():
            if deadline.status == DeadlineStatus.OPEN and kind not in wanted:
                stale.append(deadline.pk)
        for kind, counted in wanted.items():
            deadline = current.get(kind)
            if deadline is None:
                new.append(
                    Deadline(
                        case_id=hearing.case_id,
                        hearing_id=hearing.pk,
                        kind=kind,
                        rule=counted.rule.key,
                        due_on=counted.due_on,
                        provisional=counted.provisional,
                    )
                )
            elif deadline.status == DeadlineStatus.OPEN and (
                (deadline.due_on, deadline.rule, deadline.provisional)
                != (counted.due_on, counted.rule.key, counted.provisional)
            ):
                deadline.due_on, deadline.rule, deadline.provisional = (
                    counted.due_on,
                    counted.rule.key,
                    counted.provisional,
                )
                deadline.updated_at = timezone.now()
                changed.append(deadline)
    # Hearings gone from these cases (a concurrent delete): their open deadlines go too.
    for leftovers in existing.values():
        stale.extend(d.pk for d in leftovers.values() if d.status == DeadlineStatus.OPEN)
    if stale:
        Deadline.objects.filter(pk__in=stale).delete()
    if changed:
        Deadline.objects.bulk_update(changed, ["due_on", "rule", "provisional", "updated_at"], batch_size=1000)
    if new:
        Deadline.objects.bulk_create(new, batch_size=1000)


def hearing_deleting(*, hearing: Hearing) -> None:
    """Before a hearing goes: its open deadlines go with it; those done or dismissed stay, detached."""
    Deadline.objects.filter(hearing=hearing, status=DeadlineStatus.OPEN).delete()


def case_records_follow_up(*, records: Sequence[models.Model], deleting: bool) -> None:
    """Registered with `cases.writes`: recount when a hearing or a charge of a case changes."""
    hearings = [r for r in records if isinstance(r, Hearing)]
    charges = [r for r in records if isinstance(r, Charge)]
    if deleting:
        for hearing in hearings:
            hearing_deleting(hearing=hearing)
        if charges:
            deadlines_recount(case_ids={c.case_id for c in charges}, ignore_charge_ids={c.pk for c in charges})
        return
    if hearings or charges:
        deadlines_recount(case_ids={r.case_id for r in [*hearings, *charges]})


MARK_FIELDS = ["status", "done_on", "document", "dismissed_reason", "updated_at"]


def _mark(deadline: Deadline, values: dict, *, user: User, changed: list[str], request, source) -> Deadline:
    """Store a mark with its audit event, then recount the case (a filed appeal stops what counts from it)."""
    with transaction.atomic():
        for name, value in {"done_on": None, "document": None, "dismissed_reason": "", **values}.items():
            setattr(deadline, name, value)
        deadline.save(update_fields=MARK_FIELDS)
        audit_record(
            user=user, action=AuditAction.UPDATE, obj=deadline, changed_fields=changed, request=request, source=source
        )
        deadlines_recount(case_ids=[deadline.case_id])
    return deadline


def deadline_mark_done(
    *,
    deadline: Deadline,
    user: User,
    done_on: dt.date,
    document: Document | None = None,
    request: HttpRequest | None = None,
    source: AuditSource | str = "",
) -> Deadline:
    """Record that what the deadline asked for was filed on `done_on` (with its document, of the same case)."""
    if document is not None and document.case_id != deadline.case_id:
        raise ValidationError({"document": _("The document must belong to the deadline's case.")})
    values = {"status": DeadlineStatus.DONE, "done_on": done_on, "document": document}
    return _mark(deadline, values, user=user, changed=["status", "done_on", "document"], request=request, source=source)


def deadline_dismiss(
    *,
    deadline: Deadline,
    user: User,
    reason: str,
    request: HttpRequest | None = None,
    source: AuditSource | str = "",
) -> Deadline:
    """Record that the deadline is not pursued, and why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"dismissed_reason": _("Say why the deadline is not pursued.")})
    values = {"status": DeadlineStatus.DISMISSED, "dismissed_reason": reason}
    return _mark(deadline, values, user=user, changed=["status", "dismissed_reason"], request=request, source=source)


def deadline_reopen(
    *, deadline: Deadline, user: User, request: HttpRequest | None = None, source: AuditSource | str = ""
) -> Deadline:
    """Undo a mark (a mistaken click): the deadline is open again and follows its hearing."""
    return _mark(
        deadline, {"status": DeadlineStatus.OPEN}, user=user, changed=["status"], request=request, source=source
    )


def feed_secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def calendar_feed_create(*, user: User) -> tuple[CalendarFeed, str]:
    """A new feed for `user` and its secret, which is not stored and cannot be shown again."""
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, secret_hash=feed_secret_hash(secret))
    return feed, secret


def calendar_feed_revoke(*, feed: CalendarFeed) -> None:
    """Stop the feed: its URL answers 404 from now on."""
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])


# A term of the KoAP appeal (10 days, moved past up to a fortnight of holidays) that ends
# on a changed day started at most this long before it.
APPEAL_WINDOW_DAYS = 30


def _hearings_near(day: dt.date) -> models.QuerySet[Hearing]:
    window = (day - dt.timedelta(days=APPEAL_WINDOW_DAYS), day)
    return Hearing.objects.filter(
        models.Q(decision_received_on__range=window) | models.Q(decision_received_on__isnull=True, date__range=window)
    )


def calendar_day_change(*, day: dt.date, change) -> None:
    """Apply `change()` (saving or deleting a coordinator's day) and recount what it moves.

    A hearing's appeal deadline still equal to the one counted before the change was not
    set by hand: it is counted again. Then every case with an open deadline from that day
    on is recounted.
    """
    from casetracker.deadlines import calendar

    with transaction.atomic():
        before = {
            h.pk: (h, domain.default_appeal_deadline(h.date, h.decision_received_on)) for h in _hearings_near(day)
        }
        change()
        calendar.overrides_forget()
        moved = []
        for hearing, counted_before in before.values():
            if hearing.appeal_deadline == counted_before:
                counted_now = domain.default_appeal_deadline(hearing.date, hearing.decision_received_on)
                if counted_now != counted_before:
                    hearing.appeal_deadline = counted_now
                    moved.append(hearing)
        Hearing.objects.bulk_update(moved, ["appeal_deadline"], batch_size=1000)
        open_from_day = Deadline.objects.filter(
            status=DeadlineStatus.OPEN, due_on__gte=day - dt.timedelta(days=APPEAL_WINDOW_DAYS)
        )
        deadlines_recount(case_ids={*open_from_day.values_list("case_id", flat=True), *(h.case_id for h in moved)})
