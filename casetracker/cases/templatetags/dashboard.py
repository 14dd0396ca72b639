from django import template
from django.utils import timezone

from casetracker.accounts.policy import user_may_merge_persons
from casetracker.cases.duplicates.selectors import possible_duplicates_open
from casetracker.cases.selectors import open_cases_of_lawyer, upcoming_appeal_deadlines, upcoming_hearings

register = template.Library()

DASHBOARD_DAYS = 14
DASHBOARD_OPEN_CASES_LIMIT = 20


@register.inclusion_tag("admin/cases/dashboard.html", takes_context=True)
def lawyer_dashboard(context) -> dict:
    """The user's open cases, the hearings and appeal deadlines of the next 14 days, the duplicates to review."""
    user = context["request"].user
    today = timezone.localdate()
    open_cases = open_cases_of_lawyer(user)
    return {
        "days": DASHBOARD_DAYS,
        "today": today,
        "open_cases": open_cases[:DASHBOARD_OPEN_CASES_LIMIT],
        "open_case_count": open_cases.count(),
        "hearings": upcoming_hearings(user, today=today, days=DASHBOARD_DAYS),
        "deadlines": upcoming_appeal_deadlines(user, today=today, days=DASHBOARD_DAYS),
        # None (no line at all) for those who may not see the queue: not even its size.
        "possible_duplicates": possible_duplicates_open(user).count() if user_may_merge_persons(user) else None,
    }
