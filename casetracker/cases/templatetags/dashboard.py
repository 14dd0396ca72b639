from django import template
from django.utils import timezone

from casetracker.cases.selectors import open_cases_of_lawyer, upcoming_appeal_deadlines, upcoming_hearings

register = template.Library()

DASHBOARD_DAYS = 14
DASHBOARD_OPEN_CASES_LIMIT = 20


@register.inclusion_tag("admin/cases/dashboard.html", takes_context=True)
def lawyer_dashboard(context) -> dict:
    """The user's open cases and the hearings and appeal deadlines of the next 14 days."""
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
    }
