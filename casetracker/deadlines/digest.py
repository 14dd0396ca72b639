"""The morning e-mails: each lawyer's deadlines and hearings of the next 7 days, and an
urgent one for a deadline due tomorrow.

E-mail is not encrypted and passes through other people's servers: a message holds case
references, kinds and dates only, never a name, a court decision's text or a note.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from casetracker.accounts.models import User
from casetracker.cases.choices import OPEN_CASE_STATUSES, HearingOutcome
from casetracker.cases.models import Case, Hearing
from casetracker.deadlines.models import Deadline, DeadlineStatus

DIGEST_DAYS = 7


@dataclass
class Digest:
    """What one lawyer is told this morning."""

    user: User
    lines: list[tuple[dt.date, str, str]] = field(default_factory=list)  # (day, reference, what)
    urgent: list[tuple[dt.date, str, str]] = field(default_factory=list)


def _lawyers_of(case_ids: set[int]) -> dict[int, list[User]]:
    lawyers = defaultdict(list)
    rows = Case.lawyers.through.objects.filter(
        case_id__in=case_ids, user__is_active=True, case__status__in=OPEN_CASE_STATUSES
    ).select_related("user")
    for row in rows:
        if row.user.email:
            lawyers[row.case_id].append(row.user)
    return lawyers


def digests_for(today: dt.date) -> list[Digest]:
    """Every lawyer's digest for `today`, in three queries (deadlines, hearings, lawyers)."""
    end = today + dt.timedelta(days=DIGEST_DAYS)
    deadlines = list(
        Deadline.objects.filter(status=DeadlineStatus.OPEN, due_on__range=(today, end))
        .select_related("case")
        .defer("case__summary")
        .order_by("due_on", "pk")
    )
    undecided = Q(outcome="") | Q(outcome=HearingOutcome.POSTPONED)
    hearings = list(
        Hearing.objects.filter(undecided, date__range=(today, end))
        .select_related("case")
        .defer("case__summary")
        .order_by("date", "pk")
    )
    lawyers = _lawyers_of({d.case_id for d in deadlines} | {h.case_id for h in hearings})
    digests: dict[int, Digest] = {}
    tomorrow = today + dt.timedelta(days=1)
    for deadline in deadlines:
        for user in lawyers.get(deadline.case_id, ()):
            digest = digests.setdefault(user.pk, Digest(user=user))
            line = (deadline.due_on, deadline.case.reference, deadline.kind)
            digest.lines.append(line)
            if deadline.due_on == tomorrow:
                digest.urgent.append(line)
    for hearing in hearings:
        for user in lawyers.get(hearing.case_id, ()):
            digests.setdefault(user.pk, Digest(user=user)).lines.append((hearing.date, hearing.case.reference, ""))
    for digest in digests.values():
        digest.lines.sort()
    return sorted(digests.values(), key=lambda d: d.user.pk)


def _what(kind: str) -> str:
    from casetracker.deadlines.rules import DeadlineKind

    return str(DeadlineKind(kind).label) if kind else _("hearing")


def _body(lines: list[tuple[dt.date, str, str]]) -> str:
    return "\n".join(f"{day:%d.%m.%Y}  {reference}  {_what(kind)}" for day, reference, kind in lines)


def digest_messages(digest: Digest, *, today: dt.date) -> list[EmailMessage]:
    """The e-mails of one digest: the urgent one first, then the week's."""
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        if digest.urgent:
            messages.append(
                EmailMessage(
                    subject=_("Urgent: deadlines due tomorrow"),
                    body=_("Due tomorrow:") + "\n\n" + _body(digest.urgent) + "\n",
                    to=[digest.user.email],
                )
            )
        messages.append(
            EmailMessage(
                subject=_("Your deadlines and hearings, %(day)s") % {"day": f"{today:%d.%m.%Y}"},
                body=_("The next 7 days:") + "\n\n" + _body(digest.lines) + "\n",
                to=[digest.user.email],
            )
        )
    return messages


def digest_send(*, today: dt.date, dry_run: bool = False) -> list[EmailMessage]:
    """Send (or, with `dry_run`, only build) this morning's e-mails; returns them."""
    messages = [message for digest in digests_for(today) for message in digest_messages(digest, today=today)]
    if messages and not dry_run:
        with get_connection() as connection:
            connection.send_messages(messages)
    return messages
