from django.urls import path

from improvement_tracker.plans import views

app_name = "plans"

action = "plans/<slug:slug>/actions/<int:position>/<int:number>/"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("my-actions/", views.my_actions, name="my_actions"),
    path("plans/<slug:slug>/", views.tracker, name="tracker"),
    path("plans/<slug:slug>/exceptions/", views.exceptions, name="exceptions"),
    path("plans/<slug:slug>/suggestions/", views.suggestions, name="suggestions"),
    path(action, views.action_detail, name="action_detail"),
    path(f"{action}update/", views.action_update, name="action_update"),
]
