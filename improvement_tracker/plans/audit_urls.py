"""The audit history pages' addresses; their names keep no namespace, as in the audit app."""

from django.urls import path

from improvement_tracker.plans import audit_views

urlpatterns = [
    path("plans/<slug:slug>/audit/", audit_views.plan_audit, name="plan_audit"),
    path(
        "plans/<slug:slug>/actions/<int:position>/<str:number>/audit/",
        audit_views.action_audit,
        name="action_audit",
    ),
]
