"""Count every case's deadlines again: after deploying the deadline engine, or a fix of a rule."""

import datetime as dt

from django.core.management.base import BaseCommand

from casetracker.cases import domain
from casetracker.cases.models import Hearing
from casetracker.deadlines.services import deadlines_recount

CHUNK = 5000


class Command(BaseCommand):
    help = (
        "Count the appeal deadline of every hearing not set by hand as the law in force counts it, "
        "then every case's deadlines. Deadlines done or dismissed are kept as they are."
    )

    def handle(self, *args, **options) -> None:
        refilled = 0
        case_ids = set()
        last_pk = 0
        while True:
            hearings = list(
                Hearing.objects.filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", "case_id", "date", "decision_received_on", "appeal_deadline")[:CHUNK]
            )
            if not hearings:
                break
            last_pk = hearings[-1].pk
            moved = []
            for hearing in hearings:
                case_ids.add(hearing.case_id)
                start = hearing.decision_received_on or hearing.date
                # What the old rule stored ("receipt + 10 calendar days") was not set by hand.
                old_defaults = {start + dt.timedelta(days=10), hearing.date + dt.timedelta(days=10)}
                if hearing.appeal_deadline is None or hearing.appeal_deadline in old_defaults:
                    counted = domain.default_appeal_deadline(hearing.date, hearing.decision_received_on)
                    if counted != hearing.appeal_deadline:
                        hearing.appeal_deadline = counted
                        moved.append(hearing)
            Hearing.objects.bulk_update(moved, ["appeal_deadline"], batch_size=1000)
            refilled += len(moved)
        deadlines_recount(case_ids=case_ids)
        self.stdout.write(f"{refilled} appeal deadlines counted again; deadlines of {len(case_ids)} cases recounted.")
