from django.urls import path

from apps.accounts import github, views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.account_settings, name="settings"),
    path("settings/sessions/end-others/", views.sessions_end_others, name="sessions-end-others"),
    path("settings/export/", views.data_export, name="data-export"),
    path("settings/delete/", views.account_delete, name="delete"),
    # allauth's own session list lives here too; ours (in the settings page) replaces it.
    path("sessions/", views.sessions_redirect, name="sessions"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/recovery-codes/", views.recovery_codes_regenerate, name="recovery-codes"),
    path("two-factor/enrol/<str:token>/", views.two_factor_enrol, name="two-factor-enrol"),
    # In front of allauth's GitHub views (same paths): a 404 when GitHub is not set up.
    path("github/login/", github.github_login, name="github-login"),
    path("github/login/callback/", github.github_callback, name="github-callback"),
]
