"""The patient's messages pages (issue #20): the list of their conversations and one
conversation (read, write). The therapist's side is messaging.therapist_views."""

import secrets

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from accounts.views import patient_required
from messaging.access import get_conversation_for_patient, patient_may_write
from messaging.asking import context_from_query
from messaging.forms import MessageForm
from messaging.models import Conversation, Message
from messaging.services import conversation_between, mark_read, send_message

PAGE_SIZE = 20


def new_message_form(data=None):
    return MessageForm(data, initial={"token": secrets.token_urlsafe(24)})


def conversation_messages(conversation, page_number):
    """One page of messages, newest first (one COUNT and one SELECT, whatever the total)."""
    return Paginator(Message.objects.filter(conversation=conversation), PAGE_SIZE).get_page(page_number)


@require_safe
@patient_required
def inbox(request):
    """The patient's conversations: one per therapist they share with (made on first visit),
    and the older ones they keep after revoking consent."""
    current_conversations(request.user)
    conversations = Conversation.objects.filter(patient=request.user).select_related("therapist")
    if conversations.count() == 1:
        return redirect(conversations.get())
    unread = dict(
        Message.objects.filter(patient=request.user, from_patient=False, read_at__isnull=True)
        .values_list("conversation")
        .annotate(n=Count("pk"))
    )
    rows = [(conversation, unread.get(conversation.pk, 0)) for conversation in conversations]
    return TemplateResponse(request, "messaging/inbox.html", {"rows": rows})


@require_http_methods(["GET", "HEAD", "POST"])
@patient_required
def conversation(request, conversation_id):
    conversation = get_conversation_for_patient(request, conversation_id)
    may_write = patient_may_write(conversation)
    form = new_message_form()
    status = 200
    if request.method == "POST":
        if not may_write:
            messages.error(request, "You no longer share with this therapist, so you cannot write here.")
            return redirect(conversation)
        form = MessageForm(request.POST)
        if form.is_valid():
            send_message(
                conversation=conversation,
                from_patient=True,
                body=form.cleaned_data["body"],
                token=form.cleaned_data["token"],
            )
            if not request.htmx:
                messages.success(request, "Message sent.")
                return redirect(conversation)
            form = new_message_form()
        else:
            status = 422
    mark_read(conversation=conversation, reader_is_patient=True)
    context = {
        "conversation": conversation,
        "page": conversation_messages(conversation, request.GET.get("page")),
        "form": form,
        "may_write": may_write,
        "sent": request.method == "POST" and status == 200,
    }
    template = "messaging/conversation.html"
    if request.htmx:
        template += "#messages" if request.method == "GET" else "#thread"
    return TemplateResponse(request, template, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@patient_required
def ask(request):
    """A new message quoting what it is about; posts to the patient's current therapist."""
    quoted = context_from_query(request.user, request.GET)
    if quoted is None:
        raise Http404("Nothing to ask about.")
    conversation = current_conversation(request.user)
    form = new_message_form()
    if conversation is not None and request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            send_message(
                conversation=conversation,
                from_patient=True,
                body=form.cleaned_data["body"],
                token=form.cleaned_data["token"],
                context=quoted,
            )
            messages.success(request, "Message sent.")
            return redirect(conversation)
    context = {"conversation": conversation, "form": form, "ask_context": quoted}
    return TemplateResponse(request, "messaging/ask.html", context, status=422 if form.errors else 200)


def current_conversations(patient):
    """The conversations with the therapists the patient shares with now (each made on first use)."""
    return [
        conversation_between(patient=patient, therapist=therapist)
        for therapist in User.objects.filter(client_links__client=patient).distinct().order_by("pk")
        if User.objects.clients_of(therapist).filter(pk=patient.pk).exists()
    ]


def current_conversation(patient):
    """The conversation "Ask about this" writes to: the first therapist the patient shares with."""
    return next(iter(current_conversations(patient)), None)
