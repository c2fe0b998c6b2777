"""Keep the lesson page's cached content (education.lesson_content) in step: any change to a
lesson's sections, FAQs, references or glossary terms moves the lesson's `updated` time,
which is part of the cache key. Changes to the lesson row itself move it already (auto_now)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from education.models import Faq, GlossaryTerm, Lesson, Reference, Section


def touch_lessons(**lookup):
    Lesson.objects.filter(**lookup).update(updated=timezone.now())


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
