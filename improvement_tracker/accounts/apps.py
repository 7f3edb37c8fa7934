from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "improvement_tracker.accounts"
    label = "accounts"

    def ready(self) -> None:
        # django-otp's admin shows each device's secret key, a QR code of it and the backup
        # codes, and edits devices without an audit row. Nobody should read another
        # person's second factor; superusers reset it with the user admin's audited action.
        # (The admin app's ready(), earlier in INSTALLED_APPS, has registered them by now.)
        from django.contrib import admin
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
