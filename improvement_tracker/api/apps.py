from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "improvement_tracker.api"
    label = "api"

    def ready(self) -> None:
        # Imports sent to the API and never confirmed go with the browser's abandoned
        # uploads (manage.py clear_abandoned_uploads), which the documents app runs.
        from improvement_tracker.api.import_services import api_imports_clear
        from improvement_tracker.documents import services as documents_services

        if api_imports_clear not in documents_services.ABANDONED_ELSEWHERE:
            documents_services.ABANDONED_ELSEWHERE.append(api_imports_clear)
