"""The lesson series, its quizzes, and each patient's progress through them.

Content (Series, Lesson, Section, Faq, Reference, GlossaryTerm, Quiz, Question, Choice) is
authored in Markdown files under education/content/, loaded by `manage.py load_series`, and
edited by editors in the admin. HTML is rendered once on save, never per request.

Draft and publish: a published lesson is edited through a working copy, a Lesson row with
`draft_of` pointing at the published one. Publishing copies the draft's content onto the
published row, raises its version and records the change note; patients' progress and
quiz attempts keep pointing at the published row and at the version they saw.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from education.rendering import render_markdown, term_slugs_in


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Series(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("education:series")


class GlossaryTerm(models.Model):
    slug = models.SlugField(unique=True)
    term = models.CharField(max_length=100)
    plain = models.CharField("plain words", max_length=150)
    definition = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            rerender_text_using_term(self.slug)

    def delete(self, *args, **kwargs):
        slug = self.slug
        result = super().delete(*args, **kwargs)
        rerender_text_using_term(slug)
        return result


def rerender_text_using_term(slug):
    """A glossary term came or went: text that links to it is rendered again (a link to a
    missing term shows as plain words), and those lessons' word lists follow. Written with
    update(), so no history entry claims the text itself changed."""
    needle = f"](term:{slug})"
    lesson_ids = set()
    for model, source, html in ((Lesson, "in_brief", "in_brief_html"), (Section, "body", "body_html"),
                                (Faq, "answer", "answer_html")):  # fmt: skip
        for pk, text, lesson_id in model.objects.filter(**{f"{source}__contains": needle}).values_list(
            "pk", source, "pk" if model is Lesson else "lesson_id"
        ):
            model.objects.filter(pk=pk).update(**{html: render_lesson_markdown(text)})
            lesson_ids.add(lesson_id)
    # The lesson page's cached content is keyed on `updated` (education.lesson_content).
    Lesson.objects.filter(pk__in=lesson_ids).update(updated=timezone.now())
    for lesson in Lesson.objects.filter(pk__in=lesson_ids):
        lesson.refresh_glossary_terms()


def render_lesson_markdown(text: str) -> str:
    """Render lesson Markdown, linking only the glossary terms that exist."""
    slugs = term_slugs_in(text)
    known = set()
    if slugs:
        known = set(GlossaryTerm.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    return render_markdown(text, known_terms=known)


class RenderedMarkdown(models.Model):
    """Fills each HTML field from its Markdown field on save (``markdown_fields`` maps
    source to HTML), so pages never render Markdown, and keeps the lesson's glossary
    word list in step with the terms its text uses."""

    markdown_fields: dict[str, str] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        rendered = False
        for source, html in self.markdown_fields.items():
            if update_fields is None or source in update_fields:
                setattr(self, html, render_lesson_markdown(getattr(self, source)))
                if update_fields is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], html}
                rendered = True
        super().save(*args, **kwargs)
        if rendered:
            self.lesson_for_glossary().refresh_glossary_terms()

    def delete(self, *args, **kwargs):
        lesson = self.lesson_for_glossary()
        result = super().delete(*args, **kwargs)
        if lesson is not self:
            lesson.refresh_glossary_terms()
        return result

    def lesson_for_glossary(self):
        """The lesson whose glossary word list this text feeds."""
        return self.lesson


class LessonQuerySet(models.QuerySet):
    def published(self):
        """Lessons a patient may see: published, and not an editor's working copy."""
        return self.filter(status=Status.PUBLISHED, draft_of__isnull=True)

    def originals(self):
        return self.filter(draft_of__isnull=True)


class Lesson(RenderedMarkdown):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField()
    slug = models.SlugField()
    title = models.CharField(max_length=200)
    # Byline (issue #18): who wrote the lesson and who checked it clinically, as the lesson page
    # names them. A person's name or, for the demo content, a role; never an invented person.
    author = models.CharField(
        max_length=200, blank=True, help_text="Who wrote the lesson, e.g. a name or a role."
    )
    clinical_reviewer = models.CharField(
        max_length=200, blank=True, help_text="Who checked the lesson clinically, e.g. a name or a role."
    )
    summary = models.TextField(help_text="One or two sentences for the series overview.")
    in_brief = models.TextField("in brief", help_text="Markdown: the main message, shown first.")
    in_brief_html = models.TextField(editable=False, blank=True)
    takeaways = models.JSONField(default=list, blank=True, help_text="Key takeaways, one per item.")
    reading_minutes = models.PositiveSmallIntegerField(default=5)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    change_note = models.TextField(
        "what changed", blank=True, help_text="Shown to patients who read an earlier version."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(
        "scheduled publication", null=True, blank=True, help_text="Optional: publish a draft later."
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    draft_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="draft",
        help_text="Set on an editor's working copy of a published lesson.",
    )
    glossary_terms = models.ManyToManyField(GlossaryTerm, blank=True, related_name="lessons")
    # editors (issue #19): the review patients see as "Reviewed by … on …" (an approval, or a
    # reviewer's "reviewed, no change"); set by education.publishing.
    approval = models.ForeignKey(
        "education.ReviewEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )
    markdown_fields = {"in_brief": "in_brief_html"}
    # The content file this lesson was loaded from and the hash of what was loaded, so
    # load_series can tell an editor's change from an unchanged row.
    source_file = models.CharField(max_length=200, blank=True, editable=False)
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["in_brief_html", "updated", "approval"])

    class Meta:
        ordering = ["series", "order", "pk"]
        permissions = [("review_lesson", "Can approve lessons or send them back (clinical review)")]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(draft_of__isnull=True),
                name="education_lesson_unique_slug",
            ),
            models.UniqueConstraint(
                fields=["series", "order"],
                condition=Q(draft_of__isnull=True),
                name="education_lesson_unique_order_in_series",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="education_lesson_version_positive"),
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True)
                | Q(last_reviewed__isnull=True)
                | Q(next_review_due__gte=F("last_reviewed")),
                name="education_lesson_review_dates_ordered",
            ),
        ]

    def __str__(self):
        prefix = "Draft of " if self.draft_of_id else ""
        return f"{prefix}{self.order}. {self.title}"

    def get_absolute_url(self):
        return reverse("education:lesson", args=[self.slug])

    def lesson_for_glossary(self):
        return self

    def refresh_glossary_terms(self):
        """Link the lesson to every glossary term its text uses (the page's word list)."""
        texts = [
            self.in_brief,
            *self.sections.values_list("body", flat=True),
            *self.faqs.values_list("answer", flat=True),
        ]
        slugs = set().union(*(term_slugs_in(text) for text in texts))
        self.glossary_terms.set(GlossaryTerm.objects.filter(slug__in=slugs))


class Section(RenderedMarkdown):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField()
    anchor = models.SlugField(help_text="The #id of the section, linked from quizzes and the tracker.")
    heading = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown. Glossary terms: [plain words](term:slug).")
    body_html = models.TextField(editable=False, blank=True)
    markdown_fields = {"body": "body_html"}

    history = HistoricalRecords(excluded_fields=["body_html"])

    class Meta:
        ordering = ["lesson", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "anchor"], name="education_section_unique_anchor"),
            models.UniqueConstraint(fields=["lesson", "order"], name="education_section_unique_order"),
        ]

    def __str__(self):
        return self.heading

    def get_absolute_url(self):
        return f"{self.lesson.get_absolute_url()}#{self.anchor}"


class Faq(RenderedMarkdown):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="faqs")
    order = models.PositiveSmallIntegerField()
    question = models.CharField(max_length=300)
    answer = models.TextField(help_text="Markdown.")
    answer_html = models.TextField(editable=False, blank=True)
    markdown_fields = {"answer": "answer_html"}

    class Meta:
        ordering = ["lesson", "order", "pk"]
        verbose_name = "frequently asked question"
        constraints = [
            models.UniqueConstraint(fields=["lesson", "order"], name="education_faq_unique_order"),
        ]

    def __str__(self):
        return self.question


class Reference(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="references")
    number = models.PositiveSmallIntegerField()
    citation = models.TextField()
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["lesson", "number"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "number"], name="education_reference_unique_number"),
        ]

    def __str__(self):
        return f"[{self.number}] {self.citation[:60]}"


class Quiz(models.Model):
    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="quiz")
    pass_mark = models.PositiveSmallIntegerField(
        "pass mark (%)", default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["lesson"]
        verbose_name_plural = "quizzes"
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100), name="education_quiz_pass_mark_range"
            ),
        ]

    def __str__(self):
        return f"Quiz: {self.lesson.title}"

    def get_absolute_url(self):
        return reverse("education:quiz", args=[self.lesson.slug])


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple select"
    TRUE_FALSE = "true_false", "True or false"


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    prompt = models.TextField()
    explanation = models.TextField(help_text="Shown after answering.")
    section_anchor = models.SlugField(
        blank=True, help_text="Anchor of the lesson section that covers this question."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["quiz", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "order"], name="education_question_unique_order"),
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="education_question_kind_valid"
            ),
        ]

    def __str__(self):
        return self.prompt[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "order"], name="education_choice_unique_order"),
        ]

    def __str__(self):
        return self.text


class LessonProgress(models.Model):
    """Where a patient is in a lesson. Completion needs the lesson read to the end and
    its quiz passed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    last_section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sections_reached = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_reading_at = models.DateTimeField(null=True, blank=True)
    read_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="Lesson version the patient last finished reading."
    )
    quiz_passed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["lesson", "user"]
        verbose_name = "lesson progress"
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="education_progress_unique_user_lesson"),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | Q(finished_reading_at__isnull=False, quiz_passed_at__isnull=False),
                name="education_progress_complete_needs_read_and_passed",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.lesson}"


class Assignment(models.Model):
    """A therapist asks a client to work through a lesson, or the whole series."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments_given"
    )
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="assignments")
    lesson = models.ForeignKey(
        Lesson,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
        help_text="Leave empty to assign the whole series.",
    )
    due_date = models.DateField(null=True, blank=True)
    note = models.TextField("note to the client", blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(therapist=F("client")), name="education_assignment_not_self"),
        ]
        indexes = [
            # The patient dashboard lists a client's assignments.
            models.Index(fields=["client", "due_date"], name="education_assignment_client"),
        ]

    def __str__(self):
        what = self.lesson.title if self.lesson_id else self.series.title
        return f"{what} for {self.client}"


# --- quiz attempts ---------------------------------------------------------------------------


class AttemptFocus(models.TextChoices):
    ALL = "all", "Every question"
    MISSED = "missed", "Questions missed last time"


class QuizAttemptQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def in_progress(self):
        return self.filter(submitted_at__isnull=True)


class QuizAttempt(models.Model):
    """One go at a lesson's quiz.

    The questions and choices are copied into `questions` when the attempt starts, with the
    lesson version and the pass mark, so an editor changing the quiz later never rewrites
    what the patient saw or how it was scored. Scored once, on submission.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    lesson_version = models.PositiveIntegerField(help_text="Version of the lesson when the attempt started.")
    pass_mark = models.PositiveSmallIntegerField("pass mark (%)")
    questions = models.JSONField(help_text="The questions and choices as they were taken.")
    total = models.PositiveSmallIntegerField("number of questions")
    focus = models.CharField(max_length=10, choices=AttemptFocus.choices, default=AttemptFocus.ALL)
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a retake of missed questions: the attempt it follows.",
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "quiz attempt"
        constraints = [
            # A double click on "Start" resumes the attempt under way instead of opening another.
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=Q(submitted_at__isnull=True),
                name="education_attempt_one_open_per_quiz",
            ),
            models.CheckConstraint(condition=Q(total__gte=1), name="education_attempt_total_positive"),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100), name="education_attempt_pass_mark_range"
            ),
            models.CheckConstraint(
                condition=Q(focus__in=AttemptFocus.values), name="education_attempt_focus_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=F("total")),
                name="education_attempt_score_in_range",
            ),
            # One submission: the score and the result exist exactly when the attempt is submitted.
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, score__isnull=True, passed__isnull=True)
                | Q(submitted_at__isnull=False, score__isnull=False, passed__isnull=False),
                name="education_attempt_scored_when_submitted",
            ),
            models.CheckConstraint(
                condition=Q(passed__isnull=True)
                | Q(Q(passed=True), GreaterThanOrEqual(F("score") * 100, F("pass_mark") * F("total")))
                | Q(Q(passed=False), LessThan(F("score") * 100, F("pass_mark") * F("total"))),
                name="education_attempt_passed_matches_score",
            ),
        ]
        indexes = [
            # The quiz page and the dashboard list a patient's attempts at a quiz, newest first.
            models.Index(fields=["user", "quiz", "-started_at"], name="education_attempt_user_quiz"),
        ]

    def __str__(self):
        return f"{self.user} – {self.quiz} ({self.started_at:%Y-%m-%d})"

    @property
    def percent(self):
        """Whole percent, rounded down, so the figure shown reaches the pass mark exactly when
        the attempt passed."""
        if self.score is None:
            return None
        return self.score * 100 // self.total

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class QuizAnswer(models.Model):
    """The answer given to one question of an attempt."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField(help_text="Place of the question in the attempt, from 1.")
    question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
        help_text="The live question, while it exists; the attempt keeps its own copy.",
    )
    selected = models.JSONField(help_text="Ids of the choices picked, as in the attempt's copy.")
    is_correct = models.BooleanField()
    carried_over = models.BooleanField(
        default=False, help_text="Answered correctly last time and kept for a retake of missed questions."
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = "quiz answer"
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="education_answer_one_per_position"),
            models.UniqueConstraint(
                fields=["attempt", "question"],
                condition=Q(question__isnull=False),
                name="education_answer_one_per_question",
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="education_answer_position_positive"),
        ]

    def __str__(self):
        return f"{self.attempt} – question {self.position}"


# editors (issue #19): the clinical review and readers' feedback, in a module of their own.
from education.review_models import ReviewEvent, SectionFeedback  # noqa: E402, F401
