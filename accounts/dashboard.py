"""The patient dashboard gathers what each app has to show a patient.

Each app contributes through a module ``<app>.dashboard`` with a list
``DASHBOARD_PANELS`` (templates to include, in order) and a function
``dashboard_context(request)`` returning the context those templates need.
The apps stay independent and the dashboard view stays small.
"""

from importlib import import_module

# An app name means its "<app>.dashboard" module; a dotted name is a module of its own.
# "notifications": the notices panel (issue #17, helper tasks).
DASHBOARD_APPS = ["notifications", "education.assignment_panel", "education", "tracker"]


def dashboard_context(request):
    context = {"dashboard_panels": []}
    for app in DASHBOARD_APPS:
        module_name = app if "." in app else f"{app}.dashboard"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        context.update(module.dashboard_context(request))
        context["dashboard_panels"].extend(module.DASHBOARD_PANELS)
    return context
