"""Form labels: no bare "*" after required fields (read out as "star", never explained);
optional fields say "(optional)"."""

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["accounts:login", "accounts:signup", "accounts:password_reset"])
def test_required_fields_have_no_star(client, name):
    html = client.get(reverse(name)).content.decode()
    assert "asteriskField" not in html
    assert ">*<" not in html
    assert " required" in html  # the inputs say it themselves


class MixedForm(forms.Form):
    name = forms.CharField(label="Your name")
    phone = forms.CharField(label="Phone number", required=False)
    news = forms.BooleanField(label="Send me news", required=False)


def render(form):
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def test_optional_fields_say_so():
    html = render(MixedForm())
    assert 'Phone number <span class="optional-mark">(optional)</span>' in html
    assert 'Send me news <span class="optional-mark">(optional)</span>' in html
    assert "Your name <span" not in html
    assert "asteriskField" not in html


@pytest.mark.django_db
def test_the_check_in_hides_the_mark_once_explained(patient_client):
    html = patient_client.get(reverse("tracker:checkin")).content.decode()
    assert "Answer what you can" in html
    assert "optional-mark" in html  # hidden by tracker.css, the intro says it once
    assert "asteriskField" not in html
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "tracker.css").read_text()
    assert ".checkin-form .optional-mark { display: none; }" in css
