"""Choice values of the intake (a contract: the API and stored rows use them; never change a value)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportedBy(models.TextChoices):
    SELF = "self", _("the detainee")
    RELATIVE = "relative", _("a relative")
    FRIEND = "friend", _("a friend")
    WITNESS = "witness", _("a witness")
    LAWYER = "lawyer", _("a lawyer")
    OTHER = "other", _("someone else")


class IntakeStatus(models.TextChoices):
    REPORTED = "reported", _("reported")
    AT_STATION = "at_station", _("at the station")
    LAWYER_SENT = "lawyer_sent", _("lawyer sent")
    LAWYER_ADMITTED = "lawyer_admitted", _("lawyer admitted")
    LAWYER_REFUSED = "lawyer_refused", _("lawyer refused entry")
    RELEASED = "released", _("released")
    TAKEN_TO_COURT = "taken_to_court", _("taken to court")
    CONVERTED = "converted", _("converted into a case")


class LawyerStatus(models.TextChoices):
    """A station's lawyer on the board: the latest dispatch there."""

    NONE = "none", _("no lawyer")
    SENT = "sent", _("lawyer sent")
    ADMITTED = "admitted", _("lawyer admitted")
    REFUSED = "refused", _("lawyer refused entry")


# The statuses a dispatch moves an intake through; a released, court or converted one stays put.
DISPATCHABLE_STATUSES = (
    IntakeStatus.REPORTED,
    IntakeStatus.AT_STATION,
    IntakeStatus.LAWYER_SENT,
    IntakeStatus.LAWYER_ADMITTED,
    IntakeStatus.LAWYER_REFUSED,
)
