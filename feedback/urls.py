from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.report, name="report"),
    path("station/", views.station_preview, name="station_preview"),
    path("status/", views.lookup, name="lookup"),
    path("status/<str:tracking_number>/", views.status, name="status"),
    path("status/<str:tracking_number>/confirm/", views.confirm_view, name="confirm"),
    path("status/<str:tracking_number>/reopen/", views.reopen_view, name="reopen"),
    path("s/<str:token>/", views.status_link, name="status_link"),
    path("photos/<uuid:key>/", views.photo, name="photo"),
    path("photos/<uuid:key>/thumb/", views.photo, {"size": "thumb"}, name="photo_thumb"),
    path("cases/", views.resolved_cases, name="cases"),
]
