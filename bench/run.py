"""`make bench`: every page under load, on PostgreSQL and Redis, served by gunicorn with the
production settings, driven by wrk. Prints a table and writes it into docs/PERFORMANCE.md.

Steps: check PostgreSQL, Redis and wrk; create a fresh database `bonehealth_bench`; migrate;
build the data set (bench.dataset); collectstatic; start gunicorn on 127.0.0.1; for each page
count the database queries of one request (CaptureQueriesContext, in this process, against
the same database) and run wrk for a fixed time; check the static files' headers and the
lesson page's weight; read the workers' memory; then show that the app servers keep no state:
log in on one gunicorn and carry on with a second one, both reached through nginx with the
shipped proxy settings (deploy/proxy_params.conf), the second on a unix socket as
docs/DEPLOY.md recommends. The database is dropped at the end (--keep-db keeps it for a look
around).

    .venv/bin/python -m bench.run [--seconds 10] [--connections 8] [--only lesson,home]
    .venv/bin/python -m bench.run --two-servers-only --patients 20 --days 7 --no-doc
"""

import argparse
import gzip
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "PERFORMANCE.md"
LUA = Path(__file__).resolve().parent / "wrk.lua"
BIN = Path(sys.executable).parent

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB_NAME", "bonehealth_bench")
# Redis database 15, flushed at the start: never the cache another process uses.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
HOST = "127.0.0.1"
PORTS = (8765, 8766)
# nginx in front of each app server for the two-server check (deploy/proxy_params.conf).
PROXY_PORTS = (8775, 8776)
SOCKET = VAR / "gunicorn-b.sock"
WORKERS = 2
THREADS = 2
# Requests per page through the test client in this process: a warm-up, the one whose queries
# are counted, then the ones timed ("one request alone").
INPROCESS_REQUESTS = 17
# Django accepts an unmasked 32-character secret as the token (the cookie holds the same).
CSRF_TOKEN = secrets.token_hex(16)

BEGIN = "<!-- bench:begin (written by `make bench`; edit outside these markers) -->"
END = "<!-- bench:end -->"

NEEDS = """\
make bench needs, on this machine:
  - PostgreSQL at 127.0.0.1:5432, user "postgres" allowed to connect without a password
    (trust) and to create databases. On Debian: apt-get install postgresql &&
    pg_ctlcluster 15 main start (or set BENCH_PG_URL=postgres://user:password@host:port).
  - Redis at 127.0.0.1:6379 (apt-get install redis-server; or set BENCH_REDIS_URL).
  - wrk (apt-get install wrk; `make bench` installs it when run as root).
  - nginx (apt-get install nginx; `make bench` installs it when run as root): the
    two-app-server check runs through it, with deploy/proxy_params.conf.
It creates and drops its own database "bonehealth_bench"; it never touches any other."""


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- preconditions and the database -----------------------------------------------------------


def check_requirements(wrk=True):
    problems = []
    try:
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        problems.append(f"PostgreSQL is not reachable at {PG_URL}: {exc}".strip())
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as exc:
        problems.append(f"Redis is not reachable at {REDIS_URL}: {exc}")
    if wrk and not shutil.which("wrk"):
        problems.append("wrk is not installed.")
    if not shutil.which("nginx"):
        problems.append("nginx is not installed (the two-app-server check runs through it).")
    if problems:
        print("\n".join(["Cannot run the benchmark:", *(f"  - {p}" for p in problems), "", NEEDS]))
        sys.exit(2)


def recreate_database():
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))


def drop_database():
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))


def production_environment():
    """The production settings, as a deployment sets them, except plain HTTP on loopback."""
    return {
        # bonehealth.settings with only STATIC_ROOT moved under var/bench/.
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on 127.0.0.1: no redirect to HTTPS, cookies without the Secure flag.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "WARNING",
    }


# --- pages ----------------------------------------------------------------------------------------


@dataclass
class Page:
    key: str
    label: str
    path: str | None = None  # None: the page is not built yet
    method: str = "GET"
    cookie: str = ""
    requests: list = field(default_factory=list)  # POST: (path, cookie, body) each
    count_requests: list = field(default_factory=list)  # POST: requests kept for counting and timing
    expect: int = 200
    accept_encoding: str = ""
    target: float | None = None  # minimum throughput as a share of the baseline
    group: str = ""
    # The key of the same trivial view for the same kind of user (session, user, for a therapist
    # the OTP device too): what a logged-in page cannot beat however little it does.
    base: str = ""
    note: str = ""
    queries: int | None = None
    sql: list = field(default_factory=list)
    transaction_control: int = 0
    result: dict = field(default_factory=dict)


def try_reverse(names, *args):
    from django.urls import NoReverseMatch, reverse

    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def make_session(user, *, verified_device=None):
    """A logged-in session stored server-side, as a login through the form leaves it (for staff:
    having passed two-step verification). Returns the session key."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["login_at"] = time.time()  # accounts.middleware.StaffSessionLimitMiddleware
    store["mfa_enrolled"] = verified_device is not None  # accounts.mfa.ENROLLED_SESSION_KEY
    if verified_device is not None:
        from django_otp import DEVICE_ID_SESSION_KEY

        store[DEVICE_ID_SESSION_KEY] = verified_device.persistent_id
    store.create()
    return store.session_key


def cookie_for(session_key):
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={CSRF_TOKEN}"


def define_pages(data):
    """Every page of issue #9, with a logged-in session where it needs one. A page whose URL
    does not resolve yet is listed as not built."""
    from django.apps import apps
    from django.contrib.staticfiles.storage import staticfiles_storage

    User = apps.get_model("accounts", "User")
    # Patients who have completed every lesson: the longest dashboard and series pages.
    patient = User.objects.get(pk=data.patient_ids[len(data.lesson_slugs)])
    week_patient = User.objects.get(pk=data.week_patient_ids[0]) if data.week_patient_ids else None
    therapist = User.objects.get(pk=data.therapist_ids[0])
    client_id = data.clients[therapist.pk][len(data.lesson_slugs)]
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    device = TOTPDevice.objects.filter(user=therapist, confirmed=True).first()
    patient_cookie = cookie_for(make_session(patient))
    therapist_cookie = cookie_for(make_session(therapist, verified_device=device))
    lesson = data.lesson_slugs[1] if len(data.lesson_slugs) > 1 else (data.lesson_slugs or [None])[0]

    pages = [
        Page("baseline", "baseline (/healthz/, no database)", try_reverse(["healthz"]), group="baseline"),
        # The same trivial view for a logged-in patient: the cost of loading the session and the
        # user (and of every middleware that looks at them), which every logged-in page pays.
        Page(
            "baseline_patient",
            "/healthz/ logged in as a patient (session + user)",
            try_reverse(["healthz"]),
            cookie=patient_cookie,
            group="logged_in_baseline",
        ),
        Page(
            "baseline_therapist",
            "/healthz/ logged in as a therapist (session + user + OTP device)",
            try_reverse(["healthz"]),
            cookie=therapist_cookie,
            group="logged_in_baseline",
        ),
        Page("home", "home page", try_reverse(["home"]), target=0.3),
        Page(
            "series",
            "series overview (patient)",
            try_reverse(["education:series"]),
            cookie=patient_cookie,
            target=0.3,
            base="baseline_patient",
        ),
        Page(
            "lesson",
            "lesson page (patient)",
            lesson and try_reverse(["education:lesson"], lesson),
            cookie=patient_cookie,
            target=0.5,
            base="baseline_patient",
        ),
        Page(
            "lesson_visitor",
            "lesson page (visitor, not logged in)",
            lesson and try_reverse(["education:lesson"], lesson),
            target=0.5,
        ),
        Page(
            "quiz",
            "quiz page (patient)",
            lesson and try_reverse(["education:quiz"], lesson),
            cookie=patient_cookie,
            target=0.3,
            base="baseline_patient",
        ),
    ]

    # Quiz answers: each POST answers a different open question of a different patient.
    answer = Page(
        "quiz_answer",
        "quiz answer submission (POST)",
        method="POST",
        expect=302,
        target=0.3,
        base="baseline_patient",
    )
    if data.open_questions and try_reverse(["education:attempt_question"], "x", 1, 1):
        sessions = {}
        lines = []
        for user_id, slug, attempt_id, position, choice_id in data.open_questions:
            if user_id not in sessions:
                sessions[user_id] = cookie_for(make_session(User(pk=user_id, password=_password_of(user_id))))
            path = try_reverse(["education:attempt_question"], slug, attempt_id, position)
            lines.append((path, sessions[user_id], urlencode({"choice": choice_id})))
            if len(lines) >= 6000:
                break
        answer.count_requests, answer.requests = lines[:INPROCESS_REQUESTS], lines[INPROCESS_REQUESTS:]
        answer.path = answer.requests[0][0]
    pages.append(answer)

    dashboard = try_reverse(["accounts:dashboard"])
    pages.append(
        Page(
            "dashboard",
            "patient dashboard (a year of check-ins)",
            dashboard,
            cookie=patient_cookie,
            target=0.3,
            group="dashboards",
            base="baseline_patient",
        )
    )
    # The tracker home shows the trends, for 7, 30 or 90 days (?range=).
    trends_path = try_reverse(["tracker:trends", "tracker:home"])
    if trends_path:
        trends_path += "?range=90"
    pages.append(
        Page(
            "trends",
            "tracker trends, 90 days (patient)",
            trends_path,
            cookie=patient_cookie,
            target=0.3,
            group="dashboards",
            base="baseline_patient",
        )
    )
    if week_patient is not None:
        week_cookie = cookie_for(make_session(week_patient))
        pages.append(
            Page(
                "dashboard_week",
                "patient dashboard (a week of check-ins)",
                dashboard,
                cookie=week_cookie,
                target=0.3,
                group="dashboards",
                base="baseline_patient",
            )
        )
        pages.append(
            Page(
                "trends_week",
                "tracker trends, 90 days (a week of check-ins)",
                trends_path,
                cookie=week_cookie,
                target=0.3,
                group="dashboards",
                base="baseline_patient",
            )
        )

    checkin = Page(
        "checkin",
        "daily check-in submission (POST)",
        method="POST",
        expect=302,
        target=0.3,
        base="baseline_patient",
    )
    checkin_path = try_reverse(["tracker:checkin"])
    if checkin_path and data.entries:
        lines = []
        for user_id in data.patient_ids:
            cookie = cookie_for(make_session(User(pk=user_id, password=_password_of(user_id))))
            body = urlencode(checkin_form_body())
            lines.append((checkin_path, cookie, body))
        checkin.count_requests, checkin.requests = lines[:INPROCESS_REQUESTS], lines[INPROCESS_REQUESTS:]
        checkin.path = checkin_path
    pages.append(checkin)

    pages.append(
        Page(
            "admin_caseload",
            f"therapist workspace: caseload home ({len(data.clients[therapist.pk])} clients)",
            try_reverse(["admin:care_home"]),
            cookie=therapist_cookie,
            target=0.3,
            group="dashboards",
            base="baseline_therapist",
        )
    )
    pages.append(
        Page(
            "admin_clients",
            f"therapist workspace: client list ({len(data.clients[therapist.pk])} clients)",
            try_reverse(["admin:care_clients", "admin:accounts_client_changelist"]),
            cookie=therapist_cookie,
            target=0.3,
            group="dashboards",
            base="baseline_therapist",
        )
    )
    pages.append(
        Page(
            "admin_client",
            "therapist workspace: client page (a year of check-ins)",
            try_reverse(["admin:care_client", "admin:accounts_client_change"], client_id),
            cookie=therapist_cookie,
            target=0.3,
            group="dashboards",
            base="baseline_therapist",
        )
    )
    pages.append(Page("baseline_end", "baseline again, at the end", pages[0].path, group="baseline"))
    pages.append(
        Page(
            "static_css",
            "static CSS (bootstrap.min.css, brotli)",
            staticfiles_storage.url("bootstrap/css/bootstrap.min.css"),
            accept_encoding="br, gzip",
        )
    )
    return pages


_password_cache = {}


def _password_of(user_id):
    """The stored password hash (part of the session's auth hash)."""
    from django.apps import apps

    if not _password_cache:
        User = apps.get_model("accounts", "User")
        _password_cache.update(User.objects.values_list("pk", "password"))
    return _password_cache[user_id]


def checkin_form_body():
    """A full check-in, as the form posts it (field names of tracker.forms)."""
    from django.utils import timezone

    return {
        "day": timezone.localdate().isoformat(),
        "sleep_hours": "7.5",
        "sleep_quality": "4",
        "stress": "3",
        "training_minutes": "30",
        "training_kinds": "weights",
        "fish_servings": "1",
        "supplement_mg": "500",
        "note": "",
    }


# --- measuring ------------------------------------------------------------------------------------


def count_queries(page):
    """Database queries of one request, through Django's test client in this process against
    the same database and Redis, after a warm-up request (as on a running server); then the
    fastest of fifteen more requests, one at a time."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    requests = (
        [(page.path, page.cookie, None)] * INPROCESS_REQUESTS if page.method == "GET" else page.count_requests
    )

    # One client (one WSGI handler, middleware loaded once), as in a server process.
    client = Client(HTTP_HOST=HOST)

    def send(path, cookie, body):
        client.cookies.clear()
        for part in cookie.split("; ") if cookie else []:
            name, _, value = part.partition("=")
            client.cookies[name] = value
        if body is None:
            return client.get(path)
        return client.post(
            path, body, content_type="application/x-www-form-urlencoded", HTTP_X_CSRFTOKEN=CSRF_TOKEN
        )

    send(*requests[0])
    with CaptureQueriesContext(connection) as queries:
        response = send(*requests[1])
    # Read them now: each request of the test client clears the connection's query log.
    record_queries(page, queries)
    if response.status_code != page.expect:
        page.note = f"query count: answered {response.status_code}, expected {page.expect}"
    timings = []
    for request in requests[2:]:
        start = time.perf_counter()
        send(*request)
        timings.append(time.perf_counter() - start)
    # The fastest: what the page costs by itself, whatever else the machine was doing.
    page.result["inprocess_ms"] = min(timings) * 1000


TRANSACTION_CONTROL = re.compile(r"^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b")


def record_queries(page, queries):
    """Count the statements that do work; BEGIN, COMMIT and SAVEPOINT (which Django's query log
    and django_assert_num_queries also list) are counted apart."""
    page.sql = [q["sql"] for q in queries.captured_queries]
    page.queries = sum(1 for sql in page.sql if not TRANSACTION_CONTROL.match(sql))
    page.transaction_control = len(page.sql) - page.queries


def fetch(port, path, *, method="GET", cookie="", body=None, headers=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    all_headers = {"Host": HOST, **(headers or {})}
    if cookie:
        all_headers["Cookie"] = cookie
    if body is not None:
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        all_headers["X-CSRFToken"] = CSRF_TOKEN
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    return response, payload


def preflight(page, port):
    """One request before the load: the page answers as expected (not a login redirect)."""
    if page.method == "GET":
        headers = {"Accept-Encoding": page.accept_encoding} if page.accept_encoding else None
        response, payload = fetch(port, page.path, cookie=page.cookie, headers=headers)
    else:
        path, cookie, body = page.requests.pop()
        response, payload = fetch(port, path, method="POST", cookie=cookie, body=body)
    location = response.getheader("Location", "")
    ok = response.status == page.expect and "login" not in location
    if not ok:
        page.note = f"preflight: answered {response.status} {location}".strip()
    page.result["bytes"] = len(payload)
    return ok


def run_wrk(page, port, seconds, connections):
    env = {
        **os.environ,
        "BENCH_METHOD": page.method,
        "BENCH_COOKIE": page.cookie,
        "BENCH_ACCEPT_ENCODING": page.accept_encoding,
        "BENCH_CSRF": CSRF_TOKEN,
        "BENCH_THREADS": str(THREADS),
        "BENCH_REQUESTS": "",
    }
    if page.requests:
        requests_file = VAR / f"{page.key}.requests"
        requests_file.write_text("".join(f"{p}\t{c}\t{b}\n" for p, c, b in page.requests))
        env["BENCH_REQUESTS"] = str(requests_file)
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://{HOST}:{port}{page.path}",
    ]
    completed = subprocess.run(  # noqa: S603 - our own fixed command line
        command, env=env, capture_output=True, text=True, timeout=seconds + 60
    )
    line = next((ln for ln in completed.stdout.splitlines() if ln.startswith("BENCH_RESULT ")), None)
    if line is None:
        page.note = f"wrk failed: {completed.stderr.strip() or completed.stdout.strip()}"[:200]
        return
    raw = json.loads(line.removeprefix("BENCH_RESULT "))
    page.result.update(
        rps=raw["requests"] / (raw["duration_us"] / 1e6),
        p50=raw["p50_us"] / 1000,
        p95=raw["p95_us"] / 1000,
        requests=raw["requests"],
        errors=raw["non_2xx_3xx"] + raw["socket_errors"],
    )
    if page.requests and raw["requests"] > len(page.requests):
        page.note = (
            f"{raw['requests'] - len(page.requests)} of {raw['requests']} requests repeated an "
            "earlier one (the cheaper 'already answered' path)"
        )


# --- the server -----------------------------------------------------------------------------------


def start_server(port, workers=WORKERS, socket=None):
    """gunicorn on HOST:port, or on a unix socket (then `port` is the nginx port in front of it)."""
    log = open(VAR / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the process
    env = os.environ.copy()
    env.pop("DB_STATEMENT_TIMEOUT_MS", None)  # the servers run with the production default
    process = subprocess.Popen(  # noqa: S603 - our own fixed command line
        [
            str(BIN / "gunicorn"),
            "bonehealth.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"unix:{socket}" if socket else f"{HOST}:{port}",
            "--no-control-socket",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn on port {port} exited; see {log.name}")
        if socket:
            if socket.exists():
                return process  # start_proxy() then checks /healthz/ through nginx
            time.sleep(0.3)
            continue
        try:
            response, _ = fetch(port, "/healthz/")
            if response.status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(process)
    raise SystemExit(f"gunicorn on port {port} did not answer within 30 s; see {log.name}")


def start_proxy(upstreams):
    """nginx listening on PROXY_PORTS, each in front of one app server (upstreams: "host:port"
    or "unix:/path"), with the shipped proxy settings; its files under var/bench/nginx/."""
    prefix = VAR / "nginx"
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    servers = "".join(
        f"""
    upstream app{n} {{ server {upstream}; keepalive 4; }}
    server {{
        listen {HOST}:{port};
        location / {{
            proxy_pass http://app{n};
            include {ROOT / "deploy" / "proxy_params.conf"};
        }}
    }}"""
        for n, (port, upstream) in enumerate(zip(PROXY_PORTS, upstreams, strict=True))
    )
    config = prefix / "nginx.conf"
    config.write_text(
        f"""daemon off;
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix / "tmp"};
    proxy_temp_path {prefix / "tmp"};
    fastcgi_temp_path {prefix / "tmp"};
    uwsgi_temp_path {prefix / "tmp"};
    scgi_temp_path {prefix / "tmp"};
{servers}
}}
"""
    )
    nginx = shutil.which("nginx")
    process = subprocess.Popen(  # noqa: S603 - our own fixed command line
        [nginx, "-p", str(prefix), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.time() + 15
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"nginx exited; see {prefix / 'error.log'}")
        try:
            if all(fetch(port, "/healthz/")[0].status == 200 for port in PROXY_PORTS):
                return process
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(process)
    raise SystemExit(f"nginx did not pass /healthz/ on within 15 s; see {prefix / 'error.log'}")


def stop_server(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def workers_cpu_seconds(process):
    """CPU time (user + system) the gunicorn workers have used so far. Per request, it shows
    what a page costs the app server whatever else the machine is doing at the time."""
    ps = ["ps", "-o", "pid=", "--ppid", str(process.pid)]
    pids = subprocess.run(ps, capture_output=True, text=True).stdout.split()  # noqa: S603,S607
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def worker_rss_mb(process):
    ps = ["ps", "-o", "rss=", "--ppid", str(process.pid)]
    output = subprocess.run(ps, capture_output=True, text=True)  # noqa: S603,S607
    return [int(line) / 1024 for line in output.stdout.split()]


# --- static files and page weight ---------------------------------------------------------------


def asset_urls(html):
    urls = re.findall(r'<link[^>]+href="(/static/[^"]+)"', html)
    urls += re.findall(r'<script[^>]+src="(/static/[^"]+)"', html)
    return list(dict.fromkeys(urls))


def check_static_and_weight(port, lesson_page):
    """The lesson page's HTML and every asset it links, as a browser with an empty cache
    fetches them (Accept-Encoding: br, gzip); and each asset's caching headers."""
    response, html = fetch(
        port, lesson_page.path, cookie=lesson_page.cookie, headers={"Accept-Encoding": "br, gzip"}
    )
    text = html.decode()
    assets = []
    for url in asset_urls(text):
        asset_response, body = fetch(port, url, headers={"Accept-Encoding": "br, gzip"})
        _, plain = fetch(port, url)
        assets.append(
            {
                "url": url,
                "status": asset_response.status,
                "bytes": len(body),
                "plain_bytes": len(plain),
                "encoding": asset_response.getheader("Content-Encoding", "none"),
                "cache_control": asset_response.getheader("Cache-Control", ""),
                "hashed": bool(re.search(r"\.[0-9a-f]{12}\.\w+$", url)),
            }
        )
    return {
        "html_bytes": len(html),
        "html_encoding": response.getheader("Content-Encoding", "none"),
        "html_gzip_bytes": len(gzip.compress(html)),
        "assets": assets,
    }


# --- two app servers ------------------------------------------------------------------------------


def csrf_from(payload):
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', payload)
    return match.group(1).decode() if match else ""


def cookies_from(response, jar):
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name] = rest.split(";", 1)[0]
    return jar


def check_two_servers(data, ports=PROXY_PORTS):
    """Log in through the form on server A, keep working on server B (answer a quiz question),
    see the answer on A, log out on B and find the session gone on A. `ports`: where to reach
    each of them (nginx in front of each, by default)."""
    from django.apps import apps
    from django.urls import reverse

    from bench.dataset import BENCH_PASSWORD

    a, b = ports
    steps = []
    User = apps.get_model("accounts", "User")
    user_id, slug, attempt_id, position, choice_id = data.open_questions[-1]
    user = User.objects.get(pk=user_id)
    jar = {}

    def cookie():
        return "; ".join(f"{k}={v}" for k, v in jar.items())

    def step(description, ok, response=None):
        if not ok and response is not None:
            description += f" (answered {response.status} {response.getheader('Location', '')})".rstrip()
        steps.append((description, ok))
        return ok

    login = reverse("accounts:login")
    response, payload = fetch(a, login)
    cookies_from(response, jar)
    token = csrf_from(payload)
    body = urlencode({"username": user.email, "password": BENCH_PASSWORD, "csrfmiddlewaretoken": token})
    conn_headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie(), "Host": HOST}
    conn = http.client.HTTPConnection(HOST, a, timeout=30)
    conn.request("POST", login, body=body, headers=conn_headers)
    response = conn.getresponse()
    response.read()
    cookies_from(response, jar)
    step(
        f"log in through the form on :{a} (302 to the dashboard)",
        response.status == 302 and "sessionid" in jar,
    )

    response, payload = fetch(b, reverse("accounts:dashboard"), cookie=cookie())
    step(
        f"the patient dashboard on :{b} with that session (200, logged in)",
        response.status == 200 and b"Log out" in payload,
        response,
    )

    question = reverse("education:attempt_question", args=[slug, attempt_id, position])
    response, payload = fetch(b, question, cookie=cookie())
    token = csrf_from(payload) or CSRF_TOKEN
    jar.setdefault("csrftoken", CSRF_TOKEN)
    conn = http.client.HTTPConnection(HOST, b, timeout=30)
    conn.request(
        "POST",
        question,
        body=urlencode({"choice": choice_id, "csrfmiddlewaretoken": token}),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie(), "Host": HOST},
    )
    response = conn.getresponse()
    response.read()
    step(
        f"answer a quiz question on :{b} (POST with the CSRF token from the form, 302)",
        response.status == 302,
    )

    QuizAnswer = apps.get_model("education", "QuizAnswer")
    step(
        "the answer is in the database",
        QuizAnswer.objects.filter(attempt_id=attempt_id, position=position).exists(),
    )
    response, payload = fetch(a, question, cookie=cookie())
    step(f"the answered question on :{a} (200)", response.status == 200)

    response, payload = fetch(b, reverse("accounts:dashboard"), cookie=cookie())
    token = csrf_from(payload) or jar.get("csrftoken", "")
    conn = http.client.HTTPConnection(HOST, b, timeout=30)
    conn.request(
        "POST",
        reverse("accounts:logout"),
        body=urlencode({"csrfmiddlewaretoken": token}),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie(), "Host": HOST},
    )
    response = conn.getresponse()
    response.read()
    old_cookie = cookie()
    step(f"log out on :{b} (302)", response.status == 302)
    response, _ = fetch(a, reverse("accounts:dashboard"), cookie=old_cookie)
    step(
        f"the old session on :{a} is gone (302 to the login page)",
        response.status == 302 and "login" in response.getheader("Location", ""),
    )
    return steps


# --- the report -----------------------------------------------------------------------------------


def machine_description():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_kb = int(
            next(
                ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")
            ).split()[1]
        )
        memory = f"{mem_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        memory = "RAM unknown"
    return f"{cpu}, {os.cpu_count()} cores, {memory}, {platform.system()} {platform.release()}"


def versions():
    import django
    import psycopg
    from django.db import connection

    wrk = "wrk not installed"
    if shutil.which("wrk"):
        wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout  # noqa: S603,S607
        wrk = wrk.split("\n")[0]
    gunicorn = subprocess.run(  # noqa: S603
        [str(BIN / "gunicorn"), "--version"], capture_output=True, text=True
    ).stdout.strip()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL {pg}, "
        f"psycopg {psycopg.__version__}, {gunicorn}, {wrk.split(' Copyright')[0]}"
    )


def fmt_ratio(page, base_rps):
    if not page.result.get("rps") or not base_rps:
        return "–"
    return f"{page.result['rps'] / base_rps:.0%}"


def table(pages, base_rps):
    base_cpu = [p.result["cpu_ms"] for p in pages if p.group == "baseline" and p.result.get("cpu_ms")]
    base_cpu = sum(base_cpu) / len(base_cpu) if base_cpu else None
    by_key = {p.key: p for p in pages}
    rows = [
        "| page | req/s | p50 ms | p95 ms | queries | of baseline | target | met "
        "| of logged-in baseline | worker CPU ms/request | of baseline by CPU | one request alone, ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for page in pages:
        if page.path is None:
            rows.append(f"| {page.label} | not built yet | | | | | | | | | | |")
            continue
        r = page.result
        met = ""
        if page.target and r.get("rps") and base_rps:
            met = "yes" if r["rps"] / base_rps >= page.target else "**no**"
        if page.queries is not None and page.queries > 10:
            met = (met + ", " if met else "") + "**>10 queries**"
        if r.get("errors"):
            met = (met + ", " if met else "") + f"{r['errors']} errors"
        cells = [
            page.label,
            f"{r['rps']:.0f}" if r.get("rps") else "–",
            f"{r['p50']:.1f}" if r.get("p50") is not None else "–",
            f"{r['p95']:.1f}" if r.get("p95") is not None else "–",
            "–"
            if page.queries is None
            else f"{page.queries}" + (f" (+{page.transaction_control})" if page.transaction_control else ""),
            fmt_ratio(page, base_rps),
            f"≥{page.target:.0%}" if page.target else "",
            met,
            fmt_ratio(page, by_key[page.base].result.get("rps")) if page.base in by_key else "",
            f"{r['cpu_ms']:.1f}" if r.get("cpu_ms") is not None else "–",
            f"{base_cpu / r['cpu_ms']:.0%}" if r.get("cpu_ms") and base_cpu else "–",
            f"{r['inprocess_ms']:.1f}" if r.get("inprocess_ms") is not None else "–",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def max_age(cache_control):
    match = re.search(r"max-age=(\d+)", cache_control)
    return int(match.group(1)) if match else 0


def kb(size):
    return f"{size / 1024:.1f} KB"


def baseline_rps(pages):
    """The baseline's throughput: the mean of its runs at the start and at the end."""
    runs = [p.result["rps"] for p in pages if p.group == "baseline" and p.result.get("rps")]
    return sum(runs) / len(runs) if runs else None


def report(pages, context):
    base_rps = baseline_rps(pages)
    lines = [
        BEGIN,
        "",
        f"## Latest run: {context['date']}",
        "",
        f"- Machine: {context['machine']}",
        f"- Software: {context['versions']}",
        f"- Command: `{context['command']}` ({context['seconds']} s per page, wrk {THREADS} threads, "
        f"{context['connections']} connections, gunicorn {WORKERS} sync workers, wrk on the same cores)",
        f"- Data set: {context['dataset']}",
        f"- Data set built in {context['build_seconds']:.0f} s; whole run {context['total_seconds']:.0f} s.",
        "",
        table(pages, base_rps),
        "",
        "Queries: the statements that do work, with BEGIN/COMMIT/SAVEPOINT in brackets, for one request "
        "counted in-process with `CaptureQueriesContext` against the same database and Redis after a "
        'warm-up request. Ratios compare with the mean of the two baseline runs; "of logged-in '
        'baseline" compares a logged-in page with /healthz/ for the same kind of user, in the same '
        'run: the most a page can reach however little it does. "One request alone": '
        "the fastest of 15 requests through Django's test client in the benchmark process, no "
        "concurrency (the server's own time, without HTTP). \"Worker CPU\": the gunicorn workers' CPU "
        'time during the wrk run divided by the requests served; "of baseline by CPU" is the '
        "baseline's CPU per request divided by the page's, the throughput ratio a server whose "
        "cores did nothing else would approach (PostgreSQL's and Redis's own CPU not counted).",
        "",
    ]
    notes = [f"- {p.label}: {p.note}" for p in pages if p.note]
    if notes:
        lines += ["Notes from this run:", "", *notes, ""]
    weight = context.get("weight")
    if weight:
        assets = weight["assets"]
        total_assets = sum(a["bytes"] for a in assets)
        lines += [
            "### Lesson page weight and static files",
            "",
            "| resource | transferred | uncompressed | Content-Encoding | Cache-Control | hashed name |",
            "| --- | ---: | ---: | --- | --- | --- |",
            f"| lesson HTML | {kb(weight['html_bytes'])} | {kb(weight['html_bytes'])} | "
            f"{weight['html_encoding']} (gzip at the proxy: {kb(weight['html_gzip_bytes'])}) "
            "| no-store | – |",
        ]
        for a in assets:
            lines.append(
                f"| {a['url'].rsplit('/', 1)[-1]} | {kb(a['bytes'])} | {kb(a['plain_bytes'])} | "
                f"{a['encoding']} | {a['cache_control']} | {'yes' if a['hashed'] else '**no**'} |"
            )
        static_ok = all(
            a["status"] == 200
            and a["hashed"]
            and (a["encoding"] in ("br", "gzip") or a["plain_bytes"] < 1024)
            and "immutable" in a["cache_control"]
            and max_age(a["cache_control"]) >= 365 * 24 * 3600
            for a in assets
        )
        lines += [
            "",
            "Static files compressed (brotli, gzip for browsers without it; WhiteNoise leaves a file "
            "uncompressed only when that would not make it smaller), hashed names, cached at least a year "
            f"(`max-age` ≥ 31536000, `immutable`): {'met' if static_ok else '**not met**'}.",
        ]
        total = weight["html_bytes"] + total_assets
        total_proxy = weight["html_gzip_bytes"] + total_assets
        lines += [
            "",
            f"Total for a first visit: **{total / 1024:.1f} KB** as the app serves it "
            f"({total_proxy / 1024:.1f} KB with gzip for HTML at the proxy); target under 150 KB: "
            f"{'met' if total < 150 * 1024 else '**not met**'}.",
            "",
        ]
    if context.get("rss"):
        rss = context["rss"]
        lines += [f"Worker memory (RSS) after the run: {', '.join(f'{m:.0f} MB' for m in rss)}.", ""]
    if context.get("stateless"):
        lines += ["### Two app servers behind nginx, one PostgreSQL and one Redis", ""]
        lines += [
            f"- {'ok' if ok else '**FAILED**'}: {description}" for description, ok in context["stateless"]
        ]
        lines.append("")
    lines.append(END)
    generated = "\n".join(lines)
    existing = DOC.read_text() if DOC.exists() else ""
    if BEGIN in existing and END in existing:
        before, rest = existing.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        DOC.write_text(before + generated + after)
    else:
        DOC.write_text(
            "# Performance\n\nSee the sections after the latest run for the targets and how to read it.\n\n"
            + generated
            + "\n"
        )
    return table(pages, base_rps)


# --- main -----------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10, help="wrk run per page (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--only", default="", help="comma-separated page keys (baseline always runs)")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database at the end")
    parser.add_argument(
        "--no-doc", action="store_true", help="print the table, leave docs/PERFORMANCE.md alone"
    )
    parser.add_argument(
        "--two-servers-only",
        action="store_true",
        help="only the two-app-server check through nginx (no wrk runs, no report)",
    )
    given = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(given)
    started = time.time()

    check_requirements(wrk=not args.two_servers_only)
    VAR.mkdir(parents=True, exist_ok=True)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    say(f"creating database {DB_NAME}")
    recreate_database()
    os.environ.update(production_environment())
    # This process builds the data set: one COPY may run longer than the servers' statement limit.
    os.environ["DB_STATEMENT_TIMEOUT_MS"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    from bench import dataset

    servers = []
    try:
        say("migrating")
        call_command("migrate", verbosity=0)
        software = versions()
        say("building the data set")
        build_started = time.time()
        data = dataset.build(patients=args.patients, days=args.days, log=lambda m: say(f"  {m}"))
        build_seconds = time.time() - build_started
        say("collectstatic")
        call_command("collectstatic", interactive=False, verbosity=0, clear=True)

        pages = [] if args.two_servers_only else define_pages(data)
        only = {k for k in args.only.split(",") if k}
        if only:
            pages = [p for p in pages if p.key in only or p.group in ("baseline", "logged_in_baseline")]
        say("counting queries")
        for page in pages:
            if page.path is not None:
                try:
                    count_queries(page)
                except Exception as exc:
                    # Another engineer's page may be half-built: say so and carry on.
                    page.note = f"the page fails: {type(exc).__name__}: {exc}"[:200]
        (VAR / "queries.sql").write_text(
            "".join(
                f"-- {p.label}: {p.queries} queries\n" + "".join(f"{q};\n" for q in p.sql) + "\n"
                for p in pages
            )
        )
        from django.db import connections

        connections.close_all()

        say(f"starting gunicorn ({WORKERS} workers) on {HOST}:{PORTS[0]}")
        servers.append(start_server(PORTS[0]))
        for page in pages:
            if page.path is None:
                continue
            if not preflight(page, PORTS[0]):
                say(f"{page.key}: {page.note}")
                continue
            for _ in range(20):  # warm up both workers
                if page.method == "GET":
                    fetch(PORTS[0], page.path, cookie=page.cookie)
            say(f"wrk {args.seconds}s: {page.label}")
            cpu_before = workers_cpu_seconds(servers[0])
            run_wrk(page, PORTS[0], args.seconds, args.connections)
            if page.result.get("requests"):
                cpu = workers_cpu_seconds(servers[0]) - cpu_before
                page.result["cpu_ms"] = cpu * 1000 / page.result["requests"]
        rss = worker_rss_mb(servers[0])
        lesson_page = next((p for p in pages if p.key == "lesson" and p.path), None)
        weight = check_static_and_weight(PORTS[0], lesson_page) if lesson_page else None

        say(f"second gunicorn on {SOCKET.name}; nginx on :{PROXY_PORTS[0]} and :{PROXY_PORTS[1]}")
        SOCKET.unlink(missing_ok=True)
        servers.append(start_server(PROXY_PORTS[1], socket=SOCKET))
        servers.append(start_proxy([f"{HOST}:{PORTS[0]}", f"unix:{SOCKET}"]))
        say("through nginx: log in on one app server, carry on with the other")
        stateless = check_two_servers(data) if data.open_questions else []
    finally:
        for server in servers:
            stop_server(server)
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database()

    context = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_description(),
        "versions": software,
        "command": " ".join(["python -m bench.run", *given]) if given else "make bench",
        "seconds": args.seconds,
        "connections": args.connections,
        "dataset": describe(data),
        "build_seconds": build_seconds,
        "total_seconds": time.time() - started,
        "weight": weight,
        "rss": rss,
        "stateless": stateless,
    }
    if args.two_servers_only:
        pass
    elif args.no_doc:
        print(table(pages, baseline_rps(pages)))
    else:
        print(report(pages, context))
        say(f"written to {DOC.relative_to(ROOT)}")
    for description, ok in stateless:
        print(f"{'ok    ' if ok else 'FAILED'} {description}")
    return 0 if all(ok for _, ok in stateless) else 1


def describe(data):
    parts = [
        f"{len(data.patient_ids)} patients",
        f"{len(data.therapist_ids)} therapists with "
        f"{max(map(len, data.clients.values()), default=0)} clients each",
        f"{len(data.week_patient_ids)} more patients with a week of check-ins",
        f"{data.entries:,} tracker check-ins",
        f"{data.attempts:,} quiz attempts",
        f"{len(data.lesson_slugs)} lessons (load_series)",
    ]
    if data.skipped:
        parts.append("not built yet: " + "; ".join(data.skipped))
    return ", ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
