"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

Playwright's own browser download does not work on this project's machines, so the tests
launch /usr/bin/chromium (`make browser-deps` installs it). A missing Chromium fails the
run with a message; it is never a silent skip.
"""

import os
import re
import shutil
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to
# set up data are still plain synchronous calls. Must be set before Django touches the DB.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from tests.browser.helpers import ARTIFACTS, PageAudit  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_DIR = Path(__file__).resolve().parent

# Generous for 2 busy cores, still well under a minute per step when something is broken.
expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser carries the `browser` marker (`-m "not browser"` to leave
    them out locally; `make test` runs them)."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}. Run `make browser-deps` "
            "(as root it installs Debian's chromium) or set CHROMIUM=/path/to/chromium.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


@pytest.fixture
def server(live_server, transactional_db):
    """The live server, with a database the server thread can see (emptied after each test)."""
    return live_server


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def shot(request):
    """`shot(page, "step")` saves test-artifacts/screenshots/<test>/<NN>-<step>.png (full page)."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)  # only this run's pictures
    counter = {"n": 0}

    def save(page, name):
        counter["n"] += 1
        folder.mkdir(parents=True, exist_ok=True)
        step = re.sub(r"[^\w.-]+", "_", name)
        path = folder / f"{counter['n']:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def audit(shot):
    """A PageAudit: `audit.check(page, "step")` at each state, `audit.assert_clean()` at the end."""
    return PageAudit(shot)


@pytest.fixture
def series(transactional_db):
    """The three published lessons of the real series (education/content/)."""
    from education.loading import load_series
    from education.models import Lesson

    load_series()
    return list(Lesson.objects.published().order_by("order"))


@pytest.fixture
def open_page(browser, browser_context_args):
    """Open more browser contexts (separate cookie jars: a therapist and a patient side by side);
    `open_page(viewport=...)` for another screen size. (Not named new_context: that is
    pytest-playwright's own fixture behind `page`, which overriding it breaks.)"""
    contexts = []

    def open_context(**extra):
        context = browser.new_context(**{**browser_context_args, **extra})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_context
    for context in contexts:
        context.close()
