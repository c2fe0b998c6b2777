from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "education"

    def ready(self):
        from education import signals  # noqa: F401  (connects the receivers)
