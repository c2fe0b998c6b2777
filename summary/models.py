from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse

from accounts.models import Role

QUESTION_MAX_LENGTH = 200
# Enough for one appointment, and what fits on the one printed page of the summary.
QUESTIONS_PER_PATIENT = 10


class DoctorQuestionQuerySet(models.QuerySet):
    def for_patient(self, user):
        return self.filter(patient=user)


class DoctorQuestion(models.Model):
    """A question the patient wants to ask their doctor or therapist, kept on the site and
    printed on their summary."""

    # No index of its own beyond the foreign key's: the summary lists one patient's questions.
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="doctor_questions",
        limit_choices_to={"role": Role.PATIENT},
    )
    text = models.CharField("question", max_length=QUESTION_MAX_LENGTH)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = DoctorQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = "question for my doctor"
        verbose_name_plural = "questions for my doctor"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    GreaterThanOrEqual(Length("text"), 1),
                    LessThanOrEqual(Length("text"), QUESTION_MAX_LENGTH),
                ),
                name="summary_question_text_not_empty",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("summary:question_edit", args=[self.pk])
