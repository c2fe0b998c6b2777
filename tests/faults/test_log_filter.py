"""One of each repeated error per interval in the log (bonehealth.logging_filters; issue #15)."""

import logging
import sys

from bonehealth.logging_filters import RepeatedErrorsFilter


def record(msg, *args, level=logging.ERROR, exc=None, name="django.request"):
    exc_info = None
    if exc is not None:
        try:
            raise exc
        except Exception:
            exc_info = sys.exc_info()
    return logging.LogRecord(name, level, __file__, 1, msg, args, exc_info)


def failure(path):
    """The same error on every page, as in an outage: raised at one line."""
    try:
        raise ConnectionError("the database is down")
    except ConnectionError:
        args = ("Service Unavailable", path)
        return logging.LogRecord("django.request", logging.ERROR, __file__, 1, "%s: %s", args, sys.exc_info())


def test_the_same_failure_on_every_page_is_logged_once_per_interval(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("bonehealth.logging_filters.time.monotonic", lambda: clock[0])
    log_filter = RepeatedErrorsFilter(interval=60)
    kept = [log_filter.filter(failure(f"/page/{n}/")) for n in range(500)]
    assert kept.count(True) == 1
    clock[0] += 61
    later = failure("/again/")
    assert log_filter.filter(later)
    assert later.getMessage().endswith("[and 499 more like it in the last 60 s]")


def test_different_errors_and_info_lines_pass():
    log_filter = RepeatedErrorsFilter(interval=60)
    assert log_filter.filter(failure("/a/"))
    assert log_filter.filter(record("Not Found: %s", "/a/", level=logging.WARNING))
    assert log_filter.filter(record("Not Found: %s", "/b/", level=logging.WARNING))
    assert not log_filter.filter(record("Not Found: %s", "/b/", level=logging.WARNING))
    for _ in range(3):
        assert log_filter.filter(record("started", level=logging.INFO))


def test_production_logging_uses_the_filter():
    from bonehealth import settings as production

    console = production.LOGGING["handlers"]["console"]
    assert console["filters"] == ["repeated_errors"]
    assert production.LOGGING["filters"]["repeated_errors"]["()"] == (
        "bonehealth.logging_filters.RepeatedErrorsFilter"
    )
