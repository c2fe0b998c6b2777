"""Two gunicorn app servers on one PostgreSQL database: log in on one, carry on with the other.

PostgreSQL only (CI's second run): two server processes cannot share the test run's SQLite
database, which lives in memory. test_stateless.py shows the same property on SQLite with two
WSGI handlers, and `make bench` with Redis as well.
"""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import timezone

from tests.factories import PatientFactory

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
PASSWORD = "a long test passphrase for two servers"

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (DATABASE_URL): two server processes cannot share the test's SQLite database",
)


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def database_url():
    db = settings.DATABASES["default"]
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"


def request(port, method, path, cookies, body=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Host": HOST, "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=urlencode(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    return response, payload


def csrf_token(payload):
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', payload).group(1).decode()


@pytest.fixture
def two_servers(transactional_db):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bonehealth.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url(),
        # No connection kept open: the test database is dropped at the end of the run.
        "DB_CONN_MAX_AGE": "0",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        # No collectstatic in tests: WhiteNoise serves from the finders.
        "PLAIN_STATIC_STORAGE": "1",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    servers = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [
                    str(gunicorn),
                    "bonehealth.wsgi:application",
                    "--workers",
                    "1",
                    "--bind",
                    f"{HOST}:{port}",
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
            servers.append((port, process))
        for port, process in servers:
            deadline = time.time() + 30
            while True:
                assert process.poll() is None, process.stderr.read().decode()[-2000:]
                try:
                    if request(port, "GET", "/healthz/", {})[0].status == 200:
                        break
                except OSError:
                    pass
                assert time.time() < deadline, "gunicorn did not start within 30 s"
                time.sleep(0.2)
        yield [port for port, _ in servers]
    finally:
        for _, process in servers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=15)


def test_login_on_one_gunicorn_and_carry_on_with_another(two_servers):
    a, b = two_servers
    patient = PatientFactory(email="ada@example.com", password=None)
    # The servers run the production settings, whose hashers do not include the tests' MD5.
    hasher = PBKDF2PasswordHasher()
    patient.password = hasher.encode(PASSWORD, hasher.salt())
    patient.save()
    cookies = {}

    _, page = request(a, "GET", "/accounts/login/", cookies)
    response, _ = request(
        a,
        "POST",
        "/accounts/login/",
        cookies,
        {"username": "ada@example.com", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)},
    )
    assert response.status == 302
    assert response.getheader("Location") == "/accounts/dashboard/"

    response, page = request(b, "GET", "/accounts/dashboard/", cookies)
    assert response.status == 200
    assert b"Log out" in page

    today = timezone.localdate()
    _, page = request(b, "GET", "/tracker/check-in/", cookies)
    response, _ = request(
        b,
        "POST",
        "/tracker/check-in/",
        cookies,
        {"day": today.isoformat(), "sleep_hours": "7", "csrfmiddlewaretoken": csrf_token(page)},
    )
    assert response.status == 302
    assert patient.tracker_entries.filter(day=today).exists()

    response, page = request(a, "GET", "/accounts/dashboard/", cookies)
    response, _ = request(b, "POST", "/accounts/logout/", cookies, {"csrfmiddlewaretoken": csrf_token(page)})
    assert response.status == 302
    response, _ = request(a, "GET", "/accounts/dashboard/", cookies)
    assert response.status == 302
    assert response.getheader("Location").startswith("/accounts/login/")
