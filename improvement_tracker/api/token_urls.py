from django.urls import path

from improvement_tracker.api import token_views

app_name = "api_tokens"

urlpatterns = [
    path("account/api-tokens/", token_views.token_list, name="list"),
    path("account/api-tokens/new/", token_views.token_new, name="new"),
    path("account/api-tokens/<int:token_id>/revoke/", token_views.token_revoke, name="revoke"),
]
