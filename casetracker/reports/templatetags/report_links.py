"""The "Reports" link of the admin index, for the users who may see aggregate reports."""

from django import template

from casetracker.accounts.policy import user_may_view_reports

register = template.Library()


@register.inclusion_tag("reports/_report_link.html", takes_context=True)
def reports_link(context) -> dict:
    request = context.get("request")
    return {"show": request is not None and user_may_view_reports(request.user)}
