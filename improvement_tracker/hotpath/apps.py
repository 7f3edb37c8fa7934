from django.apps import AppConfig
from django.db.backends.signals import connection_created


class HotPathConfig(AppConfig):
    name = "improvement_tracker.hotpath"
    label = "hotpath"

    def ready(self) -> None:
        from improvement_tracker.hotpath.database import load_timestamps_natively

        connection_created.connect(load_timestamps_natively)
