"""Email every editor the lessons whose review is overdue or due within 30 days (issue #19).

Meant to run once a week. Until the background tasks of the reminders issue (#17) schedule it,
run it from cron, e.g. `0 8 * * 1 python manage.py send_review_due_notice` (Mondays at 08:00).
Sends nothing when no review is due. Lesson titles and dates only: no one's health data.
"""

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from bonehealth.emails import send_templated_email
from education.review_dates import review_due_lessons


class Command(BaseCommand):
    help = "Email editors the lessons whose review is overdue or due within 30 days (run weekly)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        lessons = list(review_due_lessons(today=today).select_related("series"))
        if not lessons:
            self.stdout.write("No lesson review is due: no notice sent.")
            return
        editors = list(User.objects.filter(role=Role.EDITOR, is_active=True).values_list("email", flat=True))
        context = {
            "overdue": [lesson for lesson in lessons if lesson.next_review_due < today],
            "due_soon": [lesson for lesson in lessons if lesson.next_review_due >= today],
            "admin_path": reverse("admin:education_lesson_changelist") + "?review=soon",
        }
        for email in editors:
            send_templated_email(to=[email], template="education/emails/review_due", context=context)
        self.stdout.write(
            f"Review due for {len(lessons)} lesson(s): notice sent to {len(editors)} editor(s)."
        )
