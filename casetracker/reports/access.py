"""Who may see aggregate reports: Analysts, Coordinators and superusers (lawyers work case by case, not on totals)."""

from casetracker.accounts.roles import ANALYST, COORDINATOR
from casetracker.cases.selectors import AnyUser

REPORT_ROLES = (ANALYST, COORDINATOR)


def can_view_reports(user: AnyUser) -> bool:
    """Whether `user` may see aggregate reports and start report exports."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=REPORT_ROLES).exists()
