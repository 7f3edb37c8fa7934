"""A plan's update rounds' addresses (issue 20); their names keep no namespace, as the
people pages' do."""

from django.urls import path

from improvement_tracker.plans import round_views

rounds = "plans/<slug:slug>/rounds/"

urlpatterns = [
    path(rounds, round_views.plan_rounds, name="plan_rounds"),
    path(f"{rounds}open/", round_views.round_open, name="round_open"),
    path(f"{rounds}reminders/", round_views.plan_reminders, name="plan_reminders"),
    path(f"{rounds}<int:round_id>/", round_views.round_detail, name="round_detail"),
    path(f"{rounds}<int:round_id>/close/", round_views.round_close, name="round_close"),
]
