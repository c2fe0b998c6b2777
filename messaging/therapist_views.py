"""The therapist's side of a client's conversation (issue #20), a workspace page in the admin
site: read, reply, mark handled, set the expected reply time. Reached only for one of
`User.objects.clients_of(therapist)` (else a 404); every request is written to the access log."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.admin_scoping import log_client_access
from accounts.models import AccessAction
from care.access import therapist_required
from care.views import page_context
from messaging.access import get_client_conversation_for_therapist
from messaging.forms import MessageForm, ReplyTimeForm
from messaging.models import Conversation
from messaging.services import mark_read, send_message, set_handled
from messaging.views import conversation_messages, new_message_form


@require_http_methods(["GET", "HEAD", "POST"])
@therapist_required
def client_conversation(request, client_id):
    client, conversation = get_client_conversation_for_therapist(request, client_id)
    log_client_access(request, [client.pk], AccessAction.VIEW)
    form, reply_time_form, status = (
        new_message_form(),
        ReplyTimeForm(initial={"reply_time": conversation.reply_time}),
        200,
    )
    if request.method == "POST" and "reply_time" in request.POST:
        reply_time_form = ReplyTimeForm(request.POST)
        if reply_time_form.is_valid():
            Conversation.objects.filter(pk=conversation.pk).update(**reply_time_form.cleaned_data)
            messages.success(request, "Expected reply time saved.")
            return redirect("admin:messaging_client_conversation", client.pk)
        status = 422
    elif request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            send_message(
                conversation=conversation,
                from_patient=False,
                body=form.cleaned_data["body"],
                token=form.cleaned_data["token"],
            )
            messages.success(request, "Reply sent.")
            return redirect("admin:messaging_client_conversation", client.pk)
        status = 422
    mark_read(conversation=conversation, reader_is_patient=False)
    context = page_context(
        request,
        f"Messages: {client.full_name or client.email}",
        client=client,
        conversation=conversation,
        page=conversation_messages(conversation, request.GET.get("page")),
        form=form,
        reply_time_form=reply_time_form,
    )
    return TemplateResponse(request, "messaging/therapist_conversation.html", context, status=status)


@require_POST
@therapist_required
def mark_handled(request, client_id):
    client, conversation = get_client_conversation_for_therapist(request, client_id)
    handled = request.POST.get("handled") != "0"
    set_handled(conversation=conversation, handled=handled)
    messages.success(request, "Marked as handled." if handled else "Marked as needing a reply.")
    return redirect("admin:messaging_client_conversation", client.pk)
