"""A plan's people pages' addresses; their names keep no namespace, as in the accounts app."""

from django.urls import path

from improvement_tracker.plans import people_views

urlpatterns = [
    path("plans/<slug:slug>/people/", people_views.plan_people, name="plan_people"),
    path(
        "plans/<slug:slug>/people/<int:user_id>/remove/",
        people_views.plan_person_remove,
        name="plan_person_remove",
    ),
    path(
        "plans/<slug:slug>/people/<int:user_id>/leads/",
        people_views.plan_person_leads,
        name="plan_person_leads",
    ),
]
