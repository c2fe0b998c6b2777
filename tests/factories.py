import factory

from accounts.models import BackupCode, CareRelationship, Role, User

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    role = Role.PATIENT
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PatientFactory(UserFactory):
    role = Role.PATIENT


class TherapistFactory(UserFactory):
    role = Role.THERAPIST


class EditorFactory(UserFactory):
    role = Role.EDITOR


class ReviewerFactory(UserFactory):
    """A clinical reviewer (issue #19)."""

    role = Role.REVIEWER
    credentials = "Registered dietitian"


class CareRelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareRelationship

    therapist = factory.SubFactory(TherapistFactory)
    client = factory.SubFactory(PatientFactory)


# --- education -----------------------------------------------------------------------------


class BackupCodeFactory(factory.django.DjangoModelFactory):
    """A stored backup code (its hash: the code itself is never kept)."""

    class Meta:
        model = BackupCode

    user = factory.SubFactory(PatientFactory)
    code_hash = factory.Sequence(lambda n: f"pbkdf2_sha256$1$00$factory{n:06d}")


from education.models import (  # noqa: E402
    Choice,
    Faq,
    GlossaryTerm,
    Lesson,
    LessonProgress,
    Question,
    QuestionKind,
    Quiz,
    Reference,
    Section,
    Series,
    Status,
)


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ["slug"]

    slug = "inflammation-and-bone-health"
    title = "Inflammation and bone health"
    summary = "Three short lessons."


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    series = factory.SubFactory(SeriesFactory)
    order = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"lesson-{n + 1}")
    title = factory.Sequence(lambda n: f"Lesson {n + 1}")
    summary = "A short lesson."
    in_brief = "The main message."
    in_brief_html = "<p>The main message.</p>"
    status = Status.PUBLISHED


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    lesson = factory.SubFactory(LessonFactory)
    order = factory.Sequence(lambda n: n + 1)
    anchor = factory.Sequence(lambda n: f"section-{n + 1}")
    heading = factory.Sequence(lambda n: f"Section {n + 1}")
    body = "Some plain text."
    body_html = "<p>Some plain text.</p>"


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    lesson = factory.SubFactory(LessonFactory)
    pass_mark = 80


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = QuestionKind.SINGLE
    prompt = factory.Sequence(lambda n: f"Question {n + 1}?")
    explanation = "Because the lesson says so."


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Choice {n + 1}")
    is_correct = False


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"term-{n + 1}")
    term = factory.Sequence(lambda n: f"Term {n + 1}")
    plain = "plain words"
    definition = "What the term means, in plain words."


class FaqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faq

    lesson = factory.SubFactory(LessonFactory)
    order = factory.Sequence(lambda n: n + 1)
    question = factory.Sequence(lambda n: f"Question people ask {n + 1}?")
    answer = "A plain answer."


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    lesson = factory.SubFactory(LessonFactory)
    number = factory.Sequence(lambda n: n + 1)
    citation = factory.Sequence(lambda n: f"Author A. A study {n + 1}. A journal. 2024.")
    url = factory.Sequence(lambda n: f"https://doi.org/10.1000/example.{n + 1}")


class LessonProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonProgress

    user = factory.SubFactory(PatientFactory)
    lesson = factory.SubFactory(LessonFactory)


# --- quizzes -------------------------------------------------------------------------------

# The kinds of a built quiz's questions, in order, and which of their choices are right.
QUIZ_PATTERN = [
    (QuestionKind.SINGLE, [True, False, False]),
    (QuestionKind.MULTIPLE, [True, True, False, False]),
    (QuestionKind.TRUE_FALSE, [True, False]),
    (QuestionKind.SINGLE, [False, True, False]),
    (QuestionKind.TRUE_FALSE, [False, True]),
]


def build_quiz(*, lesson=None, pass_mark=80, size=None, section_anchor="section-1"):
    """A quiz of `size` questions (default 5) cycling through single choice, multiple select
    and true/false, each with its explanation and section anchor."""
    size = len(QUIZ_PATTERN) if size is None else size
    quiz = QuizFactory(lesson=lesson or LessonFactory(), pass_mark=pass_mark)
    for index in range(size):
        kind, rights = QUIZ_PATTERN[index % len(QUIZ_PATTERN)]
        question = QuestionFactory(
            quiz=quiz,
            order=index + 1,
            kind=kind,
            prompt=f"Question {index + 1} ({kind})?",
            explanation=f"Explanation {index + 1}.",
            section_anchor=section_anchor,
        )
        texts = ["True", "False"] if kind == QuestionKind.TRUE_FALSE else None
        for order, right in enumerate(rights, start=1):
            text = texts[order - 1] if texts else f"Q{index + 1} choice {order}"
            ChoiceFactory(question=question, order=order, text=text, is_correct=right)
    return quiz


# --- tracker -------------------------------------------------------------------------------

import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.utils import timezone  # noqa: E402

from tracker.factors import Factor  # noqa: E402
from tracker.models import Entry, Goal  # noqa: E402


class EntryFactory(factory.django.DjangoModelFactory):
    """A full check-in, one day earlier for each new one (yesterday first)."""

    class Meta:
        model = Entry

    patient = factory.SubFactory(PatientFactory)
    day = factory.Sequence(lambda n: timezone.localdate() - datetime.timedelta(days=n + 1))
    sleep_hours = Decimal("7.5")
    sleep_quality = 4
    stress = 3
    training_minutes = 20
    kind_weights = True
    fish_servings = 0
    supplement_mg = 500


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    patient = factory.SubFactory(PatientFactory)
    factor = Factor.STRESS
    target_max = Decimal("4")


# --- notifications (issue #17) -------------------------------------------------------------------

from notifications.models import Notice, NoticeKind, OneTapUse, ReminderKind, ReminderSettings, SentReminder  # noqa: E402


class ReminderSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderSettings

    user = factory.SubFactory(PatientFactory)
    checkin_reminder = True
    time_zone = "Europe/London"


class SentReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SentReminder

    recipient = factory.SubFactory(PatientFactory)
    kind = ReminderKind.CHECKIN
    local_date = factory.Sequence(lambda n: timezone.localdate() - datetime.timedelta(days=n))


class OneTapUseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OneTapUse

    patient = factory.SubFactory(PatientFactory)
    key = factory.Sequence(lambda n: f"used-link-{n}")
    day = factory.LazyFunction(timezone.localdate)


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    recipient = factory.SubFactory(PatientFactory)
    kind = NoticeKind.ASSIGNMENT
    text = factory.Sequence(lambda n: f"Sam Lee asked you to read: Lesson {n}")
    link = "/accounts/dashboard/"


# --- the therapist workspace (care) ----------------------------------------------------------

from care.models import Invitation, SessionNote  # noqa: E402


class SessionNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionNote

    author = factory.SubFactory(TherapistFactory)
    client = factory.SubFactory(PatientFactory)
    text = "Talked about sleep."


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    therapist = factory.SubFactory(TherapistFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.com")
    nonce = factory.Sequence(lambda n: f"{n:032d}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


# --- secure messages (issue #20, helper messages) ---------------------------------------------------


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "messaging.Conversation"

    patient = factory.SubFactory(PatientFactory)
    therapist = factory.SubFactory(TherapistFactory)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "messaging.Message"

    conversation = factory.SubFactory(ConversationFactory)
    patient = factory.SelfAttribute("conversation.patient")
    from_patient = True
    body = "A question about my lesson."
    token = factory.Sequence(lambda n: f"token-{n:016d}")
