"""Changing the email address (accounts.views.email_change, email_change_confirm): the current
password, a signed single-use link to the new address, a notice to the old one, and the change
only after the link is used."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from accounts.email_change import EMAIL_CHANGE_MAX_AGE, make_token
from tests.factories import DEFAULT_PASSWORD, PatientFactory

URL = reverse("accounts:email_change")


def confirm_url(token):
    return reverse("accounts:email_change_confirm", args=[token])


def link_in(message):
    return re.search(r"https?://[^/\s]+(/accounts/email/confirm/[^\s]+/)", message.body).group(1)


def ask(client, new_email, password=DEFAULT_PASSWORD):
    return client.post(URL, {"new_email": new_email, "password": password})


@pytest.mark.django_db
def test_email_change_page_asks_for_new_address_and_current_password(patient_client):
    response = patient_client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="new_email"' in content
    assert 'name="password"' in content
    assert "Your current password" in content


@pytest.mark.django_db
def test_email_change_sends_link_to_new_address_and_notice_to_old_without_changing(patient_client, patient):
    response = ask(patient_client, "New.Ada@Example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    patient.refresh_from_db()
    assert patient.email == "ada@example.com"  # nothing changes before the link is opened
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "new.ada@example.com"]
    to_new = next(m for m in mail.outbox if m.to == ["new.ada@example.com"])
    to_old = next(m for m in mail.outbox if m.to == ["ada@example.com"])
    assert "/accounts/email/confirm/" in to_new.body
    assert "/accounts/email/confirm/" not in to_old.body  # the old address cannot confirm
    assert "change your password" in to_old.body
    page = patient_client.get(reverse("accounts:profile")).content.decode()
    assert "We have sent a link to new.ada@example.com" in page


@pytest.mark.django_db
def test_the_link_changes_the_address_once(patient_client, patient):
    ask(patient_client, "new.ada@example.com")
    link = link_in(next(m for m in mail.outbox if m.to == ["new.ada@example.com"]))
    page = patient_client.get(link)
    assert page.status_code == 200
    assert "new.ada@example.com" in page.content.decode()
    patient.refresh_from_db()
    assert patient.email == "ada@example.com"  # a GET (a mail scanner) changes nothing
    response = patient_client.post(link)
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.email == "new.ada@example.com"
    again = patient_client.post(link)
    assert again.status_code == 400
    assert "already been used" in again.content.decode()
    patient.refresh_from_db()
    assert patient.email == "new.ada@example.com"


@pytest.mark.django_db
def test_wrong_password_sends_nothing_and_keeps_the_address_typed(patient_client, patient):
    response = ask(patient_client, "new.ada@example.com", password="not-my-password")
    assert response.status_code == 422
    content = response.content.decode()
    assert "That password is not right" in content
    assert "There is a problem" in content
    assert 'value="new.ada@example.com"' in content
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("new_email", "message"),
    [
        ("", "Enter your new email address."),
        ("nope", "Enter an email address in the right format"),
        ("ADA@example.com", "This is already your email address."),
    ],
)
def test_bad_new_address_is_an_error_beside_the_field(patient_client, new_email, message):
    response = ask(patient_client, new_email)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_address_in_use_answers_the_same_and_tells_its_owner(patient_client, patient, other_patient):
    response = ask(patient_client, other_patient.email)
    assert response.status_code == 302
    page = patient_client.get(reverse("accounts:profile")).content.decode()
    assert f"We have sent a link to {other_patient.email}" in page
    to_owner = next(m for m in mail.outbox if m.to == [other_patient.email])
    assert "already belongs to a Bone health account" in to_owner.body
    assert "/accounts/email/confirm/" not in to_owner.body
    patient.refresh_from_db()
    assert patient.email == "ada@example.com"


@pytest.mark.django_db
def test_another_users_link_is_a_404(client, patient, other_patient):
    token = make_token(patient, "new.ada@example.com")
    client.force_login(other_patient)
    assert client.get(confirm_url(token)).status_code == 404
    assert client.post(confirm_url(token)).status_code == 404
    patient.refresh_from_db()
    other_patient.refresh_from_db()
    assert patient.email == "ada@example.com"
    assert other_patient.email != "new.ada@example.com"


@pytest.mark.django_db
def test_a_tampered_link_is_refused(patient_client, patient):
    token = make_token(patient, "new.ada@example.com")
    data = signing.loads(token, salt="accounts.email-change")
    forged = signing.dumps({**data, "e": "evil@example.com"}, salt="another-salt")
    for bad in (forged, token[:-3] + "abc", "nonsense"):
        response = patient_client.post(confirm_url(bad))
        assert response.status_code == 400
        assert "not complete or not right" in response.content.decode()
    patient.refresh_from_db()
    assert patient.email == "ada@example.com"


@pytest.mark.django_db
def test_an_expired_link_is_refused(patient_client, patient, monkeypatch):
    token = make_token(patient, "new.ada@example.com")
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + EMAIL_CHANGE_MAX_AGE + 60)
    response = patient_client.post(confirm_url(token))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    patient.refresh_from_db()
    assert patient.email == "ada@example.com"


@pytest.mark.django_db
def test_a_password_change_cancels_the_link(patient_client, patient):
    token = make_token(patient, "new.ada@example.com")
    patient.set_password("another-long-passphrase")
    patient.save()
    patient_client.force_login(patient)
    response = patient_client.post(confirm_url(token))
    assert response.status_code == 400
    patient.refresh_from_db()
    assert patient.email == "ada@example.com"


@pytest.mark.django_db
def test_an_address_taken_before_confirming_is_refused(patient_client, patient):
    token = make_token(patient, "new.ada@example.com")
    PatientFactory(email="new.ada@example.com")
    response = patient_client.post(confirm_url(token))
    assert response.status_code == 400
    assert "Another account now uses this email address" in response.content.decode()
    patient.refresh_from_db()
    assert patient.email == "ada@example.com"


@pytest.mark.django_db
def test_email_change_needs_login(client, patient):
    token = make_token(patient, "new.ada@example.com")
    for url in (URL, confirm_url(token)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_email_change_wrong_method(patient_client, patient):
    assert patient_client.delete(URL).status_code == 405
    assert patient_client.put(confirm_url(make_token(patient, "n@example.com"))).status_code == 405


@pytest.mark.django_db
def test_emails_carry_no_health_data(patient_client, patient):
    from tests.factories import EntryFactory

    EntryFactory(patient=patient, note="Knee sore after the gym")
    ask(patient_client, "new.ada@example.com")
    for message in mail.outbox:
        assert "Knee" not in message.body
        assert "sleep" not in message.body.lower()
