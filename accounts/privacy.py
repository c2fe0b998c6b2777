"""The personal-data registry: every model row about a user, and how to export and erase it.

Each model with a foreign key (or one-to-one) to the user is registered here, once per such field,
with `register()`. The data-export page (accounts.views.data_export) writes every registered
section; deleting an account (`erase_user`) deletes or anonymises every registered row, then the
user. tests/security/test_privacy_registry.py walks every model and fails for a user link that is
neither registered nor listed in NOT_PERSONAL_DATA with a reason, so a new model cannot be
forgotten.

An app may keep its registrations in its own `<app>/privacy.py` (found by `autodiscover()`, as
the admin finds admin.py); the ones below cover the models that existed when this was written.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from urllib.parse import quote, quote_plus

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

DELETE = "delete"
ANONYMISE = "anonymise"

EXPORT_FORMAT_VERSION = 1

# User links that are deliberately not personal data of the linked user, with the reason.
NOT_PERSONAL_DATA = {
    ("admin.LogEntry", "user"): (
        "the admin's own record of a staff member's edits; patients never use the admin, and "
        "Django deletes a user's entries with the user (CASCADE)"
    ),
}
# django-simple-history's `history_user` on every Historical<Model>: the editor who changed a
# piece of content. Patients never edit content, and the link is SET_NULL when a user goes.
# (A user field *copied* into a history table, e.g. a Historical<Model>.patient, is personal data
# and must be registered like any other.)
HISTORY_USER_FIELD = "history_user"


@dataclass(frozen=True)
class PersonalData:
    model_label: str
    user_field: str
    section: str
    exporter: Callable[[models.QuerySet], list[dict]]
    erase: str

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def rows_for(self, user):
        return self.model._default_manager.filter(**{self.user_field: user})


_registry: dict[tuple[str, str], PersonalData] = {}
_discovered = False


def register(
    model_label: str,
    user_field: str,
    *,
    section: str,
    fields: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    exporter: Callable[[models.QuerySet], list[dict]] | None = None,
    erase: str = DELETE,
):
    """Declare that rows of `model_label` whose `user_field` is a user are that user's data.

    section: the key of these rows in the export (one per registration).
    fields / exclude: the columns exported (default: every concrete column but `user_field`);
    lookups such as "therapist__full_name" are allowed. Or pass an `exporter(queryset)`.
    erase: DELETE the rows when the account is deleted, or ANONYMISE (set `user_field` to
    NULL, for records that must outlive the account, e.g. an access log).
    """
    key = (model_label, user_field)
    if key in _registry:
        raise ImproperlyConfigured(f"{model_label}.{user_field} is registered twice as personal data.")
    if section in {entry.section for entry in _registry.values()}:
        raise ImproperlyConfigured(f"Personal-data section {section!r} is used twice.")
    if erase not in (DELETE, ANONYMISE):
        raise ImproperlyConfigured(f"erase must be DELETE or ANONYMISE, not {erase!r}.")
    if exporter is None:
        exporter = values_exporter(user_field, fields=fields, exclude=exclude)
    _registry[key] = PersonalData(model_label, user_field, section, exporter, erase)


def values_exporter(user_field, *, fields=None, exclude=()):
    """An exporter writing the chosen columns of each row as plain values (the id first)."""

    def export(queryset):
        names = list(fields) if fields is not None else _default_fields(queryset.model, user_field, exclude)
        if "id" not in names:
            names.insert(0, "id")
        return list(queryset.order_by("pk").values(*names))

    return export


def _default_fields(model, user_field, exclude):
    skip = {user_field, *exclude}
    return [field.attname for field in model._meta.concrete_fields if field.name not in skip]


def entries() -> list[PersonalData]:
    """Every registration, after importing each app's privacy module."""
    global _discovered
    if not _discovered:
        autodiscover_modules("privacy")
        _discovered = True
    return list(_registry.values())


def user_links():
    """(model label, field name) for every concrete FK or one-to-one to the user model."""
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                yield model._meta.label, field.name


def unregistered_user_links():
    """User links that are neither registered nor deliberately left out: each is a bug."""
    registered = {(entry.model_label, entry.user_field) for entry in entries()}
    return [
        link
        for link in user_links()
        if link not in registered and link not in NOT_PERSONAL_DATA and link[1] != HISTORY_USER_FIELD
    ]


def export_user_data(user) -> dict:
    """Everything stored about `user`, as JSON-ready data (dates still as date objects: dump
    with DjangoJSONEncoder)."""
    data = {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now(),
        "profile": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "role": user.role,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
    }
    for entry in sorted(entries(), key=lambda e: e.section):
        data[entry.section] = entry.exporter(entry.rows_for(user))
    return data


def erase_user(user):
    """Delete or anonymise every registered row about `user`, then the user (one transaction).
    Ending the user's sessions is the caller's job (accounts.security.end_user_sessions)."""
    from accounts.security import reset_login_failures

    with transaction.atomic():
        for entry in entries():
            rows = entry.rows_for(user)
            if entry.erase == ANONYMISE:
                rows.update(**{entry.user_field: None})
            else:
                rows.delete()
        reset_login_failures(user.email)
        _anonymise_admin_log(user)
        _anonymise_access_log_paths(user)
        user_id = user.pk
        user.delete()
        forget_cached_fragments(user_id)
        transaction.on_commit(partial(forget_cached_fragments, user_id))


ERASED = "[erased]"


def _identifying_texts(user):
    """The person's name and email address as they can appear in stored text: as typed, and
    URL-encoded in a query string (?q=patient3%40example.com)."""
    texts = {user.email, quote_plus(user.email), quote(user.email, safe="")}
    if len(user.full_name.strip()) >= 3:  # a one- or two-letter name would match everything
        texts |= {user.full_name, quote_plus(user.full_name), quote(user.full_name, safe="")}
    return sorted(texts, key=len, reverse=True)


def _anonymise_admin_log(user):
    """django_admin_log rows a therapist or editor wrote about the person (their user or client
    row, or an object whose name carries theirs, e.g. "Lesson 2 for Ada <ada@x.org>"): the row
    stays for the audit trail, with the name and address replaced (issue #15 item 8)."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    texts = _identifying_texts(user)
    user_types = ContentType.objects.get_for_models(get_user_model(), for_concrete_models=False).values()
    about_user = models.Q(content_type__in=list(user_types), object_id=str(user.pk))
    mentions = models.Q()
    for text in texts:
        mentions |= models.Q(object_repr__contains=text) | models.Q(change_message__contains=text)
    for entry in LogEntry.objects.filter(about_user | mentions).exclude(user=user):
        entry.object_repr = _scrub(entry.object_repr, texts)
        entry.change_message = _scrub(entry.change_message, texts)
        if entry.content_type_id in {ct.pk for ct in user_types} and entry.object_id == str(user.pk):
            entry.object_repr = ERASED
        entry.save(update_fields=["object_repr", "change_message"])


def _anonymise_access_log_paths(user):
    """Access-log rows whose request path carries the person's name or address (an admin
    search, ?q=patient3%40example.com) keep the path without its query string."""
    from accounts.models import AccessLog

    mentions = models.Q()
    for text in _identifying_texts(user):
        mentions |= models.Q(path__contains=text)
    for row in AccessLog.objects.filter(mentions):
        row.path = _scrub(row.path.split("?", 1)[0], _identifying_texts(user))
        row.save(update_fields=["path"])


def _scrub(text, texts):
    for found in texts:
        text = text.replace(found, ERASED)
    return text


def forget_cached_fragments(user_id):
    """Delete the person's cached fragments (they hold health data) from the shared cache: every
    per-patient fragment (bonehealth.fragments.forget_patient) and their reader version, the one
    education key that names them (education.page_cache)."""
    from django.core.cache import cache

    from bonehealth.fragments import forget_patient
    from education import page_cache

    forget_patient(user_id)
    cache.delete(page_cache.reader_key(user_id))


# --- exporters needing more than one table ---------------------------------------------------------


def quiz_attempts_exporter(queryset):
    """Each quiz attempt with its answers nested (two queries)."""
    attempts = values_exporter("user")(queryset)
    answer_model = queryset.model._meta.get_field("answers").related_model
    answers = defaultdict(list)
    answer_fields = _default_fields(answer_model, "attempt", ())
    rows = answer_model._default_manager.filter(attempt__in=queryset).order_by("attempt", "position")
    for answer in rows.values("attempt_id", *answer_fields):
        answers[answer.pop("attempt_id")].append(answer)
    for attempt in attempts:
        attempt["answers"] = answers[attempt["id"]]
    return attempts


# --- registrations ---------------------------------------------------------------------------------

# Accounts: care, consent, the record of who looked at a client's data.
register(
    "accounts.CareRelationship",
    "client",
    section="care_relationships",
    fields=["id", "therapist__full_name", "started", "ended", "created"],
)
register(
    "accounts.CareRelationship",
    "therapist",
    section="care_relationships_as_therapist",
    fields=["id", "client_id", "started", "ended", "created"],
)
register(
    "accounts.SharingConsent",
    "patient",
    section="sharing_consents",
    fields=["id", "therapist__full_name", "wording_version", "granted_at", "revoked_at"],
)
register(
    "accounts.SharingConsent",
    "therapist",
    section="sharing_consents_received",
    fields=["id", "patient_id", "wording_version", "granted_at", "revoked_at"],
)
# The access log outlives an account (the admin engineer's design): the link is cut, not the row.
register(
    "accounts.AccessLog",
    "client",
    section="access_to_my_data",
    fields=["id", "therapist__full_name", "action", "at"],
    erase=ANONYMISE,
)
register(
    "accounts.AccessLog",
    "therapist",
    section="access_log_as_therapist",
    fields=["id", "client_id", "action", "at"],
    erase=ANONYMISE,
)

# Two-step verification: the device's name and dates, never its secret key.
register(
    "otp_totp.TOTPDevice",
    "user",
    section="two_step_devices",
    fields=["id", "name", "confirmed", "created_at", "last_used_at"],
)
# Backup codes: when made and used, never the (hashed) codes.
register(
    "accounts.BackupCode", "user", section="two_step_backup_codes", fields=["id", "created_at", "used_at"]
)

# Education: progress, assignments, quiz attempts with their answers.
register("education.LessonProgress", "user", section="lesson_progress")
register("education.Assignment", "client", section="assignments", exclude=["therapist"], fields=None)
register("education.Assignment", "therapist", section="assignments_given", exclude=["note"])
register("education.QuizAttempt", "user", section="quiz_attempts", exporter=quiz_attempts_exporter)

# Tracker: daily check-ins and goals.
register("tracker.Entry", "patient", section="tracker_entries")
register("tracker.Goal", "patient", section="goals", exclude=["set_by"])
register(
    "tracker.Goal",
    "set_by",
    section="goals_set",
    fields=["id", "patient_id", "factor", "updated"],
    erase=ANONYMISE,
)
