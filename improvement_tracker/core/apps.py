from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "improvement_tracker.core"
    label = "core"
