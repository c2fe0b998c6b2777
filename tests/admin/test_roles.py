from django.contrib.auth.models import Group

from accounts.roles import EDITORS, THERAPISTS, setup_roles
from tests.factories import EditorFactory, PatientFactory, TherapistFactory, UserFactory


def test_groups_exist_after_migrate_with_their_permissions(db):
    therapists = Group.objects.get(name=THERAPISTS)
    editors = Group.objects.get(name=EDITORS)
    therapist_perms = set(therapists.permissions.values_list("codename", flat=True))
    editor_perms = set(editors.permissions.values_list("codename", flat=True))
    assert {"view_client", "add_assignment", "view_lessonprogress", "view_quizattempt"} <= therapist_perms
    assert {"add_goal", "change_goal", "view_goal", "view_entry"} <= therapist_perms
    assert "change_lesson" not in therapist_perms
    assert {"change_lesson", "change_section", "change_question", "change_glossaryterm"} <= editor_perms
    assert "view_client" not in editor_perms


def test_role_decides_group_and_follows_a_role_change(db):
    therapist = TherapistFactory()
    editor = EditorFactory()
    patient = PatientFactory()
    assert list(therapist.groups.values_list("name", flat=True)) == [THERAPISTS]
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]
    assert not patient.groups.exists()

    therapist.role = "editor"
    therapist.save()
    assert list(therapist.groups.values_list("name", flat=True)) == [EDITORS]


def test_editors_edit_content_therapists_cannot(db):
    therapist = TherapistFactory()
    editor = EditorFactory()
    for model in [
        "series",
        "lesson",
        "section",
        "faq",
        "reference",
        "glossaryterm",
        "quiz",
        "question",
        "choice",
    ]:
        assert editor.has_perm(f"education.change_{model}")
        assert not therapist.has_perm(f"education.change_{model}")
    assert therapist.has_perm("education.add_assignment")
    assert not editor.has_perm("education.add_assignment")


def test_setup_roles_is_idempotent(db):
    setup_roles()
    setup_roles()
    assert Group.objects.filter(name__in=[THERAPISTS, EDITORS]).count() == 2


def test_changing_a_role_in_the_user_admin_moves_the_group(client, db):
    from django.urls import reverse

    from tests.conftest import otp_login

    root = UserFactory(email="root@example.com", is_superuser=True)
    otp_login(client, root)
    user = TherapistFactory(email="t@example.com", full_name="T")
    therapists = Group.objects.get(name=THERAPISTS)
    response = client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "email": user.email,
            "full_name": "T",
            "role": "editor",
            "is_active": "on",
            "groups": [therapists.pk],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-11-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(user.groups.values_list("name", flat=True)) == [EDITORS]
