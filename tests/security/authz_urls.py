"""Every URL pattern of the project, enumerated from the resolver, and a concrete request for
each one, filled in with the records of tests.security.authz_world.

`url_patterns()` walks django.urls.get_resolver() recursively (the admin's patterns too) and
names each pattern by its URL name ("admin:tracker_goal_change"), or by its route when it has
none (or when an earlier pattern already has its name). `request_for(key, world)` is the
(method, path) the matrix sends for a pattern.
"""

from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.email_change import make_token as make_email_change_token
from care.invitations import invitation_token
from notifications.links import one_tap_token, unsubscribe_token

# The record the admin's per-object pages open, for every registered model (by admin URL
# prefix). Each belongs to patient A or is shared content.
ADMIN_OBJECTS = {
    "auth_group": "group",
    "otp_totp_totpdevice": "device",
    "axes_accessattempt": "axes_attempt",
    "axes_accesslog": "axes_log",
    "axes_accessfailurelog": "axes_failure",
    "accounts_user": "user:patient_a",
    "accounts_carerelationship": "care_link",
    "accounts_sharingconsent": "consent",
    "accounts_accesslog": "access_log",
    "education_series": "series",
    "education_lesson": "lesson",
    "education_section": "section",
    "education_faq": "faq",
    "education_reference": "reference",
    "education_glossaryterm": "glossary_term",
    "education_question": "question",
    "education_quiz": "quiz",
    "education_choice": "choice",
    "education_assignment": "assignment",
    "education_lessonprogress": "progress",
    "education_quizattempt": "attempt",
    "tracker_goal": "goal",
    "tracker_entry": "entry",
    "django_tasks_database_dbtaskresult": "task_result",
}

# Views that only answer POST: the matrix posts to them (an empty form), so the role checks
# behind the method check are what is tested.
POST_ONLY = {
    "accounts:sharing_grant",
    "accounts:sharing_revoke",
    "accounts:mfa_backup_codes",
    "accounts:logout",
    "admin:logout",
    "education:lesson_progress",
    "education:quiz_start",
    "education:attempt_submit",
    "admin:education_lesson_draft",
    "admin:education_lesson_restore",
    "notifications:notice_read",
    "notifications:notices_read_all",
    "admin:education_lesson_submit",
    "education:section_feedback",
    "admin:care_client_assign",
    "admin:care_client_goal",
    "admin:care_client_note_add",
    "admin:care_invitation_resend",
    "admin:care_invitation_withdraw",
    "admin:messaging_client_handled",  # issue #20
}


def url_patterns():
    """{key: route} for every URL pattern of the project, walked from the root resolver."""
    found = {}

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                key = route
                if pattern.name:
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                    # A later pattern of the same name (one a project view replaces, still
                    # reachable for what the first does not match) is known by its route.
                    key = route if name in found else name
                assert key not in found, f"two URL patterns are both {key}"
                found[key] = route

    walk(get_resolver(), "", None)
    return found


def world_object(world, name):
    if name.startswith("user:"):
        return world.users[name.removeprefix("user:")]
    return getattr(world, name)


def _admin_prefix_and_action(key):
    """'admin:tracker_goal_change' -> ('tracker_goal', 'change')."""
    name = key.removeprefix("admin:")
    for prefix in ADMIN_OBJECTS:
        if name.startswith(prefix + "_"):
            return prefix, name.removeprefix(prefix + "_")
    return None, None


def request_for(key, world):
    """(method, path) for one pattern; call it after logging the role in."""
    method = "POST" if key in POST_ONLY else "GET"
    a = world.users["patient_a"]
    slug = world.lesson.slug
    attempt = world.attempt
    fixed = {
        "accounts:sharing_revoke": lambda: reverse(key, args=[world.consent.pk]),
        # The token is made now (after the role logged in, which changes A's last_login when
        # A is the one logging in): a link as fresh as the one just emailed.
        "accounts:password_reset_confirm": lambda: reverse(
            key, args=[world.reset_uid, default_token_generator.make_token(a.__class__.objects.get(pk=a.pk))]
        ),
        # helper account (issue #16): a link to change A's email address, made now.
        "accounts:email_change_confirm": lambda: reverse(
            key, args=[make_email_change_token(a.__class__.objects.get(pk=a.pk), "a.new@example.com")]
        ),
        "summary:question_edit": lambda: reverse(key, args=[world.doctor_question.pk]),
        "summary:question_delete": lambda: reverse(key, args=[world.doctor_question.pk]),
        "education:lesson": lambda: reverse(key, args=[slug]),
        "education:lesson_progress": lambda: reverse(key, args=[slug]),
        "education:section_feedback": lambda: reverse(key, args=[slug]),
        "education:quiz": lambda: reverse(key, args=[slug]),
        "education:quiz_start": lambda: reverse(key, args=[slug]),
        "education:attempt": lambda: reverse(key, args=[slug, attempt.pk]),
        "education:attempt_question": lambda: reverse(key, args=[slug, attempt.pk, 1]),
        "education:attempt_submit": lambda: reverse(key, args=[slug, attempt.pk]),
        "education:attempt_result": lambda: reverse(key, args=[slug, attempt.pk]),
        "tracker:entry": lambda: reverse(key, args=[world.entry.pk]),
        # Links from A's reminder email (valid, unused: the matrix only GETs them).
        "notifications:one_tap": lambda: reverse(key, args=[one_tap_token(
            patient_id=a.pk, day=timezone.localdate(), question="sleep", answer="7", nonce="matrix"
        )]),
        "notifications:unsubscribe": lambda: reverse(key, args=[unsubscribe_token(a)]),
        "notifications:notice_read": lambda: reverse(key, args=[world.notice.pk]),
        "tracker:entry_delete": lambda: reverse(key, args=[world.entry.pk]),
        # The one autocomplete in the admin: the lesson of an assignment (published lessons).
        "admin:autocomplete": lambda: reverse(key)
        + "?app_label=education&model_name=assignment&field_name=lesson&term=matrix",
        "admin:app_list": lambda: reverse(key, kwargs={"app_label": "tracker"}),
        "admin:view_on_site": lambda: reverse(
            key, args=[ContentType.objects.get_for_model(world.entry).pk, world.entry.pk]
        ),
        "admin:auth_user_password_change": lambda: reverse(key, args=[a.pk]),
        "admin:otp_totp_totpdevice_config": lambda: reverse(key, args=[world.device.pk]),
        "admin:otp_totp_totpdevice_qrcode": lambda: reverse(key, args=[world.device.pk]),
        "admin:education_lesson_restore": lambda: reverse(
            key, args=[world.lesson.pk, world.lesson.history.earliest().history_id]
        ),
        "admin/(?P<url>.*)$": lambda: "/admin/no-such-page/",
        # The therapist workspace (care): patient A, A's therapist's note and invitations.
        **{
            f"admin:care_{name}": (lambda: reverse(key, args=[a.pk]))
            for name in ("client", "client_summary", "client_assign", "client_goal", "client_note_add")
        },
        "admin:care_note_edit": lambda: reverse(key, args=[world.session_note.pk]),
        "admin:care_invitation_resend": lambda: reverse(key, args=[world.managed_invitation.pk]),
        "admin:care_invitation_withdraw": lambda: reverse(key, args=[world.managed_invitation.pk]),
        "care:invitation": lambda: reverse(key, args=[invitation_token(world.invitation)]),
        # Secure messages (issue #20): A's conversation; the therapist's pages take A's id.
        "messaging:ask": lambda: reverse(key) + f"?section={world.section.pk}",
        "messaging:conversation": lambda: reverse(key, args=[world.conversation.pk]),
        "admin:messaging_client_conversation": lambda: reverse(key, args=[a.pk]),
        "admin:messaging_client_handled": lambda: reverse(key, args=[a.pk]),
        # Django's own "view on site", behind the project's (accounts.admin_site) for numeric
        # content type ids: only something else reaches it.
        "admin/r/<path:content_type_id>/<path:object_id>/": lambda: f"/admin/r/entry/{world.entry.pk}/",
    }
    if key in fixed:
        return method, fixed[key]()
    if key.endswith("_simple_history"):
        prefix = key.removeprefix("admin:").removesuffix("_simple_history")
        obj = world_object(world, ADMIN_OBJECTS[prefix])
        return method, reverse(key, args=[obj.pk, obj.history.earliest().history_id])
    if key.startswith("admin/") and key.endswith("/<path:object_id>/"):
        # The admin's old change URL (without "change/"), which redirects to the new one.
        app_model = key.removeprefix("admin/").removesuffix("/<path:object_id>/").replace("/", "_")
        obj = world_object(world, ADMIN_OBJECTS[app_model])
        return method, reverse(f"admin:{app_model}_change", args=[obj.pk]).removesuffix("change/")
    if key.startswith("admin:"):
        prefix, action = _admin_prefix_and_action(key)
        if prefix is not None and action in {
            "change", "delete", "history", "preview", "draft", "publish", "submit", "review", "feedback"
        }:
            obj = world_object(world, ADMIN_OBJECTS[prefix])
            return method, reverse(key, args=[obj.pk])
    return method, reverse(key)


def registered_admin_prefixes():
    return {f"{model._meta.app_label}_{model._meta.model_name}" for model in admin.site._registry}
