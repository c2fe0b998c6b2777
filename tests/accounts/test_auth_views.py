import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD


@pytest.mark.django_db
def test_login_with_email_any_case(client, patient):
    response = client.post(
        reverse("accounts:login"), {"username": "ADA@example.com", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert client.session["_auth_user_id"] == str(patient.pk)


@pytest.mark.django_db
def test_login_wrong_password_explains(client, patient):
    response = client.post(reverse("accounts:login"), {"username": patient.email, "password": "nope"})
    assert response.status_code == 200
    assert "The email address or password is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_ends_session_on_server(client, patient):
    client.force_login(patient)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


@pytest.mark.django_db
def test_logout_needs_post(client, patient):
    client.force_login(patient)
    assert client.get(reverse("accounts:logout")).status_code == 405


@pytest.mark.django_db
def test_password_reset_sends_link_that_sets_new_password(client, patient):
    response = client.post(reverse("accounts:password_reset"), {"email": "ada@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", body).group(1)
    response = client.get(link, follow=True)
    assert b"Choose a new password" in response.content
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "fresh garden path lantern", "new_password2": "fresh garden path lantern"},
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.check_password("fresh garden path lantern")


@pytest.mark.django_db
def test_password_reset_unknown_email_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_change(client, patient):
    client.force_login(patient)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "another calm evening stroll",
            "new_password2": "another calm evening stroll",
        },
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.check_password("another calm evening stroll")


@pytest.mark.django_db
def test_password_change_requires_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- issue #16 accounts fixes -----------------------------------------------------------------------


@pytest.mark.django_db
def test_login_wrong_password_error_is_shown_once(client, patient):
    response = client.post(reverse("accounts:login"), {"username": patient.email, "password": "nope"})
    content = response.content.decode()
    assert content.count("The email address or password is not right") == 1
    assert "There is a problem" in content  # in the error summary


@pytest.mark.django_db
def test_signup_puts_the_cursor_in_full_name(client):
    content = client.get(reverse("accounts:signup")).content.decode()
    assert content.count("autofocus") == 1
    full_name = re.search(r"<input[^>]*name=\"full_name\"[^>]*>", content).group(0)
    assert "autofocus" in full_name


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["accounts:password_change", "accounts:signup"])
def test_password_pages_list_the_sites_own_rules(client, patient, url_name):
    client.force_login(patient)
    if url_name == "accounts:signup":
        client.logout()
    content = client.get(reverse(url_name)).content.decode()
    assert "At least 10 characters, not only numbers" in content
    # Django's stock list of validator texts is not shown.
    assert "can’t be a commonly used password" not in content
    assert "Your password must contain at least" not in content


@pytest.mark.django_db
def test_password_reset_page_lists_the_sites_own_rules(client, patient):
    client.post(reverse("accounts:password_reset"), {"email": patient.email})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True).content.decode()
    assert "At least 10 characters, not only numbers" in page
    assert "Your password must contain at least" not in page


@pytest.mark.django_db
def test_logout_says_so_on_the_page_it_lands_on(client, patient):
    client.force_login(patient)
    response = client.post(reverse("accounts:logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "You have logged out." in response.content.decode()


@pytest.mark.django_db
def test_logout_when_already_logged_out_says_nothing(client):
    response = client.post(reverse("accounts:logout"), follow=True)
    assert "You have logged out." not in response.content.decode()


# --- issue #15 item 12: password-reset emails are rate-limited ------------------------------------


@pytest.mark.django_db
def test_fifteen_reset_requests_for_one_address_send_three_emails(client, patient, mailoutbox):
    from accounts.views import PASSWORD_RESETS_PER_ADDRESS

    for number in range(15):
        response = client.post(
            reverse("accounts:password_reset"), {"email": patient.email}, REMOTE_ADDR=f"198.51.100.{number}"
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_reset_done")

    assert len(mailoutbox) == PASSWORD_RESETS_PER_ADDRESS == 3


@pytest.mark.django_db
def test_one_client_cannot_send_reset_emails_to_many_addresses(client, mailoutbox):
    from accounts.views import PASSWORD_RESETS_PER_IP
    from tests.factories import PatientFactory

    patients = [PatientFactory() for _ in range(PASSWORD_RESETS_PER_IP + 3)]
    for patient in patients:
        response = client.post(reverse("accounts:password_reset"), {"email": patient.email})
        assert response.status_code == 302

    assert len(mailoutbox) == PASSWORD_RESETS_PER_IP == 10


@pytest.mark.django_db
def test_an_over_long_email_at_login_is_a_form_error_and_records_no_attempt(client):
    from axes.models import AccessAttempt

    too_long = "a" * 300 + "@example.com"
    response = client.post(reverse("accounts:login"), {"username": too_long, "password": "x"})
    assert response.status_code == 200
    assert "An email address has at most 254 characters." in response.content.decode()
    assert not AccessAttempt.objects.exists()
