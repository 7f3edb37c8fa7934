from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "improvement_tracker.documents"
    label = "documents"
