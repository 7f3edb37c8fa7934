from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "improvement_tracker.accounts"
    label = "accounts"
