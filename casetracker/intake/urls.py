from django.urls import path

from casetracker.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.board_page, name="board"),
    path("board.json", views.board_data, name="board-data"),
    path("stations/<int:pk>/list/", views.published_station_list, name="published-list"),
]
