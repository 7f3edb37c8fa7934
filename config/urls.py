from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("improvement_tracker.plans.urls")),
    path("", include("improvement_tracker.accounts.urls")),
    path("", include("improvement_tracker.plans.people_urls")),
    path("", include("improvement_tracker.plans.audit_urls")),
    path("", include("improvement_tracker.plans.round_urls")),
    path("", include("improvement_tracker.documents.urls")),
    path("", include("improvement_tracker.notices.urls")),
    path("", include("improvement_tracker.api.urls")),
    path("", include("improvement_tracker.api.token_urls")),
    path("admin/", admin.site.urls),
]
