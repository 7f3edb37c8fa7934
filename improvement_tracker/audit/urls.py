from django.urls import path

from improvement_tracker.audit import views

urlpatterns = [
    path("plans/<slug:slug>/audit/", views.plan_audit, name="plan_audit"),
    path(
        "plans/<slug:slug>/actions/<int:position>/<int:number>/audit/",
        views.action_audit,
        name="action_audit",
    ),
]
