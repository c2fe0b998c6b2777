"""PostgreSQL refusing connections, under gunicorn with the production settings: every page
answers the 503 page with Retry-After, /readyz/ says not ready, and the log holds a handful of
tracebacks, not two per request (issue #15, faults). Needs no database: the server is pointed
at a port nothing listens on, so it runs in both CI passes."""

import pytest

from tests.faults.conftest import closed_port
from tests.faults.servers import Client, Gunicorn

PATHS = ["/lessons/", "/accounts/login/", "/accounts/dashboard/", "/tracker/"]
REQUESTS = 80


@pytest.fixture
def server_without_database(tmp_path):
    server = Gunicorn(
        {"DATABASE_URL": f"postgres://bonehealth@127.0.0.1:{closed_port()}/bonehealth", "LOG_LEVEL": "INFO"},
        workers=2,
        log_path=tmp_path / "gunicorn.log",
    )
    yield server
    server.stop()


def test_every_page_is_the_503_page_and_the_log_stays_small(server_without_database):
    browser = Client(server_without_database.port)
    # A returning visitor: loading the session and the user needs the database too.
    browser.cookies["sessionid"] = "a" * 32
    answers = [browser.get(PATHS[n % len(PATHS)]) for n in range(REQUESTS)]
    assert {status for status, _, _ in answers} == {503}
    status, page, response = answers[-1]
    assert response.getheader("Retry-After") == "30"
    assert "<h1>Back in a moment</h1>" in page and "Connection refused" not in page
    # A load balancer's poll (no cookie): the short plain answer.
    status, text, response = Client(server_without_database.port).get("/readyz/")
    assert (status, text) == (503, "not ready\ndatabase unavailable\ncache local\n")
    server_without_database.stop()
    log = server_without_database.log_text()
    # One traceback per kind of failure and worker per minute (the rest counted), where each
    # request used to log two.
    assert 1 <= log.count("Traceback") <= 2 * len(PATHS), log[-3000:]
