from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and care relationships"

    def ready(self):
        from accounts import checks, roles, signals  # noqa: F401
