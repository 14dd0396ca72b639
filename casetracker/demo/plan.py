"""One planned demo case: the unsaved records that `seed` saves together."""

import datetime as dt
from dataclasses import dataclass, field

from casetracker.cases.models import Case, Charge, Detention, Document, EvidenceClaim, Hearing, Person
from casetracker.demo.data import MSK


@dataclass
class CasePlan:
    """One demo case as unsaved model instances, saved together by `seed._save_plan`."""

    reference: str
    lawyers: tuple[str, ...]
    person: Person
    case: Case
    detention: Detention
    claims: list[EvidenceClaim]
    charges: list[Charge] = field(default_factory=list)
    hearings: list[Hearing] = field(default_factory=list)
    notes: list[tuple[dt.datetime, str]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)

    @property
    def detained_on(self) -> dt.date:
        return self.detention.detained_at.astimezone(MSK).date()
