"""One client's page, the printable summary, and the actions taken from the page (assign a
lesson, set a goal, write a private note), each coming back to the page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.admin_scoping import log_client_access
from accounts.models import AccessAction
from care.access import get_client_for_therapist, get_note_for_author, therapist_required
from care.client_page import client_page_context, client_queryset, published_lessons
from care.forms import AssignLessonForm, GoalForm, SessionNoteForm
from care.models import SessionNote
from care.services import set_goal
from care.views import page_context
from education.assigning import assign_content


def _client_page(request, client, *, status=200, **forms):
    page = client_page_context(request.user, client)
    lessons = [row["lesson"] for row in page["lesson_rows"]]
    context = page_context(
        request,
        client.full_name or client.email,
        **page,
        assign_form=forms.get("assign_form") or AssignLessonForm(lessons=lessons),
        goal_form=forms.get("goal_form") or GoalForm(),
        note_form=forms.get("note_form") or SessionNoteForm(),
    )
    return TemplateResponse(request, "care/client.html", context, status=status)


@require_safe
@therapist_required
def client_page(request, client_id):
    client = get_client_for_therapist(request, client_id, client_queryset(request.user))
    log_client_access(request, [client.pk], AccessAction.VIEW)
    return _client_page(request, client)


@require_safe
@therapist_required
def client_summary(request, client_id):
    """One printable page to take into a session; logged as an export."""
    client = get_client_for_therapist(request, client_id, client_queryset(request.user))
    log_client_access(request, [client.pk], AccessAction.EXPORT)
    context = page_context(
        request, f"Summary: {client.full_name or client.email}", **client_page_context(request.user, client)
    )
    return TemplateResponse(request, "care/client_summary.html", context)


@require_POST
@therapist_required
def assign_lesson(request, client_id):
    client = get_client_for_therapist(request, client_id)
    form = AssignLessonForm(request.POST, lessons=published_lessons())
    if not form.is_valid():
        log_client_access(request, [client.pk], AccessAction.VIEW)
        client = get_client_for_therapist(request, client_id, client_queryset(request.user))
        return _client_page(request, client, status=422, assign_form=form)
    lesson = form.cleaned_data["lesson"]
    try:
        assign_content(
            therapist=request.user,
            clients=[client],
            series=lesson.series,
            lesson=lesson,
            due_date=form.cleaned_data["due_date"],
            note=form.cleaned_data["note"],
        )
    except (PermissionDenied, DatabaseError):
        messages.error(request, "Nothing was assigned: please try again.")
    else:
        messages.success(request, f"{lesson.title} is assigned; {client.get_short_name()} has been emailed.")
    return redirect("admin:care_client", client.pk)


@require_POST
@therapist_required
def goal_set(request, client_id):
    client = get_client_for_therapist(request, client_id)
    form = GoalForm(request.POST)
    if not form.is_valid():
        log_client_access(request, [client.pk], AccessAction.VIEW)
        client = get_client_for_therapist(request, client_id, client_queryset(request.user))
        return _client_page(request, client, status=422, goal_form=form)
    factor, low, high = form.goal_values()
    set_goal(
        therapist=request.user,
        client=client,
        factor=factor,
        target_min=low,
        target_max=high,
        note=form.cleaned_data["note"],
    )
    messages.success(request, f"Goal set for {client.get_short_name()}: {form.preset_label().lower()}.")
    return redirect("admin:care_client", client.pk)


@require_POST
@therapist_required
def note_add(request, client_id):
    client = get_client_for_therapist(request, client_id)
    form = SessionNoteForm(request.POST, instance=SessionNote(author=request.user, client=client))
    if not form.is_valid():
        log_client_access(request, [client.pk], AccessAction.VIEW)
        client = get_client_for_therapist(request, client_id, client_queryset(request.user))
        return _client_page(request, client, status=422, note_form=form)
    form.save()
    messages.success(request, "Note saved. Only you can read it.")
    return redirect("admin:care_client", client.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@therapist_required
def note_edit(request, note_id):
    note = get_note_for_author(request, note_id)
    form = SessionNoteForm(request.POST if request.method == "POST" else None, instance=note)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Note updated.")
        return redirect("admin:care_client", note.client_id)
    context = page_context(request, "Edit your note", note=note, form=form, client=note.client)
    return TemplateResponse(request, "care/note_edit.html", context, status=422 if form.errors else 200)
