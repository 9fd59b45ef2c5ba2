"""The account page and allauth's pages, all under /accounts/ (no namespace: allauth's
URL names such as account_login are used as they are)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("profile/", views.profile, name="account_profile"),
    path("profile/data.json", views.download_data, name="account_data"),
    path("profile/delete/", views.delete_account, name="account_delete"),
    # allauth's own TOTP enrolment, wrapped so that staff land where they were going.
    path("2fa/totp/activate/", views.activate_totp, name="mfa_activate_totp"),
    path("2fa/continue/", views.continue_after_enrolment, name="mfa_continue"),
    path("", include("allauth.urls")),
]
