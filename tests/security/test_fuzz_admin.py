"""Bad input to the therapist's admin forms (goals, assignments, care links, the client list's
actions), to query strings of list pages, and raw bodies of any kind to every form endpoint.

As in test_fuzz_forms: never a 500, and nothing stored changes unless the admin's own form
(built for the same therapist) accepts the same data; patient B, who is not this therapist's
client, never gets a record from them.
"""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from education.models import Assignment
from tests.security.authz_world import (
    PATIENT_A,
    PATIENT_B,
    THERAPIST_A,
    THERAPIST_OTHER,
    site_client_fixture,
    visitor_fixture,
    world_fixture,
)
from tests.security.fuzz_strategies import (
    ALLOWED_STATUSES,
    DATES,
    FUZZ,
    IDS,
    JUNK,
    NUMBERS,
    SCALAR,
    form,
    post,
    querydict,
    rolled_back,
    rows,
)
from tracker.factors import Factor
from tracker.models import Goal

world = world_fixture
site_client = site_client_fixture
visitor = visitor_fixture

TARGETS = st.sampled_from(["1", "4", "7", "7.5", "9", "10", "500", "5000", ""])
EDGE_TARGETS = st.one_of(st.sampled_from(["-1", "0", "11", "24.01", "5001", "1E+999999", "0.001"]), NUMBERS)


def admin_form(model, user, obj=None):
    """The form class the admin builds for `user` (scoped choices, read-only fields left out)."""
    request = RequestFactory().post("/")
    request.user = user
    return admin.site._registry[model].get_form(request, obj, change=obj is not None)


def save(client, name, data, args=()):
    return post(client, reverse(f"admin:{name}", args=args), {**data, "_save": "Save"})


def ids(world, *roles):
    return [str(world.users[role].pk) for role in roles]


# --- goals ---------------------------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_goal_add(visitor, world, data):
    therapist = world.users[THERAPIST_A]
    posted = data.draw(
        form(
            {
                "patient": st.sampled_from(ids(world, PATIENT_A)),
                "factor": st.sampled_from(Factor.values),
                "target_min": TARGETS,
                "target_max": TARGETS,
                "note": st.text(max_size=300),
            },
            edge={
                "patient": st.one_of(st.sampled_from(ids(world, PATIENT_B, THERAPIST_OTHER)), IDS),
                "factor": JUNK,
                "target_min": EDGE_TARGETS,
                "target_max": EDGE_TARGETS,
                "set_by": st.sampled_from(ids(world, THERAPIST_OTHER)),
                "note": st.text(min_size=301, max_size=400),
            },
        )
    )
    with rolled_back():
        client = visitor(THERAPIST_A)
        before = rows(Goal.objects.all())
        form_ = admin_form(Goal, therapist)(querydict(posted))
        valid = form_.is_valid()
        event(f"valid={valid}")
        response = save(client, "tracker_goal_add", posted)
        after = rows(Goal.objects.all())
        if valid:
            assert response.status_code == 302
            new = [row for row in after if row not in before]
            assert [(row["patient_id"], row["factor"], row["set_by_id"]) for row in new] == [
                (world.users[PATIENT_A].pk, form_.cleaned_data["factor"], therapist.pk)
            ]
        else:
            assert response.status_code == 200
            assert after == before


@FUZZ
@given(data=st.data())
def test_goal_change(visitor, world, data):
    therapist, goal = world.users[THERAPIST_A], world.goal
    posted = data.draw(
        form(
            {"target_min": st.just(""), "target_max": TARGETS, "note": st.text(max_size=300)},
            edge={
                "target_min": EDGE_TARGETS,
                "target_max": EDGE_TARGETS,
                "patient": st.sampled_from(ids(world, PATIENT_B)),
                "factor": st.sampled_from([Factor.SLEEP, "junk"]),
                "set_by": st.sampled_from(ids(world, THERAPIST_OTHER)),
            },
        )
    )
    with rolled_back():
        client = visitor(THERAPIST_A)
        others = rows(Goal.objects.exclude(pk=goal.pk))
        before = Goal.objects.get(pk=goal.pk)
        form_ = admin_form(Goal, therapist, before)(querydict(posted), instance=Goal.objects.get(pk=goal.pk))
        valid = form_.is_valid()
        event(f"valid={valid}")
        response = save(client, "tracker_goal_change", posted, args=[goal.pk])
        after = Goal.objects.get(pk=goal.pk)
        assert (after.patient_id, after.factor) == (before.patient_id, before.factor)
        if valid:
            assert response.status_code == 302
            assert (after.target_min, after.target_max, after.note, after.set_by_id) == (
                form_.cleaned_data["target_min"],
                form_.cleaned_data["target_max"],
                form_.cleaned_data["note"],
                therapist.pk,
            )
        else:
            assert response.status_code == 200
            assert (after.target_min, after.target_max, after.note, after.set_by_id) == (
                before.target_min,
                before.target_max,
                before.note,
                before.set_by_id,
            )
        assert rows(Goal.objects.exclude(pk=goal.pk)) == others


# --- assignments ------------------------------------------------------------------------------------


def assignment_form(world):
    due = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1)).map(
        datetime.date.isoformat
    )
    return form(
        {
            "client": st.sampled_from(ids(world, PATIENT_A)),
            "series": st.just(str(world.series.pk)),
            "lesson": st.sampled_from([str(world.lesson.pk), ""]),
            "due_date": st.one_of(due, st.just("")),
            "note": st.text(max_size=200),
        },
        edge={
            "client": st.one_of(st.sampled_from(ids(world, PATIENT_B, THERAPIST_A)), IDS),
            "series": IDS,
            "lesson": IDS,
            "due_date": DATES,
            "note": st.text(min_size=1001, max_size=1100),
            "therapist": st.sampled_from(ids(world, THERAPIST_OTHER)),
        },
    )


@FUZZ
@given(data=st.data())
def test_assignment_add(visitor, world, data):
    therapist = world.users[THERAPIST_A]
    posted = data.draw(assignment_form(world))
    with rolled_back():
        client = visitor(THERAPIST_A)
        before = rows(Assignment.objects.all())
        valid = admin_form(Assignment, therapist)(querydict(posted)).is_valid()
        event(f"valid={valid}")
        response = save(client, "education_assignment_add", posted)
        after = rows(Assignment.objects.all())
        if valid:
            assert response.status_code == 302
            new = [row for row in after if row not in before]
            assert [(row["client_id"], row["therapist_id"]) for row in new] == [
                (world.users[PATIENT_A].pk, therapist.pk)
            ]
        else:
            assert response.status_code == 200
            assert after == before


@FUZZ
@given(data=st.data())
def test_assignment_change(visitor, world, data):
    therapist, assignment = world.users[THERAPIST_A], world.assignment
    posted = data.draw(assignment_form(world))
    with rolled_back():
        client = visitor(THERAPIST_A)
        before = rows(Assignment.objects.all())
        instance = Assignment.objects.get(pk=assignment.pk)
        valid = admin_form(Assignment, therapist, instance)(querydict(posted), instance=instance).is_valid()
        event(f"valid={valid}")
        response = save(client, "education_assignment_change", posted, args=[assignment.pk])
        after = rows(Assignment.objects.all())
        moved = Assignment.objects.get(pk=assignment.pk)
        assert (moved.client_id, moved.therapist_id) == (world.users[PATIENT_A].pk, therapist.pk)
        if valid:
            assert response.status_code == 302
            after = [row for row in after if row["id"] != assignment.pk]
            before = [row for row in before if row["id"] != assignment.pk]
        else:
            assert response.status_code == 200
        assert after == before


# --- query strings of list pages -------------------------------------------------------------------------

LIST_PAGES = [
    (PATIENT_A, "tracker:home", ["range"]),
    (PATIENT_A, "tracker:checkin", ["day", "next"]),
    (PATIENT_A, "tracker:history", ["page"]),
    (THERAPIST_A, "admin:care_clients", ["q", "flag", "sort", "dir"]),
    (THERAPIST_A, "admin:tracker_goal_changelist", ["patient__id__exact", "factor__exact", "q", "o"]),
    (THERAPIST_A, "admin:tracker_entry_changelist", ["patient__id__exact", "day__year", "day__month", "o"]),
    (THERAPIST_A, "admin:education_assignment_changelist", ["client__id__exact", "due_date__gte", "q"]),
    (
        THERAPIST_A,
        "admin:education_quizattempt_changelist",
        ["user__id__exact", "passed__exact", "quiz__id__exact"],
    ),
]


@FUZZ
@given(data=st.data(), page=st.sampled_from(LIST_PAGES), htmx=st.booleans())
def test_query_strings(visitor, world, data, page, htmx):
    role, name, params = page
    query = data.draw(st.dictionaries(st.sampled_from(params), st.one_of(SCALAR, IDS), max_size=len(params)))
    with rolled_back():
        client = visitor(role)
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.get(f"{reverse(name)}?{urlencode(query)}", **headers)
        assert response.status_code in ALLOWED_STATUSES
        if role == THERAPIST_A and response.status_code == 200:
            assert world.users[PATIENT_B].email not in response.text


# --- raw bodies of any kind -----------------------------------------------------------------------------

FORM_ENDPOINTS = [
    (None, lambda w: reverse("accounts:signup")),
    (None, lambda w: reverse("accounts:login")),
    (None, lambda w: reverse("accounts:password_reset")),
    (PATIENT_A, lambda w: reverse("accounts:profile")),
    (PATIENT_A, lambda w: reverse("accounts:password_change")),
    (PATIENT_A, lambda w: reverse("accounts:sharing_grant")),
    (PATIENT_A, lambda w: reverse("accounts:mfa_setup")),
    (PATIENT_A, lambda w: reverse("accounts:delete_account")),
    (PATIENT_A, lambda w: reverse("education:lesson_progress", args=[w.lesson.slug])),
    (PATIENT_A, lambda w: reverse("education:quiz_start", args=[w.lesson.slug])),
    (PATIENT_A, lambda w: reverse("education:attempt_question", args=[w.lesson.slug, w.attempt.pk, 1])),
    (PATIENT_A, lambda w: reverse("tracker:checkin")),
    (PATIENT_A, lambda w: reverse("tracker:entry", args=[w.entry.pk])),
    (THERAPIST_A, lambda w: reverse("admin:tracker_goal_add")),
    (THERAPIST_A, lambda w: reverse("admin:tracker_goal_change", args=[w.goal.pk])),
    (THERAPIST_A, lambda w: reverse("admin:education_assignment_add")),
    (THERAPIST_A, lambda w: reverse("admin:care_invitations")),
    (THERAPIST_A, lambda w: reverse("admin:care_settings")),
    (THERAPIST_A, lambda w: reverse("admin:care_client_note_add", args=[w.users[PATIENT_A].pk])),
    (THERAPIST_A, lambda w: reverse("admin:care_client_goal", args=[w.users[PATIENT_A].pk])),
    (THERAPIST_A, lambda w: reverse("admin:care_client_assign", args=[w.users[PATIENT_A].pk])),
]
CONTENT_TYPES = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=latin-1",
        "application/x-www-form-urlencoded; charset=no-such-charset",
        "multipart/form-data; boundary=xyz",
        "multipart/form-data",
        "application/json",
        "text/plain",
        "",
    ]
)
BODIES = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(str.encode),
    st.sampled_from(
        [b"a=1&a=2&&=&%zz=%zz", b"--xyz\r\nContent-Disposition: form-data\r\n\r\n--xyz--", b"{}", b"\xff\xfe"]
    ),
)


@FUZZ
@given(endpoint=st.sampled_from(FORM_ENDPOINTS), body=BODIES, content_type=CONTENT_TYPES, htmx=st.booleans())
def test_raw_bodies(visitor, world, endpoint, body, content_type, htmx):
    role, path = endpoint
    with rolled_back():
        client = visitor(role or "anonymous")
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.generic("POST", path(world), body, content_type=content_type, **headers)
        assert response.status_code in ALLOWED_STATUSES


# --- 500s found by the tests above (regression tests; all three fixed by their owners) ---------------


def test_goal_change_with_a_target_outside_the_factors_range_is_a_form_error(visitor, world):
    """The goal's factor is read-only on the change form, so Django leaves the constraints that
    name it (tracker_goal_stress_max_0_10 and the others per factor) out of the form's
    validation: the database refused the row and the therapist got a 500 (found by
    test_goal_change, fixed in a30e1b9)."""
    goal = world.goal  # a stress goal: "at most" 0-10, no "at least"
    client = visitor(THERAPIST_A)
    response = save(client, "tracker_goal_change", {"target_min": "2", "target_max": "4"}, args=[goal.pk])
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    goal.refresh_from_db()
    assert (goal.target_min, goal.target_max) == (None, Decimal("4"))


def test_assignment_with_a_lesson_id_that_is_not_a_number_is_a_form_error(visitor, world):
    """The lesson's autocomplete widget looked the posted value up again to show it beside the
    form's errors, with an id that is not a number: ValueError, a 500 (fixed in 9e17530)."""
    client = visitor(THERAPIST_A)
    data = {"client": world.users[PATIENT_A].pk, "series": world.series.pk, "lesson": "x"}
    response = save(client, "education_assignment_add", data)
    assert response.status_code == 200
    assert "lesson" in response.context["adminform"].form.errors


def test_admin_action_on_an_id_that_is_not_a_number_is_refused(visitor, world):
    """Django's admin filtered the selected rows by the posted ids as they were: ValueError, a 500
    (fixed in 9e17530)."""
    client = visitor(THERAPIST_A)
    data = {"action": "delete_selected", "_selected_action": ["x"], "index": "0"}
    response = post(client, reverse("admin:education_assignment_changelist"), data)
    assert response.status_code in {200, 302, 400}


@pytest.mark.parametrize("where", ["action", "autocomplete"])
def test_admin_action_or_autocomplete_with_an_id_beyond_64_bits(visitor, world, where):
    """accounts.admin_base dropped ids the primary key cannot parse (to_python), but not ids too
    big for the database's integer: SQLite raised OverflowError, a 500 (fixed in 85887dd)."""
    client = visitor(THERAPIST_A)
    huge = "9" * 40
    if where == "action":
        data = {"action": "delete_selected", "_selected_action": [huge], "index": "0"}
        response = post(client, reverse("admin:education_assignment_changelist"), data)
        assert response.status_code in {200, 302, 400}
    else:
        data = {"client": world.users[PATIENT_A].pk, "series": world.series.pk, "lesson": huge}
        response = save(client, "education_assignment_add", data)
        assert response.status_code == 200
        assert (
            not Assignment.objects.filter(client=world.users[PATIENT_A], note="")
            .exclude(pk=world.assignment.pk)
            .exists()
        )
