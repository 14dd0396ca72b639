"""The deadlines list of the cases a user sees, marked done or dismissed, and the coordinators' calendar days."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from casetracker.audit.admin_mixins import AuditedReadsAdminMixin
from casetracker.audit.models import AuditSource
from casetracker.cases.admin.scoping import ScopedModelAdmin
from casetracker.cases.models import Document
from casetracker.deadlines import selectors, services
from casetracker.deadlines.models import Deadline, DeadlineStatus, NonWorkingDay


class DeadlineStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return DeadlineStatus.choices

    def queryset(self, request, queryset):
        if self.value() in DeadlineStatus.values:
            return queryset.filter(selectors.status_filter(self.value(), today=timezone.localdate()))
        return queryset


class DeadlineMarkForm(forms.ModelForm):
    """Mark a deadline done (date, optional document of its case), dismissed (a reason) or open again."""

    class Meta:
        model = Deadline
        fields = ["status", "done_on", "document", "dismissed_reason"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the deadline's own case's documents: another case's id is not a choice.
        self.fields["document"].queryset = Document.objects.filter(case_id=self.instance.case_id)

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == DeadlineStatus.DONE and not cleaned.get("done_on"):
            raise ValidationError({"done_on": _("Give the date it was filed.")})
        if status == DeadlineStatus.DISMISSED and not (cleaned.get("dismissed_reason") or "").strip():
            raise ValidationError({"dismissed_reason": _("Say why the deadline is not pursued.")})
        return cleaned


@admin.register(Deadline)
class DeadlineAdmin(AuditedReadsAdminMixin, ScopedModelAdmin):
    form = DeadlineMarkForm
    list_display = ["due_on", "case_link", "kind", "status_shown", "court"]
    list_filter = [DeadlineStatusFilter, "kind"]
    date_hierarchy = "due_on"
    search_fields = ["case__reference"]
    readonly_fields = ["case_link", "hearing_shown", "kind", "due_on", "basis", "provisional"]
    fields = [
        "case_link",
        "hearing_shown",
        "kind",
        "due_on",
        "basis",
        "provisional",
        "status",
        "done_on",
        "document",
        "dismissed_reason",
    ]
    list_select_related = ["case", "hearing"]
    ordering = ["due_on", "pk"]

    def get_queryset(self, request: HttpRequest):
        today = timezone.localdate()
        return selectors.with_status(selectors.deadlines_visible_to(request.user), today=today)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Deadlines are counted from hearings, never typed in.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("case"), ordering="case__reference")
    def case_link(self, obj: Deadline) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:cases_case_change", args=[obj.case_id]), obj.case.reference
        )

    @admin.display(description=_("hearing"))
    def hearing_shown(self, obj: Deadline) -> str:
        return str(obj.hearing) if obj.hearing else "—"

    @admin.display(description=_("court"))
    def court(self, obj: Deadline) -> str:
        return obj.hearing.court if obj.hearing else ""

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, obj: Deadline) -> str:
        return DeadlineStatus(getattr(obj, "current_status", obj.status)).label

    @admin.display(description=_("basis"))
    def basis(self, obj: Deadline) -> str:
        return obj.basis

    def save_model(self, request: HttpRequest, obj: Deadline, form, change: bool) -> None:
        # The form has set the fields on `obj`; the services write them with their event.
        status = form.cleaned_data["status"]
        fresh = Deadline.objects.get(pk=obj.pk)
        kwargs = {"deadline": fresh, "user": request.user, "request": request, "source": AuditSource.ADMIN}
        if status == DeadlineStatus.DONE:
            services.deadline_mark_done(**kwargs, done_on=obj.done_on, document=obj.document)
        elif status == DeadlineStatus.DISMISSED:
            services.deadline_dismiss(**kwargs, reason=obj.dismissed_reason)
        elif fresh.status != DeadlineStatus.OPEN:
            services.deadline_reopen(**kwargs)


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(admin.ModelAdmin):
    list_display = ["day", "is_working_day", "reason"]
    list_filter = ["is_working_day"]
    date_hierarchy = "day"
    ordering = ["-day"]

    def save_model(self, request: HttpRequest, obj: NonWorkingDay, form, change: bool) -> None:
        # Open deadlines and uncorrected appeal deadlines around the day are counted again.
        def save() -> None:
            services.calendar_day_change(day=obj.day, change=obj.save)

        old_day = form.initial.get("day") if change else None
        if old_day and old_day != obj.day:
            # Moving a day changes two: what counted on the old one is counted again too.
            services.calendar_day_change(day=old_day, change=save)
        else:
            save()

    def delete_model(self, request: HttpRequest, obj: NonWorkingDay) -> None:
        services.calendar_day_change(day=obj.day, change=obj.delete)

    def get_actions(self, request: HttpRequest) -> dict:
        # The bulk delete would skip the recount.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
