"""The form of a merge: which record stays, and for each personal field whose value."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casetracker.cases.duplicates.merge import KEEP, MERGE, MERGE_FIELDS
from casetracker.cases.models import Person

# The two persons in the form, in the order of the page's columns.
FIRST, SECOND = "first", "second"
FIELD_PREFIX = "field_"


def display_value(person: Person, name: str) -> str:
    """A personal value as the coordinator reads it (decrypted), "—" when empty."""
    value = getattr(person, name)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if value in (None, ""):
        return "—"
    display = getattr(person, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class PersonMergeForm(forms.Form):
    """Radio buttons only: anything posted outside the two choices is a field error."""

    def __init__(self, *args, first: Person, second: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.persons = {FIRST: first, SECOND: second}
        self.fields["keep"] = forms.ChoiceField(
            label=_("Record to keep"),
            choices=[(FIRST, _("keep #%(pk)s") % {"pk": first.pk}), (SECOND, _("keep #%(pk)s") % {"pk": second.pk})],
            widget=forms.RadioSelect,
            initial=FIRST,
            help_text=_("Its number stays; the other record is deleted once its cases have moved."),
        )
        for name in MERGE_FIELDS:
            first_value, second_value = display_value(first, name), display_value(second, name)
            self.fields[FIELD_PREFIX + name] = forms.ChoiceField(
                label=Person._meta.get_field(name).verbose_name,
                choices=[(FIRST, first_value), (SECOND, second_value)],
                widget=forms.RadioSelect,
                # The first record's value unless it has none and the second has one.
                initial=SECOND if first_value == "—" and second_value != "—" else FIRST,
            )

    def field_rows(self) -> list[forms.BoundField]:
        return [self[FIELD_PREFIX + name] for name in MERGE_FIELDS]

    def merge_arguments(self) -> dict:
        """`person_merge` arguments (keep, merge, field_choices) from the valid form."""
        keep_side = self.cleaned_data["keep"]
        merge_side = SECOND if keep_side == FIRST else FIRST
        return {
            "keep": self.persons[keep_side],
            "merge": self.persons[merge_side],
            "field_choices": {
                name: KEEP if self.cleaned_data[FIELD_PREFIX + name] == keep_side else MERGE for name in MERGE_FIELDS
            },
        }

    def result(self) -> list[tuple[str, str]]:
        """(label, value) of the merged record as chosen, for the confirmation page."""
        rows = []
        for name in MERGE_FIELDS:
            chosen = self.persons[self.cleaned_data[FIELD_PREFIX + name]]
            rows.append((str(self.fields[FIELD_PREFIX + name].label), display_value(chosen, name)))
        return rows
