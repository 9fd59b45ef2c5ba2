from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.report, name="report"),
    path("status/", views.lookup, name="lookup"),
    path("status/<str:tracking_number>/", views.status, name="status"),
    path("status/<str:tracking_number>/confirm/", views.confirm_view, name="confirm"),
    path("status/<str:tracking_number>/reopen/", views.reopen_view, name="reopen"),
    path("photos/<uuid:key>/", views.photo, name="photo"),
    path("cases/", views.resolved_cases, name="cases"),
]
