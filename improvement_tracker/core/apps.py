from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "improvement_tracker.core"
    label = "core"

    def ready(self) -> None:
        from improvement_tracker.core.database import load_timestamps_natively

        connection_created.connect(load_timestamps_natively)
