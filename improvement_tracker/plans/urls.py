from django.urls import path

from improvement_tracker.plans import (
    action_edit_views,
    changes_views,
    edit_views,
    extra_field_views,
    key_views,
    layer_views,
    restore_views,
    trends_views,
    views,
)

app_name = "plans"

plan = "plans/<slug:slug>/"
domain = f"{plan}domains/<int:position>/"
# The number is the reference as written (1, 1.2, C1.1.1): text, never "/" (ADR 0038).
action = f"{plan}actions/<int:position>/<str:number>/"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("archived-plans/", views.archived_plans, name="archived_plans"),
    path("my-actions/", views.my_actions, name="my_actions"),
    path(plan, views.tracker, name="tracker"),
    path(f"{plan}exceptions/", views.exceptions, name="exceptions"),
    path(f"{plan}suggestions/", views.suggestions, name="suggestions"),
    path(f"{plan}changes/", changes_views.changes, name="changes"),
    path(f"{plan}trends/", trends_views.trends, name="trends"),
    path(action, views.action_detail, name="action_detail"),
    path(f"{action}update/", views.action_update, name="action_update"),
    # Changing a plan's shape (edit_views): plan managers only, never on an archived plan.
    path("new-plan/", edit_views.plan_create, name="plan_create"),
    path(f"{plan}next-year/", edit_views.plan_next_year, name="plan_next_year"),
    path(f"{plan}archive/", edit_views.plan_archive, name="plan_archive"),
    path(f"{plan}archived/", edit_views.archived_items, name="archived_items"),
    path(f"{plan}manage/", edit_views.manage, name="manage"),
    path(f"{plan}domains/add/", edit_views.domain_add, name="domain_add"),
    path(f"{domain}edit/", edit_views.domain_edit, name="domain_edit"),
    path(f"{domain}archive/", edit_views.domain_archive, name="domain_archive"),
    path(f"{domain}restore/", edit_views.domain_restore, name="domain_restore"),
    path(f"{domain}renumber/", action_edit_views.domain_renumber, name="domain_renumber"),
    path(f"{domain}actions/add/", action_edit_views.action_add, name="action_add"),
    path(f"{action}edit/", action_edit_views.action_edit, name="action_edit"),
    path(f"{action}move/", action_edit_views.action_move, name="action_move"),
    path(f"{plan}leads/", edit_views.leads, name="leads"),
    path(f"{plan}fields/", extra_field_views.extra_fields, name="extra_fields"),
    path(
        f"{plan}fields/<int:field_id>/rename/",
        extra_field_views.extra_field_edit,
        name="extra_field_edit",
    ),
    path(
        f"{plan}fields/<int:field_id>/archive/",
        extra_field_views.extra_field_archive,
        name="extra_field_archive",
    ),
    path(f"{plan}status-key/", key_views.status_key, name="status_key"),
    path(f"{plan}leads/merge/", edit_views.leads_merge, name="leads_merge"),
    # Objectives and activities (ADR 0041).
    path(f"{domain}objectives/", layer_views.objectives, name="objectives"),
    path(
        f"{domain}objectives/<int:objective_id>/edit/",
        layer_views.objective_edit,
        name="objective_edit",
    ),
    path(
        f"{domain}objectives/<int:objective_id>/archive/",
        layer_views.objective_archive,
        name="objective_archive",
    ),
    path(f"{action}activities/", layer_views.activities, name="activities"),
    path(
        f"{action}activities/<int:activity_id>/edit/",
        layer_views.activity_edit,
        name="activity_edit",
    ),
    path(
        f"{action}activities/<int:activity_id>/archive/",
        layer_views.activity_archive,
        name="activity_archive",
    ),
    path(f"{action}archive/", action_edit_views.action_archive, name="action_archive"),
    path(f"{action}restore/", edit_views.action_restore, name="action_restore"),
    # Restoring objectives, activities and fields, found by id within the plan: an
    # activity of an archived action is listed, and refused, like any other.
    path(
        f"{plan}archived/objectives/<int:objective_id>/restore/",
        restore_views.objective_restore,
        name="objective_restore",
    ),
    path(
        f"{plan}archived/activities/<int:activity_id>/restore/",
        restore_views.activity_restore,
        name="activity_restore",
    ),
    path(
        f"{plan}archived/fields/<int:field_id>/restore/",
        restore_views.extra_field_restore,
        name="extra_field_restore",
    ),
]
