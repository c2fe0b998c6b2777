"""Real processes for the fault tests: gunicorn serving the production settings, a Redis of the
test's own, and a small HTTP client keeping cookies (issue #15, faults)."""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.auth.hashers import PBKDF2PasswordHasher

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
PASSWORD = "a long test passphrase for the fault test"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def set_password(user, password=PASSWORD):
    """The servers run the production settings, whose hashers do not include the tests' MD5."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(password, hasher.salt())
    user.save(update_fields=["password"])


def wait_for(check, seconds, what):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {seconds} s")
        time.sleep(0.1)


class Gunicorn:
    def __init__(self, env, *, workers=2, threads=1, log_path=None):
        self.port = free_port()
        self.log_path = log_path
        log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115 - closed in stop()
        self._log = log
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bonehealth.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            # No connection kept open: the test database is dropped at the end of the run.
            "DB_CONN_MAX_AGE": "0",
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "PLAIN_STATIC_STORAGE": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
            **env,
        }
        command = [str(Path(sys.executable).parent / "gunicorn"), "bonehealth.wsgi:application"]
        command += ["--workers", str(workers), "--threads", str(threads), "--timeout", "30"]
        command += ["--bind", f"{HOST}:{self.port}", "--no-control-socket"]
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
        )
        try:
            wait_for(self._answers, 60, "gunicorn did not answer /healthz/")
        except AssertionError:
            self.stop()
            raise

    def _answers(self):
        assert self.process.poll() is None, f"gunicorn exited; see {self.log_path}"
        return Client(self.port).get("/healthz/")[0] == 200

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        if self._log is not subprocess.DEVNULL:
            self._log.close()

    def log_text(self):
        return Path(self.log_path).read_text() if self.log_path else ""


class Redis:
    """redis-server on a port of its own, keeping nothing on disk."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.process = None
        self.start()

    @staticmethod
    def available():
        return shutil.which("redis-server") is not None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, 10, "redis-server did not start")

    def _answers(self):
        with socket.create_connection((HOST, self.port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    @property
    def url(self):
        return f"redis://{HOST}:{self.port}/0"

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)


class Client:
    """A browser's worth of HTTP: cookies kept, redirects not followed, a hard timeout."""

    def __init__(self, port, timeout=10):
        self.port = port
        self.timeout = timeout
        self.cookies = {}

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        headers = {"Host": HOST, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        try:
            conn.request(method, path, body=urlencode(body) if body is not None else None, headers=headers)
            response = conn.getresponse()
            payload = response.read()
        finally:
            conn.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, payload.decode(), response

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, page_path, path, fields):
        """GET the page for its CSRF token, then POST the form."""
        _, page, _ = self.get(page_path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", path, {**fields, "csrfmiddlewaretoken": token})

    def log_in(self, email, password=PASSWORD):
        status, _, response = self.post_form(
            "/accounts/login/", "/accounts/login/", {"username": email, "password": password}
        )
        assert status == 302, f"login answered {status}"
        return response.getheader("Location")
