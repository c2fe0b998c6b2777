"""Keep the education pages' caches in step with the data.

Content: any change to a lesson's sections, FAQs, references or glossary terms moves the
lesson's `updated` time, which keys its cached content (education.lesson_content); changes to
the lesson row itself move it already (auto_now). Any change to what the catalogue of
published lessons holds (lessons, sections, series, quizzes, questions) also replaces the
content generation (education.page_cache), which keys the catalogue and the fragments built
from it.

Readers: any write to a patient's progress, quiz attempts or assignments replaces
that patient's reader version, which keys their cached dashboard panels.
Deletions send these signals too (a queryset's delete() sends post_delete for each row while
a receiver is connected), so erasing an account (accounts.privacy.erase_user), deleting a
lesson or a therapist, and the admin's delete action are all covered. Writes made with
QuerySet.update() send nothing: their code replaces the versions itself
(education.quiz_services.submit_attempt, touch_lessons below).
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from accounts.models import Role
from education.models import (
    Assignment,
    Faq,
    GlossaryTerm,
    Lesson,
    LessonProgress,
    Question,
    Quiz,
    QuizAttempt,
    Reference,
    Section,
    Series,
)
from education.page_cache import bump_content, bump_readers


def touch_lessons(**lookup):
    Lesson.objects.filter(**lookup).update(updated=timezone.now())
    bump_content()


@receiver(post_save, sender=Section)
@receiver(post_save, sender=Faq)
@receiver(post_save, sender=Reference)
@receiver(post_delete, sender=Section)
@receiver(post_delete, sender=Faq)
@receiver(post_delete, sender=Reference)
def lesson_text_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_lessons(pk=instance.lesson_id)


@receiver(post_save, sender=GlossaryTerm)
@receiver(pre_delete, sender=GlossaryTerm)  # before its links to the lessons are deleted
def glossary_term_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_lessons(glossary_terms=instance)


@receiver(m2m_changed, sender=Lesson.glossary_terms.through)
def lesson_glossary_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if reverse:  # from a term's side: the lessons are pk_set (all of them on clear)
        if action == "pre_clear":
            touch_lessons(glossary_terms=instance)
        elif pk_set:
            touch_lessons(pk__in=pk_set)
    elif action != "pre_clear":
        touch_lessons(pk=instance.pk)


@receiver(post_save, sender=Lesson)
@receiver(post_save, sender=Series)
@receiver(post_save, sender=Quiz)
@receiver(post_save, sender=Question)
@receiver(post_delete, sender=Lesson)
@receiver(post_delete, sender=Series)
@receiver(post_delete, sender=Quiz)
@receiver(post_delete, sender=Question)
def catalogue_changed(sender, instance, raw=False, **kwargs):
    """Publishing, retitling, reordering, a quiz or a question added or removed."""
    bump_content()


@receiver(post_save, sender=LessonProgress)
@receiver(post_delete, sender=LessonProgress)
@receiver(post_save, sender=QuizAttempt)
@receiver(post_delete, sender=QuizAttempt)
def reader_record_changed(sender, instance, **kwargs):
    bump_readers([instance.user_id])


@receiver(post_save, sender=Assignment)
@receiver(post_delete, sender=Assignment)
def assignment_changed(sender, instance, **kwargs):
    bump_readers([instance.client_id])


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def assigner_renamed(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A client's assignments panel names the therapist who assigned each lesson."""
    if raw or created or instance.role == Role.PATIENT:
        return
    if update_fields is not None and "full_name" not in update_fields:
        return
    bump_readers(Assignment.objects.filter(therapist=instance).values_list("client_id", flat=True))
