import datetime as dt

import pytest

from casetracker.cases import writes
from casetracker.cases.choices import HearingOutcome
from tests.factories import CaseFactory, HearingFactory

# Receipt on 21.04.2025: the KoAP appeal term ends on 5.05.2025 (1.05 and 2.05 are holidays).
RECEIVED = dt.date(2025, 4, 21)
APPEAL_DUE = dt.date(2025, 5, 5)


def decided_hearing(case, **kwargs):
    """A fine, received on RECEIVED, with its deadlines counted as the write services count them."""
    values = {"date": RECEIVED, "decision_received_on": RECEIVED, "outcome": HearingOutcome.FINE, **kwargs}
    hearing = HearingFactory(case=case, **values)
    writes.records_written(records=[hearing])
    return hearing


@pytest.fixture
def own_hearing(lawyer):
    return decided_hearing(CaseFactory(lawyers=[lawyer], person__full_name="Соколова Анна Викторовна"))


@pytest.fixture
def foreign_hearing(other_lawyer):
    return decided_hearing(CaseFactory(lawyers=[other_lawyer], person__full_name="Кузнецов Дмитрий Олегович"))
