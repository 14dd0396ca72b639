from django.urls import path

from casetracker.accounts import views

app_name = "accounts"

urlpatterns = [
    path("2fa/", views.two_factor, name="two_factor"),
    path("2fa/manage/", views.two_factor_manage, name="two_factor_manage"),
]
