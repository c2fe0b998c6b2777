"""Passwords per NIST SP 800-63B: long passphrases, no composition rules, a common-password
check with a plain message, and pasting allowed."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD

PASSPHRASE_100 = ("a quiet morning walk along the estuary with bread and tea " * 2)[:100]


def signup(client, password, email="new@example.com"):
    return client.post(
        reverse("accounts:signup"),
        {"full_name": "New Person", "email": email, "password1": password, "password2": password},
    )


@pytest.mark.django_db
def test_a_100_character_passphrase_is_accepted_and_works(client):
    assert len(PASSPHRASE_100) == 100

    response = signup(client, PASSPHRASE_100)

    assert response.status_code == 200
    user = User.objects.get(email="new@example.com")
    assert user.check_password(PASSPHRASE_100)
    client.post(reverse("accounts:logout"))
    login = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSPHRASE_100})
    assert login.status_code == 302


@pytest.mark.django_db
def test_a_long_passphrase_can_be_set_by_password_change(client, patient):
    client.force_login(patient)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": PASSPHRASE_100, "new_password2": PASSPHRASE_100},
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.check_password(PASSPHRASE_100)


@pytest.mark.django_db
def test_a_common_password_is_refused_in_plain_words(client):
    response = signup(client, "password123456")

    assert response.status_code == 422
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.parametrize(
    "password",
    [
        "lowercase words only here",  # no digits, capitals or symbols needed
        "ALLCAPSWITHOUTSPACES",
        "tea & toast @ 7",  # symbols and spaces allowed
        "ünïcödé pässwörd ✓ 日本語",
    ],
)
@pytest.mark.django_db
def test_no_composition_rules(password):
    validate_password(password)  # raises if any rule refuses it


@pytest.mark.django_db
def test_too_short_is_refused_with_the_minimum_named():
    with pytest.raises(ValidationError) as excinfo:
        validate_password("short one")
    assert any("at least 10 characters" in message for message in excinfo.value.messages)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["accounts:signup", "accounts:login"])
def test_password_fields_allow_paste_and_password_managers(client, name):
    html = client.get(reverse(name)).content.decode()

    password_inputs = re.findall(r'<input[^>]+type="password"[^>]*>', html)
    assert password_inputs
    for tag in password_inputs:
        assert "onpaste" not in tag
        assert 'autocomplete="off"' not in tag
        assert re.search(r'autocomplete="(new|current)-password"', tag)
    assert "onpaste" not in html


@pytest.mark.django_db
def test_password_change_form_allows_paste(patient_client):
    html = patient_client.get(reverse("accounts:password_change")).content.decode()
    assert 'type="password"' in html
    assert "onpaste" not in html


def test_no_script_blocks_paste():
    from pathlib import Path

    for script in (Path(__file__).resolve().parents[2] / "static" / "js").glob("*.js"):
        text = script.read_text()
        assert "paste" not in text.lower(), f"{script.name} handles paste events"
