from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "improvement_tracker.plans"
    label = "plans"
