"""Deploy checks (`manage.py check --deploy`) for settings the project depends on.

Email: with DEBUG off, a development backend (console, file, memory, dummy) would write
password-reset links and assignment notes into the server log or drop them, so the deploy check
fails until a real backend is configured (SMTP, or a provider through django-anymail; see
docs/DEPLOY.md).
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

DEVELOPMENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
PLACEHOLDER_FROM_DOMAINS = (".local>", ".local", ".example>", ".invalid>", ".localhost>")


@register(Tags.security, deploy=True)
def check_email_configuration(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    problems = []
    if settings.EMAIL_BACKEND in DEVELOPMENT_EMAIL_BACKENDS:
        problems.append(
            Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND!r} with DEBUG off: password-reset links "
                "and assignment notes would be written to the log (or lost) instead of sent.",
                hint="Set EMAIL_BACKEND to django.core.mail.backends.smtp.EmailBackend (with EMAIL_HOST "
                "etc.) or an anymail backend; see docs/DEPLOY.md, 'Email'.",
                id="bonehealth.E001",
            )
        )
    if settings.DEFAULT_FROM_EMAIL.rstrip().endswith(PLACEHOLDER_FROM_DOMAINS):
        problems.append(
            Warning(
                f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}, a placeholder address that "
                "receiving mail servers reject.",
                hint="Set DEFAULT_FROM_EMAIL to an address at your own domain.",
                id="bonehealth.W001",
            )
        )
    return problems
