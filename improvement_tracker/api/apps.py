from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "improvement_tracker.api"
    label = "api"
