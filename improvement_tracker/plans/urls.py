from django.urls import path

from improvement_tracker.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/<slug:slug>/", views.tracker, name="tracker"),
]
