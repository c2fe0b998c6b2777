"""The clinical review of lessons (issue #19) and readers' feedback on them.

ReviewEvent: one step of a lesson's review (sent for review, sent back, approved, published,
reviewed with no change), with who, when and the comment. A draft's review state is its latest
step (education.publishing.review_state); the approval a patient sees ("Reviewed by …") is
`Lesson.approval`.

SectionFeedback: "Was this section clear?" from a reader, per lesson version and section. It
holds no link to the reader (rate limits live in the session), so editors can never tell who
said what, and an account's erasure has nothing to find here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", "Sent for review"
    SENT_BACK = "sent_back", "Sent back"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    NO_CHANGE = "no_change", "Reviewed, no change"


# The steps that set a draft's review state (publishing ends the draft; "no change" has none).
STATE_ACTIONS = [ReviewAction.SUBMITTED, ReviewAction.SENT_BACK, ReviewAction.APPROVED]


class ReviewEvent(models.Model):
    lesson = models.ForeignKey(
        "education.Lesson",
        on_delete=models.CASCADE,
        related_name="review_events",
        help_text="The lesson itself (for a draft: the published lesson it will replace).",
    )
    draft = models.ForeignKey(
        "education.Lesson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The working copy reviewed (gone once published).",
    )
    action = models.CharField(max_length=20, choices=ReviewAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True, max_length=2000)
    justification = models.TextField(
        blank=True, max_length=2000, help_text="Why a reading grade above 8 is needed (with an approval)."
    )
    reading_grade = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, help_text="The draft's content at this step.")
    lesson_version = models.PositiveIntegerField(help_text="The lesson's version after this step.")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "review step"
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ReviewAction.values), name="education_review_action_valid"
            ),
            # Sending a draft back without saying why leaves the editor guessing.
            models.CheckConstraint(
                condition=~Q(action=ReviewAction.SENT_BACK, comment=""),
                name="education_review_sent_back_has_comment",
            ),
        ]
        indexes = [
            # A draft's review state: its latest step (publishing.review_state).
            models.Index(fields=["draft", "-at"], name="education_review_draft_at"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.lesson_id} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def reviewer_line(self):
        """"Name, credentials" of whoever took this step, for the patients' byline."""
        return self.actor.reviewer_line if self.actor_id else "a clinical reviewer"


class SectionFeedback(models.Model):
    lesson = models.ForeignKey("education.Lesson", on_delete=models.CASCADE, related_name="feedback")
    lesson_version = models.PositiveIntegerField()
    section_anchor = models.SlugField()
    clear = models.BooleanField("the section was clear")
    comment = models.TextField(blank=True, max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "reader feedback"
        verbose_name_plural = "reader feedback"
        indexes = [
            # The editors' feedback page: a lesson's feedback for its current version.
            models.Index(fields=["lesson", "lesson_version"], name="education_feedback_lesson"),
        ]

    def __str__(self):
        return f"{'Clear' if self.clear else 'Not clear'}: {self.section_anchor} (v{self.lesson_version})"
