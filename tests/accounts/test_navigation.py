import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_anonymous_home_invites_signup_and_login(client):
    content = client.get(reverse("home")).content.decode()
    assert reverse("accounts:signup") in content
    assert reverse("accounts:login") in content
    assert "Log out" not in content
    assert content.count("<h1") == 1


@pytest.mark.django_db
def test_patient_navigation(client, patient):
    client.force_login(patient)
    content = client.get(reverse("home")).content.decode()
    assert "My dashboard" in content
    assert "My details" in content
    assert "Log out" in content
    assert "My clients" not in content
    assert "Edit content" not in content


@pytest.mark.django_db
def test_therapist_navigation(client, therapist):
    client.force_login(therapist)
    content = client.get(reverse("home")).content.decode()
    assert "My clients" in content
    assert "My dashboard" not in content
    assert "Edit content" not in content


@pytest.mark.django_db
def test_editor_navigation(client, editor):
    client.force_login(editor)
    content = client.get(reverse("home")).content.decode()
    assert "Edit content" in content
    assert "My clients" not in content


@pytest.mark.django_db
def test_dashboard_sends_staff_roles_to_admin(client, therapist):
    client.force_login(therapist)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_dashboard_for_patient(client, patient):
    client.force_login(patient)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert "Hello, Ada" in response.content.decode()


@pytest.mark.django_db
def test_base_layout_landmarks_and_skip_link(client):
    content = client.get(reverse("home")).content.decode()
    assert 'href="#main"' in content
    assert '<main id="main"' in content
    assert 'aria-live="polite"' in content
    assert "htmx" in content and "<script src=" in content


@pytest.mark.django_db
def test_htmx_sends_the_csrf_token_for_logged_in_users(patient_client):
    content = patient_client.get(reverse("home")).content.decode()
    assert "hx-headers='{\"X-CSRFToken\": \"" in content  # htmx sends the CSRF token from <body>


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "education:series"])
def test_public_pages_set_no_csrf_cookie_for_visitors(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "X-CSRFToken" not in response.content.decode()
    assert settings.CSRF_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_a_public_lesson_sets_no_csrf_cookie_for_visitors(client):
    from tests.factories import LessonFactory

    lesson = LessonFactory(status="published")
    response = client.get(reverse("education:lesson", args=[lesson.slug]))
    assert response.status_code == 200
    assert settings.CSRF_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_no_template_comment_leaks_into_the_page(client, patient, logged_in):
    if logged_in:
        client.force_login(patient)
    html = client.get(reverse("home")).content.decode()
    assert "{#" not in html and "{%" not in html and "#}" not in html
