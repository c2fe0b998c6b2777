"""The people and records the authorization matrix and the fuzz tests visit.

`build_world()` makes one of everything the URLs of the project point at: two patients (A and
B), A's therapist (an active care relationship and A's consent), another therapist (looking
after B, not A), an editor, a clinical reviewer and a superuser; a published lesson with its quiz; and, for
patient A, reading progress, a submitted quiz attempt, a check-in, a goal, an assignment, a
consent, an access log row. Every staff user has a confirmed TOTP device, so
`tests.conftest.otp_login` reuses it.

`log_in(client, world, role)` logs a role in the way the application expects: force_login for
patients, an OTP-verified session for staff.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import SHARING_WORDING_VERSION, AccessAction, AccessLog, SharingConsent, User
from tests.conftest import otp_login
from tests.education.quiz_helpers import finished_attempt
from tests.factories import (
    CareRelationshipFactory,
    EditorFactory,
    EntryFactory,
    FaqFactory,
    GlossaryTermFactory,
    GoalFactory,
    LessonFactory,
    LessonProgressFactory,
    PatientFactory,
    ReferenceFactory,
    ReviewerFactory,
    SectionFactory,
    SeriesFactory,
    TherapistFactory,
    build_quiz,
)
from tracker.factors import Factor

ANON = "anonymous"
PATIENT_A = "patient_a"
PATIENT_B = "patient_b"
THERAPIST_A = "therapist_of_a"
THERAPIST_OTHER = "other_therapist"
EDITOR = "editor"
SUPERUSER = "superuser"
ROLES = [ANON, PATIENT_A, PATIENT_B, THERAPIST_A, THERAPIST_OTHER, EDITOR, SUPERUSER]
# editors (issue #19): the clinical reviewer, a role of its own. Kept out of ROLES (the matrix's
# seven columns, which every other row is written in): the matrix gives the reviewer's answers
# separately (REVIEWER_ANSWERS in test_authorization_matrix.py).
REVIEWER = "clinical_reviewer"
ALL_ROLES = [*ROLES, REVIEWER]
STAFF_ROLES = {THERAPIST_A, THERAPIST_OTHER, EDITOR, SUPERUSER, REVIEWER}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_world():
    from axes.models import AccessAttempt, AccessFailureLog
    from axes.models import AccessLog as AxesAccessLog
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from education.models import Assignment

    world = World()
    patient_a = PatientFactory(full_name="Ada Matrix", email="ada.matrix@example.com")
    patient_b = PatientFactory(full_name="Bo Matrix", email="bo.matrix@example.com")
    therapist_a = TherapistFactory(full_name="Theo Matrix", email="theo.matrix@example.com")
    therapist_other = TherapistFactory(full_name="Olga Matrix", email="olga.matrix@example.com")
    editor = EditorFactory(full_name="Edith Matrix", email="edith.matrix@example.com")
    superuser = User.objects.create_superuser(
        "root.matrix@example.com", "correct horse battery staple", full_name="Root Matrix"
    )
    world.users = {
        PATIENT_A: patient_a,
        PATIENT_B: patient_b,
        THERAPIST_A: therapist_a,
        THERAPIST_OTHER: therapist_other,
        EDITOR: editor,
        SUPERUSER: superuser,
        REVIEWER: ReviewerFactory(full_name="Rhea Matrix", email="rhea.matrix@example.com"),
    }
    for role in STAFF_ROLES:
        TOTPDevice.objects.create(user=world.users[role], name="Test authenticator", confirmed=True)

    objects = world.objects
    objects["care_link"] = CareRelationshipFactory(therapist=therapist_a, client=patient_a)
    objects["consent"] = SharingConsent.objects.create(
        patient=patient_a, therapist=therapist_a, wording_version=SHARING_WORDING_VERSION
    )
    # The other therapist has a client of their own (B): their scope is not empty, just not A.
    objects["care_link_b"] = CareRelationshipFactory(therapist=therapist_other, client=patient_b)
    objects["consent_b"] = SharingConsent.objects.create(
        patient=patient_b, therapist=therapist_other, wording_version=SHARING_WORDING_VERSION
    )

    series = SeriesFactory(slug="matrix-series", title="Matrix series")
    lesson = LessonFactory(series=series, slug="matrix-lesson", title="Matrix lesson", order=1)
    for n in (1, 2, 3):
        SectionFactory(lesson=lesson, order=n, anchor=f"matrix-part-{n}", heading=f"Part {n}")
    quiz = build_quiz(lesson=lesson, section_anchor="matrix-part-1")
    objects.update(
        series=series,
        lesson=lesson,
        section=lesson.sections.first(),
        faq=FaqFactory(lesson=lesson),
        reference=ReferenceFactory(lesson=lesson),
        glossary_term=GlossaryTermFactory(slug="matrix-term", term="Matrix term"),
        quiz=quiz,
        question=quiz.questions.first(),
        choice=quiz.questions.first().choices.first(),
    )

    objects["progress"] = LessonProgressFactory(user=patient_a, lesson=lesson, sections_reached=1)
    objects["attempt"] = finished_attempt(patient_a, quiz, wrong_positions=(2,))
    today = timezone.localdate()
    objects["entry"] = EntryFactory(patient=patient_a, day=today - datetime.timedelta(days=1))
    objects["entry_b"] = EntryFactory(patient=patient_b, day=today - datetime.timedelta(days=1))
    objects["goal"] = GoalFactory(
        patient=patient_a, factor=Factor.STRESS, target_max=Decimal("4"), set_by=therapist_a
    )
    objects["assignment"] = Assignment.objects.create(
        therapist=therapist_a, client=patient_a, series=series, lesson=lesson, note="Read this one."
    )
    # helper account (issue #16): a question for A's doctor, on A's summary.
    from summary.models import DoctorQuestion

    objects["doctor_question"] = DoctorQuestion.objects.create(patient=patient_a, text="Is this matrix safe?")
    objects["access_log"] = AccessLog.objects.create(
        therapist=therapist_a, client=patient_a, action=AccessAction.VIEW, path="/admin/"
    )
    objects["group"] = Group.objects.get(name="Therapists")
    objects["device"] = TOTPDevice.objects.get(user=therapist_a)
    objects["axes_attempt"] = AccessAttempt.objects.create(
        username="ada.matrix@example.com", ip_address="10.0.0.1", user_agent="test", failures_since_start=1,
        get_data="", post_data="",
    )
    objects["axes_log"] = AxesAccessLog.objects.create(
        username="ada.matrix@example.com", ip_address="10.0.0.1", user_agent="test"
    )
    objects["axes_failure"] = AccessFailureLog.objects.create(
        username="ada.matrix@example.com", ip_address="10.0.0.1", user_agent="test", locked_out=False
    )
    objects["reset_uid"] = urlsafe_base64_encode(force_bytes(patient_a.pk))
    # Notifications (issue #17): a notice of A's, and a failed task in the queue's admin.
    from django_tasks_db.models import DBTaskResult

    from tests.factories import NoticeFactory

    objects["notice"] = NoticeFactory(recipient=patient_a)
    objects["task_result"] = DBTaskResult.objects.create(
        task_path="bonehealth.emails.send_email", status="FAILED", args_kwargs={"args": [], "kwargs": {}},
        queue_name="default", backend_name="default", exception_class_path="bonehealth.emails.EmailNotSent",
        traceback="EmailNotSent: notifications/email/reminder not sent after 4 attempts (SMTPException)",
    )
    # The therapist workspace (care): A's therapist's private note about A, and two invitations
    # (one whose link the matrix opens, one it re-sends and withdraws).
    from care.models import Invitation, SessionNote

    objects["session_note"] = SessionNote.objects.create(
        author=therapist_a, client=patient_a, text="Matrix note."
    )
    expires = timezone.now() + datetime.timedelta(days=14)
    objects["invitation"] = Invitation.objects.create(
        therapist=therapist_a, email="new.matrix@example.com", nonce="a" * 32, expires_at=expires
    )
    objects["managed_invitation"] = Invitation.objects.create(
        therapist=therapist_a, email="later.matrix@example.com", nonce="b" * 32, expires_at=expires
    )
    # Secure messages (issue #20): A's conversation with A's therapist, one message in it.
    from tests.factories import ConversationFactory, MessageFactory

    objects["conversation"] = ConversationFactory(patient=patient_a, therapist=therapist_a)
    MessageFactory(conversation=objects["conversation"], patient=patient_a, body="Matrix message.")
    return world


def log_in(client, world, role):
    """Log `role` in on `client` (nothing for the anonymous visitor)."""
    if role == ANON:
        return
    user = world.users[role]
    if role in STAFF_ROLES:
        otp_login(client, user)
    else:
        client.force_login(user)


# --- fixtures: import them into a test module (`world = world_fixture`) --------------------------


@pytest.fixture(scope="module", name="world")
def world_fixture(django_db_setup, django_db_blocker):
    """The world, made once for a test module inside a transaction rolled back at its end (each
    test runs in a savepoint within it). Each role's session is made here too, so a test only
    has to present its cookie."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            world.sessions = {ANON: None}
            for role in ALL_ROLES[1:]:
                client = Client()
                log_in(client, world, role)
                world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module", name="site_client")
def site_client_fixture():
    """One test client for a module: each new client loads the middleware again (and WhiteNoise
    scans the static files), which would make these tests several times slower."""
    return Client()


@pytest.fixture(name="visitor")
def visitor_fixture(site_client, world, db):
    """`visitor(role)`: the module's client with `role`'s session from the world (whatever a
    test does to the session, a logout included, is rolled back with the test)."""

    def as_role(role):
        site_client.cookies.clear()
        if world.sessions[role]:
            site_client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
        return site_client

    return as_role
