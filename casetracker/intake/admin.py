"""The hotline's reference data and the coordinators' list of intakes (with "Convert into cases")."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casetracker.accounts.policy import user_may_convert_intakes, user_sees_all_intakes
from casetracker.audit.admin_mixins import AuditedReadsAdminMixin
from casetracker.audit.models import AuditSource
from casetracker.intake.conversion import intake_convert
from casetracker.intake.models import Dispatch, HotlineEvent, Intake, PoliceStation
from casetracker.intake.selectors import intakes_visible_to
from casetracker.intake.services import WRITABLE_FIELDS


@admin.register(PoliceStation)
class PoliceStationAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "region", "address", "publish_list"]
    list_filter = ["city", "publish_list"]
    search_fields = ["name", "address"]


@admin.register(HotlineEvent)
class HotlineEventAdmin(admin.ModelAdmin):
    list_display = ["event", "opened_at", "closed_at"]
    autocomplete_fields = ["event"]


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):
    list_display = ["police_station", "event", "lawyer", "sent_at", "admitted_at", "refused_at"]
    list_select_related = ["police_station", "event", "lawyer"]
    readonly_fields = ["police_station", "event", "lawyer", "sent_by", "sent_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Sending a lawyer moves the station's intakes: the board and the API do it through the service.
        return False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return user_sees_all_intakes(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return user_sees_all_intakes(request.user)


@admin.action(description=_("Convert into cases"))
def convert_into_cases(modeladmin, request: HttpRequest, queryset: QuerySet[Intake]) -> None:
    """Each selected intake into a case; those that cannot be are reported with the reason."""
    converted, refused = 0, []
    for intake in queryset.order_by("pk"):
        try:
            intake_convert(intake=intake, user=request.user, request=request, source=AuditSource.ADMIN)
            converted += 1
        except ValidationError as error:
            refused.append(f"#{intake.pk}: {' '.join(error.messages)}")
    if converted:
        modeladmin.message_user(
            request,
            ngettext("%(count)d intake converted into a case.", "%(count)d intakes converted into cases.", converted)
            % {"count": converted},
            messages.SUCCESS,
        )
    for line in refused:
        modeladmin.message_user(request, line, messages.WARNING)


@admin.register(Intake)
class IntakeAdmin(AuditedReadsAdminMixin, admin.ModelAdmin):
    """Coordinators' list of intakes; the hotline works on /intake/, not here."""

    list_display = ["pk", "status", "police_station", "event", "delivered_at", "created_at", "lawyer", "case"]
    list_filter = ["status", "event"]
    list_select_related = ["police_station", "event", "lawyer", "case"]
    actions = [convert_into_cases]
    readonly_fields = ["status", "lawyer", "case", "duplicate_of", "created_by", "created_at", "version"]
    fields = [*WRITABLE_FIELDS, *readonly_fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Intake]:
        return intakes_visible_to(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return user_sees_all_intakes(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return user_sees_all_intakes(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Changes go through the board or the API (version check, derived status).
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Intakes go by conversion or by the retention purge, never by hand.
        return False

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        if not user_may_convert_intakes(request.user):
            actions.pop("convert_into_cases", None)
        return actions
