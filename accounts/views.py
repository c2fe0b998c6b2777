import hashlib
import logging

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.email_change import (
    EmailChangeError,
    confirm_email_change,
    read_token,
    request_email_change,
    still_valid,
)
from accounts.forms import ProfileForm, SignupForm
from accounts.forms_auth import PasswordChangeForm, SetPasswordForm
from accounts.forms_email import EmailChangeForm
from accounts.forms_security import BackupCodeForm, CodeForm, PasswordConfirmForm
from accounts.mfa import (
    BACKUP_CODE_COUNT,
    after_verification_url,
    backup_codes_left,
    check_backup_code,
    check_code,
    confirm_device,
    confirmed_device,
    forget_devices,
    issue_backup_codes,
    mark_verified,
    needs_mfa,
    pending_device,
    qr_code_svg,
    safe_next,
    secret_for_manual_entry,
    start_setup,
)
from accounts.models import Role, normalise_email
from accounts.privacy import erase_user, export_user_data
from accounts.security import client_ip, end_user_sessions, reset_login_failures
from accounts.services import sign_up

security_log = logging.getLogger("bonehealth.security")


def patient_required(view):
    """Patient pages: staff roles are sent to the admin site, where their work is."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if request.user.role != Role.PATIENT:
            return redirect("admin:index")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_safe
def home(request):
    return render(request, "home.html")


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sign_up(request=request, full_name=data["full_name"], email=data["email"], password=data["password1"])
        # The same answer whether the address was new or had an account (issue #15 item 12); a
        # therapist's invitation link (care) carries on after logging in, through `next`.
        context = {"email": data["email"], "next": safe_next(request)}
        return render(request, "accounts/signup_done.html", context)
    return render(request, "accounts/signup.html", {"form": form}, status=422 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Your details have been saved.")
            return redirect("accounts:profile")
        # The instance was changed by validation: show the stored name in the navigation.
        request.user.refresh_from_db()
    mfa_enabled = confirmed_device(request.user) is not None
    context = {
        "form": form,
        "mfa_enabled": mfa_enabled,
        "backup_codes_left": backup_codes_left(request.user) if mfa_enabled else None,
        "backup_code_count": BACKUP_CODE_COUNT,
    }
    return render(request, "accounts/profile.html", context, status=422 if form.errors else 200)


# --- logging out and changing the email address (helper account, issue #16 / #15 item 10) -----------


class LogoutView(auth_views.LogoutView):
    """Django's logout (POST only), and the page it lands on says so."""

    def post(self, request, *args, **kwargs):
        was_logged_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_logged_in:
            # Added after logout() flushed the session, so the message survives it.
            messages.success(request, "You have logged out.")
        return response


EMAIL_LINK_PROBLEMS = {
    "expired": "This link has expired: links to confirm a new email address work for a day.",
    "invalid": "This link is not complete or not right. Copy the whole link from the email.",
    "used": "This link has already been used, or your password or email address changed since it was sent.",
    "taken": "Another account now uses this email address, so it cannot be yours as well.",
}


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def email_change(request):
    """Ask to change the email address: the current password, then a link to the new address
    (accounts.email_change). Nothing changes until the link is opened."""
    form = EmailChangeForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["new_email"]
        request_email_change(request, user=request.user, new_email=new_email)
        security_log.info("email change asked for user_id=%s", request.user.pk)
        messages.success(
            request,
            f"We have sent a link to {new_email}. Open it to confirm the change. Until then, "
            f"your email address stays {request.user.email}.",
        )
        return redirect("accounts:profile")
    return render(
        request, "registration/email_change_form.html", {"form": form}, status=422 if form.errors else 200
    )


def get_email_change_for_user(request, token):
    """The change a link asks for, when it is the requesting user's own link; another
    account's link is a 404 like a missing page. A broken or expired link: (None, reason)."""
    try:
        change, fingerprint = read_token(token)
    except EmailChangeError as problem:
        return None, None, problem.reason
    if change.user_id != request.user.pk:
        raise Http404("Not your link.")
    if not still_valid(request.user, fingerprint):
        return None, None, "used"
    return change, fingerprint, None


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def email_change_confirm(request, token):
    """The link from the email: a page with one button (mail scanners open links, so a GET
    changes nothing); the POST changes the address."""
    change, fingerprint, problem = get_email_change_for_user(request, token)
    if problem is None and request.method == "POST":
        try:
            old_email = confirm_email_change(user=request.user, change=change, fingerprint=fingerprint)
        except EmailChangeError as error:
            problem = error.reason
        else:
            security_log.info("email changed user_id=%s", request.user.pk)
            messages.success(request, f"Your email address is now {request.user.email} (it was {old_email}).")
            return redirect("accounts:profile")
    context = {"change": change, "problem": EMAIL_LINK_PROBLEMS.get(problem)}
    return render(request, "registration/email_change_confirm.html", context, status=400 if problem else 200)


# --- password change: the other sessions end -------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def password_change(request):
    """Django's password change, plus: every other session of the user ends on the server
    (Django's session hash check would only refuse them on their next request)."""
    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # keeps this session, under a new key
        end_user_sessions(user, keep_session_key=request.session.session_key)
        security_log.info("password changed user_id=%s", user.pk)
        return redirect("accounts:password_change_done")
    return render(
        request, "registration/password_change_form.html", {"form": form}, status=422 if form.errors else 200
    )


# Password-reset emails: at most this many per address and per client IP address in an hour
# (issue #15 item 12). Over the limit the page answers as if the email went, so the limit tells
# nobody whether the address has an account; the address owner's inbox stays quiet.
PASSWORD_RESETS_PER_ADDRESS = 3
PASSWORD_RESETS_PER_IP = 10
PASSWORD_RESET_WINDOW_SECONDS = 3600


def _under_limit(key, limit):
    """Count one use of `key` in the current window; False once `limit` is passed."""
    cache.add(key, 0, PASSWORD_RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, PASSWORD_RESET_WINDOW_SECONDS)
        return True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, rate-limited per address and per client IP address."""

    def form_valid(self, form):
        email = normalise_email(form.cleaned_data["email"])
        address_key = "password-reset:email:" + hashlib.sha256(email.encode()).hexdigest()
        ip_key = f"password-reset:ip:{client_ip(self.request) or '-'}"
        ip_ok = _under_limit(ip_key, PASSWORD_RESETS_PER_IP)
        address_ok = _under_limit(address_key, PASSWORD_RESETS_PER_ADDRESS)
        if ip_ok and address_ok:
            return super().form_valid(form)
        security_log.warning("password reset rate-limited ip=%s", client_ip(self.request) or "-")
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view; a new password also lifts a login lockout (the lockout page offers the
    reset as the way out) and ends every session that used the old password."""

    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_login_failures(form.user.email)
        end_user_sessions(form.user)
        security_log.info("password reset user_id=%s", form.user.pk)
        return response


# --- two-step verification ---------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def mfa_setup(request):
    """Turn on two-step verification: the password again, then the QR code (and the secret for
    typing in) of a new device, shown to this session only; a code confirms it."""
    if confirmed_device(request.user) is not None:
        if request.user.is_verified():
            messages.info(request, "Two-step verification is already on.")
            return redirect(after_verification_url(request))
        return redirect(f"{reverse('accounts:mfa_verify')}?{request.GET.urlencode()}")
    device = pending_device(request)
    if device is None:
        return mfa_setup_password_step(request)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        error = check_code(device, form.cleaned_data["code"])
        if error is None:
            confirm_device(request, device)
            mark_verified(request, device)
            end_user_sessions(request.user, keep_session_key=request.session.session_key)
            security_log.info("two-step verification turned on user_id=%s", request.user.pk)
            messages.success(
                request, "Two-step verification is on. You will enter a code each time you log in."
            )
            # Shown once, in this response (no-store, like every logged-in page), never stored.
            return backup_codes_page(request, issue_backup_codes(request.user), first_time=True)
        form.add_error("code", error)
    context = {
        "form": form,
        "step": "code",
        "qr_code_svg": qr_code_svg(device),
        "secret": secret_for_manual_entry(device),
        "next": safe_next(request),
        "required": needs_mfa(request.user),
    }
    return render(request, "accounts/mfa_setup.html", context, status=422 if form.errors else 200)


def mfa_setup_password_step(request):
    """The first step of mfa_setup: the current password, then a new device for this session."""
    form = PasswordConfirmForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        start_setup(request)
        security_log.info("two-step verification set-up started user_id=%s", request.user.pk)
        return redirect(request.get_full_path())
    context = {
        "form": form,
        "step": "password",
        "next": safe_next(request),
        "required": needs_mfa(request.user),
    }
    return render(request, "accounts/mfa_setup.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def mfa_verify(request):
    """Ask for a code from the confirmed device; the session is then verified."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:mfa_setup')}?{request.GET.urlencode()}")
    if request.user.is_verified():
        return redirect(after_verification_url(request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        error = check_code(device, form.cleaned_data["code"])
        if error is None:
            mark_verified(request, device)
            security_log.info("two-step verification passed user_id=%s", request.user.pk)
            return redirect(after_verification_url(request))
        security_log.warning("two-step verification failed user_id=%s", request.user.pk)
        form.add_error("code", error)
    context = {"form": form, "next": safe_next(request)}
    return render(request, "accounts/mfa_verify.html", context, status=422 if form.errors else 200)


def backup_codes_page(request, codes, *, first_time=False):
    context = {"codes": codes, "first_time": first_time, "continue_url": after_verification_url(request)}
    return render(request, "accounts/mfa_backup_codes.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def mfa_backup_verify(request):
    """Pass two-step verification with a backup code instead of the app's code (a lost phone).
    Each code works once; wrong codes count against the same throttle as wrong app codes."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:mfa_setup')}?{request.GET.urlencode()}")
    if request.user.is_verified():
        return redirect(after_verification_url(request))
    form = BackupCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        error = check_backup_code(device, request.user, form.cleaned_data["code"])
        if error is None:
            mark_verified(request, device)
            left = backup_codes_left(request.user)
            security_log.info("two-step verification passed with a backup code user_id=%s", request.user.pk)
            advice = " Make a new set on your details page soon." if left <= 3 else ""
            messages.warning(
                request, f"You used a backup code. {left} of {BACKUP_CODE_COUNT} are left.{advice}"
            )
            return redirect(after_verification_url(request))
        security_log.warning("two-step verification failed (backup code) user_id=%s", request.user.pk)
        form.add_error("code", error)
    context = {"form": form, "next": safe_next(request)}
    return render(request, "accounts/mfa_backup_verify.html", context, status=422 if form.errors else 200)


@require_POST
@login_required
def mfa_backup_codes(request):
    """A new set of backup codes (the old set stops working), for a session that has passed
    two-step verification."""
    if confirmed_device(request.user) is None or not request.user.is_verified():
        messages.error(request, "Backup codes come with two-step verification: turn it on first.")
        return redirect(reverse("accounts:profile") + "#two-step")
    return backup_codes_page(request, issue_backup_codes(request.user))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def mfa_disable(request):
    """Turn two-step verification off after re-entering the password (not for staff roles,
    who must keep it)."""
    if needs_mfa(request.user):
        messages.error(request, "Two-step verification is required for your role and cannot be turned off.")
        return redirect("accounts:profile")
    if confirmed_device(request.user) is None:
        return redirect("accounts:profile")
    form = PasswordConfirmForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        forget_devices(request, request.user)
        security_log.info("two-step verification turned off user_id=%s", request.user.pk)
        messages.success(request, "Two-step verification is off.")
        return redirect("accounts:profile")
    return render(request, "accounts/mfa_disable.html", {"form": form}, status=422 if form.errors else 200)


# --- your data: export and account deletion ---------------------------------------------------------


@require_safe
@patient_required
def data_export(request):
    """Everything stored about the patient, as a JSON download."""
    data = export_user_data(request.user)
    security_log.info("data exported user_id=%s", request.user.pk)
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
    filename = f"bone-health-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@patient_required
def delete_account(request):
    """Delete the account and every row about the patient, after the password is re-entered."""
    form = PasswordConfirmForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        user_id = user.pk
        end_user_sessions(user, keep_session_key=request.session.session_key)
        logout(request)
        erase_user(user)
        security_log.info("account deleted user_id=%s", user_id)
        messages.success(request, "Your account and all your data have been deleted.")
        return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form}, status=422 if form.errors else 200)
