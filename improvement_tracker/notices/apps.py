from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "improvement_tracker.notices"
    label = "notices"
