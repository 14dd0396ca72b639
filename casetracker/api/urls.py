"""/api/v1/: one router, one URL per resource (plural, hyphenated)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from casetracker.api import views
from casetracker.api.views.deadlines import DeadlineCalendarView, DeadlineViewSet
from casetracker.api.views.imports import ImportJobViewSet
from casetracker.api.views.intake import DispatchViewSet, IntakeViewSet, PoliceStationViewSet, StationBoardView
from casetracker.api.views.reports import ReportSummaryView

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("persons", views.PersonViewSet, basename="person")
router.register("events", views.EventViewSet, basename="event")
router.register("cases", views.CaseViewSet, basename="case")
router.register("detentions", views.DetentionViewSet, basename="detention")
router.register("evidence-claims", views.EvidenceClaimViewSet, basename="evidenceclaim")
router.register("charges", views.ChargeViewSet, basename="charge")
router.register("hearings", views.HearingViewSet, basename="hearing")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("legal-articles", views.LegalArticleViewSet, basename="legalarticle")
router.register("notes", views.CaseNoteViewSet, basename="note")
router.register("tokens", views.ApiTokenViewSet, basename="token")
router.register("imports", ImportJobViewSet, basename="import")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("intake/police-stations", PoliceStationViewSet, basename="police-station")
router.register("intake/dispatches", DispatchViewSet, basename="dispatch")
router.register("intake", IntakeViewSet, basename="intake")

urlpatterns = [
    path("reports/summary/", ReportSummaryView.as_view(), name="report-summary"),
    # Before the router: "calendar.ics" is not a deadline's id.
    path("deadlines/calendar.ics", DeadlineCalendarView.as_view(), name="deadline-calendar"),
    path("intake/stations/", StationBoardView.as_view(), name="intake-stations"),
    *router.urls,
]
