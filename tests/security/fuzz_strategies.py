"""Hypothesis strategies and helpers for the bad-input tests (tests/security/test_fuzz_*.py).

Form data is posted url-encoded, and the same body parsed as a QueryDict is what the tests
give the view's own form to decide whether the input was valid (the oracle), so the test and
the view see exactly the same data.
"""

import datetime
from contextlib import contextmanager
from urllib.parse import urlencode

from django.db import transaction
from django.http import QueryDict
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Whatever is posted, the answer is one of these: never a 500.
ALLOWED_STATUSES = {200, 302, 400, 403, 404, 405, 422, 429}

# Reproducible in CI: the same examples every run, nothing stored between runs.
FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

JUNK = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "null",
        "None",
        "undefined",
        "true",
        "[]",
        "{}",
        '{"patient": 1}',
        "<script>alert(1)</script>",
        "' OR '1'='1",
        "1; DROP TABLE accounts_user; --",
        "../../etc/passwd",
        "%00",
        "%s%s%n",
        "１２",  # full-width digits
        "٣",  # an Arabic-Indic digit
        "½",
        "NaN",
        "sNaN",
        "-Infinity",
        "1e309",
        "-0",
        "0x10",
        "1_000",
        "9" * 40,
        "-" + "9" * 40,
        "2026-02-30",
        "0000-00-00",
        "0001-01-01",
        "9999-12-31",
        "31/12/99999",
        "\u202eevil",  # right-to-left override
        "\ufeff1",
        "🦴" * 5,
        "ß" * 300,
    ]
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(),
).map(str)
DATES = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
)
HUGE = st.one_of(
    st.integers(min_value=300, max_value=20_000).map(lambda n: "x" * n),
    st.text(min_size=200, max_size=600),
)
# Issue #15: long whitespace runs (the quadratic unit regex), control characters, NUL, and
# numbers far past 64 bits (OverflowError in admin filters), each around a plausible value.
HOSTILE = st.one_of(
    st.tuples(
        st.sampled_from(["1", "7", "20", ""]),
        st.sampled_from([" ", "\t", "\n", "\r\n", "\u00a0", "\u2003"]),
        st.integers(min_value=1_000, max_value=50_000),
        st.sampled_from(["", "x", "mg", "h"]),
    ).map(lambda t: t[0] + t[1] * t[2] + t[3]),
    st.text(alphabet=st.characters(categories=["Cc"]), min_size=1, max_size=20),
    st.integers(min_value=2**63, max_value=10**40).map(str),
    st.integers(min_value=10_000, max_value=10**12).map(str),  # a year beyond any calendar
)
SCALAR = st.one_of(st.text(max_size=30), NUMBERS, DATES, JUNK, HUGE, HOSTILE)
# Wrong types: several values for a field that takes one, or none at all.
VALUE = st.one_of(SCALAR, st.lists(SCALAR, max_size=3))
IDS = st.one_of(st.integers(min_value=-5, max_value=2**70).map(str), JUNK)


def form(plausible, *, edge=None):
    """Form data for the fields in `plausible` ({name: strategy of plausible values}): either
    every field present with a plausible value (so valid input is tried too), or each field
    missing, plausible, an edge case (`edge`, {name: strategy}) or junk. Owner fields a form
    should never read are sometimes added with tampered ids."""
    edge = edge or {}
    owner_fields = dict.fromkeys(("patient", "user", "therapist", "client", "id", "owner"), IDS)
    tampered = {name: ids for name, ids in owner_fields.items() if name not in plausible}
    tampered.update({name: strategy for name, strategy in edge.items() if name not in plausible})
    messy = {
        name: st.one_of(strategy, *([edge[name]] if name in edge else []), VALUE)
        for name, strategy in plausible.items()
    }
    return st.one_of(
        st.fixed_dictionaries(plausible, optional=tampered),
        st.fixed_dictionaries({}, optional={**messy, **tampered}),
    )


def inline_management(prefix, total, initial):
    """An inline formset's management form, honest or tampered."""
    # Up to 60 forms: Django caps a formset at 1000 more than its maximum, and rendering that
    # many forms would only make this test slow.
    counts = st.one_of(st.just(str(total)), st.integers(min_value=-2, max_value=60).map(str), IDS)
    return {
        f"{prefix}-TOTAL_FORMS": counts,
        f"{prefix}-INITIAL_FORMS": st.one_of(st.just(str(initial)), counts),
        f"{prefix}-MIN_NUM_FORMS": st.just("0"),
        f"{prefix}-MAX_NUM_FORMS": st.one_of(st.just("1000"), counts),
    }


def confirmed(strategy, first, second):
    """`strategy`'s dicts, with `second` set to a copy of `first` half of the time (a password
    typed twice)."""

    def copy(pair):
        data, same = pair
        if same and first in data:
            data = {**data, second: data[first]}
        return data

    return st.tuples(strategy, st.booleans()).map(copy)


def querydict(data):
    """The QueryDict the view will see for `data` posted url-encoded."""
    return QueryDict(urlencode(data, doseq=True))


def post(client, path, data, *, htmx=False):
    """POST `data` url-encoded (as a browser sends a form); with htmx's header if asked."""
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.generic(
        "POST",
        path,
        urlencode(data, doseq=True).encode(),
        content_type="application/x-www-form-urlencoded",
        **headers,
    )
    assert response.status_code in ALLOWED_STATUSES, (response.status_code, path, data)
    return response


@contextmanager
def rolled_back():
    """One example's requests, undone afterwards, so every example starts from the same rows."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def rows(queryset):
    """A snapshot of the rows of `queryset`, to compare before and after a request."""
    return list(queryset.order_by("pk").values())
