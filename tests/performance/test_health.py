"""GET /healthz/: what a load balancer polls on each app server (docs/DEPLOY.md)."""

import pytest
from django.test import Client


def test_health_check_answers_ok_without_the_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = Client().get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_health_check_answers_head_and_refuses_post(db):
    assert Client().head("/healthz/").status_code == 200
    assert Client().post("/healthz/").status_code == 405


@pytest.mark.django_db
def test_health_check_is_not_redirected_to_https(settings):
    # Load balancers talk plain HTTP to each app server; every other page still redirects.
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/healthz/").status_code == 200
    assert client.get("/").status_code == 301
