"""Admin permissions by role: the "Therapists", "Editors" and "Clinical reviewers" groups and
their model permissions.

`setup_roles()` runs after every migrate (post_migrate, once all apps' permissions exist) and
may be called again at any time: it is idempotent and makes each group hold exactly the
permissions listed here. A user's group follows their role (post_save below), so changing a
role in the admin changes what they may do at once.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from accounts.models import Role, User

THERAPISTS = "Therapists"
EDITORS = "Editors"
REVIEWERS = "Clinical reviewers"

CONTENT_MODELS = [
    "series",
    "lesson",
    "section",
    "faq",
    "reference",
    "glossaryterm",
    "quiz",
    "question",
    "choice",
]

# (app_label, model, actions). Models that do not exist yet are skipped.
ROLE_PERMISSIONS = {
    THERAPISTS: [
        ("accounts", "client", ["view"]),
        ("accounts", "carerelationship", ["add", "change", "view"]),
        ("education", "assignment", ["add", "change", "delete", "view"]),
        ("education", "lessonprogress", ["view"]),
        ("education", "quizattempt", ["view"]),
        ("education", "quizanswer", ["view"]),
        # To pick a lesson or a series for an assignment (published lessons only).
        ("education", "series", ["view"]),
        ("education", "lesson", ["view"]),
        ("tracker", "goal", ["add", "change", "view"]),
        ("tracker", "entry", ["view"]),
    ],
    EDITORS: [("education", model, ["add", "change", "delete", "view"]) for model in CONTENT_MODELS],
    # Clinical reviewers read the content and approve or send back lessons (issue #19); they
    # change nothing themselves and see no client data (no accounts or tracker models at all).
    REVIEWERS: [
        *[("education", model, ["view"]) for model in CONTENT_MODELS],
        ("education", "lesson", ["review"]),
    ],
}

ROLE_GROUPS = {Role.THERAPIST: THERAPISTS, Role.EDITOR: EDITORS, Role.REVIEWER: REVIEWERS}


def setup_roles():
    """Create or update the role groups with exactly their listed permissions."""
    for name, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for app_label, model, actions in grants:
            wanted |= Q(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        group.permissions.set(Permission.objects.filter(wanted))
    # Everyone already in a role gets its group (e.g. users created before this ran).
    for role, name in ROLE_GROUPS.items():
        group = Group.objects.get(name=name)
        group.user_set.add(*User.objects.filter(role=role).exclude(groups=group))


def sync_role_group(user):
    """Put `user` in the group of their role and out of the other role groups."""
    role_groups = {group.name: group for group in Group.objects.filter(name__in=ROLE_GROUPS.values())}
    wanted = role_groups.get(ROLE_GROUPS.get(user.role))
    others = [group for name, group in role_groups.items() if group is not wanted]
    if others:
        user.groups.remove(*others)
    if wanted is not None:
        user.groups.add(wanted)


@receiver(post_save, sender=User, dispatch_uid="accounts_role_group_sync")
def role_group_on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "role" not in update_fields):
        return
    sync_role_group(instance)


ROLE_APPS = ("accounts", "education", "tracker")


@receiver(post_migrate, dispatch_uid="accounts_setup_roles")
def roles_after_migrate(sender, app_config=None, using="default", **kwargs):
    if app_config is None or app_config.label not in ROLE_APPS:
        return
    # post_migrate receivers run in the order they were connected, which need not put auth's
    # create_permissions first: create the permissions of the role apps here (idempotent).
    for label in ROLE_APPS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using)
    setup_roles()
