"""Due dates computed by hand, on both sides of every change of law, across the holidays."""

import datetime as dt

import pytest

from casetracker.cases import writes
from casetracker.cases.choices import HearingOutcome, LegalCode
from casetracker.deadlines import rules
from casetracker.deadlines.models import Deadline
from casetracker.deadlines.rules import DeadlineKind
from tests.factories import MOSCOW, ChargeFactory, DetentionFactory, HearingFactory, LegalArticleFactory

D = dt.date

# (receipt of the copy, last day of the KoAP appeal term, why)
KOAP_APPEAL_TABLE = [
    # Before 29.10.2024: 10 сутки, the last day stays even on a non-working day.
    (D(2024, 4, 19), D(2024, 4, 29), "old law: ends on a May-holidays Monday, not moved"),
    (D(2024, 4, 20), D(2024, 4, 30), "old law: ends on a holiday, not moved"),
    (D(2023, 12, 25), D(2024, 1, 4), "old law: ends in the New Year holidays, not moved"),
    (D(2024, 10, 24), D(2024, 11, 3), "old law, last day before 364-FZ: ends on a Sunday, not moved"),
    (D(2024, 10, 28), D(2024, 11, 7), "old law on its last day in force"),
    # Since 29.10.2024: 10 days, a last non-working day moves (KoAP 4.8 part 3).
    (D(2024, 10, 29), D(2024, 11, 8), "364-FZ in force on the day of receipt: a Friday"),
    (D(2024, 10, 31), D(2024, 11, 11), "new law: Sunday 10.11 moves to Monday"),
    (D(2024, 12, 18), D(2024, 12, 28), "new law: Saturday 28.12.2024 is a working day by the decree"),
    (D(2024, 12, 22), D(2025, 1, 9), "new law: 1.01 moves past the New Year holidays to 9.01"),
    (D(2025, 4, 21), D(2025, 5, 5), "new law: 1.05 moves past 2.05 and the weekend"),
    (D(2025, 4, 28), D(2025, 5, 12), "new law: 8.05 moves past 9.05 and the weekend"),
    (D(2025, 10, 22), D(2025, 11, 1), "new law: Saturday 1.11.2025 is a working day by the decree"),
    (D(2025, 10, 23), D(2025, 11, 5), "new law: Sunday 2.11 moves past 3.11 and 4.11"),
    (D(2025, 12, 25), D(2026, 1, 12), "new law: 4.01.2026 moves past the holidays to 12.01"),
]


@pytest.mark.parametrize(("received", "due", "why"), KOAP_APPEAL_TABLE)
def test_koap_appeal_is_counted_by_the_law_in_force_on_the_day_of_receipt(received, due, why, db):
    assert rules.koap_appeal_due(received) == due, why


@pytest.mark.parametrize(("received", "due", "why"), KOAP_APPEAL_TABLE)
def test_the_hearings_appeal_deadline_is_the_koap_appeal_due_date(received, due, why, db):
    hearing = HearingFactory(date=received, decision_received_on=received)
    assert hearing.appeal_deadline == due, why


def test_an_appeal_deadline_set_by_hand_is_kept(db):
    hearing = HearingFactory(date=D(2025, 4, 21), decision_received_on=D(2025, 4, 21), appeal_deadline=D(2025, 5, 6))
    writes.records_written(records=[hearing])
    assert hearing.appeal_deadline == D(2025, 5, 6)
    assert Deadline.objects.get(hearing=hearing, kind=DeadlineKind.KOAP_APPEAL).due_on == D(2025, 5, 6)


def test_the_election_articles_have_five_days(db):
    article = LegalArticleFactory(code=LegalCode.KOAP, number="5.10", part="1")
    hearing = HearingFactory(date=D(2025, 4, 28), decision_received_on=D(2025, 4, 28))
    ChargeFactory(case=hearing.case, article=article)
    writes.records_written(records=[hearing])
    appeal = Deadline.objects.get(hearing=hearing, kind=DeadlineKind.KOAP_APPEAL)
    # 28.04 + 5 = 3.05, a Saturday -> Monday 5.05.
    assert (appeal.due_on, appeal.rule) == (D(2025, 5, 5), "koap_30_3_3")


def _counted(hearing) -> dict[str, dt.date]:
    writes.records_written(records=[hearing])
    return dict(Deadline.objects.filter(hearing=hearing).values_list("kind", "due_on"))


def test_a_fine_is_paid_within_60_days_of_entry_into_force(db):
    # Received 28.02.2025 -> appeal until 10.03, in force 11.03, +60 days = Saturday 10.05 -> 12.05.
    hearing = HearingFactory(date=D(2025, 2, 28), decision_received_on=D(2025, 2, 28))
    DetentionFactory(case=hearing.case, detained_at=dt.datetime(2025, 2, 20, 10, tzinfo=MOSCOW))
    counted = _counted(hearing)
    assert counted[DeadlineKind.KOAP_APPEAL] == D(2025, 3, 10)
    assert counted[DeadlineKind.FINE_PAYMENT] == D(2025, 5, 12)
    # Facts after 16.09.2022: the ECHR no longer applies; the UN Committee's guideline: 5 years.
    assert DeadlineKind.ECHR not in counted
    assert counted[DeadlineKind.UN_HRC] == D(2030, 3, 11)


def test_an_arrest_has_no_fine_payment(db):
    hearing = HearingFactory(
        date=D(2025, 2, 28), decision_received_on=D(2025, 2, 28), outcome=HearingOutcome.ARREST, fine_amount=None
    )
    assert DeadlineKind.FINE_PAYMENT not in _counted(hearing)


@pytest.mark.parametrize(
    ("received", "detained", "due", "rule"),
    [
        # In force 31.12.2021, before 1.02.2022: six months.
        (D(2021, 12, 20), D(2021, 12, 1), D(2022, 6, 30), "echr_35_1_six_months"),
        # Old KoAP law: appeal until Saturday 19.03.2022 (not moved), in force 20.03: four months.
        (D(2022, 3, 9), D(2022, 3, 6), D(2022, 7, 20), "echr_35_1_four_months"),
    ],
)
def test_the_echr_term_for_facts_up_to_16_september_2022(received, detained, due, rule, db):
    hearing = HearingFactory(date=received, decision_received_on=received)
    DetentionFactory(case=hearing.case, detained_at=dt.datetime.combine(detained, dt.time(12), tzinfo=MOSCOW))
    writes.records_written(records=[hearing])
    echr = Deadline.objects.get(hearing=hearing, kind=DeadlineKind.ECHR)
    assert (echr.due_on, echr.rule) == (due, rule)
    assert not Deadline.objects.filter(hearing=hearing, kind=DeadlineKind.UN_HRC).exists()


@pytest.mark.parametrize(
    ("sentence", "appeal_due", "cassation_due"),
    [
        # 17.12.2025 + 15 сутки = 1.01.2026 -> 12.01 (UPK 128 part 2); in force 13.01; +6 months = 13.07.
        (D(2025, 12, 17), D(2026, 1, 12), D(2026, 7, 13)),
        # 15.04.2024 + 15 = 30.04 (holiday) -> 2.05; in force 3.05; +6 months = Sunday 3.11 -> 5.11 (4.11 holiday).
        (D(2024, 4, 15), D(2024, 5, 2), D(2024, 11, 5)),
    ],
)
def test_criminal_cases_count_upk_appeal_and_cassation(sentence, appeal_due, cassation_due, db):
    hearing = HearingFactory(date=sentence, outcome=HearingOutcome.FINE)
    ChargeFactory(case=hearing.case, article=LegalArticleFactory(code=LegalCode.UK, number="212.1", part=""))
    counted = _counted(hearing)
    assert counted[DeadlineKind.UPK_APPEAL] == appeal_due
    assert counted[DeadlineKind.CASSATION] == cassation_due
    assert DeadlineKind.KOAP_APPEAL not in counted


def test_koap_cassation_has_no_term():
    rule = rules.RULES_BY_KEY["koap_30_12"]
    assert rule.due_on(D(2025, 1, 1)) is None
    assert "no term" in str(rule.citation)


CITATIONS = {
    "koap_30_3_1_sutki": ("KoAP art. 30.3 part 1", "195-FZ"),
    "koap_30_3_1_days": ("KoAP art. 30.3 part 1", "364-FZ of 29.10.2024"),
    "koap_30_3_3": ("KoAP art. 30.3 part 3", "195-FZ"),
    "koap_32_2_1": ("KoAP art. 32.2 part 1", "195-FZ"),
    "koap_30_12": ("KoAP arts. 30.12-30.14", "195-FZ"),
    "upk_389_4_1": ("UPK art. 389.4 part 1", "518-FZ"),
    "upk_401_3_4": ("UPK art. 401.3 part 4", "15-FZ of 24.02.2021"),
    "echr_35_1_six_months": ("ECHR art. 35 § 1", "before Protocol No. 15"),
    "echr_35_1_four_months": ("ECHR art. 35 § 1", "Protocol No. 15"),
    "un_hrc_99c": ("rule 99(c)", "Optional Protocol"),
}


def test_every_rule_cites_its_article_and_law():
    assert set(CITATIONS) == set(rules.RULES_BY_KEY)
    for key, (article, law) in CITATIONS.items():
        rule = rules.RULES_BY_KEY[key]
        assert article in str(rule.article), key
        assert law in str(rule.law), key
        assert str(rule.citation), key
    assert rules.RULES_BY_KEY["koap_30_3_1_sutki"].valid_to == D(2024, 10, 28)
    assert rules.RULES_BY_KEY["koap_30_3_1_days"].valid_from == D(2024, 10, 29)
    assert rules.RULES_BY_KEY["echr_35_1_four_months"].valid_from == D(2022, 2, 1)
    assert "20.25 part 1" in str(rules.RULES_BY_KEY["koap_32_2_1"].citation)
