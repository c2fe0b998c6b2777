from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import ProfileForm, SignupForm
from accounts.models import Role


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


@require_GET
def home(request):
    return render(request, "home.html")


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Your account is ready.")
        return redirect("accounts:dashboard")
    return render(request, "accounts/signup.html", {"form": form}, status=422 if form.errors else 200)


@require_GET
@patient_required
def dashboard(request):
    from accounts.dashboard import dashboard_context

    context = dashboard_context(request)
    return render(request, "accounts/dashboard.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Your details have been saved.")
            return redirect("accounts:profile")
        # The instance was changed by validation: show the stored name in the navigation.
        request.user.refresh_from_db()
    return render(request, "accounts/profile.html", {"form": form}, status=422 if form.errors else 200)
