from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import alerts, labels, notifications, schema  # noqa: F401  (schema registers the OpenAPI auth extension)

        notifications.register()
        alerts.register()
        labels.register()
