"""My summary (a one-page printable summary for a doctor or therapist), the questions for my
doctor kept on it, and my bone plan (the practical steps of the series' last lesson with the
patient's goals)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.views import patient_required
from summary.forms import DoctorQuestionForm, PeriodForm
from summary.models import QUESTIONS_PER_PATIENT, DoctorQuestion
from summary.plan import bone_plan_context
from summary.report import summary_context

QUESTIONS_ANCHOR = "#questions"


def get_question_for_user(request, pk) -> DoctorQuestion:
    """The requesting patient's own question; anyone else's id is a 404."""
    return get_object_or_404(DoctorQuestion.objects.for_patient(request.user), pk=pk)


def _summary_url():
    return reverse("summary:summary") + QUESTIONS_ANCHOR


@require_safe
@patient_required
def my_summary(request):
    """The summary for the period in the query string (?days=&ending=); bad input keeps the
    default period and says what was wrong beside the field."""
    today = timezone.localdate()
    form = PeriodForm(request.GET if request.GET else None, today=today)
    days, ending = 30, today
    if form.is_bound and form.is_valid():
        days, ending = form.cleaned_data["days"], form.cleaned_data["ending"]
    context = summary_context(request.user, days=days, ending=ending)
    context.update(
        form=form,
        question_form=DoctorQuestionForm(patient=request.user),
        questions_limit=QUESTIONS_PER_PATIENT,
        today=today,
    )
    return render(request, "summary/summary.html", context, status=422 if form.errors else 200)


def _question_page(request, form, question=None):
    context = {"form": form, "question": question}
    return render(request, "summary/question_form.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@patient_required
def question_add(request):
    form = DoctorQuestionForm(request.POST if request.method == "POST" else None, patient=request.user)
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        question.patient = request.user
        question.save()
        messages.success(request, "Your question has been added to your summary.")
        return redirect(_summary_url())
    return _question_page(request, form)


@require_http_methods(["GET", "HEAD", "POST"])
@patient_required
def question_edit(request, pk):
    question = get_question_for_user(request, pk)
    form = DoctorQuestionForm(
        request.POST if request.method == "POST" else None, instance=question, patient=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your question has been changed.")
        return redirect(_summary_url())
    return _question_page(request, form, question)


@require_http_methods(["GET", "HEAD", "POST"])
@patient_required
def question_delete(request, pk):
    question = get_question_for_user(request, pk)
    if request.method == "POST":
        question.delete()
        messages.success(request, "Your question has been removed.")
        return redirect(_summary_url())
    return render(request, "summary/question_confirm_delete.html", {"question": question})


@require_safe
@patient_required
def bone_plan(request):
    return render(request, "summary/bone_plan.html", bone_plan_context(request.user))
