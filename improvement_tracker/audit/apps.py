from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "improvement_tracker.audit"
    label = "audit"

    def ready(self) -> None:
        from improvement_tracker.audit import signals  # noqa: F401 - connects sign-in events
