from django.urls import path

from improvement_tracker.api.app import api

urlpatterns = [
    path("api/v1/", api.urls),
]
