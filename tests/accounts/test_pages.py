"""The information pages (accounts.pages): privacy notice, accessibility statement, contact;
public, linked from every page's footer."""

import pytest
from django.test import override_settings
from django.urls import reverse

PAGES = {
    "privacy": ["Privacy notice", "Your therapist, and only yours", "Download my data", "Delete my account"],
    "accessibility": ["Accessibility statement", "WCAG", "2.2", "Known limits"],
    "contact": ["Contact us", "cannot give medical advice"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_page_answers_everyone_with_its_content(client, patient, name):
    for logged_in in (False, True):
        if logged_in:
            client.force_login(patient)
        response = client.get(reverse(name))
        assert response.status_code == 200
        content = response.content.decode()
        for words in PAGES[name]:
            assert words in content


@pytest.mark.django_db
@override_settings(CONTACT_EMAIL="team@bone.example")
@pytest.mark.parametrize("name", PAGES)
def test_page_gives_the_contact_address(client, name):
    assert 'href="mailto:team@bone.example"' in client.get(reverse(name)).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_page_answers_head_and_refuses_post(client, name):
    assert client.head(reverse(name)).status_code == 200
    assert client.post(reverse(name)).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["home", "accounts:login", "privacy"])
def test_every_page_footer_links_the_three_pages(client, url_name):
    content = client.get(reverse(url_name)).content.decode()
    footer = content[content.index('<footer class="site-footer">') :]
    for name in PAGES:
        assert f'href="{reverse(name)}"' in footer


@pytest.mark.django_db
def test_password_fields_get_the_show_password_script(client):
    """The toggle is added by static/js/password.js (no inline script: CSP); without it the
    field is a plain password field."""
    content = client.get(reverse("accounts:login")).content.decode()
    assert 'src="/static/js/password.js"' in content
    assert 'type="password"' in content
