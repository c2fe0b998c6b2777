from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import dashboard, sharing_views, views
from accounts.forms_auth import LoginForm, PasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("sharing/", sharing_views.sharing, name="sharing"),
    path("sharing/grant/", sharing_views.sharing_grant, name="sharing_grant"),
    path("sharing/<int:pk>/revoke/", sharing_views.sharing_revoke, name="sharing_revoke"),
    path("two-step/", views.mfa_setup, name="mfa_setup"),
    path("two-step/verify/", views.mfa_verify, name="mfa_verify"),
    path("two-step/backup-code/", views.mfa_backup_verify, name="mfa_backup_verify"),
    path("two-step/backup-codes/", views.mfa_backup_codes, name="mfa_backup_codes"),
    path("two-step/turn-off/", views.mfa_disable, name="mfa_disable"),
    path("my-data/download/", views.data_export, name="data_export"),
    path("delete/", views.delete_account, name="delete_account"),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("email/change/", views.email_change, name="email_change"),
    path("email/confirm/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
    path("password/change/", views.password_change, name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
