from django.apps import AppConfig


class SummaryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "summary"
    verbose_name = "My summary and bone plan"
