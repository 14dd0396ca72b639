"""The deadline rules as data: each names its article, the law that set it, the days it
is in force and how its term is counted. A rule applies by the date of its trigger (the
receipt of the decision, its entry into force, ...), so a term that started before a
change of law is still counted the old way.

Sources, checked against the text of the law:

- KoAP art. 30.3 part 1: "10 сутки" from delivery or receipt of the copy of the decision,
  ending on its last calendar day even when that is a non-working day (KoAP art. 4.8
  part 2), until Federal Law No. 364-FZ of 29.10.2024 (in force on its publication,
  29.10.2024) made it 10 *days*, whose last day moves past a non-working day (KoAP
  art. 4.8 part 3);
- KoAP art. 30.3 part 3: five days for the decisions under arts. 5.1-5.25, 5.45-5.52,
  5.56, 5.58 and 5.69 (the election offences);
- KoAP art. 31.1: a decision enters into force when the appeal term ends unappealed;
  art. 32.2 part 1: a fine is paid within 60 days of that; unpaid, art. 20.25 part 1;
- KoAP arts. 30.12-30.14: a decision in force may be appealed in cassation with no term;
- UPK art. 389.4 part 1: 15 сутки from the sentence (for a convict held in custody, from
  the delivery of its copy); UPK art. 128 part 2 moves a last day that falls on a
  non-working day;
- UPK art. 401.3 part 4 (Federal Law No. 15-FZ of 24.02.2021): six months from the entry
  into force of the sentence (UPK art. 390);
- ECHR art. 35 § 1: six months from the final domestic decision, four months for a final
  decision taken on or after 1.02.2022 (Protocol No. 15, arts. 4 and 8 § 3); the Court
  deals with applications against Russia only for facts up to 16.09.2022, when Russia
  ceased to be a party (resolutions of the Court of 22.03.2022 and of the Committee of
  Ministers of 23.03.2022); a time limit ending on a weekend or holiday is not extended;
- UN Human Rights Committee (Optional Protocol to the ICCPR): no fixed term; rule 99(c)
  of the Committee's rules of procedure treats a communication submitted more than five
  years after the exhaustion of domestic remedies as an abuse of the right of submission,
  unless the delay is justified.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casetracker.deadlines import calendar

# The last day on which the ECHR hears applications against Russia about facts.
ECHR_RUSSIA_CEASED = dt.date(2022, 9, 16)
# KoAP art. 30.3 part 3: the offences whose decisions are appealed within five days.
KOAP_ELECTION_ARTICLES = frozenset(
    [f"5.{n}" for n in range(1, 26)] + [f"5.{n}" for n in range(45, 53)] + ["5.56", "5.58", "5.69"]
)


class DeadlineKind(models.TextChoices):
    KOAP_APPEAL = "koap_appeal", _("appeal (KoAP)")
    FINE_PAYMENT = "fine_payment", _("fine payment")
    UPK_APPEAL = "upk_appeal", _("appeal (UPK)")
    CASSATION = "cassation", _("cassation")
    ECHR = "echr", _("ECHR application")
    UN_HRC = "un_hrc", _("UN Human Rights Committee")


class Unit(StrEnum):
    # Calendar days; the term ends on its last day whatever day that is.
    SUTKI = "sutki"
    # Calendar days; a last day that is a non-working day moves to the next working day.
    DAYS = "days"
    MONTHS = "months"


@dataclass(frozen=True)
class Rule:
    key: str
    kind: str
    article: Promise
    law: Promise
    valid_from: dt.date | None
    valid_to: dt.date | None
    amount: int | None
    unit: Unit | None
    moves_off_non_working_days: bool
    trigger: Promise
    citation: Promise

    def in_force_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def basis(self) -> str:
        """The article, readable: what a deadline shows as its basis."""
        return f"{self.article} ({self.law})"

    def due_on(self, trigger_day: dt.date) -> dt.date | None:
        """The last day of the term started by an event on `trigger_day`; None for a rule without a term.

        Counting starts on the next day (KoAP art. 4.8 part 1, UPK art. 128): a term of
        n days from the 5th ends on the (5 + n)th.
        """
        if self.amount is None:
            return None
        if self.unit == Unit.MONTHS:
            last = trigger_day + relativedelta(months=self.amount)
        else:
            last = trigger_day + dt.timedelta(days=self.amount)
        return calendar.next_working_day(last) if self.moves_off_non_working_days else last


RULES: tuple[Rule, ...] = (
    Rule(
        key="koap_30_3_1_sutki",
        kind=DeadlineKind.KOAP_APPEAL,
        article=_("KoAP art. 30.3 part 1"),
        law=_("Federal Law No. 195-FZ of 30.12.2001, before Federal Law No. 364-FZ"),
        valid_from=None,
        valid_to=dt.date(2024, 10, 28),
        amount=10,
        unit=Unit.SUTKI,
        moves_off_non_working_days=False,
        trigger=_("delivery or receipt of the copy of the decision"),
        citation=_(
            "10 сутки from delivery or receipt of the copy of the decision; the term ends on its "
            "last calendar day even when that is a non-working day (KoAP art. 4.8 part 2)."
        ),
    ),
    Rule(
        key="koap_30_3_1_days",
        kind=DeadlineKind.KOAP_APPEAL,
        article=_("KoAP art. 30.3 part 1"),
        law=_("Federal Law No. 364-FZ of 29.10.2024"),
        valid_from=dt.date(2024, 10, 29),
        valid_to=None,
        amount=10,
        unit=Unit.DAYS,
        moves_off_non_working_days=True,
        trigger=_("delivery or receipt of the copy of the decision"),
        citation=_(
            "10 days from delivery or receipt of the copy of the decision; a last day that is a "
            "non-working day moves to the next working day (KoAP art. 4.8 part 3)."
        ),
    ),
    Rule(
        key="koap_30_3_3",
        kind=DeadlineKind.KOAP_APPEAL,
        article=_("KoAP art. 30.3 part 3"),
        law=_("Federal Law No. 195-FZ of 30.12.2001"),
        valid_from=None,
        valid_to=None,
        amount=5,
        unit=Unit.DAYS,
        moves_off_non_working_days=True,
        trigger=_("delivery or receipt of the copy of the decision"),
        citation=_(
            "Five days for decisions under KoAP arts. 5.1-5.25, 5.45-5.52, 5.56, 5.58 and 5.69 "
            "(election offences); a last non-working day moves (KoAP art. 4.8 part 3)."
        ),
    ),
    Rule(
        key="koap_32_2_1",
        kind=DeadlineKind.FINE_PAYMENT,
        article=_("KoAP art. 32.2 part 1"),
        law=_("Federal Law No. 195-FZ of 30.12.2001"),
        valid_from=None,
        valid_to=None,
        amount=60,
        unit=Unit.DAYS,
        moves_off_non_working_days=True,
        trigger=_("entry into force of the decision (KoAP art. 31.1)"),
        citation=_(
            "A fine is paid within 60 days of the decision's entry into force (KoAP art. 31.1: the "
            "day after the appeal term ends unappealed); unpaid, it is an offence under KoAP art. "
            "20.25 part 1."
        ),
    ),
    Rule(
        key="koap_30_12",
        kind=DeadlineKind.CASSATION,
        article=_("KoAP arts. 30.12-30.14"),
        law=_("Federal Law No. 195-FZ of 30.12.2001"),
        valid_from=None,
        valid_to=None,
        amount=None,
        unit=None,
        moves_off_non_working_days=False,
        trigger=_("entry into force of the decision"),
        citation=_("A KoAP decision in force may be appealed in cassation with no term: no deadline is counted."),
    ),
    Rule(
        key="upk_389_4_1",
        kind=DeadlineKind.UPK_APPEAL,
        article=_("UPK art. 389.4 part 1"),
        law=_("Federal Law No. 518-FZ of 31.12.2014"),
        valid_from=None,
        valid_to=None,
        amount=15,
        unit=Unit.SUTKI,
        moves_off_non_working_days=True,
        trigger=_("the sentence (for a convict held in custody, delivery of its copy)"),
        citation=_(
            "15 сутки from the sentence or decision, for a convict held in custody from the delivery "
            "of its copy; a last non-working day moves to the next working day (UPK art. 128 part 2)."
        ),
    ),
    Rule(
        key="upk_401_3_4",
        kind=DeadlineKind.CASSATION,
        article=_("UPK art. 401.3 part 4"),
        law=_("Federal Law No. 15-FZ of 24.02.2021"),
        valid_from=dt.date(2021, 3, 7),
        valid_to=None,
        amount=6,
        unit=Unit.MONTHS,
        moves_off_non_working_days=True,
        trigger=_("entry into force of the sentence (UPK art. 390)"),
        citation=_(
            "Six months from the entry into force of the sentence or final decision (for a convict "
            "held in custody, from the delivery of its copy); UPK art. 128 part 2 counts the months."
        ),
    ),
    Rule(
        key="echr_35_1_six_months",
        kind=DeadlineKind.ECHR,
        article=_("ECHR art. 35 § 1"),
        law=_("the Convention before Protocol No. 15"),
        valid_from=None,
        valid_to=dt.date(2022, 1, 31),
        amount=6,
        unit=Unit.MONTHS,
        moves_off_non_working_days=False,
        trigger=_("the final domestic decision"),
        citation=_("Six months from the final domestic decision; only for facts up to 16.09.2022."),
    ),
    Rule(
        key="echr_35_1_four_months",
        kind=DeadlineKind.ECHR,
        article=_("ECHR art. 35 § 1"),
        law=_("Protocol No. 15, in force 1.08.2021, art. 4 applied from 1.02.2022"),
        valid_from=dt.date(2022, 2, 1),
        valid_to=None,
        amount=4,
        unit=Unit.MONTHS,
        moves_off_non_working_days=False,
        trigger=_("the final domestic decision"),
        citation=_(
            "Four months from a final domestic decision taken on or after 1.02.2022 (Protocol No. 15, "
            "art. 8 § 3); only for facts up to 16.09.2022, when Russia ceased to be a party."
        ),
    ),
    Rule(
        key="un_hrc_99c",
        kind=DeadlineKind.UN_HRC,
        article=_("Rules of procedure of the Human Rights Committee, rule 99(c)"),
        law=_("Optional Protocol to the ICCPR"),
        valid_from=None,
        valid_to=None,
        amount=5 * 12,
        unit=Unit.MONTHS,
        moves_off_non_working_days=False,
        trigger=_("exhaustion of domestic remedies"),
        citation=_(
            "No fixed term; a communication more than five years after the exhaustion of domestic "
            "remedies is an abuse of the right of submission unless the delay is justified: the date "
            "is a guideline. The route that remains for facts after 16.09.2022."
        ),
    ),
)

RULES_BY_KEY = {rule.key: rule for rule in RULES}


def rule_for(kind: str, trigger_day: dt.date, *, key_prefix: str = "") -> Rule | None:
    """The rule of `kind` in force on `trigger_day` (among those whose key starts with `key_prefix`)."""
    for rule in RULES:
        if rule.kind == kind and rule.key.startswith(key_prefix) and rule.in_force_on(trigger_day):
            return rule
    return None


def koap_appeal_rule(received_on: dt.date, *, election_offence: bool = False) -> Rule:
    """The KoAP appeal rule for a copy received on `received_on`."""
    if election_offence:
        return RULES_BY_KEY["koap_30_3_3"]
    rule = rule_for(DeadlineKind.KOAP_APPEAL, received_on, key_prefix="koap_30_3_1")
    assert rule is not None  # the two rules of part 1 cover every day
    return rule


def koap_appeal_due(received_on: dt.date) -> dt.date:
    """The last day of the KoAP appeal term (part 1) for a copy received on `received_on`."""
    return koap_appeal_rule(received_on).due_on(received_on)
