"""The start page (the admin index), by role: what each user needs first.

- a lawyer: "Add case", then their agenda (overdue, today, this week, the next 30 days:
  deadlines and hearings together, the most urgent first) and their open cases;
- a coordinator: also the open cases without a lawyer, every lawyer's deadlines of the
  next 7 days (overdue first) and the possible duplicates to review;
- an analyst: the reports, not empty case panels; a hotline volunteer: the board.

It lives here, above `cases` and `deadlines`' own models, because it puts both together.
"""

from django import template
from django.utils import timezone

from casetracker.accounts.policy import (
    user_may_merge_persons,
    user_may_take_calls,
    user_sees_all_cases,
)
from casetracker.cases.duplicates.selectors import possible_duplicates_open
from casetracker.cases.selectors import cases_without_lawyer, open_cases_of_lawyer
from casetracker.deadlines.selectors import agenda, agenda_by_bucket, deadlines_due_by_lawyer

register = template.Library()

LIST_LIMIT = 10


def _first_and_count(rows) -> tuple[list, int]:
    """The first LIST_LIMIT rows and how many there are, in one query when they are few."""
    first = list(rows[: LIST_LIMIT + 1])
    return first[:LIST_LIMIT], len(first) if len(first) <= LIST_LIMIT else rows.count()


@register.inclusion_tag("admin/start_page.html", takes_context=True)
def start_page(context) -> dict:
    """The panels of the start page for the signed-in user (see the module docstring)."""
    user = context["request"].user
    today = timezone.localdate()
    panels: dict = {
        "today": today,
        "may_add_case": user.has_perm("cases.add_case"),
        "takes_calls": user_may_take_calls(user),
    }
    if user.has_perm("cases.view_case"):
        open_cases, open_case_count = _first_and_count(open_cases_of_lawyer(user))
        panels.update(
            works_cases=True,
            agenda=agenda_by_bucket(agenda(user, today=today)),
            open_cases=open_cases,
            open_case_count=open_case_count,
        )
    if user_sees_all_cases(user):
        unassigned, unassigned_count = _first_and_count(cases_without_lawyer(user))
        panels.update(
            coordinates=True,
            unassigned=unassigned,
            unassigned_count=unassigned_count,
            week_by_lawyer=deadlines_due_by_lawyer(user, today=today),
        )
    # None (no line at all) for those who may not see the queue: not even its size.
    panels["possible_duplicates"] = possible_duplicates_open(user).count() if user_may_merge_persons(user) else None
    return panels
