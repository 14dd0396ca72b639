from django.urls import path

from casetracker.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("calendar-feeds/", views.calendar_feeds, name="calendar-feeds"),
    path("calendar-feeds/<int:pk>/revoke/", views.calendar_feed_revoke, name="calendar-feed-revoke"),
    path("feed/<str:secret>.ics", views.feed, name="feed"),
]
