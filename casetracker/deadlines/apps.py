from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    """Procedural deadlines counted as the law counts, the production calendar, the digest and feeds."""

    name = "casetracker.deadlines"
    label = "deadlines"
    verbose_name = _("Deadlines")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from casetracker.cases import domain, workspace, writes
        from casetracker.deadlines import calendar, case_page, rules, services
        from casetracker.deadlines.models import NonWorkingDay

        # `Hearing.appeal_deadline` (in cases, below us) is counted by the law and the calendar.
        domain.appeal_deadline_counter_register(rules.koap_appeal_due)
        # Every write of a hearing or charge, from any interface, recounts its case's deadlines.
        writes.record_follow_up_register(services.case_records_follow_up)
        # The case page shows each hearing's deadlines and their status under it.
        workspace.case_timeline_source_register(case_page.case_deadline_timeline)
        workspace.case_hearing_extension_register(
            prefetch=case_page.HEARING_DEADLINES, facts=case_page.hearing_deadline_facts
        )

        def forget_overrides(**kwargs) -> None:
            calendar.overrides_forget()

        post_save.connect(forget_overrides, sender=NonWorkingDay, weak=False, dispatch_uid="deadlines_calendar_save")
        post_delete.connect(
            forget_overrides, sender=NonWorkingDay, weak=False, dispatch_uid="deadlines_calendar_delete"
        )
