from django.urls import path

from improvement_tracker.api.app import api
from improvement_tracker.api.reference_views import api_reference

urlpatterns = [
    # Before the API's own addresses, which answer everything under /api/v1/ as JSON.
    path("api/v1/reference/", api_reference, name="api_reference"),
    path("api/v1/", api.urls),
]
