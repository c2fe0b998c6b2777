from django.urls import path

from education import feedback, quiz_views, views

app_name = "education"

# The series and its lessons (education/views.py).
urlpatterns = [
    path("", views.series_overview, name="series"),
    path("<slug:slug>/", views.lesson_detail, name="lesson"),
    path("<slug:slug>/progress/", views.lesson_progress, name="lesson_progress"),
    # editors (issue #19): "Was this section clear?" (education/feedback.py).
    path("<slug:slug>/feedback/", feedback.section_feedback, name="section_feedback"),
]

# Quizzes (education/quiz_views.py).
urlpatterns += [
    path("<slug:slug>/quiz/", quiz_views.quiz, name="quiz"),
    path("<slug:slug>/quiz/start/", quiz_views.quiz_start, name="quiz_start"),
    path("<slug:slug>/quiz/attempts/<int:pk>/", quiz_views.attempt, name="attempt"),
    path(
        "<slug:slug>/quiz/attempts/<int:pk>/questions/<int:position>/",
        quiz_views.attempt_question,
        name="attempt_question",
    ),
    path("<slug:slug>/quiz/attempts/<int:pk>/submit/", quiz_views.attempt_submit, name="attempt_submit"),
    path("<slug:slug>/quiz/attempts/<int:pk>/result/", quiz_views.attempt_result, name="attempt_result"),
]
