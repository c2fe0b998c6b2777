"""The authorization matrix: every URL of the project, the admin included, visited as each of
anonymous, patient A, patient B, A's therapist (active care link and A's consent), another
therapist (looking after B), an editor and a superuser, with the answer each must get.

Object URLs are filled in with patient A's records (tests.security.authz_world), so patient B
and the other therapist must get a 404 for them, exactly as for an id that does not exist.
Staff are logged in with a verified two-step session (tests.conftest.otp_login).

Adding a URL pattern without a row in MATRIX fails test_every_url_pattern_is_in_the_matrix:
add the row with the answer each role should get. POST-only views are posted to (an empty
form), so the role checks behind the method check are what is tested.

The second half checks that a POST naming an owner field (patient, therapist, user, client)
cannot move a record to another person.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import SHARING_WORDING_VERSION, Role, SharingConsent
from accounts.roles import CONTENT_MODELS
from education.models import Assignment, QuizAnswer, QuizAttempt
from tests.factories import CareRelationshipFactory, TherapistFactory
from tests.security.authz_urls import POST_ONLY, request_for, url_patterns
from tests.security.authz_world import (
    ANON,
    EDITOR,
    PATIENT_A,
    PATIENT_B,
    REVIEWER,
    ROLES,
    THERAPIST_A,
    THERAPIST_OTHER,
    site_client_fixture,
    visitor_fixture,
    world_fixture,
)
from tracker.factors import Factor
from tracker.models import Entry, Goal


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location path is `to` ("*/x/" means ends with /x/, "/x/*" starts with /x/)."""

    to: str

    def matches(self, response):
        if response.status_code != 302:
            return False
        path = urlsplit(response["Location"]).path
        if self.to.startswith("*"):
            return path.endswith(self.to[1:])
        if self.to.endswith("*"):
            return path.startswith(self.to[:-1])
        return path == self.to

    def __repr__(self):
        return f"302 to {self.to}"


LOGIN = Redirect("/accounts/login/")
ADMIN_LOGIN = Redirect("/admin/login/")
ADMIN = Redirect("/admin/")  # a staff member on a patient page: their work is in the admin
HOME = Redirect("/")
DASHBOARD = Redirect("/accounts/dashboard/")
PROFILE = Redirect("/accounts/profile/")
SHARING = Redirect("/accounts/sharing/")
MFA_SETUP = Redirect("/accounts/two-step/")
RESULT = Redirect("*/result/")
SET_PASSWORD = Redirect("*/set-password/")
CHANGE_PAGE = Redirect("*/change/")
ENTRY_PAGE = Redirect("/tracker/entries/*")
NOTICES = Redirect("/notifications/notices/")

ALL_200 = (200,) * 7


def patient_page(a, b):
    """A patient page: anonymous to the login, staff to the admin; A's and B's answers."""
    return (LOGIN, a, b, ADMIN, ADMIN, ADMIN, ADMIN)


def staff(therapist_of_a, other_therapist, editor, superuser):
    """An admin page: anonymous visitors and patients are sent to the admin's login page."""
    return (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, therapist_of_a, other_therapist, editor, superuser)


SUPERUSER_ONLY = (403, 403, 403, 200)
NOBODY = (403, 403, 403, 403)
EDITORS = (403, 403, 200, 200)
# A therapist's record of a client (A): A's therapist may, the other therapist gets a 404 (A is
# not their client), the editor has no client at all (404 from the same scoping).
CLIENT_RECORD = (200, 404, 404, 200)
THERAPISTS_LIST = (200, 200, 403, 200)
# The therapist workspace: therapists only (editors and superusers have no caseload).
THERAPISTS_ONLY = (200, 200, 403, 403)
THERAPIST_OF_A = (200, 404, 403, 403)
# Lesson content: editors and superusers on every page.
EDITOR_CONTENT = dict.fromkeys(["changelist", "add", "history", "delete", "change"], EDITORS)


def model_rows(prefix, *, changelist, add, history, delete, change, **extra):
    """The admin's pages of one model, by the answers of (therapist of A, other therapist,
    editor, superuser). The old-style change URL (without "change/") redirects to the new one
    for every staff member, before any permission check."""
    app, model = prefix.rsplit("_", 1)
    rows = {
        f"admin:{prefix}_changelist": staff(*changelist),
        f"admin:{prefix}_add": staff(*add),
        f"admin:{prefix}_history": staff(*history),
        f"admin:{prefix}_delete": staff(*delete),
        f"admin:{prefix}_change": staff(*change),
        f"admin/{app}/{model}/<path:object_id>/": staff(*(CHANGE_PAGE,) * 4),
    }
    rows.update({f"admin:{prefix}_{name}": staff(*answers) for name, answers in extra.items()})
    return rows


# (anonymous, patient A, patient B, therapist of A, other therapist, editor, superuser)
MATRIX = {
    # --- public pages ------------------------------------------------------------------------
    "home": ALL_200,
    "healthz": ALL_200,
    "readyz": ALL_200,  # readiness: the database answers (issue #15, faults)
    "education:series": ALL_200,
    "education:lesson": ALL_200,
    # --- accounts ----------------------------------------------------------------------------
    "accounts:signup": (200, *(DASHBOARD,) * 6),
    "accounts:login": (200, *(DASHBOARD,) * 6),
    "accounts:logout": (HOME,) * 7,
    "accounts:dashboard": patient_page(200, 200),
    "accounts:profile": (LOGIN, *(200,) * 6),
    "accounts:sharing": patient_page(200, 200),
    "accounts:sharing_grant": patient_page(422, 422),  # an empty form: errors
    "accounts:sharing_revoke": patient_page(SHARING, 404),  # A's consent (POST; GET asks to confirm)
    # Staff sessions here are already verified: they are sent on to the admin.
    "accounts:mfa_setup": patient_page(200, 200),
    "accounts:mfa_verify": (LOGIN, MFA_SETUP, MFA_SETUP, ADMIN, ADMIN, ADMIN, ADMIN),
    "accounts:mfa_backup_verify": (LOGIN, MFA_SETUP, MFA_SETUP, ADMIN, ADMIN, ADMIN, ADMIN),
    # POST: patients in the matrix have no device (told to turn it on); staff get a new set.
    "accounts:mfa_backup_codes": (LOGIN, PROFILE, PROFILE, 200, 200, 200, 200),
    # Patients without a device have nothing to turn off; staff may never turn it off.
    "accounts:mfa_disable": (LOGIN, *(PROFILE,) * 6),
    "accounts:data_export": patient_page(200, 200),
    "accounts:delete_account": patient_page(200, 200),
    "accounts:password_change": (LOGIN, *(200,) * 6),
    "accounts:password_change_done": (LOGIN, *(200,) * 6),
    "accounts:password_reset": ALL_200,
    "accounts:password_reset_done": ALL_200,
    "accounts:password_reset_confirm": (SET_PASSWORD,) * 7,  # a valid link for A
    "accounts:password_reset_complete": ALL_200,
    # --- helper account (issue #16): email change, information pages ---------------------------
    "accounts:email_change": (LOGIN, *(200,) * 6),
    # A's own link (made for A): anyone else logged in gets a 404, as for a missing page.
    "accounts:email_change_confirm": (LOGIN, 200, *(404,) * 5),
    "privacy": ALL_200,
    "accessibility": ALL_200,
    "contact": ALL_200,
    "summary:summary": patient_page(200, 200),
    "summary:question_add": patient_page(200, 200),
    "summary:question_edit": patient_page(200, 404),  # A's question
    "summary:question_delete": patient_page(200, 404),
    "summary:bone_plan": patient_page(200, 200),
    # --- lessons and quizzes -----------------------------------------------------------------
    "education:lesson_progress": patient_page(422, 422),  # no section named: an error
    # Readers' feedback (issue #19): anyone reading the lesson; an empty form is an error.
    "education:section_feedback": (422,) * 7,
    "education:quiz": patient_page(200, 200),
    "education:quiz_start": patient_page(422, 422),  # no focus chosen: an error
    "education:attempt": patient_page(RESULT, 404),  # A's submitted attempt
    "education:attempt_question": patient_page(200, 404),
    "education:attempt_submit": patient_page(RESULT, 404),
    "education:attempt_result": patient_page(200, 404),
    # --- tracker -----------------------------------------------------------------------------
    "tracker:home": patient_page(200, 200),
    "tracker:checkin": patient_page(200, 200),
    "tracker:history": patient_page(200, 200),
    "tracker:entry": patient_page(200, 404),  # A's check-in
    "tracker:entry_delete": patient_page(200, 404),
    "tracker:export_csv": patient_page(200, 200),
    "tracker:export_json": patient_page(200, 200),
    # --- reminders and notices (issue #17) ------------------------------------------------------
    "notifications:settings": (LOGIN, *(200,) * 6),  # patients' reminders; staff their digest
    "notifications:notices": (LOGIN, *(200,) * 6),  # everyone's own notices
    # Links from A's email work without logging in, for whoever holds them (GET saves nothing).
    "notifications:one_tap": ALL_200,
    "notifications:unsubscribe": ALL_200,
    "notifications:notice_read": (LOGIN, DASHBOARD, 404, 404, 404, 404, 404),  # A's notice
    "notifications:notices_read_all": (LOGIN, DASHBOARD, DASHBOARD, *(NOTICES,) * 4),
    # --- admin site ----------------------------------------------------------------------------
    "admin:index": staff(200, 200, 200, 200),
    "admin:login": (200, 200, 200, ADMIN, ADMIN, ADMIN, ADMIN),
    "admin:logout": (ADMIN, ADMIN, ADMIN, HOME, HOME, HOME, HOME),
    "admin:password_change": staff(200, 200, 200, 200),
    "admin:password_change_done": staff(200, 200, 200, 200),
    "admin:jsi18n": staff(200, 200, 200, 200),
    # Lessons for an assignment: whoever may view lessons (published ones only, see below).
    "admin:autocomplete": staff(200, 200, 200, 200),
    # Scoped like the record's own admin (accounts.admin_site): a check-in of patient A is
    # reachable by A's therapist and the superuser only.
    # A client's records offer no "view on site" (a patient page): 404 for everyone.
    "admin:view_on_site": staff(404, 404, 404, 404),
    "admin:app_list": staff(200, 200, 404, 200),  # the tracker app: nothing in it for editors
    "admin/(?P<url>.*)$": staff(404, 404, 404, 404),
    # --- admin: accounts, two-step devices, login attempts -------------------------------------
    **model_rows(
        "auth_group",
        changelist=SUPERUSER_ONLY, add=SUPERUSER_ONLY, history=SUPERUSER_ONLY, delete=SUPERUSER_ONLY,
        change=SUPERUSER_ONLY,
    ),
    **model_rows(
        "otp_totp_totpdevice",
        changelist=SUPERUSER_ONLY, add=SUPERUSER_ONLY, history=SUPERUSER_ONLY, delete=SUPERUSER_ONLY,
        change=SUPERUSER_ONLY,
        # Only for a device not confirmed yet; the therapist's device is confirmed.
        config=NOBODY, qrcode=NOBODY,
    ),
    **{
        row: answers
        for model in ("accessattempt", "accesslog", "accessfailurelog")
        for row, answers in model_rows(
            f"axes_{model}",
            changelist=SUPERUSER_ONLY, add=NOBODY, history=SUPERUSER_ONLY, delete=SUPERUSER_ONLY,
            change=SUPERUSER_ONLY,
        ).items()
    },
    **model_rows(
        "accounts_user",
        changelist=SUPERUSER_ONLY, add=SUPERUSER_ONLY, delete=SUPERUSER_ONLY, change=SUPERUSER_ONLY,
        # Django's history view looks the object up before checking the permission: outside
        # one's scope it is "no such user" (a redirect to the index), inside it a 403.
        history=(403, ADMIN, ADMIN, 200),
    ),
    "admin:auth_user_password_change": staff(*SUPERUSER_ONLY),
    **model_rows(
        "accounts_carerelationship",
        # Therapists invite (care) rather than link by typing an address.
        changelist=THERAPISTS_LIST, add=SUPERUSER_ONLY, history=CLIENT_RECORD, change=CLIENT_RECORD,
        delete=(403, 404, 404, 200),  # therapists end a link, they do not delete it
    ),
    **model_rows(
        "accounts_sharingconsent",
        changelist=SUPERUSER_ONLY, add=NOBODY, history=SUPERUSER_ONLY, delete=NOBODY, change=SUPERUSER_ONLY,
    ),
    **model_rows(
        "accounts_accesslog",
        changelist=SUPERUSER_ONLY, add=NOBODY, history=SUPERUSER_ONLY, delete=NOBODY, change=SUPERUSER_ONLY,
    ),
    # The task queue (issue #17): superusers read it; nobody adds, edits or deletes a task.
    **model_rows(
        "django_tasks_database_dbtaskresult",
        changelist=SUPERUSER_ONLY, add=NOBODY, history=SUPERUSER_ONLY, delete=NOBODY, change=SUPERUSER_ONLY,
    ),
    # --- admin: the therapist workspace (care; therapists only, their own clients) ----------------
    "admin:care_home": staff(*THERAPISTS_ONLY),
    "admin:care_clients": staff(*THERAPISTS_ONLY),
    "admin:care_client": staff(*THERAPIST_OF_A),
    "admin:care_client_summary": staff(*THERAPIST_OF_A),
    # POSTs of an empty form: the form's errors on the client page.
    "admin:care_client_assign": staff(422, 404, 403, 403),
    "admin:care_client_goal": staff(422, 404, 403, 403),
    "admin:care_client_note_add": staff(422, 404, 403, 403),
    "admin:care_note_edit": staff(*THERAPIST_OF_A),  # A's therapist's own note
    "admin:care_invitations": staff(*THERAPISTS_ONLY),
    "admin:care_invitation_resend": staff(Redirect("/admin/care/invitations/"), 404, 403, 403),
    "admin:care_invitation_withdraw": staff(Redirect("/admin/care/invitations/"), 404, 403, 403),
    "admin:care_settings": staff(*THERAPISTS_ONLY),
    # The invited patient's link: the same page for everyone (what it offers differs).
    "care:invitation": ALL_200,
    # --- secure messages (issue #20): each patient is sent to their one conversation ----------
    "messaging:inbox": patient_page(Redirect("/messages/*"), Redirect("/messages/*")),
    "messaging:conversation": patient_page(200, 404),
    "messaging:ask": patient_page(200, 200),  # a published lesson's section: anyone may ask
    "admin:messaging_client_conversation": staff(*THERAPIST_OF_A),
    "admin:messaging_client_handled": staff(Redirect("/admin/care/clients/*"), 404, 403, 403),
    # --- admin: lesson content (editors; therapists may view series and published lessons) -----
    **model_rows(
        "education_series",
        changelist=(200, 200, 200, 200), add=EDITORS, history=(200, 200, 200, 200), delete=EDITORS,
        change=(200, 200, 200, 200),
    ),
    **model_rows(
        "education_lesson",
        changelist=(200, 200, 200, 200), add=EDITORS, history=(200, 200, 200, 200),
        delete=NOBODY,  # a live lesson: deleting it would take patients' progress with it
        change=(200, 200, 200, 200),
        preview=(200, 200, 200, 200),
        draft=(403, 403, CHANGE_PAGE, CHANGE_PAGE),  # the new draft's change page
        publish=EDITORS,
        restore=(403, 403, CHANGE_PAGE, CHANGE_PAGE),
        simple_history=(404, 404, 404, 404),  # restored from the history list instead
        # Clinical review (issue #19): sending a live lesson for review is refused with a
        # message on its change page; the review and feedback pages are for content staff.
        submit=(403, 403, CHANGE_PAGE, CHANGE_PAGE),
        review=EDITORS,
        feedback=EDITORS,
    ),
    **model_rows(
        "education_section",
        changelist=EDITORS, add=EDITORS, history=EDITORS, change=EDITORS, simple_history=EDITORS,
        delete=NOBODY,  # a live lesson's section changes through a draft of the lesson
    ),
    **model_rows("education_faq", **EDITOR_CONTENT),
    **model_rows("education_reference", **EDITOR_CONTENT),
    **{
        row: answers
        for model in ("glossaryterm", "question", "quiz", "choice")
        for row, answers in model_rows(f"education_{model}", **EDITOR_CONTENT, simple_history=EDITORS).items()
    },
    # --- admin: clients' records (therapists, scoped to their own clients) ----------------------
    **model_rows(
        "education_assignment",
        changelist=THERAPISTS_LIST, add=THERAPISTS_LIST, history=CLIENT_RECORD, delete=CLIENT_RECORD,
        change=CLIENT_RECORD,
    ),
    **{
        row: answers
        for prefix in ("education_lessonprogress", "education_quizattempt", "tracker_entry")
        for row, answers in model_rows(
            prefix,
            changelist=THERAPISTS_LIST, add=NOBODY, history=CLIENT_RECORD, change=CLIENT_RECORD,
            delete=(403, 404, 404, 403),  # read-only records
        ).items()
    },
    **model_rows(
        "tracker_goal",
        changelist=THERAPISTS_LIST, add=THERAPISTS_LIST, history=CLIENT_RECORD, change=CLIENT_RECORD,
        delete=(403, 404, 404, 200),
    ),
}


# --- the clinical reviewer (issue #19) ---------------------------------------------------------
# The reviewer reads lesson content and approves or sends back drafts; like an editor, they have
# no client and no permission on client records. Their answer for a row is the one below, or,
# for every row not listed, the editor's (client data: the same 403s and 404s; patient pages:
# the same redirect to the admin). test_reviewer_never_reaches_client_data checks the client
# rows by name, so a wrong default there cannot pass unnoticed.
VIEW_ONLY_CONTENT = {"changelist": 200, "add": 403, "history": 200, "delete": 403, "change": 200}
REVIEWER_ANSWERS = {
    f"admin:education_{model}_{page}": answer
    for model in CONTENT_MODELS
    for page, answer in VIEW_ONLY_CONTENT.items()
}
REVIEWER_ANSWERS.update(
    {
        "admin:education_lesson_preview": 200,
        "admin:education_lesson_draft": 403,
        "admin:education_lesson_publish": 403,
        "admin:education_lesson_restore": 403,
        "admin:education_lesson_submit": 403,
        "admin:education_lesson_review": 200,
        "admin:education_lesson_feedback": 200,
        # simple-history's revert form: read-only for someone who may only view.
        **{f"admin:education_{model}_simple_history": 200 for model in ("section", "glossaryterm", "question",
                                                                        "quiz", "choice")},
    }
)
CLIENT_DATA_ROWS = [
    key
    for key in MATRIX
    if key.startswith(
        ("admin:accounts_client", "admin:care_", "admin:accounts_carerelationship", "admin:accounts_user",
         "admin:tracker_",
         "admin:education_assignment", "admin:education_lessonprogress", "admin:education_quizattempt",
         "admin:accounts_sharingconsent", "admin:accounts_accesslog", "admin:view_on_site",
         "admin:messaging_")
    )
]  # fmt: skip


def reviewer_answer(key):
    return REVIEWER_ANSWERS.get(key, MATRIX[key][ROLES.index(EDITOR)])


# --- the records, made once for the module (tests.security.authz_world) ------------------------

# Fixtures, imported so pytest finds them in this module.
world = world_fixture
site_client = site_client_fixture
visitor = visitor_fixture


# --- the matrix -------------------------------------------------------------------------------


def test_every_url_pattern_is_in_the_matrix():
    patterns = url_patterns()
    missing = sorted(set(patterns) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(patterns))
    assert not missing, (
        "These URL patterns are not in the authorization matrix (tests/security/"
        f"test_authorization_matrix.py, MATRIX): {missing}. Add a row with the answer each role gets."
    )
    assert not stale, f"These matrix rows name no URL pattern any more: {stale}"


def test_every_row_has_an_answer_for_every_role():
    assert {key: len(row) for key, row in MATRIX.items() if len(row) != len(ROLES)} == {}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(MATRIX))
def test_matrix(key, role, visitor, world):
    client = visitor(role)
    method, path = request_for(key, world)
    response = client.generic(method, path)
    expected = MATRIX[key][ROLES.index(role)]
    location = response.get("Location", "")
    if isinstance(expected, Redirect):
        assert expected.matches(response), f"{method} {path} as {role}: {response.status_code} {location}"
    else:
        assert response.status_code == expected, f"{method} {path} as {role}: {location}"


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_matrix_for_the_clinical_reviewer(key, visitor, world):
    client = visitor(REVIEWER)
    method, path = request_for(key, world)
    response = client.generic(method, path)
    expected = reviewer_answer(key)
    location = response.get("Location", "")
    if isinstance(expected, Redirect):
        assert expected.matches(response), f"{method} {path} as reviewer: {response.status_code} {location}"
    else:
        assert response.status_code == expected, f"{method} {path} as reviewer: {location}"


def test_reviewer_answers_name_real_rows():
    assert set(REVIEWER_ANSWERS) - set(MATRIX) == set()


@pytest.mark.parametrize("key", CLIENT_DATA_ROWS)
def test_reviewer_never_reaches_client_data(key, visitor, world):
    """Every admin page of a client's records: the reviewer gets a 403 (no permission), a 404
    (no client at all) or, for a user's history, Django's "no such object" redirect to the index."""
    method, path = request_for(key, world)
    response = visitor(REVIEWER).generic(method, path)
    allowed = response.status_code in {403, 404} or ADMIN.matches(response)
    assert allowed, f"{method} {path}: {response.status_code}"
    assert "Ada Matrix" not in response.content.decode(errors="replace")


# Django's admin login sends a logged-in staff member on to the index only for GET
# (AdminSite.login checks request.method == "GET"); HEAD gets the login page's 200, harmless.
HEAD_DIFFERS = {("admin:login", THERAPIST_A)}


@pytest.mark.parametrize("role", [ANON, PATIENT_A, THERAPIST_A])
@pytest.mark.parametrize("key", sorted(set(MATRIX) - POST_ONLY))
def test_head_answers_like_get(key, role, visitor, world):
    """Uptime monitors and link checkers send HEAD: wherever GET answers, HEAD gets the same
    status (and redirect), with no body."""
    _, path = request_for(key, world)
    client = visitor(role)
    got = client.get(path)
    head = client.head(path)
    assert head.content == b""
    if (key, role) in HEAD_DIFFERS:
        assert head.status_code == 200
        return
    assert (head.status_code, head.get("Location")) == (got.status_code, got.get("Location")), path


# --- what the 200s show -------------------------------------------------------------------------


def test_autocomplete_offers_published_lessons_only(visitor, world):
    from tests.factories import LessonFactory

    LessonFactory(series=world.series, slug="matrix-unpublished", title="Matrix draft", status="draft")
    client = visitor(THERAPIST_A)
    method, path = request_for("admin:autocomplete", world)
    titles = [row["text"] for row in client.get(path).json()["results"]]
    assert any("Matrix lesson" in title for title in titles)
    assert not any("Matrix draft" in title for title in titles)


@pytest.mark.parametrize("name", ["care_home", "care_clients", "education_assignment_changelist",
                                  "tracker_goal_changelist", "tracker_entry_changelist",
                                  "education_quizattempt_changelist", "care_invitations"])
def test_other_therapist_lists_do_not_name_patient_a(visitor, world, name):
    client = visitor(THERAPIST_OTHER)
    response = client.get(reverse(f"admin:{name}"))
    assert response.status_code == 200
    assert "Ada Matrix" not in response.text
    assert "ada.matrix@example.com" not in response.text


def test_view_on_site_is_not_offered_for_a_clients_record(visitor, world):
    """Django's own redirect answers any staff member for any record with get_absolute_url; the
    project's admin site (accounts.admin_site) answers only where the model admin offers the link,
    which clients' records do not (their page is the client page of the workspace)."""
    method, path = request_for("admin:view_on_site", world)
    assert visitor(THERAPIST_OTHER).get(path).status_code == 404
    assert visitor(THERAPIST_A).get(path).status_code == 404
    change = visitor(THERAPIST_A).get(reverse("admin:tracker_entry_change", args=[world.entry.pk]))
    assert change.status_code == 200
    assert "View on site" not in change.text


# --- owner fields cannot be moved by a POST ----------------------------------------------------


def test_checkin_naming_another_patient_is_saved_for_the_patient_who_sent_it(visitor, world):
    a, b = world.users[PATIENT_A], world.users[PATIENT_B]
    client = visitor(PATIENT_A)
    today = timezone.localdate()
    data = {"day": today.isoformat(), "stress": "3", "patient": b.pk, "patient_id": b.pk, "user": b.pk}
    assert client.post(reverse("tracker:checkin"), data).status_code == 302
    assert Entry.objects.get(day=today, patient=a).stress == 3
    assert not Entry.objects.filter(patient=b, day=today).exists()

    # The dashboard panel (htmx) too.
    data["stress"] = "4"
    response = client.post(reverse("tracker:checkin"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Entry.objects.get(day=today, patient=a).stress == 4
    assert not Entry.objects.filter(patient=b, day=today).exists()


def test_correcting_a_checkin_cannot_move_it_to_another_patient_or_day(visitor, world):
    a, b = world.users[PATIENT_A], world.users[PATIENT_B]
    entry = world.entry
    client = visitor(PATIENT_A)
    other_day = entry.day - datetime.timedelta(days=3)
    data = {"day": other_day.isoformat(), "stress": "7", "patient": b.pk, "user": b.pk}
    assert client.post(reverse("tracker:entry", args=[entry.pk]), data).status_code == 302
    entry.refresh_from_db()
    assert (entry.patient_id, entry.day, entry.stress) == (a.pk, world.entry.day, 7)
    assert not Entry.objects.filter(patient=b, stress=7).exists()


def test_another_patient_cannot_change_or_delete_a_checkin(visitor, world):
    entry = world.entry
    client = visitor(PATIENT_B)
    assert client.post(reverse("tracker:entry", args=[entry.pk]), {"stress": "9"}).status_code == 404
    assert client.post(reverse("tracker:entry_delete", args=[entry.pk])).status_code == 404
    entry.refresh_from_db()
    assert entry.stress == 3


def test_quiz_start_and_answer_naming_another_user_stay_with_the_patient(visitor, world):
    a, b = world.users[PATIENT_A], world.users[PATIENT_B]
    client = visitor(PATIENT_A)
    slug = world.lesson.slug
    response = client.post(reverse("education:quiz_start", args=[slug]), {"focus": "all", "user": b.pk})
    assert response.status_code == 302
    attempt = QuizAttempt.objects.get(user=a, submitted_at__isnull=True)
    assert not QuizAttempt.objects.filter(user=b).exists()

    question = attempt.questions[0]
    right = [c["id"] for c in question["choices"] if c["correct"]]
    url = reverse("education:attempt_question", args=[slug, attempt.pk, 1])
    data = {"choice": right, "user": b.pk, "attempt": world.attempt.pk, "position": 3}
    assert client.post(url, data).status_code == 302
    answer = QuizAnswer.objects.get(attempt=attempt)
    assert (answer.position, answer.attempt.user_id) == (1, a.pk)


def test_another_patient_cannot_answer_or_submit_an_attempt(visitor, world):
    a = world.users[PATIENT_A]
    from education.quiz_services import start_attempt

    attempt = start_attempt(user=a, quiz=world.quiz)
    client = visitor(PATIENT_B)
    slug = world.lesson.slug
    choice = attempt.questions[0]["choices"][0]["id"]
    url = reverse("education:attempt_question", args=[slug, attempt.pk, 1])
    assert client.post(url, {"choice": [choice]}).status_code == 404
    assert client.post(reverse("education:attempt_submit", args=[slug, attempt.pk])).status_code == 404
    assert not attempt.answers.exists()


def test_consent_naming_another_patient_is_the_senders_own(visitor, world):
    a, b = world.users[PATIENT_A], world.users[PATIENT_B]
    asking = TherapistFactory(full_name="Asking Therapist")
    CareRelationshipFactory(therapist=asking, client=a)
    client = visitor(PATIENT_A)
    data = {
        "therapist": asking.pk,
        "agree": "on",
        "wording_version": SHARING_WORDING_VERSION,
        "patient": b.pk,
        "user": b.pk,
    }
    assert client.post(reverse("accounts:sharing_grant"), data).status_code == 302
    consent = SharingConsent.objects.get(therapist=asking)
    assert consent.patient_id == a.pk
    assert not SharingConsent.objects.filter(patient=b, therapist=asking).exists()


def test_consent_only_to_a_therapist_who_asked(visitor, world):
    a = world.users[PATIENT_A]
    other = world.users[THERAPIST_OTHER]  # linked with B, not with A
    client = visitor(PATIENT_A)
    data = {"therapist": other.pk, "agree": "on", "wording_version": SHARING_WORDING_VERSION}
    assert client.post(reverse("accounts:sharing_grant"), data).status_code == 422
    assert not SharingConsent.objects.filter(patient=a, therapist=other).exists()


def test_profile_cannot_change_role_staff_status_or_another_account(visitor, world):
    a, b = world.users[PATIENT_A], world.users[PATIENT_B]
    client = visitor(PATIENT_A)
    data = {
        "full_name": "Ada Renamed",
        "email": "ada.renamed@example.com",
        "role": Role.THERAPIST,
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "on",
        "groups": [1, 2],
        "user": b.pk,
        "id": b.pk,
        "pk": b.pk,
    }
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    a_email = a.email
    a.refresh_from_db()
    b.refresh_from_db()
    # The email address changes only through a confirmed link (helper account, issue #16).
    assert (a.full_name, a.email, a.role, a.is_staff, a.is_superuser) == (
        "Ada Renamed", a_email, Role.PATIENT, False, False
    )
    assert not a.groups.exists()
    assert (b.full_name, b.email) == ("Bo Matrix", "bo.matrix@example.com")


def _admin_post(client, name, data, args=()):
    return client.post(reverse(f"admin:{name}", args=args), {**data, "_save": "Save"})


def test_session_note_is_always_the_senders_own_about_the_client_in_the_url(visitor, world):
    from care.models import SessionNote

    a, b, other = world.users[PATIENT_A], world.users[PATIENT_B], world.users[THERAPIST_OTHER]
    client = visitor(THERAPIST_A)
    data = {"day": timezone.localdate().isoformat(), "text": "Owner test", "author": other.pk, "client": b.pk}
    assert client.post(reverse("admin:care_client_note_add", args=[a.pk]), data).status_code == 302
    note = SessionNote.objects.get(text="Owner test")
    assert (note.author_id, note.client_id) == (world.users[THERAPIST_A].pk, a.pk)


def test_care_link_change_cannot_move_it(visitor, world):
    link = world.care_link
    client = visitor(THERAPIST_A)
    data = {
        "therapist": world.users[THERAPIST_OTHER].pk,
        "client": world.users[PATIENT_B].pk,
        "started": link.started.isoformat(),
        "ended": "",
    }
    response = _admin_post(client, "accounts_carerelationship_change", data, args=[link.pk])
    assert response.status_code in {200, 302}
    link.refresh_from_db()
    assert (link.therapist_id, link.client_id) == (world.users[THERAPIST_A].pk, world.users[PATIENT_A].pk)


def test_assignment_is_always_given_by_the_therapist_who_saves_it(visitor, world):
    a, other = world.users[PATIENT_A], world.users[THERAPIST_OTHER]
    client = visitor(THERAPIST_A)
    data = {"client": a.pk, "therapist": other.pk, "series": world.series.pk, "lesson": world.lesson.pk,
            "note": "Matrix owner test"}
    assert _admin_post(client, "education_assignment_add", data).status_code == 302
    assignment = Assignment.objects.get(note="Matrix owner test")
    assert (assignment.therapist_id, assignment.client_id) == (world.users[THERAPIST_A].pk, a.pk)


def test_assignment_for_someone_elses_client_is_refused(visitor, world):
    b = world.users[PATIENT_B]
    client = visitor(THERAPIST_A)
    data = {"client": b.pk, "series": world.series.pk, "lesson": world.lesson.pk, "note": "Not mine"}
    response = _admin_post(client, "education_assignment_add", data)
    assert response.status_code == 200  # the form again, with an error on the client
    assert "client" in response.context["adminform"].form.errors
    assert not Assignment.objects.filter(client=b).exists()


def test_assignment_change_cannot_move_it(visitor, world):
    assignment = world.assignment
    client = visitor(THERAPIST_A)
    data = {
        "client": world.users[PATIENT_B].pk,
        "therapist": world.users[THERAPIST_OTHER].pk,
        "series": world.series.pk,
        "lesson": world.lesson.pk,
        "note": "Changed",
    }
    assert _admin_post(client, "education_assignment_change", data, args=[assignment.pk]).status_code == 302
    assignment.refresh_from_db()
    assert (assignment.client_id, assignment.therapist_id, assignment.note) == (
        world.users[PATIENT_A].pk, world.users[THERAPIST_A].pk, "Changed"
    )


def test_goal_for_someone_elses_client_is_refused(visitor, world):
    b = world.users[PATIENT_B]
    client = visitor(THERAPIST_A)
    data = {"patient": b.pk, "factor": Factor.SLEEP, "target_min": "7", "target_max": "9"}
    response = _admin_post(client, "tracker_goal_add", data)
    assert response.status_code == 200
    assert "patient" in response.context["adminform"].form.errors
    assert not Goal.objects.filter(patient=b).exists()


def test_goal_is_set_by_the_therapist_who_saves_it(visitor, world):
    a = world.users[PATIENT_A]
    client = visitor(THERAPIST_A)
    data = {"patient": a.pk, "factor": Factor.SLEEP, "target_min": "7", "target_max": "9",
            "set_by": world.users[THERAPIST_OTHER].pk}
    assert _admin_post(client, "tracker_goal_add", data).status_code == 302
    goal = Goal.objects.get(patient=a, factor=Factor.SLEEP)
    assert goal.set_by_id == world.users[THERAPIST_A].pk


def test_goal_change_cannot_move_it(visitor, world):
    goal = world.goal
    client = visitor(THERAPIST_A)
    data = {"patient": world.users[PATIENT_B].pk, "factor": Factor.SLEEP, "target_max": "5",
            "set_by": world.users[THERAPIST_OTHER].pk}
    assert _admin_post(client, "tracker_goal_change", data, args=[goal.pk]).status_code == 302
    goal.refresh_from_db()
    assert (goal.patient_id, goal.factor, goal.target_max, goal.set_by_id) == (
        world.users[PATIENT_A].pk, Factor.STRESS, Decimal("5"), world.users[THERAPIST_A].pk
    )


def test_other_therapist_cannot_post_to_patient_as_records(visitor, world):
    client = visitor(THERAPIST_OTHER)
    goal, assignment = world.goal, world.assignment
    data = {"target_max": "1", "note": "hijacked"}
    assert _admin_post(client, "tracker_goal_change", data, args=[goal.pk]).status_code == 404
    assert _admin_post(client, "education_assignment_change", data, args=[assignment.pk]).status_code == 404
    assert client.post(reverse("admin:education_assignment_delete", args=[assignment.pk]),
                       {"post": "yes"}).status_code == 404
    goal.refresh_from_db()
    assert goal.target_max == Decimal("4")
    assert Assignment.objects.filter(pk=assignment.pk, note="Read this one.").exists()
