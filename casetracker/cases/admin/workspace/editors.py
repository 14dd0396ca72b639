"""How each kind of record is edited: its fields, widgets and derived values.

An editor is a `BaseModelAdmin`, so a record's form gets exactly what the admin gives an
inline row: autocomplete pickers, the "add another" pop-ups of related objects, date
and time shortcuts, read-only derived values and every validation message next to its
field. It is not registered with the admin site: it only builds forms and describes
their fieldsets for `casetracker.cases.admin.workspace.views`.
"""

from functools import partial

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.forms import ModelForm, modelform_factory
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from casetracker.cases.admin.widgets import PrivateFileWidget
from casetracker.cases.models import CaseNote, Charge, Detention, Document, EvidenceClaim, Hearing

SHORT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}


class RecordEditor(admin.options.BaseModelAdmin):
    """The form of one kind of record of a case (see the module docstring)."""

    form = ModelForm

    def __init__(self, admin_site: admin.AdminSite) -> None:
        self.admin_site = admin_site
        self.opts = self.model._meta
        super().__init__()

    def form_class(self, request: HttpRequest, record: models.Model) -> type[ModelForm]:
        """The ModelForm of `record` with the admin's widgets for `request.user`."""
        readonly = set(self.get_readonly_fields(request, record))
        editable = [name for name in flatten_fieldsets(self.fieldsets) if name not in readonly]
        return modelform_factory(
            self.model,
            form=self.form,
            fields=editable,
            formfield_callback=partial(self.formfield_for_dbfield, request=request),
        )


class EvidenceClaimEditor(RecordEditor):
    model = EvidenceClaim
    autocomplete_fields = ["footage_event"]
    readonly_fields = ["footage_lag_days"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("method", "system_name", "recognition_mode"),
                    ("camera_location", "footage_event", "footage_date", "footage_lag_days"),
                    ("source", "reliability", "contested"),
                    "notes",
                ]
            },
        )
    ]
    formfield_overrides = SHORT_TEXT


class DetentionEditor(RecordEditor):
    model = Detention
    autocomplete_fields = ["event"]
    readonly_fields = ["minor_at_detention"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("detained_at", "released_at", "minor_at_detention"),
                    ("city", "region"),
                    ("place_type", "place", "private_address"),
                    ("authority", "held_at"),
                    ("event", "present_at_event"),
                    ("press_vest", "force_used"),
                    "narrative",
                ]
            },
        )
    ]
    formfield_overrides = SHORT_TEXT

    @admin.display(description=_("minor at detention"))
    def minor_at_detention(self, detention: Detention) -> str:
        # Words, not the admin's red/green icons: "no" here is not an error.
        if detention.is_minor is None:
            return _("unknown (no birth date)")
        return _("yes") if detention.is_minor else _("no")


class ChargeEditor(RecordEditor):
    model = Charge
    autocomplete_fields = ["article"]
    fieldsets = [(None, {"fields": [("article", "filed_at")]})]


class HearingEditor(RecordEditor):
    model = Hearing
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("date", "court", "judge"),
                    ("outcome", "fine_amount", "arrest_days"),
                    ("decision_received_on", "appeal_deadline"),
                ]
            },
        )
    ]


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "file", "description"]
        widgets = {"file": PrivateFileWidget}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and "file" in self.fields:
            # A stored file is evidence: it is never replaced in place (its hash
            # would silently change); upload a new document instead.
            self.fields["file"].disabled = True


class DocumentEditor(RecordEditor):
    model = Document
    form = DocumentForm
    fieldsets = [(None, {"fields": [("kind", "file"), "description"]})]


class CaseNoteEditor(RecordEditor):
    model = CaseNote
    fieldsets = [(None, {"fields": ["text"]})]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 80})}}
