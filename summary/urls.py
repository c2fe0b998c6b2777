from django.urls import path

from summary import views

app_name = "summary"

urlpatterns = [
    path("summary/", views.my_summary, name="summary"),
    path("summary/questions/add/", views.question_add, name="question_add"),
    path("summary/questions/<int:pk>/", views.question_edit, name="question_edit"),
    path("summary/questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("bone-plan/", views.bone_plan, name="bone_plan"),
]
