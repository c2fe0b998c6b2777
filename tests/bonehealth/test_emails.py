from django.core import mail

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
