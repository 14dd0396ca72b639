"""The records of a case, edited on the case page (claims nested under their detention).

Every inline is parent-scoped (`casetracker/audit/admin_formsets.py`): a posted id of another case's record is refused.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from casetracker.audit.admin_formsets import ScopedNestedStackedInline, ScopedNestedTabularInline
from casetracker.cases.admin.widgets import PrivateFileWidget
from casetracker.cases.models import CaseNote, Charge, Detention, Document, EvidenceClaim, Hearing

# nested-admin's templates with the inline's own `add_label` on its add link: the
# library's "Add another <verbose name>" cannot agree with the noun in Russian.
STACKED_TEMPLATE = "admin/cases/inlines/stacked.html"
TABULAR_TEMPLATE = "admin/cases/inlines/tabular.html"


class EvidenceClaimInline(ScopedNestedStackedInline):
    model = EvidenceClaim
    template = STACKED_TEMPLATE
    add_label = _("Add an evidence claim")
    extra = 0
    autocomplete_fields = ["footage_event"]
    readonly_fields = ["footage_lag_days"]
    fields = [
        ("method", "system_name", "recognition_mode"),
        ("camera_location", "footage_event", "footage_date", "footage_lag_days"),
        ("source", "reliability", "contested"),
        "notes",
    ]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}}


class DetentionInline(ScopedNestedStackedInline):
    model = Detention
    template = STACKED_TEMPLATE
    add_label = _("Add a detention")
    extra = 0
    inlines = [EvidenceClaimInline]
    autocomplete_fields = ["event"]
    readonly_fields = ["minor_at_detention"]
    fields = [
        ("detained_at", "released_at", "minor_at_detention"),
        ("city", "region"),
        ("place_type", "place", "private_address"),
        ("authority", "held_at"),
        ("event", "present_at_event"),
        ("press_vest", "force_used"),
        "narrative",
    ]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}

    @admin.display(description=_("minor at detention"))
    def minor_at_detention(self, detention: Detention) -> str:
        # Words, not the admin's red/green icons: "no" here is not an error.
        if detention.is_minor is None:
            return _("unknown (no birth date)")
        return _("yes") if detention.is_minor else _("no")


class ChargeInline(ScopedNestedTabularInline):
    model = Charge
    template = TABULAR_TEMPLATE
    add_label = _("Add a charge")
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["article", "filed_at"]


class HearingInline(ScopedNestedTabularInline):
    model = Hearing
    template = TABULAR_TEMPLATE
    add_label = _("Add a hearing")
    extra = 0
    fields = [
        "court",
        "date",
        "judge",
        "outcome",
        "fine_amount",
        "arrest_days",
        "decision_received_on",
        "appeal_deadline",
    ]


class DocumentInlineForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "file", "description"]
        widgets = {"file": PrivateFileWidget}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A stored file is evidence: it is never replaced in place (its hash
            # would silently change); upload a new document instead.
            self.fields["file"].disabled = True


class DocumentInline(ScopedNestedTabularInline):
    model = Document
    template = TABULAR_TEMPLATE
    add_label = _("Add a document")
    form = DocumentInlineForm
    extra = 0
    fields = ["kind", "file", "description", "size", "sha256", "uploaded_by", "uploaded_at", "integrity_ok"]
    readonly_fields = ["size", "sha256", "uploaded_by", "uploaded_at", "integrity_ok"]


class CaseNoteInline(ScopedNestedStackedInline):
    model = CaseNote
    template = STACKED_TEMPLATE
    add_label = _("Add a note")
    extra = 0
    fields = [("author", "created_at"), "text"]
    readonly_fields = ["author", "created_at"]
    verbose_name_plural = _("notes")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}
