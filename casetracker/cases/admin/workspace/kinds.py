"""The kinds of record a case holds, as the case page names them in its URLs."""

from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casetracker.cases.admin.workspace import editors
from casetracker.cases.models import Case, Detention


@dataclass(frozen=True)
class RecordKind:
    """One kind of record: where it sits on the case page and how it is edited."""

    slug: str  # in the URLs: records/<slug>/...
    editor: type[editors.RecordEditor]
    add_label: Promise
    section: str  # the id of its section on the page
    # The records of a case are `model.objects.filter(<case_lookup>=case)`.
    case_lookup: str = "case"

    @property
    def model(self) -> type[models.Model]:
        return self.editor.model

    def records_of(self, case: Case) -> QuerySet:
        """Every record of this kind that belongs to `case`, and nothing else."""
        return self.model._default_manager.filter(**{self.case_lookup: case})

    def anchor(self, record: models.Model) -> str:
        return f"{self.slug}-{record.pk}"

    @property
    def has_parent_record(self) -> bool:
        """Whether a new record hangs under another record of the case (a claim under its detention)."""
        return self.case_lookup != "case"


CLAIM = RecordKind(
    slug="claim",
    editor=editors.EvidenceClaimEditor,
    add_label=_("Add an evidence claim"),
    section="detentions",
    case_lookup="detention__case",
)

RECORD_KINDS: dict[str, RecordKind] = {
    kind.slug: kind
    for kind in (
        RecordKind("detention", editors.DetentionEditor, _("Add a detention"), "detentions"),
        CLAIM,
        RecordKind("charge", editors.ChargeEditor, _("Add a charge"), "charges"),
        RecordKind("hearing", editors.HearingEditor, _("Add a hearing"), "hearings"),
        RecordKind("document", editors.DocumentEditor, _("Add a document"), "documents"),
        RecordKind("note", editors.CaseNoteEditor, _("Add a note"), "notes"),
    )
}


def new_record(kind: RecordKind, *, case: Case, parent: Detention | None = None) -> models.Model:
    """An unsaved record of `kind` in `case` (under `parent`, a detention of the case, for a claim)."""
    if kind.has_parent_record:
        return kind.model(detention=parent)
    return kind.model(case=case)
