from django.apps import AppConfig


class HotPathConfig(AppConfig):
    name = "improvement_tracker.hotpath"
    label = "hotpath"
