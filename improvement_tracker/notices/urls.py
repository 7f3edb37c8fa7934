from django.urls import path

from improvement_tracker.notices import views

app_name = "notices"

urlpatterns = [
    path("account/email-notices/", views.preferences, name="preferences"),
]
