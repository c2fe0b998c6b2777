import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from bonehealth.emails import render_email, send_templated_email


def test_plain_text_email_from_templates(settings, tmp_path):
    (tmp_path / "hello_subject.txt").write_text("Hello\n  {{ name }}\n")
    (tmp_path / "hello.txt").write_text("Dear {{ name }}")
    settings.TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}]
    send_templated_email(to=["a@example.com"], template="hello", context={"name": "Ada"})
    (message,) = mail.outbox
    assert message.subject == "Hello Ada"
    assert message.body == "Dear Ada"
    assert message.to == ["a@example.com"]
    assert message.alternatives == []


def test_html_part_when_its_template_exists(settings, tmp_path):
    (tmp_path / "hi_subject.txt").write_text("Hi")
    (tmp_path / "hi.txt").write_text("text")
    (tmp_path / "hi.html").write_text("<p>{{ name }}</p>")
    settings.TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}]
    message = render_email(to=["a@example.com"], template="hi", context={"name": "<b>"}, headers={"X-A": "1"})
    assert message.alternatives[0][0] == "<p>&lt;b&gt;</p>"
    assert message.extra_headers == {"X-A": "1"}


# --- queued, not sent on the request path (issue #17) ----------------------------------------------


def hello_templates(settings, tmp_path):
    (tmp_path / "hello_subject.txt").write_text("Hello")
    (tmp_path / "hello.txt").write_text("Dear {{ name }}")
    settings.TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}]


def test_sending_only_queues_the_email(settings, tmp_path):
    hello_templates(settings, tmp_path)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    result = send_templated_email(to=["a@example.com"], template="hello", context={"name": "Ada"})
    assert mail.outbox == []
    assert result.task.name == "send_email"
    assert result.kwargs["context"] == {"name": "Ada"}


def test_a_context_that_is_not_plain_values_is_refused_at_once(settings, tmp_path, patient):
    hello_templates(settings, tmp_path)
    with pytest.raises(TypeError):
        send_templated_email(to=["a@example.com"], template="hello", context={"user": patient})


class FlakyBackend(BaseEmailBackend):
    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("mail server went away")
        mail.outbox.extend(messages)
        return len(messages)


def test_a_failed_send_is_tried_again(settings, tmp_path):
    hello_templates(settings, tmp_path)
    settings.EMAIL_BACKEND = "tests.bonehealth.test_emails.FlakyBackend"
    FlakyBackend.failures = 2
    result = send_templated_email(to=["a@example.com"], template="hello", context={"name": "Ada"})
    assert result.return_value == "retrying"
    assert [m.body for m in mail.outbox] == ["Dear Ada"]


def test_after_the_last_try_the_task_fails_with_an_error_naming_no_context(settings, tmp_path, caplog):
    hello_templates(settings, tmp_path)
    settings.EMAIL_BACKEND = "tests.bonehealth.test_emails.FlakyBackend"
    settings.EMAIL_TASK_ATTEMPTS = 2
    FlakyBackend.failures = 5
    from bonehealth.emails import send_email

    result = send_email.enqueue(to=["a@example.com"], template="hello", context={"name": "Secretname"},
                                headers={}, attempt=2)
    assert result.status == "FAILED"
    (error,) = result.errors
    assert error.exception_class.__name__ == "EmailNotSent"
    assert "hello not sent after 2 attempts (SMTPServerDisconnected)" in error.traceback
    assert "Secretname" not in error.traceback
    assert "a@example.com" not in error.traceback
    assert "Secretname" not in caplog.text
    assert mail.outbox == []


def test_the_retry_delay_grows():
    from bonehealth.emails import retry_delay

    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3)] == [1, 4, 16]
